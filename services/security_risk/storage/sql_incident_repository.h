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
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/records/record_schema.h"
#include "common/records/sql_record_store.h"
#include "common/storage/database.h"
#include "common/storage/migrator.h"
#include "common/storage/sql_helpers.h"
#include "services/security_risk/domain/incident_store.h"

namespace dyadscope::security_risk {

// Returns the security risk service's schema migrations for `engine`.
std::vector<storage::Migration> SecurityRiskMigrations(storage::Engine engine);

// The incident record kind (see common/records/sql_record_store.h).
struct IncidentRecordTraits {
  using Record = Incident;
  using Query = IncidentQuery;
  static records::RecordSchema Schema();
  static records::EncodedRecord Encode(const Incident& incident);
  static std::string Content(absl::string_view body);
  static Incident Decode(const records::StoredVersion& stored);
  static void AddFilter(const IncidentQuery& query, storage::Clause& clause);
  static absl::Status NoSuchVersion(int64_t id, int64_t version);
};

class SqlIncidentRepository : public IncidentRepository {
 public:
  // Applies the migrations to `db` (which must outlive the repository).
  static absl::StatusOr<std::unique_ptr<SqlIncidentRepository>> Create(
      storage::Database* db);

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(IncidentWriter&)> body,
      bool commit) override;
  absl::StatusOr<records::Versioned<std::vector<Incident>>> ListIncidents(
      const IncidentQuery& query, const ReadOptions& options, int64_t after_id,
      int limit) override;
  absl::StatusOr<std::string> ScanIncidents(
      const IncidentQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Incident&)> on_incident) override;
  absl::StatusOr<std::string> DataVersion() override;
  absl::StatusOr<int64_t> CountIncidents() override;

 private:
  explicit SqlIncidentRepository(storage::Database* db) : store_(db) {}

  records::SqlRecordStore<IncidentRecordTraits> store_;
};

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_SQL_INCIDENT_REPOSITORY_H_
