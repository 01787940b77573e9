// The events server: bilateral events and UN General Assembly votes.
// Usage: events [--listen=127.0.0.1:50051] [--help for every flag]

#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "common/storage/database_factory.h"
#include "common/storage/migrator.h"
#include "services/events/grpc/events_service.h"

ABSL_FLAG(std::string, database, "dyadscope-events.sqlite",
          "Store: a SQLite file path (created if missing), ':memory:', or a "
          "postgresql:// URL");

int main(int argc, char** argv) {
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(
      argc, argv,
      "dyadscope events service (bilateral events and UN General Assembly "
      "votes). Flags may also be set as "
      "DYADSCOPE_<FLAG> environment variables.");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags("events", 50051);
  if (!options.ok()) {
    return dyadscope::FailStartup("events", "bad flags", options.status());
  }

  absl::StatusOr<std::unique_ptr<dyadscope::storage::Database>> db =
      dyadscope::storage::OpenDatabase(absl::GetFlag(FLAGS_database));
  if (!db.ok()) {
    return dyadscope::FailStartup("events", "cannot open database",
                                  db.status());
  }
  absl::StatusOr<int> version = dyadscope::storage::ApplyMigrations(**db, {});
  if (!version.ok()) {
    return dyadscope::FailStartup("events", "cannot migrate database",
                                  version.status());
  }

  dyadscope::events::EventsServiceImpl service;
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::events::v1::EventsService::service_full_name(), &service}});
}
