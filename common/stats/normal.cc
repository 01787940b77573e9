#include "common/stats/normal.h"

#include <cmath>
#include <limits>

namespace dyadscope::stats {
namespace {

constexpr double kSqrtHalf = 0.70710678118654752440;   // 1/√2
constexpr double kSqrtTwoPi = 2.50662827463100050242;  // √(2π)

}  // namespace

double NormalCdf(double z) { return 0.5 * std::erfc(-z * kSqrtHalf); }

double InverseNormalCdf(double p) {
  if (std::isnan(p)) return std::numeric_limits<double>::quiet_NaN();
  if (p <= 0.0) return -std::numeric_limits<double>::infinity();
  if (p >= 1.0) return std::numeric_limits<double>::infinity();
  double x = ApproxInverseNormalCdf(p);
  // One Halley step on Φ(x) − p brings the error to machine precision.
  const double e = NormalCdf(x) - p;
  const double u = e * kSqrtTwoPi * std::exp(0.5 * x * x);
  x -= u / (1.0 + 0.5 * x * u);
  return x;
}

}  // namespace dyadscope::stats
