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
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

using importers_test::EmptyCells;
using importers_test::Filtered;
using importers_test::Observations;
using importers_test::Parse;
using importers_test::Rejections;

// ---------------------------------------------------------------------------
// World Bank WDI.

// A WDI download (API_*.csv) as the World Bank serves it: two preamble
// lines each followed by a blank line, a trailing comma on every line.
constexpr char kWdiWide[] =
    "\"Data Source\",\"World Development Indicators\",\n"
    "\n"
    "\"Last Updated Date\",\"2024-06-28\",\n"
    "\n"
    "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator "
    "Code\",\"1960\",\"1961\",\"2022\",\"2023\",\n"
    "\"Pakistan\",\"PAK\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\","
    "\"3749265014.3\",\"4040620000\",\"374901000000\",\"\",\n"
    "\"World\",\"WLD\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"1\",\"2\","
    "\"3\",\"4\",\n"
    "\"China\",\"CHN\",\"Trade (% of GDP)\",\"NE.TRD.GNFS.ZS\",\"..\",\"\","
    "\"37.5\",\"\",\n"
    "\"Pakistan\",\"PAK\",\"Foreign direct investment, net inflows (BoP, "
    "current US$)\",\"BX.KLT.DINV.CD.WD\",\"\",\"\",\"1.5e9\",\"-2e8\",\n"
    "\"Pakistan\",\"PAK\",\"GDP (constant 2015 US$)\",\"NY.GDP.MKTP.KD\","
    "\"\",\"\",\"\",\"3.6e11\",\n"
    "\"East Asia & Pacific\",\"EAS\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\","
    "\"1\",\"\",\"\",\"\",\n";

TEST(WdiWideTest, SkipsPreambleAndParsesEveryYearColumn) {
  ParserOptions options;
  options.file_name = "API_PAK.csv";
  options.source_label = "test";
  ParsedFile file = Parse(ObservationFileFormat::kWdiWide, kWdiWide, options);
  EXPECT_EQ(file.layout, "WDI wide");
  EXPECT_EQ(file.data_rows, 6);
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file), ElementsAre("7:AGGREGATE", "11:AGGREGATE"));
  // 1 + 3 (one "..") + 2 + 3 empty cells.
  EXPECT_EQ(EmptyCells(file), 9);

  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(7));
  const Observation& gdp = all[0];
  EXPECT_EQ(gdp.indicator_code, "NY.GDP.MKTP.CD");
  EXPECT_EQ(gdp.indicator_name, "GDP (current US$)");
  EXPECT_EQ(gdp.reporter_code, "PAK");
  EXPECT_EQ(gdp.partner_code, "");
  EXPECT_EQ(gdp.flow, Flow::kGdp);
  EXPECT_EQ(gdp.year, 1960);
  EXPECT_THAT(gdp.value, Optional(3749265014.3));
  EXPECT_EQ(gdp.unit, Unit::kUsdCurrent);
  EXPECT_EQ(gdp.reporting_side, ReportingSide::kReporter);
  EXPECT_EQ(gdp.provenance.source_system, "WDI");
  EXPECT_EQ(gdp.provenance.source_line, 6);
  EXPECT_EQ(gdp.provenance.source_file, "API_PAK.csv");
  EXPECT_EQ(gdp.provenance.source_label, "test");
  ASSERT_THAT(gdp.sources, SizeIs(1));
  EXPECT_EQ(gdp.sources[0].citation, "World Bank World Development Indicators");
  EXPECT_EQ(gdp.sources[0].url,
            "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD");
  EXPECT_EQ(gdp.sources[0].source_system, "WDI");
  EXPECT_EQ(gdp.sources[0].locator, "NY.GDP.MKTP.CD");
  EXPECT_EQ(gdp.sources[0].dataset_version, "Last Updated 2024-06-28");

  const Observation& trade = all[3];
  EXPECT_EQ(trade.reporter_code, "CHN");
  EXPECT_EQ(trade.year, 2022);
  EXPECT_EQ(trade.unit, Unit::kPercentOfGdp);
  EXPECT_EQ(trade.flow, Flow::kOther);
  EXPECT_THAT(trade.value, Optional(37.5));

  const Observation& fdi = all[5];
  EXPECT_EQ(fdi.flow, Flow::kFdiInflow);
  EXPECT_EQ(fdi.partner_code, "WLD");
  EXPECT_EQ(fdi.partner_name, "World");
  EXPECT_THAT(fdi.value, Optional(-2e8));  // net inflows can be negative

  const Observation& constant = all[6];
  EXPECT_EQ(constant.unit, Unit::kUsdConstant);
  EXPECT_THAT(constant.base_year, Optional(2015));

  // Items of a wide row name their year column.
  int with_column = 0;
  for (const ParsedRow& row : file.rows) {
    if (row.observation() != nullptr) {
      EXPECT_EQ(row.column, absl::StrCat(row.observation()->year));
      ++with_column;
    }
  }
  EXPECT_EQ(with_column, 7);
}

