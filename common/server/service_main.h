// File: common/server/service_main.h
// -----------------------------------------------------------------------------
// The tail every binary's main() shares once its objects are wired: start
// the server, report SERVING, wait for SIGTERM/SIGINT, shut down gracefully.

#ifndef DYADSCOPE_COMMON_SERVER_SERVICE_MAIN_H_
#define DYADSCOPE_COMMON_SERVER_SERVICE_MAIN_H_

#include <functional>
#include <vector>

#include "common/server/grpc_server_runner.h"
#include "common/server/server_options.h"

namespace dyadscope {

// Starts `services` with `options`, marks them SERVING, blocks until a
// shutdown signal, then drains and stops. Returns the process exit code: 0
// after a clean shutdown, 1 when the server could not start (with a log
// line saying why). BlockShutdownSignals() must have been called first.
// `on_shutdown`, when set, runs as soon as the signal arrives (before
// draining), e.g. to end long-lived streams.
int ServeUntilSignal(const ServerOptions& options,
                     std::vector<ServiceRegistration> services,
                     std::function<void()> on_shutdown = nullptr);

// Logs `message` with `status` as an error and returns exit code 1; for
// main() to report a configuration or start-up failure.
int FailStartup(absl::string_view service, absl::string_view message,
                const absl::Status& status);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_SERVICE_MAIN_H_
