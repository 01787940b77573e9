// Measures what the shared server bootstrap (common/server) costs per call:
// unary grpc.health.v1.Health/Check round trips over loopback against
//   baseline  a bare grpc::Server with only gRPC's default health service;
//   dyadscope the same service behind GrpcServerRunner (request-id, metrics,
//             one JSON log line per call, reflection).
// Both run in this process, in the same run, on the same machine, so the
// ratio is what matters; absolute numbers move with machine load. Log lines
// go to stderr: run with 2>/dev/null (bench/run.sh does).

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "common/server/grpc_server_runner.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/server_builder.h"

namespace dyadscope {
namespace {

void RunChecks(benchmark::State& state, const std::string& target) {
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  for (auto _ : state) {
    grpc::ClientContext context;
    grpc::Status status = stub->Check(&context, request, &response);
    if (!status.ok()) {
      state.SkipWithError(status.error_message().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HealthCheck_BareGrpcServer(benchmark::State& state) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  server->GetHealthCheckService()->SetServingStatus(true);
  RunChecks(state, absl::StrCat("127.0.0.1:", port));
  server->Shutdown();
}
BENCHMARK(BM_HealthCheck_BareGrpcServer)->UseRealTime();

void BM_HealthCheck_DyadscopeRunner(benchmark::State& state) {
  ServerOptions options;
  options.service_name = "bench";
  options.listen_address = "127.0.0.1:0";
  options.metrics_listen_address = "127.0.0.1:0";
  auto runner = GrpcServerRunner::Start(options, {});
  if (!runner.ok()) {
    state.SkipWithError(runner.status().ToString().c_str());
    return;
  }
  (*runner)->SetServing(true);
  RunChecks(state, (*runner)->local_target());
  (*runner)->Shutdown();
}
BENCHMARK(BM_HealthCheck_DyadscopeRunner)->UseRealTime();

}  // namespace
}  // namespace dyadscope

BENCHMARK_MAIN();
