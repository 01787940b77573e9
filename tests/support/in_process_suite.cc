#include "tests/support/in_process_suite.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/client/channel_factory.h"
#include "common/server/call_policy.h"
#include "common/status/status_macros.h"
#include "common/storage/database_factory.h"
#include "embedded/events_lexicon_data.h"
#include "services/economics/domain/economics_manager.h"
#include "services/economics/grpc/economics_service.h"
#include "services/economics/storage/sql_observation_repository.h"
#include "services/events/domain/events_manager.h"
#include "services/events/domain/lexicon.h"
#include "services/events/domain/seed.h"
#include "services/events/grpc/events_service.h"
#include "services/events/storage/sql_event_repository.h"
#include "services/gateway/clients/grpc_backends.h"
#include "services/gateway/grpc/gateway_service.h"
#include "services/scoring/grpc/scoring_service.h"
#include "services/security_risk/domain/security_risk_manager.h"
#include "services/security_risk/grpc/security_risk_service.h"
#include "services/security_risk/storage/sql_incident_repository.h"

namespace dyadscope::testing {

struct InProcessBackends::State {
  std::unique_ptr<storage::Database> events_db;
  std::unique_ptr<events::SqlEventRepository> events_repository;
  std::unique_ptr<events::Lexicon> lexicon;
  std::unique_ptr<events::EventsManager> events_manager;
  std::unique_ptr<events::EventsServiceImpl> events_service;

  std::unique_ptr<storage::Database> economics_db;
  std::unique_ptr<economics::SqlObservationRepository> economics_repository;
  std::unique_ptr<economics::EconomicsManager> economics_manager;
  std::unique_ptr<economics::EconomicsServiceImpl> economics_service;

  std::unique_ptr<storage::Database> risk_db;
  std::unique_ptr<security_risk::SqlIncidentRepository> risk_repository;
  std::unique_ptr<security_risk::SecurityRiskManager> risk_manager;
  std::unique_ptr<security_risk::SecurityRiskServiceImpl> risk_service;

  std::unique_ptr<scoring::ScoringServiceImpl> scoring_service;

