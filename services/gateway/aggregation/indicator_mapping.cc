#include "services/gateway/aggregation/indicator_mapping.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dyadscope::gateway {
namespace {

using ::dyadscope::events::v1::EventBucketSummary;
using ::dyadscope::events::v1::GetVotingAlignmentResponse;
using ::dyadscope::events::v1::SummarizeEventsResponse;
using ::dyadscope::events::v1::VotingAlignment;
using ::dyadscope::gateway::v1::IndicatorInput;
using ::dyadscope::type::v1::SourceUsage;

// const, not constexpr: GCC's UBSan null checks reject constexpr string_views
// built from the named method arrays.
const IndicatorSpec kSpecs[] = {
    {"events.mean_goldstein", v1::BACKEND_EVENTS, kSummarizeEventsMethod,
     "SummarizeEvents (all dyad events): periods[].mean_goldstein; standard "
     "error = half-width of mean_goldstein_interval / z of its confidence "
     "level"},
    {"events.cooperation_share", v1::BACKEND_EVENTS, kSummarizeEventsMethod,
     "SummarizeEvents (all dyad events): periods[].cooperation_share"},
    {"events.security_cooperation_share", v1::BACKEND_EVENTS,
     kSummarizeEventsMethod,
     "SummarizeEvents (filter.domains = [DOMAIN_SECURITY]): "
     "periods[].cooperation_share"},
    {"votes.agreement_relative_to_reference", v1::BACKEND_EVENTS,
     kGetVotingAlignmentMethod,
     "GetVotingAlignment (with the reference country): "
     "periods[].relative.percent_agreement"},
    {"votes.s_score", v1::BACKEND_EVENTS, kGetVotingAlignmentMethod,
     "GetVotingAlignment: periods[].dyad_metrics.s_score"},
    {"events.friendship_theme_share", v1::BACKEND_EVENTS,
     kSummarizeEventsMethod,
     "SummarizeEvents (filter.themes = [all_weather, iron_brother]): "
     "periods[].event_count / the all-events periods[].event_count"},
    {"economics.directed_asymmetry", v1::BACKEND_ECONOMICS,
     kSummarizeIndicatorsMethod,
     "SummarizeIndicators: summaries[directed_asymmetry].periods[].mean; "
     "standard error = standard_deviation / sqrt(years with data)"},
    {"economics.trade_coverage_ratio", v1::BACKEND_ECONOMICS,
     kSummarizeIndicatorsMethod,
     "SummarizeIndicators: summaries[trade_coverage_ratio].periods[].mean"},
    {"economics.arms_import_share_from_b", v1::BACKEND_ECONOMICS,
     kSummarizeIndicatorsMethod,
     "SummarizeIndicators: summaries[arms_import_share_from_b].periods[]"
     ".mean"},
    {"economics.finance_commitments_b_to_a_pct_gdp", v1::BACKEND_ECONOMICS,
     kSummarizeIndicatorsMethod,
     "SummarizeIndicators: summaries[finance_commitments_b_to_a_pct_gdp]"
     ".periods[].mean"},
    {"economics.fdi_share_from_b", v1::BACKEND_ECONOMICS,
     kSummarizeIndicatorsMethod,
     "SummarizeIndicators: summaries[fdi_share_from_b].periods[].mean"},
    {"security.probability_at_least_one", v1::BACKEND_SECURITY_RISK,
     kAssessRiskMethod,
     "AssessRisk (country = A, partner = B, as of the period's last day): "
     "country.probability_at_least_one"},
    {"security.decayed_severity", v1::BACKEND_SECURITY_RISK, kAssessRiskMethod,
     "AssessRisk (same call, half-life 365 days): country.decayed_severity"},
};

constexpr char kEconomicsPrefix[] = "economics.";

// The economics indicator ids as SummarizeIndicators knows them.
std::vector<std::string> EconomicsIndicatorIds() {
  std::vector<std::string> ids;
  const absl::string_view prefix = kEconomicsPrefix;
  for (const IndicatorSpec& spec : kSpecs) {
    if (spec.backend != v1::BACKEND_ECONOMICS) continue;
    ids.emplace_back(spec.indicator_id.substr(prefix.size()));
  }
  return ids;
}

// The periods with open ends closed at the as-of year, for the backends.
std::vector<type::v1::Period> ResolvedPeriods(const AssessmentScope& scope) {
  std::vector<type::v1::Period> periods;
  periods.reserve(scope.periods.size());
  for (const type::v1::Period& period : scope.periods) {
    type::v1::Period resolved = period;
    resolved.set_end_year(ResolvedEndYear(period, scope.as_of_date));
    periods.push_back(std::move(resolved));
  }
  return periods;
}

std::string FailureReason(absl::string_view call, const absl::Status& status) {
  return absl::StrCat(call,
                      " failed: ", absl::StatusCodeToString(status.code()),
                      ": ", status.message());
}

// The source systems of an answer, sorted and unique.
std::vector<std::string> SourceSystems(
    const google::protobuf::RepeatedPtrField<SourceUsage>& sources) {
  std::set<std::string> systems;
  for (const SourceUsage& usage : sources) {
    if (!usage.source().source_system().empty()) {
      systems.insert(usage.source().source_system());
    }
  }
  return {systems.begin(), systems.end()};
}

void SetSources(const google::protobuf::RepeatedPtrField<SourceUsage>& sources,
                IndicatorInput& input) {
  for (std::string& system : SourceSystems(sources)) {
    input.add_source_systems(std::move(system));
  }
}

void SetValue(double value, std::optional<double> standard_error,
              IndicatorInput& input) {
  if (!std::isfinite(value)) {
    input.set_available(false);
    input.set_missing_reason("the backend returned a value that is not finite");
    return;
  }
  input.set_available(true);
  input.set_value(value);
  if (standard_error.has_value() && std::isfinite(*standard_error) &&
      *standard_error >= 0.0) {
    input.set_standard_error(*standard_error);
  }
}

void SetMissing(std::string reason, IndicatorInput& input) {
  input.set_available(false);
  input.clear_value();
  input.clear_standard_error();
  input.set_missing_reason(std::move(reason));
}

const EventBucketSummary* FindEventPeriod(const SummarizeEventsResponse& answer,
                                          const std::string& name) {
  for (const EventBucketSummary& summary : answer.periods()) {
    if (summary.period().name() == name || summary.label() == name) {
      return &summary;
    }
  }
  return nullptr;
}

const VotingAlignment* FindVotingPeriod(
    const GetVotingAlignmentResponse& answer, const std::string& name) {
  for (const VotingAlignment& alignment : answer.periods()) {
    if (alignment.period().name() == name || alignment.label() == name) {
      return &alignment;
    }
  }
  return nullptr;
}

// Year coverage of a period from the per-year series of the voting answer:
// a year has data when `has_data` holds for its entry.
type::v1::YearCoverage VotingCoverage(
    const GetVotingAlignmentResponse& answer, int start_year, int end_year,
    const std::function<bool(const VotingAlignment&)>& has_data) {
  std::set<int> with_data;
  for (const VotingAlignment& year : answer.years()) {
    const int y = year.period().start_year();
    if (y >= start_year && y <= end_year && has_data(year)) with_data.insert(y);
  }
  type::v1::YearCoverage coverage;
  coverage.set_years_in_span(std::max(0, end_year - start_year + 1));
  coverage.set_years_with_data(static_cast<int>(with_data.size()));
  for (int y = start_year; y <= end_year; ++y) {
    if (!with_data.count(y)) coverage.add_missing_years(y);
  }
  if (!with_data.empty()) {
    coverage.set_first_year_with_data(*with_data.begin());
    coverage.set_last_year_with_data(*with_data.rbegin());
  }
  return coverage;
}

const economics::v1::IndicatorPeriodStatistics* FindEconomicsPeriod(
    const economics::v1::SummarizeIndicatorsResponse& answer,
    absl::string_view indicator_id, const std::string& period_name,
    bool* indicator_found) {
  *indicator_found = false;
  for (const economics::v1::IndicatorSummary& summary : answer.summaries()) {
    if (summary.indicator().indicator_id() != indicator_id) continue;
    *indicator_found = true;
    for (const economics::v1::IndicatorPeriodStatistics& stats :
         summary.periods()) {
      if (stats.period().name() == period_name) return &stats;
    }
  }
  return nullptr;
}

// The standard error of the mention-weighted mean Goldstein score from its
// bootstrap interval, as KnownIndicators says; absent without an interval.
std::optional<double> GoldsteinStandardError(
    const EventBucketSummary& summary) {
  if (!summary.has_mean_goldstein_interval()) return std::nullopt;
  const type::v1::Interval& interval = summary.mean_goldstein_interval();
  double level = interval.confidence_level();
  if (!(level > 0.0 && level < 1.0)) level = 0.95;
  if (!(interval.upper() >= interval.lower())) return std::nullopt;
  return (interval.upper() - interval.lower()) / 2.0 /
         TwoSidedNormalQuantile(level);
}

class PeriodMapper {
 public:
  PeriodMapper(const AssessmentScope& scope, const BackendAnswers& answers,
               size_t period_index)
      : scope_(scope),
        answers_(answers),
        index_(period_index),
        period_(scope.periods[period_index]),
        name_(period_.name()) {}

