#include "services/events/domain/summary.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "common/testing/status_matchers.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/events/domain/event.h"

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr double kEps = 1e-12;
constexpr double kZ975 = 1.959963984540054;  // Φ⁻¹(0.975)

Date Day(int y, int m, int d) { return Date{y, m, d, DatePrecision::kDay}; }
Date Month(int y, int m) { return Date{y, m, 0, DatePrecision::kMonth}; }
Date Year(int y) { return Date{y, 0, 0, DatePrecision::kYear}; }

SummaryEvent Ev(Date date, QuadClass q, Domain d, double g, double w,
                std::vector<std::string> themes = {}) {
  return SummaryEvent{date, q, d, g, w, std::move(themes)};
}

constexpr QuadClass kQ1 = QuadClass::kVerbalCooperation;
constexpr QuadClass kQ2 = QuadClass::kMaterialCooperation;
constexpr QuadClass kQ3 = QuadClass::kVerbalConflict;
constexpr QuadClass kQ4 = QuadClass::kMaterialConflict;
constexpr Domain kDip = Domain::kDiplomatic;
constexpr Domain kEco = Domain::kEconomic;
constexpr Domain kSec = Domain::kSecurity;
constexpr Domain kSoc = Domain::kSocioCultural;

// The fixture (g = Goldstein, w = mention weight):
//   E1 2013-03-10  Q1 diplomatic   g  3.0  w 1  {cpec}
//   E2 2013-07     Q4 security     g -10.0 w 4  {kashmir}
//   E3 2013        Q2 economic     g  7.0  w 2  {cpec, debt}   (year only)
//   E4 2015-05-20  Q3 diplomatic   g -2.0  w 3  {}
//   E5 2015-11-02  Q1 socio-cult.  g  1.0  w 1  {cpec, cpec}  (listed twice)
//   E6 2016-01-15  Q2 economic     g  7.4  w 5  {debt, not_counted}
std::vector<SummaryEvent> Fixture() {
  return {
      Ev(Day(2013, 3, 10), kQ1, kDip, 3.0, 1, {"cpec"}),
      Ev(Month(2013, 7), kQ4, kSec, -10.0, 4, {"kashmir"}),
      Ev(Year(2013), kQ2, kEco, 7.0, 2, {"cpec", "debt"}),
      Ev(Day(2015, 5, 20), kQ3, kDip, -2.0, 3),
      Ev(Day(2015, 11, 2), kQ1, kSoc, 1.0, 1, {"cpec", "cpec"}),
      Ev(Day(2016, 1, 15), kQ2, kEco, 7.4, 5, {"debt", "not_counted"}),
  };
}

SummaryOptions YearOptions() {
  SummaryOptions options;
  options.bucket = SummaryBucket::kYear;
  options.span_start = Day(2013, 1, 1);
  options.span_end = Day(2016, 12, 31);
  options.present = Day(2016, 6, 30);
  options.lexicon_themes = {"kashmir", "debt", "cpec"};
  return options;
}

EventSummary MustSummarize(const std::vector<SummaryEvent>& events,
                           const SummaryOptions& options) {
  absl::StatusOr<EventSummary> summary = SummarizeEvents(events, options);
  EXPECT_THAT(summary, IsOk());
  return summary.ok() ? *summary : EventSummary();
}

void ExpectQuad(const EventBucketSummary& b, std::vector<int64_t> counts,
                std::vector<double> weights) {
  ASSERT_EQ(b.quad_class_counts.size(), 4u) << b.label;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(b.quad_class_counts[i].quad_class, static_cast<QuadClass>(i + 1));
    EXPECT_EQ(b.quad_class_counts[i].event_count, counts[i]) << b.label << i;
    EXPECT_DOUBLE_EQ(b.quad_class_counts[i].mention_weight_sum, weights[i])
        << b.label << i;
  }
}

void ExpectDomains(const EventBucketSummary& b, std::vector<int64_t> counts,
                   std::vector<double> weights) {
  ASSERT_EQ(b.domain_counts.size(), 4u) << b.label;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(b.domain_counts[i].domain, static_cast<Domain>(i + 1));
    EXPECT_EQ(b.domain_counts[i].event_count, counts[i]) << b.label << i;
    EXPECT_DOUBLE_EQ(b.domain_counts[i].mention_weight_sum, weights[i])
        << b.label << i;
  }
}

// Themes are reported sorted: cpec, debt, kashmir.
void ExpectThemes(const EventBucketSummary& b, std::vector<int64_t> counts) {
  ASSERT_EQ(b.theme_counts.size(), 3u) << b.label;
  const char* ids[] = {"cpec", "debt", "kashmir"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(b.theme_counts[i].theme, ids[i]);
    EXPECT_EQ(b.theme_counts[i].event_count, counts[i]) << b.label << ids[i];
    if (b.event_count == 0) {
      EXPECT_FALSE(b.theme_counts[i].share.has_value());
    } else {
      ASSERT_TRUE(b.theme_counts[i].share.has_value());
      EXPECT_NEAR(*b.theme_counts[i].share,
                  static_cast<double>(counts[i]) / b.event_count, kEps);
    }
  }
}

