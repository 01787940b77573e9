#include "services/gateway/grpc/gateway_service.h"

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/auth.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
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

// Serves AssessDyad or GetTimeline, whose answer is one DyadAssessment:
// the encoded answer of a recent identical call when `recent` has one,
// otherwise `compute`'s, whose backend calls inherit the call's deadline
// and cancellation.
template <typename Request, typename Response, typename Recent,
          typename Compute>
absl::Status ServeAssessment(const grpc::ServerContext& context,
                             const Request& request, Response* response,
                             AssessmentAggregator* aggregator, Recent recent,
                             Compute compute) {
  if (auto encoded = std::invoke(recent, aggregator, request)) {
    SetEncodedAssessment(*encoded, response);
    return absl::OkStatus();
  }
  const GrpcIncomingCall incoming(context);
  DYADSCOPE_ASSIGN_OR_RETURN(
      *response->mutable_assessment(),
      std::invoke(compute, aggregator, request, Deadline(&context), &incoming));
  return absl::OkStatus();
}

}  // namespace

grpc::Status GatewayServiceImpl::AssessDyad(
    grpc::ServerContext* context, const v1::AssessDyadRequest* request,
    v1::AssessDyadResponse* response) {
  return Serve(context, Access::kRead, [&] {
    return ServeAssessment(*context, *request, response, backend(),
                           &AssessmentAggregator::RecentAssessmentBytes,
                           &AssessmentAggregator::Assess);
  });
}

grpc::Status GatewayServiceImpl::GetTimeline(
    grpc::ServerContext* context, const v1::GetTimelineRequest* request,
    v1::GetTimelineResponse* response) {
  return Serve(context, Access::kRead, [&] {
    return ServeAssessment(*context, *request, response, backend(),
                           &AssessmentAggregator::RecentTimelineBytes,
                           &AssessmentAggregator::Timeline);
  });
}

grpc::Status GatewayServiceImpl::Simulate(grpc::ServerContext* context,
                                          const v1::SimulateRequest* request,
                                          v1::SimulateResponse* response) {
  return Serve(context, Access::kRead, [&] {
    // The backend calls inherit this call's deadline and cancellation.
    const GrpcIncomingCall incoming(*context);
    DYADSCOPE_ASSIGN_OR_RETURN(
        *response, backend()->Simulate(*request, Deadline(context), &incoming));
    return absl::OkStatus();
  });
}

}  // namespace dyadscope::gateway
