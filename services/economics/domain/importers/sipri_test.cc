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
using ::testing::SizeIs;

using importers_test::EmptyCells;
using importers_test::Filtered;
using importers_test::Observations;
using importers_test::Parse;
using importers_test::Rejections;

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

}  // namespace
}  // namespace dyadscope::economics