TEST(SummaryTest, YearBucketsFromHandComputedFixture) {
  EventSummary s = MustSummarize(Fixture(), YearOptions());
  ASSERT_EQ(s.buckets.size(), 4u);

  // 2013: E1, E2, E3 (E3 is dated to the year: fine for a year bucket).
  const EventBucketSummary& y2013 = s.buckets[0];
  EXPECT_EQ(y2013.label, "2013");
  EXPECT_FALSE(y2013.period.has_value());
  EXPECT_EQ(y2013.start_date, Day(2013, 1, 1));
  EXPECT_EQ(y2013.end_date, Day(2013, 12, 31));
  EXPECT_EQ(y2013.event_count, 3);
  EXPECT_FALSE(y2013.empty);
  // Σw = 1 + 4 + 2 = 7.
  EXPECT_DOUBLE_EQ(y2013.mention_weight_sum, 7.0);
  // Σw·g = 1·3 + 4·(−10) + 2·7 = 3 − 40 + 14 = −23; mean = −23/7.
  ASSERT_TRUE(y2013.mean_goldstein.has_value());
  EXPECT_NEAR(*y2013.mean_goldstein, -23.0 / 7.0, kEps);
  // Σg = 3 − 10 + 7 = 0; unweighted mean 0/3 = 0.
  EXPECT_NEAR(*y2013.unweighted_mean_goldstein, 0.0, kEps);
  EXPECT_NEAR(y2013.goldstein_sum, 0.0, kEps);
  // Q1: E1 (w 1); Q2: E3 (w 2); Q3: none; Q4: E2 (w 4).
  ExpectQuad(y2013, {1, 1, 0, 1}, {1, 2, 0, 4});
  // (Q1 + Q2) / all = 2/3 by count; (1 + 2) / 7 = 3/7 by weight.
  EXPECT_NEAR(*y2013.cooperation_share, 2.0 / 3.0, kEps);
  EXPECT_NEAR(*y2013.weighted_cooperation_share, 3.0 / 7.0, kEps);
  // Diplomatic E1 (1), economic E3 (2), security E2 (4), socio-cultural 0.
  ExpectDomains(y2013, {1, 1, 1, 0}, {1, 2, 4, 0});
  // cpec: E1, E3 = 2 (2/3); debt: E3 = 1 (1/3); kashmir: E2 = 1 (1/3).
  ExpectThemes(y2013, {2, 1, 1});
  // First by DateSortKey: "2013" sorts as 2013-01-01, before 2013-03-10.
  // Last: 2013-07 (2013-07-01) after 2013-03-10.
  EXPECT_EQ(y2013.first_event_date, Year(2013));
  EXPECT_EQ(y2013.last_event_date, Month(2013, 7));
  ASSERT_TRUE(y2013.mean_goldstein_interval.has_value());
  EXPECT_EQ(y2013.mean_goldstein_interval->method, IntervalMethod::kBootstrap);
  EXPECT_EQ(y2013.mean_goldstein_interval->draws, 2000);
  EXPECT_DOUBLE_EQ(y2013.mean_goldstein_interval->confidence_level, 0.95);

  // 2014: inside the span, no events: reported, empty, means absent.
  const EventBucketSummary& y2014 = s.buckets[1];
  EXPECT_EQ(y2014.label, "2014");
  EXPECT_TRUE(y2014.empty);
  EXPECT_EQ(y2014.event_count, 0);
  EXPECT_EQ(y2014.mention_weight_sum, 0.0);
  EXPECT_EQ(y2014.goldstein_sum, 0.0);
  EXPECT_FALSE(y2014.mean_goldstein.has_value());
  EXPECT_FALSE(y2014.unweighted_mean_goldstein.has_value());
  EXPECT_FALSE(y2014.mean_goldstein_interval.has_value());
  EXPECT_FALSE(y2014.cooperation_share.has_value());
  EXPECT_FALSE(y2014.weighted_cooperation_share.has_value());
  EXPECT_FALSE(y2014.first_event_date.has_value());
  EXPECT_FALSE(y2014.last_event_date.has_value());
  ExpectQuad(y2014, {0, 0, 0, 0}, {0, 0, 0, 0});
  ExpectDomains(y2014, {0, 0, 0, 0}, {0, 0, 0, 0});
  ExpectThemes(y2014, {0, 0, 0});

  // 2015: E4, E5. Σw = 3 + 1 = 4; Σw·g = 3·(−2) + 1·1 = −5; mean −5/4.
  const EventBucketSummary& y2015 = s.buckets[2];
  EXPECT_EQ(y2015.event_count, 2);
  EXPECT_DOUBLE_EQ(y2015.mention_weight_sum, 4.0);
  EXPECT_NEAR(*y2015.mean_goldstein, -1.25, kEps);
  // Σg = −2 + 1 = −1; unweighted −1/2.
  EXPECT_NEAR(y2015.goldstein_sum, -1.0, kEps);
  EXPECT_NEAR(*y2015.unweighted_mean_goldstein, -0.5, kEps);
  ExpectQuad(y2015, {1, 0, 1, 0}, {1, 0, 3, 0});
  // 1 of 2 cooperative; by weight 1 / 4.
  EXPECT_NEAR(*y2015.cooperation_share, 0.5, kEps);
  EXPECT_NEAR(*y2015.weighted_cooperation_share, 0.25, kEps);
  ExpectDomains(y2015, {1, 0, 0, 1}, {3, 0, 0, 1});
  // E5 lists cpec twice: counted once. 1/2.
  ExpectThemes(y2015, {1, 0, 0});
  EXPECT_EQ(y2015.first_event_date, Day(2015, 5, 20));
  EXPECT_EQ(y2015.last_event_date, Day(2015, 11, 2));

  // 2016: E6 alone: means 7.4, shares 1, no interval (fewer than 2 events).
  const EventBucketSummary& y2016 = s.buckets[3];
  EXPECT_EQ(y2016.event_count, 1);
  EXPECT_NEAR(*y2016.mean_goldstein, 7.4, kEps);
  EXPECT_NEAR(*y2016.unweighted_mean_goldstein, 7.4, kEps);
  EXPECT_NEAR(*y2016.cooperation_share, 1.0, kEps);
  EXPECT_NEAR(*y2016.weighted_cooperation_share, 1.0, kEps);
  EXPECT_FALSE(y2016.mean_goldstein_interval.has_value());
  // "not_counted" is not a counted theme: only debt.
  ExpectThemes(y2016, {0, 1, 0});

  // Coverage: 6 events from "2013" to 2016-01-15; one empty bucket; no
  // event too imprecise for year buckets. No periods: none asked for.
  EXPECT_THAT(s.periods, IsEmpty());
  EXPECT_EQ(s.coverage.event_count, 6);
  EXPECT_EQ(s.coverage.first_event_date, Year(2013));
  EXPECT_EQ(s.coverage.last_event_date, Day(2016, 1, 15));
  EXPECT_EQ(s.coverage.bucket_count, 4);
  EXPECT_EQ(s.coverage.empty_bucket_count, 1);
  EXPECT_THAT(s.coverage.empty_bucket_labels, ElementsAre("2014"));
  EXPECT_EQ(s.coverage.imprecise_event_count, 0);
  EXPECT_EQ(s.coverage.outside_span_event_count, 0);
}

