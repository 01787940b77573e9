// File: services/events/domain/summary.cc
// -----------------------------------------------------------------------------
// One pass over the events into per-bucket accumulators, then the figures and
// intervals per bucket. See summary.h for the definitions.

#include "services/events/domain/summary.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/stats/normal.h"
#include "common/stats/quantile.h"
#include "common/stats/random.h"
#include "common/types/types.h"
#include "services/events/domain/event.h"

namespace dyadscope::events {
namespace {

// QuadClass and Domain values index these arrays; 0 is "unspecified".
constexpr int kNumCodes = 5;

// ---------------------------------------------------------------------------
// Calendar buckets are numbered by a key: the year, year * 4 + quarter index
// or year * 12 + month index.

bool PreciseEnough(SummaryBucket bucket, const Date& date) {
  switch (bucket) {
    case SummaryBucket::kNone:
      return false;
    case SummaryBucket::kYear:
      return true;
    case SummaryBucket::kQuarter:
    case SummaryBucket::kMonth:
      return date.precision != DatePrecision::kYear;
  }
  return false;
}

// The key of the bucket holding `date`, which must be precise enough.
int64_t BucketKey(SummaryBucket bucket, const Date& date) {
  switch (bucket) {
    case SummaryBucket::kQuarter:
      return int64_t{date.year} * 4 + (date.month - 1) / 3;
    case SummaryBucket::kMonth:
      return int64_t{date.year} * 12 + (date.month - 1);
    case SummaryBucket::kNone:
    case SummaryBucket::kYear:
      break;
  }
  return date.year;
}

Date BucketStart(SummaryBucket bucket, int64_t key) {
  switch (bucket) {
    case SummaryBucket::kQuarter:
      return Date{static_cast<int>(key / 4), static_cast<int>(key % 4) * 3 + 1,
                  1, DatePrecision::kDay};
    case SummaryBucket::kMonth:
      return Date{static_cast<int>(key / 12), static_cast<int>(key % 12) + 1, 1,
                  DatePrecision::kDay};
    case SummaryBucket::kNone:
    case SummaryBucket::kYear:
      break;
  }
  return Date{static_cast<int>(key), 1, 1, DatePrecision::kDay};
}

Date BucketEnd(SummaryBucket bucket, int64_t key) {
  switch (bucket) {
    case SummaryBucket::kQuarter:
      return LastDay(Date{static_cast<int>(key / 4),
                          static_cast<int>(key % 4) * 3 + 3, 0,
                          DatePrecision::kMonth});
    case SummaryBucket::kMonth:
      return LastDay(Date{static_cast<int>(key / 12),
                          static_cast<int>(key % 12) + 1, 0,
                          DatePrecision::kMonth});
    case SummaryBucket::kNone:
    case SummaryBucket::kYear:
      break;
  }
  return Date{static_cast<int>(key), 12, 31, DatePrecision::kDay};
}

std::string LabelOfKey(SummaryBucket bucket, int64_t key) {
  switch (bucket) {
    case SummaryBucket::kQuarter:
      return absl::StrFormat("%04d-Q%d", key / 4, key % 4 + 1);
    case SummaryBucket::kMonth:
      return absl::StrFormat("%04d-%02d", key / 12, key % 12 + 1);
    case SummaryBucket::kNone:
    case SummaryBucket::kYear:
      break;
  }
  return absl::StrFormat("%04d", key);
}

// Orders dates like DateSortKey (by first day); at equal first days the more
// precise date comes first. Cheaper than DateSortKey, which builds civil
// days.
int64_t OrderKey(const Date& date) {
  int64_t day_key = int64_t{date.year} * 10000 + std::max(date.month, 1) * 100 +
                    std::max(date.day, 1);
  return day_key * 4 + static_cast<int>(date.precision);
}

// ---------------------------------------------------------------------------
// Random numbers.

// The seeded generator and stream seeds live in common/stats/random.h.
using stats::StreamSeed;
using stats::Xoshiro256;

// Uniform indices in [0, n), 0 < n < 2^32, two from each 64-bit output (low
// half first), by Lemire's multiply-shift with rejection: unbiased, and
// unlike std::uniform_int_distribution the same with every standard library.
// A rejected half (probability n / 2^32) is replaced by a fresh output's low
// half.
class IndexSource {
 public:
  IndexSource(uint64_t seed, uint32_t n)
      : engine_(seed), n_(n), threshold_((0u - n) % n) {}

