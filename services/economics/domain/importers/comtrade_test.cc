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
using ::testing::Optional;
using ::testing::SizeIs;

using importers_test::Describe;
using importers_test::Filtered;
using importers_test::Observations;
using importers_test::Parse;
using importers_test::Rejections;

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

}  // namespace
}  // namespace dyadscope::economics
