#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/security_risk/domain/importers/test_util.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(CountryCodeTest, NamesAsAcledAndGtdWriteThem) {
  EXPECT_THAT(CountryCodeFromName("Pakistan"), Optional(std::string("PAK")));
  EXPECT_THAT(CountryCodeFromName("  china "), Optional(std::string("CHN")));
  EXPECT_THAT(CountryCodeFromName("Democratic Republic of Congo"),
              Optional(std::string("COD")));
  EXPECT_THAT(CountryCodeFromName("Ivory Coast"), Optional(std::string("CIV")));
  EXPECT_THAT(CountryCodeFromName("C\xC3\xB4te d\xE2\x80\x99Ivoire"),
              Optional(std::string("CIV")));
  EXPECT_THAT(CountryCodeFromName("eSwatini"), Optional(std::string("SWZ")));
  EXPECT_THAT(CountryCodeFromName("West Germany (FRG)"),
              Optional(std::string("DEU")));
  EXPECT_THAT(CountryCodeFromName("Soviet Union"),
              Optional(std::string("SUN")));
  EXPECT_THAT(CountryCodeFromName("West Bank and Gaza Strip"),
              Optional(std::string("PSE")));
  EXPECT_THAT(CountryCodeFromName("Kosovo"), Optional(std::string("XKX")));
  EXPECT_EQ(CountryCodeFromName("Multinational"), std::nullopt);
  EXPECT_EQ(CountryCodeFromName(""), std::nullopt);

  EXPECT_THAT(CountryCodeFromIsoNumeric(586), Optional(std::string("PAK")));
  EXPECT_THAT(CountryCodeFromIsoNumeric(32), Optional(std::string("ARG")));
  EXPECT_THAT(CountryCodeFromIsoNumeric(4), Optional(std::string("AFG")));
  EXPECT_THAT(CountryCodeFromIsoNumeric(356), Optional(std::string("IND")));
  EXPECT_EQ(CountryCodeFromIsoNumeric(999), std::nullopt);
}

TEST(PartnerTermsTest, TableAndFallback) {
  PartnerTerms chn = PartnerTermsFor("CHN");
  EXPECT_THAT(chn.adjectives, ElementsAre("Chinese"));
  EXPECT_THAT(chn.names, ElementsAre("China"));
  EXPECT_THAT(chn.note_terms,
              ElementsAre("CPEC", "China-Pakistan Economic Corridor"));
  PartnerTerms npl = PartnerTermsFor("NPL");
  EXPECT_THAT(npl.adjectives, IsEmpty());
  EXPECT_THAT(npl.names, ElementsAre("nepal"));
  EXPECT_THAT(PartnerTermsFor("").names, IsEmpty());
}

}  // namespace
}  // namespace dyadscope::security_risk