  void NextPair(uint32_t& a, uint32_t& b) {
    const uint64_t bits = engine_();
    const uint64_t ma = (bits & 0xFFFFFFFFULL) * n_;
    const uint64_t mb = (bits >> 32) * n_;
    a = static_cast<uint32_t>(ma) >= threshold_
            ? static_cast<uint32_t>(ma >> 32)
            : Next();
    b = static_cast<uint32_t>(mb) >= threshold_
            ? static_cast<uint32_t>(mb >> 32)
            : Next();
  }

  uint32_t Next() {
    while (true) {
      const uint64_t m = (engine_() & 0xFFFFFFFFULL) * n_;
      if (static_cast<uint32_t>(m) >= threshold_) {
        return static_cast<uint32_t>(m >> 32);
      }
    }
  }

 private:
  Xoshiro256 engine_;
  const uint32_t n_;
  const uint32_t threshold_;  // (2^32 - n) mod n
};

// ---------------------------------------------------------------------------
// Accumulation.

// One event's contribution kept for the bootstrap.
struct Sample {
  double weight;
  double weighted_deviation;  // w * (g - reference)
};

// The running sums of one bucket or period. Goldstein sums are centred on
// the first event's score (`reference`), which keeps them exact when all
// scores are equal and accurate when they are close.
struct Accumulator {
  int64_t count = 0;
  double weight_sum = 0.0;
  double goldstein_sum = 0.0;
  double reference = 0.0;
  double deviation_sum = 0.0;           // Σ (g - ref)
  double weighted_deviation_sum = 0.0;  // Σ w (g - ref)
  double w2_sum = 0.0;                  // Σ w²
  double w2d_sum = 0.0;                 // Σ w² (g - ref)
  double w2d2_sum = 0.0;                // Σ w² (g - ref)²
  double min_goldstein = 0.0;
  double max_goldstein = 0.0;
  std::array<int64_t, kNumCodes> quad_counts{};
  std::array<double, kNumCodes> quad_weights{};
  std::array<int64_t, kNumCodes> domain_counts{};
  std::array<double, kNumCodes> domain_weights{};
  std::vector<int64_t> theme_counts;  // sized on first use
  int64_t first_key = 0;
  int64_t last_key = 0;
  Date first_date;
  Date last_date;
  std::vector<Sample> samples;  // while count <= the bootstrap limit
  bool aggregated = false;      // has groups: samples come from AddSample

  void Add(const SummaryEvent& event, int64_t order_key,
           absl::Span<const int> themes, size_t num_themes,
           int64_t max_samples) {
    const double g = event.goldstein;
    const double w = event.mention_weight;
    if (count == 0) {
      reference = g;
      min_goldstein = g;
      max_goldstein = g;
      first_key = last_key = order_key;
      first_date = last_date = event.date;
    } else {
      min_goldstein = std::min(min_goldstein, g);
      max_goldstein = std::max(max_goldstein, g);
      if (order_key < first_key) {
        first_key = order_key;
        first_date = event.date;
      }
      if (order_key > last_key) {
        last_key = order_key;
        last_date = event.date;
      }
    }
    ++count;
    const double d = g - reference;
    weight_sum += w;
    goldstein_sum += g;
    deviation_sum += d;
    weighted_deviation_sum += w * d;
    w2_sum += w * w;
    w2d_sum += w * w * d;
    w2d2_sum += w * w * d * d;
    AddCodes(event.quad_class, event.domain, themes, num_themes, 1, w);
    if (count <= max_samples && !aggregated) {
      samples.push_back({w, w * d});
    } else if (!samples.empty()) {
      std::vector<Sample>().swap(samples);  // too many: release the memory
    }
  }

  // Adds a group of events aggregated by the store. Their individual scores
  // are unknown, so the bootstrap needs their samples added afterwards
  // (AddSample) when the bucket stays small enough for it.
  void AddGroup(const SummaryGroup& group, int64_t order_key,
                absl::Span<const int> themes, size_t num_themes) {
    const double n = static_cast<double>(group.count);
    if (count == 0) {
      // Centre on the group's mean: the sums below stay small.
      reference = group.goldstein_sum / n;
      min_goldstein = group.min_goldstein;
      max_goldstein = group.max_goldstein;
      first_key = last_key = order_key;
      first_date = last_date = group.date;
    } else {
      min_goldstein = std::min(min_goldstein, group.min_goldstein);
      max_goldstein = std::max(max_goldstein, group.max_goldstein);
      if (order_key < first_key) {
        first_key = order_key;
        first_date = group.date;
      }
      if (order_key > last_key) {
        last_key = order_key;
        last_date = group.date;
      }
    }
    count += group.count;
    const double r = reference;
    weight_sum += group.weight_sum;
    goldstein_sum += group.goldstein_sum;
    if (group.min_goldstein == group.max_goldstein) {
      // One score for the whole group: the centred sums exactly.
      const double d = group.min_goldstein - r;
      deviation_sum += n * d;
      weighted_deviation_sum += group.weight_sum * d;
      w2d_sum += group.w2_sum * d;
      w2d2_sum += group.w2_sum * d * d;
    } else {
      deviation_sum += group.goldstein_sum - n * r;
      weighted_deviation_sum +=
          group.weighted_goldstein_sum - r * group.weight_sum;
      w2d_sum += group.w2g_sum - r * group.w2_sum;
      w2d2_sum += group.w2g2_sum - 2 * r * group.w2g_sum + r * r * group.w2_sum;
    }
    w2_sum += group.w2_sum;
    AddCodes(group.quad_class, group.domain, themes, num_themes, group.count,
             group.weight_sum);
    aggregated = true;
    std::vector<Sample>().swap(samples);  // collected again by AddSample
  }

