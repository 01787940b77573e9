// File: common/types/country_codes.h
// -----------------------------------------------------------------------------
// Country-code crosswalks to ISO 3166-1 alpha-3 (kept beside the country-name
// table, country_names.h, and the ISO list, iso_countries.h):
//   - GDELT's geographic fields (ActionGeo_CountryCode, Actor1Geo_...) use
//     FIPS 10-4, where "CH" is China, "SZ" Switzerland, "PK" Pakistan, "UK"
//     the United Kingdom, "IN" India, "BG" Bangladesh;
//   - GDELT's actor fields (Actor1CountryCode, ...) use CAMEO country codes:
//     ISO alpha-3 for most states, a few legacy codes ("ROM", "TMP", "IMY",
//     "MTN"), sub-state codes ("WSB", "GZS", "BAG") and regions ("AFR",
//     "ASA", "EUR", "MEA", "SAS", "WST", ...).
// The tables are typed in from the public standards; lookups are exact
// (upper case, no trimming) and thread-safe.

#ifndef DYADSCOPE_COMMON_TYPES_COUNTRY_CODES_H_
#define DYADSCOPE_COMMON_TYPES_COUNTRY_CODES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace dyadscope {

// Returns the ISO alpha-3 code of a FIPS 10-4 country code as GDELT uses it
// ("CH" -> "CHN", "SZ" -> "CHE", "PK" -> "PAK"). The Gaza Strip ("GZ") and
// the West Bank ("WE") map to "PSE"; U.S. minor outlying islands to "UMI".
// Returns nullopt for codes with no ISO country: unknown codes, Kosovo
// ("KV"), disputed or uninhabited features without an ISO code (Paracel
// "PF", Spratly "PG", French scattered islands, Coral Sea, Ashmore and
// Cartier), oceans and withdrawn entities.
std::optional<std::string> FipsToIso3(absl::string_view fips);

// Returns the ISO alpha-3 code of a CAMEO country code (GDELT's
// Actor1CountryCode / Actor2CountryCode): an ISO code stands for itself;
// legacy CAMEO codes are translated ("ROM" -> "ROU", "TMP" -> "TLS", "IMY"
// -> "IMN", "MTN" -> "MNE"); the West Bank "WSB" and Gaza Strip "GZS" map to
// "PSE" and Baghdad "BAG" to "IRQ". Returns nullopt for regions (see
// IsCameoRegionCode), withdrawn entities ("ANT") and anything unknown.
std::optional<std::string> CameoCountryToIso3(absl::string_view code);

// Returns true when `code` is one of CAMEO's regional codes, which name no
// country: AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF
// NMR PGS SCN SAM SAS SEA SAF WAF WST.
bool IsCameoRegionCode(absl::string_view code);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_TYPES_COUNTRY_CODES_H_
