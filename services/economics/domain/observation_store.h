// File: services/economics/storage/observation_repository.h
// -----------------------------------------------------------------------------
// The economics service's store, in domain terms: versioned observations
// with as-of reads, request-level idempotency and a data version that
// changes with every committed write.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_STORAGE_OBSERVATION_REPOSITORY_H_
#define DYADSCOPE_SERVICES_ECONOMICS_STORAGE_OBSERVATION_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
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

// Writes inside one transaction. Not thread-safe; valid during the callback.
class ObservationWriter {
 public:
  virtual ~ObservationWriter() = default;

  // Stores `observation`, idempotent on its key (see observation.h): a new
  // record, a new version when the content differs, nothing when identical
  // (provenance file, line and label do not count as content).
  virtual absl::StatusOr<ObservationUpsert> Upsert(
      const Observation& observation, absl::string_view request_id) = 0;

  // The request log behind idempotent requests (see common/storage).
  virtual absl::StatusOr<std::optional<std::string>> FindRequest(
      absl::string_view request_id, absl::string_view method,
      absl::string_view fingerprint) = 0;
  virtual absl::Status RecordRequest(absl::string_view request_id,
                                     absl::string_view method,
                                     absl::string_view fingerprint,
                                     absl::string_view answer) = 0;
};

class ObservationRepository {
 public:
  virtual ~ObservationRepository() = default;

  // Runs `body` in one transaction: committed when it returns OK.
  absl::Status Write(absl::FunctionRef<absl::Status(ObservationWriter&)> body) {
    return RunTransaction(body, /*commit=*/true);
  }

  // Runs `body` in one transaction that is always rolled back (dry runs).
  absl::Status DryRun(
      absl::FunctionRef<absl::Status(ObservationWriter&)> body) {
    return RunTransaction(body, /*commit=*/false);
  }

  virtual absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(ObservationWriter&)> body,
      bool commit) = 0;

  // Returns version `version` of observation `id`.
  virtual absl::StatusOr<Observation> GetObservationVersion(
      int64_t id, int64_t version) = 0;

  // Returns up to `limit` matching observations with id > `after_id`, in id
  // order.
  virtual absl::StatusOr<std::vector<Observation>> ListObservations(
      const ObservationQuery& query, const ReadOptions& options,
      int64_t after_id, int limit) = 0;

  // Calls `on_observation` for every matching observation.
  virtual absl::Status ScanObservations(
      const ObservationQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Observation&)> on_observation) = 0;

  // Returns the data version: changes with every committed write.
  virtual absl::StatusOr<std::string> DataVersion() = 0;

  // Returns the number of current observations.
  virtual absl::StatusOr<int64_t> CountObservations() = 0;
};

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_STORAGE_OBSERVATION_REPOSITORY_H_
