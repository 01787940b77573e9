#include "services/gateway/aggregation/assessment_aggregator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <thread>
#include <tuple>
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

namespace dyadscope::gateway {
namespace {

using ::dyadscope::gateway::v1::BackendStatus;
using ::dyadscope::gateway::v1::DyadAssessment;
using ::dyadscope::gateway::v1::IndicatorInput;
using ::dyadscope::type::v1::SourceUsage;

// BackendStatus.status_message is truncated to this many bytes.
constexpr size_t kMaxStatusMessageBytes = 500;
// Warnings list at most this many period names.
constexpr size_t kMaxNamesInWarning = 5;

// Returns `text` cut to at most `max_bytes` without splitting a UTF-8
// character (proto3 strings must stay valid UTF-8).
std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end));
}

std::string StatusText(const absl::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ",
                      status.message());
}

std::string NamesList(const std::vector<std::string>& names) {
  if (names.size() <= kMaxNamesInWarning) return absl::StrJoin(names, ", ");
  std::vector<std::string> head(names.begin(),
                                names.begin() + kMaxNamesInWarning);
  return absl::StrCat(absl::StrJoin(head, ", "), " and ",
                      names.size() - kMaxNamesInWarning, " more");
}

google::protobuf::Duration DurationProto(absl::Duration d) {
  return google::protobuf::util::TimeUtil::NanosecondsToDuration(
      absl::ToInt64Nanoseconds(d));
}

type::v1::Date DateProto(const Date& date) {
  type::v1::Date proto;
  DateToProto(date, &proto);
  return proto;
}

// One backend call of an assessment and how it went.
struct CallRecord {
  v1::Backend backend = v1::BACKEND_UNSPECIFIED;
  const char* method = "";
  // The call in words, for warnings ("events.SummarizeEvents (security
  // filter)").
  std::string label;
  absl::Status status = absl::UnavailableError("not called");
  absl::Duration latency = absl::ZeroDuration();
  std::string data_version;
};

// Returns the data version a backend answer carries (scoring has none: it
// stores no data).
template <typename Response>
std::string DataVersionOf(const Response& response) {
  return response.data_version();
}
std::string DataVersionOf(const scoring::v1::ScoreResponse&) { return ""; }

// Runs `call` with `deadline`, storing its answer in `slot` and how it went
// in `record`. An answer that arrives after its deadline counts as late,
// whatever the implementation returned: the caller's budget is the rule.
template <typename Response, typename Call>
void RunCall(Call call, absl::Time deadline, absl::StatusOr<Response>* slot,
             CallRecord* record) {
  CallOptions options;
  options.deadline = deadline;
  const absl::Time start = absl::Now();
  absl::StatusOr<Response> result = call(options);
  const absl::Time end = absl::Now();
  record->latency = end - start;
  if (result.ok() && end > deadline) {
    result = absl::DeadlineExceededError(
        absl::StrCat("answered ", absl::FormatDuration(end - deadline),
                     " after its deadline"));
  }
  record->status = result.status();
  if (result.ok()) record->data_version = DataVersionOf(*result);
  *slot = std::move(result);
}

