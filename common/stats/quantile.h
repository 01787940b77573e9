// File: common/stats/quantile.h
// -----------------------------------------------------------------------------
// Type-7 quantiles (linear interpolation between order statistics, R's
// default), written once: on sorted values, and by selection on unsorted
// values (linear time, the same numbers sorting would give).

#ifndef DYADSCOPE_COMMON_STATS_QUANTILE_H_
#define DYADSCOPE_COMMON_STATS_QUANTILE_H_

#include <initializer_list>
#include <vector>

#include "absl/types/span.h"

namespace dyadscope::stats {

// Returns the type-7 p-quantile of `sorted` (ascending), 0 <= p <= 1; 0.0
// when `sorted` is empty.
//
//   SortedQuantile({1, 2, 3, 4}, 0.5) == 2.5
double SortedQuantile(absl::Span<const double> sorted, double p);

// Returns the type-7 quantiles of `values` (not empty) at the increasing
// probabilities `ps`: exactly what sorting and interpolating would give,
// found by selection instead of a full sort. Reorders `values`.
std::vector<double> SelectQuantiles(std::vector<double>& values,
                                    std::initializer_list<double> ps);

// Returns the type-7 p-quantile of `values` (not empty) by selection.
// Reorders `values`.
double SelectQuantile(std::vector<double>& values, double p);

}  // namespace dyadscope::stats

#endif  // DYADSCOPE_COMMON_STATS_QUANTILE_H_
