#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/importers/test_util.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace {

using importers_test::EmptyCells;
using importers_test::Filtered;
using importers_test::Observations;
using importers_test::Parse;
using importers_test::ReadFile;
using importers_test::Rejections;
using importers_test::SharedDataDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// The export's shape: notes ending in ';', a header, rows ending in ';',
// CRLF line breaks.
constexpr char kRegister[] =
    "Transfers of major conventional arms from All countries  to All "
    "countries . Deals with deliveries made for the year range '1995' to "
    "'2025';\r\n"
    "SIPRI trend-indicator values (TIVs) are in millions.;\r\n"
    ";\r\n"
    "Data generated: 12 Feb 2026 12:26:12 PM;\r\n"
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,"
    "Armament category,Order date,Order date is estimate,Numbers delivered,"
    "Numbers delivered is estimate,Delivery year,Delivery year is estimate,"
    "Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local "
    "production;\r\n"
    // line 6
    "52239,China,Pakistan,C-802A,anti-ship missile,Missiles,2008,Yes,8,Yes,"
    "2020,Yes,New,1,1,8,No;\r\n"
    "58199,China,Pakistan,C-802,anti-ship missile,Missiles,2013,Yes,10,Yes,"
    "2020,Yes,New,0.9,0.9,9,No;\r\n"
    "33777,Angola,Cote d'Ivoire,BMP-2,infantry fighting vehicle,Armoured "
    "vehicles,2002,No,2,Yes,2002,No,Second hand,0.9,0.36,0.72,No;\r\n"
    "60001,China,Pakistan,QW-2,portable SAM,Missiles,2019,No,5,No,2020,No,"
    "New,0.01,0.01,0,No;\r\n"
    // line 10: an unknown name
    "29847,Slovakia,Northern Cyprus,Konkurs,anti-tank missile,Missiles,"
    "1998,Yes,72,Yes,1998,Yes,New,0.02,0.02,1.44,No;\r\n"
    // line 11: a non-state party, line 12: no delivery identified
    "60002,Iran,African Union**,Fajr-5,rocket,Artillery,2006,Yes,10,Yes,"
    "2006,Yes,New,0.1,0.1,1,No;\r\n"
    "60003,China,Pakistan,JF-17,FGA aircraft,Aircraft,2019,No,,,2021,No,New,"
    "15,15,,No;\r\n"
    // line 13: a bad figure
    "60004,China,Pakistan,JF-17,FGA aircraft,Aircraft,2019,No,2,No,2022,No,"
    "New,15,15,-3,No;\r\n";

TEST(SipriTradeRegisterTest, RowsOfADyadAndYearAreSummed) {
  ParsedFile file =
      Parse(ObservationFileFormat::kSipriTradeRegister, kRegister);
  EXPECT_EQ(file.layout, "SIPRI trade register");
  EXPECT_EQ(file.data_rows, 8);
  EXPECT_THAT(Rejections(file),
              ElementsAre("10:Recipient:UNKNOWN_COUNTRY",
                          "13:TIV delivery values:OUT_OF_RANGE"));
  EXPECT_THAT(Filtered(file), ElementsAre("11:NOT_A_COUNTRY"));
  EXPECT_EQ(EmptyCells(file), 1);

  // One observation per row, each the running total of its key; the last
  // of a key is the sum of its rows.
  const std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(4));
  EXPECT_EQ(all[0].value, 8.0);
  EXPECT_EQ(all[1].value, 17.0);
  const Observation& pak = all[3];
  EXPECT_EQ(pak.reporter_code, "PAK");
  EXPECT_EQ(pak.partner_code, "CHN");
  EXPECT_EQ(pak.partner_name, "China");
  EXPECT_EQ(pak.year, 2020);
  EXPECT_EQ(pak.value, 17.0);
  EXPECT_EQ(pak.flow, Flow::kArmsImports);
  EXPECT_EQ(pak.unit, Unit::kSipriTivMillions);
  EXPECT_EQ(pak.indicator_code, "arms_imports_tiv");
  EXPECT_EQ(pak.reporting_side, ReportingSide::kThirdParty);
  EXPECT_EQ(pak.notes,
            "sum of 3 delivery rows; 1 with SIPRI 0: deliveries below 0.5 "
            "million TIV");
  EXPECT_EQ(pak.provenance.source_system, "SIPRI_TRADE_REGISTER");
  EXPECT_EQ(pak.provenance.source_line, 9);
  ASSERT_THAT(pak.sources, SizeIs(1));
  EXPECT_EQ(pak.sources[0].source_system, "SIPRI_TRADE_REGISTER");
  EXPECT_EQ(pak.sources[0].dataset_version,
            "Generated: 12 Feb 2026 12:26:12 PM");

  // SIPRI's spelling goes through the one country-name table.
  EXPECT_EQ(all[2].reporter_code, "CIV");
  EXPECT_EQ(all[2].partner_code, "AGO");
  EXPECT_EQ(all[2].notes, "sum of 1 delivery row");
}