// Returns one BackendStatus per method called, in call order: available when
// every call of the method succeeded; the status of the first failure; the
// longest latency (the calls ran concurrently); one attempt per call (the
// backend interfaces report no retries); the data versions seen.
std::vector<BackendStatus> SummarizeCalls(
    const std::vector<CallRecord>& calls) {
  std::vector<BackendStatus> statuses;
  std::map<std::string, size_t> by_method;
  std::vector<std::vector<const CallRecord*>> groups;
  for (const CallRecord& call : calls) {
    auto [it, inserted] = by_method.emplace(call.method, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(&call);
  }
  for (const std::vector<const CallRecord*>& group : groups) {
    BackendStatus status;
    status.set_backend(group.front()->backend);
    status.set_method(group.front()->method);
    absl::Duration latency = absl::ZeroDuration();
    std::vector<std::string> failures;
    std::set<std::string> versions;
    const CallRecord* first_failure = nullptr;
    for (const CallRecord* call : group) {
      latency = std::max(latency, call->latency);
      if (call->status.ok()) {
        if (!call->data_version.empty()) versions.insert(call->data_version);
      } else {
        if (first_failure == nullptr) first_failure = call;
        failures.push_back(
            group.size() == 1
                ? std::string(call->status.message())
                : absl::StrCat(call->label, ": ", StatusText(call->status)));
      }
    }
    status.set_available(first_failure == nullptr);
    status.set_status_code(static_cast<google::rpc::Code>(
        first_failure == nullptr
            ? 0
            : static_cast<int>(first_failure->status.code())));
    status.set_status_message(
        TruncateUtf8(absl::StrJoin(failures, "; "), kMaxStatusMessageBytes));
    *status.mutable_latency() = DurationProto(latency);
    status.set_attempts(static_cast<int32_t>(group.size()));
    if (first_failure == nullptr) {
      status.set_data_version(absl::StrJoin(versions, ","));
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

// Returns one warning per method with failed calls.
std::vector<std::string> FailureWarnings(
    const std::vector<BackendStatus>& statuses,
    const std::vector<CallRecord>& calls) {
  std::vector<std::string> warnings;
  for (const BackendStatus& status : statuses) {
    if (status.available()) continue;
    int failed = 0;
    const CallRecord* first = nullptr;
    for (const CallRecord& call : calls) {
      if (call.method != status.method() || call.status.ok()) continue;
      ++failed;
      if (first == nullptr) first = &call;
    }
    if (first == nullptr) continue;
    warnings.push_back(absl::StrCat(
        status.method(), " failed",
        status.attempts() > 1
            ? absl::StrCat(" in ", failed, " of ", status.attempts(), " calls")
            : "",
        " (", TruncateUtf8(StatusText(first->status), kMaxStatusMessageBytes),
        "): the indicators read from it are missing and the assessment is "
        "provisional"));
  }
  return warnings;
}

// Returns the part of the cache key that proves the data current: every
// answer's data version, or its failure code.
std::string VersionsKey(const std::vector<CallRecord>& calls) {
  std::vector<std::string> parts;
  parts.reserve(calls.size());
  for (const CallRecord& call : calls) {
    parts.push_back(
        call.status.ok()
            ? call.data_version
            : absl::StrCat("!", absl::StatusCodeToString(call.status.code())));
  }
  return absl::StrJoin(parts, ",");
}

// Merges the sources of every answer: one entry per distinct source with
// the largest record count any answer reported (answers overlap — the
// filtered event summaries are subsets of the unfiltered one, and the
// per-period risk answers share history — so counts are not summed).
// Ordered by record count, descending.
std::vector<SourceUsage> MergeSources(
    const std::vector<const google::protobuf::RepeatedPtrField<SourceUsage>*>&
        lists) {
  std::map<std::string, SourceUsage> merged;
  for (const auto* list : lists) {
    for (const SourceUsage& usage : *list) {
      const std::string key = SerializeDeterministic(usage.source());
      auto [it, inserted] = merged.emplace(key, usage);
      if (!inserted && usage.record_count() > it->second.record_count()) {
        it->second.set_record_count(usage.record_count());
      }
    }
  }
  std::vector<SourceUsage> sources;
  sources.reserve(merged.size());
  for (auto& [key, usage] : merged) sources.push_back(std::move(usage));
  std::stable_sort(
      sources.begin(), sources.end(),
      [](const SourceUsage& a, const SourceUsage& b) {
        return std::make_tuple(-a.record_count(), a.source().source_system(),
                               a.source().citation()) <
               std::make_tuple(-b.record_count(), b.source().source_system(),
                               b.source().citation());
      });
  return sources;
}

// Sorts `inputs` into the model's component order (indicators the model
// does not use last, in the mapping's order).
void SortByModel(const scoring::v1::ScoringModel& model,
                 std::vector<IndicatorInput>& inputs) {
  std::map<std::string, int> rank;
  int next = 0;
  for (const scoring::v1::IndexDefinition& index : model.indices()) {
    for (const scoring::v1::Component& component : index.components()) {
      rank.emplace(component.indicator_id(), next++);
    }
  }
  std::stable_sort(inputs.begin(), inputs.end(),
                   [&](const IndicatorInput& a, const IndicatorInput& b) {
                     auto ra = rank.find(a.indicator_id());
                     auto rb = rank.find(b.indicator_id());
                     const int x = ra == rank.end() ? next : ra->second;
                     const int y = rb == rank.end() ? next : rb->second;
                     return x < y;
                   });
}

std::string IndexName(const scoring::v1::ScoringModel& model,
                      scoring::v1::Index index) {
  for (const scoring::v1::IndexDefinition& definition : model.indices()) {
    if (definition.index() == index && !definition.display_name().empty()) {
      return definition.display_name();
    }
  }
  return scoring::v1::Index_Name(index);
}

// Notes on indicators missing in some periods, one line per indicator.
std::vector<std::string> MissingInputWarnings(const DyadAssessment& a) {
  std::vector<std::string> warnings;
  for (const IndicatorSpec& spec : IndicatorSpecs()) {
    std::vector<std::string> periods;
    std::string first_reason;
    for (const v1::PeriodAssessment& period : a.periods()) {
      for (const IndicatorInput& input : period.inputs()) {
        if (input.indicator_id() != spec.indicator_id || input.has_value()) {
          continue;
        }
        periods.push_back(period.period().name());
        if (first_reason.empty()) first_reason = input.missing_reason();
      }
    }
    if (periods.empty()) continue;
    warnings.push_back(absl::StrCat(
        spec.indicator_id, " is missing in ", periods.size(), " of ",
        a.periods_size(), " period", a.periods_size() == 1 ? "" : "s", " (",
        NamesList(periods),
        "): ", TruncateUtf8(first_reason, kMaxStatusMessageBytes)));
  }
  return warnings;
}

// Notes on indices withheld for insufficient coverage, one line per index.
std::vector<std::string> InsufficientIndexWarnings(const DyadAssessment& a) {
  std::vector<std::string> warnings;
  std::map<int, std::vector<std::string>> withheld;
  for (const v1::PeriodAssessment& period : a.periods()) {
    for (const scoring::v1::IndexScore& index : period.score().indices()) {
      if (index.insufficient()) {
        withheld[index.index()].push_back(period.period().name());
      }
    }
  }
  for (const auto& [index, periods] : withheld) {
    warnings.push_back(absl::StrCat(
        IndexName(a.model(), static_cast<scoring::v1::Index>(index)),
        " is withheld in ", periods.size(), " of ", a.periods_size(), " period",
        a.periods_size() == 1 ? "" : "s", " (", NamesList(periods),
        "): too little of its weight has data"));
  }
  return warnings;
}

// Applies the overrides to `inputs` (per period, in scope order); returns
// warnings for overrides that could not apply.
std::vector<std::string> ApplyOverrides(
    const google::protobuf::RepeatedPtrField<v1::IndicatorOverride>& overrides,
    const std::vector<type::v1::Period>& periods,
    std::vector<std::vector<IndicatorInput>>& inputs) {
  std::vector<std::string> warnings;
  for (int k = 0; k < overrides.size(); ++k) {
    const v1::IndicatorOverride& o = overrides[k];
    for (size_t i = 0; i < periods.size(); ++i) {
      if (!o.period_name().empty() && o.period_name() != periods[i].name()) {
        continue;
      }
      for (IndicatorInput& input : inputs[i]) {
        if (input.indicator_id() != o.indicator_id()) continue;
        if (!input.has_value() &&
            o.change_case() != v1::IndicatorOverride::kValue) {
          warnings.push_back(absl::StrCat(
              "overrides[", k, "] not applied in ", periods[i].name(), ": ",
              o.indicator_id(), " has no value to change (",
              input.missing_reason(), ")"));
          continue;
        }
        double value = 0.0;
        switch (o.change_case()) {
          case v1::IndicatorOverride::kValue:
            value = o.value();
            break;
          case v1::IndicatorOverride::kRelativeChange:
            value = input.value() * (1.0 + o.relative_change());
            break;
          case v1::IndicatorOverride::kAbsoluteChange:
            value = input.value() + o.absolute_change();
            break;
          default:
            continue;  // Rejected by validation.
        }
        if (!std::isfinite(value)) {
          warnings.push_back(absl::StrCat("overrides[", k, "] not applied in ",
                                          periods[i].name(),
                                          ": the result is not finite"));
          continue;
        }
        if (!input.overridden() && input.has_value()) {
          input.set_baseline_value(input.value());
        }
        input.set_value(value);
        input.set_overridden(true);
        if (o.has_standard_error()) {
          input.set_standard_error(o.standard_error());
        }
      }
    }
  }
  return warnings;
}

const scoring::v1::IndexScore* FindIndex(const scoring::v1::PeriodScore& score,
                                         scoring::v1::Index index) {
  for (const scoring::v1::IndexScore& s : score.indices()) {
    if (s.index() == index) return &s;
  }
  return nullptr;
}

std::optional<double> ReportedScore(const scoring::v1::IndexScore* s) {
  if (s == nullptr || s->insufficient() || !s->has_score()) {
    return std::nullopt;
  }
  return s->score();
}

// Returns the differences per period (baseline order) and index (simulated
// model order); empty when either side has no scores.
std::vector<v1::SimulationDifference> Differences(
    const DyadAssessment& baseline, const DyadAssessment& simulated) {
  std::vector<v1::SimulationDifference> differences;
  if (!baseline.scores_available() || !simulated.scores_available()) {
    return differences;
  }
  for (int i = 0; i < baseline.periods_size() && i < simulated.periods_size();
       ++i) {
    const scoring::v1::PeriodScore& b = baseline.periods(i).score();
    const scoring::v1::PeriodScore& s = simulated.periods(i).score();
    for (const scoring::v1::IndexScore& sim_index : s.indices()) {
      v1::SimulationDifference d;
      d.set_period_name(baseline.periods(i).period().name());
      d.set_index(sim_index.index());
      const std::optional<double> before =
          ReportedScore(FindIndex(b, sim_index.index()));
      const std::optional<double> after = ReportedScore(&sim_index);
      if (before.has_value()) d.set_baseline_score(*before);
      if (after.has_value()) d.set_simulated_score(*after);
      if (before.has_value() && after.has_value()) {
        d.set_score_change(*after - *before);
      }
      d.set_baseline_class(b.relationship_class());
      d.set_simulated_class(s.relationship_class());
      d.set_class_changed(b.relationship_class() !=
                              scoring::v1::RELATIONSHIP_CLASS_UNSPECIFIED &&
                          s.relationship_class() !=
                              scoring::v1::RELATIONSHIP_CLASS_UNSPECIFIED &&
                          b.relationship_class() != s.relationship_class());
      differences.push_back(std::move(d));
    }
  }
  return differences;
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

AssessmentAggregator::AssessmentAggregator(EventsBackend* events,
                                           EconomicsBackend* economics,
                                           SecurityRiskBackend* security_risk,
                                           ScoringBackend* scoring,
                                           AggregatorOptions options)
    : events_(events),
      economics_(economics),
      security_risk_(security_risk),
      scoring_(scoring),
      options_(std::move(options)) {}

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

AssessmentAggregator::Fetched AssessmentAggregator::Fetch(const Plan& plan,
                                                          absl::Time deadline) {
  Fetched fetched;
  const BackendRequests& requests = plan.requests;
  const size_t risk_calls = requests.risk.size();
  fetched.answers.risk.resize(risk_calls, absl::UnavailableError("not called"));
  fetched.calls.resize(5 + risk_calls);

  // Every deadline is fixed before any call starts.
  const absl::Time now = absl::Now();
  const absl::Time events_deadline =
      std::min(deadline, now + options_.events_timeout);
  const absl::Time economics_deadline =
      std::min(deadline, now + options_.economics_timeout);
  const absl::Time risk_deadline =
      std::min(deadline, now + options_.security_risk_timeout);

  auto describe = [&](size_t i, v1::Backend backend, const char* method,
                      std::string label) {
    fetched.calls[i].backend = backend;
    fetched.calls[i].method = method;
    fetched.calls[i].label = std::move(label);
  };
  describe(0, v1::BACKEND_EVENTS, kSummarizeEventsMethod,
           "SummarizeEvents (all events)");
  describe(1, v1::BACKEND_EVENTS, kSummarizeEventsMethod,
           "SummarizeEvents (security-domain filter)");
  describe(2, v1::BACKEND_EVENTS, kSummarizeEventsMethod,
           "SummarizeEvents (friendship-themes filter)");
  describe(3, v1::BACKEND_EVENTS, kGetVotingAlignmentMethod,
           "GetVotingAlignment");
  describe(4, v1::BACKEND_ECONOMICS, kSummarizeIndicatorsMethod,
           "SummarizeIndicators");
  for (size_t i = 0; i < risk_calls; ++i) {
    describe(5 + i, v1::BACKEND_SECURITY_RISK, kAssessRiskMethod,
             absl::StrCat("AssessRisk (", plan.scope.periods[i].name(), ")"));
  }

  // One thread per call: all calls run at once and the slowest bounds the
  // wait. Each thread writes only its own slot and record; join() orders
  // those writes before the reads below.
  std::vector<std::thread> threads;
  threads.reserve(fetched.calls.size());
  BackendAnswers& answers = fetched.answers;
  std::vector<CallRecord>& calls = fetched.calls;
  threads.emplace_back([&] {
    RunCall(
        [&](const CallOptions& o) {
          return events_->SummarizeEvents(requests.events_all, o);
        },
        events_deadline, &answers.events_all, &calls[0]);
  });
  threads.emplace_back([&] {
    RunCall(
        [&](const CallOptions& o) {
          return events_->SummarizeEvents(requests.events_security, o);
        },
        events_deadline, &answers.events_security, &calls[1]);
  });
  threads.emplace_back([&] {
    RunCall(
        [&](const CallOptions& o) {
          return events_->SummarizeEvents(requests.events_friendship, o);
        },
        events_deadline, &answers.events_friendship, &calls[2]);
  });
  threads.emplace_back([&] {
    RunCall(
        [&](const CallOptions& o) {
          return events_->GetVotingAlignment(requests.voting, o);
        },
        events_deadline, &answers.voting, &calls[3]);
  });
  threads.emplace_back([&] {
    RunCall(
        [&](const CallOptions& o) {
          return economics_->SummarizeIndicators(requests.economics, o);
        },
        economics_deadline, &answers.economics, &calls[4]);
  });
  for (size_t i = 0; i < risk_calls; ++i) {
    threads.emplace_back([&, i] {
      RunCall(
          [&](const CallOptions& o) {
            return security_risk_->AssessRisk(requests.risk[i], o);
          },
          risk_deadline, &answers.risk[i], &calls[5 + i]);
    });
  }
  for (std::thread& thread : threads) thread.join();

  fetched.statuses = SummarizeCalls(fetched.calls);
  fetched.warnings = FailureWarnings(fetched.statuses, fetched.calls);
  fetched.complete = true;
  fetched.versioned = true;
  for (const CallRecord& call : fetched.calls) {
    if (!call.status.ok()) fetched.complete = false;
    if (call.data_version.empty()) fetched.versioned = false;
  }
  return fetched;
}

namespace {

// Returns the first INVALID_ARGUMENT among the calls: a request the gateway
// built that a backend rejected is an error, not a gap in the data.
absl::Status FirstInvalidArgument(const std::vector<CallRecord>& calls) {
  for (const CallRecord& call : calls) {
    if (call.status.code() == absl::StatusCode::kInvalidArgument) {
      return call.status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DyadAssessment> AssessmentAggregator::ScoreAndAssemble(
    const Plan& plan, const Fetched& fetched,
    std::vector<std::vector<IndicatorInput>> inputs,
    std::vector<std::string> extra_warnings, bool use_cache,
    absl::Time deadline) {
  const AssessmentScope& scope = plan.scope;
  // Only complete, versioned answers are cached or served from the cache: a
  // provisional answer is a transient gap, and without data versions a
  // cached answer could not be proven current.
  const bool cacheable = use_cache && options_.cache_capacity > 0 &&
                         fetched.complete && fetched.versioned;
  std::string key;
  if (cacheable) {
    key = absl::StrCat(plan.fingerprint, "|", VersionsKey(fetched.calls));
    if (!plan.bypass_cache) {
      std::optional<DyadAssessment> hit = CacheGet(key);
      if (hit.has_value()) {
        // This request's own backend calls replace the cached ones; the
        // scoring entry stays: it is the call that produced these scores.
        std::optional<BackendStatus> scoring_status;
        for (const BackendStatus& s : hit->backends()) {
          if (s.backend() == v1::BACKEND_SCORING) scoring_status = s;
        }
        hit->clear_backends();
        for (const BackendStatus& s : fetched.statuses) {
          *hit->add_backends() = s;
        }
        if (scoring_status.has_value()) *hit->add_backends() = *scoring_status;
        hit->set_from_cache(true);
        return *std::move(hit);
      }
    }
  }

  scoring::v1::ScoreRequest request = plan.score_settings;
  for (size_t i = 0; i < scope.periods.size(); ++i) {
    scoring::v1::PeriodIndicators* period = request.add_periods();
    *period->mutable_period() = scope.periods[i];
    for (scoring::v1::IndicatorValue& value : ToIndicatorValues(inputs[i])) {
      *period->add_values() = std::move(value);
    }
  }
  CallRecord score_call;
  score_call.backend = v1::BACKEND_SCORING;
  score_call.method = kScoreMethod;
  score_call.label = "Score";
  absl::StatusOr<scoring::v1::ScoreResponse> scored =
      absl::UnavailableError("not called");
  RunCall([&](const CallOptions& o) { return scoring_->Score(request, o); },
          std::min(deadline, absl::Now() + options_.scoring_timeout), &scored,
          &score_call);
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
  for (const BackendStatus& s : fetched.statuses) *a.add_backends() = s;
  for (BackendStatus& s : SummarizeCalls({score_call})) {
    *a.add_backends() = std::move(s);
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
  for (std::string& w : extra_warnings) warnings.push_back(std::move(w));
  for (std::string& w : warnings) a.add_warnings(std::move(w));

  if (cacheable && scored.ok()) CachePut(key, plan.fingerprint, a);
  return a;
}

std::shared_ptr<const std::string> AssessmentAggregator::RecentBytes(
    const Plan& plan) {
  if (plan.bypass_cache) return nullptr;
  absl::MutexLock lock(&mu_);
  auto it = recent_.find(plan.fingerprint);
  if (it == recent_.end() ||
      absl::Now() - it->second->stored > options_.cache_max_age) {
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->encoded;
}

std::shared_ptr<const std::string> AssessmentAggregator::RecentAssessmentBytes(
    const v1::AssessDyadRequest& request) {
  if (options_.cache_max_age <= absl::ZeroDuration() ||
      options_.cache_capacity == 0) {
    return nullptr;
  }
  absl::StatusOr<Plan> plan =
      PlanRequest(request.has_dyad() ? &request.dyad() : nullptr,
                  request.periods(), request.options(), nullptr);
  return plan.ok() ? RecentBytes(*plan) : nullptr;
}

std::shared_ptr<const std::string> AssessmentAggregator::RecentTimelineBytes(
    const v1::GetTimelineRequest& request) {
  if (options_.cache_max_age <= absl::ZeroDuration() ||
      options_.cache_capacity == 0) {
    return nullptr;
  }
  absl::StatusOr<Plan> plan =
      PlanRequest(request.has_dyad() ? &request.dyad() : nullptr, {},
                  request.options(), &request);
  return plan.ok() ? RecentBytes(*plan) : nullptr;
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
    const v1::AssessDyadRequest& request, absl::Time deadline) {
  DYADSCOPE_ASSIGN_OR_RETURN(
      Plan plan, PlanRequest(request.has_dyad() ? &request.dyad() : nullptr,
                             request.periods(), request.options(), nullptr));
  if (std::optional<DyadAssessment> recent = RecentAnswer(plan)) {
    return *std::move(recent);
  }
  if (absl::Now() >= deadline) return DeadlinePassed("before the backends");
  Fetched fetched = Fetch(plan, deadline);
  DYADSCOPE_RETURN_IF_ERROR(FirstInvalidArgument(fetched.calls));
  if (absl::Now() >= deadline) return DeadlinePassed("awaiting the backends");
  return ScoreAndAssemble(plan, fetched,
                          MapIndicatorInputs(plan.scope, fetched.answers), {},
                          /*use_cache=*/true, deadline);
}

absl::StatusOr<DyadAssessment> AssessmentAggregator::Timeline(
    const v1::GetTimelineRequest& request, absl::Time deadline) {
  DYADSCOPE_ASSIGN_OR_RETURN(
      Plan plan, PlanRequest(request.has_dyad() ? &request.dyad() : nullptr, {},
                             request.options(), &request));
  if (std::optional<DyadAssessment> recent = RecentAnswer(plan)) {
    return *std::move(recent);
  }
  if (absl::Now() >= deadline) return DeadlinePassed("before the backends");
  Fetched fetched = Fetch(plan, deadline);
  DYADSCOPE_RETURN_IF_ERROR(FirstInvalidArgument(fetched.calls));
  if (absl::Now() >= deadline) return DeadlinePassed("awaiting the backends");
  return ScoreAndAssemble(plan, fetched,
                          MapIndicatorInputs(plan.scope, fetched.answers), {},
                          /*use_cache=*/true, deadline);
}

absl::StatusOr<v1::SimulateResponse> AssessmentAggregator::Simulate(
    const v1::SimulateRequest& request, absl::Time deadline) {
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

  if (absl::Now() >= deadline) return DeadlinePassed("before the backends");
  Fetched fetched = Fetch(plan, deadline);
  DYADSCOPE_RETURN_IF_ERROR(FirstInvalidArgument(fetched.calls));
  if (absl::Now() >= deadline) return DeadlinePassed("awaiting the backends");

  std::vector<std::vector<IndicatorInput>> baseline_inputs =
      MapIndicatorInputs(plan.scope, fetched.answers);
  std::vector<std::vector<IndicatorInput>> simulated_inputs = baseline_inputs;
  std::vector<std::string> override_warnings =
      ApplyOverrides(request.overrides(), plan.scope.periods, simulated_inputs);

  // Both Score calls at once; the baseline may come from the cache (it is
  // the same assessment AssessDyad would return), the simulation never.
  absl::StatusOr<DyadAssessment> baseline =
      absl::UnavailableError("not computed");
  std::thread baseline_thread([&] {
    baseline = ScoreAndAssemble(plan, fetched, std::move(baseline_inputs), {},
                                /*use_cache=*/true, deadline);
  });
  absl::StatusOr<DyadAssessment> simulated = ScoreAndAssemble(
      plan, fetched, std::move(simulated_inputs), std::move(override_warnings),
      /*use_cache=*/false, deadline);
  baseline_thread.join();
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
