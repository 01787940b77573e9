// TLS on the real binaries, with a throwaway CA and certificates made here by
// openssl: a backend with mutual TLS refuses plaintext, clients without a
// certificate and clients whose certificate another CA signed, and serves
// one signed by its CA; its plaintext health port answers probes and serves
// nothing else; and the whole suite runs over TLS, the gateway calling the
// four backends with its client certificate.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::ServerProcess;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  return context;
}

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        new std::string(absl::StrCat(::testing::TempDir(), "/tls-", getpid()));
    const std::string d = *dir_;
    // A CA, a server certificate for 127.0.0.1/localhost, a client
    // certificate from the same CA, and one from another CA.
    const std::string key =
        "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    std::string script = absl::StrCat(
        "set -e; mkdir -p ", d, "; cd ", d, "\n",
        "for ca in ca rogue; do openssl req -x509 ", key,
        " -keyout $ca.key -out $ca.pem -days 2 -subj /CN=dyadscope-test-$ca; "
        "done\n",
        "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n"
        "extendedKeyUsage=serverAuth\\n' > server.ext\n",
        "printf 'extendedKeyUsage=clientAuth\\n' > client.ext\n",
        "openssl req ", key,
        " -keyout server.key -out server.csr -subj /CN=localhost\n",
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
        "-CAcreateserial "
        "-out server.pem -days 2 -extfile server.ext\n",
        "for c in client:ca rogue-client:rogue; do n=${c%%:*}; ca=${c##*:}; "
        "openssl req ",
        key,
        " -keyout $n.key -out $n.csr -subj /CN=$n; "
        "openssl x509 -req -in $n.csr -CA $ca.pem -CAkey $ca.key "
        "-CAcreateserial "
        "-out $n.pem -days 2 -extfile client.ext; done\n");
    const std::string path = d + ".sh";
    std::ofstream(path) << script;
    ASSERT_EQ(
        std::system(absl::StrCat("sh ", path, " >", d, ".log 2>&1").c_str()), 0)
        << Read(d + ".log");
  }
  static void TearDownTestSuite() {
    (void)std::system(
        absl::StrCat("rm -rf ", *dir_, " ", *dir_, ".sh ", *dir_, ".log")
            .c_str());
    delete dir_;
  }

  static std::string File(const std::string& name) {
    return absl::StrCat(*dir_, "/", name);
  }

  static std::shared_ptr<grpc::ChannelCredentials> Tls(
      const std::string& client = "") {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = Read(File("ca.pem"));
    if (!client.empty()) {
      options.pem_cert_chain = Read(File(client + ".pem"));
      options.pem_private_key = Read(File(client + ".key"));
    }
    return grpc::SslCredentials(options);
  }

  // Server TLS flags; with mutual TLS the client CA too.
  static std::vector<std::string> TlsFlags(bool mutual) {
    std::vector<std::string> flags = {
        "--listen=127.0.0.1:0", "--metrics_listen=off",
        absl::StrCat("--tls_cert=", File("server.pem")),
        absl::StrCat("--tls_key=", File("server.key"))};
    if (mutual) {
      flags.push_back(absl::StrCat("--tls_client_ca=", File("ca.pem")));
      flags.push_back("--health_listen=127.0.0.1:0");
    }
    return flags;
  }

  static std::string* dir_;
};

std::string* TlsTest::dir_ = nullptr;

int ListCode(const std::string& target,
             std::shared_ptr<grpc::ChannelCredentials> credentials) {
  auto stub = events::v1::EventsService::NewStub(
      grpc::CreateChannel(target, std::move(credentials)));
  events::v1::ListEventsRequest request;
  request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  events::v1::ListEventsResponse response;
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  return stub->ListEvents(context.get(), request, &response).error_code();
}

TEST_F(TlsTest, MutualTlsBackendAndItsPlaintextHealthPort) {
  std::vector<std::string> flags = TlsFlags(/*mutual=*/true);
  flags.push_back("--seed_data=false");
  flags.push_back(absl::StrCat("--database=", File("events.sqlite")));
  auto events = ServerProcess::Start(testing::BinaryPath("events"), flags);
  ASSERT_THAT(events, IsOk());
  const std::string target = (*events)->target();
  EXPECT_EQ(ListCode(target, grpc::InsecureChannelCredentials()),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ListCode(target, Tls()), grpc::StatusCode::UNAVAILABLE)
      << "served a client without a certificate";
  EXPECT_EQ(ListCode(target, Tls("rogue-client")),
            grpc::StatusCode::UNAVAILABLE)
      << "served a client whose certificate another CA signed";
  EXPECT_EQ(ListCode(target, Tls("client")), grpc::StatusCode::OK);

  // The plaintext health port: SERVING, and nothing but health.
  ASSERT_GT((*events)->health_port(), 0);
  const std::string health_target =
      absl::StrCat("127.0.0.1:", (*events)->health_port());
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(health_target, grpc::InsecureChannelCredentials()));
  grpc::health::v1::HealthCheckRequest check;
  check.set_service("dyadscope.events.v1.EventsService");
  grpc::health::v1::HealthCheckResponse serving;
  ASSERT_TRUE(health->Check(Context().get(), check, &serving).ok());
  EXPECT_EQ(serving.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(ListCode(health_target, grpc::InsecureChannelCredentials()),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(TlsTest, TheSuiteOverTlsWithMutualTlsToTheBackends) {
  std::vector<std::unique_ptr<ServerProcess>> backends;
  std::vector<std::string> addresses;
  for (const std::string name :
       {"events", "economics", "security_risk", "scoring"}) {
    std::vector<std::string> flags = TlsFlags(/*mutual=*/true);
    if (name != "scoring") {
      flags.push_back(absl::StrCat("--database=", File(name + ".db")));
    }
    auto process = ServerProcess::Start(testing::BinaryPath(name), flags,
                                        absl::Seconds(120));
    ASSERT_THAT(process, IsOk());
    addresses.push_back((*process)->target());
    backends.push_back(*std::move(process));
  }
  std::vector<std::string> flags = TlsFlags(/*mutual=*/false);
  flags.push_back(absl::StrCat("--events_address=", addresses[0]));
  flags.push_back(absl::StrCat("--economics_address=", addresses[1]));
  flags.push_back(absl::StrCat("--security_risk_address=", addresses[2]));
  flags.push_back(absl::StrCat("--scoring_address=", addresses[3]));
  flags.push_back(absl::StrCat("--backend_tls_ca=", File("ca.pem")));
  flags.push_back(absl::StrCat("--backend_tls_cert=", File("client.pem")));
  flags.push_back(absl::StrCat("--backend_tls_key=", File("client.key")));
  flags.push_back("--backend_timeout=60s");
  auto gateway = ServerProcess::Start(testing::BinaryPath("gateway"), flags);
  ASSERT_THAT(gateway, IsOk());

  auto stub = gateway::v1::GatewayService::NewStub(
      grpc::CreateChannel((*gateway)->target(), Tls()));
  gateway::v1::AssessDyadRequest request;
  request.mutable_dyad()->set_country_a("PAK");
  request.mutable_dyad()->set_country_b("CHN");
  gateway::v1::AssessDyadResponse response;
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(120)));
  context->set_wait_for_ready(true);
  grpc::Status status = stub->AssessDyad(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.assessment().provisional())
      << "a backend was not reached over mutual TLS";
  EXPECT_EQ(response.assessment().periods_size(), 2);
}

}  // namespace
}  // namespace dyadscope
