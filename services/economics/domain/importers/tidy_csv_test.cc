#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/country_names.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/importers/test_util.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::SizeIs;

using importers_test::Observations;
using importers_test::Parse;
using importers_test::Rejections;

// ---------------------------------------------------------------------------
// The dyadscope CSV.

using Row = std::map<std::string, std::string>;

Row GoodRow() {
  return Row{
      {"indicator_code", "exports_fob"},
      {"indicator_name", "Exports, FOB"},
      {"reporter_code", "PAK"},
      {"partner_code", "CHN"},
      {"partner_name", "China"},
      {"flow", "exports"},
      {"valuation", "fob"},
      {"year", "2020"},
      {"value", "2090500000"},
      {"unit", "usd_current"},
      {"unit_label", "US$ millions (converted)"},
      {"reporting_side", "reporter"},
      {"source_flag", "e"},
      {"notes", "a, \"quoted\" note"},
      {"source_system", "IMF_DOTS"},
      {"source_1_citation", "IMF DOTS"},
      {"source_1_url", "https://data.imf.org/"},
      {"source_1_dataset_version", "2022-01"},
      {"source_1_locator", "sheet Exports, FOB"},
      {"source_2_citation", "A second source"},
  };
}

std::string Quote(absl::string_view field) {
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string CsvLine(const Row& row) {
  std::vector<std::string> fields;
  for (const std::string& column : DyadscopeCsvColumns()) {
    auto it = row.find(column);
    fields.push_back(Quote(it == row.end() ? "" : it->second));
  }
  return absl::StrCat(absl::StrJoin(fields, ","), "\n");
}

std::string CsvFile(const std::vector<Row>& rows) {
  std::string text =
      absl::StrCat(absl::StrJoin(DyadscopeCsvColumns(), ","), "\n");
  for (const Row& row : rows) text += CsvLine(row);
  return text;
}

Row With(Row row, const std::string& column, const std::string& value) {
  row[column] = value;
  return row;
}

TEST(DyadscopeCsvTest, ParsesEveryColumn) {
  Row row = With(GoodRow(), "flow", "EXPORTS");
  row["year_basis"] = "Fiscal";
  row["period_label"] = "FY2019-20";
  row["qualifier"] = "at_least";
  ParsedFile file = Parse(ObservationFileFormat::kDyadscopeCsv, CsvFile({row}));
  EXPECT_EQ(file.layout, "dyadscope CSV");
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(1));
  const Observation& o = all[0];
  EXPECT_EQ(o.indicator_code, "exports_fob");
  EXPECT_EQ(o.indicator_name, "Exports, FOB");
  EXPECT_EQ(o.reporter_code, "PAK");
  EXPECT_EQ(o.partner_code, "CHN");
  EXPECT_EQ(o.partner_name, "China");
  EXPECT_EQ(o.flow, Flow::kExports);
  EXPECT_EQ(o.valuation, TradeValuation::kFob);
  EXPECT_EQ(o.year, 2020);
  EXPECT_EQ(o.year_basis, YearBasis::kFiscal);
  EXPECT_EQ(o.period_label, "FY2019-20");
  EXPECT_THAT(o.value, Optional(2090500000.0));
  EXPECT_EQ(o.unit, Unit::kUsdCurrent);
  EXPECT_EQ(o.unit_label, "US$ millions (converted)");
  EXPECT_EQ(o.qualifier, ValueQualifier::kAtLeast);
  EXPECT_EQ(o.reporting_side, ReportingSide::kReporter);
  EXPECT_EQ(o.source_flag, "e");
  EXPECT_EQ(o.notes, "a, \"quoted\" note");
  EXPECT_EQ(o.provenance.source_system, "IMF_DOTS");
  EXPECT_EQ(o.provenance.source_line, 2);
  ASSERT_THAT(o.sources, SizeIs(2));
  EXPECT_EQ(o.sources[0].citation, "IMF DOTS");
  EXPECT_EQ(o.sources[0].url, "https://data.imf.org/");
  EXPECT_EQ(o.sources[0].dataset_version, "2022-01");
  EXPECT_EQ(o.sources[0].locator, "sheet Exports, FOB");
  EXPECT_EQ(o.sources[0].source_system, "IMF_DOTS");
  EXPECT_EQ(o.sources[1].citation, "A second source");
}

