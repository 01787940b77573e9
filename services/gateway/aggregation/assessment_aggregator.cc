#include "services/gateway/aggregation/assessment_aggregator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/proto/deterministic.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/types/type_proto_convert.h"
#include "common/util/fingerprint.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/code.pb.h"
#include "services/gateway/aggregation/assessment_parts.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::gateway::v1::BackendStatus;
using ::dyadscope::gateway::v1::DyadAssessment;
using ::dyadscope::gateway::v1::IndicatorInput;
using ::dyadscope::type::v1::SourceUsage;

type::v1::Date DateProto(const Date& date) {
  type::v1::Date proto;
  DateToProto(date, &proto);
  return proto;
}

absl::Status DeadlinePassed(absl::string_view stage) {
  return absl::DeadlineExceededError(
      absl::StrCat("the request's deadline passed ", stage));
}

}  // namespace

// A validated request with every default resolved.
struct AssessmentAggregator::Plan {
  AssessmentScope scope;
  BackendRequests requests;
  // The Score request without periods: model, thresholds, Monte Carlo and
  // sensitivity settings.
  scoring::v1::ScoreRequest score_settings;
  bool bypass_cache = false;
  // The fingerprint of the normalised request (backend requests and score
  // settings), hex.
  std::string fingerprint;
  std::vector<std::string> warnings;
};

// The backends' answers to one plan.
struct AssessmentAggregator::Fetched {
  // The fan-out slot, held until the answer is assembled (scoring too).
  std::optional<FanOutLimiter::Slot> slot;
  BackendAnswers answers;
  // In launch order: events ×3, votes, economics, risk per period.
  std::vector<CallRecord> calls;
  std::vector<BackendStatus> statuses;
  std::vector<std::string> warnings;
  // True when every call succeeded.
  bool complete = false;
  // True when every answer carried a data version, so a cached assessment
  // can be proven current.
  bool versioned = false;
};

// One Score call of a request and what its answer is assembled from.
struct AssessmentAggregator::Scoring {
  std::vector<std::vector<IndicatorInput>> inputs;
  std::vector<std::string> extra_warnings;
  // Whether the answer may be cached, under `key`.
  bool cacheable = false;
  std::string key;
  // The cached answer, when there is one: then no Score call is made.
  std::optional<DyadAssessment> hit;
  scoring::v1::ScoreRequest request;
  absl::StatusOr<scoring::v1::ScoreResponse> scored =
      absl::UnavailableError("not called");
  CallRecord call;
};

AssessmentAggregator::AssessmentAggregator(EventsBackend* events,
                                           EconomicsBackend* economics,
                                           SecurityRiskBackend* security_risk,
                                           ScoringBackend* scoring,
                                           AggregatorOptions options)
    : events_(events),
      economics_(economics),
      security_risk_(security_risk),
      scoring_(scoring),
      options_(std::move(options)),
      fan_outs_(options_.max_concurrent_fanouts) {}

absl::Time AssessmentAggregator::Now() const {
  return options_.clock ? options_.clock() : absl::Now();
}

