// File: services/security_risk/domain/incident_store.h
// -----------------------------------------------------------------------------
// The security risk service's store port, in domain terms: versioned
// incidents with tombstones (ACLED deletes events), as-of reads,
// request-level idempotency and a data version that changes with every
// committed write. Reads return the data version of the same read
// transaction as their data. The SQL implementation is
// services/security_risk/storage/sql_incident_repository.h (on the record
// core, common/records).

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_STORE_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/records/record_ports.h"
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

// Writes inside one transaction (request log and data version: see
// records::RecordWriterBase). Not thread-safe; valid during the callback.
class IncidentWriter : public records::RecordWriterBase {
 public:
  // Stores `incident`, idempotent on (source_system, source_record_id): new,
  // a new version when the content differs (provenance file, line and label
  // do not count), nothing when identical. A deleted incident sent again is
  // restored as a new version. An empty source record id always creates.
  virtual absl::StatusOr<IncidentUpsert> Upsert(
      const Incident& incident, absl::string_view request_id) = 0;

  // Writes a tombstone for the incident with this source key. Returns false
  // when there is no such current incident (already deleted or never seen).
  virtual absl::StatusOr<bool> DeleteBySource(
      absl::string_view source_system, absl::string_view source_record_id,
      absl::string_view request_id) = 0;

  // Returns version `version` of incident `id` as this transaction sees it;
  // NOT_FOUND (reason INCIDENT_NOT_FOUND) when there is none.
  virtual absl::StatusOr<Incident> GetVersion(int64_t id, int64_t version) = 0;
};

// Thread-safe.
class IncidentRepository : public records::TransactionalStore<IncidentWriter> {
 public:
  // Returns up to `limit` matching incidents with id > `after_id`, in id
  // order, and the data version of the same read.
  virtual absl::StatusOr<records::Versioned<std::vector<Incident>>>
  ListIncidents(const IncidentQuery& query, const ReadOptions& options,
                int64_t after_id, int limit) = 0;

  // Calls `on_incident` for every matching incident, in date order, and
  // returns the data version of the same read.
  virtual absl::StatusOr<std::string> ScanIncidents(
      const IncidentQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Incident&)> on_incident) = 0;

  // Returns the data version: changes with every committed write.
  virtual absl::StatusOr<std::string> DataVersion() = 0;

  // Returns the number of current incidents.
  virtual absl::StatusOr<int64_t> CountIncidents() = 0;
};

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_STORE_H_
