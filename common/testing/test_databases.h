// File: common/testing/test_databases.h
// -----------------------------------------------------------------------------
// Fresh databases for store conformance suites, which run every test once per
// engine (TEST_P over kAllEngines):
//
//   INSTANTIATE_TEST_SUITE_P(Engines, MyStoreTest,
//                            ::testing::ValuesIn(testing::kAllEngines),
//                            testing::EngineTestName);
//
// SQLite databases are files under the test's temporary folder, removed when
// the process exits. PostgreSQL databases are created on the throwaway server
// that CTest's `postgres` fixture starts (tests/postgres/fixture.sh; the
// environment variable DYADSCOPE_TEST_POSTGRES names the file holding its
// URL) or, when a test binary runs outside CTest, on a server the process
// starts on first use and removes at exit.

#ifndef DYADSCOPE_COMMON_TESTING_TEST_DATABASES_H_
#define DYADSCOPE_COMMON_TESTING_TEST_DATABASES_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "common/storage/database.h"
#include "gtest/gtest.h"

namespace dyadscope::testing {

inline constexpr storage::Engine kAllEngines[] = {storage::Engine::kSqlite,
                                                  storage::Engine::kPostgres};

// "Sqlite" or "Postgres", for test names.
std::string EngineTestName(
    const ::testing::TestParamInfo<storage::Engine>& info);

// Returns the URL (a file path for SQLite) of a new, empty database of
// `engine`, for storage::OpenDatabase.
absl::StatusOr<std::string> NewTestDatabase(storage::Engine engine);

}  // namespace dyadscope::testing

namespace dyadscope::storage {

// How GoogleTest shows an engine parameter: "Sqlite" or "Postgres" (found
// by argument-dependent lookup, so it lives in the enum's namespace).
void PrintTo(Engine engine, std::ostream* os);

}  // namespace dyadscope::storage

#endif  // DYADSCOPE_COMMON_TESTING_TEST_DATABASES_H_
