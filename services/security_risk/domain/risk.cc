#include "services/security_risk/domain/risk.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/types/types.h"
#include "services/security_risk/domain/hawkes.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {
namespace {

constexpr int kMaxHorizonDays = 3650;
constexpr double kMaxHalfLifeDays = 36500.0;
constexpr int kMaxMinIncidents = 10000;
constexpr int kMaxSimulationDraws = 100000;
constexpr int kMaxStepMonths = 120;
constexpr int kMaxReliabilityBins = 100;
constexpr double kProbabilityClip = 1e-6;

// An incident placed on the time axis.
struct PlacedIncident {
  int64_t day = 0;      // placed day number
  double weight = 1.0;  // 1 + ln(1 + fatalities)
  std::string key;      // lower-case normalised province; "" when none
  std::string name;     // normalised province as recorded
  size_t index = 0;     // position in the input
};

// A region: the whole country or one province.
struct Region {
  std::string name;  // display name; "" for the country
  std::string key;   // lower-case normalised name; "" for the country
  bool whole_country = false;

  bool Contains(const PlacedIncident& incident) const {
    return whole_country || (!key.empty() && incident.key == key);
  }
};

// A fit window: [start, origin) in day numbers; T = origin − start days.
struct Window {
  int64_t start = 0;
  int64_t origin = 0;