TEST(SummaryTest, PeriodsIncludingOpenAndEmpty) {
  SummaryOptions options = YearOptions();
  options.bucket = SummaryBucket::kNone;
  options.periods = {
      Period{"early", 2010, 2014, "Early"},
      Period{"late", 2015, std::nullopt, "Late"},
      Period{"cold_war", 1960, 1970, "Cold war"},
  };
  EventSummary s = MustSummarize(Fixture(), options);
  EXPECT_THAT(s.buckets, IsEmpty());
  ASSERT_EQ(s.periods.size(), 3u);

  // early (2010–2014): E1, E2, E3, as the 2013 bucket.
  const EventBucketSummary& early = s.periods[0];
  EXPECT_EQ(early.label, "early");
  ASSERT_TRUE(early.period.has_value());
  EXPECT_EQ(early.period->display_name, "Early");
  EXPECT_EQ(early.start_date, Day(2010, 1, 1));
  EXPECT_EQ(early.end_date, Day(2014, 12, 31));
  EXPECT_EQ(early.event_count, 3);
  EXPECT_NEAR(*early.mean_goldstein, -23.0 / 7.0, kEps);
  ExpectThemes(early, {2, 1, 1});

  // late (2015–present): E4, E5, E6; the end is the present, 2016-06-30.
  const EventBucketSummary& late = s.periods[1];
  EXPECT_EQ(late.label, "late");
  EXPECT_EQ(late.start_date, Day(2015, 1, 1));
  EXPECT_EQ(late.end_date, Day(2016, 6, 30));
  EXPECT_EQ(late.event_count, 3);
  // Σw = 3 + 1 + 5 = 9; Σw·g = −6 + 1 + 37 = 32; mean 32/9.
  EXPECT_DOUBLE_EQ(late.mention_weight_sum, 9.0);
  EXPECT_NEAR(*late.mean_goldstein, 32.0 / 9.0, kEps);
  // Σg = −2 + 1 + 7.4 = 6.4; unweighted 6.4/3.
  EXPECT_NEAR(late.goldstein_sum, 6.4, kEps);
  EXPECT_NEAR(*late.unweighted_mean_goldstein, 6.4 / 3.0, kEps);
  // Q1 E5 (1), Q2 E6 (5), Q3 E4 (3): 2/3 by count, (1 + 5)/9 by weight.
  ExpectQuad(late, {1, 1, 1, 0}, {1, 5, 3, 0});
  EXPECT_NEAR(*late.cooperation_share, 2.0 / 3.0, kEps);
  EXPECT_NEAR(*late.weighted_cooperation_share, 6.0 / 9.0, kEps);
  ExpectDomains(late, {1, 1, 0, 1}, {3, 5, 0, 1});
  ExpectThemes(late, {1, 1, 0});
  EXPECT_EQ(late.first_event_date, Day(2015, 5, 20));
  EXPECT_EQ(late.last_event_date, Day(2016, 1, 15));
  ASSERT_TRUE(late.mean_goldstein_interval.has_value());

  // cold_war: no events: empty, listed in the coverage's empty labels.
  const EventBucketSummary& cold_war = s.periods[2];
  EXPECT_TRUE(cold_war.empty);
  EXPECT_FALSE(cold_war.mean_goldstein.has_value());
  EXPECT_EQ(s.coverage.bucket_count, 0);
  EXPECT_EQ(s.coverage.empty_bucket_count, 0);
  EXPECT_THAT(s.coverage.empty_bucket_labels, ElementsAre("cold_war"));
  EXPECT_EQ(s.coverage.event_count, 6);
}

TEST(SummaryTest, DefaultPeriodsWhenNothingAsked) {
  SummaryOptions options;
  options.present = Day(2025, 5, 1);
  std::vector<SummaryEvent> events = {
      Ev(Day(1995, 1, 1), kQ1, kDip, 1.0, 1),
      Ev(Day(2020, 1, 1), kQ1, kDip, 2.0, 1),
      Ev(Day(1980, 1, 1), kQ1, kDip, 2.0, 1),  // in neither phase
  };
  EventSummary s = MustSummarize(events, options);
  ASSERT_EQ(s.periods.size(), 2u);
  EXPECT_EQ(s.periods[0].label, "consolidation");
  EXPECT_EQ(s.periods[0].event_count, 1);
  EXPECT_EQ(s.periods[1].label, "deepening");
  EXPECT_EQ(s.periods[1].event_count, 1);
  EXPECT_EQ(s.periods[1].end_date, Day(2025, 5, 1));
  EXPECT_EQ(s.coverage.event_count, 3);
  // No lexicon themes, none asked: no theme counts.
  EXPECT_THAT(s.periods[0].theme_counts, IsEmpty());
}

TEST(SummaryTest, QuarterBucketsSkipImpreciseEvents) {
  SummaryOptions options = YearOptions();
  options.bucket = SummaryBucket::kQuarter;
  options.span_start = Year(2013);
  options.span_end = Year(2013);
  std::vector<SummaryEvent> events = Fixture();
  events.resize(3);  // E1, E2, E3
  EventSummary s = MustSummarize(events, options);
  ASSERT_EQ(s.buckets.size(), 4u);
  // E1 (March) in Q1, E2 (July) in Q3; E3 (2013) fits no quarter.
  EXPECT_EQ(s.buckets[0].label, "2013-Q1");
  EXPECT_EQ(s.buckets[0].start_date, Day(2013, 1, 1));
  EXPECT_EQ(s.buckets[0].end_date, Day(2013, 3, 31));
  EXPECT_EQ(s.buckets[0].event_count, 1);
  EXPECT_NEAR(*s.buckets[0].mean_goldstein, 3.0, kEps);
  EXPECT_EQ(s.buckets[1].label, "2013-Q2");
  EXPECT_TRUE(s.buckets[1].empty);
  EXPECT_EQ(s.buckets[2].label, "2013-Q3");
  EXPECT_EQ(s.buckets[2].start_date, Day(2013, 7, 1));
  EXPECT_EQ(s.buckets[2].end_date, Day(2013, 9, 30));
  EXPECT_EQ(s.buckets[2].event_count, 1);
  EXPECT_NEAR(*s.buckets[2].mean_goldstein, -10.0, kEps);
  EXPECT_EQ(s.buckets[3].label, "2013-Q4");
  EXPECT_EQ(s.buckets[3].end_date, Day(2013, 12, 31));
  EXPECT_TRUE(s.buckets[3].empty);
  EXPECT_EQ(s.coverage.imprecise_event_count, 1);
  EXPECT_EQ(s.coverage.event_count, 3);  // E3 still counts here
  EXPECT_EQ(s.coverage.empty_bucket_count, 2);
  EXPECT_THAT(s.coverage.empty_bucket_labels,
              ElementsAre("2013-Q2", "2013-Q4"));
}