absl::StatusOr<AssessmentAggregator::Plan> AssessmentAggregator::PlanRequest(
    const type::v1::Dyad* dyad,
    const google::protobuf::RepeatedPtrField<type::v1::Period>& periods,
    const v1::AssessmentOptions& options,
    const v1::GetTimelineRequest* timeline) const {
  FieldViolations violations;
  Plan plan;
  AssessmentScope& scope = plan.scope;

  std::optional<Dyad> parsed_dyad;
  if (dyad == nullptr) {
    violations.Add("dyad", "is required");
  } else {
    parsed_dyad = DyadFromProto(*dyad, "dyad", violations);
    if (parsed_dyad.has_value()) DyadToProto(*parsed_dyad, &scope.dyad);
  }

  Date as_of;
  if (options.has_as_of_date()) {
    std::optional<Date> date =
        DateFromProto(options.as_of_date(), "options.as_of_date", violations);
    if (date.has_value()) as_of = LastDay(*date);
  } else {
    const absl::CivilDay today = absl::ToCivilDay(Now(), absl::UTCTimeZone());
    as_of = Date{static_cast<int>(today.year()), today.month(), today.day(),
                 DatePrecision::kDay};
  }
  scope.as_of_date = DateProto(as_of);
  const bool as_of_ok = as_of.year != 0;

  scope.risk_horizon_days = options.risk_horizon_days() == 0
                                ? options_.default_risk_horizon_days
                                : options.risk_horizon_days();
  if (scope.risk_horizon_days < kMinRiskHorizonDays ||
      scope.risk_horizon_days > kMaxRiskHorizonDays) {
    violations.Add(
        "options.risk_horizon_days",
        absl::StrCat("must be from ", kMinRiskHorizonDays, " to ",
                     kMaxRiskHorizonDays, " days (0 for the default), got ",
                     options.risk_horizon_days()));
  }

  const std::string& reference = options.reference_country_code();
  if (!reference.empty()) {
    if (!LooksLikeIso3(reference)) {
      violations.Add("options.reference_country_code",
                     "must be an ISO 3166-1 alpha-3 code such as \"IND\"");
    } else if (parsed_dyad.has_value() &&
               (reference == parsed_dyad->country_a ||
                reference == parsed_dyad->country_b)) {
      violations.Add("options.reference_country_code",
                     "must differ from the dyad's countries");
    }
    scope.reference_country_code = reference;
  } else if (parsed_dyad.has_value() &&
             options_.default_reference_country_code !=
                 parsed_dyad->country_a &&
             options_.default_reference_country_code !=
                 parsed_dyad->country_b) {
    scope.reference_country_code = options_.default_reference_country_code;
  }

  if (timeline != nullptr) {
    const int start = timeline->start_year();
    const int end =
        timeline->has_end_year() ? timeline->end_year() : as_of.year;
    bool ok = true;
    if (start == 0) {
      violations.Add("start_year", "is required");
      ok = false;
    } else if (start < 1 || start > 9999) {
      violations.Add("start_year", "must be between 1 and 9999");
      ok = false;
    } else if (as_of_ok && start > as_of.year) {
      violations.Add("start_year",
                     absl::StrCat("must not be after the as-of date's year (",
                                  as_of.year, ")"));
      ok = false;
    }
    if (ok && end < start) {
      violations.Add("end_year", "must not be before start_year");
      ok = false;
    } else if (ok && end - start + 1 > kMaxTimelineYears) {
      violations.Add("end_year", absl::StrCat("the timeline may span at most ",
                                              kMaxTimelineYears, " years, got ",
                                              end - start + 1));
      ok = false;
    } else if (ok && as_of_ok && end > as_of.year) {
      violations.Add("end_year",
                     absl::StrCat("must not be after the as-of date's year (",
                                  as_of.year, ")"));
      ok = false;
    }
    if (ok) {
      for (int year = start; year <= end; ++year) {
        type::v1::Period period;
        period.set_name(absl::StrCat(year));
        period.set_start_year(year);
        period.set_end_year(year);
        period.set_display_name(absl::StrCat(year));
        scope.periods.push_back(std::move(period));
      }
    }
  } else if (periods.empty()) {
    std::vector<std::string> dropped;
    for (const Period& period : options_.default_periods) {
      if (as_of_ok && period.start_year > as_of.year) {
        dropped.push_back(period.name);
        continue;
      }
      type::v1::Period proto;
      PeriodToProto(period, &proto);
      scope.periods.push_back(std::move(proto));
    }
    if (scope.periods.empty()) {
      violations.Add("options.as_of_date",
                     "is before every default period: name the periods");
    } else if (!dropped.empty()) {
      plan.warnings.push_back(
          absl::StrCat("default period(s) ", absl::StrJoin(dropped, ", "),
                       " left out: they start after the as-of date"));
    }
  } else if (periods.size() > kMaxAssessmentPeriods) {
    violations.Add("periods", absl::StrCat("at most ", kMaxAssessmentPeriods,
                                           " periods, got ", periods.size()));
  } else {
    const std::vector<Period> parsed =
        PeriodsFromProto(periods, "periods", violations);
    if (parsed.size() == static_cast<size_t>(periods.size())) {
      for (int i = 0; i < periods.size(); ++i) {
        const std::string field = absl::StrCat("periods[", i, "]");
        if (i > 0 && periods[i].start_year() < periods[i - 1].start_year()) {
          violations.Add(field + ".start_year",
                         "periods must be in time order");
        }
        if (as_of_ok && periods[i].start_year() > as_of.year) {
          violations.Add(
              field + ".start_year",
              absl::StrCat("must not be after the as-of date's year (",
                           as_of.year, ")"));
        }
        scope.periods.push_back(periods[i]);
      }
    }
  }

  if (options.has_as_of_time()) scope.as_of_time = options.as_of_time();
  if (!violations.empty()) return violations.ToStatus();

  plan.requests = BuildBackendRequests(scope);
  scoring::v1::ScoreRequest& settings = plan.score_settings;
  if (options.has_model()) *settings.mutable_model() = options.model();
  if (options.has_thresholds()) {
    *settings.mutable_thresholds() = options.thresholds();
  }
  if (options.has_monte_carlo()) {
    *settings.mutable_monte_carlo() = options.monte_carlo();
  }
  if (timeline != nullptr) settings.mutable_sensitivity()->set_skip(true);
  plan.bypass_cache = options.bypass_cache();

  // The fingerprint covers everything that shapes the answer: the backend
  // requests as built (dyad, resolved periods, as-of date and time,
  // reference, horizon) and the scoring settings. Each part is
  // length-prefixed so that no two requests give the same bytes.
  std::string bytes;
  auto append = [&bytes](const google::protobuf::Message& message) {
    const std::string part = SerializeDeterministic(message);
    absl::StrAppend(&bytes, part.size(), ":", part);
  };
  append(plan.requests.events_all);
  append(plan.requests.events_security);
  append(plan.requests.events_friendship);
  append(plan.requests.voting);
  append(plan.requests.economics);
  for (const auto& risk : plan.requests.risk) append(risk);
  append(settings);
  for (const type::v1::Period& period : scope.periods) append(period);
  plan.fingerprint = FingerprintHex(bytes);
  return plan;
}

