#include "common/records/sql_record_table.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_macros.h"

namespace dyadscope::records {
namespace {

using storage::Blob;
using storage::Clause;
using storage::Row;
using storage::SqlSession;
using storage::SqlValue;

constexpr absl::string_view kDryRunMarker = "dyadscope: dry run rollback";

// Decodes a row of SqlRecordTable::select_.
StoredVersion FromRow(const Row& row) {
  StoredVersion stored;
  stored.id = row.Int(0);
  stored.version.version = row.Int(1);
  stored.version.record_time = absl::FromUnixMicros(row.Int(2));
  stored.version.deleted = row.Int(3) != 0;
  stored.version.request_id = row.Text(4);
  stored.version.create_time = absl::FromUnixMicros(row.Int(5));
  stored.body = row.Text(6);
  return stored;
}

bool HasNull(const std::vector<SqlValue>& values) {
  for (const SqlValue& value : values) {
    if (std::holds_alternative<std::monostate>(value)) return true;
  }
  return false;
}

std::string Placeholders(std::size_t n) {
  std::vector<absl::string_view> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

}  // namespace

SqlRecordTable::SqlRecordTable(RecordSchema schema)
    : schema_(std::move(schema)) {
  qualified_id_ = absl::StrCat("v.", schema_.id_column);
  select_ =
      absl::StrCat("SELECT v.", schema_.id_column,
                   ", v.version, v.record_time_us, v.deleted, v.request_id, "
                   "i.create_time_us, v.body FROM ",
                   schema_.versions_table, " v JOIN ", schema_.identity_table,
                   " i ON i.id = v.", schema_.id_column);
  std::string columns;
  for (const std::string& column : schema_.version_columns) {
    absl::StrAppend(&columns, column, ", ");
  }
  insert_version_ = absl::StrCat(
      "INSERT INTO ", schema_.versions_table, " (", schema_.id_column,
      ", version, record_time_us, superseded_time_us, deleted, request_id, ",
      columns, "body) VALUES (?, ?, ?, NULL, ?, ?, ",
      Placeholders(schema_.version_columns.size() + 1), ")");
  insert_change_ =
      schema_.changes_entity.empty()
          ? absl::StrCat("INSERT INTO changes (record_time_us, ",
                         schema_.id_column,
                         ", version, change) VALUES (?, ?, ?, ?) RETURNING "
                         "sequence")
          : "INSERT INTO changes (record_time_us, entity, entity_id, "
            "version, change) VALUES (?, ?, ?, ?, ?) RETURNING sequence";
}

absl::StatusOr<std::optional<StoredVersion>> SqlRecordTable::QueryOne(
    SqlSession& session, absl::string_view where,
    const std::vector<SqlValue>& params) const {
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      session.Query(absl::StrCat(select_, " WHERE ", where), params));
  if (rows.empty()) return std::nullopt;
  return FromRow(rows[0]);
}

absl::StatusOr<std::optional<StoredVersion>> SqlRecordTable::CurrentById(
    SqlSession& session, int64_t id) const {
  return QueryOne(
      session,
      absl::StrCat(qualified_id_, " = ? AND v.superseded_time_us IS NULL"),
      {id});
}

absl::StatusOr<std::optional<StoredVersion>> SqlRecordTable::CurrentByKey(
    SqlSession& session, const std::vector<SqlValue>& key) const {
  Clause clause;
  for (const std::string& column : schema_.key_columns) {
    clause.And(absl::StrCat("i.", column, " = ?"));
  }
  clause.And("v.superseded_time_us IS NULL");
  return QueryOne(session, clause.sql, key);
}

absl::StatusOr<std::optional<StoredVersion>> SqlRecordTable::GetVersion(
    SqlSession& session, int64_t id, int64_t version) const {
  return QueryOne(session,
                  absl::StrCat(qualified_id_, " = ? AND v.version = ?"),
                  {id, version});
}

absl::Status SqlRecordTable::Supersede(SqlSession& session, int64_t id,
                                       int64_t now_us) const {
  return session
      .Execute(
          absl::StrCat("UPDATE ", schema_.versions_table,
                       " SET superseded_time_us = ? WHERE ", schema_.id_column,
                       " = ? AND superseded_time_us IS NULL"),
          {now_us, id})
      .status();
}

absl::StatusOr<int64_t> SqlRecordTable::InsertVersion(
    SqlSession& session, const StoredVersion& stored,
    const std::vector<SqlValue>& columns, WriteOutcome outcome) const {
  const int64_t now_us = absl::ToUnixMicros(stored.version.record_time);
  std::vector<SqlValue> params = {stored.id, stored.version.version, now_us,
                                  int64_t{stored.version.deleted ? 1 : 0},
                                  stored.version.request_id};
  params.insert(params.end(), columns.begin(), columns.end());
  params.push_back(Blob{stored.body});
  DYADSCOPE_RETURN_IF_ERROR(session.Execute(insert_version_, params).status());
  std::vector<SqlValue> change = {now_us};
  if (!schema_.changes_entity.empty()) {
    change.push_back(schema_.changes_entity);
  }
  change.push_back(stored.id);
  change.push_back(stored.version.version);
  change.push_back(int64_t{static_cast<int>(outcome)});
  DYADSCOPE_ASSIGN_OR_RETURN(std::vector<Row> rows,
                             session.Query(insert_change_, change));
  return rows.empty() ? 0 : rows[0].Int(0);
}

absl::StatusOr<StoredWrite> SqlRecordTable::Upsert(SqlSession& session,
                                                   absl::Time now,
                                                   const EncodedRecord& record,
                                                   absl::string_view request_id,
                                                   ContentFn content) const {
  const int64_t now_us = absl::ToUnixMicros(now);
  std::optional<int64_t> id;
  int64_t create_us = now_us;
  int64_t version = 1;
  WriteOutcome outcome = WriteOutcome::kCreated;
  if (!HasNull(record.key)) {
    Clause clause;
    for (const std::string& column : schema_.key_columns) {
      clause.And(absl::StrCat(column, " = ?"));
    }
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> found,
        session.Query(absl::StrCat("SELECT id, create_time_us FROM ",
                                   schema_.identity_table, clause.Where()),
                      record.key));
    if (!found.empty()) {
      id = found[0].Int(0);
      create_us = found[0].Int(1);
    }
  }
  if (id.has_value()) {
    DYADSCOPE_ASSIGN_OR_RETURN(std::optional<StoredVersion> current,
                               CurrentById(session, *id));
    if (current.has_value()) {
      if (!current->version.deleted &&
          content(current->body) == content(record.body)) {
        return StoredWrite{*std::move(current), WriteOutcome::kUnchanged, 0};
      }
      version = current->version.version + 1;
      outcome = WriteOutcome::kNewVersion;
      DYADSCOPE_RETURN_IF_ERROR(Supersede(session, *id, now_us));
    }
  } else {
    std::string columns;
    for (const std::string& column : schema_.key_columns) {
      absl::StrAppend(&columns, column, ", ");
    }
    std::vector<SqlValue> params = record.key;
    params.push_back(now_us);
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> inserted,
        session.Query(
            absl::StrCat("INSERT INTO ", schema_.identity_table, " (", columns,
                         "create_time_us) VALUES (",
                         Placeholders(params.size()), ") RETURNING id"),
            params));
    id = inserted[0].Int(0);
  }
  StoredWrite write;
  write.stored.id = *id;
  write.stored.version =
      VersionInfo{version, now, absl::FromUnixMicros(create_us), false,
                  std::string(request_id)};
  write.stored.body = record.body;
  write.outcome = outcome;
  DYADSCOPE_ASSIGN_OR_RETURN(
      write.sequence,
      InsertVersion(session, write.stored, record.columns, outcome));
  return write;
}

