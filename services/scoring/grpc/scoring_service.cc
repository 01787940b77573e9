#include "services/scoring/grpc/scoring_service.h"

#include "common/server/auth.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/types/type_proto_convert.h"
#include "services/scoring/convert/scoring_proto_convert.h"
#include "services/scoring/domain/model.h"
#include "services/scoring/domain/score.h"

namespace dyadscope::scoring {

grpc::Status ScoringServiceImpl::Score(grpc::ServerContext* context,
                                       const v1::ScoreRequest* request,
                                       v1::ScoreResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    ScoreRequest score_request = ScoreRequestFromProto(*request, violations);
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    DYADSCOPE_ASSIGN_OR_RETURN(ScoreResponse result,
                               scoring::Score(score_request));
    ScoreResponseToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::Status ScoringServiceImpl::GetDefaultModel(
    grpc::ServerContext* context, const v1::GetDefaultModelRequest* request,
    v1::GetDefaultModelResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    ModelToProto(DefaultModel(), response->mutable_model());
    AppendEachToProto(KnownIndicators(), KnownIndicatorToProto,
                      response->mutable_known_indicators());
    MonteCarloSettings defaults;
    defaults.draws = kDefaultDraws;
    defaults.seed = kDefaultSeed;
    defaults.weight_perturbation = kDefaultWeightPerturbation;
    MonteCarloToProto(defaults, response->mutable_monte_carlo());
    return absl::OkStatus();
  });
}

}  // namespace dyadscope::scoring
