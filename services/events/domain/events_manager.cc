#include "services/events/domain/events_manager.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/csv/csv_reader.h"
#include "common/records/record_use_cases.h"
#include "common/stats/bootstrap.h"
#include "common/status/status_macros.h"
#include "common/types/country_codes.h"
#include "common/types/iso_countries.h"
#include "common/util/fingerprint.h"
#include "common/util/page_token.h"
#include "common/util/request_log.h"
#include "services/events/domain/cameo.h"
#include "services/events/domain/event_csv_parser.h"
#include "services/events/domain/gdelt_parser.h"
#include "services/events/domain/unga_vote_row.h"

namespace dyadscope::events {
namespace {

constexpr int kMaxTags = 50;
constexpr int kMaxTagBytes = 100;
constexpr int kMaxSourcesListed = 100;

bool MatchesDyad(const Event& event, const Dyad& dyad) {
  const std::string& a1 = event.actor1.country_code;
  const std::string& a2 = event.actor2.country_code;
  if (a1 == dyad.country_a && a2 == dyad.country_b) return true;
  return !dyad.directed && a1 == dyad.country_b && a2 == dyad.country_a;
}

// Reads JSON Lines: one callback per non-blank line with its number.
absl::Status ReadLines(
    ChunkSource& source, Compression compression, int64_t& bytes_read,
    const std::function<absl::Status(int64_t, absl::string_view)>& on_line) {
  auto decompressor =
      StreamDecompressor::Create(compression, source.max_decompressed_bytes());
  std::string chunk;
  std::string pending;
  int64_t line = 0;
  auto flush_lines = [&](bool at_end) -> absl::Status {
    std::size_t start = 0;
    while (true) {
      std::size_t end = pending.find('\n', start);
      if (end == std::string::npos) {
        if (!at_end) break;
        end = pending.size();
        if (start >= end) break;
      }
      ++line;
      absl::string_view text(pending.data() + start, end - start);
      text = absl::StripSuffix(text, "\r");
      if (line == 1) text = absl::StripPrefix(text, "\xEF\xBB\xBF");
      if (!absl::StripAsciiWhitespace(text).empty()) {
        DYADSCOPE_RETURN_IF_ERROR(on_line(line, text));
      }
      start = end + 1;
      if (start > pending.size()) break;
    }
    pending.erase(0, std::min(start, pending.size()));
    return absl::OkStatus();
  };
  while (true) {
    DYADSCOPE_ASSIGN_OR_RETURN(bool more, source.Next(&chunk));
    if (!more) break;
    bytes_read += static_cast<int64_t>(chunk.size());
    absl::Status status = decompressor->Feed(chunk, &pending);
    if (!status.ok()) return InvalidField("chunk", status.message());
    if (pending.size() > (64u << 20) &&
        pending.find('\n') == std::string::npos) {
      return InvalidField("chunk", "a JSON Lines row is longer than 64 MiB");
    }
    DYADSCOPE_RETURN_IF_ERROR(flush_lines(false));
  }
  absl::Status status = decompressor->Finish();
  if (!status.ok()) return InvalidField("chunk", status.message());
  return flush_lines(true);
}

// One parsed row of an events file: an event or why the row was rejected.
struct EventRow {
  int64_t line = 0;
  std::variant<Event, RowRejection> parsed;
};

RowRejection CsvRejection(const csv::CsvRecord& record) {
  return RowRejection{"", std::string(csv::CsvErrorReasonCode(record.error)),
                      record.error_message, ""};
}

std::string EncodeResumeToken(int64_t sequence) {
  return absl::WebSafeBase64Escape(absl::StrCat("w1|", sequence));
}

absl::StatusOr<int64_t> DecodeResumeToken(const std::string& token) {
  std::string decoded;
  int64_t sequence = 0;
  absl::string_view payload;
  bool ok = absl::WebSafeBase64Unescape(token, &decoded);
  payload = decoded;
  if (!ok || !absl::ConsumePrefix(&payload, "w1|") ||
      !absl::SimpleAtoi(payload, &sequence) || sequence < 0) {
    return WithReason(
        InvalidField("resume_token", "is not a resume token from this service"),
        "INVALID_RESUME_TOKEN");
  }
  return sequence;
}

// How CreateBatch writes and replays events.
using EventKind =
    records::WriteKind<EventWriter, UpsertResult, Event,
                       &EventWriter::UpsertEvent, &UpsertResult::event,
                       &EventWriter::GetEventVersion>;

}  // namespace

std::string QueryFingerprint(const EventQuery& q, const ReadOptions& read) {
  std::vector<std::string> parts = {
      q.dyad.country_a, q.dyad.country_b, q.dyad.directed ? "d" : "u",
      q.start_day ? absl::StrCat(*q.start_day) : "",
      q.end_day ? absl::StrCat(*q.end_day) : ""};
  std::vector<std::string> domains, quads;
  for (Domain d : q.domains)
    domains.push_back(absl::StrCat(static_cast<int>(d)));
  for (QuadClass c : q.quad_classes) {
    quads.push_back(absl::StrCat(static_cast<int>(c)));
  }
  parts.push_back(absl::StrJoin(domains, ","));
  parts.push_back(absl::StrJoin(quads, ","));
  parts.push_back(absl::StrJoin(q.cameo_root_codes, ","));
  parts.push_back(absl::StrJoin(q.cameo_code_prefixes, ","));
  parts.push_back(absl::StrJoin(q.tags, ","));
  parts.push_back(absl::StrJoin(q.themes, ","));
  parts.push_back(q.text);
  parts.push_back(absl::StrJoin(q.source_systems, ","));
  parts.push_back(q.min_mention_weight ? absl::StrCat(*q.min_mention_weight)
                                       : "");
  parts.push_back(read.include_deleted ? "deleted" : "");
  return FingerprintHex(absl::StrJoin(parts, "\x1f"));
}

EventsManager::EventsManager(EventRepository* repository,
                             const Lexicon* lexicon, EventsConfig config)
    : repository_(repository), lexicon_(lexicon), config_(std::move(config)) {}

int EventsManager::PresentYear() const {
  return records::PresentYear(config_.clock);
}

void EventsManager::PrepareEvent(Event& event, absl::string_view field,
                                 FieldViolations& violations) const {
  const FieldPath path(field);
  records::CheckDate(event.date, path("date"), violations);
  for (auto [actor, name] : {std::make_pair(&event.actor1, "actor1"),
                             std::make_pair(&event.actor2, "actor2")}) {
    if (!IsKnownIso3(actor->country_code)) {
      violations.Add(path(absl::StrCat(name, ".country_code")),
                     absl::StrCat("\"", actor->country_code,
                                  "\" is not an ISO 3166-1 alpha-3 code"));
    }
  }
  if (!event.actor1.country_code.empty() &&
      event.actor1.country_code == event.actor2.country_code) {
    violations.Add(path("actor2.country_code"),
                   "must differ from actor1's: an event is between two states");
  }
  std::optional<cameo::CameoCode> code = cameo::Lookup(event.cameo_code);
  if (!code.has_value()) {
    violations.Add(path("cameo_code"),
                   absl::StrCat("\"", event.cameo_code,
                                "\" is not a CAMEO event code (2 to 4 digits, "
                                "leading zeros kept, e.g. \"042\")"));
  } else {
    event.cameo_root_code = code->root_code;
    if (event.quad_class != QuadClass::kUnspecified &&
        event.quad_class != code->quad_class) {
      violations.Add(path("quad_class"),
                     absl::StrCat("does not match CAMEO root ", code->root_code,
                                  " (QuadClass ",
                                  static_cast<int>(code->quad_class), ")"));
    }
    event.quad_class = code->quad_class;
    if (!event.goldstein.has_value()) event.goldstein = code->goldstein;
    if (event.domain == Domain::kUnspecified) {
      event.domain = cameo::DomainForCameoCode(code->code);
    }
  }
  if (event.goldstein.has_value() &&
      (!std::isfinite(*event.goldstein) || *event.goldstein < -10 ||
       *event.goldstein > 10)) {
    violations.Add(path("goldstein"), "must be between -10 and 10");
  }
  if (!event.mention_weight.has_value()) event.mention_weight = 1;
  if (!std::isfinite(*event.mention_weight) || *event.mention_weight <= 0) {
    violations.Add(path("mention_weight"), "must be a positive number");
  }
  if (event.fatalities.has_value() && *event.fatalities < 0) {
    violations.Add(path("fatalities"), "must not be negative");
  }
  if (event.amount_usd.has_value() &&
      (!std::isfinite(*event.amount_usd) || *event.amount_usd < 0)) {
    violations.Add(path("amount_usd"), "must be a non-negative number");
  }
  violations.CheckLength(path("title"), event.title, kMaxShortTextBytes);
  violations.CheckLength(path("text"), event.text, kMaxLongTextBytes);
  violations.CheckLength(path("notes"), event.notes, kMaxLongTextBytes);
  violations.CheckLength(path("actor1.name"), event.actor1.name,
                         kMaxShortTextBytes);
  violations.CheckLength(path("actor2.name"), event.actor2.name,
                         kMaxShortTextBytes);
  violations.CheckLength(path("location.province"), event.location.province,
                         kMaxShortTextBytes);
  violations.CheckLength(path("location.district"), event.location.district,
                         kMaxShortTextBytes);
  violations.CheckLength(path("location.place"), event.location.place,
                         kMaxShortTextBytes);
  if (static_cast<int>(event.tags.size()) > kMaxTags) {
    violations.Add(path("tags"),
                   absl::StrCat("has more than ", kMaxTags, " tags"));
  }
  for (std::size_t i = 0; i < event.tags.size(); ++i) {
    const std::string& tag = event.tags[i];
    if (tag.empty() || tag.size() > kMaxTagBytes ||
        tag.find(';') != std::string::npos) {
      violations.Add(
          path(absl::StrCat("tags[", i, "]")),
          absl::StrCat("must be 1 to ", kMaxTagBytes, " bytes without ';'"));
    }
  }
  records::CheckSources(event.sources, path("sources"), violations);
  records::CheckClientSourceSystem(event.provenance.source_system,
                                   path("provenance.source_system"), "CURATED",
                                   violations);
  if (event.provenance.source_record_id.size() > 256) {
    violations.Add(path("provenance.source_record_id"),
                   "is longer than 256 bytes");
  }
  event.themes = lexicon_->Code(event.title, event.text);
}

absl::StatusOr<CreateEventsResult> EventsManager::CreateEvents(
    std::vector<Event> events, const std::string& request_id,
    const std::string& fingerprint, bool validate_only,
    const FieldViolations& conversion) {
  DYADSCOPE_RETURN_IF_ERROR(records::ValidateBatch<Event>(
      events, "events", config_.max_batch_events, request_id, conversion,
      [&](Event& event, absl::string_view field, FieldViolations& violations) {
        PrepareEvent(event, field, violations);
      }));
  return records::CreateBatch<EventKind>(
      *repository_, events,
      records::BatchWrite{"CreateEvents", request_id, fingerprint,
                          validate_only});
}

absl::StatusOr<EventRead> EventsManager::GetEvent(int64_t id,
                                                  const ReadOptions& options,
                                                  bool include_history) {
  return repository_->ReadEvent(id, options, include_history);
}

absl::StatusOr<records::Page<Event>> EventsManager::ListEvents(
    const EventQuery& query, ReadOptions options, int page_size,
    const std::string& page_token) {
  DYADSCOPE_ASSIGN_OR_RETURN(int limit,
                             ClampPageSize(page_size, config_.default_page_size,
                                           config_.max_page_size));
  const std::string fingerprint = QueryFingerprint(query, options);
  std::optional<EventCursor> after;
  if (!page_token.empty()) {
    DYADSCOPE_ASSIGN_OR_RETURN(std::vector<int64_t> values,
                               DecodePageToken(page_token, fingerprint, 3));
    // The token pins the first page's as-of time, so later pages see the
    // same versions however the store changes meanwhile.
    options.as_of = absl::FromUnixMicros(values[0]);
    after = EventCursor{values[1], values[2]};
  } else if (!options.as_of.has_value()) {
    options.as_of = config_.clock();
  }
  DYADSCOPE_ASSIGN_OR_RETURN(
      records::Versioned<std::vector<Event>> read,
      repository_->ListEvents(query, options, after, limit + 1));
  records::Page<Event> page;
  page.items = std::move(read.value);
  page.data_version = std::move(read.data_version);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    const Event& last = page.items.back();
    page.next_page_token = EncodePageToken(
        fingerprint,
        {absl::ToUnixMicros(*options.as_of), DateSortKey(last.date), last.id});
  }
  return page;
}

