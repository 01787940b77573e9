// File: services/economics/convert/observation_proto_convert.h
// -----------------------------------------------------------------------------
// Conversions between dyadscope.economics.v1 messages and the economics
// domain types, for the handlers and for the SQL store (which keeps each
// version as its serialized Observation). FromProto checks field shapes
// (enums in range, finite numbers) and names bad fields under `field`.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_CONVERT_OBSERVATION_PROTO_CONVERT_H_
#define DYADSCOPE_SERVICES_ECONOMICS_CONVERT_OBSERVATION_PROTO_CONVERT_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "dyadscope/economics/v1/observation.pb.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {

// Returns "observations/{id}".
std::string ObservationName(int64_t id);

Observation ObservationFromProto(const v1::Observation& proto,
                                 absl::string_view field,
                                 FieldViolations& violations);
void ObservationToProto(const Observation& observation, v1::Observation* proto);

std::optional<Flow> FlowFromProto(int value);
std::optional<ReportingSide> ReportingSideFromProto(int value);
std::optional<YearBasis> YearBasisFromProto(int value);

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_CONVERT_OBSERVATION_PROTO_CONVERT_H_