TEST(WdiWideTest, DataBankLayoutWithFooter) {
  constexpr char kDataBank[] =
      "Series Name,Series Code,Country Name,Country Code,2020 [YR2020],2021 "
      "[YR2021]\n"
      "Merchandise exports (current US$),TX.VAL.MRCH.CD.WT,Pakistan,PAK,"
      "22200000000,..\n"
      "Merchandise imports (current US$),TM.VAL.MRCH.CD.WT,Pakistan,PAK,..,"
      "73000000000\n"
      "\n"
      "\n"
      "Data from database: World Development Indicators\n"
      "Last Updated: 06/28/2024\n";
  ParsedFile file = Parse(ObservationFileFormat::kWdiWide, kDataBank);
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file), ElementsAre("6:FOOTER", "7:FOOTER"));
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_EQ(all[0].flow, Flow::kExports);
  EXPECT_EQ(all[0].partner_code, "WLD");
  EXPECT_EQ(all[0].year, 2020);
  EXPECT_EQ(all[1].flow, Flow::kImports);
  EXPECT_EQ(all[1].year, 2021);
  EXPECT_EQ(file.rows[1].column, "2021 [YR2021]");
  EXPECT_EQ(EmptyCells(file), 2);
}

TEST(WdiWideTest, MalformedRowsCarryPhysicalLineNumbers) {
  const std::string text = absl::StrCat(
      kWdiWide,
      // line 12: a bad number in one cell rejects the whole row
      "\"Pakistan\",\"PAK\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"1\","
      "\"12,5\",\"nan\",\"\",\n",
      // line 13: too few fields
      "\"Pakistan\",\"PAK\",\"GDP (current US$)\"\n",
      // line 14: unknown country code
      "\"Atlantis\",\"ATL\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"1\","
      "\"\",\"\",\"\",\n",
      // line 15: no indicator code
      "\"Pakistan\",\"PAK\",\"GDP (current US$)\",\"\",\"1\",\"\",\"\",\"\",\n",
      // lines 16-17: a quoted line break, then a stray quote on line 18
      "\"Paki\nstan\",\"PAK\",\"x\",\"NY.GDP.MKTP.CD\",\"1\",\"\",\"\",\"\",\n",
      "\"Pakistan\",\"PAK\",x\"y,\"NY.GDP.MKTP.CD\",\"1\",\"\",\"\",\"\",\n",
      // line 19: extra empty fields are harmless
      "\"Pakistan\",\"PAK\",\"x\",\"NY.GDP.MKTP.CD\",\"\",\"\",\"\",\"7\",,,"
      "\n");
  ParsedFile file = Parse(ObservationFileFormat::kWdiWide, text);
  EXPECT_THAT(
      Rejections(file),
      ElementsAre("12:1961:INVALID_NUMBER", "12:2022:INVALID_NUMBER",
                  "13::WRONG_COLUMN_COUNT", "14:Country Code:UNKNOWN_COUNTRY",
                  "15:Indicator Code:MISSING_VALUE", "18::STRAY_QUOTE"));
  // Line 12's good cell (1960) is not imported: bad rows never half-import.
  for (const ParsedRow& row : file.rows) {
    if (row.line == 12) {
      EXPECT_NE(row.rejection(), nullptr);
    }
  }
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(9));
  EXPECT_EQ(all[7].provenance.source_line, 16);
  EXPECT_EQ(all[8].provenance.source_line, 19);
  EXPECT_THAT(all[8].value, Optional(7.0));
  // The value is kept, truncated, in the rejection.
  for (const ParsedRow& row : file.rows) {
    if (row.rejection() && row.rejection()->reason_code == "INVALID_NUMBER" &&
        row.column == "1961") {
      EXPECT_EQ(row.rejection()->value, "12,5");
    }
  }
}

TEST(WdiWideTest, MissingHeaderIsInvalidArgumentNamingTheColumns) {
  absl::StatusOr<ParsedFile> file = ParseObservationText(
      ObservationFileFormat::kWdiWide,
      "\"Data Source\",\"World Development Indicators\",\n\nfoo,bar\n1,2\n");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(file.status().message()), HasSubstr("Country Code"));
  EXPECT_EQ(GetReason(file.status()), "HEADER_NOT_FOUND");

  file = ParseObservationText(ObservationFileFormat::kWdiWide, "");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);

  // A long preamble is not scanned forever.
  std::string preamble;
  for (int i = 0; i < kMaxPreambleRecords + 5; ++i) {
    absl::StrAppend(&preamble, "note ", i, "\n");
  }
  absl::StrAppend(&preamble, "Country Code,Indicator Code,2020\nPAK,X,1\n");
  file = ParseObservationText(ObservationFileFormat::kWdiWide, preamble);
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(WdiWideTest, SelectedCountriesOnly) {
  ParserOptions options;
  options.country_codes = {"chn"};
  ParsedFile file = Parse(ObservationFileFormat::kWdiWide, kWdiWide, options);
  for (const Observation& o : Observations(file)) {
    EXPECT_EQ(o.reporter_code, "CHN");
  }
  EXPECT_THAT(Filtered(file),
              ElementsAre("6:COUNTRY_NOT_SELECTED", "7:AGGREGATE",
                          "9:COUNTRY_NOT_SELECTED", "10:COUNTRY_NOT_SELECTED",
                          "11:AGGREGATE"));
}