absl::StatusOr<records::Versioned<Event>> EventsManager::DeleteEvent(
    int64_t id, std::optional<int64_t> expected_version,
    const std::string& request_id) {
  if (request_id.size() > 128) {
    return InvalidField("request_id", "is longer than 128 characters");
  }
  records::Versioned<Event> deleted;
  const std::string fingerprint = absl::StrCat(
      id, ":", expected_version ? absl::StrCat(*expected_version) : "");
  DYADSCOPE_RETURN_IF_ERROR(repository_->Write([&](EventWriter& writer)
                                                   -> absl::Status {
    std::optional<std::string> replay;
    if (!request_id.empty()) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          replay, writer.FindRequest(request_id, "DeleteEvent", fingerprint));
    }
    if (replay.has_value()) {
      int64_t version = 0;
      if (!absl::SimpleAtoi(*replay, &version)) {
        return absl::DataLossError("a stored request answer is corrupt");
      }
      DYADSCOPE_ASSIGN_OR_RETURN(deleted.value,
                                 writer.GetEventVersion(id, version));
    } else {
      DYADSCOPE_ASSIGN_OR_RETURN(
          deleted.value, writer.DeleteEvent(id, expected_version, request_id));
      if (!request_id.empty()) {
        DYADSCOPE_RETURN_IF_ERROR(
            writer.RecordRequest(request_id, "DeleteEvent", fingerprint,
                                 absl::StrCat(deleted.value.version.version)));
      }
    }
    DYADSCOPE_ASSIGN_OR_RETURN(deleted.data_version, writer.DataVersion());
    return absl::OkStatus();
  }));
  return deleted;
}

