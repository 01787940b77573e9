// Events service benchmarks (issue 11, parts 2 and 3; run with `make bench`
// or directly: build/bin/events_bench [--rows=100000,1000000]
// [--engine=postgres] [--keep] [--db_out=FILE]):
//  1. Import throughput of a generated GDELT 2.0 export of N PAK–CHN rows
//     streamed through ImportEvents to a real server and store (a SQLite
//     file, or a PostgreSQL database: --postgres_url, else a throwaway
//     server started here), against the baseline of the engine's own bulk
//     load of the same file into a plain 61-column table (sqlite3 `.import`,
//     psql `\copy`; no parsing, validation or versioning).
//  2. SummarizeEvents latency over those N events with monthly buckets,
//     streaming one digest row per event and with the aggregation pushed
//     down (identical digests grouped in SQL), against the baseline of the
//     equivalent GROUP BY month in SQL over the bulk-loaded table, indexed
//     on (actor1 country, actor2 country, date), with the engine's own
//     client (sqlite3, psql) — and, for reference, the same GROUP BY over
//     the events store.
// Each size runs in turn; the last lines give how the costs grow with the
// data (x10 rows -> x? time). Output is a Markdown section.
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
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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

ABSL_FLAG(std::string, rows, "1000000",
          "Rows in the generated GDELT 2.0 file; a comma-separated list runs "
          "each size in turn");
ABSL_FLAG(std::string, db_out, "",
          "Move the events store of the last size here (SQLite only), for "
          "bench/memory.sh");
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

struct SizeFigures {
  int rows = 0;
  double baseline_import_s = 0;    // engine's bulk load
  double import_s = 0;             // ImportEvents
  double baseline_groupby_ms = 0;  // GROUP BY over the indexed bulk table
  double store_groupby_ms = 0;     // GROUP BY over the events store
  double streamed_ms = 0;          // SummarizeEvents, streamed (cold)
  double pushed_ms = 0;            // SummarizeEvents, pushed down (cold)
  double warm_ms = 0;              // the same summary again (cached)
  int64_t created = 0;
  int64_t rejected = 0;
  int months = 0;
  int64_t summarized = 0;
  bool same = false;
};

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The month, count and mention-weighted Goldstein sums of the PAK–CHN dyad
// in the bulk-loaded table (c2 SQLDATE, c8/c18 actor countries, c31
// Goldstein, c32 NumMentions).
constexpr char kBaselineGroupBy[] =
    "SELECT substr(c2, 1, 6) AS month, COUNT(*), "
    "SUM(CAST(c31 AS REAL) * CAST(c32 AS REAL)), SUM(CAST(c32 AS REAL)) "
    "FROM gdelt WHERE (c8 = 'PAK' AND c18 = 'CHN') OR "
    "(c8 = 'CHN' AND c18 = 'PAK') GROUP BY month";