  IndicatorInput Map(const IndicatorSpec& spec) const {
    IndicatorInput input;
    input.set_indicator_id(std::string(spec.indicator_id));
    input.set_backend(spec.backend);
    input.set_origin(std::string(spec.origin));
    input.set_available(false);
    const absl::string_view id = spec.indicator_id;
    if (id == "events.mean_goldstein" || id == "events.cooperation_share") {
      MapAllEvents(id, input);
    } else if (id == "events.security_cooperation_share") {
      MapSecurityEvents(input);
    } else if (id == "events.friendship_theme_share") {
      MapFriendship(input);
    } else if (id == "votes.agreement_relative_to_reference" ||
               id == "votes.s_score") {
      MapVotes(id, input);
    } else if (spec.backend == v1::BACKEND_ECONOMICS) {
      MapEconomics(id, input);
    } else if (spec.backend == v1::BACKEND_SECURITY_RISK) {
      MapRisk(id, input);
    } else {
      SetMissing("the gateway has no mapping for this indicator", input);
    }
    return input;
  }

 private:
  // Looks up this period in a SummarizeEvents answer; sets the input
  // missing and returns nullptr when the call failed or the period is
  // absent.
  const EventBucketSummary* EventPeriod(
      const absl::StatusOr<SummarizeEventsResponse>& answer,
      absl::string_view call, IndicatorInput& input) const {
    if (!answer.ok()) {
      SetMissing(FailureReason(call, answer.status()), input);
      return nullptr;
    }
    const EventBucketSummary* summary = FindEventPeriod(*answer, name_);
    if (summary == nullptr) {
      SetMissing(
          absl::StrCat(call, " answered without the period \"", name_, "\""),
          input);
    }
    return summary;
  }