absl::StatusOr<ImportResult> EventsManager::ImportEvents(
    const ImportOptions& options, ChunkSource& source,
    const JsonEventDecoder& json) {
  if (!options.format.has_value()) {
    return InvalidField("options.format",
                        "is required: GDELT1, GDELT2, DYADSCOPE_CSV or JSONL");
  }
  // The whole file: parse rows of the chosen format and hand them to take().
  auto read =
      [&](ImportResult& result,
          absl::FunctionRef<absl::Status(EventRow row)> take) -> absl::Status {
    auto take_parsed = [&](int64_t line,
                           std::variant<Event, RowRejection> parsed) {
      return take(EventRow{line, std::move(parsed)});
    };
    // A malformed line after the header: a rejected row.
    auto reject_malformed = [&](const csv::CsvRecord& record) {
      ++result.rows_read;
      result.Reject(record.line, CsvRejection(record), options.max_rejections);
      return absl::OkStatus();
    };
    switch (*options.format) {
      case EventFileFormat::kGdelt1:
      case EventFileFormat::kGdelt2: {
        const GdeltVersion version = *options.format == EventFileFormat::kGdelt1
                                         ? GdeltVersion::kV1
                                         : GdeltVersion::kV2;
        csv::CsvOptions csv_options;
        csv_options.delimiter = '\t';
        csv_options.quoting = false;
        return ReadDelimitedUpload(
            source, options.compression, csv_options, result.bytes_read,
            [&](const csv::CsvRecord& record) -> absl::Status {
              if (record.kind == csv::CsvRecord::Kind::kBlank) {
                return absl::OkStatus();
              }
              if (record.kind == csv::CsvRecord::Kind::kError) {
                return reject_malformed(record);
              }
              return take_parsed(record.line,
                                 ParseGdeltRecord(record.fields, version));
            });
      }
      case EventFileFormat::kDyadscopeCsv: {
        std::optional<EventCsvParser> header;
        return ReadDelimitedUpload(
            source, options.compression, csv::CsvOptions(), result.bytes_read,
            [&](const csv::CsvRecord& record) -> absl::Status {
              if (record.kind == csv::CsvRecord::Kind::kBlank) {
                return absl::OkStatus();
              }
              if (!header.has_value()) {
                if (record.kind == csv::CsvRecord::Kind::kError) {
                  return InvalidField(
                      "chunk", absl::StrCat("line ", record.line,
                                            ": the header row is malformed: ",
                                            record.error_message));
                }
                absl::StatusOr<EventCsvParser> parsed =
                    EventCsvParser::Create(record.fields);
                if (!parsed.ok()) {
                  return InvalidField("chunk",
                                      absl::StrCat("line ", record.line, ": ",
                                                   parsed.status().message()));
                }
                header = *std::move(parsed);
                return absl::OkStatus();
              }
              if (record.kind == csv::CsvRecord::Kind::kError) {
                return reject_malformed(record);
              }
              return take_parsed(record.line, header->ParseRow(record.fields));
            });
      }
      case EventFileFormat::kJsonLines:
        return ReadLines(source, options.compression, result.bytes_read,
                         [&](int64_t line, absl::string_view text) {
                           return take_parsed(line, json(text));
                         });
    }
    return absl::InvalidArgumentError("unknown format");
  };
  // Imports that share a request id resume each other (see
  // records::RunImportLoop): rows already stored are duplicates, so a
  // re-sent file completes without writing twice.
  return records::RunImportLoop<ImportResult, EventWriter, EventRow>(
      *repository_,
      records::RunOf(options, "ImportEvents", config_.import_batch_rows), read,
      [&](EventRow& row, ImportResult& result) {
        ++result.rows_read;
        if (auto* rejection = std::get_if<RowRejection>(&row.parsed)) {
          if (rejection->reason_code == "MISSING_ACTOR_COUNTRY") {
            ++result.filtered_out;  // not a dyadic event: not ours to keep
          } else {
            result.Reject(row.line, std::move(*rejection),
                          options.max_rejections);
          }
          return false;
        }
        Event& event = std::get<Event>(row.parsed);
        if (options.dyad_filter.has_value() &&
            !MatchesDyad(event, *options.dyad_filter)) {
          ++result.filtered_out;
          return false;
        }
        return records::AcceptUploadedRecord<Event>(
            event, row.line, options, "INVALID_EVENT", result,
            [&](Event& record, absl::string_view field,
                FieldViolations& violations) {
              PrepareEvent(record, field, violations);
            });
      },
      [&](EventWriter& writer, const EventRow& row,
          ImportResult& result) -> absl::Status {
        DYADSCOPE_ASSIGN_OR_RETURN(
            UpsertResult upsert, writer.UpsertEvent(std::get<Event>(row.parsed),
                                                    options.request_id));
        result.Count(upsert.outcome);
        return absl::OkStatus();
      });
}

