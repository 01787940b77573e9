// File: services/events/domain/seed.h
// -----------------------------------------------------------------------------
// Loads the embedded dataset (data/pak-chn/: events.csv, unga_votes.csv and
// sources.csv) into an empty store, through the same import paths users
// call, so the shipped data obeys the same rules as any other.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_SEED_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_SEED_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/events/domain/events_manager.h"

namespace dyadscope::events {

using ::dyadscope::FileChunkSource;

// Reads data/pak-chn/sources.csv (source_id, citation, url, source_system,
// dataset_version, locator, licence).
absl::StatusOr<std::vector<std::pair<std::string, SourceRef>>> ReadSourcesCsv(
    const std::string& path);

// What seeding did.
struct SeedResult {
  bool seeded = false;  // false: the store already held data
  ImportResult events;
  ImportResult votes;
};

// Imports `dir`/events.csv and `dir`/unga_votes.csv when the store holds no
// events and no votes. A rejected row fails the seed (the shipped data must
// be clean).
absl::StatusOr<SeedResult> SeedIfEmpty(EventsManager& manager,
                                       EventRepository& repository,
                                       const std::string& dir);

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_SEED_H_
