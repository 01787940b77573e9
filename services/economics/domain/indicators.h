// File: services/economics/domain/indicators.h
// -----------------------------------------------------------------------------
// The computations behind EconomicsService.ComputeIndicators: per-year
// indicators of asymmetric interdependence between a focal state A and a
// partner B, computed from economic observations, each value with the
// observations it used and a status saying why it is absent when it is.
// Pure C++: the structs mirror dyadscope.economics.v1's IndicatorDefinition,
// IndicatorInput, IndicatorPoint, IndicatorSeries and FlowSource (and
// dyadscope.type.v1.YearCoverage) without depending on protobuf.
//
// Usage (the store supplies the observations current at the request's as-of
// time, at least those whose reporter is A or B):
//
//   IndicatorRequest request;
//   request.country_a = "PAK";
//   request.country_b = "CHN";
//   request.start_year = 1990;
//   request.end_year = 2020;
//   DYADSCOPE_ASSIGN_OR_RETURN(std::vector<IndicatorSeries> series,
//                              ComputeIndicators(observations, request));
//
// Notation. X exports, M imports, T = X + M. Input roles name the figure a
// formula reads: "<Q>_AB" is A's figure with partner B, "<Q>_BA" B's figure
// with A, "<Q>_A" / "<Q>_B" the country's figure with the world (partner
// "WLD"), "GDP_A" A's GDP, "<Q>_A:<partner>" A's figure with one partner (for
// concentration), and a "[t-1]" suffix the previous year's figure (growth).
// Q is X, M, T, FDI (FDI inflow), DEBT (external debt stock), LOANS (loan
// commitments), FIN (official finance commitments) or ARMS (arms imports).
// Every flow is framed from the reporter's side: FDI_AB is A's FDI inflow
// from B, FIN_AB official finance committed to A by B.
//
// Observation selection, for every role:
// - Only the source system chosen for the flow (FlowSource; defaults in
//   DefaultSourceSystem()). Flows of one family share one source, so a series
//   is never spliced from several source systems: exports, imports and total
//   trade; arms imports and exports; FDI inflow and outflow. An observation
//   of another source system (e.g. REPORTED press figures) is never used in
//   place of a missing one.
// - Only calendar-year figures (year_basis kCalendar or kUnspecified). Fiscal
//   and partial-year figures are never used; when only such figures exist
//   the missing-input text says so.
// - Only figures with a value (finite) in a unit the flow can be read in:
//   USD (current or constant) for money flows and GDP, SIPRI TIV for arms.
// - Reporting side. Bilateral trade (X_AB, M_AB, X_BA, M_BA and their totals)
//   follows `preferred_reporting_side`: kReporter (the default; kUnspecified
//   means the same) reads the reporter's own figures; kPartner reads the
//   partner's figures for the same flow: an explicit mirror observation
//   (reporting_side kPartner) or else the partner's own counter-flow (for
//   X_AB, B's reported imports from A; a note says so); kThirdParty reads
//   third-party figures. A missing preferred figure is never replaced by the
//   other side's: the value is absent with a missing input. The mirror gap
//   and the trade-partner concentration always read own figures. World
//   totals and all other flows accept any side, preferring the reporter's
//   own, then a third party's, then the partner's.
// - Among several eligible figures for one role (say two GDP series), the
//   one in current USD, then the lowest indicator code, then the highest
//   version, then the lowest id is used, and a note names it.
// - GDP observations may have partner "" or "WLD".
// - Totals: T = X + M when both are present; when one is missing and the
//   source gives a total-trade figure for the same pair, that figure is used
//   (role "T_AB", "T_A", …) with a note; otherwise the value is absent.
//
// Statuses. A value is present only with kOk. kMissingInput lists in
// `missing_inputs` every role that had no usable figure, as
// "<role>: <what was looked for>". kZeroDenominator: a denominator was zero.
// kNotApplicable: the formula does not apply (growth in the first year of
// a series, concentration without multi-partner data, a result that would
// not be a finite number). A missing input outranks a zero denominator,
// which outranks not-applicable. No value is ever NaN or infinite. Inputs
// that were found are listed whatever the status.
//
// Indicator-specific rules are in each definition's description (see
// IndicatorDefinitions()). Ratios whose numerator and denominator are in
// different units (constant 2021 USD over current USD, say) are computed
// with a note saying so.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATORS_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATORS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain_enums/economics.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {

// Whether an indicator value could be computed. Values match
// dyadscope.economics.v1.ValueStatus.
// enum class ValueStatus: generated from the contract
// (domain_enums/economics.h).

// What an indicator is and how it is computed.
struct IndicatorDefinition {
  std::string indicator_id;  // "barbieri_salience"
  std::string display_name;  // "Barbieri salience"
  std::string formula;       // "sqrt(s_A * s_B)"
  std::string unit;          // "USD", "ratio", "share 0-1", "percent", …
  std::string description;   // meaning and caveats
};

