#include "services/economics/domain/indicator_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/stats/quantile.h"
#include "common/stats/random.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "services/economics/domain/indicators.h"

namespace dyadscope::economics {
namespace {

// One year of a period with a value.
struct YearValue {
  int year;
  double value;
};

// Returns reference + Σ(v - reference) / n over `values` (non-empty), with
// reference the first value: exact when all values are equal.
double CenteredMean(const std::vector<double>& values) {
  const double reference = values.front();
  double sum = 0.0;
  for (double v : values) sum += v - reference;
  return reference + sum / static_cast<double>(values.size());
}

IndicatorPeriodStatistics Statistics(const Period& period, int end_year,
                                     const std::vector<YearValue>& data,
                                     const IndicatorSeries& series) {
  IndicatorPeriodStatistics s;
  s.period = period;
  s.coverage = ComputeYearCoverage(series.points, period.start_year, end_year);
  const size_t n = data.size();
  if (n == 0) return s;

  std::vector<double> values;
  values.reserve(n);
  for (const YearValue& d : data) values.push_back(d.value);
  const double mean = CenteredMean(values);
  s.mean = mean;
  s.first_year = data.front().year;
  s.first_value = data.front().value;
  s.last_year = data.back().year;
  s.last_value = data.back().value;
  if (n < 2) return s;

  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  s.standard_deviation = std::sqrt(squares / static_cast<double>(n - 1));

  // OLS of value on year, on centred years (years are distinct, so
  // sxx > 0).
  double year_mean = 0.0;
  for (const YearValue& d : data) year_mean += d.year;
  year_mean /= static_cast<double>(n);
  double sxx = 0.0;
  double sxy = 0.0;
  for (const YearValue& d : data) {
    const double dx = d.year - year_mean;
    sxx += dx * dx;
    sxy += dx * (d.value - mean);
  }
  const double slope = sxy / sxx;
  s.slope_per_year = slope;
  if (n < 3) return s;
  double ssr = 0.0;
  for (const YearValue& d : data) {
    const double residual = (d.value - mean) - slope * (d.year - year_mean);
    ssr += residual * residual;
  }
  s.slope_standard_error =
      std::sqrt(std::max(0.0, ssr / static_cast<double>(n - 2) / sxx));
  return s;
}

// ---------------------------------------------------------------------------
// Bootstrap.

// Uniform indices in [0, n), 0 < n < 2^32, from the top 32 bits of each
// engine output by Lemire's multiply-shift with rejection (unbiased, and the
// same with every standard library).
class IndexDrawer {
 public:
  explicit IndexDrawer(uint64_t seed) : engine_(seed) {}

