#include "common/types/country_codes.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/types/iso_countries.h"

namespace dyadscope {
namespace {

struct CodePair {
  absl::string_view from;
  absl::string_view iso3;
};

// FIPS 10-4 country codes (as used by GDELT's *Geo_CountryCode fields) with an
// ISO 3166-1 counterpart, sorted by FIPS code.
constexpr CodePair kFipsToIso3[] = {
    {"AA", "ABW"},  // Aruba
    {"AC", "ATG"},  // Antigua and Barbuda
    {"AE", "ARE"},  // United Arab Emirates
    {"AF", "AFG"},  // Afghanistan
    {"AG", "DZA"},  // Algeria
    {"AJ", "AZE"},  // Azerbaijan
    {"AL", "ALB"},  // Albania
    {"AM", "ARM"},  // Armenia
    {"AN", "AND"},  // Andorra
    {"AO", "AGO"},  // Angola
    {"AQ", "ASM"},  // American Samoa
    {"AR", "ARG"},  // Argentina
    {"AS", "AUS"},  // Australia
    {"AU", "AUT"},  // Austria
    {"AV", "AIA"},  // Anguilla
    {"AY", "ATA"},  // Antarctica
    {"BA", "BHR"},  // Bahrain
    {"BB", "BRB"},  // Barbados
    {"BC", "BWA"},  // Botswana
    {"BD", "BMU"},  // Bermuda
    {"BE", "BEL"},  // Belgium
    {"BF", "BHS"},  // Bahamas
    {"BG", "BGD"},  // Bangladesh (not Bulgaria)
    {"BH", "BLZ"},  // Belize
    {"BK", "BIH"},  // Bosnia and Herzegovina
    {"BL", "BOL"},  // Bolivia
    {"BM", "MMR"},  // Burma
    {"BN", "BEN"},  // Benin
    {"BO", "BLR"},  // Belarus
    {"BP", "SLB"},  // Solomon Islands
    {"BQ", "UMI"},  // Navassa Island
    {"BR", "BRA"},  // Brazil
    {"BT", "BTN"},  // Bhutan
    {"BU", "BGR"},  // Bulgaria
    {"BV", "BVT"},  // Bouvet Island
    {"BX", "BRN"},  // Brunei
    {"BY", "BDI"},  // Burundi
    {"CA", "CAN"},  // Canada
    {"CB", "KHM"},  // Cambodia
    {"CD", "TCD"},  // Chad
    {"CE", "LKA"},  // Sri Lanka
    {"CF", "COG"},  // Congo (Brazzaville)
    {"CG", "COD"},  // Congo (Kinshasa)
    {"CH", "CHN"},  // China (not Switzerland)
    {"CI", "CHL"},  // Chile
    {"CJ", "CYM"},  // Cayman Islands
    {"CK", "CCK"},  // Cocos (Keeling) Islands
    {"CM", "CMR"},  // Cameroon
    {"CN", "COM"},  // Comoros
    {"CO", "COL"},  // Colombia
    {"CQ", "MNP"},  // Northern Mariana Islands
    {"CS", "CRI"},  // Costa Rica
    {"CT", "CAF"},  // Central African Republic
    {"CU", "CUB"},  // Cuba
    {"CV", "CPV"},  // Cabo Verde
    {"CW", "COK"},  // Cook Islands
    {"CY", "CYP"},  // Cyprus
    {"DA", "DNK"},  // Denmark
    {"DJ", "DJI"},  // Djibouti
    {"DO", "DMA"},  // Dominica
    {"DQ", "UMI"},  // Jarvis Island
    {"DR", "DOM"},  // Dominican Republic
    {"EC", "ECU"},  // Ecuador
    {"EG", "EGY"},  // Egypt
    {"EI", "IRL"},  // Ireland
    {"EK", "GNQ"},  // Equatorial Guinea
    {"EN", "EST"},  // Estonia
    {"ER", "ERI"},  // Eritrea
    {"ES", "SLV"},  // El Salvador
    {"ET", "ETH"},  // Ethiopia
    {"EZ", "CZE"},  // Czechia
    {"FG", "GUF"},  // French Guiana
    {"FI", "FIN"},  // Finland
    {"FJ", "FJI"},  // Fiji
    {"FK", "FLK"},  // Falkland Islands
    {"FM", "FSM"},  // Micronesia
    {"FO", "FRO"},  // Faroe Islands
    {"FP", "PYF"},  // French Polynesia
    {"FQ", "UMI"},  // Baker Island
    {"FR", "FRA"},  // France
    {"FS", "ATF"},  // French Southern and Antarctic Lands
    {"GA", "GMB"},  // Gambia
    {"GB", "GAB"},  // Gabon
    {"GG", "GEO"},  // Georgia
    {"GH", "GHA"},  // Ghana
    {"GI", "GIB"},  // Gibraltar
    {"GJ", "GRD"},  // Grenada
    {"GK", "GGY"},  // Guernsey
    {"GL", "GRL"},  // Greenland
    {"GM", "DEU"},  // Germany
    {"GP", "GLP"},  // Guadeloupe
    {"GQ", "GUM"},  // Guam
    {"GR", "GRC"},  // Greece
    {"GT", "GTM"},  // Guatemala
    {"GV", "GIN"},  // Guinea
    {"GY", "GUY"},  // Guyana
    {"GZ", "PSE"},  // Gaza Strip
    {"HA", "HTI"},  // Haiti
    {"HK", "HKG"},  // Hong Kong
    {"HM", "HMD"},  // Heard Island and McDonald Islands
    {"HO", "HND"},  // Honduras
    {"HQ", "UMI"},  // Howland Island
    {"HR", "HRV"},  // Croatia
    {"HU", "HUN"},  // Hungary
    {"IC", "ISL"},  // Iceland
    {"ID", "IDN"},  // Indonesia
    {"IM", "IMN"},  // Isle of Man
    {"IN", "IND"},  // India
    {"IO", "IOT"},  // British Indian Ocean Territory
    {"IR", "IRN"},  // Iran
    {"IS", "ISR"},  // Israel
    {"IT", "ITA"},  // Italy
    {"IV", "CIV"},  // Cote d'Ivoire
    {"IZ", "IRQ"},  // Iraq
    {"JA", "JPN"},  // Japan
    {"JE", "JEY"},  // Jersey
    {"JM", "JAM"},  // Jamaica
    {"JN", "SJM"},  // Jan Mayen
    {"JO", "JOR"},  // Jordan
    {"JQ", "UMI"},  // Johnston Atoll
    {"KE", "KEN"},  // Kenya
    {"KG", "KGZ"},  // Kyrgyzstan
    {"KN", "PRK"},  // North Korea
    {"KQ", "UMI"},  // Kingman Reef
    {"KR", "KIR"},  // Kiribati
    {"KS", "KOR"},  // South Korea
    {"KT", "CXR"},  // Christmas Island
    {"KU", "KWT"},  // Kuwait
    {"KZ", "KAZ"},  // Kazakhstan
    {"LA", "LAO"},  // Laos
    {"LE", "LBN"},  // Lebanon
    {"LG", "LVA"},  // Latvia
    {"LH", "LTU"},  // Lithuania
    {"LI", "LBR"},  // Liberia
    {"LO", "SVK"},  // Slovakia
    {"LQ", "UMI"},  // Palmyra Atoll
    {"LS", "LIE"},  // Liechtenstein
    {"LT", "LSO"},  // Lesotho
    {"LU", "LUX"},  // Luxembourg
    {"LY", "LBY"},  // Libya
    {"MA", "MDG"},  // Madagascar
    {"MB", "MTQ"},  // Martinique
    {"MC", "MAC"},  // Macau
    {"MD", "MDA"},  // Moldova
    {"MF", "MYT"},  // Mayotte
    {"MG", "MNG"},  // Mongolia
    {"MH", "MSR"},  // Montserrat
    {"MI", "MWI"},  // Malawi
    {"MJ", "MNE"},  // Montenegro
    {"MK", "MKD"},  // North Macedonia
    {"ML", "MLI"},  // Mali
    {"MN", "MCO"},  // Monaco
    {"MO", "MAR"},  // Morocco
    {"MP", "MUS"},  // Mauritius
    {"MQ", "UMI"},  // Midway Islands
    {"MR", "MRT"},  // Mauritania
    {"MT", "MLT"},  // Malta
    {"MU", "OMN"},  // Oman
    {"MV", "MDV"},  // Maldives
    {"MX", "MEX"},  // Mexico
    {"MY", "MYS"},  // Malaysia
    {"MZ", "MOZ"},  // Mozambique
    {"NC", "NCL"},  // New Caledonia
    {"NE", "NIU"},  // Niue
    {"NF", "NFK"},  // Norfolk Island
    {"NG", "NER"},  // Niger
    {"NH", "VUT"},  // Vanuatu
    {"NI", "NGA"},  // Nigeria
    {"NL", "NLD"},  // Netherlands
    {"NN", "SXM"},  // Sint Maarten
    {"NO", "NOR"},  // Norway
    {"NP", "NPL"},  // Nepal
    {"NR", "NRU"},  // Nauru
    {"NS", "SUR"},  // Suriname
    {"NU", "NIC"},  // Nicaragua
    {"NZ", "NZL"},  // New Zealand
    {"OD", "SSD"},  // South Sudan
    {"PA", "PRY"},  // Paraguay
    {"PC", "PCN"},  // Pitcairn Islands
    {"PE", "PER"},  // Peru
    {"PK", "PAK"},  // Pakistan
    {"PL", "POL"},  // Poland
    {"PM", "PAN"},  // Panama
    {"PO", "PRT"},  // Portugal
    {"PP", "PNG"},  // Papua New Guinea
    {"PS", "PLW"},  // Palau
    {"PU", "GNB"},  // Guinea-Bissau
    {"QA", "QAT"},  // Qatar
    {"RB", "SRB"},  // Serbia (2006-2008 code)
    {"RE", "REU"},  // Reunion
    {"RI", "SRB"},  // Serbia
    {"RM", "MHL"},  // Marshall Islands
    {"RN", "MAF"},  // Saint Martin
    {"RO", "ROU"},  // Romania
    {"RP", "PHL"},  // Philippines
    {"RQ", "PRI"},  // Puerto Rico
    {"RS", "RUS"},  // Russia
    {"RW", "RWA"},  // Rwanda
    {"SA", "SAU"},  // Saudi Arabia
    {"SB", "SPM"},  // Saint Pierre and Miquelon
    {"SC", "KNA"},  // Saint Kitts and Nevis
    {"SE", "SYC"},  // Seychelles
    {"SF", "ZAF"},  // South Africa
    {"SG", "SEN"},  // Senegal
    {"SH", "SHN"},  // Saint Helena
    {"SI", "SVN"},  // Slovenia
    {"SL", "SLE"},  // Sierra Leone
    {"SM", "SMR"},  // San Marino
    {"SN", "SGP"},  // Singapore
    {"SO", "SOM"},  // Somalia
    {"SP", "ESP"},  // Spain
    {"ST", "LCA"},  // Saint Lucia
    {"SU", "SDN"},  // Sudan
    {"SV", "SJM"},  // Svalbard
    {"SW", "SWE"},  // Sweden
    {"SX", "SGS"},  // South Georgia and the South Sandwich Islands
    {"SY", "SYR"},  // Syria
    {"SZ", "CHE"},  // Switzerland
    {"TB", "BLM"},  // Saint Barthelemy
    {"TD", "TTO"},  // Trinidad and Tobago
    {"TH", "THA"},  // Thailand
    {"TI", "TJK"},  // Tajikistan
    {"TK", "TCA"},  // Turks and Caicos Islands
    {"TL", "TKL"},  // Tokelau
    {"TN", "TON"},  // Tonga
    {"TO", "TGO"},  // Togo
    {"TP", "STP"},  // Sao Tome and Principe
    {"TS", "TUN"},  // Tunisia
    {"TT", "TLS"},  // Timor-Leste
    {"TU", "TUR"},  // Turkey
    {"TV", "TUV"},  // Tuvalu
    {"TW", "TWN"},  // Taiwan
    {"TX", "TKM"},  // Turkmenistan
    {"TZ", "TZA"},  // Tanzania
    {"UC", "CUW"},  // Curacao
    {"UG", "UGA"},  // Uganda
    {"UK", "GBR"},  // United Kingdom
    {"UP", "UKR"},  // Ukraine
    {"US", "USA"},  // United States
    {"UV", "BFA"},  // Burkina Faso
    {"UY", "URY"},  // Uruguay
    {"UZ", "UZB"},  // Uzbekistan
    {"VC", "VCT"},  // Saint Vincent and the Grenadines
    {"VE", "VEN"},  // Venezuela
    {"VI", "VGB"},  // British Virgin Islands
    {"VM", "VNM"},  // Vietnam
    {"VQ", "VIR"},  // U.S. Virgin Islands
    {"VT", "VAT"},  // Holy See
    {"WA", "NAM"},  // Namibia
    {"WE", "PSE"},  // West Bank
    {"WF", "WLF"},  // Wallis and Futuna
    {"WI", "ESH"},  // Western Sahara
    {"WQ", "UMI"},  // Wake Island
    {"WS", "WSM"},  // Samoa
    {"WZ", "SWZ"},  // Eswatini
    {"YM", "YEM"},  // Yemen
    {"ZA", "ZMB"},  // Zambia
    {"ZI", "ZWE"},  // Zimbabwe
};

// CAMEO country codes that are not (or no longer) ISO alpha-3, with the ISO
// code they stand for, sorted.
constexpr CodePair kCameoToIso3[] = {
    {"BAG", "IRQ"},  // Baghdad (the Iraqi central government)
    {"GZS", "PSE"},  // Gaza Strip
    {"IMY", "IMN"},  // Isle of Man
    {"MTN", "MNE"},  // Montenegro
    {"ROM", "ROU"},  // Romania
    {"TMP", "TLS"},  // East Timor
    {"WSB", "PSE"},  // West Bank
};

// CAMEO's regional codes, sorted.
constexpr absl::string_view kCameoRegions[] = {
    "AFR",  // Africa
    "ASA",  // Asia
    "BLK",  // Balkans
    "CAS",  // Central Asia
    "CAU",  // Caucasus
    "CEU",  // Central Europe
    "CFR",  // Central Africa
    "CRB",  // Caribbean
    "EAF",  // Eastern Africa
    "EEU",  // Eastern Europe
    "EIN",  // East Indies
    "EUR",  // Europe
    "LAM",  // Latin America
    "MDT",  // Mediterranean
    "MEA",  // Middle East
    "NAF",  // North Africa
    "NMR",  // North America
    "PGS",  // Persian Gulf
    "SAF",  // Southern Africa
    "SAM",  // South America
    "SAS",  // South Asia
    "SCN",  // Scandinavia
    "SEA",  // Southeast Asia
    "WAF",  // West Africa
    "WST",  // The West
};

constexpr absl::string_view Key(absl::string_view code) { return code; }
constexpr absl::string_view Key(const CodePair& pair) { return pair.from; }

// The tables are searched by binary search, so they must stay sorted.
template <typename T, size_t N>
constexpr bool IsStrictlySorted(const T (&table)[N]) {
  for (size_t i = 1; i < N; ++i) {
    if (!(Key(table[i - 1]) < Key(table[i]))) return false;
  }
  return true;
}
static_assert(IsStrictlySorted(kFipsToIso3), "kFipsToIso3 must be sorted");
static_assert(IsStrictlySorted(kCameoToIso3), "kCameoToIso3 must be sorted");
static_assert(IsStrictlySorted(kCameoRegions), "kCameoRegions must be sorted");

template <typename T, size_t N>
const T* Find(const T (&table)[N], absl::string_view code) {
  const T* end = table + N;
  const T* it = std::lower_bound(
      table, end, code,
      [](const T& entry, absl::string_view c) { return Key(entry) < c; });
  if (it == end || Key(*it) != code) return nullptr;
  return it;
}

}  // namespace

std::optional<std::string> FipsToIso3(absl::string_view fips) {
  const CodePair* pair = Find(kFipsToIso3, fips);
  if (pair == nullptr) return std::nullopt;
  return std::string(pair->iso3);
}

std::optional<std::string> CameoCountryToIso3(absl::string_view code) {
  if (IsCameoRegionCode(code)) return std::nullopt;
  if (const CodePair* pair = Find(kCameoToIso3, code); pair != nullptr) {
    return std::string(pair->iso3);
  }
  if (IsKnownIso3(code)) return std::string(code);
  return std::nullopt;
}

bool IsCameoRegionCode(absl::string_view code) {
  return Find(kCameoRegions, code) != nullptr;
}

}  // namespace dyadscope
