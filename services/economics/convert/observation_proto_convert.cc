#include "services/economics/convert/observation_proto_convert.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/records/record_proto.h"
#include "common/types/type_proto_convert.h"

namespace dyadscope::economics {
namespace {

template <typename Enum>
std::optional<Enum> Checked(int value, bool (*is_valid)(int)) {
  if (!is_valid(value)) return std::nullopt;
  return static_cast<Enum>(value);
}

}  // namespace

std::string ObservationName(int64_t id) {
  return absl::StrCat("observations/", id);
}

std::optional<Flow> FlowFromProto(int value) {
  return Checked<Flow>(value, v1::Flow_IsValid);
}

std::optional<ReportingSide> ReportingSideFromProto(int value) {
  return Checked<ReportingSide>(value, v1::ReportingSide_IsValid);
}

std::optional<YearBasis> YearBasisFromProto(int value) {
  return Checked<YearBasis>(value, v1::YearBasis_IsValid);
}

Observation ObservationFromProto(const v1::Observation& proto,
                                 absl::string_view field,
                                 FieldViolations& violations) {
  const FieldPath path(field);
  Observation o;
  o.indicator_code = proto.indicator_code();
  o.indicator_name = proto.indicator_name();
  o.reporter_code = proto.reporter_code();
  o.partner_code = proto.partner_code();
  o.partner_name = proto.partner_name();
  if (auto flow = FlowFromProto(proto.flow())) {
    o.flow = *flow;
  } else {
    violations.Add(path("flow"), "unknown flow");
  }
  if (auto v = Checked<TradeValuation>(proto.valuation(),
                                       v1::TradeValuation_IsValid)) {
    o.valuation = *v;
  } else {
    violations.Add(path("valuation"), "unknown valuation");
  }
  o.year = proto.year();
  if (auto basis = YearBasisFromProto(proto.year_basis())) {
    o.year_basis =
        *basis == YearBasis::kUnspecified ? YearBasis::kCalendar : *basis;
  } else {
    violations.Add(path("year_basis"), "unknown year basis");
  }
  o.period_label = proto.period_label();
  if (proto.has_value()) {
    if (!std::isfinite(proto.value())) {
      violations.Add(path("value"), "must be a finite number");
    }
    o.value = proto.value();
  }
  if (auto unit = Checked<Unit>(proto.unit(), v1::Unit_IsValid)) {
    o.unit = *unit;
  } else {
    violations.Add(path("unit"), "unknown unit");
  }
  o.unit_label = proto.unit_label();
  if (proto.has_base_year()) o.base_year = proto.base_year();
  if (auto q = Checked<ValueQualifier>(proto.qualifier(),
                                       v1::ValueQualifier_IsValid)) {
    o.qualifier =
        *q == ValueQualifier::kUnspecified ? ValueQualifier::kExact : *q;
  } else {
    violations.Add(path("qualifier"), "unknown qualifier");
  }
  if (auto side = ReportingSideFromProto(proto.reporting_side())) {
    o.reporting_side =
        *side == ReportingSide::kUnspecified ? ReportingSide::kReporter : *side;
  } else {
    violations.Add(path("reporting_side"), "unknown reporting side");
  }
  o.source_flag = proto.source_flag();
  o.notes = proto.notes();
  records::RecordSourcesFromProto(proto, field, violations, o);
  return o;
}

void ObservationToProto(const Observation& o, v1::Observation* proto) {
  if (o.id > 0) proto->set_name(ObservationName(o.id));
  proto->set_indicator_code(o.indicator_code);
  proto->set_indicator_name(o.indicator_name);
  proto->set_reporter_code(o.reporter_code);
  proto->set_partner_code(o.partner_code);
  proto->set_partner_name(o.partner_name);
  proto->set_flow(static_cast<v1::Flow>(o.flow));
  proto->set_valuation(static_cast<v1::TradeValuation>(o.valuation));
  proto->set_year(o.year);
  proto->set_year_basis(static_cast<v1::YearBasis>(o.year_basis));
  proto->set_period_label(o.period_label);
  if (o.value.has_value()) proto->set_value(*o.value);
  proto->set_unit(static_cast<v1::Unit>(o.unit));
  proto->set_unit_label(o.unit_label);
  if (o.base_year.has_value()) proto->set_base_year(*o.base_year);
  proto->set_qualifier(static_cast<v1::ValueQualifier>(o.qualifier));
  proto->set_reporting_side(static_cast<v1::ReportingSide>(o.reporting_side));
  proto->set_source_flag(o.source_flag);
  proto->set_notes(o.notes);
  records::RecordSourcesToProto(o, proto);
}

}  // namespace dyadscope::economics
