// File: common/server/grpc_server_runner.h
// -----------------------------------------------------------------------------
// One server bootstrap for every dyadscope binary: binds the listen address,
// registers the services, enables the standard health service (per-service
// status, NOT_SERVING until the owner says the service is ready), server
// reflection (which also describes grpc.health.v1), Prometheus metrics, the
// per-RPC log line, message size and keepalive limits, and a graceful
// shutdown: NOT_SERVING, an optional lame-duck period, then in-flight calls
// drain within the grace period.
//
//   BlockShutdownSignals();                  // first thing in main()
//   auto runner = GrpcServerRunner::Start(options, {{name, &service}});
//   (*runner)->SetServing(true);
//   WaitForShutdownSignal();
//   (*runner)->Shutdown();

#ifndef DYADSCOPE_COMMON_SERVER_GRPC_SERVER_RUNNER_H_
#define DYADSCOPE_COMMON_SERVER_GRPC_SERVER_RUNNER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/metrics/server_metrics.h"
#include "common/server/server_options.h"
#include "grpcpp/server.h"

namespace dyadscope {

// A service to register, with its full protobuf name
// ("dyadscope.events.v1.EventsService") for health status.
struct ServiceRegistration {
  std::string full_name;
  grpc::Service* service;  // Not owned; must outlive the runner.
};

// A running gRPC server. Thread-safe.
class GrpcServerRunner {
 public:
  // Builds and starts the server. Health starts NOT_SERVING for every
  // service; call SetServing(true) once the service is ready. Returns
  // UNAVAILABLE when an address cannot be bound and INVALID_ARGUMENT for bad
  // options.
  static absl::StatusOr<std::unique_ptr<GrpcServerRunner>> Start(
      const ServerOptions& options, std::vector<ServiceRegistration> services);

  // Shuts down (if not yet) and waits for the server to stop.
  ~GrpcServerRunner();

  GrpcServerRunner(const GrpcServerRunner&) = delete;
  GrpcServerRunner& operator=(const GrpcServerRunner&) = delete;

  // Returns the bound gRPC port.
  int port() const { return port_; }

  // Returns "127.0.0.1:<port>" style target for clients on this machine.
  std::string local_target() const;

  // Returns the bound plaintext health port, or 0 when there is none.
  int health_port() const { return health_port_; }

  // Returns the bound metrics port, or 0 when metrics are off.
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }

  // Sets the health status of every registered service and of the server as
  // a whole (service ""). Ignored once shutdown has begun.
  void SetServing(bool serving);

  // Marks everything NOT_SERVING, waits the lame-duck period, stops
  // accepting calls and lets in-flight calls finish within the grace period.
  // Idempotent; returns when the server has stopped.
  void Shutdown();

 private:
  GrpcServerRunner(ServerOptions options,
                   std::vector<ServiceRegistration> services,
                   std::unique_ptr<ServerMetrics> metrics);

  const ServerOptions options_;
  const std::vector<ServiceRegistration> services_;
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> health_server_;  // --health_listen
  int health_port_ = 0;

  absl::Mutex mu_;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread; threads created
// afterwards inherit the mask, so only WaitForShutdownSignal sees them. Call
// at the top of main(), before anything starts a thread.
void BlockShutdownSignals();

// Waits for SIGTERM or SIGINT and returns its number. SIGHUP is delivered
// to `on_hangup` (if set) and waiting continues.
int WaitForShutdownSignal(const std::function<void()>& on_hangup = nullptr);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_GRPC_SERVER_RUNNER_H_
