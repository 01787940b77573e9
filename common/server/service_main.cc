#include "common/server/service_main.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/logging/log.h"
#include "common/server/auth.h"
#include "common/server/server_flags.h"

namespace dyadscope {
namespace {

// Reloads the token file of `authorizer` (null: none), logging the outcome
// (for SIGHUP).
void ReloadTokens(TokenAuthorizer* authorizer) {
  if (authorizer == nullptr) return;
  absl::Status status = authorizer->Reload();
  if (status.ok()) {
    log::Info("reloaded the token file",
              {log::Field("tokens", authorizer->token_count())});
  } else {
    log::Error("cannot reload the token file; keeping the previous tokens",
               {log::Field("error", status.ToString())});
  }
}

}  // namespace

int FailStartup(absl::string_view service, absl::string_view message,
                const absl::Status& status) {
  log::Error(message, {log::Field("service", service),
                       log::Field("error", status.ToString())});
  return kStartupFailure;
}

absl::StatusOr<ServerOptions> StartServiceMain(int argc, char** argv,
                                               const ServiceInfo& info) {
  BlockShutdownSignals();
  ParseFlagsWithEnvironment(argc, argv, info.usage);
  absl::StatusOr<ServerOptions> options =
      ServerOptionsFromFlags(info.name, info.default_port);
  if (!options.ok()) FailStartup(info.name, "bad flags", options.status());
  return options;
}

int ServeUntilSignal(const ServerOptions& options,
                     std::vector<ServiceRegistration> services,
                     std::function<void()> on_shutdown) {
  // The handlers hold the same authorizer (through their CallPolicy): a
  // reload here changes what they accept.
  const std::shared_ptr<TokenAuthorizer> authorizer =
      options.call_policy.authorizer;
  if (authorizer != nullptr) {
    log::Info("bearer tokens required",
              {log::Field("service", options.service_name),
               log::Field("tokens", authorizer->token_count()),
               log::Field("reads",
                          authorizer->protect_reads() ? "protected" : "open")});
  } else {
    log::Warning("writes are not authenticated (no --auth_token_file)",
                 {log::Field("service", options.service_name)});
  }
  absl::StatusOr<std::unique_ptr<GrpcServerRunner>> runner =
      GrpcServerRunner::Start(options, std::move(services));
  if (!runner.ok()) {
    return FailStartup(options.service_name, "cannot start server",
                       runner.status());
  }
  (*runner)->SetServing(true);
  log::Info("serving", {log::Field("service", options.service_name),
                        log::Field("port", (*runner)->port())});
  WaitForShutdownSignal([&authorizer] { ReloadTokens(authorizer.get()); });
  if (on_shutdown) on_shutdown();
  (*runner)->Shutdown();
  return 0;
}

}  // namespace dyadscope
