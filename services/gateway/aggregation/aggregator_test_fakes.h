// File: services/gateway/aggregation/aggregator_test_fakes.h
// -----------------------------------------------------------------------------
// Test-only: fakes of the four backend interfaces for the aggregator tests,
// and their fixture. Each fake answers from a thread of its own, after an
// optional delay (giving up at the call's deadline like a gRPC client), an
// optional Barrier (proof that calls were in flight together, without a
// clock) or Gate (held until the test opens it), and an optional injected
// failure; every call is recorded.

#ifndef DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_AGGREGATOR_TEST_FAKES_H_
#define DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_AGGREGATOR_TEST_FAKES_H_

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/error_details.h"
#include "gtest/gtest.h"
#include "services/gateway/aggregation/assessment_aggregator.h"
#include "services/gateway/clients/backends.h"

namespace dyadscope::gateway::aggregator_testing {

// The present in these tests: 2024-06-30 12:00 UTC.
inline absl::Time FixedNow() {
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

// Holds each arriving call until `count` calls have arrived or the call's
// deadline passes: calls that pass it were in flight at the same time, which
// proves concurrency without a clock.
class Barrier {
 public:
  explicit Barrier(int count) : count_(count) {}

  // Returns whether all `count` calls arrived before `deadline`.
  bool ArriveAndWait(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    ++arrived_;
    const bool all = mu_.AwaitWithDeadline(
        absl::Condition(this, &Barrier::AllArrived), deadline);
    if (all) ++passed_;
    return all;
  }
  // Returns how many calls passed with every other one in flight.
  int passed() const {
    absl::MutexLock lock(&mu_);
    return passed_;
  }

 private:
  bool AllArrived() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return arrived_ >= count_;
  }

  const int count_;
  mutable absl::Mutex mu_;
  int arrived_ ABSL_GUARDED_BY(mu_) = 0;
  int passed_ ABSL_GUARDED_BY(mu_) = 0;
};

// Holds every arriving call until the test opens it (or the call's deadline
// passes).
class Gate {
 public:
  void Open() {
    absl::MutexLock lock(&mu_);
    open_ = true;
  }
  // Waits until `count` calls have arrived.
  void AwaitArrivals(int count) {
    absl::MutexLock lock(&mu_);
    awaited_ = count;
    mu_.Await(absl::Condition(this, &Gate::EnoughArrived));
  }
  void Pass(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    ++arrived_;
    mu_.AwaitWithDeadline(absl::Condition(&open_), deadline);
  }

 private:
  bool EnoughArrived() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return arrived_ >= awaited_;
  }

  absl::Mutex mu_;
  bool open_ ABSL_GUARDED_BY(mu_) = false;
  int arrived_ ABSL_GUARDED_BY(mu_) = 0;
  int awaited_ ABSL_GUARDED_BY(mu_) = 0;
};

// Shared behaviour of the fakes: each call answers from a thread of its own
// (as a gRPC client answers from its callback threads), after an optional
// delay that, like a gRPC client, gives up at the call's deadline with
// DEADLINE_EXCEEDED, an optional barrier or gate, and an optional injected
// failure; a record of every call.
class FakeBase {
 public:
  ~FakeBase() {
    absl::MutexLock lock(&threads_mu_);
    for (std::thread& thread : threads_) thread.join();
  }

  void set_barrier(Barrier* barrier) {
    absl::MutexLock lock(&mu_);
    barrier_ = barrier;
  }
  void set_gate(Gate* gate) {
    absl::MutexLock lock(&mu_);
    gate_ = gate;
  }
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
  // Answers `done` from a new thread with what `answer` returns.
  template <typename Response>
  void AnswerLater(Done<Response> done,
                   std::function<absl::StatusOr<Response>()> answer) {
    absl::MutexLock lock(&threads_mu_);
    threads_.emplace_back([done = std::move(done), answer = std::move(answer)] {
      done(answer());
    });
  }

