// File: services/events/storage/sql_event_repository.h
// -----------------------------------------------------------------------------
// EventRepository over common/storage's Database (SQLite by default). Each
// event version is a row of event_versions holding the serialized
// dyadscope.events.v1.Event plus the columns queries filter on; a version is
// current from its record time until it is superseded, so as-of reads are a
// range check. Every committed change is appended to `changes`, whose last
// sequence number is the data version and which WatchEvents follows.

#ifndef DYADSCOPE_SERVICES_EVENTS_STORAGE_SQL_EVENT_REPOSITORY_H_
#define DYADSCOPE_SERVICES_EVENTS_STORAGE_SQL_EVENT_REPOSITORY_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/records/record_columns.h"
#include "common/records/record_schema.h"
#include "common/records/sql_record_table.h"
#include "common/storage/database.h"
#include "common/storage/migrator.h"
#include "common/storage/sql_helpers.h"
#include "embedded/events_migration_list.h"
#include "services/events/domain/event_store.h"

namespace dyadscope::events {

// The event record kind on the record core (see
// common/records/sql_record_store.h; events keep their own reads: the
// (date, id) order, digests, sources and the change log).
struct EventRecordTraits
    : records::ColumnTraits<EventRecordTraits, Event, EventQuery> {
  using Record = Event;
  static records::RecordColumns<Event, EventQuery> DescribeColumns();
  static std::string Body(const Event& event);
  static std::string Content(absl::string_view body);
  static Event Decode(const records::StoredVersion& stored);
  static absl::Status NoSuchVersion(int64_t id, int64_t version);
};

class SqlEventRepository : public EventRepository {
 public:
  // Applies the schema migrations to `db` and returns the repository.
  // `db` must outlive it.
  static absl::StatusOr<std::unique_ptr<SqlEventRepository>> Create(
      storage::Database* db);

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(EventWriter&)> body, bool commit) override;
  absl::StatusOr<Event> GetEvent(int64_t id,
                                 const ReadOptions& options) override;
  absl::StatusOr<Event> GetEventVersion(int64_t id, int64_t version) override;
  absl::StatusOr<std::vector<VersionInfo>> GetEventHistory(
      int64_t id, const ReadOptions& options) override;
  absl::StatusOr<EventRead> ReadEvent(int64_t id, const ReadOptions& options,
                                      bool include_history) override;
  absl::StatusOr<records::Versioned<std::vector<Event>>> ListEvents(
      const EventQuery& query, const ReadOptions& options,
      std::optional<EventCursor> after, int limit) override;
  absl::StatusOr<std::string> ScanDigests(
      const EventQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const EventDigest&)> on_event) override;
  absl::StatusOr<std::string> ScanDigestGroups(
      const EventQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const DigestGroup&)> on_group) override;
  absl::Status CountSources(
      const EventQuery& query, const ReadOptions& options, int limit,
      absl::FunctionRef<void(const SourceRef&, int64_t)> on_source) override;
  absl::StatusOr<std::pair<std::vector<ChangeRecord>, int64_t>> ChangesSince(
      const EventQuery& query, int64_t after_sequence, int limit) override;
  absl::StatusOr<int64_t> SequenceBefore(absl::Time time) override;
  void WaitForChange(int64_t after_sequence, absl::Time deadline) override;
  void WakeAll() override;
  absl::StatusOr<std::string> ScanVotes(
      const std::vector<std::string>& countries, const ReadOptions& options,
      absl::FunctionRef<void(const Vote&)> on_vote) override;
  absl::StatusOr<std::string> DataVersion() override;
  absl::StatusOr<std::pair<int64_t, int64_t>> CountRecords() override;

  // Returns the next record time: now, but strictly after every earlier one
  // handed out by this process (microsecond resolution).
  absl::Time NextRecordTime();

  // The engine of the database (the writer takes engine-specific paths).
  storage::Engine engine() const { return db_->engine(); }

  // The versioned events table of the record core.
  const records::SqlRecordTable& table() const { return table_; }

 private:
  explicit SqlEventRepository(storage::Database* db)
      : db_(db), table_(EventRecordTraits::Schema()) {}

  storage::Database* db_;
  records::SqlRecordTable table_;
  storage::RecordClock clock_;
  absl::Mutex change_mu_;
  int64_t latest_sequence_ ABSL_GUARDED_BY(change_mu_) = 0;
  int64_t wake_generation_ ABSL_GUARDED_BY(change_mu_) = 0;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_STORAGE_SQL_EVENT_REPOSITORY_H_
