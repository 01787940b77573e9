// Events service benchmarks (issue figures; run with `make bench` or
// directly: build/bin/events_bench [--rows=1000000] [--engine=postgres]
// [--keep]):
//  1. Import throughput of a generated GDELT 2.0 export of N PAK–CHN rows
//     streamed through ImportEvents to a real server and store (a SQLite
//     file, or a PostgreSQL database: --postgres_url, else a throwaway
//     server started here), against the baseline of the engine's own bulk
//     load of the same file into a plain 61-column table (sqlite3 `.import`,
//     psql `\copy`; no parsing, validation or versioning).
//  2. SummarizeEvents latency over those N events with monthly buckets,
//     streaming one digest row per event and with the aggregation pushed
//     down (identical digests grouped in SQL), against the baseline of one
//     SQL GROUP BY month over the same store.
// Absolute times depend on the machine and its load; the ratios are the
// point. The generated file and databases live in a temporary folder.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/storage/database_factory.h"
#include "common/testing/postgres_server.h"
#include "common/testing/test_server.h"
#include "embedded/events_lexicon_data.h"
#include "grpcpp/client_context.h"
#include "services/events/domain/events_manager.h"
#include "services/events/grpc/events_service.h"
#include "services/events/storage/sql_event_repository.h"

ABSL_FLAG(int, rows, 1000000, "Rows in the generated GDELT 2.0 file");
ABSL_FLAG(int, summary_runs, 5, "SummarizeEvents repetitions (median shown)");
ABSL_FLAG(bool, keep, false, "Keep the temporary folder");
ABSL_FLAG(std::string, engine, "sqlite", "Store engine: sqlite or postgres");
ABSL_FLAG(std::string, postgres_url, "",
          "PostgreSQL server for --engine=postgres (its maintenance "
          "database); empty starts a throwaway server");

