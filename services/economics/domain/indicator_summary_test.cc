#include "services/economics/domain/indicator_summary.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/economics/domain/indicators.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::SizeIs;

constexpr double kTol = 1e-12;

// A series of `id` with one point per year from `first_year`; nullopt
// values are missing points.
IndicatorSeries Series(int first_year,
                       const std::vector<std::optional<double>>& values,
                       const std::string& id = "test_indicator") {
  IndicatorSeries series;
  series.indicator.indicator_id = id;
  for (size_t i = 0; i < values.size(); ++i) {
    IndicatorPoint p;
    p.year = first_year + static_cast<int>(i);
    p.value = values[i];
    p.status =
        values[i].has_value() ? ValueStatus::kOk : ValueStatus::kMissingInput;
    series.points.push_back(p);
  }
  return series;
}

IndicatorSummaryOptions Options(std::vector<Period> periods) {
  IndicatorSummaryOptions options;
  options.periods = std::move(periods);
  return options;
}

Period Closed(const std::string& name, int start, int end) {
  return Period{name, start, end, ""};
}

TEST(SummarizeIndicatorTest, StatisticsOnAFourPointExample) {
  // 1999 and 2004 missing; 2000..2003 = 1, 3, 2, 5.
  IndicatorSeries series =
      Series(1999, {std::nullopt, 1, 3, 2, 5, std::nullopt});
  absl::StatusOr<IndicatorSummary> summary =
      SummarizeIndicator(series, Options({Closed("p", 1999, 2004)}));
  ASSERT_THAT(summary, IsOk());
  ASSERT_THAT(summary->periods, SizeIs(1));
  EXPECT_THAT(summary->changes, SizeIs(0));
  const IndicatorPeriodStatistics& s = summary->periods[0];
  EXPECT_EQ(s.period.name, "p");
  // mean = 11 / 4 = 2.75.
  EXPECT_THAT(s.mean, Optional(DoubleNear(2.75, kTol)));
  // Deviations -1.75, 0.25, -0.75, 2.25; squares 3.0625 + 0.0625 + 0.5625 +
  // 5.0625 = 8.75; sd = sqrt(8.75 / 3) = 1.7078251276599330.
  EXPECT_THAT(s.standard_deviation,
              Optional(DoubleNear(std::sqrt(8.75 / 3.0), kTol)));
  EXPECT_THAT(s.first_year, Optional(2000));
  EXPECT_THAT(s.first_value, Optional(1.0));
  EXPECT_THAT(s.last_year, Optional(2003));
  EXPECT_THAT(s.last_value, Optional(5.0));
  // x - x̄ = -1.5, -0.5, 0.5, 1.5: Sxx = 5; Sxy = (-1.5)(-1.75) +
  // (-0.5)(0.25) + (0.5)(-0.75) + (1.5)(2.25) = 2.625 - 0.125 - 0.375 +
  // 3.375 = 5.5; slope = 5.5 / 5 = 1.1.
  EXPECT_THAT(s.slope_per_year, Optional(DoubleNear(1.1, kTol)));
  // Residuals -1.75 + 1.65 = -0.1, 0.25 + 0.55 = 0.8, -0.75 - 0.55 = -1.3,
  // 2.25 - 1.65 = 0.6; SSR = 0.01 + 0.64 + 1.69 + 0.36 = 2.7;
  // SE = sqrt(2.7 / 2 / 5) = sqrt(0.27) = 0.5196152422706632.
  EXPECT_THAT(s.slope_standard_error,
              Optional(DoubleNear(std::sqrt(0.27), kTol)));
  EXPECT_EQ(s.coverage.years_in_span, 6);
  EXPECT_EQ(s.coverage.years_with_data, 4);
  EXPECT_THAT(s.coverage.missing_years, ElementsAre(1999, 2004));
  EXPECT_THAT(s.coverage.first_year_with_data, Optional(2000));
  EXPECT_THAT(s.coverage.last_year_with_data, Optional(2003));
}