absl::StatusOr<AssessmentAggregator::Fetched> AssessmentAggregator::Fetch(
    const Plan& plan, absl::Time deadline, const IncomingCall* incoming) {
  if (absl::Now() >= deadline) return DeadlinePassed("before the backends");
  DYADSCOPE_ASSIGN_OR_RETURN(FanOutLimiter::Slot slot,
                             fan_outs_.Acquire(deadline));
  Fetched fetched;
  fetched.slot.emplace(std::move(slot));
  const BackendRequests& requests = plan.requests;
  BackendAnswers& answers = fetched.answers;
  answers.risk.resize(requests.risk.size(),
                      absl::UnavailableError("not called"));

  // The table of calls: backend and method, label, budget, and the
  // request each sends and the slot its answer goes to.
  std::vector<FanOutCall> table = {
      {v1::BACKEND_EVENTS, kSummarizeEventsMethod,
       "SummarizeEvents (all events)", options_.events_timeout,
       CallInto(events_, &EventsBackend::SummarizeEvents, requests.events_all,
                &answers.events_all)},
      {v1::BACKEND_EVENTS, kSummarizeEventsMethod,
       "SummarizeEvents (security-domain filter)", options_.events_timeout,
       CallInto(events_, &EventsBackend::SummarizeEvents,
                requests.events_security, &answers.events_security)},
      {v1::BACKEND_EVENTS, kSummarizeEventsMethod,
       "SummarizeEvents (friendship-themes filter)", options_.events_timeout,
       CallInto(events_, &EventsBackend::SummarizeEvents,
                requests.events_friendship, &answers.events_friendship)},
      {v1::BACKEND_EVENTS, kGetVotingAlignmentMethod, "GetVotingAlignment",
       options_.events_timeout,
       CallInto(events_, &EventsBackend::GetVotingAlignment, requests.voting,
                &answers.voting)},
      {v1::BACKEND_ECONOMICS, kSummarizeIndicatorsMethod, "SummarizeIndicators",
       options_.economics_timeout,
       CallInto(economics_, &EconomicsBackend::SummarizeIndicators,
                requests.economics, &answers.economics)},
  };
  for (size_t i = 0; i < requests.risk.size(); ++i) {
    table.push_back(
        {v1::BACKEND_SECURITY_RISK, kAssessRiskMethod,
         absl::StrCat("AssessRisk (", plan.scope.periods[i].name(), ")"),
         options_.security_risk_timeout,
         CallInto(security_risk_, &SecurityRiskBackend::AssessRisk,
                  requests.risk[i], &answers.risk[i])});
  }
  fetched.calls = RunFanOut(table, deadline, incoming);

  fetched.statuses = SummarizeCalls(fetched.calls);
  fetched.warnings = FailureWarnings(fetched.statuses, fetched.calls);
  fetched.complete = true;
  fetched.versioned = true;
  for (const CallRecord& call : fetched.calls) {
    if (!call.status.ok()) fetched.complete = false;
    if (call.data_version.empty()) fetched.versioned = false;
  }
  DYADSCOPE_RETURN_IF_ERROR(FirstInvalidArgument(fetched.calls));
  if (absl::Now() >= deadline) return DeadlinePassed("awaiting the backends");
  return fetched;
}

