#include "services/economics/domain/importers.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "services/economics/domain/country_names.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace {

using Fields = absl::Span<const absl::string_view>;

constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2100;

constexpr char kDotsCitation[] = "IMF Direction of Trade Statistics";
constexpr char kDotsUrl[] = "https://data.imf.org/";
constexpr char kWdiCitation[] = "World Bank World Development Indicators";
constexpr char kWdiUrlPrefix[] = "https://data.worldbank.org/indicator/";
constexpr char kComtradeCitation[] = "UN Comtrade";
constexpr char kComtradeUrl[] = "https://comtradeplus.un.org/";
constexpr char kSipriCitation[] = "SIPRI Arms Transfers Database";
constexpr char kSipriUrl[] = "https://www.sipri.org/databases/armstransfers";

// ---------------------------------------------------------------------------
// Text and numbers.

absl::string_view Strip(absl::string_view text) {
  return absl::StripAsciiWhitespace(text);
}

std::string Truncate(absl::string_view value) {
  if (value.size() <= kMaxRejectedValueBytes) return std::string(value);
  size_t end = kMaxRejectedValueBytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(value.substr(0, end));
}

// The letters and digits of a header name, lower-cased: "Trade Value (US$)"
// -> "tradevalueus", "reporterISO" -> "reporteriso".
std::string HeaderKey(absl::string_view name) {
  std::string key;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u)) key.push_back(absl::ascii_tolower(u));
  }
  return key;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A four-digit year in kMinYear..kMaxYear.
std::optional<int> ParseYearText(absl::string_view text) {
  text = Strip(text);
  if (text.size() != 4 || !AllDigits(text)) return std::nullopt;
  int year = 0;
  if (!absl::SimpleAtoi(text, &year) || year < kMinYear || year > kMaxYear) {
    return std::nullopt;
  }
  return year;
}

// The year of a year column: "1990", "YR1990" or "1990 [YR1990]".
std::optional<int> YearOfColumn(absl::string_view name) {
  name = Strip(name);
  if (name.size() == 6 && absl::StartsWithIgnoreCase(name, "YR")) {
    return ParseYearText(name.substr(2));
  }
  if (name.size() == 4) return ParseYearText(name);
  if (name.size() == 13 && absl::StartsWithIgnoreCase(name.substr(4), " [YR") &&
      name.back() == ']' && name.substr(0, 4) == name.substr(8, 4)) {
    return ParseYearText(name.substr(0, 4));
  }
  return std::nullopt;
}

// A period that is a month, quarter or half-year ("202001", "2020M01",
// "2020Q1", "2020-01", "2020-M01"): annual parsers filter these rather than
// reject them.
bool IsSubAnnualPeriod(absl::string_view text) {
  text = Strip(text);
  if (text.size() < 5 || !AllDigits(text.substr(0, 4))) return false;
  if (AllDigits(text)) return text.size() == 6;
  absl::string_view rest = text.substr(4);
  if (rest.front() == '-') rest.remove_prefix(1);
  if (!rest.empty()) {
    const char c = absl::ascii_toupper(static_cast<unsigned char>(rest[0]));
    if (c == 'M' || c == 'Q' || c == 'H' || c == 'S') rest.remove_prefix(1);
  }
  return !rest.empty() && rest.size() <= 2 && AllDigits(rest);
}

// A cell that holds no figure.
bool IsMissing(absl::string_view text) {
  text = Strip(text);
  return text.empty() || text == ".." || text == "...";
}

// Returns `text` as a plain decimal number without thousands separators
// ("-1234.5", "3e6"), or nullopt when it is not one. With
// `allow_thousands`, "1,234.5" is accepted when its commas separate groups
// of exactly three digits in the integer part.
std::optional<std::string> CleanDecimal(absl::string_view text,
                                        bool allow_thousands) {
  text = Strip(text);
  std::string out;
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    out.push_back(text[i++]);
  }
  size_t digits = 0;
  size_t group = 0;        // digits since the last comma
  bool grouped = false;    // a comma was seen
  size_t first_group = 0;  // digits before the first comma
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      out.push_back(c);
      ++digits;
      ++group;
    } else if (c == ',' && allow_thousands) {
      if (!grouped) {
        first_group = group;
        if (first_group == 0 || first_group > 3) return std::nullopt;
      } else if (group != 3) {
        return std::nullopt;
      }
      grouped = true;
      group = 0;
    } else {
      break;
    }
  }
  if (grouped && group != 3) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    out.push_back('.');
    for (++i; i < text.size() &&
              absl::ascii_isdigit(static_cast<unsigned char>(text[i]));
         ++i) {
      out.push_back(text[i]);
      ++digits;
    }
  }
  if (digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    out.push_back('e');
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      out.push_back(text[i++]);
    }
    size_t exponent_digits = 0;
    for (; i < text.size() &&
           absl::ascii_isdigit(static_cast<unsigned char>(text[i]));
         ++i) {
      out.push_back(text[i]);
      ++exponent_digits;
    }
    if (exponent_digits == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  return out;
}

