// Starts the real service binaries as processes on free ports and checks
// what every deployment relies on: health, graceful shutdown, metrics and
// start-up errors.

#include <signal.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/scoring/v1/scoring_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::BinaryPath;
using ::dyadscope::testing::HttpGet;
using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::ServerProcess;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

struct Binary {
  std::string name;
  std::string service;
};

void PrintTo(const Binary& binary, std::ostream* os) { *os << binary.name; }

const std::vector<Binary>& AllBinaries() {
  static const auto* const kBinaries = new std::vector<Binary>{
      {"events", "dyadscope.events.v1.EventsService"},
      {"economics", "dyadscope.economics.v1.EconomicsService"},
      {"security_risk", "dyadscope.securityrisk.v1.SecurityRiskService"},
      {"scoring", "dyadscope.scoring.v1.ScoringService"},
      {"gateway", "dyadscope.gateway.v1.GatewayService"},
  };
  return *kBinaries;
}

std::vector<std::string> BaseArgs(const std::string& name) {
  std::vector<std::string> args = {"--listen=127.0.0.1:0",
                                   "--metrics_listen=127.0.0.1:0"};
  if (name == "events" || name == "economics" || name == "security_risk") {
    args.push_back("--database=:memory:");
  }
  return args;
}

std::shared_ptr<grpc::Channel> Connect(const ServerProcess& process) {
  return grpc::CreateChannel(process.target(),
                             grpc::InsecureChannelCredentials());
}

HealthCheckResponse::ServingStatus CheckHealth(grpc::Channel* channel,
                                               const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(
      std::shared_ptr<grpc::Channel>(channel, [](grpc::Channel*) {}));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return HealthCheckResponse::UNKNOWN;
  return response.status();
}

// Returns the value of the first sample line of `metric` whose labels
// contain every `label` (e.g. grpc_method="GetDefaultModel"), or 0.
double MetricValue(const std::string& exposition, const std::string& metric,
                   const std::vector<std::string>& labels) {
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (!absl::StartsWith(line, metric + "{")) continue;
    bool all = true;
    for (const std::string& label : labels) {
      if (line.find(label) == absl::string_view::npos) all = false;
    }
    if (!all) continue;
    std::size_t space = line.rfind(' ');
    double value = 0;
    if (absl::SimpleAtod(line.substr(space + 1), &value)) return value;
  }
  return 0;
}

class EveryBinaryTest : public ::testing::TestWithParam<Binary> {};

TEST_P(EveryBinaryTest, ServesHealthAndExitsCleanlyOnSigterm) {
  const Binary& binary = GetParam();
  auto process =
      ServerProcess::Start(BinaryPath(binary.name), BaseArgs(binary.name));
  ASSERT_THAT(process, IsOk());
  auto channel = Connect(**process);
  EXPECT_EQ(CheckHealth(channel.get(), ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckHealth(channel.get(), binary.service),
            HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckHealth(channel.get(), "no.such.Service"),
            HealthCheckResponse::UNKNOWN);  // NOT_FOUND from the server
  EXPECT_GT((*process)->metrics_port(), 0);
  (*process)->Signal(SIGTERM);
  EXPECT_THAT((*process)->WaitForExit(absl::Seconds(20)), IsOkAndHolds(0))
      << (*process)->Log();
}

INSTANTIATE_TEST_SUITE_P(AllServices, EveryBinaryTest,
                         ::testing::ValuesIn(AllBinaries()),
                         [](const ::testing::TestParamInfo<Binary>& info) {
                           return info.param.name;
                         });

TEST(ServerLifecycleTest, HealthTurnsNotServingWhenSigtermArrives) {
  std::vector<std::string> args = BaseArgs("scoring");
  args.push_back("--lame_duck=2s");
  auto process = ServerProcess::Start(BinaryPath("scoring"), args);
  ASSERT_THAT(process, IsOk());
  auto channel = Connect(**process);
  auto stub = grpc::health::v1::Health::NewStub(channel);

  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  HealthCheckRequest request;
  request.set_service("dyadscope.scoring.v1.ScoringService");
  auto watch = stub->Watch(&context, request);
  HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::SERVING);

  (*process)->Signal(SIGTERM);
  ASSERT_TRUE(watch->Read(&update)) << (*process)->Log();
  EXPECT_EQ(update.status(), HealthCheckResponse::NOT_SERVING);
  // During the lame-duck period the server still answers, saying it is
  // leaving.
  EXPECT_EQ(CheckHealth(channel.get(), ""), HealthCheckResponse::NOT_SERVING);
  context.TryCancel();
  EXPECT_THAT((*process)->WaitForExit(absl::Seconds(20)), IsOkAndHolds(0));
}

