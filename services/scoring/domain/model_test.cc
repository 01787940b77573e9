#include "services/scoring/domain/model.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::scoring {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Returns the field paths named by `status`.
std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

absl::Status Validate(const ScoringModel& model) {
  return ValidateModel(model, KnownIndicatorIds());
}

TEST(DefaultModelTest, IsValid) {
  EXPECT_THAT(Validate(DefaultModel()), IsOk());
}

TEST(DefaultModelTest, HasTheThreeIndicesWithPublishedChoices) {
  const ScoringModel model = DefaultModel();
  EXPECT_EQ(model.model_id, "dyadscope-default");
  EXPECT_FALSE(model.version.empty());
  ASSERT_EQ(model.indices.size(), 3u);
  EXPECT_EQ(model.indices[0].index, Index::kStrategicConvergence);
  EXPECT_EQ(model.indices[1].index, Index::kAsymmetricInterdependence);
  EXPECT_EQ(model.indices[2].index, Index::kSecurityExposure);
  EXPECT_EQ(model.thresholds.convergence_threshold, 50.0);
  EXPECT_EQ(model.thresholds.interdependence_threshold, 50.0);
  for (const IndexDefinition& index : model.indices) {
    EXPECT_EQ(index.min_coverage, 0.5);
    EXPECT_EQ(index.aggregation, Aggregation::kWeightedArithmeticMean);
    EXPECT_FALSE(index.display_name.empty());
    EXPECT_FALSE(index.description.empty());
    double weight_sum = 0.0;
    for (const Component& c : index.components) {
      weight_sum += c.weight;
      EXPECT_GT(c.weight, 0.0) << c.indicator_id;
      EXPECT_FALSE(c.rationale.empty()) << c.indicator_id;
      EXPECT_FALSE(c.display_name.empty()) << c.indicator_id;
      EXPECT_FALSE(c.unit.empty()) << c.indicator_id;
      ASSERT_TRUE(c.min_max.has_value()) << c.indicator_id;
      EXPECT_LT(c.min_max->lower_goalpost, c.min_max->upper_goalpost);
    }
    // Published weights sum to 1 within each index.
    EXPECT_NEAR(weight_sum, 1.0, 1e-12) << IndexName(index.index);
  }
}

TEST(DefaultModelTest, UsesEveryKnownIndicatorAndOnlyThose) {
  absl::flat_hash_set<std::string> used;
  const ScoringModel model = DefaultModel();
  for (const IndexDefinition& index : model.indices) {
    for (const Component& c : index.components) used.insert(c.indicator_id);
  }
  const std::vector<KnownIndicator> known = KnownIndicators();
  EXPECT_EQ(used.size(), known.size());
  for (const KnownIndicator& k : known) {
    EXPECT_TRUE(used.contains(k.indicator_id)) << k.indicator_id;
    EXPECT_FALSE(k.display_name.empty()) << k.indicator_id;
    EXPECT_FALSE(k.unit.empty()) << k.indicator_id;
    EXPECT_FALSE(k.description.empty()) << k.indicator_id;
    // The origin names the backend RPC the gateway reads it from.
    EXPECT_THAT(k.origin, HasSubstr(".")) << k.indicator_id;
  }
  EXPECT_EQ(KnownIndicatorIds().size(), known.size());
}

TEST(DefaultModelTest, TradeCoverageLowersAsymmetryWhenItRises) {
  const ScoringModel model = DefaultModel();
  for (const Component& c : model.indices[1].components) {
    if (c.indicator_id == "economics.trade_coverage_ratio") {
      EXPECT_EQ(c.direction, Direction::kNegative);
      return;
    }
  }
  FAIL() << "trade coverage is not in AII";
}

TEST(ValidateModelTest, NegativeWeightIsNamed) {
  ScoringModel model = DefaultModel();
  model.indices[0].components[2].weight = -0.1;
  const absl::Status status = Validate(model);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("negative")));
  EXPECT_THAT(Fields(status),
              Contains("model.indices[0].components[2].weight"));
}

TEST(ValidateModelTest, AllZeroWeightsAreNamed) {
  ScoringModel model = DefaultModel();
  for (Component& c : model.indices[1].components) c.weight = 0.0;
  const absl::Status status = Validate(model);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("every weight of this index")));
  for (size_t j = 0; j < model.indices[1].components.size(); ++j) {
    EXPECT_THAT(Fields(status), Contains("model.indices[1].components[" +
                                         std::to_string(j) + "].weight"));
  }
}

TEST(ValidateModelTest, InvertedGoalpostsAreNamed) {
  ScoringModel model = DefaultModel();
  model.indices[1].components[0].min_max = MinMaxNormalization{1.0, 0.0};
  model.indices[2].components[1].min_max = MinMaxNormalization{3.0, 3.0};
  const absl::Status status = Validate(model);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      Fields(status),
      Contains("model.indices[1].components[0].min_max.lower_goalpost"));
  EXPECT_THAT(
      Fields(status),
      Contains("model.indices[2].components[1].min_max.lower_goalpost"));
}

TEST(ValidateModelTest, NonPositiveReferenceDeviationIsNamed) {
  ScoringModel model = DefaultModel();
  Component& c = model.indices[0].components[0];
  c.normalization = NormalizationMethod::kZScore;
  c.z_score = ZScoreNormalization{0.0, 0.0, "flat"};
  EXPECT_THAT(Fields(Validate(model)),
              Contains("model.indices[0].components[0].z_score.reference_"
                       "standard_deviation"));
}