TEST(SummaryTest, MonthBucketsWithoutSpanFollowTheEvents) {
  SummaryOptions options = YearOptions();
  options.bucket = SummaryBucket::kMonth;
  options.span_start.reset();
  options.span_end.reset();
  // Events out of date order; E3 ("2013") stretches the span over its year.
  std::vector<SummaryEvent> events = Fixture();
  events.resize(3);
  std::swap(events[0], events[1]);
  EventSummary s = MustSummarize(events, options);
  ASSERT_EQ(s.buckets.size(), 12u);
  EXPECT_EQ(s.buckets[0].label, "2013-01");
  EXPECT_EQ(s.buckets[1].label, "2013-02");
  EXPECT_EQ(s.buckets[1].end_date, Day(2013, 2, 28));
  EXPECT_EQ(s.buckets[2].label, "2013-03");
  EXPECT_EQ(s.buckets[2].event_count, 1);
  EXPECT_EQ(s.buckets[6].label, "2013-07");
  EXPECT_EQ(s.buckets[6].event_count, 1);
  EXPECT_EQ(s.buckets[6].first_event_date, Month(2013, 7));
  EXPECT_EQ(s.buckets[11].label, "2013-12");
  EXPECT_EQ(s.coverage.bucket_count, 12);
  EXPECT_EQ(s.coverage.empty_bucket_count, 10);
  EXPECT_EQ(s.coverage.imprecise_event_count, 1);
  EXPECT_EQ(s.coverage.first_event_date, Year(2013));
  EXPECT_EQ(s.coverage.last_event_date, Month(2013, 7));

  // Precise events only: the span is exactly their months.
  events = {Ev(Day(2016, 3, 9), kQ1, kDip, 1, 1),
            Ev(Day(2015, 12, 1), kQ1, kDip, 1, 1)};
  s = MustSummarize(events, options);
  ASSERT_EQ(s.buckets.size(), 4u);
  EXPECT_EQ(s.buckets.front().label, "2015-12");
  EXPECT_EQ(s.buckets.back().label, "2016-03");
  EXPECT_EQ(s.buckets[2].label, "2016-02");
  EXPECT_EQ(s.buckets[2].end_date, Day(2016, 2, 29));  // leap year
}

TEST(SummaryTest, OneSidedAndEmptySpans) {
  SummaryOptions options = YearOptions();
  options.span_end.reset();  // from 2013 to the last event (2016)
  EventSummary s = MustSummarize(Fixture(), options);
  ASSERT_EQ(s.buckets.size(), 4u);
  EXPECT_EQ(s.buckets.back().label, "2016");

  // No events: a bounded span is all empty buckets; an unbounded one has
  // none; one bound alone gives its own bucket.
  s = MustSummarize({}, YearOptions());
  EXPECT_EQ(s.coverage.bucket_count, 4);
  EXPECT_EQ(s.coverage.empty_bucket_count, 4);
  EXPECT_EQ(s.coverage.event_count, 0);
  EXPECT_FALSE(s.coverage.first_event_date.has_value());
  s = MustSummarize({}, options);
  EXPECT_THAT(s.coverage.empty_bucket_labels, ElementsAre("2013"));
  options.span_start.reset();
  s = MustSummarize({}, options);
  EXPECT_THAT(s.buckets, IsEmpty());

  // Events outside a bounded span are counted apart, not in a bucket.
  options = YearOptions();
  options.span_start = Day(2014, 6, 1);
  options.span_end = Day(2015, 6, 1);
  s = MustSummarize(Fixture(), options);
  ASSERT_EQ(s.buckets.size(), 2u);
  EXPECT_EQ(s.buckets[0].label, "2014");
  EXPECT_EQ(s.buckets[1].event_count, 2);
  EXPECT_EQ(s.coverage.outside_span_event_count, 4);
  EXPECT_EQ(s.coverage.event_count, 6);
}

TEST(SummaryTest, RequestedThemesOnly) {
  SummaryOptions options = YearOptions();
  options.themes = {"debt", "debt"};
  EventSummary s = MustSummarize(Fixture(), options);
  ASSERT_EQ(s.buckets[0].theme_counts.size(), 1u);
  EXPECT_EQ(s.buckets[0].theme_counts[0].theme, "debt");
  EXPECT_EQ(s.buckets[0].theme_counts[0].event_count, 1);
  options.themes = {"iron_brother"};
  EXPECT_THAT(SummarizeEvents(Fixture(), options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("themes: \"iron_brother\" is not a lexicon")));
}

TEST(SummaryTest, BucketLabels) {
  EXPECT_EQ(BucketLabel(SummaryBucket::kYear, Day(2015, 3, 4)), "2015");
  EXPECT_EQ(BucketLabel(SummaryBucket::kQuarter, Day(2015, 3, 4)), "2015-Q1");
  EXPECT_EQ(BucketLabel(SummaryBucket::kQuarter, Month(2015, 4)), "2015-Q2");
  EXPECT_EQ(BucketLabel(SummaryBucket::kQuarter, Day(2015, 12, 31)), "2015-Q4");
  EXPECT_EQ(BucketLabel(SummaryBucket::kMonth, Day(2015, 3, 4)), "2015-03");
  EXPECT_EQ(BucketLabel(SummaryBucket::kMonth, Year(2015)), "");
  EXPECT_EQ(BucketLabel(SummaryBucket::kYear, Year(987)), "0987");
  EXPECT_EQ(BucketLabel(SummaryBucket::kNone, Day(2015, 3, 4)), "");
}

// ---------------------------------------------------------------------------
// Intervals.

// 60 events with varied scores and weights, all in 2020.
std::vector<SummaryEvent> Varied(int n) {
  std::vector<SummaryEvent> events;
  for (int i = 0; i < n; ++i) {
    events.push_back(Ev(Day(2020, 1 + i % 12, 1 + i % 28), kQ1, kDip,
                        -10.0 + (i * 7 % 41) * 0.5, 1 + i % 5));
  }
  return events;
}

