// File: services/security_risk/domain/incident.h
// -----------------------------------------------------------------------------
// The security risk service's domain types: an incident touching a partner
// state's nationals or projects (in the PAK–CHN case, attacks on Chinese
// nationals and CPEC sites in Pakistan), mirroring
// dyadscope.securityrisk.v1.Incident without protobuf.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status/error_details.h"
#include "common/types/types.h"
#include "domain_enums/security_risk.h"

namespace dyadscope::security_risk {

// Values match dyadscope.securityrisk.v1.TargetCategory.
// enum class TargetCategory: generated from the contract
// (domain_enums/security_risk.h).

// Values match dyadscope.securityrisk.v1.AttackType.
// enum class AttackType: generated from the contract
// (domain_enums/security_risk.h).

// Values match dyadscope.securityrisk.v1.VerificationStatus.
// enum class VerificationStatus: generated from the contract
// (domain_enums/security_risk.h).

// One incident. Idempotent on (provenance.source_system,
// provenance.source_record_id).
struct Incident {
  int64_t id = 0;  // assigned by the store; name "incidents/{id}"
  Date date;
  Location location;  // country_code required
  std::string target_description;
  TargetCategory target_category = TargetCategory::kUnspecified;
  std::vector<std::string> victim_nationality_codes;  // ISO alpha-3
  std::string partner_country_code;  // the partner touched, e.g. "CHN"
  std::string partner_link;          // "PRC nationals", "CPEC project"
  AttackType attack_type = AttackType::kUnspecified;
  std::string attack_description;
  std::optional<int> fatalities_total;  // not counting perpetrators
  std::optional<int> fatalities_partner_nationals;
  std::optional<int> fatalities_perpetrators;
  std::optional<int> injured_total;
  std::optional<int> injured_partner_nationals;
  std::string claimed_by;
  std::string attributed_to;
  std::string linked_project;
  VerificationStatus verification_status = VerificationStatus::kUnspecified;
  std::string verification_note;
  std::string source_event_type;
  std::string source_sub_event_type;
  std::string notes;
  std::vector<SourceRef> sources;
  Provenance provenance;  // source_system "ACLED", "GTD", "CURATED", …
  VersionInfo version;
};

// Checks an incident from a client (a Create or an imported row) and records
// each problem under `path` (e.g. path("year")); fills the defaults of the
// fields a client may leave unset. The records::RecordKindInfo::prepare of
// the kind.
void PrepareIncident(Incident& incident, const FieldPath& path,
                     FieldViolations& violations);

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_H_
