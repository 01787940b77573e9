// File: services/events/domain/event_store.h
// -----------------------------------------------------------------------------
// The events service's store port, in domain terms: versioned events and
// votes with tombstones, as-of reads, request-level idempotency and a
// change log that WatchEvents follows. Implementation: SqlEventRepository
// (services/events/storage; SQLite and PostgreSQL through common/storage,
// events on the record core, common/records).

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_STORE_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/records/record_ports.h"
#include "common/types/types.h"
#include "services/events/domain/event.h"
#include "services/events/domain/summary.h"

namespace dyadscope::events {

// Which events a read matches. `dyad` is required.
struct EventQuery {
  Dyad dyad;
  // Events whose date (its first day) lies in [start_day, end_day], as day
  // numbers since 1970-01-01 (DateSortKey); absent bounds are open.
  std::optional<int64_t> start_day;
  std::optional<int64_t> end_day;
  std::vector<Domain> domains;
  std::vector<QuadClass> quad_classes;
  std::vector<std::string> cameo_root_codes;
  std::vector<std::string> cameo_code_prefixes;
  std::vector<std::string> tags;    // any of
  std::vector<std::string> themes;  // any of
  std::string text;                 // case-insensitive substring of title/text
  std::vector<std::string> source_systems;
  std::optional<double> min_mention_weight;
};

using ::dyadscope::ReadOptions;

// A position in (date, id) order, exclusive.
struct EventCursor {
  int64_t day = 0;
  int64_t id = 0;
};

// The compact fields summaries need, streamed without decoding whole events.
struct EventDigest {
  int64_t id = 0;
  Date date;
  QuadClass quad_class = QuadClass::kUnspecified;
  Domain domain = Domain::kUnspecified;
  std::optional<double> goldstein;
  std::optional<double> mention_weight;
  std::vector<std::string> themes;
};

// The events of one day with the same date precision, QuadClass, domain and
// themes, aggregated by the store: what a summary needs of them without
// their individual scores (Goldstein g, 0 when absent; mention weight w, 1
// when absent). `first_id` is the group's first event (date order, then id).
using DigestGroup = SummaryGroup;

// What one upsert did.
struct UpsertResult {
  Event event;  // as stored (id, version filled in)
  WriteOutcome outcome = WriteOutcome::kCreated;
};

// One change in the log.
struct ChangeRecord {
  int64_t sequence = 0;
  WriteOutcome change = WriteOutcome::kCreated;
  Event event;
};

// Writes inside one transaction (see EventRepository::Write; request log
// and data version: see records::RecordWriterBase). Not thread-safe; valid
// only during the callback.
class EventWriter : public records::RecordWriterBase {
 public:
  // Stores `event`: a new event when (provenance.source_system,
  // provenance.source_record_id) is new or the record id is empty, a new
  // version when the stored current version differs in content (provenance
  // file, line and label do not count as content), nothing when identical.
  virtual absl::StatusOr<UpsertResult> UpsertEvent(
      const Event& event, absl::string_view request_id) = 0;

  // Writes a tombstone version of event `id`. NOT_FOUND when it does not
  // exist or is already deleted; ABORTED when `expected_version` is set and
  // is not the current version.
  virtual absl::StatusOr<Event> DeleteEvent(
      int64_t id, std::optional<int64_t> expected_version,
      absl::string_view request_id) = 0;

  // Stores a vote, idempotent on (source_system, roll call, country).
  virtual absl::StatusOr<WriteOutcome> UpsertVote(
      const Vote& vote, absl::string_view request_id) = 0;

  // Returns version `version` of event `id` (tombstones included) as this
  // transaction sees it; NOT_FOUND when there is none.
  virtual absl::StatusOr<Event> GetEventVersion(int64_t id,
                                                int64_t version) = 0;
};

// One event as of a read, its version history (when asked for) and the
// data version of the same read transaction.
struct EventRead {
  Event event;
  std::vector<VersionInfo> history;
  std::string data_version;
};

// Thread-safe. Write (see records::TransactionalStore) wakes watchers
// after a commit.
class EventRepository : public records::TransactionalStore<EventWriter> {
 public:
  // Returns event `id` as of `options`. NOT_FOUND when absent (or deleted
  // and !options.include_deleted).
  virtual absl::StatusOr<Event> GetEvent(int64_t id,
                                         const ReadOptions& options) = 0;

  // Returns version `version` of event `id` (tombstones included).
  virtual absl::StatusOr<Event> GetEventVersion(int64_t id,
                                                int64_t version) = 0;

  // Returns event `id` as of `options` (NOT_FOUND as GetEvent), its version
  // history up to options.as_of when `include_history`, and the data
  // version, all from one read transaction.
  virtual absl::StatusOr<EventRead> ReadEvent(int64_t id,
                                              const ReadOptions& options,
                                              bool include_history) = 0;

  // Returns the version metadata of event `id` up to options.as_of.
  virtual absl::StatusOr<std::vector<VersionInfo>> GetEventHistory(
      int64_t id, const ReadOptions& options) = 0;

  // Returns up to `limit` events matching `query` after `after`, ordered by
  // date then id, and the data version of the same read.
  virtual absl::StatusOr<records::Versioned<std::vector<Event>>> ListEvents(
      const EventQuery& query, const ReadOptions& options,
      std::optional<EventCursor> after, int limit) = 0;

  // Calls `on_event` for every matching event's digest, in date order
  // (date, then id), and returns the data version of the same read.
  virtual absl::StatusOr<std::string> ScanDigests(
      const EventQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const EventDigest&)> on_event) = 0;

  // The same events aggregated in the database (GROUP BY), one group per
  // day, precision, QuadClass, domain and themes, in the order of each
  // group's first event; returns the data version of the same read.
  virtual absl::StatusOr<std::string> ScanDigestGroups(
      const EventQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const DigestGroup&)> on_group) = 0;

  // Calls `on_source` with the sources cited by matching events and the
  // number of events citing each, most cited first (then by citation), at
  // most `limit` of them (the database ranks; the rest never leave it).
  virtual absl::Status CountSources(
      const EventQuery& query, const ReadOptions& options, int limit,
      absl::FunctionRef<void(const SourceRef&, int64_t)> on_source) = 0;

  // Returns the changes after `after_sequence` (at most `limit`) whose
  // events match `query`, and the last sequence examined (advances even
  // when nothing matched).
  virtual absl::StatusOr<std::pair<std::vector<ChangeRecord>, int64_t>>
  ChangesSince(const EventQuery& query, int64_t after_sequence, int limit) = 0;

  // Returns the first change sequence recorded at or after `time`, minus one
  // (a position to read changes after).
  virtual absl::StatusOr<int64_t> SequenceBefore(absl::Time time) = 0;

  // Blocks until a change after `after_sequence` may exist or `deadline`
  // passes. May return spuriously; callers re-check with ChangesSince.
  virtual void WaitForChange(int64_t after_sequence, absl::Time deadline) = 0;

  // Wakes every waiter (used at shutdown).
  virtual void WakeAll() = 0;

  // Calls `on_vote` for the votes of the given countries as of `options`
  // and returns the data version of the same read.
  virtual absl::StatusOr<std::string> ScanVotes(
      const std::vector<std::string>& countries, const ReadOptions& options,
      absl::FunctionRef<void(const Vote&)> on_vote) = 0;

  // Returns the data version: changes with every committed write.
  virtual absl::StatusOr<std::string> DataVersion() = 0;

  // Returns the number of current events and votes (to decide seeding).
  virtual absl::StatusOr<std::pair<int64_t, int64_t>> CountRecords() = 0;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_STORE_H_
