#include "services/events/storage/sql_event_repository.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/proto/deterministic.h"
#include "common/records/proto_body.h"
#include "common/records/sql_record_store.h"
#include "common/records/sql_record_writer.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/storage/sql_helpers.h"
#include "services/events/convert/event_proto_convert.h"

namespace dyadscope::events {
namespace {

using storage::Blob;
using storage::Row;
using storage::SqlSession;
using storage::SqlValue;

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }

std::string JoinTokens(const std::vector<std::string>& tokens) {
  if (tokens.empty()) return "";
  return absl::StrCat(";", absl::StrJoin(tokens, ";"), ";");
}

std::vector<std::string> SplitTokens(absl::string_view joined) {
  return absl::StrSplit(joined, ';', absl::SkipEmpty());
}

int PrecisionCode(DatePrecision p) {
  switch (p) {
    case DatePrecision::kDay:
      return 0;
    case DatePrecision::kMonth:
      return 1;
    case DatePrecision::kYear:
      return 2;
  }
  return 0;
}

Date DateFromColumns(int64_t day, int precision) {
  Date date = DateFromDayNumber(day);
  if (precision == 1) {
    date.day = 0;
    date.precision = DatePrecision::kMonth;
  } else if (precision == 2) {
    date.day = 0;
    date.month = 0;
    date.precision = DatePrecision::kYear;
  }
  return date;
}

int OutcomeCode(WriteOutcome outcome) { return static_cast<int>(outcome); }

using storage::Clause;
using storage::EscapeLike;

// Versions visible under `options`, on the alias v.
void AddVersionFilter(const ReadOptions& options, Clause& clause) {
  storage::AddVersionFilter(options, "v", clause);
}

void AddAnyToken(absl::string_view column,
                 const std::vector<std::string>& tokens, Clause& clause) {
  if (tokens.empty()) return;
  std::vector<std::string> parts;
  for (const std::string& token : tokens) {
    parts.push_back(absl::StrCat(column, " LIKE ? ESCAPE '\\'"));
    clause.params.push_back(absl::StrCat("%;", EscapeLike(token), ";%"));
  }
  clause.And(absl::StrCat("(", absl::StrJoin(parts, " OR "), ")"));
}

// Events matching `query`, on aliases v (event_versions) and e (events).
void AddQueryFilter(const EventQuery& query, Clause& clause) {
  if (query.dyad.directed) {
    clause.And("v.actor1_country = ? AND v.actor2_country = ?");
    clause.params.push_back(query.dyad.country_a);
    clause.params.push_back(query.dyad.country_b);
  } else {
    clause.And(
        "((v.actor1_country = ? AND v.actor2_country = ?) OR "
        "(v.actor1_country = ? AND v.actor2_country = ?))");
    clause.params.push_back(query.dyad.country_a);
    clause.params.push_back(query.dyad.country_b);
    clause.params.push_back(query.dyad.country_b);
    clause.params.push_back(query.dyad.country_a);
  }
  clause.AndAtLeast("v.day", query.start_day);
  clause.AndAtMost("v.day", query.end_day);
  clause.AndInEnums("v.domain", query.domains);
  clause.AndInEnums("v.quad_class", query.quad_classes);
  clause.AndIn("v.cameo_root", query.cameo_root_codes);
  if (!query.cameo_code_prefixes.empty()) {
    std::vector<std::string> parts;
    for (const std::string& prefix : query.cameo_code_prefixes) {
      parts.push_back("v.cameo_code LIKE ? ESCAPE '\\'");
      clause.params.push_back(absl::StrCat(EscapeLike(prefix), "%"));
    }
    clause.And(absl::StrCat("(", absl::StrJoin(parts, " OR "), ")"));
  }
  AddAnyToken("v.tags", query.tags, clause);
  AddAnyToken("v.themes", query.themes, clause);
  if (!query.text.empty()) {
    clause.And("v.search_text LIKE ? ESCAPE '\\'");
    clause.params.push_back(
        absl::StrCat("%", EscapeLike(absl::AsciiStrToLower(query.text)), "%"));
  }
  clause.AndIn("e.source_system", query.source_systems);
  if (query.min_mention_weight.has_value()) {
    clause.And("COALESCE(v.mention_weight, 1) >= ?");
    clause.params.push_back(*query.min_mention_weight);
  }
}

// The FROM clause of a scan that selects only version columns: the events
// table (alias e) is joined only when the filter needs it.
std::string DigestFrom(const EventQuery& query) {
  return query.source_systems.empty()
             ? "FROM event_versions v"
             : "FROM event_versions v JOIN events e ON e.id = v.event_id";
}

constexpr absl::string_view kEventColumns =
    "v.event_id, v.version, v.record_time_us, v.deleted, v.request_id, "
    "e.create_time_us, v.body";

// Decodes a row selected with kEventColumns.
Event EventFromRow(const Row& row) {
  records::StoredVersion stored;
  stored.id = row.Int(0);
  stored.version.version = row.Int(1);
  stored.version.record_time = FromMicros(row.Int(2));
  stored.version.deleted = row.Int(3) != 0;
  stored.version.request_id = row.Text(4);
  stored.version.create_time = FromMicros(row.Int(5));
  stored.body = row.Text(6);
  return EventRecordTraits::Decode(stored);
}

class SqlEventWriter : public records::SqlRecordWriter<EventWriter> {
 public:
  SqlEventWriter(SqlSession& session, SqlEventRepository& repository)
      : SqlRecordWriter(session, repository.table()),
        session_(session),
        repository_(repository) {}

