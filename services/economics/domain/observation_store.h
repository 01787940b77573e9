// File: services/economics/domain/observation_store.h
// -----------------------------------------------------------------------------
// The economics service's store port, in domain terms: versioned
// observations with as-of reads, request-level idempotency and a data
// version that changes with every committed write. Reads return the data
// version of the same read transaction as their data. The SQL
// implementation is services/economics/storage/sql_observation_repository.h
// (on the record core, common/records).

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_OBSERVATION_STORE_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_OBSERVATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/records/record_ports.h"
#include "common/types/types.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {

// Which observations a read matches; every set criterion must hold and a
// list matches any of its values.
struct ObservationQuery {
  std::vector<std::string> indicator_codes;
  std::vector<std::string> reporter_codes;
  std::vector<std::string> partner_codes;
  std::vector<Flow> flows;
  std::optional<int> start_year;
  std::optional<int> end_year;
  std::vector<std::string> source_systems;
  std::vector<ReportingSide> reporting_sides;
  std::vector<YearBasis> year_bases;
};

// What one upsert did.
struct ObservationUpsert {
  Observation observation;  // as stored
  WriteOutcome outcome = WriteOutcome::kCreated;
};

// Writes inside one transaction (request log and data version: see
// records::RecordWriterBase). Not thread-safe; valid during the callback.
class ObservationWriter : public records::RecordWriterBase {
 public:
  // Stores `observation`, idempotent on its key (see observation.h): a new
  // record, a new version when the content differs, nothing when identical
  // (provenance file, line and label do not count as content).
  virtual absl::StatusOr<ObservationUpsert> Upsert(
      const Observation& observation, absl::string_view request_id) = 0;

  // Returns version `version` of observation `id` as this transaction sees
  // it; NOT_FOUND (reason OBSERVATION_NOT_FOUND) when there is none.
  virtual absl::StatusOr<Observation> GetVersion(int64_t id,
                                                 int64_t version) = 0;
};

// Thread-safe.
class ObservationRepository
    : public records::TransactionalStore<ObservationWriter> {
 public:
  // Returns version `version` of observation `id`.
  virtual absl::StatusOr<Observation> GetObservationVersion(
      int64_t id, int64_t version) = 0;

  // Returns up to `limit` matching observations with id > `after_id`, in id
  // order, and the data version of the same read.
  virtual absl::StatusOr<records::Versioned<std::vector<Observation>>>
  ListObservations(const ObservationQuery& query, const ReadOptions& options,
                   int64_t after_id, int limit) = 0;

  // Calls `on_observation` for every matching observation, in id order, and
  // returns the data version of the same read.
  virtual absl::StatusOr<std::string> ScanObservations(
      const ObservationQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Observation&)> on_observation) = 0;

  // Returns the data version: changes with every committed write.
  virtual absl::StatusOr<std::string> DataVersion() = 0;

  // Returns the number of current observations.
  virtual absl::StatusOr<int64_t> CountObservations() = 0;
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_OBSERVATION_STORE_H_