absl::StatusOr<SizeFigures> RunSize(int rows, const std::string& dir,
                                    bool postgres, const std::string& pg_admin,
                                    bool last) {
  SizeFigures figures;
  figures.rows = rows;
  const std::string file = absl::StrCat(dir, "/export-", rows, ".CSV");
  absl::Time t = absl::Now();
  WriteGdeltFile(file, rows);
  std::fprintf(stderr, "generated %d GDELT 2.0 rows in %.1f s (%s)\n", rows,
               Seconds(t), file.c_str());
  auto database_url = [&](const std::string& name) -> std::string {
    if (!postgres) return absl::StrCat(dir, "/", name, "-", rows, ".sqlite");
    const std::string db =
        absl::StrCat("bench_", name, "_", rows, "_", getpid());
    const std::string url =
        absl::StrCat(pg_admin.substr(0, pg_admin.rfind('/') + 1), db);
    const std::string create =
        absl::StrCat("psql -q -v ON_ERROR_STOP=1 '", pg_admin,
                     "' -c 'CREATE DATABASE ", db, "' >/dev/null");
    if (std::system(create.c_str()) != 0) return "";
    return url;
  };

  // Baseline: the engine's own bulk load of the same rows into a plain
  // table, then an index for the GROUP BY baseline.
  std::string columns;
  for (int i = 1; i <= 61; ++i)
    absl::StrAppend(&columns, i > 1 ? "," : "", "c", i, " TEXT");
  const std::string baseline_url = database_url("baseline");
  std::string load, index, query;
  const std::string script = absl::StrCat(dir, "/baseline-", rows, ".sql");
  const std::string query_script = absl::StrCat(dir, "/groupby-", rows, ".sql");
  if (postgres) {
    load = absl::StrCat("psql -q -v ON_ERROR_STOP=1 '", baseline_url,
                        "' -c 'CREATE TABLE gdelt(", columns,
                        ")' -c \"\\copy gdelt FROM '", file, "'\" > /dev/null");
    index = absl::StrCat("psql -q -v ON_ERROR_STOP=1 '", baseline_url,
                         "' -c 'CREATE INDEX gdelt_dyad_day ON gdelt(c8, c18, "
                         "c2)' -c 'ANALYZE gdelt' > /dev/null");
    std::ofstream(query_script) << kBaselineGroupBy << ";\n";
    query = absl::StrCat("psql -q -v ON_ERROR_STOP=1 '", baseline_url, "' -f ",
                         query_script, " > /dev/null");
  } else {
    std::ofstream(script)
        << "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n"
        << "CREATE TABLE gdelt(" << columns << ");\n"
        << ".mode tabs\n.import " << file << " gdelt\n";
    load =
        absl::StrCat("sqlite3 ", baseline_url, " < ", script, " > /dev/null");
    index = absl::StrCat("sqlite3 ", baseline_url,
                         " 'CREATE INDEX gdelt_dyad_day ON gdelt(c8, c18, c2); "
                         "ANALYZE;' > /dev/null");
    std::ofstream(query_script) << kBaselineGroupBy << ";\n";
    query = absl::StrCat("sqlite3 ", baseline_url, " < ", query_script,
                         " > /dev/null");
  }
  t = absl::Now();
  if (std::system(load.c_str()) != 0) {
    return absl::InternalError("the baseline bulk load failed: " + load);
  }
  figures.baseline_import_s = Seconds(t);
  if (std::system(index.c_str()) != 0) {
    return absl::InternalError("indexing the baseline failed: " + index);
  }
  // The client's own start-up is part of this baseline (a few ms; the
  // summaries below include a gRPC round trip).
  std::vector<double> baseline_ms;
  for (int run = 0; run < absl::GetFlag(FLAGS_summary_runs); ++run) {
    t = absl::Now();
    if (std::system(query.c_str()) != 0) {
      return absl::InternalError("the baseline GROUP BY failed: " + query);
    }
    baseline_ms.push_back(Seconds(t) * 1000);
  }
  figures.baseline_groupby_ms = Median(baseline_ms);

  // dyadscope: a real server over the store, fed through ImportEvents.
  const std::string events_url = database_url("events");
  auto db = storage::OpenDatabase(events_url);
  if (!db.ok()) return db.status();
  auto repository = SqlEventRepository::Create(db->get());
  if (!repository.ok()) return repository.status();
  auto lexicon = Lexicon::Parse(embedded::lexicon_json());
  if (!lexicon.ok()) return lexicon.status();
  EventsConfig config;
  config.summary_pushdown = false;  // this server streams every event
  EventsManager manager(repository->get(), &*lexicon, config);
  EventsServiceImpl service(&manager, dyadscope::CallPolicy{});
  auto server = testing::StartTestServer(
      {{v1::EventsService::service_full_name(), &service}});
  if (!server.ok()) return server.status();
  auto stub = v1::EventsService::NewStub(server->channel);
  // The same store behind a second server whose summaries push the
  // aggregation down to SQL.
  EventsConfig pushdown_config = config;
  pushdown_config.summary_pushdown = true;
  EventsManager pushdown_manager(repository->get(), &*lexicon, pushdown_config);
  EventsServiceImpl pushdown_service(&pushdown_manager,
                                     dyadscope::CallPolicy{});
  auto pushdown_server = testing::StartTestServer(
      {{v1::EventsService::service_full_name(), &pushdown_service}});
  if (!pushdown_server.ok()) return pushdown_server.status();
  auto pushdown_stub = v1::EventsService::NewStub(pushdown_server->channel);

  t = absl::Now();
  grpc::ClientContext import_context;
  v1::ImportEventsResponse imported;
  auto writer = stub->ImportEvents(&import_context, &imported);
  v1::ImportEventsRequest first;
  first.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_GDELT2);
  first.mutable_options()->set_file_name("export.CSV");
  writer->Write(first);
  {
    std::ifstream in(file, std::ios::binary);
    std::string buffer(1 << 20, '\0');
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
      v1::ImportEventsRequest chunk;
      chunk.set_chunk(buffer.data(), in.gcount());
      writer->Write(chunk);
    }
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  figures.import_s = Seconds(t);
  if (!status.ok()) {
    return absl::InternalError("import failed: " + status.error_message());
  }
  figures.created = imported.created();
  figures.rejected = imported.rejected();

  // SummarizeEvents, monthly, over every event: streamed, then pushed down.
  v1::SummarizeEventsResponse summary;
  v1::SummarizeEventsResponse pushdown_summary;
  // Cold: each run asks with another bootstrap seed, so no answer comes
  // from the service's summary cache; warm: the same question again at the
  // same data version.
  auto time_summaries = [&](v1::EventsService::Stub* summary_stub,
                            v1::SummarizeEventsResponse* response,
                            bool warm) -> absl::StatusOr<double> {
    std::vector<double> ms;
    for (int run = 0; run < absl::GetFlag(FLAGS_summary_runs); ++run) {
      grpc::ClientContext context;
      v1::SummarizeEventsRequest request;
      request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
      request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
      request.set_bucket(v1::SUMMARY_BUCKET_MONTH);
      request.set_seed(warm ? 1 : 100 + run);
      const absl::Time start = absl::Now();
      grpc::Status result =
          summary_stub->SummarizeEvents(&context, request, response);
      ms.push_back(Seconds(start) * 1000);
      if (!result.ok()) {
        return absl::InternalError("summary failed: " + result.error_message());
      }
    }
    return Median(ms);
  };
  absl::StatusOr<double> streamed = time_summaries(stub.get(), &summary, false);
  if (!streamed.ok()) return streamed.status();
  absl::StatusOr<double> pushed =
      time_summaries(pushdown_stub.get(), &pushdown_summary, false);
  if (!pushed.ok()) return pushed.status();
  v1::SummarizeEventsResponse warm_summary;
  (void)time_summaries(pushdown_stub.get(), &warm_summary, true);  // fills
  absl::StatusOr<double> warm =
      time_summaries(pushdown_stub.get(), &warm_summary, true);
  if (!warm.ok()) return warm.status();
  figures.streamed_ms = *streamed;
  figures.pushed_ms = *pushed;
  figures.warm_ms = *warm;

  // For reference: one GROUP BY over the events store itself.
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
  figures.store_groupby_ms = Median(sql_ms);
  figures.same = summary.coverage().event_count() ==
                     pushdown_summary.coverage().event_count() &&
                 summary.buckets_size() == pushdown_summary.buckets_size();
  figures.months = summary.buckets_size();
  figures.summarized = summary.coverage().event_count();
  manager.Shutdown();
  pushdown_manager.Shutdown();
  pushdown_server->runner->Shutdown();
  server->runner->Shutdown();
  db->reset();
  if (last && !postgres && !absl::GetFlag(FLAGS_db_out).empty()) {
    const std::string move = absl::StrCat(
        "mv '", events_url, "' '", absl::GetFlag(FLAGS_db_out), "' && rm -f '",
        events_url, "-wal' '", events_url, "-shm'");
    if (std::system(move.c_str()) != 0) {
      return absl::InternalError("cannot move the store to --db_out");
    }
  }
  std::remove(file.c_str());
  return figures;
}

