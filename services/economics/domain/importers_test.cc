#include "services/economics/domain/importers.h"

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
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/economics/domain/country_names.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------
// Helpers.

ParsedFile Parse(ObservationFileFormat format, absl::string_view text,
                 const ParserOptions& options = ParserOptions()) {
  absl::StatusOr<ParsedFile> file = ParseObservationText(format, text, options);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *std::move(file) : ParsedFile();
}

std::vector<Observation> Observations(const ParsedFile& file) {
  std::vector<Observation> out;
  for (const ParsedRow& row : file.rows) {
    if (row.observation() != nullptr) out.push_back(*row.observation());
  }
  return out;
}

// Rejections as "line:field:REASON_CODE".
std::vector<std::string> Rejections(const ParsedFile& file) {
  std::vector<std::string> out;
  for (const ParsedRow& row : file.rows) {
    if (const RowRejection* r = row.rejection()) {
      out.push_back(absl::StrCat(row.line, ":", r->field, ":", r->reason_code));
    }
  }
  return out;
}

// Filtered items as "line:REASON_CODE".
std::vector<std::string> Filtered(const ParsedFile& file) {
  std::vector<std::string> out;
  for (const ParsedRow& row : file.rows) {
    if (const FilteredRow* f = row.filtered()) {
      out.push_back(absl::StrCat(row.line, ":", f->reason_code));
    }
  }
  return out;
}

int EmptyCells(const ParsedFile& file) {
  int n = 0;
  for (const ParsedRow& row : file.rows) n += row.is_empty_cell() ? 1 : 0;
  return n;
}

// Everything an observation says, for whole-value comparisons.
std::string Describe(const Observation& o) {
  std::vector<std::string> sources;
  for (const SourceRef& s : o.sources) {
    sources.push_back(absl::StrCat(s.citation, "|", s.url, "|", s.source_system,
                                   "|", s.dataset_version, "|", s.locator));
  }
  return absl::StrCat(
      o.indicator_code, "/", o.indicator_name, "/", o.reporter_code, "/",
      o.partner_code, "/", o.partner_name, "/", static_cast<int>(o.flow), "/",
      static_cast<int>(o.valuation), "/", o.year, "/",
      static_cast<int>(o.year_basis), "/", o.period_label, "/",
      o.value.has_value() ? absl::StrCat(*o.value) : "none", "/",
      static_cast<int>(o.unit), "/", o.unit_label, "/", o.base_year.value_or(0),
      "/", static_cast<int>(o.qualifier), "/",
      static_cast<int>(o.reporting_side), "/", o.source_flag, "/", o.notes, "/",
      absl::StrJoin(sources, ";"), "/", o.provenance.source_system, "/",
      o.provenance.source_line, "/", o.provenance.source_file);
}

const Observation* FindObservation(const std::vector<Observation>& all,
                                   absl::string_view reporter,
                                   absl::string_view partner, int year,
                                   absl::string_view indicator = "") {
  for (const Observation& o : all) {
    if (o.reporter_code == reporter && o.partner_code == partner &&
        o.year == year &&
        (indicator.empty() || o.indicator_code == indicator)) {
      return &o;
    }
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// Formats and the parser protocol.

TEST(ObservationFileFormatTest, NamesRoundTrip) {
  for (ObservationFileFormat format :
       {ObservationFileFormat::kImfDots, ObservationFileFormat::kWdiWide,
        ObservationFileFormat::kWdiLong, ObservationFileFormat::kComtrade,
        ObservationFileFormat::kSipri, ObservationFileFormat::kDyadscopeCsv}) {
    EXPECT_THAT(ObservationFileFormatFromName(
                    absl::AsciiStrToLower(ObservationFileFormatName(format))),
                Optional(format));
  }
  EXPECT_EQ(ObservationFileFormatFromName("CSV"), std::nullopt);
}

TEST(CreateParserTest, RejectsUnspecifiedFormatAndUnknownCountryOptions) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(ObservationFileFormat::kUnspecified);
  EXPECT_EQ(parser.status().code(), absl::StatusCode::kInvalidArgument);

  ParserOptions options;
  options.country_codes = {"PAK", "XYZ"};
  parser = CreateParser(ObservationFileFormat::kWdiWide, options);
  EXPECT_EQ(parser.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parser.status().message()), HasSubstr("XYZ"));
}

TEST(CreateParserTest, DrivenRecordByRecord) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(ObservationFileFormat::kWdiLong);
  ASSERT_TRUE(parser.ok());
  ObservationFileParser& p = **parser;
  EXPECT_EQ(p.format(), ObservationFileFormat::kWdiLong);
  std::vector<ParsedRow> rows;
  absl::Status status = csv::ReadCsv(
      "country_iso3,indicator_code,year,value\n"
      "PAK,NY.GDP.MKTP.CD,2020,1\n",
      csv::CsvOptions(), [&](const csv::CsvRecord& record) -> absl::Status {
        if (!p.header_found()) return p.Header(record);
        for (ParsedRow& row : p.Row(record)) rows.push_back(std::move(row));
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.layout(), "WDI long");
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].line, 2);

  csv::CsvRecord header;
  header.fields = {"x"};
  EXPECT_EQ(p.Header(header).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CreateParserTest, RowBeforeHeaderIsRejected) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(ObservationFileFormat::kSipri);
  ASSERT_TRUE(parser.ok());
  csv::CsvRecord record;
  record.line = 3;
  record.fields = {"a", "b"};
  std::vector<ParsedRow> rows = (*parser)->Row(record);
  ASSERT_THAT(rows, SizeIs(1));
  ASSERT_NE(rows[0].rejection(), nullptr);
  EXPECT_EQ(rows[0].rejection()->reason_code, "HEADER_NOT_FOUND");
}

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

