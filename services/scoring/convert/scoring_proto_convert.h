// File: services/scoring/convert/scoring_proto_convert.h
// -----------------------------------------------------------------------------
// Conversions between dyadscope.scoring.v1 messages and the scoring domain
// types. FromProto checks enum ranges and finite numbers, naming bad fields;
// the model's rules are checked by the domain (ValidateModel).

#ifndef DYADSCOPE_SERVICES_SCORING_CONVERT_SCORING_PROTO_CONVERT_H_
#define DYADSCOPE_SERVICES_SCORING_CONVERT_SCORING_PROTO_CONVERT_H_

#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "dyadscope/scoring/v1/scoring_service.pb.h"
#include "services/scoring/domain/model.h"
#include "services/scoring/domain/score.h"

namespace dyadscope::scoring {

ScoringModel ModelFromProto(const v1::ScoringModel& proto,
                            absl::string_view field,
                            FieldViolations& violations);
void ModelToProto(const ScoringModel& model, v1::ScoringModel* proto);

ClassificationThresholds ThresholdsFromProto(
    const v1::ClassificationThresholds& proto);
void ThresholdsToProto(const ClassificationThresholds& thresholds,
                       v1::ClassificationThresholds* proto);

void MonteCarloToProto(const MonteCarloSettings& settings,
                       v1::MonteCarloSettings* proto);
void KnownIndicatorToProto(const KnownIndicator& indicator,
                           v1::KnownIndicator* proto);

// The whole Score request.
ScoreRequest ScoreRequestFromProto(const v1::ScoreRequest& proto,
                                   FieldViolations& violations);
void ScoreResponseToProto(const ScoreResponse& response,
                          v1::ScoreResponse* proto);

}  // namespace dyadscope::scoring

#endif  // DYADSCOPE_SERVICES_SCORING_CONVERT_SCORING_PROTO_CONVERT_H_
