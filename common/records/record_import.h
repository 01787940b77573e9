// File: common/records/record_import.h
// -----------------------------------------------------------------------------
// The file-import use case every record kind shares: a delimited upload
// (optionally compressed) read record by record into a kind's file parser,
// the parsed rows written in transactions of --import_batch_rows rows, or
// in one transaction for atomic imports (rolled back when any row is
// rejected) and dry runs (always rolled back); rejections with their line
// numbers, kept up to max_rejections; request-id resume markers (see
// common/util/request_log.h) so that a re-sent import reports `resumed`;
// and the data version of the import's last transaction.
//
// A kind plugs in its parser (header_found / Header / Row / Finish, rows
// with `line`, rejection() and filtered()), a hook that checks a parsed row
// and says whether to write it, and a hook that writes one row.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_IMPORT_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_IMPORT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/csv/upload.h"
#include "common/records/record_ports.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/types/types.h"
#include "common/util/request_log.h"
#include "common/util/stream_decompressor.h"

namespace dyadscope::records {

// A rejected row and the line it starts on.
struct LineRejection {
  int64_t line = 0;
  RowRejection rejection;
};

// What an import did; kinds extend it with their own counts.
struct ImportCounts {
  int64_t rows_read = 0;
  int64_t created = 0;
  int64_t new_versions = 0;
  int64_t duplicates = 0;
  int64_t deleted = 0;
  int64_t filtered_out = 0;
  int64_t rejected = 0;
  int64_t bytes_read = 0;
  std::vector<LineRejection> rejections;  // the first max_rejections
  bool committed = false;
  bool resumed = false;
  std::string data_version;

  // Counts one write by what it did.
  void Count(WriteOutcome outcome) {
    switch (outcome) {
      case WriteOutcome::kCreated:
        ++created;
        break;
      case WriteOutcome::kNewVersion:
        ++new_versions;
        break;
      case WriteOutcome::kUnchanged:
        ++duplicates;
        break;
      case WriteOutcome::kDeleted:
        ++deleted;
        break;
    }
  }

  // Counts one rejected row, keeping it when fewer than `max_kept` are.
  void Reject(int64_t line, RowRejection rejection, int max_kept) {
    ++rejected;
    if (static_cast<int>(rejections.size()) < max_kept) {
      rejections.push_back(LineRejection{line, std::move(rejection)});
    }
  }
};

// The options every Import takes besides its format and filters; each
// kind's import options extend it.
struct UploadOptions {
  bool dry_run = false;      // report what would happen; write nothing
  bool atomic = false;       // all rows or none (any rejection rolls back)
  std::string request_id;    // resume marker key; "" for none
  std::string source_label;  // provenance label of every imported row
  Compression compression = Compression::kNone;
  std::string file_name;     // provenance file of every imported row
  int max_rejections = 100;  // rejections listed in the answer
};

// How to run one import.
struct ImportRun {
  std::string method;  // the request-log method, e.g. "ImportIncidents"
  std::string request_id;
  bool dry_run = false;
  bool atomic = false;
  int batch_rows = 2000;
  int max_rejections = 100;
  Compression compression = Compression::kNone;
};

// Returns the run of an import with `options` for request-log `method`,
// in batches of `batch_rows` rows.
inline ImportRun RunOf(const UploadOptions& options, absl::string_view method,
                       int batch_rows) {
  ImportRun run;
  run.method = std::string(method);
  run.request_id = options.request_id;
  run.dry_run = options.dry_run;
  run.atomic = options.atomic;
  run.batch_rows = batch_rows;
  run.max_rejections = options.max_rejections;
  run.compression = options.compression;
  return run;
}

// Returns whether to write the parsed `record` of line `line` of an upload
// with `options`: false after counting its first problem found by
// `prepare` as a rejection with `reason` (e.g. "INVALID_INCIDENT"); true
// after stamping the upload's provenance (file, line and, when given, its
// label) on it.
template <typename Record>
bool AcceptUploadedRecord(
    Record& record, int64_t line, const UploadOptions& options,
    absl::string_view reason, ImportCounts& result,
    absl::FunctionRef<void(Record&, absl::string_view, FieldViolations&)>
        prepare) {
  FieldViolations violations;
  prepare(record, "", violations);
  if (!violations.empty()) {
    const FieldViolation& first = violations.violations().front();
    result.Reject(
        line,
        RowRejection{first.field, std::string(reason), first.description, ""},
        options.max_rejections);
    return false;
  }
  record.provenance.source_file = options.file_name;
  record.provenance.source_line = line;
  if (!options.source_label.empty()) {
    record.provenance.source_label = options.source_label;
  }
  return true;
}

// Returns OK, or FAILED_PRECONDITION naming `path` and the first rejected
// row when the seed import `result` of that file rejected any row (a seed
// is curated data: a rejected row fails it).
template <typename Result>
absl::Status CheckSeedImport(absl::string_view path, const Result& result) {
  if (result.rejected == 0) return absl::OkStatus();
  const LineRejection& first = result.rejections.front();
  return absl::FailedPreconditionError(absl::StrCat(
      path, " has ", result.rejected, " rejected rows; line ", first.line, ": ",
      first.rejection.field, " ", first.rejection.reason));
}

// The provenance label of every record seeded from the embedded dataset.
inline constexpr absl::string_view kEmbeddedSeedLabel =
    "dyadscope embedded PAK-CHN dataset";

// Imports the embedded seed file at `path` through `import(options,
// source)` (an absl::StatusOr of an ImportCounts extension), atomically,
// with provenance file `file_name` (e.g. "data/pak-chn/incidents.csv") and
// label kEmbeddedSeedLabel, the kind's own fields (its format) as
// `options` has them; fails when the file cannot be read or the import
// rejected any row (CheckSeedImport).
template <typename Options, typename Import>
auto ImportSeedFile(const std::string& path, absl::string_view file_name,
                    Options options, const Import& import)
    -> decltype(import(options, std::declval<ChunkSource&>())) {
  DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<FileChunkSource> file,
                             FileChunkSource::Open(path));
  options.atomic = true;
  options.file_name = std::string(file_name);
  options.source_label = std::string(kEmbeddedSeedLabel);
  auto result = import(options, static_cast<ChunkSource&>(*file));
  if (result.ok()) {
    DYADSCOPE_RETURN_IF_ERROR(CheckSeedImport(path, *result));
  }
  return result;
}

