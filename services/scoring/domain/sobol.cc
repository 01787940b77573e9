#include "services/scoring/domain/sobol.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/normal.h"
#include "common/stats/random.h"

namespace dyadscope::scoring {
namespace {

using stats::ApproxInverseNormalCdf;
using stats::SplitMix64;

// Multiplies two polynomials over GF(2) (bit i = coefficient of x^i) modulo
// `modulus` of degree `degree`.
uint32_t MulMod(uint32_t x, uint32_t y, uint32_t modulus, int degree) {
  uint32_t result = 0;
  while (y != 0) {
    if (y & 1u) result ^= x;
    y >>= 1;
    x <<= 1;
    if (x & (1u << degree)) x ^= modulus;
  }
  return result;
}

// Returns x^e modulo `modulus` over GF(2).
uint32_t PowXMod(uint64_t e, uint32_t modulus, int degree) {
  uint32_t result = 1;
  uint32_t base = degree == 1 ? (2u ^ modulus) : 2u;  // x mod modulus
  while (e != 0) {
    if (e & 1u) result = MulMod(result, base, modulus, degree);
    base = MulMod(base, base, modulus, degree);
    e >>= 1;
  }
  return result;
}

// Returns true when `poly` (degree `degree`, constant term 1) is primitive
// over GF(2): the order of x modulo it is 2^degree − 1.
bool IsPrimitive(uint32_t poly, int degree) {
  const uint64_t order = (uint64_t{1} << degree) - 1;
  if (PowXMod(order, poly, degree) != 1) return false;
  uint64_t rest = order;
  for (uint64_t q = 2; rest > 1; ++q) {
    if (q * q > rest) q = rest;  // what is left is prime
    if (rest % q != 0) continue;
    while (rest % q == 0) rest /= q;
    if (PowXMod(order / q, poly, degree) == 1) return false;
  }
  return true;
}

constexpr int kSobolBits = 32;

// The Sobol' sequence supports designs of up to this many dimensions (2k for
// k inputs); wider designs fall back to pseudo-random sampling.
constexpr size_t kMaxSobolDimensions = 128;

// The initial direction numbers of dimension d ≥ 1 are candidate
// kDirectionCandidate[d − 1] of DirectionCandidate()'s pseudo-random odd
// integers. The candidates were chosen offline by a greedy search, dimension
// by dimension, each out of candidates 0..1023 (the lowest on a tie), to
// minimise Σ_(i<d) Σ_(m=1..16) (4^t − 1), where t is the t-value of the
// two-dimensional projection on dimensions (i, d) of the first 2^m points:
// the quality criterion of Joe and Kuo (2008, "Constructing Sobol sequences
// with better two-dimensional projections", SIAM J. Sci. Comput. 30), with
// our own weighting and candidates, not their numbers.
constexpr uint16_t kDirectionCandidate[kMaxSobolDimensions - 1] = {
    0,   0,   0,   5,   34,   7,   270, 228,  717, 286, 2,    45,  643,
    894, 446, 206, 391, 603,  356, 159, 391,  438, 118, 106,  870, 811,
    36,  456, 659, 39,  799,  165, 621, 704,  965, 335, 1009, 582, 695,
    853, 301, 843, 790, 169,  169, 518, 462,  948, 104, 651,  437, 255,
    749, 845, 559, 53,  893,  327, 102, 292,  265, 431, 1013, 190, 288,
    623, 372, 334, 231, 167,  608, 413, 1002, 602, 81,  22,   23,  100,
    850, 639, 531, 942, 1011, 362, 455, 339,  544, 729, 189,  892, 447,
    423, 719, 788, 197, 270,  685, 805, 604,  743, 217, 787,  201, 618,
    967, 931, 397, 243, 829,  455, 849, 249,  867, 569, 884,  419, 816,
    551, 5,   341, 728, 850,  173, 204, 512,  386, 192};

// Returns initial direction number m_(c+1) (an odd integer below 2^(c+1)) of
// candidate `candidate` for dimension `dim`.
uint64_t DirectionCandidate(size_t dim, uint64_t candidate, int c) {
  const CounterRng rng(0x50b01d1ec7105ULL, 0);
  return (rng.Bits(dim, candidate * 32 + c) & ((uint64_t{1} << (c + 1)) - 1)) |
         1u;
}

// The direction numbers v[c] (c = 0..31, as 32-bit fractions) of the first
// `dims` dimensions of a Sobol' sequence: dimension 0 is van der Corput's;
// dimension d ≥ 1 uses the d-th primitive polynomial over GF(2) in order of
// degree and then coefficients (the order of Joe and Kuo's tables) and the
// initial direction numbers chosen above. Returns an empty vector when
// `dims` exceeds kMaxSobolDimensions.
std::vector<std::array<uint32_t, kSobolBits>> SobolDirections(size_t dims) {
  std::vector<std::array<uint32_t, kSobolBits>> v;
  if (dims > kMaxSobolDimensions) return v;
  v.reserve(dims);
  std::array<uint32_t, kSobolBits> first{};
  for (int c = 0; c < kSobolBits; ++c) first[c] = 1u << (kSobolBits - 1 - c);
  v.push_back(first);
  for (int degree = 1; v.size() < dims; ++degree) {
    for (uint32_t a = 0; a < (1u << (degree - 1)) && v.size() < dims; ++a) {
      const uint32_t poly = (1u << degree) | (a << 1) | 1u;
      if (!IsPrimitive(poly, degree)) continue;
      const size_t dim = v.size();
      std::array<uint64_t, kSobolBits> m{};
      for (int c = 0; c < degree; ++c) {
        m[c] = DirectionCandidate(dim, kDirectionCandidate[dim - 1], c);
      }
      // m_c = 2a_1·m_(c−1) ⊕ 4a_2·m_(c−2) ⊕ … ⊕ 2^s·m_(c−s) ⊕ m_(c−s).
      for (int c = degree; c < kSobolBits; ++c) {
        uint64_t next = m[c - degree] ^ (m[c - degree] << degree);
        for (int j = 1; j < degree; ++j) {
          if ((a >> (degree - 1 - j)) & 1u) next ^= m[c - j] << j;
        }
        m[c] = next;
      }
      std::array<uint32_t, kSobolBits> dir{};
      for (int c = 0; c < kSobolBits; ++c) {
        dir[c] = static_cast<uint32_t>(m[c] << (kSobolBits - 1 - c));
      }
      v.push_back(dir);
    }
  }
  return v;
}

// The points of a Sobol' sequence with a random digital shift (every
// coordinate xored with a fixed random 32-bit fraction), in Gray-code order:
// for a power-of-two count the point set is the same as in natural order.
// The shift keeps the sequence's equidistribution, moves the first point off
// the origin and makes the answer depend on the seed.
class SobolSequence {
 public:
  SobolSequence(std::vector<std::array<uint32_t, kSobolBits>> directions,
                const CounterRng& shift_rng)
      : directions_(std::move(directions)), state_(directions_.size()) {
    for (size_t d = 0; d < state_.size(); ++d) {
      state_[d] = static_cast<uint32_t>(shift_rng.Bits(d, 0) >> 32);
    }
  }

