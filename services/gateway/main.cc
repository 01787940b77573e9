// The gateway server: dyad assessments composed from the four backends.
// Usage: gateway [--listen=127.0.0.1:50050] [--help for every flag]

#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "services/gateway/grpc/gateway_service.h"

ABSL_FLAG(std::string, events_address, "127.0.0.1:50051",
          "Address of the events service");
ABSL_FLAG(std::string, economics_address, "127.0.0.1:50052",
          "Address of the economics service");
ABSL_FLAG(std::string, security_risk_address, "127.0.0.1:50053",
          "Address of the security_risk service");
ABSL_FLAG(std::string, scoring_address, "127.0.0.1:50054",
          "Address of the scoring service");

int main(int argc, char** argv) {
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope gateway service (dyad assessments composed from the four "
      "backends). Flags may also be set as "
      "DYADSCOPE_<FLAG> environment variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags("gateway", 50050);
  if (!options.ok()) {
    return dyadscope::FailStartup("gateway", "bad flags", options.status());
  }

  dyadscope::gateway::GatewayServiceImpl service;
  return dyadscope::ServeUntilSignal(
      *options, {{dyadscope::gateway::v1::GatewayService::service_full_name(),
                  &service}});
}
