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

// Writes inside one transaction (see records::RecordWriter): the upsert is
// idempotent on (source_system, source_record_id); provenance file, line
// and label do not count as content; a deleted incident sent again is
// restored as a new version; an empty source record id always creates. A
// missing version is NOT_FOUND with reason INCIDENT_NOT_FOUND. Not
// thread-safe; valid during the callback.
class IncidentWriter : public records::RecordWriter<Incident, IncidentUpsert> {
 public:
  // Writes a tombstone for the incident with this source key. Returns false
  // when there is no such current incident (already deleted or never seen).
  virtual absl::StatusOr<bool> DeleteBySource(
      absl::string_view source_system, absl::string_view source_record_id,
      absl::string_view request_id) = 0;
};

// The port (see records::RecordRepository); Scan runs in date order.
// Thread-safe.
using IncidentRepository =
    records::RecordRepository<IncidentWriter, Incident, IncidentQuery>;

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_STORE_H_
