#include "services/security_risk/domain/risk.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/security_risk/domain/hawkes.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date D(absl::string_view text) {
  absl::StatusOr<Date> date = ParseDate(text);
  EXPECT_THAT(date, IsOk()) << text;
  return date.ok() ? *date : Date{};
}

Incident MakeIncident(absl::string_view date, absl::string_view province,
                      std::optional<int> fatalities = std::nullopt) {
  Incident incident;
  incident.date = D(date);
  incident.location.country_code = "PAK";
  incident.location.province = std::string(province);
  incident.fatalities_total = fatalities;
  return incident;
}

Incident IncidentOnDay(int64_t day_number, absl::string_view province) {
  Incident incident;
  incident.date = DateFromDayNumber(day_number);
  incident.location.country_code = "PAK";
  incident.location.province = std::string(province);
  return incident;
}

// Returns incidents at the simulated days of a Hawkes process (times
// rounded down to days) starting on `start`.
std::vector<Incident> SimulatedIncidents(const HawkesParams& params,
                                         double days, uint64_t seed,
                                         const Date& start,
                                         absl::string_view province) {
  std::vector<Incident> incidents;
  absl::StatusOr<std::vector<double>> times =
      SimulateHawkes(params, days, seed);
  EXPECT_THAT(times, IsOk());
  if (!times.ok()) return incidents;
  for (double t : *times) {
    incidents.push_back(IncidentOnDay(
        DateSortKey(start) + static_cast<int64_t>(std::floor(t)), province));
  }
  return incidents;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

const RegionRisk* FindProvince(const RiskAssessment& assessment,
                               absl::string_view name) {
  for (const RegionRisk& risk : assessment.provinces) {
    if (risk.province == name) return &risk;
  }
  return nullptr;
}

// (f) Province normalisation.
TEST(NormalizeProvinceNameTest, TakesTheCurrentNameAndTrims) {
  EXPECT_EQ(NormalizeProvinceName("FATA (now Khyber Pakhtunkhwa)"),
            "Khyber Pakhtunkhwa");
  EXPECT_EQ(NormalizeProvinceName("NWFP (now Khyber Pakhtunkhwa)"),
            "Khyber Pakhtunkhwa");
  EXPECT_EQ(NormalizeProvinceName("  Sindh \t"), "Sindh");
  EXPECT_EQ(NormalizeProvinceName("FATA (Now  part of Khyber Pakhtunkhwa )"),
            "Khyber Pakhtunkhwa");
  EXPECT_EQ(NormalizeProvinceName("Balochistan"), "Balochistan");
  EXPECT_EQ(NormalizeProvinceName("Tribal areas (now)"), "Tribal areas (now)");
  EXPECT_EQ(NormalizeProvinceName("Gilgit (nowhere)"), "Gilgit (nowhere)");
  EXPECT_EQ(NormalizeProvinceName(""), "");
}

TEST(AssessRiskTest, FormerProvinceNamesCountForTheCurrentProvince) {
  const std::vector<Incident> incidents = {
      MakeIncident("2004-10-09", "FATA (now Khyber Pakhtunkhwa)"),
      MakeIncident("2007-07-08", "NWFP (now Khyber Pakhtunkhwa)"),
      MakeIncident("2021-07-14", "Khyber Pakhtunkhwa"),
      MakeIncident("2022-04-26", " Sindh"),
  };
  RiskRequest request;
  request.as_of_date = D("2025-01-01");
  request.simulation_draws = 100;
  absl::StatusOr<RiskAssessment> risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  ASSERT_EQ(risk->provinces.size(), 2u);
  const RegionRisk* kp = FindProvince(*risk, "Khyber Pakhtunkhwa");
  ASSERT_NE(kp, nullptr);
  EXPECT_EQ(kp->incident_count, 3);
  ASSERT_TRUE(kp->last_incident_date.has_value());
  EXPECT_EQ(*kp->last_incident_date, D("2021-07-14"));
  EXPECT_NE(FindProvince(*risk, "Sindh"), nullptr);
  EXPECT_EQ(risk->country.incident_count, 4);
  EXPECT_TRUE(risk->country.whole_country);
  EXPECT_EQ(risk->country.province, "");

  // Requests are normalised and matched case-insensitively.
  request.provinces = {"khyber pakhtunkhwa", "FATA (now Khyber Pakhtunkhwa)"};
  risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  ASSERT_EQ(risk->provinces.size(), 1u);
  EXPECT_EQ(risk->provinces[0].province, "Khyber Pakhtunkhwa");
  EXPECT_EQ(risk->provinces[0].incident_count, 3);
}

// Dates of coarser precision sit in the middle of their month or year.
TEST(PlacedDayNumberTest, UsesTheDayOrTheMiddleOfTheMonthOrYear) {
  EXPECT_EQ(PlacedDayNumber(D("2023-07-05")), DateSortKey(D("2023-07-05")));
  EXPECT_EQ(PlacedDayNumber(D("2023-07")), DateSortKey(D("2023-07-16")));
  EXPECT_EQ(PlacedDayNumber(D("2023-06")), DateSortKey(D("2023-06-15")));
  EXPECT_EQ(PlacedDayNumber(D("2023-02")), DateSortKey(D("2023-02-14")));
  EXPECT_EQ(PlacedDayNumber(D("2024-02")), DateSortKey(D("2024-02-15")));
  EXPECT_EQ(PlacedDayNumber(D("2023")), DateSortKey(D("2023-07-02")));
  EXPECT_EQ(PlacedDayNumber(D("2024")), DateSortKey(D("2024-07-01")));
}

// (e) Decayed severity, by hand.
TEST(DecayedSeverityTest, MatchesHandComputedIndex) {
  const std::vector<Incident> incidents = {
      // 365 days before the as-of date, 3 killed: (1 + ln 4)·2^−1.
      MakeIncident("2023-01-01", "Sindh", 3),
      // Placed on 2023-07-16, 169 days before, none killed: 2^(−169/365).
      MakeIncident("2023-07", "Sindh", 0),
      // On the as-of date, fatalities unknown (count as 0): 1.
      MakeIncident("2024-01-01", "Balochistan"),
      // After the as-of date: ignored.
      MakeIncident("2024-01-02", "Balochistan", 100),
  };
  const double expected =
      (1 + std::log(4.0)) * 0.5 + std::exp2(-169.0 / 365.0) + 1.0;
  absl::StatusOr<double> severity =
      DecayedSeverity(incidents, D("2024-01-01"), 365.0);
  ASSERT_THAT(severity, IsOk());
  EXPECT_NEAR(*severity, expected, 1e-12);

  // A shorter half-life: 2^(−365/100) etc.
  severity = DecayedSeverity(incidents, D("2024-01-01"), 100.0);
  ASSERT_THAT(severity, IsOk());
  EXPECT_NEAR(*severity,
              (1 + std::log(4.0)) * std::exp2(-3.65) + std::exp2(-1.69) + 1.0,
              1e-12);

  // AssessRisk reports the same index per region.
  RiskRequest request;
  request.as_of_date = D("2024-01-01");
  request.simulation_draws = 100;
  absl::StatusOr<RiskAssessment> risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  EXPECT_NEAR(risk->country.decayed_severity, expected, 1e-12);
  const RegionRisk* sindh = FindProvince(*risk, "Sindh");
  ASSERT_NE(sindh, nullptr);
  EXPECT_NEAR(sindh->decayed_severity,
              (1 + std::log(4.0)) * 0.5 + std::exp2(-169.0 / 365.0), 1e-12);
  ASSERT_TRUE(sindh->last_incident_date.has_value());
  EXPECT_EQ(*sindh->last_incident_date, D("2023-07"));

  EXPECT_THAT(DecayedSeverity(incidents, D("2024-01-01"), 0.0),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RiskLevelTest, ThresholdsAreInclusiveLowerBounds) {
  const RiskThresholds thresholds;  // 0.25, 0.5, 0.75
  EXPECT_EQ(RiskLevelFor(0.0, thresholds), RiskLevel::kLow);
  EXPECT_EQ(RiskLevelFor(0.2499, thresholds), RiskLevel::kLow);
  EXPECT_EQ(RiskLevelFor(0.25, thresholds), RiskLevel::kModerate);
  EXPECT_EQ(RiskLevelFor(0.5, thresholds), RiskLevel::kHigh);
  EXPECT_EQ(RiskLevelFor(0.75, thresholds), RiskLevel::kSevere);
  EXPECT_EQ(RiskLevelFor(1.0, thresholds), RiskLevel::kSevere);
  EXPECT_THAT(ValidateRiskThresholds(thresholds), IsOk());
  absl::Status bad = ValidateRiskThresholds(RiskThresholds{0.3, 0.3, 0.9});
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Fields(bad), ElementsAre("thresholds.high_probability"));
  bad = ValidateRiskThresholds(RiskThresholds{0.0, 0.5, 1.0});
  EXPECT_THAT(Fields(bad), ElementsAre("thresholds.moderate_probability",
                                       "thresholds.severe_probability"));
}

// (g) Fallback rules and their reasons.
TEST(AssessRiskTest, TinyCountryFallsBackToPoisson) {
  const std::vector<Incident> incidents = {
      MakeIncident("2020-01-10", "Sindh"),
      MakeIncident("2021-03-01", "Sindh"),
      MakeIncident("2022-06-01", "Balochistan"),
  };
  RiskRequest request;
  request.as_of_date = D("2022-12-31");
  request.horizon_days = 365;
  request.simulation_draws = 2000;
  absl::StatusOr<RiskAssessment> risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  const RegionRisk& country = risk->country;
  EXPECT_EQ(country.fit.model, RiskModel::kPoisson);
  EXPECT_EQ(country.model_reason,
            "Constant-rate Poisson: 3 incidents, fewer than the 5 needed for "
            "a Hawkes fit.");
  EXPECT_FALSE(country.fit.alpha.has_value());
  EXPECT_FALSE(country.fit.beta_per_day.has_value());
  // Window 2020-01-10 .. 2022-12-31: 1,087 days.
  const double window = 1087.0;
  EXPECT_EQ(country.fit.fit_start_date, D("2020-01-10"));
  EXPECT_EQ(country.fit.fit_end_date, D("2022-12-31"));
  EXPECT_DOUBLE_EQ(country.fit.mu_per_day.estimate, 3 / window);
  EXPECT_DOUBLE_EQ(country.intensity_per_day, 3 / window);
  EXPECT_NEAR(country.expected_count, 365 * 3 / window, 1e-12);
  EXPECT_NEAR(country.probability_at_least_one, 1 - std::exp(-365 * 3 / window),
              1e-12);
  EXPECT_NEAR(country.fit.aic, 2 - 2 * (3 * std::log(3 / window) - 3), 1e-9);
  EXPECT_EQ(country.risk_level, RiskLevel::kHigh);  // 0.635

  const RegionRisk* sindh = FindProvince(*risk, "Sindh");
  ASSERT_NE(sindh, nullptr);
  EXPECT_EQ(sindh->fit.model, RiskModel::kPoisson);
  EXPECT_EQ(sindh->model_reason,
            "Constant-rate Poisson: 2 incidents, fewer than 5, and the "
            "country model is itself a constant-rate Poisson.");
  // Provinces share the country's window.
  EXPECT_DOUBLE_EQ(sindh->fit.mu_per_day.estimate, 2 / window);
  EXPECT_EQ(sindh->fit.fit_start_date, D("2020-01-10"));
  // Descending probability.
  EXPECT_EQ(risk->provinces[0].province, "Sindh");
  EXPECT_EQ(risk->provinces[1].province, "Balochistan");

  // The simulation agrees with the closed form within sampling error.
  const double p = country.probability_at_least_one;
  ASSERT_TRUE(country.simulated_probability_at_least_one.has_value());
  EXPECT_THAT(*country.simulated_probability_at_least_one,
              DoubleNear(p, 4 * std::sqrt(p * (1 - p) / 2000)));
  EXPECT_EQ(country.expected_count_range.draws, 2000);
  EXPECT_EQ(country.expected_count_range.confidence_level, 0.90);
  EXPECT_EQ(country.expected_count_range.method, IntervalMethod::kMonteCarlo);
  EXPECT_EQ(country.expected_count_range.lower, 0.0);
}

TEST(AssessRiskTest, FewIncidentsInAProvinceUsePooledCountryParameters) {
  // A strongly clustered history in Sindh, three incidents in Balochistan.
  std::vector<Incident> incidents =
      SimulatedIncidents(HawkesParams{0.01, 0.7, 0.1}, 4000.0, /*seed=*/17,
                         D("2010-01-01"), "Sindh");
  incidents.push_back(MakeIncident("2012-03-01", "Balochistan"));
  incidents.push_back(MakeIncident("2015-03-01", "Balochistan"));
  incidents.push_back(MakeIncident("2020-03-01", "Balochistan"));
  RiskRequest request;
  request.as_of_date = DateFromDayNumber(DateSortKey(D("2010-01-01")) + 3999);
  request.simulation_draws = 1000;
  request.provinces = {"Balochistan", "Sindh", "Punjab"};
  absl::StatusOr<RiskAssessment> risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  const RegionRisk& country = risk->country;
  ASSERT_EQ(country.fit.model, RiskModel::kHawkes) << country.model_reason;
  EXPECT_THAT(country.model_reason, HasSubstr("Own Hawkes fit on "));
  EXPECT_THAT(country.model_reason,
              HasSubstr("is lower than the constant-rate Poisson's"));
  ASSERT_TRUE(country.fit.alpha.has_value());
  ASSERT_TRUE(country.fit.beta_per_day.has_value());
  EXPECT_TRUE(country.fit.converged);

  const RegionRisk* balochistan = FindProvince(*risk, "Balochistan");
  ASSERT_NE(balochistan, nullptr);
  EXPECT_EQ(balochistan->fit.model, RiskModel::kPooledHawkes);
  const int n = country.incident_count;
  EXPECT_EQ(balochistan->model_reason,
            "Pooled Hawkes: 3 incidents, fewer than 5, so the country's alpha "
            "and beta are used with mu scaled to the province's share (3 of " +
                std::to_string(n) + " incidents).");
  EXPECT_DOUBLE_EQ(balochistan->fit.mu_per_day.estimate,
                   country.fit.mu_per_day.estimate * 3 / n);
  ASSERT_TRUE(balochistan->fit.alpha.has_value());
  EXPECT_EQ(balochistan->fit.alpha->estimate, country.fit.alpha->estimate);
  EXPECT_EQ(balochistan->fit.beta_per_day->estimate,
            country.fit.beta_per_day->estimate);
  EXPECT_EQ(balochistan->fit.incident_count, 3);

  // A requested province without incidents: rate 0, said plainly.
  const RegionRisk* punjab = FindProvince(*risk, "Punjab");
  ASSERT_NE(punjab, nullptr);
  EXPECT_EQ(punjab->incident_count, 0);
  EXPECT_EQ(punjab->probability_at_least_one, 0.0);
  EXPECT_THAT(punjab->model_reason, HasSubstr("no evidence, not no risk"));
  EXPECT_FALSE(punjab->last_incident_date.has_value());

  // Requesting Poisson overrides the choice everywhere.
  request.model = RiskModel::kPoisson;
  risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  EXPECT_EQ(risk->country.fit.model, RiskModel::kPoisson);
  EXPECT_EQ(risk->country.model_reason, "Constant-rate Poisson, as requested.");
  for (const RegionRisk& province : risk->provinces) {
    EXPECT_EQ(province.fit.model, RiskModel::kPoisson);
  }
}

TEST(AssessRiskTest, RegularIncidentsDoNotEarnAHawkesModel) {
  // One incident every 60 days: no clustering at all.
  std::vector<Incident> incidents;
  const int64_t start = DateSortKey(D("2015-01-01"));
  for (int i = 0; i < 40; ++i) {
    incidents.push_back(IncidentOnDay(start + 60 * i, "Sindh"));
  }
  RiskRequest request;
  request.as_of_date = DateFromDayNumber(start + 60 * 40);
  request.simulation_draws = 100;
  absl::StatusOr<RiskAssessment> risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  EXPECT_EQ(risk->country.fit.model, RiskModel::kPoisson);
  EXPECT_THAT(risk->country.model_reason,
              HasSubstr("Constant-rate Poisson: the Hawkes fit on 40 "
                        "incidents converged but its AIC"));
  EXPECT_THAT(risk->country.model_reason,
              HasSubstr("is not lower than the Poisson's"));
}

// (i) Reproducibility and no look-ahead.
TEST(AssessRiskTest, SameSeedSameAnswerAndNoLookAhead) {
  std::vector<Incident> incidents =
      SimulatedIncidents(HawkesParams{0.01, 0.6, 0.05}, 3000.0, /*seed=*/5,
                         D("2015-01-01"), "Balochistan");
  incidents.push_back(MakeIncident("2016-05-01", "Sindh", 4));
  RiskRequest request;
  request.as_of_date = DateFromDayNumber(DateSortKey(D("2015-01-01")) + 3000);
  request.simulation_draws = 3000;
  request.seed = 77;
  absl::StatusOr<RiskAssessment> first = AssessRisk(incidents, request);
  absl::StatusOr<RiskAssessment> second = AssessRisk(incidents, request);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());

  auto same = [](const RiskAssessment& a, const RiskAssessment& b) {
    ASSERT_EQ(a.provinces.size(), b.provinces.size());
    std::vector<std::pair<const RegionRisk*, const RegionRisk*>> pairs = {
        {&a.country, &b.country}};
    for (size_t i = 0; i < a.provinces.size(); ++i) {
      pairs.push_back({&a.provinces[i], &b.provinces[i]});
    }
    for (const auto& [x, y] : pairs) {
      EXPECT_EQ(x->province, y->province);
      EXPECT_EQ(x->incident_count, y->incident_count);
      EXPECT_EQ(x->fit.model, y->fit.model);
      EXPECT_EQ(x->fit.mu_per_day.estimate, y->fit.mu_per_day.estimate);
      EXPECT_EQ(x->fit.log_likelihood, y->fit.log_likelihood);
      EXPECT_EQ(x->model_reason, y->model_reason);
      EXPECT_EQ(x->decayed_severity, y->decayed_severity);
      EXPECT_EQ(x->probability_at_least_one, y->probability_at_least_one);
      EXPECT_EQ(x->expected_count, y->expected_count);
      EXPECT_EQ(x->simulated_mean_count, y->simulated_mean_count);
      EXPECT_EQ(x->simulated_probability_at_least_one,
                y->simulated_probability_at_least_one);
      EXPECT_EQ(x->expected_count_range.lower, y->expected_count_range.lower);
      EXPECT_EQ(x->expected_count_range.upper, y->expected_count_range.upper);
      EXPECT_EQ(x->last_incident_date, y->last_incident_date);
    }
  };
  same(*first, *second);

  // Simulated and closed-form answers agree.
  const RegionRisk& country = first->country;
  const double p = country.probability_at_least_one;
  EXPECT_THAT(*country.simulated_probability_at_least_one,
              DoubleNear(p, 4 * std::sqrt(p * (1 - p) / 3000) + 1e-9));

  // Incidents after the as-of date change nothing.
  std::vector<Incident> later = incidents;
  later.push_back(
      IncidentOnDay(DateSortKey(request.as_of_date) + 1, "Balochistan"));
  later.push_back(MakeIncident("2040-01-01", "Punjab", 50));
  absl::StatusOr<RiskAssessment> with_future = AssessRisk(later, request);
  ASSERT_THAT(with_future, IsOk());
  same(*first, *with_future);
}

