#include "services/economics/domain/economics_manager.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/csv/csv_reader.h"
#include "common/status/status_macros.h"
#include "common/util/fingerprint.h"
#include "common/util/page_token.h"
#include "common/util/request_log.h"
#include "services/economics/domain/country_names.h"

namespace dyadscope::economics {
namespace {

constexpr absl::string_view kAtomicRollback =
    "dyadscope: atomic import rolled back";

bool IsUpperSnake(absl::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

void Count(WriteOutcome outcome, ImportResult& result) {
  switch (outcome) {
    case WriteOutcome::kCreated:
      ++result.created;
      break;
    case WriteOutcome::kNewVersion:
      ++result.new_versions;
      break;
    case WriteOutcome::kUnchanged:
      ++result.duplicates;
      break;
    case WriteOutcome::kDeleted:
      break;
  }
}

// Collects the distinct sources of the observations behind `series`.
std::vector<std::pair<SourceRef, int64_t>> SourcesOf(
    const std::vector<Observation>& observations,
    const std::vector<IndicatorSeries>& series) {
  absl::flat_hash_set<int64_t> used;
  for (const IndicatorSeries& s : series) {
    for (const IndicatorPoint& point : s.points) {
      for (const IndicatorInput& input : point.inputs) {
        used.insert(input.observation_id);
      }
    }
  }
  absl::flat_hash_map<std::string, std::pair<SourceRef, int64_t>> counts;
  for (const Observation& o : observations) {
    if (!used.contains(o.id)) continue;
    for (const SourceRef& source : o.sources) {
      std::string key = absl::StrCat(source.source_system, "\x1f",
                                     source.citation, "\x1f", source.url);
      auto [it, inserted] = counts.try_emplace(key, source, 0);
      ++it->second.second;
    }
  }
  std::vector<std::pair<SourceRef, int64_t>> out;
  for (auto& [key, usage] : counts) out.push_back(std::move(usage));
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    if (x.second != y.second) return x.second > y.second;
    return x.first.citation < y.first.citation;
  });
  return out;
}

}  // namespace

std::string QueryFingerprint(const ObservationQuery& q,
                             const ReadOptions& read) {
  auto ints = [](const auto& values) {
    std::vector<std::string> out;
    for (auto v : values) out.push_back(absl::StrCat(static_cast<int>(v)));
    return absl::StrJoin(out, ",");
  };
  return FingerprintHex(absl::StrJoin(
      {absl::StrJoin(q.indicator_codes, ","),
       absl::StrJoin(q.reporter_codes, ","),
       absl::StrJoin(q.partner_codes, ","), ints(q.flows),
       q.start_year ? absl::StrCat(*q.start_year) : "",
       q.end_year ? absl::StrCat(*q.end_year) : "",
       absl::StrJoin(q.source_systems, ","), ints(q.reporting_sides),
       ints(q.year_bases), std::string(read.include_deleted ? "d" : "")},
      "\x1f"));
}

EconomicsManager::EconomicsManager(ObservationRepository* repository,
                                   EconomicsConfig config)
    : repository_(repository), config_(std::move(config)) {}

int EconomicsManager::PresentYear() const {
  return static_cast<int>(
      absl::ToCivilYear(config_.clock(), absl::UTCTimeZone()).year());
}

