#include "common/types/country_codes.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "common/types/iso_countries.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::testing::Optional;

struct Crosswalk {
  const char* from;
  const char* iso3;
};

TEST(CountryCodesTest, FipsCrosswalk) {
  const Crosswalk pairs[] = {
      {"CH", "CHN"}, {"PK", "PAK"}, {"IN", "IND"}, {"US", "USA"}, {"SZ", "CHE"},
      {"AF", "AFG"}, {"IR", "IRN"}, {"UK", "GBR"}, {"RS", "RUS"}, {"JA", "JPN"},
      {"KS", "KOR"}, {"KN", "PRK"}, {"TW", "TWN"}, {"BG", "BGD"}, {"CE", "LKA"},
      {"NP", "NPL"}, {"BM", "MMR"}, {"BU", "BGR"}, {"GM", "DEU"}, {"SP", "ESP"},
      {"AS", "AUS"}, {"AU", "AUT"}, {"SF", "ZAF"}, {"MU", "OMN"}, {"IZ", "IRQ"},
      {"TU", "TUR"}, {"SA", "SAU"}, {"AE", "ARE"}, {"EG", "EGY"}, {"ID", "IDN"},
      {"MY", "MYS"}, {"RP", "PHL"}, {"VM", "VNM"}, {"TH", "THA"}, {"MG", "MNG"},
      {"KZ", "KAZ"}, {"TI", "TJK"}, {"UZ", "UZB"}, {"TX", "TKM"}, {"KG", "KGZ"},
      {"BT", "BTN"}, {"MV", "MDV"}, {"HK", "HKG"}, {"MC", "MAC"}, {"UP", "UKR"},
      {"BO", "BLR"}, {"EZ", "CZE"}, {"LO", "SVK"}, {"CG", "COD"}, {"CF", "COG"},
      {"OD", "SSD"}, {"SU", "SDN"}, {"RI", "SRB"}, {"MJ", "MNE"}, {"EI", "IRL"},
      {"GZ", "PSE"}, {"WE", "PSE"}, {"VT", "VAT"}, {"TT", "TLS"}, {"WZ", "SWZ"},
  };
  for (const Crosswalk& pair : pairs) {
    EXPECT_THAT(FipsToIso3(pair.from), Optional(std::string(pair.iso3)))
        << pair.from;
  }
}

TEST(CountryCodesTest, FipsChIsNeverSwitzerland) {
  EXPECT_THAT(FipsToIso3("CH"), Optional(std::string("CHN")));
  EXPECT_THAT(FipsToIso3("SZ"), Optional(std::string("CHE")));
  // ISO alpha-2 "CN" is FIPS Comoros, ISO "PK" is FIPS Pakistan either way.
  EXPECT_THAT(FipsToIso3("CN"), Optional(std::string("COM")));
}

TEST(CountryCodesTest, FipsWithoutIsoCountryMapsToNothing) {
  for (const char* fips :
       {"", "KV", "PF", "PG", "XX", "ch", "CHN", " CH", "OS", "YI"}) {
    EXPECT_EQ(FipsToIso3(fips), std::nullopt) << fips;
  }
}

TEST(CountryCodesTest, EveryFipsTargetIsAnIsoCode) {
  // Probe all two-letter codes: every mapped one lands on a known ISO code.
  int mapped = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const std::string fips = {a, b};
      std::optional<std::string> iso3 = FipsToIso3(fips);
      if (!iso3.has_value()) continue;
      ++mapped;
      EXPECT_TRUE(IsKnownIso3(*iso3)) << fips << " -> " << *iso3;
    }
  }
  EXPECT_GE(mapped, 240);
}

