// File: common/records/sql_record_table.h
// -----------------------------------------------------------------------------
// SqlRecordTable: the versioned store of one record kind, written once over
// common/storage (SQLite and PostgreSQL) for every kind a RecordSchema
// describes: upserts that create a record, add a version or leave it
// unchanged; tombstones; reads of one version, pages after an id, scans and
// counts of the versions a ReadOptions sees; the data version (the last
// change sequence). Every method works inside a caller's SqlSession, so
// that data and data version can be read in one transaction.
//
// RunSqlTransaction runs a write that is committed, or always rolled back
// (dry runs), in one transaction.

#ifndef DYADSCOPE_COMMON_RECORDS_SQL_RECORD_TABLE_H_
#define DYADSCOPE_COMMON_RECORDS_SQL_RECORD_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/records/record_schema.h"
#include "common/storage/database.h"
#include "common/storage/sql_helpers.h"

namespace dyadscope::records {

// Returns the part of a stored body that counts as content when deciding
// whether a re-sent record changed.
using ContentFn = absl::FunctionRef<std::string(absl::string_view body)>;

// Receives stored versions, in the order a read returns them.
using VersionSink = absl::FunctionRef<absl::Status(const StoredVersion&)>;

// The versioned store of one record kind. Immutable and thread-safe; the
// sessions it is given are not.
class SqlRecordTable {
 public:
  explicit SqlRecordTable(RecordSchema schema);

  const RecordSchema& schema() const { return schema_; }

  // Returns "v.<id_column>", the id column of the versions alias in every
  // query (the identity table is aliased "i").
  const std::string& id_column() const { return qualified_id_; }

  // Stores `record` at time `now`: a new record when its key is new (or has
  // a NULL), a new version when the current version differs in `content` or
  // is a tombstone, nothing (kUnchanged, the stored current version) when
  // the content is the same.
  absl::StatusOr<StoredWrite> Upsert(storage::SqlSession& session,
                                     absl::Time now,
                                     const EncodedRecord& record,
                                     absl::string_view request_id,
                                     ContentFn content) const;

  // Returns the current version (tombstones included) of the record with
  // natural key `key`, or nullopt.
  absl::StatusOr<std::optional<StoredVersion>> CurrentByKey(
      storage::SqlSession& session,
      const std::vector<storage::SqlValue>& key) const;

  // Returns the current version (tombstones included) of record `id`, or
  // nullopt.
  absl::StatusOr<std::optional<StoredVersion>> CurrentById(
      storage::SqlSession& session, int64_t id) const;

  // Writes a tombstone after `current` (a current, live version) with the
  // filter columns `columns` and current's body. Returns the tombstone.
  absl::StatusOr<StoredWrite> Tombstone(
      storage::SqlSession& session, absl::Time now,
      const StoredVersion& current,
      const std::vector<storage::SqlValue>& columns,
      absl::string_view request_id) const;

  // Returns version `version` of record `id` (tombstones included), or
  // nullopt.
  absl::StatusOr<std::optional<StoredVersion>> GetVersion(
      storage::SqlSession& session, int64_t id, int64_t version) const;

  // Calls `sink` for the versions `options` sees that match `filter`, in
  // `order_by` order (SQL over the aliases v and i), at most `limit` of them
  // when set.
  absl::Status Scan(storage::SqlSession& session, const ReadOptions& options,
                    const storage::Clause& filter, absl::string_view order_by,
                    std::optional<int> limit, VersionSink sink) const;

  // Returns up to `limit` versions `options` sees that match `filter`, with
  // id > `after_id`, in id order.
  absl::StatusOr<std::vector<StoredVersion>> ListAfterId(
      storage::SqlSession& session, const ReadOptions& options,
      storage::Clause filter, int64_t after_id, int limit) const;

  // Returns the number of current, live records.
  absl::StatusOr<int64_t> CountCurrent(storage::SqlSession& session) const;

  // Returns the last change sequence (0 for an empty log).
  absl::StatusOr<int64_t> LastSequence(storage::SqlSession& session) const;

  // Returns the data version: "<prefix>-<last change sequence>".
  absl::StatusOr<std::string> DataVersion(storage::SqlSession& session) const;

  // Returns the data version of change sequence `sequence`.
  std::string DataVersionAt(int64_t sequence) const;

 private:
  absl::Status Supersede(storage::SqlSession& session, int64_t id,
                         int64_t now_us) const;
  absl::StatusOr<int64_t> InsertVersion(
      storage::SqlSession& session, const StoredVersion& stored,
      const std::vector<storage::SqlValue>& columns,
      WriteOutcome outcome) const;
  absl::StatusOr<std::optional<StoredVersion>> QueryOne(
      storage::SqlSession& session, absl::string_view where,
      const std::vector<storage::SqlValue>& params) const;

  RecordSchema schema_;
  std::string qualified_id_;
  std::string select_;  // "SELECT <stored version columns> FROM … JOIN …"
  std::string insert_version_;
  std::string insert_change_;
};

// Runs `body` in one transaction of `db`: committed when it returns OK and
// `commit` is true, rolled back otherwise. With commit false (a dry run) a
// body that succeeded yields OK; a failing body yields its error either way.
absl::Status RunSqlTransaction(
    storage::Database& db, bool commit,
    absl::FunctionRef<absl::Status(storage::SqlSession&)> body);

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_SQL_RECORD_TABLE_H_