  int64_t last_sequence() const { return last_sequence_; }

  absl::StatusOr<UpsertResult> UpsertEvent(
      const Event& input, absl::string_view request_id) override {
    Event event = input;
    if (event.provenance.source_system.empty()) {
      event.provenance.source_system = "API";
    }
    const records::EncodedRecord encoded = EventRecordTraits::Encode(event);
    const absl::Time now = repository_.NextRecordTime();

    if (repository_.engine() == storage::Engine::kPostgres) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          bool created,
          InsertNewEventPostgres(event, encoded.body, now, request_id));
      if (created)
        return UpsertResult{std::move(event), WriteOutcome::kCreated};
    }

    DYADSCOPE_ASSIGN_OR_RETURN(
        records::StoredWrite write,
        table().Upsert(session_, now, encoded, request_id,
                       [](absl::string_view stored) {
                         return EventRecordTraits::Content(stored);
                       }));
    if (write.outcome == WriteOutcome::kUnchanged) {
      return UpsertResult{EventRecordTraits::Decode(write.stored),
                          WriteOutcome::kUnchanged};
    }
    event.id = write.stored.id;
    event.version = write.stored.version;
    DYADSCOPE_RETURN_IF_ERROR(InsertSources(event));
    last_sequence_ = std::max(last_sequence_, write.sequence);
    return UpsertResult{std::move(event), write.outcome};
  }

  absl::StatusOr<Event> DeleteEvent(int64_t id,
                                    std::optional<int64_t> expected_version,
                                    absl::string_view request_id) override {
    DYADSCOPE_ASSIGN_OR_RETURN(std::optional<records::StoredVersion> current,
                               table().CurrentById(session_, id));
    if (!current.has_value() || current->version.deleted) {
      return WithReason(
          absl::NotFoundError(absl::StrCat("event ", EventName(id),
                                           " does not exist or is deleted")),
          "EVENT_NOT_FOUND");
    }
    if (expected_version.has_value() &&
        *expected_version != current->version.version) {
      return WithReason(
          absl::AbortedError(absl::StrCat(
              "event ", EventName(id), " is at version ",
              current->version.version, ", not ", *expected_version)),
          "VERSION_MISMATCH");
    }
    Event event = EventRecordTraits::Decode(*current);
    DYADSCOPE_ASSIGN_OR_RETURN(
        records::StoredWrite write,
        table().Tombstone(session_, repository_.NextRecordTime(), *current,
                          EventRecordTraits::Encode(event).columns,
                          request_id));
    event.version = write.stored.version;
    DYADSCOPE_RETURN_IF_ERROR(InsertSources(event));
    last_sequence_ = std::max(last_sequence_, write.sequence);
    return event;
  }

  absl::StatusOr<Event> GetEventVersion(int64_t id, int64_t version) override {
    DYADSCOPE_ASSIGN_OR_RETURN(std::optional<records::StoredVersion> stored,
                               table().GetVersion(session_, id, version));
    if (!stored.has_value()) {
      return EventRecordTraits::NoSuchVersion(id, version);
    }
    return EventRecordTraits::Decode(*stored);
  }

  absl::StatusOr<WriteOutcome> UpsertVote(
      const Vote& vote, absl::string_view request_id) override {
    const std::string system = vote.provenance.source_system.empty()
                                   ? std::string("UNGA_VOTES")
                                   : vote.provenance.source_system;
    const std::string issues = absl::StrJoin(vote.issues, ";");
    std::vector<SqlValue> content = {int64_t{vote.session},
                                     int64_t{vote.date.year},
                                     int64_t{vote.date.month},
                                     int64_t{vote.date.day},
                                     vote.resolution,
                                     vote.country_name,
                                     int64_t{static_cast<int>(vote.choice)},
                                     int64_t{vote.important_vote ? 1 : 0},
                                     int64_t{vote.amendment ? 1 : 0},
                                     int64_t{vote.paragraph ? 1 : 0},
                                     issues,
                                     vote.description,
                                     vote.source.citation,
                                     vote.source.url,
                                     vote.source.dataset_version,
                                     vote.source.locator};
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> current,
        session_.Query(
            "SELECT version, session, year, month, day, resolution, "
            "country_name, choice, important, amendment, paragraph, issues, "
            "description, source_citation, source_url, "
            "source_dataset_version, source_locator FROM votes WHERE "
            "source_system = ? AND roll_call_id = ? AND country_code = ? AND "
            "superseded_time_us IS NULL",
            {system, vote.roll_call_id, vote.country_code}));
    const absl::Time now = repository_.NextRecordTime();
    const int64_t now_us = ToMicros(now);
    int64_t version = 1;
    WriteOutcome outcome = WriteOutcome::kCreated;
    if (!current.empty()) {
      bool same = true;
      for (std::size_t i = 0; i < content.size(); ++i) {
        if (current[0].value(i + 1) != content[i]) same = false;
      }
      if (same) return WriteOutcome::kUnchanged;
      version = current[0].Int(0) + 1;
      outcome = WriteOutcome::kNewVersion;
      DYADSCOPE_RETURN_IF_ERROR(
          session_
              .Execute("UPDATE votes SET superseded_time_us = ? WHERE "
                       "source_system = ? AND roll_call_id = ? AND "
                       "country_code = ? AND superseded_time_us IS NULL",
                       {now_us, system, vote.roll_call_id, vote.country_code})
              .status());
    }
    std::vector<SqlValue> params = {
        system, vote.roll_call_id,      vote.country_code, version,
        now_us, std::string(request_id)};
    params.insert(params.end(), content.begin(), content.end());
    params.push_back(vote.provenance.source_label);
    params.push_back(vote.provenance.source_file);
    params.push_back(vote.provenance.source_line);
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> inserted,
        session_.Query(
            "INSERT INTO votes (source_system, roll_call_id, country_code, "
            "version, record_time_us, request_id, session, year, month, day, "
            "resolution, country_name, choice, important, amendment, "
            "paragraph, issues, description, source_citation, source_url, "
            "source_dataset_version, source_locator, source_label, "
            "source_file, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            params));
    DYADSCOPE_RETURN_IF_ERROR(
        LogChange("vote", inserted[0].Int(0), version, outcome, now_us));
    return outcome;
  }

 private:
  // PostgreSQL: creates `event` in one round trip (data-modifying CTEs: the
  // identity row, the first version, its sources and the change) unless an
  // event with its source record exists, which leaves everything as it was
  // and returns false. The writer lock makes the check and the insert one
  // step for every replica.
  absl::StatusOr<bool> InsertNewEventPostgres(Event& event,
                                              const std::string& body,
                                              absl::Time now,
                                              absl::string_view request_id) {
    const int64_t now_us = ToMicros(now);
    std::vector<SqlValue> params = {
        event.provenance.source_system,
        event.provenance.source_record_id.empty()
            ? SqlValue(std::monostate())
            : SqlValue(event.provenance.source_record_id),
        now_us};
    std::string sql =
        "WITH e AS (INSERT INTO events (source_system, source_record_id, "
        "create_time_us) VALUES (?::text, ?::text, ?::bigint) ON CONFLICT "
        "(source_system, source_record_id) DO NOTHING RETURNING id), "
        "v AS (INSERT INTO event_versions (event_id, version, record_time_us, "
        "superseded_time_us, deleted, request_id, day, date_precision, "
        "actor1_country, actor2_country, cameo_code, cameo_root, quad_class, "
        "domain, goldstein, mention_weight, tags, themes, search_text, body) "
        "SELECT id, 1, ?::bigint, NULL, 0, ?::text, ?::bigint, ?::bigint, "
        "?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint, "
        "?::double precision, ?::double precision, ?::text, ?::text, "
        "?::text, ?::bytea FROM e)";
    event.version = VersionInfo{1, now, now, false, std::string(request_id)};
    std::vector<SqlValue> version = VersionValues(event, body, now_us);
    params.insert(params.end(), version.begin(), version.end());
    if (!event.sources.empty()) {
      absl::StrAppend(&sql,
                      ", s AS (INSERT INTO event_version_sources (event_id, "
                      "version, source_system, citation, url) SELECT e.id, 1, "
                      "x.system, x.citation, x.url FROM e CROSS JOIN (VALUES ");
      for (std::size_t i = 0; i < event.sources.size(); ++i) {
        const SourceRef& source = event.sources[i];
        absl::StrAppend(&sql, i > 0 ? ", " : "", "(?::text, ?::text, ?::text)");
        params.push_back(source.source_system);
        params.push_back(source.citation);
        params.push_back(source.url);
      }
      absl::StrAppend(&sql, ") AS x (system, citation, url))");
    }
    absl::StrAppend(&sql,
                    ", c AS (INSERT INTO changes (record_time_us, entity, "
                    "entity_id, version, change) SELECT ?::bigint, 'event', "
                    "id, 1, ?::bigint FROM e RETURNING sequence) "
                    "SELECT e.id, c.sequence FROM e, c");
    params.push_back(now_us);
    params.push_back(int64_t{OutcomeCode(WriteOutcome::kCreated)});
    DYADSCOPE_ASSIGN_OR_RETURN(std::vector<Row> rows,
                               session_.Query(sql, params));
    if (rows.empty()) {
      event.version = VersionInfo();
      return false;  // the source record exists
    }
    event.id = rows[0].Int(0);
    last_sequence_ = std::max(last_sequence_, rows[0].Int(1));
    return true;
  }

  // The values of event_versions' columns from record_time_us to body, in
  // order, of the first version.
  static std::vector<SqlValue> VersionValues(const Event& event,
                                             const std::string& body,
                                             int64_t now_us) {
    std::vector<SqlValue> values = {now_us, event.version.request_id};
    std::vector<SqlValue> columns = EventRecordTraits::Encode(event).columns;
    values.insert(values.end(), columns.begin(), columns.end());
    values.push_back(Blob{body});
    return values;
  }

  // Records the sources `event` (at its version) cites.
  absl::Status InsertSources(const Event& event) {
    for (const SourceRef& source : event.sources) {
      DYADSCOPE_RETURN_IF_ERROR(
          session_
              .Execute("INSERT INTO event_version_sources (event_id, "
                       "version, source_system, citation, url) VALUES (?, "
                       "?, ?, ?, ?)",
                       {event.id, event.version.version, source.source_system,
                        source.citation, source.url})
              .status());
    }
    return absl::OkStatus();
  }

  absl::Status LogChange(absl::string_view entity, int64_t entity_id,
                         int64_t version, WriteOutcome outcome,
                         int64_t now_us) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        session_.Query("INSERT INTO changes (record_time_us, entity, "
                       "entity_id, version, change) VALUES (?, ?, ?, ?, ?) "
                       "RETURNING sequence",
                       {now_us, std::string(entity), entity_id, version,
                        int64_t{OutcomeCode(outcome)}}));
    last_sequence_ = std::max(last_sequence_, rows[0].Int(0));
    return absl::OkStatus();
  }

  SqlSession& session_;
  SqlEventRepository& repository_;
  int64_t last_sequence_ = 0;
};

}  // namespace

