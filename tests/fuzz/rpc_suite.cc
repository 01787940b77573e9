#include "tests/fuzz/rpc_suite.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/client/channel_factory.h"
#include "common/logging/log.h"
#include "common/storage/database_factory.h"
#include "common/testing/test_server.h"
#include "embedded/events_lexicon_data.h"
#include "services/economics/domain/economics_manager.h"
#include "services/economics/grpc/economics_service.h"
#include "services/economics/storage/sql_observation_repository.h"
#include "services/events/domain/events_manager.h"
#include "services/events/domain/lexicon.h"
#include "services/events/grpc/events_service.h"
#include "services/events/storage/sql_event_repository.h"
#include "services/gateway/aggregation/assessment_aggregator.h"
#include "services/gateway/clients/grpc_backends.h"
#include "services/gateway/grpc/gateway_service.h"
#include "services/scoring/grpc/scoring_service.h"
#include "services/security_risk/domain/security_risk_manager.h"
#include "services/security_risk/grpc/security_risk_service.h"
#include "services/security_risk/storage/sql_incident_repository.h"

namespace dyadscope::fuzz {
namespace {

template <typename T>
T Must(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) {
    std::fprintf(stderr, "fuzz suite: %s: %s\n", what,
                 value.status().ToString().c_str());
    std::abort();
  }
  return *std::move(value);
}

std::unique_ptr<storage::Database> MemoryDatabase() {
  return Must(storage::OpenDatabase(":memory:"), "open :memory:");
}

// Everything the suite owns; never destroyed (the fuzzer exits the process).
struct Suite {
  std::unique_ptr<storage::Database> events_db;
  std::unique_ptr<events::SqlEventRepository> events_repository;
  std::unique_ptr<events::Lexicon> lexicon;
  std::unique_ptr<events::EventsManager> events_manager;
  std::unique_ptr<events::EventsServiceImpl> events_service;

  std::unique_ptr<storage::Database> economics_db;
  std::unique_ptr<economics::SqlObservationRepository> economics_repository;
  std::unique_ptr<economics::EconomicsManager> economics_manager;
  std::unique_ptr<economics::EconomicsServiceImpl> economics_service;

  std::unique_ptr<storage::Database> security_db;
  std::unique_ptr<security_risk::SqlIncidentRepository> security_repository;
  std::unique_ptr<security_risk::SecurityRiskManager> security_manager;
  std::unique_ptr<security_risk::SecurityRiskServiceImpl> security_service;

  std::unique_ptr<scoring::ScoringServiceImpl> scoring_service;
  testing::TestServer backends;

