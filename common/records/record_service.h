// File: common/records/record_service.h
// -----------------------------------------------------------------------------
// RecordService<Repository>: the Create and List use cases of one record
// kind over its port (a records::RecordRepository), the base of the kind's
// manager, so that the manager keeps only its validation, its queries and
// its analytics:
//
//   - Create: ValidateBatch with the kind's checks, then CreateBatch (request
//     id replay, the data version of the write's own transaction);
//   - List: ListPage over the port's List (page tokens pinning the first
//     page's as-of time);
//   - RunOf: how an Import of the kind runs (record_import.h).
//
// RecordConfig holds the limits and the clock every kind shares.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_SERVICE_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_SERVICE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/records/record_import.h"
#include "common/records/record_ports.h"
#include "common/records/record_use_cases.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/types/types.h"

namespace dyadscope::records {

// The limits and the clock of a record kind's use cases.
struct RecordConfig {
  int max_batch = 1000;  // records per Create
  int default_page_size = 100;
  int max_page_size = 1000;
  int import_batch_rows = 2000;  // rows per import transaction
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

// The CreateBatch adapter (see CreateBatch) of a kind whose port is
// `Repository`: its writer's Upsert and GetVersion, and its upsert result,
// the aggregate {Record record; WriteOutcome outcome;}.
template <typename Repository>
struct RepositoryKind {
  using Record = typename Repository::Record;
  using Writer = typename Repository::Writer;
  using Upsert = typename Writer::UpsertResult;
  static absl::StatusOr<Upsert> Put(Writer& writer, const Record& record,
                                    absl::string_view request_id) {
    return writer.Upsert(record, request_id);
  }
  static WriteAnswer AnswerOf(const Upsert& upsert) {
    const auto& [record, outcome] = upsert;
    return WriteAnswer{record.id, record.version.version,
                       static_cast<int>(outcome)};
  }
  static absl::StatusOr<Upsert> Replay(Writer& writer,
                                       const WriteAnswer& answer) {
    DYADSCOPE_ASSIGN_OR_RETURN(Record record,
                               writer.GetVersion(answer.id, answer.version));
    return Upsert{std::move(record), static_cast<WriteOutcome>(answer.outcome)};
  }
};

// What the use cases need to know of a record kind beyond its port: the
// field that holds the records of a Create (e.g. "incidents"), the
// request-log methods of a Create and an Import, and the kind's
// checks of a record from a client, which record each problem under `path`
// (e.g. path("date") is "incidents[2].date") and may normalize the record
// (defaults, derived fields). The checks are the kind's own (domain code
// next to the record type), not the manager's.
template <typename Record>
struct RecordKindInfo {
  std::string field;
  std::string create_method;
  std::string import_method;  // of an Import, e.g. "ImportIncidents"
  void (*prepare)(Record& record, const FieldPath& path,
                  FieldViolations& violations) = nullptr;
};

// Create and List of one kind, the base of the kind's manager: the manager
// names the kind (RecordKindInfo) and inherits Create and List, so that
// every kind's handlers call the same two methods. List's page tokens
// carry the port's QueryFingerprint of the query. Thread-safe when the port
// and the kind's checks are.
template <typename Repository, typename Config = RecordConfig>
class RecordService {
  static_assert(std::is_base_of_v<RecordConfig, Config>,
                "a service's config extends records::RecordConfig");

 public:
  using Kind = RepositoryKind<Repository>;
  using Record = typename Repository::Record;
  using Query = typename Repository::Query;
  using Upsert = typename Kind::Upsert;

  // `repository` must outlive the service; `kind.prepare` is required.
  RecordService(Repository* repository, Config config,
                RecordKindInfo<Record> kind)
      : repository_(repository),
        config_(std::move(config)),
        field_(std::move(kind.field)),
        create_method_(std::move(kind.create_method)),
        import_method_(std::move(kind.import_method)),
        prepare_(kind.prepare) {}
  virtual ~RecordService() = default;

  // The kind's checks of a record from a client (RecordKindInfo::prepare).
  void Prepare(Record& record, const FieldPath& path,
               FieldViolations& violations) const {
    prepare_(record, path, violations);
  }