  // Whether the bootstrap wants the samples of aggregated events.
  bool NeedsSamples(int64_t max_samples) const {
    return aggregated && count >= 2 && count <= max_samples;
  }

  void AddSample(double g, double w) {
    samples.push_back({w, w * (g - reference)});
  }

  void AddCodes(QuadClass quad_class, Domain domain,
                absl::Span<const int> themes, size_t num_themes, int64_t n,
                double w) {
    const int q = static_cast<int>(quad_class);
    quad_counts[q] += n;
    quad_weights[q] += w;
    const int dom = static_cast<int>(domain);
    domain_counts[dom] += n;
    domain_weights[dom] += w;
    if (!themes.empty()) {
      if (theme_counts.empty()) theme_counts.assign(num_themes, 0);
      for (int t : themes) theme_counts[t] += n;
    }
  }
};

// The settings the figures need, shared by buckets and periods.
struct FigureSettings {
  const std::vector<std::string>* theme_ids;
  int32_t draws;
  double confidence_level;
  uint64_t seed;
  int64_t bootstrap_max_events;
};

Interval BootstrapInterval(const Accumulator& acc, const FigureSettings& s,
                           uint64_t stream_seed) {
  // The draws depend on the bucket's events, not on the order they arrived
  // in (a store may stream them one by one or grouped).
  std::vector<Sample> sorted = acc.samples;
  std::sort(sorted.begin(), sorted.end(), [](const Sample& x, const Sample& y) {
    return x.weight != y.weight ? x.weight < y.weight
                                : x.weighted_deviation < y.weighted_deviation;
  });
  const uint32_t n = static_cast<uint32_t>(sorted.size());
  const Sample* samples = sorted.data();
  IndexSource index(stream_seed, n);
  std::vector<double> means(s.draws);
  for (double& mean : means) {
    // Two chains of sums, so that the additions overlap.
    double weight_a = 0.0;
    double weight_b = 0.0;
    double deviation_a = 0.0;
    double deviation_b = 0.0;
    uint32_t a;
    uint32_t b;
    for (uint32_t i = 1; i < n; i += 2) {
      index.NextPair(a, b);
      weight_a += samples[a].weight;
      deviation_a += samples[a].weighted_deviation;
      weight_b += samples[b].weight;
      deviation_b += samples[b].weighted_deviation;
    }
    if (n % 2 == 1) {
      a = index.Next();
      weight_a += samples[a].weight;
      deviation_a += samples[a].weighted_deviation;
    }
    mean = std::clamp(
        acc.reference + (deviation_a + deviation_b) / (weight_a + weight_b),
        acc.min_goldstein, acc.max_goldstein);
  }
  const double tail = (1.0 - s.confidence_level) / 2.0;
  Interval interval;
  interval.lower = stats::SelectQuantile(means, tail);
  interval.upper =
      std::max(interval.lower, stats::SelectQuantile(means, 1.0 - tail));
  interval.confidence_level = s.confidence_level;
  interval.method = IntervalMethod::kBootstrap;
  interval.draws = s.draws;
  return interval;
}

Interval NormalInterval(const Accumulator& acc, const FigureSettings& s,
                        double mean) {
  const double w = acc.weight_sum;
  const double delta = acc.weighted_deviation_sum / w;
  double variance =
      (acc.w2d2_sum - 2.0 * delta * acc.w2d_sum + delta * delta * acc.w2_sum) /
      (w * w);
  variance = std::max(variance, 0.0);
  const double half_width =
      NormalQuantile(0.5 + s.confidence_level / 2.0) * std::sqrt(variance);
  Interval interval;
  interval.lower =
      std::clamp(mean - half_width, acc.min_goldstein, acc.max_goldstein);
  interval.upper =
      std::clamp(mean + half_width, acc.min_goldstein, acc.max_goldstein);
  interval.confidence_level = s.confidence_level;
  interval.method = IntervalMethod::kNormalApproximation;
  interval.draws = 0;
  return interval;
}

// Fills the figures of `out` (label, period and dates already set).
void FillFigures(const Accumulator& acc, const FigureSettings& s,
                 absl::string_view identity, EventBucketSummary& out) {
  out.event_count = acc.count;
  out.empty = acc.count == 0;
  out.mention_weight_sum = acc.weight_sum;
  out.goldstein_sum = acc.goldstein_sum;
  out.quad_class_counts.clear();
  out.domain_counts.clear();
  out.theme_counts.clear();
  for (int q = 1; q < kNumCodes; ++q) {
    out.quad_class_counts.push_back(
        {static_cast<QuadClass>(q), acc.quad_counts[q], acc.quad_weights[q]});
  }
  for (int d = 1; d < kNumCodes; ++d) {
    out.domain_counts.push_back(
        {static_cast<Domain>(d), acc.domain_counts[d], acc.domain_weights[d]});
  }
  const std::vector<std::string>& theme_ids = *s.theme_ids;
  for (size_t t = 0; t < theme_ids.size(); ++t) {
    ThemeCount count;
    count.theme = theme_ids[t];
    count.event_count = acc.theme_counts.empty() ? 0 : acc.theme_counts[t];
    if (acc.count > 0) {
      count.share = static_cast<double>(count.event_count) / acc.count;
    }
    out.theme_counts.push_back(std::move(count));
  }
  if (acc.count == 0) return;

  const double mean =
      std::clamp(acc.reference + acc.weighted_deviation_sum / acc.weight_sum,
                 acc.min_goldstein, acc.max_goldstein);
  out.mean_goldstein = mean;
  out.unweighted_mean_goldstein =
      std::clamp(acc.reference + acc.deviation_sum / acc.count,
                 acc.min_goldstein, acc.max_goldstein);
  const int64_t classified = acc.quad_counts[1] + acc.quad_counts[2] +
                             acc.quad_counts[3] + acc.quad_counts[4];
  if (classified > 0) {
    out.cooperation_share =
        static_cast<double>(acc.quad_counts[1] + acc.quad_counts[2]) /
        classified;
    const double classified_weight = acc.quad_weights[1] + acc.quad_weights[2] +
                                     acc.quad_weights[3] + acc.quad_weights[4];
    out.weighted_cooperation_share =
        (acc.quad_weights[1] + acc.quad_weights[2]) / classified_weight;
  }
  out.first_event_date = acc.first_date;
  out.last_event_date = acc.last_date;
  if (acc.count >= 2) {
    if (acc.count <= s.bootstrap_max_events &&
        acc.count <= std::numeric_limits<uint32_t>::max() &&
        static_cast<int64_t>(acc.samples.size()) == acc.count) {
      out.mean_goldstein_interval =
          BootstrapInterval(acc, s, StreamSeed(s.seed, identity));
    } else {
      out.mean_goldstein_interval = NormalInterval(acc, s, mean);
    }
  }
}

absl::Status FieldError(absl::string_view field, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", message));
}

}  // namespace

// -----------------------------------------------------------------------------
// EventSummarizer.

class EventSummarizer::Impl {
 public:
  explicit Impl(SummaryOptions options) : options_(std::move(options)) {}

