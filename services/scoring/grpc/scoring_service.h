// File: services/scoring/grpc/scoring_service.h
// -----------------------------------------------------------------------------
// ScoringServiceImpl: the gRPC handlers of dyadscope.scoring.v1.ScoringService
// (convergence and asymmetry indices and classification). Handlers are thin:
// convert the request, call the domain layer, convert the result, and map
// absl::Status to grpc::Status once (common/status).

#ifndef DYADSCOPE_SERVICES_SCORING_GRPC_SCORING_SERVICE_H_
#define DYADSCOPE_SERVICES_SCORING_GRPC_SCORING_SERVICE_H_

#include "dyadscope/scoring/v1/scoring_service.grpc.pb.h"

namespace dyadscope::scoring {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "scoring.dyadscope";

// Serves ScoringService. Methods not yet implemented answer UNIMPLEMENTED.
// Thread-safe.
class ScoringServiceImpl final
    : public dyadscope::scoring::v1::ScoringService::Service {
 public:
  ScoringServiceImpl() = default;
};

}  // namespace dyadscope::scoring

#endif  // DYADSCOPE_SERVICES_SCORING_GRPC_SCORING_SERVICE_H_