// ---------------------------------------------------------------------------
// UN Comtrade.

constexpr char kComtradeCurrent[] =
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,"
    "reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,"
    "partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
    "cmdCode,cmdDesc,aggrLevel,customsCode,motCode,primaryValue,"
    "isAggregate\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,X,Export,156,CHN,China,0,W00,"
    "World,H5,TOTAL,All Commodities,0,C00,0,2090660000,True\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,M,Import,0,W00,World,0,W00,"
    "World,H5,TOTAL,All Commodities,0,C00,0,45800000000.5,True\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,M,Import,156,CHN,China,0,W00,"
    "World,H5,85,Electrical machinery,2,C00,0,3000000000,False\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,RX,Re-export,156,CHN,China,0,"
    "W00,World,H5,TOTAL,All Commodities,0,C00,0,1000,True\n"
    "C,M,20200101,2020,1,202001,586,PAK,Pakistan,X,Export,156,CHN,China,0,W00,"
    "World,H5,TOTAL,All Commodities,0,C00,0,150000000,True\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,X,Export,156,CHN,China,0,W00,"
    "World,H5,TOTAL,All Commodities,0,C00,1000,5,True\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,X,Export,490,S19,\"Other "
    "Asia, nes\",0,W00,World,H5,TOTAL,All Commodities,0,C00,0,5,True\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,Z,Zap,156,CHN,China,0,W00,"
    "World,H5,TOTAL,All Commodities,0,C00,0,5,True\n"
    "C,A,20200101,2020,52,2020,586,PAK,Pakistan,X,Export,156,CHN,China,0,W00,"
    "World,H5,TOTAL,All Commodities,0,C00,0,-5,True\n";

constexpr char kComtradeLegacy[] =
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,"
    "Trade Flow Code,Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner "
    "Code,Partner,Partner ISO,2nd Partner Code,2nd Partner,2nd Partner ISO,"
    "Customs Proc. Code,Customs,Mode of Transport Code,Mode of Transport,"
    "Commodity Code,Commodity,Trade Value (US$)\n"
    "H5,2020,2020,2020,0,0,2,Export,586,Pakistan,PAK,156,China,CHN,,,,,,,,"
    "TOTAL,All Commodities,2090660000\n"
    "H5,2020,2020,2020,0,0,1,Import,586,Pakistan,PAK,0,World,WLD,,,,,,,,"
    "TOTAL,All Commodities,45800000000.5\n"
    "H5,2020,2020,2020,2,1,1,Import,586,Pakistan,PAK,156,China,CHN,,,,,,,,"
    "85,Electrical machinery,3000000000\n"
    "H5,2020,2020,2020,0,0,3,Re-Export,586,Pakistan,PAK,156,China,CHN,,,,,,"
    ",,TOTAL,All Commodities,1000\n"
    "H5,2020,202001,January 2020,0,0,2,Export,586,Pakistan,PAK,156,China,CHN,"
    ",,,,,,,TOTAL,All Commodities,150000000\n"
    "H5,2020,2020,2020,0,0,2,Export,586,Pakistan,PAK,156,China,CHN,,,,,,1000,"
    "Air,TOTAL,All Commodities,5\n"
    "H5,2020,2020,2020,0,0,2,Export,586,Pakistan,PAK,490,\"Other Asia, "
    "nes\",,,,,,,,,TOTAL,All Commodities,5\n"
    "H5,2020,2020,2020,0,0,9,Zap,586,Pakistan,PAK,156,China,CHN,,,,,,,,"
    "TOTAL,All Commodities,5\n"
    "H5,2020,2020,2020,0,0,2,Export,586,Pakistan,PAK,156,China,CHN,,,,,,,,"
    "TOTAL,All Commodities,-5\n";

