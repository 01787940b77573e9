#include "services/gateway/aggregation/indicator_mapping.h"

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::gateway::v1::IndicatorInput;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

type::v1::Period MakePeriod(const std::string& name, int start,
                            std::optional<int> end) {
  type::v1::Period period;
  period.set_name(name);
  period.set_start_year(start);
  if (end.has_value()) period.set_end_year(*end);
  return period;
}

type::v1::Date MakeDate(int year, int month, int day) {
  type::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  date.set_precision(type::v1::DATE_PRECISION_DAY);
  return date;
}

AssessmentScope PakChnScope() {
  AssessmentScope scope;
  scope.dyad.set_country_a("PAK");
  scope.dyad.set_country_b("CHN");
  scope.periods = {MakePeriod("consolidation", 1990, 2014),
                   MakePeriod("deepening", 2015, std::nullopt)};
  scope.as_of_date = MakeDate(2024, 6, 30);
  scope.reference_country_code = "IND";
  scope.risk_horizon_days = 365;
  return scope;
}

void AddSource(
    const std::string& system,
    google::protobuf::RepeatedPtrField<type::v1::SourceUsage>* sources) {
  type::v1::SourceUsage* usage = sources->Add();
  usage->mutable_source()->set_source_system(system);
  usage->mutable_source()->set_citation(system + " dataset");
  usage->set_record_count(10);
}

events::v1::EventBucketSummary* AddEventPeriod(
    events::v1::SummarizeEventsResponse& response, const std::string& name,
    int64_t event_count) {
  events::v1::EventBucketSummary* summary = response.add_periods();
  summary->set_label(name);
  summary->mutable_period()->set_name(name);
  summary->set_event_count(event_count);
  summary->set_empty(event_count == 0);
  return summary;
}

// Answers in which every figure is present: 10 events per period, 4 with
// friendship themes, 5 security events.
BackendAnswers FullAnswers(const AssessmentScope& scope) {
  BackendAnswers answers;

  events::v1::SummarizeEventsResponse all;
  events::v1::SummarizeEventsResponse security;
  events::v1::SummarizeEventsResponse friendship;
  for (const type::v1::Period& period : scope.periods) {
    events::v1::EventBucketSummary* s = AddEventPeriod(all, period.name(), 10);
    s->set_mean_goldstein(2.5);
    s->set_cooperation_share(0.7);
    type::v1::Interval* interval = s->mutable_mean_goldstein_interval();
    // Half-width 0.98 = 1.96 * 0.5: standard error 0.5.
    interval->set_lower(2.5 - 0.98);
    interval->set_upper(2.5 + 0.98);
    interval->set_confidence_level(0.95);
    AddEventPeriod(security, period.name(), 5)->set_cooperation_share(0.6);
    AddEventPeriod(friendship, period.name(), 4);
  }
  AddSource("GDELT2", all.mutable_sources());
  AddSource("CURATED", all.mutable_sources());
  AddSource("CURATED", security.mutable_sources());
  AddSource("CURATED", friendship.mutable_sources());
  answers.events_all = all;
  answers.events_security = security;
  answers.events_friendship = friendship;

  events::v1::GetVotingAlignmentResponse voting;
  voting.set_reference_country_code("IND");
  for (const type::v1::Period& period : scope.periods) {
    events::v1::VotingAlignment* a = voting.add_periods();
    a->set_label(period.name());
    a->mutable_period()->set_name(period.name());
    a->mutable_dyad_metrics()->set_joint_votes(120);
    a->mutable_dyad_metrics()->set_s_score(0.8);
    a->mutable_relative()->set_percent_agreement(12.5);
  }
  // Per-year series 1990..2024, with votes in every year but 2020.
  for (int year = 1990; year <= 2024; ++year) {
    events::v1::VotingAlignment* y = voting.add_years();
    y->set_label(std::to_string(year));
    y->mutable_period()->set_name(std::to_string(year));
    y->mutable_period()->set_start_year(year);
    y->mutable_period()->set_end_year(year);
    if (year != 2020) {
      y->mutable_dyad_metrics()->set_s_score(0.8);
      y->mutable_relative()->set_percent_agreement(10.0);
    }
  }
  AddSource("UNGA_VOTES", voting.mutable_sources());
  answers.voting = voting;

  economics::v1::SummarizeIndicatorsResponse economics;
  const std::vector<std::pair<std::string, double>> means = {
      {"directed_asymmetry", 0.6},
      {"trade_coverage_ratio", 0.25},
      {"arms_import_share_from_b", 0.7},
      {"finance_commitments_b_to_a_pct_gdp", 1.5},
      {"fdi_share_from_b", 0.3}};
  for (const auto& [id, mean] : means) {
    economics::v1::IndicatorSummary* summary = economics.add_summaries();
    summary->mutable_indicator()->set_indicator_id(id);
    for (const type::v1::Period& period : scope.periods) {
      economics::v1::IndicatorPeriodStatistics* stats = summary->add_periods();
      *stats->mutable_period() = period;
      stats->set_mean(mean);
      stats->set_standard_deviation(0.2);
      stats->mutable_coverage()->set_years_in_span(10);
      stats->mutable_coverage()->set_years_with_data(4);
    }
  }
  AddSource("IMF_DOTS", economics.mutable_sources());
  answers.economics = economics;

  for (size_t i = 0; i < scope.periods.size(); ++i) {
    securityrisk::v1::AssessRiskResponse risk;
    risk.mutable_country()->set_whole_country(true);
    risk.mutable_country()->set_incident_count(7 + static_cast<int>(i));
    risk.mutable_country()->set_probability_at_least_one(0.35 + 0.1 * i);
    risk.mutable_country()->set_decayed_severity(2.0 + i);
    AddSource("ACLED", risk.mutable_sources());
    answers.risk.push_back(risk);
  }
  return answers;
}

