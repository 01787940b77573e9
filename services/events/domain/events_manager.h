// File: services/events/domain/events_manager.h
// -----------------------------------------------------------------------------
// EventsManager: the events service's use cases, transport-free. It
// validates and derives events (CAMEO root, QuadClass, Goldstein, domain,
// themes), writes them through an EventRepository with the idempotency
// rules of the contract, streams file imports row by row (GDELT 1.0/2.0,
// dyadscope CSV, JSON Lines; UNGA votes) with line-numbered rejections,
// summarises, follows the change log for watchers, and computes UN voting
// alignment.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENTS_MANAGER_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENTS_MANAGER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/csv/upload.h"
#include "common/records/record_import.h"
#include "common/records/record_ports.h"
#include "common/records/record_use_cases.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "common/util/stream_decompressor.h"
#include "common/util/versioned_cache.h"
#include "services/events/domain/event.h"
#include "services/events/domain/event_store.h"
#include "services/events/domain/lexicon.h"
#include "services/events/domain/row_rejection.h"
#include "services/events/domain/summary.h"
#include "services/events/domain/voting.h"

namespace dyadscope::events {

// Settings of the events service.
struct EventsConfig {
  std::vector<Period> default_periods = DefaultPeriods();
  int max_batch_events = 1000;
  int default_page_size = 100;
  int max_page_size = 1000;
  // Rows written per transaction by non-atomic imports.
  // Larger batches write each index page fewer times (1,000,000 GDELT rows:
  // 36 s at 2,000, 23 s at 20,000 on the bench machine); a crash loses at
  // most one batch, which re-sending with the same request_id restores.
  int import_batch_rows = 20000;
  // Longest time a WatchEvents stream stays silent before a keep-alive.
  absl::Duration watch_keepalive = absl::Seconds(15);
  // How often a watcher re-reads the store even without a local signal
  // (changes written by other replicas).
  absl::Duration watch_poll = absl::Seconds(1);
  // SummarizeEvents lets the store aggregate a day's events per codes and
  // themes (GROUP BY in SQL), streaming single events only for buckets small
  // enough to bootstrap; off streams one row per event. bench/events_bench
  // measures both.
  bool summary_pushdown = true;
  // Returns the present time (tests may fix it).
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

// The outcome of a batch write and the data version of its transaction.
using CreateEventsResult = records::BatchResult<UpsertResult>;

// The file formats of ImportEvents.
enum class EventFileFormat { kGdelt1, kGdelt2, kDyadscopeCsv, kJsonLines };

// Options of an import (events or votes).
// (The shared options: see records::UploadOptions.)
struct ImportOptions : records::UploadOptions {
  std::optional<EventFileFormat> format;  // events only
  std::optional<Dyad> dyad_filter;        // events only
  std::vector<std::string> countries;     // votes only
};

// A rejected row and where it was.
using LineRejection = records::LineRejection;

// What an import did (or, for a dry run, would have done; see
// records::ImportCounts: events and votes are never deleted by an import).
struct ImportResult : records::ImportCounts {
  int64_t roll_calls = 0;  // votes only
};

using ::dyadscope::ChunkSource;

// Decodes one JSON Lines row into an event (the JSON form is the transport's
// business, so the handler layer supplies it).
using JsonEventDecoder =
    std::function<std::variant<Event, RowRejection>(absl::string_view line)>;

// What SummarizeEvents returns.
struct SummarizeResult : records::SourcedAnswer {
  EventSummary summary;
  std::string lexicon_version;
  bool sources_truncated = false;
};

// A request for SummarizeEvents.
struct SummarizeRequest {
  EventQuery query;
  std::optional<Date> span_start;
  std::optional<Date> span_end;
  SummaryBucket bucket = SummaryBucket::kNone;
  std::vector<Period> periods;
  std::vector<std::string> themes;
  int bootstrap_draws = 0;  // 0: default
  std::optional<uint64_t> seed;
  std::optional<double> confidence_level;
  ReadOptions read;
  // A stable encoding of the whole request (the handler's deterministic
  // serialization). When set, a current read (no read.as_of) is answered
  // from a cache while the data version and the day stay the same; empty:
  // always computed.
  std::string cache_key;
};

// A request for GetVotingAlignment.
struct AlignmentRequest {
  std::string country_a;
  std::string country_b;
  std::string reference_country;
  std::optional<int> start_year;
  std::optional<int> end_year;
  std::vector<Period> periods;
  RollCallFilter filter;
  ReadOptions read;
};

struct AlignmentResult : records::SourcedAnswer {
  std::vector<VotingAlignment> years;
  std::vector<VotingAlignment> periods;
};

// One message for a watcher.
struct WatchUpdate {
  std::optional<ChangeRecord> change;  // absent: keep-alive
  std::string resume_token;
  std::string data_version;
};

// Thread-safe.
class EventsManager {
 public:
  // `repository` and `lexicon` must outlive the manager.
  EventsManager(EventRepository* repository, const Lexicon* lexicon,
                EventsConfig config);