  double length() const { return static_cast<double>(origin - start); }
};

// The model chosen for one region at one origin.
struct ChosenModel {
  RiskModel model = RiskModel::kUnspecified;
  HawkesParams params;
  ModelFit fit;
  std::string reason;
};

bool IsKnownModel(RiskModel model) {
  switch (model) {
    case RiskModel::kUnspecified:
    case RiskModel::kHawkes:
    case RiskModel::kPooledHawkes:
    case RiskModel::kPoisson:
      return true;
  }
  return false;
}

std::string Plural(int64_t n, absl::string_view noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

void ValidateDayDate(const Date& date, absl::string_view field,
                     FieldViolations& violations) {
  absl::Status status = ValidateDate(date);
  if (!status.ok()) {
    violations.Add(field, status.message());
  } else if (date.precision != DatePrecision::kDay) {
    violations.Add(field, "must be a day (YYYY-MM-DD)");
  }
}

absl::StatusOr<std::vector<PlacedIncident>> PlaceIncidents(
    absl::Span<const Incident> incidents) {
  std::vector<PlacedIncident> placed;
  placed.reserve(incidents.size());
  for (size_t i = 0; i < incidents.size(); ++i) {
    const Incident& incident = incidents[i];
    absl::Status status = ValidateDate(incident.date);
    if (!status.ok()) {
      return InvalidField(absl::StrCat("incidents[", i, "].date"),
                          status.message());
    }
    PlacedIncident p;
    p.day = PlacedDayNumber(incident.date);
    const double fatalities =
        std::max(0, incident.fatalities_total.value_or(0));
    p.weight = 1.0 + std::log1p(fatalities);
    p.name = NormalizeProvinceName(incident.location.province);
    p.key = absl::AsciiStrToLower(p.name);
    p.index = i;
    placed.push_back(std::move(p));
  }
  std::stable_sort(placed.begin(), placed.end(),
                   [](const PlacedIncident& a, const PlacedIncident& b) {
                     return a.day < b.day;
                   });
  return placed;
}

// Returns the normalised, de-duplicated requested provinces as regions,
// named as the incidents name them when they occur there.
absl::StatusOr<std::vector<Region>> RequestedProvinces(
    absl::Span<const std::string> provinces,
    const std::vector<PlacedIncident>& placed) {
  std::vector<Region> regions;
  FieldViolations violations;
  for (size_t i = 0; i < provinces.size(); ++i) {
    Region region;
    region.name = NormalizeProvinceName(provinces[i]);
    region.key = absl::AsciiStrToLower(region.name);
    if (region.key.empty()) {
      violations.Add(absl::StrCat("provinces[", i, "]"),
                     "must name a province");
      continue;
    }
    bool duplicate = false;
    for (const Region& other : regions) duplicate |= other.key == region.key;
    if (duplicate) continue;
    for (const PlacedIncident& incident : placed) {
      if (incident.key == region.key) {
        region.name = incident.name;
        break;
      }
    }
    regions.push_back(std::move(region));
  }
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
  return regions;
}

// Returns the times (days from window.start) of the region's incidents
// placed in [window.start, window.origin).
std::vector<double> RegionTimes(const std::vector<PlacedIncident>& placed,
                                const Region& region, const Window& window) {
  std::vector<double> times;
  for (const PlacedIncident& incident : placed) {
    if (incident.day < window.start || incident.day >= window.origin) continue;
    if (!region.Contains(incident)) continue;
    times.push_back(static_cast<double>(incident.day - window.start));
  }
  return times;
}

ModelFit BaseFit(RiskModel model, int n, const Window& window) {
  ModelFit fit;
  fit.model = model;
  fit.incident_count = n;
  fit.fit_end_date = DateFromDayNumber(window.origin - 1);
  fit.fit_start_date = window.origin > window.start
                           ? DateFromDayNumber(window.start)
                           : fit.fit_end_date;
  return fit;
}

absl::StatusOr<ChosenModel> PoissonModel(const std::vector<double>& times,
                                         const Window& window,
                                         std::string reason) {
  ChosenModel chosen;
  chosen.model = RiskModel::kPoisson;
  chosen.reason = std::move(reason);
  chosen.fit =
      BaseFit(RiskModel::kPoisson, static_cast<int>(times.size()), window);
  chosen.fit.converged = true;
  chosen.params = HawkesParams{0.0, 0.0, 1.0};
  if (window.length() > 0.0) {
    DYADSCOPE_ASSIGN_OR_RETURN(PoissonFit poisson,
                               FitPoisson(times, window.length()));
    chosen.params.mu = poisson.mu.estimate;
    chosen.fit.mu_per_day = poisson.mu;
    chosen.fit.log_likelihood = poisson.log_likelihood;
    chosen.fit.aic = poisson.aic;
  } else {
    chosen.fit.aic = 2.0;
  }
  return chosen;
}

ChosenModel HawkesModel(const HawkesFit& hawkes, const Window& window,
                        std::string reason) {
  ChosenModel chosen;
  chosen.model = RiskModel::kHawkes;
  chosen.reason = std::move(reason);
  chosen.params = hawkes.params;
  chosen.fit = BaseFit(RiskModel::kHawkes, hawkes.event_count, window);
  chosen.fit.mu_per_day = hawkes.mu;
  chosen.fit.alpha = hawkes.alpha;
  chosen.fit.beta_per_day = hawkes.beta;
  chosen.fit.log_likelihood = hawkes.log_likelihood;
  chosen.fit.aic = hawkes.aic;
  chosen.fit.converged = hawkes.converged;
  return chosen;
}

constexpr absl::string_view kNoEvidence =
    ", so the rate is 0: no evidence, not no risk";

// Chooses between a region's own Hawkes fit and a constant-rate Poisson.
absl::StatusOr<ChosenModel> ChooseOwnModel(const std::vector<double>& times,
                                           const Window& window,
                                           int min_incidents,
                                           RiskModel requested) {
  const int n = static_cast<int>(times.size());
  if (requested == RiskModel::kPoisson) {
    return PoissonModel(times, window, "Constant-rate Poisson, as requested.");
  }
  if (n == 0) {
    return PoissonModel(
        times, window,
        absl::StrCat("Constant-rate Poisson: no incidents in the fit window",
                     kNoEvidence, "."));
  }
  if (n < min_incidents) {
    return PoissonModel(
        times, window,
        absl::StrFormat("Constant-rate Poisson: %s, fewer than the %d needed "
                        "for a Hawkes fit.",
                        Plural(n, "incident"), min_incidents));
  }
  DYADSCOPE_ASSIGN_OR_RETURN(HawkesFit hawkes,
                             FitHawkes(times, window.length()));
  DYADSCOPE_ASSIGN_OR_RETURN(PoissonFit poisson,
                             FitPoisson(times, window.length()));
  if (!hawkes.converged) {
    return PoissonModel(
        times, window,
        absl::StrFormat("Constant-rate Poisson: the Hawkes fit on %s did not "
                        "converge.",
                        Plural(n, "incident")));
  }
  if (requested != RiskModel::kHawkes && hawkes.at_parameter_bound) {
    return PoissonModel(
        times, window,
        absl::StrFormat("Constant-rate Poisson: the Hawkes fit on %s ended on "
                        "the edge of its parameter range (alpha %.2f, beta "
                        "%.2g per day), so it is not a stable fit.",
                        Plural(n, "incident"), hawkes.params.alpha,
                        hawkes.params.beta));
  }
  if (requested == RiskModel::kHawkes) {
    return HawkesModel(
        hawkes, window,
        absl::StrFormat("Own Hawkes fit on %s, as requested (AIC %.1f; "
                        "constant-rate Poisson %.1f).",
                        Plural(n, "incident"), hawkes.aic, poisson.aic));
  }
  if (hawkes.aic < poisson.aic) {
    return HawkesModel(
        hawkes, window,
        absl::StrFormat("Own Hawkes fit on %s: it converged and its AIC "
                        "(%.1f) is lower than the constant-rate Poisson's "
                        "(%.1f).",
                        Plural(n, "incident"), hawkes.aic, poisson.aic));
  }
  return PoissonModel(
      times, window,
      absl::StrFormat("Constant-rate Poisson: the Hawkes fit on %s converged "
                      "but its AIC (%.1f) is not lower than the Poisson's "
                      "(%.1f).",
                      Plural(n, "incident"), hawkes.aic, poisson.aic));
}

ParameterEstimate Scaled(ParameterEstimate estimate, double factor) {
  estimate.estimate *= factor;
  if (estimate.standard_error.has_value()) *estimate.standard_error *= factor;
  if (estimate.interval.has_value()) {
    estimate.interval->lower *= factor;
    estimate.interval->upper *= factor;
  }
  return estimate;
}

// Chooses a province's model given the country's at the same origin.
absl::StatusOr<ChosenModel> ChooseProvinceModel(
    const std::vector<double>& times, const Window& window, int min_incidents,
    RiskModel requested, const ChosenModel& country) {
  const int n = static_cast<int>(times.size());
  if (requested == RiskModel::kPoisson ||
      (n >= min_incidents && requested != RiskModel::kPooledHawkes)) {
    return ChooseOwnModel(times, window, min_incidents, requested);
  }
  const bool asked = requested == RiskModel::kPooledHawkes;
  const std::string few = absl::StrFormat("%s, fewer than %d",
                                          Plural(n, "incident"), min_incidents);
  if (country.model != RiskModel::kHawkes) {
    return PoissonModel(
        times, window,
        asked ? std::string("Constant-rate Poisson: pooled Hawkes was "
                            "requested but the country model is a "
                            "constant-rate Poisson.")
              : absl::StrCat("Constant-rate Poisson: ", few,
                             ", and the country model is itself a "
                             "constant-rate Poisson",
                             n == 0 ? kNoEvidence : "", "."));
  }
  const int country_n = country.fit.incident_count;
  const double share = country_n > 0 ? static_cast<double>(n) / country_n : 0.0;
  ChosenModel chosen;
  chosen.model = RiskModel::kPooledHawkes;
  chosen.params = country.params;
  chosen.params.mu = country.params.mu * share;
  chosen.reason = absl::StrCat(
      asked ? "Pooled Hawkes, as requested: "
            : absl::StrCat("Pooled Hawkes: ", few, ", so "),
      absl::StrFormat("the country's alpha and beta are used with mu scaled "
                      "to the province's share (%d of %d incidents)",
                      n, country_n),
      n == 0 ? kNoEvidence : "", ".");
  chosen.fit = BaseFit(RiskModel::kPooledHawkes, n, window);
  chosen.fit.mu_per_day = Scaled(country.fit.mu_per_day, share);
  chosen.fit.alpha = country.fit.alpha;
  chosen.fit.beta_per_day = country.fit.beta_per_day;
  chosen.fit.converged = country.fit.converged;
  if (n > 0) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        chosen.fit.log_likelihood,
        HawkesLogLikelihood(times, window.length(), chosen.params));
  }
  chosen.fit.aic = 2.0 * 3.0 - 2.0 * chosen.fit.log_likelihood;
  return chosen;
}