// One observation an indicator value was computed from.
struct IndicatorInput {
  std::string role;  // "X_AB", "T_A", "GDP_A", "ARMS_A:CHN", "X_AB[t-1]"
  int64_t observation_id = 0;  // resource name "observations/{id}"
  int64_t observation_version = 0;
  double value = 0.0;         // as stored, in `unit`
  std::string unit;           // "USD", "USD constant 2021", "TIV millions"
  std::string source_system;  // the observation's provenance.source_system
};

// An indicator's value in one year.
struct IndicatorPoint {
  int year = 0;
  std::optional<double> value;  // present iff status is kOk; always finite
  ValueStatus status = ValueStatus::kUnspecified;
  std::vector<IndicatorInput> inputs;       // one per role found
  std::vector<std::string> missing_inputs;  // "<role>: <what was looked for>"
  std::string note;                         // remarks joined by "; "
};

// Data coverage over a span of calendar years (dyadscope.type.v1.YearCoverage).
struct YearCoverage {
  int32_t years_in_span = 0;
  int32_t years_with_data = 0;
  std::vector<int> missing_years;  // ascending
  std::optional<int> first_year_with_data;
  std::optional<int> last_year_with_data;
};

// An indicator's values over a range of years.
struct IndicatorSeries {
  IndicatorDefinition indicator;
  std::vector<IndicatorPoint> points;  // one per year of the range, ascending
  YearCoverage coverage;
};

// Which source system to draw one flow from.
struct FlowSource {
  Flow flow = Flow::kUnspecified;
  std::string source_system;  // "IMF_DOTS", "COMTRADE", "WDI", …
};

// What to compute (dyadscope.economics.v1.ComputeIndicatorsRequest less the
// as-of time, which is the store's concern).
struct IndicatorRequest {
  std::string country_a;  // focal state, ISO 3166-1 alpha-3
  std::string country_b;  // partner, ISO 3166-1 alpha-3, not A
  int start_year = 0;     // 1 to 9999
  // The last year, at most kMaxIndicatorYears years from start_year. Absent
  // means the last year with any usable observation of A or B (start_year
  // when there is none), capped at the same limit.
  std::optional<int> end_year;
  // Indicator ids (see IndicatorDefinitions()), each at most once; empty
  // computes all, in catalogue order.
  std::vector<std::string> indicator_ids;
  // Source per flow; flows not listed use DefaultSourceSystem(). A flow may
  // be listed once; flows of one family (see above) must agree.
  std::vector<FlowSource> flow_sources;
  // Whose statistics to use for bilateral trade (see above).
  ReportingSide preferred_reporting_side = ReportingSide::kReporter;
};

// The longest year range ComputeIndicators accepts.
inline constexpr int kMaxIndicatorYears = 500;

// Returns every indicator's definition, in catalogue order (the order of the
// ids in indicator.proto's comment).
std::vector<IndicatorDefinition> IndicatorDefinitions();

// Returns the definition of `indicator_id`, or nullopt when unknown.
std::optional<IndicatorDefinition> FindIndicatorDefinition(
    absl::string_view indicator_id);

// Returns the default source system of `flow`: "IMF_DOTS" for trade flows,
// "WDI" for GDP, FDI, external debt and loan commitments, "SIPRI" for arms
// transfers, "AIDDATA" for official finance; "" for other flows.
std::string DefaultSourceSystem(Flow flow);

// Returns true for partner codes that are not one country: "", "WLD", codes
// that are not three upper-case letters, and the World Bank's regional and
// income aggregates ("EUU", "EAS", "HIC", …). Such partners are left out of
// concentration measures and supplier sums.
bool IsAggregatePartnerCode(absl::string_view code);

// Computes the requested indicators for every year of the request's range
// from `observations` (any order; observations of countries other than A
// and B are ignored). Returns one series per indicator, in request order
// (catalogue order when none is named), each with one point per year and
// its coverage. Returns INVALID_ARGUMENT naming the request field (as in
// ComputeIndicatorsRequest: "dyad.country_a", "end_year",
// "indicator_ids[2]", "flow_sources[0].source_system", …) for a bad
// request. Missing data is never an error: it shows in the points.
absl::StatusOr<std::vector<IndicatorSeries>> ComputeIndicators(
    const std::vector<Observation>& observations,
    const IndicatorRequest& request);

// Returns the coverage of `points` over first_year..last_year: a year has
// data when it has a point with a value; years without a point count as
// missing. Points outside the span are ignored. Empty span when
// last_year < first_year.
YearCoverage ComputeYearCoverage(const std::vector<IndicatorPoint>& points,
                                 int first_year, int last_year);

}  // namespace dyadscope::economics

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATORS_H_
