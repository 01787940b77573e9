// The AssessmentAggregator's concurrency, shown with barriers in the fakes
// rather than with a clock: one fan-out's calls are in flight together,
// Simulate's two Score calls too, the bound on concurrent fan-outs holds,
// and concurrent requests are safe (run under ThreadSanitizer too).

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/gateway/aggregation/aggregator_test_fakes.h"
#include "services/gateway/aggregation/assessment_aggregator.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::gateway::aggregator_testing::AssessmentAggregatorTest;
using ::dyadscope::gateway::aggregator_testing::Barrier;
using ::dyadscope::gateway::aggregator_testing::FakeBase;
using ::dyadscope::gateway::aggregator_testing::Gate;
using ::dyadscope::gateway::aggregator_testing::SeenCall;
using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::HasSubstr;

TEST_F(AssessmentAggregatorTest, FansOutConcurrently) {
  // Every data call waits at the barrier until all seven (4 events + 1
  // economics + 2 risk) are in flight: had the aggregator made them one
  // after the other, none would pass and every answer would be late.
  Barrier data_round(7);
  events_.set_barrier(&data_round);
  economics_.set_barrier(&data_round);
  risk_.set_barrier(&data_round);

  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(data_round.passed(), 7);
  EXPECT_FALSE(a->provisional());

  int calls = 0;
  for (const FakeBase* fake :
       std::vector<const FakeBase*>{&events_, &economics_, &risk_, &scoring_}) {
    calls += static_cast<int>(fake->calls().size());
  }
  EXPECT_EQ(calls, 8);
}

TEST_F(AssessmentAggregatorTest, SimulateScoresBothVariantsConcurrently) {
  // Both Score calls must be in flight at once to pass.
  Barrier both(2);
  scoring_.set_barrier(&both);
  v1::SimulateRequest request;
  request.mutable_dyad()->set_country_a("PAK");
  request.mutable_dyad()->set_country_b("CHN");
  v1::IndicatorOverride* o = request.add_overrides();
  o->set_indicator_id("economics.directed_asymmetry");
  o->set_value(0.9);
  absl::StatusOr<v1::SimulateResponse> simulated =
      aggregator().Simulate(request, Deadline());
  ASSERT_THAT(simulated, IsOk());
  EXPECT_EQ(both.passed(), 2);
  EXPECT_TRUE(simulated->baseline().scores_available());
  EXPECT_TRUE(simulated->simulated().scores_available());
}

TEST_F(AssessmentAggregatorTest, FanOutsBeyondTheBoundWaitForASlot) {
  options_.max_concurrent_fanouts = 1;
  Gate gate;
  economics_.set_gate(&gate);
  AssessmentAggregator& shared = aggregator();
  absl::StatusOr<v1::DyadAssessment> first = absl::UnknownError("not run");
  std::thread holder([&] { first = shared.Assess(PakChn(), Deadline()); });
  // The first request holds the only slot, its economics call at the gate.
  gate.AwaitArrivals(1);

  // A second one waits for the slot until its deadline and calls nothing.
  const absl::Time second_deadline = absl::Now() + absl::Milliseconds(300);
  EXPECT_THAT(aggregator().Assess(PakChn(), second_deadline),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("concurrent fan-outs")));

  gate.Open();
  holder.join();
  ASSERT_THAT(first, IsOk());
  for (const FakeBase* fake :
       std::vector<const FakeBase*>{&events_, &economics_, &risk_, &scoring_}) {
    for (const SeenCall& call : fake->calls()) {
      EXPECT_NE(call.deadline, second_deadline) << call.method;
    }
  }
  EXPECT_EQ(economics_.call_count("SummarizeIndicators"), 1);

  // The slot is free again once the first has answered.
  v1::AssessDyadRequest third = PakChn();
  third.mutable_options()->set_bypass_cache(true);
  EXPECT_THAT(aggregator().Assess(third, Deadline()), IsOk());
  EXPECT_EQ(economics_.call_count("SummarizeIndicators"), 2);
}

TEST_F(AssessmentAggregatorTest, FanOutsWithinTheBoundRunTogether) {
  options_.max_concurrent_fanouts = 2;
  // Each request's economics call waits until the other's is in flight.
  Barrier two_requests(2);
  economics_.set_barrier(&two_requests);
  AssessmentAggregator& shared = aggregator();
  std::vector<absl::StatusOr<v1::DyadAssessment>> results(
      2, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      v1::AssessDyadRequest request = PakChn();
      request.mutable_options()->set_risk_horizon_days(100 + i);
      results[i] = shared.Assess(request, Deadline());
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(two_requests.passed(), 2);
  for (const auto& result : results) {
    ASSERT_THAT(result, IsOk());
    EXPECT_FALSE(result->provisional());
  }
}

TEST_F(AssessmentAggregatorTest, ConcurrentRequestsAreSafe) {
  AssessmentAggregator& shared = aggregator();
  std::vector<std::thread> threads;
  std::vector<absl::Status> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      v1::AssessDyadRequest request = PakChn();
      request.mutable_options()->set_risk_horizon_days(100 + i % 2);
      results[i] = shared.Assess(request, Deadline()).status();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : results) EXPECT_THAT(s, IsOk());
  EXPECT_GE(scoring_.call_count("Score"), 2);
  EXPECT_LE(scoring_.call_count("Score"), 8);
}

}  // namespace
}  // namespace dyadscope::gateway
