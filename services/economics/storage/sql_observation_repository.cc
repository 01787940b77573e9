#include "services/economics/storage/sql_observation_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/records/proto_body.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "services/economics/convert/observation_proto_convert.h"

namespace dyadscope::economics {

records::RecordSchema ObservationRecordTraits::Schema() {
  return records::RecordSchema::Of(
      "observation", "observations", "economics",
      {"indicator_code", "reporter_code", "partner_code", "year",
       "period_label", "source_system"},
      {"indicator_code", "reporter_code", "partner_code", "flow", "year",
       "year_basis", "reporting_side", "source_system"});
}

records::EncodedRecord ObservationRecordTraits::Encode(const Observation& o) {
  const std::string& system = o.provenance.source_system;
  return {{o.indicator_code, o.reporter_code, o.partner_code, int64_t{o.year},
           o.period_label, system},
          {o.indicator_code, o.reporter_code, o.partner_code,
           storage::EnumValue(o.flow), int64_t{o.year},
           storage::EnumValue(o.year_basis),
           storage::EnumValue(o.reporting_side), system},
          Body(o)};
}

void ObservationRecordTraits::AddFilter(const ObservationQuery& q,
                                        storage::Clause& clause) {
  clause.AndIn("v.indicator_code", q.indicator_codes);
  clause.AndIn("v.reporter_code", q.reporter_codes);
  clause.AndIn("v.partner_code", q.partner_codes);
  clause.AndIn("v.source_system", q.source_systems);
  clause.AndInEnums("v.flow", q.flows);
  clause.AndInEnums("v.reporting_side", q.reporting_sides);
  clause.AndInEnums("v.year_basis", q.year_bases);
  clause.AndAtLeast("v.year", q.start_year);
  clause.AndAtMost("v.year", q.end_year);
}

}  // namespace dyadscope::economics