AssessmentAggregator::Scoring AssessmentAggregator::PrepareScoring(
    const Plan& plan, const Fetched& fetched,
    std::vector<std::vector<IndicatorInput>> inputs,
    std::vector<std::string> extra_warnings, bool use_cache) {
  Scoring s;
  s.inputs = std::move(inputs);
  s.extra_warnings = std::move(extra_warnings);
  // Only complete, versioned answers are cached or served from the cache: a
  // provisional answer is a transient gap, and without data versions a
  // cached answer could not be proven current.
  s.cacheable = use_cache && options_.cache_capacity > 0 && fetched.complete &&
                fetched.versioned;
  if (s.cacheable) {
    s.key = absl::StrCat(plan.fingerprint, "|", VersionsKey(fetched.calls));
    if (!plan.bypass_cache) {
      std::optional<DyadAssessment> hit = CacheGet(s.key);
      if (hit.has_value()) {
        // This request's own backend calls replace the cached ones; the
        // scoring entry stays: it is the call that produced these scores.
        std::optional<BackendStatus> scoring_status;
        for (const BackendStatus& b : hit->backends()) {
          if (b.backend() == v1::BACKEND_SCORING) scoring_status = b;
        }
        hit->clear_backends();
        for (const BackendStatus& b : fetched.statuses) {
          *hit->add_backends() = b;
        }
        if (scoring_status.has_value()) *hit->add_backends() = *scoring_status;
        hit->set_from_cache(true);
        s.hit = *std::move(hit);
        return s;
      }
    }
  }
  s.request = plan.score_settings;
  for (size_t i = 0; i < plan.scope.periods.size(); ++i) {
    scoring::v1::PeriodIndicators* period = s.request.add_periods();
    *period->mutable_period() = plan.scope.periods[i];
    for (scoring::v1::IndicatorValue& value : ToIndicatorValues(s.inputs[i])) {
      *period->add_values() = std::move(value);
    }
  }
  return s;
}

void AssessmentAggregator::ScoreAll(const std::vector<Scoring*>& scorings,
                                    absl::Time deadline,
                                    const IncomingCall* incoming) {
  std::vector<FanOutCall> table;
  std::vector<Scoring*> called;
  for (Scoring* s : scorings) {
    if (s->hit.has_value()) continue;
    table.push_back(
        {v1::BACKEND_SCORING, kScoreMethod, "Score", options_.scoring_timeout,
         CallInto(scoring_, &ScoringBackend::Score, s->request, &s->scored)});
    called.push_back(s);
  }
  std::vector<CallRecord> records = RunFanOut(table, deadline, incoming);
  for (size_t i = 0; i < called.size(); ++i) {
    called[i]->call = std::move(records[i]);
  }
}

absl::StatusOr<DyadAssessment> AssessmentAggregator::ScoreAndAssemble(
    const Plan& plan, const Fetched& fetched,
    std::vector<std::vector<IndicatorInput>> inputs, absl::Time deadline,
    const IncomingCall* incoming) {
  Scoring s = PrepareScoring(plan, fetched, std::move(inputs), {},
                             /*use_cache=*/true);
  ScoreAll({&s}, deadline, incoming);
  return Assemble(plan, fetched, s, deadline);
}

