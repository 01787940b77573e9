#include "services/gateway/grpc/gateway_service.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/auth.h"
#include "common/status/grpc_status.h"
#include "google/protobuf/unknown_field_set.h"
#include "services/gateway/clients/grpc_backends.h"

namespace dyadscope::gateway {
namespace {

// The incoming call's deadline (infinite when the client set none).
absl::Time Deadline(const grpc::ServerContext* context) {
  const auto deadline = context->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

// Sets the response's `assessment` (field 1 of both AssessDyadResponse and
// GetTimelineResponse) to an already encoded DyadAssessment. Kept as an
// unknown field, the bytes are written to the wire as they are — the same
// bytes setting the field would produce — without decoding, copying and
// re-encoding a 30 KB message for every cached answer.
template <typename Response>
void SetEncodedAssessment(const std::string& encoded, Response* response) {
  static_assert(Response::kAssessmentFieldNumber == 1);
  response->GetReflection()->MutableUnknownFields(response)->AddLengthDelimited(
      Response::kAssessmentFieldNumber, encoded);
}

}  // namespace

grpc::Status GatewayServiceImpl::AssessDyad(
    grpc::ServerContext* context, const v1::AssessDyadRequest* request,
    v1::AssessDyadResponse* response) {
  if (auto refused = policy_.Refusal(*context, Access::kRead, kErrorDomain)) {
    return *refused;
  }
  if (auto encoded = aggregator_->RecentAssessmentBytes(*request)) {
    SetEncodedAssessment(*encoded, response);
    return grpc::Status::OK;
  }
  // The backend calls inherit this call's deadline and cancellation.
  const GrpcIncomingCall incoming(*context);
  absl::StatusOr<v1::DyadAssessment> assessment =
      aggregator_->Assess(*request, Deadline(context), &incoming);
  if (!assessment.ok()) return ToGrpcStatus(assessment.status(), kErrorDomain);
  *response->mutable_assessment() = *std::move(assessment);
  return grpc::Status::OK;
}

grpc::Status GatewayServiceImpl::GetTimeline(
    grpc::ServerContext* context, const v1::GetTimelineRequest* request,
    v1::GetTimelineResponse* response) {
  if (auto refused = policy_.Refusal(*context, Access::kRead, kErrorDomain)) {
    return *refused;
  }
  if (auto encoded = aggregator_->RecentTimelineBytes(*request)) {
    SetEncodedAssessment(*encoded, response);
    return grpc::Status::OK;
  }
  // The backend calls inherit this call's deadline and cancellation.
  const GrpcIncomingCall incoming(*context);
  absl::StatusOr<v1::DyadAssessment> assessment =
      aggregator_->Timeline(*request, Deadline(context), &incoming);
  if (!assessment.ok()) return ToGrpcStatus(assessment.status(), kErrorDomain);
  *response->mutable_assessment() = *std::move(assessment);
  return grpc::Status::OK;
}

grpc::Status GatewayServiceImpl::Simulate(grpc::ServerContext* context,
                                          const v1::SimulateRequest* request,
                                          v1::SimulateResponse* response) {
  if (auto refused = policy_.Refusal(*context, Access::kRead, kErrorDomain)) {
    return *refused;
  }
  // The backend calls inherit this call's deadline and cancellation.
  const GrpcIncomingCall incoming(*context);
  absl::StatusOr<v1::SimulateResponse> simulated =
      aggregator_->Simulate(*request, Deadline(context), &incoming);
  if (!simulated.ok()) return ToGrpcStatus(simulated.status(), kErrorDomain);
  *response = *std::move(simulated);
  return grpc::Status::OK;
}

}  // namespace dyadscope::gateway