const IndicatorInput& Find(const std::vector<IndicatorInput>& inputs,
                           const std::string& id) {
  for (const IndicatorInput& input : inputs) {
    if (input.indicator_id() == id) return input;
  }
  ADD_FAILURE() << "no input " << id;
  static const IndicatorInput* const kEmpty = new IndicatorInput();
  return *kEmpty;
}

TEST(IndicatorSpecsTest, CoverTheThirteenScoringIndicatorsOnce) {
  std::vector<std::string> ids;
  for (const IndicatorSpec& spec : IndicatorSpecs()) {
    ids.emplace_back(spec.indicator_id);
    EXPECT_FALSE(spec.origin.empty());
    EXPECT_NE(spec.backend, v1::BACKEND_UNSPECIFIED);
    EXPECT_NE(spec.backend, v1::BACKEND_SCORING);
  }
  EXPECT_THAT(
      ids, ElementsAre("events.mean_goldstein", "events.cooperation_share",
                       "events.security_cooperation_share",
                       "votes.agreement_relative_to_reference", "votes.s_score",
                       "events.friendship_theme_share",
                       "economics.directed_asymmetry",
                       "economics.trade_coverage_ratio",
                       "economics.arms_import_share_from_b",
                       "economics.finance_commitments_b_to_a_pct_gdp",
                       "economics.fdi_share_from_b",
                       "security.probability_at_least_one",
                       "security.decayed_severity"));
  EXPECT_NE(FindIndicatorSpec("votes.s_score"), nullptr);
  EXPECT_EQ(FindIndicatorSpec("votes.unknown"), nullptr);
}

