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
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/records/proto_body.h"
#include "common/records/record_columns.h"
#include "common/records/record_schema.h"
#include "common/records/sql_record_repository.h"
#include "common/storage/database.h"
#include "common/storage/migrator.h"
#include "common/storage/sql_helpers.h"
#include "embedded/economics_migration_list.h"
#include "services/economics/convert/observation_proto_convert.h"
#include "services/economics/domain/observation_store.h"

namespace dyadscope::economics {

// The observation record kind (see common/records/sql_record_store.h and
// record_columns.h).
struct ObservationRecordTraits
    : records::ProtoBodyTraits<v1::Observation, Observation,
                               &ObservationToProto, &ObservationFromProto>,
      records::ColumnTraits<ObservationRecordTraits, Observation,
                            ObservationQuery> {
  static constexpr absl::string_view kScanOrder = "v.observation_id";
  static constexpr auto Migrations = &embedded::Migrations;
  static records::RecordColumns<Observation, ObservationQuery>
  DescribeColumns();
};

// ObservationRepository over a Database; Create applies the migrations.
using SqlObservationRepository =
    records::SqlRecordRepository<ObservationRecordTraits,
                                 ObservationRepository>;

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_STORAGE_SQL_OBSERVATION_REPOSITORY_H_