void EconomicsManager::PrepareObservation(Observation& o,
                                          absl::string_view field,
                                          FieldViolations& violations) const {
  auto path = [&](absl::string_view sub) {
    return absl::StrCat(field, field.empty() ? "" : ".", sub);
  };
  if (o.indicator_code.empty() || o.indicator_code.size() > 128 ||
      o.indicator_code.find_first_of(" \t\r\n") != std::string::npos) {
    violations.Add(path("indicator_code"),
                   "must be 1 to 128 characters without spaces");
  }
  if (!IsKnownCountryCode(o.reporter_code)) {
    violations.Add(path("reporter_code"),
                   absl::StrCat("\"", o.reporter_code,
                                "\" is not an ISO 3166-1 alpha-3 code"));
  }
  if (!o.partner_code.empty() && o.partner_code != kWorld &&
      !IsKnownCountryCode(o.partner_code)) {
    violations.Add(path("partner_code"),
                   absl::StrCat("\"", o.partner_code,
                                "\" is not an ISO 3166-1 alpha-3 code or WLD"));
  }
  if (!o.partner_code.empty() && o.partner_code == o.reporter_code) {
    violations.Add(path("partner_code"), "must differ from reporter_code");
  }
  if (o.flow == Flow::kUnspecified) {
    violations.Add(path("flow"), "is required");
  }
  if (o.unit == Unit::kUnspecified) {
    violations.Add(path("unit"), "is required");
  }
  if (o.year < 1 || o.year > 9999) {
    violations.Add(path("year"), "must be between 1 and 9999");
  }
  if (o.year_basis == YearBasis::kUnspecified) {
    o.year_basis = YearBasis::kCalendar;
  }
  if ((o.year_basis == YearBasis::kFiscal ||
       o.year_basis == YearBasis::kPartial) &&
      o.period_label.empty()) {
    violations.Add(path("period_label"),
                   "is required for fiscal and partial years (e.g. "
                   "\"FY2021-22\")");
  }
  if (o.value.has_value() && !std::isfinite(*o.value)) {
    violations.Add(path("value"), "must be a finite number");
  }
  if (o.unit == Unit::kUsdConstant && !o.base_year.has_value()) {
    violations.Add(path("base_year"), "is required for constant US dollars");
  }
  if (o.qualifier == ValueQualifier::kUnspecified) {
    o.qualifier = ValueQualifier::kExact;
  }
  if (o.reporting_side == ReportingSide::kUnspecified) {
    o.reporting_side = ReportingSide::kReporter;
  }
  if (!IsUpperSnake(o.provenance.source_system)) {
    violations.Add(path("provenance.source_system"),
                   "is required, UPPER_SNAKE_CASE (e.g. \"IMF_DOTS\")");
  }
  violations.CheckLength(path("indicator_name"), o.indicator_name,
                         kMaxShortTextBytes);
  violations.CheckLength(path("partner_name"), o.partner_name,
                         kMaxShortTextBytes);
  violations.CheckLength(path("period_label"), o.period_label,
                         kMaxShortTextBytes);
  violations.CheckLength(path("unit_label"), o.unit_label, kMaxShortTextBytes);
  violations.CheckLength(path("source_flag"), o.source_flag,
                         kMaxShortTextBytes);
  violations.CheckLength(path("notes"), o.notes, kMaxLongTextBytes);
  if (o.sources.empty()) {
    violations.Add(path("sources"), "needs at least one source");
  }
  for (std::size_t i = 0; i < o.sources.size(); ++i) {
    if (o.sources[i].citation.empty() && o.sources[i].url.empty()) {
      violations.Add(path(absl::StrCat("sources[", i, "]")),
                     "needs a citation or a url");
    }
  }
}

absl::StatusOr<CreateResult> EconomicsManager::CreateObservations(
    std::vector<Observation> observations, const std::string& request_id,
    const std::string& fingerprint, bool validate_only,
    const FieldViolations& conversion) {
  FieldViolations violations = conversion;
  std::set<std::string> reported;
  for (const FieldViolation& v : conversion.violations()) {
    reported.insert(v.field);
  }
  if (observations.empty() ||
      static_cast<int>(observations.size()) > config_.max_batch) {
    violations.Add(
        "observations",
        absl::StrCat("must hold 1 to ", config_.max_batch, " observations"));
  }
  if (request_id.size() > 128) {
    violations.Add("request_id", "is longer than 128 characters");
  }
  for (std::size_t i = 0; i < observations.size(); ++i) {
    FieldViolations domain;
    PrepareObservation(observations[i], absl::StrCat("observations[", i, "]"),
                       domain);
    for (const FieldViolation& v : domain.violations()) {
      if (reported.count(v.field) == 0) violations.Add(v.field, v.description);
    }
  }
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
  CreateResult result;
  std::optional<std::string> replay;
  auto body = [&](ObservationWriter& writer) -> absl::Status {
    if (!request_id.empty() && !validate_only) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          replay,
          writer.FindRequest(request_id, "CreateObservations", fingerprint));
      if (replay.has_value()) return absl::OkStatus();
    }
    std::vector<WriteAnswer> answer;
    for (const Observation& o : observations) {
      DYADSCOPE_ASSIGN_OR_RETURN(ObservationUpsert upsert,
                                 writer.Upsert(o, request_id));
      answer.push_back(WriteAnswer{upsert.observation.id,
                                   upsert.observation.version.version,
                                   static_cast<int>(upsert.outcome)});
      result.results.push_back(std::move(upsert));
    }
    if (!request_id.empty() && !validate_only) {
      DYADSCOPE_RETURN_IF_ERROR(
          writer.RecordRequest(request_id, "CreateObservations", fingerprint,
                               EncodeWriteAnswers(answer)));
    }
    return absl::OkStatus();
  };
  DYADSCOPE_RETURN_IF_ERROR(validate_only ? repository_->DryRun(body)
                                          : repository_->Write(body));
  if (replay.has_value()) {
    result.results.clear();
    DYADSCOPE_ASSIGN_OR_RETURN(std::vector<WriteAnswer> answers,
                               DecodeWriteAnswers(*replay));
    for (const WriteAnswer& a : answers) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          Observation o, repository_->GetObservationVersion(a.id, a.version));
      result.results.push_back(ObservationUpsert{
          std::move(o), static_cast<WriteOutcome>(a.outcome)});
    }
  }
  DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, repository_->DataVersion());
  return result;
}