SummaryOptions PeriodOnly() {
  SummaryOptions options;
  options.periods = {Period{"p", 2000, 2030, ""}};
  return options;
}

Interval PeriodInterval(const std::vector<SummaryEvent>& events,
                        const SummaryOptions& options) {
  EventSummary s = MustSummarize(events, options);
  EXPECT_EQ(s.periods.size(), 1u);
  if (s.periods.empty() || !s.periods[0].mean_goldstein_interval) {
    ADD_FAILURE() << "no interval";
    return Interval();
  }
  return *s.periods[0].mean_goldstein_interval;
}

TEST(SummaryIntervalTest, BootstrapContainsEstimateAndIsReproducible) {
  std::vector<SummaryEvent> events = Varied(60);
  SummaryOptions options = PeriodOnly();
  EventSummary s = MustSummarize(events, options);
  const double mean = *s.periods[0].mean_goldstein;
  Interval a = *s.periods[0].mean_goldstein_interval;
  EXPECT_EQ(a.method, IntervalMethod::kBootstrap);
  EXPECT_EQ(a.draws, kDefaultBootstrapDraws);
  EXPECT_LT(a.lower, mean);
  EXPECT_GT(a.upper, mean);

  // Same seed: the same interval, bit for bit.
  Interval b = PeriodInterval(events, options);
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);
  // Another seed: another interval.
  options.seed = 7;
  Interval c = PeriodInterval(events, options);
  EXPECT_TRUE(c.lower != a.lower || c.upper != a.upper);
  EXPECT_LT(c.lower, mean);
  EXPECT_GT(c.upper, mean);

  // A wider level gives a wider interval (same draws).
  options.confidence_level = 0.99;
  Interval d = PeriodInterval(events, options);
  EXPECT_DOUBLE_EQ(d.confidence_level, 0.99);
  EXPECT_LE(d.lower, c.lower);
  EXPECT_GE(d.upper, c.upper);
  options.bootstrap_draws = 500;
  EXPECT_EQ(PeriodInterval(events, options).draws, 500);
}

TEST(SummaryIntervalTest, BucketIntervalDoesNotDependOnOtherBuckets) {
  std::vector<SummaryEvent> events = Varied(60);
  SummaryOptions options;
  options.bucket = SummaryBucket::kYear;
  EventSummary narrow = MustSummarize(events, options);
  options.span_start = Year(2010);
  options.span_end = Year(2025);
  EventSummary wide = MustSummarize(events, options);
  ASSERT_EQ(narrow.buckets.size(), 1u);
  ASSERT_EQ(wide.buckets.size(), 16u);
  EXPECT_EQ(wide.buckets[10].label, "2020");
  EXPECT_EQ(narrow.buckets[0].mean_goldstein_interval->lower,
            wide.buckets[10].mean_goldstein_interval->lower);
  EXPECT_EQ(narrow.buckets[0].mean_goldstein_interval->upper,
            wide.buckets[10].mean_goldstein_interval->upper);
}

TEST(SummaryIntervalTest, CollapsesWhenAllScoresEqual) {
  // Equal scores, unequal weights; 1.7 is not exact in binary, so a naive
  // Σw·g/Σw could round away from it.
  std::vector<SummaryEvent> events;
  for (int i = 0; i < 25; ++i) {
    events.push_back(Ev(Day(2020, 1, 1 + i), kQ1, kDip, 1.7, 1 + i % 7));
  }
  SummaryOptions options = PeriodOnly();
  EventSummary s = MustSummarize(events, options);
  EXPECT_EQ(*s.periods[0].mean_goldstein, 1.7);
  EXPECT_EQ(*s.periods[0].unweighted_mean_goldstein, 1.7);
  Interval boot = *s.periods[0].mean_goldstein_interval;
  EXPECT_EQ(boot.method, IntervalMethod::kBootstrap);
  EXPECT_EQ(boot.lower, 1.7);
  EXPECT_EQ(boot.upper, 1.7);
  options.bootstrap_max_events = 0;  // normal approximation
  Interval normal = PeriodInterval(events, options);
  EXPECT_EQ(normal.method, IntervalMethod::kNormalApproximation);
  EXPECT_EQ(normal.lower, 1.7);
  EXPECT_EQ(normal.upper, 1.7);
}

TEST(SummaryIntervalTest, NormalApproximationByHand) {
  // 2015 of the fixture: E4 (g −2, w 3), E5 (g 1, w 1); mean −1.25.
  // SE² = Σw²(g − mean)² / (Σw)²
  //     = (9 · 0.75² + 1 · 2.25²) / 16 = (5.0625 + 5.0625) / 16 = 10.125/16.
  // Half-width = z · √10.125 / 4 = 1.959964 · 0.795495 = 1.559142.
  // Lower −1.25 − 1.559142 = −2.809 is clipped to the smallest score, −2;
  // upper −1.25 + 1.559142 = 0.309142.
  SummaryOptions options = YearOptions();
  options.bootstrap_max_events = 1;
  EventSummary s = MustSummarize(Fixture(), options);
  const Interval& i = *s.buckets[2].mean_goldstein_interval;
  EXPECT_EQ(i.method, IntervalMethod::kNormalApproximation);
  EXPECT_EQ(i.draws, 0);
  EXPECT_DOUBLE_EQ(i.confidence_level, 0.95);
  EXPECT_DOUBLE_EQ(i.lower, -2.0);
  EXPECT_NEAR(i.upper, -1.25 + kZ975 * std::sqrt(10.125) / 4.0, 1e-12);
  EXPECT_NEAR(i.upper, 0.309142, 1e-6);
}

TEST(SummaryIntervalTest, BootstrapAgreesWithNormalForLargeSamples) {
  std::vector<SummaryEvent> events = Varied(400);
  SummaryOptions options = PeriodOnly();
  Interval boot = PeriodInterval(events, options);
  options.bootstrap_max_events = 0;
  Interval normal = PeriodInterval(events, options);
  const double width = normal.upper - normal.lower;
  EXPECT_GT(width, 0.0);
  EXPECT_NEAR(boot.lower, normal.lower, 0.1 * width);
  EXPECT_NEAR(boot.upper, normal.upper, 0.1 * width);
}

