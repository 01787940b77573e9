// The security_risk server: incidents touching a partner's nationals and
// projects, and risk forecasts from them.
// Usage: security_risk [--listen=127.0.0.1:50053] [--database=FILE] [--help]

#include <string>

#include "absl/flags/flag.h"
#include "common/server/service_main.h"
#include "common/server/store_main.h"
#include "services/security_risk/domain/security_risk_manager.h"
#include "services/security_risk/grpc/security_risk_service.h"
#include "services/security_risk/storage/sql_incident_repository.h"

DYADSCOPE_DATABASE_FLAG("dyadscope-security_risk.sqlite");
DYADSCOPE_SEED_DATA_FLAG("incidents");
ABSL_FLAG(std::string, seed_data_file, "data/pak-chn/incidents.csv",
          "The curated incidents CSV to seed from");

namespace {

namespace security_risk = ::dyadscope::security_risk;
namespace securityrisk_v1 = ::dyadscope::securityrisk::v1;

constexpr char kService[] = "security_risk";

// Loads the curated incidents into an empty store, wires the service over
// `repository` and serves it.
int Serve(const dyadscope::ServerOptions& options,
          security_risk::SqlIncidentRepository* repository) {
  security_risk::SecurityRiskManager manager(
      repository, security_risk::SecurityRiskConfig());
  absl::Status seeded = dyadscope::SeedServiceStore(
      kService, absl::GetFlag(FLAGS_seed_data), "incidents",
      [&] { return manager.SeedIfEmpty(absl::GetFlag(FLAGS_seed_data_file)); });
  if (!seeded.ok()) return dyadscope::kStartupFailure;
  security_risk::SecurityRiskServiceImpl service(&manager, options.call_policy);
  return dyadscope::ServeUntilSignal(
      options,
      {{securityrisk_v1::SecurityRiskService::service_full_name(), &service}});
}

}  // namespace

int main(int argc, char** argv) {
  return dyadscope::RunStoreService<security_risk::SqlIncidentRepository>(
      argc, argv,
      {kService, 50053,
       "dyadscope security_risk service (incidents and risk forecasts). "
       "Flags may also be set as DYADSCOPE_<FLAG> environment variables."},
      FLAGS_database, Serve);
}