absl::StatusOr<std::pair<std::vector<Observation>, std::string>>
EconomicsManager::ListObservations(const ObservationQuery& query,
                                   ReadOptions options, int page_size,
                                   const std::string& page_token) {
  DYADSCOPE_ASSIGN_OR_RETURN(int limit,
                             ClampPageSize(page_size, config_.default_page_size,
                                           config_.max_page_size));
  const std::string fingerprint = QueryFingerprint(query, options);
  int64_t after_id = 0;
  if (!page_token.empty()) {
    DYADSCOPE_ASSIGN_OR_RETURN(std::vector<int64_t> values,
                               DecodePageToken(page_token, fingerprint, 2));
    options.as_of = absl::FromUnixMicros(values[0]);
    after_id = values[1];
  } else if (!options.as_of.has_value()) {
    options.as_of = config_.clock();
  }
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::vector<Observation> page,
      repository_->ListObservations(query, options, after_id, limit + 1));
  std::string next;
  if (static_cast<int>(page.size()) > limit) {
    page.resize(limit);
    next = EncodePageToken(
        fingerprint, {absl::ToUnixMicros(*options.as_of), page.back().id});
  }
  return std::make_pair(std::move(page), std::move(next));
}

absl::StatusOr<EconomicsManager::Loaded> EconomicsManager::LoadDyad(
    const std::string& a, const std::string& b, int first, int last,
    const ReadOptions& read) {
  const bool current = !read.as_of.has_value() && !read.include_deleted;
  const std::string key = absl::StrCat(a, "|", b, "|", first, "|", last);
  Loaded loaded;
  if (current) {
    DYADSCOPE_ASSIGN_OR_RETURN(loaded.data_version, repository_->DataVersion());
    loaded.observations = loaded_.Get(key, loaded.data_version);
    if (loaded.observations != nullptr) return loaded;
  }
  ObservationQuery query;
  query.reporter_codes = {a, b};
  // One year earlier for year-on-year growth.
  query.start_year = first - 1;
  query.end_year = last;
  ReadOptions pinned = read;
  if (!pinned.as_of.has_value()) pinned.as_of = config_.clock();
  auto observations = std::make_shared<std::vector<Observation>>();
  DYADSCOPE_RETURN_IF_ERROR(repository_->ScanObservations(
      query, pinned,
      [&](const Observation& o) { observations->push_back(o); }));
  loaded.observations = std::move(observations);
  DYADSCOPE_ASSIGN_OR_RETURN(std::string after, repository_->DataVersion());
  if (current && after == loaded.data_version) {
    loaded_.Put(key, after, loaded.observations);
  }
  // The version the answer is reported at: the one after the read (a write
  // that landed during it may be in it).
  loaded.data_version = std::move(after);
  return loaded;
}

absl::StatusOr<ComputeResult> EconomicsManager::ComputeIndicators(
    const IndicatorRequest& request, const ReadOptions& read) {
  const int last = request.end_year.value_or(PresentYear());
  if (last < request.start_year) {
    return InvalidField("end_year", "must not be before start_year");
  }
  DYADSCOPE_ASSIGN_OR_RETURN(Loaded loaded,
                             LoadDyad(request.country_a, request.country_b,
                                      request.start_year, last, read));
  const std::vector<Observation>& observations = *loaded.observations;
  IndicatorRequest resolved = request;
  if (!resolved.end_year.has_value()) {
    // "The last year with any data": the latest year observed for A or B.
    int latest = request.start_year;
    for (const Observation& o : observations) {
      if (o.value.has_value()) latest = std::max(latest, o.year);
    }
    resolved.end_year = latest;
  }
  ComputeResult result;
  DYADSCOPE_ASSIGN_OR_RETURN(
      result.series, economics::ComputeIndicators(observations, resolved));
  result.sources = SourcesOf(observations, result.series);
  result.data_version = std::move(loaded.data_version);
  return result;
}

