// File: common/csv/csv_reader.h
// -----------------------------------------------------------------------------
// A streaming, push-style reader of delimited text: RFC 4180 CSV (quoted
// fields, doubled quotes, line breaks inside quotes) or plain tab-separated
// text without quoting (GDELT's exports, where '"' is an ordinary character).
//
// The input arrives in chunks of any size, split anywhere (inside a quoted
// field, between the CR and LF of a line break, inside the UTF-8 byte order
// mark); the reader calls back once per record, blank line or bad record.
// Memory stays bounded by the longest record (at most max_record_bytes); the
// input as a whole is never held.
//
//   csv::CsvOptions options;
//   options.delimiter = '\t';
//   options.quoting = false;
//   csv::CsvReader reader(options);
//   auto on_record = [&](const csv::CsvRecord& record) -> absl::Status {
//     switch (record.kind) {
//       case csv::CsvRecord::Kind::kFields: ...record.fields...; break;
//       case csv::CsvRecord::Kind::kBlank: break;
//       case csv::CsvRecord::Kind::kError:
//         Reject(record.line, record.error_message); break;
//     }
//     return absl::OkStatus();
//   };
//   while (more input) DYADSCOPE_RETURN_IF_ERROR(reader.Feed(chunk,
//   on_record)); DYADSCOPE_RETURN_IF_ERROR(reader.Finish(on_record));

#ifndef DYADSCOPE_COMMON_CSV_CSV_READER_H_
#define DYADSCOPE_COMMON_CSV_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dyadscope::csv {

// How the input is delimited and how large a record may be.
struct CsvOptions {
  // The field separator: ',' for CSV, '\t' for GDELT. Must not be '"' (when
  // quoting), '\r' or '\n'.
  char delimiter = ',';
  // true: RFC 4180 quoting ('"' opens a quoted field, "" inside is a quote).
  // false: '"' is an ordinary character and a field ends only at the
  // delimiter or the line break (GDELT).
  bool quoting = true;
  // The largest field (after unquoting) and the largest record (raw bytes
  // without the line break) accepted; larger ones are reported as errors and
  // skipped without being held in memory. Both must be positive.
  size_t max_field_bytes = size_t{1} << 20;
  size_t max_record_bytes = size_t{4} << 20;
};

// Why a record could not be read.
enum class CsvError {
  kNone,
  // End of input inside a quoted field. Everything from the opening quote to
  // the end of input belongs to the bad record.
  kUnterminatedQuote,
  // A '"' inside an unquoted field (quoting mode only).
  kStrayQuote,
  // Text between the closing quote of a field and the next delimiter.
  kTextAfterClosingQuote,
  // A field longer than CsvOptions::max_field_bytes.
  kFieldTooLong,
  // A record longer than CsvOptions::max_record_bytes.
  kRecordTooLong,
};

// Returns the UPPER_SNAKE reason code of `error`, e.g. "UNTERMINATED_QUOTE"
// (suitable for google.rpc.ErrorInfo.reason and import rejections).
absl::string_view CsvErrorReasonCode(CsvError error);

// What the reader hands to its callback: one record, one blank line, or one
// bad record. Only valid during the callback (the views point into the
// reader's buffer, which the next record reuses).
struct CsvRecord {
  enum class Kind {
    kFields,  // a record: `fields` holds its fields (at least one)
    kBlank,   // an empty physical line, not a record
    kError,   // a bad record: `error` and `error_message` say why
  };
  Kind kind = Kind::kFields;
  // The 1-based physical line on which the record (or blank line) starts.
  // Line breaks inside quoted fields count, so a record may span lines.
  int64_t line = 0;
  // kFields: the fields, unquoted, without the line break.
  std::vector<absl::string_view> fields;
  // kError: the reason and a short English description that does not repeat
  // the line number.
  CsvError error = CsvError::kNone;
  std::string error_message;
};

// Called once per record, blank line or bad record, in input order. A
// non-OK return stops the reader: Feed/Finish return that status, and so do
// all later calls.
using CsvCallback = absl::FunctionRef<absl::Status(const CsvRecord&)>;

// Splits delimited text into records, one chunk at a time. Line breaks are
// LF or CRLF (a CR not followed by LF is data); a UTF-8 byte order mark at the
// very start is dropped; the last line needs no line break.
//
// After a bad record the reader resumes at the next physical line (the rest
// of the line holding the error is skipped), so one malformed row costs one
// row. Exceptions: a record over a size limit is skipped to its real end
// (quotes still tracked), and an unterminated quote swallows the rest of the
// input, which can only be reported once Finish is called.
//
// Not thread-safe; one reader per input stream.
class CsvReader {
 public:
  explicit CsvReader(CsvOptions options = CsvOptions());

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Consumes `chunk` (any length, split anywhere) and calls `callback` for
  // each record completed within it. Returns INVALID_ARGUMENT for invalid
  // options, FAILED_PRECONDITION after Finish, or the callback's first
  // non-OK status. Per-record problems are not errors here: they reach the
  // callback as kError records.
  absl::Status Feed(absl::string_view chunk, CsvCallback callback);

  // Ends the input: reports the last record (even without a final line
  // break) or an unterminated quote. Later calls to Feed or Finish return
  // FAILED_PRECONDITION.
  absl::Status Finish(CsvCallback callback);

 private:
  enum class State {
    kRecordStart,    // nothing of the current record seen yet
    kFieldStart,     // after a delimiter
    kUnquoted,       // inside an unquoted field
    kQuoted,         // inside a quoted field
    kQuoteInQuoted,  // after a '"' inside a quoted field: closing or doubled
    kSkipLine,       // after an error: discarding up to the next line break
  };

  absl::Status Process(absl::string_view data, CsvCallback callback);
  absl::Status HandleChar(char c, CsvCallback callback);
  absl::Status EndOfLine(CsvCallback callback);
  void StartRecord();
  void CountBytes(size_t n);
  void Append(absl::string_view bytes);
  void EndField();
  absl::Status EmitRecord(CsvCallback callback);
  absl::Status EmitBlank(CsvCallback callback);
  absl::Status EmitError(CsvError error, CsvCallback callback);
  absl::Status Deliver(CsvCallback callback);

  const CsvOptions options_;
  const absl::Status options_status_;

  State state_ = State::kRecordStart;
  bool pending_cr_ = false;  // a CR seen outside quotes, awaiting an LF
  size_t bom_matched_ = 0;   // bytes of the byte order mark matched so far
  bool bom_done_ = false;
  bool finished_ = false;
  absl::Status stopped_;  // the callback's first non-OK status

  int64_t line_ = 1;         // the current physical line
  int64_t record_line_ = 1;  // the line the current record started on
  size_t record_bytes_ = 0;  // raw bytes of the current record
  CsvError overflow_ = CsvError::kNone;  // a limit the record exceeded

  std::string buffer_;              // the current record's field bytes
  std::vector<size_t> field_ends_;  // end offset of each finished field
  size_t field_start_ = 0;          // offset of the current field
  CsvRecord record_;                // reused for every callback
};

// Reads all of `text` with a fresh reader (Feed then Finish). Convenient for
// small embedded tables and tests.
absl::Status ReadCsv(absl::string_view text, const CsvOptions& options,
                     CsvCallback callback);

}  // namespace dyadscope::csv

#endif  // DYADSCOPE_COMMON_CSV_CSV_READER_H_
