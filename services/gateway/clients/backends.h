// File: services/gateway/clients/backends.h
// -----------------------------------------------------------------------------
// The four backends as the gateway's aggregation sees them: one interface
// per service with the calls the assessment makes, speaking the backends'
// own protobuf messages (the gateway's job is to compose them). The gRPC
// implementations (grpc_backends.h) set deadlines, propagate cancellation
// and retry reads on UNAVAILABLE; tests implement these with fakes.
//
// Every method is thread-safe and may be called concurrently.

#ifndef DYADSCOPE_SERVICES_GATEWAY_CLIENTS_BACKENDS_H_
#define DYADSCOPE_SERVICES_GATEWAY_CLIENTS_BACKENDS_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "dyadscope/economics/v1/economics_service.pb.h"
#include "dyadscope/events/v1/events_service.pb.h"
#include "dyadscope/scoring/v1/scoring_service.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.pb.h"

namespace dyadscope::gateway {

// How long a call may take: the caller's deadline, never later than the
// incoming request's own deadline (propagated by the implementation).
struct CallOptions {
  absl::Time deadline = absl::InfiniteFuture();
};

class EventsBackend {
 public:
  virtual ~EventsBackend() = default;
  virtual absl::StatusOr<events::v1::SummarizeEventsResponse> SummarizeEvents(
      const events::v1::SummarizeEventsRequest& request,
      const CallOptions& options) = 0;
  virtual absl::StatusOr<events::v1::GetVotingAlignmentResponse>
  GetVotingAlignment(const events::v1::GetVotingAlignmentRequest& request,
                     const CallOptions& options) = 0;
};

class EconomicsBackend {
 public:
  virtual ~EconomicsBackend() = default;
  virtual absl::StatusOr<economics::v1::SummarizeIndicatorsResponse>
  SummarizeIndicators(const economics::v1::SummarizeIndicatorsRequest& request,
                      const CallOptions& options) = 0;
};

class SecurityRiskBackend {
 public:
  virtual ~SecurityRiskBackend() = default;
  virtual absl::StatusOr<securityrisk::v1::AssessRiskResponse> AssessRisk(
      const securityrisk::v1::AssessRiskRequest& request,
      const CallOptions& options) = 0;
};

class ScoringBackend {
 public:
  virtual ~ScoringBackend() = default;
  virtual absl::StatusOr<scoring::v1::ScoreResponse> Score(
      const scoring::v1::ScoreRequest& request, const CallOptions& options) = 0;
};

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_CLIENTS_BACKENDS_H_
