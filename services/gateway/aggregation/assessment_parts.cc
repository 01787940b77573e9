#include "services/gateway/aggregation/assessment_parts.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/proto/deterministic.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/code.pb.h"
#include "services/gateway/aggregation/indicator_mapping.h"

namespace dyadscope::gateway {

using ::dyadscope::gateway::v1::BackendStatus;
using ::dyadscope::gateway::v1::DyadAssessment;
using ::dyadscope::gateway::v1::IndicatorInput;
using ::dyadscope::type::v1::SourceUsage;

namespace {

// Warnings list at most this many period names.
constexpr size_t kMaxNamesInWarning = 5;

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

std::string IndexName(const scoring::v1::ScoringModel& model,
                      scoring::v1::Index index) {
  for (const scoring::v1::IndexDefinition& definition : model.indices()) {
    if (definition.index() == index && !definition.display_name().empty()) {
      return definition.display_name();
    }
  }
  return scoring::v1::Index_Name(index);
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

}  // namespace

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

absl::Status FirstInvalidArgument(const std::vector<CallRecord>& calls) {
  for (const CallRecord& call : calls) {
    if (call.status.code() == absl::StatusCode::kInvalidArgument) {
      return call.status;
    }
  }
  return absl::OkStatus();
}

}  // namespace dyadscope::gateway
