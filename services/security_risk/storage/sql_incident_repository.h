// File: services/security_risk/storage/sql_incident_repository.h
// -----------------------------------------------------------------------------
// IncidentRepository over common/storage's Database (SQLite by default), in
// the same versioned layout as the other services' stores: identities,
// versions (current until superseded; tombstones for deletions), a change
// log whose last sequence is the data version, and the request log.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_SQL_INCIDENT_REPOSITORY_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_SQL_INCIDENT_REPOSITORY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage/database.h"
#include "common/storage/migrator.h"
#include "common/storage/sql_helpers.h"
#include "services/security_risk/storage/incident_repository.h"

namespace dyadscope::security_risk {

// Returns the security risk service's schema migrations for `engine`.
std::vector<storage::Migration> SecurityRiskMigrations(storage::Engine engine);

class SqlIncidentRepository : public IncidentRepository {
 public:
  // Applies the migrations to `db` (which must outlive the repository).
  static absl::StatusOr<std::unique_ptr<SqlIncidentRepository>> Create(
      storage::Database* db);

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(IncidentWriter&)> body,
      bool commit) override;
  absl::StatusOr<Incident> GetIncidentVersion(int64_t id,
                                              int64_t version) override;
  absl::StatusOr<std::vector<Incident>> ListIncidents(
      const IncidentQuery& query, const ReadOptions& options, int64_t after_id,
      int limit) override;
  absl::Status ScanIncidents(
      const IncidentQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Incident&)> on_incident) override;
  absl::StatusOr<std::string> DataVersion() override;
  absl::StatusOr<int64_t> CountIncidents() override;

  absl::Time NextRecordTime() { return clock_.Next(); }

 private:
  explicit SqlIncidentRepository(storage::Database* db) : db_(db) {}

  storage::Database* db_;
  storage::RecordClock clock_;
};

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_SQL_INCIDENT_REPOSITORY_H_