// Parses a decimal number and multiplies it by 10^exp10 exactly in decimal
// before rounding once to double ("210.9" with 6 -> 210900000 exactly):
// the power of ten goes into the exponent of the text that is parsed.
// Returns nullopt for anything but a finite decimal number.
std::optional<double> ParseDecimal(absl::string_view text, int exp10,
                                   bool allow_thousands) {
  std::optional<std::string> clean = CleanDecimal(text, allow_thousands);
  if (!clean.has_value()) return std::nullopt;
  std::string scaled = *clean;
  if (exp10 != 0) {
    const size_t e = clean->find('e');
    int exponent = 0;
    if (e != std::string::npos) {
      // Guard against int overflow on absurd exponents; such values are
      // rejected below as infinite or flushed to zero by SimpleAtod.
      absl::string_view digits = absl::string_view(*clean).substr(e + 1);
      if (digits.size() > 6 || !absl::SimpleAtoi(digits, &exponent)) {
        return std::nullopt;
      }
      scaled = clean->substr(0, e);
    }
    absl::StrAppend(&scaled, "e", exponent + exp10);
  }
  double value = 0;
  if (!absl::SimpleAtod(scaled, &value) || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// The power of ten a scale or unit cell names: "Millions", "6", "US
// Dollars, Millions" -> 6; "Units", "0", "US Dollars" -> 0.
std::optional<int> ScaleFromText(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(Strip(text));
  if (AllDigits(lower) && lower.size() <= 2) {
    int exp10 = 0;
    if (absl::SimpleAtoi(lower, &exp10) && exp10 <= 12) return exp10;
  }
  if (absl::StrContains(lower, "billion")) return 9;
  if (absl::StrContains(lower, "million")) return 6;
  if (absl::StrContains(lower, "thousand")) return 3;
  if (lower == "units" || lower == "unit" ||
      absl::StrContains(lower, "dollar") || lower == "usd") {
    return 0;
  }
  return std::nullopt;
}

std::string UsdScaleLabel(int exp10) {
  switch (exp10) {
    case 0:
      return "US$";
    case 3:
      return "US$ thousands";
    case 6:
      return "US$ millions";
    case 9:
      return "US$ billions";
    default:
      return absl::StrCat("US$ x 1e", exp10);
  }
}

// ---------------------------------------------------------------------------
// Header columns.

// The header row of a source file: the names as written (stripped) and
// their HeaderKey()s.
class Columns {
 public:
  Columns() = default;
  explicit Columns(Fields header) {
    for (absl::string_view name : header) {
      names_.emplace_back(Strip(name));
      keys_.push_back(HeaderKey(name));
    }
  }

  // The first column whose key is one of `keys`, trying keys in order.
  std::optional<size_t> Find(
      std::initializer_list<absl::string_view> keys) const {
    for (absl::string_view key : keys) {
      for (size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == key) return i;
      }
    }
    return std::nullopt;
  }

  // The year columns, in file order.
  std::vector<std::pair<size_t, int>> YearColumns() const {
    std::vector<std::pair<size_t, int>> years;
    for (size_t i = 0; i < names_.size(); ++i) {
      if (std::optional<int> year = YearOfColumn(names_[i])) {
        years.emplace_back(i, *year);
      }
    }
    return years;
  }

  const std::string& name(size_t i) const { return names_[i]; }
  const std::string& key(size_t i) const { return keys_[i]; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
};

// The stripped cell of an optional column ("" when the column is absent).
absl::string_view Cell(Fields fields, std::optional<size_t> column) {
  if (!column.has_value() || *column >= fields.size()) return {};
  return Strip(fields[*column]);
}

// The name of an optional column for messages ("" when absent).
std::string ColumnName(const Columns& columns, std::optional<size_t> column) {
  return column.has_value() ? columns.name(*column) : std::string();
}

// A header problem found while recognising a layout.
absl::Status MissingColumnError(absl::string_view layout,
                                absl::string_view column,
                                absl::string_view expected) {
  return WithReason(
      InvalidField(column,
                   absl::StrCat(layout, " header has no ", column,
                                " column (expected one of ", expected, ")")),
      "MISSING_COLUMN");
}

// ---------------------------------------------------------------------------
// Collecting the items of one row.

class RowSink {
 public:
  explicit RowSink(int64_t line) : line_(line) {}

  void Add(Observation observation, absl::string_view column = {}) {
    Push(column, std::move(observation));
  }

  void Reject(absl::string_view field, absl::string_view reason_code,
              std::string reason, absl::string_view value,
              absl::string_view column = {}) {
    rejected_ = true;
    Push(column, RowRejection{std::string(field), std::string(reason_code),
                              std::move(reason), Truncate(value)});
  }

  void Filter(absl::string_view field, absl::string_view reason_code,
              std::string reason, absl::string_view value,
              absl::string_view column = {}) {
    Push(column, FilteredRow{std::string(field), std::string(reason_code),
                             std::move(reason), Truncate(value)});
  }

  void Empty(absl::string_view column = {}) { Push(column, EmptyCell{}); }

  // The row's items: rejections only when anything was rejected.
  std::vector<ParsedRow> Take() && {
    if (!rejected_) return std::move(rows_);
    std::vector<ParsedRow> rejections;
    for (ParsedRow& row : rows_) {
      if (row.rejection() != nullptr) rejections.push_back(std::move(row));
    }
    return rejections;
  }

 private:
  template <typename T>
  void Push(absl::string_view column, T item) {
    ParsedRow row;
    row.line = line_;
    row.column = std::string(column);
    row.item = std::move(item);
    rows_.push_back(std::move(row));
  }

  const int64_t line_;
  bool rejected_ = false;
  std::vector<ParsedRow> rows_;
};

// How a country cell (a code, a name, or both) resolved.
struct Country {
  enum class Kind { kCountry, kWorld, kAggregate, kNonState, kEmpty, kUnknown };
  Kind kind = Kind::kEmpty;
  std::string code;  // kCountry, kWorld
  std::string name;  // as written, for partner_name
};

Country ResolveCountry(absl::string_view code_text,
                       absl::string_view name_text) {
  Country country;
  std::string code = absl::AsciiStrToUpper(Strip(code_text));
  country.name = std::string(Strip(name_text));
  if (code.empty()) {
    // A "name" column may hold a code ("PAK" in an SDMX COUNTRY column).
    const std::string upper = absl::AsciiStrToUpper(country.name);
    if (IsKnownCountryCode(upper) || IsWorldCode(upper)) code = upper;
  }
  if (!code.empty()) {
    if (IsWorldCode(code)) {
      country.kind = Country::Kind::kWorld;
      country.code = kWorld;
      return country;
    }
    if (IsKnownCountryCode(code)) {
      country.kind = Country::Kind::kCountry;
      country.code = code;
      return country;
    }
    if (IsAggregateCode(code)) {
      country.kind = Country::Kind::kAggregate;
      return country;
    }
  }
  if (!country.name.empty()) {
    if (std::optional<CountryNameMatch> match =
            LookupCountryName(country.name)) {
      switch (match->kind) {
        case CountryNameKind::kCountry:
          country.kind = Country::Kind::kCountry;
          break;
        case CountryNameKind::kWorld:
          country.kind = Country::Kind::kWorld;
          break;
        case CountryNameKind::kAggregate:
          country.kind = Country::Kind::kAggregate;
          break;
        case CountryNameKind::kNonState:
          country.kind = Country::Kind::kNonState;
          break;
      }
      country.code = match->iso3;
      return country;
    }
  }
  country.kind = (code.empty() && country.name.empty())
                     ? Country::Kind::kEmpty
                     : Country::Kind::kUnknown;
  return country;
}

// Records why `country` cannot be a reporter or partner, and returns false;
// returns true when it can. The world is a valid partner, not reporter.
bool AcceptCountry(const Country& country, bool is_partner,
                   absl::string_view field, absl::string_view text,
                   RowSink& sink) {
  switch (country.kind) {
    case Country::Kind::kCountry:
      return true;
    case Country::Kind::kWorld:
      if (is_partner) return true;
      sink.Filter(field, "AGGREGATE", "the world is not a reporter", text);
      return false;
    case Country::Kind::kAggregate:
      sink.Filter(field, "AGGREGATE",
                  absl::StrCat("\"", text, "\" is a region or group"), text);
      return false;
    case Country::Kind::kNonState:
      sink.Filter(field, "NOT_A_COUNTRY",
                  absl::StrCat("\"", text, "\" is not a state"), text);
      return false;
    case Country::Kind::kEmpty:
      sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
      return false;
    case Country::Kind::kUnknown:
      sink.Reject(field, "UNKNOWN_COUNTRY",
                  absl::StrCat("\"", text, "\" is not a known country"), text);
      return false;
  }
  return false;
}

// The field and text that name a code/name pair in messages: the code when
// it is the only thing given, else the name (which decided when the code was
// not usable).
std::pair<std::string, std::string> CountryFieldAndText(
    const Columns& columns, std::optional<size_t> code_column,
    std::optional<size_t> name_column, Fields fields) {
  const absl::string_view code = Cell(fields, code_column);
  const absl::string_view name = Cell(fields, name_column);
  if (!name.empty()) {
    return {ColumnName(columns, name_column), std::string(name)};
  }
  return {ColumnName(columns, code_column ? code_column : name_column),
          std::string(code)};
}

// ---------------------------------------------------------------------------
// The parser skeleton shared by every format.

bool IsFooterText(absl::string_view text) {
  static constexpr absl::string_view kPrefixes[] = {
      "data from database",
      "last updated",
      "source",
      "note",
      "generated",
      "figures",
      "for more information",
      "a '0'",
      "footnote",
  };
  for (absl::string_view prefix : kPrefixes) {
    if (absl::StartsWithIgnoreCase(text, prefix)) return true;
  }
  return false;
}

class ParserBase : public ObservationFileParser {
 public:
  ParserBase(ObservationFileFormat format, ParserOptions options)
      : format_(format), options_(std::move(options)) {}

  ObservationFileFormat format() const override { return format_; }
  bool header_found() const override { return header_found_; }
  std::string layout() const override { return layout_; }

  absl::Status Header(const csv::CsvRecord& record) override {
    if (header_found_) {
      return absl::FailedPreconditionError("the header was already found");
    }
    if (record.kind == csv::CsvRecord::Kind::kBlank) return absl::OkStatus();
    if (record.kind == csv::CsvRecord::Kind::kError) {
      if (StrictHeader()) {
        return WithReason(absl::InvalidArgumentError(absl::StrCat(
                              "the header row (line ", record.line,
                              ") could not be read: ", record.error_message)),
                          "MALFORMED_HEADER");
      }
      return CountPreamble();
    }
    absl::StatusOr<bool> is_header = TryHeader(record.fields);
    if (!is_header.ok()) return is_header.status();
    if (*is_header) {
      header_found_ = true;
      header_size_ = record.fields.size();
      return absl::OkStatus();
    }
    OnPreamble(record.fields);
    return CountPreamble();
  }

  std::vector<ParsedRow> Row(const csv::CsvRecord& record) override {
    RowSink sink(record.line);
    if (!header_found_) {
      sink.Reject("", "HEADER_NOT_FOUND", "a row before the header row", "");
      return std::move(sink).Take();
    }
    switch (record.kind) {
      case csv::CsvRecord::Kind::kBlank:
        return {};
      case csv::CsvRecord::Kind::kError:
        sink.Reject("", csv::CsvErrorReasonCode(record.error),
                    record.error_message, "");
        return std::move(sink).Take();
      case csv::CsvRecord::Kind::kFields:
        break;
    }
    Fields fields = record.fields;
    size_t non_empty = 0;
    size_t last_non_empty = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!Strip(fields[i]).empty()) {
        ++non_empty;
        last_non_empty = i;
      }
    }
    if (non_empty == 0) return {};
    if (fields.size() != header_size_) {
      if (!StrictHeader() && non_empty == 1 && !Strip(fields[0]).empty() &&
          IsFooterText(Strip(fields[0]))) {
        sink.Filter("", "FOOTER", "a note after the table", Strip(fields[0]));
        return std::move(sink).Take();
      }
      // In source files, trailing empty fields beyond the header (an extra
      // delimiter at the end of a line) are harmless; anything else is a
      // broken row.
      if (StrictHeader() || fields.size() < header_size_ ||
          last_non_empty >= header_size_) {
        sink.Reject("", "WRONG_COLUMN_COUNT",
                    absl::StrCat("expected ", header_size_, " columns, found ",
                                 fields.size()),
                    absl::StrJoin(fields, ","));
        return std::move(sink).Take();
      }
      fields = fields.first(header_size_);
    }
    ParseFields(fields, sink);
    std::vector<ParsedRow> rows = std::move(sink).Take();
    for (ParsedRow& row : rows) {
      if (auto* observation = std::get_if<Observation>(&row.item)) {
        observation->provenance.source_line = record.line;
        observation->provenance.source_file = options_.file_name;
        observation->provenance.source_label = options_.source_label;
      }
    }
    return rows;
  }

  absl::Status Finish() const override {
    if (header_found_) return absl::OkStatus();
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat(
            "no ", ObservationFileFormatName(format_),
            " header row found before the end of the input: expected ",
            ExpectedHeader())),
        "HEADER_NOT_FOUND");
  }

 protected:
  // Examines a record that may be the header: true (after set_layout) when
  // it is, false for preamble, INVALID_ARGUMENT for an unusable header.
  virtual absl::StatusOr<bool> TryHeader(Fields fields) = 0;
  // Sees each preamble record (to pick up titles and dates).
  virtual void OnPreamble(Fields /*fields*/) {}
  // Parses one data row of the header's width.
  virtual void ParseFields(Fields fields, RowSink& sink) const = 0;
  // Describes the header row expected, for errors.
  virtual std::string ExpectedHeader() const = 0;
  // True when the first record must be the header (no preamble, no
  // footers).
  virtual bool StrictHeader() const { return false; }

  const ParserOptions& options() const { return options_; }
  void set_layout(std::string layout) { layout_ = std::move(layout); }

  // Returns false, after filtering the row, when options().country_codes
  // excludes `reporter`.
  bool Selected(absl::string_view reporter, absl::string_view field,
                RowSink& sink) const {
    if (IsSelected(reporter)) return true;
    sink.Filter(field, "COUNTRY_NOT_SELECTED",
                absl::StrCat("reporter ", reporter, " is not selected"),
                reporter);
    return false;
  }

  // Returns true when options().country_codes is empty or holds `reporter`.
  bool IsSelected(absl::string_view reporter) const {
    if (options_.country_codes.empty()) return true;
    for (const std::string& code : options_.country_codes) {
      if (code == reporter) return true;
    }
    return false;
  }

  // The sources of a source-format observation: the dataset, then
  // options().default_source when it says anything.
  std::vector<SourceRef> Sources(SourceRef dataset) const {
    std::vector<SourceRef> sources;
    sources.push_back(std::move(dataset));
    const SourceRef& extra = options_.default_source;
    if (!extra.citation.empty() || !extra.url.empty()) {
      sources.push_back(extra);
    }
    return sources;
  }

 private:
  absl::Status CountPreamble() {
    if (StrictHeader() || ++preamble_records_ >= kMaxPreambleRecords) {
      return WithReason(
          absl::InvalidArgumentError(absl::StrCat(
              "no ", ObservationFileFormatName(format_), " header row in the ",
              StrictHeader()
                  ? std::string("first record")
                  : absl::StrCat("first ", kMaxPreambleRecords, " records"),
              ": expected ", ExpectedHeader())),
          "HEADER_NOT_FOUND");
    }
    return absl::OkStatus();
  }

  const ObservationFileFormat format_;
  const ParserOptions options_;
  bool header_found_ = false;
  size_t header_size_ = 0;
  int preamble_records_ = 0;
  std::string layout_;
};

// A new observation with the fields every source format sets.
Observation NewObservation(absl::string_view source_system) {
  Observation observation;
  observation.year_basis = YearBasis::kCalendar;
  observation.qualifier = ValueQualifier::kExact;
  observation.reporting_side = ReportingSide::kReporter;
  observation.provenance.source_system = std::string(source_system);
  return observation;
}

SourceRef DatasetSource(absl::string_view citation, absl::string_view url,
                        absl::string_view source_system,
                        absl::string_view locator) {
  SourceRef source;
  source.citation = std::string(citation);
  source.url = std::string(url);
  source.source_system = std::string(source_system);
  source.locator = std::string(locator);
  return source;
}

// Parses a year cell into `year`, rejecting the row when it is no year.
bool ParseYearCell(absl::string_view field, absl::string_view text,
                   RowSink& sink, int& year) {
  if (text.empty()) {
    sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
    return false;
  }
  std::optional<int> parsed = ParseYearText(text);
  if (!parsed.has_value() && text.size() == 6 &&
      absl::StartsWithIgnoreCase(text, "YR")) {
    parsed = ParseYearText(text.substr(2));
  }
  if (!parsed.has_value()) {
    sink.Reject(
        field, "INVALID_YEAR",
        absl::StrCat(field, " is not a year in ", kMinYear, "..", kMaxYear),
        text);
    return false;
  }
  year = *parsed;
  return true;
}

// Parses a value cell (already known not to be missing), rejecting the row
// when it is no finite number or, with `non_negative`, below zero.
std::optional<double> ParseValueCell(absl::string_view field,
                                     absl::string_view text, int exp10,
                                     bool allow_thousands, bool non_negative,
                                     RowSink& sink,
                                     absl::string_view column = {}) {
  std::optional<double> value = ParseDecimal(text, exp10, allow_thousands);
  if (!value.has_value()) {
    sink.Reject(field, "INVALID_NUMBER",
                absl::StrCat(field, " is not a finite number"), text, column);
    return std::nullopt;
  }
  if (non_negative && *value < 0) {
    sink.Reject(field, "OUT_OF_RANGE", absl::StrCat(field, " is negative"),
                text, column);
    return std::nullopt;
  }
  return value;
}

// ---------------------------------------------------------------------------
// IMF DOTS.

struct DotsIndicator {
  Flow flow = Flow::kUnspecified;
  TradeValuation valuation = TradeValuation::kUnspecified;
  absl::string_view code;
  absl::string_view name;
};

constexpr DotsIndicator kExportsFob{Flow::kExports, TradeValuation::kFob,
                                    "exports_fob", "Exports, FOB"};
constexpr DotsIndicator kImportsCif{Flow::kImports, TradeValuation::kCif,
                                    "imports_cif", "Imports, CIF"};
constexpr DotsIndicator kImportsFob{Flow::kImports, TradeValuation::kFob,
                                    "imports_fob", "Imports, FOB"};

