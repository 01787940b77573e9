#include "common/metrics/server_metrics.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace dyadscope {
namespace {

// Splits "/pkg.Service/Method" into ("pkg.Service", "Method").
std::pair<std::string, std::string> SplitMethod(absl::string_view full_method) {
  std::vector<std::string> parts =
      absl::StrSplit(full_method, '/', absl::SkipEmpty());
  if (parts.size() != 2) return {std::string(full_method), ""};
  return {parts[0], parts[1]};
}

}  // namespace

absl::string_view RpcTypeLabel(RpcType type) {
  switch (type) {
    case RpcType::kUnary:
      return "unary";
    case RpcType::kClientStream:
      return "client_stream";
    case RpcType::kServerStream:
      return "server_stream";
    case RpcType::kBidiStream:
      return "bidi_stream";
  }
  return "unary";
}

absl::StatusOr<std::unique_ptr<ServerMetrics>> ServerMetrics::Create(
    const std::string& listen_address) {
  auto registry = std::make_shared<prometheus::Registry>();
  std::unique_ptr<ServerMetrics> metrics(new ServerMetrics(registry));
  absl::StatusOr<std::unique_ptr<HttpExposer>> exposer =
      HttpExposer::Start(listen_address, std::move(registry));
  if (!exposer.ok()) return exposer.status();
  metrics->exposer_ = *std::move(exposer);
  return metrics;
}

ServerMetrics::ServerMetrics(std::shared_ptr<prometheus::Registry> registry)
    : registry_(std::move(registry)),
      started_(&prometheus::BuildCounter()
                    .Name("grpc_server_started_total")
                    .Help("Total number of RPCs started on the server.")
                    .Register(*registry_)),
      handled_(&prometheus::BuildCounter()
                    .Name("grpc_server_handled_total")
                    .Help("Total number of RPCs completed on the server, "
                          "regardless of success or failure.")
                    .Register(*registry_)),
      handling_seconds_(&prometheus::BuildHistogram()
                             .Name("grpc_server_handling_seconds")
                             .Help("Histogram of response latency (seconds) "
                                   "of gRPC that had been application-level "
                                   "handled by the server.")
                             .Register(*registry_)) {}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::RecordStarted(absl::string_view full_method, RpcType type) {
  auto [service, method] = SplitMethod(full_method);
  started_
      ->Add({{"grpc_type", std::string(RpcTypeLabel(type))},
             {"grpc_service", service},
             {"grpc_method", method}})
      .Increment();
}

void ServerMetrics::RecordHandled(absl::string_view full_method, RpcType type,
                                  absl::string_view code, double seconds) {
  auto [service, method] = SplitMethod(full_method);
  std::string type_label(RpcTypeLabel(type));
  handled_
      ->Add({{"grpc_type", type_label},
             {"grpc_service", service},
             {"grpc_method", method},
             {"grpc_code", std::string(code)}})
      .Increment();
  static const auto* const kBuckets =
      new prometheus::Histogram::BucketBoundaries{
          0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
          0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  handling_seconds_
      ->Add({{"grpc_type", type_label},
             {"grpc_service", service},
             {"grpc_method", method}},
            *kBuckets)
      .Observe(seconds);
}

}  // namespace dyadscope
