// File: services/gateway/aggregation/indicator_mapping.h
// -----------------------------------------------------------------------------
// The one documented mapping from the backends' answers to the scoring
// indicator ids: which requests the gateway sends for an assessment
// (BuildBackendRequests), and how each indicator value, its standard error,
// coverage, record count and sources are read from the answers
// (MapIndicatorInputs). It follows the `origin` of every entry of
// KnownIndicators() in services/scoring/domain/model.cc exactly:
//
//   events.mean_goldstein
//       SummarizeEvents (all events): periods[].mean_goldstein; standard
//       error = half-width of mean_goldstein_interval / z of its level.
//   events.cooperation_share
//       SummarizeEvents (all events): periods[].cooperation_share.
//   events.security_cooperation_share
//       SummarizeEvents (filter.domains = [DOMAIN_SECURITY]):
//       periods[].cooperation_share.
//   votes.agreement_relative_to_reference
//       GetVotingAlignment (reference country): periods[].relative
//       .percent_agreement.
//   votes.s_score
//       GetVotingAlignment (same call): periods[].dyad_metrics.s_score.
//   events.friendship_theme_share
//       SummarizeEvents (filter.themes = [all_weather, iron_brother]):
//       periods[].event_count / the all-events answer's
//       periods[].event_count.
//   economics.directed_asymmetry
//       SummarizeIndicators: summaries[directed_asymmetry].periods[].mean;
//       standard error = standard_deviation / sqrt(years with data).
//   economics.trade_coverage_ratio, economics.arms_import_share_from_b,
//   economics.finance_commitments_b_to_a_pct_gdp, economics.fdi_share_from_b
//       SummarizeIndicators (same call): summaries[<id without
//       "economics.">].periods[].mean.
//   security.probability_at_least_one
//       AssessRisk, one call per period: country.probability_at_least_one.
//   security.decayed_severity
//       AssessRisk (same call): country.decayed_severity.
//
// Standard errors are given only where the origin says how to derive one
// (mean_goldstein, directed_asymmetry). Open periods ("to the present") are
// closed at the as-of date's year in every request, and AssessRisk is asked
// as of each period's last day (the as-of date for a period that reaches
// it), horizon = the assessment's horizon (default 365), half-life 365 days,
// country = A, partner = B.
//
// Coverage: economics gives per-period year coverage; for the two votes
// indicators it is derived from the per-year series of the same
// GetVotingAlignment answer (a year counts when its figure is present);
// events and security answers give none per period. Record counts: events
// behind the figure, joint votes, years with a value (economics does not
// count observations per period), incidents. Source systems are those of
// the whole answer the value came from.
//
// Pure functions on protobuf messages: no I/O, thread-safe.

#ifndef DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_INDICATOR_MAPPING_H_
#define DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_INDICATOR_MAPPING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "dyadscope/economics/v1/economics_service.pb.h"
#include "dyadscope/events/v1/events_service.pb.h"
#include "dyadscope/gateway/v1/assessment.pb.h"
#include "dyadscope/scoring/v1/score.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.pb.h"
#include "dyadscope/type/v1/date.pb.h"
#include "dyadscope/type/v1/dyad.pb.h"
#include "dyadscope/type/v1/period.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace dyadscope::gateway {

// Fully qualified names of the backend methods an assessment calls.
inline constexpr char kSummarizeEventsMethod[] =
    "dyadscope.events.v1.EventsService/SummarizeEvents";
inline constexpr char kGetVotingAlignmentMethod[] =
    "dyadscope.events.v1.EventsService/GetVotingAlignment";
inline constexpr char kSummarizeIndicatorsMethod[] =
    "dyadscope.economics.v1.EconomicsService/SummarizeIndicators";
inline constexpr char kAssessRiskMethod[] =
    "dyadscope.securityrisk.v1.SecurityRiskService/AssessRisk";
inline constexpr char kScoreMethod[] =
    "dyadscope.scoring.v1.ScoringService/Score";

// The lexicon themes of the friendship narrative.
inline constexpr absl::string_view kFriendshipThemes[] = {"all_weather",
                                                          "iron_brother"};

// The severity half-life asked of AssessRisk, in days.
inline constexpr double kRiskHalfLifeDays = 365.0;

// One scoring indicator and where its value comes from.
struct IndicatorSpec {
  // The scoring indicator id ("events.mean_goldstein").
  absl::string_view indicator_id;
  // The backend that answers it.
  v1::Backend backend;
  // The fully qualified method called.
  absl::string_view method;
  // The figure it is read from, as reported in IndicatorInput.origin.
  absl::string_view origin;
};

// Returns the mapping table above, in the default model's component order
// (SCI, AII, SEI).
absl::Span<const IndicatorSpec> IndicatorSpecs();