TEST(WdiLongTest, SourceColumnsGoIntoTheSourceRef) {
  constexpr char kLong[] =
      "country_iso3,indicator_code,indicator_name,year,value,source_repo,"
      "source_path,source_commit\n"
      "PAK,DT.DOD.DECT.CD,\"External debt stocks, total (current US$)\",2020,"
      "115731000000,open-numbers/ddf,datapoints/x.csv,0f0d09\n"
      "chn,NE.TRD.GNFS.ZS,Trade (% of GDP),YR2021,37.4,r,p,c\n"
      "PAK,NY.GDP.MKTP.CD,GDP (current US$),2022,..,r,p,c\n"
      "PAK,NY.GDP.MKTP.CD,GDP (current US$),22,1,r,p,c\n"
      "PAK,NY.GDP.MKTP.CD,GDP (current US$),2023,inf,r,p,c\n"
      "WLD,NY.GDP.MKTP.CD,GDP (current US$),2023,1,r,p,c\n";
  ParsedFile file = Parse(ObservationFileFormat::kWdiLong, kLong);
  EXPECT_EQ(file.layout, "WDI long");
  EXPECT_THAT(Rejections(file),
              ElementsAre("5:year:INVALID_YEAR", "6:value:INVALID_NUMBER"));
  EXPECT_THAT(Filtered(file), ElementsAre("7:AGGREGATE"));
  EXPECT_EQ(EmptyCells(file), 1);
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_EQ(all[0].flow, Flow::kExternalDebtStock);
  EXPECT_EQ(all[0].partner_code, "WLD");
  EXPECT_EQ(all[0].sources[0].locator, "open-numbers/ddf/datapoints/x.csv");
  EXPECT_EQ(all[0].sources[0].dataset_version, "0f0d09");
  EXPECT_EQ(all[1].reporter_code, "CHN");
  EXPECT_EQ(all[1].year, 2021);
  EXPECT_EQ(all[1].unit, Unit::kPercentOfGdp);
}

TEST(ClassifyWdiIndicatorTest, FlowsPartnersAndUnits) {
  struct Case {
    const char* code;
    const char* name;
    Flow flow;
    const char* partner;
    Unit unit;
  };
  const Case cases[] = {
      {"NY.GDP.MKTP.CD", "GDP (current US$)", Flow::kGdp, "",
       Unit::kUsdCurrent},
      {"BX.KLT.DINV.CD.WD", "FDI", Flow::kFdiInflow, "WLD", Unit::kUsdCurrent},
      {"NE.EXP.GNFS.CD", "Exports", Flow::kExports, "WLD", Unit::kUsdCurrent},
      {"TX.VAL.MRCH.CD.WT", "Exports", Flow::kExports, "WLD",
       Unit::kUsdCurrent},
      {"NE.IMP.GNFS.CD", "Imports", Flow::kImports, "WLD", Unit::kUsdCurrent},
      {"TM.VAL.MRCH.CD.WT", "Imports", Flow::kImports, "WLD",
       Unit::kUsdCurrent},
      {"DT.DOD.DECT.CD", "Debt", Flow::kExternalDebtStock, "WLD",
       Unit::kUsdCurrent},
      {"NE.TRD.GNFS.ZS", "Trade (% of GDP)", Flow::kOther, "",
       Unit::kPercentOfGdp},
      {"SP.POP.GROW", "Population growth (annual %)", Flow::kOther, "",
       Unit::kOther},
      {"NY.GDP.MKTP.KD.ZG", "GDP growth (annual %)", Flow::kOther, "",
       Unit::kPercent},
      {"NY.GDP.MKTP.CN", "GDP (current LCU)", Flow::kOther, "", Unit::kOther},
  };
  for (const Case& c : cases) {
    const WdiIndicatorInfo info = ClassifyWdiIndicator(c.code, c.name);
    EXPECT_EQ(info.flow, c.flow) << c.code;
    EXPECT_EQ(info.partner_code, c.partner) << c.code;
    EXPECT_EQ(info.unit, c.unit) << c.code;
  }
  EXPECT_EQ(
      ClassifyWdiIndicator("NY.GDP.MKTP.CN", "GDP (current LCU)").unit_label,
      "GDP (current LCU)");
}

}  // namespace
}  // namespace dyadscope::economics