TEST(SummaryIntervalTest, BootstrapOfTwoEventsStaysInRange) {
  // Two events: resamples are {a,a}, {a,b}, {b,a}, {b,b}; every draw's mean
  // is −10, 10 or the pooled mean, so the interval lies within [−10, 10].
  std::vector<SummaryEvent> events = {Ev(Day(2020, 1, 1), kQ4, kSec, -10, 1),
                                      Ev(Day(2020, 1, 2), kQ1, kDip, 10, 3)};
  Interval i = PeriodInterval(events, PeriodOnly());
  EXPECT_GE(i.lower, -10.0);
  EXPECT_LE(i.upper, 10.0);
  EXPECT_LE(i.lower, i.upper);
  EXPECT_TRUE(std::isfinite(i.lower) && std::isfinite(i.upper));
}

TEST(SummaryIntervalTest, NormalQuantile) {
  EXPECT_NEAR(NormalQuantile(0.975), kZ975, 1e-14);
  EXPECT_NEAR(NormalQuantile(0.025), -kZ975, 1e-14);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(NormalQuantile(0.995), 2.5758293035489004, 1e-13);
  EXPECT_NEAR(NormalQuantile(0.95), 1.6448536269514722, 1e-13);
  EXPECT_NEAR(NormalQuantile(1e-10), -6.361340902404056, 1e-9);
}

TEST(SummaryTest, AgreesWithDirectComputationOnRandomEvents) {
  // 2,000 random events over 2018–2020 (some dated to the month or year
  // only) against sums computed here month by month.
  std::mt19937 random(99);
  std::vector<SummaryEvent> events;
  for (int i = 0; i < 2000; ++i) {
    const int year = 2018 + static_cast<int>(random() % 3);
    const int month = 1 + static_cast<int>(random() % 12);
    const int kind = static_cast<int>(random() % 10);
    Date date = kind == 0   ? Year(year)
                : kind == 1 ? Month(year, month)
                            : Day(year, month, 1 + random() % 28);
    std::vector<std::string> themes;
    if (random() % 3 == 0) themes.push_back("cpec");
    if (random() % 5 == 0) themes.push_back("debt");
    events.push_back(Ev(date, static_cast<QuadClass>(random() % 5),
                        static_cast<Domain>(random() % 5),
                        -10.0 + (random() % 201) / 10.0, 1 + random() % 100,
                        themes));
  }
  SummaryOptions options;
  options.bucket = SummaryBucket::kMonth;
  options.lexicon_themes = {"cpec", "debt", "kashmir"};
  EventSummary s = MustSummarize(events, options);
  ASSERT_EQ(s.buckets.size(), 36u);
  int64_t imprecise = 0;
  for (const SummaryEvent& e : events) {
    imprecise += e.date.precision == DatePrecision::kYear ? 1 : 0;
  }
  EXPECT_EQ(s.coverage.imprecise_event_count, imprecise);
  for (int b = 0; b < 36; ++b) {
    const int year = 2018 + b / 12;
    const int month = 1 + b % 12;
    int64_t n = 0, coop = 0, classified = 0, cpec = 0;
    double w = 0, wg = 0, g = 0, coop_w = 0, classified_w = 0;
    for (const SummaryEvent& e : events) {
      if (e.date.precision == DatePrecision::kYear || e.date.year != year ||
          e.date.month != month) {
        continue;
      }
      ++n;
      w += e.mention_weight;
      wg += e.mention_weight * e.goldstein;
      g += e.goldstein;
      const int q = static_cast<int>(e.quad_class);
      if (q >= 1) {
        ++classified;
        classified_w += e.mention_weight;
      }
      if (q == 1 || q == 2) {
        ++coop;
        coop_w += e.mention_weight;
      }
      cpec += e.themes.size() > 0 && e.themes[0] == "cpec" ? 1 : 0;
    }
    const EventBucketSummary& bucket = s.buckets[b];
    ASSERT_EQ(bucket.label,
              BucketLabel(SummaryBucket::kMonth, Month(year, month)));
    ASSERT_EQ(bucket.event_count, n) << bucket.label;
    if (n == 0) continue;
    EXPECT_NEAR(bucket.mention_weight_sum, w, 1e-9);
    EXPECT_NEAR(*bucket.mean_goldstein, wg / w, 1e-9) << bucket.label;
    EXPECT_NEAR(*bucket.unweighted_mean_goldstein, g / n, 1e-9);
    EXPECT_NEAR(bucket.goldstein_sum, g, 1e-9);
    EXPECT_NEAR(*bucket.cooperation_share,
                static_cast<double>(coop) / classified, 1e-12);
    EXPECT_NEAR(*bucket.weighted_cooperation_share, coop_w / classified_w,
                1e-12);
    EXPECT_EQ(bucket.theme_counts[0].event_count, cpec);
  }
}

