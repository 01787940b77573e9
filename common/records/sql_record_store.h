// File: common/records/sql_record_store.h
// -----------------------------------------------------------------------------
// SqlRecordStore<Traits>: the typed versioned store of one record kind over
// a Database, for a kind's SQL repository to build its port on. Traits
// describe the kind:
//
//   struct IncidentRecordTraits {
//     using Record = Incident;        // has int64 `id`, VersionInfo `version`
//     using Query = IncidentQuery;    // what a read matches
//     static RecordSchema Schema();   // tables and columns
//     static EncodedRecord Encode(const Record&);  // key, columns, body
//     static std::string Content(absl::string_view body);
//     static Record Decode(const StoredVersion&);
//     static void AddFilter(const Query&, storage::Clause&);  // alias v, i
//   };
//
// Reads return the data version of the same read transaction as the data.

#ifndef DYADSCOPE_COMMON_RECORDS_SQL_RECORD_STORE_H_
#define DYADSCOPE_COMMON_RECORDS_SQL_RECORD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/records/record_ports.h"
#include "common/records/record_schema.h"
#include "common/records/sql_record_table.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/storage/database.h"
#include "common/storage/sql_helpers.h"
#include "common/types/types.h"

namespace dyadscope::records {

// A record as one write stored it, and what the write did.
template <typename Record>
struct Stored {
  Record record;
  WriteOutcome outcome = WriteOutcome::kCreated;
};

// Runs `body` in one read transaction of `db` and returns the data version
// of `table` read in the same transaction.
inline absl::StatusOr<std::string> ReadWithDataVersion(
    storage::Database& db, const SqlRecordTable& table,
    absl::FunctionRef<absl::Status(storage::SqlSession&)> body) {
  std::string data_version;
  DYADSCOPE_RETURN_IF_ERROR(db.Read([&](storage::SqlSession& session) {
    DYADSCOPE_RETURN_IF_ERROR(body(session));
    DYADSCOPE_ASSIGN_OR_RETURN(data_version, table.DataVersion(session));
    return absl::OkStatus();
  }));
  return data_version;
}

// Returns NOT_FOUND "<name> has no version <version>" with `reason` (e.g.
// "INCIDENT_NOT_FOUND"): what a kind's NoSuchVersion answers.
inline absl::Status NoSuchVersionError(absl::string_view name, int64_t version,
                                       absl::string_view reason) {
  return WithReason(
      absl::NotFoundError(absl::StrCat(name, " has no version ", version)),
      reason);
}

template <typename Traits>
class SqlRecordStore {
 public:
  using Record = typename Traits::Record;
  using Query = typename Traits::Query;

  // `db` must outlive the store.
  explicit SqlRecordStore(storage::Database* db)
      : db_(db), table_(Traits::Schema()) {}

  storage::Database& db() { return *db_; }
  const SqlRecordTable& table() const { return table_; }

  // Returns a record time strictly after every earlier one of this store.
  absl::Time NextRecordTime() { return clock_.Next(); }

  // Runs `body` in one transaction (see RunSqlTransaction).
  absl::Status Transact(
      bool commit, absl::FunctionRef<absl::Status(storage::SqlSession&)> body) {
    return RunSqlTransaction(*db_, commit, body);
  }

  // Upserts `record` inside `session` (see SqlRecordTable::Upsert).
  absl::StatusOr<Stored<Record>> Upsert(storage::SqlSession& session,
                                        const Record& record,
                                        absl::string_view request_id) {
    EncodedRecord encoded = Traits::Encode(record);
    DYADSCOPE_ASSIGN_OR_RETURN(
        StoredWrite write,
        table_.Upsert(
            session, NextRecordTime(), encoded, request_id,
            [](absl::string_view body) { return Traits::Content(body); }));
    if (write.outcome == WriteOutcome::kUnchanged) {
      return Stored<Record>{Traits::Decode(write.stored), write.outcome};
    }
    Record stored = record;
    stored.id = write.stored.id;
    stored.version = write.stored.version;
    return Stored<Record>{std::move(stored), write.outcome};
  }

