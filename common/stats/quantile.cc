#include "common/stats/quantile.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <vector>

#include "absl/types/span.h"

namespace dyadscope::stats {

double SortedQuantile(absl::Span<const double> sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] +
         (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

std::vector<double> SelectQuantiles(std::vector<double>& values,
                                    std::initializer_list<double> ps) {
  std::vector<double> out;
  out.reserve(ps.size());
  const size_t n = values.size();
  auto from = values.begin();  // values before it are <= every later one
  for (double p : ps) {
    const double h = (static_cast<double>(n) - 1.0) * p;
    const size_t lo = std::min(n - 1, static_cast<size_t>(std::floor(h)));
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(lo);
    std::nth_element(from, at, values.end());
    from = at;
    const double frac = h - static_cast<double>(lo);
    if (lo + 1 >= n || frac == 0.0) {
      out.push_back(*at);
      continue;
    }
    const double next = *std::min_element(at + 1, values.end());
    out.push_back(*at + frac * (next - *at));
  }
  return out;
}

double SelectQuantile(std::vector<double>& values, double p) {
  return SelectQuantiles(values, {p}).front();
}

}  // namespace dyadscope::stats
