// File: common/storage/database_factory.h
// -----------------------------------------------------------------------------
// Opens the database a --database flag names: a SQLite file path (optionally
// "sqlite:" prefixed), ":memory:", or a "postgresql://" URL.

#ifndef DYADSCOPE_COMMON_STORAGE_DATABASE_FACTORY_H_
#define DYADSCOPE_COMMON_STORAGE_DATABASE_FACTORY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/storage/database.h"

namespace dyadscope::storage {

// Opens the database at `url`. Returns INVALID_ARGUMENT for an empty or
// unknown URL, UNIMPLEMENTED for PostgreSQL in a build without it, and
// UNAVAILABLE when the database cannot be opened.
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(const std::string& url);

}  // namespace dyadscope::storage

#endif  // DYADSCOPE_COMMON_STORAGE_DATABASE_FACTORY_H_
