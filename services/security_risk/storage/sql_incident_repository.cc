#include "services/security_risk/storage/sql_incident_repository.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/records/proto_body.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "embedded/security_risk_migrations.h"
#include "services/security_risk/convert/incident_proto_convert.h"

namespace dyadscope::security_risk {
namespace {

namespace v1 = ::dyadscope::securityrisk::v1;
using storage::Clause;
using storage::SqlValue;

}  // namespace

records::RecordSchema IncidentRecordTraits::Schema() {
  return records::RecordSchema::Of(
      "incident", "incidents", "security_risk",
      {"source_system", "source_record_id"},
      {"day", "country_code", "partner_country_code", "province",
       "target_category", "attack_type", "verification_status",
       "source_system"});
}

records::EncodedRecord IncidentRecordTraits::Encode(const Incident& incident) {
  records::EncodedRecord encoded;
  encoded.key = records::SourceKey(incident.provenance);
  encoded.columns = {DateSortKey(incident.date),
                     incident.location.country_code,
                     incident.partner_country_code,
                     incident.location.province,
                     int64_t{static_cast<int>(incident.target_category)},
                     int64_t{static_cast<int>(incident.attack_type)},
                     int64_t{static_cast<int>(incident.verification_status)},
                     incident.provenance.source_system};
  encoded.body = Body(incident);
  return encoded;
}

void IncidentRecordTraits::AddFilter(const IncidentQuery& q, Clause& clause) {
  if (!q.country_code.empty()) {
    clause.And("v.country_code = ?");
    clause.params.push_back(q.country_code);
  }
  if (!q.partner_country_code.empty()) {
    clause.And("v.partner_country_code = ?");
    clause.params.push_back(q.partner_country_code);
  }
  clause.AndIn("v.province",
               std::vector<SqlValue>(q.provinces.begin(), q.provinces.end()));
  if (q.start_day.has_value()) {
    clause.And("v.day >= ?");
    clause.params.push_back(*q.start_day);
  }
  if (q.end_day.has_value()) {
    clause.And("v.day <= ?");
    clause.params.push_back(*q.end_day);
  }
  auto ints = [](const auto& values) {
    std::vector<SqlValue> out;
    for (auto v : values) out.push_back(int64_t{static_cast<int>(v)});
    return out;
  };
  clause.AndIn("v.target_category", ints(q.target_categories));
  clause.AndIn("v.attack_type", ints(q.attack_types));
  clause.AndIn("v.verification_status", ints(q.verification_statuses));
  clause.AndIn(
      "v.source_system",
      std::vector<SqlValue>(q.source_systems.begin(), q.source_systems.end()));
}

std::vector<storage::Migration> SecurityRiskMigrations(storage::Engine engine) {
  const bool postgres = engine == storage::Engine::kPostgres;
  return {
      {1, "0001_create_incidents",
       std::string(
           postgres ? embedded::security_risk_postgres_0001_create_incidents()
                    : embedded::security_risk_sqlite_0001_create_incidents())}};
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
