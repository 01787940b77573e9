// What the economics formats share (see parser_base.h).

#include "services/economics/domain/importers/parser_base.h"

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
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/country_names.h"
#include "common/types/types.h"
#include "services/economics/domain/importers/parser_base.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics::importers_internal {

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

std::vector<std::pair<size_t, int>> Columns::YearColumns() const {
  std::vector<std::pair<size_t, int>> years;
  for (size_t i = 0; i < size(); ++i) {
    if (std::optional<int> year = YearOfColumn(name(i))) {
      years.emplace_back(i, *year);
    }
  }
  return years;
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

ParserBase::ParserBase(const FormatEntry& entry, ParserOptions options)
    : TabularParser(std::string(entry.name), kMaxRejectedValueBytes,
                    std::string(entry.expected_header)),
      format_(entry.format),
      options_(std::move(options)) {}

csv::TabularRules ParserBase::Rules() const {
  csv::TabularRules rules;
  rules.header_first = StrictHeader();
  rules.strict_width = StrictHeader();
  rules.max_preamble_records = kMaxPreambleRecords;
  if (!StrictHeader()) rules.is_footer = &IsFooterText;
  return rules;
}

void ParserBase::Stamp(ParsedRow& row, int64_t line) const {
  if (auto* observation = std::get_if<Observation>(&row.item)) {
    observation->provenance.source_line = line;
    observation->provenance.source_file = options_.file_name;
    observation->provenance.source_label = options_.source_label;
  }
}

bool ParserBase::Selected(absl::string_view reporter, absl::string_view field,
                          RowSink& sink) const {
  if (IsSelected(reporter)) return true;
  sink.Filter(field, "COUNTRY_NOT_SELECTED",
              absl::StrCat("reporter ", reporter, " is not selected"),
              reporter);
  return false;
}

bool ParserBase::IsSelected(absl::string_view reporter) const {
  if (options_.country_codes.empty()) return true;
  for (const std::string& code : options_.country_codes) {
    if (code == reporter) return true;
  }
  return false;
}

std::vector<SourceRef> ParserBase::Sources(SourceRef dataset) const {
  std::vector<SourceRef> sources;
  sources.push_back(std::move(dataset));
  const SourceRef& extra = options_.default_source;
  if (!extra.citation.empty() || !extra.url.empty()) {
    sources.push_back(extra);
  }
  return sources;
}

// A new observation with the fields every source format sets.
Observation NewObservation(absl::string_view source_system) {
  Observation observation;
  observation.year_basis = YearBasis::kCalendar;
  observation.qualifier = ValueQualifier::kExact;
  observation.reporting_side = ReportingSide::kReporter;
  observation.provenance.source_system = std::string(source_system);
  return observation;
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
                                     RowSink& sink, absl::string_view column) {
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

}  // namespace dyadscope::economics::importers_internal
