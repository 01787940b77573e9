// The country codes incidents may carry, ISO numeric codes and the partner
// screen's terms; the names are common/types/country_names.h's table.

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
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/country_names.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/importers/parser_base.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace importers_internal {
namespace {

// Kosovo's user-assigned code (World Bank), accepted beside ISO 3166-1/-3.
constexpr char kKosovoCode[] = "XKX";

// ---------------------------------------------------------------------------
// Countries: the names are common/types/country_names.h's table.

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

}  // namespace

// True for the codes incidents may carry as location or nationality.
bool IsAcceptedCountryCode(absl::string_view code) {
  return IsKnownIso3(code) || IsFormerIso3(code) || code == kKosovoCode;
}

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

}  // namespace importers_internal

using importers_internal::kIsoNumeric;
using importers_internal::kPartnerTerms;
using importers_internal::NumericCode;
using importers_internal::PartnerTermsEntry;
using importers_internal::Strip;

std::optional<std::string> CountryCodeFromName(absl::string_view name) {
  std::optional<CountryNameMatch> match = LookupCountryName(name);
  if (!match.has_value() || match->kind != CountryNameKind::kCountry) {
    return std::nullopt;
  }
  return match->iso3;
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
  terms.names = CountryNamesOf(partner_code);
  return terms;
}

}  // namespace dyadscope::security_risk
