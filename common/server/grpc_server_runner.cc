#include "common/server/grpc_server_runner.h"

#include <signal.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/logging/log.h"
#include "common/server/rpc_interceptor.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace dyadscope {
namespace {

struct HostPort {
  std::string host;
  int port = 0;
};

// Splits "host:port" or "[v6]:port". Returns INVALID_ARGUMENT otherwise.
absl::StatusOr<HostPort> SplitHostPort(const std::string& address) {
  std::size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", address,
                     "\" is not of the form host:port (port 0 to 65535)"));
  }
  return HostPort{address.substr(0, colon), port};
}

// The metrics address when none is given: gRPC port + 1000 on the same host,
// or a free port when the gRPC port itself is chosen by the system.
absl::StatusOr<std::string> DefaultMetricsAddress(const std::string& listen) {
  absl::StatusOr<HostPort> hp = SplitHostPort(listen);
  if (!hp.ok()) return hp.status();
  int port = hp->port == 0 ? 0 : hp->port + 1000;
  if (port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "gRPC port ", hp->port,
        " + 1000 is not a valid metrics port; set the metrics address"));
  }
  std::string host = hp->host;
  if (host.empty() || host == "[::]") host = "0.0.0.0";
  if (host == "localhost") host = "127.0.0.1";
  return absl::StrCat(host, ":", port);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcServerRunner>> GrpcServerRunner::Start(
    const ServerOptions& options, std::vector<ServiceRegistration> services) {
  if (options.service_name.empty()) {
    return absl::InvalidArgumentError("service_name must be set");
  }
  if (absl::StatusOr<HostPort> hp = SplitHostPort(options.listen_address);
      !hp.ok()) {
    return hp.status();
  }
  if (options.max_message_bytes <= 0 || options.max_concurrent_streams <= 0 ||
      options.max_threads < 0) {
    return absl::InvalidArgumentError(
        "max_message_bytes and max_concurrent_streams must be positive and "
        "max_threads not negative");
  }
  if (options.shutdown_grace < absl::ZeroDuration() ||
      options.lame_duck < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "shutdown_grace and lame_duck must not be negative");
  }

  std::unique_ptr<ServerMetrics> metrics;
  if (options.metrics_listen_address != "off") {
    std::string address = options.metrics_listen_address;
    if (address.empty()) {
      absl::StatusOr<std::string> derived =
          DefaultMetricsAddress(options.listen_address);
      if (!derived.ok()) return derived.status();
      address = *derived;
    }
    absl::StatusOr<std::unique_ptr<ServerMetrics>> created =
        ServerMetrics::Create(address);
    if (!created.ok()) return created.status();
    metrics = *std::move(created);
  }

  std::unique_ptr<GrpcServerRunner> runner(
      new GrpcServerRunner(options, std::move(services), std::move(metrics)));

  // Reflection describes every service whose descriptors are linked in. The
  // default health service is not generated from a .proto, so link ours
  // (protos/grpc/health/v1/health.proto) and name it here so that the
  // linker keeps its descriptor and command-line clients can call Health.
  (void)grpc::health::v1::HealthCheckResponse::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::EnableDefaultHealthCheckService(true);

  grpc::ServerBuilder builder;
  std::shared_ptr<grpc::ServerCredentials> credentials =
      options.credentials ? options.credentials
                          : grpc::InsecureServerCredentials();
  builder.AddListeningPort(options.listen_address, credentials, &runner->port_);
  for (const ServiceRegistration& registration : runner->services_) {
    builder.RegisterService(registration.service);
  }
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(
      GRPC_ARG_KEEPALIVE_TIME_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_time)));
  builder.AddChannelArgument(
      GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_timeout)));
  // Let clients keep idle connections alive with their own pings every 10 s
  // or more without being told to go away.
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // A second server on a busy port must fail, not silently share it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             options.max_concurrent_streams);
  if (options.max_threads > 0) {
    grpc::ResourceQuota quota(options.service_name);
    quota.SetMaxThreads(options.max_threads);
    builder.SetResourceQuota(quota);
  }
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<RpcInterceptorFactory>(
      options.service_name, runner->metrics_.get(), options.faults));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  runner->server_ = builder.BuildAndStart();
  if (runner->server_ == nullptr || runner->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (address in use, or not an address of this machine?)"));
  }
  if (!options.health_listen_address.empty()) {
    // Only the default health service (and reflection) on this server.
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(options.health_listen_address,
                                    grpc::InsecureServerCredentials(),
                                    &runner->health_port_);
    health_builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    runner->health_server_ = health_builder.BuildAndStart();
    if (runner->health_server_ == nullptr || runner->health_port_ == 0) {
      runner->server_->Shutdown(absl::ToChronoTime(absl::Now()));
      return absl::UnavailableError(absl::StrCat("cannot listen on ",
                                                 options.health_listen_address,
                                                 " (--health_listen)"));
    }
    log::Info("health listening",
              {log::Field("service", options.service_name),
               log::Field("address", options.health_listen_address),
               log::Field("port", runner->health_port_)});
  }
  runner->SetServing(false);
  log::Info("listening", {log::Field("service", options.service_name),
                          log::Field("address", options.listen_address),
                          log::Field("port", runner->port_),
                          log::Field("metrics_port", runner->metrics_port()),
                          log::Field("health_port", runner->health_port_),
                          log::Field("tls", options.credentials != nullptr)});
  return runner;
}

GrpcServerRunner::GrpcServerRunner(ServerOptions options,
                                   std::vector<ServiceRegistration> services,
                                   std::unique_ptr<ServerMetrics> metrics)
    : options_(std::move(options)),
      services_(std::move(services)),
      metrics_(std::move(metrics)) {}

GrpcServerRunner::~GrpcServerRunner() {
  if (server_ != nullptr) Shutdown();
}

std::string GrpcServerRunner::local_target() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void GrpcServerRunner::SetServing(bool serving) {
  absl::MutexLock lock(&mu_);
  if (shutting_down_ && serving) return;
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
    if (health == nullptr) continue;
    health->SetServingStatus("", serving);
    for (const ServiceRegistration& registration : services_) {
      health->SetServingStatus(registration.full_name, serving);
    }
  }
}

void GrpcServerRunner::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shutting_down_) {
      // Another thread is shutting down: wait until it has finished.
      mu_.Await(absl::Condition(&stopped_));
      return;
    }
  }
  SetServing(false);
  {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
  }
  log::Info("shutting down",
            {log::Field("service", options_.service_name),
             log::Field("lame_duck_ms",
                        absl::ToInt64Milliseconds(options_.lame_duck)),
             log::Field("grace_ms",
                        absl::ToInt64Milliseconds(options_.shutdown_grace))});
  if (options_.lame_duck > absl::ZeroDuration()) {
    absl::SleepFor(options_.lame_duck);
  }
  server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.shutdown_grace));
  server_->Wait();
  if (health_server_ != nullptr) {
    health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
    health_server_->Wait();
  }
  log::Info("stopped", {log::Field("service", options_.service_name)});
  absl::MutexLock lock(&mu_);
  stopped_ = true;
}

void BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForShutdownSignal(const std::function<void()>& on_hangup) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  while (true) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      if (on_hangup != nullptr) on_hangup();
      continue;
    }
    log::Info("signal received", {log::Field("signal", signal_number)});
    return signal_number;
  }
}

}  // namespace dyadscope
