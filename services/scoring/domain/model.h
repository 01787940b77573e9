// File: services/scoring/domain/model.h
// -----------------------------------------------------------------------------
// The scoring model: indices (SCI, AII, SEI) built from weighted, normalised
// components, the classification thresholds on (SCI, AII), the default model
// with every weight, goalpost and rationale, the indicators the service
// knows, and the validation of a caller's model. Plain C++: the types mirror
// dyadscope.scoring.v1's ScoringModel, IndexDefinition, Component,
// MinMaxNormalization, ZScoreNormalization, ClassificationThresholds and
// KnownIndicator (model.proto) field for field, without protobuf; enum values
// match the proto numbers.
//
// Usage:
//
//   ScoringModel model = DefaultModel();
//   model.indices[0].components[2].weight = 0.3;
//   DYADSCOPE_RETURN_IF_ERROR(ValidateModel(model, KnownIndicatorIds()));

#ifndef DYADSCOPE_SERVICES_SCORING_DOMAIN_MODEL_H_
#define DYADSCOPE_SERVICES_SCORING_DOMAIN_MODEL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "domain_enums/scoring.h"

namespace dyadscope::scoring {

// The indices a model computes, each on a 0–100 scale
// (dyadscope.scoring.v1.Index).
// enum class Index: generated from the contract (domain_enums/scoring.h).
//   kStrategicConvergence:
//    SCI
//   kAsymmetricInterdependence:
//    AII
//   kSecurityExposure:
//    SEI

// The kind of relationship, from SCI and AII
// (dyadscope.scoring.v1.RelationshipClass).
// enum class RelationshipClass: generated from the contract
// (domain_enums/scoring.h).
//   kUnspecified:
//    not determinable
//   kPartnership:
//    high SCI, low AII
//   kHierarchicalInterdependence:
//    high SCI, high AII
//   kDependency:
//    low SCI, high AII
//   kTransactional:
//    low SCI, low AII

// Which way a component pushes its index (dyadscope.scoring.v1.Direction).
// enum class Direction: generated from the contract (domain_enums/scoring.h).
//   kUnspecified:
//    invalid in a model
//   kPositive:
//    a higher value raises the index
//   kNegative:
//    a higher value lowers it: normalised = 100 − …

// How an indicator value is mapped onto 0–100
// (dyadscope.scoring.v1.NormalizationMethod).
// enum class NormalizationMethod: generated from the contract
// (domain_enums/scoring.h).
//   kUnspecified:
//    invalid in a model
//   kMinMax:
//    linear between goalposts, clipped to 0–100
//   kZScore:
//    100 · Φ((x − mean) / sd)

// How the components of an index are combined
// (dyadscope.scoring.v1.Aggregation).
// enum class Aggregation: generated from the contract (domain_enums/scoring.h).
//   kUnspecified:
//    treated as kWeightedArithmeticMean
//   kWeightedArithmeticMean:
//    Σ w_i·x_i / Σ w_i
//   kWeightedGeometricMean:
//    Π max(x_i, 1)^(w_i / Σ w)

// Min–max goalposts: `lower_goalpost` maps to 0, `upper_goalpost` to 100, in
// the indicator's unit; lower < upper.
struct MinMaxNormalization {
  double lower_goalpost = 0.0;
  double upper_goalpost = 0.0;
};

// A z-score reference distribution, in the indicator's unit; sd > 0.
struct ZScoreNormalization {
  double reference_mean = 0.0;
  double reference_standard_deviation = 0.0;
  std::string reference_description;
};

// One component of an index. `min_max` / `z_score` are absent when the
// message is not set; the one named by `normalization` is required, the
// other is the alternative Monte Carlo may use.
struct Component {
  std::string indicator_id;
  std::string display_name;
  double weight = 0.0;  // nominal, > 0, relative
  Direction direction = Direction::kUnspecified;
  NormalizationMethod normalization = NormalizationMethod::kUnspecified;
  std::optional<MinMaxNormalization> min_max;
  std::optional<ZScoreNormalization> z_score;
  std::string rationale;
  std::string unit;
};

// The share of an index's weight that must be present when
// IndexDefinition.min_coverage is absent.
inline constexpr double kDefaultMinCoverage = 0.5;

// The definition of one index.
struct IndexDefinition {
  Index index = Index::kUnspecified;
  std::string display_name;
  std::string description;
  std::vector<Component> components;  // at least one, each indicator once
  Aggregation aggregation = Aggregation::kUnspecified;
  std::optional<double> min_coverage;  // 0–1; absent: kDefaultMinCoverage
};

// The default SCI and AII thresholds: at or above is "high".
inline constexpr double kDefaultConvergenceThreshold = 50.0;
inline constexpr double kDefaultInterdependenceThreshold = 50.0;

// Where (SCI, AII) splits into high and low, on 0–100; absent means the
// default (in a model) or the model's value (as a request override).
struct ClassificationThresholds {
  std::optional<double> convergence_threshold;
  std::optional<double> interdependence_threshold;
};

// A complete scoring model.
struct ScoringModel {
  std::string model_id;
  std::string version;
  std::string description;
  std::vector<IndexDefinition> indices;  // SCI and AII are required
  ClassificationThresholds thresholds;
};

// An indicator the service knows and where its value usually comes from.
struct KnownIndicator {
  std::string indicator_id;
  std::string display_name;
  std::string unit;
  std::string description;
  std::string origin;  // "<service>.<Rpc>: <field>" and how it is requested
};

// Returns the indicators the service knows, in a fixed order: every id the
// default model uses, each with the backend figure the gateway takes it
// from.
std::vector<KnownIndicator> KnownIndicators();

// Returns the ids of KnownIndicators(), in the same order.
std::vector<std::string> KnownIndicatorIds();

// Returns the default model ("dyadscope-default"): SCI, AII and SEI with
// their components, weights, goalposts and rationales, thresholds 50/50 and
// min coverage 0.5 for every index. It passes ValidateModel.
ScoringModel DefaultModel();

// Returns the English name of an index ("Strategic Convergence Index").
absl::string_view IndexName(Index index);

// Returns the English name of a class ("hierarchical interdependence").
absl::string_view RelationshipClassName(RelationshipClass relationship_class);

// Checks `model` and returns OK, or INVALID_ARGUMENT carrying one
// FieldViolation (common/status/error_details.h) per problem, each named by
// its proto field path under `field_prefix` ("model" names
// "model.indices[0].components[2].weight"):
// - indices: at least one; SCI and AII present; each index set and at most
//   once ("…indices[i].index");
// - components: at least one per index; indicator_id set, one of
//   `known_indicator_ids` and at most once per index; weight finite and
//   > 0 (an index whose weights are all zero is named on each weight);
//   direction and normalisation set;
// - min_max required for MIN_MAX, z_score for Z_SCORE; when present,
//   finite goalposts with lower < upper ("…min_max.lower_goalpost") and a
//   finite mean with a finite reference sd > 0
//   ("…z_score.reference_standard_deviation");
// - min_coverage, when present, in 0–1;
// - thresholds, when present, finite and in 0–100
//   ("model.thresholds.convergence_threshold").
absl::Status ValidateModel(const ScoringModel& model,
                           absl::Span<const std::string> known_indicator_ids,
                           absl::string_view field_prefix = "model");

}  // namespace dyadscope::scoring

#endif  // DYADSCOPE_SERVICES_SCORING_DOMAIN_MODEL_H_