TEST(AssessRiskTest, RejectsBadRequestsNamingTheField) {
  const std::vector<Incident> incidents = {MakeIncident("2020-01-01", "S")};
  RiskRequest request;
  request.as_of_date = D("2024-05");
  request.horizon_days = 0;
  request.half_life_days = -1;
  request.simulation_draws = 0;
  request.min_incidents_for_fit = 0;
  request.thresholds.severe_probability = 0.4;
  request.provinces = {"Sindh", "  "};
  absl::Status status = AssessRisk(incidents, request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Fields(status),
              ElementsAre("as_of_date", "horizon_days", "min_incidents_for_fit",
                          "half_life_days", "simulation_draws",
                          "thresholds.severe_probability"));

  request = RiskRequest();
  request.as_of_date = D("2024-05-01");
  request.provinces = {"Sindh", "  "};
  EXPECT_THAT(Fields(AssessRisk(incidents, request).status()),
              ElementsAre("provinces[1]"));

  request = RiskRequest();
  request.as_of_date = D("2024-05-01");
  request.history_start_date = D("2024-06-01");
  EXPECT_THAT(Fields(AssessRisk(incidents, request).status()),
              ElementsAre("history_start_date"));

  request = RiskRequest();
  request.as_of_date = D("2024-05-01");
  std::vector<Incident> bad = incidents;
  bad.push_back(Incident());
  bad.back().date = Date{2023, 2, 30, DatePrecision::kDay};
  EXPECT_THAT(Fields(AssessRisk(bad, request).status()),
              ElementsAre("incidents[1].date"));
}