  void MapAllEvents(absl::string_view id, IndicatorInput& input) const {
    const EventBucketSummary* all =
        EventPeriod(answers_.events_all, "events.SummarizeEvents", input);
    if (all == nullptr) return;
    SetSources(answers_.events_all->sources(), input);
    input.set_record_count(all->event_count());
    if (id == "events.mean_goldstein") {
      if (!all->has_mean_goldstein()) {
        SetMissing("no dyad events in the period", input);
        return;
      }
      SetValue(all->mean_goldstein(), GoldsteinStandardError(*all), input);
    } else {
      if (!all->has_cooperation_share()) {
        SetMissing("no dyad events in the period", input);
        return;
      }
      SetValue(all->cooperation_share(), std::nullopt, input);
    }
  }

  void MapSecurityEvents(IndicatorInput& input) const {
    const EventBucketSummary* security = EventPeriod(
        answers_.events_security,
        "events.SummarizeEvents (filter.domains = [DOMAIN_SECURITY])", input);
    if (security == nullptr) return;
    SetSources(answers_.events_security->sources(), input);
    input.set_record_count(security->event_count());
    if (!security->has_cooperation_share()) {
      SetMissing("no security-domain dyad events in the period", input);
      return;
    }
    SetValue(security->cooperation_share(), std::nullopt, input);
  }