TEST(ComtradeTest, CurrentAndLegacyColumnsGiveIdenticalObservations) {
  ParsedFile current =
      Parse(ObservationFileFormat::kComtrade, kComtradeCurrent);
  ParsedFile legacy = Parse(ObservationFileFormat::kComtrade, kComtradeLegacy);
  EXPECT_EQ(current.layout, "UN Comtrade");
  EXPECT_EQ(legacy.layout, "UN Comtrade legacy");

  std::vector<Observation> a = Observations(current);
  std::vector<Observation> b = Observations(legacy);
  ASSERT_THAT(a, SizeIs(3));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(Describe(a[i]), Describe(b[i]));
  }

  const Observation& exports = a[0];
  EXPECT_EQ(exports.indicator_code, "exports_fob");
  EXPECT_EQ(exports.reporter_code, "PAK");
  EXPECT_EQ(exports.partner_code, "CHN");
  EXPECT_EQ(exports.flow, Flow::kExports);
  EXPECT_EQ(exports.valuation, TradeValuation::kFob);
  EXPECT_EQ(exports.year, 2020);
  EXPECT_THAT(exports.value, Optional(2090660000.0));
  EXPECT_EQ(exports.unit, Unit::kUsdCurrent);
  EXPECT_EQ(exports.provenance.source_system, "COMTRADE");
  EXPECT_EQ(exports.sources[0].citation, "UN Comtrade");
  EXPECT_EQ(exports.sources[0].locator, "H5 TOTAL");

  const Observation& world = a[1];
  EXPECT_EQ(world.partner_code, "WLD");
  EXPECT_EQ(world.indicator_code, "imports_cif");
  EXPECT_EQ(world.valuation, TradeValuation::kCif);
  EXPECT_THAT(world.value, Optional(45800000000.5));

  const Observation& commodity = a[2];
  EXPECT_EQ(commodity.indicator_code, "comtrade_85");
  EXPECT_EQ(commodity.indicator_name, "Electrical machinery");
  EXPECT_EQ(commodity.flow, Flow::kImports);

  EXPECT_THAT(Filtered(current), ElementsAre("5:NOT_A_FLOW", "6:NOT_ANNUAL",
                                             "7:BREAKDOWN", "8:AGGREGATE"));
  EXPECT_THAT(Filtered(legacy), ElementsAre("5:NOT_A_FLOW", "6:NOT_ANNUAL",
                                            "7:BREAKDOWN", "8:AGGREGATE"));
  EXPECT_THAT(Rejections(current), ElementsAre("9:flowCode:INVALID_ENUM",
                                               "10:primaryValue:OUT_OF_RANGE"));
  EXPECT_THAT(Rejections(legacy),
              ElementsAre("9:Trade Flow:INVALID_ENUM",
                          "10:Trade Value (US$):OUT_OF_RANGE"));
}

TEST(ComtradeTest, HeaderLackingAColumnNamesIt) {
  absl::StatusOr<ParsedFile> file = ParseObservationText(
      ObservationFileFormat::kComtrade,
      "refYear,reporterISO,partnerISO,flowCode\n2020,PAK,CHN,X\n");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(file.status().message()), HasSubstr("primaryValue"));
  EXPECT_EQ(GetReason(file.status()), "MISSING_COLUMN");
}

// ---------------------------------------------------------------------------
// IMF DOTS.

TEST(ImfDotsTest, LongFormConvertsMillionsToDollarsExactly) {
  constexpr char kLong[] =
      "year,reporter_iso3,reporter,partner_iso3,partner,indicator,"
      "value_usd_millions,value_flag,source_file,source_sheet,"
      "source_table_title\n"
      "1961,CHN,\"China, P.R.: Mainland\",PAK,Pakistan,exports_fob,3.2,,"
      "data/DOTS/DOTS_40.xlsx,\"Exports, FOB\",\"Exports, FOB to Partner "
      "Countries\"\n"
      "2020,PAK,Pakistan,CHN,\"China, P.R.: Mainland\",imports_cif,12477.2,e,"
      "data/DOTS/DOTS_151.xlsx,\"Imports, CIF\",x\n"
      "2020,PAK,Pakistan,WLD,World,exports_fob,210.9,,f,s,t\n"
      "2020,PAK,Pakistan,WLD,World,exports_fob,,,f,s,t\n"
      "2020,PAK,Pakistan,WLD,World,exports_fob,1e3,,f,s,t\n"
      "2020,PAK,Pakistan,WLD,World,exports_fob,\"1,234.5\",,f,s,t\n"
      "2020,PAK,Pakistan,WLD,World,exports_fob,\"12,34\",,f,s,t\n"
      "2020,PAK,Pakistan,WLD,World,exports_fob,NaN,,f,s,t\n"
      "2020,PAK,Pakistan,WLD,World,re_exports,1,,f,s,t\n"
      "20x0,PAK,Pakistan,WLD,World,exports_fob,1,,f,s,t\n"
      "2020,PAK,Pakistan,,Narnia,exports_fob,1,,f,s,t\n";
  ParsedFile file = Parse(ObservationFileFormat::kImfDots, kLong);
  EXPECT_EQ(file.layout, "IMF DOTS long");
  EXPECT_THAT(
      Rejections(file),
      ElementsAre("8:value_usd_millions:INVALID_NUMBER",
                  "9:value_usd_millions:INVALID_NUMBER",
                  "10:indicator:UNKNOWN_INDICATOR", "11:year:INVALID_YEAR",
                  "12:partner:UNKNOWN_COUNTRY"));
  EXPECT_EQ(EmptyCells(file), 1);
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(5));

  const Observation& mirror = all[0];
  EXPECT_EQ(mirror.indicator_code, "exports_fob");
  EXPECT_EQ(mirror.indicator_name, "Exports, FOB");
  EXPECT_EQ(mirror.reporter_code, "CHN");
  EXPECT_EQ(mirror.partner_code, "PAK");
  EXPECT_EQ(mirror.partner_name, "Pakistan");
  EXPECT_EQ(mirror.flow, Flow::kExports);
  EXPECT_EQ(mirror.valuation, TradeValuation::kFob);
  EXPECT_EQ(mirror.unit, Unit::kUsdCurrent);
  EXPECT_EQ(mirror.unit_label, "US$ millions");
  EXPECT_EQ(mirror.value, 3200000.0);
  EXPECT_EQ(mirror.provenance.source_system, "IMF_DOTS");
  EXPECT_EQ(mirror.sources[0].citation, "IMF Direction of Trade Statistics");
  EXPECT_EQ(mirror.sources[0].source_system, "IMF_DOTS");
  EXPECT_EQ(mirror.sources[0].locator,
            "data/DOTS/DOTS_40.xlsx, sheet \"Exports, FOB\"");

  EXPECT_EQ(all[1].flow, Flow::kImports);
  EXPECT_EQ(all[1].valuation, TradeValuation::kCif);
  EXPECT_EQ(all[1].indicator_code, "imports_cif");
  EXPECT_EQ(all[1].source_flag, "e");
  // Exact: the decimal is scaled before it is rounded to binary.
  EXPECT_EQ(all[1].value, 12477200000.0);
  EXPECT_EQ(all[2].value, 210900000.0);
  EXPECT_DOUBLE_EQ(*all[2].value, 210.9e6);
  EXPECT_EQ(all[2].partner_code, "WLD");
  EXPECT_EQ(all[3].value, 1e9);
  EXPECT_EQ(all[4].value, 1234500000.0);
}