  absl::Status Init();
  absl::Status Add(const SummaryEvent& event);
  absl::Status AddGroup(const SummaryGroup& group);
  absl::Status AddSample(const SummaryEvent& event);
  std::vector<std::pair<int64_t, int64_t>> SampleDayRanges() const;
  EventSummary Finish();
  int64_t event_count() const { return event_count_; }

 private:
  bool has_range() const { return !buckets_.empty(); }
  int64_t range_lo() const { return base_key_; }
  int64_t range_hi() const {
    return base_key_ + static_cast<int64_t>(buckets_.size()) - 1;
  }
  // Makes the bucket storage cover [lo, hi] (and what it covered before).
  void Cover(int64_t lo, int64_t hi);
  absl::Status Validate(const Date& date, QuadClass quad_class, Domain domain,
                        double min_goldstein, double max_goldstein,
                        double min_weight) const;
  template <typename AddFn>
  absl::Status Route(const Date& date, const std::vector<std::string>& themes,
                     int64_t count, bool update_coverage, AddFn add);

  SummaryOptions options_;
  std::vector<std::string> theme_ids_;
  absl::flat_hash_map<std::string, int> theme_index_;
  FigureSettings settings_{};

  // Calendar buckets: keys [base_key_, base_key_ + buckets_.size()).
  std::optional<int64_t> fixed_lo_;
  std::optional<int64_t> fixed_hi_;
  int64_t base_key_ = 0;
  std::vector<Accumulator> buckets_;