records::RecordColumns<Event, EventQuery> EventRecordTraits::DescribeColumns() {
  records::RecordColumns<Event, EventQuery> c("event", "events", "events");
  // Events share the changes table with votes (entity "vote").
  c.ShareChangesAs("event");
  c.KeyBySource();
  // Events keep their own reads (sql_event_repository.h): no filters here.
  c.Stored("day", [](const Event& event) { return DateSortKey(event.date); });
  c.Stored("date_precision", [](const Event& event) {
    return PrecisionCode(event.date.precision);
  });
  c.Stored("actor1_country",
           [](const Event& event) { return event.actor1.country_code; });
  c.Stored("actor2_country",
           [](const Event& event) { return event.actor2.country_code; });
  c.Stored("cameo_code", &Event::cameo_code);
  c.Stored("cameo_root", &Event::cameo_root_code);
  c.Stored("quad_class", &Event::quad_class);
  c.Stored("domain", &Event::domain);
  c.Stored("goldstein", &Event::goldstein);
  c.Stored("mention_weight", &Event::mention_weight);
  c.Stored("tags", [](const Event& event) { return JoinTokens(event.tags); });
  c.Stored("themes",
           [](const Event& event) { return JoinTokens(event.themes); });
  // What a full-text query matches (lower case).
  c.Stored("search_text", [](const Event& event) {
    return absl::AsciiStrToLower(absl::StrCat(event.title, "\n", event.text));
  });
  return c;
}

