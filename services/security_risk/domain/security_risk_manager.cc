#include "services/security_risk/domain/security_risk_manager.h"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/csv/csv_reader.h"
#include "common/status/status_macros.h"
#include "common/types/iso_countries.h"
#include "common/util/fingerprint.h"
#include "common/util/page_token.h"
#include "common/util/request_log.h"

namespace dyadscope::security_risk {
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
      ++result.deleted;
      break;
  }
}

}  // namespace

std::string QueryFingerprint(const IncidentQuery& q, const ReadOptions& read) {
  auto ints = [](const auto& values) {
    std::vector<std::string> out;
    for (auto v : values) out.push_back(absl::StrCat(static_cast<int>(v)));
    return absl::StrJoin(out, ",");
  };
  return FingerprintHex(absl::StrJoin(
      {q.country_code, q.partner_country_code, absl::StrJoin(q.provinces, ","),
       q.start_day ? absl::StrCat(*q.start_day) : "",
       q.end_day ? absl::StrCat(*q.end_day) : "", ints(q.target_categories),
       ints(q.attack_types), ints(q.verification_statuses),
       absl::StrJoin(q.source_systems, ","),
       std::string(read.include_deleted ? "d" : "")},
      "\x1f"));
}

SecurityRiskManager::SecurityRiskManager(IncidentRepository* repository,
                                         SecurityRiskConfig config)
    : repository_(repository), config_(std::move(config)) {}

void SecurityRiskManager::PrepareIncident(Incident& incident,
                                          absl::string_view field,
                                          FieldViolations& violations) const {
  auto path = [&](absl::string_view sub) {
    return absl::StrCat(field, field.empty() ? "" : ".", sub);
  };
  if (absl::Status status = ValidateDate(incident.date); !status.ok()) {
    violations.Add(path("date"), status.message());
  }
  if (!IsKnownIso3(incident.location.country_code)) {
    violations.Add(path("location.country_code"),
                   "is required: an ISO 3166-1 alpha-3 code");
  }
  if (!incident.partner_country_code.empty() &&
      !IsKnownIso3(incident.partner_country_code)) {
    violations.Add(path("partner_country_code"),
                   "must be an ISO 3166-1 alpha-3 code");
  }
  for (std::size_t i = 0; i < incident.victim_nationality_codes.size(); ++i) {
    if (!IsKnownIso3(incident.victim_nationality_codes[i])) {
      violations.Add(path(absl::StrCat("victim_nationality_codes[", i, "]")),
                     "must be an ISO 3166-1 alpha-3 code");
    }
  }
  for (const auto& [name, value, limit] :
       {std::tuple<const char*, const std::string*, size_t>{
            "target_description", &incident.target_description,
            kMaxLongTextBytes},
        {"attack_description", &incident.attack_description, kMaxLongTextBytes},
        {"verification_note", &incident.verification_note, kMaxLongTextBytes},
        {"notes", &incident.notes, kMaxLongTextBytes},
        {"partner_link", &incident.partner_link, kMaxShortTextBytes},
        {"claimed_by", &incident.claimed_by, kMaxShortTextBytes},
        {"attributed_to", &incident.attributed_to, kMaxShortTextBytes},
        {"linked_project", &incident.linked_project, kMaxShortTextBytes},
        {"source_event_type", &incident.source_event_type, kMaxShortTextBytes},
        {"source_sub_event_type", &incident.source_sub_event_type,
         kMaxShortTextBytes},
        {"location.province", &incident.location.province, kMaxShortTextBytes},
        {"location.district", &incident.location.district, kMaxShortTextBytes},
        {"location.place", &incident.location.place, kMaxShortTextBytes}}) {
    violations.CheckLength(path(name), *value, limit);
  }
  if (incident.sources.empty()) {
    violations.Add(path("sources"), "needs at least one source");
  }
  for (std::size_t i = 0; i < incident.sources.size(); ++i) {
    if (incident.sources[i].citation.empty() &&
        incident.sources[i].url.empty()) {
      violations.Add(path(absl::StrCat("sources[", i, "]")),
                     "needs a citation or a url");
    }
  }
  if (incident.provenance.source_system.empty()) {
    incident.provenance.source_system = "API";
  } else if (!IsUpperSnake(incident.provenance.source_system)) {
    violations.Add(path("provenance.source_system"),
                   "must be UPPER_SNAKE_CASE, e.g. \"ACLED\"");
  }
}

