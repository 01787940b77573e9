#include "services/economics/domain/indicator_catalog.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/types/types.h"
#include "services/economics/domain/indicators.h"

namespace dyadscope::economics {
namespace indicators_internal {
namespace {

constexpr CatalogEntry kCatalog[] = {
    {Kind::kTradeBalance, "trade_balance_usd", "Trade balance", "X_AB - M_AB",
     "USD",
     "A's exports to B minus A's imports from B, from the preferred reporting "
     "side. Positive: A has a surplus with B."},
    {Kind::kTradeCoverage, "trade_coverage_ratio", "Trade coverage ratio",
     "X_AB / M_AB", "ratio",
     "A's exports to B per dollar of imports from B; below 1 A has a deficit "
     "with B. Zero denominator when M_AB is 0."},
    {Kind::kShareA, "trade_share_a", "Trade share of A (s_A)", "T_AB / T_A",
     "share 0-1",
     "The share of A's total trade that is with B. T_AB = X_AB + M_AB from "
     "the preferred reporting side; T_A = A's exports + imports with the "
     "world (WLD) as A reports them."},
    {Kind::kShareB, "trade_share_b", "Trade share of B (s_B)", "T_BA / T_B",
     "share 0-1",
     "The share of B's total trade that is with A, from B's own figures: "
     "T_BA = X_BA + M_BA (B's exports to and imports from A), T_B = B's "
     "exports + imports with the world (WLD)."},
    {Kind::kSalience, "barbieri_salience", "Barbieri salience",
     "sqrt(s_A * s_B)", "share 0-1",
     "How much the relationship matters to both sides together (Barbieri "
     "1996): the geometric mean of the two trade shares."},
    {Kind::kSymmetry, "barbieri_symmetry", "Barbieri symmetry",
     "1 - |s_A - s_B|", "share 0-1",
     "1 when both sides depend equally on the relationship, lower the more "
     "one-sided it is (Barbieri 1996)."},
    {Kind::kInterdependence, "barbieri_interdependence",
     "Barbieri interdependence", "sqrt(s_A * s_B) * (1 - |s_A - s_B|)",
     "share 0-1",
     "Salience times symmetry: high when the relationship is both important "
     "and balanced (Barbieri 1996)."},
    {Kind::kDependenceRatio, "dependence_ratio", "Dependence ratio",
     "s_A / s_B", "ratio",
     "How many times more A depends on trade with B than B on trade with A; "
     "above 1 A is the more dependent side. Zero denominator when s_B is 0."},
    {Kind::kDirectedAsymmetry, "directed_asymmetry", "Directed asymmetry",
     "(s_A - s_B) / (s_A + s_B)", "ratio -1 to 1",
     "The signed asymmetry of dependence: +1 only A depends on the "
     "relationship, -1 only B, 0 balanced. Zero denominator when both shares "
     "are 0."},
    {Kind::kTradeGdpA, "trade_gdp_a", "Trade with B relative to A's GDP",
     "T_AB / GDP_A", "ratio",
     "Oneal-Russett dependence of A on B: A's trade with B as a fraction "
     "(not a percentage) of A's GDP."},
    {Kind::kTradeGdpB, "trade_gdp_b", "Trade with A relative to B's GDP",
     "T_BA / GDP_B", "ratio",
     "Oneal-Russett dependence of B on A: B's trade with A, as B reports it "
     "(or the preferred side's figures), as a fraction of B's GDP."},
    {Kind::kFdiShare, "fdi_share_from_b", "Share of A's FDI inflows from B",
     "FDI_AB / FDI_A", "share",
     "A's FDI inflow from B over A's total FDI inflow (partner WLD). Net "
     "flows can be negative, so the share can fall outside 0-1."},
    {Kind::kDebtShare, "external_debt_share_from_b",
     "Share of A's external debt owed to B", "DEBT_AB / DEBT_A", "share 0-1",
     "A's external debt stock owed to B over A's total external debt stock "
     "(partner WLD)."},
    {Kind::kLoanShare, "loan_commitment_share_from_b",
     "Share of A's loan commitments from B", "LOANS_AB / LOANS_A", "share 0-1",
     "Loans committed to A by B in the year over all loans committed to A "
     "(partner WLD)."},
    {Kind::kArmsShare, "arms_import_share_from_b",
     "Share of A's arms imports from B", "ARMS_AB / ARMS_A", "share 0-1",
     "SIPRI TIV delivered to A by B over the TIV delivered to A by all "
     "suppliers: the WLD total when there is one, else the sum over the "
     "suppliers with a figure that year (the note says which). A year "
     "without a figure for B is missing, not zero."},
    {Kind::kFinancePctGdp, "finance_commitments_b_to_a_pct_gdp",
     "B's official finance commitments to A, % of A's GDP",
     "100 * FIN_AB / GDP_A", "percent",
     "Official finance (e.g. AidData's Chinese development finance) committed "
     "to A by B in the year, as a percentage of A's GDP. When the two are in "
     "different units (e.g. constant 2021 USD over current USD) the value is "
     "still computed and the note says so."},
    {Kind::kArmsHhi, "arms_supplier_hhi", "Arms supplier concentration (HHI)",
     "sum_i (ARMS_A:i / sum_j ARMS_A:j)^2", "index 0-1",
     "Hirschman-Herfindahl index of A's arms suppliers in the year, over A's "
     "arms-import figures with every partner except WLD and aggregates; 1 "
     "for a single supplier. Zero denominator when no supplier delivered."},
    {Kind::kArmsHhiNormalized, "arms_supplier_hhi_normalized",
     "Arms supplier concentration (normalised HHI)", "(HHI - 1/N) / (1 - 1/N)",
     "index 0-1",
     "The arms-supplier HHI rescaled so that N equal suppliers give 0 and a "
     "single supplier 1; N counts the suppliers with deliveries above 0 (1 "
     "when N = 1)."},
    {Kind::kTradeHhi, "trade_partner_hhi", "Trade partner concentration (HHI)",
     "sum_i (T_A:i / sum_j T_A:j)^2", "index 0-1",
     "Hirschman-Herfindahl index of A's trade partners: exports + imports per "
     "partner as A reports them, WLD and aggregates excluded. Needs "
     "multi-partner data: not applicable when only trade with B is loaded."},
    {Kind::kTradeHhiNormalized, "trade_partner_hhi_normalized",
     "Trade partner concentration (normalised HHI)", "(HHI - 1/N) / (1 - 1/N)",
     "index 0-1",
     "The trade-partner HHI rescaled so that N equal partners give 0 and a "
     "single partner 1; N counts the partners with trade above 0."},
    {Kind::kMirrorGap, "mirror_gap", "Mirror statistics gap",
     "(M_AB - X_BA) / max(M_AB, X_BA)", "ratio -1 to 1",
     "What A reports importing from B minus what B reports exporting to A, "
     "over the larger of the two, each side's own figures whatever the "
     "preferred side. Imports are usually valued CIF and exports FOB, so a "
     "small positive gap is normal."},
    {Kind::kGrowthExports, "growth_exports_ab", "Growth of A's exports to B",
     "(X_AB[t] - X_AB[t-1]) / X_AB[t-1]", "ratio",
     "Year-on-year growth of X_AB. Not applicable in the first year with a "
     "figure; missing when the previous year's figure is missing after "
     "earlier years had one."},
    {Kind::kGrowthImports, "growth_imports_ab", "Growth of A's imports from B",
     "(M_AB[t] - M_AB[t-1]) / M_AB[t-1]", "ratio",
     "Year-on-year growth of M_AB. Not applicable in the first year with a "
     "figure; missing when the previous year's figure is missing after "
     "earlier years had one."},
    {Kind::kGrowthTrade, "growth_trade_ab", "Growth of trade between A and B",
     "(T_AB[t] - T_AB[t-1]) / T_AB[t-1]", "ratio",
     "Year-on-year growth of T_AB = X_AB + M_AB. Not applicable in the first "
     "year with a figure; missing when the previous year's figure is missing "
     "after earlier years had one."},
};

// The World Bank's regional, income and lending-group aggregates.
constexpr absl::string_view kAggregateCodes[] = {
    "AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS",
    "EMU", "EUU", "FCS", "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX",
    "INX", "LAC", "LCN", "LDC", "LIC", "LMC", "LMY", "LTE", "MEA", "MIC",
    "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS", "SSA", "SSF",
    "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD"};

}  // namespace

absl::Span<const CatalogEntry> IndicatorCatalog() { return kCatalog; }

const CatalogEntry* FindCatalogEntry(absl::string_view id) {
  for (const CatalogEntry& entry : kCatalog) {
    if (id == entry.id) return &entry;
  }
  return nullptr;
}

IndicatorDefinition ToDefinition(const CatalogEntry& entry) {
  return IndicatorDefinition{entry.id, entry.display_name, entry.formula,
                             entry.unit, entry.description};
}

}  // namespace indicators_internal

using indicators_internal::CatalogEntry;
using indicators_internal::IndicatorCatalog;

std::vector<IndicatorDefinition> IndicatorDefinitions() {
  std::vector<IndicatorDefinition> definitions;
  definitions.reserve(IndicatorCatalog().size());
  for (const CatalogEntry& entry : IndicatorCatalog()) {
    definitions.push_back(indicators_internal::ToDefinition(entry));
  }
  return definitions;
}

std::optional<IndicatorDefinition> FindIndicatorDefinition(
    absl::string_view indicator_id) {
  const CatalogEntry* entry =
      indicators_internal::FindCatalogEntry(indicator_id);
  if (entry == nullptr) return std::nullopt;
  return indicators_internal::ToDefinition(*entry);
}

std::string DefaultSourceSystem(Flow flow) {
  switch (flow) {
    case Flow::kExports:
    case Flow::kImports:
    case Flow::kTotalTrade:
      return "IMF_DOTS";
    case Flow::kGdp:
    case Flow::kFdiInflow:
    case Flow::kFdiOutflow:
    case Flow::kExternalDebtStock:
    case Flow::kLoanCommitments:
      return "WDI";
    case Flow::kArmsImports:
    case Flow::kArmsExports:
      return "SIPRI";
    case Flow::kOfficialFinanceCommitments:
      return "AIDDATA";
    case Flow::kUnspecified:
    case Flow::kOther:
      break;
  }
  return "";
}

bool IsAggregatePartnerCode(absl::string_view code) {
  if (!LooksLikeIso3(code)) return true;
  return std::find(std::begin(indicators_internal::kAggregateCodes),
                   std::end(indicators_internal::kAggregateCodes),
                   code) != std::end(indicators_internal::kAggregateCodes);
}

}  // namespace dyadscope::economics