  // Returns coordinate `d` of the current point, in (0, 1).
  double Coordinate(size_t d) const {
    return (static_cast<double>(state_[d]) + 0.5) * 0x1p-32;
  }

  // Moves to the next point.
  void Advance() {
    int c = 0;
    for (uint64_t i = index_; i & 1u; i >>= 1) ++c;
    ++index_;
    for (size_t d = 0; d < state_.size(); ++d) state_[d] ^= directions_[d][c];
  }

 private:
  std::vector<std::array<uint32_t, kSobolBits>> directions_;
  std::vector<uint32_t> state_;
  uint64_t index_ = 0;
};

}  // namespace

CounterRng::CounterRng(uint64_t seed, uint64_t stream)
    : key_(SplitMix64(SplitMix64(seed) ^ (stream * 0xd1342543de82ef95ULL))) {}

uint64_t CounterRng::Bits(uint64_t i, uint64_t j) const {
  return SplitMix64(SplitMix64(key_ ^ SplitMix64(i)) + j);
}

double CounterRng::Uniform(uint64_t i, uint64_t j) const {
  // The top 53 bits, centred in their cell: never 0 or 1.
  return (static_cast<double>(Bits(i, j) >> 11) + 0.5) * 0x1p-53;
}

double CounterRng::StandardNormal(uint64_t i, uint64_t j) const {
  return ApproxInverseNormalCdf(Uniform(i, j));
}

InputDistribution InputDistribution::Uniform(double lower, double upper) {
  return InputDistribution(Kind::kUniform, lower, upper);
}

InputDistribution InputDistribution::Normal(double mean,
                                            double standard_deviation) {
  return InputDistribution(Kind::kNormal, mean, standard_deviation);
}

double InputDistribution::Quantile(double u) const {
  if (kind_ == Kind::kUniform) return a_ + (b_ - a_) * u;
  if (b_ == 0.0) return a_;
  return a_ + b_ * ApproxInverseNormalCdf(u);
}

bool InputDistribution::IsDegenerate() const {
  return kind_ == Kind::kUniform ? a_ == b_ : b_ == 0.0;
}

bool InputDistribution::IsValid() const {
  if (!std::isfinite(a_) || !std::isfinite(b_)) return false;
  return kind_ == Kind::kUniform ? a_ <= b_ : b_ >= 0.0;
}

absl::StatusOr<SobolResult> ComputeSobolIndices(
    absl::Span<const InputDistribution> inputs,
    absl::FunctionRef<double(absl::Span<const double>)> model,
    const SobolOptions& options) {
  const size_t k = inputs.size();
  if (k == 0) return absl::InvalidArgumentError("inputs: at least one input");
  for (size_t i = 0; i < k; ++i) {
    if (!inputs[i].IsValid()) {
      return absl::InvalidArgumentError(
          absl::StrCat("inputs[", i, "]: parameters must be finite with a ",
                       "non-negative spread"));
    }
  }
  if (options.base_samples < 1 || options.base_samples > kMaxSobolBaseSamples) {
    return absl::InvalidArgumentError(
        absl::StrCat("base_samples: must be 1 to ", kMaxSobolBaseSamples,
                     ", got ", options.base_samples));
  }
  const int64_t n = options.base_samples;

  // A is dimensions 0..k−1 of a digitally shifted Sobol' sequence and B
  // dimensions k..2k−1 (Saltelli's design). Designs wider than the sequence
  // supports are drawn pseudo-randomly.
  std::vector<std::array<uint32_t, kSobolBits>> directions =
      SobolDirections(2 * k);
  const bool quasi_random = !directions.empty();
  SobolSequence sequence(std::move(directions), CounterRng(options.seed, 3));
  const CounterRng rng_a(options.seed, 1);
  const CounterRng rng_b(options.seed, 2);

  std::vector<size_t> varying;
  for (size_t i = 0; i < k; ++i) {
    if (!inputs[i].IsDegenerate()) varying.push_back(i);
  }

  std::vector<double> a(k), b(k), ab(k);
  // Sums over rows, with outputs shifted by the first output (y = f − f_ref)
  // so that a large mean does not swamp a small variance.
  double f_ref = 0.0;
  double sum_y = 0.0, sum_yy = 0.0;
  std::vector<double> sum_yb_d(varying.size(), 0.0);  // Σ y_B · d_i
  std::vector<double> sum_d(varying.size(), 0.0);     // Σ d_i
  std::vector<double> sum_dd(varying.size(), 0.0);    // Σ d_i²
  int64_t runs = 0;
  auto run = [&](const std::vector<double>& x, double* out) -> absl::Status {
    const double f = model(absl::MakeConstSpan(x));
    ++runs;
    if (!std::isfinite(f)) {
      return absl::InvalidArgumentError(
          absl::StrCat("model returned a non-finite value (", f, ")"));
    }
    *out = f;
    return absl::OkStatus();
  };

  for (int64_t row = 0; row < n; ++row) {
    for (size_t i = 0; i < k; ++i) {
      a[i] = inputs[i].Quantile(quasi_random ? sequence.Coordinate(i)
                                             : rng_a.Uniform(row, i));
      b[i] = inputs[i].Quantile(quasi_random ? sequence.Coordinate(k + i)
                                             : rng_b.Uniform(row, i));
    }
    if (quasi_random) sequence.Advance();
    double f_a = 0.0, f_b = 0.0;
    if (absl::Status s = run(a, &f_a); !s.ok()) return s;
    if (absl::Status s = run(b, &f_b); !s.ok()) return s;
    if (row == 0) f_ref = f_a;
    const double y_a = f_a - f_ref;
    const double y_b = f_b - f_ref;
    sum_y += y_a + y_b;
    sum_yy += y_a * y_a + y_b * y_b;
    ab = a;
    for (size_t v = 0; v < varying.size(); ++v) {
      const size_t i = varying[v];
      ab[i] = b[i];
      double f_ab = 0.0;
      if (absl::Status s = run(ab, &f_ab); !s.ok()) return s;
      ab[i] = a[i];
      const double d = f_ab - f_a;
      sum_yb_d[v] += y_b * d;
      sum_d[v] += d;
      sum_dd[v] += d * d;
    }
  }

  SobolResult result;
  result.model_runs = runs;
  result.indices.assign(k, SobolIndices{});
  const double two_n = 2.0 * static_cast<double>(n);
  const double mean_y = sum_y / two_n;
  result.output_mean = f_ref + mean_y;
  result.output_variance = std::max(0.0, sum_yy / two_n - mean_y * mean_y);
  const double variance = result.output_variance;
  if (variance <= 1e-24 * (1.0 + result.output_mean * result.output_mean)) {
    return result;
  }
  for (size_t v = 0; v < varying.size(); ++v) {
    const double first =
        (sum_yb_d[v] - mean_y * sum_d[v]) / static_cast<double>(n) / variance;
    const double total = sum_dd[v] / two_n / variance;
    result.indices[varying[v]] = SobolIndices{first, total};
  }
  return result;
}

}  // namespace dyadscope::scoring