absl::StatusOr<ImportResult> EventsManager::ImportVotes(
    const ImportOptions& options, ChunkSource& source,
    const std::vector<std::pair<std::string, SourceRef>>& sources) {
  absl::flat_hash_set<std::string> countries(options.countries.begin(),
                                             options.countries.end());
  absl::flat_hash_set<std::string> roll_calls;
  absl::flat_hash_map<std::string, SourceRef> source_by_id(sources.begin(),
                                                           sources.end());
  std::optional<UngaHeaderMap> header;
  std::optional<std::size_t> source_id_column;
  auto read =
      [&](ImportResult& result,
          absl::FunctionRef<absl::Status(Vote vote)> take) -> absl::Status {
    return ReadDelimitedUpload(
        source, options.compression, csv::CsvOptions(), result.bytes_read,
        [&](const csv::CsvRecord& record) -> absl::Status {
          if (record.kind == csv::CsvRecord::Kind::kBlank) {
            return absl::OkStatus();
          }
          if (!header.has_value()) {
            std::vector<std::string> names(record.fields.begin(),
                                           record.fields.end());
            absl::StatusOr<UngaHeaderMap> parsed = UngaHeaderMap::Create(names);
            if (record.kind == csv::CsvRecord::Kind::kError || !parsed.ok()) {
              return InvalidField(
                  "chunk",
                  absl::StrCat("line ", record.line, ": ",
                               parsed.ok()
                                   ? record.error_message
                                   : std::string(parsed.status().message())));
            }
            header = *std::move(parsed);
            source_id_column = header->Find("source_id");
            return absl::OkStatus();
          }
          ++result.rows_read;
          if (record.kind == csv::CsvRecord::Kind::kError) {
            result.Reject(record.line, CsvRejection(record),
                          options.max_rejections);
            return absl::OkStatus();
          }
          std::vector<std::string> fields(record.fields.begin(),
                                          record.fields.end());
          VoteRowResult parsed = ParseVoteRow(*header, fields);
          if (auto* rejection = std::get_if<RowRejection>(&parsed)) {
            result.Reject(record.line, std::move(*rejection),
                          options.max_rejections);
            return absl::OkStatus();
          }
          Vote& vote = std::get<Vote>(parsed);
          if (!IsKnownIso3(vote.country_code)) {
            result.Reject(record.line,
                          RowRejection{"country_iso3", "UNKNOWN_COUNTRY",
                                       "not an ISO 3166-1 alpha-3 code",
                                       vote.country_code},
                          options.max_rejections);
            return absl::OkStatus();
          }
          if (!countries.empty() && !countries.contains(vote.country_code)) {
            ++result.filtered_out;
            return absl::OkStatus();
          }
          roll_calls.insert(vote.roll_call_id);
          if (source_id_column.has_value() &&
              *source_id_column < fields.size()) {
            auto it = source_by_id.find(fields[*source_id_column]);
            if (it != source_by_id.end()) vote.source = it->second;
          }
          if (vote.source.citation.empty() && vote.source.url.empty()) {
            vote.source.citation =
                options.source_label.empty()
                    ? "UN General Assembly roll-call votes (imported file)"
                    : options.source_label;
          }
          if (vote.source.source_system.empty()) {
            vote.source.source_system = "UNGA_VOTES";
          }
          vote.provenance.source_file = options.file_name;
          vote.provenance.source_line = record.line;
          vote.provenance.source_label = options.source_label;
          return take(std::move(vote));
        });
  };
  // Vote imports write no resume markers: a re-sent file is all duplicates.
  records::ImportRun run =
      records::RunOf(options, "ImportVotes", config_.import_batch_rows);
  run.request_id.clear();
  DYADSCOPE_ASSIGN_OR_RETURN(
      ImportResult result,
      (records::RunImportLoop<ImportResult, EventWriter, Vote>(
          *repository_, run, read, [](Vote&, ImportResult&) { return true; },
          [&](EventWriter& writer, const Vote& vote,
              ImportResult& result) -> absl::Status {
            DYADSCOPE_ASSIGN_OR_RETURN(
                WriteOutcome outcome,
                writer.UpsertVote(vote, options.request_id));
            result.Count(outcome);
            return absl::OkStatus();
          })));
  if (!header.has_value() && result.bytes_read > 0) {
    return InvalidField("chunk", "the file has no header row");
  }
  result.roll_calls = static_cast<int64_t>(roll_calls.size());
  return result;
}