  std::vector<Accumulator> periods_;
  std::vector<std::pair<int, int>> period_years_;  // [start, end], inclusive

  int64_t event_count_ = 0;
  int64_t imprecise_count_ = 0;
  int64_t outside_count_ = 0;
  int64_t first_key_ = 0;
  int64_t last_key_ = 0;
  Date first_date_;
  Date last_date_;
  std::vector<int> scratch_themes_;
};

absl::Status EventSummarizer::Impl::Init() {
  SummaryOptions& o = options_;
  switch (o.bucket) {
    case SummaryBucket::kNone:
    case SummaryBucket::kYear:
    case SummaryBucket::kQuarter:
    case SummaryBucket::kMonth:
      break;
    default:
      return FieldError("bucket", "unknown bucket");
  }
  if (o.bootstrap_draws < 1 || o.bootstrap_draws > kMaxBootstrapDraws) {
    return FieldError("bootstrap_draws",
                      absl::StrCat(o.bootstrap_draws, " is not between 1 and ",
                                   kMaxBootstrapDraws));
  }
  if (!(o.confidence_level > 0.0 && o.confidence_level < 1.0)) {
    return FieldError(
        "confidence_level",
        absl::StrCat(o.confidence_level, " is not strictly between 0 and 1"));
  }
  if (o.bootstrap_max_events < 0) {
    return FieldError("bootstrap_max_events", "must not be negative");
  }
  if (o.max_buckets < 1) return FieldError("max_buckets", "must be positive");

  // Periods.
  if (o.periods.empty() && o.bucket == SummaryBucket::kNone) {
    o.periods = DefaultPeriods();
  }
  absl::flat_hash_set<std::string> names;
  for (size_t i = 0; i < o.periods.size(); ++i) {
    const Period& p = o.periods[i];
    const std::string field = absl::StrCat("periods[", i, "]");
    if (p.name.empty()) return FieldError(field, "a period needs a name");
    if (!names.insert(p.name).second) {
      return FieldError(field,
                        absl::StrCat("duplicate period name \"", p.name, "\""));
    }
    if (p.start_year < 1 || p.start_year > 9999) {
      return FieldError(absl::StrCat(field, ".start_year"),
                        absl::StrCat(p.start_year, " is not a year"));
    }
    if (p.end_year.has_value()) {
      if (*p.end_year < p.start_year || *p.end_year > 9999) {
        return FieldError(absl::StrCat(field, ".end_year"),
                          absl::StrCat(*p.end_year, " is not a year from ",
                                       p.start_year, " to 9999"));
      }
    } else {
      if (!ValidateDate(o.present).ok()) {
        return FieldError(
            "present",
            absl::StrCat("the present date is needed for the open period \"",
                         p.name, "\""));
      }
      if (p.start_year > o.present.year) {
        return FieldError(absl::StrCat(field, ".start_year"),
                          absl::StrCat("the open period \"", p.name,
                                       "\" starts after the present"));
      }
    }
    period_years_.emplace_back(
        p.start_year, p.end_year.value_or(std::numeric_limits<int>::max()));
  }
  periods_.resize(o.periods.size());

  // Span.
  if (o.span_start.has_value()) {
    if (absl::Status s = ValidateDate(*o.span_start); !s.ok()) {
      return FieldError("span_start", s.message());
    }
  }
  if (o.span_end.has_value()) {
    if (absl::Status s = ValidateDate(*o.span_end); !s.ok()) {
      return FieldError("span_end", s.message());
    }
  }
  if (o.span_start.has_value() && o.span_end.has_value() &&
      DateSortKey(*o.span_start) > DateSortKey(LastDay(*o.span_end))) {
    return FieldError("span_end", "the span ends before it starts");
  }
  if (o.bucket != SummaryBucket::kNone) {
    if (o.span_start.has_value()) {
      fixed_lo_ = BucketKey(o.bucket, FirstDay(*o.span_start));
    }
    if (o.span_end.has_value()) {
      fixed_hi_ = BucketKey(o.bucket, LastDay(*o.span_end));
    }
    if (fixed_lo_.has_value() && fixed_hi_.has_value()) {
      if (*fixed_hi_ - *fixed_lo_ + 1 > o.max_buckets) {
        return FieldError(
            "span_end",
            absl::StrCat("the span has ", *fixed_hi_ - *fixed_lo_ + 1,
                         " buckets, more than ", o.max_buckets,
                         "; narrow it or use a coarser bucket"));
      }
      Cover(*fixed_lo_, *fixed_hi_);
    }
  }

  // Themes.
  absl::flat_hash_set<std::string> lexicon(o.lexicon_themes.begin(),
                                           o.lexicon_themes.end());
  theme_ids_ = o.themes.empty() ? o.lexicon_themes : o.themes;
  for (const std::string& theme : theme_ids_) {
    if (theme.empty()) return FieldError("themes", "empty theme id");
    if (!o.themes.empty() && !lexicon.empty() && !lexicon.contains(theme)) {
      return FieldError("themes",
                        absl::StrCat("\"", theme, "\" is not a lexicon theme"));
    }
  }
  std::sort(theme_ids_.begin(), theme_ids_.end());
  theme_ids_.erase(std::unique(theme_ids_.begin(), theme_ids_.end()),
                   theme_ids_.end());
  for (size_t i = 0; i < theme_ids_.size(); ++i) {
    theme_index_.emplace(theme_ids_[i], static_cast<int>(i));
  }

  settings_.theme_ids = &theme_ids_;
  settings_.draws = o.bootstrap_draws;
  settings_.confidence_level = o.confidence_level;
  settings_.seed = o.seed;
  settings_.bootstrap_max_events = o.bootstrap_max_events;
  return absl::OkStatus();
}

void EventSummarizer::Impl::Cover(int64_t lo, int64_t hi) {
  if (buckets_.empty()) {
    base_key_ = lo;
    buckets_.resize(hi - lo + 1);
    return;
  }
  if (lo < base_key_) {
    buckets_.insert(buckets_.begin(), base_key_ - lo, Accumulator());
    base_key_ = lo;
  }
  if (hi > range_hi()) buckets_.resize(hi - base_key_ + 1);
}

// Validates what Add and AddGroup share: the date, the codes and a score
// and weight within their ranges.
absl::Status EventSummarizer::Impl::Validate(
    const Date& date, QuadClass quad_class, Domain domain, double min_goldstein,
    double max_goldstein, double min_weight) const {
  if (absl::Status s = ValidateDate(date); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event_count_, ": ", s.message()));
  }
  if (!(min_goldstein >= -10.0 && max_goldstein <= 10.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event_count_, ": Goldstein score ",
                     min_goldstein < -10.0 ? min_goldstein : max_goldstein,
                     " is not within [-10, 10]"));
  }
  if (!(min_weight > 0.0 && std::isfinite(min_weight))) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event_count_, ": mention weight ", min_weight,
                     " is not a positive number"));
  }
  const int quad = static_cast<int>(quad_class);
  const int code = static_cast<int>(domain);
  if (quad < 0 || quad >= kNumCodes || code < 0 || code >= kNumCodes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event ", event_count_, ": unknown QuadClass or domain value"));
  }
  return absl::OkStatus();
}