absl::StatusOr<DyadAssessment> AssessmentAggregator::Assemble(
    const Plan& plan, const Fetched& fetched, Scoring& s, absl::Time deadline) {
  if (s.hit.has_value()) return *std::move(s.hit);
  const AssessmentScope& scope = plan.scope;
  const scoring::v1::ScoreRequest& request = s.request;
  const absl::StatusOr<scoring::v1::ScoreResponse>& scored = s.scored;
  std::vector<std::vector<IndicatorInput>>& inputs = s.inputs;
  if (scored.status().code() == absl::StatusCode::kInvalidArgument) {
    return scored.status();
  }
  if (absl::Now() >= deadline) return DeadlinePassed("while scoring");

  DyadAssessment a;
  *a.mutable_dyad() = scope.dyad;
  if (scored.ok()) {
    *a.mutable_model() = scored->model();
    *a.mutable_thresholds() = scored->thresholds();
    *a.mutable_monte_carlo() = scored->monte_carlo();
    for (const scoring::v1::PeriodChange& change : scored->changes()) {
      *a.add_changes() = change;
    }
  } else {
    if (request.has_model()) *a.mutable_model() = request.model();
    if (request.has_thresholds())
      *a.mutable_thresholds() = request.thresholds();
    if (request.has_monte_carlo()) {
      *a.mutable_monte_carlo() = request.monte_carlo();
    }
  }
  for (size_t i = 0; i < scope.periods.size(); ++i) {
    v1::PeriodAssessment* period = a.add_periods();
    *period->mutable_period() = scope.periods[i];
    if (scored.ok()) {
      for (const scoring::v1::PeriodScore& score : scored->periods()) {
        if (score.period().name() == scope.periods[i].name()) {
          *period->mutable_score() = score;
          break;
        }
      }
    }
    if (a.has_model()) SortByModel(a.model(), inputs[i]);
    for (IndicatorInput& input : inputs[i]) {
      *period->add_inputs() = std::move(input);
    }
  }
  a.set_scores_available(scored.ok());
  a.set_provisional(!fetched.complete || !scored.ok());
  for (const BackendStatus& b : fetched.statuses) *a.add_backends() = b;
  for (BackendStatus& b : SummarizeCalls({s.call})) {
    *a.add_backends() = std::move(b);
  }

  std::vector<const google::protobuf::RepeatedPtrField<SourceUsage>*> lists;
  const BackendAnswers& answers = fetched.answers;
  if (answers.events_all.ok()) lists.push_back(&answers.events_all->sources());
  if (answers.events_security.ok()) {
    lists.push_back(&answers.events_security->sources());
  }
  if (answers.events_friendship.ok()) {
    lists.push_back(&answers.events_friendship->sources());
  }
  if (answers.voting.ok()) lists.push_back(&answers.voting->sources());
  if (answers.economics.ok()) lists.push_back(&answers.economics->sources());
  for (const auto& risk : answers.risk) {
    if (risk.ok()) lists.push_back(&risk->sources());
  }
  for (SourceUsage& usage : MergeSources(lists)) {
    *a.add_sources() = std::move(usage);
  }

  a.set_reference_country_code(scope.reference_country_code);
  a.set_risk_horizon_days(scope.risk_horizon_days);
  *a.mutable_as_of_date() = scope.as_of_date;
  if (scope.as_of_time.has_value()) *a.mutable_as_of_time() = *scope.as_of_time;
  TimeToProto(Now(), a.mutable_compute_time());
  a.set_from_cache(false);

  std::vector<std::string> warnings = plan.warnings;
  for (const std::string& w : fetched.warnings) warnings.push_back(w);
  if (!scored.ok()) {
    warnings.push_back(absl::StrCat(
        "scoring failed (",
        TruncateUtf8(StatusText(scored.status()), kMaxStatusMessageBytes),
        "): only the inputs are returned, without scores"));
  }
  for (std::string& w : MissingInputWarnings(a)) warnings.push_back(w);
  for (std::string& w : InsufficientIndexWarnings(a)) warnings.push_back(w);
  for (std::string& w : s.extra_warnings) warnings.push_back(std::move(w));
  for (std::string& w : warnings) a.add_warnings(std::move(w));

  if (s.cacheable && scored.ok()) CachePut(s.key, plan.fingerprint, a);
  return a;
}

