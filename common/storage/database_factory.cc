#include "common/storage/database_factory.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/storage/postgres_database.h"
#include "common/storage/sqlite_database.h"

namespace dyadscope::storage {

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(const std::string& url) {
  if (url.empty()) {
    return absl::InvalidArgumentError("--database must name a database");
  }
  if (absl::StartsWith(url, "postgresql://") ||
      absl::StartsWith(url, "postgres://")) {
    absl::StatusOr<std::unique_ptr<PostgresDatabase>> db =
        PostgresDatabase::Open(url);
    if (!db.ok()) return db.status();
    return std::unique_ptr<Database>(*std::move(db));
  }
  std::string path = url;
  if (absl::StartsWith(path, "sqlite:")) path = path.substr(7);
  if (absl::StrContains(path, "://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--database \"", url,
                     "\" is neither a SQLite path nor a postgresql:// URL"));
  }
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db =
      SqliteDatabase::Open(path);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Database>(*std::move(db));
}

}  // namespace dyadscope::storage