struct DotsIndicatorMatch {
  enum class Kind { kFlow, kBalance, kUnknown };
  Kind kind = Kind::kUnknown;
  DotsIndicator indicator;
};

// Classifies a DOTS/IMTS indicator code or name: TXG_FOB_USD, "Exports,
// FOB", "Goods, Value of Exports, Free on board (FOB), US Dollars",
// "Exports, FOB to Partner Countries", exports_fob ...
DotsIndicatorMatch ClassifyDotsIndicator(absl::string_view text) {
  using Kind = DotsIndicatorMatch::Kind;
  const std::string key = HeaderKey(text);
  if (key == "txgfobusd" || key == "xgfobusd") {
    return {Kind::kFlow, kExportsFob};
  }
  if (key == "tmgcifusd" || key == "mgcifusd") {
    return {Kind::kFlow, kImportsCif};
  }
  if (key == "tmgfobusd" || key == "mgfobusd") {
    return {Kind::kFlow, kImportsFob};
  }
  if (key == "tbgusd" || key == "bgusd" || absl::StrContains(key, "balance")) {
    return {Kind::kBalance, {}};
  }
  if (absl::StrContains(key, "reexport") ||
      absl::StrContains(key, "reimport")) {
    return {Kind::kUnknown, {}};
  }
  const bool fob =
      absl::StrContains(key, "fob") || absl::StrContains(key, "freeonboard");
  const bool cif =
      absl::StrContains(key, "cif") || absl::StrContains(key, "costinsurance");
  if (absl::StrContains(key, "export") && !cif) {
    return {Kind::kFlow, kExportsFob};
  }
  if (absl::StrContains(key, "import")) {
    // DOTS values imports CIF unless it says FOB.
    return {Kind::kFlow, fob && !cif ? kImportsFob : kImportsCif};
  }
  return {Kind::kUnknown, {}};
}

bool IsTruthy(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(Strip(text));
  return lower == "1" || lower == "true" || lower == "yes" || lower == "y";
}

class ImfDotsParser : public ParserBase {
 public:
  explicit ImfDotsParser(ParserOptions options)
      : ParserBase(ObservationFileFormat::kImfDots, std::move(options)) {}

 protected:
  std::string ExpectedHeader() const override {
    return "a long header (year, reporter_iso3 or Country Name, "
           "partner_iso3 or Counterpart Country Name, indicator, value), a "
           "wide header (Country Name, Indicator Name, Counterpart Country "
           "Name, 1960, 1961, ...), a sheet's year header after its title "
           "(\"Exports, FOB to Partner Countries\"), or year plus flow "
           "columns (pak_exports_to_chn_fob_pak_reported)";
  }