TEST(DyadscopeCsvTest, DefaultsAndOptionalColumns) {
  Row row = GoodRow();
  row.erase("partner_code");
  row.erase("valuation");
  row.erase("value");
  row["flow"] = "gdp";
  ParsedFile file = Parse(ObservationFileFormat::kDyadscopeCsv, CsvFile({row}));
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(1));
  EXPECT_EQ(all[0].partner_code, "");
  EXPECT_EQ(all[0].value, std::nullopt);  // listed unavailable
  EXPECT_EQ(all[0].year_basis, YearBasis::kCalendar);
  EXPECT_EQ(all[0].qualifier, ValueQualifier::kExact);
  EXPECT_EQ(all[0].valuation, TradeValuation::kUnspecified);

  // Required columns only, with lower-case codes.
  ParsedFile minimal =
      Parse(ObservationFileFormat::kDyadscopeCsv,
            " Indicator_Code ,reporter_code,partner_code,flow,year,unit,"
            "source_system,source_1_url\n"
            "x,pak,wld,other,1999,other,MINE,http://example.org/a\n");
  all = Observations(minimal);
  ASSERT_THAT(all, SizeIs(1));
  EXPECT_EQ(all[0].reporter_code, "PAK");
  EXPECT_EQ(all[0].partner_code, "WLD");
}

TEST(DyadscopeCsvTest, EveryRuleRejectsNamingTheColumn) {
  const std::string long_value(300, 'x');
  struct Case {
    Row row;
    const char* expected;  // field:REASON
  };
  const Row good = GoodRow();
  Row no_sources = good;
  for (const char* column :
       {"source_1_citation", "source_1_url", "source_2_citation"}) {
    no_sources.erase(column);
  }
  const Case cases[] = {
      {With(good, "indicator_code", ""), "indicator_code:MISSING_VALUE"},
      {With(good, "reporter_code", ""), "reporter_code:MISSING_VALUE"},
      {With(good, "reporter_code", "XXX"), "reporter_code:UNKNOWN_COUNTRY"},
      {With(good, "reporter_code", "WLD"), "reporter_code:UNKNOWN_COUNTRY"},
      {With(good, "partner_code", "CN"), "partner_code:UNKNOWN_COUNTRY"},
      {With(good, "flow", ""), "flow:MISSING_VALUE"},
      {With(good, "flow", "trade"), "flow:INVALID_ENUM"},
      {With(good, "valuation", "cfr"), "valuation:INVALID_ENUM"},
      {With(good, "year", ""), "year:MISSING_VALUE"},
      {With(good, "year", "20x1"), "year:INVALID_YEAR"},
      {With(good, "year", "1700"), "year:INVALID_YEAR"},
      {With(good, "year_basis", "monthly"), "year_basis:INVALID_ENUM"},
      {With(good, "year_basis", "fiscal"), "period_label:MISSING_VALUE"},
      {With(With(good, "year_basis", "fiscal"), "period_label", "FY2020-21"),
       "period_label:INVALID_VALUE"},
      {With(good, "value", "nan"), "value:INVALID_NUMBER"},
      {With(good, "value", "inf"), "value:INVALID_NUMBER"},
      {With(good, "value", "1,000"), "value:INVALID_NUMBER"},
      {With(good, "value", long_value), "value:INVALID_NUMBER"},
      {With(good, "unit", ""), "unit:MISSING_VALUE"},
      {With(good, "unit", "dollars"), "unit:INVALID_ENUM"},
      {With(good, "unit", "usd_constant"), "base_year:MISSING_VALUE"},
      {With(good, "base_year", "2015"), "base_year:INVALID_VALUE"},
      {With(With(good, "unit", "usd_constant"), "base_year", "15"),
       "base_year:INVALID_YEAR"},
      {With(good, "qualifier", "roughly"), "qualifier:INVALID_ENUM"},
      {With(good, "reporting_side", "mirror"), "reporting_side:INVALID_ENUM"},
      {With(good, "source_system", ""), "source_system:MISSING_VALUE"},
      {With(good, "source_system", "imf dots"), "source_system:INVALID_VALUE"},
      {With(good, "source_1_url", "ftp://x.org/"), "source_1_url:INVALID_URL"},
      {With(good, "source_2_url", "https://a b"), "source_2_url:INVALID_URL"},
      {no_sources, "source_1_citation:MISSING_SOURCE"},
  };
  for (const Case& c : cases) {
    ParsedFile file =
        Parse(ObservationFileFormat::kDyadscopeCsv, CsvFile({c.row}));
    ASSERT_THAT(file.rows, SizeIs(1)) << c.expected;
    const RowRejection* rejection = file.rows[0].rejection();
    ASSERT_NE(rejection, nullptr) << c.expected;
    EXPECT_EQ(absl::StrCat(rejection->field, ":", rejection->reason_code),
              c.expected);
    EXPECT_FALSE(rejection->reason.empty());
    EXPECT_EQ(file.rows[0].line, 2);
    if (std::string(c.expected) == "value:INVALID_NUMBER" &&
        c.row.at("value") == long_value) {
      EXPECT_EQ(rejection->value, long_value.substr(0, 200));
    }
  }
  // A fiscal label that ends in the row's year is fine.
  ParsedFile fiscal = Parse(ObservationFileFormat::kDyadscopeCsv,
                            CsvFile({With(With(good, "year_basis", "fiscal"),
                                          "period_label", "FY2019-20")}));
  EXPECT_THAT(Observations(fiscal), SizeIs(1));
  // The default source stands in for a row without one.
  ParserOptions options;
  options.default_source.citation = "Curated by hand";
  ParsedFile defaulted = Parse(ObservationFileFormat::kDyadscopeCsv,
                               CsvFile({no_sources}), options);
  std::vector<Observation> all = Observations(defaulted);
  ASSERT_THAT(all, SizeIs(1));
  EXPECT_EQ(all[0].sources[0].citation, "Curated by hand");
}