absl::StatusOr<StoredWrite> SqlRecordTable::Tombstone(
    SqlSession& session, absl::Time now, const StoredVersion& current,
    const std::vector<SqlValue>& columns, absl::string_view request_id) const {
  DYADSCOPE_RETURN_IF_ERROR(
      Supersede(session, current.id, absl::ToUnixMicros(now)));
  StoredWrite write;
  write.stored = current;
  write.stored.version.version += 1;
  write.stored.version.record_time = now;
  write.stored.version.deleted = true;
  write.stored.version.request_id = std::string(request_id);
  write.outcome = WriteOutcome::kDeleted;
  DYADSCOPE_ASSIGN_OR_RETURN(
      write.sequence,
      InsertVersion(session, write.stored, columns, WriteOutcome::kDeleted));
  return write;
}

absl::Status SqlRecordTable::Scan(SqlSession& session,
                                  const ReadOptions& options,
                                  const Clause& filter,
                                  absl::string_view order_by,
                                  std::optional<int> limit,
                                  VersionSink sink) const {
  Clause clause;
  storage::AddVersionFilter(options, "v", clause);
  if (!filter.sql.empty()) clause.And(filter.sql);
  clause.params.insert(clause.params.end(), filter.params.begin(),
                       filter.params.end());
  std::string sql =
      absl::StrCat(select_, clause.Where(), " ORDER BY ", order_by);
  if (limit.has_value()) {
    sql += " LIMIT ?";
    clause.params.push_back(int64_t{*limit});
  }
  return session.QueryEach(sql, clause.params,
                           [&](const Row& row) { return sink(FromRow(row)); });
}

