// File: services/security_risk/domain/risk.h
// -----------------------------------------------------------------------------
// The computations behind SecurityRiskService.AssessRisk and BacktestRisk:
// from incident records, a forecast per province and for the whole country
// (decayed severity, a self-exciting model with its fallbacks, the
// probability of at least one incident in a horizon and a risk level), and a
// rolling-origin backtest of those forecasts against a constant-rate Poisson
// baseline. Pure C++ over hawkes.h: the structs mirror
// dyadscope.securityrisk.v1's RiskThresholds, ModelFit, RegionRisk,
// ReliabilityBin, ModelScore, BacktestStep and RegionBacktest (and the
// RiskModel, RiskLevel and BacktestVerdict enums) without protobuf.
//
// Usage (the store supplies the incidents of one country, already filtered
// by partner and read at the request's as-of time; these functions do not
// filter by country):
//
//   RiskRequest request;
//   request.as_of_date = Date{2025, 1, 1};
//   DYADSCOPE_ASSIGN_OR_RETURN(RiskAssessment risk,
//                              AssessRisk(incidents, request));
//
// Conventions, shared by both computations:
// - Provinces. An incident belongs to the province NormalizeProvinceName
//   gives for location.province: the text inside "(now X)" when present
//   ("FATA (now Khyber Pakhtunkhwa)" counts for "Khyber Pakhtunkhwa"),
//   trimmed; names are matched case-insensitively and shown as first seen
//   (after normalisation). Incidents without a province count for the
//   country only.
// - Dates. An incident is placed on one day: the day itself for day
//   precision, the middle day of the month (1st + ⌊(days − 1)/2⌋: the 15th,
//   16th or 14th) or of the year (2 July, 1 July in leap years) for coarser
//   precision.
// - Time axis. Model times are days from the first day of the fit window;
//   an incident sits at the start of its placed day. A forecast origin is
//   the start of a day: for AssessRisk the day after `as_of_date` (so the
//   as-of day's incidents are history and the horizon is the H days after
//   it); for a backtest the origin date itself (only incidents placed before
//   it are history; the outcome counts incidents placed on the origin day
//   through the H − 1 days after it).
// - No look-ahead. Incidents placed after the as-of date (at or after a
//   backtest origin) are ignored by the fit, the counts and the severity.
// - Fit window. From `history_start_date` (AssessRisk; default: the day of
//   the first incident in the country at or before the origin) to the
//   origin, the same window for the country and every province, so a
//   province's rate is not inflated by starting at its own first incident.
//   Incidents before the window are ignored everywhere.
// - Model choice (RiskModel::kUnspecified):
//   * the country, with at least `min_incidents_for_fit` incidents, gets its
//     own Hawkes fit (HAWKES) when the fit converged, did not end on the
//     edge of its parameter range (HawkesFit::at_parameter_bound: α at its
//     upper bound or β at a bound, a nearly explosive or trend-mimicking
//     kernel) and its AIC is lower than the constant-rate Poisson's;
//     otherwise, or with fewer incidents, a constant-rate Poisson fitted on
//     the window (POISSON);
//   * a province with at least `min_incidents_for_fit` incidents follows
//     the same rule on its own incidents;
//   * a province with fewer incidents, when the country model is HAWKES,
//     uses the country's α and β with μ scaled to the province's share of
//     the country's incidents, μ_p = μ·n_p/n (POOLED_HAWKES), excited by the
//     province's own incidents; when the country model is POISSON, a
//     constant-rate Poisson on the province's incidents (POISSON).
//   `model_reason` says which model answered and why in one sentence.
//   Requesting kPoisson uses Poisson everywhere; kHawkes uses an own Hawkes
//   fit wherever there are enough incidents and it converged, without the
//   edge and AIC tests; kPooledHawkes uses pooled parameters for every province
//   (the country keeps its automatic choice; provinces fall back to Poisson
//   when the country model is Poisson). With no incident in the window the rate
//   is 0 and so is the probability: no evidence, which the reason says.
// - Log-likelihood and AIC of a pooled model are those of the province's
//   incidents under the pooled parameters, with 3 parameters; Poisson has 1.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_RISK_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_RISK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/types/types.h"
#include "domain_enums/security_risk.h"
#include "services/security_risk/domain/hawkes.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {

