// File: common/csv/tabular.h
// -----------------------------------------------------------------------------
// The tabular layer every importer shares, on top of csv_reader: header
// matching (names normalised to their letters and digits, aliases, required
// and optional columns, unknown, duplicate and missing columns reported as
// field violations), column lookup, cell text helpers, the collector of one
// row's items (observations, incidents, rejections, filtered rows), and the
// parser skeleton that turns CsvRecords into those items: preamble lines
// before the header, blank lines, unreadable records, rows of the wrong
// width and notes after the table are handled here once, so a format only
// recognises its header and parses one row of the header's width.
//
//   class MyParser : public csv::TabularParser<MyFileParser, ParsedRow,
//                                              FilteredRow> {
//     absl::StatusOr<bool> TryHeader(csv::Fields fields) override;
//     void ParseFields(csv::Fields fields, RowSink& sink) const override;
//   };
//
// (constructed with the format's name and a description of its header).
//
// A service's ParsedRow must have `int64_t line`, a std::variant `item` that
// holds RowRejection and the service's FilteredRow, and `rejection()`; an
// optional `std::string column` receives the column of a wide row's cell.

#ifndef DYADSCOPE_COMMON_CSV_TABULAR_H_
#define DYADSCOPE_COMMON_CSV_TABULAR_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/types.h"

namespace dyadscope::csv {

// The fields of one record.
using Fields = absl::Span<const absl::string_view>;

// ---------------------------------------------------------------------------
// Cell text.

// Returns `text` without surrounding ASCII white space.
absl::string_view StripCell(absl::string_view text);

// Returns `value` cut to at most `max_bytes` bytes, at a UTF-8 character
// boundary.
std::string TruncateUtf8(absl::string_view value, size_t max_bytes);

// Returns the letters and digits of a header name, lower-cased: "Trade
// Value (US$)" -> "tradevalueus", "EVENT_ID_CNTY" -> "eventidcnty".
std::string HeaderKey(absl::string_view name);

// Returns true when `text` is non-empty and all ASCII digits.
bool AllDigits(absl::string_view text);

// Returns true for "ACLED", "IMF_DOTS", "X1": an upper-case letter, then
// upper-case letters, digits and '_'.
bool IsUpperSnakeCase(absl::string_view text);

// Returns the stripped cell of an optional column ("" when the column is
// absent or the row is shorter).
absl::string_view Cell(Fields fields, std::optional<size_t> column);

// ---------------------------------------------------------------------------
// Header matching.

// The header row of a source file: the names as written (stripped) and their
// HeaderKey()s, looked up by key with aliases tried in order.
class HeaderColumns {
 public:
  HeaderColumns() = default;
  explicit HeaderColumns(Fields header);

  // Returns the first column whose key is one of `keys`, trying the keys in
  // order (so the first alias wins over later ones wherever it stands).
  std::optional<size_t> Find(
      std::initializer_list<absl::string_view> keys) const;

  // Returns the name of column `i` as written, or `fallback` when `i` is
  // absent or the name is empty.
  std::string Name(std::optional<size_t> i, absl::string_view fallback) const;

  const std::string& name(size_t i) const { return names_[i]; }
  const std::string& key(size_t i) const { return keys_[i]; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
};

// Field violations with the reason code of the first one: the error of a
// header that cannot be used.
class HeaderProblems {
 public:
  // Records a problem with column `field`; `reason` (UPPER_SNAKE) becomes the
  // status's reason when it is the first.
  void Add(absl::string_view field, absl::string_view description,
           absl::string_view reason);

  bool empty() const { return violations_.empty(); }

  // Returns INVALID_ARGUMENT with one FieldViolation per problem and the
  // first problem's reason; OK when there is none.
  absl::Status ToStatus() const;

