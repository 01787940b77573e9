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
#include "common/server/service_main.h"
#include "common/server/store_main.h"
#include "common/status/status_macros.h"
#include "embedded/events_lexicon_data.h"
#include "services/events/domain/events_manager.h"
#include "services/events/domain/lexicon.h"
#include "services/events/domain/seed.h"
#include "services/events/grpc/events_service.h"
#include "services/events/storage/sql_event_repository.h"

DYADSCOPE_DATABASE_FLAG("dyadscope-events.sqlite");
ABSL_FLAG(std::string, lexicon_file, "",
          "Theme lexicon JSON; empty uses the built-in data/pak-chn/"
          "lexicon.json");
DYADSCOPE_SEED_DATA_FLAG("dataset");
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
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::StartServiceMain(
          argc, argv,
          {kService, 50051,
           "dyadscope events service (bilateral events and UN General "
           "Assembly votes). Flags may also be set as DYADSCOPE_<FLAG> "
           "environment variables."});
  if (!options.ok()) return dyadscope::kStartupFailure;

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

  absl::StatusOr<dyadscope::ServiceStore<dyadscope::events::SqlEventRepository>>
      store =
          dyadscope::OpenServiceStore<dyadscope::events::SqlEventRepository>(
              kService, absl::GetFlag(FLAGS_database));
  if (!store.ok()) return dyadscope::kStartupFailure;
  dyadscope::events::SqlEventRepository& repository = *store->repository;
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
  dyadscope::events::EventsManager manager(&repository, &*lexicon, config);
  absl::Status seeded = dyadscope::SeedServiceStore(
      kService, absl::GetFlag(FLAGS_seed_data),
      [&]() -> absl::StatusOr<std::vector<dyadscope::log::Field>> {
        DYADSCOPE_ASSIGN_OR_RETURN(
            dyadscope::events::SeedResult seed,
            dyadscope::events::SeedIfEmpty(manager, repository,
                                           absl::GetFlag(FLAGS_seed_data_dir)));
        if (!seed.seeded) return std::vector<dyadscope::log::Field>();
        return std::vector<dyadscope::log::Field>{
            dyadscope::log::Field("events", seed.events.created),
            dyadscope::log::Field("votes", seed.votes.created)};
      });
  if (!seeded.ok()) return dyadscope::kStartupFailure;

  dyadscope::events::EventsServiceImpl service(&manager, options->call_policy);
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::events::v1::EventsService::service_full_name(), &service}},
      [&manager] { manager.Shutdown(); });
}