absl::StatusOr<std::vector<StoredVersion>> SqlRecordTable::ListAfterId(
    SqlSession& session, const ReadOptions& options, Clause filter,
    int64_t after_id, int limit) const {
  filter.And(absl::StrCat(qualified_id_, " > ?"));
  filter.params.push_back(after_id);
  std::vector<StoredVersion> out;
  DYADSCOPE_RETURN_IF_ERROR(Scan(session, options, filter, qualified_id_, limit,
                                 [&](const StoredVersion& stored) {
                                   out.push_back(stored);
                                   return absl::OkStatus();
                                 }));
  return out;
}

absl::StatusOr<int64_t> SqlRecordTable::CountCurrent(
    SqlSession& session) const {
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      session.Query(absl::StrCat("SELECT COUNT(*) FROM ",
                                 schema_.versions_table,
                                 " WHERE superseded_time_us IS NULL AND "
                                 "deleted = 0")));
  return rows[0].Int(0);
}

absl::StatusOr<int64_t> SqlRecordTable::LastSequence(
    SqlSession& session) const {
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      session.Query("SELECT COALESCE(MAX(sequence), 0) FROM changes"));
  return rows[0].Int(0);
}

absl::StatusOr<std::string> SqlRecordTable::DataVersion(
    SqlSession& session) const {
  DYADSCOPE_ASSIGN_OR_RETURN(int64_t sequence, LastSequence(session));
  return DataVersionAt(sequence);
}

std::string SqlRecordTable::DataVersionAt(int64_t sequence) const {
  return absl::StrCat(schema_.data_version_prefix, "-", sequence);
}

absl::Status RunSqlTransaction(
    storage::Database& db, bool commit,
    absl::FunctionRef<absl::Status(SqlSession&)> body) {
  absl::Status status = db.Transact([&](SqlSession& session) {
    DYADSCOPE_RETURN_IF_ERROR(body(session));
    if (!commit) return absl::CancelledError(kDryRunMarker);
    return absl::OkStatus();
  });
  if (!commit && status.code() == absl::StatusCode::kCancelled &&
      status.message() == kDryRunMarker) {
    return absl::OkStatus();
  }
  return status;
}

}  // namespace dyadscope::records