// The closed-form forecast of one region.
struct Forecast {
  double intensity = 0.0;
  double compensator = 0.0;
  double probability = 0.0;
  double expected_count = 0.0;
};

absl::StatusOr<Forecast> ForecastRegion(const std::vector<double>& times,
                                        const Window& window, int horizon_days,
                                        const HawkesParams& params) {
  const double t = window.length();
  const double horizon = static_cast<double>(horizon_days);
  Forecast forecast;
  DYADSCOPE_ASSIGN_OR_RETURN(forecast.intensity,
                             HawkesIntensity(times, t, params));
  DYADSCOPE_ASSIGN_OR_RETURN(forecast.compensator,
                             HawkesCompensator(times, t, horizon, params));
  DYADSCOPE_ASSIGN_OR_RETURN(forecast.expected_count,
                             HawkesExpectedCount(times, t, horizon, params));
  forecast.probability = ProbabilityAtLeastOne(forecast.compensator);
  return forecast;
}

// Returns the day the fit window starts at for an origin: the first
// incident placed before it (the origin itself when there is none).
int64_t DefaultWindowStart(const std::vector<PlacedIncident>& placed,
                           int64_t origin) {
  if (!placed.empty() && placed.front().day < origin) return placed.front().day;
  return origin;
}

void ValidateRequestCommon(int horizon_days, int min_incidents, RiskModel model,
                           FieldViolations& violations) {
  if (horizon_days < 1 || horizon_days > kMaxHorizonDays) {
    violations.Add("horizon_days",
                   absl::StrCat("must be from 1 to ", kMaxHorizonDays));
  }
  if (min_incidents < 1 || min_incidents > kMaxMinIncidents) {
    violations.Add("min_incidents_for_fit",
                   absl::StrCat("must be from 1 to ", kMaxMinIncidents));
  }
  if (!IsKnownModel(model)) violations.Add("model", "unknown model");
}

