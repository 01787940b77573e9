// The gRPC backends over real channels and a real in-process server: reads
// failing once with UNAVAILABLE are retried by the channel's service config,
// deadlines hold, and errors keep their field violations.

#include "services/gateway/clients/grpc_backends.h"

#include <atomic>
#include <memory>
#include <string>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/client/channel_factory.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;

// An events server whose SummarizeEvents fails `failures` times with
// UNAVAILABLE before answering, and whose GetVotingAlignment is slow or
// rejects its request.
class FlakyEvents final : public events::v1::EventsService::Service {
 public:
  explicit FlakyEvents(int failures) : failures_left_(failures) {}

  grpc::Status SummarizeEvents(
      grpc::ServerContext*, const events::v1::SummarizeEventsRequest*,
      events::v1::SummarizeEventsResponse* response) override {
    ++calls_;
    if (failures_left_.fetch_sub(1) > 0) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting");
    }
    response->set_data_version("events-7");
    return grpc::Status::OK;
  }

  grpc::Status GetVotingAlignment(
      grpc::ServerContext*,
      const events::v1::GetVotingAlignmentRequest* request,
      events::v1::GetVotingAlignmentResponse*) override {
    if (request->reference_country_code() == "SLOW") {
      // Holds the call until the test releases it: the client's deadline
      // must end the call on the client side while the server still holds.
      release_slow_.WaitForNotification();
      return grpc::Status::OK;
    }
    return ToGrpcStatus(InvalidField("dyad.country_a", "must be ISO alpha-3"),
                        "events.dyadscope");
  }

  int calls() const { return calls_.load(); }
  void ReleaseSlow() {
    if (!release_slow_.HasBeenNotified()) release_slow_.Notify();
  }

 private:
  absl::Notification release_slow_;
  std::atomic<int> failures_left_;
  std::atomic<int> calls_{0};
};

struct Fixture {
  explicit Fixture(int failures) : service(failures) {
    auto started = testing::StartTestServer(
        {{events::v1::EventsService::service_full_name(), &service}});
    EXPECT_THAT(started, IsOk());
    server = *std::move(started);
    backend = std::make_unique<GrpcEventsBackend>(
        CreateBackendChannel(server.runner->local_target(),
                             {events::v1::EventsService::service_full_name()}));
  }
  ~Fixture() { service.ReleaseSlow(); }
  FlakyEvents service;
  testing::TestServer server;
  std::unique_ptr<GrpcEventsBackend> backend;
};

CallOptions Within(absl::Duration d) {
  CallOptions options;
  options.deadline = absl::Now() + d;
  return options;
}

absl::StatusOr<events::v1::SummarizeEventsResponse> Summarize(
    EventsBackend& backend, const CallOptions& options) {
  const events::v1::SummarizeEventsRequest request;
  return Await<events::v1::SummarizeEventsResponse>([&](auto done) {
    backend.SummarizeEvents(request, options, std::move(done));
  });
}

absl::StatusOr<events::v1::GetVotingAlignmentResponse> Align(
    EventsBackend& backend,
    const events::v1::GetVotingAlignmentRequest& request,
    const CallOptions& options) {
  return Await<events::v1::GetVotingAlignmentResponse>([&](auto done) {
    backend.GetVotingAlignment(request, options, std::move(done));
  });
}

TEST(GrpcBackendsTest, UnavailableThenOkIsRetriedByTheChannel) {
  Fixture f(/*failures=*/1);
  auto response = Summarize(*f.backend, Within(absl::Seconds(10)));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->data_version(), "events-7");
  EXPECT_EQ(f.service.calls(), 2);
}

TEST(GrpcBackendsTest, PersistentUnavailabilityGivesUpAfterTheAttempts) {
  Fixture f(/*failures=*/100);
  EXPECT_THAT(Summarize(*f.backend, Within(absl::Seconds(10))),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(f.service.calls(), 3);  // ChannelOptions().max_attempts
}

TEST(GrpcBackendsTest, DeadlinesHoldAndErrorsKeepTheirFields) {
  Fixture f(/*failures=*/0);
  events::v1::GetVotingAlignmentRequest slow;
  slow.set_reference_country_code("SLOW");
  // The server holds the call until released below: the answer can only be
  // the client's own deadline.
  EXPECT_THAT(Align(*f.backend, slow, Within(absl::Milliseconds(200))),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  f.service.ReleaseSlow();
  auto rejected = Align(*f.backend, {}, Within(absl::Seconds(5)));
  EXPECT_THAT(rejected, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      GetFieldViolations(rejected.status()),
      ElementsAre(FieldViolation{"dyad.country_a", "must be ISO alpha-3"}));
}

}  // namespace
}  // namespace dyadscope::gateway