std::string EventRecordTraits::Body(const Event& event) {
  return records::ProtoBodyOf<v1::Event>(
      event, [](const Event& e, v1::Event* proto) { EventToProto(e, proto); });
}

std::string EventRecordTraits::Content(absl::string_view body) {
  return records::ProtoContentOf<v1::Event>(body);
}

Event EventRecordTraits::Decode(const records::StoredVersion& stored) {
  return records::ProtoRecordOf<v1::Event, Event>(
      stored, [](const v1::Event& proto, absl::string_view,
                 FieldViolations& violations) {
        return EventFromProto(proto, "event", violations);
      });
}

absl::Status EventRecordTraits::NoSuchVersion(int64_t id, int64_t version) {
  return absl::NotFoundError(
      absl::StrCat("event ", EventName(id), " has no version ", version));
}

absl::StatusOr<std::unique_ptr<SqlEventRepository>> SqlEventRepository::Create(
    storage::Database* db) {
  DYADSCOPE_RETURN_IF_ERROR(
      storage::ApplyMigrations(*db, embedded::Migrations(db->engine()))
          .status());
  std::unique_ptr<SqlEventRepository> repository(new SqlEventRepository(db));
  DYADSCOPE_ASSIGN_OR_RETURN(std::string version, repository->DataVersion());
  (void)version;
  return repository;
}

