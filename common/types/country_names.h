// File: common/types/country_names.h
// -----------------------------------------------------------------------------
// The one country-name table of the suite: country names and codes as the
// sources write them (economic sources, ACLED, the GTD, SIPRI), resolved to
// the codes the services store: ISO 3166-1 alpha-3, "WLD" for the
// world, and a few codes of states that no longer exist (the USSR "SUN",
// Yugoslavia "YUG", Czechoslovakia "CSK", the GDR "DDR", the Netherlands
// Antilles "ANT", Serbia and Montenegro "SCG", South Yemen "YMD") plus
// Belgium-Luxembourg "BLX" (the customs union IMF DOTS and UN Comtrade report
// until 1996), and the codes the World Bank assigns to Kosovo "XKX" and the
// Channel Islands "CHI".
//
// The name table covers the spellings of IMF DOTS ("China, P.R.: Mainland",
// "Korea, Rep. of"), SIPRI ("Soviet Union", "UAE", "North Korea"), the World
// Bank ("Egypt, Arab Rep.", "Hong Kong SAR, China") and UN Comtrade ("Rep. of
// Korea", "China, Hong Kong SAR"), ACLED and the GTD ("Democratic Republic of
// Congo", "West Bank and Gaza Strip", "Zaire"), and common English names. It
// also knows the names that are not countries: the world, regions and economy
// groups
// ("Advanced Economies", "Sub-Saharan Africa", "Euro Area", "... not
// specified"), and SIPRI's unattributed or non-state parties ("Unknown
// supplier(s)", "NATO**"). Tables are typed in from the public standards and
// the sources' own lists; all functions are pure and thread-safe.

#ifndef DYADSCOPE_COMMON_TYPES_COUNTRY_NAMES_H_
#define DYADSCOPE_COMMON_TYPES_COUNTRY_NAMES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dyadscope {

// What a name denotes.
enum class CountryNameKind {
  kCountry,    // a state or territory with a code (`iso3`)
  kWorld,      // the world as a whole (`iso3` is "WLD")
  kAggregate,  // a region or economy group, or "not specified"; no code
  kNonState,   // no state: an unknown or unattributed party, an
               // international organisation, a rebel group; no code
};

// A resolved name: its kind and, for kCountry and kWorld, its code.
struct CountryNameMatch {
  CountryNameKind kind = CountryNameKind::kCountry;
  std::string iso3;
};

// Returns the normalised form used for lookups: ASCII letters lower-cased,
// surrounding whitespace and SIPRI's trailing footnote marks ('*') removed,
// inner whitespace runs collapsed to one space, typographic apostrophes
// (U+2019) replaced by "'". Non-ASCII letters are kept as they are
// ("côte d'ivoire").
std::string NormalizeCountryName(absl::string_view name);

// Returns what `name` denotes (matched after NormalizeCountryName), or
// nullopt when the name is unknown. Names ending in "not specified",
// ", nes" or "n.e.s." are aggregates even when not listed.
std::optional<CountryNameMatch> LookupCountryName(absl::string_view name);

// Returns true when `code` (upper case) is a country code the service
// stores: one of the 249 ISO 3166-1 alpha-3 codes, or one of the historical
// and user-assigned codes named in the file comment. "WLD" is not a country.
bool IsKnownCountryCode(absl::string_view code);

// Returns true when `code` (upper case) stands for the world in a source's
// coding: "WLD" (ISO-style, World Bank) or "W00" (UN Comtrade).
bool IsWorldCode(absl::string_view code);

// Returns true when `code` (upper case) is a World Bank aggregate code (the
// regions and income groups of WDI, e.g. "EAS", "HIC", "ARB", "EUU",
// "INX"), "WLD", or UN Comtrade's "EUR" (the EU as a reporter).
bool IsAggregateCode(absl::string_view code);

// Returns the names of the table (in their normalised form, sorted) that
// denote the country `code` (upper case); empty for an unknown code.
std::vector<std::string> CountryNamesOf(absl::string_view code);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_TYPES_COUNTRY_NAMES_H_