TEST(PeriodDatesTest, OpenAndLatePeriodsEndAtTheAsOfDate) {
  const type::v1::Date as_of = MakeDate(2024, 6, 30);
  EXPECT_EQ(ResolvedEndYear(MakePeriod("p", 2015, std::nullopt), as_of), 2024);
  EXPECT_EQ(ResolvedEndYear(MakePeriod("p", 2015, 2030), as_of), 2024);
  EXPECT_EQ(ResolvedEndYear(MakePeriod("p", 1990, 2014), as_of), 2014);

  const type::v1::Date closed =
      PeriodLastDay(MakePeriod("p", 1990, 2014), as_of);
  EXPECT_EQ(closed.year(), 2014);
  EXPECT_EQ(closed.month(), 12);
  EXPECT_EQ(closed.day(), 31);
  EXPECT_EQ(closed.precision(), type::v1::DATE_PRECISION_DAY);
  const type::v1::Date open =
      PeriodLastDay(MakePeriod("p", 2015, std::nullopt), as_of);
  EXPECT_EQ(open.year(), 2024);
  EXPECT_EQ(open.month(), 6);
  EXPECT_EQ(open.day(), 30);
}

TEST(BuildBackendRequestsTest, FollowsTheKnownIndicatorOrigins) {
  const AssessmentScope scope = PakChnScope();
  const BackendRequests r = BuildBackendRequests(scope);

  // Unfiltered events, open period closed at the as-of year.
  EXPECT_EQ(r.events_all.filter().dyad().country_a(), "PAK");
  EXPECT_EQ(r.events_all.filter().dyad().country_b(), "CHN");
  EXPECT_EQ(r.events_all.filter().domains_size(), 0);
  EXPECT_EQ(r.events_all.filter().themes_size(), 0);
  EXPECT_EQ(r.events_all.filter().date_range().end_date().year(), 2024);
  ASSERT_EQ(r.events_all.periods_size(), 2);
  EXPECT_EQ(r.events_all.periods(0).end_year(), 2014);
  EXPECT_EQ(r.events_all.periods(1).name(), "deepening");
  EXPECT_EQ(r.events_all.periods(1).end_year(), 2024);
  EXPECT_EQ(r.events_all.bootstrap_draws(), 0);  // The default bootstrap.

  EXPECT_THAT(r.events_security.filter().domains(),
              ElementsAre(events::v1::DOMAIN_SECURITY));
  EXPECT_EQ(r.events_security.filter().themes_size(), 0);
  EXPECT_THAT(r.events_friendship.filter().themes(),
              ElementsAre("all_weather", "iron_brother"));
  EXPECT_EQ(r.events_friendship.filter().domains_size(), 0);

  EXPECT_EQ(r.voting.reference_country_code(), "IND");
  EXPECT_EQ(r.voting.dyad().country_a(), "PAK");
  EXPECT_EQ(r.voting.start_year(), 1990);
  EXPECT_EQ(r.voting.end_year(), 2024);
  EXPECT_EQ(r.voting.periods_size(), 2);

  EXPECT_THAT(
      r.economics.indicator_ids(),
      ElementsAre("directed_asymmetry", "trade_coverage_ratio",
                  "arms_import_share_from_b",
                  "finance_commitments_b_to_a_pct_gdp", "fdi_share_from_b"));
  EXPECT_EQ(r.economics.dyad().country_a(), "PAK");
  EXPECT_EQ(r.economics.periods(1).end_year(), 2024);

  ASSERT_THAT(r.risk, SizeIs(2));
  for (const auto& risk : r.risk) {
    EXPECT_EQ(risk.country_code(), "PAK");
    EXPECT_EQ(risk.partner_country_code(), "CHN");
    EXPECT_EQ(risk.horizon_days(), 365);
    EXPECT_EQ(risk.half_life_days(), 365.0);
  }
  EXPECT_EQ(r.risk[0].as_of_date().year(), 2014);
  EXPECT_EQ(r.risk[0].as_of_date().month(), 12);
  EXPECT_EQ(r.risk[0].as_of_date().day(), 31);
  EXPECT_EQ(r.risk[1].as_of_date().year(), 2024);
  EXPECT_EQ(r.risk[1].as_of_date().month(), 6);
  EXPECT_EQ(r.risk[1].as_of_date().day(), 30);
  EXPECT_FALSE(r.risk[0].has_as_of_time());
}