TEST(AssessRiskTest, HistoryStartLimitsTheWindow) {
  const std::vector<Incident> incidents = {
      MakeIncident("2000-01-01", "Sindh", 10),
      MakeIncident("2020-01-01", "Sindh"),
      MakeIncident("2021-01-01", "Sindh"),
  };
  RiskRequest request;
  request.as_of_date = D("2021-12-31");
  request.history_start_date = D("2020-01-01");
  request.simulation_draws = 100;
  absl::StatusOr<RiskAssessment> risk = AssessRisk(incidents, request);
  ASSERT_THAT(risk, IsOk());
  EXPECT_EQ(risk->country.incident_count, 2);
  EXPECT_EQ(risk->country.fit.fit_start_date, D("2020-01-01"));
  EXPECT_DOUBLE_EQ(risk->country.fit.mu_per_day.estimate, 2.0 / 731.0);
  EXPECT_NEAR(risk->country.decayed_severity,
              std::exp2(-730.0 / 365) + std::exp2(-364.0 / 365), 1e-12);
}

// (h) Backtest scores, by hand.
TEST(BacktestRiskTest, ScoresATwoOriginCaseByHand) {
  const std::vector<Incident> incidents = {
      MakeIncident("2020-01-01", "Sindh"), MakeIncident("2020-01-11", "Sindh"),
      MakeIncident("2020-02-15", "Sindh"),  // in the first horizon
      MakeIncident("2020-05-01", "Sindh"),  // after both horizons
  };
  BacktestRequest request;
  request.start_date = D("2020-02-01");
  request.end_date = D("2020-03-01");
  request.horizon_days = 30;
  request.provinces = {"Sindh"};
  absl::StatusOr<Backtest> backtest = BacktestRisk(incidents, request);
  ASSERT_THAT(backtest, IsOk());
  const RegionBacktest& country = backtest->country;
  ASSERT_EQ(country.steps.size(), 2u);

  // Origin 2020-02-01: window of 31 days, 2 incidents, Poisson (fewer than
  // 5): p1 = 1 − e^(−30·2/31); an incident followed on 2020-02-15.
  // Origin 2020-03-01: window of 60 days, 3 incidents: p2 = 1 − e^(−1.5);
  // nothing in 2020-03-01 .. 2020-03-30.
  const double p1 = 1 - std::exp(-60.0 / 31.0);
  const double p2 = 1 - std::exp(-1.5);
  EXPECT_EQ(country.steps[0].origin_date, D("2020-02-01"));
  EXPECT_EQ(country.steps[1].origin_date, D("2020-03-01"));
  EXPECT_NEAR(country.steps[0].model_probability, p1, 1e-12);
  EXPECT_NEAR(country.steps[0].baseline_probability, p1, 1e-12);
  EXPECT_NEAR(country.steps[1].model_probability, p2, 1e-12);
  EXPECT_TRUE(country.steps[0].incident_occurred);
  EXPECT_EQ(country.steps[0].incidents_in_horizon, 1);
  EXPECT_FALSE(country.steps[1].incident_occurred);
  EXPECT_EQ(country.steps[0].model, RiskModel::kPoisson);

  const double brier = ((p1 - 1) * (p1 - 1) + p2 * p2) / 2;
  const double log_score = (-std::log(p1) - std::log(1 - p2)) / 2;
  EXPECT_NEAR(country.model_score.brier_score, brier, 1e-12);
  EXPECT_NEAR(country.baseline_score.brier_score, brier, 1e-12);
  EXPECT_NEAR(country.model_score.log_score, log_score, 1e-12);
  EXPECT_NEAR(country.model_score.mean_forecast, (p1 + p2) / 2, 1e-12);
  EXPECT_EQ(country.model_score.model, RiskModel::kPoisson);
  EXPECT_EQ(country.baseline_score.model, RiskModel::kPoisson);
  ASSERT_TRUE(country.brier_skill_score.has_value());
  EXPECT_NEAR(*country.brier_skill_score, 0.0, 1e-12);
  EXPECT_EQ(country.origin_count, 2);
  EXPECT_EQ(country.origins_with_incident, 1);

  // p1 = 0.856 falls in [0.8, 0.9), p2 = 0.777 in [0.7, 0.8).
  ASSERT_EQ(country.model_score.reliability.size(), 10u);
  const ReliabilityBin& bin8 = country.model_score.reliability[8];
  EXPECT_DOUBLE_EQ(bin8.lower_probability, 0.8);
  EXPECT_DOUBLE_EQ(bin8.upper_probability, 0.9);
  EXPECT_EQ(bin8.forecast_count, 1);
  EXPECT_NEAR(*bin8.mean_forecast, p1, 1e-12);
  EXPECT_EQ(*bin8.observed_frequency, 1.0);
  EXPECT_EQ(country.model_score.reliability[7].forecast_count, 1);
  EXPECT_EQ(*country.model_score.reliability[7].observed_frequency, 0.0);
  EXPECT_EQ(country.model_score.reliability[0].forecast_count, 0);
  EXPECT_FALSE(country.model_score.reliability[0].mean_forecast.has_value());
  EXPECT_FALSE(
      country.model_score.reliability[0].observed_frequency.has_value());

  EXPECT_EQ(country.verdict, BacktestVerdict::kInsufficientData);
  EXPECT_EQ(country.verdict_text,
            "Too few forecast origins to judge (2, fewer than 12), so it "
            "cannot be said whether the self-exciting model beat the "
            "constant-rate Poisson baseline.");

  ASSERT_EQ(backtest->provinces.size(), 1u);
  EXPECT_EQ(backtest->provinces[0].province, "Sindh");
  EXPECT_FALSE(backtest->provinces[0].whole_country);
  EXPECT_NEAR(backtest->provinces[0].model_score.brier_score, brier, 1e-12);

  // Without steps.
  request.include_steps = false;
  backtest = BacktestRisk(incidents, request);
  ASSERT_THAT(backtest, IsOk());
  EXPECT_TRUE(backtest->country.steps.empty());
  EXPECT_EQ(backtest->country.origin_count, 2);
}