 private:
  FieldViolations violations_;
  std::string first_reason_;
};

// Matches a strict header (the dyadscope CSVs: exact column names, any case,
// any order) against `names`: sets positions[c] to the field index of column
// c, and adds UNKNOWN_COLUMN (a name not in `names`, or an empty name),
// DUPLICATE_COLUMN and MISSING_COLUMN (a column of `required` absent)
// problems. `describe_unknown` words the unknown-column problem (default:
// `unknown column "name"`). `positions` has names.size() entries.
void MatchNamedHeader(
    Fields header, absl::Span<const absl::string_view> names,
    absl::Span<const size_t> required,
    absl::Span<std::optional<size_t>> positions, HeaderProblems& problems,
    std::string (*describe_unknown)(absl::string_view name) = nullptr);

// Describes the header of a curated, named-column file for errors: "the
// README's columns (<names>); required: <required>".
std::string NamedColumnsDescription(absl::Span<const absl::string_view> names,
                                    absl::string_view required);

// Returns INVALID_ARGUMENT (reason MALFORMED_HEADER) for a header record the
// reader could not split.
absl::Status MalformedHeaderError(const CsvRecord& record);

// Returns INVALID_ARGUMENT (reason HEADER_NOT_FOUND): "no <format> header row
// <where>: expected <expected>".
absl::Status HeaderNotFoundError(absl::string_view format_name,
                                 absl::string_view where,
                                 absl::string_view expected);

// Returns INVALID_ARGUMENT (reason MISSING_COLUMN) with one violation per
// column of `missing`: "the <format> header has no <column> column".
absl::Status MissingColumnsError(absl::string_view format_name,
                                 const std::vector<std::string>& missing);

// Returns the SourceRef naming the dataset an importer reads.
SourceRef DatasetSource(absl::string_view citation, absl::string_view url,
                        absl::string_view source_system,
                        absl::string_view locator);

// ---------------------------------------------------------------------------
// Numbers.

// Parses an integer ("12", "-9", at most 12 digits); with
// `allow_decimal_zero` also "12.0", "12.00" (spreadsheet output). nullopt
// for anything else.
std::optional<int64_t> ParseInteger(absl::string_view text,
                                    bool allow_decimal_zero);

// Parses a finite decimal number ("-45.8644", "1e-3") made only of digits,
// signs, '.' and exponents; nullopt otherwise (NaN and infinities too).
std::optional<double> ParsePlainDecimal(absl::string_view text);

// ---------------------------------------------------------------------------
// One row's items.

namespace internal {
template <typename T, typename = void>
struct HasColumn : std::false_type {};
template <typename T>
struct HasColumn<T, std::void_t<decltype(std::declval<T&>().column)>>
    : std::true_type {};
}  // namespace internal

// Collects the items of one physical row: values, rejections and filtered
// rows, each with the row's line (and, when ParsedRowT has one, the column
// of a wide row's cell). A row with any rejection yields its rejections
// only: bad rows never half-import.
template <typename ParsedRowT, typename FilteredT>
class RowCollector {
 public:
  RowCollector(int64_t line, size_t max_value_bytes)
      : line_(line), max_value_bytes_(max_value_bytes) {}

  // Adds a value (or any other item) of the row.
  template <typename T>
  void Add(T item, absl::string_view column = {}) {
    ParsedRowT row;
    row.line = line_;
    if constexpr (internal::HasColumn<ParsedRowT>::value) {
      row.column = std::string(column);
    }
    row.item = std::move(item);
    rows_.push_back(std::move(row));
  }

  // Rejects the row; always returns false, so that cell parsers can
  // `return sink.Reject(...)`.
  bool Reject(absl::string_view field, absl::string_view reason_code,
              std::string reason, absl::string_view value,
              absl::string_view column = {}) {
    rejected_ = true;
    Add(RowRejection{std::string(field), std::string(reason_code),
                     std::move(reason), TruncateUtf8(value, max_value_bytes_)},
        column);
    return false;
  }

  // Filters the row (or a cell); always returns false.
  bool Filter(absl::string_view field, absl::string_view reason_code,
              std::string reason, absl::string_view value,
              absl::string_view column = {}) {
    Add(FilteredT{std::string(field), std::string(reason_code),
                  std::move(reason), TruncateUtf8(value, max_value_bytes_)},
        column);
    return false;
  }

