// The scoring server: convergence, asymmetry and exposure indices and the
// relationship class, from indicator values (a pure computation).
// Usage: scoring [--listen=127.0.0.1:50054] [--help]

#include "absl/status/statusor.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "services/scoring/grpc/scoring_service.h"

int main(int argc, char** argv) {
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope scoring service (indices, classification and uncertainty). "
      "Flags may also be set as DYADSCOPE_<FLAG> environment variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags("scoring", 50054);
  if (!options.ok()) {
    return dyadscope::FailStartup("scoring", "bad flags", options.status());
  }
  dyadscope::scoring::ScoringServiceImpl service(options->call_policy);
  return dyadscope::ServeUntilSignal(
      *options, {{dyadscope::scoring::v1::ScoringService::service_full_name(),
                  &service}});
}