absl::StatusOr<SummarizeResult> EconomicsManager::SummarizeIndicators(
    const SummarizeRequest& request) {
  IndicatorSummaryOptions options;
  options.periods =
      request.periods.empty() ? config_.default_periods : request.periods;
  options.present_year = PresentYear();
  if (request.bootstrap_draws != 0) {
    options.bootstrap_draws = request.bootstrap_draws;
  }
  if (request.seed.has_value()) options.seed = *request.seed;
  if (request.confidence_level.has_value()) {
    options.confidence_level = *request.confidence_level;
  }
  DYADSCOPE_ASSIGN_OR_RETURN(SummaryPeriods span,
                             ResolveSummaryPeriods(options));
  IndicatorRequest indicators = request.indicators;
  indicators.start_year = span.first_year;
  indicators.end_year = span.last_year;
  DYADSCOPE_ASSIGN_OR_RETURN(
      Loaded loaded, LoadDyad(indicators.country_a, indicators.country_b,
                              span.first_year, span.last_year, request.read));
  const std::vector<Observation>& observations = *loaded.observations;
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::vector<IndicatorSeries> series,
      economics::ComputeIndicators(observations, indicators));
  SummarizeResult result;
  DYADSCOPE_ASSIGN_OR_RETURN(result.summaries,
                             economics::SummarizeIndicators(series, options));
  result.periods = span.periods;
  result.sources = SourcesOf(observations, series);
  result.data_version = std::move(loaded.data_version);
  return result;
}