absl::StatusOr<SummarizeResult> EventsManager::Summarize(
    const SummarizeRequest& request) {
  const absl::CivilDay today =
      absl::ToCivilDay(config_.clock(), absl::UTCTimeZone());
  const bool cacheable = !request.cache_key.empty() &&
                         !request.read.as_of.has_value() &&
                         !request.read.include_deleted;
  std::string key;
  std::string version_before;
  if (cacheable) {
    // Open periods end today: the day is part of the question.
    key = absl::StrCat(request.cache_key, "|", absl::FormatCivilTime(today));
    DYADSCOPE_ASSIGN_OR_RETURN(version_before, repository_->DataVersion());
    if (auto hit = summaries_.Get(key, version_before)) return *hit;
  }
  SummaryOptions options;
  options.bucket = request.bucket;
  options.periods = request.periods;
  if (options.periods.empty() && options.bucket == SummaryBucket::kNone) {
    options.periods = config_.default_periods;
  }
  options.present = Date{static_cast<int>(today.year()), today.month(),
                         today.day(), DatePrecision::kDay};
  options.span_start = request.span_start;
  options.span_end = request.span_end;
  options.themes = request.themes;
  options.lexicon_themes = lexicon_->theme_ids();
  stats::ApplyBootstrapRequest(request, options);
  DYADSCOPE_ASSIGN_OR_RETURN(EventSummarizer summarizer,
                             EventSummarizer::Create(options));
  ReadOptions read = request.read;
  if (!read.as_of.has_value()) read.as_of = config_.clock();
  SummarizeResult result;
  // Source counts need their own pass over the store: run it beside the
  // event scan (the store serves concurrent reads) so the answer waits for
  // the slower of the two, not their sum.
  absl::Status sources_status;
  std::thread sources_thread([&] {
    // One more than listed, to know whether the list is cut.
    sources_status = repository_->CountSources(
        request.query, read, kMaxSourcesListed + 1,
        [&](const SourceRef& source, int64_t count) {
          if (static_cast<int>(result.sources.size()) < kMaxSourcesListed) {
            result.sources.emplace_back(source, count);
          } else {
            result.sources_truncated = true;
          }
        });
  });
  absl::Status add_error;
  auto to_item = [](const EventDigest& digest) {
    SummaryEvent item;
    item.date = digest.date;
    item.quad_class = digest.quad_class;
    item.domain = digest.domain;
    item.goldstein = digest.goldstein.value_or(0);
    item.mention_weight = digest.mention_weight.value_or(1);
    item.themes = digest.themes;
    return item;
  };
  // The answer's data version is that of the scan of the events (the same
  // read transaction); the other reads are pinned to the same as-of time.
  absl::StatusOr<std::string> scan_version;
  absl::Status scan_status;
  if (!config_.summary_pushdown) {
    scan_version = repository_->ScanDigests(
        request.query, read, [&](const EventDigest& digest) {
          absl::Status status = summarizer.Add(to_item(digest));
          if (!status.ok() && add_error.ok()) add_error = status;
        });
    scan_status = scan_version.status();
  } else {
    // The database aggregates; then the few small buckets that bootstrap
    // their interval get their events one by one.
    scan_version = repository_->ScanDigestGroups(
        request.query, read, [&](const DigestGroup& group) {
          absl::Status status = summarizer.AddGroup(group);
          if (!status.ok() && add_error.ok()) add_error = status;
        });
    scan_status = scan_version.status();
    if (scan_status.ok() && add_error.ok()) {
      for (const auto& [first_day, last_day] : summarizer.SampleDayRanges()) {
        EventQuery within = request.query;
        within.start_day =
            std::max(first_day, within.start_day.value_or(first_day));
        within.end_day = std::min(last_day, within.end_day.value_or(last_day));
        scan_status =
            repository_
                ->ScanDigests(within, read,
                              [&](const EventDigest& digest) {
                                absl::Status status =
                                    summarizer.AddSample(to_item(digest));
                                if (!status.ok() && add_error.ok()) {
                                  add_error = status;
                                }
                              })
                .status();
        if (!scan_status.ok()) break;
      }
    }
  }
  sources_thread.join();
  DYADSCOPE_RETURN_IF_ERROR(scan_status);
  DYADSCOPE_RETURN_IF_ERROR(sources_status);
  // A stored event the summary cannot place means the filter allowed a span
  // too wide for calendar buckets.
  DYADSCOPE_RETURN_IF_ERROR(add_error);
  result.summary = std::move(summarizer).Finish();
  result.lexicon_version = lexicon_->version();
  result.data_version = *std::move(scan_version);
  if (cacheable && result.data_version == version_before) {
    summaries_.Put(key, version_before,
                   std::make_shared<const SummarizeResult>(result));
  }
  return result;
}

