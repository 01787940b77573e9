// File: tests/support/in_process_suite.h
// -----------------------------------------------------------------------------
// The whole suite in one process, for fuzzing and benchmarks: the four
// backends, each a real gRPC server on 127.0.0.1:0 built with the services'
// bootstrap (GrpcServerRunner) over SQLite stores, and any number of
// gateways over them, each on its own server.
//
//   auto backends = InProcessBackends::Start({.seed_dir = "data/pak-chn"});
//   auto gateway = InProcessGateway::Start(**backends, AggregatorOptions());
//   auto stub = GatewayService::NewStub((*gateway)->channel());

#ifndef DYADSCOPE_TESTS_SUPPORT_IN_PROCESS_SUITE_H_
#define DYADSCOPE_TESTS_SUPPORT_IN_PROCESS_SUITE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/testing/test_server.h"
#include "grpcpp/channel.h"
#include "services/gateway/aggregation/assessment_aggregator.h"

namespace dyadscope::testing {

struct InProcessOptions {
  // SQLite files are made here; empty: in-memory stores.
  std::string store_dir;
  // The embedded dataset's folder (data/pak-chn) to seed the stores from;
  // empty: the stores start empty.
  std::string seed_dir;
};

class InProcessBackends {
 public:
  static absl::StatusOr<std::unique_ptr<InProcessBackends>> Start(
      const InProcessOptions& options);
  ~InProcessBackends();

  // The server of the service with this full name (e.g.
  // "dyadscope.events.v1.EventsService"), or null.
  const TestServer* ServerOf(const std::string& service) const;
  const TestServer& events() const;
  const TestServer& economics() const;
  const TestServer& security_risk() const;
  const TestServer& scoring() const;

 private:
  struct State;
  explicit InProcessBackends(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Makes the gateway's channel to one backend: its target and the service
// it calls. The default is CreateBackendChannel (the gateway's own).
using BackendChannelMaker = std::function<std::shared_ptr<grpc::Channel>(
    const std::string& target, const std::string& service)>;

class InProcessGateway {
 public:
  // `backends` must outlive the gateway.
  static absl::StatusOr<std::unique_ptr<InProcessGateway>> Start(
      const InProcessBackends& backends, gateway::AggregatorOptions options,
      BackendChannelMaker make_channel = nullptr);
  ~InProcessGateway();

  std::shared_ptr<grpc::Channel> channel() const;

 private:
  struct State;
  explicit InProcessGateway(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace dyadscope::testing

#endif  // DYADSCOPE_TESTS_SUPPORT_IN_PROCESS_SUITE_H_
