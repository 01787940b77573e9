// File: services/gateway/grpc/gateway_service.h
// -----------------------------------------------------------------------------
// GatewayServiceImpl: the gRPC handlers of dyadscope.gateway.v1.GatewayService,
// thin over the AssessmentAggregator (which fans out to the four backends
// concurrently). The incoming deadline bounds every backend call.

#ifndef DYADSCOPE_SERVICES_GATEWAY_GRPC_GATEWAY_SERVICE_H_
#define DYADSCOPE_SERVICES_GATEWAY_GRPC_GATEWAY_SERVICE_H_

#include "common/rpc/service.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"
#include "services/gateway/aggregation/assessment_aggregator.h"

namespace dyadscope::gateway {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "gateway.dyadscope";

// Serves GatewayService over an AssessmentAggregator, which must outlive
// it; constructed with (aggregator, CallPolicy): see rpc::BackedService.
// Thread-safe.
class GatewayServiceImpl final
    : public rpc::BackedService<v1::GatewayService::Service,
                                AssessmentAggregator, kErrorDomain> {
 public:
  using BackedService::BackedService;

  grpc::Status AssessDyad(grpc::ServerContext* context,
                          const v1::AssessDyadRequest* request,
                          v1::AssessDyadResponse* response) override;
  grpc::Status GetTimeline(grpc::ServerContext* context,
                           const v1::GetTimelineRequest* request,
                           v1::GetTimelineResponse* response) override;
  grpc::Status Simulate(grpc::ServerContext* context,
                        const v1::SimulateRequest* request,
                        v1::SimulateResponse* response) override;
};

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_GRPC_GATEWAY_SERVICE_H_
