// The security_risk server: security incidents and risk forecasts.
// Usage: security_risk [--listen=127.0.0.1:50053] [--help for every flag]

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
#include "services/security_risk/grpc/security_risk_service.h"

ABSL_FLAG(std::string, database, "dyadscope-security_risk.sqlite",
          "Store: a SQLite file path (created if missing), ':memory:', or a "
          "postgresql:// URL");

int main(int argc, char** argv) {
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope security_risk service (security incidents and risk "
      "forecasts). Flags may also be set as "
      "DYADSCOPE_<FLAG> environment variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags("security_risk", 50053);
  if (!options.ok()) {
    return dyadscope::FailStartup("security_risk", "bad flags",
                                  options.status());
  }

  absl::StatusOr<std::unique_ptr<dyadscope::storage::Database>> db =
      dyadscope::storage::OpenDatabase(absl::GetFlag(FLAGS_database));
  if (!db.ok()) {
    return dyadscope::FailStartup("security_risk", "cannot open database",
                                  db.status());
  }
  absl::StatusOr<int> version = dyadscope::storage::ApplyMigrations(**db, {});
  if (!version.ok()) {
    return dyadscope::FailStartup("security_risk", "cannot migrate database",
                                  version.status());
  }

  dyadscope::security_risk::SecurityRiskServiceImpl service;
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::securityrisk::v1::SecurityRiskService::service_full_name(),
        &service}});
}
