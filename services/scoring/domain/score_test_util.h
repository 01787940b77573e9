// File: services/scoring/domain/score_test_util.h
// -----------------------------------------------------------------------------
// Fixtures shared by the scoring tests (score_test.cc, score_analysis_test.cc):
// a hand-checkable two-index, two-indicator model, typical values, default
// requests, and the field paths of an error.

#ifndef DYADSCOPE_SERVICES_SCORING_DOMAIN_SCORE_TEST_UTIL_H_
#define DYADSCOPE_SERVICES_SCORING_DOMAIN_SCORE_TEST_UTIL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/status/error_details.h"
#include "gtest/gtest.h"
#include "services/scoring/domain/model.h"
#include "services/scoring/domain/score.h"

namespace dyadscope::scoring::score_test {

// Returns the field paths named by `status`.
inline std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

inline IndicatorValue Value(
    const std::string& id, std::optional<double> value,
    std::optional<double> standard_error = std::nullopt) {
  IndicatorValue v;
  v.indicator_id = id;
  v.value = value;
  v.standard_error = standard_error;
  return v;
}

inline PeriodIndicators Period(const std::string& name,
                               std::vector<IndicatorValue> values) {
  PeriodIndicators p;
  p.period.name = name;
  p.values = std::move(values);
  return p;
}

// Plausible values for every indicator of the default model (illustrative,
// not data), with standard errors on some.
inline std::vector<IndicatorValue> TypicalValues(double shift = 0.0) {
  return {
      Value("events.mean_goldstein", 3.1 + shift, 0.4),
      Value("events.cooperation_share", 0.78 + 0.01 * shift, 0.03),
      Value("events.security_cooperation_share", 0.64),
      Value("events.friendship_theme_share", 0.12),
      Value("votes.agreement_relative_to_reference", 6.5, 1.0),
      Value("votes.s_score", 0.91),
      Value("economics.directed_asymmetry", 0.72, 0.05),
      Value("economics.trade_coverage_ratio", 0.18, 0.02),
      Value("economics.arms_import_share_from_b", 0.61 + 0.02 * shift, 0.06),
      Value("economics.finance_commitments_b_to_a_pct_gdp", 2.4, 0.5),
      Value("economics.fdi_share_from_b", 0.27),
      Value("security.probability_at_least_one", 0.83, 0.05),
      Value("security.decayed_severity", 4.2),
  };
}

// A two-component SCI and AII (and no SEI) for hand-checked numbers:
// SCI = ½·coop + ½·goldstein, AII = ¾·arms + ¼·(100 − coverage).
inline ScoringModel TwoByTwoModel() {
  ScoringModel model;
  model.model_id = "two-by-two";
  IndexDefinition sci;
  sci.index = Index::kStrategicConvergence;
  Component coop;
  coop.indicator_id = "events.cooperation_share";
  coop.weight = 1.0;
  coop.direction = Direction::kPositive;
  coop.normalization = NormalizationMethod::kMinMax;
  coop.min_max = MinMaxNormalization{0.0, 1.0};
  Component goldstein = coop;
  goldstein.indicator_id = "events.mean_goldstein";
  goldstein.min_max = MinMaxNormalization{-10.0, 10.0};
  sci.components = {coop, goldstein};
  IndexDefinition aii;
  aii.index = Index::kAsymmetricInterdependence;
  Component arms = coop;
  arms.indicator_id = "economics.arms_import_share_from_b";
  arms.weight = 3.0;
  Component coverage = coop;
  coverage.indicator_id = "economics.trade_coverage_ratio";
  coverage.direction = Direction::kNegative;
  aii.components = {arms, coverage};
  model.indices = {sci, aii};
  return model;
}

inline ScoreRequest TwoByTwoRequest(double coop, double goldstein, double arms,
                                    double coverage) {
  ScoreRequest request;
  request.model = TwoByTwoModel();
  request.periods = {
      Period("p", {Value("events.cooperation_share", coop),
                   Value("events.mean_goldstein", goldstein),
                   Value("economics.arms_import_share_from_b", arms),
                   Value("economics.trade_coverage_ratio", coverage)})};
  request.monte_carlo.draws = 1;
  request.sensitivity.skip = true;
  return request;
}

inline const IndexScore& IndexOf(const PeriodScore& period, Index index) {
  for (const IndexScore& s : period.indices) {
    if (s.index == index) return s;
  }
  ADD_FAILURE() << "no index " << static_cast<int>(index);
  return period.indices.front();
}

// Default request: the default model, one or two periods.
inline ScoreRequest DefaultRequest(int periods = 1) {
  ScoreRequest request;
  request.periods.push_back(Period("consolidation", TypicalValues()));
  if (periods > 1) {
    request.periods.push_back(Period("deepening", TypicalValues(1.0)));
  }
  return request;
}

}  // namespace dyadscope::scoring::score_test

#endif  // DYADSCOPE_SERVICES_SCORING_DOMAIN_SCORE_TEST_UTIL_H_
