// File: services/security_risk/grpc/security_risk_service.h
// -----------------------------------------------------------------------------
// SecurityRiskServiceImpl: the gRPC handlers of
// dyadscope.securityrisk.v1.SecurityRiskService. Thin: convert the request,
// call SecurityRiskManager, convert the result, map absl::Status once.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_GRPC_SECURITY_RISK_SERVICE_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_GRPC_SECURITY_RISK_SERVICE_H_

#include "common/rpc/service.h"
#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"
#include "services/security_risk/domain/security_risk_manager.h"

namespace dyadscope::security_risk {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "security_risk.dyadscope";

// Serves SecurityRiskService over a SecurityRiskManager, which must outlive
// it; constructed with (manager, CallPolicy): see rpc::BackedService.
// Thread-safe.
class SecurityRiskServiceImpl final
    : public rpc::BackedService<securityrisk::v1::SecurityRiskService::Service,
                                SecurityRiskManager, kErrorDomain> {
 public:
  using BackedService::BackedService;

  grpc::Status CreateIncidents(
      grpc::ServerContext* context,
      const securityrisk::v1::CreateIncidentsRequest* request,
      securityrisk::v1::CreateIncidentsResponse* response) override;
  grpc::Status ListIncidents(
      grpc::ServerContext* context,
      const securityrisk::v1::ListIncidentsRequest* request,
      securityrisk::v1::ListIncidentsResponse* response) override;
  grpc::Status ImportIncidents(
      grpc::ServerContext* context,
      grpc::ServerReader<securityrisk::v1::ImportIncidentsRequest>* reader,
      securityrisk::v1::ImportIncidentsResponse* response) override;
  grpc::Status AssessRisk(
      grpc::ServerContext* context,
      const securityrisk::v1::AssessRiskRequest* request,
      securityrisk::v1::AssessRiskResponse* response) override;
  grpc::Status BacktestRisk(
      grpc::ServerContext* context,
      const securityrisk::v1::BacktestRiskRequest* request,
      securityrisk::v1::BacktestRiskResponse* response) override;
};

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_GRPC_SECURITY_RISK_SERVICE_H_
