// Start-up seeding of the events service (run with `make bench` or
// directly: build/bin/seed_bench [--runs=3] [--engines=sqlite,postgres]
// [--data_dir=data/pak-chn]): the time a fresh store takes to take in the
// embedded data (data/pak-chn/events.csv and unga_votes.csv, through
// SeedIfEmpty, as `events` does before it listens), against the engine's own
// bulk load of unga_votes.csv into a plain text table (sqlite3 .import,
// psql \copy; no parsing, validation, versions or change log). A replica on
// PostgreSQL seeds its database on first start, so this is its cold start.
// Median of --runs, each on a new store. Output is a Markdown section.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/storage/database_factory.h"
#include "common/testing/postgres_server.h"
#include "embedded/events_lexicon_data.h"
#include "services/events/domain/events_manager.h"
#include "services/events/domain/seed.h"
#include "services/events/storage/sql_event_repository.h"

ABSL_FLAG(int, runs, 3, "Seeds per engine, each on a new store (median)");
ABSL_FLAG(std::string, engines, "sqlite,postgres",
          "Store engines to seed, comma-separated");
ABSL_FLAG(std::string, data_dir, "data/pak-chn", "The embedded data");

namespace dyadscope::events {
namespace {

double Seconds(absl::Time start) {
  return absl::ToDoubleSeconds(absl::Now() - start);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct EngineFigures {
  std::string engine;
  double baseline_s = 0;  // bulk load of unga_votes.csv
  double seed_s = 0;      // SeedIfEmpty
  int64_t events = 0;
  int64_t votes = 0;
};

// A new store of `engine`: a SQLite file in `dir` or a database of the
// PostgreSQL server `pg`; "" when it cannot be made.
std::string NewStore(const std::string& engine, const std::string& dir,
                     testing::PostgresServer* pg, const std::string& name) {
  if (engine == "sqlite") return absl::StrCat(dir, "/", name, ".sqlite");
  absl::StatusOr<std::string> url = pg->CreateDatabase("seed_" + name);
  return url.ok() ? *url : std::string();
}

absl::StatusOr<EngineFigures> RunEngine(const std::string& engine,
                                        const std::string& dir,
                                        testing::PostgresServer* pg) {
  EngineFigures figures;
  figures.engine = engine;
  const std::string data = absl::GetFlag(FLAGS_data_dir);
  const std::string votes_csv = data + "/unga_votes.csv";
  auto lexicon = Lexicon::Parse(embedded::lexicon_json());
  if (!lexicon.ok()) return lexicon.status();
  std::vector<double> baseline, seed;
  for (int run = 0; run < absl::GetFlag(FLAGS_runs); ++run) {
    const std::string plain =
        NewStore(engine, dir, pg, absl::StrCat("plain", run));
    const std::string store =
        NewStore(engine, dir, pg, absl::StrCat("events", run));
    if (plain.empty() || store.empty()) {
      return absl::InternalError("cannot create the stores");
    }
    const std::string columns =
        "rcid TEXT, session TEXT, date TEXT, unres TEXT, country_iso3 TEXT, "
        "country TEXT, vote TEXT, importantvote TEXT, amend TEXT, para TEXT, "
        "source_id TEXT";
    std::string load;
    if (engine == "sqlite") {
      const std::string script = absl::StrCat(dir, "/load", run, ".sql");
      std::ofstream(script)
          << "PRAGMA journal_mode=WAL;\n"
          << "CREATE TABLE votes(" << columns << ");\n"
          << ".import --csv --skip 1 " << votes_csv << " votes\n";
      load = absl::StrCat("sqlite3 ", plain, " < ", script, " > /dev/null");
    } else {
      load = absl::StrCat("psql -q -v ON_ERROR_STOP=1 '", plain,
                          "' -c 'CREATE TABLE votes(", columns,
                          ")' -c \"\\copy votes FROM '", votes_csv,
                          "' WITH (FORMAT csv, HEADER true)\" > /dev/null");
    }
    absl::Time t = absl::Now();
    if (std::system(load.c_str()) != 0) {
      return absl::InternalError("the baseline bulk load failed: " + load);
    }
    baseline.push_back(Seconds(t));

    t = absl::Now();
    auto db = storage::OpenDatabase(store);
    if (!db.ok()) return db.status();
    auto repository = SqlEventRepository::Create(db->get());
    if (!repository.ok()) return repository.status();
    EventsManager manager(repository->get(), &*lexicon, EventsConfig());
    absl::StatusOr<SeedResult> seeded =
        SeedIfEmpty(manager, **repository, data);
    if (!seeded.ok()) return seeded.status();
    seed.push_back(Seconds(t));
    figures.events = seeded->events.created;
    figures.votes = seeded->votes.created;
    if (!seeded->seeded || figures.votes == 0) {
      return absl::InternalError("nothing was seeded");
    }
  }
  figures.baseline_s = Median(baseline);
  figures.seed_s = Median(seed);
  return figures;
}

int Run() {
  char dir_template[] = "/tmp/dyadscope-seed-bench-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  std::unique_ptr<testing::PostgresServer> pg;
  std::vector<EngineFigures> all;
  for (absl::string_view engine :
       absl::StrSplit(absl::GetFlag(FLAGS_engines), ',')) {
    if (engine != "sqlite" && engine != "postgres") {
      std::fprintf(stderr, "--engines: sqlite or postgres, not %s\n",
                   std::string(engine).c_str());
      return 1;
    }
    if (engine == "postgres" && pg == nullptr) {
      auto started = testing::PostgresServer::Start();
      if (!started.ok()) {
        std::fprintf(stderr, "cannot start PostgreSQL: %s\n",
                     started.status().ToString().c_str());
        return 1;
      }
      pg = *std::move(started);
    }
    absl::StatusOr<EngineFigures> figures =
        RunEngine(std::string(engine), dir, pg.get());
    if (!figures.ok()) {
      std::fprintf(stderr, "%s\n", figures.status().ToString().c_str());
      return 1;
    }
    all.push_back(*figures);
  }
  (void)std::system(absl::StrCat("rm -rf '", dir, "'").c_str());

  std::printf("## Seeding a new store (events)\n\n");
  std::printf(
      "The embedded data a fresh events store takes in before the service "
      "listens (SeedIfEmpty: %lld events and %lld UN General Assembly "
      "votes: parse, validate, version, change log), against the engine's "
      "own bulk load of unga_votes.csv into a plain text table (sqlite3 "
      ".import, psql \\copy), client start-up included. Median of %d, each "
      "on a new store.\n\n",
      static_cast<long long>(all.empty() ? 0 : all[0].events),
      static_cast<long long>(all.empty() ? 0 : all[0].votes),
      absl::GetFlag(FLAGS_runs));
  std::printf("| engine | bulk load | seed | seed / bulk load |\n");
  std::printf("|---|---|---|---|\n");
  for (const EngineFigures& f : all) {
    std::printf("| %s | %.2f s | %.2f s | %.1f x |\n", f.engine.c_str(),
                f.baseline_s, f.seed_s, f.seed_s / f.baseline_s);
  }
  std::printf("\n");
  return 0;
}

}  // namespace
}  // namespace dyadscope::events

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return dyadscope::events::Run();
}
