#include "common/types/country_names.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/types/iso_countries.h"

namespace dyadscope {
namespace {

// ISO 3166-1 alpha-3, all 249 officially assigned codes, sorted.

// Codes of former states and unions still found in historical series
// (ISO 3166-3 / the sources' own), and user-assigned codes the World Bank
// uses (Kosovo, the Channel Islands). Sorted.
constexpr absl::string_view kExtraCodes[] = {
    "ANT", "BLX", "CHI", "CSK", "DDR", "SCG", "SUN", "XKX", "YMD", "YUG",
};

struct NameCode {
  absl::string_view name;  // normalised (NormalizeCountryName)
  absl::string_view iso3;  // "WLD" for the world
};

// Country names as IMF DOTS, SIPRI, the World Bank, UN Comtrade, ACLED and
// the GTD spell them, normalised, sorted by bytes. The Yemen Arab Republic
// keeps "YEM" (ISO kept its code for unified Yemen); South Yemen is "YMD".
constexpr NameCode kNames[] = {
    {"afghanistan", "AFG"},
    {"afghanistan, islamic rep. of", "AFG"},
    {"aland islands", "ALA"},
    {"albania", "ALB"},
    {"algeria", "DZA"},
    {"american samoa", "ASM"},
    {"andorra", "AND"},
    {"andorra, principality of", "AND"},
    {"angola", "AGO"},
    {"anguilla", "AIA"},
    {"antarctica", "ATA"},
    {"antigua and barbuda", "ATG"},
    {"argentina", "ARG"},
    {"armenia", "ARM"},
    {"armenia, rep. of", "ARM"},
    {"aruba", "ABW"},
    {"aruba, kingdom of the netherlands", "ABW"},
    {"australia", "AUS"},
    {"austria", "AUT"},
    {"azerbaijan", "AZE"},
    {"azerbaijan, rep. of", "AZE"},
    {"bahamas", "BHS"},
    {"bahamas, the", "BHS"},
    {"bahrain", "BHR"},
    {"bahrain, kingdom of", "BHR"},
    {"bangladesh", "BGD"},
    {"barbados", "BRB"},
    {"belarus", "BLR"},
    {"belarus, rep. of", "BLR"},
    {"belgium", "BEL"},
    {"belgium-luxembourg", "BLX"},
    {"belize", "BLZ"},
    {"benin", "BEN"},
    {"bermuda", "BMU"},
    {"bhutan", "BTN"},
    {"bolivia", "BOL"},
    {"bolivia (plurinational state of)", "BOL"},
    {"bonaire, saint eustatius and saba", "BES"},
    {"bosnia and herzegovina", "BIH"},
    {"bosnia herzegovina", "BIH"},
    {"bosnia-herzegovina", "BIH"},
    {"botswana", "BWA"},
    {"bouvet island", "BVT"},
    {"brazil", "BRA"},
    {"british indian ocean territory", "IOT"},
    {"british virgin islands", "VGB"},
    {"brunei", "BRN"},
    {"brunei darussalam", "BRN"},
    {"bulgaria", "BGR"},
    {"burkina faso", "BFA"},
    {"burma", "MMR"},
    {"burundi", "BDI"},
    {"cabo verde", "CPV"},
    {"cambodia", "KHM"},
    {"cameroon", "CMR"},
    {"canada", "CAN"},
    {"cape verde", "CPV"},
    {"caribbean netherlands", "BES"},
    {"cayman islands", "CYM"},
    {"central african rep.", "CAF"},
    {"central african republic", "CAF"},
    {"chad", "TCD"},
    {"channel islands", "CHI"},
    {"chile", "CHL"},
    {"china", "CHN"},
    {"china, hong kong sar", "HKG"},
    {"china, macao sar", "MAC"},
    {"china, p.r.: hong kong", "HKG"},
    {"china, p.r.: macao", "MAC"},
    {"china, p.r.: mainland", "CHN"},
    {"christmas island", "CXR"},
    {"cocos (keeling) islands", "CCK"},
    {"colombia", "COL"},
    {"comoros", "COM"},
    {"comoros, union of the", "COM"},
    {"congo", "COG"},
    {"congo, dem. rep.", "COD"},
    {"congo, dem. rep. of the", "COD"},
    {"congo, rep.", "COG"},
    {"congo, rep. of", "COG"},
    {"congo-brazzaville", "COG"},
    {"congo-kinshasa", "COD"},
    {"cook islands", "COK"},
    {"costa rica", "CRI"},
    {"cote d'ivoire", "CIV"},
    {"croatia", "HRV"},
    {"croatia, rep. of", "HRV"},
    {"cuba", "CUB"},
    {"curacao", "CUW"},
    {"curaçao", "CUW"},
    {"curaçao, kingdom of the netherlands", "CUW"},
    {"cyprus", "CYP"},
    {"czech rep.", "CZE"},
    {"czech republic", "CZE"},
    {"czechia", "CZE"},
    {"czechoslovakia", "CSK"},
    {"côte d'ivoire", "CIV"},
    {"dem. people's rep. of korea", "PRK"},
    {"dem. rep. of the congo", "COD"},
    {"democratic republic of congo", "COD"},
    {"democratic republic of the congo", "COD"},
    {"denmark", "DNK"},
    {"djibouti", "DJI"},
    {"dominica", "DMA"},
    {"dominican rep.", "DOM"},
    {"dominican republic", "DOM"},
    {"dr congo", "COD"},
    {"east germany", "DDR"},
    {"east germany (gdr)", "DDR"},
    {"east timor", "TLS"},
    {"eastern germany", "DDR"},
    {"ecuador", "ECU"},
    {"egypt", "EGY"},
    {"egypt, arab rep.", "EGY"},
    {"egypt, arab rep. of", "EGY"},
    {"el salvador", "SLV"},
    {"equatorial guinea", "GNQ"},
    {"equatorial guinea, rep. of", "GNQ"},
    {"eritrea", "ERI"},
    {"eritrea, the state of", "ERI"},
    {"estonia", "EST"},
    {"estonia, rep. of", "EST"},
    {"eswatini", "SWZ"},
    {"eswatini, kingdom of", "SWZ"},
    {"ethiopia", "ETH"},
    {"ethiopia, the federal dem. rep. of", "ETH"},
    {"falkland islands", "FLK"},
    {"falkland islands (malvinas)", "FLK"},
    {"faroe islands", "FRO"},
    {"fiji", "FJI"},
    {"fiji, rep. of", "FJI"},
    {"finland", "FIN"},
    {"fmr dem. rep. of germany", "DDR"},
    {"fmr fed. rep. of germany", "DEU"},
    {"fmr ussr", "SUN"},
    {"fmr yugoslavia", "YUG"},
    {"france", "FRA"},
    {"french guiana", "GUF"},
    {"french polynesia", "PYF"},
    {"french southern territories", "ATF"},
    {"gabon", "GAB"},
    {"gambia", "GMB"},
    {"gambia, the", "GMB"},
    {"georgia", "GEO"},
    {"germany", "DEU"},
    {"ghana", "GHA"},
    {"gibraltar", "GIB"},
    {"great britain", "GBR"},
    {"greece", "GRC"},
    {"greenland", "GRL"},
    {"grenada", "GRD"},
    {"guadeloupe", "GLP"},
    {"guam", "GUM"},
    {"guatemala", "GTM"},
    {"guernsey", "GGY"},
    {"guinea", "GIN"},
    {"guinea-bissau", "GNB"},
    {"guyana", "GUY"},
    {"haiti", "HTI"},
    {"heard island and mcdonald islands", "HMD"},
    {"holy see", "VAT"},
    {"honduras", "HND"},
    {"hong kong", "HKG"},
    {"hong kong sar, china", "HKG"},
    {"hungary", "HUN"},
    {"iceland", "ISL"},
    {"india", "IND"},
    {"indonesia", "IDN"},
    {"iran", "IRN"},
    {"iran, islamic rep.", "IRN"},
    {"iran, islamic rep. of", "IRN"},
    {"iraq", "IRQ"},
    {"ireland", "IRL"},
    {"isle of man", "IMN"},
    {"israel", "ISR"},
    {"italy", "ITA"},
    {"ivory coast", "CIV"},
    {"jamaica", "JAM"},
    {"japan", "JPN"},
    {"jersey", "JEY"},
    {"jordan", "JOR"},
    {"kazakhstan", "KAZ"},
    {"kazakhstan, rep. of", "KAZ"},
    {"kenya", "KEN"},
    {"kiribati", "KIR"},
    {"korea, dem. people's rep.", "PRK"},
    {"korea, dem. people's rep. of", "PRK"},
    {"korea, rep.", "KOR"},
    {"korea, rep. of", "KOR"},
    {"kosovo", "XKX"},
    {"kosovo, rep. of", "XKX"},
    {"kuwait", "KWT"},
    {"kyrgyz rep.", "KGZ"},
    {"kyrgyz republic", "KGZ"},
    {"kyrgyzstan", "KGZ"},
    {"lao pdr", "LAO"},
    {"lao people's dem. rep.", "LAO"},
    {"laos", "LAO"},
    {"latvia", "LVA"},
    {"lebanon", "LBN"},
    {"lesotho", "LSO"},
    {"lesotho, kingdom of", "LSO"},
    {"liberia", "LBR"},
    {"libya", "LBY"},
    {"libya gnc", "LBY"},
    {"libya hor", "LBY"},
    {"liechtenstein", "LIE"},
    {"lithuania", "LTU"},
    {"luxembourg", "LUX"},
    {"macao", "MAC"},
    {"macao sar, china", "MAC"},
    {"macau", "MAC"},
    {"macedonia", "MKD"},
    {"macedonia (fyrom)", "MKD"},
    {"madagascar", "MDG"},
    {"madagascar, rep. of", "MDG"},
    {"malawi", "MWI"},
    {"malaysia", "MYS"},
    {"maldives", "MDV"},
    {"mali", "MLI"},
    {"malta", "MLT"},
    {"marshall islands", "MHL"},
    {"marshall islands, rep. of the", "MHL"},
    {"martinique", "MTQ"},
    {"mauritania", "MRT"},
    {"mauritania, islamic rep. of", "MRT"},
    {"mauritius", "MUS"},
    {"mayotte", "MYT"},
    {"mexico", "MEX"},
    {"micronesia", "FSM"},
    {"micronesia, fed. sts.", "FSM"},
    {"micronesia, federated states of", "FSM"},
    {"moldova", "MDA"},
    {"moldova, rep. of", "MDA"},
    {"monaco", "MCO"},
    {"mongolia", "MNG"},
    {"montenegro", "MNE"},
    {"montserrat", "MSR"},
    {"morocco", "MAR"},
    {"mozambique", "MOZ"},
    {"mozambique, rep. of", "MOZ"},
    {"myanmar", "MMR"},
    {"namibia", "NAM"},
    {"nauru", "NRU"},
    {"nauru, rep. of", "NRU"},
    {"nepal", "NPL"},
    {"netherlands", "NLD"},
    {"netherlands antilles", "ANT"},
    {"netherlands, the", "NLD"},
    {"new caledonia", "NCL"},
    {"new hebrides", "VUT"},
    {"new zealand", "NZL"},
    {"nicaragua", "NIC"},
    {"niger", "NER"},
    {"nigeria", "NGA"},
    {"niue", "NIU"},
    {"norfolk island", "NFK"},
    {"north korea", "PRK"},
    {"north macedonia", "MKD"},
    {"north macedonia, republic of", "MKD"},
    {"north yemen", "YEM"},
    {"northern ireland", "GBR"},
    {"northern mariana islands", "MNP"},
    {"norway", "NOR"},
    {"oman", "OMN"},
    {"pakistan", "PAK"},
    {"palau", "PLW"},
    {"palau, rep. of", "PLW"},
    {"palestine", "PSE"},
    {"palestinian territories", "PSE"},
    {"panama", "PAN"},
    {"papua new guinea", "PNG"},
    {"paraguay", "PRY"},
    {"people's republic of china", "CHN"},
    {"people's republic of the congo", "COG"},
    {"peru", "PER"},
    {"philippines", "PHL"},
    {"pitcairn", "PCN"},
    {"pitcairn islands", "PCN"},
    {"poland", "POL"},
    {"poland, rep. of", "POL"},
    {"portugal", "PRT"},
    {"puerto rico", "PRI"},
    {"qatar", "QAT"},
    {"rep. of korea", "KOR"},
    {"rep. of moldova", "MDA"},
    {"republic of congo", "COG"},
    {"republic of the congo", "COG"},
    {"reunion", "REU"},
    {"rhodesia", "ZWE"},
    {"romania", "ROU"},
    {"russia", "RUS"},
    {"russian federation", "RUS"},
    {"rwanda", "RWA"},
    {"réunion", "REU"},
    {"saint barthelemy", "BLM"},
    {"saint helena", "SHN"},
    {"saint helena, ascension and tristan da cunha", "SHN"},
    {"saint kitts and nevis", "KNA"},
    {"saint lucia", "LCA"},
    {"saint martin", "MAF"},
    {"saint pierre and miquelon", "SPM"},
    {"saint vincent and the grenadines", "VCT"},
    {"saint-barthelemy", "BLM"},
    {"saint-martin", "MAF"},
    {"samoa", "WSM"},
    {"san marino", "SMR"},
    {"san marino, rep. of", "SMR"},
    {"sao tome and principe", "STP"},
    {"saudi arabia", "SAU"},
    {"senegal", "SEN"},
    {"serbia", "SRB"},
    {"serbia and montenegro", "SCG"},
    {"serbia, rep. of", "SRB"},
    {"serbia-montenegro", "SCG"},
    {"seychelles", "SYC"},
    {"sierra leone", "SLE"},
    {"singapore", "SGP"},
    {"sint maarten", "SXM"},
    {"sint maarten (dutch part)", "SXM"},
    {"sint maarten, kingdom of the netherlands", "SXM"},
    {"slovak rep.", "SVK"},
    {"slovak republic", "SVK"},
    {"slovakia", "SVK"},
    {"slovenia", "SVN"},
    {"slovenia, rep. of", "SVN"},
    {"solomon islands", "SLB"},
    {"somalia", "SOM"},
    {"south africa", "ZAF"},
    {"south georgia and the south sandwich islands", "SGS"},
    {"south korea", "KOR"},
    {"south sudan", "SSD"},
    {"south sudan, rep. of", "SSD"},
    {"south vietnam", "VNM"},
    {"south yemen", "YMD"},
    {"soviet union", "SUN"},
    {"spain", "ESP"},
    {"sri lanka", "LKA"},
    {"st. helena", "SHN"},
    {"st. kitts and nevis", "KNA"},
    {"st. lucia", "LCA"},
    {"st. martin (french part)", "MAF"},
    {"st. pierre and miquelon", "SPM"},
    {"st. vincent and the grenadines", "VCT"},
    {"state of palestine", "PSE"},
    {"sudan", "SDN"},
    {"suriname", "SUR"},
    {"svalbard and jan mayen", "SJM"},
    {"swaziland", "SWZ"},
    {"sweden", "SWE"},
    {"switzerland", "CHE"},
    {"syria", "SYR"},
    {"syrian arab rep.", "SYR"},
    {"syrian arab republic", "SYR"},
    {"são tomé and príncipe", "STP"},
    {"são tomé and príncipe, dem. rep. of", "STP"},
    {"taiwan", "TWN"},
    {"taiwan (roc)", "TWN"},
    {"taiwan province of china", "TWN"},
    {"tajikistan", "TJK"},
    {"tajikistan, rep. of", "TJK"},
    {"tanzania", "TZA"},
    {"tanzania, united rep. of", "TZA"},
    {"thailand", "THA"},
    {"the bahamas", "BHS"},
    {"the gambia", "GMB"},
    {"timor-leste", "TLS"},
    {"timor-leste, dem. rep. of", "TLS"},
    {"togo", "TGO"},
    {"tokelau", "TKL"},
    {"tonga", "TON"},
    {"trinidad and tobago", "TTO"},
    {"tunisia", "TUN"},
    {"turkey", "TUR"},
    {"turkiye", "TUR"},
    {"turkmenistan", "TKM"},
    {"turks and caicos islands", "TCA"},
    {"tuvalu", "TUV"},
    {"türkiye", "TUR"},
    {"u.s. virgin islands", "VIR"},
    {"uae", "ARE"},
    {"uganda", "UGA"},
    {"uk", "GBR"},
    {"ukraine", "UKR"},
    {"united arab emirates", "ARE"},
    {"united kingdom", "GBR"},
    {"united kingdom of great britain and northern ireland", "GBR"},
    {"united rep. of tanzania", "TZA"},
    {"united states", "USA"},
    {"united states minor outlying islands", "UMI"},
    {"united states of america", "USA"},
    {"uruguay", "URY"},
    {"us", "USA"},
    {"usa", "USA"},
    {"ussr", "SUN"},
    {"uzbekistan", "UZB"},
    {"uzbekistan, rep. of", "UZB"},
    {"vanuatu", "VUT"},
    {"vatican", "VAT"},
    {"vatican city", "VAT"},
    {"venezuela", "VEN"},
    {"venezuela, rb", "VEN"},
    {"venezuela, rep. bolivariana de", "VEN"},
    {"viet nam", "VNM"},
    {"vietnam", "VNM"},
    {"virgin islands (u.s.)", "VIR"},
    {"wallis and futuna", "WLF"},
    {"west bank and gaza", "PSE"},
    {"west bank and gaza strip", "PSE"},
    {"west germany", "DEU"},
    {"west germany (frg)", "DEU"},
    {"western sahara", "ESH"},
    {"world", "WLD"},
    {"yemen", "YEM"},
    {"yemen arab rep.", "YEM"},
    {"yemen, people's dem. rep. of", "YMD"},
    {"yemen, rep.", "YEM"},
    {"yemen, rep. of", "YEM"},
    {"yugoslavia", "YUG"},
    {"zaire", "COD"},
    {"zambia", "ZMB"},
    {"zimbabwe", "ZWE"},
};

// Regions, economy groups and catch-all rows, normalised and sorted.
constexpr absl::string_view kAggregateNames[] = {
    "advanced economies",
    "africa",
    "africa eastern and southern",
    "africa western and central",
    "all countries",
    "americas",
    "arab world",
    "areas, nes",
    "asia",
    "bunkers",
    "caribbean small states",
    "central europe and the baltics",
    "countries & areas not specified",
    "developing asia",
    "developing europe",
    "early-demographic dividend",
    "east asia & pacific",
    "emerging and developing asia",
    "emerging and developing economies",
    "emerging and developing europe",
    "emerging market and developing economies",
    "emerging market and developing economies by source of export earnings: "
    "fuel",
    "emerging market and developing economies by source of export earnings: "
    "nonfuel",
    "eu",
    "eu-27",
    "eu-28",
    "euro area",
    "europe",
    "europe & central asia",
    "european union",
    "fragile and conflict affected situations",
    "free zones",
    "heavily indebted poor countries (hipc)",
    "high income",
    "ibrd only",
    "ida & ibrd total",
    "ida blend",
    "ida only",
    "ida total",
    "late-demographic dividend",
    "latin america & caribbean",
    "least developed countries: un classification",
    "low & middle income",
    "low income",
    "lower middle income",
    "middle east",
    "middle east & north africa",
    "middle east and central asia",
    "middle east and north africa",
    "middle east, north africa, afghanistan, and pakistan",
    "middle income",
    "north america",
    "not classified",
    "oceania",
    "oecd members",
    "other asia, nes",
    "other countries not included elsewhere",
    "other small states",
    "pacific island small states",
    "post-demographic dividend",
    "pre-demographic dividend",
    "small states",
    "south asia",
    "special categories",
    "special categories and economic zones",
    "sub-saharan africa",
    "total",
    "upper middle income",
    "western hemisphere",
};

// Parties with no state behind them, normalised and sorted.
constexpr absl::string_view kNonStateNames[] = {
    "african union",       "anti-government forces", "nato",
    "united nations",      "unknown country",        "unknown recipient(s)",
    "unknown supplier(s)",
};

// World Bank WDI aggregate codes (regions, income and lending groups,
// demographic groups, "not classified"), the world, and UN Comtrade's EU.
// Sorted.
constexpr absl::string_view kAggregateCodes[] = {
    "AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS",
    "EMU", "EUR", "EUU", "FCS", "HIC", "HPC", "IBD", "IBT", "IDA", "IDB",
    "IDX", "INX", "LAC", "LCN", "LDC", "LIC", "LMC", "LMY", "LTE", "MEA",
    "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS", "SSA",
    "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD",
};

constexpr absl::string_view Key(absl::string_view s) { return s; }
constexpr absl::string_view Key(const NameCode& entry) { return entry.name; }

// The tables are searched by binary search, so they must stay sorted.
template <typename T, size_t N>
constexpr bool IsStrictlySorted(const T (&table)[N]) {
  for (size_t i = 1; i < N; ++i) {
    if (!(Key(table[i - 1]) < Key(table[i]))) return false;
  }
  return true;
}
static_assert(IsStrictlySorted(kExtraCodes), "kExtraCodes must be sorted");
static_assert(IsStrictlySorted(kNames), "kNames must be sorted");
static_assert(IsStrictlySorted(kAggregateNames),
              "kAggregateNames must be sorted");
static_assert(IsStrictlySorted(kNonStateNames),
              "kNonStateNames must be sorted");
static_assert(IsStrictlySorted(kAggregateCodes),
              "kAggregateCodes must be sorted");

template <typename T, size_t N>
const T* Find(const T (&table)[N], absl::string_view key) {
  const T* end = table + N;
  const T* it = std::lower_bound(
      table, end, key,
      [](const T& entry, absl::string_view k) { return Key(entry) < k; });
  if (it == end || Key(*it) != key) return nullptr;
  return it;
}

// Catch-all rows the sources add under many names: "Asia not specified",
// "Areas, nes", "Other Europe, n.e.s.".
bool IsUnspecifiedName(absl::string_view normalized) {
  return absl::EndsWith(normalized, " not specified") ||
         absl::EndsWith(normalized, ", nes") ||
         absl::EndsWith(normalized, " nes") ||
         absl::EndsWith(normalized, "n.e.s.") ||
         absl::EndsWith(normalized, "not elsewhere specified");
}

}  // namespace

std::string NormalizeCountryName(absl::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    // U+2019 RIGHT SINGLE QUOTATION MARK, as in "Côte d’Ivoire".
    if (name.substr(i, 3) == "\xE2\x80\x99") {
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && (out.back() == '*' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

std::optional<CountryNameMatch> LookupCountryName(absl::string_view name) {
  const std::string normalized = NormalizeCountryName(name);
  if (normalized.empty()) return std::nullopt;
  if (const NameCode* entry = Find(kNames, normalized)) {
    if (entry->iso3 == "WLD") {
      return CountryNameMatch{CountryNameKind::kWorld, "WLD"};
    }
    return CountryNameMatch{CountryNameKind::kCountry,
                            std::string(entry->iso3)};
  }
  if (Find(kAggregateNames, normalized) != nullptr ||
      IsUnspecifiedName(normalized)) {
    return CountryNameMatch{CountryNameKind::kAggregate, ""};
  }
  if (Find(kNonStateNames, normalized) != nullptr) {
    return CountryNameMatch{CountryNameKind::kNonState, ""};
  }
  return std::nullopt;
}

bool IsKnownCountryCode(absl::string_view code) {
  return IsKnownIso3(code) || IsFormerIso3(code) ||
         Find(kExtraCodes, code) != nullptr;
}

bool IsWorldCode(absl::string_view code) {
  return code == "WLD" || code == "W00";
}

bool IsAggregateCode(absl::string_view code) {
  return Find(kAggregateCodes, code) != nullptr;
}

std::vector<std::string> CountryNamesOf(absl::string_view code) {
  std::vector<std::string> names;
  for (const NameCode& entry : kNames) {
    if (entry.iso3 == code) names.emplace_back(entry.name);
  }
  return names;
}

}  // namespace dyadscope