namespace internal_import {
constexpr absl::string_view kAtomicRollback =
    "dyadscope: atomic import rolled back";
}  // namespace internal_import

// Runs the write side of one import into `store` and returns its counts (a
// `Result`, an ImportCounts or a kind's extension of it). `read(result,
// take)` reads the whole upload, counting what it reads, rejects and
// filters out, and hands every other row to `take`. For each row taken,
// `accept(row, result)` checks (and may complete) it: true writes it with
// `write(writer, row, result)` (in batches of run.batch_rows, or in the one
// transaction of an atomic import or a dry run); false skips it (`accept`
// counts it, e.g. with result.Reject). With a request id (and not a dry
// run), resume markers bracket the import. Errors: those of `read`, and the
// store's.
template <typename Result, typename Writer, typename RowT>
absl::StatusOr<Result> RunImportLoop(
    TransactionalStore<Writer>& store, const ImportRun& run,
    absl::FunctionRef<absl::Status(
        Result& result, absl::FunctionRef<absl::Status(RowT row)> take)>
        read,
    absl::FunctionRef<bool(RowT& row, Result& result)> accept,
    absl::FunctionRef<absl::Status(Writer& writer, const RowT& row,
                                   Result& result)>
        write) {
  Result result;
  const bool single_transaction = run.atomic || run.dry_run;
  const bool marked = !run.request_id.empty() && !run.dry_run;
  Writer* open_writer = nullptr;
  std::vector<RowT> batch;
  bool wrote_version = false;
  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    DYADSCOPE_RETURN_IF_ERROR(store.Write([&](Writer& writer) -> absl::Status {
      for (const RowT& row : batch) {
        DYADSCOPE_RETURN_IF_ERROR(write(writer, row, result));
      }
      DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, writer.DataVersion());
      return absl::OkStatus();
    }));
    wrote_version = true;
    batch.clear();
    return absl::OkStatus();
  };
  auto take = [&](RowT row) -> absl::Status {
    if (!accept(row, result)) return absl::OkStatus();
    if (single_transaction) {
      if (run.atomic && result.rejected > 0) return absl::OkStatus();
      return write(*open_writer, row, result);
    }
    batch.push_back(std::move(row));
    if (static_cast<int>(batch.size()) >= run.batch_rows) return flush();
    return absl::OkStatus();
  };
  auto read_all = [&]() -> absl::Status { return read(result, take); };

  if (marked) {
    DYADSCOPE_RETURN_IF_ERROR(store.Write([&](Writer& w) -> absl::Status {
      DYADSCOPE_ASSIGN_OR_RETURN(result.resumed,
                                 BeginImportRun(w, run.request_id, run.method));
      return absl::OkStatus();
    }));
  }
  if (single_transaction) {
    absl::Status status = store.RunTransaction(
        [&](Writer& writer) -> absl::Status {
          open_writer = &writer;
          // A dry run commits nothing: its answer is the version before it.
          if (run.dry_run) {
            DYADSCOPE_ASSIGN_OR_RETURN(result.data_version,
                                       writer.DataVersion());
          }
          DYADSCOPE_RETURN_IF_ERROR(read_all());
          if (run.atomic && result.rejected > 0) {
            return absl::AbortedError(internal_import::kAtomicRollback);
          }
          if (!run.dry_run) {
            DYADSCOPE_ASSIGN_OR_RETURN(result.data_version,
                                       writer.DataVersion());
          }
          return absl::OkStatus();
        },
        /*commit=*/!run.dry_run);
    if (status.code() == absl::StatusCode::kAborted &&
        status.message() == internal_import::kAtomicRollback) {
      result.created = result.new_versions = result.duplicates =
          result.deleted = 0;
    } else {
      DYADSCOPE_RETURN_IF_ERROR(status);
      result.committed = !run.dry_run;
      wrote_version = true;
    }
  } else {
    DYADSCOPE_RETURN_IF_ERROR(read_all());
    DYADSCOPE_RETURN_IF_ERROR(flush());
    result.committed = true;
  }
  if (result.committed && marked) {
    DYADSCOPE_RETURN_IF_ERROR(store.Write([&](Writer& w) -> absl::Status {
      DYADSCOPE_RETURN_IF_ERROR(EndImportRun(w, run.request_id, run.method));
      DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, w.DataVersion());
      return absl::OkStatus();
    }));
    wrote_version = true;
  }
  if (!wrote_version) {
    // Nothing was written (an empty or rolled-back import): the answer is
    // the version as it stands, read in a transaction of its own.
    DYADSCOPE_RETURN_IF_ERROR(store.DryRun([&](Writer& w) -> absl::Status {
      DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, w.DataVersion());
      return absl::OkStatus();
    }));
  }
  return result;
}