TEST(ServerLifecycleTest, SigtermLetsASlowInFlightCallFinish) {
  std::vector<std::string> args = BaseArgs("scoring");
  args.push_back("--testonly_fault=GetDefaultModel=delay:2s");
  args.push_back("--shutdown_grace=20s");
  auto process = ServerProcess::Start(BinaryPath("scoring"), args);
  ASSERT_THAT(process, IsOk());
  auto stub =
      dyadscope::scoring::v1::ScoringService::NewStub(Connect(**process));

  grpc::Status call_status;
  absl::Duration call_time;
  absl::Notification done;
  std::thread caller([&] {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    dyadscope::scoring::v1::GetDefaultModelRequest request;
    dyadscope::scoring::v1::GetDefaultModelResponse response;
    absl::Time start = absl::Now();
    call_status = stub->GetDefaultModel(&context, request, &response);
    call_time = absl::Now() - start;
    done.Notify();
  });
  // Let the call reach the server and start its 2 s delay.
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_FALSE(done.HasBeenNotified());
  (*process)->Signal(SIGTERM);
  caller.join();
  // The call ran to its handler's own answer instead of being cut off
  // (CANCELLED/UNAVAILABLE).
  EXPECT_NE(call_status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_NE(call_status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_GE(call_time, absl::Milliseconds(1900));
  EXPECT_THAT((*process)->WaitForExit(absl::Seconds(20)), IsOkAndHolds(0));
  EXPECT_THAT((*process)->Log(), HasSubstr("\"msg\":\"stopped\""));
}

TEST(ServerLifecycleTest, MetricsCountersRiseAfterCalls) {
  auto process =
      ServerProcess::Start(BinaryPath("scoring"), BaseArgs("scoring"));
  ASSERT_THAT(process, IsOk());
  const int metrics_port = (*process)->metrics_port();
  const std::vector<std::string> labels = {
      "grpc_service=\"dyadscope.scoring.v1.ScoringService\"",
      "grpc_method=\"GetDefaultModel\""};
  auto before = HttpGet(metrics_port, "/metrics");
  ASSERT_THAT(before, IsOk());
  const double started_before =
      MetricValue(*before, "grpc_server_started_total", labels);

  auto stub =
      dyadscope::scoring::v1::ScoringService::NewStub(Connect(**process));
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    dyadscope::scoring::v1::GetDefaultModelResponse response;
    (void)stub->GetDefaultModel(&context, {}, &response);
  }
  auto after = HttpGet(metrics_port, "/metrics");
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(MetricValue(*after, "grpc_server_started_total", labels),
            started_before + 3);
  std::vector<std::string> handled_labels = labels;
  handled_labels.push_back("grpc_type=\"unary\"");
  EXPECT_GE(MetricValue(*after, "grpc_server_handled_total", handled_labels),
            3);
  EXPECT_GE(MetricValue(*after, "grpc_server_handling_seconds_count", labels),
            3);
  // One JSON log line per call, without payloads.
  EXPECT_THAT((*process)->Log(),
              HasSubstr("\"method\":\"/dyadscope.scoring.v1.ScoringService/"
                        "GetDefaultModel\""));
}

TEST(ServerLifecycleTest, RequestIdIsLoggedAndEchoed) {
  auto process =
      ServerProcess::Start(BinaryPath("scoring"), BaseArgs("scoring"));
  ASSERT_THAT(process, IsOk());
  auto stub =
      dyadscope::scoring::v1::ScoringService::NewStub(Connect(**process));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  context.AddMetadata("x-request-id", "trace-abc-123");
  dyadscope::scoring::v1::GetDefaultModelResponse response;
  (void)stub->GetDefaultModel(&context, {}, &response);
  auto echoed = context.GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()),
            "trace-abc-123");
  // The log line is written just before the status is sent; give it a moment.
  for (int i = 0;
       i < 50 && (*process)->Log().find("trace-abc-123") == std::string::npos;
       ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_THAT((*process)->Log(), HasSubstr("\"request_id\":\"trace-abc-123\""));
}

TEST(ServerLifecycleTest, BadFlagsAndBusyPortsFailAtStartup) {
  auto bad =
      ServerProcess::Start(BinaryPath("scoring"), {"--listen=not-an-address"});
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("not of the form host:port"));

  auto first = ServerProcess::Start(BinaryPath("scoring"), BaseArgs("scoring"));
  ASSERT_THAT(first, IsOk());
  auto second = ServerProcess::Start(
      BinaryPath("scoring"),
      {absl::StrCat("--listen=127.0.0.1:", (*first)->port()),
       "--metrics_listen=127.0.0.1:0"});
  EXPECT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("cannot listen"));

  auto no_db = ServerProcess::Start(
      BinaryPath("events"),
      {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
       "--database=/nonexistent-dir/x/events.sqlite"});
  EXPECT_FALSE(no_db.ok());
  EXPECT_THAT(no_db.status().message(), HasSubstr("cannot open database"));
}

TEST(ServerLifecycleTest, FlagsCanComeFromTheEnvironment) {
  setenv("DYADSCOPE_LAME_DUCK", "not-a-duration", 1);
  auto process =
      ServerProcess::Start(BinaryPath("scoring"), BaseArgs("scoring"));
  unsetenv("DYADSCOPE_LAME_DUCK");
  EXPECT_FALSE(process.ok());
  EXPECT_THAT(process.status().message(), HasSubstr("DYADSCOPE_LAME_DUCK"));

  setenv("DYADSCOPE_LISTEN", "127.0.0.1:0", 1);
  setenv("DYADSCOPE_METRICS_LISTEN", "off", 1);
  process = ServerProcess::Start(BinaryPath("scoring"), {});
  unsetenv("DYADSCOPE_LISTEN");
  unsetenv("DYADSCOPE_METRICS_LISTEN");
  ASSERT_THAT(process, IsOk());
  EXPECT_GT((*process)->port(), 0);
  EXPECT_EQ((*process)->metrics_port(), 0);  // metrics off
}

}  // namespace
}  // namespace dyadscope
