// File: common/types/iso_countries.h
// -----------------------------------------------------------------------------
// The ISO 3166-1 alpha-3 country codes: every service stores countries as
// these codes and checks them with IsKnownIso3.

#ifndef DYADSCOPE_COMMON_TYPES_ISO_COUNTRIES_H_
#define DYADSCOPE_COMMON_TYPES_ISO_COUNTRIES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dyadscope {

// Returns true when `code` is one of the 249 officially assigned ISO 3166-1
// alpha-3 codes (upper case).
bool IsKnownIso3(absl::string_view code);

// Returns true when `code` is a former ISO 3166-1 alpha-3 code withdrawn
// from the standard and listed in ISO 3166-3 (SUN for the USSR, YUG, CSK,
// DDR, …): historical data (trade in the 1960s) needs them.
bool IsFormerIso3(absl::string_view code);

// Returns all 249 codes, sorted.
const std::vector<std::string>& AllIso3Codes();

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_TYPES_ISO_COUNTRIES_H_
