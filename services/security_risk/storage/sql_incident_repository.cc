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
namespace {

int64_t DayOf(const Incident& incident) { return DateSortKey(incident.date); }
const std::string& CountryOf(const Incident& incident) {
  return incident.location.country_code;
}
const std::string& ProvinceOf(const Incident& incident) {
  return incident.location.province;
}

}  // namespace

records::RecordColumns<Incident, IncidentQuery>
IncidentRecordTraits::DescribeColumns() {
  records::RecordColumns<Incident, IncidentQuery> c("incident", "incidents",
                                                    "security_risk");
  // The natural key: the source's record (none when its id is empty).
  c.KeyBySource();
  // What IncidentQuery filters on.
  c.Stored("day", DayOf)
      .Between(&IncidentQuery::start_day, &IncidentQuery::end_day);
  c.Stored("country_code", CountryOf)
      .EqualUnlessEmpty(&IncidentQuery::country_code);
  c.Stored("partner_country_code", &Incident::partner_country_code)
      .EqualUnlessEmpty(&IncidentQuery::partner_country_code);
  c.Stored("province", ProvinceOf).In(&IncidentQuery::provinces);
  c.Stored("target_category", &Incident::target_category)
      .In(&IncidentQuery::target_categories);
  c.Stored("attack_type", &Incident::attack_type)
      .In(&IncidentQuery::attack_types);
  c.Stored("verification_status", &Incident::verification_status)
      .In(&IncidentQuery::verification_statuses);
  c.Stored("source_system", records::SourceSystemOf<Incident>)
      .In(&IncidentQuery::source_systems);
  return c;
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
