// The gateway's handlers over a real in-process server, calling a real
// events server over gRPC: a caller that cancels, or whose deadline passes,
// cancels the backend calls, and the events server observes it
// (ServerContext::IsCancelled) instead of working on for nobody.

#include "services/gateway/grpc/gateway_service.h"

#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/client/channel_factory.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "services/gateway/aggregation/assessment_aggregator.h"
#include "services/gateway/clients/grpc_backends.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::testing::IsOk;

// An events server whose calls work until they are cancelled (at most
// 20 s), counting the calls that started and the calls that saw their
// cancellation.
class UntilCancelledEvents final : public events::v1::EventsService::Service {
 public:
  grpc::Status SummarizeEvents(grpc::ServerContext* context,
                               const events::v1::SummarizeEventsRequest*,
                               events::v1::SummarizeEventsResponse*) override {
    return WorkUntilCancelled(*context);
  }
  grpc::Status GetVotingAlignment(
      grpc::ServerContext* context,
      const events::v1::GetVotingAlignmentRequest*,
      events::v1::GetVotingAlignmentResponse*) override {
    return WorkUntilCancelled(*context);
  }

  // Waits until `count` calls have started.
  void AwaitStarted(int count) {
    absl::MutexLock lock(&mu_);
    awaited_ = count;
    mu_.Await(absl::Condition(this, &UntilCancelledEvents::StartedEnough));
  }
  // Waits up to `timeout` for `count` calls to have seen their cancellation;
  // returns how many did.
  int AwaitCancelled(int count, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    awaited_ = count;
    mu_.AwaitWithTimeout(
        absl::Condition(this, &UntilCancelledEvents::CancelledEnough), timeout);
    return cancelled_;
  }

 private:
  grpc::Status WorkUntilCancelled(const grpc::ServerContext& context) {
    {
      absl::MutexLock lock(&mu_);
      ++started_;
    }
    const absl::Time give_up = absl::Now() + absl::Seconds(20);
    while (!context.IsCancelled() && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    absl::MutexLock lock(&mu_);
    if (context.IsCancelled()) ++cancelled_;
    return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
  }
  bool StartedEnough() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return started_ >= awaited_;
  }
  bool CancelledEnough() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return cancelled_ >= awaited_;
  }

  absl::Mutex mu_;
  int started_ ABSL_GUARDED_BY(mu_) = 0;
  int cancelled_ ABSL_GUARDED_BY(mu_) = 0;
  int awaited_ ABSL_GUARDED_BY(mu_) = 0;
};

// The other backends answer at once with empty answers.
class ImmediateEconomics final : public EconomicsBackend {
 public:
  void SummarizeIndicators(
      const economics::v1::SummarizeIndicatorsRequest&, const CallOptions&,
      Done<economics::v1::SummarizeIndicatorsResponse> done) override {
    done(economics::v1::SummarizeIndicatorsResponse());
  }
};
class ImmediateRisk final : public SecurityRiskBackend {
 public:
  void AssessRisk(const securityrisk::v1::AssessRiskRequest&,
                  const CallOptions&,
                  Done<securityrisk::v1::AssessRiskResponse> done) override {
    done(securityrisk::v1::AssessRiskResponse());
  }
};
class ImmediateScoring final : public ScoringBackend {
 public:
  void Score(const scoring::v1::ScoreRequest&, const CallOptions&,
             Done<scoring::v1::ScoreResponse> done) override {
    done(scoring::v1::ScoreResponse());
  }
};

class GatewayServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto events_server = testing::StartTestServer(
        {{events::v1::EventsService::service_full_name(), &events_service_}});
    ASSERT_THAT(events_server, IsOk());
    events_server_ = *std::move(events_server);
    events_ = std::make_unique<GrpcEventsBackend>(
        CreateBackendChannel(events_server_.runner->local_target(),
                             {events::v1::EventsService::service_full_name()}));
    AggregatorOptions options;
    // Budgets far longer than the tests: only the caller ends the calls.
    options.events_timeout = absl::Seconds(60);
    aggregator_ = std::make_unique<AssessmentAggregator>(
        events_.get(), &economics_, &risk_, &scoring_, options);
    service_ =
        std::make_unique<GatewayServiceImpl>(aggregator_.get(), CallPolicy());
    auto gateway_server = testing::StartTestServer(
        {{v1::GatewayService::service_full_name(), service_.get()}});
    ASSERT_THAT(gateway_server, IsOk());
    gateway_server_ = *std::move(gateway_server);
    stub_ = v1::GatewayService::NewStub(gateway_server_.channel);
  }

  static v1::AssessDyadRequest PakChn() {
    v1::AssessDyadRequest request;
    request.mutable_dyad()->set_country_a("PAK");
    request.mutable_dyad()->set_country_b("CHN");
    return request;
  }

  UntilCancelledEvents events_service_;
  testing::TestServer events_server_;
  std::unique_ptr<GrpcEventsBackend> events_;
  ImmediateEconomics economics_;
  ImmediateRisk risk_;
  ImmediateScoring scoring_;
  std::unique_ptr<AssessmentAggregator> aggregator_;
  std::unique_ptr<GatewayServiceImpl> service_;
  testing::TestServer gateway_server_;
  std::unique_ptr<v1::GatewayService::Stub> stub_;
};

// The four events calls of an assessment (three summaries, the votes).
constexpr int kEventsCalls = 4;

TEST_F(GatewayServiceTest, CancellingTheCallCancelsItsBackendCalls) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  grpc::Status status;
  std::thread caller([&] {
    v1::AssessDyadResponse response;
    status = stub_->AssessDyad(&context, PakChn(), &response);
  });
  events_service_.AwaitStarted(kEventsCalls);
  context.TryCancel();
  caller.join();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(events_service_.AwaitCancelled(kEventsCalls, absl::Seconds(10)),
            kEventsCalls);
}

TEST_F(GatewayServiceTest, AnExpiredDeadlineCancelsTheBackendCalls) {
  grpc::ClientContext context;
  context.set_deadline(
      absl::ToChronoTime(absl::Now() + absl::Milliseconds(500)));
  v1::AssessDyadResponse response;
  const grpc::Status status = stub_->AssessDyad(&context, PakChn(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(events_service_.AwaitCancelled(kEventsCalls, absl::Seconds(10)),
            kEventsCalls);
}

}  // namespace
}  // namespace dyadscope::gateway