  // Returns true when `text` is not empty, else rejects the row
  // (MISSING_VALUE, "<field> is empty") and returns false.
  bool Require(absl::string_view field, absl::string_view text) {
    if (!text.empty()) return true;
    return Reject(field, "MISSING_VALUE", std::string(field) + " is empty", "");
  }

  // The row's items: rejections only when anything was rejected.
  std::vector<ParsedRowT> Take() && {
    if (!rejected_) return std::move(rows_);
    std::vector<ParsedRowT> rejections;
    for (ParsedRowT& row : rows_) {
      if (row.rejection() != nullptr) rejections.push_back(std::move(row));
    }
    return rejections;
  }

 private:
  const int64_t line_;
  const size_t max_value_bytes_;
  bool rejected_ = false;
  std::vector<ParsedRowT> rows_;
};

// The cells of one row of a strict, named-column file (the positions
// MatchNamedHeader found), with rejections that name the column. Derive a
// format's row reader from it and aggregate-initialise it:
//   RowReader reader{{fields, positions_, kColumnNames, sink}};
template <typename Sink>
struct NamedCells {
  Fields fields;
  absl::Span<const std::optional<size_t>> positions;
  absl::Span<const absl::string_view> names;
  Sink& sink;

  // Returns the stripped cell of `column` ("" when the file lacks it).
  absl::string_view Get(size_t column) const {
    return Cell(fields, positions[column]);
  }

  // Rejects the row at `column`; returns false.
  bool Reject(size_t column, absl::string_view code, std::string reason,
              absl::string_view value) const {
    sink.Reject(names[column], code, std::move(reason), value);
    return false;
  }

  // Returns true when `column` is not empty, else rejects the row
  // (MISSING_VALUE, "<column> is empty").
  bool Required(size_t column) const {
    if (!Get(column).empty()) return true;
    return Reject(column, "MISSING_VALUE",
                  std::string(names[column]) + " is empty", "");
  }

