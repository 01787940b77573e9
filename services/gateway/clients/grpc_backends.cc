#include "services/gateway/clients/grpc_backends.h"

#include <memory>
#include <utility>

#include "common/status/grpc_status.h"
#include "grpcpp/client_context.h"

namespace dyadscope::gateway {
namespace {

// What one call in flight owns until its callback has run.
template <typename Response>
struct PendingCall {
  std::unique_ptr<grpc::ClientContext> context;
  Response response;
  Done<Response> done;
};

// Returns the context of a call made with `options`: derived from the
// incoming gRPC call when there is one (its deadline, which gRPC combines
// with ours by taking the earlier, and its cancellation flow through), else
// a fresh one.
std::unique_ptr<grpc::ClientContext> NewContext(const CallOptions& options) {
  const auto* incoming =
      dynamic_cast<const GrpcIncomingCall*>(options.incoming);
  std::unique_ptr<grpc::ClientContext> context =
      incoming != nullptr
          ? grpc::ClientContext::FromServerContext(incoming->context())
          : std::make_unique<grpc::ClientContext>();
  if (options.deadline != absl::InfiniteFuture()) {
    context->set_deadline(absl::ToChronoTime(options.deadline));
  }
  return context;
}

// Starts `method` of the callback stub `async` and hands its answer to
// `done` from gRPC's callback thread.
template <typename Async, typename Request, typename Response>
void Start(Async* async,
           void (Async::*method)(grpc::ClientContext*, const Request*,
                                 Response*, std::function<void(grpc::Status)>),
           const Request& request, const CallOptions& options,
           Done<Response> done) {
  auto* call = new PendingCall<Response>{NewContext(options), Response(),
                                         std::move(done)};
  (async->*method)(call->context.get(), &request, &call->response,
                   [call](grpc::Status status) {
                     std::unique_ptr<PendingCall<Response>> owned(call);
                     if (status.ok()) {
                       owned->done(std::move(owned->response));
                     } else {
                       owned->done(FromGrpcStatus(status));
                     }
                   });
}

}  // namespace

void GrpcEventsBackend::SummarizeEvents(
    const events::v1::SummarizeEventsRequest& request,
    const CallOptions& options,
    Done<events::v1::SummarizeEventsResponse> done) {
  Start(stub_->async(),
        &events::v1::EventsService::Stub::async::SummarizeEvents, request,
        options, std::move(done));
}

void GrpcEventsBackend::GetVotingAlignment(
    const events::v1::GetVotingAlignmentRequest& request,
    const CallOptions& options,
    Done<events::v1::GetVotingAlignmentResponse> done) {
  Start(stub_->async(),
        &events::v1::EventsService::Stub::async::GetVotingAlignment, request,
        options, std::move(done));
}

void GrpcEconomicsBackend::SummarizeIndicators(
    const economics::v1::SummarizeIndicatorsRequest& request,
    const CallOptions& options,
    Done<economics::v1::SummarizeIndicatorsResponse> done) {
  Start(stub_->async(),
        &economics::v1::EconomicsService::Stub::async::SummarizeIndicators,
        request, options, std::move(done));
}

void GrpcSecurityRiskBackend::AssessRisk(
    const securityrisk::v1::AssessRiskRequest& request,
    const CallOptions& options,
    Done<securityrisk::v1::AssessRiskResponse> done) {
  Start(stub_->async(),
        &securityrisk::v1::SecurityRiskService::Stub::async::AssessRisk,
        request, options, std::move(done));
}

void GrpcScoringBackend::Score(const scoring::v1::ScoreRequest& request,
                               const CallOptions& options,
                               Done<scoring::v1::ScoreResponse> done) {
  Start(stub_->async(), &scoring::v1::ScoringService::Stub::async::Score,
        request, options, std::move(done));
}

}  // namespace dyadscope::gateway