TEST(CountryCodesTest, FipsCoversEverySovereignState) {
  // The 193 UN members plus the two observer states and Taiwan.
  const char* sovereign[] = {
      "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT",
      "AZE", "BHS", "BHR", "BGD", "BRB", "BLR", "BEL", "BLZ", "BEN", "BTN",
      "BOL", "BIH", "BWA", "BRA", "BRN", "BGR", "BFA", "BDI", "CPV", "KHM",
      "CMR", "CAN", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "COD",
      "CRI", "CIV", "HRV", "CUB", "CYP", "CZE", "DNK", "DJI", "DMA", "DOM",
      "ECU", "EGY", "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN",
      "FRA", "GAB", "GMB", "GEO", "DEU", "GHA", "GRC", "GRD", "GTM", "GIN",
      "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IND", "IDN", "IRN", "IRQ",
      "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "PRK",
      "KOR", "KWT", "KGZ", "LAO", "LVA", "LBN", "LSO", "LBR", "LBY", "LIE",
      "LTU", "LUX", "MDG", "MWI", "MYS", "MDV", "MLI", "MLT", "MHL", "MRT",
      "MUS", "MEX", "FSM", "MDA", "MCO", "MNG", "MNE", "MAR", "MOZ", "MMR",
      "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR",
      "OMN", "PAK", "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT",
      "QAT", "ROU", "RUS", "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP",
      "SAU", "SEN", "SRB", "SYC", "SLE", "SGP", "SVK", "SVN", "SLB", "SOM",
      "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE", "CHE", "SYR", "TJK",
      "TZA", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TKM", "TUV",
      "UGA", "UKR", "ARE", "GBR", "USA", "URY", "UZB", "VUT", "VEN", "VNM",
      "YEM", "ZMB", "ZWE", "VAT", "PSE", "TWN",
  };
  EXPECT_EQ(std::size(sovereign), 196u);
  std::vector<std::string> targets;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      std::optional<std::string> iso3 = FipsToIso3(std::string{a, b});
      if (iso3.has_value()) targets.push_back(*iso3);
    }
  }
  for (const char* iso3 : sovereign) {
    EXPECT_TRUE(IsKnownIso3(iso3)) << iso3;
    EXPECT_NE(std::find(targets.begin(), targets.end(), iso3), targets.end())
        << iso3 << " has no FIPS code";
  }
}

TEST(CountryCodesTest, KnowsAllIso3Codes) {
  const std::vector<std::string>& codes = AllIso3Codes();
  EXPECT_EQ(codes.size(), 249u);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  for (const std::string& code : codes) EXPECT_TRUE(IsKnownIso3(code)) << code;
  for (const char* code : {"PAK", "CHN", "IND", "USA", "TWN", "PSE", "SSD",
                           "CUW", "BES", "ALA", "UMI", "ATA"}) {
    EXPECT_TRUE(IsKnownIso3(code)) << code;
  }
}

TEST(CountryCodesTest, RejectsNonIso3Codes) {
  for (const char* code : {"", "PK", "pak", "PAKI", " PAK", "XKX", "ANT", "YUG",
                           "ROM", "TMP", "EUR", "AFR", "ZZZ"}) {
    EXPECT_FALSE(IsKnownIso3(code)) << code;
  }
}

TEST(CountryCodesTest, CameoCountryCodesThatAreIsoStandForThemselves) {
  for (const char* code : {"PAK", "CHN", "IND", "USA", "AFG", "TWN", "PSE",
                           "CHE", "CAF", "NAM", "SRB"}) {
    EXPECT_THAT(CameoCountryToIso3(code), Optional(std::string(code))) << code;
  }
}

TEST(CountryCodesTest, CameoLegacyCodesAreTranslated) {
  const Crosswalk pairs[] = {
      {"ROM", "ROU"}, {"TMP", "TLS"}, {"IMY", "IMN"}, {"MTN", "MNE"},
      {"WSB", "PSE"}, {"GZS", "PSE"}, {"BAG", "IRQ"},
  };
  for (const Crosswalk& pair : pairs) {
    EXPECT_THAT(CameoCountryToIso3(pair.from), Optional(std::string(pair.iso3)))
        << pair.from;
  }
}

TEST(CountryCodesTest, CameoRegionsMapToNoCountry) {
  for (const char* region :
       {"AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN",
        "EAF", "EEU", "EUR", "LAM", "MEA", "MDT", "NAF", "NMR", "PGS",
        "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST"}) {
    EXPECT_TRUE(IsCameoRegionCode(region)) << region;
    EXPECT_FALSE(IsKnownIso3(region)) << region;
    EXPECT_EQ(CameoCountryToIso3(region), std::nullopt) << region;
  }
  EXPECT_FALSE(IsCameoRegionCode("PAK"));
  EXPECT_FALSE(IsCameoRegionCode("CAF"));  // Central African Republic
}

TEST(CountryCodesTest, UnknownCameoCodesMapToNothing) {
  for (const char* code :
       {"", "ANT", "XKX", "YUG", "pak", "PK", "UNO", "IGO", "PAKGOV"}) {
    EXPECT_EQ(CameoCountryToIso3(code), std::nullopt) << code;
  }
}

}  // namespace
}  // namespace dyadscope