double ClippedProbability(double p) {
  return std::clamp(p, kProbabilityClip, 1.0 - kProbabilityClip);
}

double LogScore(double p, bool occurred) {
  const double clipped = ClippedProbability(p);
  return occurred ? -std::log(clipped) : -std::log1p(-clipped);
}

ModelScore Score(const std::vector<BacktestStep>& steps, bool model_side,
                 int bins) {
  ModelScore score;
  score.reliability.resize(static_cast<size_t>(bins));
  std::vector<double> sums(static_cast<size_t>(bins), 0.0);
  std::vector<int> hits(static_cast<size_t>(bins), 0);
  for (int b = 0; b < bins; ++b) {
    score.reliability[b].lower_probability = static_cast<double>(b) / bins;
    score.reliability[b].upper_probability = static_cast<double>(b + 1) / bins;
  }
  for (const BacktestStep& step : steps) {
    const double p =
        model_side ? step.model_probability : step.baseline_probability;
    const double outcome = step.incident_occurred ? 1.0 : 0.0;
    score.brier_score += (p - outcome) * (p - outcome);
    score.log_score += LogScore(p, step.incident_occurred);
    score.mean_forecast += p;
    const int bin = std::min(static_cast<int>(std::floor(p * bins)), bins - 1);
    ++score.reliability[bin].forecast_count;
    sums[bin] += p;
    if (step.incident_occurred) ++hits[bin];
  }
  if (!steps.empty()) {
    const double k = static_cast<double>(steps.size());
    score.brier_score /= k;
    score.log_score /= k;
    score.mean_forecast /= k;
  }
  for (int b = 0; b < bins; ++b) {
    ReliabilityBin& bin = score.reliability[b];
    if (bin.forecast_count == 0) continue;
    bin.mean_forecast = sums[b] / bin.forecast_count;
    bin.observed_frequency = static_cast<double>(hits[b]) / bin.forecast_count;
  }
  if (!model_side) {
    score.model = RiskModel::kPoisson;
  } else {
    int counts[4] = {0, 0, 0, 0};
    for (const BacktestStep& step : steps) {
      const int m = static_cast<int>(step.model);
      if (m >= 0 && m < 4) ++counts[m];
    }
    score.model = RiskModel::kUnspecified;
    int best = 0;
    for (RiskModel m :
         {RiskModel::kHawkes, RiskModel::kPooledHawkes, RiskModel::kPoisson}) {
      if (counts[static_cast<int>(m)] > best) {
        best = counts[static_cast<int>(m)];
        score.model = m;
      }
    }
  }
  return score;
}

// The origins from start to end every `step_months` months.
absl::StatusOr<std::vector<int64_t>> Origins(const Date& start, const Date& end,
                                             int step_months) {
  const absl::CivilMonth first(start.year, start.month);
  const int64_t last = DateSortKey(end);
  std::vector<int64_t> origins;
  for (int64_t k = 0;; ++k) {
    const absl::CivilMonth month = first + k * step_months;
    const absl::CivilDay next_month_first(month + 1);
    const int days_in_month = (next_month_first - 1).day();
    const absl::CivilDay day(month.year(), month.month(),
                             std::min(start.day, days_in_month));
    const int64_t number = day - absl::CivilDay(1970, 1, 1);
    if (number > last) break;
    if (static_cast<int>(origins.size()) >= kMaxBacktestOrigins) {
      return InvalidField(
          "end_date",
          absl::StrCat("gives more than ", kMaxBacktestOrigins, " origins"));
    }
    origins.push_back(number);
  }
  return origins;
}

}  // namespace

std::string NormalizeProvinceName(absl::string_view province) {
  absl::string_view name = absl::StripAsciiWhitespace(province);
  const std::string lower = absl::AsciiStrToLower(name);
  const size_t open = lower.find("(now");
  if (open != std::string::npos) {
    const size_t close = lower.find(')', open);
    absl::string_view inner = name.substr(
        open + 4, close == std::string::npos ? absl::string_view::npos
                                             : close - open - 4);
    inner = absl::StripAsciiWhitespace(inner);
    if (absl::StartsWithIgnoreCase(inner, "part of ")) {
      inner = absl::StripAsciiWhitespace(inner.substr(8));
    }
    // "(nowhere)" and the like are not former names.
    const bool word_boundary = open + 4 >= lower.size() ||
                               lower[open + 4] == ' ' || lower[open + 4] == ':';
    if (word_boundary && !inner.empty()) return std::string(inner);
  }
  return std::string(name);
}