absl::StatusOr<AlignmentResult> EventsManager::GetVotingAlignment(
    const AlignmentRequest& request) {
  std::vector<std::string> countries = {request.country_a, request.country_b};
  if (!request.reference_country.empty()) {
    countries.push_back(request.reference_country);
  }
  DYADSCOPE_ASSIGN_OR_RETURN(std::shared_ptr<const LoadedVotes> loaded,
                             LoadVotes(countries, request.read));
  const std::vector<Vote>& votes = loaded->votes;
  AlignmentResult result;
  std::optional<YearRange> range =
      JointVotingYears(votes, request.country_a, request.country_b);
  int first = request.start_year.value_or(range ? range->first_year : 0);
  int last = request.end_year.value_or(range ? range->last_year : -1);
  if (request.start_year.has_value() && request.end_year.has_value() &&
      *request.start_year > *request.end_year) {
    return InvalidField("end_year", "must not be before start_year");
  }
  if (first <= last) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        result.years,
        AlignmentByYear(votes, request.country_a, request.country_b,
                        request.reference_country, first, last,
                        request.filter));
  }
  std::vector<Period> periods =
      request.periods.empty() ? config_.default_periods : request.periods;
  DYADSCOPE_ASSIGN_OR_RETURN(
      result.periods,
      AlignmentByPeriod(votes, request.country_a, request.country_b,
                        request.reference_country, periods, PresentYear(),
                        request.filter));
  result.sources = loaded->sources;
  result.data_version = loaded->data_version;
  return result;
}