  // Parses an optional word cell into `out` by the words of its enum type
  // (ParseWord and WordList, found by argument-dependent lookup: those of
  // the domain enums generated from the contract, protos/domain_enums.cc);
  // rejects the row (INVALID_ENUM, "<column> is not one of <words>") when
  // it is none of them.
  template <typename E>
  bool Enum(size_t column, E& out) const {
    const absl::string_view text = StripCell(Get(column));
    if (text.empty()) return true;
    E parsed{};
    if (!ParseWord(text, &parsed)) {
      return Reject(column, "INVALID_ENUM",
                    std::string(names[column]) + " is not one of " +
                        std::string(WordList(parsed)),
                    text);
    }
    out = parsed;
    return true;
  }
};

// Returns true for an http(s) URL with a host and no white space (what the
// curated files may cite).
bool IsPlainUrl(absl::string_view url);

// The columns of one source in a curated file: its citation and URL and,
// where the format has them, its dataset version and locator.
template <typename Column>
struct SourceColumns {
  Column citation;
  Column url;
  std::optional<Column> dataset_version = std::nullopt;
  std::optional<Column> locator = std::nullopt;
};

// Appends to `out` one SourceRef (with `source_system`) for each entry of
// `columns` whose citation or URL is given; `get(column)` returns a cell.
// A URL that is not IsPlainUrl rejects the row instead, through
// `reject(column, "INVALID_URL", "<name> is not an http(s) URL", url)`,
// and the result is what `reject` returns (false).
template <typename Column, typename Get, typename Reject>
bool ReadSourceCells(absl::Span<const SourceColumns<Column>> columns,
                     absl::Span<const absl::string_view> names,
                     absl::string_view source_system, const Get& get,
                     const Reject& reject, std::vector<SourceRef>& out) {
  for (const SourceColumns<Column>& source_columns : columns) {
    const absl::string_view citation = get(source_columns.citation);
    const absl::string_view url = get(source_columns.url);
    if (!url.empty() && !IsPlainUrl(url)) {
      return reject(
          source_columns.url, "INVALID_URL",
          std::string(names[source_columns.url]) + " is not an http(s) URL",
          url);
    }
    if (citation.empty() && url.empty()) continue;
    SourceRef source;
    source.citation = std::string(citation);
    source.url = std::string(url);
    source.source_system = std::string(source_system);
    if (source_columns.dataset_version.has_value()) {
      source.dataset_version =
          std::string(get(*source_columns.dataset_version));
    }
    if (source_columns.locator.has_value()) {
      source.locator = std::string(get(*source_columns.locator));
    }
    out.push_back(std::move(source));
  }
  return true;
}

// ---------------------------------------------------------------------------
// The parser skeleton.

// How a format treats the records around its data.
struct TabularRules {
  // The first non-blank record must be the header: an unreadable one is
  // MALFORMED_HEADER, anything else that is not a header HEADER_NOT_FOUND.
  // Otherwise up to max_preamble_records records may precede it.
  bool header_first = false;
  int max_preamble_records = 50;
  // Every data row must have the header's width; otherwise trailing empty
  // fields beyond it (an extra delimiter at the end of lines) are ignored.
  bool strict_width = false;
  // When set (and not strict_width), a short row whose only cell is the
  // first and satisfies this is a note after the table: FOOTER, filtered.
  bool (*is_footer)(absl::string_view text) = nullptr;
};

// What a data record is before a format parses it.
struct RowTriage {
  enum class Kind { kNothing, kReject, kFooter, kParse };
  Kind kind = Kind::kNothing;
  // kReject: the reason; kFooter: value is the note.
  std::string reason_code;
  std::string reason;
  std::string value;
  // kParse: the fields, cut to the header's width.
  Fields fields;
};

// Classifies a record after the header: blank lines and all-empty rows are
// kNothing; unreadable records and rows of the wrong width kReject
// (the reader's reason, WRONG_COLUMN_COUNT); notes kFooter.
RowTriage TriageRow(const CsvRecord& record, size_t header_size,
                    const TabularRules& rules);

// The skeleton of a format's parser, implementing the header_found / Header
// / Row / Finish / layout part of `Interface` (the service's parser
// interface). Not thread-safe; one parser per file.
template <typename Interface, typename ParsedRowT, typename FilteredT>
class TabularParser : public Interface {
 public:
  using RowSink = RowCollector<ParsedRowT, FilteredT>;

  // `expected_header` describes the header for HEADER_NOT_FOUND unless the
  // format overrides ExpectedHeader().
  TabularParser(std::string format_name, size_t max_value_bytes,
                std::string expected_header = "")
      : format_name_(std::move(format_name)),
        expected_header_(std::move(expected_header)),
        max_value_bytes_(max_value_bytes) {}

  bool header_found() const override { return header_found_; }
  std::string layout() const override { return layout_; }

  absl::Status Header(const CsvRecord& record) override {
    if (header_found_) {
      return absl::FailedPreconditionError("the header was already found");
    }
    const TabularRules rules = Rules();
    if (record.kind == CsvRecord::Kind::kBlank) return absl::OkStatus();
    if (record.kind == CsvRecord::Kind::kError) {
      if (rules.header_first) return MalformedHeaderError(record);
      return CountPreamble(rules);
    }
    absl::StatusOr<bool> is_header = TryHeader(record.fields);
    if (!is_header.ok()) return is_header.status();
    if (*is_header) {
      header_found_ = true;
      header_size_ = record.fields.size();
      return absl::OkStatus();
    }
    OnPreamble(record.fields);
    return CountPreamble(rules);
  }