absl::Time SqlEventRepository::NextRecordTime() { return clock_.Next(); }

absl::Status SqlEventRepository::RunTransaction(
    absl::FunctionRef<absl::Status(EventWriter&)> body, bool commit) {
  int64_t last_sequence = 0;
  absl::Status status =
      records::RunSqlTransaction(*db_, commit, [&](SqlSession& session) {
        SqlEventWriter writer(session, *this);
        DYADSCOPE_RETURN_IF_ERROR(body(writer));
        last_sequence = writer.last_sequence();
        return absl::OkStatus();
      });
  if (status.ok() && commit && last_sequence > 0) {
    absl::MutexLock lock(&change_mu_);
    latest_sequence_ = std::max(latest_sequence_, last_sequence);
  }
  return status;
}

namespace {

// Returns event `id` as of `options`, read in `session`.
absl::StatusOr<Event> EventIn(SqlSession& session, int64_t id,
                              const ReadOptions& options) {
  Clause clause;
  clause.And("v.event_id = ?");
  clause.params.push_back(id);
  ReadOptions with_deleted = options;
  with_deleted.include_deleted = true;
  AddVersionFilter(with_deleted, clause);
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      session.Query(absl::StrCat("SELECT ", kEventColumns,
                                 " FROM event_versions v JOIN events "
                                 "e ON e.id = v.event_id WHERE ",
                                 clause.sql),
                    clause.params));
  if (rows.empty() || (rows[0].Int(3) != 0 && !options.include_deleted)) {
    return WithReason(absl::NotFoundError(absl::StrCat(
                          "event ", EventName(id), " not found",
                          rows.empty() ? "" : " (it was deleted)")),
                      "EVENT_NOT_FOUND");
  }
  return EventFromRow(rows[0]);
}

// Returns the version history of event `id` up to options.as_of, read in
// `session`.
absl::StatusOr<std::vector<VersionInfo>> HistoryIn(SqlSession& session,
                                                   int64_t id,
                                                   const ReadOptions& options) {
  std::vector<VersionInfo> history;
  std::string sql =
      "SELECT v.version, v.record_time_us, v.deleted, v.request_id, "
      "e.create_time_us FROM event_versions v JOIN events e ON e.id = "
      "v.event_id WHERE v.event_id = ?";
  std::vector<SqlValue> params = {id};
  if (options.as_of.has_value()) {
    sql += " AND v.record_time_us <= ?";
    params.push_back(ToMicros(*options.as_of));
  }
  sql += " ORDER BY v.version";
  DYADSCOPE_RETURN_IF_ERROR(session.QueryEach(sql, params, [&](const Row& row) {
    history.push_back(VersionInfo{row.Int(0), FromMicros(row.Int(1)),
                                  FromMicros(row.Int(4)), row.Int(2) != 0,
                                  row.Text(3)});
    return absl::OkStatus();
  }));
  return history;
}

}  // namespace

absl::StatusOr<Event> SqlEventRepository::GetEvent(int64_t id,
                                                   const ReadOptions& options) {
  std::optional<absl::StatusOr<Event>> event;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    event = EventIn(session, id, options);
    return absl::OkStatus();
  }));
  return *std::move(event);
}

