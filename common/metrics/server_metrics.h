// File: common/metrics/server_metrics.h
// -----------------------------------------------------------------------------
// Prometheus metrics of one gRPC server, exposed over HTTP at /metrics on an
// admin address. The names follow the go-grpc-prometheus conventions that
// dashboards already know:
//   grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method}
//   (histogram)

#ifndef DYADSCOPE_COMMON_METRICS_SERVER_METRICS_H_
#define DYADSCOPE_COMMON_METRICS_SERVER_METRICS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/metrics/http_exposer.h"

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Histogram;
}  // namespace prometheus

namespace dyadscope {

// The kind of RPC, as the grpc_type label spells it.
enum class RpcType { kUnary, kClientStream, kServerStream, kBidiStream };

// Returns "unary", "client_stream", "server_stream" or "bidi_stream".
absl::string_view RpcTypeLabel(RpcType type);

// Owns the metric registry and its HTTP exposer. Thread-safe.
class ServerMetrics {
 public:
  // Starts serving /metrics on `listen_address` ("host:port"; port 0 picks a
  // free port). Returns UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<ServerMetrics>> Create(
      const std::string& listen_address);

  ~ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  // Returns the TCP port /metrics is served on.
  int port() const { return exposer_->port(); }

  // Counts an RPC that has started. `full_method` is "/pkg.Service/Method".
  void RecordStarted(absl::string_view full_method, RpcType type);

  // Counts an RPC that has finished with the canonical `code` (e.g. "OK",
  // "NOT_FOUND") after `seconds`.
  void RecordHandled(absl::string_view full_method, RpcType type,
                     absl::string_view code, double seconds);

 private:
  explicit ServerMetrics(std::shared_ptr<prometheus::Registry> registry);

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<HttpExposer> exposer_;
  prometheus::Family<prometheus::Counter>* started_;
  prometheus::Family<prometheus::Counter>* handled_;
  prometheus::Family<prometheus::Histogram>* handling_seconds_;
};

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_METRICS_SERVER_METRICS_H_