TEST(BacktestRiskTest, ForecastsUseOnlyIncidentsBeforeTheOrigin) {
  std::vector<Incident> incidents =
      SimulatedIncidents(HawkesParams{0.01, 0.6, 0.05}, 3000.0, /*seed=*/23,
                         D("2010-01-01"), "Balochistan");
  BacktestRequest request;
  request.start_date = D("2015-01-31");
  request.end_date = D("2016-01-31");
  request.horizon_days = 90;
  absl::StatusOr<Backtest> before = BacktestRisk(incidents, request);
  ASSERT_THAT(before, IsOk());
  ASSERT_EQ(before->country.steps.size(), 13u);
  // Month ends are clamped: 2015-02-28, then back to the 31st.
  EXPECT_EQ(before->country.steps[1].origin_date, D("2015-02-28"));
  EXPECT_EQ(before->country.steps[2].origin_date, D("2015-03-31"));

  // An incident on the seventh origin's day is an outcome there, not history.
  incidents.push_back(IncidentOnDay(DateSortKey(D("2015-07-31")), "Sindh"));
  absl::StatusOr<Backtest> after = BacktestRisk(incidents, request);
  ASSERT_THAT(after, IsOk());
  for (size_t i = 0; i <= 6; ++i) {
    EXPECT_EQ(before->country.steps[i].model_probability,
              after->country.steps[i].model_probability);
    EXPECT_EQ(before->country.steps[i].baseline_probability,
              after->country.steps[i].baseline_probability);
  }
  EXPECT_EQ(after->country.steps[6].incidents_in_horizon,
            before->country.steps[6].incidents_in_horizon + 1);
  EXPECT_NE(before->country.steps[7].baseline_probability,
            after->country.steps[7].baseline_probability);
}

