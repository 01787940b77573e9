// File: services/gateway/aggregation/assessment_aggregator.h
// -----------------------------------------------------------------------------
// AssessmentAggregator: the gateway's core. For one AssessDyad, GetTimeline
// or Simulate request it validates the request, calls the data backends
// (events ×4, economics ×1, security risk ×1 per period) concurrently, each
// with its own deadline, maps their answers to scoring indicators
// (indicator_mapping.h), makes one Score call and assembles one
// DyadAssessment. Transport-free: it programs against the asynchronous
// interfaces of services/gateway/clients/backends.h, so it is tested with
// fakes. The calls of a request are a table started at once and joined on
// one counter (fan_out.h): no thread per call. The incoming request travels
// to every backend call as an opaque IncomingCall, so that a caller who
// cancels, or whose deadline passes, cancels the backend calls too.
//
// Failure policy:
//  - A data backend call that fails or is late makes the indicators read
//    from it unavailable (with its status as the reason), is reported in
//    `backends`, adds a warning and makes the assessment provisional; the
//    scores are computed from the remaining inputs (scoring renormalises the
//    weights present and marks an index insufficient below its minimum
//    coverage).
//  - Scoring failing or late: the inputs are returned without scores,
//    scores_available = false, provisional = true.
//  - INVALID_ARGUMENT from any backend (a request the gateway built badly,
//    or a caller's bad scoring model passed on to Score) is returned to the
//    caller as is, with its field violations.
//  - A bad request is INVALID_ARGUMENT naming every bad field; an incoming
//    deadline that passes before the answer is ready (also while waiting
//    for a fan-out slot, see max_concurrent_fanouts) is DEADLINE_EXCEEDED.
//
// Cache: an LRU of complete assessments (nothing provisional, scores
// present, every backend answer with a data version) keyed by the fingerprint
// of the normalised request (the backend requests as built, with defaults and
// the as-of date resolved, plus the scoring settings) and the data_version of
// every backend answer. The backends are still called on every request — their
// data versions are what proves a cached answer current — so a hit saves the
// Score call (the expensive Monte Carlo and Sobol work) and the assembly, never
// the fan-out. A write to any backend changes its data_version and so misses.

#ifndef DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_ASSESSMENT_AGGREGATOR_H_
#define DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_ASSESSMENT_AGGREGATOR_H_

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/types/types.h"
#include "dyadscope/gateway/v1/assessment.pb.h"
#include "dyadscope/gateway/v1/gateway_service.pb.h"
#include "services/gateway/aggregation/fan_out.h"
#include "services/gateway/aggregation/indicator_mapping.h"
#include "services/gateway/clients/backends.h"

namespace dyadscope::gateway {

// The most periods an AssessDyad or Simulate request may name.
inline constexpr int kMaxAssessmentPeriods = 20;
// The most years a timeline may span.
inline constexpr int kMaxTimelineYears = 100;
// The allowed range of options.risk_horizon_days (0 means the default).
inline constexpr int kMinRiskHorizonDays = 1;
inline constexpr int kMaxRiskHorizonDays = 3650;

// Settings of an AssessmentAggregator, filled by main.cc from flags.
struct AggregatorOptions {
  // Each backend call's own budget; a call's deadline is the earlier of the
  // incoming deadline and the call's start plus this.
  absl::Duration events_timeout = absl::Seconds(5);
  absl::Duration economics_timeout = absl::Seconds(5);
  absl::Duration security_risk_timeout = absl::Seconds(5);
  absl::Duration scoring_timeout = absl::Seconds(20);

  // The most requests whose backend calls are in flight at once; a request
  // beyond it waits (up to its deadline) until one finishes. 0: no bound.
  // Answers served from the cache with cache_max_age take no slot.
  int max_concurrent_fanouts = 0;

  // The number of assessments the cache holds; 0 disables it.
  size_t cache_capacity = 128;

