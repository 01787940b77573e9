#include "services/security_risk/domain/incident_importers.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {
namespace {

using Fields = absl::Span<const absl::string_view>;

constexpr char kAcledCitation[] =
    "Armed Conflict Location & Event Data Project (ACLED)";
constexpr char kAcledUrl[] = "https://acleddata.com/";
constexpr char kGtdCitation[] = "Global Terrorism Database (START)";
constexpr char kGtdUrl[] = "https://www.start.umd.edu/gtd/";

// Kosovo's user-assigned code (World Bank), accepted beside ISO 3166-1/-3.
constexpr char kKosovoCode[] = "XKX";

// The largest count accepted (a count beyond this is a typo, not a toll).
constexpr int64_t kMaxCount = 10'000'000;

// ---------------------------------------------------------------------------
// Text.

absl::string_view Strip(absl::string_view text) {
  return absl::StripAsciiWhitespace(text);
}

std::string Truncate(absl::string_view value) {
  if (value.size() <= kMaxRejectedValueBytes) return std::string(value);
  size_t end = kMaxRejectedValueBytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(value.substr(0, end));
}

// The letters and digits of a header name, lower-cased: "EVENT_ID_CNTY" ->
// "eventidcnty", "Assoc Actor 1" -> "assocactor1".
std::string HeaderKey(absl::string_view name) {
  std::string key;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u)) key.push_back(absl::ascii_tolower(u));
  }
  return key;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// ASCII letters lower-cased, surrounding whitespace removed, inner runs of
// whitespace collapsed to one space, U+2019 replaced by "'".
std::string NormalizeName(absl::string_view name) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto u = static_cast<unsigned char>(name[i]);
    if (absl::ascii_isspace(u)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (name.substr(i, 3) == "\xE2\x80\x99") {
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(absl::ascii_tolower(u));
  }
  return out;
}

// Letters, digits and any non-ASCII byte belong to words.
bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return absl::ascii_isalnum(u) || u >= 0x80;
}

// The position of the first occurrence of `term` (lower case) in `lower`
// that starts a word and, with `whole_word`, also ends one; npos if none.
size_t FindWord(absl::string_view lower, absl::string_view term,
                bool whole_word) {
  if (term.empty()) return absl::string_view::npos;
  for (size_t pos = lower.find(term); pos != absl::string_view::npos;
       pos = lower.find(term, pos + 1)) {
    const bool starts = pos == 0 || !IsWordByte(lower[pos - 1]);
    const size_t end = pos + term.size();
    const bool ends = end == lower.size() || !IsWordByte(lower[end]);
    if (starts && (ends || !whole_word)) return pos;
  }
  return absl::string_view::npos;
}

// Returns `notes` with `remark` appended in square brackets.
std::string WithRemark(std::string notes, absl::string_view remark) {
  if (!notes.empty()) notes.push_back(' ');
  absl::StrAppend(&notes, "[", remark, "]");
  return notes;
}

// ---------------------------------------------------------------------------
// Numbers and times.

// Parses an integer ("12", "-9"); with `allow_decimal_zero` also "12.0",
// "12.00" (spreadsheet output). nullopt for anything else.
std::optional<int64_t> ParseInteger(absl::string_view text,
                                    bool allow_decimal_zero) {
  text = Strip(text);
  if (allow_decimal_zero) {
    const size_t dot = text.find('.');
    if (dot != absl::string_view::npos) {
      const absl::string_view fraction = text.substr(dot + 1);
      if (fraction.empty() ||
          fraction.find_first_not_of('0') != absl::string_view::npos) {
        return std::nullopt;
      }
      text = text.substr(0, dot);
    }
  }
  absl::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    digits.remove_prefix(1);
  }
  if (!AllDigits(digits) || digits.size() > 12) return std::nullopt;
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) return std::nullopt;
  return value;
}

// Parses a plain decimal number ("-45.8644", "1e-3"); nullopt for anything
// else, including NaN and infinities.
std::optional<double> ParseDecimalNumber(absl::string_view text) {
  text = Strip(text);
  if (text.empty()) return std::nullopt;
  bool digit = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isdigit(u)) {
      digit = true;
    } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
      return std::nullopt;
    }
  }
  double value = 0;
  if (!digit || !absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Parses a point in time: Unix seconds ("1657041386", "1657041386.0"), or
// "YYYY-MM-DD hh:mm:ss", "YYYY-MM-DDThh:mm:ss[.f]Z|+hh:mm" or "YYYY-MM-DD"
// (UTC unless an offset is given).
std::optional<absl::Time> ParseTimestamp(absl::string_view text) {
  text = Strip(text);
  if (std::optional<int64_t> seconds =
          ParseInteger(text, /*allow_decimal_zero=*/true)) {
    if (*seconds < 0) return std::nullopt;
    return absl::FromUnixSeconds(*seconds);
  }
  const std::string input(text);
  for (const char* format :
       {"%Y-%m-%d %H:%M:%S", "%Y-%m-%d%ET%H:%M:%E*S%Ez", "%Y-%m-%d"}) {
    absl::Time time;
    std::string error;
    if (absl::ParseTime(format, input, absl::UTCTimeZone(), &time, &error)) {
      return time;
    }
  }
  return std::nullopt;
}

// The month a name or abbreviation denotes ("June", "jun", "Sept"), or 0.
int MonthFromName(absl::string_view name) {
  static constexpr absl::string_view kMonths[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i] || lower == kMonths[i].substr(0, 3) ||
        (i == 8 && lower == "sept")) {
      return i + 1;
    }
  }
  return 0;
}

