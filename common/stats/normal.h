// File: common/stats/normal.h
// -----------------------------------------------------------------------------
// The standard normal distribution function and its inverse, written once
// for every service (scoring's sensitivity sampling and normal indicators,
// events' bootstrap intervals).

#ifndef DYADSCOPE_COMMON_STATS_NORMAL_H_
#define DYADSCOPE_COMMON_STATS_NORMAL_H_

#include <cmath>

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
// where speed matters more than the last digits. Inline: one call per
// sampled normal input.
inline double ApproxInverseNormalCdf(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  constexpr double kHigh = 1.0 - kLow;
  if (p < kLow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
            c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  if (p <= kHigh) {
    const double q = p - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r +
            a[5]) *
           q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  const double q = std::sqrt(-2.0 * std::log1p(-p));
  return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
           c[5]) /
         ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
}

}  // namespace dyadscope::stats

#endif  // DYADSCOPE_COMMON_STATS_NORMAL_H_
