// File: common/server/rpc_interceptor.h
// -----------------------------------------------------------------------------
// The server interceptor every dyadscope server installs. For each RPC it
//  - takes the request id from `x-request-id` metadata (or makes one) and
//    echoes it in the response trailers (trailers, so that an error answer
//    stays "trailers-only" and clients can retry it);
//  - counts the RPC in the Prometheus metrics when it starts and ends;
//  - writes one JSON log line when it ends (time, service, method, code,
//    latency_ms, peer, request_id) and never payloads or credentials;
//  - applies test-only fault injection rules (delays), which exist only
//    when a test passes them explicitly.

#ifndef DYADSCOPE_COMMON_SERVER_RPC_INTERCEPTOR_H_
#define DYADSCOPE_COMMON_SERVER_RPC_INTERCEPTOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"

namespace dyadscope {

class ServerMetrics;

// A test-only fault: every call of `method` waits `delay` after its request
// arrives and before the handler runs. `method` is a full method name
// ("/dyadscope.scoring.v1.ScoringService/GetDefaultModel") or just its last
// part ("GetDefaultModel").
struct FaultRule {
  std::string method;
  absl::Duration delay = absl::ZeroDuration();
};

// Parses a rule of the form "METHOD=delay:DURATION", e.g.
// "GetDefaultModel=delay:2s". Returns INVALID_ARGUMENT naming what is wrong.
absl::StatusOr<FaultRule> ParseFaultRule(absl::string_view text);

// Returns the id to log for a call whose `x-request-id` metadata is
// `incoming` (empty when absent): the incoming id when it is printable ASCII
// of at most 128 bytes, otherwise a new random 128-bit hex id.
std::string ChooseRequestId(absl::string_view incoming);

// Creates the per-RPC interceptors. `metrics` may be null (no metrics) and
// must outlive the server; the factory itself is owned by the server.
class RpcInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RpcInterceptorFactory(std::string service_name, ServerMetrics* metrics,
                        std::vector<FaultRule> faults);

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::string service_name_;
  ServerMetrics* metrics_;
  std::vector<FaultRule> faults_;
};

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_RPC_INTERCEPTOR_H_
