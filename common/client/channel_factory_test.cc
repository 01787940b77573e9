// CreateBackendChannel against real in-process servers: calls spread over
// every address of the target (round-robin), and a call to a backend that
// is down fails fast with UNAVAILABLE once retries are spent.

#include "common/client/channel_factory.h"

#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;

// A service with no methods: it only gives its server a health entry of its
// own name, which tells the servers apart.
class NamedService : public grpc::Service {};

TEST(ChannelFactoryTest, SpreadsCallsOverEveryAddress) {
  NamedService a;
  NamedService b;
  auto server_a = testing::StartTestServer({{"test.A", &a}});
  auto server_b = testing::StartTestServer({{"test.B", &b}});
  ASSERT_THAT(server_a, IsOk());
  ASSERT_THAT(server_b, IsOk());
  const std::string target =
      absl::StrCat("ipv4:127.0.0.1:", server_a->runner->port(),
                   ",127.0.0.1:", server_b->runner->port());
  auto channel = CreateBackendChannel(target, {"grpc.health.v1.Health"});
  auto stub = grpc::health::v1::Health::NewStub(channel);
  // Each server knows only its own name: SERVING from A, NOT_FOUND from B.
  std::set<int> codes;
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    context.set_wait_for_ready(true);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("test.A");
    grpc::health::v1::HealthCheckResponse response;
    codes.insert(stub->Check(&context, request, &response).error_code());
  }
  EXPECT_EQ(codes,
            (std::set<int>{grpc::StatusCode::OK, grpc::StatusCode::NOT_FOUND}))
      << "the calls did not reach both servers";
}

TEST(ChannelFactoryTest, ServiceConfigIsValidJson) {
  const std::string config =
      BackendServiceConfig({"dyadscope.events.v1.EventsService"}, 3);
  EXPECT_NE(config.find("\"round_robin\""), std::string::npos);
  EXPECT_NE(config.find("\"maxAttempts\":3"), std::string::npos);
  // The channel rejects an invalid service config at its first call; a
  // channel to nowhere must fail with UNAVAILABLE, not INVALID_ARGUMENT.
  auto channel = CreateBackendChannel("127.0.0.1:1", {"grpc.health.v1.Health"},
                                      ChannelOptions());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_EQ(stub->Check(&context, request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace dyadscope