absl::StatusOr<Event> SqlEventRepository::GetEventVersion(int64_t id,
                                                          int64_t version) {
  std::optional<absl::StatusOr<Event>> event;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    SqlEventWriter reader(session, *this);
    event = reader.GetEventVersion(id, version);
    return absl::OkStatus();
  }));
  return *std::move(event);
}

absl::StatusOr<std::vector<VersionInfo>> SqlEventRepository::GetEventHistory(
    int64_t id, const ReadOptions& options) {
  std::vector<VersionInfo> history;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(history, HistoryIn(session, id, options));
    return absl::OkStatus();
  }));
  return history;
}

absl::StatusOr<EventRead> SqlEventRepository::ReadEvent(
    int64_t id, const ReadOptions& options, bool include_history) {
  std::optional<absl::StatusOr<Event>> event;
  EventRead read;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    event = EventIn(session, id, options);
    if (!event->ok()) return absl::OkStatus();
    if (include_history) {
      DYADSCOPE_ASSIGN_OR_RETURN(read.history, HistoryIn(session, id, options));
    }
    DYADSCOPE_ASSIGN_OR_RETURN(read.data_version, table_.DataVersion(session));
    return absl::OkStatus();
  }));
  DYADSCOPE_ASSIGN_OR_RETURN(read.event, *std::move(event));
  return read;
}

absl::StatusOr<records::Versioned<std::vector<Event>>>
SqlEventRepository::ListEvents(const EventQuery& query,
                               const ReadOptions& options,
                               std::optional<EventCursor> after, int limit) {
  Clause clause;
  AddQueryFilter(query, clause);
  AddVersionFilter(options, clause);
  if (after.has_value()) {
    clause.And("(v.day > ? OR (v.day = ? AND v.event_id > ?))");
    clause.params.push_back(after->day);
    clause.params.push_back(after->day);
    clause.params.push_back(after->id);
  }
  clause.params.push_back(int64_t{limit});
  records::Versioned<std::vector<Event>> events;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_RETURN_IF_ERROR(session.QueryEach(
        absl::StrCat("SELECT ", kEventColumns,
                     " FROM event_versions v JOIN events e ON e.id = "
                     "v.event_id WHERE ",
                     clause.sql, " ORDER BY v.day, v.event_id LIMIT ?"),
        clause.params, [&](const Row& row) {
          events.value.push_back(EventFromRow(row));
          return absl::OkStatus();
        }));
    DYADSCOPE_ASSIGN_OR_RETURN(events.data_version,
                               table_.DataVersion(session));
    return absl::OkStatus();
  }));
  return events;
}

absl::StatusOr<std::string> SqlEventRepository::ScanDigests(
    const EventQuery& query, const ReadOptions& options,
    absl::FunctionRef<void(const EventDigest&)> on_event) {
  Clause clause;
  AddQueryFilter(query, clause);
  AddVersionFilter(options, clause);
  return records::ReadWithDataVersion(*db_, table_, [&](SqlSession& session) {
    return session.QueryEach(
        absl::StrCat("SELECT v.event_id, v.day, v.date_precision, "
                     "v.quad_class, v.domain, v.goldstein, v.mention_weight, "
                     "v.themes ",
                     DigestFrom(query), " WHERE ", clause.sql,
                     " ORDER BY v.day, v.event_id"),
        clause.params, [&](const Row& row) {
          EventDigest digest;
          digest.id = row.Int(0);
          digest.date =
              DateFromColumns(row.Int(1), static_cast<int>(row.Int(2)));
          digest.quad_class = static_cast<QuadClass>(row.Int(3));
          digest.domain = static_cast<Domain>(row.Int(4));
          digest.goldstein = row.OptionalDouble(5);
          digest.mention_weight = row.OptionalDouble(6);
          digest.themes = SplitTokens(row.Text(7));
          on_event(digest);
          return absl::OkStatus();
        });
  });
}

