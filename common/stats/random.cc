#include "common/stats/random.h"

#include <cstdint>

#include "absl/strings/string_view.h"

namespace dyadscope::stats {

uint64_t Fnv1a64(absl::string_view text) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

uint64_t StreamSeed(uint64_t seed, absl::string_view identity) {
  return SplitMix64(SplitMix64(seed) ^ Fnv1a64(identity));
}

Xoshiro256::Xoshiro256(uint64_t seed) {
  for (uint64_t& word : state_) {
    word = SplitMix64(seed);
    seed += 0x9E3779B97F4A7C15ULL;
  }
}

}  // namespace dyadscope::stats
