// File: common/storage/postgres_database.h
// -----------------------------------------------------------------------------
// The PostgreSQL implementation of Database (over libpq), for services that
// run several replicas over one shared database. A small pool of connections
// serves concurrent callers (a libpq connection is used by one thread at a
// time). `?` placeholders are translated to `$1 … $n`; values are always sent
// as bound parameters (text format, BLOBs as binary bytea).
//
// Errors map by SQLSTATE: 23505 → ALREADY_EXISTS, other 23xxx →
// FAILED_PRECONDITION, 40001/40P01 → ABORTED, 08xxx / 57P0x and a lost
// connection → UNAVAILABLE, 57014 (statement_timeout) → DEADLINE_EXCEEDED,
// anything else → INTERNAL. A pooled connection found broken is reset before
// use, so a database outlives a server restart without being reopened.
//
// Dialect notes: text values cannot contain NUL bytes on PostgreSQL (they are
// rejected with INVALID_ARGUMENT); use Blob for binary data.

#ifndef DYADSCOPE_COMMON_STORAGE_POSTGRES_DATABASE_H_
#define DYADSCOPE_COMMON_STORAGE_POSTGRES_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/storage/database.h"

namespace dyadscope::storage {

class PostgresConnection;

// Options of a PostgreSQL database.
struct PostgresOptions {
  // Connections in the pool.
  int pool_size = 4;
  // How long connecting (or reconnecting) may take before UNAVAILABLE.
  absl::Duration connect_timeout = absl::Seconds(5);
  // Server-side limit for one statement (DEADLINE_EXCEEDED past it); zero
  // leaves the server's default.
  absl::Duration statement_timeout = absl::Seconds(60);
};

// Translates `?` placeholders to `$1 … $n`, leaving `?` inside quoted
// literals, quoted identifiers and comments alone. Sets `*count` to the
// number of placeholders. Exposed for tests.
std::string TranslatePlaceholders(absl::string_view sql, int* count);

// Write transactions (Transact, ExecuteScript) are serialized across every
// process using the database by a transaction-level advisory lock, as SQLite
// serializes its writers: a read-then-write body sees every earlier commit,
// so two replicas given the same request write it once, and rows appended
// to a sequence commit in sequence order, so a reader polling for sequence
// numbers above the last one it saw never skips one. Reads run concurrently
// on REPEATABLE READ snapshots.
class PostgresDatabase : public Database {
 public:
  // Connects to `url` ("postgresql://user@host:port/db?…" or a libpq
  // conninfo string). Returns UNAVAILABLE when the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<PostgresDatabase>> Open(
      const std::string& url,
      const PostgresOptions& options = PostgresOptions());

  ~PostgresDatabase() override;

  Engine engine() const override { return Engine::kPostgres; }
  absl::Status Transact(
      absl::FunctionRef<absl::Status(SqlSession&)> body) override;
  absl::Status Read(absl::FunctionRef<absl::Status(SqlSession&)> body) override;
  absl::Status ExecuteScript(absl::string_view sql) override;

 private:
  explicit PostgresDatabase(
      std::vector<std::unique_ptr<PostgresConnection>> connections);

  PostgresConnection* Acquire();
  void Release(PostgresConnection* connection);
  absl::Status RunTransaction(
      absl::string_view begin,
      absl::FunctionRef<absl::Status(PostgresConnection&)> body);

  std::vector<std::unique_ptr<PostgresConnection>> connections_;
  absl::Mutex mu_;
  std::vector<PostgresConnection*> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dyadscope::storage

#endif  // DYADSCOPE_COMMON_STORAGE_POSTGRES_DATABASE_H_
