#include "services/security_risk/storage/sql_incident_repository.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/records/proto_body.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "services/security_risk/convert/incident_proto_convert.h"

namespace dyadscope::security_risk {

records::RecordSchema IncidentRecordTraits::Schema() {
  return records::RecordSchema::Of(
      "incident", "incidents", "security_risk",
      {"source_system", "source_record_id"},
      {"day", "country_code", "partner_country_code", "province",
       "target_category", "attack_type", "verification_status",
       "source_system"});
}

records::EncodedRecord IncidentRecordTraits::Encode(const Incident& incident) {
  return {records::SourceKey(incident.provenance),
          {DateSortKey(incident.date), incident.location.country_code,
           incident.partner_country_code, incident.location.province,
           storage::EnumValue(incident.target_category),
           storage::EnumValue(incident.attack_type),
           storage::EnumValue(incident.verification_status),
           incident.provenance.source_system},
          Body(incident)};
}

void IncidentRecordTraits::AddFilter(const IncidentQuery& q,
                                     storage::Clause& clause) {
  clause.AndEqualUnlessEmpty("v.country_code", q.country_code);
  clause.AndEqualUnlessEmpty("v.partner_country_code", q.partner_country_code);
  clause.AndIn("v.province", q.provinces);
  clause.AndAtLeast("v.day", q.start_day);
  clause.AndAtMost("v.day", q.end_day);
  clause.AndInEnums("v.target_category", q.target_categories);
  clause.AndInEnums("v.attack_type", q.attack_types);
  clause.AndInEnums("v.verification_status", q.verification_statuses);
  clause.AndIn("v.source_system", q.source_systems);
}

absl::StatusOr<bool> SqlIncidentWriter::DeleteBySource(
    absl::string_view source_system, absl::string_view source_record_id,
    absl::string_view request_id) {
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::optional<records::StoredVersion> current,
      table().CurrentByKey(session(), {std::string(source_system),
                                       std::string(source_record_id)}));
  if (!current.has_value() || current->version.deleted) return false;
  DYADSCOPE_RETURN_IF_ERROR(
      store().Delete(session(), *current, request_id).status());
  return true;
}

}  // namespace dyadscope::security_risk
