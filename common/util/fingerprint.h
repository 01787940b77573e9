// File: common/util/fingerprint.h
// -----------------------------------------------------------------------------
// A stable 64-bit fingerprint of bytes (FNV-1a): the same input gives the
// same value in every process and build, unlike absl::Hash, so it can be
// stored (request fingerprints) and put in page tokens.

#ifndef DYADSCOPE_COMMON_UTIL_FINGERPRINT_H_
#define DYADSCOPE_COMMON_UTIL_FINGERPRINT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace dyadscope {

// Returns the FNV-1a 64-bit hash of `bytes`.
uint64_t Fingerprint64(absl::string_view bytes);

// Returns Fingerprint64 as 16 lower-case hex digits.
std::string FingerprintHex(absl::string_view bytes);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_UTIL_FINGERPRINT_H_