absl::StatusOr<std::shared_ptr<const EventsManager::LoadedVotes>>
EventsManager::LoadVotes(const std::vector<std::string>& countries,
                         const ReadOptions& read) {
  const bool current = !read.as_of.has_value() && !read.include_deleted;
  const std::string key = absl::StrJoin(countries, ",");
  if (current) {
    DYADSCOPE_ASSIGN_OR_RETURN(std::string before, repository_->DataVersion());
    if (auto hit = loaded_votes_.Get(key, before)) return hit;
  }
  auto loaded = std::make_shared<LoadedVotes>();
  absl::flat_hash_map<std::string, std::pair<SourceRef, int64_t>> sources;
  // The votes and their data version come from one read.
  DYADSCOPE_ASSIGN_OR_RETURN(
      loaded->data_version,
      repository_->ScanVotes(countries, read, [&](const Vote& vote) {
        std::string source_key =
            absl::StrCat(vote.source.citation, "\x1f", vote.source.url);
        auto [it, inserted] = sources.try_emplace(source_key, vote.source, 0);
        ++it->second.second;
        loaded->votes.push_back(vote);
      }));
  for (auto& [source_key, usage] : sources) loaded->sources.push_back(usage);
  std::sort(loaded->sources.begin(), loaded->sources.end(),
            [](const auto& x, const auto& y) { return x.second > y.second; });
  if (current) loaded_votes_.Put(key, loaded->data_version, loaded);
  return std::shared_ptr<const LoadedVotes>(std::move(loaded));
}

