#include "services/economics/grpc/economics_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto/deterministic.h"
#include "common/records/import_rpc.h"
#include "common/records/record_rpc.h"
#include "common/server/auth.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/types/type_proto_convert.h"
#include "common/util/fingerprint.h"
#include "services/economics/convert/observation_proto_convert.h"

namespace dyadscope::economics {
namespace {

ObservationQuery FilterFromProto(const v1::ObservationFilter& proto,
                                 FieldViolations& violations) {
  ObservationQuery query;
  query.indicator_codes.assign(proto.indicator_codes().begin(),
                               proto.indicator_codes().end());
  query.reporter_codes.assign(proto.reporter_codes().begin(),
                              proto.reporter_codes().end());
  query.partner_codes.assign(proto.partner_codes().begin(),
                             proto.partner_codes().end());
  query.flows =
      records::KnownEnumsFromProto(proto.flows(), "filter.flows", FlowFromProto,
                                   "must be a known flow", violations);
  if (proto.has_start_year()) query.start_year = proto.start_year();
  if (proto.has_end_year()) query.end_year = proto.end_year();
  if (query.start_year && query.end_year &&
      *query.start_year > *query.end_year) {
    violations.Add("filter.end_year", "must not be before start_year");
  }
  query.source_systems.assign(proto.source_systems().begin(),
                              proto.source_systems().end());
  query.reporting_sides = records::KnownEnumsFromProto(
      proto.reporting_sides(), "filter.reporting_sides", ReportingSideFromProto,
      "must be a known reporting side", violations);
  query.year_bases = records::KnownEnumsFromProto(
      proto.year_bases(), "filter.year_bases", YearBasisFromProto,
      "must be a known year basis", violations);
  return query;
}

// The dyad, indicators, flow sources and reporting side shared by
// ComputeIndicators and SummarizeIndicators.
template <typename Request>
IndicatorRequest IndicatorRequestFromProto(const Request& proto,
                                           FieldViolations& violations) {
  IndicatorRequest request;
  if (!proto.has_dyad()) {
    violations.Add("dyad", "is required");
  } else if (std::optional<Dyad> dyad =
                 DyadFromProto(proto.dyad(), "dyad", violations)) {
    request.country_a = dyad->country_a;
    request.country_b = dyad->country_b;
  }
  for (int i = 0; i < proto.indicator_ids_size(); ++i) {
    if (!FindIndicatorDefinition(proto.indicator_ids(i)).has_value()) {
      violations.Add(
          absl::StrCat("indicator_ids[", i, "]"),
          absl::StrCat("unknown indicator \"", proto.indicator_ids(i), "\""));
    }
    request.indicator_ids.push_back(proto.indicator_ids(i));
  }
  for (int i = 0; i < proto.flow_sources_size(); ++i) {
    const v1::FlowSource& fs = proto.flow_sources(i);
    std::optional<Flow> flow = FlowFromProto(fs.flow());
    if (!flow || *flow == Flow::kUnspecified) {
      violations.Add(absl::StrCat("flow_sources[", i, "].flow"),
                     "must be a known flow");
      continue;
    }
    request.flow_sources.push_back(FlowSource{*flow, fs.source_system()});
  }
  std::optional<ReportingSide> side =
      ReportingSideFromProto(proto.preferred_reporting_side());
  if (!side) {
    violations.Add("preferred_reporting_side", "unknown reporting side");
  } else if (*side != ReportingSide::kUnspecified) {
    request.preferred_reporting_side = *side;
  }
  return request;
}

void CoverageToProto(const YearCoverage& coverage,
                     type::v1::YearCoverage* proto) {
  proto->set_years_in_span(coverage.years_in_span);
  proto->set_years_with_data(coverage.years_with_data);
  for (int year : coverage.missing_years) proto->add_missing_years(year);
  if (coverage.first_year_with_data) {
    proto->set_first_year_with_data(*coverage.first_year_with_data);
  }
  if (coverage.last_year_with_data) {
    proto->set_last_year_with_data(*coverage.last_year_with_data);
  }
}

void DefinitionToProto(const IndicatorDefinition& d,
                       v1::IndicatorDefinition* proto) {
  proto->set_indicator_id(d.indicator_id);
  proto->set_display_name(d.display_name);
  proto->set_formula(d.formula);
  proto->set_unit(d.unit);
  proto->set_description(d.description);
}

void SeriesToProto(const IndicatorSeries& series, v1::IndicatorSeries* proto) {
  DefinitionToProto(series.indicator, proto->mutable_indicator());
  for (const IndicatorPoint& point : series.points) {
    v1::IndicatorPoint* out = proto->add_points();
    out->set_year(point.year);
    if (point.value) out->set_value(*point.value);
    out->set_status(static_cast<v1::ValueStatus>(point.status));
    for (const IndicatorInput& input : point.inputs) {
      v1::IndicatorInput* in = out->add_inputs();
      in->set_role(input.role);
      in->set_observation(ObservationName(input.observation_id));
      in->set_observation_version(input.observation_version);
      in->set_value(input.value);
      in->set_unit(input.unit);
      in->set_source_system(input.source_system);
    }
    for (const std::string& missing : point.missing_inputs) {
      out->add_missing_inputs(missing);
    }
    out->set_note(point.note);
  }
  CoverageToProto(series.coverage, proto->mutable_coverage());
}

void SummaryToProto(const IndicatorSummary& summary,
                    v1::IndicatorSummary* proto) {
  DefinitionToProto(summary.indicator, proto->mutable_indicator());
  for (const IndicatorPeriodStatistics& s : summary.periods) {
    v1::IndicatorPeriodStatistics* out = proto->add_periods();
    PeriodToProto(s.period, out->mutable_period());
    if (s.mean) out->set_mean(*s.mean);
    if (s.standard_deviation)
      out->set_standard_deviation(*s.standard_deviation);
    if (s.first_year) out->set_first_year(*s.first_year);
    if (s.first_value) out->set_first_value(*s.first_value);
    if (s.last_year) out->set_last_year(*s.last_year);
    if (s.last_value) out->set_last_value(*s.last_value);
    if (s.slope_per_year) out->set_slope_per_year(*s.slope_per_year);
    if (s.slope_standard_error) {
      out->set_slope_standard_error(*s.slope_standard_error);
    }
    CoverageToProto(s.coverage, out->mutable_coverage());
  }
  for (const IndicatorPeriodChange& c : summary.changes) {
    v1::IndicatorPeriodChange* out = proto->add_changes();
    out->set_from_period(c.from_period);
    out->set_to_period(c.to_period);
    if (c.mean_change) out->set_mean_change(*c.mean_change);
    if (c.mean_change_interval) {
      type::v1::Interval* interval = out->mutable_mean_change_interval();
      interval->set_lower(c.mean_change_interval->lower);
      interval->set_upper(c.mean_change_interval->upper);
      interval->set_confidence_level(c.mean_change_interval->confidence_level);
      interval->set_method(type::v1::INTERVAL_METHOD_BOOTSTRAP);
      interval->set_draws(c.mean_change_interval->draws);
    }
  }
}

// The kind's own import options of `proto`.
ImportOptions ImportOptionsFromProto(const v1::ImportObservationsOptions& proto,
                                     FieldViolations& violations) {
  ImportOptions options;
  options.format = records::FormatFromProto(proto.format(),
                                            v1::ObservationFileFormat_IsValid,
                                            ObservationFormats(), violations);
  options.parser.country_codes = records::Iso3ListFromProto(
      proto.country_codes(), "options.country_codes", violations);
  records::CheckOptionalIso3(proto.default_reporter_code(),
                             "options.default_reporter_code", violations);
  options.parser.default_reporter_code = proto.default_reporter_code();
  if (proto.has_default_source()) {
    options.parser.default_source = SourceFromProto(
        proto.default_source(), "options.default_source", violations);
  }
  return options;
}

// The import's own response fields.
void ImportExtrasToProto(const ImportResult& result,
                         v1::ImportObservationsResponse* out) {
  out->set_empty_cells(result.empty_cells);
}

}  // namespace

grpc::Status EconomicsServiceImpl::CreateObservations(
    grpc::ServerContext* context, const v1::CreateObservationsRequest* request,
    v1::CreateObservationsResponse* response) {
  return Serve(context, Access::kWrite, [&] {
    return records::ServeCreate(
        *request, request->observations(), "observations", ObservationFromProto,
        backend(), &EconomicsManager::Create,
        records::FillRecord(ObservationToProto,
                            &v1::ObservationWriteResult::mutable_observation),
        response);
  });
}

grpc::Status EconomicsServiceImpl::ListObservations(
    grpc::ServerContext* context, const v1::ListObservationsRequest* request,
    v1::ListObservationsResponse* response) {
  return Serve(context, Access::kRead, [&] {
    FieldViolations violations;
    ObservationQuery query = FilterFromProto(request->filter(), violations);
    return records::ServeList(*request, query, violations, backend(),
                              &EconomicsManager::List, ObservationToProto,
                              response->mutable_observations(), response);
  });
}

grpc::Status EconomicsServiceImpl::ImportObservations(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ImportObservationsRequest>* reader,
    v1::ImportObservationsResponse* response) {
  return records::ServeImport(
      context, reader, response, kErrorDomain, policy(), ImportOptionsFromProto,
      backend(), &EconomicsManager::ImportObservations, ImportExtrasToProto);
}

grpc::Status EconomicsServiceImpl::ComputeIndicators(
    grpc::ServerContext* context, const v1::ComputeIndicatorsRequest* request,
    v1::ComputeIndicatorsResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    IndicatorRequest indicators =
        IndicatorRequestFromProto(*request, violations);
    if (request->start_year() < 1 || request->start_year() > 9999) {
      violations.Add("start_year", "is required, between 1 and 9999");
    }
    indicators.start_year = request->start_year();
    if (request->has_end_year()) {
      if (request->end_year() < request->start_year() ||
          request->end_year() > 9999) {
        violations.Add("end_year", "must be between start_year and 9999");
      }
      indicators.end_year = request->end_year();
    }
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    DYADSCOPE_ASSIGN_OR_RETURN(
        ComputeResult result,
        backend()->ComputeIndicators(indicators,
                                     records::AsOfFromProto(*request)));
    AppendEachToProto(result.series, SeriesToProto, response->mutable_series());
    records::SourcedAnswerToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::Status EconomicsServiceImpl::SummarizeIndicators(
    grpc::ServerContext* context, const v1::SummarizeIndicatorsRequest* request,
    v1::SummarizeIndicatorsResponse* response) {
  return Serve(context, Access::kRead, [&]() -> absl::Status {
    FieldViolations violations;
    SummarizeRequest summarize;
    summarize.indicators = IndicatorRequestFromProto(*request, violations);
    summarize.periods =
        PeriodsFromProto(request->periods(), "periods", violations);
    records::BootstrapFromProto(*request, summarize, violations);
    summarize.read = records::AsOfFromProto(*request);
    DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
    DYADSCOPE_ASSIGN_OR_RETURN(SummarizeResult result,
                               backend()->SummarizeIndicators(summarize));
    AppendEachToProto(result.summaries, SummaryToProto,
                      response->mutable_summaries());
    AppendEachToProto(result.periods, PeriodToProto,
                      response->mutable_periods());
    records::SourcedAnswerToProto(result, response);
    return absl::OkStatus();
  });
}

}  // namespace dyadscope::economics
