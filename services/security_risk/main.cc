// The security_risk server: incidents touching a partner's nationals and
// projects, and risk forecasts from them.
// Usage: security_risk [--listen=127.0.0.1:50053] [--database=FILE] [--help]

#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "common/logging/log.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "common/storage/database_factory.h"
#include "services/security_risk/domain/security_risk_manager.h"
#include "services/security_risk/grpc/security_risk_service.h"
#include "services/security_risk/storage/sql_incident_repository.h"

ABSL_FLAG(std::string, database, "dyadscope-security_risk.sqlite",
          "Store: a SQLite file path (created if missing), ':memory:', or a "
          "postgresql:// URL");
ABSL_FLAG(bool, seed_data, true,
          "Load the embedded PAK-CHN incidents when the store is empty");
ABSL_FLAG(std::string, seed_data_file, "data/pak-chn/incidents.csv",
          "The curated incidents CSV to seed from");

namespace {
constexpr char kService[] = "security_risk";
}  // namespace

int main(int argc, char** argv) {
  using dyadscope::FailStartup;
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope security_risk service (incidents and risk forecasts). Flags "
      "may also be set as DYADSCOPE_<FLAG> environment variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags(kService, 50053);
  if (!options.ok())
    return FailStartup(kService, "bad flags", options.status());
  absl::StatusOr<std::unique_ptr<dyadscope::storage::Database>> db =
      dyadscope::storage::OpenDatabase(absl::GetFlag(FLAGS_database));
  if (!db.ok())
    return FailStartup(kService, "cannot open database", db.status());
  auto repository =
      dyadscope::security_risk::SqlIncidentRepository::Create(db->get());
  if (!repository.ok()) {
    return FailStartup(kService, "cannot migrate database",
                       repository.status());
  }
  dyadscope::security_risk::SecurityRiskManager manager(
      repository->get(), dyadscope::security_risk::SecurityRiskConfig());
  if (absl::GetFlag(FLAGS_seed_data)) {
    absl::StatusOr<int64_t> seeded =
        manager.SeedIfEmpty(absl::GetFlag(FLAGS_seed_data_file));
    if (!seeded.ok()) {
      return FailStartup(kService, "cannot seed data", seeded.status());
    }
    if (*seeded > 0) {
      dyadscope::log::Info("seeded embedded data",
                           {dyadscope::log::Field("service", kService),
                            dyadscope::log::Field("incidents", *seeded)});
    }
  }
  dyadscope::security_risk::SecurityRiskServiceImpl service(
      &manager, options->call_policy);
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::securityrisk::v1::SecurityRiskService::service_full_name(),
        &service}});
}
