// File: services/scoring/domain/score.h
// -----------------------------------------------------------------------------
// The computation behind ScoringService.Score: indicator values per period
// and a scoring model in; per period and index the score, each component's
// normalised value and contribution, coverage, a Monte Carlo distribution,
// Sobol sensitivities, the class with its probabilities and the smallest
// single change that flips it; and the changes between consecutive periods.
// Pure C++: the structs mirror dyadscope.scoring.v1's IndicatorValue,
// PeriodIndicators, MonteCarloSettings, SensitivitySettings, ScoreRequest,
// ScoreDistribution, ComponentResult, IndexScore, ClassProbability,
// ClassFlip, PeriodScore, IndexChange, PeriodChange and ScoreResponse
// (score.proto, scoring_service.proto) without protobuf.
//
// Definitions (x raw value, n normalised value on 0–100):
//
// Normalisation. Min–max: n = 100·(x − lower)/(upper − lower) clipped to
//   0–100. Z-score: n = 100·Φ((x − mean)/sd), never clipped (0 < n < 100).
//   DIRECTION_NEGATIVE then takes 100 − n. When a component defines only one
//   method, the other one (used when Monte Carlo varies the normalisation,
//   and for the Sobol value spread of a z-score component) is derived: a
//   z-score reference with mean (lower + upper)/2 and sd (upper − lower)/4,
//   so the goalposts sit at ±2 sd (n ≈ 2.3 and 97.7); or goalposts
//   mean ± 2·sd.
//
// Aggregation over the components present, with effective weights
//   w̃_i = w_i / Σ_present w: arithmetic S = Σ w̃_i·n_i; geometric
//   S = Π max(n_i, 1)^w̃_i (a value below 1 counts as 1, so one zero does
//   not annihilate the index; the contract's floor).
//
// Contributions sum to the score. Arithmetic: c_i = w̃_i·n_i (the score is
//   computed as their sum). Geometric: the log decomposition
//   c_i = S·w̃_i·ln max(n_i, 1) / Σ_j w̃_j·ln max(n_j, 1), splitting S in
//   proportion to w_i·ln x_i; when every value is at the floor (S = 1)
//   c_i = w̃_i·S.
//
// Coverage and insufficiency. coverage = Σ_present w / Σ_all w (nominal
//   weights). Below the index's min_coverage (default 0.5), or with no
//   component present, the index is insufficient: no score, no contribution,
//   no distribution, no sensitivity (normalised values and effective weights
//   are still reported). Presence is a property of the data and is never
//   drawn: every Monte Carlo draw has the same components as the point.
//
// Classification on (SCI, AII) with thresholds t_c, t_i (at or above is
//   high): partnership (SCI ≥ t_c, AII < t_i), hierarchical interdependence
//   (≥, ≥), dependency (<, ≥), transactional (<, <); unspecified when SCI or
//   AII is insufficient.
//
// Monte Carlo (N draws, seeded). Draw d perturbs, for every component
//   present, the value x + SE·z (z standard normal; no noise without a
//   standard error) and the weight w·(1 + u), u ~ U(−f, f), then
//   renormalises. With vary_normalization one fair coin per draw switches
//   every component to its other method; with vary_aggregation one coin per
//   draw switches every index to the other mean. The random numbers are
//   addressed by (seed, draw, indicator id) for values and (seed, draw,
//   index, component) for weights, so an indicator feeding two indices gets
//   the same noise in both, and two periods scored in one request are
//   paired draw by draw (common random numbers). Percentiles are linear
//   interpolations of the order statistics (Hyndman–Fan type 7); the
//   standard deviation uses N − 1. N = 1 gives the point estimate itself.
//   Class probabilities are the shares of draws in each class; since
//   presence is fixed, every draw has a class when the point has one, and
//   the four probabilities sum to 1 (empty list when SCI or AII is
//   insufficient; there is no "no class" share).
//
// Sobol sensitivity (sobol.h), for every sufficient index (SCI, AII and
//   SEI), of its point-method score with respect to each present
//   component's value and weight (k = 2 × components present inputs, all
//   independent): value ~ normal(x, SE) when a standard error is given (an
//   SE of 0 makes it fixed), else uniform on x ± 10% of the goalpost span
//   (upper − lower, derived goalposts for z-score components); weight ~
//   w·(1 + U(−f, f)), fixed when f = 0. A fixed input gets 0 for both
//   indices. The index uses its point normalisation and aggregation.
//   Reported indices are clipped to 0–1. At the contract's default base
//   sample size (4,096) the estimator reproduces the Ishigami indices
//   within 0.006 and index-shaped models within about 0.007 (sobol.h), and
//   the whole default request stays far inside the 100 ms budget.
//
// Class flips, for each SCI and AII component present when the class is
//   known: the raw value of that indicator is varied alone (every SCI/AII
//   component reading it responds; effective weights stay fixed). Each
//   index containing it crosses its threshold at most once, since the
//   score is monotone in the value; the nearest crossing (in raw units)
//   wins. The crossing is solved on the normalised scale (arithmetic:
//   n* = n + (t − S)/w̃; geometric: n* = max(n, 1)·(t/S)^(1/w̃)) and mapped
//   back through the goalposts (or Φ⁻¹ for z-score components).
//   flip_value is the boundary: going up the class flips at it; going down
//   the score equals the threshold there (still high) and flips just
//   beyond. No flip is possible when the crossing lies outside the reachable
//   normalised range (0–100 for min-max, including its ends only when going
//   up; open for z-score; above the floor 1 for geometric going down).
//
// Changes between consecutive periods, per index with both scores present:
//   the point change, the percentile interval (default 90%) and the share of
//   draws with a rise, from the paired differences draw_d(later) −
//   draw_d(earlier).

