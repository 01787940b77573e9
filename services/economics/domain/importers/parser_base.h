// File: services/economics/domain/importers/parser_base.h
// -----------------------------------------------------------------------------
// What the economics formats share, internal to the importers (one .cc per
// format in this folder; the registry in registry.cc): the economics
// conventions of services/economics/domain/importers.h on top of
// common/csv/tabular.h — years and year columns, missing figures, decimal
// numbers with a scale, country cells resolved through the country-name
// table, provenance, and the parser base every format derives from.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_PARSER_BASE_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_PARSER_BASE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/csv/format_registry.h"
#include "common/csv/tabular.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics::importers_internal {

using Fields = csv::Fields;
using csv::AllDigits;
using csv::Cell;
using csv::DatasetSource;
using csv::HeaderKey;

// The row collector of economics parsers.
using RowSink = csv::RowCollector<ParsedRow, FilteredRow>;

// The registry entry of a format: its name, expected header and factory.
using FormatEntry = csv::FormatEntry<ObservationFileFormat,
                                     ObservationFileParser, ParserOptions>;

inline constexpr int kMinYear = 1800;
inline constexpr int kMaxYear = 2100;

// Returns `text` without surrounding white space.
inline absl::string_view Strip(absl::string_view text) {
  return csv::StripCell(text);
}

// ---------------------------------------------------------------------------
// Years and numbers.

// Returns a four-digit year in kMinYear..kMaxYear, or nullopt.
std::optional<int> ParseYearText(absl::string_view text);

// Returns the year of a year column: "1990", "YR1990" or "1990 [YR1990]".
std::optional<int> YearOfColumn(absl::string_view name);

// Returns true for a period that is a month, quarter or half-year ("202001",
// "2020M01", "2020Q1", "2020-01", "2020-M01"): annual parsers filter these
// rather than reject them.
bool IsSubAnnualPeriod(absl::string_view text);

// Returns true for a cell that holds no figure ("", "..", "...").
bool IsMissing(absl::string_view text);

// Returns `text` as a plain decimal number without thousands separators
// ("-1234.5", "3e6"), or nullopt when it is not one. With
// `allow_thousands`, "1,234.5" is accepted when its commas separate groups
// of exactly three digits in the integer part.
std::optional<std::string> CleanDecimal(absl::string_view text,
                                        bool allow_thousands);

// Parses a decimal number and multiplies it by 10^exp10 exactly in decimal
// before rounding once to double ("210.9" with 6 -> 210900000 exactly).
// Returns nullopt for anything but a finite decimal number.
std::optional<double> ParseDecimal(absl::string_view text, int exp10,
                                   bool allow_thousands);

// Returns the power of ten a scale or unit cell names: "Millions", "6", "US
// Dollars, Millions" -> 6; "Units", "0", "US Dollars" -> 0.
std::optional<int> ScaleFromText(absl::string_view text);

// Returns "US$", "US$ thousands", "US$ millions", ... for a power of ten.
std::string UsdScaleLabel(int exp10);

// ---------------------------------------------------------------------------
// Header columns.

// The header row of a source file, with its year columns.
class Columns : public csv::HeaderColumns {
 public:
  using csv::HeaderColumns::HeaderColumns;

  // Returns the year columns (index, year), in file order.
  std::vector<std::pair<size_t, int>> YearColumns() const;
};

// Returns the name of an optional column for messages ("" when absent).
std::string ColumnName(const Columns& columns, std::optional<size_t> column);

// Returns the MISSING_COLUMN error of a recognised layout lacking `column`.
absl::Status MissingColumnError(absl::string_view layout,
                                absl::string_view column,
                                absl::string_view expected);

// ---------------------------------------------------------------------------
// Countries.

// How a country cell (a code, a name, or both) resolved.
struct Country {
  enum class Kind { kCountry, kWorld, kAggregate, kNonState, kEmpty, kUnknown };
  Kind kind = Kind::kEmpty;
  std::string code;  // kCountry, kWorld
  std::string name;  // as written, for partner_name
};