int Run() {
  std::vector<int> sizes;
  for (absl::string_view part :
       absl::StrSplit(absl::GetFlag(FLAGS_rows), ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 1) {
      std::fprintf(stderr, "bad --rows\n");
      return 1;
    }
    sizes.push_back(n);
  }
  const std::string engine = absl::GetFlag(FLAGS_engine);
  const bool postgres = engine == "postgres";
  if (!postgres && engine != "sqlite") {
    std::fprintf(stderr, "--engine must be sqlite or postgres\n");
    return 1;
  }
  char dir_template[] = "/tmp/dyadscope-bench-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
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
    std::fprintf(stderr, "throwaway PostgreSQL server: %s\n", pg_admin.c_str());
  }
  std::vector<SizeFigures> all;
  for (size_t i = 0; i < sizes.size(); ++i) {
    absl::StatusOr<SizeFigures> figures =
        RunSize(sizes[i], dir, postgres, pg_admin, i + 1 == sizes.size());
    if (!figures.ok()) {
      std::fprintf(stderr, "%s\n", figures.status().ToString().c_str());
      return 1;
    }
    all.push_back(*figures);
  }

  const char* bulk = postgres ? "psql \\copy" : "sqlite3 .import";
  const char* client = postgres ? "psql" : "sqlite3";
  std::printf("## 2-3. Event import and summaries (%s)\n\n", engine.c_str());
  std::printf(
      "Generated GDELT 2.0 rows (PAK–CHN, 2000–2024, seeded). Import: the "
      "whole file streamed through ImportEvents to a real server (parse, "
      "validate, version, index; one store) against the engine's bulk load "
      "of the same file into a plain 61-column text table (%s: no parsing, "
      "validation or indexes). Summaries: SummarizeEvents monthly over the "
      "whole range, median of %d, against the equivalent GROUP BY month in "
      "%s over that table with an index on (actor1 country, actor2 "
      "country, date), client start-up included. Cold summaries are "
      "computed (each run another bootstrap seed); warm ones are the same "
      "question again at the same data version, answered from the "
      "service's cache.\n\n",
      bulk, absl::GetFlag(FLAGS_summary_runs), client);
  std::printf(
      "| rows | %s | ImportEvents | rows/s | vs raw rate | GROUP BY (%s) | "
      "Summarize, pushed down | vs GROUP BY | Summarize, streamed | "
      "Summarize, warm | GROUP BY on the events store |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
      bulk, client);
  for (const SizeFigures& f : all) {
    std::printf(
        "| %d | %.2f s | %.2f s | %.0f | %.2f | %.1f ms | %.1f ms | %.2f x | "
        "%.1f ms | %.2f ms | %.1f ms |\n",
        f.rows, f.baseline_import_s, f.import_s, f.rows / f.import_s,
        f.baseline_import_s / f.import_s, f.baseline_groupby_ms, f.pushed_ms,
        f.pushed_ms / f.baseline_groupby_ms, f.streamed_ms, f.warm_ms,
        f.store_groupby_ms);
  }
  const SizeFigures& big = all.back();
  std::printf("\nGoals (at %d rows):\n\n", big.rows);
  const double rate = big.baseline_import_s / big.import_s;
  std::printf("- import rate %.0f%% of %s's (goal >= 50%%): **%s**\n",
              100 * rate, bulk, rate >= 0.5 ? "met" : "not met");
  std::printf(
      "- SummarizeEvents computed (cold) %.1f ms vs the GROUP BY's %.1f ms "
      "(goal: faster): **%s**; under 100 ms (goal): **%s**\n",
      big.pushed_ms, big.baseline_groupby_ms,
      big.pushed_ms < big.baseline_groupby_ms ? "met" : "not met",
      big.pushed_ms < 100 ? "met" : "not met");
  std::printf(
      "- SummarizeEvents asked again at the same data version (warm, from "
      "the service's cache) %.2f ms: under 100 ms **%s**\n",
      big.warm_ms, big.warm_ms < 100 ? "met" : "not met");
  std::printf(
      "- checks: %lld created, %lld rejected; the summary covers %lld events "
      "in %d months; pushed down and streamed agree: %s\n",
      static_cast<long long>(big.created), static_cast<long long>(big.rejected),
      static_cast<long long>(big.summarized), big.months,
      big.same ? "yes" : "NO");
  for (size_t i = 1; i < all.size(); ++i) {
    const SizeFigures& a = all[i - 1];
    const SizeFigures& b = all[i];
    std::printf(
        "- growth %d -> %d rows (x%.0f): import x%.2f, %s x%.2f; "
        "SummarizeEvents pushed down x%.2f, streamed x%.2f; GROUP BY x%.2f\n",
        a.rows, b.rows, static_cast<double>(b.rows) / a.rows,
        b.import_s / a.import_s, bulk,
        b.baseline_import_s / a.baseline_import_s, b.pushed_ms / a.pushed_ms,
        b.streamed_ms / a.streamed_ms,
        b.baseline_groupby_ms / a.baseline_groupby_ms);
  }
  std::printf("\n");
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
