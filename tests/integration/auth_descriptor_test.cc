// Bearer tokens on every method of every service, driven by the generated
// service descriptors rather than a hand-picked list: each of the five real
// binaries is started with --auth_token_file and every method of its
// ServiceDescriptor is called through a generic stub (unary and streaming
// alike). A method that writes must refuse a call without a token, or with
// a wrong one, as UNAUTHENTICATED; reads stay open unless --auth_reads, and
// then every method refuses. A method whose name fits neither rule fails
// the test, so a new RPC cannot skip the check.
//
// The rule (what the handlers enforce with Access::kWrite today): a method
// writes when its name starts with Create, Delete, Import or Update; it
// reads when it starts with Get, List, Summarize, Watch, Compute, Assess,
// Backtest, Score or Simulate.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/economics/v1/economics_service.pb.h"
#include "dyadscope/events/v1/events_service.pb.h"
#include "dyadscope/gateway/v1/gateway_service.pb.h"
#include "dyadscope/scoring/v1/scoring_service.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.pb.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::ErrorReason;
using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::ServerProcess;

constexpr char kToken[] = "descriptor-test-0123456789";
constexpr char kWrongToken[] = "descriptor-test-wrong-token";

constexpr const char* kWritePrefixes[] = {"Create", "Delete", "Import",
                                          "Update"};
constexpr const char* kReadPrefixes[] = {"Get",      "List",    "Summarize",
                                         "Watch",    "Compute", "Assess",
                                         "Backtest", "Score",   "Simulate"};

enum class Kind { kRead, kWrite, kUnclassified };

bool HasAnyPrefix(const std::string& name, const char* const* prefixes,
                  int count) {
  for (int i = 0; i < count; ++i) {
    if (absl::StartsWith(name, prefixes[i])) return true;
  }
  return false;
}

Kind Classify(const std::string& method_name) {
  const bool write =
      HasAnyPrefix(method_name, kWritePrefixes, std::size(kWritePrefixes));
  const bool read =
      HasAnyPrefix(method_name, kReadPrefixes, std::size(kReadPrefixes));
  if (write == read) return Kind::kUnclassified;
  return write ? Kind::kWrite : Kind::kRead;
}

// One service under test: its binary, the file that declares it (reached
// through one of its messages, which also links the generated descriptor
// in) and the flags it needs besides the common ones.
struct ServiceCase {
  std::string binary;
  std::string service;  // full name, e.g. "dyadscope.events.v1.EventsService"
  const google::protobuf::FileDescriptor* (*file)();
  std::vector<std::string> flags;  // "{dir}" is replaced by a temp folder
  bool stateful;                   // owns data, so it has write methods
};

// How GoogleTest shows a case (in test listings and failures): its binary.
void PrintTo(const ServiceCase& c, std::ostream* os) { *os << c.binary; }

std::string PrintCase(const ::testing::TestParamInfo<ServiceCase>& info) {
  return info.param.binary;
}

const std::vector<std::string> kStoreFlags = {"--seed_data=false",
                                              "--database={dir}/store.sqlite"};

std::vector<ServiceCase> Cases() {
  return {
      {"events", "dyadscope.events.v1.EventsService",
       [] { return events::v1::CreateEventsRequest::descriptor()->file(); },
       kStoreFlags, true},
      {"economics", "dyadscope.economics.v1.EconomicsService",
       [] {
         return economics::v1::CreateObservationsRequest::descriptor()->file();
       },
       kStoreFlags, true},
      {"security_risk", "dyadscope.securityrisk.v1.SecurityRiskService",
       [] {
         return securityrisk::v1::CreateIncidentsRequest::descriptor()->file();
       },
       kStoreFlags, true},
      {"scoring",
       "dyadscope.scoring.v1.ScoringService",
       [] { return scoring::v1::ScoreRequest::descriptor()->file(); },
       {},
       false},
      {"gateway",
       "dyadscope.gateway.v1.GatewayService",
       [] { return gateway::v1::AssessDyadRequest::descriptor()->file(); },
       {"--events_address=127.0.0.1:1", "--economics_address=127.0.0.1:1",
        "--security_risk_address=127.0.0.1:1", "--scoring_address=127.0.0.1:1",
        "--backend_timeout=1s"},
       false},
  };
}

// One call of any shape (unary, client-, server- or bidi-streaming: on the
// wire all are a stream) through the callback API: sends one empty request
// message, half-closes, reads whatever comes back and keeps the final
// status.
class OneMessageCall
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  OneMessageCall(grpc::GenericStub* stub, const std::string& method,
                 const std::string& token)
      : request_(&empty_, 1) {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    if (!token.empty()) {
      context_.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    }
    stub->PrepareBidiStreamingCall(&context_, method, grpc::StubOptions(),
                                   this);
    StartWrite(&request_);
    StartRead(&response_);
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) StartWritesDone();
  }
  void OnReadDone(bool ok) override {
    if (ok) StartRead(&response_);
  }
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }

  // Blocks until the call has finished; returns its status.
  grpc::Status Await() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&done_));
    return status_;
  }

 private:
  grpc::ClientContext context_;
  grpc::Slice empty_{std::string()};
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  absl::Mutex mu_;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
};