  // Writes a tombstone after the current live version `current` inside
  // `session` and returns the record as the tombstone holds it.
  absl::StatusOr<Record> Delete(storage::SqlSession& session,
                                const StoredVersion& current,
                                absl::string_view request_id) {
    const Record record = Traits::Decode(current);
    DYADSCOPE_ASSIGN_OR_RETURN(
        StoredWrite write,
        table_.Tombstone(session, NextRecordTime(), current,
                         Traits::Encode(record).columns, request_id));
    return Traits::Decode(write.stored);
  }

  // Returns version `version` of record `id` read in `session`; NOT_FOUND
  // with the schema's not_found_reason when there is none.
  absl::StatusOr<Record> GetVersion(storage::SqlSession& session, int64_t id,
                                    int64_t version) const {
    DYADSCOPE_ASSIGN_OR_RETURN(std::optional<StoredVersion> stored,
                               table_.GetVersion(session, id, version));
    if (!stored.has_value()) {
      const RecordSchema& schema = table_.schema();
      return NoSuchVersionError(absl::StrCat(schema.identity_table, "/", id),
                                version, schema.not_found_reason);
    }
    return Traits::Decode(*stored);
  }

  // The same in a read transaction of its own.
  absl::StatusOr<Record> GetVersion(int64_t id, int64_t version) {
    std::optional<absl::StatusOr<Record>> out;
    DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](storage::SqlSession& session) {
      out = GetVersion(session, id, version);
      return absl::OkStatus();
    }));
    return *std::move(out);
  }

  // Returns up to `limit` matching records with id > `after_id`, in id
  // order, and the data version of the same read.
  absl::StatusOr<Versioned<std::vector<Record>>> List(
      const Query& query, const ReadOptions& options, int64_t after_id,
      int limit) {
    storage::Clause filter;
    Traits::AddFilter(query, filter);
    Versioned<std::vector<Record>> out;
    DYADSCOPE_ASSIGN_OR_RETURN(
        out.data_version,
        ReadWithDataVersion(*db_, table_,
                            [&](storage::SqlSession& session) -> absl::Status {
                              DYADSCOPE_ASSIGN_OR_RETURN(
                                  std::vector<StoredVersion> page,
                                  table_.ListAfterId(session, options, filter,
                                                     after_id, limit));
                              for (const StoredVersion& stored : page) {
                                out.value.push_back(Traits::Decode(stored));
                              }
                              return absl::OkStatus();
                            }));
    return out;
  }

  // Calls `on_record` for every matching record in `order_by` order and
  // returns the data version of the same read.
  absl::StatusOr<std::string> Scan(
      const Query& query, const ReadOptions& options,
      absl::string_view order_by,
      absl::FunctionRef<void(const Record&)> on_record) {
    storage::Clause filter;
    Traits::AddFilter(query, filter);
    return ReadWithDataVersion(*db_, table_, [&](storage::SqlSession& session) {
      return table_.Scan(session, options, filter, order_by, std::nullopt,
                         [&](const StoredVersion& stored) {
                           on_record(Traits::Decode(stored));
                           return absl::OkStatus();
                         });
    });
  }

  // Returns the number of current, live records.
  absl::StatusOr<int64_t> Count() {
    int64_t count = 0;
    DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](storage::SqlSession& session) {
      DYADSCOPE_ASSIGN_OR_RETURN(count, table_.CountCurrent(session));
      return absl::OkStatus();
    }));
    return count;
  }

  // Returns the data version (see SqlRecordTable::DataVersion).
  absl::StatusOr<std::string> DataVersion() {
    return ReadWithDataVersion(
        *db_, table_, [](storage::SqlSession&) { return absl::OkStatus(); });
  }

 private:
  storage::Database* db_;
  SqlRecordTable table_;
  storage::RecordClock clock_;
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_SQL_RECORD_STORE_H_
