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

records::RecordColumns<Observation, ObservationQuery>
ObservationRecordTraits::DescribeColumns() {
  records::RecordColumns<Observation, ObservationQuery> c(
      "observation", "observations", "economics");
  // The natural key (see observation.h).
  c.Key("indicator_code", &Observation::indicator_code);
  c.Key("reporter_code", &Observation::reporter_code);
  c.Key("partner_code", &Observation::partner_code);
  c.Key("year", &Observation::year);
  c.Key("period_label", &Observation::period_label);
  c.Key("source_system", records::SourceSystemOf<Observation>);
  // What ObservationQuery filters on.
  c.Stored("indicator_code", &Observation::indicator_code)
      .In(&ObservationQuery::indicator_codes);
  c.Stored("reporter_code", &Observation::reporter_code)
      .In(&ObservationQuery::reporter_codes);
  c.Stored("partner_code", &Observation::partner_code)
      .In(&ObservationQuery::partner_codes);
  c.Stored("flow", &Observation::flow).In(&ObservationQuery::flows);
  c.Stored("year", &Observation::year)
      .Between(&ObservationQuery::start_year, &ObservationQuery::end_year);
  c.Stored("year_basis", &Observation::year_basis)
      .In(&ObservationQuery::year_bases);
  c.Stored("reporting_side", &Observation::reporting_side)
      .In(&ObservationQuery::reporting_sides);
  c.Stored("source_system", records::SourceSystemOf<Observation>)
      .In(&ObservationQuery::source_systems);
  return c;
}

}  // namespace dyadscope::economics
