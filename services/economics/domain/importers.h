// File: services/economics/domain/importers.h
// -----------------------------------------------------------------------------
// Row parsers for the files ImportObservations reads: IMF Direction of Trade
// (DOTS/IMTS), World Bank WDI (wide download and long form), UN Comtrade
// (current and legacy column names), SIPRI arms-transfer tables and the
// dyadscope observations CSV (services/economics/README.md). Each turns the
// records of common/csv's reader into economics::Observation values, one
// physical row into as many observations as it holds (a wide file has one
// column per year), with every row that cannot be imported reported by line
// number, column and reason. Splitting the bytes into records is the
// reader's job; storing the observations is the caller's.
//
//   DYADSCOPE_ASSIGN_OR_RETURN(
//       std::unique_ptr<ObservationFileParser> parser,
//       CreateParser(ObservationFileFormat::kWdiWide, options));
//   csv::CsvReader reader;
//   auto on_record = [&](const csv::CsvRecord& record) -> absl::Status {
//     if (!parser->header_found()) return parser->Header(record);
//     for (ParsedRow& row : parser->Row(record)) { ... }
//     return absl::OkStatus();
//   };
//   ... reader.Feed(chunk, on_record) ... reader.Finish(on_record) ...
//   DYADSCOPE_RETURN_IF_ERROR(parser->Finish());
//
// Conventions shared by the source formats (all but DYADSCOPE_CSV):
//   - Header names are matched by their letters and digits only, ignoring
//     case ("Trade Value (US$)" = "trade_value_us", "reporterISO" =
//     "Reporter ISO"); columns a layout does not use are ignored.
//   - Lines before the header (a download's title, "Last Updated Date",
//     blank lines) are skipped, up to kMaxPreambleRecords records; some
//     layouts read the reporter, indicator or unit from them.
//   - A year column is named "1990", "YR1990" or "1990 [YR1990]".
//   - An empty cell, ".." or "..." is a missing figure: an EmptyCell item,
//     not a rejection and not an observation.
//   - Numbers are plain decimals ("-12.5", "3e6"); NaN and infinities are
//     rejected. Thousands separators ("1,234.5") are accepted only where the
//     format writes them (IMF DOTS and SIPRI tables saved from spreadsheets)
//     and only in well-formed groups of three; such a cell can only have
//     come from a quoted field, since an unquoted comma splits the record.
//   - Rows for regions, economy groups and non-state parties are filtered
//     (FilteredRow, reason AGGREGATE or NOT_A_COUNTRY), never rejected.
//     "World" as a partner is the world total, partner code "WLD" (except
//     where the file itself flags the row is_aggregate = 1); as a reporter
//     it is an aggregate.
//   - Every observation carries provenance.source_system, the file name,
//     label and line from ParserOptions and the record, and a SourceRef
//     naming the dataset with a locator (the file's indicator, sheet or
//     table) where known; ParserOptions::default_source, when set, is added
//     as a second source.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/csv/file_parser.h"
#include "common/csv/format_registry.h"
#include "common/csv/tabular.h"
#include "common/types/types.h"
#include "domain_enums/economics.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {

// The file formats; values match dyadscope.economics.v1.ObservationFileFormat.
// enum class ObservationFileFormat: generated from the contract
// (domain_enums/economics.h).
//   kImfDots:
//    IMF Direction of Trade Statistics (DOTS, now IMTS). Four layouts are
//    recognised from the header row:
//      long ("year rows"): a year column (year, Time Period, TIME_PERIOD),
//        a value column (value_usd_millions, Value, OBS_VALUE), reporter and
//        partner as ISO3 codes (reporter_iso3, partner_iso3, Country Code,
//        Counterpart Country Code) and/or names (reporter, partner_name,
//        Country Name, Counterpart Country Name), and the indicator
//        (indicator, flow, Indicator Name, Indicator Code); optional
//        value_flag/Status, is_aggregate, Attribute, Frequency, Scale,
//        source_file, source_sheet;
//      wide ("one column per year", the data portal's bulk CSV): Country
//        Name/Code, Indicator Name/Code, Counterpart Country Name/Code,
//        optional Attribute, and year columns (monthly and quarterly
//        columns such as "2020M1" are ignored);
//      table (a portal sheet saved as CSV, as in DOTS_151.xlsx): preamble
//        lines with the title ("Exports, FOB to Partner Countries"), the
//        reporter's name and the unit ("US Dollars, Millions"), then a
//        header of year columns only, then one row per partner;
//      flow columns (pak_chn_trade_imf_dots_wide_1960_2020.csv): a year
//        column and columns named <rep>_<exports|imports>_<to|from>_<par>_
//        <fob|cif>_<side>_reported or <rep>_<exports|imports>_world_<fob|
//        cif>, with lower-case ISO3 codes.
//    Indicators: "Exports, FOB" / TXG_FOB_USD / exports_fob -> exports, FOB,
//    indicator_code "exports_fob"; "Imports, CIF" / TMG_CIF_USD /
//    imports_cif -> imports, CIF, "imports_cif"; "Imports, FOB" /
//    TMG_FOB_USD -> imports, FOB, "imports_fob"; trade balance (TBG_USD)
//    rows are filtered (NOT_A_FLOW). Values are US$ millions unless the
//    value column's name or a Scale/Unit column says otherwise, converted to
//    plain US dollars (unit usd_current, unit_label "US$ millions").
//    Reporting side: reporter (the flow-columns layout says whose figure
//    each column is). source_system "IMF_DOTS".
//   kWdiWide:
//    World Bank WDI as downloaded: optional preamble ("Data Source", "Last
//    Updated Date" and blank lines), then Country Name, Country Code,
//    Indicator Name (or Series Name), Indicator Code (or Series Code) and
//    one column per year (DataBank's "1990 [YR1990]" too). Aggregates
//    (WLD, EAS, HIC, ...) are filtered. See ClassifyWdiIndicator for flow,
//    partner and unit. source_system "WDI"; the SourceRef's dataset_version
//    is the preamble's "Last Updated Date".
//   kWdiLong:
//    WDI long (wdi_pak_chn_indicators_long.csv): country_iso3 (or
//    country_code, iso3, economy), indicator_code (or series_code),
//    indicator_name, year, value; source_url, source_repo, source_path,
//    source_commit, source_dataset_version, source_locator go into the
//    SourceRef (url; locator = repo/path; dataset_version = commit).
//   kComtrade:
//    UN Comtrade as downloaded. Current (Comtrade+) names: refYear (or
//    period), freqCode, reporterISO, reporterDesc, partnerISO, partnerDesc,
//    partner2ISO, flowCode (X, M, RX, RM), cmdCode, cmdDesc, customsCode,
//    motCode, classificationCode, primaryValue. Legacy names: Year, Period,
//    Reporter ISO, Reporter, Partner ISO, Partner, 2nd Partner ISO, Trade
//    Flow (Export, Import, Re-Export, Re-Import) or Trade Flow Code (1-4),
//    Commodity Code, Commodity, Classification, Aggregate Level, Customs
//    Proc. Code, Mode of Transport Code, Trade Value (US$), Flag. Partner
//    "W00"/"WLD"/"World" -> "WLD". Only annual exports and imports are
//    imported: re-exports/re-imports, monthly rows and breakdowns by second
//    partner, customs procedure or mode of transport are filtered.
//    Commodity TOTAL (or aggregate level 0) rows are the annual totals,
//    indicator_code "exports_fob"/"imports_cif" (Comtrade values exports FOB
//    and imports CIF); other commodities become "comtrade_<cmdCode>" with
//    the same flows. Values are plain US dollars. source_system "COMTRADE".
//   kSipri:
//    SIPRI Arms Transfers Database TIV (millions). Two layouts:
//      supplier rows (sipri_arms_transfers_to_pakistan_by_supplier.csv):
//        supplier, recipient, year, tiv_million (or tiv, value), optional
//        sipri_table_file (the locator);
//      SIPRI's own TIV table export: a title line "TIV of arms imports to
//        <recipient>, 1950-2021" (rows are suppliers) or "TIV of arms
//        exports from <supplier>, ..." (rows are recipients), "Generated:"
//        and note lines, then a header whose first cell is empty (or
//        Supplier/Recipient) followed by year columns and "Total"; a table
//        without a title is read as an import table of
//        ParserOptions::default_reporter_code.
//    Each value -> flow arms_imports, reporter = recipient, partner =
//    supplier, indicator_code "arms_imports_tiv", unit sipri_tiv_millions,
//    reporting side third_party; a 0 (SIPRI: below 0.5m TIV) is kept, with
//    a note. "Total" rows and columns and "Unknown supplier(s)" are
//    filtered. source_system "SIPRI".
//   kDyadscopeCsv:
//    The dyadscope observations CSV (services/economics/README.md), strict:
//    the first non-blank record is the header; see DyadscopeCsvColumns.
//   kSipriTradeRegister:
//    The SIPRI Arms Transfers Database trade register as exported
//    (sipri_trade_register_*.csv): note lines (the last "Data generated:
//    <date>", the SourceRef's dataset_version), then a header with
//    Supplier, Recipient, Delivery year and TIV delivery values (SIPRI AT
//    Database ID, Designation, ... are ignored); every line ends in ';'.
//    Each row is the deliveries of one deal in one year, so the figure of a
//    recipient, supplier and year is the sum of its rows: each row yields
//    the running total of its key (the import upserts by key, so the last
//    stored is the whole sum; notes say how many rows it sums). Flow
//    arms_imports, reporter = recipient, partner = supplier, indicator_code
//    "arms_imports_tiv", unit sipri_tiv_millions, reporting side
//    third_party. A TIV of 0 (between 0 and 0.5 million) counts, with a
//    note; an empty TIV (no delivery identified) is an EmptyCell. Names are
//    SIPRI's ("Cote d'Ivoire"), resolved through the country-name table; an
//    unknown name is UNKNOWN_COUNTRY. source_system "SIPRI_TRADE_REGISTER".

