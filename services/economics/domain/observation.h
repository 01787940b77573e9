// File: services/economics/domain/observation.h
// -----------------------------------------------------------------------------
// The economics service's domain types: one economic observation (a figure
// for a reporter, a partner or the world, a year, a flow, a unit, with its
// sources), mirroring dyadscope.economics.v1.Observation without protobuf.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_OBSERVATION_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_OBSERVATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status/error_details.h"
#include "common/types/types.h"
#include "domain_enums/economics.h"

namespace dyadscope::economics {

// What is measured, framed from the reporter's side (inflows as received by
// the reporter from the partner). Values match dyadscope.economics.v1.Flow.
// enum class Flow: generated from the contract (domain_enums/economics.h).
//   kExports:
//    reporter's merchandise exports to partner (WLD: world)
//   kImports:
//    reporter's merchandise imports from partner
//   kTotalTrade:
//    exports + imports, where a source gives only the total
//   kFdiInflow:
//    FDI into the reporter from the partner (WLD: all)
//   kExternalDebtStock:
//    reporter's external debt owed to partner
//   kLoanCommitments:
//    loans committed to the reporter by partner
//   kOfficialFinanceCommitments:
//    e.g. AidData Chinese finance
//   kArmsImports:
//    SIPRI TIV delivered to reporter by partner
//   kGdp:
//    reporter's GDP (no partner)

// The unit of a value. USD values are plain dollars (importers convert
// millions and billions). Values match dyadscope.economics.v1.Unit.
// enum class Unit: generated from the contract (domain_enums/economics.h).

// The year convention. kFiscal: `year` is the calendar year the fiscal year
// ends in, `period_label` names it ("FY2021-22"); kPartial figures are kept
// but never used for annual indicators.
// enum class YearBasis: generated from the contract (domain_enums/economics.h).

// Whose statistics a figure is: the reporter's own, the partner's read as
// the reporter's flow (mirror data), or a third party's estimate.
// enum class ReportingSide: generated from the contract
// (domain_enums/economics.h).

// How exactly the source states the value ("exceeded US$12 billion").
// enum class ValueQualifier: generated from the contract
// (domain_enums/economics.h).

// How a trade value is priced.
// enum class TradeValuation: generated from the contract
// (domain_enums/economics.h).

// The partner code of world totals.
inline constexpr char kWorld[] = "WLD";

// One figure. The idempotency key is (indicator_code, reporter_code,
// partner_code, year, period_label, provenance.source_system).
struct Observation {
  int64_t id = 0;  // assigned by the store; name "observations/{id}"
  std::string indicator_code;  // "NY.GDP.MKTP.CD", "exports_fob", …
  std::string indicator_name;
  std::string reporter_code;  // ISO 3166-1 alpha-3
  std::string partner_code;   // ISO alpha-3, "WLD", or "" (no partner)
  std::string partner_name;
  Flow flow = Flow::kUnspecified;
  TradeValuation valuation = TradeValuation::kUnspecified;
  int year = 0;
  YearBasis year_basis = YearBasis::kCalendar;
  std::string period_label;
  std::optional<double> value;  // absent: the source lists it unavailable
  Unit unit = Unit::kUnspecified;
  std::string unit_label;
  std::optional<int> base_year;
  ValueQualifier qualifier = ValueQualifier::kExact;
  ReportingSide reporting_side = ReportingSide::kReporter;
  std::string source_flag;
  std::string notes;
  std::vector<SourceRef> sources;
  Provenance provenance;  // source_system e.g. "IMF_DOTS", "WDI", "SIPRI"
  VersionInfo version;
};

// Shared by every importer (common/types).
using ::dyadscope::RowRejection;

// Checks an observation from a client (a Create or an imported row) and records
// each problem under `path` (e.g. path("year")); fills the defaults of the
// fields a client may leave unset. The records::RecordKindInfo::prepare of
// the kind.
void PrepareObservation(Observation& observation, const FieldPath& path,
                        FieldViolations& violations);

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_OBSERVATION_H_