  void MapFriendship(IndicatorInput& input) const {
    const EventBucketSummary* all =
        EventPeriod(answers_.events_all, "events.SummarizeEvents", input);
    if (all == nullptr) return;
    const EventBucketSummary* themed =
        EventPeriod(answers_.events_friendship,
                    "events.SummarizeEvents (filter.themes = [all_weather, "
                    "iron_brother])",
                    input);
    if (themed == nullptr) return;
    SetSources(answers_.events_all->sources(), input);
    input.set_record_count(all->event_count());
    if (all->event_count() <= 0) {
      SetMissing("no dyad events in the period", input);
      return;
    }
    if (themed->event_count() > all->event_count()) {
      SetMissing(absl::StrCat("inconsistent answers: ", themed->event_count(),
                              " friendship-theme events but ",
                              all->event_count(), " events in all"),
                 input);
      return;
    }
    SetValue(static_cast<double>(themed->event_count()) /
                 static_cast<double>(all->event_count()),
             std::nullopt, input);
  }

  void MapVotes(absl::string_view id, IndicatorInput& input) const {
    const absl::string_view call = "events.GetVotingAlignment";
    if (!answers_.voting.ok()) {
      SetMissing(FailureReason(call, answers_.voting.status()), input);
      return;
    }
    const GetVotingAlignmentResponse& answer = *answers_.voting;
    const VotingAlignment* alignment = FindVotingPeriod(answer, name_);
    if (alignment == nullptr) {
      SetMissing(
          absl::StrCat(call, " answered without the period \"", name_, "\""),
          input);
      return;
    }
    SetSources(answer.sources(), input);
    input.set_record_count(alignment->dyad_metrics().joint_votes());
    const int start = period_.start_year();
    const int end = ResolvedEndYear(period_, scope_.as_of_date);
    if (id == "votes.s_score") {
      *input.mutable_coverage() =
          VotingCoverage(answer, start, end, [](const VotingAlignment& y) {
            return y.dyad_metrics().has_s_score();
          });
      if (!alignment->dyad_metrics().has_s_score()) {
        SetMissing(
            "no joint UN General Assembly votes of A and B in the "
            "period",
            input);
        return;
      }
      SetValue(alignment->dyad_metrics().s_score(), std::nullopt, input);
      return;
    }
    *input.mutable_coverage() =
        VotingCoverage(answer, start, end, [](const VotingAlignment& y) {
          return y.relative().has_percent_agreement();
        });
    if (scope_.reference_country_code.empty()) {
      SetMissing(
          "no reference country: the relative agreement needs one "
          "(options.reference_country_code)",
          input);
      return;
    }
    if (!alignment->relative().has_percent_agreement()) {
      SetMissing(
          absl::StrCat("no relative agreement in the period: no joint UN "
                       "General Assembly votes of A with B or with the "
                       "reference country ",
                       scope_.reference_country_code),
          input);
      return;
    }
    SetValue(alignment->relative().percent_agreement(), std::nullopt, input);
  }

