#include "tests/fuzz/rpc_suite.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/logging/log.h"
#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"
#include "dyadscope/scoring/v1/scoring_service.grpc.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"
#include "tests/support/in_process_suite.h"

namespace dyadscope::fuzz {
namespace {

struct Suite {
  std::unique_ptr<testing::InProcessBackends> backends;
  std::unique_ptr<testing::InProcessGateway> gateway;
};

Suite* StartSuite() {
  // One log line per call would drown the fuzzer's output.
  log::SetMinLevel(log::Level::kWarning);
  auto* suite = new Suite;
  auto backends = testing::InProcessBackends::Start({});
  if (!backends.ok()) {
    std::fprintf(stderr, "fuzz suite: %s\n",
                 backends.status().ToString().c_str());
    std::abort();
  }
  suite->backends = *std::move(backends);
  auto gateway = testing::InProcessGateway::Start(*suite->backends,
                                                  gateway::AggregatorOptions());
  if (!gateway.ok()) {
    std::fprintf(stderr, "fuzz suite: %s\n",
                 gateway.status().ToString().c_str());
    std::abort();
  }
  suite->gateway = *std::move(gateway);
  return suite;
}

}  // namespace

const std::vector<FuzzMethod>& FuzzMethods() {
  static const auto* methods = [] {
    auto* list = new std::vector<FuzzMethod>;
    for (const char* name :
         {events::v1::EventsService::service_full_name(),
          economics::v1::EconomicsService::service_full_name(),
          securityrisk::v1::SecurityRiskService::service_full_name(),
          scoring::v1::ScoringService::service_full_name(),
          gateway::v1::GatewayService::service_full_name()}) {
      const google::protobuf::ServiceDescriptor* service =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
              name);
      if (service == nullptr) std::abort();
      for (int i = 0; i < service->method_count(); ++i) {
        const google::protobuf::MethodDescriptor* method = service->method(i);
        list->push_back(FuzzMethod{absl::StrCat("/", name, "/", method->name()),
                                   method, name});
      }
    }
    return list;
  }();
  return *methods;
}

std::shared_ptr<grpc::Channel> SuiteChannel(const FuzzMethod& method) {
  static Suite* suite = StartSuite();
  if (method.service == gateway::v1::GatewayService::service_full_name()) {
    return suite->gateway->channel();
  }
  const testing::TestServer* server = suite->backends->ServerOf(method.service);
  if (server == nullptr) std::abort();
  return server->channel;
}

}  // namespace dyadscope::fuzz
