// What a call through the suite costs, against the limit of this machine
// (issue 11, part 1). Everything runs in this process, over loopback, each
// service on its own real server built with the services' bootstrap
// (GrpcServerRunner: interceptors, metrics, one JSON log line per call —
// run with 2>/dev/null):
//   echo                      dyadscope.bench.v1.EchoService/Echo: the limit,
//                             a unary call with no work behind it;
//   AssessDyad cached         the gateway answering from its cache within
//                             --cache_max_age (no backend call), and with
//                             the default revalidation (every backend asked
//                             for its data version; only Score is saved);
//   AssessDyad uncached       a gateway without cache, so every call fans
//                             out to the four backends (embedded PAK–CHN
//                             data in SQLite files);
//   backend call alone        each call the uncached gateway makes, captured
//                             on its channels and replayed alone.
// For each case and each concurrency (closed loop: N callers on one
// channel, each starting a call when its last one ends) it runs --runs
// times for --duration and prints the median run's requests/s, p50 and p99.
// Then the goals: cached AssessDyad at >= 50% of echo's throughput, and the
// uncached p50 (1 caller) at <= 1.3 x the slowest backend call alone.
// Output is a Markdown section (bench/run.sh gathers them in RESULTS.md).

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/client/channel_factory.h"
#include "common/testing/test_server.h"
#include "dyadscope/bench/v1/echo.grpc.pb.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/client_interceptor.h"
#include "tests/support/in_process_suite.h"

ABSL_FLAG(std::string, data_dir, "data/pak-chn",
          "The embedded dataset the backends are seeded from");
ABSL_FLAG(std::string, concurrency, "1,8,32", "Concurrent callers per case");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(3), "Length of one run");
ABSL_FLAG(int, runs, 3, "Runs per case and concurrency (median shown)");
ABSL_FLAG(std::string, only, "",
          "Measure only the cases whose name contains this (for profiling)");

namespace dyadscope::bench {
namespace {

template <typename T>
T Must(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) {
    std::fprintf(stderr, "suite_bench: %s: %s\n", what,
                 value.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(value);
}

class EchoServiceImpl final : public v1::EchoService::Service {
 public:
  grpc::Status Echo(grpc::ServerContext*, const v1::EchoRequest* request,
                    v1::EchoResponse* response) override {
    response->set_payload(request->payload());
    return grpc::Status::OK;
  }
};

// The first request the gateway sends on each method, serialized.
class Recorder {
 public:
  void Record(const std::string& method, const grpc::ByteBuffer& buffer) {
    absl::MutexLock lock(&mu_);
    ++counts_[method];
    if (requests_.count(method) > 0) return;
    std::vector<grpc::Slice> slices;
    if (!buffer.Dump(&slices).ok()) return;
    std::string bytes;
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    requests_[method] = std::move(bytes);
  }
  std::map<std::string, std::string> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }
  std::map<std::string, int> counts() const {
    absl::MutexLock lock(&mu_);
    return counts_;
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::string> requests_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> counts_ ABSL_GUARDED_BY(mu_);
};

class RecordingInterceptor : public grpc::experimental::Interceptor {
 public:
  RecordingInterceptor(Recorder* recorder, std::string method)
      : recorder_(recorder), method_(std::move(method)) {}
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      const grpc::ByteBuffer* buffer = methods->GetSerializedSendMessage();
      if (buffer != nullptr) recorder_->Record(method_, *buffer);
    }
    methods->Proceed();
  }

 private:
  Recorder* recorder_;
  std::string method_;
};

class RecordingFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit RecordingFactory(Recorder* recorder) : recorder_(recorder) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new RecordingInterceptor(recorder_, info->method());
  }

 private:
  Recorder* recorder_;
};

// A channel like the gateway's (CreateBackendChannel's service config),
// that records what is sent on it.
std::shared_ptr<grpc::Channel> RecordingChannel(const std::string& target,
                                                const std::string& service,
                                                Recorder* recorder) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(BackendServiceConfig({service}, 3));
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetMaxReceiveMessageSize(16 << 20);
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<RecordingFactory>(recorder));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), args,
      std::move(interceptors));
}

struct Figures {
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t calls = 0;
  int64_t failures = 0;
};

double Percentile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const size_t at = std::min(
      sorted.size() - 1, static_cast<size_t>(q * (sorted.size() - 1) + 0.5));
  return sorted[at];
}

