#include "common/server/service_main.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/logging/log.h"

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
  absl::StatusOr<std::unique_ptr<GrpcServerRunner>> runner =
      GrpcServerRunner::Start(options, std::move(services));
  if (!runner.ok()) {
    return FailStartup(options.service_name, "cannot start server",
                       runner.status());
  }
  (*runner)->SetServing(true);
  log::Info("serving", {log::Field("service", options.service_name),
                        log::Field("port", (*runner)->port())});
  WaitForShutdownSignal();
  if (on_shutdown) on_shutdown();
  (*runner)->Shutdown();
  return 0;
}

}  // namespace dyadscope