// Finds where `count` events dated `date` go (their calendar bucket, if
// any, and every period of their year), widening the span as needed, and
// calls `add(accumulator, order_key, themes)` for each; then, with
// `update_coverage`, counts them in the coverage. Returns INVALID_ARGUMENT,
// changing nothing, when the span would grow beyond max_buckets.
template <typename AddFn>
absl::Status EventSummarizer::Impl::Route(
    const Date& date, const std::vector<std::string>& themes, int64_t count,
    bool update_coverage, AddFn add) {
  // Where it goes among the calendar buckets.
  const SummaryBucket bucket = options_.bucket;
  bool placed = false;
  int64_t key = 0;
  bool imprecise = false;
  bool outside = false;
  int64_t new_lo = 0;
  int64_t new_hi = 0;
  bool extend = false;
  if (bucket != SummaryBucket::kNone) {
    // The buckets the event's date may denote: one when precise enough.
    const int64_t lo_key = BucketKey(bucket, FirstDay(date));
    const int64_t hi_key = BucketKey(bucket, LastDay(date));
    if (PreciseEnough(bucket, date)) {
      key = lo_key;
      if ((fixed_lo_.has_value() && key < *fixed_lo_) ||
          (fixed_hi_.has_value() && key > *fixed_hi_)) {
        outside = true;
      } else {
        placed = true;
      }
    } else {
      imprecise = true;
    }
    // A side of the span without a bound follows the events that touch it.
    const int64_t touch_lo =
        fixed_lo_.has_value() ? std::max(lo_key, *fixed_lo_) : lo_key;
    const int64_t touch_hi =
        fixed_hi_.has_value() ? std::min(hi_key, *fixed_hi_) : hi_key;
    if (touch_lo <= touch_hi) {
      new_lo = fixed_lo_.has_value() ? *fixed_lo_
               : has_range()         ? std::min(range_lo(), touch_lo)
                                     : touch_lo;
      new_hi = fixed_hi_.has_value() ? *fixed_hi_
               : has_range()         ? std::max(range_hi(), touch_hi)
                                     : touch_hi;
      extend = !has_range() || new_lo < range_lo() || new_hi > range_hi();
    }
    if (extend && new_hi - new_lo + 1 > options_.max_buckets) {
      return absl::InvalidArgumentError(absl::StrCat(
          "event ", event_count_, ": dated ", FormatDate(date),
          ", it widens the span beyond ", options_.max_buckets,
          " buckets; bound the date range or use a coarser bucket"));
    }
  }

  // Themes to count, once each.
  scratch_themes_.clear();
  if (!theme_index_.empty()) {
    for (const std::string& theme : themes) {
      auto it = theme_index_.find(theme);
      if (it == theme_index_.end()) continue;
      if (std::find(scratch_themes_.begin(), scratch_themes_.end(),
                    it->second) == scratch_themes_.end()) {
        scratch_themes_.push_back(it->second);
      }
    }
  }

  const int64_t order_key = OrderKey(date);
  if (extend) Cover(new_lo, new_hi);
  if (placed) add(buckets_[key - base_key_], order_key, scratch_themes_);
  for (size_t p = 0; p < periods_.size(); ++p) {
    if (date.year >= period_years_[p].first &&
        date.year <= period_years_[p].second) {
      add(periods_[p], order_key, scratch_themes_);
    }
  }
  if (!update_coverage) return absl::OkStatus();
  imprecise_count_ += imprecise ? count : 0;
  outside_count_ += outside ? count : 0;
  if (event_count_ == 0 || order_key < first_key_) {
    first_key_ = order_key;
    first_date_ = date;
  }
  if (event_count_ == 0 || order_key > last_key_) {
    last_key_ = order_key;
    last_date_ = date;
  }
  event_count_ += count;
  return absl::OkStatus();
}