TEST(ImfDotsTest, AllPartnersNamesAndAggregates) {
  constexpr char kAllPartners[] =
      "reporter_iso3,reporter,partner_name,flow,year,value_usd_millions,"
      "is_aggregate\n"
      "PAK,Pakistan,Australia,exports_fob,1960,9.5,0\n"
      "PAK,Pakistan,World,exports_fob,1960,391.8,1\n"
      "PAK,Pakistan,Advanced Economies,exports_fob,1960,244.8,1\n"
      "PAK,Pakistan,\"China, P.R.: Mainland\",imports_cif,2015,11019.005362,0\n"
      "PAK,Pakistan,Côte d'Ivoire,imports_cif,2015,1,0\n"
      "PAK,Pakistan,USSR,imports_cif,1970,2,0\n"
      "PAK,Pakistan,Asia not specified,imports_cif,1970,2,1\n";
  ParsedFile file = Parse(ObservationFileFormat::kImfDots, kAllPartners);
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file),
              ElementsAre("3:AGGREGATE", "4:AGGREGATE", "8:AGGREGATE"));
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(4));
  EXPECT_EQ(all[0].partner_code, "AUS");
  EXPECT_EQ(all[0].value, 9500000.0);
  EXPECT_EQ(all[1].partner_code, "CHN");
  EXPECT_EQ(all[1].partner_name, "China, P.R.: Mainland");
  EXPECT_EQ(all[1].value, 11019005362.0);
  EXPECT_EQ(all[2].partner_code, "CIV");
  EXPECT_EQ(all[3].partner_code, "SUN");
}

TEST(ImfDotsTest, PortalWideCsvWithStatusRows) {
  constexpr char kWide[] =
      "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator "
      "Code\",\"Counterpart Country Name\",\"Counterpart Country "
      "Code\",\"Attribute\",\"2019\",\"2019M1\",\"2020\",\n"
      "\"Pakistan\",\"564\",\"Goods, Value of Exports, Free on board (FOB), "
      "US Dollars\",\"TXG_FOB_USD\",\"China, P.R.: Mainland\",\"924\","
      "\"Value\",\"1,816.3\",\"150.1\",\"2,090.5\",\n"
      "\"Pakistan\",\"564\",\"Goods, Value of Exports, Free on board (FOB), "
      "US Dollars\",\"TXG_FOB_USD\",\"China, P.R.: Mainland\",\"924\","
      "\"Status\",\"\",\"\",\"e\",\n"
      "\"Pakistan\",\"564\",\"Goods, Value of Imports, Cost, Insurance, "
      "Freight (CIF), US Dollars\",\"TMG_CIF_USD\",\"World\",\"001\","
      "\"Value\",\"50,000.25\",\"\",\"45000\",\n"
      "\"Pakistan\",\"564\",\"Goods, Value of Trade Balance, US Dollars\","
      "\"TBG_USD\",\"China, P.R.: Mainland\",\"924\",\"Value\",\"-1\",\"\","
      "\"-2\",\n"
      "\"Pakistan\",\"564\",\"Goods, Value of Exports, Free on board (FOB), "
      "US Dollars\",\"TXG_FOB_USD\",\"Advanced Economies\",\"110\",\"Value\","
      "\"1\",\"\",\"2\",\n"
      "\"Pakistan\",\"564\",\"Goods, Value of Imports, Free on board (FOB), "
      "US Dollars\",\"TMG_FOB_USD\",\"China, P.R.: Mainland\",\"924\","
      "\"Value\",\"3\",\"\",\"\",\n";
  ParsedFile file = Parse(ObservationFileFormat::kImfDots, kWide);
  EXPECT_EQ(file.layout, "IMF DOTS wide");
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file),
              ElementsAre("3:NOT_A_VALUE_ROW", "5:NOT_A_FLOW", "6:AGGREGATE"));
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(5));
  EXPECT_EQ(all[0].reporter_code, "PAK");
  EXPECT_EQ(all[0].partner_code, "CHN");
  EXPECT_EQ(all[0].year, 2019);
  EXPECT_EQ(all[0].value, 1816300000.0);
  EXPECT_EQ(all[0].indicator_code, "exports_fob");
  EXPECT_EQ(all[0].sources[0].locator, "Exports, FOB (TXG_FOB_USD)");
  EXPECT_EQ(all[1].year, 2020);
  EXPECT_EQ(all[1].value, 2090500000.0);
  EXPECT_EQ(all[2].partner_code, "WLD");
  EXPECT_EQ(all[2].indicator_code, "imports_cif");
  EXPECT_EQ(all[2].value, 50000250000.0);
  EXPECT_EQ(all[3].value, 45000000000.0);
  EXPECT_EQ(all[4].indicator_code, "imports_fob");
  EXPECT_EQ(all[4].valuation, TradeValuation::kFob);
}

