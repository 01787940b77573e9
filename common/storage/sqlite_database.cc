#include "common/storage/sqlite_database.h"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dyadscope::storage {
namespace {

// Maps a SQLite result code to the most specific canonical status.
absl::Status SqliteError(sqlite3* db, int code, absl::string_view what) {
  const char* message =
      db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  std::string text = absl::StrCat(what, ": ", message);
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return absl::UnavailableError(text);
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE ||
          code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(text);
      }
      return absl::FailedPreconditionError(text);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(text);
    case SQLITE_TOOBIG:
      return absl::ResourceExhaustedError(text);
    default:
      return absl::InternalError(text);
  }
}

}  // namespace

// One SQLite connection with its cache of prepared statements.
class SqliteConnection : public SqlSession {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }

  sqlite3* db() { return db_; }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const SqlValue> params) override {
    absl::StatusOr<sqlite3_stmt*> statement = Prepare(sql, params);
    if (!statement.ok()) return statement.status();
    int rc;
    while ((rc = sqlite3_step(*statement)) == SQLITE_ROW) {
    }
    sqlite3_reset(*statement);
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "statement failed");
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  absl::Status QueryEach(
      absl::string_view sql, absl::Span<const SqlValue> params,
      absl::FunctionRef<absl::Status(const Row&)> on_row) override {
    absl::StatusOr<sqlite3_stmt*> prepared = Prepare(sql, params);
    if (!prepared.ok()) return prepared.status();
    sqlite3_stmt* statement = *prepared;
    const int columns = sqlite3_column_count(statement);
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      std::vector<SqlValue> values;
      values.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(statement, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(
                static_cast<int64_t>(sqlite3_column_int64(statement, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(statement, c));
            break;
          case SQLITE_TEXT: {
            const unsigned char* data = sqlite3_column_text(statement, c);
            int size = sqlite3_column_bytes(statement, c);
            values.emplace_back(std::string(
                data != nullptr ? reinterpret_cast<const char*>(data) : "",
                size));
            break;
          }
          case SQLITE_BLOB: {
            const void* data = sqlite3_column_blob(statement, c);
            int size = sqlite3_column_bytes(statement, c);
            values.emplace_back(Blob{std::string(
                data != nullptr ? static_cast<const char*>(data) : "", size)});
            break;
          }
          default:
            values.emplace_back(std::monostate());
        }
      }
      absl::Status status = on_row(Row(std::move(values)));
      if (!status.ok()) {
        sqlite3_reset(statement);
        return status;
      }
    }
    sqlite3_reset(statement);
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "query failed");
    return absl::OkStatus();
  }

  // Runs statements without parameters (BEGIN, COMMIT, scripts).
  absl::Status ExecuteScript(absl::string_view sql) override {
    return Exec(sql);
  }

  absl::Status Exec(absl::string_view sql) {
    char* error = nullptr;
    int rc =
        sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      absl::Status status = SqliteError(nullptr, rc, message);
      return absl::Status(status.code(), message);
    }
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql,
                                        absl::Span<const SqlValue> params) {
    sqlite3_stmt* statement = nullptr;
    auto it = statements_.find(sql);
    if (it != statements_.end()) {
      statement = it->second;
      sqlite3_reset(statement);
      sqlite3_clear_bindings(statement);
    } else {
      int rc =
          sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
      if (rc != SQLITE_OK) {
        return SqliteError(db_, rc,
                           absl::StrCat("cannot prepare \"", sql, "\""));
      }
      statements_.emplace(std::string(sql), statement);
    }
    if (static_cast<int>(params.size()) !=
        sqlite3_bind_parameter_count(statement)) {
      return absl::InternalError(absl::StrCat(
          "statement expects ", sqlite3_bind_parameter_count(statement),
          " parameters, got ", params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const SqlValue& value = params[i];
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&value)) {
        rc = sqlite3_bind_int64(statement, index, *n);
      } else if (const auto* d = std::get_if<double>(&value)) {
        rc = sqlite3_bind_double(statement, index, *d);
      } else if (const auto* s = std::get_if<std::string>(&value)) {
        rc = sqlite3_bind_text64(statement, index, s->data(), s->size(),
                                 SQLITE_TRANSIENT, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&value)) {
        rc = sqlite3_bind_blob64(statement, index, b->bytes.data(),
                                 b->bytes.size(), SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_null(statement, index);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "cannot bind parameter");
    }
    return statement;
  }

  sqlite3* db_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

absl::StatusOr<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(
    const std::string& path, const SqliteOptions& options) {
  if (path.empty()) {
    return absl::InvalidArgumentError("SQLite database path is empty");
  }
  const bool memory = path == ":memory:";
  const int pool_size = memory ? 1 : std::max(1, options.pool_size);
  std::vector<std::unique_ptr<SqliteConnection>> connections;
  for (int i = 0; i < pool_size; ++i) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(
        path.c_str(), &db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        nullptr);
    if (rc != SQLITE_OK) {
      absl::Status status = SqliteError(
          db, rc, absl::StrCat("cannot open SQLite database ", path));
      sqlite3_close_v2(db);
      return absl::UnavailableError(status.message());
    }
    sqlite3_busy_timeout(
        db, static_cast<int>(absl::ToInt64Milliseconds(options.busy_timeout)));
    sqlite3_extended_result_codes(db, 1);
    auto connection = std::make_unique<SqliteConnection>(db);
    std::string pragmas =
        // Reads map the first 256 MiB of the file (no copy through
        // read(2); the mapped pages are the kernel's page cache, counted in
        // each connection's RSS); each connection keeps up to 32 MiB of
        // pages, so a large import's index pages stay in memory across its
        // transactions.
        memory ? "PRAGMA foreign_keys=ON;"
               : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                 "PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456; "
                 "PRAGMA cache_size=-32768;";
    if (absl::Status status = connection->Exec(pragmas); !status.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "cannot configure SQLite database ", path, ": ", status.message()));
    }
    connections.push_back(std::move(connection));
  }
  return std::unique_ptr<SqliteDatabase>(
      new SqliteDatabase(std::move(connections)));
}

