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
#include "common/records/record_import.h"
#include "common/records/record_use_cases.h"
#include "common/stats/bootstrap.h"
#include "common/status/status_macros.h"
#include "common/types/country_names.h"
#include "common/util/fingerprint.h"

namespace dyadscope::economics {
namespace {

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

EconomicsManager::EconomicsManager(ObservationRepository* repository,
                                   EconomicsConfig config)
    : RecordService(repository, std::move(config),
                    {"observations", "CreateObservations", "ImportObservations",
                     &PrepareObservation}) {}

absl::StatusOr<EconomicsManager::Loaded> EconomicsManager::LoadDyad(
    const std::string& a, const std::string& b, int first, int last,
    const ReadOptions& read) {
  const bool current = !read.as_of.has_value() && !read.include_deleted;
  const std::string key = absl::StrCat(a, "|", b, "|", first, "|", last);
  Loaded loaded;
  if (current) {
    DYADSCOPE_ASSIGN_OR_RETURN(loaded.data_version,
                               repository()->DataVersion());
    loaded.observations = loaded_.Get(key, loaded.data_version);
    if (loaded.observations != nullptr) return loaded;
  }
  ObservationQuery query;
  query.reporter_codes = {a, b};
  // One year earlier for year-on-year growth.
  query.start_year = first - 1;
  query.end_year = last;
  // A current read reads the current versions of one snapshot, so that the
  // data are exactly those of the snapshot's data version (the cache key).
  ReadOptions pinned = read;
  if (!current && !pinned.as_of.has_value()) pinned.as_of = config().clock();
  auto observations = std::make_shared<std::vector<Observation>>();
  // The version the answer is reported at: the one of the read itself.
  DYADSCOPE_ASSIGN_OR_RETURN(
      std::string read_version,
      repository()->Scan(query, pinned, [&](const Observation& o) {
        observations->push_back(o);
      }));
  loaded.observations = std::move(observations);
  if (current) loaded_.Put(key, read_version, loaded.observations);
  loaded.data_version = std::move(read_version);
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
      request.periods.empty() ? config().default_periods : request.periods;
  options.present_year = PresentYear();
  stats::ApplyBootstrapRequest(request, options);
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
  return ImportFile<ImportResult>(
      options, source, ObservationFormats(), CreateParser,
      [&](ParsedRow& row, ImportResult& result) {
        if (row.is_empty_cell()) {
          ++result.empty_cells;
          return false;
        }
        Observation* o = std::get_if<Observation>(&row.item);
        if (o == nullptr) return false;
        return AcceptUploaded(*o, row.line, options, "INVALID_OBSERVATION",
                              result);
      },
      [&](ObservationWriter& writer, const ParsedRow& row,
          ImportResult& result) -> absl::Status {
        DYADSCOPE_ASSIGN_OR_RETURN(
            ObservationUpsert upsert,
            writer.Upsert(*row.observation(), options.request_id));
        result.Count(upsert.outcome);
        return absl::OkStatus();
      });
}

absl::StatusOr<int64_t> EconomicsManager::SeedIfEmpty(const std::string& dir) {
  DYADSCOPE_ASSIGN_OR_RETURN(int64_t count, repository()->Count());
  if (count > 0) return 0;
  int64_t created = 0;
  for (const char* file :
       {"dots_bilateral.csv", "dots_pakistan_all_partners.csv", "wdi.csv",
        "sipri.csv", "aiddata.csv", "reported_trade.csv", "cow_trade.csv"}) {
    ImportOptions options;
    options.format = ObservationFileFormat::kDyadscopeCsv;
    DYADSCOPE_ASSIGN_OR_RETURN(
        ImportResult result,
        records::ImportSeedFile(absl::StrCat(dir, "/", file),
                                absl::StrCat("data/pak-chn/economics/", file),
                                options,
                                [this](const ImportOptions& o, ChunkSource& c) {
                                  return ImportObservations(o, c);
                                }));
    created += result.created;
  }
  return created;
}

}  // namespace dyadscope::economics
