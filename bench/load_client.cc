// A gRPC load client for the dyadscope suite that prints ghz-style figures:
// requests, duration, rate, latency percentiles and — unlike h2load, which
// counts a failed gRPC call as a success — the count per gRPC status code,
// overall and per method.
//
//   build/bin/load_client --gateway=127.0.0.1:50050
//       --events=127.0.0.1:50051 --concurrency=32 --duration=60s
//
// Each of --concurrency workers has its own stream of calls, a mix of reads
// and writes: gateway AssessDyad (PAK–CHN), events ListEvents and
// SummarizeEvents, and events CreateEvents of new events (unique source ids,
// so every write creates). Exits 1 when any call ends with a code outside
// --expected_codes (default OK only).

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/grpc_status.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

ABSL_FLAG(std::string, gateway, "127.0.0.1:50050", "Gateway address");
ABSL_FLAG(std::string, events, "127.0.0.1:50051", "Events service address");
ABSL_FLAG(int, concurrency, 32, "Concurrent workers (one stream each)");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "How long to run");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30), "Deadline of a call");
ABSL_FLAG(int, write_percent, 20, "Share of calls that are writes (0-100)");
ABSL_FLAG(std::string, expected_codes, "OK",
          "Comma-separated gRPC codes that do not count as failures");
ABSL_FLAG(std::string, token, "",
          "Bearer token sent with every call (for --auth_token_file)");

namespace {

namespace events_v1 = dyadscope::events::v1;
namespace gateway_v1 = dyadscope::gateway::v1;

const char* CodeName(grpc::StatusCode code) {
  return dyadscope::GrpcCodeName(code);
}

struct Sample {
  int method;
  grpc::StatusCode code;
  double ms;
};

const char* kMethods[] = {"gateway.AssessDyad", "events.ListEvents",
                          "events.SummarizeEvents", "events.CreateEvents"};

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t i =
      std::min(sorted.size() - 1,
               static_cast<std::size_t>(p * (sorted.size() - 1) + 0.5));
  return sorted[i];
}

