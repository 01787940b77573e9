// File: services/economics/grpc/economics_service.h
// -----------------------------------------------------------------------------
// EconomicsServiceImpl: the gRPC handlers of
// dyadscope.economics.v1.EconomicsService. Thin: convert the request, call
// EconomicsManager, convert the result, map absl::Status once.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_
#define DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_

#include "common/rpc/service.h"
#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "services/economics/domain/economics_manager.h"

namespace dyadscope::economics {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "economics.dyadscope";

// Serves EconomicsService over an EconomicsManager, which must outlive it;
// constructed with (manager, CallPolicy): see rpc::BackedService.
// Thread-safe.
class EconomicsServiceImpl final
    : public rpc::BackedService<v1::EconomicsService::Service, EconomicsManager,
                                kErrorDomain> {
 public:
  using BackedService::BackedService;

  grpc::Status CreateObservations(
      grpc::ServerContext* context,
      const v1::CreateObservationsRequest* request,
      v1::CreateObservationsResponse* response) override;
  grpc::Status ListObservations(
      grpc::ServerContext* context, const v1::ListObservationsRequest* request,
      v1::ListObservationsResponse* response) override;
  grpc::Status ImportObservations(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::ImportObservationsRequest>* reader,
      v1::ImportObservationsResponse* response) override;
  grpc::Status ComputeIndicators(
      grpc::ServerContext* context, const v1::ComputeIndicatorsRequest* request,
      v1::ComputeIndicatorsResponse* response) override;
  grpc::Status SummarizeIndicators(
      grpc::ServerContext* context,
      const v1::SummarizeIndicatorsRequest* request,
      v1::SummarizeIndicatorsResponse* response) override;
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_