  void OnPreamble(Fields fields) override {
    std::vector<absl::string_view> parts;
    for (absl::string_view field : fields) {
      if (!Strip(field).empty()) parts.push_back(Strip(field));
    }
    if (parts.empty()) return;
    const std::string text = absl::StrJoin(parts, ", ");
    const DotsIndicatorMatch match = ClassifyDotsIndicator(text);
    if (!title_.has_value() && match.kind == DotsIndicatorMatch::Kind::kFlow) {
      title_ = match.indicator;
      title_text_ = text;
      return;
    }
    if (table_reporter_.empty()) {
      std::optional<CountryNameMatch> country = LookupCountryName(text);
      if (country.has_value() && country->kind == CountryNameKind::kCountry) {
        table_reporter_ = country->iso3;
        return;
      }
    }
    if (absl::StrContains(absl::AsciiStrToLower(text), "dollar")) {
      if (std::optional<int> exp10 = ScaleFromText(text)) table_exp10_ = *exp10;
    }
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    years_ = columns_.YearColumns();
    year_ = columns_.Find({"year", "timeperiod", "period", "time"});
    value_ =
        columns_.Find({"valueusdmillions", "valueusdmillion", "valuemillions",
                       "valueusdbillions", "valueusdthousands", "valueusd",
                       "value", "obsvalue"});
    reporter_code_ =
        columns_.Find({"reporteriso3", "reporteriso", "countryiso3",
                       "countryiso", "iso3", "countrycode", "reportercode"});
    reporter_name_ =
        columns_.Find({"reporter", "reportername", "countryname", "country"});
    partner_code_ =
        columns_.Find({"partneriso3", "partneriso", "counterpartcountryiso3",
                       "counterpartiso3", "counterpartcountrycode",
                       "partnercode", "counterpartcode"});
    partner_name_ =
        columns_.Find({"partner", "partnername", "counterpartcountryname",
                       "counterpartcountry", "counterpart"});
    indicator_code_ = columns_.Find({"indicatorcode"});
    indicator_name_ = columns_.Find(
        {"indicator", "indicatorname", "flow", "series", "seriesname"});
    scale_ = columns_.Find({"scale", "unitmult", "unitmultiplier", "unit"});
    flag_ = columns_.Find({"valueflag", "flag", "status", "obsstatus"});
    is_aggregate_ = columns_.Find({"isaggregate"});
    attribute_ = columns_.Find({"attribute"});
    frequency_ = columns_.Find({"frequency", "freq", "freqcode"});
    source_file_ = columns_.Find({"sourcefile"});
    source_sheet_ = columns_.Find({"sourcesheet"});

    if (!years_.empty() && !year_.has_value() && !value_.has_value()) {
      // A sheet's header has years and at most one label ("Partner") over
      // the partner names; the bulk CSV names its reporter, partner and
      // indicator columns.
      size_t labels = 0;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (!YearOfColumn(fields[i]).has_value() && !Strip(fields[i]).empty() &&
            columns_.key(i) != "total") {
          ++labels;
        }
      }
      if (labels > 1) {
        set_layout("IMF DOTS wide");
        dots_layout_ = Layout::kWide;
        return CheckNamedColumns("IMF DOTS wide");
      }
      set_layout("IMF DOTS table");
      dots_layout_ = Layout::kTable;
      return CheckTableContext();
    }
    if (year_.has_value() && value_.has_value()) {
      set_layout("IMF DOTS long");
      dots_layout_ = Layout::kLong;
      const std::string& value_key = columns_.key(*value_);
      if (absl::StrContains(value_key, "billion")) {
        value_exp10_ = 9;
      } else if (absl::StrContains(value_key, "million")) {
        value_exp10_ = 6;
      } else if (absl::StrContains(value_key, "thousand")) {
        value_exp10_ = 3;
      } else if (value_key == "valueusd") {
        value_exp10_ = 0;
      }
      return CheckNamedColumns("IMF DOTS long");
    }
    if (year_.has_value()) {
      flow_columns_.clear();
      for (size_t i = 0; i < columns_.size(); ++i) {
        if (std::optional<FlowColumn> column = ParseFlowColumn(i)) {
          flow_columns_.push_back(*std::move(column));
        }
      }
      if (!flow_columns_.empty()) {
        set_layout("IMF DOTS flow columns");
        dots_layout_ = Layout::kFlowColumns;
        return true;
      }
    }
    return false;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    switch (dots_layout_) {
      case Layout::kLong:
        ParseLong(fields, sink);
        return;
      case Layout::kWide:
        ParseWide(fields, sink);
        return;
      case Layout::kTable:
        ParseTable(fields, sink);
        return;
      case Layout::kFlowColumns:
        ParseFlowColumns(fields, sink);
        return;
    }
  }

 private:
  enum class Layout { kLong, kWide, kTable, kFlowColumns };

  // A column of the flow-columns layout.
  struct FlowColumn {
    size_t index = 0;
    std::string reporter;
    std::string partner;
    DotsIndicator indicator;
    ReportingSide side = ReportingSide::kReporter;
  };

  absl::StatusOr<bool> CheckNamedColumns(absl::string_view layout) const {
    if (!reporter_code_ && !reporter_name_) {
      return MissingColumnError(layout, "reporter",
                                "reporter_iso3, reporter, Country Code, "
                                "Country Name");
    }
    if (!partner_code_ && !partner_name_) {
      return MissingColumnError(layout, "partner",
                                "partner_iso3, partner, partner_name, "
                                "Counterpart Country Code, Counterpart "
                                "Country Name");
    }
    if (!indicator_code_ && !indicator_name_) {
      return MissingColumnError(layout, "indicator",
                                "indicator, flow, Indicator Code, Indicator "
                                "Name");
    }
    return true;
  }

  absl::StatusOr<bool> CheckTableContext() {
    if (!title_.has_value()) {
      return WithReason(
          absl::InvalidArgumentError(
              "IMF DOTS table: no title line naming the indicator (e.g. "
              "\"Exports, FOB to Partner Countries\") before the year "
              "header"),
          "MISSING_CONTEXT");
    }
    if (table_reporter_.empty()) {
      table_reporter_ =
          absl::AsciiStrToUpper(Strip(options().default_reporter_code));
    }
    if (table_reporter_.empty()) {
      return WithReason(
          absl::InvalidArgumentError(
              "IMF DOTS table: no line naming the reporting country before "
              "the year header, and no default reporter code"),
          "MISSING_CONTEXT");
    }
    return true;
  }

  // "pak_exports_to_chn_fob_pak_reported", "pak_exports_world_fob".
  std::optional<FlowColumn> ParseFlowColumn(size_t index) const {
    const std::string lower = absl::AsciiStrToLower(columns_.name(index));
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      const size_t end = lower.find('_', start);
      parts.push_back(lower.substr(start, end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    auto code = [](const std::string& part) -> std::optional<std::string> {
      const std::string upper = absl::AsciiStrToUpper(part);
      if (!LooksLikeIso3(upper) || !IsKnownCountryCode(upper)) {
        return std::nullopt;
      }
      return upper;
    };
    auto indicator =
        [](const std::string& flow,
           const std::string& valuation) -> std::optional<DotsIndicator> {
      if (flow == "exports" && valuation == "fob") return kExportsFob;
      if (flow == "imports" && valuation == "cif") return kImportsCif;
      if (flow == "imports" && valuation == "fob") return kImportsFob;
      return std::nullopt;
    };
    FlowColumn column;
    column.index = index;
    if (parts.size() == 4 && parts[2] == "world") {
      std::optional<std::string> reporter = code(parts[0]);
      std::optional<DotsIndicator> ind = indicator(parts[1], parts[3]);
      if (!reporter || !ind) return std::nullopt;
      column.reporter = *reporter;
      column.partner = kWorld;
      column.indicator = *ind;
      return column;
    }
    if (parts.size() == 7 && parts[6] == "reported" &&
        (parts[2] == "to" || parts[2] == "from")) {
      std::optional<std::string> reporter = code(parts[0]);
      std::optional<std::string> partner = code(parts[3]);
      std::optional<std::string> side = code(parts[5]);
      std::optional<DotsIndicator> ind = indicator(parts[1], parts[4]);
      if (!reporter || !partner || !side || !ind) return std::nullopt;
      if ((parts[1] == "exports") != (parts[2] == "to")) return std::nullopt;
      column.reporter = *reporter;
      column.partner = *partner;
      column.indicator = *ind;
      if (*side == *reporter) {
        column.side = ReportingSide::kReporter;
      } else if (*side == *partner) {
        column.side = ReportingSide::kPartner;
      } else {
        column.side = ReportingSide::kThirdParty;
      }
      return column;
    }
    return std::nullopt;
  }

  // Filters IMF status rows and non-annual rows; true when the row goes on.
  bool AnnualValueRow(Fields fields, RowSink& sink) const {
    const absl::string_view attribute = Cell(fields, attribute_);
    if (!attribute.empty() && HeaderKey(attribute) != "value") {
      sink.Filter(
          ColumnName(columns_, attribute_), "NOT_A_VALUE_ROW",
          absl::StrCat("attribute \"", attribute, "\" rows hold no values"),
          attribute);
      return false;
    }
    const absl::string_view frequency = Cell(fields, frequency_);
    if (!frequency.empty() && !absl::EqualsIgnoreCase(frequency, "A") &&
        !absl::EqualsIgnoreCase(frequency, "annual")) {
      sink.Filter(ColumnName(columns_, frequency_), "NOT_ANNUAL",
                  "only annual figures are imported", frequency);
      return false;
    }
    return true;
  }

  // Resolves the indicator of a long or wide row.
  std::optional<DotsIndicator> RowIndicator(Fields fields,
                                            RowSink& sink) const {
    absl::string_view text = Cell(fields, indicator_code_);
    std::optional<size_t> column = indicator_code_;
    if (text.empty()) {
      text = Cell(fields, indicator_name_);
      column = indicator_name_;
    }
    const std::string field = ColumnName(columns_, column);
    if (text.empty()) {
      sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
      return std::nullopt;
    }
    const DotsIndicatorMatch match = ClassifyDotsIndicator(text);
    switch (match.kind) {
      case DotsIndicatorMatch::Kind::kFlow:
        return match.indicator;
      case DotsIndicatorMatch::Kind::kBalance:
        sink.Filter(field, "NOT_A_FLOW", "a trade balance is not a flow", text);
        return std::nullopt;
      case DotsIndicatorMatch::Kind::kUnknown:
        break;
    }
    sink.Reject(field, "UNKNOWN_INDICATOR",
                absl::StrCat("\"", text,
                             "\" is not a DOTS exports or imports indicator"),
                text);
    return std::nullopt;
  }

  // Resolves reporter and partner of a long or wide row.
  bool RowCountries(Fields fields, RowSink& sink, Country& reporter,
                    Country& partner) const {
    reporter = ResolveCountry(Cell(fields, reporter_code_),
                              Cell(fields, reporter_name_));
    auto [reporter_field, reporter_text] =
        CountryFieldAndText(columns_, reporter_code_, reporter_name_, fields);
    if (!AcceptCountry(reporter, /*is_partner=*/false, reporter_field,
                       reporter_text, sink)) {
      return false;
    }
    if (!Selected(reporter.code, reporter_field, sink)) return false;
    auto [partner_field, partner_text] =
        CountryFieldAndText(columns_, partner_code_, partner_name_, fields);
    if (is_aggregate_.has_value() && IsTruthy(Cell(fields, is_aggregate_))) {
      sink.Filter(
          ColumnName(columns_, is_aggregate_), "AGGREGATE",
          absl::StrCat("the file marks \"", partner_text, "\" as an aggregate"),
          partner_text);
      return false;
    }
    partner = ResolveCountry(Cell(fields, partner_code_),
                             Cell(fields, partner_name_));
    return AcceptCountry(partner, /*is_partner=*/true, partner_field,
                         partner_text, sink);
  }

  // The power of ten of a row's values.
  std::optional<int> RowScale(Fields fields, RowSink& sink) const {
    if (value_exp10_.has_value()) return value_exp10_;
    const absl::string_view scale = Cell(fields, scale_);
    if (scale.empty()) return 6;  // DOTS publishes US$ millions
    std::optional<int> exp10 = ScaleFromText(scale);
    if (!exp10.has_value()) {
      sink.Reject(ColumnName(columns_, scale_), "INVALID_ENUM",
                  absl::StrCat("\"", scale, "\" is not a known scale"), scale);
    }
    return exp10;
  }

  Observation MakeObservation(const DotsIndicator& indicator,
                              const std::string& reporter,
                              const Country& partner, int year, double value,
                              int exp10, absl::string_view locator) const {
    Observation observation = NewObservation(kImfDotsSourceSystem);
    observation.indicator_code = std::string(indicator.code);
    observation.indicator_name = std::string(indicator.name);
    observation.reporter_code = reporter;
    observation.partner_code = partner.code;
    observation.partner_name =
        partner.kind == Country::Kind::kWorld && partner.name.empty()
            ? std::string("World")
            : partner.name;
    observation.flow = indicator.flow;
    observation.valuation = indicator.valuation;
    observation.year = year;
    observation.value = value;
    observation.unit = Unit::kUsdCurrent;
    observation.unit_label = UsdScaleLabel(exp10);
    observation.sources =
        Sources(DatasetSource(kDotsCitation, kDotsUrl, kImfDotsSourceSystem,
                              locator.empty() ? indicator.name : locator));
    return observation;
  }

  void ParseLong(Fields fields, RowSink& sink) const {
    const std::string year_field = columns_.name(*year_);
    const absl::string_view year_text = Cell(fields, year_);
    if (IsSubAnnualPeriod(year_text)) {
      sink.Filter(year_field, "NOT_ANNUAL", "only annual figures are imported",
                  year_text);
      return;
    }
    if (!AnnualValueRow(fields, sink)) return;
    int year = 0;
    if (!ParseYearCell(year_field, year_text, sink, year)) return;
    std::optional<DotsIndicator> indicator = RowIndicator(fields, sink);
    if (!indicator.has_value()) return;
    Country reporter;
    Country partner;
    if (!RowCountries(fields, sink, reporter, partner)) return;
    std::optional<int> exp10 = RowScale(fields, sink);
    if (!exp10.has_value()) return;
    const absl::string_view value_text = Cell(fields, value_);
    if (IsMissing(value_text)) {
      sink.Empty();
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), value_text, *exp10,
                       /*allow_thousands=*/true, /*non_negative=*/true, sink);
    if (!value.has_value()) return;
    std::string locator;
    const absl::string_view file = Cell(fields, source_file_);
    const absl::string_view sheet = Cell(fields, source_sheet_);
    if (!file.empty() && !sheet.empty()) {
      locator = absl::StrCat(file, ", sheet \"", sheet, "\"");
    } else {
      locator = std::string(file.empty() ? sheet : file);
    }
    Observation observation = MakeObservation(
        *indicator, reporter.code, partner, year, *value, *exp10, locator);
    observation.source_flag = std::string(Cell(fields, flag_));
    sink.Add(std::move(observation));
  }

  void ParseWide(Fields fields, RowSink& sink) const {
    if (!AnnualValueRow(fields, sink)) return;
    std::optional<DotsIndicator> indicator = RowIndicator(fields, sink);
    if (!indicator.has_value()) return;
    Country reporter;
    Country partner;
    if (!RowCountries(fields, sink, reporter, partner)) return;
    std::optional<int> exp10 = RowScale(fields, sink);
    if (!exp10.has_value()) return;
    std::string locator(indicator->name);
    if (!Cell(fields, indicator_code_).empty()) {
      absl::StrAppend(&locator, " (", Cell(fields, indicator_code_), ")");
    }
    for (const auto& [index, year] : years_) {
      const std::string& column = columns_.name(index);
      const absl::string_view text = Strip(fields[index]);
      if (IsMissing(text)) {
        sink.Empty(column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, *exp10, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      sink.Add(MakeObservation(*indicator, reporter.code, partner, year, *value,
                               *exp10, locator),
               column);
    }
  }

  void ParseTable(Fields fields, RowSink& sink) const {
    // The partner is the first non-empty cell outside the year (and total)
    // columns.
    std::optional<size_t> name_column;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!YearOfColumn(columns_.name(i)).has_value() &&
          columns_.key(i) != "total" && !Strip(fields[i]).empty()) {
        name_column = i;
        break;
      }
    }
    const absl::string_view name = Cell(fields, name_column);
    const std::string field =
        name_column.has_value() && !columns_.name(*name_column).empty()
            ? columns_.name(*name_column)
            : std::string("partner");
    if (!Selected(table_reporter_, "reporter", sink)) return;
    Country partner = ResolveCountry("", name);
    if (!AcceptCountry(partner, /*is_partner=*/true, field, name, sink)) {
      return;
    }
    for (const auto& [index, year] : years_) {
      const std::string& column = columns_.name(index);
      const absl::string_view text = Strip(fields[index]);
      if (IsMissing(text)) {
        sink.Empty(column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, table_exp10_, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      sink.Add(MakeObservation(*title_, table_reporter_, partner, year, *value,
                               table_exp10_, title_text_),
               column);
    }
  }

  void ParseFlowColumns(Fields fields, RowSink& sink) const {
    const std::string year_field = columns_.name(*year_);
    int year = 0;
    if (!ParseYearCell(year_field, Cell(fields, year_), sink, year)) return;
    for (const FlowColumn& flow_column : flow_columns_) {
      const std::string& column = columns_.name(flow_column.index);
      const absl::string_view text = Strip(fields[flow_column.index]);
      if (IsMissing(text)) {
        sink.Empty(column);
        continue;
      }
      if (!IsSelected(flow_column.reporter)) {
        sink.Filter(
            column, "COUNTRY_NOT_SELECTED",
            absl::StrCat("reporter ", flow_column.reporter, " is not selected"),
            flow_column.reporter, column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, 6, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      Country partner;
      partner.kind = flow_column.partner == kWorld ? Country::Kind::kWorld
                                                   : Country::Kind::kCountry;
      partner.code = flow_column.partner;
      Observation observation =
          MakeObservation(flow_column.indicator, flow_column.reporter, partner,
                          year, *value, 6, column);
      observation.reporting_side = flow_column.side;
      sink.Add(std::move(observation), column);
    }
  }

  Columns columns_;
  Layout dots_layout_ = Layout::kLong;
  std::vector<std::pair<size_t, int>> years_;
  std::optional<size_t> year_, value_, reporter_code_, reporter_name_,
      partner_code_, partner_name_, indicator_code_, indicator_name_, scale_,
      flag_, is_aggregate_, attribute_, frequency_, source_file_, source_sheet_;
  std::optional<int> value_exp10_;  // from the value column's name
  std::vector<FlowColumn> flow_columns_;
  // From the preamble of a portal sheet.
  std::optional<DotsIndicator> title_;
  std::string title_text_;
  std::string table_reporter_;
  int table_exp10_ = 6;
};

// ---------------------------------------------------------------------------
// World Bank WDI.

std::vector<absl::string_view> CodeSegments(absl::string_view code) {
  std::vector<absl::string_view> segments;
  size_t start = 0;
  while (true) {
    const size_t end = code.find('.', start);
    segments.push_back(code.substr(start, end - start));
    if (end == absl::string_view::npos) break;
    start = end + 1;
  }
  return segments;
}

// The base year of "(constant 2015 US$)".
std::optional<int> ConstantBaseYear(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  const size_t at = lower.find("constant ");
  if (at == std::string::npos) return std::nullopt;
  return ParseYearText(absl::string_view(lower).substr(at + 9, 4));
}

// The WDI reporter: a country code (aggregates filtered). Returns false
// after recording why the row is not imported.
bool WdiReporter(absl::string_view field, absl::string_view text, RowSink& sink,
                 std::string& code) {
  code = absl::AsciiStrToUpper(text);
  if (code.empty()) {
    sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
    return false;
  }
  if (IsAggregateCode(code)) {
    sink.Filter(field, "AGGREGATE",
                absl::StrCat(code, " is a World Bank aggregate"), text);
    return false;
  }
  if (IsKnownCountryCode(code)) return true;
  // Some long files name the country instead ("Pakistan").
  std::optional<CountryNameMatch> match = LookupCountryName(text);
  if (match.has_value() && match->kind == CountryNameKind::kCountry) {
    code = match->iso3;
    return true;
  }
  if (match.has_value()) {
    sink.Filter(field, "AGGREGATE",
                absl::StrCat("\"", text, "\" is a region or group"), text);
    return false;
  }
  sink.Reject(field, "UNKNOWN_COUNTRY",
              absl::StrCat("\"", text, "\" is not a known country code"), text);
  return false;
}

Observation WdiObservation(absl::string_view code, absl::string_view name,
                           const std::string& reporter, int year, double value,
                           std::vector<SourceRef> sources) {
  const WdiIndicatorInfo info = ClassifyWdiIndicator(code, name);
  Observation observation = NewObservation(kWdiSourceSystem);
  observation.indicator_code = std::string(code);
  observation.indicator_name = std::string(name);
  observation.reporter_code = reporter;
  observation.partner_code = info.partner_code;
  if (info.partner_code == kWorld) observation.partner_name = "World";
  observation.flow = info.flow;
  observation.year = year;
  observation.value = value;
  observation.unit = info.unit;
  observation.unit_label = info.unit_label;
  observation.base_year = info.base_year;
  observation.sources = std::move(sources);
  return observation;
}

class WdiWideParser : public ParserBase {
 public:
  explicit WdiWideParser(ParserOptions options)
      : ParserBase(ObservationFileFormat::kWdiWide, std::move(options)) {}

 protected:
  std::string ExpectedHeader() const override {
    return "\"Country Name\", \"Country Code\", \"Indicator Name\", "
           "\"Indicator Code\" (or Series Name/Code) and year columns "
           "(\"1960\", \"1960 [YR1960]\", ...)";
  }

  void OnPreamble(Fields fields) override {
    if (fields.size() >= 2 && HeaderKey(fields[0]) == "lastupdateddate") {
      last_updated_ = std::string(Strip(fields[1]));
    }
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    years_ = columns_.YearColumns();
    country_code_ = columns_.Find({"countrycode", "countryiso3", "iso3"});
    indicator_code_ = columns_.Find({"indicatorcode", "seriescode"});
    indicator_name_ = columns_.Find({"indicatorname", "seriesname"});
    if (years_.empty() || (!country_code_ && !indicator_code_)) return false;
    if (!country_code_) {
      return MissingColumnError("WDI wide", "Country Code",
                                "Country Code, country_iso3");
    }
    if (!indicator_code_) {
      return MissingColumnError("WDI wide", "Indicator Code",
                                "Indicator Code, Series Code");
    }
    set_layout("WDI wide");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    const std::string country_field = columns_.name(*country_code_);
    std::string reporter;
    if (!WdiReporter(country_field, Cell(fields, country_code_), sink,
                     reporter)) {
      return;
    }
    if (!Selected(reporter, country_field, sink)) return;
    const std::string indicator_field = columns_.name(*indicator_code_);
    const absl::string_view code = Cell(fields, indicator_code_);
    if (code.empty()) {
      sink.Reject(indicator_field, "MISSING_VALUE",
                  absl::StrCat(indicator_field, " is empty"), "");
      return;
    }
    const absl::string_view name = Cell(fields, indicator_name_);
    SourceRef source =
        DatasetSource(kWdiCitation, absl::StrCat(kWdiUrlPrefix, code),
                      kWdiSourceSystem, code);
    if (!last_updated_.empty()) {
      source.dataset_version = absl::StrCat("Last Updated ", last_updated_);
    }
    const std::vector<SourceRef> sources = Sources(std::move(source));
    for (const auto& [index, year] : years_) {
      const std::string& column = columns_.name(index);
      const absl::string_view text = Strip(fields[index]);
      if (IsMissing(text)) {
        sink.Empty(column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, 0, /*allow_thousands=*/false,
                         /*non_negative=*/false, sink, column);
      if (!value.has_value()) continue;
      Observation observation =
          WdiObservation(code, name, reporter, year, *value, sources);
      sink.Add(std::move(observation), column);
    }
  }

 private:
  Columns columns_;
  std::vector<std::pair<size_t, int>> years_;
  std::optional<size_t> country_code_, indicator_code_, indicator_name_;
  std::string last_updated_;
};

class WdiLongParser : public ParserBase {
 public:
  explicit WdiLongParser(ParserOptions options)
      : ParserBase(ObservationFileFormat::kWdiLong, std::move(options)) {}

 protected:
  std::string ExpectedHeader() const override {
    return "country_iso3 (or country_code, economy), indicator_code (or "
           "series_code), year, value";
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    country_ = columns_.Find(
        {"countryiso3", "countrycode", "iso3", "iso3c", "economy", "country"});
    indicator_code_ =
        columns_.Find({"indicatorcode", "seriescode", "indicator", "series"});
    indicator_name_ = columns_.Find({"indicatorname", "seriesname"});
    year_ = columns_.Find({"year", "time", "timeperiod"});
    value_ = columns_.Find({"value"});
    source_url_ = columns_.Find({"sourceurl", "url"});
    source_repo_ = columns_.Find({"sourcerepo"});
    source_path_ = columns_.Find({"sourcepath"});
    source_locator_ = columns_.Find({"sourcelocator"});
    source_commit_ = columns_.Find({"sourcecommit"});
    source_version_ = columns_.Find({"sourcedatasetversion"});
    if (!year_ || !value_) return false;
    if (!country_) {
      return MissingColumnError("WDI long", "country_iso3",
                                "country_iso3, country_code, iso3, economy");
    }
    if (!indicator_code_) {
      return MissingColumnError("WDI long", "indicator_code",
                                "indicator_code, series_code");
    }
    set_layout("WDI long");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    const std::string country_field = columns_.name(*country_);
    std::string reporter;
    if (!WdiReporter(country_field, Cell(fields, country_), sink, reporter)) {
      return;
    }
    if (!Selected(reporter, country_field, sink)) return;
    const std::string indicator_field = columns_.name(*indicator_code_);
    const absl::string_view code = Cell(fields, indicator_code_);
    if (code.empty()) {
      sink.Reject(indicator_field, "MISSING_VALUE",
                  absl::StrCat(indicator_field, " is empty"), "");
      return;
    }
    int year = 0;
    if (!ParseYearCell(columns_.name(*year_), Cell(fields, year_), sink,
                       year)) {
      return;
    }
    const absl::string_view value_text = Cell(fields, value_);
    if (IsMissing(value_text)) {
      sink.Empty();
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), value_text, 0,
                       /*allow_thousands=*/false, /*non_negative=*/false, sink);
    if (!value.has_value()) return;

    SourceRef source =
        DatasetSource(kWdiCitation, absl::StrCat(kWdiUrlPrefix, code),
                      kWdiSourceSystem, code);
    if (!Cell(fields, source_url_).empty()) {
      source.url = std::string(Cell(fields, source_url_));
    }
    std::vector<absl::string_view> locator;
    for (auto column : {source_repo_, source_path_, source_locator_}) {
      if (!Cell(fields, column).empty())
        locator.push_back(Cell(fields, column));
    }
    if (!locator.empty()) source.locator = absl::StrJoin(locator, "/");
    const absl::string_view version = !Cell(fields, source_version_).empty()
                                          ? Cell(fields, source_version_)
                                          : Cell(fields, source_commit_);
    source.dataset_version = std::string(version);
    Observation observation =
        WdiObservation(code, Cell(fields, indicator_name_), reporter, year,
                       *value, Sources(std::move(source)));
    sink.Add(std::move(observation));
  }

 private:
  Columns columns_;
  std::optional<size_t> country_, indicator_code_, indicator_name_, year_,
      value_, source_url_, source_repo_, source_path_, source_locator_,
      source_commit_, source_version_;
};

// ---------------------------------------------------------------------------
// UN Comtrade.

class ComtradeParser : public ParserBase {
 public:
  explicit ComtradeParser(ParserOptions options)
      : ParserBase(ObservationFileFormat::kComtrade, std::move(options)) {}

 protected:
  std::string ExpectedHeader() const override {
    return "refYear (or Year, period), reporterISO (or Reporter ISO), "
           "partnerISO (or Partner ISO), flowCode (or Trade Flow), "
           "primaryValue (or Trade Value (US$)), cmdCode (or Commodity "
           "Code)";
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    year_ = columns_.Find({"refyear", "year"});
    period_ = columns_.Find({"period"});
    frequency_ = columns_.Find({"freqcode", "frequency", "freq"});
    reporter_code_ =
        columns_.Find({"reporteriso", "reporteriso3", "reportercodeiso"});
    reporter_name_ = columns_.Find({"reporterdesc", "reporter"});
    partner_code_ =
        columns_.Find({"partneriso", "partneriso3", "partnercodeiso"});
    partner_name_ = columns_.Find({"partnerdesc", "partner"});
    partner2_ = columns_.Find({"partner2iso", "2ndpartneriso"});
    flow_ = columns_.Find({"flowcode", "tradeflow", "flowdesc", "flow"});
    flow_number_ = columns_.Find({"tradeflowcode"});
    commodity_ = columns_.Find({"cmdcode", "commoditycode"});
    commodity_name_ = columns_.Find({"cmddesc", "commodity"});
    aggregate_level_ = columns_.Find({"aggrlevel", "aggregatelevel"});
    classification_ = columns_.Find({"classificationcode", "classification"});
    customs_ = columns_.Find({"customscode", "customsproccode"});
    transport_ = columns_.Find({"motcode", "modeoftransportcode"});
    value_ = columns_.Find(
        {"primaryvalue", "tradevalueus", "tradevalueusd", "tradevalue"});
    flag_ = columns_.Find({"flag"});
    const bool has_year = year_ || period_;
    const bool has_reporter = reporter_code_ || reporter_name_;
    const bool has_partner = partner_code_ || partner_name_;
    const bool has_flow = flow_ || flow_number_;
    const int present = int{has_year} + int{has_reporter} + int{has_partner} +
                        int{has_flow} + int{value_.has_value()};
    if (present < 3) return false;
    if (!has_year) {
      return MissingColumnError("UN Comtrade", "refYear",
                                "refYear, Year, period");
    }
    if (!has_reporter) {
      return MissingColumnError("UN Comtrade", "reporterISO",
                                "reporterISO, Reporter ISO, reporterDesc");
    }
    if (!has_partner) {
      return MissingColumnError("UN Comtrade", "partnerISO",
                                "partnerISO, Partner ISO, partnerDesc");
    }
    if (!has_flow) {
      return MissingColumnError("UN Comtrade", "flowCode",
                                "flowCode, Trade Flow, Trade Flow Code");
    }
    if (!value_) {
      return MissingColumnError("UN Comtrade", "primaryValue",
                                "primaryValue, Trade Value (US$)");
    }
    set_layout(columns_.Find({"refyear", "primaryvalue", "flowcode"})
                   ? "UN Comtrade"
                   : "UN Comtrade legacy");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    // Annual rows only.
    const absl::string_view frequency = Cell(fields, frequency_);
    if (!frequency.empty() && !absl::EqualsIgnoreCase(frequency, "A")) {
      sink.Filter(ColumnName(columns_, frequency_), "NOT_ANNUAL",
                  "only annual figures are imported", frequency);
      return;
    }
    const absl::string_view period = Cell(fields, period_);
    if (IsSubAnnualPeriod(period)) {
      sink.Filter(ColumnName(columns_, period_), "NOT_ANNUAL",
                  "only annual figures are imported", period);
      return;
    }
    // Sub-totals by second partner, customs procedure or transport mode.
    const absl::string_view partner2 = Cell(fields, partner2_);
    if (!partner2.empty() && !IsWorldCode(absl::AsciiStrToUpper(partner2)) &&
        partner2 != "0") {
      sink.Filter(ColumnName(columns_, partner2_), "BREAKDOWN",
                  "a breakdown by second partner", partner2);
      return;
    }
    const absl::string_view customs = Cell(fields, customs_);
    if (!customs.empty() && !absl::EqualsIgnoreCase(customs, "C00")) {
      sink.Filter(ColumnName(columns_, customs_), "BREAKDOWN",
                  "a breakdown by customs procedure", customs);
      return;
    }
    const absl::string_view transport = Cell(fields, transport_);
    if (!transport.empty() && transport != "0") {
      sink.Filter(ColumnName(columns_, transport_), "BREAKDOWN",
                  "a breakdown by mode of transport", transport);
      return;
    }

    int year = 0;
    const std::optional<size_t> year_column = year_ ? year_ : period_;
    if (!ParseYearCell(columns_.name(*year_column), Cell(fields, year_column),
                       sink, year)) {
      return;
    }

    std::optional<Flow> flow = RowFlow(fields, sink);
    if (!flow.has_value()) return;

    Country reporter = ResolveCountry(Cell(fields, reporter_code_),
                                      Cell(fields, reporter_name_));
    auto [reporter_field, reporter_text] =
        CountryFieldAndText(columns_, reporter_code_, reporter_name_, fields);
    if (!AcceptCountry(reporter, /*is_partner=*/false, reporter_field,
                       reporter_text, sink) ||
        !Selected(reporter.code, reporter_field, sink)) {
      return;
    }
    Country partner = ResolveCountry(Cell(fields, partner_code_),
                                     Cell(fields, partner_name_));
    auto [partner_field, partner_text] =
        CountryFieldAndText(columns_, partner_code_, partner_name_, fields);
    if (!AcceptCountry(partner, /*is_partner=*/true, partner_field,
                       partner_text, sink)) {
      return;
    }

    const absl::string_view commodity = Cell(fields, commodity_);
    const absl::string_view level = Cell(fields, aggregate_level_);
    const bool total = commodity.empty()
                           ? (level.empty() || level == "0")
                           : absl::EqualsIgnoreCase(commodity, "TOTAL");

    const absl::string_view value_text = Cell(fields, value_);
    if (IsMissing(value_text)) {
      sink.Empty();
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), value_text, 0,
                       /*allow_thousands=*/false, /*non_negative=*/true, sink);
    if (!value.has_value()) return;

    const bool exports = *flow == Flow::kExports;
    Observation observation = NewObservation(kComtradeSourceSystem);
    if (total) {
      observation.indicator_code = exports ? "exports_fob" : "imports_cif";
      observation.indicator_name = exports ? "Exports, FOB (all commodities)"
                                           : "Imports, CIF (all commodities)";
    } else {
      observation.indicator_code = absl::StrCat("comtrade_", commodity);
      const absl::string_view name = Cell(fields, commodity_name_);
      observation.indicator_name = name.empty()
                                       ? absl::StrCat("Commodity ", commodity)
                                       : std::string(name);
    }
    observation.reporter_code = reporter.code;
    observation.partner_code = partner.code;
    observation.partner_name =
        partner.name.empty() && partner.kind == Country::Kind::kWorld
            ? std::string("World")
            : partner.name;
    observation.flow = *flow;
    observation.valuation =
        exports ? TradeValuation::kFob : TradeValuation::kCif;
    observation.year = year;
    observation.value = *value;
    observation.unit = Unit::kUsdCurrent;
    observation.unit_label = "US$";
    observation.source_flag = std::string(Cell(fields, flag_));
    const absl::string_view classification = Cell(fields, classification_);
    std::string locator = total ? std::string("TOTAL") : std::string(commodity);
    if (!classification.empty()) {
      locator = absl::StrCat(classification, " ", locator);
    }
    observation.sources = Sources(DatasetSource(
        kComtradeCitation, kComtradeUrl, kComtradeSourceSystem, locator));
    sink.Add(std::move(observation));
  }

 private:
  // Exports or imports; other flows are filtered, unknown words rejected.
  std::optional<Flow> RowFlow(Fields fields, RowSink& sink) const {
    std::optional<size_t> column = flow_;
    std::string word = absl::AsciiStrToLower(Cell(fields, flow_));
    if (word.empty() && flow_number_.has_value()) {
      column = flow_number_;
      const absl::string_view number = Cell(fields, flow_number_);
      word = number == "1"   ? "m"
             : number == "2" ? "x"
             : number == "3" ? "rx"
             : number == "4" ? "rm"
                             : std::string(number);
    }
    const std::string field = ColumnName(columns_, column);
    if (word.empty()) {
      sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
      return std::nullopt;
    }
    if (word == "x" || word == "export" || word == "exports") {
      return Flow::kExports;
    }
    if (word == "m" || word == "import" || word == "imports") {
      return Flow::kImports;
    }
    if (word == "rx" || word == "rm" || word == "re-export" ||
        word == "re-import" || word == "re-exports" || word == "re-imports" ||
        word == "dx" || word == "fm" || word == "xip" || word == "xop" ||
        word == "mip" || word == "mop" || word == "domestic export" ||
        word == "foreign import") {
      sink.Filter(field, "NOT_A_FLOW", "only exports and imports are imported",
                  Cell(fields, column));
      return std::nullopt;
    }
    sink.Reject(field, "INVALID_ENUM",
                absl::StrCat("\"", Cell(fields, column),
                             "\" is not a Comtrade trade flow"),
                Cell(fields, column));
    return std::nullopt;
  }

  Columns columns_;
  std::optional<size_t> year_, period_, frequency_, reporter_code_,
      reporter_name_, partner_code_, partner_name_, partner2_, flow_,
      flow_number_, commodity_, commodity_name_, aggregate_level_,
      classification_, customs_, transport_, value_, flag_;
};

// ---------------------------------------------------------------------------
// SIPRI.

class SipriParser : public ParserBase {
 public:
  explicit SipriParser(ParserOptions options)
      : ParserBase(ObservationFileFormat::kSipri, std::move(options)) {}

 protected:
  std::string ExpectedHeader() const override {
    return "supplier, recipient, year, tiv_million (supplier rows), or a "
           "TIV table (title \"TIV of arms imports to <country>, ...\", then "
           "a header of year columns)";
  }

  void OnPreamble(Fields fields) override {
    std::vector<absl::string_view> parts;
    for (absl::string_view field : fields) {
      if (!Strip(field).empty()) parts.push_back(Strip(field));
    }
    if (parts.empty()) return;
    const std::string text = absl::StrJoin(parts, ", ");
    const std::string lower = absl::AsciiStrToLower(text);
    if (absl::StartsWith(lower, "generated:")) {
      generated_ = std::string(Strip(absl::string_view(text).substr(10)));
      return;
    }
    for (const auto& [marker, rows_are_suppliers] :
         {std::pair<absl::string_view, bool>{"arms imports to ", true},
          std::pair<absl::string_view, bool>{"arms exports from ", false}}) {
      const size_t at = absl::string_view(lower).find(marker);
      if (at == std::string::npos || !title_.empty()) continue;
      // "TIV of arms imports to Pakistan, 1950-2021": the country runs to
      // the comma before the years.
      absl::string_view country =
          absl::string_view(text).substr(at + marker.size());
      const size_t comma = country.rfind(',');
      if (comma != absl::string_view::npos) country = country.substr(0, comma);
      title_ = text;
      title_country_name_ = std::string(Strip(country));
      rows_are_suppliers_ = rows_are_suppliers;
    }
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    supplier_ = columns_.Find({"supplier", "seller", "exporter", "suppliers"});
    recipient_ =
        columns_.Find({"recipient", "buyer", "importer", "recipients"});
    year_ = columns_.Find({"year", "deliveryyear", "yearofdelivery"});
    value_ = columns_.Find(
        {"tivmillion", "tivmillions", "tiv", "value", "tivdeliveryvalues"});
    table_file_ = columns_.Find({"sipritablefile", "sourcefile"});
    if (year_ && (supplier_ || recipient_ || value_)) {
      if (!supplier_) {
        return MissingColumnError("SIPRI", "supplier",
                                  "supplier, seller, exporter");
      }
      if (!recipient_) {
        return MissingColumnError("SIPRI", "recipient",
                                  "recipient, buyer, importer");
      }
      if (!value_) {
        return MissingColumnError("SIPRI", "tiv_million",
                                  "tiv_million, tiv, value");
      }
      set_layout("SIPRI supplier rows");
      table_ = false;
      return true;
    }
    years_ = columns_.YearColumns();
    if (years_.empty() || YearOfColumn(fields[0]).has_value()) return false;
    for (size_t i = 1; i < fields.size(); ++i) {
      if (!YearOfColumn(fields[i]).has_value() && !Strip(fields[i]).empty() &&
          columns_.key(i) != "total") {
        return false;
      }
    }
    // The table's own country: from the title, else the default reporter.
    if (!title_.empty()) {
      Country country = ResolveCountry("", title_country_name_);
      if (country.kind != Country::Kind::kCountry) {
        return WithReason(absl::InvalidArgumentError(absl::StrCat(
                              "SIPRI table title names \"", title_country_name_,
                              "\", which is not a known country")),
                          "UNKNOWN_COUNTRY");
      }
      table_country_ = country.code;
      table_country_name_ = title_country_name_;
    } else {
      // Without a title only an import table (rows = suppliers) of the
      // default reporter can be read.
      const std::string& first = columns_.key(0);
      if (first == "recipient" || first == "recipients") {
        return WithReason(
            absl::InvalidArgumentError(
                "SIPRI export table (rows are recipients) without its title "
                "line naming the supplier"),
            "MISSING_CONTEXT");
      }
      table_country_ = options().default_reporter_code;
      rows_are_suppliers_ = true;
      if (table_country_.empty()) {
        return WithReason(
            absl::InvalidArgumentError(
                "SIPRI table without a title line (\"TIV of arms imports to "
                "<country>, ...\") and no default reporter code"),
            "MISSING_CONTEXT");
      }
    }
    set_layout(rows_are_suppliers_ ? "SIPRI import table"
                                   : "SIPRI export table");
    table_ = true;
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    if (table_) {
      ParseTable(fields, sink);
    } else {
      ParseSupplierRow(fields, sink);
    }
  }

 private:
  // Resolves one party of a transfer; false after recording why not.
  static bool Party(absl::string_view field, absl::string_view text,
                    bool is_partner, RowSink& sink, Country& country) {
    country = ResolveCountry("", text);
    if (country.kind == Country::Kind::kWorld) {
      country.kind = Country::Kind::kAggregate;
    }
    return AcceptCountry(country, is_partner, field, text, sink);
  }

  Observation MakeObservation(const std::string& recipient,
                              const Country& supplier, int year, double value,
                              absl::string_view locator) const {
    Observation observation = NewObservation(kSipriSourceSystem);
    observation.indicator_code = "arms_imports_tiv";
    observation.indicator_name = "SIPRI TIV of arms deliveries";
    observation.reporter_code = recipient;
    observation.partner_code = supplier.code;
    observation.partner_name = supplier.name;
    observation.flow = Flow::kArmsImports;
    observation.year = year;
    observation.value = value;
    observation.unit = Unit::kSipriTivMillions;
    observation.unit_label = "SIPRI TIV (millions)";
    observation.reporting_side = ReportingSide::kThirdParty;
    if (value == 0) {
      observation.notes = "SIPRI 0: deliveries below 0.5 million TIV";
    }
    SourceRef source =
        DatasetSource(kSipriCitation, kSipriUrl, kSipriSourceSystem, locator);
    if (!generated_.empty()) {
      source.dataset_version = absl::StrCat("Generated: ", generated_);
    }
    observation.sources = Sources(std::move(source));
    return observation;
  }

  void ParseSupplierRow(Fields fields, RowSink& sink) const {
    int year = 0;
    if (!ParseYearCell(columns_.name(*year_), Cell(fields, year_), sink,
                       year)) {
      return;
    }
    Country recipient;
    Country supplier;
    if (!Party(columns_.name(*recipient_), Cell(fields, recipient_),
               /*is_partner=*/false, sink, recipient) ||
        !Selected(recipient.code, columns_.name(*recipient_), sink) ||
        !Party(columns_.name(*supplier_), Cell(fields, supplier_),
               /*is_partner=*/true, sink, supplier)) {
      return;
    }
    const absl::string_view text = Cell(fields, value_);
    if (IsMissing(text)) {
      sink.Empty();
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), text, 0,
                       /*allow_thousands=*/true, /*non_negative=*/true, sink);
    if (!value.has_value()) return;
    sink.Add(MakeObservation(recipient.code, supplier, year, *value,
                             Cell(fields, table_file_)));
  }

  void ParseTable(Fields fields, RowSink& sink) const {
    const absl::string_view name = Strip(fields[0]);
    const std::string field =
        columns_.name(0).empty()
            ? std::string(rows_are_suppliers_ ? "supplier" : "recipient")
            : columns_.name(0);
    Country row_country;
    if (!Party(field, name, /*is_partner=*/rows_are_suppliers_, sink,
               row_country)) {
      return;
    }
    Country table_country;
    table_country.kind = Country::Kind::kCountry;
    table_country.code = table_country_;
    table_country.name = table_country_name_;
    const Country& supplier = rows_are_suppliers_ ? row_country : table_country;
    const std::string& recipient =
        rows_are_suppliers_ ? table_country_ : row_country.code;
    if (!Selected(recipient, rows_are_suppliers_ ? "reporter" : field, sink)) {
      return;
    }
    for (const auto& [index, year] : years_) {
      const std::string& column = columns_.name(index);
      const absl::string_view text = Strip(fields[index]);
      if (IsMissing(text)) {
        sink.Empty(column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, 0, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      sink.Add(MakeObservation(
                   recipient, supplier, year, *value,
                   title_.empty() ? std::string("SIPRI TIV table") : title_),
               column);
    }
  }

  Columns columns_;
  bool table_ = false;
  std::optional<size_t> supplier_, recipient_, year_, value_, table_file_;
  std::vector<std::pair<size_t, int>> years_;
  // From the preamble of a TIV table.
  std::string title_;
  std::string title_country_name_;
  std::string generated_;
  bool rows_are_suppliers_ = true;
  std::string table_country_;
  std::string table_country_name_;
};

// ---------------------------------------------------------------------------
// The dyadscope observations CSV.

enum Column : size_t {
  kIndicatorCode,
  kIndicatorName,
  kReporterCode,
  kPartnerCode,
  kPartnerName,
  kFlow,
  kValuation,
  kYear,
  kYearBasis,
  kPeriodLabel,
  kValue,
  kUnit,
  kUnitLabel,
  kBaseYear,
  kQualifier,
  kReportingSide,
  kSourceFlag,
  kNotes,
  kSourceSystem,
  kSource1Citation,
  kSource1Url,
  kSource1DatasetVersion,
  kSource1Locator,
  kSource2Citation,
  kSource2Url,
  kColumnCount,
};

constexpr absl::string_view kColumnNames[] = {
    "indicator_code",
    "indicator_name",
    "reporter_code",
    "partner_code",
    "partner_name",
    "flow",
    "valuation",
    "year",
    "year_basis",
    "period_label",
    "value",
    "unit",
    "unit_label",
    "base_year",
    "qualifier",
    "reporting_side",
    "source_flag",
    "notes",
    "source_system",
    "source_1_citation",
    "source_1_url",
    "source_1_dataset_version",
    "source_1_locator",
    "source_2_citation",
    "source_2_url",
};
static_assert(std::size(kColumnNames) == kColumnCount);

constexpr Column kRequiredColumns[] = {
    kIndicatorCode, kReporterCode, kFlow, kYear, kUnit, kSourceSystem};

bool IsUpperSnakeCase(absl::string_view text) {
  if (text.empty() ||
      !absl::ascii_isupper(static_cast<unsigned char>(text[0]))) {
    return false;
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_isupper(u) && !absl::ascii_isdigit(u) && c != '_') {
      return false;
    }
  }
  return true;
}

bool IsPlainUrl(absl::string_view url) {
  size_t scheme = 0;
  if (absl::StartsWithIgnoreCase(url, "https://")) {
    scheme = 8;
  } else if (absl::StartsWithIgnoreCase(url, "http://")) {
    scheme = 7;
  } else {
    return false;
  }
  if (url.size() == scheme) return false;
  for (char c : url) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The year a fiscal label "FY2021-22" / "FY2021/2022" ends in, if it is one.
std::optional<int> FiscalLabelEndYear(absl::string_view label) {
  if (!absl::StartsWithIgnoreCase(label, "FY") || label.size() < 9) {
    return std::nullopt;
  }
  std::optional<int> start = ParseYearText(label.substr(2, 4));
  const char separator = label[6];
  if (!start.has_value() || (separator != '-' && separator != '/')) {
    return std::nullopt;
  }
  const absl::string_view end = label.substr(7);
  if (end.size() == 2 && AllDigits(end)) {
    int two = 0;
    if (!absl::SimpleAtoi(end, &two)) return std::nullopt;
    int year = (*start / 100) * 100 + two;
    if (year <= *start) year += 100;
    return year;
  }
  return end.size() == 4 ? ParseYearText(end) : std::nullopt;
}

class DyadscopeCsvParser : public ParserBase {
 public:
  explicit DyadscopeCsvParser(ParserOptions options)
      : ParserBase(ObservationFileFormat::kDyadscopeCsv, std::move(options)) {}

 protected:
  bool StrictHeader() const override { return true; }

  std::string ExpectedHeader() const override {
    return absl::StrCat("the README's columns (",
                        absl::StrJoin(kColumnNames, ", "),
                        "); required: indicator_code, reporter_code, flow, "
                        "year, unit, source_system");
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    FieldViolations violations;
    std::string first_reason;
    auto add = [&](absl::string_view field, absl::string_view description,
                   absl::string_view reason) {
      if (violations.empty()) first_reason = std::string(reason);
      violations.Add(field, description);
    };
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string name = absl::AsciiStrToLower(Strip(fields[i]));
      std::optional<size_t> column;
      for (size_t c = 0; c < kColumnCount; ++c) {
        if (kColumnNames[c] == name) column = c;
      }
      if (!column.has_value()) {
        add(name.empty() ? absl::StrCat("column ", i + 1) : name,
            name.empty() ? absl::StrCat("column ", i + 1, " has no name")
                         : absl::StrCat("unknown column \"", name, "\""),
            "UNKNOWN_COLUMN");
        continue;
      }
      if (positions_[*column].has_value()) {
        add(name, absl::StrCat("column \"", name, "\" appears twice"),
            "DUPLICATE_COLUMN");
        continue;
      }
      positions_[*column] = i;
    }
    for (Column column : kRequiredColumns) {
      if (!positions_[column].has_value()) {
        add(kColumnNames[column],
            absl::StrCat("required column \"", kColumnNames[column],
                         "\" is missing"),
            "MISSING_COLUMN");
      }
    }
    bool any_source = false;
    for (Column column :
         {kSource1Citation, kSource1Url, kSource2Citation, kSource2Url}) {
      any_source = any_source || positions_[column].has_value();
    }
    const SourceRef& fallback = options().default_source;
    if (!any_source && fallback.citation.empty() && fallback.url.empty()) {
      add(kColumnNames[kSource1Citation],
          "no source column (source_1_citation, source_1_url, ...) and no "
          "default source: every observation needs a source",
          "MISSING_COLUMN");
    }
    if (!violations.empty()) {
      return WithReason(violations.ToStatus(), first_reason);
    }
    set_layout("dyadscope CSV");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    RowReader reader{fields, positions_, sink};
    std::optional<Observation> observation = reader.Parse(options());
    if (observation.has_value()) sink.Add(*std::move(observation));
  }

 private:
  // Parses one row; each step returns false after rejecting the row.
  struct RowReader {
    Fields fields;
    const std::optional<size_t> (&positions)[kColumnCount];
    RowSink& sink;

    absl::string_view Get(Column column) const {
      return Cell(fields, positions[column]);
    }

    bool Reject(Column column, absl::string_view code, std::string reason,
                absl::string_view value) const {
      sink.Reject(kColumnNames[column], code, std::move(reason), value);
      return false;
    }

    bool Required(Column column) const {
      if (!Get(column).empty()) return true;
      return Reject(column, "MISSING_VALUE",
                    absl::StrCat(kColumnNames[column], " is empty"), "");
    }

    template <typename T>
    bool Enum(Column column, std::optional<T> (*parse)(absl::string_view),
              absl::string_view words, T& out) const {
      const absl::string_view text = Get(column);
      if (text.empty()) return true;
      std::optional<T> parsed = parse(text);
      if (!parsed.has_value()) {
        return Reject(
            column, "INVALID_ENUM",
            absl::StrCat(kColumnNames[column], " is not one of ", words), text);
      }
      out = *parsed;
      return true;
    }

    bool CountryCode(Column column, bool allow_world, std::string& out) const {
      const absl::string_view text = Get(column);
      if (text.empty()) return true;
      std::string code = absl::AsciiStrToUpper(text);
      if (!(IsKnownCountryCode(code) || (allow_world && code == kWorld))) {
        return Reject(column, "UNKNOWN_COUNTRY",
                      absl::StrCat(kColumnNames[column], " \"", text,
                                   "\" is not an ISO 3166-1 alpha-3 code",
                                   allow_world ? " or WLD" : ""),
                      text);
      }
      out = std::move(code);
      return true;
    }

    bool Year(Column column, std::optional<int>& out) const {
      const absl::string_view text = Get(column);
      if (text.empty()) return true;
      out = ParseYearText(text);
      if (!out.has_value()) {
        return Reject(column, "INVALID_YEAR",
                      absl::StrCat(kColumnNames[column], " is not a year in ",
                                   kMinYear, "..", kMaxYear),
                      text);
      }
      return true;
    }

    std::optional<Observation> Parse(const ParserOptions& options) const {
      Observation o;
      if (!ParseInto(options, o)) return std::nullopt;
      return o;
    }

    bool ParseInto(const ParserOptions& options, Observation& o) const {
      if (!Required(kIndicatorCode)) return false;
      o.indicator_code = std::string(Get(kIndicatorCode));
      o.indicator_name = std::string(Get(kIndicatorName));
      if (!Required(kReporterCode) ||
          !CountryCode(kReporterCode, /*allow_world=*/false, o.reporter_code) ||
          !CountryCode(kPartnerCode, /*allow_world=*/true, o.partner_code)) {
        return false;
      }
      o.partner_name = std::string(Get(kPartnerName));
      if (!Required(kFlow) ||
          !Enum(kFlow, &FlowFromCsvWord,
                "exports, imports, total_trade, fdi_inflow, fdi_outflow, "
                "external_debt_stock, loan_commitments, "
                "official_finance_commitments, arms_imports, arms_exports, "
                "gdp, other",
                o.flow) ||
          !Enum(kValuation, &TradeValuationFromCsvWord, "fob, cif",
                o.valuation)) {
        return false;
      }
      std::optional<int> year;
      if (!Required(kYear) || !Year(kYear, year)) return false;
      o.year = *year;
      o.year_basis = YearBasis::kCalendar;
      if (!Enum(kYearBasis, &YearBasisFromCsvWord, "calendar, fiscal, partial",
                o.year_basis)) {
        return false;
      }
      o.period_label = std::string(Get(kPeriodLabel));
      if (o.year_basis != YearBasis::kCalendar && o.period_label.empty()) {
        return Reject(kPeriodLabel, "MISSING_VALUE",
                      "period_label is required for fiscal and partial years",
                      "");
      }
      if (std::optional<int> end = FiscalLabelEndYear(o.period_label)) {
        if (*end != o.year) {
          return Reject(
              kPeriodLabel, "INVALID_VALUE",
              absl::StrCat("period_label ", o.period_label, " ends in ", *end,
                           " but year is ", o.year),
              o.period_label);
        }
      }
      const absl::string_view value = Get(kValue);
      if (!value.empty()) {
        o.value = ParseDecimal(value, 0, /*allow_thousands=*/false);
        if (!o.value.has_value()) {
          return Reject(kValue, "INVALID_NUMBER",
                        "value is not a finite number", value);
        }
      }
      if (!Required(kUnit) ||
          !Enum(kUnit, &UnitFromCsvWord,
                "usd_current, usd_constant, percent_of_gdp, percent, "
                "sipri_tiv_millions, ratio, count, other",
                o.unit)) {
        return false;
      }
      o.unit_label = std::string(Get(kUnitLabel));
      if (!Year(kBaseYear, o.base_year)) return false;
      if (o.unit == Unit::kUsdConstant && !o.base_year.has_value()) {
        return Reject(kBaseYear, "MISSING_VALUE",
                      "base_year is required for usd_constant", "");
      }
      if (o.unit != Unit::kUsdConstant && o.base_year.has_value()) {
        return Reject(kBaseYear, "INVALID_VALUE",
                      "base_year applies only to usd_constant", Get(kBaseYear));
      }
      o.qualifier = ValueQualifier::kExact;
      o.reporting_side = ReportingSide::kReporter;
      if (!Enum(kQualifier, &ValueQualifierFromCsvWord,
                "exact, at_least, at_most, approximate", o.qualifier) ||
          !Enum(kReportingSide, &ReportingSideFromCsvWord,
                "reporter, partner, third_party", o.reporting_side)) {
        return false;
      }
      o.source_flag = std::string(Get(kSourceFlag));
      o.notes = std::string(Get(kNotes));
      if (!Required(kSourceSystem)) return false;
      const absl::string_view system = Get(kSourceSystem);
      if (!IsUpperSnakeCase(system)) {
        return Reject(kSourceSystem, "INVALID_VALUE",
                      "source_system is not UPPER_SNAKE_CASE", system);
      }
      o.provenance.source_system = std::string(system);
      return ParseSources(options, o);
    }

    bool ParseSources(const ParserOptions& options, Observation& o) const {
      constexpr Column kSources[][4] = {
          {kSource1Citation, kSource1Url, kSource1DatasetVersion,
           kSource1Locator},
          {kSource2Citation, kSource2Url, kColumnCount, kColumnCount},
      };
      for (const auto& columns : kSources) {
        const absl::string_view citation = Get(columns[0]);
        const absl::string_view url = Get(columns[1]);
        if (!url.empty() && !IsPlainUrl(url)) {
          return Reject(
              columns[1], "INVALID_URL",
              absl::StrCat(kColumnNames[columns[1]], " is not an http(s) URL"),
              url);
        }
        if (citation.empty() && url.empty()) continue;
        SourceRef source;
        source.citation = std::string(citation);
        source.url = std::string(url);
        source.source_system = o.provenance.source_system;
        if (columns[2] != kColumnCount) {
          source.dataset_version = std::string(Get(columns[2]));
          source.locator = std::string(Get(columns[3]));
        }
        o.sources.push_back(std::move(source));
      }
      if (o.sources.empty()) {
        const SourceRef& fallback = options.default_source;
        if (fallback.citation.empty() && fallback.url.empty()) {
          return Reject(kSource1Citation, "MISSING_SOURCE",
                        "at least one source citation or URL is required", "");
        }
        o.sources.push_back(fallback);
      }
      return true;
    }
  };

  std::optional<size_t> positions_[kColumnCount];
};

}  // namespace

absl::string_view ObservationFileFormatName(ObservationFileFormat format) {
  switch (format) {
    case ObservationFileFormat::kImfDots:
      return "IMF_DOTS";
    case ObservationFileFormat::kWdiWide:
      return "WDI_WIDE";
    case ObservationFileFormat::kWdiLong:
      return "WDI_LONG";
    case ObservationFileFormat::kComtrade:
      return "COMTRADE";
    case ObservationFileFormat::kSipri:
      return "SIPRI";
    case ObservationFileFormat::kDyadscopeCsv:
      return "DYADSCOPE_CSV";
    case ObservationFileFormat::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

std::optional<ObservationFileFormat> ObservationFileFormatFromName(
    absl::string_view name) {
  for (ObservationFileFormat format :
       {ObservationFileFormat::kImfDots, ObservationFileFormat::kWdiWide,
        ObservationFileFormat::kWdiLong, ObservationFileFormat::kComtrade,
        ObservationFileFormat::kSipri, ObservationFileFormat::kDyadscopeCsv}) {
    if (absl::EqualsIgnoreCase(name, ObservationFileFormatName(format))) {
      return format;
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<ObservationFileParser>> CreateParser(
    ObservationFileFormat format, ParserOptions options) {
  FieldViolations violations;
  for (std::string& code : options.country_codes) {
    code = absl::AsciiStrToUpper(Strip(code));
    if (!IsKnownCountryCode(code)) {
      violations.Add("country_codes",
                     absl::StrCat("\"", code, "\" is not a country code"));
    }
  }
  options.default_reporter_code =
      absl::AsciiStrToUpper(Strip(options.default_reporter_code));
  if (!options.default_reporter_code.empty() &&
      !IsKnownCountryCode(options.default_reporter_code)) {
    violations.Add("default_reporter_code",
                   absl::StrCat("\"", options.default_reporter_code,
                                "\" is not a country code"));
  }
  if (!violations.empty()) {
    return WithReason(violations.ToStatus(), "UNKNOWN_COUNTRY");
  }
  switch (format) {
    case ObservationFileFormat::kImfDots:
      return std::make_unique<ImfDotsParser>(std::move(options));
    case ObservationFileFormat::kWdiWide:
      return std::make_unique<WdiWideParser>(std::move(options));
    case ObservationFileFormat::kWdiLong:
      return std::make_unique<WdiLongParser>(std::move(options));
    case ObservationFileFormat::kComtrade:
      return std::make_unique<ComtradeParser>(std::move(options));
    case ObservationFileFormat::kSipri:
      return std::make_unique<SipriParser>(std::move(options));
    case ObservationFileFormat::kDyadscopeCsv:
      return std::make_unique<DyadscopeCsvParser>(std::move(options));
    case ObservationFileFormat::kUnspecified:
      break;
  }
  return WithReason(
      InvalidField("format", "the observation file format is not set"),
      "FORMAT_UNSPECIFIED");
}

absl::StatusOr<ParsedFile> ParseObservationText(ObservationFileFormat format,
                                                absl::string_view text,
                                                const ParserOptions& options) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(format, options);
  if (!parser.ok()) return parser.status();
  ParsedFile file;
  absl::Status status =
      csv::ReadCsv(text, csv::CsvOptions(),
                   [&](const csv::CsvRecord& record) -> absl::Status {
                     if (!(*parser)->header_found())
                       return (*parser)->Header(record);
                     if (record.kind != csv::CsvRecord::Kind::kBlank)
                       ++file.data_rows;
                     for (ParsedRow& row : (*parser)->Row(record)) {
                       file.rows.push_back(std::move(row));
                     }
                     return absl::OkStatus();
                   });
  if (!status.ok()) return status;
  status = (*parser)->Finish();
  if (!status.ok()) return status;
  file.layout = (*parser)->layout();
  return file;
}

const std::vector<std::string>& DyadscopeCsvColumns() {
  static const auto* const columns = new std::vector<std::string>(
      std::begin(kColumnNames), std::end(kColumnNames));
  return *columns;
}

std::optional<Flow> FlowFromCsvWord(absl::string_view word) {
  const std::string lower = absl::AsciiStrToLower(Strip(word));
  if (lower == "exports") return Flow::kExports;
  if (lower == "imports") return Flow::kImports;
  if (lower == "total_trade") return Flow::kTotalTrade;
  if (lower == "fdi_inflow") return Flow::kFdiInflow;
  if (lower == "fdi_outflow") return Flow::kFdiOutflow;
  if (lower == "external_debt_stock") return Flow::kExternalDebtStock;
  if (lower == "loan_commitments") return Flow::kLoanCommitments;
  if (lower == "official_finance_commitments") {
    return Flow::kOfficialFinanceCommitments;
  }
  if (lower == "arms_imports") return Flow::kArmsImports;
  if (lower == "arms_exports") return Flow::kArmsExports;
  if (lower == "gdp") return Flow::kGdp;
  if (lower == "other") return Flow::kOther;
  return std::nullopt;
}

std::optional<Unit> UnitFromCsvWord(absl::string_view word) {
  const std::string lower = absl::AsciiStrToLower(Strip(word));
  if (lower == "usd_current") return Unit::kUsdCurrent;
  if (lower == "usd_constant") return Unit::kUsdConstant;
  if (lower == "percent_of_gdp") return Unit::kPercentOfGdp;
  if (lower == "percent") return Unit::kPercent;
  if (lower == "sipri_tiv_millions") return Unit::kSipriTivMillions;
  if (lower == "ratio") return Unit::kRatio;
  if (lower == "count") return Unit::kCount;
  if (lower == "other") return Unit::kOther;
  return std::nullopt;
}

std::optional<TradeValuation> TradeValuationFromCsvWord(
    absl::string_view word) {
  const std::string lower = absl::AsciiStrToLower(Strip(word));
  if (lower == "fob") return TradeValuation::kFob;
  if (lower == "cif") return TradeValuation::kCif;
  return std::nullopt;
}

std::optional<YearBasis> YearBasisFromCsvWord(absl::string_view word) {
  const std::string lower = absl::AsciiStrToLower(Strip(word));
  if (lower == "calendar") return YearBasis::kCalendar;
  if (lower == "fiscal") return YearBasis::kFiscal;
  if (lower == "partial") return YearBasis::kPartial;
  return std::nullopt;
}

std::optional<ValueQualifier> ValueQualifierFromCsvWord(
    absl::string_view word) {
  const std::string lower = absl::AsciiStrToLower(Strip(word));
  if (lower == "exact") return ValueQualifier::kExact;
  if (lower == "at_least") return ValueQualifier::kAtLeast;
  if (lower == "at_most") return ValueQualifier::kAtMost;
  if (lower == "approximate") return ValueQualifier::kApproximate;
  return std::nullopt;
}

std::optional<ReportingSide> ReportingSideFromCsvWord(absl::string_view word) {
  const std::string lower = absl::AsciiStrToLower(Strip(word));
  if (lower == "reporter") return ReportingSide::kReporter;
  if (lower == "partner") return ReportingSide::kPartner;
  if (lower == "third_party") return ReportingSide::kThirdParty;
  return std::nullopt;
}

WdiIndicatorInfo ClassifyWdiIndicator(absl::string_view code,
                                      absl::string_view name) {
  WdiIndicatorInfo info;
  const std::string upper = absl::AsciiStrToUpper(Strip(code));
  if (upper == "NY.GDP.MKTP.CD") {
    info.flow = Flow::kGdp;
  } else if (upper == "BX.KLT.DINV.CD.WD") {
    info.flow = Flow::kFdiInflow;
  } else if (upper == "NE.EXP.GNFS.CD" || upper == "TX.VAL.MRCH.CD.WT") {
    info.flow = Flow::kExports;
  } else if (upper == "NE.IMP.GNFS.CD" || upper == "TM.VAL.MRCH.CD.WT") {
    info.flow = Flow::kImports;
  } else if (upper == "DT.DOD.DECT.CD") {
    info.flow = Flow::kExternalDebtStock;
  }
  if (info.flow != Flow::kOther && info.flow != Flow::kGdp) {
    info.partner_code = kWorld;
  }

  const std::vector<absl::string_view> segments = CodeSegments(upper);
  auto has_segment = [&](absl::string_view segment) {
    for (absl::string_view s : segments) {
      if (s == segment) return true;
    }
    return false;
  };
  if (segments.back() == "ZS" || segments.back() == "ZG") {
    if (absl::StrContains(absl::AsciiStrToLower(name), "% of gdp")) {
      info.unit = Unit::kPercentOfGdp;
      info.unit_label = "% of GDP";
    } else {
      info.unit = Unit::kPercent;
      info.unit_label = "%";
    }
  } else if (has_segment("CD")) {
    info.unit = Unit::kUsdCurrent;
    info.unit_label = "current US$";
  } else if (has_segment("KD")) {
    info.unit = Unit::kUsdConstant;
    info.base_year = ConstantBaseYear(name);
    info.unit_label = info.base_year.has_value()
                          ? absl::StrCat("constant ", *info.base_year, " US$")
                          : std::string("constant US$");
  } else {
    info.unit = Unit::kOther;
    info.unit_label = std::string(name);
  }
  return info;
}

}  // namespace dyadscope::economics