absl::Status EventSummarizer::Impl::Add(const SummaryEvent& event) {
  if (absl::Status s =
          Validate(event.date, event.quad_class, event.domain, event.goldstein,
                   event.goldstein, event.mention_weight);
      !s.ok()) {
    return s;
  }
  const size_t num_themes = theme_ids_.size();
  const int64_t max_samples = options_.bootstrap_max_events;
  return Route(
      event.date, event.themes, 1, /*update_coverage=*/true,
      [&](Accumulator& acc, int64_t order_key, absl::Span<const int> themes) {
        acc.Add(event, order_key, themes, num_themes, max_samples);
      });
}

absl::Status EventSummarizer::Impl::AddGroup(const SummaryGroup& group) {
  if (group.count < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event ", event_count_, ": a group of ", group.count, " events"));
  }
  if (absl::Status s =
          Validate(group.date, group.quad_class, group.domain,
                   group.min_goldstein, group.max_goldstein, group.min_weight);
      !s.ok()) {
    return s;
  }
  if (!std::isfinite(group.weight_sum) || !std::isfinite(group.w2g2_sum)) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event_count_, ": sums are not finite"));
  }
  const size_t num_themes = theme_ids_.size();
  return Route(
      group.date, group.themes, group.count, /*update_coverage=*/true,
      [&](Accumulator& acc, int64_t order_key, absl::Span<const int> themes) {
        acc.AddGroup(group, order_key, themes, num_themes);
      });
}

absl::Status EventSummarizer::Impl::AddSample(const SummaryEvent& event) {
  if (absl::Status s =
          Validate(event.date, event.quad_class, event.domain, event.goldstein,
                   event.goldstein, event.mention_weight);
      !s.ok()) {
    return s;
  }
  const int64_t max_samples = options_.bootstrap_max_events;
  return Route(event.date, event.themes, 1, /*update_coverage=*/false,
               [&](Accumulator& acc, int64_t, absl::Span<const int>) {
                 if (acc.NeedsSamples(max_samples) &&
                     static_cast<int64_t>(acc.samples.size()) < acc.count) {
                   acc.AddSample(event.goldstein, event.mention_weight);
                 }
               });
}

