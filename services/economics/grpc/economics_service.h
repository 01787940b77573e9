// File: services/economics/grpc/economics_service.h
// -----------------------------------------------------------------------------
// EconomicsServiceImpl: the gRPC handlers of
// dyadscope.economics.v1.EconomicsService. Thin: convert the request, call
// EconomicsManager, convert the result, map absl::Status once.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_
#define DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_

#include <utility>

#include "common/server/call_policy.h"
#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "services/economics/domain/economics_manager.h"

namespace dyadscope::economics {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "economics.dyadscope";

// Serves EconomicsService over `manager`, which must outlive it. `policy`
// (the server's ServerOptions::call_policy) decides who may call and how
// large an upload may be. Thread-safe.
class EconomicsServiceImpl final : public v1::EconomicsService::Service {
 public:
  EconomicsServiceImpl(EconomicsManager* manager, CallPolicy policy)
      : manager_(manager), policy_(std::move(policy)) {}

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

 private:
  EconomicsManager* manager_;
  const CallPolicy policy_;
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_GRPC_ECONOMICS_SERVICE_H_