std::shared_ptr<const std::string> AssessmentAggregator::RecentBytes(
    const absl::StatusOr<Plan>& plan) {
  if (!plan.ok() || plan->bypass_cache ||
      options_.cache_max_age <= absl::ZeroDuration() ||
      options_.cache_capacity == 0) {
    return nullptr;
  }
  absl::MutexLock lock(&mu_);
  auto it = recent_.find(plan->fingerprint);
  if (it == recent_.end() ||
      absl::Now() - it->second->stored > options_.cache_max_age) {
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->encoded;
}

std::shared_ptr<const std::string> AssessmentAggregator::RecentAssessmentBytes(
    const v1::AssessDyadRequest& request) {
  if (options_.cache_max_age <= absl::ZeroDuration()) return nullptr;
  return RecentBytes(PlanRequest(request.has_dyad() ? &request.dyad() : nullptr,
                                 request.periods(), request.options(),
                                 nullptr));
}

std::shared_ptr<const std::string> AssessmentAggregator::RecentTimelineBytes(
    const v1::GetTimelineRequest& request) {
  if (options_.cache_max_age <= absl::ZeroDuration()) return nullptr;
  return RecentBytes(PlanRequest(request.has_dyad() ? &request.dyad() : nullptr,
                                 {}, request.options(), &request));
}

std::optional<DyadAssessment> AssessmentAggregator::RecentAnswer(
    const Plan& plan) {
  if (options_.cache_max_age <= absl::ZeroDuration() ||
      options_.cache_capacity == 0 || plan.bypass_cache) {
    return std::nullopt;
  }
  std::optional<DyadAssessment> hit = CacheGetRecent(plan.fingerprint);
  if (hit.has_value()) hit->set_from_cache(true);
  return hit;
}

absl::StatusOr<DyadAssessment> AssessmentAggregator::Assess(
    const v1::AssessDyadRequest& request, absl::Time deadline,
    const IncomingCall* incoming) {
  DYADSCOPE_ASSIGN_OR_RETURN(
      Plan plan, PlanRequest(request.has_dyad() ? &request.dyad() : nullptr,
                             request.periods(), request.options(), nullptr));
  return AssessPlan(plan, deadline, incoming);
}

absl::StatusOr<DyadAssessment> AssessmentAggregator::Timeline(
    const v1::GetTimelineRequest& request, absl::Time deadline,
    const IncomingCall* incoming) {
  DYADSCOPE_ASSIGN_OR_RETURN(
      Plan plan, PlanRequest(request.has_dyad() ? &request.dyad() : nullptr, {},
                             request.options(), &request));
  return AssessPlan(plan, deadline, incoming);
}

absl::StatusOr<DyadAssessment> AssessmentAggregator::AssessPlan(
    const Plan& plan, absl::Time deadline, const IncomingCall* incoming) {
  if (std::optional<DyadAssessment> recent = RecentAnswer(plan)) {
    return *std::move(recent);
  }
  DYADSCOPE_ASSIGN_OR_RETURN(Fetched fetched, Fetch(plan, deadline, incoming));
  return ScoreAndAssemble(plan, fetched,
                          MapIndicatorInputs(plan.scope, fetched.answers),
                          deadline, incoming);
}

absl::StatusOr<v1::SimulateResponse> AssessmentAggregator::Simulate(
    const v1::SimulateRequest& request, absl::Time deadline,
    const IncomingCall* incoming) {
  DYADSCOPE_ASSIGN_OR_RETURN(
      Plan plan, PlanRequest(request.has_dyad() ? &request.dyad() : nullptr,
                             request.periods(), request.options(), nullptr));

  FieldViolations violations;
  if (request.overrides().empty()) {
    violations.Add("overrides", "at least one override is required");
  }
  for (int k = 0; k < request.overrides_size(); ++k) {
    const v1::IndicatorOverride& o = request.overrides(k);
    const std::string field = absl::StrCat("overrides[", k, "]");
    if (FindIndicatorSpec(o.indicator_id()) == nullptr) {
      violations.Add(
          field + ".indicator_id",
          absl::StrCat("unknown indicator id \"", o.indicator_id(), "\""));
    }
    if (!o.period_name().empty() &&
        std::none_of(plan.scope.periods.begin(), plan.scope.periods.end(),
                     [&](const type::v1::Period& p) {
                       return p.name() == o.period_name();
                     })) {
      violations.Add(
          field + ".period_name",
          absl::StrCat("no period is named \"", o.period_name(), "\""));
    }
    switch (o.change_case()) {
      case v1::IndicatorOverride::kValue:
        if (!std::isfinite(o.value())) {
          violations.Add(field + ".value", "must be a finite number");
        }
        break;
      case v1::IndicatorOverride::kRelativeChange:
        if (!std::isfinite(o.relative_change())) {
          violations.Add(field + ".relative_change", "must be a finite number");
        }
        break;
      case v1::IndicatorOverride::kAbsoluteChange:
        if (!std::isfinite(o.absolute_change())) {
          violations.Add(field + ".absolute_change", "must be a finite number");
        }
        break;
      default:
        violations.Add(field + ".change",
                       "one of value, relative_change or absolute_change is "
                       "required");
    }
    if (o.has_standard_error() &&
        !(std::isfinite(o.standard_error()) && o.standard_error() >= 0.0)) {
      violations.Add(field + ".standard_error", "must be a finite number >= 0");
    }
  }
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());

  DYADSCOPE_ASSIGN_OR_RETURN(Fetched fetched, Fetch(plan, deadline, incoming));

  std::vector<std::vector<IndicatorInput>> baseline_inputs =
      MapIndicatorInputs(plan.scope, fetched.answers);
  std::vector<std::vector<IndicatorInput>> simulated_inputs = baseline_inputs;
  std::vector<std::string> override_warnings =
      ApplyOverrides(request.overrides(), plan.scope.periods, simulated_inputs);

  // Both Score calls at once; the baseline may come from the cache (it is
  // the same assessment AssessDyad would return), the simulation never.
  Scoring baseline_scoring =
      PrepareScoring(plan, fetched, std::move(baseline_inputs), {},
                     /*use_cache=*/true);
  Scoring simulated_scoring =
      PrepareScoring(plan, fetched, std::move(simulated_inputs),
                     std::move(override_warnings), /*use_cache=*/false);
  ScoreAll({&baseline_scoring, &simulated_scoring}, deadline, incoming);
  absl::StatusOr<DyadAssessment> baseline =
      Assemble(plan, fetched, baseline_scoring, deadline);
  absl::StatusOr<DyadAssessment> simulated =
      Assemble(plan, fetched, simulated_scoring, deadline);
  DYADSCOPE_RETURN_IF_ERROR(baseline.status());
  DYADSCOPE_RETURN_IF_ERROR(simulated.status());

  v1::SimulateResponse response;
  for (v1::SimulationDifference& d : Differences(*baseline, *simulated)) {
    *response.add_differences() = std::move(d);
  }
  *response.mutable_baseline() = *std::move(baseline);
  *response.mutable_simulated() = *std::move(simulated);
  return response;
}