namespace dyadscope::events {
namespace {

// Writes `rows` GDELT 2.0 rows of PAK–CHN events spread over 2000–2024.
void WriteGdeltFile(const std::string& path, int rows) {
  std::ofstream out(path, std::ios::binary);
  std::mt19937_64 rng(42);
  const char* codes[][3] = {{"042", "04", "1"}, {"057", "05", "1"},
                            {"061", "06", "2"}, {"0311", "03", "1"},
                            {"112", "11", "3"}, {"190", "19", "4"}};
  const char* goldstein[] = {"1.9", "8.0", "6.4", "5.2", "-2.0", "-10.0"};
  std::vector<std::string> c(61);
  for (int i = 0; i < rows; ++i) {
    const int year = 2000 + static_cast<int>(rng() % 25);
    const int month = 1 + static_cast<int>(rng() % 12);
    const int day = 1 + static_cast<int>(rng() % 28);
    const int kind = static_cast<int>(rng() % 6);
    const bool forward = rng() % 2 == 0;
    const std::string a1 = forward ? "PAK" : "CHN";
    const std::string a2 = forward ? "CHN" : "PAK";
    const std::string date = absl::StrFormat("%04d%02d%02d", year, month, day);
    std::fill(c.begin(), c.end(), std::string());
    c[0] = absl::StrCat(100000000 + i);
    c[1] = date;
    c[2] = date.substr(0, 6);
    c[3] = date.substr(0, 4);
    c[4] = absl::StrFormat("%04d.%04d", year, month * 80);
    c[5] = a1 + "GOV";
    c[6] = forward ? "PAKISTAN" : "CHINA";
    c[7] = a1;
    c[12] = "GOV";
    c[15] = a2 + "GOV";
    c[16] = forward ? "CHINA" : "PAKISTAN";
    c[17] = a2;
    c[22] = "GOV";
    c[25] = "1";
    c[26] = codes[kind][0];
    c[27] = codes[kind][0];
    c[28] = codes[kind][1];
    c[29] = codes[kind][2];
    c[30] = goldstein[kind];
    c[31] = absl::StrCat(1 + rng() % 20);
    c[32] = "1";
    c[33] = c[31];
    c[34] = "-1.25";
    c[51] = "4";
    c[52] = "Islamabad, Islamabad, Pakistan";
    c[53] = "PK";
    c[54] = "PK08";
    c[56] = "33.7";
    c[57] = "73.1667";
    c[58] = "-2764384";
    c[59] = date + "000000";
    c[60] = absl::StrCat("https://news.example.org/", i);
    out << absl::StrJoin(c, "\t") << '\n';
  }
}

double Seconds(absl::Time start) {
  return absl::ToDoubleSeconds(absl::Now() - start);
}

int Run() {
  const int rows = absl::GetFlag(FLAGS_rows);
  char dir_template[] = "/tmp/dyadscope-bench-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const std::string file = dir + "/export.CSV";
  absl::Time t = absl::Now();
  WriteGdeltFile(file, rows);
  std::printf("generated %d GDELT 2.0 rows in %.1f s (%s)\n", rows, Seconds(t),
              file.c_str());

  const std::string engine = absl::GetFlag(FLAGS_engine);
  const bool postgres = engine == "postgres";
  if (!postgres && engine != "sqlite") {
    std::fprintf(stderr, "--engine must be sqlite or postgres\n");
    return 1;
  }
  std::unique_ptr<testing::PostgresServer> pg_server;
  std::string pg_admin = absl::GetFlag(FLAGS_postgres_url);
  if (postgres && pg_admin.empty()) {
    auto started = testing::PostgresServer::Start();
    if (!started.ok()) {
      std::fprintf(stderr, "cannot start PostgreSQL: %s\n",
                   started.status().ToString().c_str());
      return 1;
    }
    pg_server = *std::move(started);
    pg_admin = pg_server->url();
    std::printf("throwaway PostgreSQL server: %s\n", pg_admin.c_str());
  }
  auto database_url = [&](const std::string& name) -> std::string {
    if (!postgres) return absl::StrCat(dir, "/", name, ".sqlite");
    const std::string url =
        absl::StrCat(pg_admin.substr(0, pg_admin.rfind('/') + 1), "bench_",
                     name, "_", getpid());
    const std::string create = absl::StrCat(
        "psql -q -v ON_ERROR_STOP=1 '", pg_admin,
        "' -c 'CREATE DATABASE bench_", name, "_", getpid(), "' >/dev/null");
    if (std::system(create.c_str()) != 0) return "";
    return url;
  };

  // Baseline: the engine's own bulk load of the same rows into a plain
  // table.
  std::string columns;
  for (int i = 1; i <= 61; ++i)
    absl::StrAppend(&columns, i > 1 ? "," : "", "c", i, " TEXT");
  std::string load;
  if (postgres) {
    const std::string url = database_url("baseline");
    load = absl::StrCat("psql -q -v ON_ERROR_STOP=1 '", url, "' -c 'CREATE ",
                        "TABLE gdelt(", columns, ")' -c \"\\copy gdelt FROM '",
                        file, "'\" > /dev/null");
  } else {
    const std::string script = dir + "/import.sql";
    std::ofstream(script)
        << "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n"
        << "CREATE TABLE gdelt(" << columns << ");\n"
        << ".mode tabs\n.import " << file << " gdelt\n";
    load = absl::StrCat("sqlite3 ", database_url("baseline"), " < ", script,
                        " > /dev/null");
  }
  t = absl::Now();
  if (std::system(load.c_str()) != 0) {
    std::fprintf(stderr, "the baseline bulk load failed: %s\n", load.c_str());
    return 1;
  }
  const double baseline_import = Seconds(t);

  // dyadscope: a real server over the store, fed through ImportEvents.
  auto db = storage::OpenDatabase(database_url("events"));
  auto repository = SqlEventRepository::Create(db->get());
  auto lexicon = Lexicon::Parse(embedded::lexicon_json());
  if (!db.ok() || !repository.ok() || !lexicon.ok()) {
    std::fprintf(stderr, "setup failed\n");
    return 1;
  }
  EventsConfig config;
  config.summary_pushdown = false;  // this server streams every event
  EventsManager manager(repository->get(), &*lexicon, config);
  EventsServiceImpl service(&manager);
  auto server = testing::StartTestServer(
      {{v1::EventsService::service_full_name(), &service}});
  if (!server.ok()) return 1;
  auto stub = v1::EventsService::NewStub(server->channel);
  // The same store behind a second server whose summaries push the
  // aggregation down to SQL.
  EventsConfig pushdown_config = config;
  pushdown_config.summary_pushdown = true;
  EventsManager pushdown_manager(repository->get(), &*lexicon, pushdown_config);
  EventsServiceImpl pushdown_service(&pushdown_manager);
  auto pushdown_server = testing::StartTestServer(
      {{v1::EventsService::service_full_name(), &pushdown_service}});
  if (!pushdown_server.ok()) return 1;
  auto pushdown_stub = v1::EventsService::NewStub(pushdown_server->channel);

  t = absl::Now();
  grpc::ClientContext import_context;
  v1::ImportEventsResponse imported;
  auto writer = stub->ImportEvents(&import_context, &imported);
  v1::ImportEventsRequest first;
  first.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_GDELT2);
  first.mutable_options()->set_file_name("export.CSV");
  writer->Write(first);
  std::ifstream in(file, std::ios::binary);
  std::string buffer(1 << 20, '\0');
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    v1::ImportEventsRequest chunk;
    chunk.set_chunk(buffer.data(), in.gcount());
    writer->Write(chunk);
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  const double import_seconds = Seconds(t);
  if (!status.ok()) {
    std::fprintf(stderr, "import failed: %s\n", status.error_message().c_str());
    return 1;
  }

