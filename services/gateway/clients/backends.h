// File: services/gateway/clients/backends.h
// -----------------------------------------------------------------------------
// The four backends as the gateway's aggregation sees them: one interface
// per service with the calls the assessment makes, speaking the backends'
// own protobuf messages (the gateway's job is to compose them). The gRPC
// implementations (grpc_backends.h) set deadlines, propagate the incoming
// call's cancellation and retry reads on UNAVAILABLE; tests implement these
// with fakes.
//
// Every call is asynchronous: it starts the call and returns, and the
// answer arrives later through a callback, so that one thread can have all
// of an assessment's calls in flight at once. The interfaces name no
// transport type: the incoming request a call serves travels as an opaque
// IncomingCall that only the matching transport looks into.
//
// Every method is thread-safe and may be called concurrently.

#ifndef DYADSCOPE_SERVICES_GATEWAY_CLIENTS_BACKENDS_H_
#define DYADSCOPE_SERVICES_GATEWAY_CLIENTS_BACKENDS_H_

#include <functional>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/time/time.h"
#include "dyadscope/economics/v1/economics_service.pb.h"
#include "dyadscope/events/v1/events_service.pb.h"
#include "dyadscope/scoring/v1/scoring_service.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.pb.h"

namespace dyadscope::gateway {

// The incoming request that backend calls are made for, as the transport
// that received it knows it. Opaque here: the transport subclasses it
// (clients/grpc_backends.h wraps the grpc::ServerContext) and its backend
// implementations derive each call from it, so that the caller's
// cancellation and deadline reach the backends.
class IncomingCall {
 public:
  virtual ~IncomingCall() = default;
};

// How a call is made.
struct CallOptions {
  // The call's own deadline; the implementation never waits past it nor
  // past the incoming request's deadline.
  absl::Time deadline = absl::InfiniteFuture();
  // The incoming request the call serves, or null for calls made outside
  // any (tests, tools). Not owned; outlives the call.
  const IncomingCall* incoming = nullptr;
};

// Receives the answer of one call. Runs exactly once, on any thread
// (perhaps the caller's, before the starting method returns); it must not
// block.
template <typename Response>
using Done = std::function<void(absl::StatusOr<Response>)>;

// Every method below starts its call and returns without waiting; `done`
// receives the answer by options.deadline. `request` must stay valid
// until `done` has run.

class EventsBackend {
 public:
  virtual ~EventsBackend() = default;
  virtual void SummarizeEvents(
      const events::v1::SummarizeEventsRequest& request,
      const CallOptions& options,
      Done<events::v1::SummarizeEventsResponse> done) = 0;
  virtual void GetVotingAlignment(
      const events::v1::GetVotingAlignmentRequest& request,
      const CallOptions& options,
      Done<events::v1::GetVotingAlignmentResponse> done) = 0;
};

class EconomicsBackend {
 public:
  virtual ~EconomicsBackend() = default;
  virtual void SummarizeIndicators(
      const economics::v1::SummarizeIndicatorsRequest& request,
      const CallOptions& options,
      Done<economics::v1::SummarizeIndicatorsResponse> done) = 0;
};

class SecurityRiskBackend {
 public:
  virtual ~SecurityRiskBackend() = default;
  virtual void AssessRisk(const securityrisk::v1::AssessRiskRequest& request,
                          const CallOptions& options,
                          Done<securityrisk::v1::AssessRiskResponse> done) = 0;
};

class ScoringBackend {
 public:
  virtual ~ScoringBackend() = default;
  virtual void Score(const scoring::v1::ScoreRequest& request,
                     const CallOptions& options,
                     Done<scoring::v1::ScoreResponse> done) = 0;
};

// Makes one call and waits for its answer, for callers with nothing else
// to do meanwhile (tools, tests). `start` is called with the Done to pass
// on, e.g.
//   Await<events::v1::SummarizeEventsResponse>([&](auto done) {
//     backend.SummarizeEvents(request, options, std::move(done));
//   });
template <typename Response, typename Start>
absl::StatusOr<Response> Await(Start start) {
  absl::StatusOr<Response> result = absl::UnknownError("no answer");
  // A BlockingCounter, unlike a Notification, may be destroyed as soon as
  // Wait() returns, even while the callback is still unwinding.
  absl::BlockingCounter answered(1);
  start(Done<Response>([&](absl::StatusOr<Response> answer) {
    result = std::move(answer);
    answered.DecrementCount();
  }));
  answered.Wait();
  return result;
}

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_CLIENTS_BACKENDS_H_
