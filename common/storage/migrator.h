// File: common/storage/migrator.h
// -----------------------------------------------------------------------------
// Applies a service's numbered schema migrations in order, each in its own
// transaction, and records them in `schema_migrations`, so that start-up
// brings any older database to the current schema and never applies a
// migration twice.

#ifndef DYADSCOPE_COMMON_STORAGE_MIGRATOR_H_
#define DYADSCOPE_COMMON_STORAGE_MIGRATOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage/database.h"

namespace dyadscope::storage {

// One schema change: `version` numbers start at 1 and increase by one.
struct Migration {
  int version = 0;
  std::string name;  // e.g. "0001_create_events"
  std::string sql;   // portable SQL, several statements allowed
};

// Applies the migrations of `migrations` newer than the database's version.
// Returns the resulting schema version. Fails with FAILED_PRECONDITION when
// the list is not numbered 1, 2, 3 … or when the database is newer than this
// binary knows (a downgrade), and with the migration's error (nothing of
// that migration applied) when one fails.
absl::StatusOr<int> ApplyMigrations(Database& db,
                                    const std::vector<Migration>& migrations);

}  // namespace dyadscope::storage

#endif  // DYADSCOPE_COMMON_STORAGE_MIGRATOR_H_