std::vector<std::pair<int64_t, int64_t>>
EventSummarizer::Impl::SampleDayRanges() const {
  std::vector<std::pair<int64_t, int64_t>> ranges;
  const int64_t max_samples = options_.bootstrap_max_events;
  const SummaryBucket bucket = options_.bucket;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    if (!buckets_[i].NeedsSamples(max_samples)) continue;
    const int64_t key = base_key_ + static_cast<int64_t>(i);
    ranges.emplace_back(DateSortKey(BucketStart(bucket, key)),
                        DateSortKey(BucketEnd(bucket, key)));
  }
  for (size_t p = 0; p < periods_.size(); ++p) {
    if (!periods_[p].NeedsSamples(max_samples)) continue;
    ranges.emplace_back(
        DateSortKey(Date{period_years_[p].first, 1, 1, DatePrecision::kDay}),
        DateSortKey(
            Date{period_years_[p].second, 12, 31, DatePrecision::kDay}));
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<int64_t, int64_t>> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

EventSummary EventSummarizer::Impl::Finish() {
  EventSummary summary;
  EventCoverage& coverage = summary.coverage;
  const SummaryBucket bucket = options_.bucket;
  if (bucket != SummaryBucket::kNone) {
    // With one bound and no events, the span is that bound's bucket.
    if (!has_range() && (fixed_lo_.has_value() || fixed_hi_.has_value())) {
      const int64_t key = fixed_lo_.value_or(fixed_hi_.value_or(0));
      Cover(key, key);
    }
    summary.buckets.reserve(buckets_.size());
    for (size_t i = 0; i < buckets_.size(); ++i) {
      const int64_t key = base_key_ + static_cast<int64_t>(i);
      EventBucketSummary out;
      out.label = LabelOfKey(bucket, key);
      out.start_date = BucketStart(bucket, key);
      out.end_date = BucketEnd(bucket, key);
      FillFigures(buckets_[i], settings_, out.label, out);
      if (out.empty) {
        ++coverage.empty_bucket_count;
        coverage.empty_bucket_labels.push_back(out.label);
      }
      summary.buckets.push_back(std::move(out));
    }
    coverage.bucket_count = static_cast<int32_t>(summary.buckets.size());
  }
  for (size_t p = 0; p < periods_.size(); ++p) {
    const Period& period = options_.periods[p];
    EventBucketSummary out;
    out.label = period.name;
    out.period = period;
    out.start_date = Date{period.start_year, 1, 1, DatePrecision::kDay};
    out.end_date = period.end_year.has_value()
                       ? Date{*period.end_year, 12, 31, DatePrecision::kDay}
                       : LastDay(options_.present);
    FillFigures(periods_[p], settings_, absl::StrCat("period/", period.name),
                out);
    if (out.empty) coverage.empty_bucket_labels.push_back(out.label);
    summary.periods.push_back(std::move(out));
  }
  coverage.event_count = event_count_;
  if (event_count_ > 0) {
    coverage.first_event_date = first_date_;
    coverage.last_event_date = last_date_;
  }
  coverage.imprecise_event_count = imprecise_count_;
  coverage.outside_span_event_count = outside_count_;
  return summary;
}

EventSummarizer::EventSummarizer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
EventSummarizer::EventSummarizer(EventSummarizer&&) noexcept = default;
EventSummarizer& EventSummarizer::operator=(EventSummarizer&&) noexcept =
    default;
EventSummarizer::~EventSummarizer() = default;

absl::StatusOr<EventSummarizer> EventSummarizer::Create(
    SummaryOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  if (absl::Status s = impl->Init(); !s.ok()) return s;
  return EventSummarizer(std::move(impl));
}

absl::Status EventSummarizer::AddGroup(const SummaryGroup& group) {
  return impl_->AddGroup(group);
}

absl::Status EventSummarizer::AddSample(const SummaryEvent& event) {
  return impl_->AddSample(event);
}

std::vector<std::pair<int64_t, int64_t>> EventSummarizer::SampleDayRanges()
    const {
  return impl_->SampleDayRanges();
}

absl::Status EventSummarizer::Add(const SummaryEvent& event) {
  return impl_->Add(event);
}

int64_t EventSummarizer::event_count() const { return impl_->event_count(); }

EventSummary EventSummarizer::Finish() && {
  EventSummary summary = impl_->Finish();
  impl_.reset();
  return summary;
}

absl::StatusOr<EventSummary> SummarizeEvents(
    absl::Span<const SummaryEvent> events, const SummaryOptions& options) {
  absl::StatusOr<EventSummarizer> summarizer = EventSummarizer::Create(options);
  if (!summarizer.ok()) return summarizer.status();
  for (const SummaryEvent& event : events) {
    if (absl::Status s = summarizer->Add(event); !s.ok()) return s;
  }
  return std::move(*summarizer).Finish();
}

std::string BucketLabel(SummaryBucket bucket, const Date& date) {
  if (!PreciseEnough(bucket, date)) return "";
  return LabelOfKey(bucket, BucketKey(bucket, date));
}

double NormalQuantile(double p) {
  // NaN outside [0, 1] (common/stats answers infinities there).
  if (!(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  return stats::InverseNormalCdf(p);
}

}  // namespace dyadscope::events