// The model that produced a forecast (dyadscope.securityrisk.v1.RiskModel).
// enum class RiskModel: generated from the contract
// (domain_enums/security_risk.h).

// A risk level (dyadscope.securityrisk.v1.RiskLevel).
// enum class RiskLevel: generated from the contract
// (domain_enums/security_risk.h).

// The plain answer of a backtest (dyadscope.securityrisk.v1.BacktestVerdict).
// enum class BacktestVerdict: generated from the contract
// (domain_enums/security_risk.h).

// Probability thresholds for the risk levels; each in (0, 1), strictly
// increasing. The defaults are the service's.
struct RiskThresholds {
  double moderate_probability = 0.25;
  double high_probability = 0.5;
  double severe_probability = 0.75;
};

// A fitted incident model (dyadscope.securityrisk.v1.ModelFit).
struct ModelFit {
  RiskModel model = RiskModel::kUnspecified;
  ParameterEstimate mu_per_day;
  std::optional<ParameterEstimate> alpha;         // absent for Poisson
  std::optional<ParameterEstimate> beta_per_day;  // absent for Poisson
  double log_likelihood = 0.0;
  int32_t incident_count = 0;
  Date fit_start_date;  // the first day of the window
  Date fit_end_date;    // the last day of the window (the as-of date)
  bool converged = false;
  double aic = 0.0;  // 2k − 2·log_likelihood
};

// The forecast for one province or the whole country
// (dyadscope.securityrisk.v1.RegionRisk).
struct RegionRisk {
  std::string province;  // empty for the whole country
  bool whole_country = false;
  int32_t incident_count = 0;  // in the fit window, up to the as-of date
  std::optional<Date> last_incident_date;  // as recorded (any precision)
  // S(t) = Σ w_i·2^(−(t − t_i)/h), w_i = 1 + ln(1 + fatalities_total_i)
  // (fatalities unknown count as 0), t − t_i the days from the incident's
  // placed day to the as-of date (0 for an incident on the as-of date), h
  // the half-life.
  double decayed_severity = 0.0;
  ModelFit fit;
  std::string model_reason;
  double intensity_per_day = 0.0;  // λ at the origin
  // 1 − e^(−Λ), Λ the compensator over the horizon (closed form).
  double probability_at_least_one = 0.0;
  // The expected number of incidents in the horizon, closed form: Λ for
  // Poisson, and for Hawkes models Λ plus the incidents the horizon's own
  // incidents trigger (HawkesExpectedCount), which is what the simulated
  // mean estimates. (The proto's comment calls it Λ; that holds for α = 0.)
  double expected_count = 0.0;
  // The 5th–95th percentile range of simulated counts (confidence 0.90,
  // kMonteCarlo, the number of draws).
  Interval expected_count_range;
  std::optional<double> simulated_mean_count;
  std::optional<double> simulated_probability_at_least_one;
  RiskLevel risk_level = RiskLevel::kUnspecified;
};

// The fixed default seed of the simulations.
inline constexpr uint64_t kDefaultRiskSeed = 20240501;

// What AssessRisk computes (dyadscope.securityrisk.v1.AssessRiskRequest less
// the store's concerns: country, partner and as-of time select the
// incidents).
struct RiskRequest {
  // The forecast origin: incidents placed after it are ignored and the
  // horizon is the `horizon_days` days after it. Day precision.
  Date as_of_date;
  int horizon_days = 365;         // 1 to 3,650
  double half_life_days = 365.0;  // > 0, at most 36,500
  // The first day of the history; absent: the first incident's placed day.
  // Not after `as_of_date`. Day precision.
  std::optional<Date> history_start_date;
  RiskModel model = RiskModel::kUnspecified;       // unspecified: automatic
  int min_incidents_for_fit = 5;                   // 1 to 10,000
  int simulation_draws = kDefaultSimulationDraws;  // 1 to 100,000
  uint64_t seed = kDefaultRiskSeed;  // every region's simulation uses it
  RiskThresholds thresholds;
  // Provinces to assess (each normalised as above, duplicates ignored);
  // empty: every province with an incident in the window. A requested
  // province without incidents is assessed with 0 incidents.
  std::vector<std::string> provinces;
};

