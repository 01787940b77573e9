// File: common/records/sql_record_repository.h
// -----------------------------------------------------------------------------
// The SQL implementation of a record kind's port (records::RecordRepository
// and records::RecordWriter, see record_ports.h), written once over
// SqlRecordStore<Traits> (sql_record_store.h) for every kind:
//
//   - SqlKindWriter<Traits, WriterPort>: the writer port's upsert and
//     version reads (a kind with more writes, e.g. tombstones, derives
//     from it);
//   - SqlRecordRepository<Traits, Port, Writer>: the port's transactions and
//     reads, created over a Database with the kind's migrations applied.
//
// Besides what SqlRecordStore needs, the traits name the kind's migrations
// and the order of its scans:
//
//   static std::vector<storage::Migration> Migrations(storage::Engine);
//   static constexpr absl::string_view kScanOrder = "v.day, v.incident_id";

#ifndef DYADSCOPE_COMMON_RECORDS_SQL_RECORD_REPOSITORY_H_
#define DYADSCOPE_COMMON_RECORDS_SQL_RECORD_REPOSITORY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/records/record_ports.h"
#include "common/records/sql_record_store.h"
#include "common/records/sql_record_writer.h"
#include "common/status/status_macros.h"
#include "common/storage/database.h"
#include "common/storage/migrator.h"
#include "common/storage/sql_helpers.h"
#include "common/types/types.h"
#include "common/util/fingerprint.h"

namespace dyadscope::records {

// The SQL writer of a kind's writer port `WriterPort` (a RecordWriter)
// inside one transaction of `store`. Both must outlive the writer.
template <typename Traits, typename WriterPort>
class SqlKindWriter : public SqlRecordWriter<WriterPort> {
 public:
  using Record = typename Traits::Record;
  using UpsertResult = typename WriterPort::UpsertResult;

  SqlKindWriter(storage::SqlSession& session, SqlRecordStore<Traits>& store)
      : SqlRecordWriter<WriterPort>(session, store.table()), store_(store) {}

  absl::StatusOr<UpsertResult> Upsert(const Record& record,
                                      absl::string_view request_id) override {
    DYADSCOPE_ASSIGN_OR_RETURN(
        Stored<Record> stored,
        store_.Upsert(this->session(), record, request_id));
    return UpsertResult{std::move(stored.record), stored.outcome};
  }

  absl::StatusOr<Record> GetVersion(int64_t id, int64_t version) override {
    return store_.GetVersion(this->session(), id, version);
  }

 protected:
  SqlRecordStore<Traits>& store() { return store_; }

 private:
  SqlRecordStore<Traits>& store_;
};

// The port `Port` (a RecordRepository) of the kind `Traits` over a
// Database (SQLite or PostgreSQL); `Writer` implements Port::Writer.
// Thread-safe.
template <typename Traits, typename Port,
          typename Writer = SqlKindWriter<Traits, typename Port::Writer>>
class SqlRecordRepository : public Port {
 public:
  using Record = typename Traits::Record;
  using Query = typename Traits::Query;

  // Applies the kind's migrations to `db` (which must outlive the
  // repository).
  static absl::StatusOr<std::unique_ptr<SqlRecordRepository>> Create(
      storage::Database* db) {
    DYADSCOPE_RETURN_IF_ERROR(
        storage::ApplyMigrations(*db, Traits::Migrations(db->engine()))
            .status());
    return std::unique_ptr<SqlRecordRepository>(new SqlRecordRepository(db));
  }

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(typename Port::Writer&)> body,
      bool commit) override {
    return store_.Transact(commit, [&](storage::SqlSession& session) {
      Writer writer(session, store_);
      return body(writer);
    });
  }

  absl::StatusOr<Record> GetVersion(int64_t id, int64_t version) override {
    return store_.GetVersion(id, version);
  }

  absl::StatusOr<Versioned<std::vector<Record>>> List(
      const Query& query, const ReadOptions& options, int64_t after_id,
      int limit) override {
    return store_.List(query, options, after_id, limit);
  }

  absl::StatusOr<std::string> Scan(
      const Query& query, const ReadOptions& options,
      absl::FunctionRef<void(const Record&)> on_record) override {
    return store_.Scan(query, options, Traits::kScanOrder, on_record);
  }

  absl::StatusOr<std::string> DataVersion() override {
    return store_.DataVersion();
  }

  absl::StatusOr<int64_t> Count() override { return store_.Count(); }

  // The fingerprint of the query's WHERE clause (Traits::AddFilter) and of
  // options.include_deleted.
  std::string QueryFingerprint(const Query& query,
                               const ReadOptions& options) const override {
    storage::Clause clause;
    Traits::AddFilter(query, clause);
    return FingerprintHex(absl::StrCat(clause.CanonicalText(), "\x1e",
                                       options.include_deleted ? "d" : ""));
  }

 private:
  explicit SqlRecordRepository(storage::Database* db) : store_(db) {}

  SqlRecordStore<Traits> store_;
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_SQL_RECORD_REPOSITORY_H_
