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
#include "common/records/record_import.h"
#include "common/records/record_use_cases.h"
#include "common/status/status_macros.h"
#include "common/types/iso_countries.h"
#include "common/util/fingerprint.h"

namespace dyadscope::security_risk {

SecurityRiskManager::SecurityRiskManager(IncidentRepository* repository,
                                         SecurityRiskConfig config)
    : RecordService(repository, std::move(config),
                    {"incidents", "CreateIncidents", "ImportIncidents",
                     &PrepareIncident}) {}

absl::StatusOr<ImportResult> SecurityRiskManager::ImportIncidents(
    const ImportOptions& options, ChunkSource& source) {
  return ImportFile<ImportResult>(
      options, source, IncidentFormats(), CreateIncidentParser,
      [&](ParsedRow& row, ImportResult& result) {
        Incident* incident = std::get_if<Incident>(&row.item);
        if (incident == nullptr) return true;  // a deletion
        return AcceptUploaded(*incident, row.line, options, "INVALID_INCIDENT",
                              result);
      },
      [&](IncidentWriter& writer, const ParsedRow& row,
          ImportResult& result) -> absl::Status {
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
        result.Count(upsert.outcome);
        return absl::OkStatus();
      });
}

absl::StatusOr<records::Versioned<std::vector<Incident>>>
SecurityRiskManager::LoadScope(const RiskScope& scope) {
  IncidentQuery query;
  query.country_code = scope.country_code;
  query.partner_country_code = scope.partner_country_code;
  ReadOptions read = scope.read;
  if (!read.as_of.has_value()) read.as_of = config().clock();
  records::Versioned<std::vector<Incident>> incidents;
  DYADSCOPE_ASSIGN_OR_RETURN(
      incidents.data_version,
      repository()->Scan(query, read, [&](const Incident& i) {
        incidents.value.push_back(i);
      }));
  return incidents;
}

absl::StatusOr<AssessResult> SecurityRiskManager::AssessRisk(
    const RiskScope& scope, const RiskRequest& request) {
  DYADSCOPE_ASSIGN_OR_RETURN(records::Versioned<std::vector<Incident>> loaded,
                             LoadScope(scope));
  const std::vector<Incident>& incidents = loaded.value;
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
  result.data_version = std::move(loaded.data_version);
  return result;
}

absl::StatusOr<BacktestResult> SecurityRiskManager::BacktestRisk(
    const RiskScope& scope, const BacktestRequest& request) {
  DYADSCOPE_ASSIGN_OR_RETURN(records::Versioned<std::vector<Incident>> loaded,
                             LoadScope(scope));
  const std::vector<Incident>& incidents = loaded.value;
  BacktestResult result;
  DYADSCOPE_ASSIGN_OR_RETURN(result.backtest,
                             security_risk::BacktestRisk(incidents, request));
  result.data_version = std::move(loaded.data_version);
  return result;
}

absl::StatusOr<int64_t> SecurityRiskManager::SeedIfEmpty(
    const std::string& path) {
  DYADSCOPE_ASSIGN_OR_RETURN(int64_t count, repository()->Count());
  if (count > 0) return 0;
  ImportOptions options;
  options.format = IncidentFileFormat::kDyadscopeCsv;
  DYADSCOPE_ASSIGN_OR_RETURN(
      ImportResult result,
      records::ImportSeedFile(path, "data/pak-chn/incidents.csv", options,
                              [this](const ImportOptions& o, ChunkSource& c) {
                                return ImportIncidents(o, c);
                              }));
  return result.created;
}

}  // namespace dyadscope::security_risk
