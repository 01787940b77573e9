// File: cli/cli_common.h
// -----------------------------------------------------------------------------
// What every `dyadscope` subcommand shares: channels to the services,
// deadlines, printing messages as JSON, and reporting server errors in words
// (code, message and every bad field) with a non-zero exit code.

#ifndef DYADSCOPE_CLI_CLI_COMMON_H_
#define DYADSCOPE_CLI_CLI_COMMON_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "dyadscope/scoring/v1/scoring_service.pb.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/status.h"

namespace dyadscope::cli {

// Addresses and settings from the global flags.
struct Settings {
  std::string gateway;
  std::string events;
  std::string economics;
  std::string security_risk;
  absl::Duration timeout;
  bool json = false;
  // Sent as "authorization: Bearer <token>" on every call when not empty
  // (--token_file, or the DYADSCOPE_TOKEN environment variable).
  std::string token;
};

// The exit codes of the CLI.
inline constexpr int kExitOk = 0;
inline constexpr int kExitServerError = 1;
inline constexpr int kExitUsage = 64;

std::shared_ptr<grpc::Channel> Connect(const std::string& address);

// Makes Connect use `credentials` (TLS) instead of plaintext.
void UseChannelCredentials(
    std::shared_ptr<grpc::ChannelCredentials> credentials);

// A client context with the settings' deadline.
std::unique_ptr<grpc::ClientContext> NewContext(const Settings& settings);

// Prints `message` as proto JSON (two-space indented) on stdout.
void PrintJson(const google::protobuf::Message& message);

// Prints a failed call's status in words on stderr — code, message, reason
// and each bad field from google.rpc.BadRequest — and returns the exit code.
int ReportError(absl::string_view what, const grpc::Status& status);

// Returns the relationship class in words ("partnership"), or
// `undetermined` when the scores determine none.
std::string RelationshipClassName(scoring::v1::RelationshipClass c,
                                  absl::string_view undetermined);

// Returns true when stdout is a terminal (progress bars, colours).
bool StdoutIsTerminal();

}  // namespace dyadscope::cli

#endif  // DYADSCOPE_CLI_CLI_COMMON_H_
