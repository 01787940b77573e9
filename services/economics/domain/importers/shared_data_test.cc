#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
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

using ::testing::IsEmpty;

using importers_test::Filtered;
using importers_test::FindObservation;
using importers_test::Observations;
using importers_test::Parse;
using importers_test::ReadFile;
using importers_test::Rejections;
using importers_test::SharedDataDir;

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

struct DataCase {
  const char* file;
  ObservationFileFormat format;
  int64_t observations;
  int64_t filtered;
};

// How GoogleTest shows a case: its file.
void PrintTo(const DataCase& c, std::ostream* os) { *os << c.file; }

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