// The source_system of each source format's observations.
inline constexpr char kImfDotsSourceSystem[] = "IMF_DOTS";
inline constexpr char kWdiSourceSystem[] = "WDI";
inline constexpr char kComtradeSourceSystem[] = "COMTRADE";
inline constexpr char kSipriSourceSystem[] = "SIPRI";
inline constexpr char kSipriTradeRegisterSourceSystem[] =
    "SIPRI_TRADE_REGISTER";

// Records (blank lines not counted) a source format may skip before its
// header row; past this the file is refused.
inline constexpr int kMaxPreambleRecords = 50;

// What the parsers need to know beyond the bytes (the parts of
// ImportObservationsOptions that shape observations).
struct ParserOptions {
  // Keep only rows whose reporter is one of these ISO alpha-3 codes; other
  // rows become FilteredRow items (COUNTRY_NOT_SELECTED). Empty keeps all.
  std::vector<std::string> country_codes;
  // The reporter of files that name it only in a title (a DOTS portal
  // sheet, a SIPRI table without its title line).
  std::string default_reporter_code;
  // Recorded as each row's source when a dyadscope CSV row has none, and
  // as a second source of every source-format observation; ignored when it
  // has neither a citation nor a URL.
  SourceRef default_source;
  // Stored in provenance.source_file and provenance.source_label.
  std::string file_name;
  std::string source_label;
};

// A row, or one cell of a wide row, deliberately not imported: a region or
// economy group, a row for an unselected reporter, a monthly or re-export
// row, a note after the table. `field` names the column that decided it.
using FilteredRow = csv::FilteredRow;
using csv::kMaxRejectedValueBytes;

// A cell of a source file that holds no figure ("", "..").
struct EmptyCell {};

// One item yielded by a physical row. A row yields either observations
// (with any EmptyCell and FilteredRow items), or one FilteredRow for the
// whole row, or rejections only: a row with any bad cell imports nothing
// (bad rows never half-import).
struct ParsedRow {
  // The 1-based physical line the row starts on (preamble lines counted).
  int64_t line = 0;
  // For items from one cell of a wide row, that cell's column as named in
  // the header ("1999", "1999 [YR1999]"); empty for whole-row items.
  std::string column;
  std::variant<Observation, RowRejection, FilteredRow, EmptyCell> item;

  // Returns the item if it is of that kind, else nullptr.
  const Observation* observation() const {
    return std::get_if<Observation>(&item);
  }
  const RowRejection* rejection() const {
    return std::get_if<RowRejection>(&item);
  }
  const FilteredRow* filtered() const {
    return std::get_if<FilteredRow>(&item);
  }
  bool is_empty_cell() const { return std::holds_alternative<EmptyCell>(item); }
};

