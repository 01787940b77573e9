// The AssessmentAggregator over fakes of its backends: what an assessment
// holds, deadlines and budgets, degraded answers, the cache, bad requests.
// Concurrency: assessment_aggregator_concurrency_test.cc; Simulate and
// Timeline: assessment_aggregator_simulate_test.cc.

#include "services/gateway/aggregation/assessment_aggregator.h"

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

namespace dyadscope::gateway {
namespace {

using ::dyadscope::gateway::aggregator_testing::AssessmentAggregatorTest;
using ::dyadscope::gateway::aggregator_testing::FakeBase;
using ::dyadscope::gateway::aggregator_testing::FixedNow;
using ::dyadscope::gateway::aggregator_testing::SeenCall;
using ::dyadscope::gateway::aggregator_testing::ViolatedFields;
using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST_F(AssessmentAggregatorTest, AssessesTheDefaultPhasesFromEveryBackend) {
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(a, IsOk());
  EXPECT_TRUE(a->scores_available());
  EXPECT_FALSE(a->provisional());
  EXPECT_FALSE(a->from_cache());
  EXPECT_EQ(a->dyad().country_a(), "PAK");
  ASSERT_EQ(a->periods_size(), 2);
  EXPECT_EQ(a->periods(0).period().name(), "consolidation");
  EXPECT_EQ(a->periods(1).period().name(), "deepening");
  EXPECT_FALSE(a->periods(1).period().has_end_year());
  EXPECT_EQ(a->reference_country_code(), "IND");
  EXPECT_EQ(a->risk_horizon_days(), 365);
  EXPECT_EQ(a->as_of_date().year(), 2024);
  EXPECT_EQ(a->as_of_date().month(), 6);
  EXPECT_EQ(a->as_of_date().day(), 30);
  EXPECT_EQ(a->compute_time().seconds(), absl::ToUnixSeconds(FixedNow()));
  EXPECT_EQ(a->model().model_id(), "fake");
  EXPECT_EQ(a->monte_carlo().seed(), 42u);
  ASSERT_EQ(a->changes_size(), 1);
  EXPECT_EQ(a->changes(0).to_period(), "deepening");

  for (const v1::PeriodAssessment& period : a->periods()) {
    EXPECT_THAT(period.inputs(), SizeIs(13));
    EXPECT_EQ(period.score().period().name(), period.period().name());
    EXPECT_THAT(period.score().indices(), SizeIs(3));
    // Inputs follow the model's component order (AII first in the fake),
    // the model's unused indicators last.
    EXPECT_EQ(period.inputs(0).indicator_id(), "economics.directed_asymmetry");
    EXPECT_EQ(period.inputs(5).indicator_id(), "events.cooperation_share");
    EXPECT_EQ(period.inputs(9).indicator_id(), "events.mean_goldstein");
  }
  const v1::IndicatorInput* friendship =
      FindInput(a->periods(0), "events.friendship_theme_share");
  ASSERT_NE(friendship, nullptr);
  EXPECT_DOUBLE_EQ(friendship->value(), 0.4);

  // One status per method, all available, with their data versions.
  ASSERT_EQ(a->backends_size(), 5);
  for (const v1::BackendStatus& s : a->backends()) {
    EXPECT_TRUE(s.available()) << s.method();
    EXPECT_EQ(s.status_code(), google::rpc::OK);
    EXPECT_TRUE(s.status_message().empty());
  }
  const v1::BackendStatus* summarize =
      FindBackend(*a, "dyadscope.events.v1.EventsService/SummarizeEvents");
  ASSERT_NE(summarize, nullptr);
  EXPECT_EQ(summarize->backend(), v1::BACKEND_EVENTS);
  EXPECT_EQ(summarize->attempts(), 3);
  EXPECT_EQ(summarize->data_version(), "v1");
  const v1::BackendStatus* risk = FindBackend(
      *a, "dyadscope.securityrisk.v1.SecurityRiskService/AssessRisk");
  ASSERT_NE(risk, nullptr);
  EXPECT_EQ(risk->attempts(), 2);
  EXPECT_EQ(a->backends(4).backend(), v1::BACKEND_SCORING);

  // Sources merged: one GDELT2 entry with the largest count.
  ASSERT_THAT(a->sources(), SizeIs(4));
  EXPECT_EQ(a->sources(0).source().source_system(), "UNGA_VOTES");
  EXPECT_EQ(a->sources(1).source().source_system(), "IMF_DOTS");
  EXPECT_EQ(a->sources(2).source().source_system(), "GDELT2");
  EXPECT_EQ(a->sources(2).record_count(), 30);

  // The Score request got every indicator of both periods, in order.
  const std::vector<scoring::v1::ScoreRequest> scored = scoring_.requests();
  ASSERT_THAT(scored, SizeIs(1));
  ASSERT_EQ(scored[0].periods_size(), 2);
  EXPECT_EQ(scored[0].periods(1).period().name(), "deepening");
  EXPECT_THAT(scored[0].periods(1).values(), SizeIs(13));
  EXPECT_FALSE(scored[0].has_model());

  // AssessRisk as of each period's last day.
  const std::vector<securityrisk::v1::AssessRiskRequest> risks =
      risk_.requests();
  ASSERT_THAT(risks, SizeIs(2));
  std::vector<int> years = {risks[0].as_of_date().year(),
                            risks[1].as_of_date().year()};
  std::sort(years.begin(), years.end());
  EXPECT_THAT(years, ElementsAre(2014, 2024));
}

TEST_F(AssessmentAggregatorTest, PropagatesTheIncomingDeadlineAndTimeouts) {
  options_.events_timeout = absl::Seconds(1);
  options_.economics_timeout = absl::Seconds(3);
  options_.security_risk_timeout = absl::Seconds(10);
  options_.scoring_timeout = absl::Seconds(20);
  const absl::Time incoming = absl::Now() + absl::Seconds(2);
  ASSERT_THAT(aggregator().Assess(PakChn(), incoming), IsOk());

  auto check = [&](const FakeBase& fake, absl::Duration timeout,
                   bool binds_incoming) {
    const std::vector<SeenCall> calls = fake.calls();
    ASSERT_FALSE(calls.empty());
    for (const SeenCall& call : calls) {
      EXPECT_LE(call.deadline, incoming) << call.method;
      EXPECT_LE(call.deadline, call.start + timeout) << call.method;
      if (binds_incoming) {
        EXPECT_EQ(call.deadline, incoming) << call.method;
      } else {
        EXPECT_LT(call.deadline, incoming) << call.method;
        EXPECT_GT(call.deadline, call.start + timeout - absl::Seconds(1))
            << call.method;
      }
    }
  };
  check(events_, options_.events_timeout, /*binds_incoming=*/false);
  check(economics_, options_.economics_timeout, /*binds_incoming=*/true);
  check(risk_, options_.security_risk_timeout, /*binds_incoming=*/true);
  check(scoring_, options_.scoring_timeout, /*binds_incoming=*/true);
}

TEST_F(AssessmentAggregatorTest, BackendSlowerThanItsTimeoutIsUnavailable) {
  options_.economics_timeout = absl::Milliseconds(200);
  economics_.set_delay(absl::Seconds(2));
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(a, IsOk());
  // Each economics call carried the backend's own timeout as its deadline (the
  // fake, like a gRPC client, gives up there), not the longer incoming one.
  ASSERT_FALSE(economics_.calls().empty());
  for (const SeenCall& call : economics_.calls()) {
    EXPECT_LE(call.deadline, call.start + options_.economics_timeout)
        << call.method;
  }

  EXPECT_TRUE(a->provisional());
  EXPECT_TRUE(a->scores_available());
  const v1::BackendStatus* economics = FindBackend(
      *a, "dyadscope.economics.v1.EconomicsService/SummarizeIndicators");
  ASSERT_NE(economics, nullptr);
  EXPECT_FALSE(economics->available());
  EXPECT_EQ(economics->status_code(), google::rpc::DEADLINE_EXCEEDED);
  EXPECT_TRUE(economics->data_version().empty());
  EXPECT_GE(economics->latency().nanos() + economics->latency().seconds() * 1e9,
            150e6);
  const v1::IndicatorInput* asymmetry =
      FindInput(a->periods(0), "economics.directed_asymmetry");
  ASSERT_NE(asymmetry, nullptr);
  EXPECT_FALSE(asymmetry->available());
  EXPECT_THAT(asymmetry->missing_reason(), HasSubstr("DEADLINE_EXCEEDED"));
  EXPECT_THAT(a->warnings(), Contains(HasSubstr("SummarizeIndicators failed")));
  // The other backends' indicators were scored.
  EXPECT_TRUE(FindInput(a->periods(0), "events.mean_goldstein")->available());
}

TEST_F(AssessmentAggregatorTest, UnavailableBackendGivesAProvisionalAnswer) {
  risk_.set_failure(absl::UnavailableError("connection refused"));
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(a, IsOk());
  EXPECT_TRUE(a->provisional());
  EXPECT_TRUE(a->scores_available());
  const v1::BackendStatus* risk = FindBackend(
      *a, "dyadscope.securityrisk.v1.SecurityRiskService/AssessRisk");
  ASSERT_NE(risk, nullptr);
  EXPECT_EQ(risk->backend(), v1::BACKEND_SECURITY_RISK);
  EXPECT_FALSE(risk->available());
  EXPECT_EQ(risk->status_code(), google::rpc::UNAVAILABLE);
  EXPECT_THAT(risk->status_message(), HasSubstr("connection refused"));
  EXPECT_EQ(risk->attempts(), 2);  // One per period.

  // Scoring received the security indicators without values, and the
  // Security Exposure Index is withheld.
  const std::vector<scoring::v1::ScoreRequest> scored = scoring_.requests();
  ASSERT_THAT(scored, SizeIs(1));
  for (const scoring::v1::IndicatorValue& v : scored[0].periods(0).values()) {
    if (v.indicator_id().rfind("security.", 0) == 0) {
      EXPECT_FALSE(v.has_value());
      EXPECT_THAT(v.note(), HasSubstr("UNAVAILABLE: connection refused"));
    }
  }
  EXPECT_THAT(a->warnings(),
              Contains(HasSubstr("Security Exposure Index is withheld")));
  EXPECT_THAT(a->warnings(),
              Contains(HasSubstr("AssessRisk failed in 2 of 2")));
}

TEST_F(AssessmentAggregatorTest, ScoringDownReturnsInputsOnly) {
  scoring_.set_failure(absl::UnavailableError("scoring is down"));
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(a, IsOk());
  EXPECT_FALSE(a->scores_available());
  EXPECT_TRUE(a->provisional());
  EXPECT_TRUE(a->changes().empty());
  ASSERT_EQ(a->periods_size(), 2);
  for (const v1::PeriodAssessment& period : a->periods()) {
    EXPECT_FALSE(period.has_score());
    EXPECT_THAT(period.inputs(), SizeIs(13));
    EXPECT_TRUE(period.inputs(0).available());
  }
  const v1::BackendStatus* scoring =
      FindBackend(*a, "dyadscope.scoring.v1.ScoringService/Score");
  ASSERT_NE(scoring, nullptr);
  EXPECT_FALSE(scoring->available());
  EXPECT_EQ(scoring->status_code(), google::rpc::UNAVAILABLE);
  EXPECT_THAT(a->warnings(), Contains(HasSubstr("scoring failed")));

  // Not cached: the next request asks scoring again.
  scoring_.set_failure(absl::OkStatus());
  absl::StatusOr<v1::DyadAssessment> again =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->scores_available());
  EXPECT_FALSE(again->from_cache());
}

TEST_F(AssessmentAggregatorTest, RepeatedRequestIsServedFromTheCache) {
  absl::StatusOr<v1::DyadAssessment> first =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(first, IsOk());
  absl::StatusOr<v1::DyadAssessment> second =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(second, IsOk());
  EXPECT_FALSE(first->from_cache());
  EXPECT_TRUE(second->from_cache());
  EXPECT_EQ(scoring_.call_count("Score"), 1);
  // The backends are asked every time: their data versions decide.
  EXPECT_EQ(economics_.call_count("SummarizeIndicators"), 2);
  EXPECT_EQ(second->periods(0).score().indices(0).score(),
            first->periods(0).score().indices(0).score());
  EXPECT_THAT(second->backends(), SizeIs(5));

  // A write to a backend changes its data version: a miss.
  events_.set_data_version("v2");
  absl::StatusOr<v1::DyadAssessment> third =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(third, IsOk());
  EXPECT_FALSE(third->from_cache());
  EXPECT_EQ(scoring_.call_count("Score"), 2);
  EXPECT_EQ(
      FindBackend(*third, "dyadscope.events.v1.EventsService/SummarizeEvents")
          ->data_version(),
      "v2");

  // bypass_cache computes afresh.
  v1::AssessDyadRequest bypass = PakChn();
  bypass.mutable_options()->set_bypass_cache(true);
  absl::StatusOr<v1::DyadAssessment> fourth =
      aggregator().Assess(bypass, Deadline());
  ASSERT_THAT(fourth, IsOk());
  EXPECT_FALSE(fourth->from_cache());
  EXPECT_EQ(scoring_.call_count("Score"), 3);

  // A different request is a different entry.
  v1::AssessDyadRequest other = PakChn();
  other.mutable_options()->set_risk_horizon_days(90);
  ASSERT_THAT(aggregator().Assess(other, Deadline()), IsOk());
  EXPECT_EQ(scoring_.call_count("Score"), 4);
}

TEST_F(AssessmentAggregatorTest, WithAMaxAgeARecentAnswerCostsNoBackendCall) {
  options_.cache_max_age = absl::Hours(1);
  ASSERT_THAT(aggregator().Assess(PakChn(), Deadline()), IsOk());
  absl::StatusOr<v1::DyadAssessment> second =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(second->from_cache());
  EXPECT_EQ(economics_.call_count("SummarizeIndicators"), 1);
  EXPECT_EQ(scoring_.call_count("Score"), 1);
  EXPECT_THAT(second->backends(), SizeIs(5));
  // The same answer, encoded, for the handler to send as it is.
  std::shared_ptr<const std::string> encoded =
      aggregator().RecentAssessmentBytes(PakChn());
  ASSERT_NE(encoded, nullptr);
  v1::DyadAssessment decoded;
  ASSERT_TRUE(decoded.ParseFromString(*encoded));
  EXPECT_EQ(decoded.SerializeAsString(), second->SerializeAsString());
  v1::AssessDyadRequest bypassing = PakChn();
  bypassing.mutable_options()->set_bypass_cache(true);
  EXPECT_EQ(aggregator().RecentAssessmentBytes(bypassing), nullptr);
  v1::AssessDyadRequest unseen = PakChn();
  unseen.mutable_options()->set_risk_horizon_days(45);
  EXPECT_EQ(aggregator().RecentAssessmentBytes(unseen), nullptr);

  // Within the age a write is not seen (the documented trade) ...
  events_.set_data_version("v2");
  EXPECT_TRUE(aggregator().Assess(PakChn(), Deadline())->from_cache());
  // ... unless the caller bypasses the cache, which also refreshes it.
  v1::AssessDyadRequest bypass = PakChn();
  bypass.mutable_options()->set_bypass_cache(true);
  absl::StatusOr<v1::DyadAssessment> fresh =
      aggregator().Assess(bypass, Deadline());
  ASSERT_THAT(fresh, IsOk());
  EXPECT_FALSE(fresh->from_cache());
  EXPECT_EQ(
      FindBackend(*fresh, "dyadscope.events.v1.EventsService/SummarizeEvents")
          ->data_version(),
      "v2");
  absl::StatusOr<v1::DyadAssessment> after =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(after, IsOk());
  EXPECT_TRUE(after->from_cache());
  EXPECT_EQ(
      FindBackend(*after, "dyadscope.events.v1.EventsService/SummarizeEvents")
          ->data_version(),
      "v2");
  EXPECT_EQ(economics_.call_count("SummarizeIndicators"), 2);
}

TEST_F(AssessmentAggregatorTest, PastTheMaxAgeTheBackendsAreAskedAgain) {
  options_.cache_max_age = absl::Milliseconds(1);
  ASSERT_THAT(aggregator().Assess(PakChn(), Deadline()), IsOk());
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(aggregator().RecentAssessmentBytes(PakChn()), nullptr);
  absl::StatusOr<v1::DyadAssessment> again =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(again, IsOk());
  // Revalidated: the backends were asked, and their versions still match,
  // so the scores come from the cache.
  EXPECT_TRUE(again->from_cache());
  EXPECT_EQ(economics_.call_count("SummarizeIndicators"), 2);
  EXPECT_EQ(scoring_.call_count("Score"), 1);
}

TEST_F(AssessmentAggregatorTest, ProvisionalAnswersAreNotCached) {
  economics_.set_failure(absl::UnavailableError("down"));
  ASSERT_THAT(aggregator().Assess(PakChn(), Deadline()), IsOk());
  absl::StatusOr<v1::DyadAssessment> again =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->from_cache());
  EXPECT_EQ(scoring_.call_count("Score"), 2);
  EXPECT_EQ(aggregator().RecentAssessmentBytes(PakChn()), nullptr);
}