  // Validates `records` and stores them in one transaction.
  // INVALID_ARGUMENT lists `conversion` (problems found while decoding the
  // request) and every problem Prepare finds; nothing is written. With a
  // `request_id`, a repeated request (same `fingerprint`) gets the stored
  // answer again; ALREADY_EXISTS when the id was used for another request.
  // `validate_only` reports what would happen, writing nothing. The data
  // version is that of the write's own transaction.
  absl::StatusOr<BatchResult<Upsert>> Create(
      std::vector<Record> records, const std::string& request_id,
      const std::string& fingerprint, bool validate_only,
      const FieldViolations& conversion = FieldViolations()) const {
    DYADSCOPE_RETURN_IF_ERROR(ValidateBatch<Record>(
        records, field_, config_.max_batch, request_id, conversion,
        [this](Record& record, absl::string_view field,
               FieldViolations& violations) {
          Prepare(record, FieldPath(field), violations);
        }));
    return CreateBatch<Kind>(
        *repository_, records,
        BatchWrite{create_method_, request_id, fingerprint, validate_only});
  }

  // Returns one page of the records matching `query` in id order, the next
  // page token ("" at the end; it pins the first page's as-of time) and the
  // data version of the same read. INVALID_ARGUMENT for a negative page
  // size or a token of another query.
  absl::StatusOr<Page<Record>> List(const Query& query,
                                    const ReadOptions& options, int page_size,
                                    const std::string& page_token) const {
    const PageRequest request = MakePageRequest(
        page_size, page_token, options,
        repository_->QueryFingerprint(query, options),
        config_.default_page_size, config_.max_page_size, config_.clock());
    return ListPage<Record>(
        request, [&](const ReadOptions& read, int64_t after_id, int limit) {
          return repository_->List(query, read, after_id, limit);
        });
  }

 protected:
  Repository* repository() const { return repository_; }

  // Imports one file (record_import.h's RunImport with `accept` and
  // `write`). `options` is the kind's UploadOptions with its `format` and
  // its parser's options `parser`; the parser is `create_parser(format,
  // parser options)` with the upload's file name and label. INVALID_ARGUMENT
  // on "options.format" for a format `formats` does not have, and the
  // errors of create_parser and RunImport.
  template <typename Result, typename Options, typename Formats,
            typename CreateParser, typename Accept, typename Write>
  absl::StatusOr<Result> ImportFile(const Options& options, ChunkSource& source,
                                    const Formats& formats,
                                    CreateParser create_parser, Accept accept,
                                    Write write) const {
    DYADSCOPE_RETURN_IF_ERROR(
        formats.Require(options.format, "options.format"));
    auto parser_options = options.parser;
    parser_options.file_name = options.file_name;
    parser_options.source_label = options.source_label;
    DYADSCOPE_ASSIGN_OR_RETURN(
        auto parser, create_parser(options.format, std::move(parser_options)));
    using Parser = typename decltype(parser)::element_type;
    return RunImport<Result, typename Repository::Writer, Parser,
                     typename Parser::ParsedRow>(
        *repository_, RunOf(options, import_method_), source, *parser, accept,
        write);
  }
  const Config& config() const { return config_; }

  // Returns the current calendar year (UTC) by the config's clock.
  int PresentYear() const { return records::PresentYear(config_.clock); }

  // AcceptUploadedRecord with Prepare: whether to write the parsed `record`
  // of line `line` of an upload (false after counting its first problem as
  // a rejection with `reason`, e.g. "INVALID_INCIDENT").
  bool AcceptUploaded(Record& record, int64_t line,
                      const UploadOptions& options, absl::string_view reason,
                      ImportCounts& result) const {
    return AcceptUploadedRecord<Record>(
        record, line, options, reason, result,
        [this](Record& r, absl::string_view field,
               FieldViolations& violations) {
          Prepare(r, FieldPath(field), violations);
        });
  }

  // Returns how an import with `options` for request-log `method` runs.
  ImportRun RunOf(const UploadOptions& options,
                  absl::string_view method) const {
    return records::RunOf(options, method, config_.import_batch_rows);
  }

 private:
  Repository* const repository_;
  const Config config_;
  const std::string field_;
  const std::string create_method_;
  const std::string import_method_;
  void (*const prepare_)(Record&, const FieldPath&, FieldViolations&);
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_SERVICE_H_