TEST(BuildBackendRequestsTest, PassesTheRecordedTimeToEveryRequest) {
  AssessmentScope scope = PakChnScope();
  google::protobuf::Timestamp t;
  t.set_seconds(1700000000);
  scope.as_of_time = t;
  const BackendRequests r = BuildBackendRequests(scope);
  EXPECT_EQ(r.events_all.as_of_time().seconds(), 1700000000);
  EXPECT_EQ(r.events_security.as_of_time().seconds(), 1700000000);
  EXPECT_EQ(r.events_friendship.as_of_time().seconds(), 1700000000);
  EXPECT_EQ(r.voting.as_of_time().seconds(), 1700000000);
  EXPECT_EQ(r.economics.as_of_time().seconds(), 1700000000);
  EXPECT_EQ(r.risk[1].as_of_time().seconds(), 1700000000);
}

TEST(MapIndicatorInputsTest, MapsEveryFigureOfCompleteAnswers) {
  const AssessmentScope scope = PakChnScope();
  const auto inputs = MapIndicatorInputs(scope, FullAnswers(scope));
  ASSERT_THAT(inputs, SizeIs(2));
  ASSERT_THAT(inputs[0], SizeIs(13));
  for (const IndicatorInput& input : inputs[0]) {
    EXPECT_TRUE(input.available()) << input.indicator_id();
    EXPECT_TRUE(input.has_value()) << input.indicator_id();
    EXPECT_TRUE(input.missing_reason().empty()) << input.indicator_id();
    EXPECT_FALSE(input.origin().empty());
    EXPECT_FALSE(input.overridden());
  }
  const std::vector<IndicatorInput>& p = inputs[1];

  const IndicatorInput& goldstein = Find(p, "events.mean_goldstein");
  EXPECT_DOUBLE_EQ(goldstein.value(), 2.5);
  EXPECT_THAT(goldstein.standard_error(), DoubleNear(0.5, 1e-3));
  EXPECT_EQ(goldstein.backend(), v1::BACKEND_EVENTS);
  EXPECT_EQ(goldstein.record_count(), 10);
  EXPECT_THAT(goldstein.source_systems(), ElementsAre("CURATED", "GDELT2"));
  EXPECT_THAT(goldstein.origin(), HasSubstr("mean_goldstein"));

  EXPECT_DOUBLE_EQ(Find(p, "events.cooperation_share").value(), 0.7);
  EXPECT_FALSE(Find(p, "events.cooperation_share").has_standard_error());

  const IndicatorInput& security = Find(p, "events.security_cooperation_share");
  EXPECT_DOUBLE_EQ(security.value(), 0.6);
  EXPECT_EQ(security.record_count(), 5);

  // 4 of 10 events carry a friendship theme.
  const IndicatorInput& friendship = Find(p, "events.friendship_theme_share");
  EXPECT_DOUBLE_EQ(friendship.value(), 0.4);
  EXPECT_EQ(friendship.record_count(), 10);

  const IndicatorInput& relative =
      Find(p, "votes.agreement_relative_to_reference");
  EXPECT_DOUBLE_EQ(relative.value(), 12.5);
  EXPECT_EQ(relative.record_count(), 120);
  EXPECT_THAT(relative.source_systems(), ElementsAre("UNGA_VOTES"));
  // Deepening = 2015..2024, votes in every year but 2020.
  EXPECT_EQ(relative.coverage().years_in_span(), 10);
  EXPECT_EQ(relative.coverage().years_with_data(), 9);
  EXPECT_THAT(relative.coverage().missing_years(), ElementsAre(2020));
  EXPECT_EQ(relative.coverage().first_year_with_data(), 2015);
  EXPECT_EQ(relative.coverage().last_year_with_data(), 2024);
  EXPECT_DOUBLE_EQ(Find(p, "votes.s_score").value(), 0.8);

  const IndicatorInput& asymmetry = Find(p, "economics.directed_asymmetry");
  EXPECT_DOUBLE_EQ(asymmetry.value(), 0.6);
  // standard_deviation / sqrt(years with data) = 0.2 / 2.
  EXPECT_DOUBLE_EQ(asymmetry.standard_error(), 0.1);
  EXPECT_EQ(asymmetry.backend(), v1::BACKEND_ECONOMICS);
  EXPECT_EQ(asymmetry.coverage().years_with_data(), 4);
  EXPECT_EQ(asymmetry.record_count(), 4);
  EXPECT_THAT(asymmetry.source_systems(), ElementsAre("IMF_DOTS"));
  EXPECT_DOUBLE_EQ(Find(p, "economics.trade_coverage_ratio").value(), 0.25);
  EXPECT_FALSE(Find(p, "economics.trade_coverage_ratio").has_standard_error());
  EXPECT_DOUBLE_EQ(Find(p, "economics.arms_import_share_from_b").value(), 0.7);
  EXPECT_DOUBLE_EQ(
      Find(p, "economics.finance_commitments_b_to_a_pct_gdp").value(), 1.5);
  EXPECT_DOUBLE_EQ(Find(p, "economics.fdi_share_from_b").value(), 0.3);

  // The second period reads the second AssessRisk answer.
  const IndicatorInput& probability =
      Find(p, "security.probability_at_least_one");
  EXPECT_DOUBLE_EQ(probability.value(), 0.45);
  EXPECT_EQ(probability.record_count(), 8);
  EXPECT_EQ(probability.backend(), v1::BACKEND_SECURITY_RISK);
  EXPECT_DOUBLE_EQ(Find(p, "security.decayed_severity").value(), 3.0);
  EXPECT_DOUBLE_EQ(Find(inputs[0], "security.probability_at_least_one").value(),
                   0.35);
}

