#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/scoring/domain/model.h"
#include "services/scoring/domain/score.h"
#include "services/scoring/domain/score_test_util.h"

namespace dyadscope::scoring {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::Contains;
using ::testing::DoubleNear;
using ::testing::Optional;

using score_test::DefaultRequest;
using score_test::Fields;
using score_test::IndexOf;
using score_test::Period;
using score_test::TwoByTwoModel;
using score_test::TwoByTwoRequest;

// ---------------------------------------------------------------------------
// Sobol sensitivity inside Score.

TEST(SensitivityTest, EqualSpreadsShareTheVariance) {
  // SCI = ½·coop + ½·goldstein; without standard errors each value spreads
  // ±10% of its goalpost span (±10 normalised points): S = ½ each.
  ScoreRequest request = TwoByTwoRequest(0.5, 0.0, 0.4, 0.5);
  request.sensitivity.skip = false;
  request.monte_carlo.weight_perturbation = 0.0;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& sci =
      IndexOf(response->periods[0], Index::kStrategicConvergence);
  for (const ComponentResult& c : sci.components) {
    ASSERT_TRUE(c.value_sensitivity.has_value());
    EXPECT_NEAR(c.value_sensitivity->first_order, 0.5, 0.03);
    EXPECT_NEAR(c.value_sensitivity->total, 0.5, 0.03);
    EXPECT_EQ(c.weight_sensitivity->total, 0.0);
  }
}

TEST(SensitivityTest, StandardErrorsDriveTheValueSpread) {
  // AII = ¾·arms + ¼·(100 − 100·coverage): SE 0.1 on both gives variances
  // (¾·10)² and (¼·10)², so S_arms = 0.9 and S_coverage = 0.1.
  ScoreRequest request = TwoByTwoRequest(0.5, 0.0, 0.4, 0.5);
  request.periods[0].values[2].standard_error = 0.1;
  request.periods[0].values[3].standard_error = 0.1;
  request.sensitivity.skip = false;
  request.monte_carlo.weight_perturbation = 0.0;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& aii =
      IndexOf(response->periods[0], Index::kAsymmetricInterdependence);
  EXPECT_NEAR(aii.components[0].value_sensitivity->first_order, 0.9, 0.03);
  EXPECT_NEAR(aii.components[0].value_sensitivity->total, 0.9, 0.03);
  EXPECT_NEAR(aii.components[1].value_sensitivity->first_order, 0.1, 0.03);
  EXPECT_NEAR(aii.components[1].value_sensitivity->total, 0.1, 0.03);
}

TEST(SensitivityTest, WeightsMatterWhenTheyArePerturbed) {
  // Values far apart and fixed (SE 0): only the weights move SCI.
  ScoreRequest request = TwoByTwoRequest(0.9, -8.0, 0.4, 0.5);
  request.periods[0].values[0].standard_error = 0.0;
  request.periods[0].values[1].standard_error = 0.0;
  request.sensitivity.skip = false;
  request.monte_carlo.weight_perturbation = 0.5;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& sci =
      IndexOf(response->periods[0], Index::kStrategicConvergence);
  double weight_share = 0.0;
  for (const ComponentResult& c : sci.components) {
    EXPECT_EQ(c.value_sensitivity->total, 0.0);
    weight_share += c.weight_sensitivity->first_order;
    EXPECT_GE(c.weight_sensitivity->first_order, 0.0);
    EXPECT_LE(c.weight_sensitivity->total, 1.0);
  }
  // Two symmetric weights explain (nearly) all of the variance.
  EXPECT_NEAR(weight_share, 1.0, 0.05);
  EXPECT_NEAR(sci.components[0].weight_sensitivity->first_order,
              sci.components[1].weight_sensitivity->first_order, 0.05);
}

TEST(SensitivityTest, SkippedOrMissingComponentsHaveNone) {
  ScoreRequest request = DefaultRequest();
  request.periods[0].values[4].value.reset();  // relative UNGA agreement
  request.monte_carlo.draws = 10;
  request.sensitivity.base_samples = 128;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& sci = response->periods[0].indices[0];
  EXPECT_EQ(sci.components[3].value_sensitivity, std::nullopt);
  EXPECT_TRUE(sci.components[0].value_sensitivity.has_value());
  request.sensitivity.skip = true;
  response = Score(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->periods[0].indices[0].components[0].value_sensitivity,
            std::nullopt);
}

// ---------------------------------------------------------------------------
// Class flips.

const ClassFlip& FlipOf(const PeriodScore& p, const std::string& id) {
  for (const ClassFlip& f : p.class_flips) {
    if (f.indicator_id == id) return f;
  }
  ADD_FAILURE() << "no flip for " << id;
  return p.class_flips.front();
}

TEST(ClassFlipTest, HandCheckedTwoByTwo) {
  // SCI = ½·70 + ½·60 = 65 (high), AII = ¾·40 + ¼·50 = 42.5 (low):
  // partnership.
  absl::StatusOr<ScoreResponse> response =
      Score(TwoByTwoRequest(0.7, 2.0, 0.4, 0.5));
  ASSERT_THAT(response, IsOk());
  const PeriodScore& p = response->periods[0];
  ASSERT_EQ(p.class_flips.size(), 4u);
  // SCI falls to 50 when coop's normalised value drops by 15/½ = 30 points:
  // coop 0.7 → 0.4.
  const ClassFlip& coop = FlipOf(p, "events.cooperation_share");
  EXPECT_EQ(coop.index, Index::kStrategicConvergence);
  EXPECT_TRUE(coop.flip_possible);
  EXPECT_THAT(coop.required_change, Optional(DoubleNear(-0.3, 1e-12)));
  EXPECT_THAT(coop.flip_value, Optional(DoubleNear(0.4, 1e-12)));
  EXPECT_EQ(coop.flipped_class, RelationshipClass::kTransactional);
  // Goldstein: 60 → 30 normalised, i.e. 2 → −4.
  const ClassFlip& goldstein = FlipOf(p, "events.mean_goldstein");
  EXPECT_THAT(goldstein.required_change, Optional(DoubleNear(-6.0, 1e-12)));
  EXPECT_THAT(goldstein.flip_value, Optional(DoubleNear(-4.0, 1e-12)));
  EXPECT_EQ(goldstein.flipped_class, RelationshipClass::kTransactional);
  // AII rises to 50 when arms gains 7.5/¾ = 10 points: 0.4 → 0.5.
  const ClassFlip& arms = FlipOf(p, "economics.arms_import_share_from_b");
  EXPECT_EQ(arms.index, Index::kAsymmetricInterdependence);
  EXPECT_THAT(arms.required_change, Optional(DoubleNear(0.1, 1e-12)));
  EXPECT_EQ(arms.flipped_class,
            RelationshipClass::kHierarchicalInterdependence);
  // Coverage (negative): its normalised value must rise 7.5/¼ = 30 points,
  // 50 → 80, i.e. the ratio falls 0.5 → 0.2.
  const ClassFlip& coverage = FlipOf(p, "economics.trade_coverage_ratio");
  EXPECT_THAT(coverage.required_change, Optional(DoubleNear(-0.3, 1e-12)));
  EXPECT_THAT(coverage.flip_value, Optional(DoubleNear(0.2, 1e-12)));
  EXPECT_EQ(coverage.flipped_class,
            RelationshipClass::kHierarchicalInterdependence);
}

TEST(ClassFlipTest, FlipValuesReallyFlipTheClass) {
  absl::StatusOr<ScoreResponse> base =
      Score(TwoByTwoRequest(0.7, 2.0, 0.4, 0.5));
  ASSERT_THAT(base, IsOk());
  const double values[4] = {0.7, 2.0, 0.4, 0.5};
  for (int k = 0; k < 4; ++k) {
    ScoreRequest request = TwoByTwoRequest(0.7, 2.0, 0.4, 0.5);
    const std::string id = request.periods[0].values[k].indicator_id;
    const ClassFlip& flip = FlipOf(base->periods[0], id);
    ASSERT_TRUE(flip.flip_possible) << id;
    // A step of 1e-9 beyond the flip value in the direction of the change.
    const double beyond =
        *flip.flip_value + (*flip.required_change > 0 ? 1e-9 : -1e-9);
    request.periods[0].values[k].value = beyond;
    absl::StatusOr<ScoreResponse> flipped = Score(request);
    ASSERT_THAT(flipped, IsOk());
    EXPECT_EQ(flipped->periods[0].relationship_class, flip.flipped_class) << id;
    // Half-way there the class has not changed.
    request.periods[0].values[k].value =
        values[k] + 0.5 * *flip.required_change;
    flipped = Score(request);
    ASSERT_THAT(flipped, IsOk());
    EXPECT_EQ(flipped->periods[0].relationship_class,
              RelationshipClass::kPartnership)
        << id;
  }
}

TEST(ClassFlipTest, NoFlipWhenTheGoalpostsCannotReachTheThreshold) {
  // coop 1.3 is clipped at 100, goldstein 6 → 80: SCI = 90. Goldstein at
  // its lower goalpost only brings SCI to 50, still high: no flip. Coop
  // must fall from 1.3 (clipped) to 0.2: a change of −1.1.
  absl::StatusOr<ScoreResponse> response =
      Score(TwoByTwoRequest(1.3, 6.0, 0.4, 0.5));
  ASSERT_THAT(response, IsOk());
  const PeriodScore& p = response->periods[0];
  const ClassFlip& goldstein = FlipOf(p, "events.mean_goldstein");
  EXPECT_FALSE(goldstein.flip_possible);
  EXPECT_EQ(goldstein.required_change, std::nullopt);
  EXPECT_EQ(goldstein.flip_value, std::nullopt);
  EXPECT_EQ(goldstein.flipped_class, RelationshipClass::kUnspecified);
  const ClassFlip& coop = FlipOf(p, "events.cooperation_share");
  EXPECT_TRUE(coop.flip_possible);
  EXPECT_THAT(coop.required_change, Optional(DoubleNear(-1.1, 1e-12)));
  EXPECT_THAT(coop.flip_value, Optional(DoubleNear(0.2, 1e-12)));
}

TEST(ClassFlipTest, GeometricAndZScoreComponents) {
  ScoringModel model = TwoByTwoModel();
  model.indices[0].aggregation = Aggregation::kWeightedGeometricMean;
  model.indices[0].components[1].normalization = NormalizationMethod::kZScore;
  model.indices[0].components[1].z_score =
      ZScoreNormalization{0.0, 5.0, "reference"};
  ScoreRequest request = TwoByTwoRequest(0.7, 2.0, 0.4, 0.5);
  request.model = model;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const PeriodScore& p = response->periods[0];
  for (int k = 0; k < 2; ++k) {
    ScoreRequest moved = request;
    const std::string id = moved.periods[0].values[k].indicator_id;
    const ClassFlip& flip = FlipOf(p, id);
    ASSERT_TRUE(flip.flip_possible) << id;
    moved.periods[0].values[k].value =
        *flip.flip_value + (*flip.required_change > 0 ? 1e-7 : -1e-7);
    absl::StatusOr<ScoreResponse> flipped = Score(moved);
    ASSERT_THAT(flipped, IsOk());
    EXPECT_EQ(flipped->periods[0].relationship_class, flip.flipped_class) << id;
    EXPECT_NEAR(*flipped->periods[0].indices[0].score, 50.0, 1e-4) << id;
  }
}

TEST(ClassFlipTest, AnIndicatorInBothIndicesMovesBoth) {
  // The same indicator in SCI (positive) and AII (positive): raising it
  // pushes AII up to its threshold before anything else happens.
  ScoringModel model = TwoByTwoModel();
  model.indices[1].components[1].indicator_id = "events.mean_goldstein";
  model.indices[1].components[1].direction = Direction::kPositive;
  model.indices[1].components[1].min_max = MinMaxNormalization{-10.0, 10.0};
  // SCI = ½·70 + ½·60 = 65; AII = ¾·40 + ¼·60 = 45.
  ScoreRequest request = TwoByTwoRequest(0.7, 2.0, 0.4, 0.5);
  request.model = model;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const PeriodScore& p = response->periods[0];
  EXPECT_EQ(p.relationship_class, RelationshipClass::kPartnership);
  // Going down SCI needs −30 normalised (−6 raw); going up AII needs
  // +5/¼ = 20 normalised (+4 raw): the nearer one wins.
  for (const ClassFlip& flip : p.class_flips) {
    if (flip.indicator_id != "events.mean_goldstein") continue;
    EXPECT_THAT(flip.required_change, Optional(DoubleNear(4.0, 1e-12)));
    EXPECT_EQ(flip.flipped_class,
              RelationshipClass::kHierarchicalInterdependence);
  }
}

// ---------------------------------------------------------------------------
// Request validation.

TEST(ValidateScoreRequestTest, BadFieldsAreNamed) {
  ScoreRequest request = DefaultRequest(2);
  request.thresholds.convergence_threshold = 101.0;
  request.periods[1].period.name = "consolidation";
  request.periods[0].values[0].value = std::nan("");
  request.periods[0].values[1].standard_error = -0.1;
  request.periods[0].values[2].indicator_id = "events.unknown";
  request.periods[0].values[3].indicator_id = "events.mean_goldstein";
  request.monte_carlo.draws = kMaxDraws + 1;
  request.monte_carlo.weight_perturbation = 1.5;
  request.sensitivity.base_samples = -1;
  request.change_confidence_level = 1.0;
  const absl::Status status = Score(request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<std::string> fields = Fields(status);
  EXPECT_THAT(fields, Contains("thresholds.convergence_threshold"));
  EXPECT_THAT(fields, Contains("periods[1].period.name"));
  EXPECT_THAT(fields, Contains("periods[0].values[0].value"));
  EXPECT_THAT(fields, Contains("periods[0].values[1].standard_error"));
  EXPECT_THAT(fields, Contains("periods[0].values[2].indicator_id"));
  EXPECT_THAT(fields, Contains("periods[0].values[3].indicator_id"));
  EXPECT_THAT(fields, Contains("monte_carlo.draws"));
  EXPECT_THAT(fields, Contains("monte_carlo.weight_perturbation"));
  EXPECT_THAT(fields, Contains("sensitivity.base_samples"));
  EXPECT_THAT(fields, Contains("change_confidence_level"));
}

TEST(ValidateScoreRequestTest, ModelErrorsAreNamedUnderModel) {
  ScoreRequest request = DefaultRequest();
  request.model = DefaultModel();
  request.model->indices[0].components[2].weight = -1.0;
  request.model->indices[1].components[0].min_max =
      MinMaxNormalization{1.0, -1.0};
  request.model->indices[2].components[0].indicator_id = "security.nope";
  request.model->thresholds.interdependence_threshold = 150.0;
  const std::vector<std::string> fields = Fields(Score(request).status());
  EXPECT_THAT(fields, Contains("model.indices[0].components[2].weight"));
  EXPECT_THAT(
      fields,
      Contains("model.indices[1].components[0].min_max.lower_goalpost"));
  EXPECT_THAT(fields, Contains("model.indices[2].components[0].indicator_id"));
  EXPECT_THAT(fields, Contains("model.thresholds.interdependence_threshold"));
}

TEST(ValidateScoreRequestTest, PeriodCountIsBounded) {
  ScoreRequest request;
  EXPECT_THAT(Fields(Score(request).status()), Contains("periods"));
  for (int i = 0; i <= kMaxPeriods; ++i) {
    request.periods.push_back(Period("p" + std::to_string(i), {}));
  }
  EXPECT_THAT(Fields(Score(request).status()), Contains("periods"));
  request.periods.pop_back();
  request.monte_carlo.draws = 1;
  request.sensitivity.skip = true;
  EXPECT_THAT(Score(request), IsOk());
}

TEST(ValidateScoreRequestTest, DefaultsAreAccepted) {
  ScoreRequest request = DefaultRequest();
  EXPECT_THAT(ValidateScoreRequest(request, KnownIndicatorIds()), IsOk());
  request.monte_carlo.draws = 0;
  request.monte_carlo.weight_perturbation = 0.0;
  request.sensitivity.base_samples = 0;
  request.change_confidence_level = 0.5;
  EXPECT_THAT(ValidateScoreRequest(request, KnownIndicatorIds()), IsOk());
}

// ---------------------------------------------------------------------------
// Timing (printed, not asserted).

TEST(ScoreTimingTest, TenThousandDrawsThreeIndicesFifteenComponentsTwoPeriods) {
  // The default model with two more SEI components (15 in all), every value
  // with a standard error, default Monte Carlo and Sobol settings.
  ScoringModel model = DefaultModel();
  Component calm = model.indices[0].components[1];  // cooperation share
  calm.direction = Direction::kNegative;
  calm.weight = 0.2;
  Component tension = model.indices[0].components[0];  // mean Goldstein
  tension.direction = Direction::kNegative;
  tension.weight = 0.2;
  model.indices[2].components.push_back(calm);
  model.indices[2].components.push_back(tension);
  size_t components = 0;
  for (const IndexDefinition& index : model.indices) {
    components += index.components.size();
  }
  ASSERT_EQ(components, 15u);
  ScoreRequest request = DefaultRequest(2);
  for (PeriodIndicators& p : request.periods) {
    for (IndicatorValue& v : p.values) {
      if (!v.standard_error.has_value()) v.standard_error = 0.02;
    }
  }
  request.model = model;
  auto time_it = [&](const ScoreRequest& r) {
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<ScoreResponse> response = Score(r);
    const auto stop = std::chrono::steady_clock::now();
    EXPECT_THAT(response, IsOk());
    return std::chrono::duration<double, std::milli>(stop - start).count();
  };
  time_it(request);  // warm-up
  double full = 1e300, no_sobol = 1e300, one_draw = 1e300;
  for (int i = 0; i < 3; ++i) full = std::min(full, time_it(request));
  ScoreRequest without_sobol = request;
  without_sobol.sensitivity.skip = true;
  for (int i = 0; i < 3; ++i) {
    no_sobol = std::min(no_sobol, time_it(without_sobol));
  }
  ScoreRequest baseline = request;
  baseline.monte_carlo.draws = 1;
  for (int i = 0; i < 3; ++i) one_draw = std::min(one_draw, time_it(baseline));
  std::printf(
      "[ timing ] Score, 3 indices, 15 components, 2 periods: 10,000 draws + "
      "Sobol (N = %d) %.1f ms; 10,000 draws without Sobol %.1f ms; 1 draw + "
      "Sobol %.1f ms (best of 3)\n",
      kDefaultSobolBaseSamples, full, no_sobol, one_draw);
}

}  // namespace
}  // namespace dyadscope::scoring
