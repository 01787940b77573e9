// The economics server: economic observations and the indicators of
// asymmetric interdependence.
// Usage: economics [--listen=127.0.0.1:50052] [--database=FILE] [--help]

#include <string>

#include "absl/flags/flag.h"
#include "common/server/service_main.h"
#include "common/server/store_main.h"
#include "services/economics/domain/economics_manager.h"
#include "services/economics/grpc/economics_service.h"
#include "services/economics/storage/sql_observation_repository.h"

DYADSCOPE_DATABASE_FLAG("dyadscope-economics.sqlite");
DYADSCOPE_SEED_DATA_FLAG("dataset");
ABSL_FLAG(std::string, seed_data_dir, "data/pak-chn/economics",
          "Folder with the tidy observation CSV files to seed from");

namespace {

namespace economics = ::dyadscope::economics;

constexpr char kService[] = "economics";

// Loads the PAK-CHN observations into an empty store, wires the service
// over `repository` and serves it.
int Serve(const dyadscope::ServerOptions& options,
          economics::SqlObservationRepository* repository) {
  economics::EconomicsManager manager(repository, economics::EconomicsConfig());
  absl::Status seeded = dyadscope::SeedServiceStore(
      kService, absl::GetFlag(FLAGS_seed_data), "observations",
      [&] { return manager.SeedIfEmpty(absl::GetFlag(FLAGS_seed_data_dir)); });
  if (!seeded.ok()) return dyadscope::kStartupFailure;
  economics::EconomicsServiceImpl service(&manager, options.call_policy);
  return dyadscope::ServeUntilSignal(
      options,
      {{economics::v1::EconomicsService::service_full_name(), &service}});
}

}  // namespace

int main(int argc, char** argv) {
  return dyadscope::RunStoreService<economics::SqlObservationRepository>(
      argc, argv,
      {kService, 50052,
       "dyadscope economics service (observations and asymmetric-"
       "interdependence indicators). Flags may also be set as "
       "DYADSCOPE_<FLAG> environment variables."},
      FLAGS_database, Serve);
}