int64_t PlacedDayNumber(const Date& date) {
  const int64_t first = DateSortKey(date);
  if (date.precision == DatePrecision::kDay) return first;
  const int64_t last = DateSortKey(LastDay(date));
  return first + (last - first) / 2;
}

absl::Status ValidateRiskThresholds(const RiskThresholds& thresholds) {
  FieldViolations violations;
  const std::pair<absl::string_view, double> fields[] = {
      {"thresholds.moderate_probability", thresholds.moderate_probability},
      {"thresholds.high_probability", thresholds.high_probability},
      {"thresholds.severe_probability", thresholds.severe_probability},
  };
  for (const auto& [field, value] : fields) {
    if (!std::isfinite(value) || value <= 0.0 || value >= 1.0) {
      violations.Add(field, "must be a probability strictly between 0 and 1");
    }
  }
  if (violations.empty()) {
    if (!(thresholds.high_probability > thresholds.moderate_probability)) {
      violations.Add("thresholds.high_probability",
                     "must be above moderate_probability");
    }
    if (!(thresholds.severe_probability > thresholds.high_probability)) {
      violations.Add("thresholds.severe_probability",
                     "must be above high_probability");
    }
  }
  return violations.ToStatus();
}

RiskLevel RiskLevelFor(double probability, const RiskThresholds& thresholds) {
  if (probability >= thresholds.severe_probability) return RiskLevel::kSevere;
  if (probability >= thresholds.high_probability) return RiskLevel::kHigh;
  if (probability >= thresholds.moderate_probability) {
    return RiskLevel::kModerate;
  }
  return RiskLevel::kLow;
}

absl::StatusOr<double> DecayedSeverity(
    absl::Span<const Incident> incidents, const Date& as_of_date,
    double half_life_days, const std::optional<Date>& history_start_date) {
  FieldViolations violations;
  ValidateDayDate(as_of_date, "as_of_date", violations);
  if (history_start_date.has_value()) {
    ValidateDayDate(*history_start_date, "history_start_date", violations);
  }
  if (!std::isfinite(half_life_days) || half_life_days <= 0.0 ||
      half_life_days > kMaxHalfLifeDays) {
    violations.Add(
        "half_life_days",
        absl::StrCat("must be above 0 and at most ", kMaxHalfLifeDays));
  }
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
  DYADSCOPE_ASSIGN_OR_RETURN(std::vector<PlacedIncident> placed,
                             PlaceIncidents(incidents));
  const int64_t as_of = DateSortKey(as_of_date);
  const int64_t start = history_start_date.has_value()
                            ? DateSortKey(*history_start_date)
                            : std::numeric_limits<int64_t>::min();
  double severity = 0.0;
  for (const PlacedIncident& incident : placed) {
    if (incident.day > as_of || incident.day < start) continue;
    const double age = static_cast<double>(as_of - incident.day);
    severity += incident.weight * std::exp2(-age / half_life_days);
  }
  return severity;
}