// Turns the records of one file into observations (see csv::FileParser for the
// contract). What the economics formats add:
// Header():
//   Examines one record that precedes the header (blank lines and
//   unreadable records included). Returns OK with header_found() true when
//   the record is the header, OK with header_found() false when it is
//   preamble to skip, and INVALID_ARGUMENT (reason, and one FieldViolation
//   per bad column, attached as in common/status/error_details.h) when it
//   is a header the format cannot use: for the dyadscope CSV an unknown,
//   duplicate or missing column (UNKNOWN_COLUMN, DUPLICATE_COLUMN,
//   MISSING_COLUMN); for source formats a recognised layout lacking a
//   column it needs (MISSING_COLUMN) or context it needs (a DOTS sheet
//   without title, MISSING_CONTEXT); for the dyadscope CSV an unreadable
//   first record (MALFORMED_HEADER); or, after kMaxPreambleRecords records
//   without a header, HEADER_NOT_FOUND naming the columns expected.
//   FAILED_PRECONDITION once the header has been found.
// header_found():
//   Returns true once Header() has accepted a header row.
// layout():
//   Returns a short name of the layout the header showed ("IMF DOTS long",
//   "WDI wide", ...); empty before the header.
// Row():
//   Parses one record after the header. Blank lines and rows whose fields
//   are all empty yield nothing. Otherwise the items of the row, all with
//   the record's line number; rejections name the column (RowRejection::
//   field, empty for the row as a whole) and use the reason codes
//     WRONG_COLUMN_COUNT   the row has fewer or more (non-empty) fields
//                          than the header
//     UNTERMINATED_QUOTE, STRAY_QUOTE, TEXT_AFTER_CLOSING_QUOTE,
//     FIELD_TOO_LONG, RECORD_TOO_LONG   the reader could not split the row
//     MISSING_VALUE        a required cell is empty
//     INVALID_NUMBER       a value is not a finite decimal number
//     OUT_OF_RANGE         a trade value or TIV is negative
//     INVALID_YEAR         a year is not a 4-digit year in 1800..2100
//     UNKNOWN_COUNTRY      a country code or name is not known
//                          (IsKnownCountryCode, LookupCountryName)
//     UNKNOWN_INDICATOR    a DOTS indicator that is no trade flow
//     INVALID_ENUM         a flow, unit or other word is not one of the
//                          format's words
//     INVALID_VALUE, INVALID_URL, MISSING_SOURCE   dyadscope CSV rules
//   Filtered rows use AGGREGATE, NOT_A_COUNTRY, COUNTRY_NOT_SELECTED,
//   NOT_ANNUAL, NOT_A_FLOW (trade balance, re-exports), NOT_A_VALUE_ROW
//   (IMF status rows), BREAKDOWN (Comtrade sub-totals), FOOTER (a note
//   line after a source table). Rows offered before the header is found
//   are rejected with HEADER_NOT_FOUND.
// Finish():
//   Ends the input: OK once a header was found, else INVALID_ARGUMENT
//   (reason HEADER_NOT_FOUND) naming the header the format expects.
using ObservationFileParser = csv::FileParser<ObservationFileFormat, ParsedRow>;

// The observation file formats: Name(format) ("IMF_DOTS", "WDI_WIDE",
// "WDI_LONG", "COMTRADE", "SIPRI", "DYADSCOPE_CSV", "SIPRI_TRADE_REGISTER",
// or "UNSPECIFIED"), FromName(name) (those names, any case) and each
// format's parser factory.
using ObservationFormatRegistry =
    csv::FormatRegistry<ObservationFileFormat, ObservationFileParser,
                        ParserOptions>;
const ObservationFormatRegistry& ObservationFormats();

// Returns a parser for `format`. INVALID_ARGUMENT for kUnspecified or when
// an option's country code is not a known country code.
absl::StatusOr<std::unique_ptr<ObservationFileParser>> CreateParser(
    ObservationFileFormat format, ParserOptions options = ParserOptions());

// A whole file parsed in memory.
using ParsedFile = csv::ParsedText<ParsedRow>;

// Parses all of `text` (RFC 4180 CSV) with a fresh parser: convenient for
// small embedded files and tests. Returns the parser's or the reader's
// error statuses as they are.
absl::StatusOr<ParsedFile> ParseObservationText(
    ObservationFileFormat format, absl::string_view text,
    const ParserOptions& options = ParserOptions());

// Returns the columns of the dyadscope CSV, in the README's order.
const std::vector<std::string>& DyadscopeCsvColumns();

// The dyadscope CSV's enum columns (flow, unit, valuation, year_basis,
// qualifier, reporting_side) take the words of their enums, in any case:
// each value's proto name without the prefix, in lower case (ParseWord in
// domain_enums/economics.h, generated from the contract).

// How a WDI series is stored.
struct WdiIndicatorInfo {
  Flow flow = Flow::kOther;
  std::string partner_code;  // "WLD" or "" (no partner)
  Unit unit = Unit::kOther;
  std::string unit_label;
  std::optional<int> base_year;
};

// Returns the flow, partner and unit of a WDI series (code upper case as
// WDI writes it, name as given):
//   flow: NY.GDP.MKTP.CD -> gdp (no partner); BX.KLT.DINV.CD.WD ->
//     fdi_inflow; NE.EXP.GNFS.CD, TX.VAL.MRCH.CD.WT -> exports;
//     NE.IMP.GNFS.CD, TM.VAL.MRCH.CD.WT -> imports; DT.DOD.DECT.CD ->
//     external_debt_stock (these with partner WLD); any other -> other, no
//     partner;
//   unit: last code segment ZS or ZG (shares and growth rates) ->
//     percent_of_gdp when the name says "% of GDP", else percent; a CD
//     segment (".CD", ".CD.WD", ".CD.WT") -> usd_current ("current US$");
//     a KD segment -> usd_constant with the base year from the name
//     ("constant 2015 US$"); anything else -> other, unit_label = the
//     indicator name.
WdiIndicatorInfo ClassifyWdiIndicator(absl::string_view code,
                                      absl::string_view name);

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_H_