TEST(ValidateModelTest, MissingNormalizationParametersAreNamed) {
  ScoringModel model = DefaultModel();
  model.indices[0].components[0].min_max.reset();
  model.indices[0].components[1].normalization = NormalizationMethod::kZScore;
  model.indices[0].components[2].normalization =
      NormalizationMethod::kUnspecified;
  model.indices[0].components[3].direction = Direction::kUnspecified;
  const std::vector<std::string> fields = Fields(Validate(model));
  EXPECT_THAT(fields, Contains("model.indices[0].components[0].min_max"));
  EXPECT_THAT(fields, Contains("model.indices[0].components[1].z_score"));
  EXPECT_THAT(fields, Contains("model.indices[0].components[2].normalization"));
  EXPECT_THAT(fields, Contains("model.indices[0].components[3].direction"));
}

TEST(ValidateModelTest, UnknownAndDuplicateIndicatorIdsAreNamed) {
  ScoringModel model = DefaultModel();
  model.indices[0].components[1].indicator_id = "events.no_such_thing";
  model.indices[0].components[3].indicator_id =
      model.indices[0].components[0].indicator_id;
  const absl::Status status = Validate(model);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("unknown indicator id")));
  EXPECT_THAT(Fields(status),
              Contains("model.indices[0].components[1].indicator_id"));
  EXPECT_THAT(Fields(status),
              Contains("model.indices[0].components[3].indicator_id"));
}

TEST(ValidateModelTest, OnlyTheGivenIdsAreKnown) {
  EXPECT_THAT(Fields(ValidateModel(DefaultModel(), {"events.mean_goldstein"})),
              Contains("model.indices[1].components[0].indicator_id"));
}

TEST(ValidateModelTest, IndexProblemsAreNamed) {
  ScoringModel model = DefaultModel();
  model.indices[2].index = Index::kStrategicConvergence;  // duplicate
  model.indices[1].components.clear();
  model.indices[0].min_coverage = 1.5;
  const std::vector<std::string> fields = Fields(Validate(model));
  EXPECT_THAT(fields, Contains("model.indices[2].index"));
  EXPECT_THAT(fields, Contains("model.indices[1].components"));
  EXPECT_THAT(fields, Contains("model.indices[0].min_coverage"));

  ScoringModel unspecified = DefaultModel();
  unspecified.indices[2].index = Index::kUnspecified;
  EXPECT_THAT(Fields(Validate(unspecified)),
              Contains("model.indices[2].index"));

  ScoringModel no_aii = DefaultModel();
  no_aii.indices.erase(no_aii.indices.begin() + 1);
  EXPECT_THAT(Validate(no_aii),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Asymmetric Interdependence Index is "
                                 "required")));
  EXPECT_THAT(Fields(Validate(no_aii)), Contains("model.indices"));

  ScoringModel empty;
  EXPECT_THAT(Fields(Validate(empty)), Contains("model.indices"));
}

TEST(ValidateModelTest, ThresholdsOutsideZeroToHundredAreNamed) {
  ScoringModel model = DefaultModel();
  model.thresholds.convergence_threshold = 120.0;
  model.thresholds.interdependence_threshold = -1.0;
  const std::vector<std::string> fields = Fields(Validate(model));
  EXPECT_THAT(fields, Contains("model.thresholds.convergence_threshold"));
  EXPECT_THAT(fields, Contains("model.thresholds.interdependence_threshold"));

  model.thresholds.convergence_threshold = 0.0;
  model.thresholds.interdependence_threshold = 100.0;
  EXPECT_THAT(Validate(model), IsOk());
  model.thresholds = ClassificationThresholds{};
  EXPECT_THAT(Validate(model), IsOk());
}

TEST(ValidateModelTest, ReportsEveryProblemAtOnceUnderTheGivenPrefix) {
  ScoringModel model = DefaultModel();
  model.indices[0].components[0].weight = -1.0;
  model.indices[1].components[1].min_max = MinMaxNormalization{2.0, 1.0};
  const absl::Status status =
      ValidateModel(model, KnownIndicatorIds(), "request.model");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("and 1 more")));
  EXPECT_THAT(Fields(status),
              Contains("request.model.indices[0].components[0].weight"));
  EXPECT_THAT(
      Fields(status),
      Contains(
          "request.model.indices[1].components[1].min_max.lower_goalpost"));
}

TEST(ValidateModelTest, NonFiniteNumbersAreRejected) {
  ScoringModel model = DefaultModel();
  model.indices[0].components[0].weight = std::nan("");
  model.indices[0].components[1].min_max->upper_goalpost = INFINITY;
  const std::vector<std::string> fields = Fields(Validate(model));
  EXPECT_THAT(fields, Contains("model.indices[0].components[0].weight"));
  EXPECT_THAT(
      fields,
      Contains("model.indices[0].components[1].min_max.upper_goalpost"));
  EXPECT_THAT(fields, Not(IsEmpty()));
}

TEST(NamesTest, IndexAndClassNames) {
  EXPECT_EQ(IndexName(Index::kAsymmetricInterdependence),
            "Asymmetric Interdependence Index");
  EXPECT_EQ(RelationshipClassName(RelationshipClass::kDependency),
            "dependency");
}

}  // namespace
}  // namespace dyadscope::scoring
