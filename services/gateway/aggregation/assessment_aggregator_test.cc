#include "services/gateway/aggregation/assessment_aggregator.h"

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// The present in these tests: 2024-06-30 12:00 UTC.
absl::Time FixedNow() {
  return absl::FromCivil(absl::CivilSecond(2024, 6, 30, 12, 0, 0),
                         absl::UTCTimeZone());
}

// What one fake call saw.
struct SeenCall {
  std::string method;
  absl::Time start;
  absl::Time end;
  absl::Time deadline;
};

// Shared behaviour of the fakes: an optional delay that, like a gRPC client,
// gives up at the call's deadline with DEADLINE_EXCEEDED; an optional
// injected failure; a record of every call.
class FakeBase {
 public:
  void set_delay(absl::Duration delay) {
    absl::MutexLock lock(&mu_);
    delay_ = delay;
  }
  void set_failure(absl::Status failure) {
    absl::MutexLock lock(&mu_);
    failure_ = std::move(failure);
  }
  void set_data_version(std::string version) {
    absl::MutexLock lock(&mu_);
    data_version_ = std::move(version);
  }
  std::vector<SeenCall> calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  int call_count(absl::string_view method) const {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(
        std::count_if(calls_.begin(), calls_.end(),
                      [&](const SeenCall& c) { return c.method == method; }));
  }

 protected:
  // Waits as configured; returns the status the call ends with.
  absl::Status Begin(absl::string_view method, const CallOptions& options,
                     std::string* data_version) {
    const absl::Time start = absl::Now();
    absl::Duration delay;
    absl::Status failure;
    {
      absl::MutexLock lock(&mu_);
      delay = delay_;
      failure = failure_;
      *data_version = data_version_;
    }
    absl::Status status = failure;
    if (start + delay > options.deadline) {
      absl::SleepFor(std::max(absl::ZeroDuration(), options.deadline - start));
      status = absl::DeadlineExceededError("Deadline Exceeded");
    } else {
      absl::SleepFor(delay);
    }
    absl::MutexLock lock(&mu_);
    calls_.push_back(
        SeenCall{std::string(method), start, absl::Now(), options.deadline});
    return status;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Duration delay_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  std::string data_version_ ABSL_GUARDED_BY(mu_) = "v1";
  std::vector<SeenCall> calls_ ABSL_GUARDED_BY(mu_);
};

void AddSource(
    const std::string& system, int64_t count,
    google::protobuf::RepeatedPtrField<type::v1::SourceUsage>* sources) {
  type::v1::SourceUsage* usage = sources->Add();
  usage->mutable_source()->set_source_system(system);
  usage->mutable_source()->set_citation(system + " dataset");
  usage->set_record_count(count);
}

// Events: 10 events per period (4 with friendship themes, 5 security).
class FakeEvents : public EventsBackend, public FakeBase {
 public:
  absl::StatusOr<events::v1::SummarizeEventsResponse> SummarizeEvents(
      const events::v1::SummarizeEventsRequest& request,
      const CallOptions& options) override {
    std::string version;
    absl::Status status = Begin("SummarizeEvents", options, &version);
    if (!status.ok()) return status;
    const bool security = request.filter().domains_size() > 0;
    const bool themed = request.filter().themes_size() > 0;
    events::v1::SummarizeEventsResponse response;
    for (const type::v1::Period& period : request.periods()) {
      events::v1::EventBucketSummary* s = response.add_periods();
      s->set_label(period.name());
      *s->mutable_period() = period;
      s->set_event_count(security ? 5 : themed ? 4 : 10);
      s->set_mean_goldstein(2.0);
      s->set_cooperation_share(security ? 0.6 : 0.7);
    }
    AddSource("GDELT2",
              security ? 5
              : themed ? 4
                       : 20,
              response.mutable_sources());
    response.set_data_version(version);
    return response;
  }

