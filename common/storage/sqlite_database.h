// File: common/storage/sqlite_database.h
// -----------------------------------------------------------------------------
// The SQLite implementation of Database: the embedded default store. A file
// database runs in WAL mode with synchronous=FULL (an acknowledged commit
// survives a crash or power loss) and keeps a small pool of connections so
// that reads proceed while one writer commits. ":memory:" databases use one
// connection (each SQLite in-memory connection is its own database).

#ifndef DYADSCOPE_COMMON_STORAGE_SQLITE_DATABASE_H_
#define DYADSCOPE_COMMON_STORAGE_SQLITE_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/storage/database.h"

namespace dyadscope::storage {

class SqliteConnection;

// Options of a SQLite database.
struct SqliteOptions {
  // Connections in the pool (file databases only).
  int pool_size = 4;
  // How long a statement waits for a lock held by another connection or
  // process before failing with UNAVAILABLE.
  absl::Duration busy_timeout = absl::Seconds(10);
};

class SqliteDatabase : public Database {
 public:
  // Opens (creating if needed) the database at `path` (or ":memory:").
  // Returns UNAVAILABLE when it cannot be opened or configured.
  static absl::StatusOr<std::unique_ptr<SqliteDatabase>> Open(
      const std::string& path, const SqliteOptions& options = SqliteOptions());

  ~SqliteDatabase() override;

  Engine engine() const override { return Engine::kSqlite; }
  absl::Status Transact(
      absl::FunctionRef<absl::Status(SqlSession&)> body) override;
  absl::Status Read(absl::FunctionRef<absl::Status(SqlSession&)> body) override;
  absl::Status ExecuteScript(absl::string_view sql) override;

  // Runs SQLite's integrity check; returns DATA_LOSS describing any damage.
  absl::Status CheckIntegrity();

 private:
  explicit SqliteDatabase(
      std::vector<std::unique_ptr<SqliteConnection>> connections);

  SqliteConnection* Acquire();
  void Release(SqliteConnection* connection);
  absl::Status RunTransaction(
      absl::string_view begin,
      absl::FunctionRef<absl::Status(SqlSession&)> body);

  std::vector<std::unique_ptr<SqliteConnection>> connections_;
  absl::Mutex mu_;
  std::vector<SqliteConnection*> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dyadscope::storage

#endif  // DYADSCOPE_COMMON_STORAGE_SQLITE_DATABASE_H_
