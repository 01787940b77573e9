// File: services/economics/domain/indicator_summary.h
// -----------------------------------------------------------------------------
// The computations behind EconomicsService.SummarizeIndicators: an indicator
// series (see indicators.h) summarised per named period — mean, standard
// deviation, first and last year with a value, OLS trend with its standard
// error, year coverage — and the change of the mean between consecutive
// periods with a bootstrap interval. Pure C++: the structs mirror
// dyadscope.economics.v1's IndicatorPeriodStatistics, IndicatorPeriodChange
// and IndicatorSummary without depending on protobuf.
//
// Usage:
//
//   IndicatorSummaryOptions options;  // default phases, 2,000 draws, 95%
//   options.present_year = 2025;
//   DYADSCOPE_ASSIGN_OR_RETURN(SummaryPeriods plan,
//                              ResolveSummaryPeriods(options));
//   request.start_year = plan.first_year;  // an IndicatorRequest
//   request.end_year = plan.last_year;
//   DYADSCOPE_ASSIGN_OR_RETURN(auto series,
//                              ComputeIndicators(observations, request));
//   DYADSCOPE_ASSIGN_OR_RETURN(auto summaries,
//                              SummarizeIndicators(series, options));
//
// Definitions. A period covers the years start_year..end_year (open periods
// end at `present_year`). Its statistics use the points of those years that
// have a value (status OK); years outside the series count as missing in
// the coverage. With n such years (x = year, y = value):
// - mean = Σy / n (n >= 1);
// - standard_deviation = sqrt(Σ(y - mean)² / (n - 1)), the sample one
//   (n >= 2);
// - first/last year and value: the earliest and latest of those years
//   (n >= 1);
// - slope_per_year = Sxy / Sxx with Sxx = Σ(x - x̄)², Sxy = Σ(x - x̄)(y - ȳ)
//   (n >= 2); slope_standard_error = sqrt(SSR / (n - 2) / Sxx), SSR the
//   residual sum of squares (n >= 3);
// - coverage: years in the period, years with a value, the missing years.
// Statistics with too few years are absent, never NaN or infinite.
//
// Change between consecutive periods (earlier → later, in the given order):
// mean_change = mean(later) - mean(earlier), absent when either period has
// no value. Its interval (absent when either period has fewer than 2
// values, as in indicator.proto) is a percentile bootstrap: each of B draws
// resamples the earlier period's values and, independently, the later
// period's values (each with replacement, its own n), and takes the
// difference of the resampled means; the bounds are the (1 - level)/2 and
// (1 + level)/2 quantiles of the B differences (linear interpolation between
// order statistics, R's type 7). The generator is std::mt19937_64 (whose
// output the standard fixes) seeded from `seed`, the indicator id and the
// two period names, with indices drawn by Lemire's unbiased multiply-shift
// (std::uniform_int_distribution differs between standard libraries): the
// same inputs give the same interval on every run and platform, and one
// change's interval does not depend on which other indicators or periods
// are asked for. Means are accumulated as deviations from the period's
// first value, so when a period's values are all equal every resampled mean
// equals the point mean exactly, and with constant values in both periods
// the interval collapses to the point change.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_SUMMARY_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_SUMMARY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/types/types.h"
#include "services/economics/domain/indicators.h"

namespace dyadscope::economics {

// A percentile-bootstrap interval (dyadscope.type.v1.Interval with method
// INTERVAL_METHOD_BOOTSTRAP).
struct BootstrapInterval {
  double lower = 0.0;
  double upper = 0.0;             // never below `lower`
  double confidence_level = 0.0;  // e.g. 0.95
  int32_t draws = 0;              // bootstrap draws
};

// Statistics of an indicator over one named period, from the years with a
// value (see the file comment for the minimum number of years of each).
struct IndicatorPeriodStatistics {
  Period period;
  std::optional<double> mean;
  std::optional<double> standard_deviation;  // sample (n - 1)
  std::optional<int> first_year;
  std::optional<double> first_value;
  std::optional<int> last_year;
  std::optional<double> last_value;
  std::optional<double> slope_per_year;
  std::optional<double> slope_standard_error;
  YearCoverage coverage;  // one row of the coverage table
};

// The change of an indicator's mean between two consecutive periods.
struct IndicatorPeriodChange {
  std::string from_period;            // the earlier period's name
  std::string to_period;              // the later period's name
  std::optional<double> mean_change;  // later - earlier
  std::optional<BootstrapInterval> mean_change_interval;
};

// An indicator summarised per period.
struct IndicatorSummary {
  IndicatorDefinition indicator;
  std::vector<IndicatorPeriodStatistics> periods;  // in options order
  std::vector<IndicatorPeriodChange> changes;      // consecutive pairs
};

inline constexpr int32_t kDefaultIndicatorBootstrapDraws = 2000;
inline constexpr int32_t kMaxIndicatorBootstrapDraws = 100000;
inline constexpr uint64_t kDefaultIndicatorBootstrapSeed = 20130522;
inline constexpr double kDefaultIndicatorConfidenceLevel = 0.95;

// How to summarise (SummarizeIndicatorsRequest's summary fields).
struct IndicatorSummaryOptions {
  // Named periods, in order; empty uses DefaultPeriods(). Names must be
  // non-empty and unique; years 1 to 9999, end_year (when set) not before
  // start_year.
  std::vector<Period> periods;

  // The year open periods end in (the present); required (1 to 9999, not
  // before the period's start) when a period is open.
  int present_year = 0;

  // Bootstrap draws, 1 to kMaxIndicatorBootstrapDraws; 0 means the default
  // (as an unset proto field).
  int32_t bootstrap_draws = kDefaultIndicatorBootstrapDraws;

  // The bootstrap's seed.
  uint64_t seed = kDefaultIndicatorBootstrapSeed;

  // The intervals' coverage, strictly between 0 and 1.
  double confidence_level = kDefaultIndicatorConfidenceLevel;
};

// The periods a summary uses and the years they span.
struct SummaryPeriods {
  std::vector<Period> periods;  // the defaults when none were given
  int first_year = 0;           // the earliest start_year
  int last_year = 0;            // the latest end (present_year if open)
};

// Validates `options` and returns the periods to use and their year span,
// so that the caller computes the series over exactly those years. Returns
// INVALID_ARGUMENT naming the field ("periods[1].end_year",
// "present_year", "bootstrap_draws", "confidence_level").
absl::StatusOr<SummaryPeriods> ResolveSummaryPeriods(
    const IndicatorSummaryOptions& options);

// Summarises one series per period (see the file comment). Returns
// INVALID_ARGUMENT for invalid options (as ResolveSummaryPeriods) or a
// series with two points for one year or a non-finite value.
absl::StatusOr<IndicatorSummary> SummarizeIndicator(
    const IndicatorSeries& series, const IndicatorSummaryOptions& options);

// Summarises each series in order, as SummarizeIndicator.
absl::StatusOr<std::vector<IndicatorSummary>> SummarizeIndicators(
    const std::vector<IndicatorSeries>& series,
    const IndicatorSummaryOptions& options);

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_SUMMARY_H_
