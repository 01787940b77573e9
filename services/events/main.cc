// The events server: bilateral events and UN General Assembly votes.
// Usage: events [--listen=127.0.0.1:50051] [--database=FILE] [--help]

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/logging/log.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "common/storage/database_factory.h"
#include "embedded/events_lexicon_data.h"
#include "services/events/domain/events_manager.h"
#include "services/events/domain/lexicon.h"
#include "services/events/domain/seed.h"
#include "services/events/grpc/events_service.h"
#include "services/events/storage/sql_event_repository.h"

ABSL_FLAG(std::string, database, "dyadscope-events.sqlite",
          "Store: a SQLite file path (created if missing), ':memory:', or a "
          "postgresql:// URL");
ABSL_FLAG(std::string, lexicon_file, "",
          "Theme lexicon JSON; empty uses the built-in data/pak-chn/"
          "lexicon.json");
ABSL_FLAG(bool, seed_data, true,
          "Load the embedded PAK-CHN dataset when the store is empty");
ABSL_FLAG(absl::Duration, watch_poll, absl::Seconds(1),
          "How often WatchEvents re-reads the store when this process wrote "
          "nothing: the delay before a watcher sees a change written by "
          "another replica");
ABSL_FLAG(bool, summary_pushdown, true,
          "SummarizeEvents aggregates in SQL (per day and codes) instead of "
          "streaming one row per event: faster for large stores on both "
          "engines, a little slower for small ones (bench/events_bench)");
ABSL_FLAG(int, import_batch_rows, 20000,
          "Rows written per transaction by non-atomic imports");
ABSL_FLAG(std::string, seed_data_dir, "data/pak-chn",
          "Folder with events.csv, unga_votes.csv and sources.csv to seed "
          "from");

namespace {

constexpr char kService[] = "events";

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

int main(int argc, char** argv) {
  using dyadscope::FailStartup;
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope events service (bilateral events and UN General Assembly "
      "votes). Flags may also be set as DYADSCOPE_<FLAG> environment "
      "variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags(kService, 50051);
  if (!options.ok())
    return FailStartup(kService, "bad flags", options.status());

  std::string lexicon_json(dyadscope::events::embedded::lexicon_json());
  if (!absl::GetFlag(FLAGS_lexicon_file).empty()) {
    absl::StatusOr<std::string> text =
        ReadFile(absl::GetFlag(FLAGS_lexicon_file));
    if (!text.ok())
      return FailStartup(kService, "bad --lexicon_file", text.status());
    lexicon_json = *std::move(text);
  }
  absl::StatusOr<dyadscope::events::Lexicon> lexicon =
      dyadscope::events::Lexicon::Parse(lexicon_json);
  if (!lexicon.ok())
    return FailStartup(kService, "bad lexicon", lexicon.status());

  absl::StatusOr<std::unique_ptr<dyadscope::storage::Database>> db =
      dyadscope::storage::OpenDatabase(absl::GetFlag(FLAGS_database));
  if (!db.ok())
    return FailStartup(kService, "cannot open database", db.status());
  absl::StatusOr<std::unique_ptr<dyadscope::events::SqlEventRepository>>
      repository = dyadscope::events::SqlEventRepository::Create(db->get());
  if (!repository.ok()) {
    return FailStartup(kService, "cannot migrate database",
                       repository.status());
  }
  dyadscope::events::EventsConfig config;
  if (absl::GetFlag(FLAGS_watch_poll) <= absl::ZeroDuration()) {
    return FailStartup(
        kService, "bad flags",
        absl::InvalidArgumentError("--watch_poll must be positive"));
  }
  config.watch_poll = absl::GetFlag(FLAGS_watch_poll);
  config.summary_pushdown = absl::GetFlag(FLAGS_summary_pushdown);
  if (absl::GetFlag(FLAGS_import_batch_rows) < 1) {
    return FailStartup(
        kService, "bad flags",
        absl::InvalidArgumentError("--import_batch_rows must be positive"));
  }
  config.import_batch_rows = absl::GetFlag(FLAGS_import_batch_rows);
  dyadscope::events::EventsManager manager(repository->get(), &*lexicon,
                                           config);
  if (absl::GetFlag(FLAGS_seed_data)) {
    absl::StatusOr<dyadscope::events::SeedResult> seed =
        dyadscope::events::SeedIfEmpty(manager, **repository,
                                       absl::GetFlag(FLAGS_seed_data_dir));
    if (!seed.ok())
      return FailStartup(kService, "cannot seed data", seed.status());
    if (seed->seeded) {
      dyadscope::log::Info(
          "seeded embedded data",
          {dyadscope::log::Field("service", kService),
           dyadscope::log::Field("events", seed->events.created),
           dyadscope::log::Field("votes", seed->votes.created)});
    }
  }

  dyadscope::events::EventsServiceImpl service(&manager, options->call_policy);
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::events::v1::EventsService::service_full_name(), &service}},
      [&manager] { manager.Shutdown(); });
}
