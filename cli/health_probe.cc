// dyadscope-health-probe: asks a gRPC server's standard health service
// whether it is SERVING, for scripts, container health checks and probes.
//
//   dyadscope-health-probe --address=127.0.0.1:50051 [--service=NAME]
//                          [--timeout=2s] [--wait=30s]
//
// Exit codes: 0 SERVING; 1 NOT_SERVING or unknown service; 2 unreachable or
// timed out; 64 bad flags. With --wait, retries until SERVING or the wait
// ends.

#include <cstdio>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/tls.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50050", "Server address host:port");
ABSL_FLAG(std::string, service, "",
          "Service to ask about (empty: the server as a whole)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(2), "Deadline of one check");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA bundle that signed the server's certificate: check over TLS");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate (mutual TLS)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(absl::Duration, wait, absl::ZeroDuration(),
          "Keep retrying until SERVING for this long");

namespace {

// Returns 0 when SERVING, 1 when the server answers otherwise, 2 when the
// call fails.
int CheckOnce(grpc::health::v1::Health::Stub& stub, const std::string& service,
              absl::Duration timeout, std::string* detail) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub.Check(&context, request, &response);
  if (!status.ok()) {
    *detail = status.error_message();
    return status.error_code() == grpc::StatusCode::NOT_FOUND ? 1 : 2;
  }
  *detail = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? 0
             : 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Checks a gRPC server's health: exit 0 when SERVING.");
  absl::ParseCommandLine(argc, argv);
  const std::string address = absl::GetFlag(FLAGS_address);
  const absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  if (timeout <= absl::ZeroDuration()) {
    std::fprintf(stderr, "--timeout must be positive\n");
    return 64;
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::InsecureChannelCredentials();
  const dyadscope::ClientTlsFiles tls{absl::GetFlag(FLAGS_tls_ca),
                                      absl::GetFlag(FLAGS_tls_cert),
                                      absl::GetFlag(FLAGS_tls_key)};
  if (!tls.ca.empty() || !tls.cert.empty() || !tls.key.empty()) {
    auto tls_credentials = dyadscope::ClientTlsCredentials(tls, "tls");
    if (!tls_credentials.ok()) {
      std::fprintf(stderr, "%s\n",
                   std::string(tls_credentials.status().message()).c_str());
      return 64;
    }
    credentials = *std::move(tls_credentials);
  }
  auto channel = grpc::CreateChannel(address, credentials);
  auto stub = grpc::health::v1::Health::NewStub(channel);
  const absl::Time give_up = absl::Now() + absl::GetFlag(FLAGS_wait);
  std::string detail;
  int code;
  while (true) {
    code = CheckOnce(*stub, absl::GetFlag(FLAGS_service), timeout, &detail);
    if (code == 0 || absl::Now() >= give_up) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  std::fprintf(code == 0 ? stdout : stderr, "%s: %s\n", address.c_str(),
               detail.c_str());
  return code;
}