TEST(SummarizeIndicatorTest, StatisticsNeedEnoughYears) {
  // Period a: no value; b: one (7 in 2003); c: two (2 in 2005, 8 in 2007).
  IndicatorSeries series =
      Series(2000, {std::nullopt, std::nullopt, std::nullopt, 7, std::nullopt,
                    2, std::nullopt, 8});
  absl::StatusOr<IndicatorSummary> summary = SummarizeIndicator(
      series, Options({Closed("a", 2000, 2002), Closed("b", 2003, 2004),
                       Closed("c", 2005, 2009)}));
  ASSERT_THAT(summary, IsOk());
  const auto& p = summary->periods;
  ASSERT_THAT(p, SizeIs(3));
  EXPECT_EQ(p[0].mean, std::nullopt);
  EXPECT_EQ(p[0].first_year, std::nullopt);
  EXPECT_EQ(p[0].slope_per_year, std::nullopt);
  EXPECT_EQ(p[0].coverage.years_with_data, 0);
  EXPECT_EQ(p[0].coverage.first_year_with_data, std::nullopt);

  EXPECT_THAT(p[1].mean, Optional(7.0));
  EXPECT_EQ(p[1].standard_deviation, std::nullopt);
  EXPECT_EQ(p[1].slope_per_year, std::nullopt);
  EXPECT_THAT(p[1].first_year, Optional(2003));
  EXPECT_THAT(p[1].last_year, Optional(2003));

  // (8 - 2) / (2007 - 2005) = 3 per year; sd = sqrt((9 + 9) / 1).
  EXPECT_THAT(p[2].mean, Optional(DoubleNear(5.0, kTol)));
  EXPECT_THAT(p[2].standard_deviation,
              Optional(DoubleNear(std::sqrt(18.0), kTol)));
  EXPECT_THAT(p[2].slope_per_year, Optional(DoubleNear(3.0, kTol)));
  EXPECT_EQ(p[2].slope_standard_error, std::nullopt);
  EXPECT_EQ(p[2].coverage.years_in_span, 5);  // 2008, 2009 beyond the series
  EXPECT_THAT(p[2].coverage.missing_years, ElementsAre(2006, 2008, 2009));

  // a → b: no mean in a. b → c: a change, but b has one value: no interval.
  ASSERT_THAT(summary->changes, SizeIs(2));
  EXPECT_EQ(summary->changes[0].from_period, "a");
  EXPECT_EQ(summary->changes[0].to_period, "b");
  EXPECT_EQ(summary->changes[0].mean_change, std::nullopt);
  EXPECT_FALSE(summary->changes[0].mean_change_interval.has_value());
  EXPECT_THAT(summary->changes[1].mean_change,
              Optional(DoubleNear(5.0 - 7.0, kTol)));
  EXPECT_FALSE(summary->changes[1].mean_change_interval.has_value());
}

// Early 2000..2004, late 2005..2008.
IndicatorSeries TwoPeriodSeries(const std::string& id = "test_indicator") {
  return Series(2000, {1.3, 2.9, 3.1, 4.7, 5.05, 6.2, 8.9, 7.1, 9.35}, id);
}

IndicatorSummaryOptions TwoPeriods() {
  return Options({Closed("early", 2000, 2004), Closed("late", 2005, 2008)});
}

TEST(SummarizeIndicatorTest, BootstrapIntervalContainsTheChange) {
  absl::StatusOr<IndicatorSummary> summary =
      SummarizeIndicator(TwoPeriodSeries(), TwoPeriods());
  ASSERT_THAT(summary, IsOk());
  ASSERT_THAT(summary->changes, SizeIs(1));
  const IndicatorPeriodChange& change = summary->changes[0];
  // early mean = 17.05 / 5 = 3.41; late mean = 31.55 / 4 = 7.8875;
  // change = 4.4775.
  ASSERT_THAT(change.mean_change, Optional(DoubleNear(4.4775, 1e-9)));
  ASSERT_TRUE(change.mean_change_interval.has_value());
  const BootstrapInterval& interval = *change.mean_change_interval;
  EXPECT_EQ(interval.draws, kDefaultIndicatorBootstrapDraws);
  EXPECT_EQ(interval.confidence_level, 0.95);
  EXPECT_LT(interval.lower, *change.mean_change);
  EXPECT_GT(interval.upper, *change.mean_change);
  // Within what a resampled change can be: 6.2 - 5.05 to 9.35 - 1.3.
  EXPECT_GE(interval.lower, 6.2 - 5.05);
  EXPECT_LE(interval.upper, 9.35 - 1.3);
}