TEST(ImfDotsTest, PortalSheetSavedAsCsv) {
  constexpr char kSheet[] =
      ",,,\n"
      ",\"Exports, FOB to Partner Countries\",,\n"
      ",,,\n"
      ",Pakistan,,\n"
      ",\"US Dollars, Millions\",,\n"
      ",,,\n"
      ",,1960,1961\n"
      ",Australia,9.5,13\n"
      ",World,391.8,393.9\n"
      ",Advanced Economies,244.8,245.7\n"
      ",\"China, P.R.: Mainland\",,3.2\n"
      ",Atlantis,1,2\n";
  ParsedFile file = Parse(ObservationFileFormat::kImfDots, kSheet);
  EXPECT_EQ(file.layout, "IMF DOTS table");
  EXPECT_THAT(Rejections(file), ElementsAre("12:partner:UNKNOWN_COUNTRY"));
  EXPECT_THAT(Filtered(file), ElementsAre("10:AGGREGATE"));
  EXPECT_EQ(EmptyCells(file), 1);
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(5));
  EXPECT_EQ(all[0].reporter_code, "PAK");
  EXPECT_EQ(all[0].partner_code, "AUS");
  EXPECT_EQ(all[0].value, 9500000.0);
  EXPECT_EQ(all[1].value, 13000000.0);
  EXPECT_EQ(all[2].partner_code, "WLD");
  EXPECT_EQ(all[2].value, 391800000.0);
  EXPECT_EQ(all[4].partner_code, "CHN");
  EXPECT_EQ(all[4].year, 1961);
  EXPECT_EQ(all[4].sources[0].locator, "Exports, FOB to Partner Countries");
  EXPECT_EQ(all[4].provenance.source_line, 11);

  // Without the title line the sheet cannot be read.
  absl::StatusOr<ParsedFile> untitled =
      ParseObservationText(ObservationFileFormat::kImfDots,
                           ",Pakistan,,\n,,1960,1961\n,India,1,2\n");
  EXPECT_EQ(untitled.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetReason(untitled.status()), "MISSING_CONTEXT");
}

TEST(ImfDotsTest, SheetWithPartnerLabelAndSdmxStyleLongFile) {
  ParsedFile sheet = Parse(ObservationFileFormat::kImfDots,
                           "\"Imports, CIF from Partner Countries\"\n"
                           "Pakistan\n"
                           "Partner,2019,2020,Total\n"
                           "India,\"1,001.5\",2,\"1,003.5\"\n");
  EXPECT_EQ(sheet.layout, "IMF DOTS table");
  std::vector<Observation> all = Observations(sheet);
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_EQ(all[0].indicator_code, "imports_cif");
  EXPECT_EQ(all[0].partner_code, "IND");
  EXPECT_EQ(all[0].value, 1001500000.0);

  // The IMF's SDMX CSV: codes in COUNTRY columns, values with a SCALE.
  ParsedFile sdmx = Parse(
      ObservationFileFormat::kImfDots,
      "DATAFLOW,COUNTRY,COUNTERPART_COUNTRY,INDICATOR,FREQUENCY,TIME_PERIOD,"
      "OBS_VALUE,SCALE\n"
      "IMTS,PAK,CHN,XG_FOB_USD,A,2020,2090.5,Millions\n"
      "IMTS,PAK,CHN,XG_FOB_USD,,2020-M01,150.1,Millions\n"
      "IMTS,PAK,G001,XG_FOB_USD,A,2020,21.5,Billions\n"
      "IMTS,PAK,CHN,XG_FOB_USD,A,2021,5,Units\n");
  EXPECT_EQ(sdmx.layout, "IMF DOTS long");
  EXPECT_THAT(Rejections(sdmx),
              ElementsAre("4:COUNTERPART_COUNTRY:UNKNOWN_COUNTRY"));
  EXPECT_THAT(Filtered(sdmx), ElementsAre("3:NOT_ANNUAL"));
  all = Observations(sdmx);
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_EQ(all[0].reporter_code, "PAK");
  EXPECT_EQ(all[0].partner_code, "CHN");
  EXPECT_EQ(all[0].value, 2090500000.0);
  EXPECT_EQ(all[1].value, 5.0);
  EXPECT_EQ(all[1].unit_label, "US$");
}

