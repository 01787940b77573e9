// File: common/records/record_schema.h
// -----------------------------------------------------------------------------
// The shape every versioned record kind shares in SQL, described as data so
// that one store implementation (sql_record_table.h) serves every kind:
//
//   <identity_table> (id, <key_columns…>, create_time_us)
//   <versions_table> (<id_column>, version, record_time_us,
//                     superseded_time_us, deleted, request_id,
//                     <version_columns…>, body)
//   changes (sequence, record_time_us, <id_column> | entity + entity_id,
//            version, change)
//   requests (request_id, method, fingerprint, answer, record_time_us)
//
// A kind's traits (see record_traits.h) name its tables and columns and
// turn a record into the values of those columns and its stored body.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_SCHEMA_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_SCHEMA_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/storage/database.h"
#include "common/types/types.h"

namespace dyadscope::records {

// The tables and columns of one record kind.
struct RecordSchema {
  // The identity table: one row per record, its natural key and creation.
  std::string identity_table;
  // The versions table: one row per version of a record.
  std::string versions_table;
  // The column of versions_table (and of changes, unless changes_entity is
  // set) holding the record id.
  std::string id_column;
  // The identity table's natural-key columns, in the order the traits give
  // their values.
  std::vector<std::string> key_columns;
  // The versions table's filter and index columns between request_id and
  // body, in the order the traits give their values.
  std::vector<std::string> version_columns;
  // When set, the changes table has the columns (entity, entity_id) and its
  // rows for this kind carry this entity name; otherwise it has id_column.
  std::string changes_entity;
  // The data version is "<data_version_prefix>-<last change sequence>".
  std::string data_version_prefix;
  // The ErrorInfo reason of a missing version, e.g. "INCIDENT_NOT_FOUND";
  // the record's name in its message is "<identity_table>/<id>".
  std::string not_found_reason;

  // Returns the schema of the kind whose record is called `singular` (e.g.
  // "incident") by the naming every kind follows: tables `plural` and
  // "<singular>_versions", id column "<singular>_id", data versions
  // "<data_version_prefix>-<n>", changes keyed by the id column, a missing
  // version "<SINGULAR>_NOT_FOUND".
  static RecordSchema Of(absl::string_view singular, absl::string_view plural,
                         absl::string_view data_version_prefix,
                         std::vector<std::string> key_columns,
                         std::vector<std::string> version_columns) {
    RecordSchema schema;
    schema.identity_table = std::string(plural);
    schema.versions_table = absl::StrCat(singular, "_versions");
    schema.id_column = absl::StrCat(singular, "_id");
    schema.key_columns = std::move(key_columns);
    schema.version_columns = std::move(version_columns);
    schema.data_version_prefix = std::string(data_version_prefix);
    schema.not_found_reason =
        absl::StrCat(absl::AsciiStrToUpper(singular), "_NOT_FOUND");
    return schema;
  }
};

// A record as the store writes it.
struct EncodedRecord {
  // The values of RecordSchema::key_columns. A NULL among them means the
  // record has no natural key: every write creates a new record.
  std::vector<storage::SqlValue> key;
  // The values of RecordSchema::version_columns.
  std::vector<storage::SqlValue> columns;
  // The serialized record without its id and version.
  std::string body;
};

// One stored version of a record: its id, version metadata and body.
struct StoredVersion {
  int64_t id = 0;
  VersionInfo version;
  std::string body;
};

// What one upsert or delete stored.
struct StoredWrite {
  StoredVersion stored;
  WriteOutcome outcome = WriteOutcome::kCreated;
  // The change-log sequence of the write; 0 when nothing was written.
  int64_t sequence = 0;
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_SCHEMA_H_
