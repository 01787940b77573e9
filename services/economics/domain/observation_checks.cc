#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/records/record_use_cases.h"
#include "common/status/error_details.h"
#include "common/types/country_names.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {

void PrepareObservation(Observation& o, const FieldPath& path,
                        FieldViolations& violations) {
  if (o.indicator_code.empty() || o.indicator_code.size() > 128 ||
      o.indicator_code.find_first_of(" \t\r\n") != std::string::npos) {
    violations.Add(path("indicator_code"),
                   "must be 1 to 128 characters without spaces");
  }
  if (!IsKnownCountryCode(o.reporter_code)) {
    violations.Add(path("reporter_code"),
                   absl::StrCat("\"", o.reporter_code,
                                "\" is not an ISO 3166-1 alpha-3 code"));
  }
  if (!o.partner_code.empty() && o.partner_code != kWorld &&
      !IsKnownCountryCode(o.partner_code)) {
    violations.Add(path("partner_code"),
                   absl::StrCat("\"", o.partner_code,
                                "\" is not an ISO 3166-1 alpha-3 code or WLD"));
  }
  if (!o.partner_code.empty() && o.partner_code == o.reporter_code) {
    violations.Add(path("partner_code"), "must differ from reporter_code");
  }
  if (o.flow == Flow::kUnspecified) {
    violations.Add(path("flow"), "is required");
  }
  if (o.unit == Unit::kUnspecified) {
    violations.Add(path("unit"), "is required");
  }
  if (o.year < 1 || o.year > 9999) {
    violations.Add(path("year"), "must be between 1 and 9999");
  }
  if (o.year_basis == YearBasis::kUnspecified) {
    o.year_basis = YearBasis::kCalendar;
  }
  if ((o.year_basis == YearBasis::kFiscal ||
       o.year_basis == YearBasis::kPartial) &&
      o.period_label.empty()) {
    violations.Add(path("period_label"),
                   "is required for fiscal and partial years (e.g. "
                   "\"FY2021-22\")");
  }
  if (o.value.has_value() && !std::isfinite(*o.value)) {
    violations.Add(path("value"), "must be a finite number");
  }
  if (o.unit == Unit::kUsdConstant && !o.base_year.has_value()) {
    violations.Add(path("base_year"), "is required for constant US dollars");
  }
  if (o.qualifier == ValueQualifier::kUnspecified) {
    o.qualifier = ValueQualifier::kExact;
  }
  if (o.reporting_side == ReportingSide::kUnspecified) {
    o.reporting_side = ReportingSide::kReporter;
  }
  if (!records::IsSourceSystemName(o.provenance.source_system)) {
    violations.Add(path("provenance.source_system"),
                   "is required, UPPER_SNAKE_CASE (e.g. \"IMF_DOTS\")");
  }
  violations.CheckLength(path("indicator_name"), o.indicator_name,
                         kMaxShortTextBytes);
  violations.CheckLength(path("partner_name"), o.partner_name,
                         kMaxShortTextBytes);
  violations.CheckLength(path("period_label"), o.period_label,
                         kMaxShortTextBytes);
  violations.CheckLength(path("unit_label"), o.unit_label, kMaxShortTextBytes);
  violations.CheckLength(path("source_flag"), o.source_flag,
                         kMaxShortTextBytes);
  violations.CheckLength(path("notes"), o.notes, kMaxLongTextBytes);
  records::CheckSources(o.sources, path("sources"), violations);
}

}  // namespace dyadscope::economics