  absl::StatusOr<events::v1::GetVotingAlignmentResponse> GetVotingAlignment(
      const events::v1::GetVotingAlignmentRequest& request,
      const CallOptions& options) override {
    std::string version;
    absl::Status status = Begin("GetVotingAlignment", options, &version);
    if (!status.ok()) return status;
    events::v1::GetVotingAlignmentResponse response;
    for (const type::v1::Period& period : request.periods()) {
      events::v1::VotingAlignment* a = response.add_periods();
      a->set_label(period.name());
      *a->mutable_period() = period;
      a->mutable_dyad_metrics()->set_joint_votes(100);
      a->mutable_dyad_metrics()->set_s_score(0.8);
      a->mutable_relative()->set_percent_agreement(10.0);
    }
    response.set_reference_country_code(request.reference_country_code());
    AddSource("UNGA_VOTES", 100, response.mutable_sources());
    response.set_data_version(version);
    return response;
  }
};

class FakeEconomics : public EconomicsBackend, public FakeBase {
 public:
  absl::StatusOr<economics::v1::SummarizeIndicatorsResponse>
  SummarizeIndicators(const economics::v1::SummarizeIndicatorsRequest& request,
                      const CallOptions& options) override {
    std::string version;
    absl::Status status = Begin("SummarizeIndicators", options, &version);
    if (!status.ok()) return status;
    economics::v1::SummarizeIndicatorsResponse response;
    for (const std::string& id : request.indicator_ids()) {
      economics::v1::IndicatorSummary* summary = response.add_summaries();
      summary->mutable_indicator()->set_indicator_id(id);
      for (const type::v1::Period& period : request.periods()) {
        economics::v1::IndicatorPeriodStatistics* stats =
            summary->add_periods();
        *stats->mutable_period() = period;
        stats->set_mean(id == "directed_asymmetry" ? 0.5 : 0.3);
        stats->mutable_coverage()->set_years_in_span(5);
        stats->mutable_coverage()->set_years_with_data(5);
      }
    }
    AddSource("IMF_DOTS", 50, response.mutable_sources());
    // The same source as the events answer, with a larger count: merged.
    AddSource("GDELT2", 30, response.mutable_sources());
    response.set_data_version(version);
    return response;
  }
};

class FakeRisk : public SecurityRiskBackend, public FakeBase {
 public:
  absl::StatusOr<securityrisk::v1::AssessRiskResponse> AssessRisk(
      const securityrisk::v1::AssessRiskRequest& request,
      const CallOptions& options) override {
    std::string version;
    absl::Status status = Begin("AssessRisk", options, &version);
    if (!status.ok()) return status;
    {
      absl::MutexLock lock(&mu_);
      requests_.push_back(request);
    }
    securityrisk::v1::AssessRiskResponse response;
    response.mutable_country()->set_whole_country(true);
    response.mutable_country()->set_incident_count(3);
    response.mutable_country()->set_probability_at_least_one(0.3);
    response.mutable_country()->set_decayed_severity(2.0);
    *response.mutable_as_of_date() = request.as_of_date();
    AddSource("ACLED", 3, response.mutable_sources());
    response.set_data_version(version);
    return response;
  }
  std::vector<securityrisk::v1::AssessRiskRequest> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<securityrisk::v1::AssessRiskRequest> requests_
      ABSL_GUARDED_BY(mu_);
};

// Scoring: a model listing AII before SCI (so the inputs' order shows they
// follow the model); each index scores 100 × the mean of its present
// values (SCI uses only the shares), insufficient when none is present.
class FakeScoring : public ScoringBackend, public FakeBase {
 public:
  absl::StatusOr<scoring::v1::ScoreResponse> Score(
      const scoring::v1::ScoreRequest& request,
      const CallOptions& options) override {
    std::string version;
    absl::Status status = Begin("Score", options, &version);
    {
      absl::MutexLock lock(&mu_);
      requests_.push_back(request);
    }
    if (!status.ok()) return status;
    const scoring::v1::ScoringModel model = Model();
    scoring::v1::ScoreResponse response;
    *response.mutable_model() = model;
    response.mutable_thresholds()->set_convergence_threshold(50);
    response.mutable_thresholds()->set_interdependence_threshold(50);
    response.mutable_monte_carlo()->set_draws(1000);
    response.mutable_monte_carlo()->set_seed(42);
    for (const scoring::v1::PeriodIndicators& period : request.periods()) {
      scoring::v1::PeriodScore* score = response.add_periods();
      *score->mutable_period() = period.period();
      double sci = -1;
      double aii = -1;
      for (const scoring::v1::IndexDefinition& index : model.indices()) {
        double sum = 0;
        int present = 0;
        for (const scoring::v1::Component& c : index.components()) {
          for (const scoring::v1::IndicatorValue& v : period.values()) {
            if (v.indicator_id() == c.indicator_id() && v.has_value()) {
              sum += v.value();
              ++present;
            }
          }
        }
        scoring::v1::IndexScore* s = score->add_indices();
        s->set_index(index.index());
        if (present == 0) {
          s->set_insufficient(true);
          continue;
        }
        const double value = 100.0 * sum / present;
        s->set_score(value);
        if (index.index() == scoring::v1::INDEX_STRATEGIC_CONVERGENCE) {
          sci = value;
        }
        if (index.index() == scoring::v1::INDEX_ASYMMETRIC_INTERDEPENDENCE) {
          aii = value;
        }
      }
      if (sci >= 0 && aii >= 0) {
        score->set_relationship_class(
            sci >= 50
                ? (aii >= 50
                       ? scoring::v1::
                             RELATIONSHIP_CLASS_HIERARCHICAL_INTERDEPENDENCE
                       : scoring::v1::RELATIONSHIP_CLASS_PARTNERSHIP)
                : (aii >= 50 ? scoring::v1::RELATIONSHIP_CLASS_DEPENDENCY
                             : scoring::v1::RELATIONSHIP_CLASS_TRANSACTIONAL));
      }
    }
    for (int i = 1; i < request.periods_size(); ++i) {
      scoring::v1::PeriodChange* change = response.add_changes();
      change->set_from_period(request.periods(i - 1).period().name());
      change->set_to_period(request.periods(i).period().name());
    }
    return response;
  }

