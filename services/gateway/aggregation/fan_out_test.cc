// RunFanOut and FanOutLimiter on their own, over a scripted fake backend.

#include "services/gateway/aggregation/fan_out.h"

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::HasSubstr;

// Answers SummarizeEvents with the request's first period name as the data
// version: at once on the caller's thread when the name is "inline", else
// from a thread of its own after sleeping until `answer_after` past the
// call's deadline (negative: before it).
class ScriptedEvents : public EventsBackend {
 public:
  explicit ScriptedEvents(absl::Duration answer_after = -absl::Seconds(100))
      : answer_after_(answer_after) {}
  ~ScriptedEvents() override {
    for (std::thread& thread : threads_) thread.join();
  }

  void SummarizeEvents(
      const events::v1::SummarizeEventsRequest& request,
      const CallOptions& options,
      Done<events::v1::SummarizeEventsResponse> done) override {
    events::v1::SummarizeEventsResponse response;
    response.set_data_version(request.periods(0).name());
    if (request.periods(0).name() == "inline") {
      done(std::move(response));
      return;
    }
    const absl::Time answer_at = options.deadline + answer_after_;
    threads_.emplace_back([answer_at, response, done = std::move(done)] {
      absl::SleepFor(std::max(absl::ZeroDuration(), answer_at - absl::Now()));
      done(response);
    });
  }
  void GetVotingAlignment(
      const events::v1::GetVotingAlignmentRequest&, const CallOptions&,
      Done<events::v1::GetVotingAlignmentResponse> done) override {
    done(absl::UnimplementedError("not scripted"));
  }

 private:
  const absl::Duration answer_after_;
  std::vector<std::thread> threads_;  // only the test's thread adds
};

events::v1::SummarizeEventsRequest Named(const std::string& name) {
  events::v1::SummarizeEventsRequest request;
  request.add_periods()->set_name(name);
  return request;
}

TEST(RunFanOutTest, RunsEveryRowAndReportsInTableOrder) {
  ScriptedEvents events;
  const auto first = Named("inline");
  const auto second = Named("threaded");
  absl::StatusOr<events::v1::SummarizeEventsResponse> a, b;
  const std::vector<FanOutCall> table = {
      {v1::BACKEND_EVENTS, "m1", "first", absl::Seconds(5),
       CallInto(&events, &EventsBackend::SummarizeEvents, first, &a)},
      {v1::BACKEND_EVENTS, "m2", "second", absl::Milliseconds(100),
       CallInto(&events, &EventsBackend::SummarizeEvents, second, &b)},
  };
  const std::vector<CallRecord> records =
      RunFanOut(table, absl::InfiniteFuture(), nullptr);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].label, "first");
  EXPECT_THAT(records[0].status, IsOk());
  EXPECT_EQ(records[0].data_version, "inline");
  EXPECT_EQ(records[1].method, std::string("m2"));
  EXPECT_THAT(records[1].status, IsOk());
  EXPECT_EQ(records[1].data_version, "threaded");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->data_version(), "threaded");
}

TEST(RunFanOutTest, AnAnswerAfterItsDeadlineIsLate) {
  ScriptedEvents events(/*answer_after=*/absl::Milliseconds(50));
  const auto request = Named("late");
  absl::StatusOr<events::v1::SummarizeEventsResponse> slot;
  const std::vector<FanOutCall> table = {
      {v1::BACKEND_EVENTS, "m", "late", absl::Milliseconds(50),
       CallInto(&events, &EventsBackend::SummarizeEvents, request, &slot)}};
  const std::vector<CallRecord> records =
      RunFanOut(table, absl::InfiniteFuture(), nullptr);
  EXPECT_THAT(slot, StatusIs(absl::StatusCode::kDeadlineExceeded,
                             HasSubstr("after its deadline")));
  EXPECT_THAT(records[0].status, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_TRUE(records[0].data_version.empty());
}

TEST(RunFanOutTest, AnEmptyTableReturnsAtOnce) {
  EXPECT_TRUE(RunFanOut({}, absl::InfiniteFuture(), nullptr).empty());
}

TEST(FanOutLimiterTest, ACallerBeyondTheBoundWaitsForASlot) {
  FanOutLimiter limiter(1);
  std::optional<absl::StatusOr<FanOutLimiter::Slot>> held;
  held.emplace(limiter.Acquire(absl::InfiniteFuture()));
  ASSERT_THAT(held->status(), IsOk());
  EXPECT_EQ(limiter.in_flight(), 1);
  EXPECT_THAT(limiter.Acquire(absl::Now() + absl::Milliseconds(50)).status(),
              StatusIs(absl::StatusCode::kDeadlineExceeded));

  // A waiter gets the slot as soon as it is freed.
  std::thread waiter([&] {
    EXPECT_THAT(limiter.Acquire(absl::Now() + absl::Seconds(30)).status(),
                IsOk());
  });
  held.reset();
  waiter.join();
  EXPECT_EQ(limiter.in_flight(), 0);
}

TEST(FanOutLimiterTest, ZeroMeansNoBound) {
  FanOutLimiter limiter(0);
  std::vector<FanOutLimiter::Slot> slots;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<FanOutLimiter::Slot> slot = limiter.Acquire(absl::Now());
    ASSERT_THAT(slot.status(), IsOk());
    slots.push_back(*std::move(slot));
  }
  EXPECT_EQ(limiter.in_flight(), 100);
}

}  // namespace
}  // namespace dyadscope::gateway