// The answer of AssessRisk (dyadscope.securityrisk.v1.AssessRiskResponse
// less the store's sources and data version).
struct RiskAssessment {
  RegionRisk country;
  // Descending probability; ties by name.
  std::vector<RegionRisk> provinces;
  RiskThresholds thresholds;
  Date as_of_date;
  int horizon_days = 0;
  double half_life_days = 0.0;
  uint64_t seed = 0;
};

// Returns the province an incident's location.province counts for: the
// text inside the first "(now X)" (case-insensitive "now"; a leading "part
// of " inside is dropped) when present and not empty, else the whole name;
// trimmed of ASCII whitespace. "NWFP (now Khyber Pakhtunkhwa)" →
// "Khyber Pakhtunkhwa"; " Sindh " → "Sindh".
std::string NormalizeProvinceName(absl::string_view province);

// Returns the day number (days since 1970-01-01) an incident date is placed
// on: the day for day precision, the middle day of the month or year
// otherwise (see above). `date` must be valid.
int64_t PlacedDayNumber(const Date& date);

// Returns OK when the thresholds are each in (0, 1) and strictly
// increasing, else INVALID_ARGUMENT naming "thresholds.<field>".
absl::Status ValidateRiskThresholds(const RiskThresholds& thresholds);

// Returns the level of `probability`: LOW below moderate, MODERATE from
// moderate, HIGH from high, SEVERE from severe.
RiskLevel RiskLevelFor(double probability, const RiskThresholds& thresholds);

// Returns S = Σ w_i·2^(−age_i/h) over incidents placed on or before
// `as_of_date` (and, when given, on or after `history_start_date`), w_i and
// age_i as in RegionRisk::decayed_severity; negative fatalities count as 0.
// Errors: INVALID_ARGUMENT for an invalid date or half-life.
absl::StatusOr<double> DecayedSeverity(
    absl::Span<const Incident> incidents, const Date& as_of_date,
    double half_life_days,
    const std::optional<Date>& history_start_date = std::nullopt);

// Computes the forecast for the whole country and each province. Errors:
// INVALID_ARGUMENT naming the request field ("as_of_date", "horizon_days",
// "half_life_days", "history_start_date", "min_incidents_for_fit",
// "simulation_draws", "thresholds.high_probability", "provinces[2]" for an
// empty name, "model") or "incidents[i].date" for an invalid incident date;
// RESOURCE_EXHAUSTED when a simulation would be too large.
absl::StatusOr<RiskAssessment> AssessRisk(absl::Span<const Incident> incidents,
                                          const RiskRequest& request);

// How often forecasts in one probability bin came true
// (dyadscope.securityrisk.v1.ReliabilityBin).
struct ReliabilityBin {
  double lower_probability = 0.0;  // inclusive
  double upper_probability = 0.0;  // exclusive; inclusive for the last bin
  int32_t forecast_count = 0;
  std::optional<double> mean_forecast;       // absent when empty
  std::optional<double> observed_frequency;  // absent when empty
};

// One model's scores over a backtest (dyadscope.securityrisk.v1.ModelScore).
struct ModelScore {
  // For the self-exciting side the model that answered at most origins
  // (ties: HAWKES, then POOLED_HAWKES, then POISSON); POISSON for the
  // baseline.
  RiskModel model = RiskModel::kUnspecified;
  double brier_score = 0.0;  // mean (p − o)²
  // Mean −ln p(observed outcome), p clipped to [1e−6, 1 − 1e−6].
  double log_score = 0.0;
  double mean_forecast = 0.0;
  std::vector<ReliabilityBin> reliability;  // every bin, ascending
};

// One forecast origin (dyadscope.securityrisk.v1.BacktestStep).
struct BacktestStep {
  Date origin_date;
  double model_probability = 0.0;
  double baseline_probability = 0.0;
  RiskModel model = RiskModel::kUnspecified;
  bool incident_occurred = false;
  int32_t incidents_in_horizon = 0;
};

