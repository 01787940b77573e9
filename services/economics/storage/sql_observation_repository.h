// File: services/economics/storage/sql_observation_repository.h
// -----------------------------------------------------------------------------
// ObservationRepository over common/storage's Database (SQLite by default):
// one row per observation identity, one per version (current from its
// record time until superseded), the serialized Observation in each version
// plus the columns queries filter on, and a change log whose last sequence
// is the data version.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_STORAGE_SQL_OBSERVATION_REPOSITORY_H_
#define DYADSCOPE_SERVICES_ECONOMICS_STORAGE_SQL_OBSERVATION_REPOSITORY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage/database.h"
#include "common/storage/migrator.h"
#include "common/storage/sql_helpers.h"
#include "services/economics/storage/observation_repository.h"

namespace dyadscope::economics {

// Returns the economics service's schema migrations for `engine`.
std::vector<storage::Migration> EconomicsMigrations(storage::Engine engine);

class SqlObservationRepository : public ObservationRepository {
 public:
  // Applies the migrations to `db` (which must outlive the repository).
  static absl::StatusOr<std::unique_ptr<SqlObservationRepository>> Create(
      storage::Database* db);

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(ObservationWriter&)> body,
      bool commit) override;
  absl::StatusOr<Observation> GetObservationVersion(int64_t id,
                                                    int64_t version) override;
  absl::StatusOr<std::vector<Observation>> ListObservations(
      const ObservationQuery& query, const ReadOptions& options,
      int64_t after_id, int limit) override;
  absl::Status ScanObservations(
      const ObservationQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Observation&)> on_observation) override;
  absl::StatusOr<std::string> DataVersion() override;
  absl::StatusOr<int64_t> CountObservations() override;

  absl::Time NextRecordTime() { return clock_.Next(); }

 private:
  explicit SqlObservationRepository(storage::Database* db) : db_(db) {}

  storage::Database* db_;
  storage::RecordClock clock_;
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_STORAGE_SQL_OBSERVATION_REPOSITORY_H_
