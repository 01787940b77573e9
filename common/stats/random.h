// File: common/stats/random.h
// -----------------------------------------------------------------------------
// Seeded, platform-independent random numbers, written once: the SplitMix64
// mixer, FNV-1a hashing of identities into seeds, and the xoshiro256**
// generator. Plain integer arithmetic: the same sequence on every platform
// and standard library, so seeded results (bootstrap intervals, sampled
// scores) are reproducible figures.

#ifndef DYADSCOPE_COMMON_STATS_RANDOM_H_
#define DYADSCOPE_COMMON_STATS_RANDOM_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace dyadscope::stats {

// Returns the SplitMix64 finaliser of x + golden ratio: a bijective 64-bit
// mixer with full avalanche. Inline: it is the inner step of every sampled
// score (three calls per counter-addressed draw).
inline uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Returns the 64-bit FNV-1a hash of `text`.
uint64_t Fnv1a64(absl::string_view text);

// Returns the seed of one stream: SplitMix64(SplitMix64(seed) ^
// Fnv1a64(identity)), so that each identity (a series, a bucket) draws its
// own numbers under one user seed.
uint64_t StreamSeed(uint64_t seed, absl::string_view identity);

// xoshiro256** (Blackman and Vigna, 2018), seeded by SplitMix64 as its
// authors recommend. Not thread-safe; one generator per stream.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed);

  // Returns the next 64 random bits.
  uint64_t operator()() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t state_[4];
};

}  // namespace dyadscope::stats

#endif  // DYADSCOPE_COMMON_STATS_RANDOM_H_
