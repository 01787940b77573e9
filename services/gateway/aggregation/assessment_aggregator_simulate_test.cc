// The AssessmentAggregator's Simulate (overrides applied to one fetch of the
// data, both variants scored) and GetTimeline (one period per year).

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/gateway/aggregation/aggregator_test_fakes.h"
#include "services/gateway/aggregation/assessment_aggregator.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::gateway::aggregator_testing::AssessmentAggregatorTest;
using ::dyadscope::gateway::aggregator_testing::ViolatedFields;
using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST_F(AssessmentAggregatorTest, SimulateAppliesARelativeChange) {
  v1::SimulateRequest request;
  *request.mutable_dyad() = PakChn().dyad();
  v1::IndicatorOverride* o = request.add_overrides();
  o->set_indicator_id("economics.directed_asymmetry");
  o->set_relative_change(-0.2);
  v1::IndicatorOverride* only_deepening = request.add_overrides();
  only_deepening->set_indicator_id("events.cooperation_share");
  only_deepening->set_period_name("deepening");
  only_deepening->set_value(0.1);
  only_deepening->set_standard_error(0.05);

  absl::StatusOr<v1::SimulateResponse> r =
      aggregator().Simulate(request, Deadline());
  ASSERT_THAT(r, IsOk());
  // One fetch for both assessments, two Score calls.
  EXPECT_EQ(events_.call_count("SummarizeEvents"), 3);
  EXPECT_EQ(economics_.call_count("SummarizeIndicators"), 1);
  EXPECT_EQ(risk_.call_count("AssessRisk"), 2);
  EXPECT_EQ(scoring_.call_count("Score"), 2);

  const v1::DyadAssessment& baseline = r->baseline();
  const v1::DyadAssessment& simulated = r->simulated();
  for (int i = 0; i < 2; ++i) {
    const v1::IndicatorInput* before =
        FindInput(baseline.periods(i), "economics.directed_asymmetry");
    const v1::IndicatorInput* after =
        FindInput(simulated.periods(i), "economics.directed_asymmetry");
    ASSERT_NE(before, nullptr);
    ASSERT_NE(after, nullptr);
    EXPECT_FALSE(before->overridden());
    EXPECT_DOUBLE_EQ(before->value(), 0.5);
    EXPECT_TRUE(after->overridden());
    EXPECT_DOUBLE_EQ(after->value(), 0.4);
    EXPECT_DOUBLE_EQ(after->baseline_value(), 0.5);
  }
  EXPECT_FALSE(FindInput(simulated.periods(0), "events.cooperation_share")
                   ->overridden());
  const v1::IndicatorInput* cooperation =
      FindInput(simulated.periods(1), "events.cooperation_share");
  EXPECT_TRUE(cooperation->overridden());
  EXPECT_DOUBLE_EQ(cooperation->value(), 0.1);
  EXPECT_DOUBLE_EQ(cooperation->standard_error(), 0.05);
  EXPECT_DOUBLE_EQ(cooperation->baseline_value(), 0.7);

  // 2 periods × 3 indices. AII = 100 × mean(0.5, 0.3 × 4) = 34 → 32.
  ASSERT_THAT(r->differences(), SizeIs(6));
  const v1::SimulationDifference& aii = r->differences(0);
  EXPECT_EQ(aii.period_name(), "consolidation");
  EXPECT_EQ(aii.index(), scoring::v1::INDEX_ASYMMETRIC_INTERDEPENDENCE);
  EXPECT_DOUBLE_EQ(aii.baseline_score(), 34.0);
  EXPECT_DOUBLE_EQ(aii.simulated_score(), 32.0);
  EXPECT_NEAR(aii.score_change(), -2.0, 1e-9);
  EXPECT_FALSE(aii.class_changed());
  const v1::SimulationDifference& sci_consolidation = r->differences(1);
  EXPECT_EQ(sci_consolidation.index(),
            scoring::v1::INDEX_STRATEGIC_CONVERGENCE);
  EXPECT_NEAR(sci_consolidation.score_change(), 0.0, 1e-9);
  // Deepening's SCI = 100 × mean(0.7, 0.6, 0.4) = 56.7 → mean(0.1, 0.6, 0.4)
  // = 36.7: the class turns from partnership to transactional.
  const v1::SimulationDifference& sci_deepening = r->differences(4);
  EXPECT_EQ(sci_deepening.period_name(), "deepening");
  EXPECT_NEAR(sci_deepening.score_change(), -20.0, 1e-9);
  EXPECT_EQ(sci_deepening.baseline_class(),
            scoring::v1::RELATIONSHIP_CLASS_PARTNERSHIP);
  EXPECT_EQ(sci_deepening.simulated_class(),
            scoring::v1::RELATIONSHIP_CLASS_TRANSACTIONAL);
  EXPECT_TRUE(sci_deepening.class_changed());

  // Both Score calls used the same settings (seed) and the overrides.
  const std::vector<scoring::v1::ScoreRequest> scored = scoring_.requests();
  ASSERT_THAT(scored, SizeIs(2));
  EXPECT_EQ(scored[0].monte_carlo().SerializeAsString(),
            scored[1].monte_carlo().SerializeAsString());
}

TEST_F(AssessmentAggregatorTest, SimulateBaselineMatchesAssessAndUsesTheCache) {
  ASSERT_THAT(aggregator().Assess(PakChn(), Deadline()), IsOk());
  v1::SimulateRequest request;
  *request.mutable_dyad() = PakChn().dyad();
  v1::IndicatorOverride* o = request.add_overrides();
  o->set_indicator_id("security.probability_at_least_one");
  o->set_absolute_change(0.2);
  absl::StatusOr<v1::SimulateResponse> r =
      aggregator().Simulate(request, Deadline());
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->baseline().from_cache());
  EXPECT_FALSE(r->simulated().from_cache());
  EXPECT_EQ(scoring_.call_count("Score"), 2);
  EXPECT_DOUBLE_EQ(
      FindInput(r->simulated().periods(0), "security.probability_at_least_one")
          ->value(),
      0.5);
}

