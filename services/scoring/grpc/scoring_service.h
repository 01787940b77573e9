// File: services/scoring/grpc/scoring_service.h
// -----------------------------------------------------------------------------
// ScoringServiceImpl: the gRPC handlers of dyadscope.scoring.v1.ScoringService
// (a pure computation: no storage, no calls to other services). Thin:
// convert, call the domain, convert, map absl::Status once.

#ifndef DYADSCOPE_SERVICES_SCORING_GRPC_SCORING_SERVICE_H_
#define DYADSCOPE_SERVICES_SCORING_GRPC_SCORING_SERVICE_H_

#include "common/rpc/service.h"
#include "dyadscope/scoring/v1/scoring_service.grpc.pb.h"

namespace dyadscope::scoring {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "scoring.dyadscope";

// Serves ScoringService; constructed with the server's CallPolicy (see
// rpc::ServiceBase). Stateless and thread-safe.
class ScoringServiceImpl final
    : public rpc::ServiceBase<v1::ScoringService::Service, kErrorDomain> {
 public:
  using ServiceBase::ServiceBase;

  grpc::Status Score(grpc::ServerContext* context,
                     const v1::ScoreRequest* request,
                     v1::ScoreResponse* response) override;
  grpc::Status GetDefaultModel(grpc::ServerContext* context,
                               const v1::GetDefaultModelRequest* request,
                               v1::GetDefaultModelResponse* response) override;
};

}  // namespace dyadscope::scoring

#endif  // DYADSCOPE_SERVICES_SCORING_GRPC_SCORING_SERVICE_H_