TEST_F(AssessmentAggregatorTest, AnswersWithoutDataVersionsAreNotCached) {
  risk_.set_data_version("");
  ASSERT_THAT(aggregator().Assess(PakChn(), Deadline()), IsOk());
  absl::StatusOr<v1::DyadAssessment> again =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->from_cache());
  EXPECT_FALSE(again->provisional());
  EXPECT_EQ(scoring_.call_count("Score"), 2);
}

TEST_F(AssessmentAggregatorTest, LeastRecentlyUsedEntryIsEvicted) {
  options_.cache_capacity = 2;
  v1::AssessDyadRequest a = PakChn();
  v1::AssessDyadRequest b = PakChn();
  b.mutable_options()->set_risk_horizon_days(30);
  v1::AssessDyadRequest c = PakChn();
  c.mutable_options()->set_risk_horizon_days(60);
  ASSERT_THAT(aggregator().Assess(a, Deadline()), IsOk());
  ASSERT_THAT(aggregator().Assess(b, Deadline()), IsOk());
  EXPECT_TRUE(aggregator().Assess(a, Deadline())->from_cache());  // a, b
  ASSERT_THAT(aggregator().Assess(c, Deadline()), IsOk());        // c, a: b out
  EXPECT_TRUE(aggregator().Assess(a, Deadline())->from_cache());
  EXPECT_FALSE(aggregator().Assess(b, Deadline())->from_cache());
  EXPECT_EQ(scoring_.call_count("Score"), 4);
}

