// File: common/testing/postgres_server.h
// -----------------------------------------------------------------------------
// A throwaway PostgreSQL server for tests: initdb (trust authentication) in a
// private temporary folder, started with pg_ctl on a free loopback port and
// a private socket folder, removed when the object is destroyed. When the
// test runs as root the server runs as the `postgres` user (initdb refuses
// root). Requires Debian's `postgresql` package.

#ifndef DYADSCOPE_COMMON_TESTING_POSTGRES_SERVER_H_
#define DYADSCOPE_COMMON_TESTING_POSTGRES_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace dyadscope::testing {

class PostgresServer {
 public:
  // Returns the folder of initdb/pg_ctl (newest /usr/lib/postgresql/*/bin),
  // or NOT_FOUND when PostgreSQL is not installed.
  static absl::StatusOr<std::string> FindBinDir();

  // Creates, starts and waits for a server, with the database
  // "dyadscope_test" created.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Start();

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // postgresql://postgres@127.0.0.1:PORT/dyadscope_test
  std::string url() const { return UrlFor("dyadscope_test"); }
  std::string UrlFor(const std::string& database) const;
  int port() const { return port_; }

  // Creates another (empty) database; returns its URL.
  absl::StatusOr<std::string> CreateDatabase(const std::string& name);

  // Stops the server (fast shutdown: sessions are disconnected).
  absl::Status Stop();
  // Starts a stopped server again on the same port and data.
  absl::Status Restart();

 private:
  PostgresServer(std::string bin_dir, std::string dir, int port)
      : bin_dir_(std::move(bin_dir)), dir_(std::move(dir)), port_(port) {}

  // Runs a PostgreSQL program (as `postgres` when root); output goes to the
  // log file in the folder.
  absl::Status Run(const std::string& program, const std::string& args);

  std::string bin_dir_;
  std::string dir_;
  int port_;
  bool running_ = false;
};

}  // namespace dyadscope::testing

#endif  // DYADSCOPE_COMMON_TESTING_POSTGRES_SERVER_H_
