#include "common/types/iso_countries.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace dyadscope {
namespace {

// ISO 3166-1 alpha-3, all 249 officially assigned codes, sorted.
constexpr absl::string_view kIso3[] = {
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM",
    "ATA", "ATF", "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA",
    "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA",
    "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN",
    "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW",
    "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA", "ECU",
    "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO",
    "FSM", "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB",
    "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND",
    "HRV", "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL",
    "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR",
    "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO",
    "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR",
    "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC",
    "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER",
    "PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT",
    "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP", "SGS", "SHN", "SJM",
    "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR", "SVK",
    "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK",
    "TKL", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA",
    "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM",
    "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
};

// ISO 3166-3: alpha-3 codes of countries that no longer exist as such.
constexpr absl::string_view kFormerIso3[] = {
    "AFI",  // French Afars and Issas
    "ANT",  // Netherlands Antilles
    "ATN",  // Dronning Maud Land
    "BUR",  // Burma
    "BYS",  // Byelorussian SSR
    "CSK",  // Czechoslovakia
    "CTE",  // Canton and Enderbury Islands
    "DDR",  // German Democratic Republic
    "DHY",  // Dahomey
    "GEL",  // Gilbert and Ellice Islands
    "HVO",  // Upper Volta
    "JTN",  // Johnston Island
    "MID",  // Midway Islands
    "NHB",  // New Hebrides
    "NTZ",  // Neutral Zone
    "PCI",  // Pacific Islands (Trust Territory)
    "PCZ",  // Panama Canal Zone
    "PUS",  // US Miscellaneous Pacific Islands
    "RHO",  // Southern Rhodesia
    "SCG",  // Serbia and Montenegro
    "SKM",  // Sikkim
    "SUN",  // USSR
    "TMP",  // East Timor
    "VDR",  // Viet-Nam, Democratic Republic of
    "WAK",  // Wake Island
    "YMD",  // Yemen, Democratic
    "YUG",  // Yugoslavia
    "ZAR",  // Zaire
};

constexpr bool IsSorted() {
  for (std::size_t i = 1; i < std::size(kIso3); ++i) {
    if (!(kIso3[i - 1] < kIso3[i])) return false;
  }
  return true;
}
static_assert(IsSorted(), "kIso3 must be strictly sorted");
static_assert(std::size(kIso3) == 249, "ISO 3166-1 has 249 alpha-3 codes");

constexpr bool FormerIsSorted() {
  for (std::size_t i = 1; i < std::size(kFormerIso3); ++i) {
    if (!(kFormerIso3[i - 1] < kFormerIso3[i])) return false;
  }
  return true;
}
static_assert(FormerIsSorted(), "kFormerIso3 must be strictly sorted");

}  // namespace

bool IsKnownIso3(absl::string_view code) {
  return std::binary_search(std::begin(kIso3), std::end(kIso3), code);
}

bool IsFormerIso3(absl::string_view code) {
  return std::binary_search(std::begin(kFormerIso3), std::end(kFormerIso3),
                            code);
}

const std::vector<std::string>& AllIso3Codes() {
  static const auto* const kCodes =
      new std::vector<std::string>(std::begin(kIso3), std::end(kIso3));
  return *kCodes;
}

}  // namespace dyadscope