absl::StatusOr<CreateResult> SecurityRiskManager::CreateIncidents(
    std::vector<Incident> incidents, const std::string& request_id,
    const std::string& fingerprint, bool validate_only,
    const FieldViolations& conversion) {
  FieldViolations violations = conversion;
  std::set<std::string> reported;
  for (const FieldViolation& v : conversion.violations()) {
    reported.insert(v.field);
  }
  if (incidents.empty() ||
      static_cast<int>(incidents.size()) > config_.max_batch) {
    violations.Add("incidents", absl::StrCat("must hold 1 to ",
                                             config_.max_batch, " incidents"));
  }
  if (request_id.size() > 128) {
    violations.Add("request_id", "is longer than 128 characters");
  }
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    FieldViolations domain;
    PrepareIncident(incidents[i], absl::StrCat("incidents[", i, "]"), domain);
    for (const FieldViolation& v : domain.violations()) {
      if (reported.count(v.field) == 0) violations.Add(v.field, v.description);
    }
  }
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
  CreateResult result;
  std::optional<std::string> replay;
  auto body = [&](IncidentWriter& writer) -> absl::Status {
    if (!request_id.empty() && !validate_only) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          replay,
          writer.FindRequest(request_id, "CreateIncidents", fingerprint));
      if (replay.has_value()) return absl::OkStatus();
    }
    std::vector<WriteAnswer> answer;
    for (const Incident& incident : incidents) {
      DYADSCOPE_ASSIGN_OR_RETURN(IncidentUpsert upsert,
                                 writer.Upsert(incident, request_id));
      answer.push_back(WriteAnswer{upsert.incident.id,
                                   upsert.incident.version.version,
                                   static_cast<int>(upsert.outcome)});
      result.results.push_back(std::move(upsert));
    }
    if (!request_id.empty() && !validate_only) {
      DYADSCOPE_RETURN_IF_ERROR(
          writer.RecordRequest(request_id, "CreateIncidents", fingerprint,
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
          Incident incident, repository_->GetIncidentVersion(a.id, a.version));
      result.results.push_back(IncidentUpsert{
          std::move(incident), static_cast<WriteOutcome>(a.outcome)});
    }
  }
  DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, repository_->DataVersion());
  return result;
}

absl::StatusOr<std::pair<std::vector<Incident>, std::string>>
SecurityRiskManager::ListIncidents(const IncidentQuery& query,
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
      std::vector<Incident> page,
      repository_->ListIncidents(query, options, after_id, limit + 1));
  std::string next;
  if (static_cast<int>(page.size()) > limit) {
    page.resize(limit);
    next = EncodePageToken(
        fingerprint, {absl::ToUnixMicros(*options.as_of), page.back().id});
  }
  return std::make_pair(std::move(page), std::move(next));
}