std::optional<DyadAssessment> AssessmentAggregator::CacheGet(
    const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->assessment;
}

std::optional<DyadAssessment> AssessmentAggregator::CacheGetRecent(
    const std::string& fingerprint) {
  absl::MutexLock lock(&mu_);
  auto it = recent_.find(fingerprint);
  if (it == recent_.end()) return std::nullopt;
  if (absl::Now() - it->second->stored > options_.cache_max_age) {
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->assessment;
}

void AssessmentAggregator::CachePut(const std::string& key,
                                    const std::string& fingerprint,
                                    const DyadAssessment& value) {
  DyadAssessment served = value;
  served.set_from_cache(true);
  auto encoded =
      std::make_shared<const std::string>(served.SerializeAsString());
  absl::MutexLock lock(&mu_);
  auto it = index_.find(key);
  if (it != index_.end()) {
    it->second->assessment = value;
    it->second->encoded = std::move(encoded);
    it->second->stored = absl::Now();
    lru_.splice(lru_.begin(), lru_, it->second);
    recent_[fingerprint] = it->second;
    return;
  }
  lru_.push_front(
      CacheEntry{key, fingerprint, absl::Now(), value, std::move(encoded)});
  index_[key] = lru_.begin();
  recent_[fingerprint] = lru_.begin();
  while (lru_.size() > options_.cache_capacity) {
    const CacheEntry& last = lru_.back();
    auto newest = recent_.find(last.fingerprint);
    if (newest != recent_.end() && newest->second == std::prev(lru_.end())) {
      recent_.erase(newest);
    }
    index_.erase(last.key);
    lru_.pop_back();
  }
}

}  // namespace dyadscope::gateway