  void MapEconomics(absl::string_view id, IndicatorInput& input) const {
    const absl::string_view call = "economics.SummarizeIndicators";
    if (!answers_.economics.ok()) {
      SetMissing(FailureReason(call, answers_.economics.status()), input);
      return;
    }
    const absl::string_view prefix = kEconomicsPrefix;
    const absl::string_view backend_id = id.substr(prefix.size());
    bool indicator_found = false;
    const economics::v1::IndicatorPeriodStatistics* stats = FindEconomicsPeriod(
        *answers_.economics, backend_id, name_, &indicator_found);
    if (stats == nullptr) {
      SetMissing(indicator_found
                     ? absl::StrCat(call, " answered without the period \"",
                                    name_, "\" for ", backend_id)
                     : absl::StrCat(call, " answered without ", backend_id),
                 input);
      return;
    }
    SetSources(answers_.economics->sources(), input);
    if (stats->has_coverage()) *input.mutable_coverage() = stats->coverage();
    const int years_with_data = stats->coverage().years_with_data();
    input.set_record_count(years_with_data);
    if (!stats->has_mean()) {
      SetMissing(absl::StrCat(
                     "no year of the period has a value of ", backend_id, " (",
                     stats->coverage().years_in_span(), " years in the span)"),
                 input);
      return;
    }
    std::optional<double> standard_error;
    if (backend_id == "directed_asymmetry" && stats->has_standard_deviation() &&
        years_with_data > 0) {
      standard_error = stats->standard_deviation() /
                       std::sqrt(static_cast<double>(years_with_data));
    }
    SetValue(stats->mean(), standard_error, input);
  }

  void MapRisk(absl::string_view id, IndicatorInput& input) const {
    const std::string call =
        absl::StrCat("securityrisk.AssessRisk (as of ",
                     PeriodLastDay(period_, scope_.as_of_date).year(), ")");
    if (index_ >= answers_.risk.size()) {
      SetMissing(absl::StrCat(call, " was not called"), input);
      return;
    }
    const absl::StatusOr<securityrisk::v1::AssessRiskResponse>& answer =
        answers_.risk[index_];
    if (!answer.ok()) {
      SetMissing(FailureReason(call, answer.status()), input);
      return;
    }
    if (!answer->has_country()) {
      SetMissing(absl::StrCat(call, " answered without a country forecast"),
                 input);
      return;
    }
    SetSources(answer->sources(), input);
    const securityrisk::v1::RegionRisk& country = answer->country();
    input.set_record_count(country.incident_count());
    if (id == "security.probability_at_least_one") {
      SetValue(country.probability_at_least_one(), std::nullopt, input);
    } else {
      SetValue(country.decayed_severity(), std::nullopt, input);
    }
  }

  const AssessmentScope& scope_;
  const BackendAnswers& answers_;
  const size_t index_;
  const type::v1::Period& period_;
  const std::string& name_;
};

}  // namespace

absl::Span<const IndicatorSpec> IndicatorSpecs() { return kSpecs; }

const IndicatorSpec* FindIndicatorSpec(absl::string_view indicator_id) {
  for (const IndicatorSpec& spec : kSpecs) {
    if (spec.indicator_id == indicator_id) return &spec;
  }
  return nullptr;
}

int ResolvedEndYear(const type::v1::Period& period,
                    const type::v1::Date& as_of_date) {
  if (!period.has_end_year()) return as_of_date.year();
  return std::min(period.end_year(), as_of_date.year());
}

type::v1::Date PeriodLastDay(const type::v1::Period& period,
                             const type::v1::Date& as_of_date) {
  const int end_year = ResolvedEndYear(period, as_of_date);
  if (end_year >= as_of_date.year()) return as_of_date;
  type::v1::Date last_day;
  last_day.set_year(end_year);
  last_day.set_month(12);
  last_day.set_day(31);
  last_day.set_precision(type::v1::DATE_PRECISION_DAY);
  return last_day;
}

