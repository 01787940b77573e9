#include "common/metrics/server_metrics.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::HttpGet;
using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ServerMetricsTest, ExposesStartedHandledAndLatency) {
  auto metrics = ServerMetrics::Create("127.0.0.1:0");
  ASSERT_THAT(metrics, IsOk());
  ASSERT_GT((*metrics)->port(), 0);
  (*metrics)->RecordStarted("/pkg.v1.FooService/GetFoo", RpcType::kUnary);
  (*metrics)->RecordStarted("/pkg.v1.FooService/GetFoo", RpcType::kUnary);
  (*metrics)->RecordHandled("/pkg.v1.FooService/GetFoo", RpcType::kUnary,
                            "NOT_FOUND", 0.003);
  (*metrics)->RecordHandled("/pkg.v1.FooService/ImportFoo",
                            RpcType::kClientStream, "OK", 2.0);
  auto body = HttpGet((*metrics)->port(), "/metrics");
  ASSERT_THAT(body, IsOk());
  EXPECT_THAT(*body,
              HasSubstr("grpc_server_started_total{grpc_method=\"GetFoo\","
                        "grpc_service=\"pkg.v1.FooService\","
                        "grpc_type=\"unary\"} 2"));
  EXPECT_THAT(*body, HasSubstr("grpc_code=\"NOT_FOUND\""));
  EXPECT_THAT(*body, HasSubstr("grpc_type=\"client_stream\""));
  EXPECT_THAT(*body, HasSubstr("grpc_server_handling_seconds_bucket{"
                               "grpc_method=\"GetFoo\""));
  EXPECT_THAT(*body,
              HasSubstr("# TYPE grpc_server_handling_seconds histogram"));
}

TEST(ServerMetricsTest, AnswersOnlyMetricsPath) {
  auto metrics = ServerMetrics::Create("127.0.0.1:0");
  ASSERT_THAT(metrics, IsOk());
  EXPECT_THAT(HttpGet((*metrics)->port(), "/other"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("404")));
  EXPECT_THAT(HttpGet((*metrics)->port(), "/metrics"), IsOk());
}

TEST(ServerMetricsTest, BusyOrBadAddressIsAnError) {
  auto first = ServerMetrics::Create("127.0.0.1:0");
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(
      ServerMetrics::Create(absl::StrCat("127.0.0.1:", (*first)->port())),
      StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(ServerMetrics::Create("no-port"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace dyadscope
