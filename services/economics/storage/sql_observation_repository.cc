#include "services/economics/storage/sql_observation_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/records/proto_body.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "embedded/economics_migrations.h"
#include "services/economics/convert/observation_proto_convert.h"

namespace dyadscope::economics {
namespace {

using storage::Clause;
using storage::SqlValue;

}  // namespace

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
  records::EncodedRecord encoded;
  encoded.key = {o.indicator_code, o.reporter_code, o.partner_code,
                 int64_t{o.year},  o.period_label,  system};
  encoded.columns = {o.indicator_code,
                     o.reporter_code,
                     o.partner_code,
                     int64_t{static_cast<int>(o.flow)},
                     int64_t{o.year},
                     int64_t{static_cast<int>(o.year_basis)},
                     int64_t{static_cast<int>(o.reporting_side)},
                     system};
  encoded.body = Body(o);
  return encoded;
}

void ObservationRecordTraits::AddFilter(const ObservationQuery& q,
                                        Clause& clause) {
  auto texts = [](const std::vector<std::string>& values) {
    return std::vector<SqlValue>(values.begin(), values.end());
  };
  auto ints = [](const auto& values) {
    std::vector<SqlValue> out;
    for (auto v : values) out.push_back(int64_t{static_cast<int>(v)});
    return out;
  };
  clause.AndIn("v.indicator_code", texts(q.indicator_codes));
  clause.AndIn("v.reporter_code", texts(q.reporter_codes));
  clause.AndIn("v.partner_code", texts(q.partner_codes));
  clause.AndIn("v.source_system", texts(q.source_systems));
  clause.AndIn("v.flow", ints(q.flows));
  clause.AndIn("v.reporting_side", ints(q.reporting_sides));
  clause.AndIn("v.year_basis", ints(q.year_bases));
  if (q.start_year.has_value()) {
    clause.And("v.year >= ?");
    clause.params.push_back(int64_t{*q.start_year});
  }
  if (q.end_year.has_value()) {
    clause.And("v.year <= ?");
    clause.params.push_back(int64_t{*q.end_year});
  }
}

std::vector<storage::Migration> EconomicsMigrations(storage::Engine engine) {
  const bool postgres = engine == storage::Engine::kPostgres;
  return {
      {1, "0001_create_observations",
       std::string(
           postgres ? embedded::economics_postgres_0001_create_observations()
                    : embedded::economics_sqlite_0001_create_observations())}};
}

}  // namespace dyadscope::economics