TEST(ImfDotsTest, FlowColumnsOfTheSharedWideFile) {
  constexpr char kFlowColumns[] =
      "year,pak_exports_to_chn_fob_pak_reported,"
      "pak_imports_from_chn_cif_pak_reported,"
      "chn_exports_to_pak_fob_chn_reported,"
      "chn_imports_from_pak_cif_chn_reported,pak_exports_world_fob,"
      "pak_imports_world_cif,chn_exports_world_fob,chn_imports_world_cif\n"
      "1960,14.8,4,,,391.8,643.7,,\n"
      "1961,10,3.5,3.2,11,393.9,633.8,469.8,669.1\n";
  ParsedFile file = Parse(ObservationFileFormat::kImfDots, kFlowColumns);
  EXPECT_EQ(file.layout, "IMF DOTS flow columns");
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_EQ(EmptyCells(file), 4);
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(12));
  const Observation* mirror = FindObservation(all, "CHN", "PAK", 1961);
  ASSERT_NE(mirror, nullptr);
  EXPECT_EQ(mirror->indicator_code, "exports_fob");
  EXPECT_EQ(mirror->value, 3200000.0);
  EXPECT_EQ(mirror->reporting_side, ReportingSide::kReporter);
  const Observation* world =
      FindObservation(all, "CHN", "WLD", 1961, "imports_cif");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->value, 669100000.0);
  EXPECT_EQ(world->sources[0].locator, "chn_imports_world_cif");
}

// ---------------------------------------------------------------------------
// SIPRI.

TEST(SipriTest, SupplierRows) {
  constexpr char kRows[] =
      "supplier,recipient,year,tiv_million,sipri_table_file\n"
      "China,Pakistan,2015,747,TIV-Export-CHN-1950-2021.csv\n"
      "Soviet Union,Pakistan,1970,0,TIV-Export-USR-1950-2021.csv\n"
      "UAE,Pakistan,2010,5,f\n"
      "Unknown supplier(s),Pakistan,2010,1,f\n"
      "NATO**,Pakistan,2010,1,f\n"
      "Ruritania,Pakistan,2010,1,f\n"
      "China,Pakistan,2016,-1,f\n"
      "China,Pakistan,2017,,f\n";
  ParsedFile file = Parse(ObservationFileFormat::kSipri, kRows);
  EXPECT_EQ(file.layout, "SIPRI supplier rows");
  EXPECT_THAT(Rejections(file), ElementsAre("7:supplier:UNKNOWN_COUNTRY",
                                            "8:tiv_million:OUT_OF_RANGE"));
  EXPECT_THAT(Filtered(file),
              ElementsAre("5:NOT_A_COUNTRY", "6:NOT_A_COUNTRY"));
  EXPECT_EQ(EmptyCells(file), 1);
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(3));
  const Observation& china = all[0];
  EXPECT_EQ(china.indicator_code, "arms_imports_tiv");
  EXPECT_EQ(china.reporter_code, "PAK");
  EXPECT_EQ(china.partner_code, "CHN");
  EXPECT_EQ(china.partner_name, "China");
  EXPECT_EQ(china.flow, Flow::kArmsImports);
  EXPECT_EQ(china.unit, Unit::kSipriTivMillions);
  EXPECT_EQ(china.value, 747.0);
  EXPECT_EQ(china.reporting_side, ReportingSide::kThirdParty);
  EXPECT_EQ(china.provenance.source_system, "SIPRI");
  EXPECT_EQ(china.sources[0].citation, "SIPRI Arms Transfers Database");
  EXPECT_EQ(china.sources[0].locator, "TIV-Export-CHN-1950-2021.csv");
  EXPECT_EQ(all[1].partner_code, "SUN");
  EXPECT_EQ(all[1].value, 0.0);
  EXPECT_THAT(all[1].notes, HasSubstr("0.5"));
  EXPECT_EQ(all[2].partner_code, "ARE");
}

constexpr char kSipriImportTable[] =
    "TIV of arms imports to Pakistan, 1950-2021\n"
    "Generated: 28 July 2022\n"
    "\n"
    "Figures are SIPRI Trend Indicator Values (TIVs) expressed in millions.\n"
    "Figures may not add up due to the conventions of rounding.\n"
    "A '0' indicates that the value of deliveries is less than 0.5m\n"
    "For more information, see "
    "http://www.sipri.org/databases/armstransfers/sources-and-methods/\n"
    "\n"
    ",1950,1951,1952,Total\n"
    "China,,,0,0\n"
    "United Kingdom,159,169,145,473\n"
    "Unknown supplier(s),,,1,1\n"
    "Total,159,169,146,474\n";