TEST(MapIndicatorInputsTest, AbsentRelativeAgreementIsMissingWithAReason) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.voting->mutable_periods(0)->clear_relative();
  const auto inputs = MapIndicatorInputs(scope, answers);
  const IndicatorInput& relative =
      Find(inputs[0], "votes.agreement_relative_to_reference");
  EXPECT_FALSE(relative.available());
  EXPECT_FALSE(relative.has_value());
  EXPECT_THAT(relative.missing_reason(), HasSubstr("no relative agreement"));
  EXPECT_THAT(relative.missing_reason(), HasSubstr("IND"));
  // The same answer's other figure is still there.
  EXPECT_TRUE(Find(inputs[0], "votes.s_score").available());
  EXPECT_TRUE(
      Find(inputs[1], "votes.agreement_relative_to_reference").available());
}

TEST(MapIndicatorInputsTest,
     NoReferenceCountryMakesTheRelativeAgreementMissing) {
  AssessmentScope scope = PakChnScope();
  scope.reference_country_code.clear();
  const auto inputs = MapIndicatorInputs(scope, FullAnswers(scope));
  const IndicatorInput& relative =
      Find(inputs[1], "votes.agreement_relative_to_reference");
  EXPECT_FALSE(relative.available());
  EXPECT_THAT(relative.missing_reason(), HasSubstr("reference country"));
}

TEST(MapIndicatorInputsTest, MissingBackendMakesAllItsIndicatorsUnavailable) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.economics = absl::UnavailableError("connection refused");
  const auto inputs = MapIndicatorInputs(scope, answers);
  for (const std::vector<IndicatorInput>& period : inputs) {
    for (const IndicatorInput& input : period) {
      if (input.backend() == v1::BACKEND_ECONOMICS) {
        EXPECT_FALSE(input.available()) << input.indicator_id();
        EXPECT_FALSE(input.has_value());
        EXPECT_THAT(input.missing_reason(),
                    HasSubstr("economics.SummarizeIndicators failed: "
                              "UNAVAILABLE: connection refused"));
      } else {
        EXPECT_TRUE(input.available()) << input.indicator_id();
      }
    }
  }
}