  std::vector<ParsedRowT> Row(const CsvRecord& record) override {
    RowSink sink(record.line, max_value_bytes_);
    if (!header_found_) {
      sink.Reject("", "HEADER_NOT_FOUND", "a row before the header row", "");
      return std::move(sink).Take();
    }
    RowTriage triage = TriageRow(record, header_size_, Rules());
    switch (triage.kind) {
      case RowTriage::Kind::kNothing:
        return {};
      case RowTriage::Kind::kReject:
        sink.Reject("", triage.reason_code, std::move(triage.reason),
                    triage.value);
        return std::move(sink).Take();
      case RowTriage::Kind::kFooter:
        sink.Filter("", "FOOTER", "a note after the table", triage.value);
        return std::move(sink).Take();
      case RowTriage::Kind::kParse:
        break;
    }
    ParseFields(triage.fields, sink);
    std::vector<ParsedRowT> rows = std::move(sink).Take();
    for (ParsedRowT& row : rows) Stamp(row, record.line);
    return rows;
  }

  absl::Status Finish() const override {
    if (header_found_) return absl::OkStatus();
    return HeaderNotFoundError(
        format_name_, "found before the end of the input", ExpectedHeader());
  }

 protected:
  // Examines a record that may be the header: true (after set_layout) when
  // it is, false for preamble, INVALID_ARGUMENT for an unusable header.
  virtual absl::StatusOr<bool> TryHeader(Fields fields) = 0;
  // Sees each preamble record (to pick up titles and dates).
  virtual void OnPreamble(Fields /*fields*/) {}
  // Parses one data row of the header's width into `sink`.
  virtual void ParseFields(Fields fields, RowSink& sink) const = 0;
  // Describes the header row expected, for errors.
  virtual std::string ExpectedHeader() const { return expected_header_; }
  // The format's rules for the records around the data.
  virtual TabularRules Rules() const = 0;
  // Completes an item of a parsed row (provenance: file, label, line).
  virtual void Stamp(ParsedRowT& /*row*/, int64_t /*line*/) const {}

  void set_layout(std::string layout) { layout_ = std::move(layout); }

 private:
  absl::Status CountPreamble(const TabularRules& rules) {
    if (rules.header_first ||
        ++preamble_records_ >= rules.max_preamble_records) {
      return HeaderNotFoundError(
          format_name_,
          rules.header_first
              ? std::string("in the first record")
              : "in the first " + std::to_string(rules.max_preamble_records) +
                    " records",
          ExpectedHeader());
    }
    return absl::OkStatus();
  }

  const std::string format_name_;
  const std::string expected_header_;
  const size_t max_value_bytes_;
  bool header_found_ = false;
  size_t header_size_ = 0;
  int preamble_records_ = 0;
  std::string layout_;
};

// Reads all of `text` (RFC 4180 CSV) through `parser` (a service parser:
// header_found / Header / Row / Finish / layout) into `file` (layout,
// data_rows: the records after the header, blank lines excepted, and rows).
// Returns the reader's or the parser's error status as it is.
template <typename Parser, typename File>
absl::Status ParseTextInto(Parser& parser, absl::string_view text, File& file) {
  absl::Status status =
      ReadCsv(text, CsvOptions(), [&](const CsvRecord& record) -> absl::Status {
        if (!parser.header_found()) return parser.Header(record);
        if (record.kind != CsvRecord::Kind::kBlank) ++file.data_rows;
        for (auto& row : parser.Row(record))
          file.rows.push_back(std::move(row));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  status = parser.Finish();
  if (!status.ok()) return status;
  file.layout = parser.layout();
  return absl::OkStatus();
}

// A whole file parsed in memory.
template <typename Row>
struct ParsedText {
  std::string layout;     // the parser's layout()
  int64_t data_rows = 0;  // records after the header, blank lines excepted
  std::vector<Row> rows;
};

// Parses all of `text` with a fresh `parser` (or returns the error that
// creating it gave): convenient for small embedded files and tests.
template <typename Row, typename Parser>
absl::StatusOr<ParsedText<Row>> ParseText(
    absl::StatusOr<std::unique_ptr<Parser>> parser, absl::string_view text) {
  if (!parser.ok()) return parser.status();
  ParsedText<Row> file;
  absl::Status status = ParseTextInto(**parser, text, file);
  if (!status.ok()) return status;
  return file;
}

}  // namespace dyadscope::csv

#endif  // DYADSCOPE_COMMON_CSV_TABULAR_H_