// The backtest of one region (dyadscope.securityrisk.v1.RegionBacktest).
struct RegionBacktest {
  std::string province;  // empty for the whole country
  bool whole_country = false;
  int32_t origin_count = 0;
  int32_t origins_with_incident = 0;
  ModelScore model_score;
  ModelScore baseline_score;
  // 1 − model Brier / baseline Brier; absent when the baseline Brier is 0.
  std::optional<double> brier_skill_score;
  BacktestVerdict verdict = BacktestVerdict::kUnspecified;
  std::string verdict_text;
  std::vector<BacktestStep> steps;  // time order; empty unless asked for
};

// What BacktestRisk computes (dyadscope.securityrisk.v1.BacktestRiskRequest
// less the store's concerns). The backtest uses closed-form probabilities
// only, so the request's seed plays no part.
struct BacktestRequest {
  Date start_date;  // the first origin; day precision
  // The last origin (inclusive), not before `start_date`. The caller turns
  // an absent end date into the last origin whose horizon is complete
  // (today − horizon): outcomes of horizons that run past the data are
  // counted as no incident.
  Date end_date;
  int step_months = 1;     // 1 to 120; origins keep the start's day of month,
                           // clamped to the month's length
  int horizon_days = 365;  // 1 to 3,650
  int min_incidents_for_fit = 5;              // 1 to 10,000
  int reliability_bins = 10;                  // 1 to 100
  RiskModel model = RiskModel::kUnspecified;  // as in RiskRequest
  // Provinces besides the whole country, in this order (normalised,
  // duplicates ignored).
  std::vector<std::string> provinces;
  bool include_steps = true;
};

// The answer of BacktestRisk.
struct Backtest {
  RegionBacktest country;
  std::vector<RegionBacktest> provinces;  // request order
  int horizon_days = 0;
  int step_months = 0;
};

// The most origins one backtest may have.
inline constexpr int kMaxBacktestOrigins = 2'000;

// The fewest origins, and incidents before the first origin, a verdict
// needs.
inline constexpr int kMinBacktestOrigins = 12;
inline constexpr int kMinBacktestIncidents = 3;

// Scores a region's backtest steps (in time order) and judges them.
//
// Scores as in ModelScore; the reliability table has `reliability_bins`
// equal-width bins of the forecast probability. Verdict:
// INSUFFICIENT_DATA with fewer than kMinBacktestOrigins origins or fewer
// than kMinBacktestIncidents incidents before the first origin. Otherwise a
// paired comparison of the per-origin Brier differences d_k = (p_k − o_k)² −
// (b_k − o_k)²: their mean d̄ and standard error s/√K (s the sample
// standard deviation); the difference is clear when |d̄| > 2·SE. A clear
// negative d̄ with a model log score not above the baseline's is
// SELF_EXCITING_BETTER; a clear positive d̄ with a log score not below the
// baseline's is BASELINE_BETTER; anything else (not clear, or the two
// scores disagree) is NO_CLEAR_DIFFERENCE. Caveat: when horizons overlap
// (a 365-day horizon with monthly origins) consecutive differences are
// correlated and s/√K understates the uncertainty, so "clear" is lenient.
// `verdict_text` says in one sentence whether the self-exciting model beat the
// baseline. The returned steps are `steps`. Errors: INVALID_ARGUMENT for a
// probability outside [0, 1], bins outside 1–100 or a negative incident
// count.
absl::StatusOr<RegionBacktest> ScoreBacktest(std::vector<BacktestStep> steps,
                                             int incidents_before_first_origin,
                                             int reliability_bins = 10);

// Runs the rolling-origin backtest: origins every `step_months` months from
// `start_date` to `end_date`; at each, for the country and each requested
// province, the model is chosen and fitted on the incidents placed before
// the origin only (as AssessRisk would with the day before as its as-of
// date), and P(≥ 1 in the horizon) is forecast by it and by the
// constant-rate Poisson baseline with rate n/T from the same window; the
// outcome is whether an incident was placed in [origin, origin + H). Scored
// by ScoreBacktest. Errors: INVALID_ARGUMENT naming the field
// ("start_date", "end_date", "step_months", "horizon_days",
// "min_incidents_for_fit", "reliability_bins", "provinces[1]", "model"),
// also for more than kMaxBacktestOrigins origins, or "incidents[i].date".
absl::StatusOr<Backtest> BacktestRisk(absl::Span<const Incident> incidents,
                                      const BacktestRequest& request);

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_RISK_H_
