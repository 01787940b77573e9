// File: services/security_risk/storage/sql_incident_repository.h
// -----------------------------------------------------------------------------
// IncidentRepository (the domain's port) over common/storage's Database
// (SQLite by default, PostgreSQL), on the record core's versioned store
// (common/records): IncidentRecordTraits describe the incident kind's
// tables (incidents, incident_versions, changes, requests), natural key
// (source system, source record id), filter columns and body.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_SQL_INCIDENT_REPOSITORY_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_SQL_INCIDENT_REPOSITORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/records/proto_body.h"
#include "common/records/record_columns.h"
#include "common/records/record_schema.h"
#include "common/records/sql_record_repository.h"
#include "common/storage/database.h"
#include "common/storage/migrator.h"
#include "common/storage/sql_helpers.h"
#include "embedded/security_risk_migration_list.h"
#include "services/security_risk/convert/incident_proto_convert.h"
#include "services/security_risk/domain/incident_store.h"

namespace dyadscope::security_risk {

// The incident record kind (see common/records/sql_record_store.h and
// record_columns.h).
struct IncidentRecordTraits
    : records::ProtoBodyTraits<securityrisk::v1::Incident, Incident,
                               &IncidentToProto, &IncidentFromProto>,
      records::ColumnTraits<IncidentRecordTraits, Incident, IncidentQuery> {
  static constexpr absl::string_view kScanOrder = "v.day, v.incident_id";
  static constexpr auto Migrations = &embedded::Migrations;
  static records::RecordColumns<Incident, IncidentQuery> DescribeColumns();
};

// The incident writer: the shared upsert and version reads, and ACLED's
// deletions as tombstones.
class SqlIncidentWriter
    : public records::SqlKindWriter<IncidentRecordTraits, IncidentWriter> {
 public:
  using SqlKindWriter::SqlKindWriter;

  absl::StatusOr<bool> DeleteBySource(absl::string_view source_system,
                                      absl::string_view source_record_id,
                                      absl::string_view request_id) override;
};

// IncidentRepository over a Database; Create applies the migrations.
using SqlIncidentRepository =
    records::SqlRecordRepository<IncidentRecordTraits, IncidentRepository,
                                 SqlIncidentWriter>;

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_SQL_INCIDENT_REPOSITORY_H_