TEST_F(AssessmentAggregatorTest, SimulateSkipsChangesOfMissingValues) {
  economics_.set_failure(absl::UnavailableError("down"));
  v1::SimulateRequest request;
  *request.mutable_dyad() = PakChn().dyad();
  v1::IndicatorOverride* relative = request.add_overrides();
  relative->set_indicator_id("economics.fdi_share_from_b");
  relative->set_relative_change(0.5);
  v1::IndicatorOverride* value = request.add_overrides();
  value->set_indicator_id("economics.trade_coverage_ratio");
  value->set_value(0.9);
  absl::StatusOr<v1::SimulateResponse> r =
      aggregator().Simulate(request, Deadline());
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->simulated().provisional());
  EXPECT_FALSE(
      FindInput(r->simulated().periods(0), "economics.fdi_share_from_b")
          ->has_value());
  EXPECT_THAT(r->simulated().warnings(),
              Contains(HasSubstr("overrides[0] not applied")));
  const v1::IndicatorInput* coverage =
      FindInput(r->simulated().periods(0), "economics.trade_coverage_ratio");
  EXPECT_TRUE(coverage->overridden());
  EXPECT_DOUBLE_EQ(coverage->value(), 0.9);
  EXPECT_FALSE(coverage->has_baseline_value());
  EXPECT_FALSE(coverage->available());
}

TEST_F(AssessmentAggregatorTest, SimulateRejectsBadOverrides) {
  v1::SimulateRequest none;
  *none.mutable_dyad() = PakChn().dyad();
  EXPECT_THAT(ViolatedFields(aggregator().Simulate(none, Deadline()).status()),
              ElementsAre("overrides"));

  v1::SimulateRequest bad;
  *bad.mutable_dyad() = PakChn().dyad();
  v1::IndicatorOverride* unknown = bad.add_overrides();
  unknown->set_indicator_id("events.unknown");
  unknown->set_value(1);
  v1::IndicatorOverride* period = bad.add_overrides();
  period->set_indicator_id("votes.s_score");
  period->set_period_name("golden_age");
  period->set_absolute_change(0.1);
  v1::IndicatorOverride* no_change = bad.add_overrides();
  no_change->set_indicator_id("votes.s_score");
  absl::StatusOr<v1::SimulateResponse> r =
      aggregator().Simulate(bad, Deadline());
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(r.status()),
              ElementsAre("overrides[0].indicator_id",
                          "overrides[1].period_name", "overrides[2].change"));
  EXPECT_TRUE(events_.calls().empty());
}

TEST_F(AssessmentAggregatorTest, TimelineHasOnePeriodPerYear) {
  v1::GetTimelineRequest request;
  *request.mutable_dyad() = PakChn().dyad();
  request.set_start_year(2015);
  request.set_end_year(2020);
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Timeline(request, Deadline());
  ASSERT_THAT(a, IsOk());
  ASSERT_EQ(a->periods_size(), 6);
  for (int i = 0; i < 6; ++i) {
    const type::v1::Period& period = a->periods(i).period();
    EXPECT_EQ(period.name(), absl::StrCat(2015 + i));
    EXPECT_EQ(period.start_year(), 2015 + i);
    EXPECT_EQ(period.end_year(), 2015 + i);
    EXPECT_TRUE(a->periods(i).has_score());
  }
  EXPECT_THAT(a->changes(), SizeIs(5));
  // One Score call over all years, without Sobol sensitivity.
  const std::vector<scoring::v1::ScoreRequest> scored = scoring_.requests();
  ASSERT_THAT(scored, SizeIs(1));
  EXPECT_EQ(scored[0].periods_size(), 6);
  EXPECT_TRUE(scored[0].sensitivity().skip());
  // One AssessRisk per year, each as of 31 December.
  const auto risks = risk_.requests();
  ASSERT_THAT(risks, SizeIs(6));
  for (const auto& risk : risks) {
    EXPECT_EQ(risk.as_of_date().month(), 12);
    EXPECT_EQ(risk.as_of_date().day(), 31);
  }
  EXPECT_EQ(events_.call_count("SummarizeEvents"), 3);
}

TEST_F(AssessmentAggregatorTest, TimelineDefaultsToTheAsOfYearAndChecksRange) {
  v1::GetTimelineRequest request;
  *request.mutable_dyad() = PakChn().dyad();
  request.set_start_year(2020);
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Timeline(request, Deadline());
  ASSERT_THAT(a, IsOk());
  ASSERT_EQ(a->periods_size(), 5);  // 2020..2024, the fixed present.
  EXPECT_EQ(a->periods(4).period().name(), "2024");

  v1::GetTimelineRequest too_long = request;
  too_long.set_start_year(1900);
  too_long.set_end_year(2024);
  EXPECT_THAT(
      ViolatedFields(aggregator().Timeline(too_long, Deadline()).status()),
      ElementsAre("end_year"));
  v1::GetTimelineRequest missing_start;
  *missing_start.mutable_dyad() = PakChn().dyad();
  EXPECT_THAT(
      ViolatedFields(aggregator().Timeline(missing_start, Deadline()).status()),
      ElementsAre("start_year"));
  v1::GetTimelineRequest backwards = request;
  backwards.set_end_year(2010);
  EXPECT_THAT(
      ViolatedFields(aggregator().Timeline(backwards, Deadline()).status()),
      ElementsAre("end_year"));
}

}  // namespace
}  // namespace dyadscope::gateway