TEST(BacktestRiskTest, RejectsBadRequestsNamingTheField) {
  BacktestRequest request;
  request.start_date = D("2020-02-01");
  request.end_date = D("2020-01-01");
  request.step_months = 0;
  request.reliability_bins = 0;
  request.horizon_days = 4000;
  absl::Status status = BacktestRisk({}, request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Fields(status), ElementsAre("end_date", "step_months",
                                          "reliability_bins", "horizon_days"));
  request = BacktestRequest();
  request.start_date = D("1800-01-01");
  request.end_date = D("2020-01-01");
  EXPECT_THAT(Fields(BacktestRisk({}, request).status()),
              ElementsAre("end_date"));
}

// Verdict logic on constructed forecasts.
std::vector<BacktestStep> Steps(const std::vector<double>& model,
                                const std::vector<double>& baseline,
                                const std::vector<bool>& outcomes) {
  std::vector<BacktestStep> steps;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    BacktestStep step;
    step.origin_date = DateFromDayNumber(18000 + 30 * static_cast<int>(i));
    step.model_probability = model[i];
    step.baseline_probability = baseline[i];
    step.incident_occurred = outcomes[i];
    step.incidents_in_horizon = outcomes[i] ? 1 : 0;
    step.model = RiskModel::kHawkes;
    steps.push_back(step);
  }
  return steps;
}

