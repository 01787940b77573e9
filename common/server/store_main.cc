#include "common/server/store_main.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/storage/database_factory.h"

namespace dyadscope {

absl::StatusOr<std::unique_ptr<storage::Database>> OpenServiceDatabase(
    absl::string_view service, const std::string& url) {
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      storage::OpenDatabase(url);
  if (!database.ok()) {
    FailStartup(service, "cannot open database", database.status());
  }
  return database;
}

absl::Status ReportMigration(absl::string_view service,
                             const absl::Status& status) {
  if (!status.ok()) FailStartup(service, "cannot migrate database", status);
  return status;
}

absl::Status SeedServiceStore(
    absl::string_view service, bool enabled,
    absl::FunctionRef<absl::StatusOr<std::vector<log::Field>>()> seed) {
  if (!enabled) return absl::OkStatus();
  absl::StatusOr<std::vector<log::Field>> seeded = seed();
  if (!seeded.ok()) {
    FailStartup(service, "cannot seed data", seeded.status());
    return seeded.status();
  }
  if (!seeded->empty()) {
    std::vector<log::Field> fields = {log::Field("service", service)};
    fields.insert(fields.end(), seeded->begin(), seeded->end());
    log::Info("seeded embedded data", fields);
  }
  return absl::OkStatus();
}

absl::Status SeedServiceStore(
    absl::string_view service, bool enabled, absl::string_view what,
    absl::FunctionRef<absl::StatusOr<int64_t>()> seed) {
  return SeedServiceStore(
      service, enabled, [&]() -> absl::StatusOr<std::vector<log::Field>> {
        absl::StatusOr<int64_t> count = seed();
        if (!count.ok()) return count.status();
        if (*count <= 0) return std::vector<log::Field>();
        return std::vector<log::Field>{log::Field(what, *count)};
      });
}

}  // namespace dyadscope
