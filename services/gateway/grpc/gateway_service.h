// File: services/gateway/grpc/gateway_service.h
// -----------------------------------------------------------------------------
// GatewayServiceImpl: the gRPC handlers of dyadscope.gateway.v1.GatewayService
// (dyad assessments composed from the four backends). Handlers are thin:
// convert the request, call the domain layer, convert the result, and map
// absl::Status to grpc::Status once (common/status).

#ifndef DYADSCOPE_SERVICES_GATEWAY_GRPC_GATEWAY_SERVICE_H_
#define DYADSCOPE_SERVICES_GATEWAY_GRPC_GATEWAY_SERVICE_H_

#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"

namespace dyadscope::gateway {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "gateway.dyadscope";

// Serves GatewayService. Methods not yet implemented answer UNIMPLEMENTED.
// Thread-safe.
class GatewayServiceImpl final
    : public dyadscope::gateway::v1::GatewayService::Service {
 public:
  GatewayServiceImpl() = default;
};

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_GRPC_GATEWAY_SERVICE_H_
