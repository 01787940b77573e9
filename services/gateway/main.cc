// The gateway: answers "assess A–B" in one call by asking the events,
// economics, security risk and scoring services concurrently.
// Usage: gateway [--listen=127.0.0.1:50050] [--events_address=…] [--help]

#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/client/channel_factory.h"
#include "common/server/service_main.h"
#include "common/server/tls.h"
#include "services/gateway/aggregation/assessment_aggregator.h"
#include "services/gateway/clients/grpc_backends.h"
#include "services/gateway/grpc/gateway_service.h"

ABSL_FLAG(std::string, events_address, "127.0.0.1:50051",
          "Address of the events service");
ABSL_FLAG(std::string, economics_address, "127.0.0.1:50052",
          "Address of the economics service");
ABSL_FLAG(std::string, security_risk_address, "127.0.0.1:50053",
          "Address of the security_risk service");
ABSL_FLAG(std::string, scoring_address, "127.0.0.1:50054",
          "Address of the scoring service");
ABSL_FLAG(absl::Duration, backend_timeout, absl::Seconds(10),
          "Longest wait for each data backend (events, economics, "
          "security_risk); a late backend is reported unavailable and the "
          "answer is provisional");
ABSL_FLAG(absl::Duration, scoring_timeout, absl::Seconds(30),
          "Longest wait for the scoring service");
ABSL_FLAG(int, max_concurrent_fanouts, 64,
          "Most requests whose backend calls are in flight at once; a request "
          "beyond it waits for a slot until its deadline (0: no bound)");
ABSL_FLAG(int, cache_capacity, 128, "Assessments kept in the cache");
ABSL_FLAG(absl::Duration, cache_max_age, absl::ZeroDuration(),
          "Serve a cached assessment this long without asking the backends "
          "whether their data changed (0: always ask, so answers are always "
          "current; e.g. 10s trades up to 10 s of staleness after a write "
          "for answers that cost no backend call)");
ABSL_FLAG(std::string, backend_tls_ca, "",
          "PEM CA bundle that signed the backends' certificates: call them "
          "over TLS (empty: plaintext unless a client certificate is set)");
ABSL_FLAG(std::string, backend_tls_cert, "",
          "PEM client certificate for the backends (mutual TLS)");
ABSL_FLAG(std::string, backend_tls_key, "",
          "PEM private key of --backend_tls_cert");
ABSL_FLAG(std::string, backend_token_file, "",
          "File whose first token line the gateway presents to the backends "
          "as a bearer token (needed when they run with --auth_reads); the "
          "caller's own token is never forwarded for reads");
ABSL_FLAG(std::string, reference_country, "IND",
          "Default reference country for UN voting alignment");

int main(int argc, char** argv) {
  using dyadscope::FailStartup;
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::StartServiceMain(
          argc, argv,
          {"gateway", 50050,
           "dyadscope gateway (dyad assessments composed from the four "
           "backends). Flags may also be set as DYADSCOPE_<FLAG> environment "
           "variables."});
  if (!options.ok()) return dyadscope::kStartupFailure;
  if (absl::GetFlag(FLAGS_cache_capacity) < 0) {
    return FailStartup(
        "gateway", "bad flags",
        absl::InvalidArgumentError("--cache_capacity must not be negative"));
  }
  if (absl::GetFlag(FLAGS_max_concurrent_fanouts) < 0) {
    return FailStartup("gateway", "bad flags",
                       absl::InvalidArgumentError(
                           "--max_concurrent_fanouts must not be negative"));
  }
  dyadscope::ChannelOptions channel_options;
  const dyadscope::ClientTlsFiles backend_tls{
      absl::GetFlag(FLAGS_backend_tls_ca),
      absl::GetFlag(FLAGS_backend_tls_cert),
      absl::GetFlag(FLAGS_backend_tls_key)};
  if (!backend_tls.ca.empty() || !backend_tls.cert.empty() ||
      !backend_tls.key.empty()) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        dyadscope::ClientTlsCredentials(backend_tls, "backend_tls");
    if (!credentials.ok()) {
      return FailStartup("gateway", "bad flags", credentials.status());
    }
    channel_options.credentials = *std::move(credentials);
  }
  if (!absl::GetFlag(FLAGS_backend_token_file).empty()) {
    absl::StatusOr<std::string> token = dyadscope::ReadBearerToken(
        absl::GetFlag(FLAGS_backend_token_file), "backend_token_file");
    if (!token.ok()) {
      return FailStartup("gateway", "bad flags", token.status());
    }
    channel_options.bearer_token = *std::move(token);
  }
  // One long-lived channel per backend, made once.
  dyadscope::gateway::GrpcEventsBackend events(dyadscope::CreateBackendChannel(
      absl::GetFlag(FLAGS_events_address),
      {dyadscope::events::v1::EventsService::service_full_name()},
      channel_options));
  dyadscope::gateway::GrpcEconomicsBackend economics(
      dyadscope::CreateBackendChannel(
          absl::GetFlag(FLAGS_economics_address),
          {dyadscope::economics::v1::EconomicsService::service_full_name()},
          channel_options));
  dyadscope::gateway::GrpcSecurityRiskBackend security_risk(
      dyadscope::CreateBackendChannel(
          absl::GetFlag(FLAGS_security_risk_address),
          {dyadscope::securityrisk::v1::SecurityRiskService::
               service_full_name()},
          channel_options));
  dyadscope::gateway::GrpcScoringBackend scoring(
      dyadscope::CreateBackendChannel(
          absl::GetFlag(FLAGS_scoring_address),
          {dyadscope::scoring::v1::ScoringService::service_full_name()},
          channel_options));
  dyadscope::gateway::AggregatorOptions aggregator_options;
  aggregator_options.events_timeout = absl::GetFlag(FLAGS_backend_timeout);
  aggregator_options.economics_timeout = absl::GetFlag(FLAGS_backend_timeout);
  aggregator_options.security_risk_timeout =
      absl::GetFlag(FLAGS_backend_timeout);
  aggregator_options.scoring_timeout = absl::GetFlag(FLAGS_scoring_timeout);
  aggregator_options.max_concurrent_fanouts =
      absl::GetFlag(FLAGS_max_concurrent_fanouts);
  aggregator_options.cache_capacity = absl::GetFlag(FLAGS_cache_capacity);
  if (absl::GetFlag(FLAGS_cache_max_age) < absl::ZeroDuration()) {
    return FailStartup(
        "gateway", "bad flags",
        absl::InvalidArgumentError("--cache_max_age must not be negative"));
  }
  aggregator_options.cache_max_age = absl::GetFlag(FLAGS_cache_max_age);
  aggregator_options.default_reference_country_code =
      absl::GetFlag(FLAGS_reference_country);
  dyadscope::gateway::AssessmentAggregator aggregator(
      &events, &economics, &security_risk, &scoring, aggregator_options);
  dyadscope::gateway::GatewayServiceImpl service(&aggregator,
                                                 options->call_policy);
  return dyadscope::ServeUntilSignal(
      *options, {{dyadscope::gateway::v1::GatewayService::service_full_name(),
                  &service}});
}