  // Waits as configured; returns the status the call ends with.
  absl::Status Begin(absl::string_view method, const CallOptions& options,
                     std::string* data_version) {
    const absl::Time start = absl::Now();
    absl::Duration delay;
    absl::Status failure;
    Barrier* barrier;
    Gate* gate;
    {
      absl::MutexLock lock(&mu_);
      delay = delay_;
      failure = failure_;
      *data_version = data_version_;
      barrier = barrier_;
      gate = gate_;
    }
    absl::Status status = failure;
    if (barrier != nullptr && !barrier->ArriveAndWait(options.deadline)) {
      status = absl::DeadlineExceededError("the barrier was never reached");
    }
    if (gate != nullptr) gate->Pass(options.deadline);
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
  Barrier* barrier_ ABSL_GUARDED_BY(mu_) = nullptr;
  Gate* gate_ ABSL_GUARDED_BY(mu_) = nullptr;
  absl::Mutex threads_mu_;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(threads_mu_);
};

// Returns the fields of `status`'s field violations, in order.
inline std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

inline void AddSource(
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
  void SummarizeEvents(
      const events::v1::SummarizeEventsRequest& request,
      const CallOptions& options,
      Done<events::v1::SummarizeEventsResponse> done) override {
    AnswerLater<events::v1::SummarizeEventsResponse>(
        std::move(done), [this, &request, options] {
          return SummarizeEventsNow(request, options);
        });
  }
  void GetVotingAlignment(
      const events::v1::GetVotingAlignmentRequest& request,
      const CallOptions& options,
      Done<events::v1::GetVotingAlignmentResponse> done) override {
    AnswerLater<events::v1::GetVotingAlignmentResponse>(
        std::move(done), [this, &request, options] {
          return GetVotingAlignmentNow(request, options);
        });
  }

 private:
  absl::StatusOr<events::v1::SummarizeEventsResponse> SummarizeEventsNow(
      const events::v1::SummarizeEventsRequest& request,
      const CallOptions& options) {
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

  absl::StatusOr<events::v1::GetVotingAlignmentResponse> GetVotingAlignmentNow(
      const events::v1::GetVotingAlignmentRequest& request,
      const CallOptions& options) {
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
  void SummarizeIndicators(
      const economics::v1::SummarizeIndicatorsRequest& request,
      const CallOptions& options,
      Done<economics::v1::SummarizeIndicatorsResponse> done) override {
    AnswerLater<economics::v1::SummarizeIndicatorsResponse>(
        std::move(done), [this, &request, options] {
          return SummarizeIndicatorsNow(request, options);
        });
  }

 private:
  absl::StatusOr<economics::v1::SummarizeIndicatorsResponse>
  SummarizeIndicatorsNow(
      const economics::v1::SummarizeIndicatorsRequest& request,
      const CallOptions& options) {
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
  void AssessRisk(const securityrisk::v1::AssessRiskRequest& request,
                  const CallOptions& options,
                  Done<securityrisk::v1::AssessRiskResponse> done) override {
    AnswerLater<securityrisk::v1::AssessRiskResponse>(
        std::move(done),
        [this, &request, options] { return AssessRiskNow(request, options); });
  }
  std::vector<securityrisk::v1::AssessRiskRequest> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

 private:
  absl::StatusOr<securityrisk::v1::AssessRiskResponse> AssessRiskNow(
      const securityrisk::v1::AssessRiskRequest& request,
      const CallOptions& options) {
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

  mutable absl::Mutex mu_;
  std::vector<securityrisk::v1::AssessRiskRequest> requests_
      ABSL_GUARDED_BY(mu_);
};

// Scoring: a model listing AII before SCI (so the inputs' order shows they
// follow the model); each index scores 100 × the mean of its present
// values (SCI uses only the shares), insufficient when none is present.
class FakeScoring : public ScoringBackend, public FakeBase {
 public:
  void Score(const scoring::v1::ScoreRequest& request,
             const CallOptions& options,
             Done<scoring::v1::ScoreResponse> done) override {
    AnswerLater<scoring::v1::ScoreResponse>(
        std::move(done),
        [this, &request, options] { return ScoreNow(request, options); });
  }

  std::vector<scoring::v1::ScoreRequest> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

  static scoring::v1::ScoringModel Model();

 private:
  absl::StatusOr<scoring::v1::ScoreResponse> ScoreNow(
      const scoring::v1::ScoreRequest& request, const CallOptions& options) {
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

  mutable absl::Mutex mu_;
  std::vector<scoring::v1::ScoreRequest> requests_ ABSL_GUARDED_BY(mu_);
};

inline scoring::v1::ScoringModel FakeScoring::Model() {
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

}  // namespace dyadscope::gateway::aggregator_testing

#endif  // DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_AGGREGATOR_TEST_FAKES_H_
