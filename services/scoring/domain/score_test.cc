#include "services/scoring/domain/score.h"

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
#include "services/scoring/domain/score_test_util.h"

namespace dyadscope::scoring {
namespace {

using ::dyadscope::testing::IsOk;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

using score_test::DefaultRequest;
using score_test::IndexOf;
using score_test::Period;
using score_test::TwoByTwoModel;
using score_test::TwoByTwoRequest;
using score_test::TypicalValues;

// ---------------------------------------------------------------------------
// Normalisation, aggregation, classification.

TEST(NormalizeTest, MinMaxIsLinearAndClipped) {
  Component c;
  c.direction = Direction::kPositive;
  c.normalization = NormalizationMethod::kMinMax;
  c.min_max = MinMaxNormalization{-10.0, 10.0};
  EXPECT_DOUBLE_EQ(NormalizeValue(c, 0.0, NormalizationMethod::kUnspecified),
                   50.0);
  EXPECT_DOUBLE_EQ(NormalizeValue(c, 5.0, NormalizationMethod::kMinMax), 75.0);
  EXPECT_EQ(NormalizeValue(c, 12.0, NormalizationMethod::kMinMax), 100.0);
  EXPECT_EQ(NormalizeValue(c, -30.0, NormalizationMethod::kMinMax), 0.0);
  c.direction = Direction::kNegative;
  EXPECT_DOUBLE_EQ(NormalizeValue(c, 5.0, NormalizationMethod::kMinMax), 25.0);
  EXPECT_EQ(NormalizeValue(c, 12.0, NormalizationMethod::kMinMax), 0.0);
}

TEST(NormalizeTest, ZScoreIsHundredTimesPhi) {
  Component c;
  c.direction = Direction::kPositive;
  c.normalization = NormalizationMethod::kZScore;
  c.z_score = ZScoreNormalization{10.0, 2.0, "reference"};
  EXPECT_DOUBLE_EQ(NormalizeValue(c, 10.0, NormalizationMethod::kUnspecified),
                   50.0);
  EXPECT_NEAR(NormalizeValue(c, 12.0, NormalizationMethod::kZScore),
              100.0 * 0.8413447460685429, 1e-12);
  c.direction = Direction::kNegative;
  EXPECT_NEAR(NormalizeValue(c, 12.0, NormalizationMethod::kZScore),
              100.0 * (1 - 0.8413447460685429), 1e-12);
}

TEST(NormalizeTest, OtherMethodIsDerivedWhenNotDefined) {
  Component c;
  c.direction = Direction::kPositive;
  c.normalization = NormalizationMethod::kMinMax;
  c.min_max = MinMaxNormalization{0.0, 1.0};
  const ZScoreNormalization z = EffectiveZScore(c);
  EXPECT_DOUBLE_EQ(z.reference_mean, 0.5);
  EXPECT_DOUBLE_EQ(z.reference_standard_deviation, 0.25);
  // The goalposts sit at ±2 sd.
  EXPECT_NEAR(NormalizeValue(c, 1.0, NormalizationMethod::kZScore), 97.725,
              1e-3);
  Component zc;
  zc.normalization = NormalizationMethod::kZScore;
  zc.z_score = ZScoreNormalization{3.0, 0.5, ""};
  const MinMaxNormalization mm = EffectiveMinMax(zc);
  EXPECT_DOUBLE_EQ(mm.lower_goalpost, 2.0);
  EXPECT_DOUBLE_EQ(mm.upper_goalpost, 4.0);
}

TEST(NormalizeTest, DenormalizeInvertsNormalize) {
  Component c;
  c.direction = Direction::kNegative;
  c.normalization = NormalizationMethod::kMinMax;
  c.min_max = MinMaxNormalization{2.0, 6.0};
  c.z_score = ZScoreNormalization{4.0, 1.5, ""};
  for (double x : {2.5, 3.0, 4.2, 5.9}) {
    for (NormalizationMethod m :
         {NormalizationMethod::kMinMax, NormalizationMethod::kZScore}) {
      EXPECT_THAT(DenormalizeValue(c, NormalizeValue(c, x, m), m),
                  Optional(DoubleNear(x, 1e-9)));
    }
  }
  EXPECT_EQ(DenormalizeValue(c, 100.0, NormalizationMethod::kZScore),
            std::nullopt);
}

TEST(AggregateTest, ArithmeticAndGeometricMeans) {
  EXPECT_DOUBLE_EQ(
      Aggregate(Aggregation::kWeightedArithmeticMean, {20, 80}, {3, 1}), 35.0);
  EXPECT_DOUBLE_EQ(Aggregate(Aggregation::kUnspecified, {20, 80}, {3, 1}),
                   35.0);
  EXPECT_NEAR(Aggregate(Aggregation::kWeightedGeometricMean, {16, 81}, {1, 1}),
              36.0, 1e-12);
  // Values below 1 count as 1: a zero does not annihilate the index.
  EXPECT_NEAR(Aggregate(Aggregation::kWeightedGeometricMean, {0, 100}, {1, 1}),
              10.0, 1e-12);
}

TEST(ClassifyTest, ClassificationTable) {
  struct Case {
    double sci, aii;
    RelationshipClass expected;
  };
  const Case cases[] = {
      {70, 30, RelationshipClass::kPartnership},
      {70, 70, RelationshipClass::kHierarchicalInterdependence},
      {30, 70, RelationshipClass::kDependency},
      {30, 30, RelationshipClass::kTransactional},
      // At the threshold is high.
      {50, 49.999, RelationshipClass::kPartnership},
      {50, 50, RelationshipClass::kHierarchicalInterdependence},
      {49.999, 50, RelationshipClass::kDependency},
      {49.999, 49.999, RelationshipClass::kTransactional},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Classify(c.sci, c.aii, 50, 50), c.expected)
        << c.sci << ", " << c.aii;
  }
  EXPECT_EQ(Classify(60, 40, 65, 35),
            RelationshipClass::kDependency);  // other thresholds
  EXPECT_EQ(Classify(std::nullopt, 40, 50, 50),
            RelationshipClass::kUnspecified);
  EXPECT_EQ(Classify(60, std::nullopt, 50, 50),
            RelationshipClass::kUnspecified);
}

// ---------------------------------------------------------------------------
// Point scores and contributions.

TEST(ScoreTest, HandCheckedTwoByTwo) {
  absl::StatusOr<ScoreResponse> response =
      Score(TwoByTwoRequest(0.7, 2.0, 0.4, 0.5));
  ASSERT_THAT(response, IsOk());
  const PeriodScore& p = response->periods[0];
  const IndexScore& sci = IndexOf(p, Index::kStrategicConvergence);
  const IndexScore& aii = IndexOf(p, Index::kAsymmetricInterdependence);
  EXPECT_THAT(sci.score, Optional(DoubleNear(65.0, 1e-12)));
  EXPECT_THAT(aii.score, Optional(DoubleNear(42.5, 1e-12)));
  EXPECT_THAT(sci.components[0].normalized_value,
              Optional(DoubleNear(70.0, 1e-12)));
  EXPECT_THAT(sci.components[1].normalized_value,
              Optional(DoubleNear(60.0, 1e-12)));
  EXPECT_THAT(aii.components[1].normalized_value,
              Optional(DoubleNear(50.0, 1e-12)));
  EXPECT_DOUBLE_EQ(aii.components[0].effective_weight, 0.75);
  EXPECT_THAT(aii.components[0].contribution,
              Optional(DoubleNear(30.0, 1e-12)));
  EXPECT_EQ(sci.coverage, 1.0);
  EXPECT_EQ(p.relationship_class, RelationshipClass::kPartnership);
  EXPECT_THAT(
      p.class_probabilities,
      ElementsAre(::testing::Field(&ClassProbability::probability, 1.0),
                  ::testing::Field(&ClassProbability::probability, 0.0),
                  ::testing::Field(&ClassProbability::probability, 0.0),
                  ::testing::Field(&ClassProbability::probability, 0.0)));
  // The response echoes what was used.
  EXPECT_EQ(response->model.model_id, "two-by-two");
  EXPECT_EQ(response->thresholds.convergence_threshold, 50.0);
  EXPECT_EQ(response->monte_carlo.draws, 1);
  EXPECT_EQ(response->monte_carlo.seed, kDefaultSeed);
  EXPECT_EQ(response->monte_carlo.weight_perturbation, 0.25);
}

TEST(ScoreTest, ContributionsSumToTheScore) {
  ScoreRequest request = DefaultRequest(2);
  for (Aggregation aggregation : {Aggregation::kWeightedArithmeticMean,
                                  Aggregation::kWeightedGeometricMean}) {
    ScoringModel model = DefaultModel();
    for (IndexDefinition& index : model.indices) {
      index.aggregation = aggregation;
    }
    // A value at 0 exercises the geometric floor.
    request.periods[0].values[3].value = 0.0;
    request.model = model;
    request.monte_carlo.draws = 200;
    request.sensitivity.skip = true;
    absl::StatusOr<ScoreResponse> response = Score(request);
    ASSERT_THAT(response, IsOk());
    for (const PeriodScore& period : response->periods) {
      for (const IndexScore& index : period.indices) {
        ASSERT_TRUE(index.score.has_value());
        double sum = 0.0, weight_sum = 0.0;
        for (const ComponentResult& c : index.components) {
          ASSERT_TRUE(c.contribution.has_value());
          sum += *c.contribution;
          weight_sum += c.effective_weight;
        }
        if (aggregation == Aggregation::kWeightedArithmeticMean) {
          EXPECT_EQ(sum, *index.score);  // the score is their sum
        } else {
          EXPECT_NEAR(sum, *index.score, 1e-9);
        }
        EXPECT_NEAR(weight_sum, 1.0, 1e-12);
      }
    }
  }
}

TEST(ScoreTest, GeometricContributionsSplitByWeightedLogs) {
  ScoringModel model = TwoByTwoModel();
  model.indices[0].aggregation = Aggregation::kWeightedGeometricMean;
  ScoreRequest request = TwoByTwoRequest(0.64, -10.0, 0.4, 0.5);
  request.model = model;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& sci =
      IndexOf(response->periods[0], Index::kStrategicConvergence);
  // √(64 · max(0, 1)) = 8; ln 64 vs ln 1 = 0: all of it from coop.
  EXPECT_THAT(sci.score, Optional(DoubleNear(8.0, 1e-12)));
  EXPECT_THAT(sci.components[0].contribution, Optional(DoubleNear(8.0, 1e-12)));
  EXPECT_THAT(sci.components[1].contribution, Optional(DoubleNear(0.0, 1e-12)));
}

TEST(ScoreTest, RaisingAPositiveComponentNeverLowersItsIndex) {
  const ScoringModel model = DefaultModel();
  for (Aggregation aggregation : {Aggregation::kWeightedArithmeticMean,
                                  Aggregation::kWeightedGeometricMean}) {
    for (size_t i = 0; i < model.indices.size(); ++i) {
      for (size_t j = 0; j < model.indices[i].components.size(); ++j) {
        const Component& c = model.indices[i].components[j];
        const double lo = c.min_max->lower_goalpost;
        const double hi = c.min_max->upper_goalpost;
        double previous = -1.0;
        for (int step = -5; step <= 25; ++step) {
          const double x = lo + (hi - lo) * step / 20.0;
          ScoreRequest request = DefaultRequest();
          request.model = model;
          for (IndexDefinition& index : request.model->indices) {
            index.aggregation = aggregation;
          }
          request.monte_carlo.draws = 1;
          request.sensitivity.skip = true;
          for (IndicatorValue& v : request.periods[0].values) {
            if (v.indicator_id == c.indicator_id) v.value = x;
          }
          absl::StatusOr<ScoreResponse> response = Score(request);
          ASSERT_THAT(response, IsOk());
          const double score = *response->periods[0].indices[i].score;
          // Positive components raise the index, negative ones lower it.
          const double oriented =
              c.direction == Direction::kPositive ? score : -score;
          if (step > -5) {
            EXPECT_GE(oriented, previous - 1e-12)
                << c.indicator_id << " at " << x;
          }
          previous = oriented;
        }
      }
    }
  }
}

TEST(ScoreTest, ScalingAllWeightsChangesNothing) {
  ScoreRequest request = DefaultRequest(2);
  request.monte_carlo.draws = 2000;
  request.sensitivity.base_samples = 512;
  absl::StatusOr<ScoreResponse> base = Score(request);
  ScoringModel scaled = DefaultModel();
  for (IndexDefinition& index : scaled.indices) {
    for (Component& c : index.components) c.weight *= 3.7;
  }
  request.model = scaled;
  absl::StatusOr<ScoreResponse> other = Score(request);
  ASSERT_THAT(base, IsOk());
  ASSERT_THAT(other, IsOk());
  for (size_t t = 0; t < 2; ++t) {
    const PeriodScore& a = base->periods[t];
    const PeriodScore& b = other->periods[t];
    EXPECT_EQ(a.relationship_class, b.relationship_class);
    for (size_t i = 0; i < a.indices.size(); ++i) {
      EXPECT_NEAR(*a.indices[i].score, *b.indices[i].score, 1e-9);
      EXPECT_NEAR(a.indices[i].coverage, b.indices[i].coverage, 1e-12);
      EXPECT_NEAR(a.indices[i].distribution->p5, b.indices[i].distribution->p5,
                  1e-9);
      EXPECT_NEAR(a.indices[i].distribution->p95,
                  b.indices[i].distribution->p95, 1e-9);
      for (size_t j = 0; j < a.indices[i].components.size(); ++j) {
        const ComponentResult& ca = a.indices[i].components[j];
        const ComponentResult& cb = b.indices[i].components[j];
        EXPECT_NEAR(ca.effective_weight, cb.effective_weight, 1e-12);
        EXPECT_NEAR(*ca.contribution, *cb.contribution, 1e-9);
        EXPECT_NEAR(ca.value_sensitivity->total, cb.value_sensitivity->total,
                    1e-9);
        EXPECT_NEAR(ca.weight_sensitivity->first_order,
                    cb.weight_sensitivity->first_order, 1e-9);
      }
    }
    for (size_t k = 0; k < a.class_probabilities.size(); ++k) {
      EXPECT_NEAR(a.class_probabilities[k].probability,
                  b.class_probabilities[k].probability, 1e-12);
    }
  }
}

TEST(ScoreTest, MissingComponentsRenormaliseAndLowerCoverage) {
  ScoreRequest request = DefaultRequest();
  request.monte_carlo.draws = 100;
  request.sensitivity.skip = true;
  // Drop the UNGA components (0.25 + 0.10 of SCI).
  for (IndicatorValue& v : request.periods[0].values) {
    if (v.indicator_id.rfind("votes.", 0) == 0) v.value.reset();
  }
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& sci =
      IndexOf(response->periods[0], Index::kStrategicConvergence);
  EXPECT_NEAR(sci.coverage, 0.65, 1e-12);
  EXPECT_FALSE(sci.insufficient);
  double weight_sum = 0.0;
  for (const ComponentResult& c : sci.components) {
    weight_sum += c.effective_weight;
    if (c.indicator_id.rfind("votes.", 0) == 0) {
      EXPECT_TRUE(c.missing);
      EXPECT_EQ(c.effective_weight, 0.0);
      EXPECT_EQ(c.contribution, std::nullopt);
      EXPECT_EQ(c.normalized_value, std::nullopt);
    } else {
      EXPECT_NEAR(c.effective_weight, c.weight / 0.65, 1e-12);
    }
  }
  EXPECT_NEAR(weight_sum, 1.0, 1e-12);
}

TEST(ScoreTest, BelowMinCoverageTheIndexIsInsufficientAndThereIsNoClass) {
  ScoreRequest request = DefaultRequest(2);
  request.monte_carlo.draws = 100;
  request.sensitivity.skip = true;
  // AII keeps only the FDI share (0.20 of its weight) in the first period.
  for (IndicatorValue& v : request.periods[0].values) {
    if (v.indicator_id.rfind("economics.", 0) == 0 &&
        v.indicator_id != "economics.fdi_share_from_b") {
      v.value.reset();
    }
  }
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const PeriodScore& p = response->periods[0];
  const IndexScore& aii = IndexOf(p, Index::kAsymmetricInterdependence);
  EXPECT_NEAR(aii.coverage, 0.2, 1e-12);
  EXPECT_TRUE(aii.insufficient);
  EXPECT_EQ(aii.score, std::nullopt);
  EXPECT_EQ(aii.distribution, std::nullopt);
  EXPECT_EQ(aii.components[4].contribution, std::nullopt);
  EXPECT_TRUE(aii.components[4].normalized_value.has_value());
  EXPECT_EQ(p.relationship_class, RelationshipClass::kUnspecified);
  EXPECT_THAT(p.class_probabilities, IsEmpty());
  EXPECT_THAT(p.class_flips, IsEmpty());
  // The change of AII is unknown; SCI's is known.
  const PeriodChange& change = response->changes[0];
  EXPECT_EQ(change.index_changes[1].change, std::nullopt);
  EXPECT_EQ(change.index_changes[1].interval, std::nullopt);
  EXPECT_TRUE(change.index_changes[0].change.has_value());
  EXPECT_FALSE(change.class_changed);
  EXPECT_EQ(change.from_class, RelationshipClass::kUnspecified);
}

TEST(ScoreTest, RequestThresholdsOverrideTheModels) {
  ScoreRequest request = TwoByTwoRequest(0.7, 2.0, 0.4, 0.5);  // 65, 42.5
  request.thresholds.interdependence_threshold = 40.0;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->periods[0].relationship_class,
            RelationshipClass::kHierarchicalInterdependence);
  EXPECT_EQ(response->thresholds.interdependence_threshold, 40.0);
  EXPECT_EQ(response->thresholds.convergence_threshold, 50.0);
}

