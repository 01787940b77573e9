// File: services/economics/storage/sql_observation_repository.h
// -----------------------------------------------------------------------------
// ObservationRepository (the domain's port) over common/storage's Database
// (SQLite by default, PostgreSQL), on the record core's versioned store
// (common/records): ObservationRecordTraits describe the observation
// kind's tables (observations, observation_versions, changes, requests),
// natural key (indicator, reporter, partner, year, period label, source
// system), filter columns and body.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_STORAGE_SQL_OBSERVATION_REPOSITORY_H_
#define DYADSCOPE_SERVICES_ECONOMICS_STORAGE_SQL_OBSERVATION_REPOSITORY_H_

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
#include "services/economics/domain/observation_store.h"

namespace dyadscope::economics {

// Returns the economics service's schema migrations for `engine`.
std::vector<storage::Migration> EconomicsMigrations(storage::Engine engine);

// The observation record kind (see common/records/sql_record_store.h).
struct ObservationRecordTraits {
  using Record = Observation;
  using Query = ObservationQuery;
  static records::RecordSchema Schema();
  static records::EncodedRecord Encode(const Observation& observation);
  static std::string Content(absl::string_view body);
  static Observation Decode(const records::StoredVersion& stored);
  static void AddFilter(const ObservationQuery& query, storage::Clause& clause);
  static absl::Status NoSuchVersion(int64_t id, int64_t version);
};

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
  absl::StatusOr<records::Versioned<std::vector<Observation>>> ListObservations(
      const ObservationQuery& query, const ReadOptions& options,
      int64_t after_id, int limit) override;
  absl::StatusOr<std::string> ScanObservations(
      const ObservationQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Observation&)> on_observation) override;
  absl::StatusOr<std::string> DataVersion() override;
  absl::StatusOr<int64_t> CountObservations() override;

 private:
  explicit SqlObservationRepository(storage::Database* db) : store_(db) {}

  records::SqlRecordStore<ObservationRecordTraits> store_;
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_STORAGE_SQL_OBSERVATION_REPOSITORY_H_