  TestServer events;
  TestServer economics;
  TestServer security_risk;
  TestServer scoring;
};

namespace {

absl::StatusOr<TestServer> Serve(const char* name, grpc::Service* service) {
  ServerOptions options;
  options.service_name = name;
  return StartTestServer({{name, service}}, options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<InProcessBackends>> InProcessBackends::Start(
    const InProcessOptions& options) {
  auto s = std::make_unique<State>();
  auto url = [&](const char* name) {
    return options.store_dir.empty()
               ? std::string(":memory:")
               : absl::StrCat(options.store_dir, "/", name, ".sqlite");
  };
  const bool seed = !options.seed_dir.empty();

  DYADSCOPE_ASSIGN_OR_RETURN(s->events_db,
                             storage::OpenDatabase(url("events")));
  DYADSCOPE_ASSIGN_OR_RETURN(
      s->events_repository,
      events::SqlEventRepository::Create(s->events_db.get()));
  DYADSCOPE_ASSIGN_OR_RETURN(
      events::Lexicon lexicon,
      events::Lexicon::Parse(std::string(events::embedded::lexicon_json())));
  s->lexicon = std::make_unique<events::Lexicon>(std::move(lexicon));
  s->events_manager = std::make_unique<events::EventsManager>(
      s->events_repository.get(), s->lexicon.get(), events::EventsConfig());
  if (seed) {
    DYADSCOPE_RETURN_IF_ERROR(events::SeedIfEmpty(*s->events_manager,
                                                  *s->events_repository,
                                                  options.seed_dir)
                                  .status());
  }
  s->events_service = std::make_unique<events::EventsServiceImpl>(
      s->events_manager.get(), CallPolicy{});

  DYADSCOPE_ASSIGN_OR_RETURN(s->economics_db,
                             storage::OpenDatabase(url("economics")));
  DYADSCOPE_ASSIGN_OR_RETURN(
      s->economics_repository,
      economics::SqlObservationRepository::Create(s->economics_db.get()));
  s->economics_manager = std::make_unique<economics::EconomicsManager>(
      s->economics_repository.get(), economics::EconomicsConfig());
  if (seed) {
    DYADSCOPE_RETURN_IF_ERROR(
        s->economics_manager->SeedIfEmpty(options.seed_dir + "/economics")
            .status());
  }
  s->economics_service = std::make_unique<economics::EconomicsServiceImpl>(
      s->economics_manager.get(), CallPolicy{});

  DYADSCOPE_ASSIGN_OR_RETURN(s->risk_db,
                             storage::OpenDatabase(url("security_risk")));
  DYADSCOPE_ASSIGN_OR_RETURN(
      s->risk_repository,
      security_risk::SqlIncidentRepository::Create(s->risk_db.get()));
  s->risk_manager = std::make_unique<security_risk::SecurityRiskManager>(
      s->risk_repository.get(), security_risk::SecurityRiskConfig());
  if (seed) {
    DYADSCOPE_RETURN_IF_ERROR(
        s->risk_manager->SeedIfEmpty(options.seed_dir + "/incidents.csv")
            .status());
  }
  s->risk_service = std::make_unique<security_risk::SecurityRiskServiceImpl>(
      s->risk_manager.get(), CallPolicy{});

  s->scoring_service =
      std::make_unique<scoring::ScoringServiceImpl>(CallPolicy{});

  DYADSCOPE_ASSIGN_OR_RETURN(
      s->events, Serve(events::v1::EventsService::service_full_name(),
                       s->events_service.get()));
  DYADSCOPE_ASSIGN_OR_RETURN(
      s->economics, Serve(economics::v1::EconomicsService::service_full_name(),
                          s->economics_service.get()));
  DYADSCOPE_ASSIGN_OR_RETURN(
      s->security_risk,
      Serve(securityrisk::v1::SecurityRiskService::service_full_name(),
            s->risk_service.get()));
  DYADSCOPE_ASSIGN_OR_RETURN(
      s->scoring, Serve(scoring::v1::ScoringService::service_full_name(),
                        s->scoring_service.get()));
  return std::unique_ptr<InProcessBackends>(
      new InProcessBackends(std::move(s)));
}

InProcessBackends::InProcessBackends(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

InProcessBackends::~InProcessBackends() {
  state_->events_manager->Shutdown();  // ends watches
  for (TestServer* server : {&state_->events, &state_->economics,
                             &state_->security_risk, &state_->scoring}) {
    server->runner->Shutdown();
  }
}

const TestServer* InProcessBackends::ServerOf(
    const std::string& service) const {
  if (service == events::v1::EventsService::service_full_name()) {
    return &state_->events;
  }
  if (service == economics::v1::EconomicsService::service_full_name()) {
    return &state_->economics;
  }
  if (service == securityrisk::v1::SecurityRiskService::service_full_name()) {
    return &state_->security_risk;
  }
  if (service == scoring::v1::ScoringService::service_full_name()) {
    return &state_->scoring;
  }
  return nullptr;
}

const TestServer& InProcessBackends::events() const { return state_->events; }
const TestServer& InProcessBackends::economics() const {
  return state_->economics;
}
const TestServer& InProcessBackends::security_risk() const {
  return state_->security_risk;
}
const TestServer& InProcessBackends::scoring() const { return state_->scoring; }

struct InProcessGateway::State {
  std::unique_ptr<gateway::GrpcEventsBackend> events;
  std::unique_ptr<gateway::GrpcEconomicsBackend> economics;
  std::unique_ptr<gateway::GrpcSecurityRiskBackend> security_risk;
  std::unique_ptr<gateway::GrpcScoringBackend> scoring;
  std::unique_ptr<gateway::AssessmentAggregator> aggregator;
  std::unique_ptr<gateway::GatewayServiceImpl> service;
  TestServer server;
};

absl::StatusOr<std::unique_ptr<InProcessGateway>> InProcessGateway::Start(
    const InProcessBackends& backends, gateway::AggregatorOptions options,
    BackendChannelMaker make_channel) {
  if (!make_channel) {
    make_channel = [](const std::string& target, const std::string& service) {
      return CreateBackendChannel(target, {service});
    };
  }
  auto channel = [&](const TestServer& server, const char* service) {
    return make_channel(server.runner->local_target(), service);
  };
  auto s = std::make_unique<State>();
  s->events = std::make_unique<gateway::GrpcEventsBackend>(channel(
      backends.events(), events::v1::EventsService::service_full_name()));
  s->economics = std::make_unique<gateway::GrpcEconomicsBackend>(
      channel(backends.economics(),
              economics::v1::EconomicsService::service_full_name()));
  s->security_risk = std::make_unique<gateway::GrpcSecurityRiskBackend>(
      channel(backends.security_risk(),
              securityrisk::v1::SecurityRiskService::service_full_name()));
  s->scoring = std::make_unique<gateway::GrpcScoringBackend>(channel(
      backends.scoring(), scoring::v1::ScoringService::service_full_name()));
  s->aggregator = std::make_unique<gateway::AssessmentAggregator>(
      s->events.get(), s->economics.get(), s->security_risk.get(),
      s->scoring.get(), std::move(options));
  s->service = std::make_unique<gateway::GatewayServiceImpl>(
      s->aggregator.get(), CallPolicy{});
  DYADSCOPE_ASSIGN_OR_RETURN(
      s->server, Serve(gateway::v1::GatewayService::service_full_name(),
                       s->service.get()));
  return std::unique_ptr<InProcessGateway>(new InProcessGateway(std::move(s)));
}

InProcessGateway::InProcessGateway(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

InProcessGateway::~InProcessGateway() { state_->server.runner->Shutdown(); }

std::shared_ptr<grpc::Channel> InProcessGateway::channel() const {
  return state_->server.channel;
}

}  // namespace dyadscope::testing