// Events aggregated by the store (AddGroup: one group per date, codes and
// themes, with their sums), then the events of the small buckets that
// bootstrap (SampleDayRanges, AddSample), give the summary of adding every
// event one by one: counts exactly, sums and intervals to rounding.
TEST(SummaryTest, GroupsAndSamplesGiveTheSameSummary) {
  std::mt19937 random(7);
  std::vector<SummaryEvent> events;
  for (int i = 0; i < 3000; ++i) {
    // 2018 is dense (normal intervals); 2019 sparse (bootstrapped months).
    const int year = i < 2700 ? 2018 : 2019;
    const int month = 1 + static_cast<int>(random() % 12);
    const int kind = static_cast<int>(random() % 3);
    const Date date = random() % 20 == 0   ? Month(year, month)
                      : random() % 50 == 0 ? Year(year)
                                           : Day(year, month, 1 + random() % 3);
    std::vector<std::string> themes;
    if (kind == 1) themes.push_back("cpec");
    // Kind 2 always scores -10 (a group of one score); the others vary.
    const double g = kind == 2 ? -10.0 : -5.0 + (random() % 101) / 10.0;
    events.push_back(Ev(date, static_cast<QuadClass>(1 + kind),
                        static_cast<Domain>(1 + kind), g, 1 + random() % 5,
                        themes));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const SummaryEvent& a, const SummaryEvent& b) {
                     return DateSortKey(a.date) < DateSortKey(b.date);
                   });
  std::vector<SummaryGroup> groups;
  for (const SummaryEvent& e : events) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
      return g.date == e.date && g.quad_class == e.quad_class &&
             g.domain == e.domain && g.themes == e.themes;
    });
    if (it == groups.end()) {
      SummaryGroup group;
      group.date = e.date;
      group.quad_class = e.quad_class;
      group.domain = e.domain;
      group.themes = e.themes;
      group.min_goldstein = group.max_goldstein = e.goldstein;
      group.min_weight = e.mention_weight;
      groups.push_back(group);
      it = groups.end() - 1;
    }
    const double g = e.goldstein;
    const double w = e.mention_weight;
    ++it->count;
    it->weight_sum += w;
    it->goldstein_sum += g;
    it->weighted_goldstein_sum += w * g;
    it->w2_sum += w * w;
    it->w2g_sum += w * w * g;
    it->w2g2_sum += w * w * g * g;
    it->min_goldstein = std::min(it->min_goldstein, g);
    it->max_goldstein = std::max(it->max_goldstein, g);
    it->min_weight = std::min(it->min_weight, w);
  }
  ASSERT_LT(groups.size(), events.size() / 3);

  for (SummaryBucket bucket : {SummaryBucket::kMonth, SummaryBucket::kNone}) {
    SummaryOptions options;
    options.bucket = bucket;
    options.present = Day(2020, 1, 1);
    options.lexicon_themes = {"cpec"};
    // Months of 2019 (about 25 events) and the 2019 period (about 300)
    // bootstrap; 2018's months (about 225) and period (2,700) do not.
    options.bootstrap_max_events = bucket == SummaryBucket::kMonth ? 100 : 400;
    if (bucket == SummaryBucket::kNone) {
      options.periods = {{"dense", 2018, 2018, "Dense"},
                         {"sparse", 2019, 2019, "Sparse"}};
    }
    const EventSummary a = MustSummarize(events, options);

    auto summarizer = EventSummarizer::Create(options);
    ASSERT_THAT(summarizer, IsOk());
    for (const SummaryGroup& group : groups) {
      ASSERT_THAT(summarizer->AddGroup(group), IsOk());
    }
    const auto ranges = summarizer->SampleDayRanges();
    ASSERT_FALSE(ranges.empty());  // the sparse year bootstraps
    int sampled = 0;
    for (const SummaryEvent& e : events) {
      for (const auto& [lo, hi] : ranges) {
        if (DateSortKey(e.date) >= lo && DateSortKey(e.date) <= hi) {
          ASSERT_THAT(summarizer->AddSample(e), IsOk());
          ++sampled;
        }
      }
    }
    EXPECT_LT(sampled, 400);  // the dense year is not streamed again
    const EventSummary b = std::move(*summarizer).Finish();

    EXPECT_EQ(a.coverage.event_count, b.coverage.event_count);
    EXPECT_EQ(a.coverage.first_event_date, b.coverage.first_event_date);
    EXPECT_EQ(a.coverage.last_event_date, b.coverage.last_event_date);
    EXPECT_EQ(a.coverage.imprecise_event_count,
              b.coverage.imprecise_event_count);
    int bootstrapped = 0;
    for (const auto* list : {&a.buckets, &a.periods}) {
      const auto& other = list == &a.buckets ? b.buckets : b.periods;
      ASSERT_EQ(list->size(), other.size());
      for (size_t i = 0; i < list->size(); ++i) {
        const EventBucketSummary& x = (*list)[i];
        const EventBucketSummary& y = other[i];
        EXPECT_EQ(x.event_count, y.event_count) << x.label;
        EXPECT_NEAR(x.mention_weight_sum, y.mention_weight_sum, 1e-9);
        EXPECT_NEAR(x.goldstein_sum, y.goldstein_sum, 1e-9);
        ASSERT_EQ(x.mean_goldstein.has_value(), y.mean_goldstein.has_value());
        if (x.mean_goldstein.has_value()) {
          EXPECT_NEAR(*x.mean_goldstein, *y.mean_goldstein, 1e-9) << x.label;
          EXPECT_NEAR(*x.unweighted_mean_goldstein,
                      *y.unweighted_mean_goldstein, 1e-9);
        }
        ASSERT_EQ(x.mean_goldstein_interval.has_value(),
                  y.mean_goldstein_interval.has_value());
        if (x.mean_goldstein_interval.has_value()) {
          EXPECT_EQ(x.mean_goldstein_interval->method,
                    y.mean_goldstein_interval->method)
              << x.label;
          bootstrapped +=
              x.mean_goldstein_interval->method == IntervalMethod::kBootstrap;
          EXPECT_NEAR(x.mean_goldstein_interval->lower,
                      y.mean_goldstein_interval->lower, 1e-9)
              << x.label;
          EXPECT_NEAR(x.mean_goldstein_interval->upper,
                      y.mean_goldstein_interval->upper, 1e-9)
              << x.label;
        }
        for (size_t q = 0; q < x.quad_class_counts.size(); ++q) {
          EXPECT_EQ(x.quad_class_counts[q].event_count,
                    y.quad_class_counts[q].event_count);
          EXPECT_NEAR(x.quad_class_counts[q].mention_weight_sum,
                      y.quad_class_counts[q].mention_weight_sum, 1e-9);
        }
        ASSERT_EQ(x.theme_counts.size(), y.theme_counts.size());
        for (size_t t = 0; t < x.theme_counts.size(); ++t) {
          EXPECT_EQ(x.theme_counts[t].event_count,
                    y.theme_counts[t].event_count);
        }
        EXPECT_EQ(x.first_event_date, y.first_event_date);
        EXPECT_EQ(x.last_event_date, y.last_event_date);
      }
    }
    EXPECT_GT(bootstrapped, 0);
  }
}

// ---------------------------------------------------------------------------
// Validation.