absl::StatusOr<RiskAssessment> AssessRisk(absl::Span<const Incident> incidents,
                                          const RiskRequest& request) {
  FieldViolations violations;
  ValidateDayDate(request.as_of_date, "as_of_date", violations);
  if (request.history_start_date.has_value()) {
    ValidateDayDate(*request.history_start_date, "history_start_date",
                    violations);
    if (violations.empty() && DateSortKey(*request.history_start_date) >
                                  DateSortKey(request.as_of_date)) {
      violations.Add("history_start_date", "must not be after as_of_date");
    }
  }
  ValidateRequestCommon(request.horizon_days, request.min_incidents_for_fit,
                        request.model, violations);
  if (!std::isfinite(request.half_life_days) || request.half_life_days <= 0.0 ||
      request.half_life_days > kMaxHalfLifeDays) {
    violations.Add(
        "half_life_days",
        absl::StrCat("must be above 0 and at most ", kMaxHalfLifeDays));
  }
  if (request.simulation_draws < 1 ||
      request.simulation_draws > kMaxSimulationDraws) {
    violations.Add("simulation_draws",
                   absl::StrCat("must be from 1 to ", kMaxSimulationDraws));
  }
  for (const FieldViolation& violation :
       GetFieldViolations(ValidateRiskThresholds(request.thresholds))) {
    violations.Add(violation.field, violation.description);
  }
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());

  DYADSCOPE_ASSIGN_OR_RETURN(std::vector<PlacedIncident> all,
                             PlaceIncidents(incidents));
  const int64_t as_of = DateSortKey(request.as_of_date);
  const int64_t origin = as_of + 1;
  // The incidents of the history: in the window, none after the as-of date.
  std::vector<PlacedIncident> placed;
  for (PlacedIncident& incident : all) {
    if (incident.day > as_of) continue;
    if (request.history_start_date.has_value() &&
        incident.day < DateSortKey(*request.history_start_date)) {
      continue;
    }
    placed.push_back(std::move(incident));
  }
  Window window;
  window.origin = origin;
  window.start = request.history_start_date.has_value()
                     ? DateSortKey(*request.history_start_date)
                     : DefaultWindowStart(placed, origin);

  std::vector<Region> provinces;
  if (!request.provinces.empty()) {
    DYADSCOPE_ASSIGN_OR_RETURN(provinces,
                               RequestedProvinces(request.provinces, placed));
  } else {
    std::map<std::string, std::string> seen;  // key → name as first seen
    for (const PlacedIncident& incident : placed) {
      if (!incident.key.empty()) seen.emplace(incident.key, incident.name);
    }
    for (const auto& [key, name] : seen) {
      provinces.push_back(Region{name, key, false});
    }
  }

  auto assess =
      [&](const Region& region, const ChosenModel& chosen,
          const std::vector<double>& times) -> absl::StatusOr<RegionRisk> {
    RegionRisk risk;
    risk.province = region.name;
    risk.whole_country = region.whole_country;
    risk.incident_count = static_cast<int32_t>(times.size());
    for (const PlacedIncident& incident : placed) {
      if (!region.Contains(incident)) continue;
      const double age = static_cast<double>(as_of - incident.day);
      risk.decayed_severity +=
          incident.weight * std::exp2(-age / request.half_life_days);
      risk.last_incident_date = incidents[incident.index].date;
    }
    risk.fit = chosen.fit;
    risk.model_reason = chosen.reason;
    DYADSCOPE_ASSIGN_OR_RETURN(
        Forecast forecast,
        ForecastRegion(times, window, request.horizon_days, chosen.params));
    risk.intensity_per_day = forecast.intensity;
    risk.probability_at_least_one = forecast.probability;
    risk.expected_count = forecast.expected_count;
    DYADSCOPE_ASSIGN_OR_RETURN(
        CountSimulation simulation,
        SimulateCounts(times, window.length(),
                       static_cast<double>(request.horizon_days), chosen.params,
                       request.simulation_draws, request.seed));
    risk.expected_count_range.lower =
        static_cast<double>(simulation.percentile_5);
    risk.expected_count_range.upper =
        static_cast<double>(simulation.percentile_95);
    risk.expected_count_range.confidence_level = 0.90;
    risk.expected_count_range.method = IntervalMethod::kMonteCarlo;
    risk.expected_count_range.draws = simulation.draws;
    risk.simulated_mean_count = simulation.mean;
    risk.simulated_probability_at_least_one =
        simulation.probability_at_least_one;
    risk.risk_level =
        RiskLevelFor(risk.probability_at_least_one, request.thresholds);
    return risk;
  };

  RiskAssessment assessment;
  assessment.thresholds = request.thresholds;
  assessment.as_of_date = request.as_of_date;
  assessment.horizon_days = request.horizon_days;
  assessment.half_life_days = request.half_life_days;
  assessment.seed = request.seed;

  const Region country_region{"", "", true};
  const std::vector<double> country_times =
      RegionTimes(placed, country_region, window);
  DYADSCOPE_ASSIGN_OR_RETURN(
      ChosenModel country,
      ChooseOwnModel(country_times, window, request.min_incidents_for_fit,
                     request.model == RiskModel::kPooledHawkes
                         ? RiskModel::kUnspecified
                         : request.model));
  DYADSCOPE_ASSIGN_OR_RETURN(assessment.country,
                             assess(country_region, country, country_times));
  for (const Region& region : provinces) {
    const std::vector<double> times = RegionTimes(placed, region, window);
    DYADSCOPE_ASSIGN_OR_RETURN(
        ChosenModel chosen,
        ChooseProvinceModel(times, window, request.min_incidents_for_fit,
                            request.model, country));
    DYADSCOPE_ASSIGN_OR_RETURN(RegionRisk risk, assess(region, chosen, times));
    assessment.provinces.push_back(std::move(risk));
  }
  std::stable_sort(
      assessment.provinces.begin(), assessment.provinces.end(),
      [](const RegionRisk& a, const RegionRisk& b) {
        if (a.probability_at_least_one != b.probability_at_least_one) {
          return a.probability_at_least_one > b.probability_at_least_one;
        }
        return a.province < b.province;
      });
  return assessment;
}