// Resolves a code and/or name through the country-code and name tables.
Country ResolveCountry(absl::string_view code_text,
                       absl::string_view name_text);

// Records why `country` cannot be a reporter or partner, and returns false;
// returns true when it can. The world is a valid partner, not reporter.
bool AcceptCountry(const Country& country, bool is_partner,
                   absl::string_view field, absl::string_view text,
                   RowSink& sink);

// Returns the field and text that name a code/name pair in messages: the
// code when it is the only thing given, else the name.
std::pair<std::string, std::string> CountryFieldAndText(
    const Columns& columns, std::optional<size_t> code_column,
    std::optional<size_t> name_column, Fields fields);

// ---------------------------------------------------------------------------
// The parser base.

// Returns true for a note line after a source table ("Source: ...").
bool IsFooterText(absl::string_view text);

// The base of every economics format: the tabular skeleton with the
// economics rules (a preamble and footers unless StrictHeader()), the
// provenance of each observation and the reporter selection.
class ParserBase
    : public csv::TabularParser<ObservationFileParser, ParsedRow, FilteredRow> {
 public:
  ParserBase(const FormatEntry& entry, ParserOptions options);

  ObservationFileFormat format() const override { return format_; }

 protected:
  // True when the first record must be the header (no preamble, no
  // footers, every row of the header's width).
  virtual bool StrictHeader() const { return false; }

  csv::TabularRules Rules() const override;
  void Stamp(ParsedRow& row, int64_t line) const override;

  const ParserOptions& options() const { return options_; }

  // Returns false, after filtering the row, when options().country_codes
  // excludes `reporter`.
  bool Selected(absl::string_view reporter, absl::string_view field,
                RowSink& sink) const;

  // Returns true when options().country_codes is empty or holds `reporter`.
  bool IsSelected(absl::string_view reporter) const;

  // Returns the sources of a source-format observation: the dataset, then
  // options().default_source when it says anything.
  std::vector<SourceRef> Sources(SourceRef dataset) const;

 private:
  const ObservationFileFormat format_;
  const ParserOptions options_;
};

// Returns a new observation with the fields every source format sets.
Observation NewObservation(absl::string_view source_system);

// Parses a year cell into `year`, rejecting the row when it is no year.
bool ParseYearCell(absl::string_view field, absl::string_view text,
                   RowSink& sink, int& year);

// Parses a value cell (already known not to be missing), rejecting the row
// when it is no finite number or, with `non_negative`, below zero.
std::optional<double> ParseValueCell(absl::string_view field,
                                     absl::string_view text, int exp10,
                                     bool allow_thousands, bool non_negative,
                                     RowSink& sink,
                                     absl::string_view column = {});

// ---------------------------------------------------------------------------
// World Bank WDI, shared by the wide and long layouts (wdi.cc).

inline constexpr char kWdiCitation[] =
    "World Bank World Development Indicators";
inline constexpr char kWdiUrlPrefix[] = "https://data.worldbank.org/indicator/";

// Resolves the WDI reporter: a country code or name (aggregates filtered).
// Returns false after recording why the row is not imported.
bool WdiReporter(absl::string_view field, absl::string_view text, RowSink& sink,
                 std::string& code);

// Returns the observation of one WDI figure, classified by
// ClassifyWdiIndicator.
Observation WdiObservation(absl::string_view code, absl::string_view name,
                           const std::string& reporter, int year, double value,
                           std::vector<SourceRef> sources);

// ---------------------------------------------------------------------------
// The formats, one file each (the parser class and its entry); registry.cc
// lists the entries.

extern const FormatEntry kImfDotsFormat;
extern const FormatEntry kWdiWideFormat;
extern const FormatEntry kWdiLongFormat;
extern const FormatEntry kComtradeFormat;
extern const FormatEntry kSipriFormat;
extern const FormatEntry kDyadscopeCsvFormat;
extern const FormatEntry kSipriTradeRegisterFormat;

}  // namespace dyadscope::economics::importers_internal

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_PARSER_BASE_H_