events_v1::Event NewEvent(int worker, int64_t n) {
  events_v1::Event event;
  event.mutable_date()->set_year(2016 + static_cast<int>(n % 8));
  event.mutable_date()->set_month(1 + static_cast<int>(n % 12));
  event.mutable_date()->set_day(1 + static_cast<int>(n % 28));
  event.mutable_actor1()->set_country_code("PAK");
  event.mutable_actor2()->set_country_code("CHN");
  event.set_cameo_code("042");
  event.set_title("Load test visit");
  auto* source = event.add_sources();
  source->set_citation("load_client");
  source->set_url("https://example.org/load");
  event.mutable_provenance()->set_source_system("LOAD");
  event.mutable_provenance()->set_source_record_id(
      absl::StrCat(absl::ToUnixMicros(absl::Now()), "-", worker, "-", n));
  return event;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int concurrency = std::max(1, absl::GetFlag(FLAGS_concurrency));
  const absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  const int write_percent =
      std::clamp(absl::GetFlag(FLAGS_write_percent), 0, 100);
  const std::string token = absl::GetFlag(FLAGS_token);
  std::vector<grpc::StatusCode> expected;
  for (absl::string_view name :
       absl::StrSplit(absl::GetFlag(FLAGS_expected_codes), ',')) {
    for (int c = 0; c <= 16; ++c) {
      if (name == CodeName(static_cast<grpc::StatusCode>(c))) {
        expected.push_back(static_cast<grpc::StatusCode>(c));
      }
    }
  }
  // One channel per service for all workers, as a real client would.
  auto gateway = gateway_v1::GatewayService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_gateway), grpc::InsecureChannelCredentials()));
  auto events = events_v1::EventsService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_events), grpc::InsecureChannelCredentials()));

  std::mutex mu;
  std::vector<Sample> samples;
  const absl::Time start = absl::Now();
  const absl::Time stop = start + absl::GetFlag(FLAGS_duration);
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrency; ++w) {
    workers.emplace_back([&, w] {
      std::vector<Sample> mine;
      int64_t n = 0;
      while (absl::Now() < stop) {
        ++n;
        grpc::ClientContext context;
        context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
        if (!token.empty()) {
          context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
        }
        // A fixed, interleaved mix per worker.
        const int roll = static_cast<int>((n * 37 + w * 11) % 100);
        int method;
        if (roll < write_percent) {
          method = 3;
        } else {
          method = static_cast<int>((n + w) % 3);
        }
        const absl::Time t = absl::Now();
        grpc::Status status;
        if (method == 0) {
          gateway_v1::AssessDyadRequest request;
          request.mutable_dyad()->set_country_a("PAK");
          request.mutable_dyad()->set_country_b("CHN");
          gateway_v1::AssessDyadResponse response;
          status = gateway->AssessDyad(&context, request, &response);
        } else if (method == 1) {
          events_v1::ListEventsRequest request;
          request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
          request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
          request.set_page_size(50);
          events_v1::ListEventsResponse response;
          status = events->ListEvents(&context, request, &response);
        } else if (method == 2) {
          events_v1::SummarizeEventsRequest request;
          request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
          request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
          events_v1::SummarizeEventsResponse response;
          status = events->SummarizeEvents(&context, request, &response);
        } else {
          events_v1::CreateEventsRequest request;
          *request.add_events() = NewEvent(w, n);
          events_v1::CreateEventsResponse response;
          status = events->CreateEvents(&context, request, &response);
        }
        mine.push_back({method, status.error_code(),
                        absl::ToDoubleMilliseconds(absl::Now() - t)});
      }
      std::lock_guard<std::mutex> lock(mu);
      samples.insert(samples.end(), mine.begin(), mine.end());
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);

  std::vector<double> all;
  std::map<std::string, int64_t> codes;
  std::map<int, std::vector<double>> by_method;
  std::map<int, std::map<std::string, int64_t>> method_codes;
  int64_t unexpected = 0;
  for (const Sample& s : samples) {
    all.push_back(s.ms);
    by_method[s.method].push_back(s.ms);
    ++codes[CodeName(s.code)];
    ++method_codes[s.method][CodeName(s.code)];
    if (std::find(expected.begin(), expected.end(), s.code) == expected.end()) {
      ++unexpected;
    }
  }
  std::sort(all.begin(), all.end());
  double sum = 0;
  for (double ms : all) sum += ms;
  std::printf("\nSummary:\n");
  std::printf("  Count:\t%zu\n", all.size());
  std::printf("  Total:\t%.2f s\n", seconds);
  std::printf("  Slowest:\t%.2f ms\n", all.empty() ? 0.0 : all.back());
  std::printf("  Fastest:\t%.2f ms\n", all.empty() ? 0.0 : all.front());
  std::printf("  Average:\t%.2f ms\n", all.empty() ? 0.0 : sum / all.size());
  std::printf("  Requests/sec:\t%.2f\n", all.size() / seconds);
  std::printf("\nLatency distribution:\n");
  for (double p : {0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99}) {
    std::printf("  %2.0f %% in %.2f ms\n", p * 100, Percentile(all, p));
  }
  std::printf("\nStatus code distribution:\n");
  for (const auto& [name, count] : codes) {
    std::printf("  [%s]\t%lld responses\n", name.c_str(),
                static_cast<long long>(count));
  }
  std::printf(
      "\nPer method:          count      p50 ms    p90 ms    p99 ms  codes\n");
  for (auto& [method, latencies] : by_method) {
    std::sort(latencies.begin(), latencies.end());
    std::string code_text;
    for (const auto& [name, count] : method_codes[method]) {
      absl::StrAppend(&code_text, name, "=", count, " ");
    }
    std::printf("  %-22s %7zu %9.2f %9.2f %9.2f  %s\n", kMethods[method],
                latencies.size(), Percentile(latencies, 0.5),
                Percentile(latencies, 0.9), Percentile(latencies, 0.99),
                code_text.c_str());
  }
  std::printf("\nunexpected codes: %lld\n", static_cast<long long>(unexpected));
  return unexpected == 0 && !all.empty() ? 0 : 1;
}