absl::StatusOr<RegionBacktest> ScoreBacktest(std::vector<BacktestStep> steps,
                                             int incidents_before_first_origin,
                                             int reliability_bins) {
  if (reliability_bins < 1 || reliability_bins > kMaxReliabilityBins) {
    return InvalidField("reliability_bins", absl::StrCat("must be from 1 to ",
                                                         kMaxReliabilityBins));
  }
  if (incidents_before_first_origin < 0) {
    return absl::InvalidArgumentError(
        "incidents_before_first_origin must not be negative");
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    for (double p :
         {steps[i].model_probability, steps[i].baseline_probability}) {
      if (!std::isfinite(p) || p < 0.0 || p > 1.0) {
        return absl::InvalidArgumentError(
            absl::StrCat("steps[", i, "] has a probability outside [0, 1]"));
      }
    }
  }
  RegionBacktest backtest;
  backtest.origin_count = static_cast<int32_t>(steps.size());
  for (const BacktestStep& step : steps) {
    if (step.incident_occurred) ++backtest.origins_with_incident;
  }
  backtest.model_score = Score(steps, /*model_side=*/true, reliability_bins);
  backtest.baseline_score =
      Score(steps, /*model_side=*/false, reliability_bins);
  const double model_brier = backtest.model_score.brier_score;
  const double base_brier = backtest.baseline_score.brier_score;
  if (base_brier > 1e-15) {
    backtest.brier_skill_score = 1.0 - model_brier / base_brier;
  }

  const int k = backtest.origin_count;
  const std::string cannot =
      "so it cannot be said whether the self-exciting model beat the "
      "constant-rate Poisson baseline.";
  if (k < kMinBacktestOrigins) {
    backtest.verdict = BacktestVerdict::kInsufficientData;
    backtest.verdict_text = absl::StrFormat(
        "Too few forecast origins to judge (%d, fewer than %d), %s", k,
        kMinBacktestOrigins, cannot);
  } else if (incidents_before_first_origin < kMinBacktestIncidents) {
    backtest.verdict = BacktestVerdict::kInsufficientData;
    backtest.verdict_text = absl::StrFormat(
        "Too few incidents before the first origin to judge (%d, fewer than "
        "%d), %s",
        incidents_before_first_origin, kMinBacktestIncidents, cannot);
  } else {
    // Paired per-origin Brier differences, model − baseline.
    double mean = 0.0;
    std::vector<double> differences;
    differences.reserve(steps.size());
    for (const BacktestStep& step : steps) {
      const double o = step.incident_occurred ? 1.0 : 0.0;
      const double d =
          (step.model_probability - o) * (step.model_probability - o) -
          (step.baseline_probability - o) * (step.baseline_probability - o);
      differences.push_back(d);
      mean += d;
    }
    mean /= k;
    double sum_squares = 0.0;
    for (double d : differences) sum_squares += (d - mean) * (d - mean);
    const double standard_error = std::sqrt(sum_squares / (k - 1) / k);
    const bool clear = std::fabs(mean) > 2.0 * standard_error;
    const double model_log = backtest.model_score.log_score;
    const double base_log = backtest.baseline_score.log_score;
    bool all_poisson = true;
    for (const BacktestStep& step : steps) {
      all_poisson &= step.model == RiskModel::kPoisson;
    }
    if (clear && mean < 0.0 && model_log <= base_log) {
      backtest.verdict = BacktestVerdict::kSelfExcitingBetter;
      backtest.verdict_text = absl::StrFormat(
          "The self-exciting model beat the constant-rate Poisson baseline: "
          "mean Brier score %.4f against %.4f over %d origins (difference "
          "%+.4f, more than twice its standard error %.4f) and log score "
          "%.3f against %.3f.",
          model_brier, base_brier, k, mean, standard_error, model_log,
          base_log);
    } else if (clear && mean > 0.0 && model_log >= base_log) {
      backtest.verdict = BacktestVerdict::kBaselineBetter;
      backtest.verdict_text = absl::StrFormat(
          "The self-exciting model did not beat the constant-rate Poisson "
          "baseline, which scored better: mean Brier score %.4f against "
          "%.4f over %d origins (difference %+.4f, more than twice its "
          "standard error %.4f) and log score %.3f against %.3f.",
          model_brier, base_brier, k, mean, standard_error, model_log,
          base_log);
    } else if (all_poisson) {
      backtest.verdict = BacktestVerdict::kNoClearDifference;
      backtest.verdict_text = absl::StrFormat(
          "The self-exciting model did not beat the constant-rate Poisson "
          "baseline: at all %d origins the data favoured a constant-rate "
          "Poisson model, so both forecasts were the same.",
          k);
    } else if (clear) {
      backtest.verdict = BacktestVerdict::kNoClearDifference;
      backtest.verdict_text = absl::StrFormat(
          "The self-exciting model did not clearly beat the constant-rate "
          "Poisson baseline: the Brier score favours %s (%.4f against %.4f) "
          "but the log score favours %s (%.3f against %.3f).",
          mean < 0.0 ? "the model" : "the baseline", model_brier, base_brier,
          model_log < base_log ? "the model" : "the baseline", model_log,
          base_log);
    } else {
      backtest.verdict = BacktestVerdict::kNoClearDifference;
      backtest.verdict_text = absl::StrFormat(
          "The self-exciting model did not clearly beat the constant-rate "
          "Poisson baseline: mean Brier score %.4f against %.4f over %d "
          "origins, a difference (%+.4f) within two standard errors "
          "(%.4f).",
          model_brier, base_brier, k, mean, standard_error);
    }
  }
  backtest.steps = std::move(steps);
  return backtest;
}