absl::StatusOr<ImportResult> SecurityRiskManager::ImportIncidents(
    const ImportOptions& options, ChunkSource& source) {
  if (options.format == IncidentFileFormat::kUnspecified) {
    return InvalidField("options.format",
                        "is required: ACLED, ACLED_DELETIONS, GTD or "
                        "DYADSCOPE_CSV");
  }
  IncidentParserOptions parser_options;
  parser_options.country_code = options.country_code;
  parser_options.partner_filter_code = options.partner_country_code;
  parser_options.default_partner_code = options.partner_country_code;
  parser_options.file_name = options.file_name;
  parser_options.source_label = options.source_label;
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::unique_ptr<IncidentFileParser> parser,
      CreateIncidentParser(options.format, parser_options));

  ImportResult result;
  const bool single_transaction = options.atomic || options.dry_run;
  IncidentWriter* open_writer = nullptr;
  std::vector<ParsedRow> batch;
  auto add_rejection = [&](int64_t line, RowRejection rejection) {
    ++result.rejected;
    if (static_cast<int>(result.rejections.size()) < options.max_rejections) {
      result.rejections.push_back(LineRejection{line, std::move(rejection)});
    }
  };
  // Writes one parsed item (an incident or a deletion).
  auto write = [&](IncidentWriter& writer,
                   const ParsedRow& row) -> absl::Status {
    if (const IncidentDeletion* deletion = row.deletion()) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          bool deleted,
          writer.DeleteBySource(deletion->provenance.source_system,
                                deletion->provenance.source_record_id,
                                options.request_id));
      if (deleted) {
        ++result.deleted;
      } else {
        ++result.duplicates;  // nothing (left) to delete
      }
      return absl::OkStatus();
    }
    DYADSCOPE_ASSIGN_OR_RETURN(
        IncidentUpsert upsert,
        writer.Upsert(*row.incident(), options.request_id));
    Count(upsert.outcome, result);
    return absl::OkStatus();
  };
  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    DYADSCOPE_RETURN_IF_ERROR(repository_->Write([&](IncidentWriter& w) {
      for (const ParsedRow& row : batch)
        DYADSCOPE_RETURN_IF_ERROR(write(w, row));
      return absl::OkStatus();
    }));
    batch.clear();
    return absl::OkStatus();
  };
  auto take = [&](ParsedRow row) -> absl::Status {
    if (Incident* incident = std::get_if<Incident>(&row.item)) {
      FieldViolations violations;
      PrepareIncident(*incident, "", violations);
      if (!violations.empty()) {
        const FieldViolation& first = violations.violations().front();
        add_rejection(row.line, RowRejection{first.field, "INVALID_INCIDENT",
                                             first.description, ""});
        return absl::OkStatus();
      }
      incident->provenance.source_file = options.file_name;
      incident->provenance.source_line = row.line;
      if (!options.source_label.empty()) {
        incident->provenance.source_label = options.source_label;
      }
    }
    if (single_transaction) {
      if (options.atomic && result.rejected > 0) return absl::OkStatus();
      return write(*open_writer, row);
    }
    batch.push_back(std::move(row));
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
              return InvalidField(
                  "chunk", absl::StrCat("line ", record.line,
                                        ": malformed line before the header: ",
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
            } else {
              DYADSCOPE_RETURN_IF_ERROR(take(std::move(row)));
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
        repository_->Write([&](IncidentWriter& w) -> absl::Status {
          DYADSCOPE_ASSIGN_OR_RETURN(
              result.resumed,
              BeginImportRun(w, options.request_id, "ImportIncidents"));
          return absl::OkStatus();
        }));
  }
  if (single_transaction) {
    absl::Status status = repository_->RunTransaction(
        [&](IncidentWriter& writer) -> absl::Status {
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
      result.created = result.new_versions = result.duplicates =
          result.deleted = 0;
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
    DYADSCOPE_RETURN_IF_ERROR(repository_->Write([&](IncidentWriter& w) {
      return EndImportRun(w, options.request_id, "ImportIncidents");
    }));
  }
  DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, repository_->DataVersion());
  return result;
}

absl::StatusOr<std::vector<Incident>> SecurityRiskManager::LoadScope(
    const RiskScope& scope) {
  IncidentQuery query;
  query.country_code = scope.country_code;
  query.partner_country_code = scope.partner_country_code;
  ReadOptions read = scope.read;
  if (!read.as_of.has_value()) read.as_of = config_.clock();
  std::vector<Incident> incidents;
  DYADSCOPE_RETURN_IF_ERROR(repository_->ScanIncidents(
      query, read, [&](const Incident& i) { incidents.push_back(i); }));
  return incidents;
}

absl::StatusOr<AssessResult> SecurityRiskManager::AssessRisk(
    const RiskScope& scope, const RiskRequest& request) {
  DYADSCOPE_ASSIGN_OR_RETURN(std::vector<Incident> incidents, LoadScope(scope));
  AssessResult result;
  DYADSCOPE_ASSIGN_OR_RETURN(result.assessment,
                             security_risk::AssessRisk(incidents, request));
  absl::flat_hash_map<std::string, std::pair<SourceRef, int64_t>> sources;
  const int64_t as_of_day = DateSortKey(request.as_of_date);
  for (const Incident& incident : incidents) {
    if (DateSortKey(incident.date) > as_of_day) continue;
    for (const SourceRef& source : incident.sources) {
      auto [it, inserted] = sources.try_emplace(
          absl::StrCat(source.citation, "\x1f", source.url), source, 0);
      ++it->second.second;
    }
  }
  for (auto& [key, usage] : sources) result.sources.push_back(usage);
  std::sort(result.sources.begin(), result.sources.end(),
            [](const auto& x, const auto& y) {
              if (x.second != y.second) return x.second > y.second;
              return x.first.url < y.first.url;
            });
  DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, repository_->DataVersion());
  return result;
}

absl::StatusOr<BacktestResult> SecurityRiskManager::BacktestRisk(
    const RiskScope& scope, const BacktestRequest& request) {
  DYADSCOPE_ASSIGN_OR_RETURN(std::vector<Incident> incidents, LoadScope(scope));
  BacktestResult result;
  DYADSCOPE_ASSIGN_OR_RETURN(result.backtest,
                             security_risk::BacktestRisk(incidents, request));
  DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, repository_->DataVersion());
  return result;
}

absl::StatusOr<int64_t> SecurityRiskManager::SeedIfEmpty(
    const std::string& path) {
  DYADSCOPE_ASSIGN_OR_RETURN(int64_t count, repository_->CountIncidents());
  if (count > 0) return 0;
  DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<FileChunkSource> file,
                             FileChunkSource::Open(path));
  ImportOptions options;
  options.format = IncidentFileFormat::kDyadscopeCsv;
  options.atomic = true;
  options.file_name = "data/pak-chn/incidents.csv";
  options.source_label = "dyadscope embedded PAK-CHN dataset";
  DYADSCOPE_ASSIGN_OR_RETURN(ImportResult result,
                             ImportIncidents(options, *file));
  if (result.rejected > 0) {
    const LineRejection& first = result.rejections.front();
    return absl::FailedPreconditionError(absl::StrCat(
        path, " has ", result.rejected, " rejected rows; line ", first.line,
        ": ", first.rejection.field, " ", first.rejection.reason));
  }
  return result.created;
}

}  // namespace dyadscope::security_risk