  // How long a cached assessment may be served without asking the backends
  // whether their data changed. Zero (the default): they are asked on every
  // request and a cached answer is only used when every data version still
  // matches, so an answer is always current (the cache saves the Score
  // call). A positive age trades up to that much staleness after a write
  // for answers that cost no backend call; options.bypass_cache still
  // computes afresh.
  absl::Duration cache_max_age = absl::ZeroDuration();

  // The voting reference country when the request names none. Not used
  // when it is one of the dyad's own countries (the relative agreement is
  // then missing).
  std::string default_reference_country_code = "IND";

  // The risk horizon when the request gives none, days.
  int default_risk_horizon_days = 365;

  // The periods when the request names none: the article's phases.
  // Default periods that start after the as-of date are left out.
  std::vector<Period> default_periods = DefaultPeriods();

  // Returns the current time, for the default as-of date (today, UTC) and
  // compute_time; null means absl::Now. Deadlines always use the real
  // clock.
  std::function<absl::Time()> clock;
};

// Composes dyad assessments from the four backends. Thread-safe: any number
// of requests may run at once. The backends are not owned and must outlive
// the aggregator; every call to them returns by its CallOptions.deadline
// (the gRPC implementations guarantee it), which bounds each method here.
class AssessmentAggregator {
 public:
  // None of the pointers may be null.
  AssessmentAggregator(EventsBackend* events, EconomicsBackend* economics,
                       SecurityRiskBackend* security_risk,
                       ScoringBackend* scoring, AggregatorOptions options = {});

  AssessmentAggregator(const AssessmentAggregator&) = delete;
  AssessmentAggregator& operator=(const AssessmentAggregator&) = delete;

  // With a positive cache_max_age: the encoded DyadAssessment answering
  // `request` (from_cache set) when the cache holds one at most that old,
  // else null (then call Assess or Timeline). Costs no backend call and no
  // copy of the message: the handler sends the bytes as they are.
  std::shared_ptr<const std::string> RecentAssessmentBytes(
      const v1::AssessDyadRequest& request);
  std::shared_ptr<const std::string> RecentTimelineBytes(
      const v1::GetTimelineRequest& request);

  // Returns the assessment of request.dyad over request.periods (default:
  // the configured phases), answering by `deadline` (absl::InfiniteFuture()
  // for none). `incoming` is the request being served (not owned; null for
  // none): its transport's backend calls inherit its cancellation. Errors:
  // INVALID_ARGUMENT for a bad request (dyad, periods, as-of date, reference
  // country, horizon) or a backend's INVALID_ARGUMENT; DEADLINE_EXCEEDED when
  // `deadline` passes first.
  absl::StatusOr<v1::DyadAssessment> Assess(
      const v1::AssessDyadRequest& request, absl::Time deadline,
      const IncomingCall* incoming = nullptr);

  // Returns the assessment with one period per calendar year from
  // request.start_year to request.end_year (default: the as-of year), each
  // named after its year, scored in one Score call (Sobol sensitivity
  // skipped: the timeline is for charts). Errors as Assess, and
  // INVALID_ARGUMENT for a range that is empty, longer than
  // kMaxTimelineYears or after the as-of date.
  absl::StatusOr<v1::DyadAssessment> Timeline(
      const v1::GetTimelineRequest& request, absl::Time deadline,
      const IncomingCall* incoming = nullptr);

  // Returns the baseline assessment and the assessment with
  // request.overrides applied, both from one fetch of the backends' data,
  // and their differences per period and index. The two Score calls run
  // concurrently with the same Monte Carlo settings (and so the same
  // seed), so differences are not sampling noise. An override that cannot
  // apply (a relative or absolute change of a missing value) is skipped
  // with a warning. Errors as Assess, and INVALID_ARGUMENT for no
  // overrides, an unknown indicator id or period name, or a missing or
  // non-finite change.
  absl::StatusOr<v1::SimulateResponse> Simulate(
      const v1::SimulateRequest& request, absl::Time deadline,
      const IncomingCall* incoming = nullptr);