TEST(SummarizeIndicatorTest, BootstrapIsReproducibleAndSeeded) {
  IndicatorSummaryOptions options = TwoPeriods();
  options.bootstrap_draws = 500;
  const auto first = SummarizeIndicator(TwoPeriodSeries(), options);
  const auto again = SummarizeIndicator(TwoPeriodSeries(), options);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(again, IsOk());
  const BootstrapInterval& a = *first->changes[0].mean_change_interval;
  const BootstrapInterval& b = *again->changes[0].mean_change_interval;
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);
  EXPECT_EQ(a.draws, 500);

  options.seed = 7;
  const auto other = SummarizeIndicator(TwoPeriodSeries(), options);
  ASSERT_THAT(other, IsOk());
  const BootstrapInterval& c = *other->changes[0].mean_change_interval;
  EXPECT_TRUE(c.lower != a.lower || c.upper != a.upper);

  // Another indicator or more periods do not change this change's interval.
  IndicatorSummaryOptions three = TwoPeriods();
  three.bootstrap_draws = 500;
  three.periods.insert(three.periods.begin(), Closed("before", 1990, 1999));
  const auto with_more = SummarizeIndicator(TwoPeriodSeries(), three);
  ASSERT_THAT(with_more, IsOk());
  ASSERT_THAT(with_more->changes, SizeIs(2));
  EXPECT_EQ(with_more->changes[1].mean_change_interval->lower, a.lower);
  EXPECT_EQ(with_more->changes[1].mean_change_interval->upper, a.upper);
}

TEST(SummarizeIndicatorTest, BootstrapCollapsesWhenValuesAreConstant) {
  IndicatorSeries series = Series(2000, {0.1, 0.1, 0.1, 0.3, 0.3});
  absl::StatusOr<IndicatorSummary> summary = SummarizeIndicator(
      series,
      Options({Closed("early", 2000, 2002), Closed("late", 2003, 2004)}));
  ASSERT_THAT(summary, IsOk());
  const IndicatorPeriodChange& change = summary->changes[0];
  ASSERT_TRUE(change.mean_change.has_value());
  EXPECT_EQ(*change.mean_change, 0.3 - 0.1);
  ASSERT_TRUE(change.mean_change_interval.has_value());
  EXPECT_EQ(change.mean_change_interval->lower, *change.mean_change);
  EXPECT_EQ(change.mean_change_interval->upper, *change.mean_change);
  EXPECT_THAT(summary->periods[0].standard_deviation, Optional(0.0));
  EXPECT_THAT(summary->periods[0].slope_per_year, Optional(0.0));
  EXPECT_THAT(summary->periods[0].slope_standard_error, Optional(0.0));
}

TEST(SummarizeIndicatorTest, OpenAndDefaultPeriods) {
  IndicatorSeries series = Series(2013, {1, 2, 3, 4});  // 2013..2016
  IndicatorSummaryOptions options;
  options.present_year = 2025;
  absl::StatusOr<IndicatorSummary> summary =
      SummarizeIndicator(series, options);
  ASSERT_THAT(summary, IsOk());
  ASSERT_THAT(summary->periods, SizeIs(2));
  EXPECT_EQ(summary->periods[0].period.name, "consolidation");
  EXPECT_EQ(summary->periods[0].coverage.years_in_span, 25);  // 1990..2014
  EXPECT_EQ(summary->periods[0].coverage.years_with_data, 2);
  EXPECT_EQ(summary->periods[1].period.name, "deepening");
  EXPECT_EQ(summary->periods[1].coverage.years_in_span, 11);  // 2015..2025
  EXPECT_EQ(summary->periods[1].coverage.years_with_data, 2);
  EXPECT_THAT(summary->changes[0].mean_change,
              Optional(DoubleNear(3.5 - 1.5, kTol)));

  absl::StatusOr<SummaryPeriods> plan = ResolveSummaryPeriods(options);
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(plan->first_year, 1990);
  EXPECT_EQ(plan->last_year, 2025);
  EXPECT_THAT(plan->periods, SizeIs(2));
}

