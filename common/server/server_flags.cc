#include "common/server/server_flags.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/server/auth.h"
#include "common/server/call_policy.h"
#include "common/server/tls.h"

ABSL_FLAG(std::string, listen, "",
          "gRPC listen address host:port (port 0 picks a free port); default "
          "127.0.0.1 with the service's standard port");
ABSL_FLAG(std::string, metrics_listen, "",
          "Prometheus /metrics HTTP address host:port; default: the gRPC port "
          "+ 1000 on the same host; 'off' disables metrics");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(15),
          "How long in-flight calls may finish after SIGTERM/SIGINT");
ABSL_FLAG(absl::Duration, lame_duck, absl::ZeroDuration(),
          "How long to keep serving with health NOT_SERVING after a shutdown "
          "signal before refusing new calls");
ABSL_FLAG(int, max_message_bytes, 16 * 1024 * 1024,
          "Largest request or response message in bytes");
ABSL_FLAG(int, max_concurrent_streams, 256,
          "Most concurrent calls a client may open on one connection");
ABSL_FLAG(int, max_threads, 0,
          "Upper bound on threads serving calls (0: gRPC's default)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain: serve gRPC over TLS (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: require client certificates it signed (mutual "
          "TLS)");
ABSL_FLAG(std::string, health_listen, "",
          "host:port of a plaintext port serving only the health service "
          "(for probes when gRPC is on TLS); empty: none");
ABSL_FLAG(int64_t, max_import_bytes, int64_t{4} << 30,
          "Largest upload one Import call may send, in bytes (compressed "
          "size); more is RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, max_import_decompressed_bytes, int64_t{16} << 30,
          "Largest size one upload may decompress to, in bytes (a guard "
          "against decompression bombs)");
ABSL_FLAG(std::string, auth_token_file, "",
          "File of bearer tokens (one a line) that writes must present as "
          "'authorization: Bearer <token>'; reloaded on SIGHUP. Empty: "
          "nothing is checked");
ABSL_FLAG(bool, auth_reads, false,
          "Reads need a token from --auth_token_file too");
ABSL_FLAG(std::vector<std::string>, testonly_fault, {},
          "TESTS ONLY: comma-separated METHOD=delay:DURATION rules that delay "
          "calls before their handler runs");

namespace dyadscope {

std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv,
                                             absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    std::string variable = "DYADSCOPE_";
    for (char c : name) {
      variable.push_back(
          static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "environment variable %s: %s\n", variable.c_str(),
                   error.c_str());
      std::exit(2);
    }
  }
  return absl::ParseCommandLine(argc, argv);
}

absl::StatusOr<ServerOptions> ServerOptionsFromFlags(
    absl::string_view service_name, int default_port) {
  ServerOptions options;
  options.service_name = std::string(service_name);
  options.listen_address = absl::GetFlag(FLAGS_listen);
  if (options.listen_address.empty()) {
    options.listen_address = absl::StrCat("127.0.0.1:", default_port);
  }
  options.metrics_listen_address = absl::GetFlag(FLAGS_metrics_listen);
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  options.lame_duck = absl::GetFlag(FLAGS_lame_duck);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  options.max_threads = absl::GetFlag(FLAGS_max_threads);
  const ServerTlsFiles tls{absl::GetFlag(FLAGS_tls_cert),
                           absl::GetFlag(FLAGS_tls_key),
                           absl::GetFlag(FLAGS_tls_client_ca)};
  if (!tls.cert.empty() || !tls.key.empty() || !tls.client_ca.empty()) {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        ServerTlsCredentials(tls);
    if (!credentials.ok()) return credentials.status();
    options.credentials = *std::move(credentials);
  }
  options.health_listen_address = absl::GetFlag(FLAGS_health_listen);
  if (absl::GetFlag(FLAGS_max_import_bytes) <= 0) {
    return absl::InvalidArgumentError("--max_import_bytes must be positive");
  }
  if (absl::GetFlag(FLAGS_max_import_decompressed_bytes) <= 0) {
    return absl::InvalidArgumentError(
        "--max_import_decompressed_bytes must be positive");
  }
  options.call_policy.max_upload_bytes = absl::GetFlag(FLAGS_max_import_bytes);
  options.call_policy.max_decompressed_bytes =
      absl::GetFlag(FLAGS_max_import_decompressed_bytes);
  const std::string auth_token_file = absl::GetFlag(FLAGS_auth_token_file);
  const bool auth_reads = absl::GetFlag(FLAGS_auth_reads);
  if (auth_reads && auth_token_file.empty()) {
    return absl::InvalidArgumentError("--auth_reads needs --auth_token_file");
  }
  if (!auth_token_file.empty()) {
    absl::StatusOr<std::unique_ptr<TokenAuthorizer>> authorizer =
        TokenAuthorizer::Load(auth_token_file, auth_reads);
    if (!authorizer.ok()) {
      return absl::Status(authorizer.status().code(),
                          absl::StrCat("bad --auth_token_file: ",
                                       authorizer.status().message()));
    }
    options.call_policy.authorizer = *std::move(authorizer);
  }
  if (options.shutdown_grace < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--shutdown_grace must not be negative");
  }
  if (options.lame_duck < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--lame_duck must not be negative");
  }
  if (options.max_message_bytes <= 0) {
    return absl::InvalidArgumentError("--max_message_bytes must be positive");
  }
  if (options.max_concurrent_streams <= 0) {
    return absl::InvalidArgumentError(
        "--max_concurrent_streams must be positive");
  }
  if (options.max_threads < 0) {
    return absl::InvalidArgumentError("--max_threads must not be negative");
  }
  for (const std::string& text : absl::GetFlag(FLAGS_testonly_fault)) {
    absl::StatusOr<FaultRule> rule = ParseFaultRule(text);
    if (!rule.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--testonly_fault: ", rule.status().message()));
    }
    options.faults.push_back(*rule);
  }
  return options;
}

}  // namespace dyadscope