TEST(ScoreBacktestTest, SharpAndRightModelBeatsTheBaseline) {
  std::vector<double> model;
  std::vector<bool> outcomes;
  for (int i = 0; i < 12; ++i) {
    outcomes.push_back(i % 3 == 0);
    model.push_back(i % 3 == 0 ? 0.9 : 0.1);
  }
  const std::vector<double> baseline(12, 0.5);
  absl::StatusOr<RegionBacktest> scored =
      ScoreBacktest(Steps(model, baseline, outcomes), 5);
  ASSERT_THAT(scored, IsOk());
  EXPECT_EQ(scored->verdict, BacktestVerdict::kSelfExcitingBetter);
  EXPECT_NEAR(scored->model_score.brier_score, 0.01, 1e-12);
  EXPECT_NEAR(scored->baseline_score.brier_score, 0.25, 1e-12);
  EXPECT_NEAR(scored->model_score.log_score, -std::log(0.9), 1e-12);
  EXPECT_NEAR(scored->baseline_score.log_score, std::log(2.0), 1e-12);
  EXPECT_NEAR(*scored->brier_skill_score, 1 - 0.01 / 0.25, 1e-12);
  EXPECT_EQ(scored->model_score.model, RiskModel::kHawkes);
  EXPECT_THAT(scored->verdict_text,
              HasSubstr("The self-exciting model beat the constant-rate "
                        "Poisson baseline"));

  // The same forecasts the other way round.
  scored = ScoreBacktest(Steps(baseline, model, outcomes), 5);
  ASSERT_THAT(scored, IsOk());
  EXPECT_EQ(scored->verdict, BacktestVerdict::kBaselineBetter);
  EXPECT_THAT(scored->verdict_text,
              HasSubstr("The self-exciting model did not beat the "
                        "constant-rate Poisson baseline, which scored "
                        "better"));
}