TEST(MapIndicatorInputsTest, FailedFilteredCallOnlyAffectsItsIndicator) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.events_friendship = absl::DeadlineExceededError("too slow");
  const auto inputs = MapIndicatorInputs(scope, answers);
  const IndicatorInput& friendship =
      Find(inputs[0], "events.friendship_theme_share");
  EXPECT_FALSE(friendship.available());
  EXPECT_THAT(friendship.missing_reason(),
              HasSubstr("DEADLINE_EXCEEDED: too slow"));
  EXPECT_THAT(friendship.missing_reason(), HasSubstr("iron_brother"));
  EXPECT_TRUE(Find(inputs[0], "events.mean_goldstein").available());
  EXPECT_TRUE(Find(inputs[0], "events.security_cooperation_share").available());
}

TEST(MapIndicatorInputsTest, EventsDownMakesVotesAndEventsUnavailable) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.events_all = absl::UnavailableError("down");
  answers.events_security = absl::UnavailableError("down");
  answers.events_friendship = absl::UnavailableError("down");
  answers.voting = absl::UnavailableError("down");
  const auto inputs = MapIndicatorInputs(scope, answers);
  int unavailable = 0;
  for (const IndicatorInput& input : inputs[1]) {
    if (input.backend() != v1::BACKEND_EVENTS) continue;
    EXPECT_FALSE(input.available());
    EXPECT_THAT(input.missing_reason(), HasSubstr("UNAVAILABLE: down"));
    ++unavailable;
  }
  EXPECT_EQ(unavailable, 6);
}

TEST(MapIndicatorInputsTest, RiskFailureInOnePeriodLeavesTheOther) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.risk[0] = absl::UnavailableError("no route");
  const auto inputs = MapIndicatorInputs(scope, answers);
  const IndicatorInput& first =
      Find(inputs[0], "security.probability_at_least_one");
  EXPECT_FALSE(first.available());
  EXPECT_THAT(first.missing_reason(), HasSubstr("AssessRisk (as of 2014)"));
  EXPECT_THAT(first.missing_reason(), HasSubstr("UNAVAILABLE: no route"));
  EXPECT_FALSE(Find(inputs[0], "security.decayed_severity").available());
  EXPECT_TRUE(Find(inputs[1], "security.decayed_severity").available());

  answers.risk.pop_back();  // Fewer answers than periods.
  const auto fewer = MapIndicatorInputs(scope, answers);
  EXPECT_FALSE(Find(fewer[1], "security.decayed_severity").available());
}

TEST(MapIndicatorInputsTest, EmptyPeriodGivesMissingEventShares) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  events::v1::EventBucketSummary* all = answers.events_all->mutable_periods(0);
  all->set_event_count(0);
  all->clear_mean_goldstein();
  all->clear_cooperation_share();
  all->clear_mean_goldstein_interval();
  answers.events_friendship->mutable_periods(0)->set_event_count(0);
  answers.events_security->mutable_periods(0)->set_event_count(0);
  answers.events_security->mutable_periods(0)->clear_cooperation_share();
  const auto inputs = MapIndicatorInputs(scope, answers);
  for (const char* id :
       {"events.mean_goldstein", "events.cooperation_share",
        "events.friendship_theme_share", "events.security_cooperation_share"}) {
    const IndicatorInput& input = Find(inputs[0], id);
    EXPECT_FALSE(input.available()) << id;
    EXPECT_THAT(input.missing_reason(), HasSubstr("no ")) << id;
    EXPECT_EQ(input.record_count(), 0) << id;
  }
}

TEST(MapIndicatorInputsTest, GoldsteinWithoutIntervalHasNoStandardError) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.events_all->mutable_periods(0)->clear_mean_goldstein_interval();
  const auto inputs = MapIndicatorInputs(scope, answers);
  const IndicatorInput& goldstein = Find(inputs[0], "events.mean_goldstein");
  EXPECT_TRUE(goldstein.available());
  EXPECT_FALSE(goldstein.has_standard_error());
}

