#include "common/types/country_names.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The code a name resolves to as a country, or "?".
std::string CountryCode(absl::string_view name) {
  std::optional<CountryNameMatch> match = LookupCountryName(name);
  if (!match.has_value() || match->kind != CountryNameKind::kCountry) {
    return "?";
  }
  return match->iso3;
}

TEST(CountryNamesTest, OneTableForEconomicSourcesAcledAndTheGtd) {
  // Economic sources' spellings.
  EXPECT_EQ(CountryCode("China, P.R.: Mainland"), "CHN");
  EXPECT_EQ(CountryCode("Egypt, Arab Rep."), "EGY");
  // ACLED's and the GTD's.
  EXPECT_EQ(CountryCode("Democratic Republic of Congo"), "COD");
  EXPECT_EQ(CountryCode("West Bank and Gaza Strip"), "PSE");
  EXPECT_EQ(CountryCode("Zaire"), "COD");
  EXPECT_EQ(CountryCode("R\xC3\xA9union"), "REU");
  EXPECT_EQ(CountryCode("T\xC3\xBCrkiye"), "TUR");
  // SIPRI's, footnote marks and typographic apostrophes included.
  EXPECT_EQ(CountryCode("Cote d'Ivoire"), "CIV");
  EXPECT_EQ(CountryCode("C\xC3\xB4te d\xE2\x80\x99Ivoire"), "CIV");
  EXPECT_EQ(CountryCode("Soviet Union*"), "SUN");
  // Not countries.
  EXPECT_EQ(CountryCode("World"), "?");
  EXPECT_EQ(CountryCode("Sub-Saharan Africa"), "?");
  EXPECT_EQ(CountryCode("Atlantis"), "?");
  EXPECT_EQ(CountryCode(""), "?");
}

TEST(CountryNamesTest, NamesOfACode) {
  EXPECT_THAT(CountryNamesOf("NPL"), ElementsAre("nepal"));
  const std::vector<std::string> cod = CountryNamesOf("COD");
  EXPECT_THAT(cod, ::testing::Contains("zaire"));
  EXPECT_THAT(cod, ::testing::Contains("dem. rep. of the congo"));
  EXPECT_THAT(CountryNamesOf("XYZ"), IsEmpty());
  EXPECT_THAT(CountryNamesOf(""), IsEmpty());
}

}  // namespace
}  // namespace dyadscope
