// Bearer tokens on a real service binary (events): writes need a token from
// --auth_token_file, a rejected write changes nothing, SIGHUP reloads the
// file, --auth_reads closes reads too, health stays open, and no token ever
// reaches the log. The gateway reads such a backend with its own token
// (--backend_token_file), never with its caller's.

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::ErrorReason;

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::ServerProcess;
using ::testing::HasSubstr;
using ::testing::Not;
namespace v1 = ::dyadscope::events::v1;

constexpr char kAlpha[] = "alpha-0123456789-analyst";
constexpr char kBeta[] = "beta-9876543210-rotated!";

std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  return context;
}

v1::CreateEventsRequest OneEvent(const std::string& record_id) {
  v1::CreateEventsRequest request;
  v1::Event* event = request.add_events();
  event->mutable_date()->set_year(2016);
  event->mutable_date()->set_month(3);
  event->mutable_date()->set_day(7);
  event->mutable_actor1()->set_country_code("PAK");
  event->mutable_actor2()->set_country_code("CHN");
  event->set_cameo_code("042");
  event->set_title("Visit");
  auto* source = event->add_sources();
  source->set_citation("Test source");
  source->set_url("https://example.org/" + record_id);
  event->mutable_provenance()->set_source_system("TEST");
  event->mutable_provenance()->set_source_record_id(record_id);
  return request;
}

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(::testing::TempDir(), "/auth-", getpid());
    (void)std::system(absl::StrCat("mkdir -p ", dir_).c_str());
    tokens_ = dir_ + "/tokens";
    std::ofstream(tokens_) << "# analysts\n" << kAlpha << "\n";
  }
  void TearDown() override {
    process_.reset();
    (void)std::system(absl::StrCat("rm -rf ", dir_).c_str());
  }

  void Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--listen=127.0.0.1:0", "--metrics_listen=off", "--seed_data=false",
        absl::StrCat("--database=", dir_, "/events.sqlite"),
        absl::StrCat("--auth_token_file=", tokens_)};
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = ServerProcess::Start(testing::BinaryPath("events"), args);
    ASSERT_THAT(process, IsOk());
    process_ = *std::move(process);
    channel_ = grpc::CreateChannel(process_->target(),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::EventsService::NewStub(channel_);
  }

  int CountEvents(const std::string& token = "") {
    v1::ListEventsRequest request;
    request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
    request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
    v1::ListEventsResponse response;
    grpc::Status status =
        stub_->ListEvents(Context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.events_size();
  }

  std::string dir_;
  std::string tokens_;
  std::unique_ptr<ServerProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

TEST_F(AuthTest, WritesNeedATokenAndARejectedWriteChangesNothing) {
  Start();
  v1::CreateEventsResponse response;
  grpc::Status missing =
      stub_->CreateEvents(Context().get(), OneEvent("a"), &response);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReason(missing), "TOKEN_MISSING");
  grpc::Status wrong =
      stub_->CreateEvents(Context(kBeta).get(), OneEvent("a"), &response);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReason(wrong), "TOKEN_INVALID");
  EXPECT_EQ(CountEvents(), 0);  // reads are open; nothing was written

  // A streamed import without a token is refused before any row is read.
  {
    auto context = Context();
    v1::ImportEventsResponse imported;
    auto writer = stub_->ImportEvents(context.get(), &imported);
    v1::ImportEventsRequest options;
    options.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_DYADSCOPE_CSV);
    writer->Write(options);
    v1::ImportEventsRequest chunk;
    chunk.set_chunk(
        "date,actor1_country,actor2_country,cameo_code,title,source_citation,"
        "source_url\n2016-03-07,PAK,CHN,042,Visit,Dawn,https://example.org/"
        "x\n");
    writer->Write(chunk);
    writer->WritesDone();
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  v1::DeleteEventRequest remove;
  remove.set_name("events/1");
  v1::DeleteEventResponse removed;
  EXPECT_EQ(stub_->DeleteEvent(Context().get(), remove, &removed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CountEvents(), 0);

  grpc::Status ok =
      stub_->CreateEvents(Context(kAlpha).get(), OneEvent("a"), &response);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(response.created_count(), 1);
  EXPECT_EQ(CountEvents(), 1);

  // The tokens never reach the log.
  const std::string log = process_->Log();
  EXPECT_THAT(log, Not(HasSubstr(kAlpha)));
  EXPECT_THAT(log, Not(HasSubstr(kBeta)));
  EXPECT_THAT(log, HasSubstr("UNAUTHENTICATED"));
}

