#include "common/storage/migrator.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace dyadscope::storage {
namespace {

// The key of the PostgreSQL advisory lock that serializes migrations between
// replicas starting at once ("dyadscop" in ASCII).
constexpr int64_t kMigrationLockKey = 0x6479616473636f70;

// On PostgreSQL, takes the migration lock for the rest of the transaction;
// a no-op on SQLite (whose write transactions are already exclusive).
absl::Status LockMigrations(Database& db, SqlSession& session) {
  if (db.engine() != Engine::kPostgres) return absl::OkStatus();
  return session
      .Query("SELECT pg_advisory_xact_lock(?)", {SqlValue(kMigrationLockKey)})
      .status();
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(Database& db,
                                    const std::vector<Migration>& migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", migrations[i].name, " has version ",
                       migrations[i].version, ", expected ", i + 1));
    }
  }
  // Under the lock: two PostgreSQL replicas creating the table at once would
  // otherwise collide in the catalog.
  absl::Status status = db.Transact([&db](SqlSession& session) {
    if (absl::Status locked = LockMigrations(db, session); !locked.ok()) {
      return locked;
    }
    return session.ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " applied_time TEXT NOT NULL)");
  });
  if (!status.ok()) return status;

  int current = 0;
  for (const Migration& migration : migrations) {
    status = db.Transact([&](SqlSession& session) -> absl::Status {
      // The version is read after taking the lock, in the same transaction,
      // so a replica waiting here sees what the other one applied.
      if (absl::Status locked = LockMigrations(db, session); !locked.ok()) {
        return locked;
      }
      absl::StatusOr<std::vector<Row>> rows = session.Query(
          "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      if (!rows.ok()) return rows.status();
      const int64_t version = (*rows)[0].Int(0);
      if (version > static_cast<int64_t>(migrations.size())) {
        return absl::FailedPreconditionError(absl::StrCat(
            "database schema version ", version,
            " is newer than this binary knows (", migrations.size(), ")"));
      }
      if (version >= migration.version) return absl::OkStatus();
      if (absl::Status applied = session.ExecuteScript(migration.sql);
          !applied.ok()) {
        return absl::Status(applied.code(),
                            absl::StrCat("migration ", migration.name, ": ",
                                         applied.message()));
      }
      absl::StatusOr<int64_t> recorded = session.Execute(
          "INSERT INTO schema_migrations (version, name, applied_time) "
          "VALUES (?, ?, ?)",
          {SqlValue(static_cast<int64_t>(migration.version)),
           SqlValue(migration.name),
           SqlValue(absl::FormatTime(absl::RFC3339_full, absl::Now(),
                                     absl::UTCTimeZone()))});
      return recorded.status();
    });
    if (!status.ok()) return status;
    current = migration.version;
  }
  if (migrations.empty()) {
    absl::Status check = db.Read([&current, &migrations](SqlSession& session) {
      absl::StatusOr<std::vector<Row>> rows = session.Query(
          "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      if (!rows.ok()) return rows.status();
      current = static_cast<int>((*rows)[0].Int(0));
      if (current > static_cast<int>(migrations.size())) {
        return absl::FailedPreconditionError(
            absl::StrCat("database schema version ", current,
                         " is newer than this binary knows (0)"));
      }
      return absl::OkStatus();
    });
    if (!check.ok()) return check;
  }
  return current;
}

}  // namespace dyadscope::storage
