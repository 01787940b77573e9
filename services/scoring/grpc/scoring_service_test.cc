// RPC tests of ScoringService: a real in-process server on 127.0.0.1:0,
// called through a real stub with deadlines.

#include "services/scoring/grpc/scoring_service.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"

namespace dyadscope::scoring {
namespace {

using ::dyadscope::testing::BadFields;

using ::dyadscope::testing::IsOk;
using ::testing::Contains;
using ::testing::SizeIs;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  return context;
}

class ScoringServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::StartTestServer(
        {{v1::ScoringService::service_full_name(), &service_}});
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::ScoringService::NewStub(server_.channel);
    ASSERT_TRUE(
        stub_->GetDefaultModel(Context().get(), {}, &default_model_).ok());
  }

  // A request with every default-model indicator set to the middle of its
  // goalposts in period 1 and 90% of the way up in period 2.
  v1::ScoreRequest TwoPeriods() {
    v1::ScoreRequest request;
    const char* names[] = {"consolidation", "deepening"};
    const double where[] = {0.5, 0.9};
    for (int p = 0; p < 2; ++p) {
      v1::PeriodIndicators* period = request.add_periods();
      period->mutable_period()->set_name(names[p]);
      period->mutable_period()->set_start_year(p == 0 ? 1990 : 2015);
      for (const auto& index : default_model_.model().indices()) {
        for (const auto& component : index.components()) {
          v1::IndicatorValue* value = period->add_values();
          value->set_indicator_id(component.indicator_id());
          const double lo = component.min_max().lower_goalpost();
          const double hi = component.min_max().upper_goalpost();
          value->set_value(lo + where[p] * (hi - lo));
          value->set_standard_error(0.05 * (hi - lo));
        }
      }
    }
    request.mutable_monte_carlo()->set_draws(2000);
    request.mutable_monte_carlo()->set_seed(7);
    return request;
  }

  ScoringServiceImpl service_{CallPolicy{}};
  testing::TestServer server_;
  std::unique_ptr<v1::ScoringService::Stub> stub_;
  v1::GetDefaultModelResponse default_model_;
};

TEST_F(ScoringServiceTest, DefaultModelHasThreeIndicesWithRationales) {
  const v1::ScoringModel& model = default_model_.model();
  ASSERT_THAT(model.indices(), SizeIs(3));
  for (const auto& index : model.indices()) {
    EXPECT_FALSE(index.components().empty());
    for (const auto& component : index.components()) {
      EXPECT_GT(component.weight(), 0) << component.indicator_id();
      EXPECT_FALSE(component.rationale().empty()) << component.indicator_id();
    }
  }
  EXPECT_FALSE(default_model_.known_indicators().empty());
  EXPECT_EQ(default_model_.monte_carlo().draws(), 10000);
}

TEST_F(ScoringServiceTest, ScoresBothPeriodsWithClassesAndChanges) {
  v1::ScoreRequest request = TwoPeriods();
  v1::ScoreResponse response;
  grpc::Status status = stub_->Score(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.periods(), SizeIs(2));
  for (const auto& period : response.periods()) {
    ASSERT_THAT(period.indices(), SizeIs(3));
    for (const auto& index : period.indices()) {
      ASSERT_TRUE(index.has_score());
      EXPECT_GE(index.score(), 0);
      EXPECT_LE(index.score(), 100);
      double sum = 0;
      for (const auto& c : index.components()) sum += c.contribution();
      EXPECT_NEAR(sum, index.score(), 1e-9);
      EXPECT_LE(index.distribution().p5(), index.distribution().p95());
    }
    EXPECT_NE(period.relationship_class(), v1::RELATIONSHIP_CLASS_UNSPECIFIED);
    double total = 0;
    for (const auto& p : period.class_probabilities()) total += p.probability();
    EXPECT_NEAR(total, 1.0, 1e-9);
  }
  ASSERT_THAT(response.changes(), SizeIs(1));
  EXPECT_THAT(response.changes(0).index_changes(), SizeIs(3));
  // The same seed gives the same answer.
  v1::ScoreResponse again;
  ASSERT_TRUE(stub_->Score(Context().get(), request, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), response.SerializeAsString());
}

TEST_F(ScoringServiceTest, BadModelsAreRejectedWithTheFieldNamed) {
  v1::ScoreRequest request = TwoPeriods();
  *request.mutable_model() = default_model_.model();
  auto* index = request.mutable_model()->mutable_indices(0);
  index->mutable_components(0)->set_weight(-1);
  index->mutable_components(1)->mutable_min_max()->set_lower_goalpost(
      index->components(1).min_max().upper_goalpost() + 1);
  index->mutable_components(2)->set_indicator_id("no.such_indicator");
  request.mutable_thresholds()->set_convergence_threshold(120);
  v1::ScoreResponse response;
  grpc::Status status = stub_->Score(Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields = BadFields(status);
  EXPECT_THAT(fields, Contains("model.indices[0].components[0].weight"));
  EXPECT_THAT(
      fields,
      Contains("model.indices[0].components[1].min_max.lower_goalpost"));
  EXPECT_THAT(fields, Contains("model.indices[0].components[2].indicator_id"));
  EXPECT_THAT(fields, Contains("thresholds.convergence_threshold"));
}

}  // namespace
}  // namespace dyadscope::scoring
