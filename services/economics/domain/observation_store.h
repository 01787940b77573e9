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

// Writes inside one transaction (see records::RecordWriter): the upsert is
// idempotent on the observation's key (see observation.h); provenance file,
// line and label do not count as content. A missing version is NOT_FOUND
// with reason OBSERVATION_NOT_FOUND. Not thread-safe; valid during the
// callback.
using ObservationWriter = records::RecordWriter<Observation, ObservationUpsert>;

// The port (see records::RecordRepository); Scan runs in id order.
// Thread-safe.
using ObservationRepository =
    records::RecordRepository<ObservationWriter, Observation, ObservationQuery>;

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_OBSERVATION_STORE_H_
