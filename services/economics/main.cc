// The economics server: economic observations and the indicators of
// asymmetric interdependence.
// Usage: economics [--listen=127.0.0.1:50052] [--database=FILE] [--help]

#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "common/logging/log.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "common/storage/database_factory.h"
#include "services/economics/domain/economics_manager.h"
#include "services/economics/grpc/economics_service.h"
#include "services/economics/storage/sql_observation_repository.h"

ABSL_FLAG(std::string, database, "dyadscope-economics.sqlite",
          "Store: a SQLite file path (created if missing), ':memory:', or a "
          "postgresql:// URL");
ABSL_FLAG(bool, seed_data, true,
          "Load the embedded PAK-CHN dataset when the store is empty");
ABSL_FLAG(std::string, seed_data_dir, "data/pak-chn/economics",
          "Folder with the tidy observation CSV files to seed from");

namespace {
constexpr char kService[] = "economics";
}  // namespace

int main(int argc, char** argv) {
  using dyadscope::FailStartup;
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope economics service (observations and asymmetric-"
      "interdependence indicators). Flags may also be set as "
      "DYADSCOPE_<FLAG> environment variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags(kService, 50052);
  if (!options.ok())
    return FailStartup(kService, "bad flags", options.status());
  absl::StatusOr<std::unique_ptr<dyadscope::storage::Database>> db =
      dyadscope::storage::OpenDatabase(absl::GetFlag(FLAGS_database));
  if (!db.ok())
    return FailStartup(kService, "cannot open database", db.status());
  auto repository =
      dyadscope::economics::SqlObservationRepository::Create(db->get());
  if (!repository.ok()) {
    return FailStartup(kService, "cannot migrate database",
                       repository.status());
  }
  dyadscope::economics::EconomicsManager manager(
      repository->get(), dyadscope::economics::EconomicsConfig());
  if (absl::GetFlag(FLAGS_seed_data)) {
    absl::StatusOr<int64_t> seeded =
        manager.SeedIfEmpty(absl::GetFlag(FLAGS_seed_data_dir));
    if (!seeded.ok()) {
      return FailStartup(kService, "cannot seed data", seeded.status());
    }
    if (*seeded > 0) {
      dyadscope::log::Info("seeded embedded data",
                           {dyadscope::log::Field("service", kService),
                            dyadscope::log::Field("observations", *seeded)});
    }
  }
  dyadscope::economics::EconomicsServiceImpl service(&manager,
                                                     options->call_policy);
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::economics::v1::EconomicsService::service_full_name(),
        &service}});
}