absl::StatusOr<Backtest> BacktestRisk(absl::Span<const Incident> incidents,
                                      const BacktestRequest& request) {
  FieldViolations violations;
  ValidateDayDate(request.start_date, "start_date", violations);
  ValidateDayDate(request.end_date, "end_date", violations);
  if (violations.empty() &&
      DateSortKey(request.end_date) < DateSortKey(request.start_date)) {
    violations.Add("end_date", "must not be before start_date");
  }
  if (request.step_months < 1 || request.step_months > kMaxStepMonths) {
    violations.Add("step_months",
                   absl::StrCat("must be from 1 to ", kMaxStepMonths));
  }
  if (request.reliability_bins < 1 ||
      request.reliability_bins > kMaxReliabilityBins) {
    violations.Add("reliability_bins",
                   absl::StrCat("must be from 1 to ", kMaxReliabilityBins));
  }
  ValidateRequestCommon(request.horizon_days, request.min_incidents_for_fit,
                        request.model, violations);
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());

  DYADSCOPE_ASSIGN_OR_RETURN(std::vector<PlacedIncident> placed,
                             PlaceIncidents(incidents));
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::vector<int64_t> origins,
      Origins(request.start_date, request.end_date, request.step_months));
  DYADSCOPE_ASSIGN_OR_RETURN(std::vector<Region> provinces,
                             RequestedProvinces(request.provinces, placed));
  std::vector<Region> regions;
  regions.push_back(Region{"", "", true});
  for (Region& region : provinces) regions.push_back(std::move(region));

  std::vector<std::vector<BacktestStep>> steps(regions.size());
  const RiskModel country_request = request.model == RiskModel::kPooledHawkes
                                        ? RiskModel::kUnspecified
                                        : request.model;
  for (int64_t origin : origins) {
    Window window;
    window.origin = origin;
    window.start = DefaultWindowStart(placed, origin);
    ChosenModel country;
    for (size_t r = 0; r < regions.size(); ++r) {
      const std::vector<double> times = RegionTimes(placed, regions[r], window);
      ChosenModel chosen;
      if (r == 0) {
        DYADSCOPE_ASSIGN_OR_RETURN(
            chosen, ChooseOwnModel(times, window, request.min_incidents_for_fit,
                                   country_request));
        country = chosen;
      } else {
        DYADSCOPE_ASSIGN_OR_RETURN(
            chosen,
            ChooseProvinceModel(times, window, request.min_incidents_for_fit,
                                request.model, country));
      }
      DYADSCOPE_ASSIGN_OR_RETURN(
          Forecast forecast,
          ForecastRegion(times, window, request.horizon_days, chosen.params));
      BacktestStep step;
      step.origin_date = DateFromDayNumber(origin);
      step.model = chosen.model;
      step.model_probability = forecast.probability;
      if (window.length() > 0.0) {
        const double rate = static_cast<double>(times.size()) / window.length();
        step.baseline_probability =
            ProbabilityAtLeastOne(rate * request.horizon_days);
      }
      for (const PlacedIncident& incident : placed) {
        if (incident.day >= origin &&
            incident.day < origin + request.horizon_days &&
            regions[r].Contains(incident)) {
          ++step.incidents_in_horizon;
        }
      }
      step.incident_occurred = step.incidents_in_horizon > 0;
      steps[r].push_back(step);
    }
  }

  Backtest backtest;
  backtest.horizon_days = request.horizon_days;
  backtest.step_months = request.step_months;
  const int64_t first_origin = origins.empty() ? 0 : origins.front();
  for (size_t r = 0; r < regions.size(); ++r) {
    int before = 0;
    for (const PlacedIncident& incident : placed) {
      if (incident.day < first_origin && regions[r].Contains(incident)) {
        ++before;
      }
    }
    DYADSCOPE_ASSIGN_OR_RETURN(
        RegionBacktest scored,
        ScoreBacktest(std::move(steps[r]), before, request.reliability_bins));
    scored.province = regions[r].name;
    scored.whole_country = regions[r].whole_country;
    if (!request.include_steps) scored.steps.clear();
    if (r == 0) {
      backtest.country = std::move(scored);
    } else {
      backtest.provinces.push_back(std::move(scored));
    }
  }
  return backtest;
}

}  // namespace dyadscope::security_risk