TEST(DyadscopeCsvTest, HeaderErrors) {
  auto header_error = [](absl::string_view text) {
    absl::StatusOr<ParsedFile> file =
        ParseObservationText(ObservationFileFormat::kDyadscopeCsv, text);
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
    return file.status();
  };
  absl::Status status = header_error(
      "indicator_code,reporter_code,flow,year,unit,source_system,"
      "source_1_url,valu\n");
  EXPECT_EQ(GetReason(status), "UNKNOWN_COLUMN");
  ASSERT_THAT(GetFieldViolations(status), SizeIs(1));
  EXPECT_EQ(GetFieldViolations(status)[0].field, "valu");

  status = header_error(
      "indicator_code,reporter_code,flow,year,source_system,source_1_url\n");
  EXPECT_EQ(GetReason(status), "MISSING_COLUMN");
  EXPECT_EQ(GetFieldViolations(status)[0].field, "unit");

  status = header_error(
      "indicator_code,reporter_code,flow,year,year,unit,source_system,"
      "source_1_url\n");
  EXPECT_EQ(GetReason(status), "DUPLICATE_COLUMN");

  status = header_error(
      "indicator_code,reporter_code,flow,year,unit,"
      "source_system\n");
  EXPECT_EQ(GetFieldViolations(status)[0].field, "source_1_citation");

  // Strict: no preamble before the header.
  status = header_error(
      absl::StrCat("\"Data Source\",\"WDI\"\n", CsvFile({GoodRow()})));
  EXPECT_EQ(GetReason(status), "UNKNOWN_COLUMN");
}

TEST(DyadscopeCsvTest, MalformedRowsWithLineNumbers) {
  const std::string text = absl::StrCat(
      CsvFile({GoodRow()}),                             // lines 1-2
      "exports_fob,PAK\n",                              // line 3
      CsvLine(With(GoodRow(), "notes", "two\nlines")),  // lines 4-5
      CsvLine(With(GoodRow(), "flow", "sideways")),     // line 6
      "\n",                                             // line 7
      CsvLine(With(GoodRow(), "year", "2021")),         // line 8
      "\"exports_fob,PAK,\n");                          // line 9
  ParsedFile file = Parse(ObservationFileFormat::kDyadscopeCsv, text);
  EXPECT_THAT(Rejections(file),
              ElementsAre("3::WRONG_COLUMN_COUNT", "6:flow:INVALID_ENUM",
                          "9::UNTERMINATED_QUOTE"));
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].provenance.source_line, 2);
  EXPECT_EQ(all[1].provenance.source_line, 4);
  EXPECT_EQ(all[1].notes, "two\nlines");
  EXPECT_EQ(all[2].provenance.source_line, 8);
  EXPECT_EQ(file.data_rows, 6);
}

}  // namespace
}  // namespace dyadscope::economics