// Parses an ACLED event date to a day: "2022-06-30", "20220630", "30 June
// 2022", "30-Jun-2022", "30/06/2022" (day first, as ACLED writes it),
// "2022/06/30", "June 30, 2022". nullopt unless it is a real date.
std::optional<Date> ParseAcledDate(absl::string_view text) {
  text = Strip(text);
  if (absl::StatusOr<Date> iso = ParseDate(text); iso.ok()) {
    if (iso->precision == DatePrecision::kDay) return *iso;
    return std::nullopt;
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(text, absl::ByAnyChar(" -/,."), absl::SkipEmpty());
  if (parts.size() != 3) return std::nullopt;
  auto number = [](absl::string_view part, size_t max_digits) -> int {
    int value = 0;
    if (!AllDigits(part) || part.size() > max_digits ||
        !absl::SimpleAtoi(part, &value)) {
      return -1;
    }
    return value;
  };
  Date date;
  date.precision = DatePrecision::kDay;
  if (parts[0].size() == 4 && AllDigits(parts[0])) {
    // Year first: 2022/06/30.
    date.year = number(parts[0], 4);
    date.month = number(parts[1], 2);
    date.day = number(parts[2], 2);
  } else if (MonthFromName(parts[0]) != 0) {
    // Month first: June 30, 2022.
    date.month = MonthFromName(parts[0]);
    date.day = number(parts[1], 2);
    date.year = parts[2].size() == 4 ? number(parts[2], 4) : -1;
  } else {
    // Day first: 30 June 2022, 30-Jun-2022, 30/06/2022.
    date.day = number(parts[0], 2);
    date.month = MonthFromName(parts[1]);
    if (date.month == 0) date.month = number(parts[1], 2);
    date.year = parts[2].size() == 4 ? number(parts[2], 4) : -1;
  }
  if (date.year < 0 || date.month < 0 || date.day < 0 ||
      !ValidateDate(date).ok()) {
    return std::nullopt;
  }
  return date;
}

// The host of an http(s) URL without "www.", e.g. "dawn.com".
std::string UrlHost(absl::string_view url) {
  const size_t scheme = url.find("://");
  absl::string_view rest =
      scheme == absl::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  rest = rest.substr(0, rest.find(':'));
  if (absl::StartsWithIgnoreCase(rest, "www.")) rest.remove_prefix(4);
  return absl::AsciiStrToLower(rest);
}

bool IsPlainUrl(absl::string_view url) {
  size_t scheme = 0;
  if (absl::StartsWithIgnoreCase(url, "https://")) {
    scheme = 8;
  } else if (absl::StartsWithIgnoreCase(url, "http://")) {
    scheme = 7;
  } else {
    return false;
  }
  if (url.size() == scheme || url[scheme] == '/') return false;
  for (char c : url) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsUpperSnakeCase(absl::string_view text) {
  if (text.empty() ||
      !absl::ascii_isupper(static_cast<unsigned char>(text[0]))) {
    return false;
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_isupper(u) && !absl::ascii_isdigit(u) && c != '_') {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Countries.

struct NameCode {
  absl::string_view name;  // NormalizeName form
  absl::string_view code;
};

// Country names as ACLED and the GTD write them (and common English
// names), normalised, sorted by bytes.
constexpr NameCode kCountryNames[] = {
    {"afghanistan", "AFG"},
    {"aland islands", "ALA"},
    {"albania", "ALB"},
    {"algeria", "DZA"},
    {"american samoa", "ASM"},
    {"andorra", "AND"},
    {"angola", "AGO"},
    {"anguilla", "AIA"},
    {"antarctica", "ATA"},
    {"antigua and barbuda", "ATG"},
    {"argentina", "ARG"},
    {"armenia", "ARM"},
    {"aruba", "ABW"},
    {"australia", "AUS"},
    {"austria", "AUT"},
    {"azerbaijan", "AZE"},
    {"bahamas", "BHS"},
    {"bahrain", "BHR"},
    {"bangladesh", "BGD"},
    {"barbados", "BRB"},
    {"belarus", "BLR"},
    {"belgium", "BEL"},
    {"belize", "BLZ"},
    {"benin", "BEN"},
    {"bermuda", "BMU"},
    {"bhutan", "BTN"},
    {"bolivia", "BOL"},
    {"bonaire, saint eustatius and saba", "BES"},
    {"bosnia and herzegovina", "BIH"},
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
    {"central african republic", "CAF"},
    {"chad", "TCD"},
    {"chile", "CHL"},
    {"china", "CHN"},
    {"christmas island", "CXR"},
    {"cocos (keeling) islands", "CCK"},
    {"colombia", "COL"},
    {"comoros", "COM"},
    {"congo", "COG"},
    {"congo, dem. rep.", "COD"},
    {"congo, rep.", "COG"},
    {"congo-brazzaville", "COG"},
    {"congo-kinshasa", "COD"},
    {"cook islands", "COK"},
    {"costa rica", "CRI"},
    {"cote d'ivoire", "CIV"},
    {"croatia", "HRV"},
    {"cuba", "CUB"},
    {"curacao", "CUW"},
    {"cura\xc3\xa7"
     "ao",
     "CUW"},
    {"cyprus", "CYP"},
    {"czech republic", "CZE"},
    {"czechia", "CZE"},
    {"czechoslovakia", "CSK"},
    {"c\xc3\xb4te d'ivoire", "CIV"},
    {"democratic republic of congo", "COD"},
    {"democratic republic of the congo", "COD"},
    {"denmark", "DNK"},
    {"djibouti", "DJI"},
    {"dominica", "DMA"},
    {"dominican republic", "DOM"},
    {"dr congo", "COD"},
    {"east germany", "DDR"},
    {"east germany (gdr)", "DDR"},
    {"east timor", "TLS"},
    {"ecuador", "ECU"},
    {"egypt", "EGY"},
    {"el salvador", "SLV"},
    {"equatorial guinea", "GNQ"},
    {"eritrea", "ERI"},
    {"estonia", "EST"},
    {"eswatini", "SWZ"},
    {"ethiopia", "ETH"},
    {"falkland islands", "FLK"},
    {"falkland islands (malvinas)", "FLK"},
    {"faroe islands", "FRO"},
    {"fiji", "FJI"},
    {"finland", "FIN"},
    {"france", "FRA"},
    {"french guiana", "GUF"},
    {"french polynesia", "PYF"},
    {"french southern territories", "ATF"},
    {"gabon", "GAB"},
    {"gambia", "GMB"},
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
    {"hungary", "HUN"},
    {"iceland", "ISL"},
    {"india", "IND"},
    {"indonesia", "IDN"},
    {"iran", "IRN"},
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
    {"kenya", "KEN"},
    {"kiribati", "KIR"},
    {"kosovo", "XKX"},
    {"kuwait", "KWT"},
    {"kyrgyzstan", "KGZ"},
    {"laos", "LAO"},
    {"latvia", "LVA"},
    {"lebanon", "LBN"},
    {"lesotho", "LSO"},
    {"liberia", "LBR"},
    {"libya", "LBY"},
    {"liechtenstein", "LIE"},
    {"lithuania", "LTU"},
    {"luxembourg", "LUX"},
    {"macao", "MAC"},
    {"macau", "MAC"},
    {"macedonia", "MKD"},
    {"madagascar", "MDG"},
    {"malawi", "MWI"},
    {"malaysia", "MYS"},
    {"maldives", "MDV"},
    {"mali", "MLI"},
    {"malta", "MLT"},
    {"marshall islands", "MHL"},
    {"martinique", "MTQ"},
    {"mauritania", "MRT"},
    {"mauritius", "MUS"},
    {"mayotte", "MYT"},
    {"mexico", "MEX"},
    {"micronesia", "FSM"},
    {"moldova", "MDA"},
    {"monaco", "MCO"},
    {"mongolia", "MNG"},
    {"montenegro", "MNE"},
    {"montserrat", "MSR"},
    {"morocco", "MAR"},
    {"mozambique", "MOZ"},
    {"myanmar", "MMR"},
    {"namibia", "NAM"},
    {"nauru", "NRU"},
    {"nepal", "NPL"},
    {"netherlands", "NLD"},
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
    {"north yemen", "YEM"},
    {"northern ireland", "GBR"},
    {"northern mariana islands", "MNP"},
    {"norway", "NOR"},
    {"oman", "OMN"},
    {"pakistan", "PAK"},
    {"palau", "PLW"},
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
    {"portugal", "PRT"},
    {"puerto rico", "PRI"},
    {"qatar", "QAT"},
    {"republic of congo", "COG"},
    {"republic of the congo", "COG"},
    {"reunion", "REU"},
    {"rhodesia", "ZWE"},
    {"romania", "ROU"},
    {"russia", "RUS"},
    {"russian federation", "RUS"},
    {"rwanda", "RWA"},
    {"r\xc3\xa9union", "REU"},
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
    {"sao tome and principe", "STP"},
    {"saudi arabia", "SAU"},
    {"senegal", "SEN"},
    {"serbia", "SRB"},
    {"serbia and montenegro", "SCG"},
    {"serbia-montenegro", "SCG"},
    {"seychelles", "SYC"},
    {"sierra leone", "SLE"},
    {"singapore", "SGP"},
    {"sint maarten", "SXM"},
    {"slovak republic", "SVK"},
    {"slovakia", "SVK"},
    {"slovenia", "SVN"},
    {"solomon islands", "SLB"},
    {"somalia", "SOM"},
    {"south africa", "ZAF"},
    {"south georgia and the south sandwich islands", "SGS"},
    {"south korea", "KOR"},
    {"south sudan", "SSD"},
    {"south vietnam", "VNM"},
    {"south yemen", "YMD"},
    {"soviet union", "SUN"},
    {"spain", "ESP"},
    {"sri lanka", "LKA"},
    {"st. kitts and nevis", "KNA"},
    {"st. lucia", "LCA"},
    {"sudan", "SDN"},
    {"suriname", "SUR"},
    {"svalbard and jan mayen", "SJM"},
    {"swaziland", "SWZ"},
    {"sweden", "SWE"},
    {"switzerland", "CHE"},
    {"syria", "SYR"},
    {"taiwan", "TWN"},
    {"tajikistan", "TJK"},
    {"tanzania", "TZA"},
    {"thailand", "THA"},
    {"the bahamas", "BHS"},
    {"the gambia", "GMB"},
    {"timor-leste", "TLS"},
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
    {"t\xc3\xbcrkiye", "TUR"},
    {"u.s. virgin islands", "VIR"},
    {"uganda", "UGA"},
    {"ukraine", "UKR"},
    {"united arab emirates", "ARE"},
    {"united kingdom", "GBR"},
    {"united states", "USA"},
    {"united states minor outlying islands", "UMI"},
    {"united states of america", "USA"},
    {"uruguay", "URY"},
    {"ussr", "SUN"},
    {"uzbekistan", "UZB"},
    {"vanuatu", "VUT"},
    {"vatican city", "VAT"},
    {"venezuela", "VEN"},
    {"viet nam", "VNM"},
    {"vietnam", "VNM"},
    {"virgin islands (u.s.)", "VIR"},
    {"wallis and futuna", "WLF"},
    {"west bank and gaza strip", "PSE"},
    {"west germany", "DEU"},
    {"west germany (frg)", "DEU"},
    {"western sahara", "ESH"},
    {"yemen", "YEM"},
    {"yugoslavia", "YUG"},
    {"zaire", "COD"},
    {"zambia", "ZMB"},
    {"zimbabwe", "ZWE"},
};

constexpr bool NamesSorted() {
  for (size_t i = 1; i < std::size(kCountryNames); ++i) {
    if (!(kCountryNames[i - 1].name < kCountryNames[i].name)) return false;
  }
  return true;
}
static_assert(NamesSorted(), "kCountryNames must be strictly sorted");

struct NumericCode {
  int numeric;
  absl::string_view code;
};

// ISO 3166-1 numeric -> alpha-3, sorted by number.
constexpr NumericCode kIsoNumeric[] = {
    {4, "AFG"},   {8, "ALB"},   {12, "DZA"},  {24, "AGO"},  {31, "AZE"},
    {32, "ARG"},  {36, "AUS"},  {40, "AUT"},  {44, "BHS"},  {48, "BHR"},
    {50, "BGD"},  {51, "ARM"},  {52, "BRB"},  {56, "BEL"},  {64, "BTN"},
    {68, "BOL"},  {70, "BIH"},  {72, "BWA"},  {76, "BRA"},  {84, "BLZ"},
    {90, "SLB"},  {96, "BRN"},  {100, "BGR"}, {104, "MMR"}, {108, "BDI"},
    {112, "BLR"}, {116, "KHM"}, {120, "CMR"}, {124, "CAN"}, {132, "CPV"},
    {140, "CAF"}, {144, "LKA"}, {148, "TCD"}, {152, "CHL"}, {156, "CHN"},
    {158, "TWN"}, {170, "COL"}, {174, "COM"}, {178, "COG"}, {180, "COD"},
    {188, "CRI"}, {191, "HRV"}, {192, "CUB"}, {196, "CYP"}, {203, "CZE"},
    {204, "BEN"}, {208, "DNK"}, {214, "DOM"}, {218, "ECU"}, {222, "SLV"},
    {226, "GNQ"}, {231, "ETH"}, {232, "ERI"}, {233, "EST"}, {242, "FJI"},
    {246, "FIN"}, {250, "FRA"}, {262, "DJI"}, {266, "GAB"}, {268, "GEO"},
    {270, "GMB"}, {275, "PSE"}, {276, "DEU"}, {288, "GHA"}, {300, "GRC"},
    {320, "GTM"}, {324, "GIN"}, {328, "GUY"}, {332, "HTI"}, {340, "HND"},
    {344, "HKG"}, {348, "HUN"}, {352, "ISL"}, {356, "IND"}, {360, "IDN"},
    {364, "IRN"}, {368, "IRQ"}, {372, "IRL"}, {376, "ISR"}, {380, "ITA"},
    {384, "CIV"}, {388, "JAM"}, {392, "JPN"}, {398, "KAZ"}, {400, "JOR"},
    {404, "KEN"}, {408, "PRK"}, {410, "KOR"}, {414, "KWT"}, {417, "KGZ"},
    {418, "LAO"}, {422, "LBN"}, {426, "LSO"}, {428, "LVA"}, {430, "LBR"},
    {434, "LBY"}, {440, "LTU"}, {442, "LUX"}, {446, "MAC"}, {450, "MDG"},
    {454, "MWI"}, {458, "MYS"}, {462, "MDV"}, {466, "MLI"}, {470, "MLT"},
    {478, "MRT"}, {480, "MUS"}, {484, "MEX"}, {496, "MNG"}, {498, "MDA"},
    {499, "MNE"}, {504, "MAR"}, {508, "MOZ"}, {512, "OMN"}, {516, "NAM"},
    {524, "NPL"}, {528, "NLD"}, {548, "VUT"}, {554, "NZL"}, {558, "NIC"},
    {562, "NER"}, {566, "NGA"}, {578, "NOR"}, {586, "PAK"}, {591, "PAN"},
    {598, "PNG"}, {600, "PRY"}, {604, "PER"}, {608, "PHL"}, {616, "POL"},
    {620, "PRT"}, {624, "GNB"}, {626, "TLS"}, {630, "PRI"}, {634, "QAT"},
    {642, "ROU"}, {643, "RUS"}, {646, "RWA"}, {678, "STP"}, {682, "SAU"},
    {686, "SEN"}, {688, "SRB"}, {690, "SYC"}, {694, "SLE"}, {702, "SGP"},
    {703, "SVK"}, {704, "VNM"}, {705, "SVN"}, {706, "SOM"}, {710, "ZAF"},
    {716, "ZWE"}, {724, "ESP"}, {728, "SSD"}, {729, "SDN"}, {732, "ESH"},
    {740, "SUR"}, {748, "SWZ"}, {752, "SWE"}, {756, "CHE"}, {760, "SYR"},
    {762, "TJK"}, {764, "THA"}, {768, "TGO"}, {780, "TTO"}, {784, "ARE"},
    {788, "TUN"}, {792, "TUR"}, {795, "TKM"}, {800, "UGA"}, {804, "UKR"},
    {807, "MKD"}, {818, "EGY"}, {826, "GBR"}, {834, "TZA"}, {840, "USA"},
    {854, "BFA"}, {858, "URY"}, {860, "UZB"}, {862, "VEN"}, {887, "YEM"},
    {894, "ZMB"},
};

constexpr bool NumericSorted() {
  for (size_t i = 1; i < std::size(kIsoNumeric); ++i) {
    if (!(kIsoNumeric[i - 1].numeric < kIsoNumeric[i].numeric)) return false;
  }
  return true;
}
static_assert(NumericSorted(), "kIsoNumeric must be strictly sorted");

// True for the codes incidents may carry as location or nationality.
bool IsAcceptedCountryCode(absl::string_view code) {
  return IsKnownIso3(code) || IsFormerIso3(code) || code == kKosovoCode;
}

// The terms of the partners ACLED rows are screened for most often; empty
// strings are unused slots.
struct PartnerTermsEntry {
  absl::string_view code;
  absl::string_view adjective;
  absl::string_view names[2];
  absl::string_view note_terms[2];
};

constexpr PartnerTermsEntry kPartnerTerms[] = {
    {"CHN",
     "Chinese",
     {"China", ""},
     {"CPEC", "China-Pakistan Economic Corridor"}},
    {"USA", "American", {"United States", ""}, {"", ""}},
    {"GBR", "British", {"United Kingdom", ""}, {"", ""}},
    {"IND", "Indian", {"India", ""}, {"", ""}},
    {"JPN", "Japanese", {"Japan", ""}, {"", ""}},
    {"KOR", "South Korean", {"South Korea", ""}, {"", ""}},
    {"RUS", "Russian", {"Russia", ""}, {"", ""}},
    {"TUR", "Turkish", {"Turkey", "Turkiye"}, {"", ""}},
    {"SAU", "Saudi", {"Saudi Arabia", ""}, {"", ""}},
    {"ARE", "Emirati", {"United Arab Emirates", ""}, {"", ""}},
    {"FRA", "French", {"France", ""}, {"", ""}},
    {"DEU", "German", {"Germany", ""}, {"", ""}},
    {"IRN", "Iranian", {"Iran", ""}, {"", ""}},
    {"AFG", "Afghan", {"Afghanistan", ""}, {"", ""}},
    {"PAK", "Pakistani", {"Pakistan", ""}, {"", ""}},
};

// Where a partner's nationals were named in an ACLED row.
struct PartnerMention {
  std::string column;  // canonical ACLED name: actor2, assoc_actor_2, notes
  std::string term;
  bool in_actor = false;
};

// The first term of `terms` found in the actor cells, then in the notes
// (see IncidentFileFormat::kAcled).
std::optional<PartnerMention> FindPartnerMention(
    const PartnerTerms& terms,
    std::initializer_list<std::pair<std::string, absl::string_view>> actors,
    const std::pair<std::string, absl::string_view>& notes) {
  for (const auto& [column, text] : actors) {
    const std::string lower = absl::AsciiStrToLower(text);
    for (const auto* list : {&terms.adjectives, &terms.names}) {
      for (const std::string& term : *list) {
        if (FindWord(lower, absl::AsciiStrToLower(term), true) !=
            absl::string_view::npos) {
          return PartnerMention{column, term, true};
        }
      }
    }
  }
  const std::string lower = absl::AsciiStrToLower(notes.second);
  std::vector<const std::vector<std::string>*> lists = {&terms.adjectives,
                                                        &terms.note_terms};
  if (terms.adjectives.empty()) lists.push_back(&terms.names);
  for (const auto* list : lists) {
    for (const std::string& term : *list) {
      if (FindWord(lower, absl::AsciiStrToLower(term), true) !=
          absl::string_view::npos) {
        return PartnerMention{notes.first, term, false};
      }
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Attack types.

struct Keyword {
  absl::string_view text;  // lower case
  bool whole_word;         // else a word start suffices
  AttackType type;
};

constexpr Keyword kAttackKeywords[] = {
    {"kidnap", false, AttackType::kKidnapping},
    {"abduct", false, AttackType::kKidnapping},
    {"hostage", false, AttackType::kKidnapping},
    {"assassinat", false, AttackType::kAssassination},
    {"targeted killing", false, AttackType::kAssassination},
    {"bomb", false, AttackType::kBombing},
    {"ied", true, AttackType::kBombing},
    {"ieds", true, AttackType::kBombing},
    {"vbied", true, AttackType::kBombing},
    {"svbied", true, AttackType::kBombing},
    {"explosi", false, AttackType::kBombing},
    {"explod", false, AttackType::kBombing},
    {"blast", false, AttackType::kBombing},
    {"landmine", false, AttackType::kBombing},
    {"unarmed", false, AttackType::kUnarmedAssault},
    {"armed", false, AttackType::kArmedAssault},
    {"shoot", false, AttackType::kArmedAssault},
    {"shot", false, AttackType::kArmedAssault},
    {"gunm", false, AttackType::kArmedAssault},
    {"gunfire", false, AttackType::kArmedAssault},
    {"gun", true, AttackType::kArmedAssault},
    {"guns", true, AttackType::kArmedAssault},
    {"firing", false, AttackType::kArmedAssault},
    {"rocket", false, AttackType::kArmedAssault},
    {"grenade", false, AttackType::kArmedAssault},
    {"ambush", false, AttackType::kArmedAssault},
    {"stab", true, AttackType::kArmedAssault},
    {"stabb", false, AttackType::kArmedAssault},
    {"knife", false, AttackType::kArmedAssault},
    {"knives", true, AttackType::kArmedAssault},
    {"assault", false, AttackType::kArmedAssault},
    {"arson", false, AttackType::kFacilityAttack},
    {"sabotage", false, AttackType::kFacilityAttack},
    {"set fire", false, AttackType::kFacilityAttack},
    {"set on fire", false, AttackType::kFacilityAttack},
    {"torched", true, AttackType::kFacilityAttack},
    {"facility", false, AttackType::kFacilityAttack},
    {"infrastructure", false, AttackType::kFacilityAttack},
    {"mob", true, AttackType::kUnarmedAssault},
    {"mobs", true, AttackType::kUnarmedAssault},
    {"beat", false, AttackType::kUnarmedAssault},
    {"lynch", false, AttackType::kUnarmedAssault},
    {"unknown", false, AttackType::kUnknown},
};

// ---------------------------------------------------------------------------
// Header columns.

// The header row of a source file: the names as written (stripped) and
// their HeaderKey()s.
class Columns {
 public:
  Columns() = default;
  explicit Columns(Fields header) {
    for (absl::string_view name : header) {
      names_.emplace_back(Strip(name));
      keys_.push_back(HeaderKey(name));
    }
  }

  // The first column whose key is one of `keys`, trying keys in order.
  std::optional<size_t> Find(
      std::initializer_list<absl::string_view> keys) const {
    for (absl::string_view key : keys) {
      for (size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == key) return i;
      }
    }
    return std::nullopt;
  }

  // The name of column `i` as written, or `fallback` when absent.
  std::string Name(std::optional<size_t> i, absl::string_view fallback) const {
    if (!i.has_value() || names_[*i].empty()) return std::string(fallback);
    return names_[*i];
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
};

// The stripped cell of an optional column ("" when the column is absent).
absl::string_view Cell(Fields fields, std::optional<size_t> column) {
  if (!column.has_value() || *column >= fields.size()) return {};
  return Strip(fields[*column]);
}

// ---------------------------------------------------------------------------
// Collecting the items of one row.

class RowSink {
 public:
  explicit RowSink(int64_t line) : line_(line) {}

  template <typename T>
  void Add(T item) {
    ParsedRow row;
    row.line = line_;
    row.item = std::move(item);
    rows_.push_back(std::move(row));
  }

  // Records a rejection; always returns false so that parsers can write
  // `return sink.Reject(...)`.
  bool Reject(absl::string_view field, absl::string_view reason_code,
              std::string reason, absl::string_view value) {
    rejected_ = true;
    Add(RowRejection{std::string(field), std::string(reason_code),
                     std::move(reason), Truncate(value)});
    return false;
  }

  // Records that the row is filtered; always returns false.
  bool Filter(absl::string_view field, absl::string_view reason_code,
              std::string reason, absl::string_view value) {
    Add(FilteredRow{std::string(field), std::string(reason_code),
                    std::move(reason), Truncate(value)});
    return false;
  }

  // The row's items: rejections only when anything was rejected.
  std::vector<ParsedRow> Take() && {
    if (!rejected_) return std::move(rows_);
    std::vector<ParsedRow> rejections;
    for (ParsedRow& row : rows_) {
      if (row.rejection() != nullptr) rejections.push_back(std::move(row));
    }
    return rejections;
  }

 private:
  const int64_t line_;
  bool rejected_ = false;
  std::vector<ParsedRow> rows_;
};

// ---------------------------------------------------------------------------
// Cell parsers shared by the formats. Each returns false after rejecting
// the row.

// A count: empty -> absent; with `gtd_unknown`, GTD's -9 and -99 ->
// absent; otherwise a non-negative integer up to kMaxCount.
bool ParseCountCell(absl::string_view field, absl::string_view text,
                    bool source_format, bool gtd_unknown, RowSink& sink,
                    std::optional<int>& out) {
  out.reset();
  if (text.empty()) return true;
  std::optional<int64_t> value =
      ParseInteger(text, /*allow_decimal_zero=*/source_format);
  if (!value.has_value()) {
    return sink.Reject(field, "INVALID_NUMBER",
                       absl::StrCat(field, " is not a whole number"), text);
  }
  if (gtd_unknown && (*value == -9 || *value == -99)) return true;
  if (*value < 0 || *value > kMaxCount) {
    return sink.Reject(field, "OUT_OF_RANGE",
                       absl::StrCat(field, " is not a count in 0..", kMaxCount),
                       text);
  }
  out = static_cast<int>(*value);
  return true;
}

// A coordinate in -limit..limit (90 for latitude, 180 for longitude).
bool ParseCoordinateCell(absl::string_view field, absl::string_view text,
                         double limit, RowSink& sink,
                         std::optional<double>& out) {
  out.reset();
  if (text.empty()) return true;
  std::optional<double> value = ParseDecimalNumber(text);
  if (!value.has_value()) {
    return sink.Reject(field, "INVALID_NUMBER",
                       absl::StrCat(field, " is not a decimal number"), text);
  }
  if (std::fabs(*value) > limit) {
    return sink.Reject(field, "OUT_OF_RANGE",
                       absl::StrCat(field, " is not in -", limit, "..", limit),
                       text);
  }
  out = *value;
  return true;
}

bool RequireCell(absl::string_view field, absl::string_view text,
                 RowSink& sink) {
  if (!text.empty()) return true;
  return sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"),
                     "");
}

absl::Status MissingColumns(absl::string_view format_name,
                            const std::vector<std::string>& missing) {
  FieldViolations violations;
  for (const std::string& column : missing) {
    violations.Add(column, absl::StrCat("the ", format_name, " header has no ",
                                        column, " column"));
  }
  return WithReason(violations.ToStatus(), "MISSING_COLUMN");
}

SourceRef DatasetSource(absl::string_view citation, absl::string_view url,
                        absl::string_view source_system,
                        absl::string_view locator) {
  SourceRef source;
  source.citation = std::string(citation);
  source.url = std::string(url);
  source.source_system = std::string(source_system);
  source.locator = std::string(locator);
  return source;
}

// ---------------------------------------------------------------------------
// The parsers.

class ParserBase : public IncidentFileParser {
 public:
  ParserBase(IncidentFileFormat format, IncidentParserOptions options)
      : format_(format), options_(std::move(options)) {}

  IncidentFileFormat format() const override { return format_; }
  bool header_found() const override { return header_found_; }
  std::string layout() const override { return layout_; }

  absl::Status Header(const csv::CsvRecord& record) override {
    if (header_found_) {
      return absl::FailedPreconditionError("the header was already found");
    }
    switch (record.kind) {
      case csv::CsvRecord::Kind::kBlank:
        return absl::OkStatus();
      case csv::CsvRecord::Kind::kError:
        return WithReason(absl::InvalidArgumentError(absl::StrCat(
                              "the header row (line ", record.line,
                              ") could not be read: ", record.error_message)),
                          "MALFORMED_HEADER");
      case csv::CsvRecord::Kind::kFields:
        break;
    }
    absl::Status status = TryHeader(record.fields);
    if (!status.ok()) return status;
    header_found_ = true;
    header_size_ = record.fields.size();
    return absl::OkStatus();
  }

  std::vector<ParsedRow> Row(const csv::CsvRecord& record) override {
    RowSink sink(record.line);
    if (!header_found_) {
      sink.Reject("", "HEADER_NOT_FOUND", "a row before the header row", "");
      return std::move(sink).Take();
    }
    switch (record.kind) {
      case csv::CsvRecord::Kind::kBlank:
        return {};
      case csv::CsvRecord::Kind::kError:
        sink.Reject("", csv::CsvErrorReasonCode(record.error),
                    record.error_message, "");
        return std::move(sink).Take();
      case csv::CsvRecord::Kind::kFields:
        break;
    }
    Fields fields = record.fields;
    size_t non_empty = 0;
    size_t last_non_empty = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!Strip(fields[i]).empty()) {
        ++non_empty;
        last_non_empty = i;
      }
    }
    if (non_empty == 0) return {};
    if (fields.size() != header_size_) {
      // Source files may end lines with an extra delimiter: trailing empty
      // fields beyond the header are harmless there.
      if (StrictWidth() || fields.size() < header_size_ ||
          last_non_empty >= header_size_) {
        sink.Reject("", "WRONG_COLUMN_COUNT",
                    absl::StrCat("expected ", header_size_, " columns, found ",
                                 fields.size()),
                    absl::StrJoin(fields, ","));
        return std::move(sink).Take();
      }
      fields = fields.first(header_size_);
    }
    ParseFields(fields, sink);
    std::vector<ParsedRow> rows = std::move(sink).Take();
    for (ParsedRow& row : rows) {
      Provenance* provenance = nullptr;
      if (auto* incident = std::get_if<Incident>(&row.item)) {
        provenance = &incident->provenance;
      } else if (auto* deletion = std::get_if<IncidentDeletion>(&row.item)) {
        provenance = &deletion->provenance;
      }
      if (provenance != nullptr) {
        provenance->source_file = options_.file_name;
        provenance->source_label = options_.source_label;
        provenance->source_line = record.line;
      }
    }
    return rows;
  }

  absl::Status Finish() const override {
    if (header_found_) return absl::OkStatus();
    return WithReason(
        absl::InvalidArgumentError(absl::StrCat(
            "no ", IncidentFileFormatName(format_),
            " header row found before the end of the input: expected ",
            ExpectedHeader())),
        "HEADER_NOT_FOUND");
  }

 protected:
  // Examines the header row: OK (after set_layout) when the format can use
  // it, else INVALID_ARGUMENT with field violations.
  virtual absl::Status TryHeader(Fields fields) = 0;
  // Parses one data row of the header's width into `sink`.
  virtual void ParseFields(Fields fields, RowSink& sink) const = 0;
  // Describes the header row expected, for errors.
  virtual std::string ExpectedHeader() const = 0;
  // True when every row must have exactly the header's width.
  virtual bool StrictWidth() const { return false; }

  const IncidentParserOptions& options() const { return options_; }
  void set_layout(std::string layout) { layout_ = std::move(layout); }

  // The partner recorded on incidents that name none themselves.
  const std::string& RecordedPartner() const {
    return options_.partner_filter_code.empty() ? options_.default_partner_code
                                                : options_.partner_filter_code;
  }

  // Returns false, after filtering the row, when options().country_code
  // excludes `code`.
  bool CountrySelected(absl::string_view field, absl::string_view code,
                       RowSink& sink) const {
    if (options_.country_code.empty() || options_.country_code == code) {
      return true;
    }
    return sink.Filter(
        field, "COUNTRY_NOT_SELECTED",
        absl::StrCat("country ", code, " is not ", options_.country_code),
        code);
  }

 private:
  const IncidentFileFormat format_;
  const IncidentParserOptions options_;
  bool header_found_ = false;
  size_t header_size_ = 0;
  std::string layout_;
};

// ---------------------------------------------------------------------------
// ACLED.

class AcledParser : public ParserBase {
 public:
  explicit AcledParser(IncidentParserOptions options)
      : ParserBase(IncidentFileFormat::kAcled, std::move(options)) {
    partner_terms_ = PartnerTermsFor(RecordedPartner());
  }

 protected:
  std::string ExpectedHeader() const override {
    return "ACLED columns event_id_cnty, event_date, event_type and country "
           "(or iso3, iso), with time_precision, sub_event_type, actor1, "
           "actor2, assoc_actor_2, admin1, admin2, location, latitude, "
           "longitude, geo_precision, source, notes, fatalities, timestamp";
  }

  absl::Status TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    const Columns& c = columns_;
    id_ = c.Find({"eventidcnty"});
    date_ = c.Find({"eventdate"});
    year_ = c.Find({"year"});
    time_precision_ = c.Find({"timeprecision"});
    event_type_ = c.Find({"eventtype"});
    sub_event_type_ = c.Find({"subeventtype"});
    actor1_ = c.Find({"actor1"});
    actor2_ = c.Find({"actor2"});
    assoc_actor2_ = c.Find({"assocactor2", "allyactor2"});
    iso_ = c.Find({"iso"});
    iso3_ = c.Find({"iso3"});
    country_ = c.Find({"country"});
    admin1_ = c.Find({"admin1"});
    admin2_ = c.Find({"admin2"});
    location_ = c.Find({"location"});
    latitude_ = c.Find({"latitude", "lat"});
    longitude_ = c.Find({"longitude", "lon", "long", "lng"});
    geo_precision_ = c.Find({"geoprecision", "geoprecis"});
    source_ = c.Find({"source", "sources"});
    notes_ = c.Find({"notes"});
    fatalities_ = c.Find({"fatalities"});
    timestamp_ = c.Find({"timestamp"});
    std::vector<std::string> missing;
    if (!id_.has_value()) missing.push_back("event_id_cnty");
    if (!date_.has_value()) missing.push_back("event_date");
    if (!event_type_.has_value()) missing.push_back("event_type");
    if (!country_.has_value() && !iso3_.has_value() && !iso_.has_value()) {
      missing.push_back("country");
    }
    if (!missing.empty()) return MissingColumns("ACLED", missing);
    const bool older = c.Find({"allyactor1", "allyactor2", "dataid",
                               "eventidnocnty", "gwno", "iso3", "geoprecis"})
                           .has_value() ||
                       !sub_event_type_.has_value();
    set_layout(older ? "ACLED (older column names)"
                     : "ACLED (current column names)");
    return absl::OkStatus();
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    Incident incident;
    if (Parse(fields, sink, incident)) sink.Add(std::move(incident));
  }

 private:
  std::string Name(std::optional<size_t> column,
                   absl::string_view fallback) const {
    return columns_.Name(column, fallback);
  }

  // Resolves the country from iso3, country or iso (in that order).
  bool ResolveCountry(Fields fields, RowSink& sink, std::string& field,
                      std::string& code) const {
    const absl::string_view iso3 = Cell(fields, iso3_);
    if (!iso3.empty()) {
      field = Name(iso3_, "iso3");
      code = absl::AsciiStrToUpper(iso3);
      if (IsAcceptedCountryCode(code)) return true;
      return sink.Reject(field, "UNKNOWN_COUNTRY",
                         absl::StrCat(field, " \"", iso3,
                                      "\" is not an ISO 3166-1 alpha-3 code"),
                         iso3);
    }
    const absl::string_view iso = Cell(fields, iso_);
    std::optional<std::string> from_iso;
    if (iso.size() == 3 && !AllDigits(iso)) {
      const std::string upper = absl::AsciiStrToUpper(iso);
      if (IsAcceptedCountryCode(upper)) from_iso = upper;
    } else if (std::optional<int64_t> numeric = ParseInteger(iso, true);
               numeric.has_value() && *numeric >= 0 && *numeric < 1000) {
      from_iso = CountryCodeFromIsoNumeric(static_cast<int>(*numeric));
    }
    const absl::string_view name = Cell(fields, country_);
    if (!name.empty()) {
      field = Name(country_, "country");
      if (std::optional<std::string> found = CountryCodeFromName(name)) {
        code = *std::move(found);
        return true;
      }
      if (from_iso.has_value()) {
        code = *std::move(from_iso);
        return true;
      }
      return sink.Reject(
          field, "UNKNOWN_COUNTRY",
          absl::StrCat(field, " \"", name, "\" is not a known country name"),
          name);
    }
    field = Name(iso_, "iso");
    if (from_iso.has_value()) {
      code = *std::move(from_iso);
      return true;
    }
    if (!iso.empty()) {
      return sink.Reject(
          field, "UNKNOWN_COUNTRY",
          absl::StrCat(field, " ", iso, " is not a known ISO 3166-1 code"),
          iso);
    }
    return RequireCell(Name(country_, "country"), "", sink);
  }

  bool Parse(Fields fields, RowSink& sink, Incident& incident) const {
    const std::string id_field = Name(id_, "event_id_cnty");
    const absl::string_view id = Cell(fields, id_);
    if (!RequireCell(id_field, id, sink)) return false;
    incident.provenance.source_system = kAcledSourceSystem;
    incident.provenance.source_record_id = std::string(id);

    std::string country_field;
    std::string country_code;
    if (!ResolveCountry(fields, sink, country_field, country_code) ||
        !CountrySelected(country_field, country_code, sink)) {
      return false;
    }
    incident.location.country_code = std::move(country_code);

    const std::string& partner = RecordedPartner();
    const std::string actor2_field = Name(actor2_, "actor2");
    std::optional<PartnerMention> mention;
    if (!partner.empty()) {
      // Canonical column names, so that partner_link does not depend on
      // the header's spelling.
      mention =
          FindPartnerMention(partner_terms_,
                             {{"actor2", Cell(fields, actor2_)},
                              {"assoc_actor_2", Cell(fields, assoc_actor2_)}},
                             {"notes", Cell(fields, notes_)});
    }
    if (!options().partner_filter_code.empty() && !mention.has_value()) {
      return sink.Filter(
          actor2_field, "PARTNER_NOT_MENTIONED",
          absl::StrCat("neither actor2, assoc_actor_2 nor notes name ", partner,
                       " nationals"),
          Cell(fields, actor2_));
    }
    incident.partner_country_code = partner;
    if (mention.has_value()) {
      incident.partner_link =
          absl::StrCat("\"", mention->term, "\" in ", mention->column);
      if (mention->in_actor)
        incident.victim_nationality_codes.push_back(partner);
    }

    if (!ParseDateCells(fields, sink, incident)) return false;

    incident.location.province = std::string(Cell(fields, admin1_));
    incident.location.district = std::string(Cell(fields, admin2_));
    incident.location.place = std::string(Cell(fields, location_));
    if (!ParseCoordinateCell(Name(latitude_, "latitude"),
                             Cell(fields, latitude_), 90, sink,
                             incident.location.latitude) ||
        !ParseCoordinateCell(Name(longitude_, "longitude"),
                             Cell(fields, longitude_), 180, sink,
                             incident.location.longitude)) {
      return false;
    }
    const absl::string_view geo = Cell(fields, geo_precision_);
    if (!geo.empty()) {
      const std::optional<int64_t> level = ParseInteger(geo, true);
      if (!level.has_value() || *level < 1 || *level > 3) {
        const std::string field = Name(geo_precision_, "geo_precision");
        return sink.Reject(field, "INVALID_ENUM",
                           absl::StrCat(field, " is not 1, 2 or 3"), geo);
      }
      incident.location.precision = *level == 1 ? Location::Precision::kPlace
                                    : *level == 2
                                        ? Location::Precision::kDistrict
                                        : Location::Precision::kProvince;
    }

    const absl::string_view event_type = Cell(fields, event_type_);
    if (!RequireCell(Name(event_type_, "event_type"), event_type, sink)) {
      return false;
    }
    incident.source_event_type = std::string(event_type);
    incident.source_sub_event_type = std::string(Cell(fields, sub_event_type_));
    incident.attack_type =
        AcledAttackType(event_type, incident.source_sub_event_type);
    incident.attributed_to = std::string(Cell(fields, actor1_));
    const absl::string_view actor2 = Cell(fields, actor2_);
    const absl::string_view assoc2 = Cell(fields, assoc_actor2_);
    incident.target_description = actor2.empty() || assoc2.empty()
                                      ? absl::StrCat(actor2, assoc2)
                                      : absl::StrCat(actor2, "; ", assoc2);

    if (!ParseCountCell(Name(fatalities_, "fatalities"),
                        Cell(fields, fatalities_), /*source_format=*/true,
                        /*gtd_unknown=*/false, sink,
                        incident.fatalities_total)) {
      return false;
    }
    const absl::string_view timestamp = Cell(fields, timestamp_);
    if (!timestamp.empty()) {
      incident.provenance.source_update_time = ParseTimestamp(timestamp);
      if (!incident.provenance.source_update_time.has_value()) {
        const std::string field = Name(timestamp_, "timestamp");
        return sink.Reject(
            field, "INVALID_NUMBER",
            absl::StrCat(field, " is not Unix seconds or a UTC date-time"),
            timestamp);
      }
    }

    incident.sources.push_back(
        DatasetSource(kAcledCitation, kAcledUrl, kAcledSourceSystem, id));
    for (absl::string_view name :
         absl::StrSplit(Cell(fields, source_), ';', absl::SkipWhitespace())) {
      SourceRef source;
      source.citation = std::string(Strip(name));
      source.source_system = kAcledSourceSystem;
      incident.sources.push_back(std::move(source));
    }
    return true;
  }

  // event_date, year and time_precision -> date; time_precision 2 adds a
  // remark to the notes, which this sets.
  bool ParseDateCells(Fields fields, RowSink& sink, Incident& incident) const {
    const std::string date_field = Name(date_, "event_date");
    const absl::string_view date_text = Cell(fields, date_);
    if (!RequireCell(date_field, date_text, sink)) return false;
    std::optional<Date> date = ParseAcledDate(date_text);
    if (!date.has_value()) {
      return sink.Reject(date_field, "INVALID_DATE",
                         absl::StrCat(date_field, " is not a calendar date"),
                         date_text);
    }
    const absl::string_view year = Cell(fields, year_);
    if (!year.empty()) {
      const std::optional<int64_t> parsed = ParseInteger(year, true);
      if (!parsed.has_value() || *parsed != date->year) {
        const std::string field = Name(year_, "year");
        return sink.Reject(
            field, "INVALID_DATE",
            absl::StrCat(field, " does not match ", date_field, " ", date_text),
            year);
      }
    }
    int64_t precision = 1;
    const absl::string_view precision_text = Cell(fields, time_precision_);
    if (!precision_text.empty()) {
      const std::optional<int64_t> parsed = ParseInteger(precision_text, true);
      if (!parsed.has_value() || *parsed < 1 || *parsed > 3) {
        const std::string field = Name(time_precision_, "time_precision");
        return sink.Reject(field, "INVALID_ENUM",
                           absl::StrCat(field, " is not 1, 2 or 3"),
                           precision_text);
      }
      precision = *parsed;
    }
    if (precision == 3) {
      *date = Date{date->year, date->month, 0, DatePrecision::kMonth};
    }
    incident.date = *date;
    incident.notes = std::string(Cell(fields, notes_));
    if (precision == 2) {
      incident.notes = WithRemark(
          std::move(incident.notes),
          "ACLED time_precision 2: the date is known to within a week");
    }
    return true;
  }

  PartnerTerms partner_terms_;
  Columns columns_;
  std::optional<size_t> id_, date_, year_, time_precision_, event_type_,
      sub_event_type_, actor1_, actor2_, assoc_actor2_, iso_, iso3_, country_,
      admin1_, admin2_, location_, latitude_, longitude_, geo_precision_,
      source_, notes_, fatalities_, timestamp_;
};

// ---------------------------------------------------------------------------
// ACLED deletions.

class AcledDeletionsParser : public ParserBase {
 public:
  explicit AcledDeletionsParser(IncidentParserOptions options)
      : ParserBase(IncidentFileFormat::kAcledDeletions, std::move(options)) {}

 protected:
  std::string ExpectedHeader() const override {
    return "ACLED deletion columns event_id_cnty, deleted_timestamp";
  }

  absl::Status TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    id_ = columns_.Find({"eventidcnty"});
    time_ = columns_.Find({"deletedtimestamp", "timestamp"});
    std::vector<std::string> missing;
    if (!id_.has_value()) missing.push_back("event_id_cnty");
    if (!time_.has_value()) missing.push_back("deleted_timestamp");
    if (!missing.empty()) return MissingColumns("ACLED deletions", missing);
    set_layout("ACLED deletions");
    return absl::OkStatus();
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    const std::string id_field = columns_.Name(id_, "event_id_cnty");
    const std::string time_field = columns_.Name(time_, "deleted_timestamp");
    const absl::string_view id = Cell(fields, id_);
    const absl::string_view time = Cell(fields, time_);
    if (!RequireCell(id_field, id, sink) ||
        !RequireCell(time_field, time, sink)) {
      return;
    }
    IncidentDeletion deletion;
    deletion.provenance.source_system = kAcledSourceSystem;
    deletion.provenance.source_record_id = std::string(id);
    deletion.delete_time = ParseTimestamp(time);
    if (!deletion.delete_time.has_value()) {
      sink.Reject(
          time_field, "INVALID_NUMBER",
          absl::StrCat(time_field, " is not Unix seconds or a UTC date-time"),
          time);
      return;
    }
    sink.Add(std::move(deletion));
  }

 private:
  Columns columns_;
  std::optional<size_t> id_, time_;
};

// ---------------------------------------------------------------------------
// GTD.

// GTD's attack type names by their numeric code (attacktype1).
constexpr absl::string_view kGtdAttackTypes[] = {
    "",
    "Assassination",
    "Armed Assault",
    "Bombing/Explosion",
    "Hijacking",
    "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unarmed Assault",
    "Unknown",
};

TargetCategory GtdTargetCategory(absl::string_view target_type,
                                 bool partner_victims) {
  const std::string lower = NormalizeName(target_type);
  if (lower.empty() || lower == "unknown") return TargetCategory::kUnspecified;
  if (lower == "government (diplomatic)") {
    return TargetCategory::kDiplomaticMission;
  }
  if (lower == "business") return TargetCategory::kBusiness;
  if (partner_victims) {
    for (absl::string_view people :
         {"private citizens & property", "tourists", "educational institution",
          "ngo", "journalists & media", "religious figures/institutions"}) {
      if (lower == people) return TargetCategory::kPartnerNationals;
    }
  }
  return TargetCategory::kOther;
}

class GtdParser : public ParserBase {
 public:
  explicit GtdParser(IncidentParserOptions options)
      : ParserBase(IncidentFileFormat::kGtd, std::move(options)) {}

 protected:
  std::string ExpectedHeader() const override {
    return "GTD columns eventid, iyear, imonth, iday, country_txt, with "
           "provstate, city, latitude, longitude, attacktype1_txt, "
           "targtype1_txt, target1, natlty1_txt, gname, nkill, nkillter, "
           "nwound, summary";
  }

  absl::Status TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    const Columns& c = columns_;
    id_ = c.Find({"eventid"});
    year_ = c.Find({"iyear"});
    month_ = c.Find({"imonth"});
    day_ = c.Find({"iday"});
    approxdate_ = c.Find({"approxdate"});
    country_ = c.Find({"countrytxt"});
    provstate_ = c.Find({"provstate"});
    city_ = c.Find({"city"});
    latitude_ = c.Find({"latitude"});
    longitude_ = c.Find({"longitude"});
    specificity_ = c.Find({"specificity"});
    summary_ = c.Find({"summary"});
    suicide_ = c.Find({"suicide"});
    attack_type_ = c.Find({"attacktype1txt"});
    attack_code_ = c.Find({"attacktype1"});
    target_type_ = c.Find({"targtype1txt"});
    corp_ = c.Find({"corp1"});
    target_ = c.Find({"target1"});
    nationalities_[0] = c.Find({"natlty1txt"});
    nationalities_[1] = c.Find({"natlty2txt"});
    nationalities_[2] = c.Find({"natlty3txt"});
    gname_ = c.Find({"gname"});
    claimed_ = c.Find({"claimed"});
    nkill_ = c.Find({"nkill"});
    nkillus_ = c.Find({"nkillus"});
    nkillter_ = c.Find({"nkillter"});
    nwound_ = c.Find({"nwound"});
    nwoundus_ = c.Find({"nwoundus"});
    nwoundte_ = c.Find({"nwoundte"});
    citations_[0] = c.Find({"scite1"});
    citations_[1] = c.Find({"scite2"});
    citations_[2] = c.Find({"scite3"});
    std::vector<std::string> missing;
    if (!id_.has_value()) missing.push_back("eventid");
    if (!year_.has_value()) missing.push_back("iyear");
    if (!month_.has_value()) missing.push_back("imonth");
    if (!day_.has_value()) missing.push_back("iday");
    if (!country_.has_value()) missing.push_back("country_txt");
    if (!missing.empty()) return MissingColumns("GTD", missing);
    set_layout("GTD");
    return absl::OkStatus();
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    Incident incident;
    if (Parse(fields, sink, incident)) sink.Add(std::move(incident));
  }

 private:
  std::string Name(std::optional<size_t> column,
                   absl::string_view fallback) const {
    return columns_.Name(column, fallback);
  }

  bool Count(Fields fields, std::optional<size_t> column,
             absl::string_view fallback, RowSink& sink,
             std::optional<int>& out) const {
    return ParseCountCell(Name(column, fallback), Cell(fields, column),
                          /*source_format=*/true, /*gtd_unknown=*/true, sink,
                          out);
  }

  // A 0/1 flag; GTD's -9 (unknown) and empty are false.
  bool Flag(Fields fields, std::optional<size_t> column,
            absl::string_view fallback, RowSink& sink, bool& out) const {
    out = false;
    const absl::string_view text = Cell(fields, column);
    if (text.empty()) return true;
    const std::optional<int64_t> value = ParseInteger(text, true);
    if (!value.has_value() ||
        !(*value == 0 || *value == 1 || *value == -9 || *value == -99)) {
      const std::string field = Name(column, fallback);
      return sink.Reject(field, "INVALID_ENUM",
                         absl::StrCat(field, " is not 0, 1 or -9"), text);
    }
    out = *value == 1;
    return true;
  }

  // An integer date part in 0..max (empty is 0, unknown).
  bool DatePart(Fields fields, std::optional<size_t> column,
                absl::string_view fallback, int max, RowSink& sink,
                int& out) const {
    out = 0;
    const absl::string_view text = Cell(fields, column);
    if (text.empty()) return true;
    const std::optional<int64_t> value = ParseInteger(text, true);
    if (!value.has_value() || *value < 0 || *value > max) {
      const std::string field = Name(column, fallback);
      return sink.Reject(field, "INVALID_DATE",
                         absl::StrCat(field, " is not in 0..", max), text);
    }
    out = static_cast<int>(*value);
    return true;
  }

  bool ParseDateCells(Fields fields, RowSink& sink, Date& date) const {
    const std::string year_field = Name(year_, "iyear");
    const absl::string_view year_text = Cell(fields, year_);
    if (!RequireCell(year_field, year_text, sink)) return false;
    const std::optional<int64_t> year = ParseInteger(year_text, true);
    if (!year.has_value() || *year < 1 || *year > 9999) {
      return sink.Reject(year_field, "INVALID_DATE",
                         absl::StrCat(year_field, " is not a year"), year_text);
    }
    int month = 0;
    int day = 0;
    if (!DatePart(fields, month_, "imonth", 12, sink, month) ||
        !DatePart(fields, day_, "iday", 31, sink, day)) {
      return false;
    }
    date = Date{static_cast<int>(*year), month, day, DatePrecision::kDay};
    if (month == 0) {
      date = Date{date.year, 0, 0, DatePrecision::kYear};
    } else if (day == 0) {
      date = Date{date.year, month, 0, DatePrecision::kMonth};
    }
    if (absl::Status status = ValidateDate(date); !status.ok()) {
      return sink.Reject(Name(day_, "iday"), "INVALID_DATE",
                         std::string(status.message()),
                         absl::StrCat(date.year, "-", month, "-", day));
    }
    return true;
  }

  bool Parse(Fields fields, RowSink& sink, Incident& incident) const {
    const absl::string_view id = Cell(fields, id_);
    if (!RequireCell(Name(id_, "eventid"), id, sink)) return false;
    incident.provenance.source_system = kGtdSourceSystem;
    incident.provenance.source_record_id = std::string(id);

    const std::string country_field = Name(country_, "country_txt");
    const absl::string_view country = Cell(fields, country_);
    if (!RequireCell(country_field, country, sink)) return false;
    std::optional<std::string> country_code = CountryCodeFromName(country);
    if (!country_code.has_value()) {
      return sink.Reject(country_field, "UNKNOWN_COUNTRY",
                         absl::StrCat(country_field, " \"", country,
                                      "\" is not a known country name"),
                         country);
    }
    if (!CountrySelected(country_field, *country_code, sink)) return false;
    incident.location.country_code = *std::move(country_code);

    for (const std::optional<size_t>& column : nationalities_) {
      std::optional<std::string> code =
          CountryCodeFromName(Cell(fields, column));
      if (code.has_value() &&
          std::find(incident.victim_nationality_codes.begin(),
                    incident.victim_nationality_codes.end(),
                    *code) == incident.victim_nationality_codes.end()) {
        incident.victim_nationality_codes.push_back(*std::move(code));
      }
    }
    const std::string& partner = RecordedPartner();
    const bool partner_victims =
        !partner.empty() &&
        std::find(incident.victim_nationality_codes.begin(),
                  incident.victim_nationality_codes.end(),
                  partner) != incident.victim_nationality_codes.end();
    if (!options().partner_filter_code.empty() && !partner_victims) {
      return sink.Filter(
          Name(nationalities_[0], "natlty1_txt"), "NATIONALITY_NOT_SELECTED",
          absl::StrCat("no victim nationality (natlty1_txt..natlty3_txt) is ",
                       partner),
          Cell(fields, nationalities_[0]));
    }
    incident.partner_country_code = partner;

    if (!ParseDateCells(fields, sink, incident.date)) return false;
    incident.notes = std::string(Cell(fields, summary_));
    if (const absl::string_view approx = Cell(fields, approxdate_);
        !approx.empty()) {
      incident.notes = WithRemark(std::move(incident.notes),
                                  absl::StrCat("GTD approxdate: ", approx));
    }

    incident.location.province = std::string(Cell(fields, provstate_));
    incident.location.place = std::string(Cell(fields, city_));
    if (!ParseCoordinateCell(Name(latitude_, "latitude"),
                             Cell(fields, latitude_), 90, sink,
                             incident.location.latitude) ||
        !ParseCoordinateCell(Name(longitude_, "longitude"),
                             Cell(fields, longitude_), 180, sink,
                             incident.location.longitude)) {
      return false;
    }
    if (const absl::string_view text = Cell(fields, specificity_);
        !text.empty()) {
      const std::optional<int64_t> level = ParseInteger(text, true);
      if (!level.has_value() || *level < 1 || *level > 5) {
        const std::string field = Name(specificity_, "specificity");
        return sink.Reject(field, "INVALID_ENUM",
                           absl::StrCat(field, " is not 1..5"), text);
      }
      incident.location.precision =
          *level == 1   ? Location::Precision::kPlace
          : *level <= 3 ? Location::Precision::kDistrict
          : *level == 4 ? Location::Precision::kProvince
                        : Location::Precision::kCountry;
    }

    bool suicide = false;
    bool claimed = false;
    if (!Flag(fields, suicide_, "suicide", sink, suicide) ||
        !Flag(fields, claimed_, "claimed", sink, claimed)) {
      return false;
    }
    std::string attack_text(Cell(fields, attack_type_));
    if (attack_text.empty()) {
      const std::optional<int64_t> code =
          ParseInteger(Cell(fields, attack_code_), true);
      if (code.has_value() && *code >= 1 &&
          *code < static_cast<int64_t>(std::size(kGtdAttackTypes))) {
        attack_text = std::string(kGtdAttackTypes[*code]);
      }
    }
    incident.attack_type = GtdAttackType(attack_text, suicide);
    incident.source_event_type = attack_text;
    incident.attack_description = attack_text;

    incident.target_category =
        GtdTargetCategory(Cell(fields, target_type_), partner_victims);
    const absl::string_view corp = Cell(fields, corp_);
    const absl::string_view target = Cell(fields, target_);
    const bool corp_known =
        !corp.empty() && !absl::EqualsIgnoreCase(corp, "Unknown");
    incident.target_description =
        corp_known && !target.empty() && corp != target
            ? absl::StrCat(corp, ": ", target)
            : std::string(target.empty() && corp_known ? corp : target);

    const absl::string_view gname = Cell(fields, gname_);
    if (!gname.empty() && !absl::EqualsIgnoreCase(gname, "Unknown")) {
      incident.attributed_to = std::string(gname);
      if (claimed) incident.claimed_by = std::string(gname);
    }

    std::optional<int> nkill, nkillter, nwound, nwoundte, nkillus, nwoundus;
    if (!Count(fields, nkill_, "nkill", sink, nkill) ||
        !Count(fields, nkillter_, "nkillter", sink, nkillter) ||
        !Count(fields, nwound_, "nwound", sink, nwound) ||
        !Count(fields, nwoundte_, "nwoundte", sink, nwoundte) ||
        !Count(fields, nkillus_, "nkillus", sink, nkillus) ||
        !Count(fields, nwoundus_, "nwoundus", sink, nwoundus)) {
      return false;
    }
    if (nkill.has_value() && nkillter.has_value() && *nkillter > *nkill) {
      const std::string field = Name(nkillter_, "nkillter");
      return sink.Reject(
          field, "INVALID_VALUE",
          absl::StrCat(field, " ", *nkillter, " exceeds nkill ", *nkill),
          Cell(fields, nkillter_));
    }
    if (nwound.has_value() && nwoundte.has_value() && *nwoundte > *nwound) {
      const std::string field = Name(nwoundte_, "nwoundte");
      return sink.Reject(
          field, "INVALID_VALUE",
          absl::StrCat(field, " ", *nwoundte, " exceeds nwound ", *nwound),
          Cell(fields, nwoundte_));
    }
    if (nkill.has_value()) {
      incident.fatalities_total = *nkill - nkillter.value_or(0);
      if (!nkillter.has_value()) {
        incident.notes = WithRemark(
            std::move(incident.notes),
            "GTD nkill may include perpetrators: nkillter not given");
      }
    }
    incident.fatalities_perpetrators = nkillter;
    if (nwound.has_value()) {
      incident.injured_total = *nwound - nwoundte.value_or(0);
    }
    if (partner == "USA") {
      incident.fatalities_partner_nationals = nkillus;
      incident.injured_partner_nationals = nwoundus;
    }

    incident.sources.push_back(
        DatasetSource(kGtdCitation, kGtdUrl, kGtdSourceSystem, id));
    for (const std::optional<size_t>& column : citations_) {
      const absl::string_view citation = Cell(fields, column);
      if (citation.empty()) continue;
      SourceRef source;
      source.citation = std::string(citation);
      source.source_system = kGtdSourceSystem;
      incident.sources.push_back(std::move(source));
    }
    return true;
  }

  Columns columns_;
  std::optional<size_t> id_, year_, month_, day_, approxdate_, country_,
      provstate_, city_, latitude_, longitude_, specificity_, summary_,
      suicide_, attack_type_, attack_code_, target_type_, corp_, target_,
      gname_, claimed_, nkill_, nkillus_, nkillter_, nwound_, nwoundus_,
      nwoundte_;
  std::optional<size_t> nationalities_[3];
  std::optional<size_t> citations_[3];
};

// ---------------------------------------------------------------------------
// The dyadscope incidents CSV.

enum Column : size_t {
  kIncidentId,
  kSourceSystem,
  kDate,
  kDatePrecision,
  kCountry,
  kPlace,
  kDistrict,
  kProvince,
  kLatitude,
  kLongitude,
  kTargetDescription,
  kTargetCategory,
  kAttackType,
  kKilledTotal,
  kPerpetratorsKilled,
  kKilledPartner,
  kInjuredTotal,
  kInjuredPartner,
  kPartnerCountry,
  kClaimedBy,
  kAttributedTo,
  kPartnerLink,
  kLinkedProject,
  kSourceUrl1,
  kSourceUrl2,
  kVerificationStatus,
  kNotes,
  kColumnCount,
};

constexpr absl::string_view kColumnNames[] = {
    "incident_id",
    "source_system",
    "date",
    "date_precision",
    "country",
    "place",
    "district",
    "province",
    "latitude",
    "longitude",
    "target_description",
    "target_category",
    "attack_type",
    "killed_total_excl_perpetrators",
    "perpetrators_killed",
    "killed_chinese_nationals",
    "injured_total",
    "injured_chinese_nationals",
    "partner_country",
    "claimed_by",
    "attributed_to",
    "chinese_link",
    "linked_project",
    "source_url_1",
    "source_url_2",
    "verification_status",
    "notes",
};
static_assert(std::size(kColumnNames) == kColumnCount);

constexpr Column kRequiredColumns[] = {kIncidentId, kDate};

class DyadscopeCsvParser : public ParserBase {
 public:
  explicit DyadscopeCsvParser(IncidentParserOptions options)
      : ParserBase(IncidentFileFormat::kDyadscopeCsv, std::move(options)) {}

 protected:
  bool StrictWidth() const override { return true; }

  std::string ExpectedHeader() const override {
    return absl::StrCat("the README's columns (",
                        absl::StrJoin(kColumnNames, ", "),
                        "); required: incident_id, date, and source_url_1 or "
                        "source_url_2");
  }

  absl::Status TryHeader(Fields fields) override {
    FieldViolations violations;
    std::string first_reason;
    auto add = [&](absl::string_view field, absl::string_view description,
                   absl::string_view reason) {
      if (violations.empty()) first_reason = std::string(reason);
      violations.Add(field, description);
    };
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string name = absl::AsciiStrToLower(Strip(fields[i]));
      std::optional<size_t> column;
      for (size_t c = 0; c < kColumnCount; ++c) {
        if (kColumnNames[c] == name) column = c;
      }
      if (!column.has_value()) {
        add(name.empty() ? absl::StrCat("column ", i + 1) : name,
            name.empty() ? absl::StrCat("column ", i + 1, " has no name")
                         : absl::StrCat("unknown column \"", name, "\""),
            "UNKNOWN_COLUMN");
        continue;
      }
      if (positions_[*column].has_value()) {
        add(name, absl::StrCat("column \"", name, "\" appears twice"),
            "DUPLICATE_COLUMN");
        continue;
      }
      positions_[*column] = i;
    }
    for (Column column : kRequiredColumns) {
      if (!positions_[column].has_value()) {
        add(kColumnNames[column],
            absl::StrCat("required column \"", kColumnNames[column],
                         "\" is missing"),
            "MISSING_COLUMN");
      }
    }
    if (!positions_[kSourceUrl1].has_value() &&
        !positions_[kSourceUrl2].has_value()) {
      add(kColumnNames[kSourceUrl1],
          "no source column (source_url_1, source_url_2): every incident "
          "needs a source",
          "MISSING_COLUMN");
    }
    if (!violations.empty()) {
      return WithReason(violations.ToStatus(), first_reason);
    }
    set_layout("dyadscope CSV");
    return absl::OkStatus();
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    Incident incident;
    RowReader reader{fields, positions_, sink};
    if (reader.Parse(options(), incident)) sink.Add(std::move(incident));
  }

 private:
  // Parses one row; each step returns false after rejecting or filtering
  // the row.
  struct RowReader {
    Fields fields;
    const std::optional<size_t> (&positions)[kColumnCount];
    RowSink& sink;

    absl::string_view Get(Column column) const {
      return Cell(fields, positions[column]);
    }

    bool Reject(Column column, absl::string_view code, std::string reason,
                absl::string_view value) const {
      return sink.Reject(kColumnNames[column], code, std::move(reason), value);
    }

    bool Required(Column column) const {
      return RequireCell(kColumnNames[column], Get(column), sink);
    }

    bool Count(Column column, std::optional<int>& out) const {
      return ParseCountCell(kColumnNames[column], Get(column),
                            /*source_format=*/false, /*gtd_unknown=*/false,
                            sink, out);
    }

    bool CountryCode(Column column, std::string& out) const {
      const absl::string_view text = Get(column);
      std::string code = absl::AsciiStrToUpper(text);
      if (!IsAcceptedCountryCode(code)) {
        return Reject(column, "UNKNOWN_COUNTRY",
                      absl::StrCat(kColumnNames[column], " \"", text,
                                   "\" is not an ISO 3166-1 alpha-3 code"),
                      text);
      }
      out = std::move(code);
      return true;
    }

    // At most `total` of the partner's nationals.
    bool NotMore(Column part, const std::optional<int>& part_value,
                 Column whole, const std::optional<int>& whole_value) const {
      if (!part_value.has_value() || !whole_value.has_value() ||
          *part_value <= *whole_value) {
        return true;
      }
      return Reject(
          part, "INVALID_VALUE",
          absl::StrCat(kColumnNames[part], " ", *part_value, " exceeds ",
                       kColumnNames[whole], " ", *whole_value),
          Get(part));
    }

    bool Parse(const IncidentParserOptions& options, Incident& o) const {
      if (!Required(kIncidentId)) return false;
      o.provenance.source_record_id = std::string(Get(kIncidentId));
      o.provenance.source_system = kCuratedSourceSystem;
      if (const absl::string_view system = Get(kSourceSystem);
          !system.empty()) {
        if (!IsUpperSnakeCase(system)) {
          return Reject(kSourceSystem, "INVALID_VALUE",
                        "source_system is not UPPER_SNAKE_CASE", system);
        }
        o.provenance.source_system = std::string(system);
      }

      o.location.country_code = kDefaultCuratedCountryCode;
      if (positions[kCountry].has_value() &&
          (!Required(kCountry) ||
           !CountryCode(kCountry, o.location.country_code))) {
        return false;
      }
      if (!options.country_code.empty() &&
          options.country_code != o.location.country_code) {
        return sink.Filter(kColumnNames[kCountry], "COUNTRY_NOT_SELECTED",
                           absl::StrCat("country ", o.location.country_code,
                                        " is not ", options.country_code),
                           o.location.country_code);
      }
      o.partner_country_code = options.default_partner_code.empty()
                                   ? std::string(kDefaultCuratedPartnerCode)
                                   : options.default_partner_code;
      if (!Get(kPartnerCountry).empty() &&
          !CountryCode(kPartnerCountry, o.partner_country_code)) {
        return false;
      }
      if (!options.partner_filter_code.empty() &&
          options.partner_filter_code != o.partner_country_code) {
        return sink.Filter(
            kColumnNames[kPartnerCountry], "PARTNER_NOT_SELECTED",
            absl::StrCat("partner ", o.partner_country_code, " is not ",
                         options.partner_filter_code),
            o.partner_country_code);
      }

      std::string date_remark;
      if (!ParseDateCells(o, date_remark)) return false;

      o.location.place = std::string(Get(kPlace));
      o.location.district = std::string(Get(kDistrict));
      o.location.province = std::string(Get(kProvince));
      o.location.precision =
          !o.location.place.empty()      ? Location::Precision::kPlace
          : !o.location.district.empty() ? Location::Precision::kDistrict
          : !o.location.province.empty() ? Location::Precision::kProvince
                                         : Location::Precision::kCountry;
      if (!ParseCoordinateCell(kColumnNames[kLatitude], Get(kLatitude), 90,
                               sink, o.location.latitude) ||
          !ParseCoordinateCell(kColumnNames[kLongitude], Get(kLongitude), 180,
                               sink, o.location.longitude)) {
        return false;
      }

      o.target_description = std::string(Get(kTargetDescription));
      if (const absl::string_view category = Get(kTargetCategory);
          !category.empty()) {
        std::optional<TargetCategory> parsed =
            TargetCategoryFromCsvWord(category);
        if (!parsed.has_value()) {
          return Reject(kTargetCategory, "INVALID_ENUM",
                        "target_category is not one of partner_nationals, "
                        "project_site, security_escort, diplomatic_mission, "
                        "business, other",
                        category);
        }
        o.target_category = *parsed;
      }
      o.attack_description = std::string(Get(kAttackType));
      o.attack_type = AttackTypeFromText(o.attack_description);

      if (!Count(kKilledTotal, o.fatalities_total) ||
          !Count(kPerpetratorsKilled, o.fatalities_perpetrators) ||
          !Count(kKilledPartner, o.fatalities_partner_nationals) ||
          !Count(kInjuredTotal, o.injured_total) ||
          !Count(kInjuredPartner, o.injured_partner_nationals) ||
          !NotMore(kKilledPartner, o.fatalities_partner_nationals, kKilledTotal,
                   o.fatalities_total) ||
          !NotMore(kInjuredPartner, o.injured_partner_nationals, kInjuredTotal,
                   o.injured_total)) {
        return false;
      }
      if (o.fatalities_partner_nationals.value_or(0) > 0 ||
          o.injured_partner_nationals.value_or(0) > 0) {
        o.victim_nationality_codes.push_back(o.partner_country_code);
      }

      o.claimed_by = std::string(Get(kClaimedBy));
      o.attributed_to = std::string(Get(kAttributedTo));
      o.partner_link = std::string(Get(kPartnerLink));
      o.linked_project = std::string(Get(kLinkedProject));

      for (Column column : {kSourceUrl1, kSourceUrl2}) {
        const absl::string_view url = Get(column);
        if (url.empty()) continue;
        if (!IsPlainUrl(url)) {
          return Reject(
              column, "INVALID_URL",
              absl::StrCat(kColumnNames[column], " is not an http(s) URL"),
              url);
        }
        SourceRef source;
        source.citation = UrlHost(url);
        source.url = std::string(url);
        source.source_system = o.provenance.source_system;
        o.sources.push_back(std::move(source));
      }
      if (o.sources.empty()) {
        return Reject(kSourceUrl1, "MISSING_SOURCE",
                      "at least one of source_url_1, source_url_2 is required",
                      "");
      }

      if (const absl::string_view status = Get(kVerificationStatus);
          !status.empty()) {
        std::optional<VerificationStatus> parsed =
            VerificationStatusFromText(status);
        if (!parsed.has_value()) {
          return Reject(kVerificationStatus, "INVALID_ENUM",
                        "verification_status does not begin with verified, "
                        "single source, disputed or unconfirmed",
                        status);
        }
        o.verification_status = *parsed;
        o.verification_note = std::string(status);
      }
      o.notes = std::string(Get(kNotes));
      if (!date_remark.empty()) {
        o.notes = WithRemark(std::move(o.notes), date_remark);
      }
      return true;
    }

    // date and date_precision -> o.date; a qualifier after the precision
    // word ("day (inferred)") yields a remark for the notes.
    bool ParseDateCells(Incident& o, std::string& remark) const {
      if (!Required(kDate)) return false;
      const absl::string_view text = Get(kDate);
      const absl::string_view precision = Get(kDatePrecision);
      size_t word_end = 0;
      while (word_end < precision.size() &&
             absl::ascii_isalpha(
                 static_cast<unsigned char>(precision[word_end]))) {
        ++word_end;
      }
      const std::string word =
          absl::AsciiStrToLower(precision.substr(0, word_end));
      if (!precision.empty() && word != "day" && word != "month" &&
          word != "year") {
        return Reject(kDatePrecision, "INVALID_ENUM",
                      "date_precision does not begin with day, month or year",
                      precision);
      }
      absl::StatusOr<Date> date = ParseDate(text, word);
      if (!date.ok()) {
        return Reject(kDate, "INVALID_DATE",
                      std::string(date.status().message()), text);
      }
      o.date = *date;
      if (!Strip(precision.substr(word_end)).empty()) {
        remark = absl::StrCat("date_precision: ", precision);
      }
      return true;
    }
  };

  std::optional<size_t> positions_[kColumnCount];
};

}  // namespace

