#include "common/testing/test_databases.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/testing/postgres_server.h"

namespace dyadscope::testing {
namespace {

std::atomic<int> counter{0};

std::string UniqueName(absl::string_view prefix) {
  return absl::StrCat(prefix, getpid(), "_", absl::ToUnixMicros(absl::Now()),
                      "_", counter.fetch_add(1));
}

// SQLite files made by this process, removed at exit.
struct SqliteFiles {
  std::mutex mu;
  std::vector<std::string> paths;
  ~SqliteFiles() {
    for (const std::string& path : paths) {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::remove(absl::StrCat(path, suffix).c_str());
      }
    }
  }
};

SqliteFiles& Files() {
  static SqliteFiles files;
  return files;
}

// The URL of the PostgreSQL server's maintenance database.
absl::StatusOr<std::string> AdminUrl() {
  static std::mutex mu;
  static std::string url;
  static std::unique_ptr<PostgresServer> own_server;
  std::lock_guard<std::mutex> lock(mu);
  if (!url.empty()) return url;
  if (const char* file = std::getenv("DYADSCOPE_TEST_POSTGRES");
      file != nullptr && *file != '\0') {
    std::ifstream in(file);
    std::getline(in, url);
    absl::StripAsciiWhitespace(&url);
    if (url.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "DYADSCOPE_TEST_POSTGRES names ", file,
          " but it holds no URL: did the postgres_fixture_start test run?"));
    }
    return url;
  }
  absl::StatusOr<std::unique_ptr<PostgresServer>> server =
      PostgresServer::Start();
  if (!server.ok()) return server.status();
  own_server = *std::move(server);
  url = own_server->UrlFor("postgres");
  // The server outlives every test of the process and stops at exit.
  std::atexit([] { own_server.reset(); });
  return url;
}

}  // namespace

std::string EngineTestName(
    const ::testing::TestParamInfo<storage::Engine>& info) {
  return info.param == storage::Engine::kPostgres ? "Postgres" : "Sqlite";
}

absl::StatusOr<std::string> NewTestDatabase(storage::Engine engine) {
  if (engine == storage::Engine::kSqlite) {
    std::string path = absl::StrCat(::testing::TempDir(), "/",
                                    UniqueName("store-"), ".sqlite");
    std::lock_guard<std::mutex> lock(Files().mu);
    Files().paths.push_back(path);
    return path;
  }
  absl::StatusOr<std::string> admin = AdminUrl();
  if (!admin.ok()) return admin.status();
  const std::string name = UniqueName("t");
  PGconn* conn = PQconnectdb(admin->c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return absl::UnavailableError(
        absl::StrCat("cannot reach the test PostgreSQL server: ", message));
  }
  PGresult* result =
      PQexec(conn, absl::StrCat("CREATE DATABASE ", name).c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string message = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) {
    return absl::InternalError(
        absl::StrCat("CREATE DATABASE ", name, " failed: ", message));
  }
  // The admin URL ends in "/postgres"; swap the database name.
  std::string url = *admin;
  url = absl::StrCat(url.substr(0, url.rfind('/') + 1), name);
  return url;
}

}  // namespace dyadscope::testing

namespace dyadscope::storage {

void PrintTo(Engine engine, std::ostream* os) {
  *os << (engine == Engine::kPostgres ? "Postgres" : "Sqlite");
}

}  // namespace dyadscope::storage
