#include "services/scoring/domain/model.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status/error_details.h"

namespace dyadscope::scoring {
namespace {

// Builds a min–max component.
Component MinMax(std::string indicator_id, std::string display_name,
                 double weight, Direction direction, double lower, double upper,
                 std::string unit, std::string rationale) {
  Component c;
  c.indicator_id = std::move(indicator_id);
  c.display_name = std::move(display_name);
  c.weight = weight;
  c.direction = direction;
  c.normalization = NormalizationMethod::kMinMax;
  c.min_max = MinMaxNormalization{lower, upper};
  c.unit = std::move(unit);
  c.rationale = std::move(rationale);
  return c;
}

std::string Path(absl::string_view prefix, absl::string_view rest) {
  if (prefix.empty()) return std::string(rest);
  return absl::StrCat(prefix, ".", rest);
}

void CheckThreshold(const std::optional<double>& value,
                    const std::string& field, FieldViolations& violations) {
  if (!value.has_value()) return;
  if (!std::isfinite(*value) || *value < 0.0 || *value > 100.0) {
    violations.Add(field,
                   absl::StrCat("must be between 0 and 100, got ", *value));
  }
}

void ValidateComponent(const Component& c, const std::string& path,
                       const absl::flat_hash_set<std::string>& known,
                       bool all_weights_zero, FieldViolations& violations) {
  if (c.indicator_id.empty()) {
    violations.Add(path + ".indicator_id", "is required");
  } else if (!known.contains(c.indicator_id)) {
    violations.Add(path + ".indicator_id",
                   absl::StrCat("unknown indicator id \"", c.indicator_id,
                                "\" (GetDefaultModel lists the known ids)"));
  }
  if (!std::isfinite(c.weight)) {
    violations.Add(path + ".weight", "must be a finite number");
  } else if (c.weight < 0.0) {
    violations.Add(path + ".weight",
                   absl::StrCat("must not be negative, got ", c.weight));
  } else if (c.weight == 0.0) {
    violations.Add(path + ".weight",
                   all_weights_zero
                       ? "must be greater than 0 (every weight of this index "
                         "is zero)"
                       : "must be greater than 0");
  }
  if (c.direction != Direction::kPositive &&
      c.direction != Direction::kNegative) {
    violations.Add(path + ".direction",
                   "must be DIRECTION_POSITIVE or DIRECTION_NEGATIVE");
  }
  switch (c.normalization) {
    case NormalizationMethod::kMinMax:
      if (!c.min_max.has_value()) {
        violations.Add(path + ".min_max",
                       "is required for NORMALIZATION_METHOD_MIN_MAX");
      }
      break;
    case NormalizationMethod::kZScore:
      if (!c.z_score.has_value()) {
        violations.Add(path + ".z_score",
                       "is required for NORMALIZATION_METHOD_Z_SCORE");
      }
      break;
    default:
      violations.Add(path + ".normalization",
                     "must be NORMALIZATION_METHOD_MIN_MAX or "
                     "NORMALIZATION_METHOD_Z_SCORE");
  }
  if (c.min_max.has_value()) {
    const MinMaxNormalization& m = *c.min_max;
    if (!std::isfinite(m.lower_goalpost)) {
      violations.Add(path + ".min_max.lower_goalpost",
                     "must be a finite number");
    }
    if (!std::isfinite(m.upper_goalpost)) {
      violations.Add(path + ".min_max.upper_goalpost",
                     "must be a finite number");
    }
    if (std::isfinite(m.lower_goalpost) && std::isfinite(m.upper_goalpost) &&
        !(m.lower_goalpost < m.upper_goalpost)) {
      violations.Add(
          path + ".min_max.lower_goalpost",
          absl::StrCat("must be below upper_goalpost (lower ", m.lower_goalpost,
                       ", upper ", m.upper_goalpost, ")"));
    }
  }
  if (c.z_score.has_value()) {
    const ZScoreNormalization& z = *c.z_score;
    if (!std::isfinite(z.reference_mean)) {
      violations.Add(path + ".z_score.reference_mean",
                     "must be a finite number");
    }
    if (!std::isfinite(z.reference_standard_deviation) ||
        z.reference_standard_deviation <= 0.0) {
      violations.Add(path + ".z_score.reference_standard_deviation",
                     absl::StrCat("must be greater than 0, got ",
                                  z.reference_standard_deviation));
    }
  }
}

}  // namespace

std::vector<KnownIndicator> KnownIndicators() {
  return {
      {"events.mean_goldstein", "Mean Goldstein score of dyad events",
       "Goldstein -10..10",
       "The mention-weighted mean Goldstein score of the events between A "
       "and B in the period: -10 most conflictual, +10 most cooperative.",
       "events.SummarizeEvents (filter.dyad = A-B, periods = the scored "
       "periods): periods[].mean_goldstein; standard error from "
       "mean_goldstein_interval (half-width / z of its confidence level)."},
      {"events.cooperation_share", "Share of cooperative dyad events",
       "share 0-1",
       "The share of the dyad's events that are cooperative (QuadClass 1 "
       "verbal or 2 material cooperation), by count.",
       "events.SummarizeEvents (same request): periods[].cooperation_share."},
      {"events.security_cooperation_share",
       "Cooperative share of security events", "share 0-1",
       "The share of the dyad's events in the security domain (arms, "
       "exercises, counter-terrorism, attacks) that are cooperative "
       "(QuadClass 1 or 2).",
       "events.SummarizeEvents with filter.domains = [DOMAIN_SECURITY]: "
       "periods[].cooperation_share."},
      {"events.friendship_theme_share",
       "Share of events with the friendship narrative", "share 0-1",
       "The share of the dyad's events coded with the lexicon themes "
       "all_weather or iron_brother (an event with both counts once): how "
       "much of the relationship is framed in the official friendship "
       "narrative.",
       "events.SummarizeEvents with filter.themes = [all_weather, "
       "iron_brother]: periods[].event_count divided by the unfiltered "
       "request's periods[].event_count."},
      {"votes.agreement_relative_to_reference",
       "UNGA agreement relative to a reference country",
       "percentage points -100..100",
       "A's percent agreement with B in UN General Assembly roll calls minus "
       "A's percent agreement with a reference country (for PAK-CHN: "
       "PAK-CHN minus PAK-IND).",
       "events.GetVotingAlignment (dyad A-B, reference_country_code = the "
       "reference, IND for PAK-CHN): periods[].relative.percent_agreement."},
      {"votes.s_score", "UNGA S-score of A and B", "S-score -1..1",
       "The Signorino-Ritter S-score of A's and B's UN General Assembly "
       "votes: +1 identical, -1 opposite.",
       "events.GetVotingAlignment (same request): "
       "periods[].dyad_metrics.s_score."},
      {"economics.directed_asymmetry", "Directed trade asymmetry",
       "ratio -1..1",
       "(s_A - s_B) / (s_A + s_B) with s_A = T_AB / T_A and s_B = T_BA / "
       "T_B: +1 only A depends on the trade, -1 only B, 0 balanced.",
       "economics.SummarizeIndicators (dyad A->B, indicator_ids = "
       "[directed_asymmetry]): summaries[].periods[].mean; standard error "
       "standard_deviation / sqrt(years with data)."},
      {"economics.trade_coverage_ratio", "Trade coverage ratio", "ratio >= 0",
       "X_AB / M_AB, A's exports to B per dollar of imports from B; below 1 "
       "A runs a deficit with B, low values mean a deep deficit.",
       "economics.SummarizeIndicators (trade_coverage_ratio): "
       "summaries[].periods[].mean."},
      {"economics.arms_import_share_from_b", "Share of A's arms imports from B",
       "share 0-1",
       "SIPRI TIV delivered to A by B over all TIV delivered to A.",
       "economics.SummarizeIndicators (arms_import_share_from_b): "
       "summaries[].periods[].mean."},
      {"economics.finance_commitments_b_to_a_pct_gdp",
       "B's official finance commitments to A, % of A's GDP", "percent",
       "Official finance committed to A by B in a year (AidData) as a "
       "percentage of A's GDP; the period value is the mean over its years.",
       "economics.SummarizeIndicators (finance_commitments_b_to_a_pct_gdp): "
       "summaries[].periods[].mean."},
      {"economics.fdi_share_from_b", "Share of A's FDI inflows from B",
       "share (net flows: may fall outside 0-1)",
       "A's FDI inflow from B over A's total FDI inflow.",
       "economics.SummarizeIndicators (fdi_share_from_b): "
       "summaries[].periods[].mean."},
      {"security.probability_at_least_one",
       "Probability of an attack on B's nationals in A within a year",
       "probability 0-1",
       "P(at least one incident against B's nationals or projects in A in "
       "the next 365 days) from the self-exciting (Hawkes) risk model.",
       "securityrisk.AssessRisk (country_code = A, partner_country_code = B, "
       "horizon_days = 365, as_of_date = the period's last day): "
       "country.probability_at_least_one."},
      {"security.decayed_severity", "Decayed severity of attacks", "index >= 0",
       "S(t) = sum of w_i * 2^(-(t - t_i)/h), w_i = 1 + ln(1 + fatalities_i), "
       "h = 365 days: recent deadly attacks on B's nationals in A weigh "
       "most.",
       "securityrisk.AssessRisk (same request, half_life_days = 365): "
       "country.decayed_severity."},
  };
}

std::vector<std::string> KnownIndicatorIds() {
  std::vector<std::string> ids;
  for (const KnownIndicator& k : KnownIndicators()) {
    ids.push_back(k.indicator_id);
  }
  return ids;
}

ScoringModel DefaultModel() {
  constexpr Direction kUp = Direction::kPositive;
  constexpr Direction kDown = Direction::kNegative;
  ScoringModel model;
  model.model_id = "dyadscope-default";
  model.version = "2025.1";
  model.description =
      "The default dyadscope model after the article \"Strategic Convergence "
      "and Asymmetric Interdependence in Pakistan-China Relations\" (2025): "
      "SCI from event cooperation, security cooperation, UN voting and the "
      "friendship narrative; AII from trade asymmetry and deficit, arms, "
      "finance and FDI dependence of A on B; SEI from the attack risk on B's "
      "nationals in A. Components are min-max normalised between goalposts "
      "that are either the indicator's own range or a stated modelling "
      "choice, combined by weighted arithmetic mean; classification "
      "thresholds 50/50; an index needs half of its weight present.";

  IndexDefinition sci;
  sci.index = Index::kStrategicConvergence;
  sci.display_name = "Strategic Convergence Index";
  sci.description =
      "How strongly the two states' strategic interests converge: "
      "cooperation in their interactions, defence and security cooperation, "
      "UN voting alignment and a shared friendship narrative.";
  sci.aggregation = Aggregation::kWeightedArithmeticMean;
  sci.min_coverage = kDefaultMinCoverage;
  sci.components = {
      MinMax("events.mean_goldstein", "Mean Goldstein score", 0.15, kUp, -10.0,
             10.0, "Goldstein -10..10",
             "Intensity of cooperation in dyad events; the goalposts are the "
             "Goldstein scale's own ends. Weight 0.15: with the cooperation "
             "share, event cooperation gets 0.30 of SCI."),
      MinMax("events.cooperation_share", "Cooperative share of events", 0.15,
             kUp, 0.0, 1.0, "share 0-1",
             "Frequency of cooperation (QuadClass 1-2) among dyad events, "
             "complementing the Goldstein intensity; goalposts are a share's "
             "own range."),
      MinMax("events.security_cooperation_share",
             "Cooperative share of security events", 0.20, kUp, 0.0, 1.0,
             "share 0-1",
             "Defence and security cooperation, the article's core sign of "
             "convergence, gets the largest event weight; goalposts are a "
             "share's own range."),
      MinMax("votes.agreement_relative_to_reference",
             "UNGA agreement relative to the reference country", 0.25, kUp,
             -20.0, 20.0, "percentage points",
             "Diplomatic support measured against a reference (PAK-CHN minus "
             "PAK-IND) removes the UNGA's general consensus. The goalposts "
             "-20..+20 points are a modelling choice: a plausible span of "
             "agreement differences between developing-country partners; "
             "wider differences are clipped."),
      MinMax("votes.s_score", "UNGA S-score", 0.10, kUp, -1.0, 1.0,
             "S-score -1..1",
             "Absolute UN voting alignment; goalposts are the S-score's own "
             "range. Low weight because most UNGA pairs vote alike, so it "
             "separates dyads less than the relative measure."),
      MinMax("events.friendship_theme_share", "Friendship narrative share",
             0.15, kUp, 0.0, 1.0, "share 0-1",
             "Shared narrative (\"all-weather\", \"iron brothers\") as a share "
             "of dyad events; goalposts are a share's own range, as no "
             "reference distribution across dyads exists to set tighter "
             "ones."),
  };

  IndexDefinition aii;
  aii.index = Index::kAsymmetricInterdependence;
  aii.display_name = "Asymmetric Interdependence Index";
  aii.description =
      "How unevenly A depends on B: trade dependence and deficit, and the "
      "share of A's arms, official finance and investment that comes from "
      "B.";
  aii.aggregation = Aggregation::kWeightedArithmeticMean;
  aii.min_coverage = kDefaultMinCoverage;
  aii.components = {
      MinMax("economics.directed_asymmetry", "Directed trade asymmetry", 0.25,
             kUp, 0.0, 1.0, "ratio -1..1",
             "Trade-share asymmetry against A: 0 (balanced) maps to 0 and +1 "
             "(only A depends) to 100; values below 0, where B is the more "
             "dependent side, are clipped to 0 because they are no "
             "asymmetry against A."),
      MinMax("economics.trade_coverage_ratio", "Trade coverage ratio", 0.15,
             kDown, 0.0, 1.0, "ratio",
             "A deficit with B (coverage below 1) deepens dependence: "
             "coverage 1 (balanced) maps to 0 and 0 (imports only) to 100; "
             "surpluses are clipped to 0."),
      MinMax("economics.arms_import_share_from_b",
             "Share of A's arms imports from B", 0.25, kUp, 0.0, 1.0,
             "share 0-1",
             "Dependence on B for weapons, the hardest dependence to replace; "
             "goalposts are a share's own range."),
      MinMax("economics.finance_commitments_b_to_a_pct_gdp",
             "B's finance commitments to A, % of A's GDP", 0.15, kUp, 0.0, 5.0,
             "percent",
             "Financial dependence on B. The upper goalpost, 5% of A's GDP a "
             "year, is a modelling choice: commitments of that size would "
             "make B A's dominant official creditor; higher values are "
             "clipped."),
      MinMax("economics.fdi_share_from_b", "Share of A's FDI inflows from B",
             0.20, kUp, 0.0, 1.0, "share",
             "Dependence on B's investment; goalposts are a share's own "
             "range (net-flow shares outside 0-1 are clipped)."),
  };

  IndexDefinition sei;
  sei.index = Index::kSecurityExposure;
  sei.display_name = "Security Exposure Index";
  sei.description =
      "How exposed the relationship is to attacks on B's nationals and "
      "projects in A.";
  sei.aggregation = Aggregation::kWeightedArithmeticMean;
  sei.min_coverage = kDefaultMinCoverage;
  sei.components = {
      MinMax("security.probability_at_least_one",
             "P(attack on B's nationals within a year)", 0.6, kUp, 0.0, 1.0,
             "probability 0-1",
             "The forward-looking risk; goalposts are a probability's own "
             "range. It weighs more than the backward-looking severity."),
      MinMax("security.decayed_severity", "Decayed severity of attacks", 0.4,
             kUp, 0.0, 10.0, "index",
             "Recent deadly attacks. The upper goalpost 10 is a modelling "
             "choice: about three attacks with ten deaths each (w = 1 + ln 11 "
             "= 3.4) in the past few months at the 365-day half-life; higher "
             "values are clipped."),
  };

  model.indices = {std::move(sci), std::move(aii), std::move(sei)};
  model.thresholds.convergence_threshold = kDefaultConvergenceThreshold;
  model.thresholds.interdependence_threshold = kDefaultInterdependenceThreshold;
  return model;
}

absl::string_view IndexName(Index index) {
  switch (index) {
    case Index::kStrategicConvergence:
      return "Strategic Convergence Index";
    case Index::kAsymmetricInterdependence:
      return "Asymmetric Interdependence Index";
    case Index::kSecurityExposure:
      return "Security Exposure Index";
    default:
      return "unspecified index";
  }
}

absl::string_view RelationshipClassName(RelationshipClass relationship_class) {
  switch (relationship_class) {
    case RelationshipClass::kPartnership:
      return "partnership";
    case RelationshipClass::kHierarchicalInterdependence:
      return "hierarchical interdependence";
    case RelationshipClass::kDependency:
      return "dependency";
    case RelationshipClass::kTransactional:
      return "transactional";
    default:
      return "unspecified";
  }
}

absl::Status ValidateModel(const ScoringModel& model,
                           absl::Span<const std::string> known_indicator_ids,
                           absl::string_view field_prefix) {
  FieldViolations violations;
  const absl::flat_hash_set<std::string> known(known_indicator_ids.begin(),
                                               known_indicator_ids.end());
  if (model.indices.empty()) {
    violations.Add(Path(field_prefix, "indices"),
                   "at least one index is required (SCI and AII)");
  }
  absl::flat_hash_map<Index, size_t> seen_index;
  for (size_t i = 0; i < model.indices.size(); ++i) {
    const IndexDefinition& index = model.indices[i];
    const std::string path =
        Path(field_prefix, absl::StrCat("indices[", i, "]"));
    if (index.index != Index::kStrategicConvergence &&
        index.index != Index::kAsymmetricInterdependence &&
        index.index != Index::kSecurityExposure) {
      violations.Add(path + ".index",
                     "must be INDEX_STRATEGIC_CONVERGENCE, "
                     "INDEX_ASYMMETRIC_INTERDEPENDENCE or "
                     "INDEX_SECURITY_EXPOSURE");
    } else if (auto [it, inserted] = seen_index.emplace(index.index, i);
               !inserted) {
      violations.Add(
          path + ".index",
          absl::StrCat(IndexName(index.index),
                       " is already defined by indices[", it->second, "]"));
    }
    if (index.aggregation != Aggregation::kUnspecified &&
        index.aggregation != Aggregation::kWeightedArithmeticMean &&
        index.aggregation != Aggregation::kWeightedGeometricMean) {
      violations.Add(path + ".aggregation", "is not a known aggregation");
    }
    if (index.min_coverage.has_value() &&
        (!std::isfinite(*index.min_coverage) || *index.min_coverage < 0.0 ||
         *index.min_coverage > 1.0)) {
      violations.Add(
          path + ".min_coverage",
          absl::StrCat("must be between 0 and 1, got ", *index.min_coverage));
    }
    if (index.components.empty()) {
      violations.Add(path + ".components",
                     "at least one component is required");
    }
    bool all_weights_zero = true;
    for (const Component& c : index.components) {
      if (c.weight != 0.0) all_weights_zero = false;
    }
    absl::flat_hash_map<std::string, size_t> seen_indicator;
    for (size_t j = 0; j < index.components.size(); ++j) {
      const Component& c = index.components[j];
      const std::string component_path =
          absl::StrCat(path, ".components[", j, "]");
      ValidateComponent(c, component_path, known, all_weights_zero, violations);
      if (c.indicator_id.empty()) continue;
      if (auto [it, inserted] = seen_indicator.emplace(c.indicator_id, j);
          !inserted) {
        violations.Add(component_path + ".indicator_id",
                       absl::StrCat("\"", c.indicator_id,
                                    "\" is already used by components[",
                                    it->second, "] of this index"));
      }
    }
  }
  for (Index required :
       {Index::kStrategicConvergence, Index::kAsymmetricInterdependence}) {
    if (!model.indices.empty() && !seen_index.contains(required)) {
      violations.Add(Path(field_prefix, "indices"),
                     absl::StrCat(IndexName(required),
                                  " is required for the classification"));
    }
  }
  CheckThreshold(model.thresholds.convergence_threshold,
                 Path(field_prefix, "thresholds.convergence_threshold"),
                 violations);
  CheckThreshold(model.thresholds.interdependence_threshold,
                 Path(field_prefix, "thresholds.interdependence_threshold"),
                 violations);
  return violations.ToStatus();
}

}  // namespace dyadscope::scoring
