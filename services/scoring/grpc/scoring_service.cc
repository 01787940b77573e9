#include "services/scoring/grpc/scoring_service.h"

#include "common/server/auth.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "services/scoring/convert/scoring_proto_convert.h"
#include "services/scoring/domain/model.h"
#include "services/scoring/domain/score.h"

namespace dyadscope::scoring {

grpc::Status ScoringServiceImpl::Score(grpc::ServerContext* context,
                                       const v1::ScoreRequest* request,
                                       v1::ScoreResponse* response) {
  if (auto refused = policy_.Refusal(*context, Access::kRead, kErrorDomain)) {
    return *refused;
  }
  FieldViolations violations;
  ScoreRequest score_request = ScoreRequestFromProto(*request, violations);
  if (!violations.empty()) {
    return ToGrpcStatus(violations.ToStatus(), kErrorDomain);
  }
  absl::StatusOr<ScoreResponse> result = scoring::Score(score_request);
  if (!result.ok()) return ToGrpcStatus(result.status(), kErrorDomain);
  ScoreResponseToProto(*result, response);
  return grpc::Status::OK;
}

grpc::Status ScoringServiceImpl::GetDefaultModel(
    grpc::ServerContext* context, const v1::GetDefaultModelRequest* request,
    v1::GetDefaultModelResponse* response) {
  if (auto refused = policy_.Refusal(*context, Access::kRead, kErrorDomain)) {
    return *refused;
  }
  ModelToProto(DefaultModel(), response->mutable_model());
  for (const KnownIndicator& indicator : KnownIndicators()) {
    KnownIndicatorToProto(indicator, response->add_known_indicators());
  }
  MonteCarloSettings defaults;
  defaults.draws = kDefaultDraws;
  defaults.seed = kDefaultSeed;
  defaults.weight_perturbation = kDefaultWeightPerturbation;
  MonteCarloToProto(defaults, response->mutable_monte_carlo());
  return grpc::Status::OK;
}

}  // namespace dyadscope::scoring
