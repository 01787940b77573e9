// File: common/server/store_main.h
// -----------------------------------------------------------------------------
// What the mains of the stateful services (events, economics,
// security_risk) share besides common/server/service_main.h: the --database
// flag, opening and migrating the store, seeding an empty store, and the
// whole start of a service whose only dependency is its repository.
//
//   DYADSCOPE_DATABASE_FLAG("dyadscope-economics.sqlite");
//
//   int main(int argc, char** argv) {
//     return RunStoreService<SqlObservationRepository>(
//         argc, argv, {"economics", 50052, "dyadscope …"}, FLAGS_database,
//         [](const ServerOptions& options,
//            SqlObservationRepository* repository) {
//           EconomicsManager manager(repository, EconomicsConfig());
//           …
//           return ServeUntilSignal(options, {{…, &service}});
//         });
//   }

#ifndef DYADSCOPE_COMMON_SERVER_STORE_MAIN_H_
#define DYADSCOPE_COMMON_SERVER_STORE_MAIN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/logging/log.h"
#include "common/server/server_options.h"
#include "common/server/service_main.h"
#include "common/storage/database.h"

// Defines the --database flag of a stateful service, defaulting to the
// SQLite file `default_path`. At namespace scope in main.cc.
#define DYADSCOPE_DATABASE_FLAG(default_path)                              \
  ABSL_FLAG(std::string, database, default_path,                           \
            "Store: a SQLite file path (created if missing), ':memory:', " \
            "or a postgresql:// URL")

// Defines the --seed_data flag of a stateful service: whether to load the
// embedded PAK-CHN `what` (a string literal: "dataset", "incidents") into an
// empty store. At namespace scope in main.cc.
#define DYADSCOPE_SEED_DATA_FLAG(what) \
  ABSL_FLAG(bool, seed_data, true,     \
            "Load the embedded PAK-CHN " what " when the store is empty")

namespace dyadscope {

// An open, migrated store: the database and the repository over it (which
// borrows the database, so it is declared after it and destroyed first).
template <typename Repository>
struct ServiceStore {
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<Repository> repository;
};

// Opens the database `url` names ("sqlite:…", a file path, ":memory:" or
// "postgresql://…"); on failure logs "cannot open database" for `service`
// and returns the error.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenServiceDatabase(
    absl::string_view service, const std::string& url);

// Logs "cannot migrate database" for `service` when `status` is an error;
// returns `status`.
absl::Status ReportMigration(absl::string_view service,
                             const absl::Status& status);

// Opens the database `url` names and creates (migrating the schema) the
// Repository over it with Repository::Create(storage::Database*); logs what
// failed, as OpenServiceDatabase and ReportMigration do.
template <typename Repository>
absl::StatusOr<ServiceStore<Repository>> OpenServiceStore(
    absl::string_view service, const std::string& url) {
  ServiceStore<Repository> store;
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      OpenServiceDatabase(service, url);
  if (!database.ok()) return database.status();
  store.database = *std::move(database);
  absl::StatusOr<std::unique_ptr<Repository>> repository =
      Repository::Create(store.database.get());
  if (!repository.ok()) {
    return ReportMigration(service, repository.status());
  }
  store.repository = *std::move(repository);
  return store;
}

// Seeds the store when `enabled`: `seed` loads the data when the store is
// empty and returns what it loaded as log fields (none: nothing loaded).
// Logs "seeded embedded data" with those fields, or "cannot seed data" with
// the error, for `service`; returns the error.
absl::Status SeedServiceStore(
    absl::string_view service, bool enabled,
    absl::FunctionRef<absl::StatusOr<std::vector<log::Field>>()> seed);

// As above, for a `seed` that returns how many records it loaded; logs the
// count under `what` when it loaded any.
absl::Status SeedServiceStore(
    absl::string_view service, bool enabled, absl::string_view what,
    absl::FunctionRef<absl::StatusOr<int64_t>()> seed);

// The whole main() of a service that needs only its store: starts as
// StartServiceMain does, opens the store the flag `database` names with
// OpenServiceStore, then returns what `serve` (which wires the service over
// the repository and ends with ServeUntilSignal) returns. Returns
// kStartupFailure when a step before `serve` fails.
template <typename Repository>
int RunStoreService(
    int argc, char** argv, const ServiceInfo& info,
    const absl::Flag<std::string>& database,
    absl::FunctionRef<int(const ServerOptions&, Repository*)> serve) {
  absl::StatusOr<ServerOptions> options = StartServiceMain(argc, argv, info);
  if (!options.ok()) return kStartupFailure;
  absl::StatusOr<ServiceStore<Repository>> store =
      OpenServiceStore<Repository>(info.name, absl::GetFlag(database));
  if (!store.ok()) return kStartupFailure;
  return serve(*options, store->repository.get());
}

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_STORE_MAIN_H_