TEST(MapIndicatorInputsTest, EconomicsPeriodWithoutMeanIsMissing) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  economics::v1::IndicatorPeriodStatistics* stats =
      answers.economics->mutable_summaries(4)->mutable_periods(0);
  stats->clear_mean();
  stats->clear_standard_deviation();
  stats->mutable_coverage()->set_years_with_data(0);
  stats->mutable_coverage()->set_years_in_span(25);
  // And one indicator the backend did not answer at all.
  answers.economics->mutable_summaries()->DeleteSubrange(1, 1);
  const auto inputs = MapIndicatorInputs(scope, answers);

  const IndicatorInput& fdi = Find(inputs[0], "economics.fdi_share_from_b");
  EXPECT_FALSE(fdi.available());
  EXPECT_THAT(fdi.missing_reason(), HasSubstr("no year of the period"));
  EXPECT_EQ(fdi.coverage().years_in_span(), 25);
  EXPECT_EQ(fdi.coverage().years_with_data(), 0);
  EXPECT_TRUE(Find(inputs[1], "economics.fdi_share_from_b").available());

  const IndicatorInput& coverage =
      Find(inputs[0], "economics.trade_coverage_ratio");
  EXPECT_FALSE(coverage.available());
  EXPECT_THAT(coverage.missing_reason(),
              HasSubstr("answered without trade_coverage_ratio"));
}

TEST(MapIndicatorInputsTest, PeriodAbsentFromAnAnswerIsMissing) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.events_all->mutable_periods()->DeleteSubrange(1, 1);
  const auto inputs = MapIndicatorInputs(scope, answers);
  const IndicatorInput& goldstein = Find(inputs[1], "events.mean_goldstein");
  EXPECT_FALSE(goldstein.available());
  EXPECT_THAT(goldstein.missing_reason(),
              HasSubstr("without the period \"deepening\""));
  EXPECT_TRUE(Find(inputs[0], "events.mean_goldstein").available());
}

TEST(ToIndicatorValueTest, SendsValuesAndLeavesMissingOnesWithoutValue) {
  const AssessmentScope scope = PakChnScope();
  BackendAnswers answers = FullAnswers(scope);
  answers.economics = absl::UnavailableError("down");
  const auto inputs = MapIndicatorInputs(scope, answers);
  const std::vector<scoring::v1::IndicatorValue> values =
      ToIndicatorValues(inputs[0]);
  ASSERT_THAT(values, SizeIs(13));

  const scoring::v1::IndicatorValue& goldstein = values[0];
  EXPECT_EQ(goldstein.indicator_id(), "events.mean_goldstein");
  EXPECT_DOUBLE_EQ(goldstein.value(), 2.5);
  EXPECT_THAT(goldstein.standard_error(), DoubleNear(0.5, 1e-3));
  EXPECT_THAT(goldstein.note(), HasSubstr("SummarizeEvents"));

  const scoring::v1::IndicatorValue& asymmetry = values[6];
  EXPECT_EQ(asymmetry.indicator_id(), "economics.directed_asymmetry");
  EXPECT_FALSE(asymmetry.has_value());
  EXPECT_FALSE(asymmetry.has_standard_error());
  EXPECT_THAT(asymmetry.note(), HasSubstr("UNAVAILABLE: down"));

  // An unavailable input given a value by a simulation is sent.
  IndicatorInput overridden = inputs[0][6];
  overridden.set_value(0.5);
  overridden.set_overridden(true);
  const scoring::v1::IndicatorValue sent = ToIndicatorValue(overridden);
  EXPECT_DOUBLE_EQ(sent.value(), 0.5);
  EXPECT_THAT(sent.note(), HasSubstr("overridden"));
}

TEST(TwoSidedNormalQuantileTest, MatchesTables) {
  EXPECT_THAT(TwoSidedNormalQuantile(0.95), DoubleNear(1.959964, 1e-6));
  EXPECT_THAT(TwoSidedNormalQuantile(0.90), DoubleNear(1.644854, 1e-6));
  EXPECT_THAT(TwoSidedNormalQuantile(0.99), DoubleNear(2.575829, 1e-6));
}

}  // namespace
}  // namespace dyadscope::gateway
