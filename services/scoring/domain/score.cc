#include "services/scoring/domain/score.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/stats/quantile.h"
#include "common/stats/random.h"
#include "common/status/error_details.h"

namespace dyadscope::scoring {
namespace {

// Random streams (CounterRng purposes).
constexpr uint64_t kValueNoiseStream = 101;
constexpr uint64_t kWeightNoiseStream = 102;
constexpr uint64_t kNormalizationCoinStream = 103;
constexpr uint64_t kAggregationCoinStream = 104;
constexpr uint64_t kSobolSeedStream = 105;

// FNV-1a: a platform-independent key for an indicator id.
using stats::Fnv1a64;

// The normalisation of one component in both methods, precomputed.
struct Normalizer {
  double lower = 0.0;
  double span = 1.0;
  double mean = 0.0;
  double sd = 1.0;
  bool negative = false;

  static Normalizer For(const Component& c) {
    const MinMaxNormalization mm = EffectiveMinMax(c);
    const ZScoreNormalization z = EffectiveZScore(c);
    Normalizer n;
    n.lower = mm.lower_goalpost;
    n.span = mm.upper_goalpost - mm.lower_goalpost;
    n.mean = z.reference_mean;
    n.sd = z.reference_standard_deviation;
    n.negative = c.direction == Direction::kNegative;
    return n;
  }