absl::Status EventsManager::Watch(
    const EventQuery& query, std::optional<absl::Time> start_time,
    const std::string& resume_token,
    const std::function<bool(const WatchUpdate&)>& send) {
  int64_t cursor = 0;
  if (!resume_token.empty()) {
    DYADSCOPE_ASSIGN_OR_RETURN(cursor, DecodeResumeToken(resume_token));
  } else if (start_time.has_value()) {
    DYADSCOPE_ASSIGN_OR_RETURN(cursor,
                               repository_->SequenceBefore(*start_time));
  } else {
    DYADSCOPE_ASSIGN_OR_RETURN(
        cursor, repository_->SequenceBefore(absl::InfiniteFuture()));
  }
  absl::Time last_sent = config_.clock();
  while (!shutting_down_.load()) {
    DYADSCOPE_ASSIGN_OR_RETURN(auto changes,
                               repository_->ChangesSince(query, cursor, 100));
    for (ChangeRecord& change : changes.first) {
      WatchUpdate update;
      update.resume_token = EncodeResumeToken(change.sequence);
      update.data_version = absl::StrCat("events-", change.sequence);
      update.change = std::move(change);
      if (!send(update)) return absl::OkStatus();
      last_sent = config_.clock();
    }
    cursor = changes.second;
    if (!changes.first.empty()) continue;
    if (config_.clock() - last_sent >= config_.watch_keepalive) {
      WatchUpdate keepalive;
      keepalive.resume_token = EncodeResumeToken(cursor);
      keepalive.data_version = absl::StrCat("events-", cursor);
      if (!send(keepalive)) return absl::OkStatus();
      last_sent = config_.clock();
    }
    repository_->WaitForChange(cursor, absl::Now() + config_.watch_poll);
  }
  return absl::OkStatus();
}

void EventsManager::Shutdown() {
  shutting_down_.store(true);
  repository_->WakeAll();
}

}  // namespace dyadscope::events