// Runs one import of `source` through `parser` into `store` (see
// RunImportLoop for `accept` and `write`) and returns its counts. Rows the
// parser rejects or filters out are counted, not taken. Errors:
// INVALID_ARGUMENT naming `chunk` for an unreadable header or upload; the
// store's errors.
template <typename Result, typename Writer, typename Parser, typename RowT>
absl::StatusOr<Result> RunImport(
    TransactionalStore<Writer>& store, const ImportRun& run,
    ChunkSource& source, Parser& parser,
    absl::FunctionRef<bool(RowT& row, Result& result)> accept,
    absl::FunctionRef<absl::Status(Writer& writer, const RowT& row,
                                   Result& result)>
        write) {
  auto read =
      [&](Result& result,
          absl::FunctionRef<absl::Status(RowT row)> take) -> absl::Status {
    DYADSCOPE_RETURN_IF_ERROR(ReadDelimitedUpload(
        source, run.compression, csv::CsvOptions(), result.bytes_read,
        [&](const csv::CsvRecord& record) -> absl::Status {
          if (!parser.header_found()) {
            if (record.kind == csv::CsvRecord::Kind::kError) {
              return InvalidField(
                  "chunk", absl::StrCat("line ", record.line,
                                        ": malformed line before the header: ",
                                        record.error_message));
            }
            return parser.Header(record);
          }
          if (record.kind == csv::CsvRecord::Kind::kBlank) {
            return absl::OkStatus();
          }
          ++result.rows_read;
          if (record.kind == csv::CsvRecord::Kind::kError) {
            result.Reject(
                record.line,
                RowRejection{"",
                             std::string(csv::CsvErrorReasonCode(record.error)),
                             record.error_message, ""},
                run.max_rejections);
            return absl::OkStatus();
          }
          for (RowT& row : parser.Row(record)) {
            if (const RowRejection* rejection = row.rejection()) {
              result.Reject(row.line, *rejection, run.max_rejections);
            } else if (row.filtered() != nullptr) {
              ++result.filtered_out;
            } else {
              DYADSCOPE_RETURN_IF_ERROR(take(std::move(row)));
            }
          }
          return absl::OkStatus();
        }));
    absl::Status finished = parser.Finish();
    if (!finished.ok()) return InvalidField("chunk", finished.message());
    return absl::OkStatus();
  };
  return RunImportLoop<Result, Writer, RowT>(store, run, read, accept, write);
}

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_IMPORT_H_