TEST(SipriTest, TivImportTableAsExported) {
  ParsedFile file = Parse(ObservationFileFormat::kSipri, kSipriImportTable);
  EXPECT_EQ(file.layout, "SIPRI import table");
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file), ElementsAre("12:NOT_A_COUNTRY", "13:AGGREGATE"));
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(4));
  EXPECT_EQ(all[0].reporter_code, "PAK");
  EXPECT_EQ(all[0].partner_code, "CHN");
  EXPECT_EQ(all[0].year, 1952);
  EXPECT_EQ(all[0].value, 0.0);
  EXPECT_EQ(all[1].partner_code, "GBR");
  EXPECT_EQ(all[1].year, 1950);
  EXPECT_EQ(all[1].value, 159.0);
  EXPECT_EQ(all[1].provenance.source_line, 11);
  EXPECT_EQ(all[1].sources[0].locator,
            "TIV of arms imports to Pakistan, 1950-2021");
  EXPECT_EQ(all[1].sources[0].dataset_version, "Generated: 28 July 2022");
}

TEST(SipriTest, TivExportTableRowsAreRecipients) {
  constexpr char kExportTable[] =
      "TIV of arms exports from China, 1950-2021\n"
      "Generated: 28 July 2022\n"
      "\n"
      ",2015,2016,Total\n"
      "Pakistan,747,\"1,033\",1780\n"
      "Bangladesh,..,5,5\n";
  ParsedFile file = Parse(ObservationFileFormat::kSipri, kExportTable);
  EXPECT_EQ(file.layout, "SIPRI export table");
  EXPECT_THAT(Rejections(file), IsEmpty());
  std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].reporter_code, "PAK");
  EXPECT_EQ(all[0].partner_code, "CHN");
  EXPECT_EQ(all[0].partner_name, "China");
  EXPECT_EQ(all[1].value, 1033.0);
  EXPECT_EQ(all[2].reporter_code, "BGD");
}

TEST(SipriTest, UntitledTableNeedsTheDefaultReporter) {
  constexpr char kUntitled[] = "Supplier,2015\nChina,747\n";
  absl::StatusOr<ParsedFile> file =
      ParseObservationText(ObservationFileFormat::kSipri, kUntitled);
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  ParserOptions options;
  options.default_reporter_code = "pak";
  ParsedFile parsed = Parse(ObservationFileFormat::kSipri, kUntitled, options);
  std::vector<Observation> all = Observations(parsed);
  ASSERT_THAT(all, SizeIs(1));
  EXPECT_EQ(all[0].reporter_code, "PAK");
  EXPECT_EQ(all[0].partner_code, "CHN");
}

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

// ---------------------------------------------------------------------------
// Country names.

TEST(CountryNamesTest, SourcesSpellingsAndAggregates) {
  auto code = [](absl::string_view name) -> std::string {
    std::optional<CountryNameMatch> match = LookupCountryName(name);
    if (!match.has_value()) return "?";
    switch (match->kind) {
      case CountryNameKind::kCountry:
      case CountryNameKind::kWorld:
        return match->iso3;
      case CountryNameKind::kAggregate:
        return "aggregate";
      case CountryNameKind::kNonState:
        return "non-state";
    }
    return "?";
  };
  EXPECT_EQ(code("China, P.R.: Mainland"), "CHN");
  EXPECT_EQ(code("  china,  p.r.:   HONG KONG "), "HKG");
  EXPECT_EQ(code("Côte d’Ivoire"), "CIV");
  EXPECT_EQ(code("Soviet Union"), "SUN");
  EXPECT_EQ(code("UAE"), "ARE");
  EXPECT_EQ(code("North Korea"), "PRK");
  EXPECT_EQ(code("Korea, Rep."), "KOR");
  EXPECT_EQ(code("Taiwan Province of China"), "TWN");
  EXPECT_EQ(code("Belgium-Luxembourg"), "BLX");
  EXPECT_EQ(code("World"), "WLD");
  EXPECT_EQ(code("Advanced Economies"), "aggregate");
  EXPECT_EQ(code("Emerging and Developing Economies"), "aggregate");
  EXPECT_EQ(code("Sub-Saharan Africa"), "aggregate");
  EXPECT_EQ(code("Western Hemisphere not specified"), "aggregate");
  EXPECT_EQ(code("Other Europe, nes"), "aggregate");
  EXPECT_EQ(code("Unknown supplier(s)"), "non-state");
  EXPECT_EQ(code("Hezbollah (Lebanon)*"), "?");
  EXPECT_EQ(code(""), "?");

  EXPECT_TRUE(IsKnownCountryCode("PAK"));
  EXPECT_TRUE(IsKnownCountryCode("SUN"));
  EXPECT_FALSE(IsKnownCountryCode("WLD"));
  EXPECT_FALSE(IsKnownCountryCode("pak"));
  EXPECT_TRUE(IsWorldCode("W00"));
  EXPECT_TRUE(IsAggregateCode("EAS"));
  EXPECT_FALSE(IsAggregateCode("PAK"));
}