// `callers` threads call `call` back to back for `duration`.
Figures RunOnce(int callers, absl::Duration duration,
                const std::function<grpc::Status()>& call) {
  std::vector<std::vector<double>> latencies(callers);
  std::vector<int64_t> failures(callers, 0);
  std::vector<std::thread> threads;
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  for (int i = 0; i < callers; ++i) {
    threads.emplace_back([&, i] {
      while (absl::Now() < end) {
        const absl::Time t = absl::Now();
        const grpc::Status status = call();
        latencies[i].push_back(absl::ToDoubleMilliseconds(absl::Now() - t));
        if (!status.ok()) ++failures[i];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<double> all;
  Figures figures;
  for (int i = 0; i < callers; ++i) {
    all.insert(all.end(), latencies[i].begin(), latencies[i].end());
    figures.failures += failures[i];
  }
  std::sort(all.begin(), all.end());
  figures.calls = static_cast<int64_t>(all.size());
  figures.rps = all.size() / seconds;
  figures.p50_ms = Percentile(all, 0.50);
  figures.p99_ms = Percentile(all, 0.99);
  return figures;
}

// Warms up, then returns the run with the median throughput of --runs.
Figures Measure(int callers, const std::function<grpc::Status()>& call) {
  RunOnce(callers, absl::Milliseconds(300), call);
  std::vector<Figures> runs;
  for (int r = 0; r < absl::GetFlag(FLAGS_runs); ++r) {
    runs.push_back(RunOnce(callers, absl::GetFlag(FLAGS_duration), call));
  }
  std::sort(runs.begin(), runs.end(),
            [](const Figures& a, const Figures& b) { return a.rps < b.rps; });
  return runs[runs.size() / 2];
}

std::chrono::system_clock::time_point Deadline() {
  return absl::ToChronoTime(absl::Now() + absl::Seconds(60));
}

// A unary call of `method` with serialized `request` on `stub`.
grpc::Status GenericCall(grpc::GenericStub& stub, const std::string& method,
                         const std::string& request) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  grpc::Slice slice(request);
  grpc::ByteBuffer buffer(&slice, 1);
  grpc::CompletionQueue cq;
  auto call = stub.PrepareUnaryCall(&context, method, buffer, &cq);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

int Run() {
  std::vector<int> concurrency;
  for (absl::string_view part :
       absl::StrSplit(absl::GetFlag(FLAGS_concurrency), ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 1) {
      std::fprintf(stderr, "bad --concurrency\n");
      return 1;
    }
    concurrency.push_back(n);
  }
  char dir_template[] = "/tmp/dyadscope-suite-bench-XXXXXX";
  const std::string dir = mkdtemp(dir_template);

  // The backends, seeded with the embedded data in SQLite files, each on
  // its own server; the echo service on another.
  std::unique_ptr<testing::InProcessBackends> backends = Must(
      testing::InProcessBackends::Start({dir, absl::GetFlag(FLAGS_data_dir)}),
      "start the backends");
  EchoServiceImpl echo_service;
  ServerOptions echo_options;
  echo_options.service_name = "echo";
  testing::TestServer echo_server =
      Must(testing::StartTestServer(
               {{v1::EchoService::service_full_name(), &echo_service}},
               echo_options),
           "start echo");

  // Three gateways: the production one (cache on, revalidated), one serving
  // recent answers without asking (--cache_max_age), and one without cache
  // whose channels record what it sends.
  std::unique_ptr<testing::InProcessGateway> cached_gateway = Must(
      testing::InProcessGateway::Start(*backends, gateway::AggregatorOptions()),
      "start the gateway");
  gateway::AggregatorOptions max_age;
  max_age.cache_max_age = absl::Minutes(10);
  std::unique_ptr<testing::InProcessGateway> aged_gateway =
      Must(testing::InProcessGateway::Start(*backends, max_age),
           "start the gateway");
  Recorder recorder;
  gateway::AggregatorOptions no_cache;
  no_cache.cache_capacity = 0;
  std::unique_ptr<testing::InProcessGateway> uncached_gateway = Must(
      testing::InProcessGateway::Start(
          *backends, no_cache,
          [&recorder](const std::string& target, const std::string& service) {
            return RecordingChannel(target, service, &recorder);
          }),
      "start the gateway");

  auto echo = v1::EchoService::NewStub(echo_server.channel);
  auto cached_stub =
      gateway::v1::GatewayService::NewStub(cached_gateway->channel());
  auto aged_stub =
      gateway::v1::GatewayService::NewStub(aged_gateway->channel());
  auto uncached_stub =
      gateway::v1::GatewayService::NewStub(uncached_gateway->channel());
  gateway::v1::AssessDyadRequest assess;
  assess.mutable_dyad()->set_country_a("PAK");
  assess.mutable_dyad()->set_country_b("CHN");
  v1::EchoRequest echo_request;
  echo_request.set_payload(std::string(64, 'x'));

  auto call_echo = [&]() {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    v1::EchoResponse response;
    return echo->Echo(&context, echo_request, &response);
  };
  auto call_assess = [&](gateway::v1::GatewayService::Stub* stub) {
    return [&assess, stub]() {
      grpc::ClientContext context;
      context.set_deadline(Deadline());
      gateway::v1::AssessDyadResponse response;
      return stub->AssessDyad(&context, assess, &response);
    };
  };
  // One uncached call records the backend requests.
  size_t response_bytes = 0;
  std::map<std::string, int> calls_per_assessment;
  std::string largest_field;
  size_t largest_field_bytes = 0;
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    gateway::v1::AssessDyadResponse response;
    grpc::Status first = uncached_stub->AssessDyad(&context, assess, &response);
    if (!first.ok()) {
      std::fprintf(stderr, "AssessDyad failed: %s\n",
                   first.error_message().c_str());
      return 1;
    }
    response_bytes = response.ByteSizeLong();
    calls_per_assessment = recorder.counts();
    // The largest top-level field of the assessment, by encoded size.
    const google::protobuf::Message& a = response.assessment();
    const auto* reflection = a.GetReflection();
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    reflection->ListFields(a, &fields);
    for (const auto* field : fields) {
      size_t bytes = 0;
      if (field->cpp_type() !=
          google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
        continue;
      }
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(a, field); ++i) {
          bytes += reflection->GetRepeatedMessage(a, field, i).ByteSizeLong();
        }
      } else {
        bytes = reflection->GetMessage(a, field).ByteSizeLong();
      }
      if (bytes > largest_field_bytes) {
        largest_field_bytes = bytes;
        largest_field = field->name();
      }
    }
  }

  struct Row {
    std::string name;
    int callers;
    Figures figures;
  };
  std::vector<Row> rows;
  std::map<std::pair<std::string, int>, Figures> by_case;
  auto measure = [&](const std::string& name, int callers,
                     const std::function<grpc::Status()>& call) {
    if (!absl::StrContains(name, absl::GetFlag(FLAGS_only))) return;
    Figures f = Measure(callers, call);
    rows.push_back({name, callers, f});
    by_case[{name, callers}] = f;
    std::fprintf(stderr, "%s x%d: %.0f/s p50 %.2f ms\n", name.c_str(), callers,
                 f.rps, f.p50_ms);
  };
  for (int n : concurrency) {
    measure("echo (the limit)", n, call_echo);
    measure("AssessDyad, cached (--cache_max_age=10m)", n,
            call_assess(aged_stub.get()));
    measure("AssessDyad, cached, revalidated (default)", n,
            call_assess(cached_stub.get()));
    measure("AssessDyad, uncached", n, call_assess(uncached_stub.get()));
  }
  // Each backend call alone, one caller.
  double slowest_ms = 0;
  std::string slowest;
  for (const auto& [method, request] : recorder.requests()) {
    const testing::TestServer* server =
        backends->ServerOf(method.substr(1, method.rfind('/') - 1));
    if (server == nullptr) continue;
    auto stub = std::make_shared<grpc::GenericStub>(server->channel);
    const std::string name =
        absl::StrCat("alone: ", method.substr(method.rfind('.') + 1));
    measure(name, 1, [stub, method = method, request = request]() {
      return GenericCall(*stub, method, request);
    });
    const double p50 = by_case[{name, 1}].p50_ms;
    if (p50 > slowest_ms) {
      slowest_ms = p50;
      slowest = name;
    }
  }

  const int first = concurrency.front();
  std::printf(
      "## 1. gRPC overhead: AssessDyad through the gateway vs echo\n\n");
  std::printf(
      "In one process over loopback, each service on its own server with the "
      "services' bootstrap; embedded PAK–CHN data in SQLite files. Median of "
      "%d runs of %s per row (closed loop: N callers on one channel, in the "
      "same process: the callers' own parsing shares the 2 cores). An "
      "AssessDyad answer is %zu bytes (largest part: %s, %zu bytes); an echo "
      "answer is %zu.\n\n",
      absl::GetFlag(FLAGS_runs),
      absl::FormatDuration(absl::GetFlag(FLAGS_duration)).c_str(),
      response_bytes, largest_field.c_str(), largest_field_bytes,
      echo_request.ByteSizeLong());
  std::printf(
      "| case | callers | requests/s | p50 ms | p99 ms | failed | vs echo "
      "(throughput) |\n|---|---:|---:|---:|---:|---:|---:|\n");
  for (const Row& row : rows) {
    auto echo_figures = by_case.find({"echo (the limit)", row.callers});
    std::string ratio = "";
    if (echo_figures != by_case.end() && echo_figures->second.rps > 0) {
      ratio =
          absl::StrFormat("%.3f", row.figures.rps / echo_figures->second.rps);
    }
    std::printf("| %s | %d | %.0f | %.3f | %.3f | %lld | %s |\n",
                row.name.c_str(), row.callers, row.figures.rps,
                row.figures.p50_ms, row.figures.p99_ms,
                static_cast<long long>(row.figures.failures), ratio.c_str());
  }
  std::printf("\nGoals:\n\n");
  for (int n : concurrency) {
    const double ratio =
        by_case[{"AssessDyad, cached (--cache_max_age=10m)", n}].rps /
        by_case[{"echo (the limit)", n}].rps;
    std::printf(
        "- cached AssessDyad (served within --cache_max_age) throughput at %d "
        "caller(s): %.1f%% of echo "
        "(goal >= 50%%): **%s**\n",
        n, 100 * ratio, ratio >= 0.5 ? "met" : "not met");
  }
  const double uncached_p50 = by_case[{"AssessDyad, uncached", first}].p50_ms;
  const double fan_out = slowest_ms > 0 ? uncached_p50 / slowest_ms : 0;
  std::printf(
      "- uncached AssessDyad p50 at %d caller(s): %.3f ms = %.2f x the "
      "slowest backend call alone (%s, %.3f ms) (goal <= 1.3 x): **%s**\n",
      first, uncached_p50, fan_out, slowest.c_str(), slowest_ms,
      fan_out <= 1.3 ? "met" : "not met");
  // The calls one AssessDyad makes, their summed cost, and its critical
  // path: Score needs the other answers, so it runs after the slowest of
  // them.
  double sum_ms = 0;
  double slowest_fetch_ms = 0;
  double score_ms = 0;
  std::vector<std::string> counted;
  for (const auto& [method, count] : calls_per_assessment) {
    const std::string name =
        absl::StrCat("alone: ", method.substr(method.rfind('.') + 1));
    const double p50 = by_case[{name, 1}].p50_ms;
    sum_ms += count * p50;
    counted.push_back(
        absl::StrCat(method.substr(method.rfind('/') + 1), " x", count));
    if (absl::EndsWith(method, "/Score")) {
      score_ms = std::max(score_ms, p50);
    } else {
      slowest_fetch_ms = std::max(slowest_fetch_ms, p50);
    }
  }
  const double critical_ms = slowest_fetch_ms + score_ms;
  std::printf(
      "- one uncached AssessDyad makes %s: %.3f ms of backend work at p50 "
      "if run one after another; it takes %.2f x that sum\n",
      absl::StrJoin(counted, ", ").c_str(), sum_ms,
      sum_ms > 0 ? uncached_p50 / sum_ms : 0);
  std::printf(
      "- its critical path: Score needs the other answers, so it follows the "
      "slowest of them: %.3f + %.3f = %.3f ms; the uncached p50 is %.2f x "
      "that path\n",
      slowest_fetch_ms, score_ms, critical_ms,
      critical_ms > 0 ? uncached_p50 / critical_ms : 0);
  std::printf(
      "- growth: from %d to %d callers, echo's throughput grows %.2f x, "
      "uncached AssessDyad's %.2f x (2 cores)\n\n",
      first, concurrency.back(),
      by_case[{"echo (the limit)", concurrency.back()}].rps /
          by_case[{"echo (the limit)", first}].rps,
      by_case[{"AssessDyad, uncached", concurrency.back()}].rps /
          by_case[{"AssessDyad, uncached", first}].rps);
  std::fflush(stdout);

  uncached_gateway.reset();
  aged_gateway.reset();
  cached_gateway.reset();
  echo_server.runner->Shutdown();
  backends.reset();
  (void)std::system(absl::StrCat("rm -rf ", dir).c_str());
  return 0;
}

}  // namespace
}  // namespace dyadscope::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return dyadscope::bench::Run();
}