  // SummarizeEvents, monthly, over every event: streamed, then pushed down.
  v1::SummarizeEventsResponse summary;
  v1::SummarizeEventsResponse pushdown_summary;
  auto time_summaries = [&](v1::EventsService::Stub* summary_stub,
                            v1::SummarizeEventsResponse* response) -> double {
    std::vector<double> ms;
    for (int run = 0; run < absl::GetFlag(FLAGS_summary_runs); ++run) {
      grpc::ClientContext context;
      v1::SummarizeEventsRequest request;
      request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
      request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
      request.set_bucket(v1::SUMMARY_BUCKET_MONTH);
      const absl::Time start = absl::Now();
      grpc::Status result =
          summary_stub->SummarizeEvents(&context, request, response);
      ms.push_back(Seconds(start) * 1000);
      if (!result.ok()) {
        std::fprintf(stderr, "summary failed: %s\n",
                     result.error_message().c_str());
        return -1;
      }
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  };
  const double summary_median = time_summaries(stub.get(), &summary);
  const double pushdown_median =
      time_summaries(pushdown_stub.get(), &pushdown_summary);
  if (summary_median < 0 || pushdown_median < 0) return 1;

  // Baseline for the summary: one GROUP BY over the same store.
  std::vector<double> sql_ms;
  for (int run = 0; run < absl::GetFlag(FLAGS_summary_runs); ++run) {
    t = absl::Now();
    (void)(*db)->Read([](storage::SqlSession& session) {
      return session.QueryEach(
          "SELECT day / 30, COUNT(*), SUM(goldstein * mention_weight), "
          "SUM(mention_weight) FROM event_versions WHERE "
          "superseded_time_us IS NULL AND deleted = 0 GROUP BY day / 30",
          {}, [](const storage::Row&) { return absl::OkStatus(); });
    });
    sql_ms.push_back(Seconds(t) * 1000);
  }
  std::sort(sql_ms.begin(), sql_ms.end());
  const double sql_median = sql_ms[sql_ms.size() / 2];

  std::printf("\nengine: %s\n%-44s %12s %14s %10s\n", engine.c_str(), "case",
              "time", "rows/s", "vs base");
  std::printf("%-44s %10.2f s %14.0f %9.2fx\n",
              postgres ? "baseline: psql \\copy (raw text)"
                       : "baseline: sqlite3 .import (raw text)",
              baseline_import, rows / baseline_import, 1.0);
  std::printf("%-44s %10.2f s %14.0f %9.2fx\n",
              "ImportEvents GDELT2 (parse, validate, store)", import_seconds,
              rows / import_seconds, import_seconds / baseline_import);
  std::printf("%-44s %10.1f ms %13s %9.2fx\n",
              "baseline: SQL GROUP BY month (1 query)", sql_median, "", 1.0);
  std::printf("%-44s %10.1f ms %13s %9.2fx\n",
              "SummarizeEvents monthly, streamed (median)", summary_median, "",
              summary_median / sql_median);
  std::printf("%-44s %10.1f ms %13s %9.2fx\n",
              "SummarizeEvents monthly, pushed down (median)", pushdown_median,
              "", pushdown_median / sql_median);
  const bool same = summary.coverage().event_count() ==
                        pushdown_summary.coverage().event_count() &&
                    summary.buckets_size() == pushdown_summary.buckets_size();
  std::printf("pushed down vs streamed: %.2fx the time; same counts: %s\n",
              pushdown_median / summary_median, same ? "yes" : "NO");
  std::printf(
      "\nimported: created=%lld rejected=%lld; summary: %d months, %lld "
      "events\n",
      static_cast<long long>(imported.created()),
      static_cast<long long>(imported.rejected()), summary.buckets_size(),
      static_cast<long long>(summary.coverage().event_count()));
  manager.Shutdown();
  pushdown_manager.Shutdown();
  if (!absl::GetFlag(FLAGS_keep)) {
    (void)std::system(absl::StrCat("rm -rf ", dir).c_str());
  }
  return 0;
}

}  // namespace
}  // namespace dyadscope::events

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return dyadscope::events::Run();
}
