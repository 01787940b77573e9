// File: services/security_risk/convert/incident_proto_convert.h
// -----------------------------------------------------------------------------
// Conversions between dyadscope.securityrisk.v1 Incident messages and the
// domain type, for the handlers and the SQL store (which keeps each version
// as its serialized Incident). FromProto checks field shapes and names bad
// fields under `field`.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_CONVERT_INCIDENT_PROTO_CONVERT_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_CONVERT_INCIDENT_PROTO_CONVERT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "dyadscope/securityrisk/v1/incident.pb.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {

// Returns "incidents/{id}".
std::string IncidentName(int64_t id);

Incident IncidentFromProto(const securityrisk::v1::Incident& proto,
                           absl::string_view field,
                           FieldViolations& violations);
void IncidentToProto(const Incident& incident,
                     securityrisk::v1::Incident* proto);

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_CONVERT_INCIDENT_PROTO_CONVERT_H_