TEST(SummaryValidationTest, RejectsBadOptions) {
  auto expect_error = [](SummaryOptions options, const char* message) {
    EXPECT_THAT(
        EventSummarizer::Create(options),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(message)))
        << message;
  };
  SummaryOptions o = YearOptions();
  o.bootstrap_draws = 0;
  expect_error(o, "bootstrap_draws: 0 is not between 1 and 100000");
  o.bootstrap_draws = 100001;
  expect_error(o, "bootstrap_draws");
  o = YearOptions();
  o.confidence_level = 1.0;
  expect_error(o, "confidence_level");
  o.confidence_level = 0.0;
  expect_error(o, "confidence_level");
  o.confidence_level = std::nan("");
  expect_error(o, "confidence_level");
  o = YearOptions();
  o.periods = {Period{"p", 2000, 1999, ""}};
  expect_error(o, "periods[0].end_year: 1999 is not a year from 2000");
  o.periods = {Period{"p", 2000, 2001, ""}, Period{"p", 2002, 2003, ""}};
  expect_error(o, "periods[1]: duplicate period name \"p\"");
  o.periods = {Period{"", 2000, 2001, ""}};
  expect_error(o, "periods[0]: a period needs a name");
  o.periods = {Period{"p", 0, 2001, ""}};
  expect_error(o, "periods[0].start_year");
  o.periods = {Period{"p", 2020, std::nullopt, ""}};
  o.present = Date();  // year 0: no present
  expect_error(o, "present: the present date is needed");
  o.present = Day(2019, 1, 1);
  expect_error(o, "starts after the present");
  o = YearOptions();
  o.span_start = Day(2016, 1, 1);
  o.span_end = Day(2015, 1, 1);
  expect_error(o, "span_end: the span ends before it starts");
  o.span_start = Day(2015, 2, 30);
  expect_error(o, "span_start: 2015-02-30 is not a calendar date");
  o = YearOptions();
  o.bucket = SummaryBucket::kMonth;
  o.span_start = Year(1000);
  o.span_end = Year(1999);
  expect_error(o, "the span has 12000 buckets, more than 10000");
  o.max_buckets = 12000;
  EXPECT_THAT(EventSummarizer::Create(o), IsOk());
  o = YearOptions();
  o.themes = {""};
  expect_error(o, "themes: empty theme id");
}

TEST(SummaryValidationTest, RejectsBadEventsAndStaysUsable) {
  absl::StatusOr<EventSummarizer> summarizer =
      EventSummarizer::Create(YearOptions());
  ASSERT_THAT(summarizer, IsOk());
  auto add = [&](SummaryEvent e) { return summarizer->Add(e); };
  EXPECT_THAT(add(Ev(Day(2015, 2, 29), kQ1, kDip, 1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("event 0: 2015-02-29 is not a calendar")));
  EXPECT_THAT(add(Ev(Day(2015, 1, 1), kQ1, kDip, 10.5, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Goldstein score 10.5 is not within")));
  EXPECT_THAT(add(Ev(Day(2015, 1, 1), kQ1, kDip, std::nan(""), 1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(add(Ev(Day(2015, 1, 1), kQ1, kDip, 1, 0)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("mention weight 0 is not a positive")));
  EXPECT_THAT(add(Ev(Day(2015, 1, 1), kQ1, kDip, 1, -1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(add(Ev(Day(2015, 1, 1), kQ1, kDip, 1, INFINITY)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(add(Ev(Day(2015, 1, 1), static_cast<QuadClass>(9), kDip, 1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(add(Ev(Day(2015, 1, 1), kQ1, kDip, 1, 2)), IsOk());
  EXPECT_EQ(summarizer->event_count(), 1);
  EventSummary s = std::move(*summarizer).Finish();
  EXPECT_EQ(s.coverage.event_count, 1);
  EXPECT_EQ(s.buckets[2].event_count, 1);
  EXPECT_DOUBLE_EQ(s.buckets[2].mention_weight_sum, 2.0);
}

TEST(SummaryValidationTest, UnboundedSpanLimitedByMaxBuckets) {
  SummaryOptions options;
  options.bucket = SummaryBucket::kMonth;
  absl::StatusOr<EventSummarizer> summarizer = EventSummarizer::Create(options);
  ASSERT_THAT(summarizer, IsOk());
  EXPECT_THAT(summarizer->Add(Ev(Day(2015, 1, 1), kQ1, kDip, 1, 1)), IsOk());
  EXPECT_THAT(summarizer->Add(Ev(Day(1, 1, 1), kQ1, kDip, 1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("widens the span beyond 10000 buckets")));
  EventSummary s = std::move(*summarizer).Finish();
  EXPECT_EQ(s.coverage.bucket_count, 1);
}

// ---------------------------------------------------------------------------
// Scale.

TEST(SummaryScaleTest, ManyEventsMonthlyBalance) {
  // 120,000 events over 1990–2014 monthly, 400 a month (i % 25 and i % 12
  // cycle together every 300 events): every figure adds up.
  std::vector<SummaryEvent> events;
  events.reserve(120000);
  for (int i = 0; i < 120000; ++i) {
    events.push_back(Ev(Day(1990 + i % 25, 1 + i % 12, 1 + i % 28),
                        static_cast<QuadClass>(1 + i % 4),
                        static_cast<Domain>(1 + i % 4), -10 + i % 21, 1 + i % 9,
                        i % 3 == 0 ? std::vector<std::string>{"a"}
                                   : std::vector<std::string>{}));
  }
  SummaryOptions options;
  options.bucket = SummaryBucket::kMonth;
  options.periods = {Period{"all", 1990, 2014, ""}};
  options.lexicon_themes = {"a"};
  EventSummary s = MustSummarize(events, options);
  ASSERT_EQ(s.buckets.size(), 300u);
  int64_t total = 0;
  int64_t themed = 0;
  int bootstrap = 0;
  for (const EventBucketSummary& b : s.buckets) {
    EXPECT_EQ(b.event_count, 400);
    total += b.event_count;
    themed += b.theme_counts[0].event_count;
    ASSERT_TRUE(b.mean_goldstein_interval.has_value());
    if (b.mean_goldstein_interval->method == IntervalMethod::kBootstrap) {
      ++bootstrap;
    }
    EXPECT_LE(b.mean_goldstein_interval->lower, *b.mean_goldstein);
    EXPECT_GE(b.mean_goldstein_interval->upper, *b.mean_goldstein);
  }
  EXPECT_EQ(total, 120000);
  EXPECT_EQ(themed, 40000);
  EXPECT_EQ(bootstrap, 300);  // 400 <= kDefaultBootstrapMaxEvents
  EXPECT_EQ(s.periods[0].event_count, 120000);
  EXPECT_EQ(s.periods[0].mean_goldstein_interval->method,
            IntervalMethod::kNormalApproximation);
}

}  // namespace
}  // namespace dyadscope::events
