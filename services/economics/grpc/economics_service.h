// File: services/economics/grpc/economics_service.h
// -----------------------------------------------------------------------------
// EconomicsServiceImpl: the gRPC handlers of
// dyadscope.economics.v1.EconomicsService (economic observations and
// asymmetric-interdependence indicators). Handlers are thin: convert the
// request, call the domain layer, convert the result, and map absl::Status to
// grpc::Status once (common/status).

#ifndef DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_
#define DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_

#include "dyadscope/economics/v1/economics_service.grpc.pb.h"

namespace dyadscope::economics {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "economics.dyadscope";

// Serves EconomicsService. Methods not yet implemented answer UNIMPLEMENTED.
// Thread-safe.
class EconomicsServiceImpl final
    : public dyadscope::economics::v1::EconomicsService::Service {
 public:
  EconomicsServiceImpl() = default;
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_