  std::unique_ptr<gateway::GrpcEventsBackend> events_client;
  std::unique_ptr<gateway::GrpcEconomicsBackend> economics_client;
  std::unique_ptr<gateway::GrpcSecurityRiskBackend> security_client;
  std::unique_ptr<gateway::GrpcScoringBackend> scoring_client;
  std::unique_ptr<gateway::AssessmentAggregator> aggregator;
  std::unique_ptr<gateway::GatewayServiceImpl> gateway_service;
  testing::TestServer gateway;
};

Suite* StartSuite() {
  // One log line per call would drown the fuzzer's output.
  log::SetMinLevel(log::Level::kWarning);
  auto* s = new Suite;
  s->events_db = MemoryDatabase();
  s->events_repository = Must(
      events::SqlEventRepository::Create(s->events_db.get()), "events store");
  s->lexicon = std::make_unique<events::Lexicon>(Must(
      events::Lexicon::Parse(std::string(events::embedded::lexicon_json())),
      "lexicon"));
  s->events_manager = std::make_unique<events::EventsManager>(
      s->events_repository.get(), s->lexicon.get(), events::EventsConfig());
  s->events_service =
      std::make_unique<events::EventsServiceImpl>(s->events_manager.get());

  s->economics_db = MemoryDatabase();
  s->economics_repository =
      Must(economics::SqlObservationRepository::Create(s->economics_db.get()),
           "economics store");
  s->economics_manager = std::make_unique<economics::EconomicsManager>(
      s->economics_repository.get(), economics::EconomicsConfig());
  s->economics_service = std::make_unique<economics::EconomicsServiceImpl>(
      s->economics_manager.get());

  s->security_db = MemoryDatabase();
  s->security_repository =
      Must(security_risk::SqlIncidentRepository::Create(s->security_db.get()),
           "security_risk store");
  s->security_manager = std::make_unique<security_risk::SecurityRiskManager>(
      s->security_repository.get(), security_risk::SecurityRiskConfig());
  s->security_service =
      std::make_unique<security_risk::SecurityRiskServiceImpl>(
          s->security_manager.get());

  s->scoring_service = std::make_unique<scoring::ScoringServiceImpl>();

  ServerOptions options;
  options.service_name = "fuzz-backends";
  s->backends =
      Must(testing::StartTestServer(
               {{events::v1::EventsService::service_full_name(),
                 s->events_service.get()},
                {economics::v1::EconomicsService::service_full_name(),
                 s->economics_service.get()},
                {securityrisk::v1::SecurityRiskService::service_full_name(),
                 s->security_service.get()},
                {scoring::v1::ScoringService::service_full_name(),
                 s->scoring_service.get()}},
               options),
           "start backends");

  const std::string target = s->backends.runner->local_target();
  s->events_client =
      std::make_unique<gateway::GrpcEventsBackend>(CreateBackendChannel(
          target, {events::v1::EventsService::service_full_name()}));
  s->economics_client =
      std::make_unique<gateway::GrpcEconomicsBackend>(CreateBackendChannel(
          target, {economics::v1::EconomicsService::service_full_name()}));
  s->security_client =
      std::make_unique<gateway::GrpcSecurityRiskBackend>(CreateBackendChannel(
          target,
          {securityrisk::v1::SecurityRiskService::service_full_name()}));
  s->scoring_client =
      std::make_unique<gateway::GrpcScoringBackend>(CreateBackendChannel(
          target, {scoring::v1::ScoringService::service_full_name()}));
  s->aggregator = std::make_unique<gateway::AssessmentAggregator>(
      s->events_client.get(), s->economics_client.get(),
      s->security_client.get(), s->scoring_client.get());
  s->gateway_service =
      std::make_unique<gateway::GatewayServiceImpl>(s->aggregator.get());
  options.service_name = "fuzz-gateway";
  s->gateway = Must(testing::StartTestServer(
                        {{gateway::v1::GatewayService::service_full_name(),
                          s->gateway_service.get()}},
                        options),
                    "start gateway");
  return s;
}

}  // namespace

const std::vector<FuzzMethod>& FuzzMethods() {
  static const auto* methods = [] {
    auto* list = new std::vector<FuzzMethod>;
    const std::pair<const char*, bool> services[] = {
        {events::v1::EventsService::service_full_name(), false},
        {economics::v1::EconomicsService::service_full_name(), false},
        {securityrisk::v1::SecurityRiskService::service_full_name(), false},
        {scoring::v1::ScoringService::service_full_name(), false},
        {gateway::v1::GatewayService::service_full_name(), true}};
    for (const auto& [name, gateway] : services) {
      const google::protobuf::ServiceDescriptor* service =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
              name);
      if (service == nullptr) std::abort();
      for (int i = 0; i < service->method_count(); ++i) {
        const google::protobuf::MethodDescriptor* method = service->method(i);
        list->push_back(FuzzMethod{absl::StrCat("/", name, "/", method->name()),
                                   method, gateway});
      }
    }
    return list;
  }();
  return *methods;
}

std::shared_ptr<grpc::Channel> SuiteChannel(bool gateway) {
  static Suite* suite = StartSuite();
  return gateway ? suite->gateway.channel : suite->backends.channel;
}

}  // namespace dyadscope::fuzz