TEST(ScoreBacktestTest, NoisyDifferencesAreNotClear) {
  std::vector<double> model;
  std::vector<double> baseline;
  std::vector<bool> outcomes;
  for (int i = 0; i < 24; ++i) {
    outcomes.push_back(i % 2 == 0);
    // Better on half the even origins, worse on the other half.
    model.push_back(i % 4 == 0 ? 0.8 : (i % 4 == 2 ? 0.2 : 0.5));
    baseline.push_back(0.5);
  }
  absl::StatusOr<RegionBacktest> scored =
      ScoreBacktest(Steps(model, baseline, outcomes), 5);
  ASSERT_THAT(scored, IsOk());
  EXPECT_EQ(scored->verdict, BacktestVerdict::kNoClearDifference);
  EXPECT_THAT(scored->verdict_text,
              HasSubstr("did not clearly beat the constant-rate Poisson "
                        "baseline"));
  EXPECT_THAT(scored->verdict_text, HasSubstr("within two standard errors"));
}

TEST(ScoreBacktestTest, BrierAndLogScoreDisagreeing) {
  // 97 quiet origins the model calls at 0 (baseline 0.3), and 3 incidents it
  // also called at 0: Brier favours the model, the log score (clipped at
  // 1e−6) punishes the confident misses.
  std::vector<double> model(100, 0.0);
  std::vector<double> baseline(100, 0.3);
  std::vector<bool> outcomes(100, false);
  outcomes[10] = outcomes[50] = outcomes[90] = true;
  absl::StatusOr<RegionBacktest> scored =
      ScoreBacktest(Steps(model, baseline, outcomes), 5);
  ASSERT_THAT(scored, IsOk());
  // Brier: model 3/100, baseline (97·0.09 + 3·0.49)/100.
  EXPECT_NEAR(scored->model_score.brier_score, 0.03, 1e-12);
  EXPECT_NEAR(scored->baseline_score.brier_score, 0.1020, 1e-12);
  // Log: model (97·−ln(1 − 1e−6) + 3·−ln 1e−6)/100.
  EXPECT_NEAR(scored->model_score.log_score,
              (97 * -std::log1p(-1e-6) + 3 * -std::log(1e-6)) / 100, 1e-12);
  EXPECT_EQ(scored->verdict, BacktestVerdict::kNoClearDifference);
  EXPECT_THAT(scored->verdict_text,
              HasSubstr("the Brier score favours the model"));
  EXPECT_THAT(scored->verdict_text,
              HasSubstr("the log score favours the baseline"));
}

