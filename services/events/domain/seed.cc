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
  ImportOptions options;
  options.format = EventFileFormat::kDyadscopeCsv;
  DYADSCOPE_ASSIGN_OR_RETURN(
      result.events,
      records::ImportSeedFile(
          absl::StrCat(dir, "/events.csv"), "data/pak-chn/events.csv", options,
          [&](const ImportOptions& o, ChunkSource& c) {
            // The embedded events are CSV: no JSON reader is needed.
            return manager.ImportEvents(
                o, c,
                [](absl::string_view) -> std::variant<Event, RowRejection> {
                  return RowRejection{"", "UNSUPPORTED", "", ""};
                });
          }));
  DYADSCOPE_ASSIGN_OR_RETURN(auto sources,
                             ReadSourcesCsv(absl::StrCat(dir, "/sources.csv")));
  DYADSCOPE_ASSIGN_OR_RETURN(
      result.votes,
      records::ImportSeedFile(absl::StrCat(dir, "/unga_votes.csv"),
                              "data/pak-chn/unga_votes.csv", ImportOptions(),
                              [&](const ImportOptions& o, ChunkSource& c) {
                                return manager.ImportVotes(o, c, sources);
                              }));
  result.seeded = true;
  return result;
}

}  // namespace dyadscope::events