// ---------------------------------------------------------------------------
// Monte Carlo.

TEST(MonteCarloTest, ClassProbabilitiesSumToOne) {
  ScoreRequest request = DefaultRequest(2);
  request.monte_carlo.vary_normalization = true;
  request.monte_carlo.vary_aggregation = true;
  request.sensitivity.skip = true;
  // Put SCI near its threshold so the draws split between classes.
  request.thresholds.convergence_threshold = 0.0;
  absl::StatusOr<ScoreResponse> probe = Score(request);
  ASSERT_THAT(probe, IsOk());
  request.thresholds.convergence_threshold =
      *probe->periods[0].indices[0].score;
  request.thresholds.interdependence_threshold =
      *probe->periods[0].indices[1].score;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  for (const PeriodScore& p : response->periods) {
    ASSERT_EQ(p.class_probabilities.size(), 4u);
    double sum = 0.0;
    int nonzero = 0;
    for (const ClassProbability& c : p.class_probabilities) {
      EXPECT_GE(c.probability, 0.0);
      sum += c.probability;
      if (c.probability > 0.0) ++nonzero;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    // The first period sits on both thresholds: its draws split.
    if (&p == &response->periods[0]) {
      EXPECT_GE(nonzero, 2);
    }
    EXPECT_EQ(p.class_probabilities[0].relationship_class,
              RelationshipClass::kPartnership);
    EXPECT_EQ(p.class_probabilities[3].relationship_class,
              RelationshipClass::kTransactional);
  }
}

TEST(MonteCarloTest, ZeroNoiseCollapsesTheIntervalToThePoint) {
  ScoreRequest request;
  std::vector<IndicatorValue> values = TypicalValues();
  for (IndicatorValue& v : values) v.standard_error.reset();
  request.periods = {Period("a", values), Period("b", values)};
  request.periods[1].values[0].value = 5.0;
  request.monte_carlo.weight_perturbation = 0.0;
  request.sensitivity.base_samples = 256;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  for (const PeriodScore& p : response->periods) {
    for (const IndexScore& index : p.indices) {
      ASSERT_TRUE(index.distribution.has_value());
      const ScoreDistribution& d = *index.distribution;
      EXPECT_EQ(d.draws, kDefaultDraws);
      EXPECT_EQ(d.p5, *index.score);
      EXPECT_EQ(d.p50, *index.score);
      EXPECT_EQ(d.p95, *index.score);
      EXPECT_EQ(d.mean, *index.score);
      EXPECT_EQ(d.standard_deviation, 0.0);
      // Fixed weights carry no variance.
      for (const ComponentResult& c : index.components) {
        EXPECT_EQ(c.weight_sensitivity->first_order, 0.0);
        EXPECT_EQ(c.weight_sensitivity->total, 0.0);
      }
    }
    for (const ClassProbability& c : p.class_probabilities) {
      EXPECT_EQ(c.probability,
                c.relationship_class == p.relationship_class ? 1.0 : 0.0);
    }
  }
  const IndexChange& sci_change = response->changes[0].index_changes[0];
  ASSERT_TRUE(sci_change.change.has_value());
  EXPECT_GT(*sci_change.change, 0.0);
  EXPECT_NEAR(sci_change.interval->lower, *sci_change.change, 1e-12);
  EXPECT_NEAR(sci_change.interval->upper, *sci_change.change, 1e-12);
  EXPECT_EQ(sci_change.probability_increase, 1.0);
  const IndexChange& aii_change = response->changes[0].index_changes[1];
  EXPECT_EQ(aii_change.change, 0.0);
  EXPECT_EQ(aii_change.interval->lower, 0.0);
  EXPECT_EQ(aii_change.probability_increase, 0.0);
}

TEST(MonteCarloTest, SameSeedSameAnswerOtherSeedOtherAnswer) {
  ScoreRequest request = DefaultRequest(2);
  request.monte_carlo.draws = 3000;
  request.monte_carlo.seed = 77;
  request.monte_carlo.vary_aggregation = true;
  request.sensitivity.base_samples = 256;
  absl::StatusOr<ScoreResponse> a = Score(request);
  absl::StatusOr<ScoreResponse> b = Score(request);
  request.monte_carlo.seed = 78;
  absl::StatusOr<ScoreResponse> c = Score(request);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(a->monte_carlo.seed, 77u);
  for (size_t t = 0; t < 2; ++t) {
    for (size_t i = 0; i < 3; ++i) {
      const IndexScore& x = a->periods[t].indices[i];
      const IndexScore& y = b->periods[t].indices[i];
      EXPECT_EQ(x.distribution->p5, y.distribution->p5);
      EXPECT_EQ(x.distribution->p95, y.distribution->p95);
      EXPECT_EQ(x.distribution->standard_deviation,
                y.distribution->standard_deviation);
      EXPECT_NE(x.distribution->p5, c->periods[t].indices[i].distribution->p5);
      for (size_t j = 0; j < x.components.size(); ++j) {
        EXPECT_EQ(x.components[j].value_sensitivity,
                  y.components[j].value_sensitivity);
      }
    }
    for (size_t k = 0; k < 4; ++k) {
      EXPECT_EQ(a->periods[t].class_probabilities[k].probability,
                b->periods[t].class_probabilities[k].probability);
    }
  }
  EXPECT_EQ(a->changes[0].index_changes[0].interval->lower,
            b->changes[0].index_changes[0].interval->lower);
}

TEST(MonteCarloTest, DistributionReflectsTheNoise) {
  ScoreRequest request = TwoByTwoRequest(0.7, 2.0, 0.4, 0.5);
  // Only coop is noisy (SE 0.1 → 10 normalised points → 5 SCI points).
  request.periods[0].values[0].standard_error = 0.1;
  request.monte_carlo.draws = 20000;
  request.monte_carlo.weight_perturbation = 0.0;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& sci =
      IndexOf(response->periods[0], Index::kStrategicConvergence);
  const ScoreDistribution& d = *sci.distribution;
  EXPECT_NEAR(d.mean, 65.0, 0.1);
  EXPECT_NEAR(d.standard_deviation, 5.0, 0.1);
  EXPECT_NEAR(d.p50, 65.0, 0.15);
  EXPECT_NEAR(d.p5, 65.0 - 1.645 * 5.0, 0.2);
  EXPECT_NEAR(d.p95, 65.0 + 1.645 * 5.0, 0.2);
  // P(SCI < 50) = Φ(−3) ≈ 0.00135: transactional in a few draws.
  EXPECT_NEAR(response->periods[0].class_probabilities[3].probability, 0.00135,
              0.001);
  // AII has no noise.
  const IndexScore& aii =
      IndexOf(response->periods[0], Index::kAsymmetricInterdependence);
  EXPECT_EQ(aii.distribution->standard_deviation, 0.0);
}

TEST(MonteCarloTest, OneDrawIsThePointEstimate) {
  ScoreRequest request = DefaultRequest(2);
  request.monte_carlo.draws = 1;
  request.sensitivity.skip = true;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexScore& sci = response->periods[0].indices[0];
  EXPECT_EQ(sci.distribution->draws, 1);
  EXPECT_EQ(sci.distribution->p5, *sci.score);
  EXPECT_EQ(sci.distribution->p95, *sci.score);
  EXPECT_EQ(sci.components[0].value_sensitivity, std::nullopt);
}

TEST(MonteCarloTest, PairedDrawsMakeIdenticalPeriodsChangeByExactlyZero) {
  ScoreRequest request;
  request.periods = {Period("a", TypicalValues()),
                     Period("b", TypicalValues())};
  request.monte_carlo.draws = 2000;
  request.monte_carlo.vary_normalization = true;
  request.monte_carlo.vary_aggregation = true;
  request.sensitivity.skip = true;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  ASSERT_EQ(response->changes.size(), 1u);
  const PeriodChange& change = response->changes[0];
  EXPECT_EQ(change.from_period, "a");
  EXPECT_EQ(change.to_period, "b");
  EXPECT_FALSE(change.class_changed);
  for (const IndexChange& ic : change.index_changes) {
    EXPECT_EQ(ic.change, 0.0);
    EXPECT_EQ(ic.interval->lower, 0.0);
    EXPECT_EQ(ic.interval->upper, 0.0);
    EXPECT_EQ(ic.interval->confidence_level, 0.90);
    EXPECT_EQ(ic.probability_increase, 0.0);
  }
}

TEST(MonteCarloTest, ChangesHaveIntervalsAroundThePointChange) {
  ScoreRequest request = DefaultRequest(2);
  request.change_confidence_level = 0.8;
  request.sensitivity.skip = true;
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const IndexChange& sci = response->changes[0].index_changes[0];
  ASSERT_TRUE(sci.change.has_value());
  EXPECT_GT(*sci.change, 0.0);  // the second period is more cooperative
  EXPECT_LT(sci.interval->lower, *sci.change);
  EXPECT_GT(sci.interval->upper, *sci.change);
  EXPECT_EQ(sci.interval->confidence_level, 0.8);
  EXPECT_EQ(sci.interval->draws, kDefaultDraws);
  EXPECT_GT(*sci.probability_increase, 0.5);
  const IndexChange& sei = response->changes[0].index_changes[2];
  EXPECT_EQ(sei.change, 0.0);
}

TEST(MonteCarloTest, ClassChangeBetweenPeriodsIsFlagged) {
  ScoreRequest request = TwoByTwoRequest(0.7, 2.0, 0.4, 0.5);
  request.periods.push_back(request.periods[0]);
  request.periods[1].period.name = "q";
  request.periods[1].values[2].value = 0.9;  // AII → 80: hierarchical
  absl::StatusOr<ScoreResponse> response = Score(request);
  ASSERT_THAT(response, IsOk());
  const PeriodChange& change = response->changes[0];
  EXPECT_EQ(change.from_class, RelationshipClass::kPartnership);
  EXPECT_EQ(change.to_class, RelationshipClass::kHierarchicalInterdependence);
  EXPECT_TRUE(change.class_changed);
  EXPECT_THAT(change.index_changes[1].change,
              Optional(DoubleNear(37.5, 1e-12)));
}

}  // namespace
}  // namespace dyadscope::scoring
