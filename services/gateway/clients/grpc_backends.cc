#include "services/gateway/clients/grpc_backends.h"

#include "common/status/grpc_status.h"
#include "grpcpp/client_context.h"

namespace dyadscope::gateway {
namespace {

// Calls `method` on `stub` with the call's deadline.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Call(Stub& stub,
                              grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                           const Request&,
                                                           Response*),
                              const Request& request,
                              const CallOptions& options) {
  grpc::ClientContext context;
  if (options.deadline != absl::InfiniteFuture()) {
    context.set_deadline(absl::ToChronoTime(options.deadline));
  }
  Response response;
  grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace

absl::StatusOr<events::v1::SummarizeEventsResponse>
GrpcEventsBackend::SummarizeEvents(
    const events::v1::SummarizeEventsRequest& request,
    const CallOptions& options) {
  return Call(*stub_, &events::v1::EventsService::Stub::SummarizeEvents,
              request, options);
}

absl::StatusOr<events::v1::GetVotingAlignmentResponse>
GrpcEventsBackend::GetVotingAlignment(
    const events::v1::GetVotingAlignmentRequest& request,
    const CallOptions& options) {
  return Call(*stub_, &events::v1::EventsService::Stub::GetVotingAlignment,
              request, options);
}

absl::StatusOr<economics::v1::SummarizeIndicatorsResponse>
GrpcEconomicsBackend::SummarizeIndicators(
    const economics::v1::SummarizeIndicatorsRequest& request,
    const CallOptions& options) {
  return Call(*stub_,
              &economics::v1::EconomicsService::Stub::SummarizeIndicators,
              request, options);
}

absl::StatusOr<securityrisk::v1::AssessRiskResponse>
GrpcSecurityRiskBackend::AssessRisk(
    const securityrisk::v1::AssessRiskRequest& request,
    const CallOptions& options) {
  return Call(*stub_, &securityrisk::v1::SecurityRiskService::Stub::AssessRisk,
              request, options);
}

absl::StatusOr<scoring::v1::ScoreResponse> GrpcScoringBackend::Score(
    const scoring::v1::ScoreRequest& request, const CallOptions& options) {
  return Call(*stub_, &scoring::v1::ScoringService::Stub::Score, request,
              options);
}

}  // namespace dyadscope::gateway