absl::StatusOr<std::string> SqlEventRepository::ScanDigestGroups(
    const EventQuery& query, const ReadOptions& options,
    absl::FunctionRef<void(const DigestGroup&)> on_group) {
  Clause clause;
  AddQueryFilter(query, clause);
  AddVersionFilter(options, clause);
  // g and w as the summary reads them: a missing score counts 0, a missing
  // weight 1.
  constexpr absl::string_view kG = "COALESCE(v.goldstein, 0.0)";
  constexpr absl::string_view kW = "COALESCE(v.mention_weight, 1.0)";
  const std::string sql = absl::StrCat(
      "SELECT MIN(v.event_id), v.day, v.date_precision, v.quad_class, "
      "v.domain, v.themes, COUNT(*), SUM(",
      kW, "), SUM(", kG, "), SUM(", kW, " * ", kG, "), SUM(", kW, " * ", kW,
      "), SUM(", kW, " * ", kW, " * ", kG, "), SUM(", kW, " * ", kW, " * ", kG,
      " * ", kG, "), MIN(", kG, "), MAX(", kG, "), MIN(", kW, ") ",
      DigestFrom(query), " WHERE ", clause.sql,
      " GROUP BY v.day, v.date_precision, v.quad_class, v.domain, v.themes "
      "ORDER BY v.day, MIN(v.event_id)");
  return records::ReadWithDataVersion(*db_, table_, [&](SqlSession& session) {
    return session.QueryEach(sql, clause.params, [&](const Row& row) {
      DigestGroup group;
      group.first_id = row.Int(0);
      group.date = DateFromColumns(row.Int(1), static_cast<int>(row.Int(2)));
      group.quad_class = static_cast<QuadClass>(row.Int(3));
      group.domain = static_cast<Domain>(row.Int(4));
      group.themes = SplitTokens(row.Text(5));
      group.count = row.Int(6);
      group.weight_sum = row.Double(7);
      group.goldstein_sum = row.Double(8);
      group.weighted_goldstein_sum = row.Double(9);
      group.w2_sum = row.Double(10);
      group.w2g_sum = row.Double(11);
      group.w2g2_sum = row.Double(12);
      group.min_goldstein = row.Double(13);
      group.max_goldstein = row.Double(14);
      group.min_weight = row.Double(15);
      on_group(group);
      return absl::OkStatus();
    });
  });
}

absl::Status SqlEventRepository::CountSources(
    const EventQuery& query, const ReadOptions& options, int limit,
    absl::FunctionRef<void(const SourceRef&, int64_t)> on_source) {
  Clause clause;
  AddQueryFilter(query, clause);
  AddVersionFilter(options, clause);
  std::vector<SqlValue> params = clause.params;
  params.push_back(int64_t{std::max(0, limit)});
  return db_->Read([&](SqlSession& session) {
    return session.QueryEach(
        absl::StrCat(
            "SELECT s.source_system, s.citation, MIN(s.url), COUNT(*) FROM "
            "event_version_sources s JOIN event_versions v ON v.event_id = "
            "s.event_id AND v.version = s.version ",
            query.source_systems.empty()
                ? ""
                : "JOIN events e ON e.id = v.event_id ",
            "WHERE ", clause.sql,
            " GROUP BY s.source_system, s.citation ORDER BY COUNT(*) DESC, "
            "s.citation, s.source_system LIMIT ?"),
        params, [&](const Row& row) {
          SourceRef source;
          source.source_system = row.Text(0);
          source.citation = row.Text(1);
          source.url = row.Text(2);
          on_source(source, row.Int(3));
          return absl::OkStatus();
        });
  });
}

absl::StatusOr<std::pair<std::vector<ChangeRecord>, int64_t>>
SqlEventRepository::ChangesSince(const EventQuery& query,
                                 int64_t after_sequence, int limit) {
  Clause clause;
  clause.And("c.sequence > ? AND c.entity = 'event'");
  clause.params.push_back(after_sequence);
  AddQueryFilter(query, clause);
  clause.params.push_back(int64_t{limit});
  std::vector<ChangeRecord> changes;
  int64_t last = after_sequence;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> max_rows,
        session.Query("SELECT COALESCE(MAX(sequence), 0) FROM changes"));
    const int64_t max_sequence = max_rows[0].Int(0);
    DYADSCOPE_RETURN_IF_ERROR(session.QueryEach(
        absl::StrCat("SELECT ", kEventColumns,
                     ", c.sequence, c.change FROM changes c JOIN "
                     "event_versions v ON v.event_id = c.entity_id AND "
                     "v.version = c.version JOIN events e ON e.id = "
                     "v.event_id WHERE ",
                     clause.sql, " ORDER BY c.sequence LIMIT ?"),
        clause.params, [&](const Row& row) {
          ChangeRecord change;
          change.event = EventFromRow(row);
          change.sequence = row.Int(7);
          change.change = static_cast<WriteOutcome>(row.Int(8));
          changes.push_back(std::move(change));
          return absl::OkStatus();
        }));
    last = static_cast<int>(changes.size()) < limit
               ? std::max(after_sequence, max_sequence)
               : changes.back().sequence;
    return absl::OkStatus();
  }));
  return std::make_pair(std::move(changes), last);
}