 private:
  struct Plan;
  struct Fetched;
  struct Scoring;

  // Validates and resolves a request; `timeline` is null for AssessDyad and
  // Simulate, whose periods are `periods`.
  absl::StatusOr<Plan> PlanRequest(
      const type::v1::Dyad* dyad,
      const google::protobuf::RepeatedPtrField<type::v1::Period>& periods,
      const v1::AssessmentOptions& options,
      const v1::GetTimelineRequest* timeline) const;
  // Assess and Timeline after planning: the recent cache, the fetch,
  // scoring and assembly.
  absl::StatusOr<v1::DyadAssessment> AssessPlan(const Plan& plan,
                                                absl::Time deadline,
                                                const IncomingCall* incoming);
  // Takes a fan-out slot (held by the result) and calls the data backends
  // for `plan`, all at once. Errors: DEADLINE_EXCEEDED when `deadline`
  // passes first; a backend's INVALID_ARGUMENT.
  absl::StatusOr<Fetched> Fetch(const Plan& plan, absl::Time deadline,
                                const IncomingCall* incoming);
  // Looks `inputs` up in the cache (when `use_cache`), else builds the
  // Score request for them.
  Scoring PrepareScoring(const Plan& plan, const Fetched& fetched,
                         std::vector<std::vector<v1::IndicatorInput>> inputs,
                         std::vector<std::string> extra_warnings,
                         bool use_cache);
  // Makes the Score calls of every scoring without a cache hit, at once.
  void ScoreAll(const std::vector<Scoring*>& scorings, absl::Time deadline,
                const IncomingCall* incoming);
  // Builds the answer of a prepared and scored `scoring` (and caches it).
  absl::StatusOr<v1::DyadAssessment> Assemble(const Plan& plan,
                                              const Fetched& fetched,
                                              Scoring& scoring,
                                              absl::Time deadline);
  // PrepareScoring, ScoreAll and Assemble for one set of inputs.
  absl::StatusOr<v1::DyadAssessment> ScoreAndAssemble(
      const Plan& plan, const Fetched& fetched,
      std::vector<std::vector<v1::IndicatorInput>> inputs, absl::Time deadline,
      const IncomingCall* incoming);
  absl::Time Now() const;

  // With a positive cache_max_age, a recent enough cached answer to `plan`
  // (no backend is asked).
  std::optional<v1::DyadAssessment> RecentAnswer(const Plan& plan);
  std::optional<v1::DyadAssessment> CacheGet(const std::string& key);
  // The newest cached answer to the request with `fingerprint` when it is at
  // most cache_max_age old.
  std::optional<v1::DyadAssessment> CacheGetRecent(
      const std::string& fingerprint);
  void CachePut(const std::string& key, const std::string& fingerprint,
                const v1::DyadAssessment& value);

  struct CacheEntry {
    std::string key;  // the request's fingerprint and the data versions
    std::string fingerprint;
    absl::Time stored;
    v1::DyadAssessment assessment;
    // The assessment with from_cache set, encoded: what RecentBytes serves.
    std::shared_ptr<const std::string> encoded;
  };
  // With a positive cache_max_age, the encoded recent answer to `plan`, if
  // any (null for a bad plan).
  std::shared_ptr<const std::string> RecentBytes(
      const absl::StatusOr<Plan>& plan);

  EventsBackend* const events_;
  EconomicsBackend* const economics_;
  SecurityRiskBackend* const security_risk_;
  ScoringBackend* const scoring_;
  const AggregatorOptions options_;
  FanOutLimiter fan_outs_;

  absl::Mutex mu_;
  // Most recently used first.
  std::list<CacheEntry> lru_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::list<CacheEntry>::iterator> index_
      ABSL_GUARDED_BY(mu_);
  // Each fingerprint's newest entry.
  absl::flat_hash_map<std::string, std::list<CacheEntry>::iterator> recent_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_ASSESSMENT_AGGREGATOR_H_
