// File: common/server/service_main.h
// -----------------------------------------------------------------------------
// What every binary's main() shares around the wiring of its own objects:
// the start (shutdown signals blocked, flags parsed into ServerOptions) and
// the tail (start the server, report SERVING, wait for SIGTERM/SIGINT, shut
// down gracefully).
//
//   int main(int argc, char** argv) {
//     absl::StatusOr<ServerOptions> options =
//         StartServiceMain(argc, argv, {"scoring", 50054, "dyadscope …"});
//     if (!options.ok()) return kStartupFailure;
//     MyServiceImpl service(options->call_policy);
//     return ServeUntilSignal(*options, {{MyService::service_full_name(),
//                                         &service}});
//   }

#ifndef DYADSCOPE_COMMON_SERVER_SERVICE_MAIN_H_
#define DYADSCOPE_COMMON_SERVER_SERVICE_MAIN_H_

#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_options.h"

namespace dyadscope {

// The exit code of a binary that could not start (bad flags, a store that
// does not open, a server that does not bind).
inline constexpr int kStartupFailure = 1;

// Who a binary is: its name in logs, its standard port (used when --listen
// is not given) and the usage line of --help.
struct ServiceInfo {
  absl::string_view name;
  int default_port;
  absl::string_view usage;
};

// The start every binary's main() shares: blocks the shutdown signals,
// applies the DYADSCOPE_* environment variables and parses the command line
// (exiting on a bad flag), then returns the ServerOptions the shared flags
// describe. When they are invalid, logs "bad flags" and returns the error;
// main() then returns kStartupFailure.
absl::StatusOr<ServerOptions> StartServiceMain(int argc, char** argv,
                                               const ServiceInfo& info);

// Starts `services` with `options`, marks them SERVING, blocks until a
// shutdown signal, then drains and stops. Returns the process exit code: 0
// after a clean shutdown, 1 when the server could not start (with a log
// line saying why). BlockShutdownSignals() must have been called first.
// `on_shutdown`, when set, runs as soon as the signal arrives (before
// draining), e.g. to end long-lived streams.
int ServeUntilSignal(const ServerOptions& options,
                     std::vector<ServiceRegistration> services,
                     std::function<void()> on_shutdown = nullptr);

// Logs `message` with `status` as an error and returns kStartupFailure; for
// main() to report a configuration or start-up failure.
int FailStartup(absl::string_view service, absl::string_view message,
                const absl::Status& status);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_SERVICE_MAIN_H_