// ---------------------------------------------------------------------------
// Public functions.

absl::string_view IncidentFileFormatName(IncidentFileFormat format) {
  switch (format) {
    case IncidentFileFormat::kAcled:
      return "ACLED";
    case IncidentFileFormat::kAcledDeletions:
      return "ACLED_DELETIONS";
    case IncidentFileFormat::kGtd:
      return "GTD";
    case IncidentFileFormat::kDyadscopeCsv:
      return "DYADSCOPE_CSV";
    case IncidentFileFormat::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

std::optional<IncidentFileFormat> IncidentFileFormatFromName(
    absl::string_view name) {
  for (IncidentFileFormat format :
       {IncidentFileFormat::kAcled, IncidentFileFormat::kAcledDeletions,
        IncidentFileFormat::kGtd, IncidentFileFormat::kDyadscopeCsv}) {
    if (absl::EqualsIgnoreCase(Strip(name), IncidentFileFormatName(format))) {
      return format;
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<IncidentFileParser>> CreateIncidentParser(
    IncidentFileFormat format, IncidentParserOptions options) {
  FieldViolations violations;
  for (auto [field, code] :
       {std::pair<absl::string_view, std::string*>{"country_code",
                                                   &options.country_code},
        {"partner_filter_code", &options.partner_filter_code},
        {"default_partner_code", &options.default_partner_code}}) {
    *code = absl::AsciiStrToUpper(Strip(*code));
    if (!code->empty() && !IsKnownIso3(*code)) {
      violations.Add(field, absl::StrCat("\"", *code,
                                         "\" is not an ISO 3166-1 alpha-3 "
                                         "code"));
    }
  }
  if (!violations.empty()) {
    return WithReason(violations.ToStatus(), "UNKNOWN_COUNTRY");
  }
  switch (format) {
    case IncidentFileFormat::kAcled:
      return std::make_unique<AcledParser>(std::move(options));
    case IncidentFileFormat::kAcledDeletions:
      return std::make_unique<AcledDeletionsParser>(std::move(options));
    case IncidentFileFormat::kGtd:
      return std::make_unique<GtdParser>(std::move(options));
    case IncidentFileFormat::kDyadscopeCsv:
      return std::make_unique<DyadscopeCsvParser>(std::move(options));
    case IncidentFileFormat::kUnspecified:
      break;
  }
  return WithReason(
      InvalidField("format", "the incident file format is not set"),
      "FORMAT_UNSPECIFIED");
}

absl::StatusOr<ParsedIncidentFile> ParseIncidentText(
    IncidentFileFormat format, absl::string_view text,
    const IncidentParserOptions& options) {
  absl::StatusOr<std::unique_ptr<IncidentFileParser>> parser =
      CreateIncidentParser(format, options);
  if (!parser.ok()) return parser.status();
  ParsedIncidentFile file;
  absl::Status status =
      csv::ReadCsv(text, csv::CsvOptions(),
                   [&](const csv::CsvRecord& record) -> absl::Status {
                     if (!(*parser)->header_found())
                       return (*parser)->Header(record);
                     if (record.kind != csv::CsvRecord::Kind::kBlank)
                       ++file.data_rows;
                     for (ParsedRow& row : (*parser)->Row(record)) {
                       file.rows.push_back(std::move(row));
                     }
                     return absl::OkStatus();
                   });
  if (!status.ok()) return status;
  status = (*parser)->Finish();
  if (!status.ok()) return status;
  file.layout = (*parser)->layout();
  return file;
}

const std::vector<std::string>& DyadscopeIncidentCsvColumns() {
  static const auto* const kColumns = new std::vector<std::string>(
      std::begin(kColumnNames), std::end(kColumnNames));
  return *kColumns;
}

AttackType AttackTypeFromText(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(Strip(text));
  if (lower.empty()) return AttackType::kUnspecified;
  if (FindWord(lower, "suicide", false) != absl::string_view::npos) {
    return AttackType::kSuicideAttack;
  }
  size_t best = absl::string_view::npos;
  AttackType type = AttackType::kOther;
  for (const Keyword& keyword : kAttackKeywords) {
    const size_t pos = FindWord(lower, keyword.text, keyword.whole_word);
    if (pos < best) {
      best = pos;
      type = keyword.type;
    }
  }
  return type;
}

std::optional<VerificationStatus> VerificationStatusFromText(
    absl::string_view text) {
  const std::string lower = NormalizeName(text);
  struct Lead {
    absl::string_view words;
    VerificationStatus status;
  };
  static constexpr Lead kLeads[] = {
      {"verified", VerificationStatus::kVerified},
      {"confirmed", VerificationStatus::kVerified},
      {"partially verified", VerificationStatus::kVerified},
      {"partly verified", VerificationStatus::kVerified},
      {"single source", VerificationStatus::kSingleSource},
      {"single-source", VerificationStatus::kSingleSource},
      {"disputed", VerificationStatus::kDisputed},
      {"conflicting", VerificationStatus::kDisputed},
      {"contested", VerificationStatus::kDisputed},
      {"unconfirmed", VerificationStatus::kUnconfirmed},
      {"unverified", VerificationStatus::kUnconfirmed},
      {"not verified", VerificationStatus::kUnconfirmed},
      {"not confirmed", VerificationStatus::kUnconfirmed},
  };
  for (const Lead& lead : kLeads) {
    if (absl::StartsWith(lower, lead.words) &&
        (lower.size() == lead.words.size() ||
         !IsWordByte(lower[lead.words.size()]))) {
      return lead.status;
    }
  }
  return std::nullopt;
}

std::optional<TargetCategory> TargetCategoryFromCsvWord(
    absl::string_view word) {
  std::string key = absl::AsciiStrToLower(Strip(word));
  std::replace(key.begin(), key.end(), '-', '_');
  std::replace(key.begin(), key.end(), ' ', '_');
  if (key == "partner_nationals") return TargetCategory::kPartnerNationals;
  if (key == "project_site") return TargetCategory::kProjectSite;
  if (key == "security_escort") return TargetCategory::kSecurityEscort;
  if (key == "diplomatic_mission") return TargetCategory::kDiplomaticMission;
  if (key == "business") return TargetCategory::kBusiness;
  if (key == "other") return TargetCategory::kOther;
  return std::nullopt;
}

AttackType AcledAttackType(absl::string_view event_type,
                           absl::string_view sub_event_type) {
  const std::string sub = NormalizeName(sub_event_type);
  if (sub == "suicide bomb") return AttackType::kSuicideAttack;
  if (sub == "remote explosive/landmine/ied" || sub == "grenade") {
    return AttackType::kBombing;
  }
  if (sub == "armed clash" || sub == "attack" ||
      sub == "government regains territory" ||
      sub == "non-state actor overtakes territory") {
    return AttackType::kArmedAssault;
  }
  if (sub == "abduction/forced disappearance") return AttackType::kKidnapping;
  if (sub == "mob violence") return AttackType::kUnarmedAssault;
  if (sub == "looting/property destruction") {
    return AttackType::kFacilityAttack;
  }
  if (!sub.empty()) {
    for (absl::string_view other :
         {"air/drone strike", "shelling/artillery/missile attack",
          "chemical weapon", "sexual violence", "peaceful protest",
          "protest with intervention", "excessive force against protesters",
          "violent demonstration", "agreement", "arrests",
          "change to group/activity", "disrupted weapons use",
          "headquarters or base established",
          "non-violent transfer of territory", "other"}) {
      if (sub == other) return AttackType::kOther;
    }
  }
  const std::string type = NormalizeName(event_type);
  if (type == "battles" || absl::StartsWith(type, "battle-") ||
      absl::StartsWith(type, "battle ") || type == "battle" ||
      type == "violence against civilians") {
    return AttackType::kArmedAssault;
  }
  if (type == "remote violence" || type == "explosions/remote violence") {
    return AttackType::kBombing;
  }
  return AttackType::kOther;
}

AttackType GtdAttackType(absl::string_view attack_type_text, bool suicide) {
  if (suicide) return AttackType::kSuicideAttack;
  const std::string text = NormalizeName(attack_type_text);
  if (text.empty()) return AttackType::kUnspecified;
  if (text == "assassination") return AttackType::kAssassination;
  if (text == "armed assault") return AttackType::kArmedAssault;
  if (text == "bombing/explosion") return AttackType::kBombing;
  if (absl::StartsWith(text, "hostage taking")) return AttackType::kKidnapping;
  if (text == "facility/infrastructure attack") {
    return AttackType::kFacilityAttack;
  }
  if (text == "unarmed assault") return AttackType::kUnarmedAssault;
  if (text == "unknown") return AttackType::kUnknown;
  return AttackType::kOther;
}

std::optional<std::string> CountryCodeFromName(absl::string_view name) {
  const std::string key = NormalizeName(name);
  if (key.empty()) return std::nullopt;
  const auto* it =
      std::lower_bound(std::begin(kCountryNames), std::end(kCountryNames), key,
                       [](const NameCode& entry, const std::string& k) {
                         return entry.name < absl::string_view(k);
                       });
  if (it == std::end(kCountryNames) || it->name != key) return std::nullopt;
  return std::string(it->code);
}

std::optional<std::string> CountryCodeFromIsoNumeric(int numeric) {
  const auto* it = std::lower_bound(
      std::begin(kIsoNumeric), std::end(kIsoNumeric), numeric,
      [](const NumericCode& entry, int n) { return entry.numeric < n; });
  if (it == std::end(kIsoNumeric) || it->numeric != numeric) {
    return std::nullopt;
  }
  return std::string(it->code);
}

PartnerTerms PartnerTermsFor(absl::string_view partner_code) {
  PartnerTerms terms;
  if (partner_code.empty()) return terms;
  for (const PartnerTermsEntry& entry : kPartnerTerms) {
    if (entry.code != partner_code) continue;
    terms.adjectives.emplace_back(entry.adjective);
    for (absl::string_view name : entry.names) {
      if (!name.empty()) terms.names.emplace_back(name);
    }
    for (absl::string_view term : entry.note_terms) {
      if (!term.empty()) terms.note_terms.emplace_back(term);
    }
    return terms;
  }
  for (const NameCode& entry : kCountryNames) {
    if (entry.code == partner_code) terms.names.emplace_back(entry.name);
  }
  return terms;
}

}  // namespace dyadscope::security_risk