SqliteDatabase::SqliteDatabase(
    std::vector<std::unique_ptr<SqliteConnection>> connections)
    : connections_(std::move(connections)) {
  absl::MutexLock lock(&mu_);
  for (auto& connection : connections_) idle_.push_back(connection.get());
}

SqliteDatabase::~SqliteDatabase() = default;

SqliteConnection* SqliteDatabase::Acquire() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::vector<SqliteConnection*>* idle) { return !idle->empty(); },
      &idle_));
  SqliteConnection* connection = idle_.back();
  idle_.pop_back();
  return connection;
}

void SqliteDatabase::Release(SqliteConnection* connection) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(connection);
}

absl::Status SqliteDatabase::RunTransaction(
    absl::string_view begin,
    absl::FunctionRef<absl::Status(SqlSession&)> body) {
  SqliteConnection* connection = Acquire();
  absl::Status status = connection->Exec(begin);
  if (status.ok()) {
    status = body(*connection);
    if (status.ok()) {
      status = connection->Exec("COMMIT");
      if (!status.ok()) (void)connection->Exec("ROLLBACK");
    } else {
      (void)connection->Exec("ROLLBACK");
    }
  }
  Release(connection);
  return status;
}

absl::Status SqliteDatabase::Transact(
    absl::FunctionRef<absl::Status(SqlSession&)> body) {
  // IMMEDIATE takes the write lock at the start, so two writers never
  // deadlock upgrading read locks.
  return RunTransaction("BEGIN IMMEDIATE", body);
}

absl::Status SqliteDatabase::Read(
    absl::FunctionRef<absl::Status(SqlSession&)> body) {
  return RunTransaction("BEGIN", body);
}

absl::Status SqliteDatabase::ExecuteScript(absl::string_view sql) {
  SqliteConnection* connection = Acquire();
  absl::Status status = connection->Exec("BEGIN IMMEDIATE");
  if (status.ok()) {
    status = connection->Exec(sql);
    if (status.ok()) {
      status = connection->Exec("COMMIT");
    } else {
      (void)connection->Exec("ROLLBACK");
    }
  }
  Release(connection);
  return status;
}

absl::Status SqliteDatabase::CheckIntegrity() {
  std::vector<std::string> problems;
  absl::Status status = Read([&problems](SqlSession& session) {
    return session.QueryEach("PRAGMA integrity_check", {},
                             [&problems](const Row& row) {
                               if (row.Text(0) != "ok") {
                                 problems.push_back(row.Text(0));
                               }
                               return absl::OkStatus();
                             });
  });
  if (!status.ok()) return status;
  if (!problems.empty()) {
    return absl::DataLossError(
        absl::StrCat("integrity check failed: ", problems.front()));
  }
  return absl::OkStatus();
}

}  // namespace dyadscope::storage
