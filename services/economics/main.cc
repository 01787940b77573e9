// The economics server: economic observations and asymmetric-interdependence
// indicators. Usage: economics [--listen=127.0.0.1:50052] [--help for every
// flag]

#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "common/storage/database_factory.h"
#include "common/storage/migrator.h"
#include "services/economics/grpc/economics_service.h"

ABSL_FLAG(std::string, database, "dyadscope-economics.sqlite",
          "Store: a SQLite file path (created if missing), ':memory:', or a "
          "postgresql:// URL");

int main(int argc, char** argv) {
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope economics service (economic observations and "
      "asymmetric-interdependence indicators). Flags may also be set as "
      "DYADSCOPE_<FLAG> environment variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags("economics", 50052);
  if (!options.ok()) {
    return dyadscope::FailStartup("economics", "bad flags", options.status());
  }

  absl::StatusOr<std::unique_ptr<dyadscope::storage::Database>> db =
      dyadscope::storage::OpenDatabase(absl::GetFlag(FLAGS_database));
  if (!db.ok()) {
    return dyadscope::FailStartup("economics", "cannot open database",
                                  db.status());
  }
  absl::StatusOr<int> version = dyadscope::storage::ApplyMigrations(**db, {});
  if (!version.ok()) {
    return dyadscope::FailStartup("economics", "cannot migrate database",
                                  version.status());
  }

  dyadscope::economics::EconomicsServiceImpl service;
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::economics::v1::EconomicsService::service_full_name(),
        &service}});
}