TEST(SummarizeIndicatorTest, InvalidOptionsNameTheField) {
  IndicatorSeries series = Series(2000, {1, 2});
  auto message = [&](const IndicatorSummaryOptions& options) {
    absl::StatusOr<IndicatorSummary> s = SummarizeIndicator(series, options);
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
    return std::string(s.status().message());
  };
  IndicatorSummaryOptions o = TwoPeriods();
  o.bootstrap_draws = kMaxIndicatorBootstrapDraws + 1;
  EXPECT_THAT(message(o), HasSubstr("bootstrap_draws"));
  o = TwoPeriods();
  o.bootstrap_draws = -1;
  EXPECT_THAT(message(o), HasSubstr("bootstrap_draws"));
  o = TwoPeriods();
  o.confidence_level = 1.0;
  EXPECT_THAT(message(o), HasSubstr("confidence_level"));
  o = Options({Closed("x", 2000, 2001), Closed("x", 2002, 2003)});
  EXPECT_THAT(message(o), HasSubstr("periods[1].name"));
  o = Options({Closed("x", 2005, 2001)});
  EXPECT_THAT(message(o), HasSubstr("periods[0].end_year"));
  o = Options({Period{"open", 2015, std::nullopt, ""}});
  EXPECT_THAT(message(o), HasSubstr("present_year"));
  o.present_year = 2010;
  EXPECT_THAT(message(o), HasSubstr("periods[0].start_year"));

  // 0 draws means the default.
  o = TwoPeriods();
  o.bootstrap_draws = 0;
  absl::StatusOr<IndicatorSummary> s = SummarizeIndicator(TwoPeriodSeries(), o);
  ASSERT_THAT(s, IsOk());
  ASSERT_TRUE(s->changes[0].mean_change_interval.has_value());
  EXPECT_EQ(s->changes[0].mean_change_interval->draws,
            kDefaultIndicatorBootstrapDraws);
}

TEST(SummarizeIndicatorTest, RejectsTwoPointsForOneYear) {
  IndicatorSeries series = Series(2000, {1, 2});
  series.points[1].year = 2000;
  EXPECT_THAT(SummarizeIndicator(series, TwoPeriods()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(SummarizeIndicatorsTest, SummarizesComputedArmsShares) {
  // PAK's arms imports: from CHN 30, 40 of 100 in 2000, 2001 (shares 0.3,
  // 0.4, mean 0.35) and 60, 80 of 100 in 2002, 2003 (0.6, 0.8, mean 0.7):
  // change 0.35.
  std::vector<Observation> observations;
  const double from_china[] = {30, 40, 60, 80};
  for (int i = 0; i < 4; ++i) {
    for (const char* partner : {"CHN", "USA"}) {
      Observation o;
      o.id = static_cast<int64_t>(observations.size()) + 1;
      o.reporter_code = "PAK";
      o.partner_code = partner;
      o.flow = Flow::kArmsImports;
      o.year = 2000 + i;
      o.value =
          std::string(partner) == "CHN" ? from_china[i] : 100 - from_china[i];
      o.unit = Unit::kSipriTivMillions;
      o.provenance.source_system = "SIPRI";
      observations.push_back(o);
    }
  }
  IndicatorSummaryOptions options =
      Options({Closed("first", 2000, 2001), Closed("second", 2002, 2003)});
  absl::StatusOr<SummaryPeriods> plan = ResolveSummaryPeriods(options);
  ASSERT_THAT(plan, IsOk());
  IndicatorRequest request;
  request.country_a = "PAK";
  request.country_b = "CHN";
  request.start_year = plan->first_year;
  request.end_year = plan->last_year;
  request.indicator_ids = {"arms_import_share_from_b", "mirror_gap"};
  absl::StatusOr<std::vector<IndicatorSeries>> series =
      ComputeIndicators(observations, request);
  ASSERT_THAT(series, IsOk());
  absl::StatusOr<std::vector<IndicatorSummary>> summaries =
      SummarizeIndicators(*series, options);
  ASSERT_THAT(summaries, IsOk());
  ASSERT_THAT(*summaries, SizeIs(2));
  const IndicatorSummary& arms = (*summaries)[0];
  EXPECT_EQ(arms.indicator.indicator_id, "arms_import_share_from_b");
  EXPECT_THAT(arms.periods[0].mean, Optional(DoubleNear(0.35, kTol)));
  EXPECT_THAT(arms.periods[1].mean, Optional(DoubleNear(0.7, kTol)));
  EXPECT_THAT(arms.changes[0].mean_change, Optional(DoubleNear(0.35, kTol)));
  ASSERT_TRUE(arms.changes[0].mean_change_interval.has_value());
  EXPECT_LE(arms.changes[0].mean_change_interval->lower, 0.35 + kTol);
  EXPECT_GE(arms.changes[0].mean_change_interval->upper, 0.35 - kTol);
  // No trade data: the mirror gap has no values and no change.
  const IndicatorSummary& gap = (*summaries)[1];
  EXPECT_EQ(gap.periods[0].coverage.years_with_data, 0);
  EXPECT_EQ(gap.changes[0].mean_change, std::nullopt);
}

}  // namespace
}  // namespace dyadscope::economics