TEST_F(AssessmentAggregatorTest, CacheCanBeDisabled) {
  options_.cache_capacity = 0;
  options_.cache_max_age = absl::Hours(1);
  ASSERT_THAT(aggregator().Assess(PakChn(), Deadline()), IsOk());
  absl::StatusOr<v1::DyadAssessment> again =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->from_cache());
  EXPECT_EQ(scoring_.call_count("Score"), 2);
}

TEST_F(AssessmentAggregatorTest, BackendInvalidArgumentIsReturned) {
  economics_.set_failure(InvalidField("periods[1].end_year",
                                      "must be between start_year and 9999"));
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), Deadline());
  EXPECT_THAT(a, StatusIs(absl::StatusCode::kInvalidArgument,
                          HasSubstr("periods[1].end_year")));
  EXPECT_THAT(
      GetFieldViolations(a.status()),
      ElementsAre(Field(&FieldViolation::field, "periods[1].end_year")));
  EXPECT_EQ(scoring_.call_count("Score"), 0);
}

TEST_F(AssessmentAggregatorTest, ScoringInvalidArgumentIsReturned) {
  scoring_.set_failure(InvalidField("model.indices[0].components[0].weight",
                                    "must not be negative, got -1"));
  v1::AssessDyadRequest request = PakChn();
  request.mutable_options()->mutable_model()->set_model_id("mine");
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(request, Deadline());
  EXPECT_THAT(a, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(GetFieldViolations(a.status()),
              ElementsAre(Field(&FieldViolation::field,
                                "model.indices[0].components[0].weight")));
  // The caller's model went to Score.
  ASSERT_THAT(scoring_.requests(), SizeIs(1));
  EXPECT_EQ(scoring_.requests()[0].model().model_id(), "mine");
}

TEST_F(AssessmentAggregatorTest, InvalidRequestsNameTheirFields) {
  v1::AssessDyadRequest same = PakChn();
  same.mutable_dyad()->set_country_b("PAK");
  absl::StatusOr<v1::DyadAssessment> a = aggregator().Assess(same, Deadline());
  EXPECT_THAT(a, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(a.status()), ElementsAre("dyad.country_b"));

  v1::AssessDyadRequest no_dyad;
  EXPECT_THAT(ViolatedFields(aggregator().Assess(no_dyad, Deadline()).status()),
              ElementsAre("dyad"));

  v1::AssessDyadRequest bad = PakChn();
  bad.mutable_dyad()->set_country_a("pak");
  bad.mutable_options()->set_risk_horizon_days(5000);
  bad.mutable_options()->set_reference_country_code("chn");
  type::v1::Period* late = bad.add_periods();
  late->set_name("late");
  late->set_start_year(2015);
  type::v1::Period* early = bad.add_periods();
  early->set_name("early");
  early->set_start_year(1990);
  early->set_end_year(2014);
  type::v1::Period* future = bad.add_periods();
  future->set_name("future");
  future->set_start_year(2030);
  EXPECT_THAT(ViolatedFields(aggregator().Assess(bad, Deadline()).status()),
              ElementsAre("dyad.country_a", "options.risk_horizon_days",
                          "options.reference_country_code",
                          "periods[1].start_year", "periods[2].start_year"));

  v1::AssessDyadRequest inverted = PakChn();
  type::v1::Period* p = inverted.add_periods();
  p->set_name("Bad Name");
  p->set_start_year(2010);
  p->set_end_year(2000);
  EXPECT_THAT(
      ViolatedFields(aggregator().Assess(inverted, Deadline()).status()),
      ElementsAre("periods[0].name", "periods[0].end_year"));

  v1::AssessDyadRequest too_many = PakChn();
  for (int i = 0; i < 21; ++i) {
    type::v1::Period* year = too_many.add_periods();
    year->set_name(absl::StrCat("y", 2000 + i));
    year->set_start_year(2000 + i);
    year->set_end_year(2000 + i);
  }
  EXPECT_THAT(
      ViolatedFields(aggregator().Assess(too_many, Deadline()).status()),
      ElementsAre("periods"));
  // No backend was called for any of them.
  EXPECT_TRUE(events_.calls().empty());
}

TEST_F(AssessmentAggregatorTest, ExhaustedIncomingDeadlineFailsTheCall) {
  events_.set_delay(absl::Seconds(1));
  const absl::Time deadline = absl::Now() + absl::Milliseconds(200);
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), deadline);
  EXPECT_THAT(a, StatusIs(absl::StatusCode::kDeadlineExceeded));
  // The events calls carried the incoming deadline (no later one of their
  // own), so the slow backend gave up with the call.
  ASSERT_FALSE(events_.calls().empty());
  for (const SeenCall& call : events_.calls()) {
    EXPECT_LE(call.deadline, deadline) << call.method;
  }
  EXPECT_EQ(scoring_.call_count("Score"), 0);

  EXPECT_THAT(aggregator().Assess(PakChn(), absl::Now() - absl::Seconds(1)),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(AssessmentAggregatorTest, ReferenceAndHorizonOptionsReachTheBackends) {
  v1::AssessDyadRequest request = PakChn();
  request.mutable_options()->set_reference_country_code("USA");
  request.mutable_options()->set_risk_horizon_days(90);
  request.mutable_options()->mutable_as_of_date()->set_year(2020);
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(request, Deadline());
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->reference_country_code(), "USA");
  EXPECT_EQ(a->risk_horizon_days(), 90);
  EXPECT_EQ(a->as_of_date().year(), 2020);
  EXPECT_EQ(a->as_of_date().month(), 12);
  EXPECT_EQ(a->as_of_date().day(), 31);
  for (const auto& risk : risk_.requests()) {
    EXPECT_EQ(risk.horizon_days(), 90);
    EXPECT_LE(risk.as_of_date().year(), 2020);
  }

  // A dyad that contains the default reference gets none.
  v1::AssessDyadRequest india = PakChn();
  india.mutable_dyad()->set_country_b("IND");
  absl::StatusOr<v1::DyadAssessment> b = aggregator().Assess(india, Deadline());
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->reference_country_code(), "");
  EXPECT_FALSE(FindInput(b->periods(0), "votes.agreement_relative_to_reference")
                   ->available());
}

TEST_F(AssessmentAggregatorTest, DefaultPeriodsAfterTheAsOfDateAreLeftOut) {
  v1::AssessDyadRequest request = PakChn();
  request.mutable_options()->mutable_as_of_date()->set_year(2010);
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(request, Deadline());
  ASSERT_THAT(a, IsOk());
  ASSERT_EQ(a->periods_size(), 1);
  EXPECT_EQ(a->periods(0).period().name(), "consolidation");
  EXPECT_THAT(a->warnings(), Contains(HasSubstr("deepening left out")));
}

}  // namespace
}  // namespace dyadscope::gateway
