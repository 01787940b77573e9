// File: services/security_risk/storage/incident_repository.h
// -----------------------------------------------------------------------------
// The security risk service's store, in domain terms: versioned incidents
// with tombstones (ACLED deletes events), as-of reads, request-level
// idempotency and a data version that changes with every committed write.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_INCIDENT_REPOSITORY_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_INCIDENT_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/types/types.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {

// Which incidents a read matches.
struct IncidentQuery {
  std::string country_code;          // empty: any
  std::string partner_country_code;  // empty: any
  std::vector<std::string> provinces;
  std::optional<int64_t> start_day;  // DateSortKey bounds, inclusive
  std::optional<int64_t> end_day;
  std::vector<TargetCategory> target_categories;
  std::vector<AttackType> attack_types;
  std::vector<VerificationStatus> verification_statuses;
  std::vector<std::string> source_systems;
};

struct IncidentUpsert {
  Incident incident;  // as stored
  WriteOutcome outcome = WriteOutcome::kCreated;
};

// Writes inside one transaction; valid during the callback only.
class IncidentWriter {
 public:
  virtual ~IncidentWriter() = default;

  // Stores `incident`, idempotent on (source_system, source_record_id): new,
  // a new version when the content differs (provenance file, line and label
  // do not count), nothing when identical. A deleted incident sent again is
  // restored as a new version.
  virtual absl::StatusOr<IncidentUpsert> Upsert(
      const Incident& incident, absl::string_view request_id) = 0;

  // Writes a tombstone for the incident with this source key. Returns false
  // when there is no such current incident (already deleted or never seen).
  virtual absl::StatusOr<bool> DeleteBySource(
      absl::string_view source_system, absl::string_view source_record_id,
      absl::string_view request_id) = 0;

  virtual absl::StatusOr<std::optional<std::string>> FindRequest(
      absl::string_view request_id, absl::string_view method,
      absl::string_view fingerprint) = 0;
  virtual absl::Status RecordRequest(absl::string_view request_id,
                                     absl::string_view method,
                                     absl::string_view fingerprint,
                                     absl::string_view answer) = 0;
};

class IncidentRepository {
 public:
  virtual ~IncidentRepository() = default;

  absl::Status Write(absl::FunctionRef<absl::Status(IncidentWriter&)> body) {
    return RunTransaction(body, /*commit=*/true);
  }
  absl::Status DryRun(absl::FunctionRef<absl::Status(IncidentWriter&)> body) {
    return RunTransaction(body, /*commit=*/false);
  }
  virtual absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(IncidentWriter&)> body, bool commit) = 0;

  virtual absl::StatusOr<Incident> GetIncidentVersion(int64_t id,
                                                      int64_t version) = 0;

  // Up to `limit` matching incidents with id > `after_id`, in id order.
  virtual absl::StatusOr<std::vector<Incident>> ListIncidents(
      const IncidentQuery& query, const ReadOptions& options, int64_t after_id,
      int limit) = 0;

  // Every matching incident, in date order.
  virtual absl::Status ScanIncidents(
      const IncidentQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Incident&)> on_incident) = 0;

  virtual absl::StatusOr<std::string> DataVersion() = 0;
  virtual absl::StatusOr<int64_t> CountIncidents() = 0;
};

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_STORAGE_INCIDENT_REPOSITORY_H_
