// File: services/gateway/clients/grpc_backends.h
// -----------------------------------------------------------------------------
// The backend interfaces of clients/backends.h over gRPC: one long-lived
// channel per backend (common/client/channel_factory: retries UNAVAILABLE),
// a deadline on every call, and gRPC errors turned back into absl::Status
// with their reason and field violations kept.

#ifndef DYADSCOPE_SERVICES_GATEWAY_CLIENTS_GRPC_BACKENDS_H_
#define DYADSCOPE_SERVICES_GATEWAY_CLIENTS_GRPC_BACKENDS_H_

#include <memory>
#include <string>

#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/scoring/v1/scoring_service.grpc.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "services/gateway/clients/backends.h"

namespace dyadscope::gateway {

class GrpcEventsBackend : public EventsBackend {
 public:
  explicit GrpcEventsBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(events::v1::EventsService::NewStub(std::move(channel))) {}
  absl::StatusOr<events::v1::SummarizeEventsResponse> SummarizeEvents(
      const events::v1::SummarizeEventsRequest& request,
      const CallOptions& options) override;
  absl::StatusOr<events::v1::GetVotingAlignmentResponse> GetVotingAlignment(
      const events::v1::GetVotingAlignmentRequest& request,
      const CallOptions& options) override;

 private:
  std::unique_ptr<events::v1::EventsService::Stub> stub_;
};

class GrpcEconomicsBackend : public EconomicsBackend {
 public:
  explicit GrpcEconomicsBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(economics::v1::EconomicsService::NewStub(std::move(channel))) {}
  absl::StatusOr<economics::v1::SummarizeIndicatorsResponse>
  SummarizeIndicators(const economics::v1::SummarizeIndicatorsRequest& request,
                      const CallOptions& options) override;

 private:
  std::unique_ptr<economics::v1::EconomicsService::Stub> stub_;
};

class GrpcSecurityRiskBackend : public SecurityRiskBackend {
 public:
  explicit GrpcSecurityRiskBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(securityrisk::v1::SecurityRiskService::NewStub(
            std::move(channel))) {}
  absl::StatusOr<securityrisk::v1::AssessRiskResponse> AssessRisk(
      const securityrisk::v1::AssessRiskRequest& request,
      const CallOptions& options) override;

 private:
  std::unique_ptr<securityrisk::v1::SecurityRiskService::Stub> stub_;
};

class GrpcScoringBackend : public ScoringBackend {
 public:
  explicit GrpcScoringBackend(std::shared_ptr<grpc::Channel> channel)
      : stub_(scoring::v1::ScoringService::NewStub(std::move(channel))) {}
  absl::StatusOr<scoring::v1::ScoreResponse> Score(
      const scoring::v1::ScoreRequest& request,
      const CallOptions& options) override;

 private:
  std::unique_ptr<scoring::v1::ScoringService::Stub> stub_;
};

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_CLIENTS_GRPC_BACKENDS_H_
