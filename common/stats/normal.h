// File: common/stats/normal.h
// -----------------------------------------------------------------------------
// The standard normal distribution function and its inverse, written once
// for every service (scoring's sensitivity sampling and normal indicators,
// events' bootstrap intervals).

#ifndef DYADSCOPE_COMMON_STATS_NORMAL_H_
#define DYADSCOPE_COMMON_STATS_NORMAL_H_

namespace dyadscope::stats {

// Returns Φ(z), the standard normal distribution function (via erfc, accurate
// to double precision in both tails).
double NormalCdf(double z);

// Returns Φ⁻¹(p) for p in (0, 1), accurate to about 1e−15 (Acklam's rational
// approximation refined by one Halley step); −∞ for p ≤ 0, +∞ for p ≥ 1, NaN
// for NaN.
double InverseNormalCdf(double p);

// Returns Acklam's rational approximation of Φ⁻¹(p) for p in (0, 1)
// (relative error below 1.15e−9), without the refinement: for sampling,
// where speed matters more than the last digits.
double ApproxInverseNormalCdf(double p);

}  // namespace dyadscope::stats

#endif  // DYADSCOPE_COMMON_STATS_NORMAL_H_