#ifndef DYADSCOPE_SERVICES_SCORING_DOMAIN_SCORE_H_
#define DYADSCOPE_SERVICES_SCORING_DOMAIN_SCORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/types/types.h"
#include "services/scoring/domain/model.h"
#include "services/scoring/domain/sobol.h"

namespace dyadscope::scoring {

// Monte Carlo defaults and limits (MonteCarloSettings).
inline constexpr int kDefaultDraws = 10000;
inline constexpr int kMaxDraws = 100000;
inline constexpr uint64_t kDefaultSeed = 20250601;
inline constexpr double kDefaultWeightPerturbation = 0.25;

// The default coverage of the between-period change intervals.
inline constexpr double kDefaultChangeConfidenceLevel = 0.90;

// The most periods one request may score.
inline constexpr int kMaxPeriods = 200;

// The floor of normalised values in the geometric mean.
inline constexpr double kGeometricMeanFloor = 1.0;

// The Sobol value spread without a standard error: ± this share of the
// goalpost span.
inline constexpr double kSobolValueSpreadShare = 0.10;

// One indicator's value in one period.
struct IndicatorValue {
  std::string indicator_id;
  std::optional<double> value;           // absent: missing
  std::optional<double> standard_error;  // ≥ 0; absent: no noise
  std::string note;
};

// The indicator values of one period.
struct PeriodIndicators {
  Period period;
  std::vector<IndicatorValue> values;  // each indicator at most once
};

// Monte Carlo settings; zero/absent fields take the defaults above.
struct MonteCarloSettings {
  int draws = 0;  // 0: kDefaultDraws; else 1..kMaxDraws
  std::optional<uint64_t> seed;
  std::optional<double> weight_perturbation;  // f, 0..1
  bool vary_normalization = false;
  bool vary_aggregation = false;
};

// Sobol settings.
struct SensitivitySettings {
  bool skip = false;
  int base_samples = 0;  // 0: kDefaultSobolBaseSamples; else 1..65,536
};

// A Score request.
struct ScoreRequest {
  std::optional<ScoringModel> model;      // absent: DefaultModel()
  ClassificationThresholds thresholds;    // overrides of the model's
  std::vector<PeriodIndicators> periods;  // 1..kMaxPeriods, in time order
  MonteCarloSettings monte_carlo;
  SensitivitySettings sensitivity;
  std::optional<double> change_confidence_level;  // (0, 1); absent: 0.90
};

// The distribution of an index over the Monte Carlo draws.
struct ScoreDistribution {
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  double mean = 0.0;
  double standard_deviation = 0.0;
  int draws = 0;
};

// One component's part in an index.
struct ComponentResult {
  std::string indicator_id;
  std::optional<double> raw_value;
  std::optional<double> standard_error;
  std::optional<double> normalized_value;  // 0–100, direction applied
  double weight = 0.0;                     // nominal
  double effective_weight = 0.0;           // renormalised; 0 when missing
  std::optional<double> contribution;      // index points
  bool missing = false;
  std::optional<SobolIndices> value_sensitivity;
  std::optional<SobolIndices> weight_sensitivity;
};

// One index in one period.
struct IndexScore {
  Index index = Index::kUnspecified;
  std::optional<double> score;  // absent when insufficient
  double coverage = 0.0;
  bool insufficient = false;
  std::vector<ComponentResult> components;  // model order
  std::optional<ScoreDistribution> distribution;
};

// The probability of one class over the draws.
struct ClassProbability {
  RelationshipClass relationship_class = RelationshipClass::kUnspecified;
  double probability = 0.0;
};

// The smallest change of one component's value that flips the class.
struct ClassFlip {
  std::string indicator_id;
  Index index = Index::kUnspecified;
  bool flip_possible = false;
  std::optional<double> required_change;  // raw units, signed
  std::optional<double> flip_value;       // raw units
  RelationshipClass flipped_class = RelationshipClass::kUnspecified;
};

// The scores of one period.
struct PeriodScore {
  Period period;
  std::vector<IndexScore> indices;  // model order
  RelationshipClass relationship_class = RelationshipClass::kUnspecified;
  std::vector<ClassProbability> class_probabilities;  // enum order or empty
  std::vector<ClassFlip> class_flips;
};

// A two-sided Monte Carlo percentile interval.
struct Interval {
  double lower = 0.0;
  double upper = 0.0;
  double confidence_level = 0.0;
  int draws = 0;
};

// The change of one index between two periods.
struct IndexChange {
  Index index = Index::kUnspecified;
  std::optional<double> change;  // later − earlier
  std::optional<Interval> interval;
  std::optional<double> probability_increase;
};

// What changed between two consecutive periods.
struct PeriodChange {
  std::string from_period;
  std::string to_period;
  std::vector<IndexChange> index_changes;  // model order
  RelationshipClass from_class = RelationshipClass::kUnspecified;
  RelationshipClass to_class = RelationshipClass::kUnspecified;
  bool class_changed = false;
};

// A Score response.
struct ScoreResponse {
  std::vector<PeriodScore> periods;     // request order
  std::vector<PeriodChange> changes;    // between consecutive periods
  ScoringModel model;                   // the model used
  ClassificationThresholds thresholds;  // used, overrides applied, both set
  MonteCarloSettings monte_carlo;       // used: every default filled in
};

// Returns a component's min–max goalposts: its own, or derived from its
// z-score reference (mean ± 2 sd) when it has none. The component must have
// one of the two (ValidateModel).
MinMaxNormalization EffectiveMinMax(const Component& component);

// Returns a component's z-score reference: its own, or derived from its
// goalposts (mean = midpoint, sd = span / 4) when it has none.
ZScoreNormalization EffectiveZScore(const Component& component);

// Returns the normalised value (0–100, direction applied) of raw value `x`
// under `method` (kUnspecified means the component's own method).
double NormalizeValue(const Component& component, double x,
                      NormalizationMethod method);

// Returns the raw value whose normalised value (direction applied) is
// `normalized` under `method`, or nullopt when no finite value maps there
// (z-score at 0 or 100). For min–max the result lies within the goalposts.
std::optional<double> DenormalizeValue(const Component& component,
                                       double normalized,
                                       NormalizationMethod method);

// Returns the aggregate of normalised values with the given weights (any
// positive scale; renormalised here). Both spans have the same, non-zero
// length.
double Aggregate(Aggregation aggregation, absl::Span<const double> normalized,
                 absl::Span<const double> weights);

// Returns the class of (SCI, AII) under the thresholds; unspecified when
// either score is absent.
RelationshipClass Classify(std::optional<double> sci, std::optional<double> aii,
                           double convergence_threshold,
                           double interdependence_threshold);

// Checks a request (with the model validated against
// `known_indicator_ids`) and returns OK or INVALID_ARGUMENT with one
// FieldViolation per problem, named by ScoreRequest field paths: the model
// ("model.indices[0].components[2].weight", see ValidateModel);
// "thresholds.convergence_threshold" / ".interdependence_threshold" (0–100);
// "periods" (1..200); "periods[i].period.name" (required, unique);
// "periods[i].values[j].indicator_id" (required, known, once per period);
// "…value" (finite); "…standard_error" (finite, ≥ 0); "monte_carlo.draws"
// (0 for the default, else 1..100,000); "monte_carlo.weight_perturbation"
// (0–1); "sensitivity.base_samples" (0 for the default, else 1..65,536);
// "change_confidence_level" (strictly between 0 and 1).
absl::Status ValidateScoreRequest(
    const ScoreRequest& request,
    absl::Span<const std::string> known_indicator_ids);

// Scores `request` (see the file comment). Returns INVALID_ARGUMENT as
// ValidateScoreRequest does against KnownIndicatorIds(). Deterministic: the
// same request (and seed) gives the same response. Thread-safe (no shared
// state).
absl::StatusOr<ScoreResponse> Score(const ScoreRequest& request);

}  // namespace dyadscope::scoring

#endif  // DYADSCOPE_SERVICES_SCORING_DOMAIN_SCORE_H_