TEST(SipriTradeRegisterTest, SelectedRecipientsOnly) {
  ParserOptions options;
  options.country_codes = {"CIV"};
  ParsedFile file =
      Parse(ObservationFileFormat::kSipriTradeRegister, kRegister, options);
  const std::vector<Observation> all = Observations(file);
  ASSERT_THAT(all, SizeIs(1));
  EXPECT_EQ(all[0].reporter_code, "CIV");
}

TEST(SipriTradeRegisterTest, HeaderLackingAColumnNamesIt) {
  absl::StatusOr<ParsedFile> file = ParseObservationText(
      ObservationFileFormat::kSipriTradeRegister,
      "SIPRI AT Database ID,Supplier,Recipient,Delivery year\n1,China,"
      "Pakistan,2020\n");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(GetReason(file.status()), "MISSING_COLUMN");
  EXPECT_THAT(file.status().message(), HasSubstr("TIV delivery values"));
  EXPECT_EQ(
      ObservationFormats().Name(ObservationFileFormat::kSipriTradeRegister),
      "SIPRI_TRADE_REGISTER");
  EXPECT_EQ(ObservationFormats().FromName("sipri_trade_register"),
            ObservationFileFormat::kSipriTradeRegister);
}

// The real export (/work/shared/data/panel/arms/): every row is read, the
// unknown names are rejections with their lines, and China -> Pakistan
// 2020 sums to SIPRI's 402.7 (SOURCES.md).
TEST(SipriTradeRegisterTest, TheSharedExport) {
  const std::string path = absl::StrCat(
      SharedDataDir(),
      "/panel/arms/sipri_trade_register_1995_2024_generated_20260212.csv");
  std::optional<std::string> text = ReadFile(path);
  if (!text.has_value()) GTEST_SKIP() << path << " not found";
  ParsedFile file = Parse(ObservationFileFormat::kSipriTradeRegister, *text);
  // 25,036 lines (the last without a line break): 11 notes, the header and
  // 25,024 delivery rows.
  EXPECT_EQ(file.data_rows, 25024);
  int observations = 0;
  int rejections = 0;
  int filtered = 0;
  bool northern_cyprus = false;
  std::map<std::tuple<std::string, std::string, int>, const Observation*> last;
  for (const ParsedRow& row : file.rows) {
    if (const Observation* o = row.observation()) {
      ++observations;
      last[{o->reporter_code, o->partner_code, o->year}] = o;
    } else if (const RowRejection* r = row.rejection()) {
      ++rejections;
      EXPECT_EQ(r->reason_code, "UNKNOWN_COUNTRY") << row.line;
      EXPECT_TRUE(r->field == "Supplier" || r->field == "Recipient")
          << row.line;
      if (r->value == "Northern Cyprus") {
        northern_cyprus = true;
        EXPECT_EQ(row.line, 13398);
      }
    } else if (row.filtered() != nullptr) {
      ++filtered;
    }
  }
  EXPECT_EQ(observations, 24577);
  EXPECT_EQ(rejections, 155);
  EXPECT_EQ(filtered, 292);
  EXPECT_TRUE(northern_cyprus);
  const Observation* chn_pak = last[{"PAK", "CHN", 2020}];
  ASSERT_NE(chn_pak, nullptr);
  EXPECT_NEAR(*chn_pak->value, 402.7, 1e-9);
  EXPECT_EQ(chn_pak->notes, "sum of 12 delivery rows");
  const Observation* usa_pak = last[{"PAK", "USA", 2010}];
  ASSERT_NE(usa_pak, nullptr);
  EXPECT_NEAR(*usa_pak->value, 1034.2, 1e-9);
}

}  // namespace
}  // namespace dyadscope::economics
