#include "services/security_risk/grpc/security_risk_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/proto/deterministic.h"
#include "common/records/import_rpc.h"
#include "common/records/record_rpc.h"
#include "common/server/auth.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/types/type_proto_convert.h"
#include "common/util/fingerprint.h"
#include "services/security_risk/convert/incident_proto_convert.h"

namespace dyadscope::security_risk {
namespace {

namespace v1 = ::dyadscope::securityrisk::v1;

// The country, partner and as-of time of a risk question (AssessRisk or
// BacktestRisk request).
template <typename Request>
RiskScope ScopeFromProto(const Request& request, FieldViolations& violations) {
  RiskScope scope;
  if (!LooksLikeIso3(request.country_code())) {
    violations.Add("country_code", "is required: an ISO 3166-1 alpha-3 code");
  }
  records::CheckOptionalIso3(request.partner_country_code(),
                             "partner_country_code", violations);
  scope.country_code = request.country_code();
  scope.partner_country_code = request.partner_country_code();
  scope.read = records::AsOfFromProto(request);
  return scope;
}

// Returns the required date `date` (field `field`; `has` when set), or
// nullopt after recording why not.
std::optional<Date> RequiredDateFromProto(bool has, const type::v1::Date& date,
                                          absl::string_view field,
                                          FieldViolations& violations) {
  if (!has) {
    violations.Add(field, "is required");
    return std::nullopt;
  }
  return DateFromProto(date, field, violations);
}

void IntervalToProto(const Interval& interval, type::v1::Interval* proto) {
  proto->set_lower(interval.lower);
  proto->set_upper(interval.upper);
  proto->set_confidence_level(interval.confidence_level);
  proto->set_method(static_cast<type::v1::IntervalMethod>(interval.method));
  proto->set_draws(interval.draws);
}

void EstimateToProto(const ParameterEstimate& e, v1::ParameterEstimate* proto) {
  proto->set_estimate(e.estimate);
  if (e.standard_error) proto->set_standard_error(*e.standard_error);
  if (e.interval) IntervalToProto(*e.interval, proto->mutable_interval());
}

void RegionToProto(const RegionRisk& r, v1::RegionRisk* proto) {
  proto->set_province(r.province);
  proto->set_whole_country(r.whole_country);
  proto->set_incident_count(r.incident_count);
  if (r.last_incident_date) {
    DateToProto(*r.last_incident_date, proto->mutable_last_incident_date());
  }
  proto->set_decayed_severity(r.decayed_severity);
  v1::ModelFit* fit = proto->mutable_fit();
  fit->set_model(static_cast<v1::RiskModel>(r.fit.model));
  EstimateToProto(r.fit.mu_per_day, fit->mutable_mu_per_day());
  if (r.fit.alpha) EstimateToProto(*r.fit.alpha, fit->mutable_alpha());
  if (r.fit.beta_per_day) {
    EstimateToProto(*r.fit.beta_per_day, fit->mutable_beta_per_day());
  }
  fit->set_log_likelihood(r.fit.log_likelihood);
  fit->set_incident_count(r.fit.incident_count);
  DateToProto(r.fit.fit_start_date, fit->mutable_fit_start_date());
  DateToProto(r.fit.fit_end_date, fit->mutable_fit_end_date());
  fit->set_converged(r.fit.converged);
  fit->set_aic(r.fit.aic);
  proto->set_model_reason(r.model_reason);
  proto->set_intensity_per_day(r.intensity_per_day);
  proto->set_probability_at_least_one(r.probability_at_least_one);
  proto->set_expected_count(r.expected_count);
  IntervalToProto(r.expected_count_range,
                  proto->mutable_expected_count_range());
  if (r.simulated_mean_count) {
    proto->set_simulated_mean_count(*r.simulated_mean_count);
  }
  if (r.simulated_probability_at_least_one) {
    proto->set_simulated_probability_at_least_one(
        *r.simulated_probability_at_least_one);
  }
  proto->set_risk_level(static_cast<v1::RiskLevel>(r.risk_level));
}

// The assessment's fields of an AssessRiskResponse.
void AssessmentToProto(const RiskAssessment& a,
                       v1::AssessRiskResponse* response) {
  RegionToProto(a.country, response->mutable_country());
  AppendEachToProto(a.provinces, RegionToProto, response->mutable_provinces());
  v1::RiskThresholds* thresholds = response->mutable_thresholds();
  thresholds->set_moderate_probability(a.thresholds.moderate_probability);
  thresholds->set_high_probability(a.thresholds.high_probability);
  thresholds->set_severe_probability(a.thresholds.severe_probability);
  DateToProto(a.as_of_date, response->mutable_as_of_date());
  response->set_horizon_days(a.horizon_days);
  response->set_half_life_days(a.half_life_days);
  response->set_seed(a.seed);
}

void ScoreToProto(const ModelScore& s, v1::ModelScore* proto) {
  proto->set_model(static_cast<v1::RiskModel>(s.model));
  proto->set_brier_score(s.brier_score);
  proto->set_log_score(s.log_score);
  proto->set_mean_forecast(s.mean_forecast);
  for (const ReliabilityBin& bin : s.reliability) {
    v1::ReliabilityBin* out = proto->add_reliability();
    out->set_lower_probability(bin.lower_probability);
    out->set_upper_probability(bin.upper_probability);
    out->set_forecast_count(bin.forecast_count);
    if (bin.mean_forecast) out->set_mean_forecast(*bin.mean_forecast);
    if (bin.observed_frequency) {
      out->set_observed_frequency(*bin.observed_frequency);
    }
  }
}

void BacktestToProto(const RegionBacktest& b, v1::RegionBacktest* proto) {
  proto->set_province(b.province);
  proto->set_whole_country(b.whole_country);
  proto->set_origin_count(b.origin_count);
  proto->set_origins_with_incident(b.origins_with_incident);
  ScoreToProto(b.model_score, proto->mutable_model_score());
  ScoreToProto(b.baseline_score, proto->mutable_baseline_score());
  if (b.brier_skill_score) proto->set_brier_skill_score(*b.brier_skill_score);
  proto->set_verdict(static_cast<v1::BacktestVerdict>(b.verdict));
  proto->set_verdict_text(b.verdict_text);
  for (const BacktestStep& step : b.steps) {
    v1::BacktestStep* out = proto->add_steps();
    DateToProto(step.origin_date, out->mutable_origin_date());
    out->set_model_probability(step.model_probability);
    out->set_baseline_probability(step.baseline_probability);
    out->set_model(static_cast<v1::RiskModel>(step.model));
    out->set_incident_occurred(step.incident_occurred);
    out->set_incidents_in_horizon(step.incidents_in_horizon);
  }
}

// The kind's own import options of `proto`.
ImportOptions ImportOptionsFromProto(const v1::ImportIncidentsOptions& proto,
                                     FieldViolations& violations) {
  ImportOptions options;
  options.format =
      records::FormatFromProto(proto.format(), v1::IncidentFileFormat_IsValid,
                               IncidentFormats(), violations);
  records::CheckOptionalIso3(proto.country_code(), "options.country_code",
                             violations);
  records::CheckOptionalIso3(proto.partner_country_code(),
                             "options.partner_country_code", violations);
  options.parser.country_code = proto.country_code();
  // The partner both selects rows and is recorded where a row implies it.
  options.parser.partner_filter_code = proto.partner_country_code();
  options.parser.default_partner_code = proto.partner_country_code();
  return options;
}

// The import's own response fields.
void ImportExtrasToProto(const ImportResult& result,
                         v1::ImportIncidentsResponse* out) {
  out->set_deleted(result.deleted);
}

}  // namespace

grpc::Status SecurityRiskServiceImpl::CreateIncidents(
    grpc::ServerContext* context, const v1::CreateIncidentsRequest* request,
    v1::CreateIncidentsResponse* response) {
  return Serve(context, Access::kWrite, [&] {
    return records::ServeCreate(
        *request, request->incidents(), "incidents", IncidentFromProto,
        backend(), &SecurityRiskManager::Create,
        records::FillRecord(IncidentToProto,
                            &v1::IncidentWriteResult::mutable_incident),
        response);
  });
}

grpc::Status SecurityRiskServiceImpl::ListIncidents(
    grpc::ServerContext* context, const v1::ListIncidentsRequest* request,
    v1::ListIncidentsResponse* response) {
  return Serve(context, Access::kRead, [&] {
    FieldViolations violations;
    const v1::IncidentFilter& filter = request->filter();
    IncidentQuery query;
    query.country_code = filter.country_code();
    query.partner_country_code = filter.partner_country_code();
    query.provinces.assign(filter.provinces().begin(),
                           filter.provinces().end());
    if (filter.date_range().has_start_date()) {
      if (auto d = DateFromProto(filter.date_range().start_date(),
                                 "filter.date_range.start_date", violations)) {
        query.start_day = DateSortKey(FirstDay(*d));
      }
    }
    if (filter.date_range().has_end_date()) {
      if (auto d = DateFromProto(filter.date_range().end_date(),
                                 "filter.date_range.end_date", violations)) {
        query.end_day = DateSortKey(LastDay(*d));
      }
    }
    for (int c : filter.target_categories()) {
      query.target_categories.push_back(static_cast<TargetCategory>(c));
    }
    for (int a : filter.attack_types()) {
      query.attack_types.push_back(static_cast<AttackType>(a));
    }
    for (int v : filter.verification_statuses()) {
      query.verification_statuses.push_back(static_cast<VerificationStatus>(v));
    }
    query.source_systems.assign(filter.source_systems().begin(),
                                filter.source_systems().end());
    return records::ServeList(*request, query, violations, backend(),
                              &SecurityRiskManager::List, IncidentToProto,
                              response->mutable_incidents(), response);
  });
}

grpc::Status SecurityRiskServiceImpl::ImportIncidents(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ImportIncidentsRequest>* reader,
    v1::ImportIncidentsResponse* response) {
  return records::ServeImport(
      context, reader, response, kErrorDomain, policy(), ImportOptionsFromProto,
      backend(), &SecurityRiskManager::ImportIncidents, ImportExtrasToProto);
}

grpc::Status SecurityRiskServiceImpl::AssessRisk(
    grpc::ServerContext* context, const v1::AssessRiskRequest* request,
    v1::AssessRiskResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    RiskScope scope = ScopeFromProto(*request, violations);
    RiskRequest risk;
    if (auto d = RequiredDateFromProto(request->has_as_of_date(),
                                       request->as_of_date(), "as_of_date",
                                       violations)) {
      risk.as_of_date = *d;
    }
    if (request->horizon_days() != 0) {
      risk.horizon_days = request->horizon_days();
    }
    if (risk.horizon_days < 1 || risk.horizon_days > 3650) {
      violations.Add("horizon_days", "must be between 1 and 3650");
    }
    if (request->has_half_life_days()) {
      risk.half_life_days = request->half_life_days();
    }
    if (request->has_history_start_date()) {
      risk.history_start_date = DateFromProto(request->history_start_date(),
                                              "history_start_date", violations);
    }
    if (!v1::RiskModel_IsValid(request->model())) {
      violations.Add("model", "unknown risk model");
    } else {
      risk.model = static_cast<RiskModel>(request->model());
    }
    if (request->min_incidents_for_fit() < 0) {
      violations.Add("min_incidents_for_fit", "must not be negative");
    } else if (request->min_incidents_for_fit() > 0) {
      risk.min_incidents_for_fit = request->min_incidents_for_fit();
    }
    if (request->simulation_draws() < 0) {
      violations.Add("simulation_draws", "must not be negative");
    } else if (request->simulation_draws() > 0) {
      risk.simulation_draws = request->simulation_draws();
    }
    if (request->has_seed()) risk.seed = request->seed();
    if (request->has_thresholds()) {
      risk.thresholds.moderate_probability =
          request->thresholds().moderate_probability();
      risk.thresholds.high_probability =
          request->thresholds().high_probability();
      risk.thresholds.severe_probability =
          request->thresholds().severe_probability();
    }
    risk.provinces.assign(request->provinces().begin(),
                          request->provinces().end());
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    DYADSCOPE_ASSIGN_OR_RETURN(AssessResult result,
                               backend()->AssessRisk(scope, risk));
    AssessmentToProto(result.assessment, response);
    records::SourcedAnswerToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::Status SecurityRiskServiceImpl::BacktestRisk(
    grpc::ServerContext* context, const v1::BacktestRiskRequest* request,
    v1::BacktestRiskResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    RiskScope scope = ScopeFromProto(*request, violations);
    BacktestRequest backtest;
    if (auto d = RequiredDateFromProto(request->has_start_date(),
                                       request->start_date(), "start_date",
                                       violations)) {
      backtest.start_date = FirstDay(*d);
    }
    if (auto d =
            RequiredDateFromProto(request->has_end_date(), request->end_date(),
                                  "end_date", violations)) {
      backtest.end_date = LastDay(*d);
    }
    if (request->step_months() != 0) {
      backtest.step_months = request->step_months();
    }
    if (request->horizon_days() != 0) {
      backtest.horizon_days = request->horizon_days();
    }
    if (request->min_incidents_for_fit() != 0) {
      backtest.min_incidents_for_fit = request->min_incidents_for_fit();
    }
    if (request->reliability_bins() != 0) {
      backtest.reliability_bins = request->reliability_bins();
    }
    backtest.provinces.assign(request->provinces().begin(),
                              request->provinces().end());
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    DYADSCOPE_ASSIGN_OR_RETURN(BacktestResult result,
                               backend()->BacktestRisk(scope, backtest));
    BacktestToProto(result.backtest.country, response->mutable_country());
    AppendEachToProto(result.backtest.provinces, BacktestToProto,
                      response->mutable_provinces());
    response->set_horizon_days(result.backtest.horizon_days);
    response->set_step_months(result.backtest.step_months);
    response->set_data_version(result.data_version);
    return absl::OkStatus();
  });
}

}  // namespace dyadscope::security_risk
