#include "common/server/service_main.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/logging/log.h"
#include "common/server/auth.h"

namespace dyadscope {

int FailStartup(absl::string_view service, absl::string_view message,
                const absl::Status& status) {
  log::Error(message, {log::Field("service", service),
                       log::Field("error", status.ToString())});
  return 1;
}

int ServeUntilSignal(const ServerOptions& options,
                     std::vector<ServiceRegistration> services,
                     std::function<void()> on_shutdown) {
  if (!options.auth_token_file.empty()) {
    absl::StatusOr<std::unique_ptr<TokenAuthorizer>> authorizer =
        TokenAuthorizer::Load(options.auth_token_file, options.auth_reads);
    if (!authorizer.ok()) {
      return FailStartup(options.service_name, "bad --auth_token_file",
                         authorizer.status());
    }
    log::Info("bearer tokens required",
              {log::Field("service", options.service_name),
               log::Field("tokens", (*authorizer)->token_count()),
               log::Field("reads", options.auth_reads ? "protected" : "open")});
    InstallAuthorizer(std::shared_ptr<TokenAuthorizer>(*std::move(authorizer)));
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
  WaitForShutdownSignal(&ReloadInstalledAuthorizer);
  if (on_shutdown) on_shutdown();
  (*runner)->Shutdown();
  return 0;
}

}  // namespace dyadscope