  // Checks an event from a client and fills in the derived fields. Records
  // each problem under `field` (e.g. "events[2]").
  void PrepareEvent(Event& event, absl::string_view field,
                    FieldViolations& violations) const;

  // Writes 1 to max_batch_events events all-or-nothing. With a known
  // request_id and the same request (`fingerprint`), returns the first
  // answer without writing. `conversion` holds problems found while
  // decoding the request; they are reported together with the domain's
  // (one violation per field).
  absl::StatusOr<CreateEventsResult> CreateEvents(
      std::vector<Event> events, const std::string& request_id,
      const std::string& fingerprint, bool validate_only,
      const FieldViolations& conversion = FieldViolations());

  // Returns event `id` as of `options`, its version history when
  // `include_history`, and the data version, from one read transaction.
  // NOT_FOUND (reason EVENT_NOT_FOUND) when it does not exist then (or was
  // deleted and !options.include_deleted).
  absl::StatusOr<EventRead> GetEvent(int64_t id, const ReadOptions& options,
                                     bool include_history);

  // Returns one page of the events matching `query` in (date, id) order,
  // the next page token ("" at the end; it pins the first page's as-of
  // time) and the data version of the same read. INVALID_ARGUMENT for a
  // negative page size or a token of another query.
  absl::StatusOr<records::Page<Event>> ListEvents(
      const EventQuery& query, ReadOptions options, int page_size,
      const std::string& page_token);

  // Writes a tombstone of event `id` and returns it with the data version
  // of that transaction. NOT_FOUND when it does not exist or is deleted;
  // ABORTED (VERSION_MISMATCH) when `expected_version` is not current. A
  // repeated `request_id` returns the first answer.
  absl::StatusOr<records::Versioned<Event>> DeleteEvent(
      int64_t id, std::optional<int64_t> expected_version,
      const std::string& request_id);

  // Reads an event file from `source` and stores its rows.
  absl::StatusOr<ImportResult> ImportEvents(const ImportOptions& options,
                                            ChunkSource& source,
                                            const JsonEventDecoder& json);

  // Reads a UNGA roll-call CSV from `source` and stores its votes.
  // `sources` maps the file's optional source_id column to full sources.
  absl::StatusOr<ImportResult> ImportVotes(
      const ImportOptions& options, ChunkSource& source,
      const std::vector<std::pair<std::string, SourceRef>>& sources = {});

  absl::StatusOr<SummarizeResult> Summarize(const SummarizeRequest& request);

  absl::StatusOr<AlignmentResult> GetVotingAlignment(
      const AlignmentRequest& request);

  // Streams changes matching `query` to `send` (which returns false when the
  // client is gone) from `resume_token`, or from `start_time`, or from now,
  // until the client leaves or Shutdown is called. INVALID_ARGUMENT for a
  // bad resume token.
  absl::Status Watch(const EventQuery& query,
                     std::optional<absl::Time> start_time,
                     const std::string& resume_token,
                     const std::function<bool(const WatchUpdate&)>& send);

  // Ends every Watch promptly (server shutdown).
  void Shutdown();

  const EventsConfig& config() const { return config_; }
  const Lexicon& lexicon() const { return *lexicon_; }

 private:
  // Every vote of `countries` and the sources they cite, most cited first,
  // at `data_version`. Current reads (no read.as_of) come from a cache
  // while the data version stays the same: the alignment of a dyad reads
  // tens of thousands of votes.
  struct LoadedVotes {
    std::vector<Vote> votes;
    std::vector<std::pair<SourceRef, int64_t>> sources;
    std::string data_version;
  };
  absl::StatusOr<std::shared_ptr<const LoadedVotes>> LoadVotes(
      const std::vector<std::string>& countries, const ReadOptions& read);
  VersionedCache<LoadedVotes> loaded_votes_{16};
  // Summaries of current reads, by cache_key and day.
  VersionedCache<SummarizeResult> summaries_{64};

  int PresentYear() const;

  EventRepository* repository_;
  const Lexicon* lexicon_;
  EventsConfig config_;
  std::atomic<bool> shutting_down_{false};
};

// Returns a stable text form of `query` for page-token fingerprints.
std::string QueryFingerprint(const EventQuery& query, const ReadOptions& read);

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENTS_MANAGER_H_
