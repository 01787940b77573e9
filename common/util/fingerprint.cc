#include "common/util/fingerprint.h"

#include "absl/strings/str_format.h"

namespace dyadscope {

uint64_t Fingerprint64(absl::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string FingerprintHex(absl::string_view bytes) {
  return absl::StrFormat("%016x", Fingerprint64(bytes));
}

}  // namespace dyadscope
