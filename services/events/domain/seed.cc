#include "services/events/domain/seed.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/csv/csv_reader.h"
#include "common/records/record_import.h"
#include "common/status/status_macros.h"

namespace dyadscope::events {

absl::StatusOr<std::vector<std::pair<std::string, SourceRef>>> ReadSourcesCsv(
    const std::string& path) {
  DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<FileChunkSource> file,
                             FileChunkSource::Open(path));
  std::vector<std::pair<std::string, SourceRef>> sources;
  std::vector<std::string> header;
  csv::CsvReader reader;
  auto on_record = [&](const csv::CsvRecord& record) -> absl::Status {
    if (record.kind == csv::CsvRecord::Kind::kBlank) return absl::OkStatus();
    if (record.kind == csv::CsvRecord::Kind::kError) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, " line ", record.line, ": ", record.error_message));
    }
    if (header.empty()) {
      for (absl::string_view name : record.fields) header.emplace_back(name);
      return absl::OkStatus();
    }
    auto get = [&](absl::string_view name) {
      for (std::size_t i = 0; i < header.size() && i < record.fields.size();
           ++i) {
        if (header[i] == name) return std::string(record.fields[i]);
      }
      return std::string();
    };
    SourceRef source;
    source.citation = get("citation");
    source.url = get("url");
    source.source_system = get("source_system");
    source.dataset_version = get("dataset_version");
    source.locator = get("locator");
    sources.emplace_back(get("source_id"), std::move(source));
    return absl::OkStatus();
  };
  std::string chunk;
  while (true) {
    DYADSCOPE_ASSIGN_OR_RETURN(bool more, file->Next(&chunk));
    if (!more) break;
    DYADSCOPE_RETURN_IF_ERROR(reader.Feed(chunk, on_record));
  }
  DYADSCOPE_RETURN_IF_ERROR(reader.Finish(on_record));
  return sources;
}

absl::StatusOr<SeedResult> SeedIfEmpty(EventsManager& manager,
                                       EventRepository& repository,
                                       const std::string& dir) {
  SeedResult result;
  DYADSCOPE_ASSIGN_OR_RETURN(auto counts, repository.CountRecords());
  if (counts.first > 0 || counts.second > 0) return result;
  const std::string events_path = absl::StrCat(dir, "/events.csv");
  DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<FileChunkSource> events_file,
                             FileChunkSource::Open(events_path));
  ImportOptions options;
  options.format = EventFileFormat::kDyadscopeCsv;
  options.atomic = true;
  options.file_name = "data/pak-chn/events.csv";
  options.source_label = "dyadscope embedded PAK-CHN dataset";
  DYADSCOPE_ASSIGN_OR_RETURN(
      result.events,
      manager.ImportEvents(
          options, *events_file,
          [](absl::string_view) -> std::variant<Event, RowRejection> {
            return RowRejection{"", "UNSUPPORTED", "", ""};
          }));
  DYADSCOPE_RETURN_IF_ERROR(
      records::CheckSeedImport(events_path, result.events));

  const std::string votes_path = absl::StrCat(dir, "/unga_votes.csv");
  DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<FileChunkSource> votes_file,
                             FileChunkSource::Open(votes_path));
  DYADSCOPE_ASSIGN_OR_RETURN(auto sources,
                             ReadSourcesCsv(absl::StrCat(dir, "/sources.csv")));
  ImportOptions vote_options;
  vote_options.atomic = true;
  vote_options.file_name = "data/pak-chn/unga_votes.csv";
  vote_options.source_label = "dyadscope embedded PAK-CHN dataset";
  DYADSCOPE_ASSIGN_OR_RETURN(
      result.votes, manager.ImportVotes(vote_options, *votes_file, sources));
  DYADSCOPE_RETURN_IF_ERROR(records::CheckSeedImport(votes_path, result.votes));
  result.seeded = true;
  return result;
}

}  // namespace dyadscope::events