  double Apply(double x, bool z_score) const {
    double n;
    if (z_score) {
      n = 100.0 * NormalCdf((x - mean) / sd);
    } else {
      n = std::clamp(100.0 * (x - lower) / span, 0.0, 100.0);
    }
    return negative ? 100.0 - n : n;
  }
};

// Returns the aggregate of `m` normalised values with positive weights.
double Combine(bool geometric, const double* n, const double* w, size_t m) {
  double weight_sum = 0.0;
  for (size_t i = 0; i < m; ++i) weight_sum += w[i];
  double s = 0.0;
  if (!geometric) {
    for (size_t i = 0; i < m; ++i) s += (w[i] / weight_sum) * n[i];
    return s;
  }
  for (size_t i = 0; i < m; ++i) {
    s += (w[i] / weight_sum) * std::log(std::max(n[i], kGeometricMeanFloor));
  }
  return std::exp(s);
}

// A component whose value is present in the period.
struct PresentComponent {
  size_t position = 0;  // in the index definition
  const Component* component = nullptr;
  double raw = 0.0;
  double standard_error = 0.0;  // 0: no noise
  bool has_standard_error = false;
  uint64_t value_key = 0;
  Normalizer normalizer;
  bool z_score = false;  // the point method
  double normalized = 0.0;
};

// One index of one period, ready for the draws.
struct PreparedIndex {
  size_t position = 0;  // in the model
  const IndexDefinition* definition = nullptr;
  bool geometric = false;
  std::vector<PresentComponent> present;
  double coverage = 0.0;
  bool insufficient = true;
  std::optional<double> score;
};

// The resolved settings of one request.
struct Settings {
  int draws = kDefaultDraws;
  uint64_t seed = kDefaultSeed;
  double weight_perturbation = kDefaultWeightPerturbation;
  bool vary_normalization = false;
  bool vary_aggregation = false;
  bool sobol = true;
  int base_samples = kDefaultSobolBaseSamples;
  double change_confidence_level = kDefaultChangeConfidenceLevel;
  double convergence_threshold = kDefaultConvergenceThreshold;
  double interdependence_threshold = kDefaultInterdependenceThreshold;
};

PreparedIndex PrepareIndex(
    const IndexDefinition& definition, size_t position,
    const absl::flat_hash_map<absl::string_view, const IndicatorValue*>&
        values) {
  PreparedIndex p;
  p.position = position;
  p.definition = &definition;
  p.geometric = definition.aggregation == Aggregation::kWeightedGeometricMean;
  double total_weight = 0.0, present_weight = 0.0;
  for (size_t j = 0; j < definition.components.size(); ++j) {
    const Component& c = definition.components[j];
    total_weight += c.weight;
    auto it = values.find(c.indicator_id);
    if (it == values.end() || !it->second->value.has_value()) continue;
    present_weight += c.weight;
    PresentComponent pc;
    pc.position = j;
    pc.component = &c;
    pc.raw = *it->second->value;
    pc.has_standard_error = it->second->standard_error.has_value();
    pc.standard_error = it->second->standard_error.value_or(0.0);
    pc.value_key = Fnv1a64(c.indicator_id);
    pc.normalizer = Normalizer::For(c);
    pc.z_score = c.normalization == NormalizationMethod::kZScore;
    pc.normalized = pc.normalizer.Apply(pc.raw, pc.z_score);
    p.present.push_back(pc);
  }
  p.coverage = total_weight > 0.0 ? present_weight / total_weight : 0.0;
  const double min_coverage =
      definition.min_coverage.value_or(kDefaultMinCoverage);
  p.insufficient = p.present.empty() || p.coverage < min_coverage;
  if (!p.insufficient) {
    std::vector<double> n, w;
    for (const PresentComponent& pc : p.present) {
      n.push_back(pc.normalized);
      w.push_back(pc.component->weight);
    }
    p.score = Combine(p.geometric, n.data(), w.data(), n.size());
  }
  return p;
}

// Builds the point-estimate part of an IndexScore: components with their
// normalised values, effective weights and contributions.
IndexScore PointResult(const PreparedIndex& p) {
  IndexScore out;
  out.index = p.definition->index;
  out.coverage = p.coverage;
  out.insufficient = p.insufficient;
  out.score = p.score;
  const std::vector<Component>& components = p.definition->components;
  out.components.resize(components.size());
  for (size_t j = 0; j < components.size(); ++j) {
    out.components[j].indicator_id = components[j].indicator_id;
    out.components[j].weight = components[j].weight;
    out.components[j].missing = true;
  }
  double present_weight = 0.0;
  for (const PresentComponent& pc : p.present) {
    present_weight += pc.component->weight;
  }
  // Σ_j w̃_j·ln max(n_j, 1), for the geometric decomposition.
  double log_sum = 0.0;
  for (const PresentComponent& pc : p.present) {
    log_sum += (pc.component->weight / present_weight) *
               std::log(std::max(pc.normalized, kGeometricMeanFloor));
  }
  for (const PresentComponent& pc : p.present) {
    ComponentResult& r = out.components[pc.position];
    r.missing = false;
    r.raw_value = pc.raw;
    if (pc.has_standard_error) r.standard_error = pc.standard_error;
    r.normalized_value = pc.normalized;
    r.effective_weight = pc.component->weight / present_weight;
    if (!p.score.has_value()) continue;
    if (!p.geometric) {
      r.contribution = r.effective_weight * pc.normalized;
    } else if (log_sum > 0.0) {
      r.contribution = *p.score * r.effective_weight *
                       std::log(std::max(pc.normalized, kGeometricMeanFloor)) /
                       log_sum;
    } else {
      r.contribution = r.effective_weight * *p.score;
    }
  }
  return out;
}

// Returns the scores of every draw for each index (empty for insufficient
// indices).
std::vector<std::vector<double>> DrawScores(
    const std::vector<PreparedIndex>& indices, const Settings& s) {
  std::vector<std::vector<double>> draws(indices.size());
  if (s.draws == 1) {
    for (size_t i = 0; i < indices.size(); ++i) {
      if (indices[i].score.has_value()) draws[i] = {*indices[i].score};
    }
    return draws;
  }
  const CounterRng value_rng(s.seed, kValueNoiseStream);
  const CounterRng weight_rng(s.seed, kWeightNoiseStream);
  const CounterRng normalization_coin(s.seed, kNormalizationCoinStream);
  const CounterRng aggregation_coin(s.seed, kAggregationCoinStream);
  size_t widest = 0;
  for (size_t i = 0; i < indices.size(); ++i) {
    if (indices[i].insufficient) continue;
    draws[i].resize(s.draws);
    widest = std::max(widest, indices[i].present.size());
  }
  std::vector<double> n(widest), w(widest);
  const double f = s.weight_perturbation;
  for (int d = 0; d < s.draws; ++d) {
    const bool other_normalization =
        s.vary_normalization && normalization_coin.Uniform(d, 0) < 0.5;
    const bool other_aggregation =
        s.vary_aggregation && aggregation_coin.Uniform(d, 0) < 0.5;
    for (size_t i = 0; i < indices.size(); ++i) {
      const PreparedIndex& p = indices[i];
      if (p.insufficient) continue;
      for (size_t j = 0; j < p.present.size(); ++j) {
        const PresentComponent& pc = p.present[j];
        double x = pc.raw;
        if (pc.standard_error > 0.0) {
          x += pc.standard_error * value_rng.StandardNormal(d, pc.value_key);
        }
        n[j] = pc.normalizer.Apply(x, pc.z_score != other_normalization);
        const double weight = pc.component->weight;
        if (f > 0.0) {
          const uint64_t key =
              (static_cast<uint64_t>(p.position) << 32) | pc.position;
          w[j] = weight * (1.0 + f * (2.0 * weight_rng.Uniform(d, key) - 1.0));
        } else {
          w[j] = weight;
        }
      }
      draws[i][d] = Combine(p.geometric != other_aggregation, n.data(),
                            w.data(), p.present.size());
    }
  }
  return draws;
}

ScoreDistribution Distribute(const std::vector<double>& draws) {
  ScoreDistribution out;
  out.draws = static_cast<int>(draws.size());
  // Shifted sums: identical draws give exactly that value and sd 0.
  const double ref = draws.front();
  double sum = 0.0;
  for (double v : draws) sum += v - ref;
  const double n = static_cast<double>(draws.size());
  out.mean = ref + sum / n;
  double ss = 0.0;
  for (double v : draws) ss += (v - out.mean) * (v - out.mean);
  out.standard_deviation = draws.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
  std::vector<double> values = draws;
  const std::vector<double> q =
      stats::SelectQuantiles(values, {0.05, 0.50, 0.95});
  out.p5 = q[0];
  out.p50 = q[1];
  out.p95 = q[2];
  return out;
}

// Fills the Sobol indices of one sufficient index.
absl::Status AddSensitivity(const PreparedIndex& p, const Settings& s,
                            IndexScore& out) {
  const size_t m = p.present.size();
  std::vector<InputDistribution> inputs;
  inputs.reserve(2 * m);
  for (const PresentComponent& pc : p.present) {
    if (pc.has_standard_error) {
      inputs.push_back(InputDistribution::Normal(pc.raw, pc.standard_error));
    } else {
      const double half = kSobolValueSpreadShare * pc.normalizer.span;
      inputs.push_back(
          InputDistribution::Uniform(pc.raw - half, pc.raw + half));
    }
  }
  const double f = s.weight_perturbation;
  for (const PresentComponent& pc : p.present) {
    const double w = pc.component->weight;
    inputs.push_back(InputDistribution::Uniform(w * (1.0 - f), w * (1.0 + f)));
  }
  std::vector<double> n(m);
  auto model = [&](absl::Span<const double> x) {
    for (size_t j = 0; j < m; ++j) {
      n[j] = p.present[j].normalizer.Apply(x[j], p.present[j].z_score);
    }
    return Combine(p.geometric, n.data(), x.data() + m, m);
  };
  SobolOptions options;
  options.base_samples = s.base_samples;
  options.seed = CounterRng(s.seed, kSobolSeedStream).Bits(p.position, 0);
  absl::StatusOr<SobolResult> result =
      ComputeSobolIndices(inputs, model, options);
  if (!result.ok()) {
    return absl::InternalError(absl::StrCat("sensitivity of ",
                                            IndexName(p.definition->index),
                                            ": ", result.status().message()));
  }
  auto clip = [](SobolIndices v) {
    return SobolIndices{std::clamp(v.first_order, 0.0, 1.0),
                        std::clamp(v.total, 0.0, 1.0)};
  };
  for (size_t j = 0; j < m; ++j) {
    ComponentResult& r = out.components[p.present[j].position];
    r.value_sensitivity = clip(result->indices[j]);
    r.weight_sensitivity = clip(result->indices[m + j]);
  }
  return absl::OkStatus();
}

bool IsHigh(double score, double threshold) { return score >= threshold; }

RelationshipClass ClassOf(bool high_sci, bool high_aii) {
  if (high_sci) {
    return high_aii ? RelationshipClass::kHierarchicalInterdependence
                    : RelationshipClass::kPartnership;
  }
  return high_aii ? RelationshipClass::kDependency
                  : RelationshipClass::kTransactional;
}

// The raw value of component `pc` at which index `p` reaches `threshold`
// with every other input fixed, or nullopt when no reachable value crosses
// it.
std::optional<double> Crossing(const PreparedIndex& p,
                               const PresentComponent& pc, double threshold) {
  const double score = *p.score;
  double present_weight = 0.0;
  for (const PresentComponent& q : p.present) {
    present_weight += q.component->weight;
  }
  const double w = pc.component->weight / present_weight;
  const bool high = IsHigh(score, threshold);
  double target;  // the normalised value at which the score is `threshold`
  if (!p.geometric) {
    target = pc.normalized + (threshold - score) / w;
  } else {
    if (threshold <= 0.0) return std::nullopt;
    target = std::max(pc.normalized, kGeometricMeanFloor) *
             std::pow(threshold / score, 1.0 / w);
  }
  if (!std::isfinite(target)) return std::nullopt;
  // Going down (high → low) the score must fall below the threshold
  // somewhere under `target`; going up it must reach it at `target`.
  const double lowest = p.geometric ? kGeometricMeanFloor : 0.0;
  if (pc.z_score) {
    if (!(target > 0.0 && target < 100.0)) return std::nullopt;
  } else if (high ? !(target > lowest) : !(target <= 100.0)) {
    return std::nullopt;
  }
  // Values below the geometric floor count as the floor.
  if (high && p.geometric && !(target > kGeometricMeanFloor)) {
    return std::nullopt;
  }
  return DenormalizeValue(
      *pc.component, target,
      pc.z_score ? NormalizationMethod::kZScore : NormalizationMethod::kMinMax);
}

// Computes the class flips of one period.
std::vector<ClassFlip> ClassFlips(const PreparedIndex& sci,
                                  const PreparedIndex& aii, const Settings& s) {
  std::vector<ClassFlip> flips;
  const double thresholds[2] = {s.convergence_threshold,
                                s.interdependence_threshold};
  const PreparedIndex* pair[2] = {&sci, &aii};
  const bool high[2] = {IsHigh(*sci.score, thresholds[0]),
                        IsHigh(*aii.score, thresholds[1])};
  for (int which = 0; which < 2; ++which) {
    for (const PresentComponent& pc : pair[which]->present) {
      ClassFlip flip;
      flip.indicator_id = pc.component->indicator_id;
      flip.index = pair[which]->definition->index;
      // The crossing of each of SCI and AII that reads this indicator.
      std::optional<double> delta[2];
      for (int k = 0; k < 2; ++k) {
        for (const PresentComponent& q : pair[k]->present) {
          if (q.component->indicator_id != pc.component->indicator_id) {
            continue;
          }
          std::optional<double> x = Crossing(*pair[k], q, thresholds[k]);
          if (x.has_value()) delta[k] = *x - q.raw;
        }
      }
      int best = -1;
      for (int k = 0; k < 2; ++k) {
        if (!delta[k].has_value()) continue;
        if (best < 0 || std::abs(*delta[k]) < std::abs(*delta[best])) {
          best = k;
        }
      }
      if (best >= 0) {
        bool new_high[2] = {high[0], high[1]};
        for (int k = 0; k < 2; ++k) {
          // Both flip when they cross at the same point in one direction.
          if (delta[k].has_value() &&
              (k == best ||
               (std::signbit(*delta[k]) == std::signbit(*delta[best]) &&
                std::abs(*delta[k] - *delta[best]) <=
                    1e-12 * std::max(1.0, std::abs(*delta[best]))))) {
            new_high[k] = !new_high[k];
          }
        }
        flip.flip_possible = true;
        flip.required_change = *delta[best];
        flip.flip_value = pc.raw + *delta[best];
        flip.flipped_class = ClassOf(new_high[0], new_high[1]);
      }
      flips.push_back(std::move(flip));
    }
  }
  return flips;
}

Settings Resolve(const ScoreRequest& request, const ScoringModel& model) {
  Settings s;
  const MonteCarloSettings& mc = request.monte_carlo;
  s.draws = mc.draws == 0 ? kDefaultDraws : mc.draws;
  s.seed = mc.seed.value_or(kDefaultSeed);
  s.weight_perturbation =
      mc.weight_perturbation.value_or(kDefaultWeightPerturbation);
  s.vary_normalization = mc.vary_normalization;
  s.vary_aggregation = mc.vary_aggregation;
  s.sobol = !request.sensitivity.skip;
  s.base_samples = request.sensitivity.base_samples == 0
                       ? kDefaultSobolBaseSamples
                       : request.sensitivity.base_samples;
  s.change_confidence_level =
      request.change_confidence_level.value_or(kDefaultChangeConfidenceLevel);
  s.convergence_threshold = request.thresholds.convergence_threshold.value_or(
      model.thresholds.convergence_threshold.value_or(
          kDefaultConvergenceThreshold));
  s.interdependence_threshold =
      request.thresholds.interdependence_threshold.value_or(
          model.thresholds.interdependence_threshold.value_or(
              kDefaultInterdependenceThreshold));
  return s;
}

void CheckThreshold(const std::optional<double>& value, absl::string_view field,
                    FieldViolations& violations) {
  if (value.has_value() &&
      (!std::isfinite(*value) || *value < 0.0 || *value > 100.0)) {
    violations.Add(field,
                   absl::StrCat("must be between 0 and 100, got ", *value));
  }
}

}  // namespace

MinMaxNormalization EffectiveMinMax(const Component& component) {
  if (component.min_max.has_value()) return *component.min_max;
  if (component.z_score.has_value()) {
    const ZScoreNormalization& z = *component.z_score;
    return MinMaxNormalization{
        z.reference_mean - 2.0 * z.reference_standard_deviation,
        z.reference_mean + 2.0 * z.reference_standard_deviation};
  }
  return MinMaxNormalization{0.0, 1.0};
}

ZScoreNormalization EffectiveZScore(const Component& component) {
  if (component.z_score.has_value()) return *component.z_score;
  const MinMaxNormalization mm = EffectiveMinMax(component);
  ZScoreNormalization z;
  z.reference_mean = 0.5 * (mm.lower_goalpost + mm.upper_goalpost);
  z.reference_standard_deviation =
      0.25 * (mm.upper_goalpost - mm.lower_goalpost);
  z.reference_description = "derived from the goalposts (at mean ± 2 sd)";
  return z;
}

double NormalizeValue(const Component& component, double x,
                      NormalizationMethod method) {
  if (method == NormalizationMethod::kUnspecified) {
    method = component.normalization;
  }
  return Normalizer::For(component).Apply(
      x, method == NormalizationMethod::kZScore);
}

std::optional<double> DenormalizeValue(const Component& component,
                                       double normalized,
                                       NormalizationMethod method) {
  if (method == NormalizationMethod::kUnspecified) {
    method = component.normalization;
  }
  const Normalizer n = Normalizer::For(component);
  const double v = n.negative ? 100.0 - normalized : normalized;
  if (method == NormalizationMethod::kZScore) {
    if (!(v > 0.0 && v < 100.0)) return std::nullopt;
    return n.mean + n.sd * InverseNormalCdf(v / 100.0);
  }
  return n.lower + std::clamp(v, 0.0, 100.0) / 100.0 * n.span;
}

double Aggregate(Aggregation aggregation, absl::Span<const double> normalized,
                 absl::Span<const double> weights) {
  return Combine(aggregation == Aggregation::kWeightedGeometricMean,
                 normalized.data(), weights.data(),
                 std::min(normalized.size(), weights.size()));
}

RelationshipClass Classify(std::optional<double> sci, std::optional<double> aii,
                           double convergence_threshold,
                           double interdependence_threshold) {
  if (!sci.has_value() || !aii.has_value()) {
    return RelationshipClass::kUnspecified;
  }
  return ClassOf(IsHigh(*sci, convergence_threshold),
                 IsHigh(*aii, interdependence_threshold));
}

absl::Status ValidateScoreRequest(
    const ScoreRequest& request,
    absl::Span<const std::string> known_indicator_ids) {
  FieldViolations violations;
  if (request.model.has_value()) {
    const absl::Status status =
        ValidateModel(*request.model, known_indicator_ids, "model");
    for (const FieldViolation& v : GetFieldViolations(status)) {
      violations.Add(v.field, v.description);
    }
  }
  CheckThreshold(request.thresholds.convergence_threshold,
                 "thresholds.convergence_threshold", violations);
  CheckThreshold(request.thresholds.interdependence_threshold,
                 "thresholds.interdependence_threshold", violations);
  if (request.periods.empty() ||
      request.periods.size() > static_cast<size_t>(kMaxPeriods)) {
    violations.Add("periods",
                   absl::StrCat("must hold 1 to ", kMaxPeriods,
                                " periods, got ", request.periods.size()));
  }
  const absl::flat_hash_set<std::string> known(known_indicator_ids.begin(),
                                               known_indicator_ids.end());
  absl::flat_hash_map<std::string, size_t> period_names;
  for (size_t i = 0; i < request.periods.size(); ++i) {
    const PeriodIndicators& period = request.periods[i];
    const std::string path = absl::StrCat("periods[", i, "]");
    if (period.period.name.empty()) {
      violations.Add(path + ".period.name", "is required");
    } else if (auto [it, inserted] =
                   period_names.emplace(period.period.name, i);
               !inserted) {
      violations.Add(
          path + ".period.name",
          absl::StrCat("\"", period.period.name,
                       "\" is already used by periods[", it->second, "]"));
    }
    absl::flat_hash_map<std::string, size_t> ids;
    for (size_t j = 0; j < period.values.size(); ++j) {
      const IndicatorValue& v = period.values[j];
      const std::string value_path = absl::StrCat(path, ".values[", j, "]");
      if (v.indicator_id.empty()) {
        violations.Add(value_path + ".indicator_id", "is required");
      } else if (!known.contains(v.indicator_id)) {
        violations.Add(
            value_path + ".indicator_id",
            absl::StrCat("unknown indicator id \"", v.indicator_id, "\""));
      } else if (auto [it, inserted] = ids.emplace(v.indicator_id, j);
                 !inserted) {
        violations.Add(
            value_path + ".indicator_id",
            absl::StrCat("\"", v.indicator_id, "\" is already given by values[",
                         it->second, "]"));
      }
      if (v.value.has_value() && !std::isfinite(*v.value)) {
        violations.Add(value_path + ".value", "must be a finite number");
      }
      if (v.standard_error.has_value() &&
          (!std::isfinite(*v.standard_error) || *v.standard_error < 0.0)) {
        violations.Add(value_path + ".standard_error",
                       absl::StrCat("must be a finite number >= 0, got ",
                                    *v.standard_error));
      }
    }
  }
  const MonteCarloSettings& mc = request.monte_carlo;
  if (mc.draws < 0 || mc.draws > kMaxDraws) {
    violations.Add("monte_carlo.draws",
                   absl::StrCat("must be 1 to ", kMaxDraws,
                                " (0 for the default), got ", mc.draws));
  }
  if (mc.weight_perturbation.has_value() &&
      (!std::isfinite(*mc.weight_perturbation) ||
       *mc.weight_perturbation < 0.0 || *mc.weight_perturbation > 1.0)) {
    violations.Add(
        "monte_carlo.weight_perturbation",
        absl::StrCat("must be between 0 and 1, got ", *mc.weight_perturbation));
  }
  const int base_samples = request.sensitivity.base_samples;
  if (base_samples < 0 || base_samples > kMaxSobolBaseSamples) {
    violations.Add("sensitivity.base_samples",
                   absl::StrCat("must be 1 to ", kMaxSobolBaseSamples,
                                " (0 for the default), got ", base_samples));
  }
  if (request.change_confidence_level.has_value() &&
      !(*request.change_confidence_level > 0.0 &&
        *request.change_confidence_level < 1.0)) {
    violations.Add("change_confidence_level",
                   absl::StrCat("must be strictly between 0 and 1, got ",
                                *request.change_confidence_level));
  }
  return violations.ToStatus();
}

absl::StatusOr<ScoreResponse> Score(const ScoreRequest& request) {
  if (absl::Status status = ValidateScoreRequest(request, KnownIndicatorIds());
      !status.ok()) {
    return status;
  }
  ScoreResponse response;
  response.model = request.model.has_value() ? *request.model : DefaultModel();
  const ScoringModel& model = response.model;
  const Settings s = Resolve(request, model);
  response.thresholds.convergence_threshold = s.convergence_threshold;
  response.thresholds.interdependence_threshold = s.interdependence_threshold;
  response.monte_carlo.draws = s.draws;
  response.monte_carlo.seed = s.seed;
  response.monte_carlo.weight_perturbation = s.weight_perturbation;
  response.monte_carlo.vary_normalization = s.vary_normalization;
  response.monte_carlo.vary_aggregation = s.vary_aggregation;

  std::optional<size_t> sci_position, aii_position;
  for (size_t i = 0; i < model.indices.size(); ++i) {
    if (model.indices[i].index == Index::kStrategicConvergence) {
      sci_position = i;
    }
    if (model.indices[i].index == Index::kAsymmetricInterdependence) {
      aii_position = i;
    }
  }

  std::vector<std::vector<double>> previous_draws;
  for (size_t t = 0; t < request.periods.size(); ++t) {
    const PeriodIndicators& period = request.periods[t];
    absl::flat_hash_map<absl::string_view, const IndicatorValue*> values;
    for (const IndicatorValue& v : period.values) {
      values.emplace(v.indicator_id, &v);
    }
    std::vector<PreparedIndex> prepared;
    prepared.reserve(model.indices.size());
    for (size_t i = 0; i < model.indices.size(); ++i) {
      prepared.push_back(PrepareIndex(model.indices[i], i, values));
    }
    std::vector<std::vector<double>> draws = DrawScores(prepared, s);

    PeriodScore out;
    out.period = period.period;
    for (size_t i = 0; i < prepared.size(); ++i) {
      IndexScore index = PointResult(prepared[i]);
      if (!prepared[i].insufficient) {
        index.distribution = Distribute(draws[i]);
        if (s.sobol) {
          if (absl::Status status = AddSensitivity(prepared[i], s, index);
              !status.ok()) {
            return status;
          }
        }
      }
      out.indices.push_back(std::move(index));
    }
    const PreparedIndex& sci = prepared[*sci_position];
    const PreparedIndex& aii = prepared[*aii_position];
    out.relationship_class =
        Classify(sci.score, aii.score, s.convergence_threshold,
                 s.interdependence_threshold);
    if (out.relationship_class != RelationshipClass::kUnspecified) {
      std::array<int64_t, 5> counts{};
      const std::vector<double>& sci_draws = draws[*sci_position];
      const std::vector<double>& aii_draws = draws[*aii_position];
      for (size_t d = 0; d < sci_draws.size(); ++d) {
        ++counts[static_cast<int>(Classify(sci_draws[d], aii_draws[d],
                                           s.convergence_threshold,
                                           s.interdependence_threshold))];
      }
      for (RelationshipClass c :
           {RelationshipClass::kPartnership,
            RelationshipClass::kHierarchicalInterdependence,
            RelationshipClass::kDependency,
            RelationshipClass::kTransactional}) {
        out.class_probabilities.push_back(
            {c, static_cast<double>(counts[static_cast<int>(c)]) /
                    static_cast<double>(sci_draws.size())});
      }
      out.class_flips = ClassFlips(sci, aii, s);
    }

    if (t > 0) {
      const PeriodScore& before = response.periods.back();
      PeriodChange change;
      change.from_period = before.period.name;
      change.to_period = out.period.name;
      change.from_class = before.relationship_class;
      change.to_class = out.relationship_class;
      change.class_changed =
          change.from_class != RelationshipClass::kUnspecified &&
          change.to_class != RelationshipClass::kUnspecified &&
          change.from_class != change.to_class;
      for (size_t i = 0; i < prepared.size(); ++i) {
        IndexChange ic;
        ic.index = model.indices[i].index;
        const std::optional<double>& from = before.indices[i].score;
        const std::optional<double>& to = out.indices[i].score;
        if (from.has_value() && to.has_value()) {
          ic.change = *to - *from;
          std::vector<double> diff(draws[i].size());
          int64_t rises = 0;
          for (size_t d = 0; d < diff.size(); ++d) {
            diff[d] = draws[i][d] - previous_draws[i][d];
            if (diff[d] > 0.0) ++rises;
          }
          ic.probability_increase =
              static_cast<double>(rises) / static_cast<double>(diff.size());
          const double tail = 0.5 * (1.0 - s.change_confidence_level);
          const std::vector<double> q =
              stats::SelectQuantiles(diff, {tail, 1 - tail});
          ic.interval = Interval{q[0], q[1], s.change_confidence_level,
                                 static_cast<int>(diff.size())};
        }
        change.index_changes.push_back(std::move(ic));
      }
      response.changes.push_back(std::move(change));
    }
    response.periods.push_back(std::move(out));
    previous_draws = std::move(draws);
  }
  return response;
}

}  // namespace dyadscope::scoring
