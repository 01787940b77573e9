// File: services/gateway/clients/grpc_backends.h
// -----------------------------------------------------------------------------
// The backend interfaces of clients/backends.h over gRPC's callback client
// API (stub->async()): one long-lived channel per backend
// (common/client/channel_factory: retries UNAVAILABLE), a deadline on every
// call, and gRPC errors turned back into absl::Status with their reason and
// field violations kept. A call made for a GrpcIncomingCall starts from the
// incoming call's context (grpc::ClientContext::FromServerContext): when the
// caller cancels or its deadline passes, the backend call is cancelled too.

#ifndef DYADSCOPE_SERVICES_GATEWAY_CLIENTS_GRPC_BACKENDS_H_
#define DYADSCOPE_SERVICES_GATEWAY_CLIENTS_GRPC_BACKENDS_H_

#include <memory>
#include <string>

#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/scoring/v1/scoring_service.grpc.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/server_context.h"
#include "services/gateway/clients/backends.h"

namespace dyadscope::gateway {

// An incoming gRPC call, for CallOptions.incoming: the backend calls made
// for it inherit its deadline and cancellation. `context` is not owned and
// must outlive every call made for it (a handler waits for its backend
// calls before returning).
class GrpcIncomingCall final : public IncomingCall {
 public:
  explicit GrpcIncomingCall(const grpc::ServerContextBase& context)
      : context_(context) {}
  const grpc::ServerContextBase& context() const { return context_; }

 private:
  const grpc::ServerContextBase& context_;
};

class GrpcEventsBackend : public EventsBackend {
 public:
  explicit GrpcEventsBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(events::v1::EventsService::NewStub(std::move(channel))) {}
  void SummarizeEvents(const events::v1::SummarizeEventsRequest& request,
                       const CallOptions& options,
                       Done<events::v1::SummarizeEventsResponse> done) override;
  void GetVotingAlignment(
      const events::v1::GetVotingAlignmentRequest& request,
      const CallOptions& options,
      Done<events::v1::GetVotingAlignmentResponse> done) override;

 private:
  std::unique_ptr<events::v1::EventsService::Stub> stub_;
};

class GrpcEconomicsBackend : public EconomicsBackend {
 public:
  explicit GrpcEconomicsBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(economics::v1::EconomicsService::NewStub(std::move(channel))) {}
  void SummarizeIndicators(
      const economics::v1::SummarizeIndicatorsRequest& request,
      const CallOptions& options,
      Done<economics::v1::SummarizeIndicatorsResponse> done) override;

 private:
  std::unique_ptr<economics::v1::EconomicsService::Stub> stub_;
};

class GrpcSecurityRiskBackend : public SecurityRiskBackend {
 public:
  explicit GrpcSecurityRiskBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(securityrisk::v1::SecurityRiskService::NewStub(
            std::move(channel))) {}
  void AssessRisk(const securityrisk::v1::AssessRiskRequest& request,
                  const CallOptions& options,
                  Done<securityrisk::v1::AssessRiskResponse> done) override;

 private:
  std::unique_ptr<securityrisk::v1::SecurityRiskService::Stub> stub_;
};

class GrpcScoringBackend : public ScoringBackend {
 public:
  explicit GrpcScoringBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(scoring::v1::ScoringService::NewStub(std::move(channel))) {}
  void Score(const scoring::v1::ScoreRequest& request,
             const CallOptions& options,
             Done<scoring::v1::ScoreResponse> done) override;

 private:
  std::unique_ptr<scoring::v1::ScoringService::Stub> stub_;
};

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_CLIENTS_GRPC_BACKENDS_H_
