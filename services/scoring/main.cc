// The scoring server: convergence, asymmetry and exposure indices and the
// relationship class, from indicator values (a pure computation).
// Usage: scoring [--listen=127.0.0.1:50054] [--help]

#include "absl/status/statusor.h"
#include "common/server/service_main.h"
#include "services/scoring/grpc/scoring_service.h"

int main(int argc, char** argv) {
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::StartServiceMain(
          argc, argv,
          {"scoring", 50054,
           "dyadscope scoring service (indices, classification and "
           "uncertainty). Flags may also be set as DYADSCOPE_<FLAG> "
           "environment variables."});
  if (!options.ok()) return dyadscope::kStartupFailure;
  dyadscope::scoring::ScoringServiceImpl service(options->call_policy);
  return dyadscope::ServeUntilSignal(
      *options, {{dyadscope::scoring::v1::ScoringService::service_full_name(),
                  &service}});
}
