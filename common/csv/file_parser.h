// File: common/csv/file_parser.h
// -----------------------------------------------------------------------------
// What every importer's parser is to the import loop, written once: the
// interface of a parser of one file of a service's formats (`Format`, its
// enum) whose rows yield `ParsedRowT` items, the FilteredRow item of a row
// that is deliberately not imported, and the length to which a rejected or
// filtered value is cut. Each service names the instance
// (ObservationFileParser, IncidentFileParser) and documents its own reason
// codes; csv::TabularParser (tabular.h) implements all of it but a format's
// rows.

#ifndef DYADSCOPE_COMMON_CSV_FILE_PARSER_H_
#define DYADSCOPE_COMMON_CSV_FILE_PARSER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/csv/csv_reader.h"

namespace dyadscope::csv {

// A rejected or filtered row's value is cut to this many bytes (at a UTF-8
// character boundary).
inline constexpr size_t kMaxRejectedValueBytes = 200;

// A row (or one cell of a wide row) deliberately not imported: a region, a
// row of an unselected country or partner, a note after the table. `field`
// names the column that decided it.
struct FilteredRow {
  std::string field;
  std::string reason_code;  // UPPER_SNAKE_CASE, e.g. "COUNTRY_NOT_SELECTED"
  std::string reason;
  std::string value;  // truncated to kMaxRejectedValueBytes
};

// Turns the records of one file into `ParsedRowT` items. The import loop offers
// each record to Header() until header_found(), then each later record to
// Row(), and calls Finish() at the end of input. Not thread-safe; one
// parser per file.
template <typename Format, typename ParsedRowT>
class FileParser {
 public:
  using ParsedRow = ParsedRowT;

  virtual ~FileParser() = default;

  // Returns the format this parser reads.
  virtual Format format() const = 0;

  // Examines one record that precedes the header (blank lines and
  // unreadable records included): OK with header_found() true when it is
  // the header, OK with header_found() false when it is preamble the format
  // skips, INVALID_ARGUMENT (a reason, one FieldViolation per bad column)
  // for a header the format cannot use or when no header came in time
  // (HEADER_NOT_FOUND). FAILED_PRECONDITION once the header has been found.
  virtual absl::Status Header(const CsvRecord& record) = 0;

  // Returns true once Header() has accepted a header row.
  virtual bool header_found() const = 0;

  // Returns a short name of the layout the header showed; empty before the
  // header.
  virtual std::string layout() const = 0;

  // Parses one record after the header: nothing for blank lines and rows
  // whose fields are all empty; otherwise the row's items, all with the
  // record's line number (rows offered before the header are rejected with
  // HEADER_NOT_FOUND).
  virtual std::vector<ParsedRowT> Row(const CsvRecord& record) = 0;

  // Ends the input: OK once a header was found, else INVALID_ARGUMENT
  // (reason HEADER_NOT_FOUND) naming the header the format expects.
  virtual absl::Status Finish() const = 0;
};

}  // namespace dyadscope::csv

#endif  // DYADSCOPE_COMMON_CSV_FILE_PARSER_H_