  std::vector<scoring::v1::ScoreRequest> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

  static scoring::v1::ScoringModel Model() {
    scoring::v1::ScoringModel model;
    model.set_model_id("fake");
    auto add = [&model](scoring::v1::Index index, std::string name,
                        std::vector<std::string> ids) {
      scoring::v1::IndexDefinition* d = model.add_indices();
      d->set_index(index);
      d->set_display_name(std::move(name));
      for (std::string& id : ids) {
        d->add_components()->set_indicator_id(std::move(id));
      }
    };
    add(scoring::v1::INDEX_ASYMMETRIC_INTERDEPENDENCE,
        "Asymmetric Interdependence Index",
        {"economics.directed_asymmetry", "economics.trade_coverage_ratio",
         "economics.arms_import_share_from_b",
         "economics.finance_commitments_b_to_a_pct_gdp",
         "economics.fdi_share_from_b"});
    add(scoring::v1::INDEX_STRATEGIC_CONVERGENCE, "Strategic Convergence Index",
        {"events.cooperation_share", "events.security_cooperation_share",
         "events.friendship_theme_share"});
    add(scoring::v1::INDEX_SECURITY_EXPOSURE, "Security Exposure Index",
        {"security.probability_at_least_one"});
    return model;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<scoring::v1::ScoreRequest> requests_ ABSL_GUARDED_BY(mu_);
};

class AssessmentAggregatorTest : public ::testing::Test {
 protected:
  AssessmentAggregatorTest() { options_.clock = &FixedNow; }

  AssessmentAggregator& aggregator() {
    if (aggregator_ == nullptr) {
      aggregator_ = std::make_unique<AssessmentAggregator>(
          &events_, &economics_, &risk_, &scoring_, options_);
    }
    return *aggregator_;
  }

  static v1::AssessDyadRequest PakChn() {
    v1::AssessDyadRequest request;
    request.mutable_dyad()->set_country_a("PAK");
    request.mutable_dyad()->set_country_b("CHN");
    return request;
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

  static const v1::BackendStatus* FindBackend(const v1::DyadAssessment& a,
                                              absl::string_view method) {
    for (const v1::BackendStatus& s : a.backends()) {
      if (s.method() == method) return &s;
    }
    return nullptr;
  }

  static const v1::IndicatorInput* FindInput(const v1::PeriodAssessment& p,
                                             absl::string_view id) {
    for (const v1::IndicatorInput& input : p.inputs()) {
      if (input.indicator_id() == id) return &input;
    }
    return nullptr;
  }

  FakeEvents events_;
  FakeEconomics economics_;
  FakeRisk risk_;
  FakeScoring scoring_;
  AggregatorOptions options_;
  std::unique_ptr<AssessmentAggregator> aggregator_;
};

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

TEST_F(AssessmentAggregatorTest, FansOutConcurrently) {
  const absl::Duration delay = absl::Milliseconds(300);
  events_.set_delay(delay);
  economics_.set_delay(delay);
  risk_.set_delay(delay);
  scoring_.set_delay(delay);

  const absl::Time start = absl::Now();
  ASSERT_THAT(aggregator().Assess(PakChn(), Deadline()), IsOk());
  const absl::Duration total = absl::Now() - start;

  // The baseline from the same run: what the calls would take one after
  // the other (4 events + 1 economics + 2 risk + 1 score = 8 × 300 ms).
  absl::Duration sum = absl::ZeroDuration();
  int calls = 0;
  for (const FakeBase* fake :
       std::vector<const FakeBase*>{&events_, &economics_, &risk_, &scoring_}) {
    for (const SeenCall& call : fake->calls()) {
      sum += call.end - call.start;
      ++calls;
    }
  }
  EXPECT_EQ(calls, 8);
  EXPECT_GE(sum, absl::Milliseconds(2300));
  // Concurrent: one data round plus one score call, ~600 ms.
  EXPECT_LT(total, absl::Milliseconds(900)) << total;
  EXPECT_LT(total, sum - absl::Milliseconds(1200)) << total << " vs " << sum;
  EXPECT_GE(total, absl::Milliseconds(600));
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
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), Deadline());
  ASSERT_THAT(a, IsOk());
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));

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

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
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
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::DyadAssessment> a =
      aggregator().Assess(PakChn(), absl::Now() + absl::Milliseconds(200));
  EXPECT_THAT(a, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(800));
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

TEST_F(AssessmentAggregatorTest, ConcurrentRequestsAreSafe) {
  AssessmentAggregator& shared = aggregator();
  std::vector<std::thread> threads;
  std::vector<absl::Status> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      v1::AssessDyadRequest request = PakChn();
      request.mutable_options()->set_risk_horizon_days(100 + i % 2);
      results[i] = shared.Assess(request, Deadline()).status();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : results) EXPECT_THAT(s, IsOk());
  EXPECT_GE(scoring_.call_count("Score"), 2);
  EXPECT_LE(scoring_.call_count("Score"), 8);
}

}  // namespace
}  // namespace dyadscope::gateway