// ---------------------------------------------------------------------------
// The real files in the shared data folder.

std::string SharedDataDir() {
  const char* dir = std::getenv("DYADSCOPE_SHARED_DATA_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "/work/shared/data";
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

struct DataCase {
  const char* file;
  ObservationFileFormat format;
  int64_t observations;
  int64_t filtered;
};

class SharedDataTest : public ::testing::TestWithParam<DataCase> {};

TEST_P(SharedDataTest, ParsesWithoutRejections) {
  const DataCase& c = GetParam();
  const std::string path = absl::StrCat(SharedDataDir(), "/", c.file);
  std::optional<std::string> text = ReadFile(path);
  if (!text.has_value()) GTEST_SKIP() << path << " is not available";
  ParsedFile file = Parse(c.format, *text);
  std::vector<std::string> rejections = Rejections(file);
  EXPECT_THAT(rejections, IsEmpty()) << c.file;
  if (!rejections.empty()) {
    for (const ParsedRow& row : file.rows) {
      if (const RowRejection* r = row.rejection()) {
        ADD_FAILURE() << row.line << " " << r->field << " " << r->reason << " ["
                      << r->value << "]";
        break;
      }
    }
  }
  EXPECT_EQ(static_cast<int64_t>(Observations(file).size()), c.observations);
  EXPECT_EQ(static_cast<int64_t>(Filtered(file).size()), c.filtered);
  for (const Observation& o : Observations(file)) {
    ASSERT_FALSE(o.sources.empty());
    EXPECT_FALSE(o.provenance.source_system.empty());
    EXPECT_TRUE(IsKnownCountryCode(o.reporter_code)) << o.reporter_code;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Files, SharedDataTest,
    ::testing::Values(
        DataCase{"pak_chn_trade_imf_dots_long_1960_2020.csv",
                 ObservationFileFormat::kImfDots, 664, 0},
        DataCase{"sipri_arms_transfers_to_pakistan_by_supplier.csv",
                 ObservationFileFormat::kSipri, 422, 0},
        DataCase{"wdi_pak_chn_indicators_long.csv",
                 ObservationFileFormat::kWdiLong, 674, 0},
        DataCase{"pak_chn_trade_imf_dots_wide_1960_2020.csv",
                 ObservationFileFormat::kImfDots, 420, 0},
        DataCase{"imf_dots_pakistan_all_partners_long_1960_2020.csv",
                 ObservationFileFormat::kImfDots, 19197 - 2327, 2327}));

TEST(SharedDataTest, DotsMirrorPairIsKeptToTheDollar) {
  std::optional<std::string> dots = ReadFile(absl::StrCat(
      SharedDataDir(), "/pak_chn_trade_imf_dots_long_1960_2020.csv"));
  if (!dots.has_value()) GTEST_SKIP() << "shared data not available";
  std::vector<Observation> all =
      Observations(Parse(ObservationFileFormat::kImfDots, *dots));
  // SOURCES.md: in 2020 China reports exports to Pakistan of 15,380.7 (FOB)
  // and Pakistan imports from China of 12,477.2 (CIF); the file holds them
  // to the dollar (15380.701, 12477.182013 US$ millions).
  const Observation* mirror =
      FindObservation(all, "CHN", "PAK", 2020, "exports_fob");
  ASSERT_NE(mirror, nullptr);
  EXPECT_EQ(mirror->value, 15380701000.0);
  const Observation* own =
      FindObservation(all, "PAK", "CHN", 2020, "imports_cif");
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->value, 12477182013.0);
  EXPECT_EQ(own->reporting_side, ReportingSide::kReporter);
}

// The embedded dataset's tidy files (written in the dyadscope CSV) must load
// without rejections.
TEST(EmbeddedDataTest, DyadscopeCsvFilesParse) {
  const char* source_dir = std::getenv("DYADSCOPE_SOURCE_DIR");
  const std::string dir = absl::StrCat(
      source_dir != nullptr && *source_dir != '\0' ? source_dir : ".",
      "/data/pak-chn/economics/");
  int files = 0;
  for (const char* name : {"aiddata.csv", "cow_trade.csv", "dots_bilateral.csv",
                           "dots_pakistan_all_partners.csv",
                           "reported_trade.csv", "sipri.csv", "wdi.csv"}) {
    std::optional<std::string> text = ReadFile(dir + name);
    if (!text.has_value()) continue;
    ++files;
    ParsedFile file = Parse(ObservationFileFormat::kDyadscopeCsv, *text);
    EXPECT_THAT(Rejections(file), IsEmpty()) << name;
    EXPECT_FALSE(Observations(file).empty()) << name;
  }
  if (files == 0) GTEST_SKIP() << "no embedded economics data under " << dir;
}

}  // namespace
}  // namespace dyadscope::economics