// Returns the entry for `indicator_id`, or nullptr when the gateway does not
// map it.
const IndicatorSpec* FindIndicatorSpec(absl::string_view indicator_id);

// What an assessment asks, resolved from the request and the gateway's
// defaults (see AssessmentAggregator).
struct AssessmentScope {
  // A focal, B partner.
  type::v1::Dyad dyad;
  // The periods as asked, in time order; an absent end_year means "to the
  // as-of date".
  std::vector<type::v1::Period> periods;
  // The evaluation date, day precision.
  type::v1::Date as_of_date;
  // The voting reference country; empty for none.
  std::string reference_country_code;
  // The security risk horizon, days.
  int risk_horizon_days = 365;
  // Read the backends' data as recorded at this time; absent means now.
  std::optional<google::protobuf::Timestamp> as_of_time;
};

// Returns the last year of `period` as the backends are asked for it: its
// end year, never after the as-of date's year (open periods end there).
int ResolvedEndYear(const type::v1::Period& period,
                    const type::v1::Date& as_of_date);

// Returns the last day of `period` for AssessRisk: 31 December of its
// resolved end year, or the as-of date when the period reaches it.
type::v1::Date PeriodLastDay(const type::v1::Period& period,
                             const type::v1::Date& as_of_date);

// The requests of one assessment.
struct BackendRequests {
  // SummarizeEvents over every dyad event (the denominator of the
  // friendship share; the mean-Goldstein bootstrap at its default).
  events::v1::SummarizeEventsRequest events_all;
  // SummarizeEvents restricted to filter.domains = [DOMAIN_SECURITY].
  events::v1::SummarizeEventsRequest events_security;
  // SummarizeEvents restricted to filter.themes = [all_weather,
  // iron_brother].
  events::v1::SummarizeEventsRequest events_friendship;
  // GetVotingAlignment A–B with the reference country, with the per-year
  // series over the periods' span.
  events::v1::GetVotingAlignmentRequest voting;
  // SummarizeIndicators for the five economics indicators.
  economics::v1::SummarizeIndicatorsRequest economics;
  // AssessRisk, one per period in `scope.periods` order.
  std::vector<securityrisk::v1::AssessRiskRequest> risk;
};

// Returns the backend requests for `scope`. The filtered SummarizeEvents
// requests ask for one bootstrap draw and AssessRisk for one simulation
// draw: the gateway reads only counts, shares and closed-form figures from
// them, so the backends are spared work whose results would be discarded.
BackendRequests BuildBackendRequests(const AssessmentScope& scope);

// The backends' answers to BuildBackendRequests, each an error when its call
// failed (the error says why: the backend's own status).
struct BackendAnswers {
  absl::StatusOr<events::v1::SummarizeEventsResponse> events_all =
      absl::UnavailableError("not called");
  absl::StatusOr<events::v1::SummarizeEventsResponse> events_security =
      absl::UnavailableError("not called");
  absl::StatusOr<events::v1::SummarizeEventsResponse> events_friendship =
      absl::UnavailableError("not called");
  absl::StatusOr<events::v1::GetVotingAlignmentResponse> voting =
      absl::UnavailableError("not called");
  absl::StatusOr<economics::v1::SummarizeIndicatorsResponse> economics =
      absl::UnavailableError("not called");
  // One per period, in `scope.periods` order; missing entries count as
  // failed calls.
  std::vector<absl::StatusOr<securityrisk::v1::AssessRiskResponse>> risk;
};

// Returns, per period of `scope` (same order), one IndicatorInput per entry
// of IndicatorSpecs() (same order). An input whose backend call failed is
// unavailable with "<call> failed: <CODE>: <message>" as missing_reason; an
// input whose figure is absent in a successful answer is unavailable with
// the reason in words. Answers' periods are matched by name.
std::vector<std::vector<v1::IndicatorInput>> MapIndicatorInputs(
    const AssessmentScope& scope, const BackendAnswers& answers);

// Returns the Score request value for `input`: the value and standard error
// when present (an unavailable input overridden by Simulate has a value),
// else no value, so the component drops out and coverage falls; the note is
// the origin, or the missing reason.
scoring::v1::IndicatorValue ToIndicatorValue(const v1::IndicatorInput& input);

// Returns ToIndicatorValue of every input, in order.
std::vector<scoring::v1::IndicatorValue> ToIndicatorValues(
    absl::Span<const v1::IndicatorInput> inputs);

// Returns the standard normal quantile z with P(|Z| ≤ z) = confidence_level
// (1.96 for 0.95), for 0 < confidence_level < 1.
double TwoSidedNormalQuantile(double confidence_level);

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_INDICATOR_MAPPING_H_
