// File: services/security_risk/grpc/security_risk_service.h
// -----------------------------------------------------------------------------
// SecurityRiskServiceImpl: the gRPC handlers of
// dyadscope.securityrisk.v1.SecurityRiskService (security incidents and risk
// forecasts). Handlers are thin: convert the request, call the domain layer,
// convert the result, and map absl::Status to grpc::Status once
// (common/status).

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_GRPC_SECURITY_RISK_SERVICE_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_GRPC_SECURITY_RISK_SERVICE_H_

#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"

namespace dyadscope::security_risk {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "security_risk.dyadscope";

// Serves SecurityRiskService. Methods not yet implemented answer UNIMPLEMENTED.
// Thread-safe.
class SecurityRiskServiceImpl final
    : public dyadscope::securityrisk::v1::SecurityRiskService::Service {
 public:
  SecurityRiskServiceImpl() = default;
};

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_GRPC_SECURITY_RISK_SERVICE_H_