TEST(ScoreBacktestTest, InsufficientDataAndIdenticalForecasts) {
  const std::vector<double> p(12, 0.4);
  std::vector<bool> outcomes(12, false);
  outcomes[3] = true;
  absl::StatusOr<RegionBacktest> scored =
      ScoreBacktest(Steps(p, p, outcomes), 2);
  ASSERT_THAT(scored, IsOk());
  EXPECT_EQ(scored->verdict, BacktestVerdict::kInsufficientData);
  EXPECT_EQ(scored->verdict_text,
            "Too few incidents before the first origin to judge (2, fewer "
            "than 3), so it cannot be said whether the self-exciting model "
            "beat the constant-rate Poisson baseline.");

  std::vector<BacktestStep> steps = Steps(p, p, outcomes);
  for (BacktestStep& step : steps) step.model = RiskModel::kPoisson;
  scored = ScoreBacktest(steps, 3);
  ASSERT_THAT(scored, IsOk());
  EXPECT_EQ(scored->verdict, BacktestVerdict::kNoClearDifference);
  EXPECT_EQ(scored->verdict_text,
            "The self-exciting model did not beat the constant-rate Poisson "
            "baseline: at all 12 origins the data favoured a constant-rate "
            "Poisson model, so both forecasts were the same.");
  EXPECT_EQ(scored->model_score.model, RiskModel::kPoisson);

  // A perfect baseline leaves the skill score undefined.
  const std::vector<double> zero(12, 0.0);
  scored = ScoreBacktest(Steps(p, zero, std::vector<bool>(12, false)), 3);
  ASSERT_THAT(scored, IsOk());
  EXPECT_FALSE(scored->brier_skill_score.has_value());

  EXPECT_THAT(ScoreBacktest(Steps({1.5}, {0.5}, {true}), 3),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ScoreBacktest({}, 3, 0),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace dyadscope::security_risk