absl::StatusOr<ImportResult> EconomicsManager::ImportObservations(
    const ImportOptions& options, ChunkSource& source) {
  if (options.format == ObservationFileFormat::kUnspecified) {
    return InvalidField("options.format",
                        "is required: IMF_DOTS, WDI_WIDE, WDI_LONG, COMTRADE, "
                        "SIPRI or DYADSCOPE_CSV");
  }
  ParserOptions parser_options;
  parser_options.country_codes = options.countries;
  parser_options.default_reporter_code = options.default_reporter;
  if (options.default_source.has_value()) {
    parser_options.default_source = *options.default_source;
  }
  parser_options.file_name = options.file_name;
  parser_options.source_label = options.source_label;
  DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<ObservationFileParser> parser,
                             CreateParser(options.format, parser_options));

  ImportResult result;
  const bool single_transaction = options.atomic || options.dry_run;
  std::vector<Observation> batch;
  ObservationWriter* open_writer = nullptr;
  auto add_rejection = [&](int64_t line, RowRejection rejection) {
    ++result.rejected;
    if (static_cast<int>(result.rejections.size()) < options.max_rejections) {
      result.rejections.push_back(LineRejection{line, std::move(rejection)});
    }
  };
  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    DYADSCOPE_RETURN_IF_ERROR(repository_->Write([&](ObservationWriter& w) {
      for (const Observation& o : batch) {
        DYADSCOPE_ASSIGN_OR_RETURN(ObservationUpsert upsert,
                                   w.Upsert(o, options.request_id));
        Count(upsert.outcome, result);
      }
      return absl::OkStatus();
    }));
    batch.clear();
    return absl::OkStatus();
  };
  auto take = [&](int64_t line, Observation o) -> absl::Status {
    FieldViolations violations;
    PrepareObservation(o, "", violations);
    if (!violations.empty()) {
      const FieldViolation& first = violations.violations().front();
      add_rejection(line, RowRejection{first.field, "INVALID_OBSERVATION",
                                       first.description, ""});
      return absl::OkStatus();
    }
    o.provenance.source_file = options.file_name;
    o.provenance.source_line = line;
    if (!options.source_label.empty()) {
      o.provenance.source_label = options.source_label;
    }
    if (single_transaction) {
      if (options.atomic && result.rejected > 0) return absl::OkStatus();
      DYADSCOPE_ASSIGN_OR_RETURN(ObservationUpsert upsert,
                                 open_writer->Upsert(o, options.request_id));
      Count(upsert.outcome, result);
      return absl::OkStatus();
    }
    batch.push_back(std::move(o));
    if (static_cast<int>(batch.size()) >= config_.import_batch_rows) {
      return flush();
    }
    return absl::OkStatus();
  };
  auto run = [&]() -> absl::Status {
    DYADSCOPE_RETURN_IF_ERROR(ReadDelimitedUpload(
        source, options.compression, csv::CsvOptions(), result.bytes_read,
        [&](const csv::CsvRecord& record) -> absl::Status {
          if (!parser->header_found()) {
            if (record.kind == csv::CsvRecord::Kind::kError) {
              return InvalidField("chunk",
                                  absl::StrCat("line ", record.line,
                                               ": malformed line before the "
                                               "header: ",
                                               record.error_message));
            }
            return parser->Header(record);
          }
          if (record.kind == csv::CsvRecord::Kind::kBlank) {
            return absl::OkStatus();
          }
          ++result.rows_read;
          if (record.kind == csv::CsvRecord::Kind::kError) {
            add_rejection(
                record.line,
                RowRejection{"",
                             std::string(csv::CsvErrorReasonCode(record.error)),
                             record.error_message, ""});
            return absl::OkStatus();
          }
          for (ParsedRow& row : parser->Row(record)) {
            if (const RowRejection* rejection = row.rejection()) {
              add_rejection(row.line, *rejection);
            } else if (row.filtered() != nullptr) {
              ++result.filtered_out;
            } else if (row.is_empty_cell()) {
              ++result.empty_cells;
            } else if (const Observation* o = row.observation()) {
              DYADSCOPE_RETURN_IF_ERROR(take(row.line, *o));
            }
          }
          return absl::OkStatus();
        }));
    absl::Status finished = parser->Finish();
    if (!finished.ok()) return InvalidField("chunk", finished.message());
    return absl::OkStatus();
  };

  if (!options.request_id.empty() && !options.dry_run) {
    DYADSCOPE_RETURN_IF_ERROR(
        repository_->Write([&](ObservationWriter& w) -> absl::Status {
          DYADSCOPE_ASSIGN_OR_RETURN(
              result.resumed,
              BeginImportRun(w, options.request_id, "ImportObservations"));
          return absl::OkStatus();
        }));
  }
  if (single_transaction) {
    absl::Status status = repository_->RunTransaction(
        [&](ObservationWriter& writer) -> absl::Status {
          open_writer = &writer;
          DYADSCOPE_RETURN_IF_ERROR(run());
          if (options.atomic && result.rejected > 0) {
            return absl::AbortedError(kAtomicRollback);
          }
          return absl::OkStatus();
        },
        /*commit=*/!options.dry_run);
    if (status.code() == absl::StatusCode::kAborted &&
        status.message() == kAtomicRollback) {
      result.created = result.new_versions = result.duplicates = 0;
    } else {
      DYADSCOPE_RETURN_IF_ERROR(status);
      result.committed = !options.dry_run;
    }
  } else {
    DYADSCOPE_RETURN_IF_ERROR(run());
    DYADSCOPE_RETURN_IF_ERROR(flush());
    result.committed = true;
  }
  if (result.committed && !options.request_id.empty()) {
    DYADSCOPE_RETURN_IF_ERROR(repository_->Write([&](ObservationWriter& w) {
      return EndImportRun(w, options.request_id, "ImportObservations");
    }));
  }
  DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, repository_->DataVersion());
  return result;
}

absl::StatusOr<int64_t> EconomicsManager::SeedIfEmpty(const std::string& dir) {
  DYADSCOPE_ASSIGN_OR_RETURN(int64_t count, repository_->CountObservations());
  if (count > 0) return 0;
  int64_t created = 0;
  for (const char* file :
       {"dots_bilateral.csv", "dots_pakistan_all_partners.csv", "wdi.csv",
        "sipri.csv", "aiddata.csv", "reported_trade.csv", "cow_trade.csv"}) {
    const std::string path = absl::StrCat(dir, "/", file);
    DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<FileChunkSource> source,
                               FileChunkSource::Open(path));
    ImportOptions options;
    options.format = ObservationFileFormat::kDyadscopeCsv;
    options.atomic = true;
    options.file_name = absl::StrCat("data/pak-chn/economics/", file);
    options.source_label = "dyadscope embedded PAK-CHN dataset";
    DYADSCOPE_ASSIGN_OR_RETURN(ImportResult result,
                               ImportObservations(options, *source));
    if (result.rejected > 0) {
      const LineRejection& first = result.rejections.front();
      return absl::FailedPreconditionError(absl::StrCat(
          path, " has ", result.rejected, " rejected rows; line ", first.line,
          ": ", first.rejection.field, " ", first.rejection.reason));
    }
    created += result.created;
  }
  return created;
}

}  // namespace dyadscope::economics
