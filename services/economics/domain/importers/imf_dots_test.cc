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
using ::testing::IsEmpty;
using ::testing::SizeIs;

using importers_test::EmptyCells;
using importers_test::Filtered;
using importers_test::FindObservation;
using importers_test::Observations;
using importers_test::Parse;
using importers_test::Rejections;

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

}  // namespace
}  // namespace dyadscope::economics