absl::StatusOr<int64_t> SqlEventRepository::SequenceBefore(absl::Time time) {
  int64_t sequence = 0;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        session.Query(
            "SELECT COALESCE(MIN(sequence), (SELECT COALESCE(MAX(sequence), "
            "0) + 1 FROM changes)) - 1 FROM changes WHERE record_time_us >= ?",
            {ToMicros(time)}));
    sequence = rows[0].Int(0);
    return absl::OkStatus();
  }));
  return sequence;
}

void SqlEventRepository::WaitForChange(int64_t after_sequence,
                                       absl::Time deadline) {
  absl::MutexLock lock(&change_mu_);
  const int64_t generation = wake_generation_;
  auto changed = [&]() ABSL_SHARED_LOCKS_REQUIRED(change_mu_) {
    return latest_sequence_ > after_sequence || wake_generation_ != generation;
  };
  change_mu_.AwaitWithDeadline(absl::Condition(&changed), deadline);
}

void SqlEventRepository::WakeAll() {
  absl::MutexLock lock(&change_mu_);
  ++wake_generation_;
}

absl::StatusOr<std::string> SqlEventRepository::ScanVotes(
    const std::vector<std::string>& countries, const ReadOptions& options,
    absl::FunctionRef<void(const Vote&)> on_vote) {
  Clause clause;
  std::vector<SqlValue> values(countries.begin(), countries.end());
  if (values.empty()) return DataVersion();
  clause.AndIn("v.country_code", values);
  ReadOptions versions = options;
  versions.include_deleted = true;  // votes have no tombstones
  AddVersionFilter(versions, clause);
  return records::ReadWithDataVersion(*db_, table_, [&](SqlSession& session) {
    return session.QueryEach(
        absl::StrCat(
            "SELECT v.roll_call_id, v.session, v.year, v.month, v.day, "
            "v.resolution, v.country_code, v.country_name, v.choice, "
            "v.important, v.amendment, v.paragraph, v.issues, "
            "v.description, v.source_citation, v.source_url, "
            "v.source_dataset_version, v.source_locator, v.source_system, "
            "v.version, v.record_time_us FROM votes v WHERE ",
            clause.sql),
        clause.params, [&](const Row& row) {
          Vote vote;
          vote.roll_call_id = row.Text(0);
          vote.session = static_cast<int>(row.Int(1));
          vote.date.year = static_cast<int>(row.Int(2));
          vote.date.month = static_cast<int>(row.Int(3));
          vote.date.day = static_cast<int>(row.Int(4));
          vote.date.precision = vote.date.day != 0     ? DatePrecision::kDay
                                : vote.date.month != 0 ? DatePrecision::kMonth
                                                       : DatePrecision::kYear;
          vote.resolution = row.Text(5);
          vote.country_code = row.Text(6);
          vote.country_name = row.Text(7);
          vote.choice = static_cast<VoteChoice>(row.Int(8));
          vote.important_vote = row.Int(9) != 0;
          vote.amendment = row.Int(10) != 0;
          vote.paragraph = row.Int(11) != 0;
          vote.issues = SplitTokens(row.Text(12));
          vote.description = row.Text(13);
          vote.source.citation = row.Text(14);
          vote.source.url = row.Text(15);
          vote.source.dataset_version = row.Text(16);
          vote.source.locator = row.Text(17);
          vote.source.source_system = row.Text(18);
          vote.provenance.source_system = row.Text(18);
          vote.provenance.source_record_id =
              absl::StrCat(vote.roll_call_id, "-", vote.country_code);
          vote.version.version = row.Int(19);
          vote.version.record_time = FromMicros(row.Int(20));
          on_vote(vote);
          return absl::OkStatus();
        });
  });
}

absl::StatusOr<std::string> SqlEventRepository::DataVersion() {
  int64_t sequence = 0;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(sequence, table_.LastSequence(session));
    return absl::OkStatus();
  }));
  {
    absl::MutexLock lock(&change_mu_);
    latest_sequence_ = std::max(latest_sequence_, sequence);
  }
  return table_.DataVersionAt(sequence);
}

absl::StatusOr<std::pair<int64_t, int64_t>> SqlEventRepository::CountRecords() {
  std::pair<int64_t, int64_t> counts;
  DYADSCOPE_RETURN_IF_ERROR(db_->Read([&](SqlSession& session) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        session.Query(
            "SELECT (SELECT COUNT(*) FROM event_versions WHERE "
            "superseded_time_us IS NULL AND deleted = 0), (SELECT COUNT(*) "
            "FROM votes WHERE superseded_time_us IS NULL)"));
    counts = {rows[0].Int(0), rows[0].Int(1)};
    return absl::OkStatus();
  }));
  return counts;
}

}  // namespace dyadscope::events