class AuthDescriptorTest : public ::testing::TestWithParam<ServiceCase> {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(::testing::TempDir(), "/auth-descriptor-",
                        GetParam().binary, "-", getpid());
    ASSERT_EQ(std::system(absl::StrCat("mkdir -p ", dir_).c_str()), 0);
    tokens_ = dir_ + "/tokens";
    std::ofstream(tokens_) << kToken << "\n";
    service_ =
        GetParam().file()->FindServiceByName(ServiceName(GetParam().service));
    ASSERT_NE(service_, nullptr) << GetParam().service;
    ASSERT_EQ(service_->full_name(), GetParam().service);
  }
  void TearDown() override {
    process_.reset();
    (void)std::system(absl::StrCat("rm -rf ", dir_).c_str());
  }

  static std::string ServiceName(const std::string& full_name) {
    return full_name.substr(full_name.rfind('.') + 1);
  }

  void Start(bool auth_reads) {
    std::vector<std::string> args = {
        "--listen=127.0.0.1:0", "--metrics_listen=off",
        absl::StrCat("--auth_token_file=", tokens_)};
    if (auth_reads) args.push_back("--auth_reads");
    for (std::string flag : GetParam().flags) {
      const std::size_t at = flag.find("{dir}");
      if (at != std::string::npos) flag.replace(at, 5, dir_);
      args.push_back(flag);
    }
    auto process =
        ServerProcess::Start(testing::BinaryPath(GetParam().binary), args);
    ASSERT_THAT(process, IsOk());
    process_ = *std::move(process);
    stub_ = std::make_unique<grpc::GenericStub>(grpc::CreateChannel(
        process_->target(), grpc::InsecureChannelCredentials()));
  }

  grpc::Status Call(const google::protobuf::MethodDescriptor* method,
                    const std::string& token) {
    OneMessageCall call(
        stub_.get(),
        absl::StrCat("/", service_->full_name(), "/", method->name()), token);
    return call.Await();
  }

  std::string dir_;
  std::string tokens_;
  const google::protobuf::ServiceDescriptor* service_ = nullptr;
  std::unique_ptr<ServerProcess> process_;
  std::unique_ptr<grpc::GenericStub> stub_;
};

TEST_P(AuthDescriptorTest, EveryMethodIsAReadOrAWrite) {
  ASSERT_GT(service_->method_count(), 0);
  for (int i = 0; i < service_->method_count(); ++i) {
    const std::string& name = service_->method(i)->name();
    EXPECT_NE(Classify(name), Kind::kUnclassified)
        << service_->full_name() << "/" << name
        << " is neither a read nor a write: add its prefix to one list in "
           "tests/integration/auth_descriptor_test.cc";
  }
}

TEST_P(AuthDescriptorTest, EveryWriteRefusesACallWithoutAValidToken) {
  Start(/*auth_reads=*/false);
  int writes = 0;
  for (int i = 0; i < service_->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* method = service_->method(i);
    const std::string where =
        absl::StrCat(method->full_name(),
                     method->client_streaming() ? " (client stream)" : "",
                     method->server_streaming() ? " (server stream)" : "");
    const Kind kind = Classify(method->name());
    grpc::Status missing = Call(method, "");
    if (kind == Kind::kWrite) {
      ++writes;
      EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << where << ": " << missing.error_message();
      EXPECT_EQ(ErrorReason(missing), "TOKEN_MISSING") << where;
      grpc::Status wrong = Call(method, kWrongToken);
      EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << where << ": " << wrong.error_message();
      EXPECT_EQ(ErrorReason(wrong), "TOKEN_INVALID") << where;
      // With the token the call gets past the check (the empty request
      // then fails on its own merits, or succeeds).
      grpc::Status valid = Call(method, kToken);
      EXPECT_NE(valid.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << where << ": " << valid.error_message();
    } else {
      EXPECT_NE(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << where << " is a read and reads are open without --auth_reads";
    }
  }
  if (GetParam().stateful) {
    EXPECT_GT(writes, 0) << "a stateful service without write methods";
  }
}

TEST_P(AuthDescriptorTest, WithAuthReadsEveryMethodRefusesACallWithoutToken) {
  Start(/*auth_reads=*/true);
  for (int i = 0; i < service_->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* method = service_->method(i);
    grpc::Status missing = Call(method, "");
    EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << method->full_name() << ": " << missing.error_message();
    EXPECT_EQ(ErrorReason(missing), "TOKEN_MISSING") << method->full_name();
  }
}

INSTANTIATE_TEST_SUITE_P(FiveServices, AuthDescriptorTest,
                         ::testing::ValuesIn(Cases()), PrintCase);

}  // namespace
}  // namespace dyadscope
