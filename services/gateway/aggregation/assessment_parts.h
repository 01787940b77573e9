// File: services/gateway/aggregation/assessment_parts.h
// -----------------------------------------------------------------------------
// The pure pieces the AssessmentAggregator assembles an answer from: the
// per-method backend statuses and warnings of a fan-out, the part of the
// cache key that proves data current, merged sources, the inputs in the
// model's order, the notes on missing inputs and withheld indices, and
// Simulate's overrides and differences. No I/O, no clock, no state: each is
// a function of its arguments, tested through the aggregator.

#ifndef DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_ASSESSMENT_PARTS_H_
#define DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_ASSESSMENT_PARTS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "dyadscope/gateway/v1/assessment.pb.h"
#include "dyadscope/gateway/v1/gateway_service.pb.h"
#include "services/gateway/aggregation/fan_out.h"

namespace dyadscope::gateway {

// BackendStatus.status_message and the reasons quoted in warnings are
// truncated to this many bytes.
inline constexpr size_t kMaxStatusMessageBytes = 500;

// Returns `text` cut to at most `max_bytes` without splitting a UTF-8
// character (proto3 strings must stay valid UTF-8).
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

// Returns "CODE: message".
std::string StatusText(const absl::Status& status);

// Returns one BackendStatus per method called, in call order: available
// when every call of the method succeeded; the status of the first
// failure; the longest latency (the calls ran concurrently); one attempt
// per call (the backend interfaces report no retries); the data versions
// seen.
std::vector<v1::BackendStatus> SummarizeCalls(
    const std::vector<CallRecord>& calls);

// Returns one warning per method with failed calls.
std::vector<std::string> FailureWarnings(
    const std::vector<v1::BackendStatus>& statuses,
    const std::vector<CallRecord>& calls);

// Returns the part of the cache key that proves the data current: every
// answer's data version, or its failure code.
std::string VersionsKey(const std::vector<CallRecord>& calls);

// Returns the first INVALID_ARGUMENT among the calls (OK for none): a
// request the gateway built that a backend rejected is an error, not a gap
// in the data.
absl::Status FirstInvalidArgument(const std::vector<CallRecord>& calls);

// Merges the sources of every answer: one entry per distinct source with
// the largest record count any answer reported (answers overlap — the
// filtered event summaries are subsets of the unfiltered one, and the
// per-period risk answers share history — so counts are not summed).
// Ordered by record count, descending.
std::vector<type::v1::SourceUsage> MergeSources(
    const std::vector<
        const google::protobuf::RepeatedPtrField<type::v1::SourceUsage>*>&
        lists);

// Sorts `inputs` into the model's component order (indicators the model
// does not use last, in the mapping's order).
void SortByModel(const scoring::v1::ScoringModel& model,
                 std::vector<v1::IndicatorInput>& inputs);

// Notes on indicators missing in some periods, one line per indicator.
std::vector<std::string> MissingInputWarnings(const v1::DyadAssessment& a);

// Notes on indices withheld for insufficient coverage, one line per index.
std::vector<std::string> InsufficientIndexWarnings(const v1::DyadAssessment& a);

// Applies the overrides to `inputs` (per period, in scope order); returns
// warnings for overrides that could not apply.
std::vector<std::string> ApplyOverrides(
    const google::protobuf::RepeatedPtrField<v1::IndicatorOverride>& overrides,
    const std::vector<type::v1::Period>& periods,
    std::vector<std::vector<v1::IndicatorInput>>& inputs);

// Returns the differences per period (baseline order) and index (simulated
// model order); empty when either side has no scores.
std::vector<v1::SimulationDifference> Differences(
    const v1::DyadAssessment& baseline, const v1::DyadAssessment& simulated);

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_ASSESSMENT_PARTS_H_