TEST_F(AuthTest, SighupReloadsTheTokenFile) {
  Start();
  v1::CreateEventsResponse response;
  ASSERT_TRUE(
      stub_->CreateEvents(Context(kAlpha).get(), OneEvent("a"), &response)
          .ok());
  std::ofstream(tokens_) << kBeta << "\n";
  process_->Signal(SIGHUP);
  grpc::Status old_token;
  const absl::Time until = absl::Now() + absl::Seconds(10);
  do {
    absl::SleepFor(absl::Milliseconds(50));
    old_token =
        stub_->CreateEvents(Context(kAlpha).get(), OneEvent("b"), &response);
  } while (old_token.ok() && absl::Now() < until);
  EXPECT_EQ(old_token.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(
      stub_->CreateEvents(Context(kBeta).get(), OneEvent("c"), &response).ok());
  EXPECT_THAT(process_->Log(), HasSubstr("reloaded the token file"));
  // A broken file on SIGHUP keeps the tokens in force.
  std::ofstream(tokens_) << "short\n";
  process_->Signal(SIGHUP);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_TRUE(
      stub_->CreateEvents(Context(kBeta).get(), OneEvent("d"), &response).ok());
  EXPECT_THAT(process_->Log(), HasSubstr("cannot reload the token file"));
}

TEST_F(AuthTest, ProtectedReadsAndOpenHealth) {
  Start({"--auth_reads"});
  v1::ListEventsRequest request;
  request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  v1::ListEventsResponse response;
  EXPECT_EQ(stub_->ListEvents(Context().get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(
      stub_->ListEvents(Context(kAlpha).get(), request, &response).ok());
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::health::v1::HealthCheckRequest check;
  grpc::health::v1::HealthCheckResponse serving;
  ASSERT_TRUE(health->Check(Context().get(), check, &serving).ok());
  EXPECT_EQ(serving.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(AuthTest, ABadTokenFileStopsStartUp) {
  std::ofstream(tokens_) << "short\n";
  auto process = ServerProcess::Start(
      testing::BinaryPath("events"),
      {"--listen=127.0.0.1:0", "--metrics_listen=off", "--seed_data=false",
       absl::StrCat("--database=", dir_, "/events.sqlite"),
       absl::StrCat("--auth_token_file=", tokens_)},
      absl::Seconds(10));
  EXPECT_FALSE(process.ok());
}

// Counts the events service's log lines for its methods with `code`.
int EventsCalls(const std::string& log, const std::string& code) {
  int count = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    if (absl::StrContains(line, "\"method\":\"/dyadscope.events.v1.") &&
        absl::StrContains(line, absl::StrCat("\"code\":\"", code, "\""))) {
      ++count;
    }
  }
  return count;
}

TEST_F(AuthTest, TheGatewayReadsClosedBackendsWithItsOwnToken) {
  Start({"--auth_reads"});
  const std::string token_file = dir_ + "/gateway-token";
  std::ofstream(token_file) << "# the gateway's credential\n\n"
                            << kAlpha << "\n";
  auto assess = [&](const std::vector<std::string>& extra,
                    const std::string& caller_token) {
    std::vector<std::string> args = {
        "--listen=127.0.0.1:0",
        "--metrics_listen=off",
        absl::StrCat("--events_address=", process_->target()),
        "--economics_address=127.0.0.1:1",
        "--security_risk_address=127.0.0.1:1",
        "--scoring_address=127.0.0.1:1",
        "--backend_timeout=5s"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto gateway = ServerProcess::Start(testing::BinaryPath("gateway"), args);
    ASSERT_THAT(gateway, IsOk());
    auto stub = gateway::v1::GatewayService::NewStub(grpc::CreateChannel(
        (*gateway)->target(), grpc::InsecureChannelCredentials()));
    gateway::v1::AssessDyadRequest request;
    request.mutable_dyad()->set_country_a("PAK");
    request.mutable_dyad()->set_country_b("CHN");
    gateway::v1::AssessDyadResponse response;
    // The gateway answers (provisionally: three backends are absent).
    grpc::Status status =
        stub->AssessDyad(Context(caller_token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_THAT((*gateway)->Log(), Not(HasSubstr(kAlpha)));
  };

  // No gateway token: the events service refuses the gateway's reads, even
  // when the gateway's caller holds a valid token (it is not forwarded).
  assess({}, kAlpha);
  EXPECT_GT(EventsCalls(process_->Log(), "UNAUTHENTICATED"), 0);
  EXPECT_EQ(EventsCalls(process_->Log(), "OK"), 0);

  assess({absl::StrCat("--backend_token_file=", token_file)}, "");
  EXPECT_GT(EventsCalls(process_->Log(), "OK"), 0);
  EXPECT_THAT(process_->Log(), Not(HasSubstr(kAlpha)));

  // A token file without a token stops the gateway at start-up.
  std::ofstream(token_file) << "# nothing here\n";
  auto bad =
      ServerProcess::Start(testing::BinaryPath("gateway"),
                           {"--listen=127.0.0.1:0", "--metrics_listen=off",
                            absl::StrCat("--backend_token_file=", token_file)},
                           absl::Seconds(10));
  EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace dyadscope