  uint32_t Next(uint32_t n) {
    uint64_t m = static_cast<uint64_t>(Bits()) * n;
    uint32_t low = static_cast<uint32_t>(m);
    if (low < n) {
      const uint32_t threshold = (0u - n) % n;
      while (low < threshold) {
        m = static_cast<uint64_t>(Bits()) * n;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

 private:
  uint32_t Bits() { return static_cast<uint32_t>(engine_() >> 32); }

  std::mt19937_64 engine_;
};

// The mean of n values drawn with replacement from `values`, accumulated
// like CenteredMean.
double ResampledMean(const std::vector<double>& values, IndexDrawer& drawer) {
  const uint32_t n = static_cast<uint32_t>(values.size());
  const double reference = values.front();
  double sum = 0.0;
  for (uint32_t i = 0; i < n; ++i) sum += values[drawer.Next(n)] - reference;
  return reference + sum / static_cast<double>(n);
}

BootstrapInterval BootstrapChange(const std::vector<double>& earlier,
                                  const std::vector<double>& later,
                                  uint64_t seed, int32_t draws,
                                  double confidence_level) {
  IndexDrawer drawer(seed);
  std::vector<double> changes;
  changes.reserve(draws);
  for (int32_t d = 0; d < draws; ++d) {
    const double from = ResampledMean(earlier, drawer);
    const double to = ResampledMean(later, drawer);
    changes.push_back(to - from);
  }
  std::sort(changes.begin(), changes.end());
  BootstrapInterval interval;
  interval.lower =
      stats::SortedQuantile(changes, (1.0 - confidence_level) / 2.0);
  interval.upper =
      std::max(interval.lower,
               stats::SortedQuantile(changes, (1.0 + confidence_level) / 2.0));
  interval.confidence_level = confidence_level;
  interval.draws = draws;
  return interval;
}

int32_t EffectiveDraws(const IndicatorSummaryOptions& options) {
  return options.bootstrap_draws == 0 ? kDefaultIndicatorBootstrapDraws
                                      : options.bootstrap_draws;
}

}  // namespace

absl::StatusOr<SummaryPeriods> ResolveSummaryPeriods(
    const IndicatorSummaryOptions& options) {
  FieldViolations violations;
  if (options.bootstrap_draws < 0 ||
      options.bootstrap_draws > kMaxIndicatorBootstrapDraws) {
    violations.Add(
        "bootstrap_draws",
        absl::StrCat(options.bootstrap_draws, " is not between 1 and ",
                     kMaxIndicatorBootstrapDraws));
  }
  if (!(options.confidence_level > 0.0 && options.confidence_level < 1.0)) {
    violations.Add("confidence_level",
                   absl::StrCat(options.confidence_level,
                                " is not strictly between 0 and 1"));
  }
  SummaryPeriods result;
  result.periods = options.periods.empty() ? DefaultPeriods() : options.periods;
  absl::flat_hash_set<std::string> names;
  bool have_span = false;
  for (size_t i = 0; i < result.periods.size(); ++i) {
    const Period& p = result.periods[i];
    const std::string field = absl::StrCat("periods[", i, "]");
    if (p.name.empty()) {
      violations.Add(absl::StrCat(field, ".name"), "is required");
    } else if (!names.insert(p.name).second) {
      violations.Add(absl::StrCat(field, ".name"),
                     absl::StrCat("\"", p.name, "\" is used twice"));
    }
    if (p.start_year < 1 || p.start_year > 9999) {
      violations.Add(absl::StrCat(field, ".start_year"),
                     "must be a year from 1 to 9999");
      continue;
    }
    int end = 0;
    if (p.end_year.has_value()) {
      if (*p.end_year < p.start_year || *p.end_year > 9999) {
        violations.Add(absl::StrCat(field, ".end_year"),
                       "must be from start_year to 9999");
        continue;
      }
      end = *p.end_year;
    } else {
      if (options.present_year < 1 || options.present_year > 9999) {
        violations.Add("present_year",
                       absl::StrCat("a year from 1 to 9999 is needed for the "
                                    "open period \"",
                                    p.name, "\""));
        continue;
      }
      if (p.start_year > options.present_year) {
        violations.Add(absl::StrCat(field, ".start_year"),
                       absl::StrCat("the open period \"", p.name,
                                    "\" starts after the present year ",
                                    options.present_year));
        continue;
      }
      end = options.present_year;
    }
    result.first_year =
        have_span ? std::min(result.first_year, p.start_year) : p.start_year;
    result.last_year = have_span ? std::max(result.last_year, end) : end;
    have_span = true;
  }
  if (!violations.empty()) return violations.ToStatus();
  return result;
}

absl::StatusOr<IndicatorSummary> SummarizeIndicator(
    const IndicatorSeries& series, const IndicatorSummaryOptions& options) {
  absl::StatusOr<SummaryPeriods> plan = ResolveSummaryPeriods(options);
  if (!plan.ok()) return plan.status();

  // The years with a value, ascending.
  std::vector<YearValue> data;
  absl::flat_hash_set<int> years;
  for (const IndicatorPoint& p : series.points) {
    if (!years.insert(p.year).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("series \"", series.indicator.indicator_id,
                       "\" has two points for ", p.year));
    }
    if (!p.value.has_value()) continue;
    if (!std::isfinite(*p.value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("series \"", series.indicator.indicator_id,
                       "\" has a non-finite value in ", p.year));
    }
    data.push_back(YearValue{p.year, *p.value});
  }
  std::sort(
      data.begin(), data.end(),
      [](const YearValue& a, const YearValue& b) { return a.year < b.year; });

  IndicatorSummary summary;
  summary.indicator = series.indicator;
  std::vector<std::vector<double>> period_values;
  for (const Period& period : plan->periods) {
    const int end = period.end_year.value_or(options.present_year);
    std::vector<YearValue> in_period;
    for (const YearValue& d : data) {
      if (d.year >= period.start_year && d.year <= end) in_period.push_back(d);
    }
    summary.periods.push_back(Statistics(period, end, in_period, series));
    std::vector<double> values;
    values.reserve(in_period.size());
    for (const YearValue& d : in_period) values.push_back(d.value);
    period_values.push_back(std::move(values));
  }

  const int32_t draws = EffectiveDraws(options);
  for (size_t i = 1; i < summary.periods.size(); ++i) {
    const IndicatorPeriodStatistics& earlier = summary.periods[i - 1];
    const IndicatorPeriodStatistics& later = summary.periods[i];
    IndicatorPeriodChange change;
    change.from_period = earlier.period.name;
    change.to_period = later.period.name;
    if (earlier.mean.has_value() && later.mean.has_value()) {
      change.mean_change = *later.mean - *earlier.mean;
    }
    if (period_values[i - 1].size() >= 2 && period_values[i].size() >= 2) {
      const uint64_t seed = stats::StreamSeed(
          options.seed,
          absl::StrCat(series.indicator.indicator_id, "\n", change.from_period,
                       "\n", change.to_period));
      change.mean_change_interval =
          BootstrapChange(period_values[i - 1], period_values[i], seed, draws,
                          options.confidence_level);
    }
    summary.changes.push_back(std::move(change));
  }
  return summary;
}

absl::StatusOr<std::vector<IndicatorSummary>> SummarizeIndicators(
    const std::vector<IndicatorSeries>& series,
    const IndicatorSummaryOptions& options) {
  std::vector<IndicatorSummary> summaries;
  summaries.reserve(series.size());
  for (const IndicatorSeries& s : series) {
    absl::StatusOr<IndicatorSummary> summary = SummarizeIndicator(s, options);
    if (!summary.ok()) return summary.status();
    summaries.push_back(*std::move(summary));
  }
  return summaries;
}

}  // namespace dyadscope::economics