BackendRequests BuildBackendRequests(const AssessmentScope& scope) {
  BackendRequests requests;
  const std::vector<type::v1::Period> periods = ResolvedPeriods(scope);

  events::v1::SummarizeEventsRequest& all = requests.events_all;
  *all.mutable_filter()->mutable_dyad() = scope.dyad;
  *all.mutable_filter()->mutable_date_range()->mutable_end_date() =
      scope.as_of_date;
  for (const type::v1::Period& period : periods) *all.add_periods() = period;
  for (absl::string_view theme : kFriendshipThemes) {
    all.add_themes(std::string(theme));
  }
  if (scope.as_of_time.has_value()) {
    *all.mutable_as_of_time() = *scope.as_of_time;
  }

  requests.events_security = all;
  requests.events_security.mutable_filter()->add_domains(
      events::v1::DOMAIN_SECURITY);
  requests.events_security.set_bootstrap_draws(1);

  requests.events_friendship = all;
  for (absl::string_view theme : kFriendshipThemes) {
    requests.events_friendship.mutable_filter()->add_themes(std::string(theme));
  }
  requests.events_friendship.set_bootstrap_draws(1);

  events::v1::GetVotingAlignmentRequest& voting = requests.voting;
  *voting.mutable_dyad() = scope.dyad;
  voting.set_reference_country_code(scope.reference_country_code);
  if (!periods.empty()) {
    int first = periods.front().start_year();
    int last = periods.front().end_year();
    for (const type::v1::Period& period : periods) {
      first = std::min(first, period.start_year());
      last = std::max(last, period.end_year());
    }
    voting.set_start_year(first);
    voting.set_end_year(last);
  }
  for (const type::v1::Period& period : periods) {
    *voting.add_periods() = period;
  }
  if (scope.as_of_time.has_value()) {
    *voting.mutable_as_of_time() = *scope.as_of_time;
  }

  economics::v1::SummarizeIndicatorsRequest& economics = requests.economics;
  *economics.mutable_dyad() = scope.dyad;
  for (const type::v1::Period& period : periods) {
    *economics.add_periods() = period;
  }
  for (std::string& id : EconomicsIndicatorIds()) {
    economics.add_indicator_ids(std::move(id));
  }
  if (scope.as_of_time.has_value()) {
    *economics.mutable_as_of_time() = *scope.as_of_time;
  }

  for (const type::v1::Period& period : scope.periods) {
    securityrisk::v1::AssessRiskRequest risk;
    risk.set_country_code(scope.dyad.country_a());
    risk.set_partner_country_code(scope.dyad.country_b());
    *risk.mutable_as_of_date() = PeriodLastDay(period, scope.as_of_date);
    risk.set_horizon_days(scope.risk_horizon_days);
    risk.set_half_life_days(kRiskHalfLifeDays);
    risk.set_simulation_draws(1);
    if (scope.as_of_time.has_value()) {
      *risk.mutable_as_of_time() = *scope.as_of_time;
    }
    requests.risk.push_back(std::move(risk));
  }
  return requests;
}

std::vector<std::vector<IndicatorInput>> MapIndicatorInputs(
    const AssessmentScope& scope, const BackendAnswers& answers) {
  std::vector<std::vector<IndicatorInput>> result;
  result.reserve(scope.periods.size());
  for (size_t i = 0; i < scope.periods.size(); ++i) {
    const PeriodMapper mapper(scope, answers, i);
    std::vector<IndicatorInput> inputs;
    inputs.reserve(std::size(kSpecs));
    for (const IndicatorSpec& spec : kSpecs) inputs.push_back(mapper.Map(spec));
    result.push_back(std::move(inputs));
  }
  return result;
}

scoring::v1::IndicatorValue ToIndicatorValue(const IndicatorInput& input) {
  scoring::v1::IndicatorValue value;
  value.set_indicator_id(input.indicator_id());
  if (input.has_value()) {
    value.set_value(input.value());
    if (input.has_standard_error()) {
      value.set_standard_error(input.standard_error());
    }
    value.set_note(
        input.overridden()
            ? absl::StrCat("overridden by the simulation; ", input.origin())
            : input.origin());
  } else {
    value.set_note(input.missing_reason());
  }
  return value;
}

std::vector<scoring::v1::IndicatorValue> ToIndicatorValues(
    absl::Span<const IndicatorInput> inputs) {
  std::vector<scoring::v1::IndicatorValue> values;
  values.reserve(inputs.size());
  for (const IndicatorInput& input : inputs) {
    values.push_back(ToIndicatorValue(input));
  }
  return values;
}

double TwoSidedNormalQuantile(double confidence_level) {
  // Solves P(|Z| <= z) = erf(z / sqrt(2)) = level by bisection: monotone,
  // and exact to double precision in a few dozen steps.
  double lo = 0.0;
  double hi = 40.0;
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (std::erf(mid / std::sqrt(2.0)) < confidence_level) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace dyadscope::gateway
