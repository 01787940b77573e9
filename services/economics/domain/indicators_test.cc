#include "services/economics/domain/indicators.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr double kTol = 1e-12;

// Builds observations with increasing ids.
class Builder {
 public:
  // Adds one observation and returns it for further changes.
  Observation& Add(const std::string& reporter, const std::string& partner,
                   Flow flow, int year, std::optional<double> value,
                   const std::string& source = "",
                   Unit unit = Unit::kUnspecified) {
    Observation o;
    o.id = next_id_++;
    o.indicator_code = "code";
    o.reporter_code = reporter;
    o.partner_code = partner;
    o.flow = flow;
    o.year = year;
    o.value = value;
    o.provenance.source_system =
        source.empty() ? DefaultSourceSystem(flow) : source;
    o.unit = unit != Unit::kUnspecified   ? unit
             : flow == Flow::kArmsImports ? Unit::kSipriTivMillions
                                          : Unit::kUsdCurrent;
    // As the SIPRI and AidData importers store them.
    if (o.provenance.source_system == "SIPRI" ||
        o.provenance.source_system == "AIDDATA") {
      o.reporting_side = ReportingSide::kThirdParty;
    }
    o.version.version = 1;
    observations_.push_back(o);
    return observations_.back();
  }

  std::vector<Observation>& observations() { return observations_; }

 private:
  int64_t next_id_ = 1;
  std::vector<Observation> observations_;
};

// The dyad fixture, A = PAK, B = CHN, in 2010 (IMF_DOTS trade, WDI GDP, FDI,
// debt and loans, SIPRI arms, AidData finance):
//   X_AB = 10, M_AB = 40            → T_AB = 50
//   X_A = 200, M_A = 300 (WLD)      → T_A = 500
//   X_BA = 45, M_BA = 5 (CHN's own) → T_BA = 50
//   X_B = 1200, M_B = 800 (WLD)     → T_B = 2000
//   GDP_A = 1000, GDP_B = 10000
//   FDI_AB = 30, FDI_A = 120; DEBT_AB = 20, DEBT_A = 100;
//   LOANS_AB = 15, LOANS_A = 60
//   ARMS from CHN 60, USA 30, GBR 10 (no WLD total)
//   FIN_AB = 25 (constant 2021 USD)
//   A's other partners: USA X 60 M 40, ARE X 30 M 20, EUU X 100 (aggregate)
// and 2009: X_AB = 8, M_AB = 50.
Builder Fixture() {
  Builder b;
  b.Add("PAK", "CHN", Flow::kExports, 2010, 10);
  b.Add("PAK", "CHN", Flow::kImports, 2010, 40);
  b.Add("PAK", "WLD", Flow::kExports, 2010, 200);
  b.Add("PAK", "WLD", Flow::kImports, 2010, 300);
  b.Add("CHN", "PAK", Flow::kExports, 2010, 45);
  b.Add("CHN", "PAK", Flow::kImports, 2010, 5);
  b.Add("CHN", "WLD", Flow::kExports, 2010, 1200);
  b.Add("CHN", "WLD", Flow::kImports, 2010, 800);
  b.Add("PAK", "", Flow::kGdp, 2010, 1000);
  b.Add("CHN", "", Flow::kGdp, 2010, 10000);
  b.Add("PAK", "CHN", Flow::kFdiInflow, 2010, 30);
  b.Add("PAK", "WLD", Flow::kFdiInflow, 2010, 120);
  b.Add("PAK", "CHN", Flow::kExternalDebtStock, 2010, 20);
  b.Add("PAK", "WLD", Flow::kExternalDebtStock, 2010, 100);
  b.Add("PAK", "CHN", Flow::kLoanCommitments, 2010, 15);
  b.Add("PAK", "WLD", Flow::kLoanCommitments, 2010, 60);
  b.Add("PAK", "CHN", Flow::kArmsImports, 2010, 60);
  b.Add("PAK", "USA", Flow::kArmsImports, 2010, 30);
  b.Add("PAK", "GBR", Flow::kArmsImports, 2010, 10);
  Observation& fin = b.Add("PAK", "CHN", Flow::kOfficialFinanceCommitments,
                           2010, 25, "", Unit::kUsdConstant);
  fin.base_year = 2021;
  b.Add("PAK", "USA", Flow::kExports, 2010, 60);
  b.Add("PAK", "USA", Flow::kImports, 2010, 40);
  b.Add("PAK", "ARE", Flow::kExports, 2010, 30);
  b.Add("PAK", "ARE", Flow::kImports, 2010, 20);
  b.Add("PAK", "EUU", Flow::kExports, 2010, 100);
  b.Add("PAK", "CHN", Flow::kExports, 2009, 8);
  b.Add("PAK", "CHN", Flow::kImports, 2009, 50);
  return b;
}

IndicatorRequest Request(int start, int end,
                         std::vector<std::string> ids = {}) {
  IndicatorRequest r;
  r.country_a = "PAK";
  r.country_b = "CHN";
  r.start_year = start;
  r.end_year = end;
  r.indicator_ids = std::move(ids);
  return r;
}

// Computes and returns the series by indicator id; fails the test on error.
absl::flat_hash_map<std::string, IndicatorSeries> Compute(
    const std::vector<Observation>& observations,
    const IndicatorRequest& request) {
  absl::flat_hash_map<std::string, IndicatorSeries> by_id;
  absl::StatusOr<std::vector<IndicatorSeries>> series =
      ComputeIndicators(observations, request);
  EXPECT_THAT(series, IsOk());
  if (!series.ok()) return by_id;
  for (IndicatorSeries& s : *series) {
    by_id.emplace(s.indicator.indicator_id, std::move(s));
  }
  return by_id;
}

// The point of `id` in `year` (the request must cover it).
IndicatorPoint PointOf(const std::vector<Observation>& observations,
                       const std::string& id, int year,
                       ReportingSide side = ReportingSide::kReporter) {
  IndicatorRequest request = Request(year, year, {id});
  request.preferred_reporting_side = side;
  auto by_id = Compute(observations, request);
  if (!by_id.contains(id) || by_id[id].points.size() != 1) {
    ADD_FAILURE() << "no point for " << id;
    return IndicatorPoint();
  }
  return by_id[id].points.front();
}

std::vector<std::string> Roles(const IndicatorPoint& p) {
  std::vector<std::string> roles;
  for (const IndicatorInput& i : p.inputs) roles.push_back(i.role);
  return roles;
}

void ExpectOk(const IndicatorPoint& p, double expected) {
  EXPECT_EQ(p.status, ValueStatus::kOk) << p.note;
  EXPECT_THAT(p.missing_inputs, IsEmpty());
  ASSERT_TRUE(p.value.has_value());
  EXPECT_NEAR(*p.value, expected, kTol);
}

void ExpectAbsent(const IndicatorPoint& p, ValueStatus status) {
  EXPECT_EQ(p.status, status) << p.note;
  EXPECT_FALSE(p.value.has_value());
}

TEST(IndicatorDefinitionsTest, ListsEveryProtoIdInOrder) {
  std::vector<std::string> ids;
  for (const IndicatorDefinition& d : IndicatorDefinitions()) {
    ids.push_back(d.indicator_id);
    EXPECT_FALSE(d.display_name.empty()) << d.indicator_id;
    EXPECT_FALSE(d.formula.empty()) << d.indicator_id;
    EXPECT_FALSE(d.unit.empty()) << d.indicator_id;
    EXPECT_FALSE(d.description.empty()) << d.indicator_id;
  }
  EXPECT_THAT(
      ids,
      ElementsAre("trade_balance_usd", "trade_coverage_ratio", "trade_share_a",
                  "trade_share_b", "barbieri_salience", "barbieri_symmetry",
                  "barbieri_interdependence", "dependence_ratio",
                  "directed_asymmetry", "trade_gdp_a", "trade_gdp_b",
                  "fdi_share_from_b", "external_debt_share_from_b",
                  "loan_commitment_share_from_b", "arms_import_share_from_b",
                  "finance_commitments_b_to_a_pct_gdp", "arms_supplier_hhi",
                  "arms_supplier_hhi_normalized", "trade_partner_hhi",
                  "trade_partner_hhi_normalized", "mirror_gap",
                  "growth_exports_ab", "growth_imports_ab", "growth_trade_ab"));
  EXPECT_THAT(
      FindIndicatorDefinition("barbieri_salience"),
      Optional(Field(&IndicatorDefinition::formula, "sqrt(s_A * s_B)")));
  EXPECT_EQ(FindIndicatorDefinition("nope"), std::nullopt);
}

TEST(ComputeIndicatorsTest, TradeFormulasMatchHandComputedValues) {
  Builder b = Fixture();
  const auto& obs = b.observations();
  // X_AB - M_AB = 10 - 40 = -30.
  ExpectOk(PointOf(obs, "trade_balance_usd", 2010), -30.0);
  // X_AB / M_AB = 10 / 40 = 0.25.
  ExpectOk(PointOf(obs, "trade_coverage_ratio", 2010), 0.25);
  // s_A = T_AB / T_A = (10 + 40) / (200 + 300) = 0.1.
  ExpectOk(PointOf(obs, "trade_share_a", 2010), 0.1);
  // s_B = T_BA / T_B = (45 + 5) / (1200 + 800) = 0.025.
  ExpectOk(PointOf(obs, "trade_share_b", 2010), 0.025);
  // sqrt(0.1 * 0.025) = sqrt(0.0025) = 0.05.
  ExpectOk(PointOf(obs, "barbieri_salience", 2010), 0.05);
  // 1 - |0.1 - 0.025| = 0.925.
  ExpectOk(PointOf(obs, "barbieri_symmetry", 2010), 0.925);
  // 0.05 * 0.925 = 0.04625.
  ExpectOk(PointOf(obs, "barbieri_interdependence", 2010), 0.04625);
  // 0.1 / 0.025 = 4.
  ExpectOk(PointOf(obs, "dependence_ratio", 2010), 4.0);
  // (0.1 - 0.025) / (0.1 + 0.025) = 0.075 / 0.125 = 0.6.
  ExpectOk(PointOf(obs, "directed_asymmetry", 2010), 0.6);
  // T_AB / GDP_A = 50 / 1000 = 0.05.
  ExpectOk(PointOf(obs, "trade_gdp_a", 2010), 0.05);
  // T_BA / GDP_B = 50 / 10000 = 0.005.
  ExpectOk(PointOf(obs, "trade_gdp_b", 2010), 0.005);
}

TEST(ComputeIndicatorsTest, PointsCarryTheirInputs) {
  Builder b = Fixture();
  IndicatorPoint p = PointOf(b.observations(), "trade_share_a", 2010);
  EXPECT_THAT(Roles(p), ElementsAre("X_AB", "M_AB", "X_A", "M_A"));
  // X_AB is the first observation of the fixture.
  const IndicatorInput& x = p.inputs.front();
  EXPECT_EQ(x.observation_id, 1);
  EXPECT_EQ(x.observation_version, 1);
  EXPECT_EQ(x.value, 10.0);
  EXPECT_EQ(x.unit, "USD");
  EXPECT_EQ(x.source_system, "IMF_DOTS");

  IndicatorPoint interdependence =
      PointOf(b.observations(), "barbieri_interdependence", 2010);
  EXPECT_THAT(
      Roles(interdependence),
      ElementsAre("X_AB", "M_AB", "X_A", "M_A", "X_BA", "M_BA", "X_B", "M_B"));
  EXPECT_THAT(Roles(PointOf(b.observations(), "trade_gdp_a", 2010)),
              ElementsAre("X_AB", "M_AB", "GDP_A"));
}

TEST(ComputeIndicatorsTest, SharesOfFinanceFlowsFromB) {
  Builder b = Fixture();
  const auto& obs = b.observations();
  // FDI_AB / FDI_A = 30 / 120 = 0.25.
  IndicatorPoint fdi = PointOf(obs, "fdi_share_from_b", 2010);
  ExpectOk(fdi, 0.25);
  EXPECT_THAT(Roles(fdi), ElementsAre("FDI_AB", "FDI_A"));
  EXPECT_EQ(fdi.inputs[0].source_system, "WDI");
  // DEBT_AB / DEBT_A = 20 / 100 = 0.2.
  ExpectOk(PointOf(obs, "external_debt_share_from_b", 2010), 0.2);
  // LOANS_AB / LOANS_A = 15 / 60 = 0.25.
  ExpectOk(PointOf(obs, "loan_commitment_share_from_b", 2010), 0.25);
}

TEST(ComputeIndicatorsTest, FinanceCommitmentsAsPercentOfGdpNoteUnits) {
  Builder b = Fixture();
  // 100 * FIN_AB / GDP_A = 100 * 25 / 1000 = 2.5; constant 2021 USD over
  // current USD: computed, with a note.
  IndicatorPoint p =
      PointOf(b.observations(), "finance_commitments_b_to_a_pct_gdp", 2010);
  ExpectOk(p, 2.5);
  EXPECT_THAT(p.note, HasSubstr("units differ: FIN_AB in USD constant 2021, "
                                "GDP_A in USD"));
  EXPECT_EQ(p.inputs[0].source_system, "AIDDATA");
}

TEST(ComputeIndicatorsTest, ArmsShareSaysWhichTotalItUsed) {
  Builder b = Fixture();
  // No WLD total in 2010: 60 / (60 + 30 + 10) = 0.6.
  IndicatorPoint summed =
      PointOf(b.observations(), "arms_import_share_from_b", 2010);
  ExpectOk(summed, 0.6);
  EXPECT_THAT(summed.note, HasSubstr("sum over 3 suppliers (no WLD total)"));
  EXPECT_THAT(Roles(summed),
              ElementsAre("ARMS_AB", "ARMS_A:CHN", "ARMS_A:GBR", "ARMS_A:USA"));

  // With a WLD total: 50 / 200 = 0.25, the suppliers are not summed.
  b.Add("PAK", "CHN", Flow::kArmsImports, 2011, 50);
  b.Add("PAK", "USA", Flow::kArmsImports, 2011, 10);
  b.Add("PAK", "WLD", Flow::kArmsImports, 2011, 200);
  IndicatorPoint total =
      PointOf(b.observations(), "arms_import_share_from_b", 2011);
  ExpectOk(total, 0.25);
  EXPECT_THAT(total.note, HasSubstr("the WLD total"));
  EXPECT_THAT(Roles(total), ElementsAre("ARMS_AB", "ARMS_A"));

  // No figure for B: missing, not zero.
  b.Add("PAK", "USA", Flow::kArmsImports, 2012, 10);
  IndicatorPoint none =
      PointOf(b.observations(), "arms_import_share_from_b", 2012);
  ExpectAbsent(none, ValueStatus::kMissingInput);
  EXPECT_THAT(none.missing_inputs, ElementsAre(StartsWith("ARMS_AB: ")));
}

TEST(ComputeIndicatorsTest, ArmsSupplierHhiOnThreeSuppliers) {
  Builder b = Fixture();
  // Shares 60/100, 30/100, 10/100: HHI = 0.36 + 0.09 + 0.01 = 0.46.
  IndicatorPoint hhi = PointOf(b.observations(), "arms_supplier_hhi", 2010);
  ExpectOk(hhi, 0.46);
  EXPECT_THAT(hhi.note, HasSubstr("N = 3 suppliers"));
  EXPECT_THAT(hhi.inputs, SizeIs(3));
  // N = 3: (0.46 - 1/3) / (1 - 1/3) = 0.12666… / 0.66666… = 0.19.
  ExpectOk(PointOf(b.observations(), "arms_supplier_hhi_normalized", 2010),
           0.19);
}

TEST(ComputeIndicatorsTest, ArmsSupplierHhiEdgeCases) {
  Builder b;
  // 2001: one supplier with deliveries (and one with 0): HHI 1, N = 1 → 1.
  b.Add("PAK", "CHN", Flow::kArmsImports, 2001, 7);
  b.Add("PAK", "USA", Flow::kArmsImports, 2001, 0);
  // 2002: deliveries of 0 only: N = 0 → absent.
  b.Add("PAK", "CHN", Flow::kArmsImports, 2002, 0);
  // 2003: a WLD total only (not a supplier).
  b.Add("PAK", "WLD", Flow::kArmsImports, 2003, 9);
  // 2004: two equal suppliers: HHI 0.5, normalised (0.5 - 0.5) / 0.5 = 0.
  b.Add("PAK", "CHN", Flow::kArmsImports, 2004, 5);
  b.Add("PAK", "FRA", Flow::kArmsImports, 2004, 5);
  const auto& obs = b.observations();
  ExpectOk(PointOf(obs, "arms_supplier_hhi", 2001), 1.0);
  ExpectOk(PointOf(obs, "arms_supplier_hhi_normalized", 2001), 1.0);
  ExpectAbsent(PointOf(obs, "arms_supplier_hhi", 2002),
               ValueStatus::kZeroDenominator);
  ExpectAbsent(PointOf(obs, "arms_supplier_hhi_normalized", 2002),
               ValueStatus::kZeroDenominator);
  IndicatorPoint none = PointOf(obs, "arms_supplier_hhi", 2003);
  ExpectAbsent(none, ValueStatus::kMissingInput);
  EXPECT_THAT(none.missing_inputs,
              ElementsAre(StartsWith("ARMS_A:suppliers: ")));
  ExpectOk(PointOf(obs, "arms_supplier_hhi", 2004), 0.5);
  ExpectOk(PointOf(obs, "arms_supplier_hhi_normalized", 2004), 0.0);
}

TEST(ComputeIndicatorsTest, TradePartnerHhiNeedsMultiPartnerData) {
  Builder b = Fixture();
  // Partner totals CHN 10 + 40 = 50, USA 60 + 40 = 100, ARE 30 + 20 = 50
  // (WLD and the EUU aggregate left out): shares 0.25, 0.5, 0.25,
  // HHI = 0.0625 + 0.25 + 0.0625 = 0.375; normalised with N = 3:
  // (0.375 - 1/3) / (2/3) = 0.0625.
  IndicatorPoint hhi = PointOf(b.observations(), "trade_partner_hhi", 2010);
  ExpectOk(hhi, 0.375);
  EXPECT_THAT(Roles(hhi), ElementsAre("X_A:ARE", "M_A:ARE", "X_A:CHN",
                                      "M_A:CHN", "X_A:USA", "M_A:USA"));
  ExpectOk(PointOf(b.observations(), "trade_partner_hhi_normalized", 2010),
           0.0625);

  // 2009 has only trade with CHN: not applicable.
  IndicatorPoint dyad_only =
      PointOf(b.observations(), "trade_partner_hhi", 2009);
  ExpectAbsent(dyad_only, ValueStatus::kNotApplicable);
  EXPECT_THAT(dyad_only.note, HasSubstr("needs its trade with every partner"));
  // 2008 has nothing: missing.
  ExpectAbsent(PointOf(b.observations(), "trade_partner_hhi", 2008),
               ValueStatus::kMissingInput);
}

TEST(ComputeIndicatorsTest, MirrorGapSignAndMagnitude) {
  Builder b = Fixture();
  // A reports importing 40 from B, B reports exporting 45 to A:
  // (40 - 45) / 45 = -1/9.
  IndicatorPoint p = PointOf(b.observations(), "mirror_gap", 2010);
  ExpectOk(p, -5.0 / 45.0);
  EXPECT_THAT(Roles(p), ElementsAre("M_AB", "X_BA"));

  // A reports more (CIF imports 60 against FOB exports 40):
  // (60 - 40) / 60 = 1/3.
  b.Add("PAK", "CHN", Flow::kImports, 2011, 60);
  b.Add("CHN", "PAK", Flow::kExports, 2011, 40);
  ExpectOk(PointOf(b.observations(), "mirror_gap", 2011), 1.0 / 3.0);
  // The preferred side does not change the gap.
  ExpectOk(
      PointOf(b.observations(), "mirror_gap", 2011, ReportingSide::kPartner),
      1.0 / 3.0);

  // Only A's figure: missing, naming B's.
  b.Add("PAK", "CHN", Flow::kImports, 2012, 60);
  IndicatorPoint one_side = PointOf(b.observations(), "mirror_gap", 2012);
  ExpectAbsent(one_side, ValueStatus::kMissingInput);
  EXPECT_THAT(one_side.missing_inputs,
              ElementsAre("X_BA: exports of CHN to PAK in 2012 as reported by "
                          "CHN (IMF_DOTS)"));
}

TEST(ComputeIndicatorsTest, MissingInputsAreListedAndTheValueIsAbsent) {
  Builder b = Fixture();
  // 2011: only X_AB and GDP_A.
  b.Add("PAK", "CHN", Flow::kExports, 2011, 12);
  b.Add("PAK", "", Flow::kGdp, 2011, 1100);
  const auto& obs = b.observations();

  IndicatorPoint balance = PointOf(obs, "trade_balance_usd", 2011);
  ExpectAbsent(balance, ValueStatus::kMissingInput);
  EXPECT_THAT(balance.missing_inputs,
              ElementsAre("M_AB: imports of PAK from CHN in 2011 as reported "
                          "by PAK (IMF_DOTS)"));
  EXPECT_THAT(Roles(balance), ElementsAre("X_AB"));

  IndicatorPoint salience = PointOf(obs, "barbieri_salience", 2011);
  ExpectAbsent(salience, ValueStatus::kMissingInput);
  EXPECT_THAT(salience.missing_inputs,
              ElementsAre(StartsWith("M_AB: "), StartsWith("X_A: "),
                          StartsWith("M_A: "), StartsWith("X_BA: "),
                          StartsWith("M_BA: "), StartsWith("X_B: "),
                          StartsWith("M_B: ")));

  IndicatorPoint gdp_b = PointOf(obs, "trade_gdp_b", 2011);
  ExpectAbsent(gdp_b, ValueStatus::kMissingInput);
  EXPECT_THAT(gdp_b.missing_inputs,
              ElementsAre(StartsWith("X_BA: "), StartsWith("M_BA: "),
                          "GDP_B: GDP of CHN in 2011 (WDI)"));

  // A value the source lists as unavailable is missing too.
  b.Add("PAK", "CHN", Flow::kFdiInflow, 2011, std::nullopt);
  b.Add("PAK", "WLD", Flow::kFdiInflow, 2011, 100);
  IndicatorPoint fdi = PointOf(b.observations(), "fdi_share_from_b", 2011);
  ExpectAbsent(fdi, ValueStatus::kMissingInput);
  EXPECT_THAT(fdi.missing_inputs,
              ElementsAre(HasSubstr("the source lists it as unavailable")));
}

TEST(ComputeIndicatorsTest, ZeroDenominatorsGiveAbsentValuesNeverInfOrNan) {
  Builder b;
  // 2010: no trade between A and B (so M_AB = 0 and s_A = s_B = 0), T_A
  // and T_B positive; GDP_A, FDI_AB and FDI_A 0.
  b.Add("PAK", "CHN", Flow::kExports, 2010, 0);
  b.Add("PAK", "CHN", Flow::kImports, 2010, 0);
  b.Add("PAK", "WLD", Flow::kExports, 2010, 100);
  b.Add("PAK", "WLD", Flow::kImports, 2010, 100);
  b.Add("CHN", "PAK", Flow::kExports, 2010, 0);
  b.Add("CHN", "PAK", Flow::kImports, 2010, 0);
  b.Add("CHN", "WLD", Flow::kExports, 2010, 300);
  b.Add("CHN", "WLD", Flow::kImports, 2010, 100);
  b.Add("PAK", "", Flow::kGdp, 2010, 0);
  b.Add("PAK", "CHN", Flow::kFdiInflow, 2010, 0);
  b.Add("PAK", "WLD", Flow::kFdiInflow, 2010, 0);
  // 2011: exports 5 after 0 in 2010.
  b.Add("PAK", "CHN", Flow::kExports, 2011, 5);
  const auto& obs = b.observations();

  for (const std::string id :
       {"trade_coverage_ratio", "dependence_ratio", "directed_asymmetry",
        "trade_gdp_a", "fdi_share_from_b", "mirror_gap",
        "finance_commitments_b_to_a_pct_gdp"}) {
    IndicatorPoint p = PointOf(obs, id, 2010);
    if (id == "finance_commitments_b_to_a_pct_gdp") {
      // FIN_AB is missing: missing outranks the zero GDP.
      ExpectAbsent(p, ValueStatus::kMissingInput);
      continue;
    }
    ExpectAbsent(p, ValueStatus::kZeroDenominator);
    EXPECT_THAT(p.missing_inputs, IsEmpty()) << id;
  }
  // s_A = 0 / 200 = 0 and s_B = 0 / 400 = 0 are fine; s_A / s_B and
  // (s_A - s_B) / (s_A + s_B) are not (checked above).
  ExpectOk(PointOf(obs, "trade_share_a", 2010), 0.0);
  ExpectOk(PointOf(obs, "trade_share_b", 2010), 0.0);
  ExpectOk(PointOf(obs, "barbieri_symmetry", 2010), 1.0);
  // Growth from 0.
  ExpectAbsent(PointOf(obs, "growth_exports_ab", 2011),
               ValueStatus::kZeroDenominator);

  // No value of any series is NaN or infinite.
  IndicatorRequest all = Request(2009, 2011);
  absl::StatusOr<std::vector<IndicatorSeries>> series =
      ComputeIndicators(obs, all);
  ASSERT_THAT(series, IsOk());
  for (const IndicatorSeries& s : *series) {
    for (const IndicatorPoint& p : s.points) {
      EXPECT_NE(p.status, ValueStatus::kUnspecified);
      EXPECT_EQ(p.value.has_value(), p.status == ValueStatus::kOk);
      if (p.value.has_value()) {
        EXPECT_TRUE(std::isfinite(*p.value)) << s.indicator.indicator_id;
      }
    }
  }
}

TEST(ComputeIndicatorsTest, PartialAndFiscalYearObservationsAreIgnored) {
  Builder b = Fixture();
  // 2011: X_AB only as a partial year (H1), M_AB only as a fiscal year.
  Observation& h1 = b.Add("PAK", "CHN", Flow::kExports, 2011, 7);
  h1.year_basis = YearBasis::kPartial;
  h1.period_label = "2011-H1";
  Observation& fy = b.Add("PAK", "CHN", Flow::kImports, 2011, 70);
  fy.year_basis = YearBasis::kFiscal;
  fy.period_label = "FY2010-11";
  // 2010: a partial figure next to the calendar one changes nothing.
  Observation& extra = b.Add("PAK", "CHN", Flow::kExports, 2010, 3);
  extra.year_basis = YearBasis::kPartial;

  IndicatorPoint p = PointOf(b.observations(), "trade_balance_usd", 2011);
  ExpectAbsent(p, ValueStatus::kMissingInput);
  EXPECT_THAT(
      p.missing_inputs,
      ElementsAre(AllOf(StartsWith("X_AB: "),
                        HasSubstr("only fiscal-year or partial-year")),
                  AllOf(StartsWith("M_AB: "),
                        HasSubstr("only fiscal-year or partial-year"))));
  IndicatorPoint p2010 = PointOf(b.observations(), "trade_balance_usd", 2010);
  ExpectOk(p2010, -30.0);
  EXPECT_EQ(p2010.inputs[0].observation_id, 1);
}

TEST(ComputeIndicatorsTest, OtherSourceSystemsAreNeverSplicedIn) {
  Builder b = Fixture();
  // 2012: the only trade figures are REPORTED press figures.
  b.Add("PAK", "CHN", Flow::kExports, 2012, 2.0e9, "REPORTED");
  b.Add("PAK", "CHN", Flow::kImports, 2012, 14.0e9, "REPORTED");
  // 2010: a REPORTED figure for the same flow as the IMF_DOTS one.
  b.Add("PAK", "CHN", Flow::kExports, 2010, 99, "REPORTED");

  auto by_id =
      Compute(b.observations(), Request(2010, 2012, {"trade_balance_usd"}));
  const IndicatorSeries& dots = by_id["trade_balance_usd"];
  ASSERT_THAT(dots.points, SizeIs(3));
  ExpectOk(dots.points[0], -30.0);  // 10 - 40, not 99 - 40
  EXPECT_EQ(dots.points[0].inputs[0].source_system, "IMF_DOTS");
  ExpectAbsent(dots.points[2], ValueStatus::kMissingInput);
  EXPECT_THAT(dots.points[2].missing_inputs,
              ElementsAre(HasSubstr("(IMF_DOTS)"), HasSubstr("(IMF_DOTS)")));

  // Asking for REPORTED trade uses only REPORTED figures, for every trade
  // flow (one source per series).
  IndicatorRequest reported = Request(2010, 2012, {"trade_balance_usd"});
  reported.flow_sources = {{Flow::kExports, "reported"}};
  by_id = Compute(b.observations(), reported);
  const IndicatorSeries& press = by_id["trade_balance_usd"];
  ExpectAbsent(press.points[0], ValueStatus::kMissingInput);  // no M_AB
  EXPECT_THAT(
      press.points[0].missing_inputs,
      ElementsAre(AllOf(StartsWith("M_AB: "), HasSubstr("(REPORTED)"))));
  ExpectOk(press.points[2], -12.0e9);
  EXPECT_EQ(press.points[2].inputs[0].source_system, "REPORTED");
}

TEST(ComputeIndicatorsTest, PartnerMirrorFiguresWhenPreferred) {
  Builder b = Fixture();
  const auto& obs = b.observations();
  // Mirror: X_AB = CHN's imports from PAK = 5, M_AB = CHN's exports to
  // PAK = 45: balance 5 - 45 = -40.
  IndicatorPoint p =
      PointOf(obs, "trade_balance_usd", 2010, ReportingSide::kPartner);
  ExpectOk(p, -40.0);
  EXPECT_THAT(p.note, HasSubstr("X_AB: the mirror figure is imports of CHN "
                                "from PAK as reported by CHN"));
  EXPECT_EQ(p.inputs[0].observation_id, 6);  // CHN's imports from PAK

  // An explicit mirror observation comes first.
  Observation& mirror = b.Add("PAK", "CHN", Flow::kExports, 2010, 6);
  mirror.reporting_side = ReportingSide::kPartner;
  ExpectOk(PointOf(b.observations(), "trade_balance_usd", 2010,
                   ReportingSide::kPartner),
           6.0 - 45.0);
  // …and is never used when the reporter's own figures are preferred.
  ExpectOk(PointOf(b.observations(), "trade_balance_usd", 2010), -30.0);

  // 2011: only A's own figures exist; the mirror is missing and A's figure
  // is not substituted.
  b.Add("PAK", "CHN", Flow::kExports, 2011, 10);
  b.Add("PAK", "CHN", Flow::kImports, 2011, 40);
  IndicatorPoint none = PointOf(b.observations(), "trade_balance_usd", 2011,
                                ReportingSide::kPartner);
  ExpectAbsent(none, ValueStatus::kMissingInput);
  EXPECT_THAT(none.missing_inputs,
              ElementsAre(StartsWith("X_AB: exports of PAK to CHN in 2011 as "
                                     "reported by CHN"),
                          StartsWith("M_AB: ")));

  // 2012: only a mirror observation; the reporter side is preferred: missing.
  Observation& only_mirror = b.Add("PAK", "CHN", Flow::kImports, 2012, 1);
  only_mirror.reporting_side = ReportingSide::kPartner;
  b.Add("PAK", "CHN", Flow::kExports, 2012, 1);
  ExpectAbsent(PointOf(b.observations(), "trade_coverage_ratio", 2012),
               ValueStatus::kMissingInput);
}

TEST(ComputeIndicatorsTest, GrowthHandlesFirstAndMissingPreviousYears) {
  Builder b = Fixture();
  // 2008: X_AB = 4, no M_AB; 2009 and 2010 as in the fixture; no 2011;
  // 2012: X_AB = 20, M_AB = 30.
  b.Add("PAK", "CHN", Flow::kExports, 2008, 4);
  b.Add("PAK", "CHN", Flow::kExports, 2012, 20);
  b.Add("PAK", "CHN", Flow::kImports, 2012, 30);
  auto by_id = Compute(
      b.observations(),
      Request(2008, 2012,
              {"growth_exports_ab", "growth_imports_ab", "growth_trade_ab"}));
  const auto& exports = by_id["growth_exports_ab"].points;
  const auto& imports = by_id["growth_imports_ab"].points;
  const auto& trade = by_id["growth_trade_ab"].points;

  // Exports: 2008 is the first figure: not applicable.
  ExpectAbsent(exports[0], ValueStatus::kNotApplicable);
  // (8 - 4) / 4 = 1; (10 - 8) / 8 = 0.25.
  ExpectOk(exports[1], 1.0);
  ExpectOk(exports[2], 0.25);
  EXPECT_THAT(Roles(exports[2]), ElementsAre("X_AB", "X_AB[t-1]"));
  ExpectAbsent(exports[3], ValueStatus::kMissingInput);  // no 2011 figure
  // 2012 after the missing 2011: missing, naming the previous year's role.
  ExpectAbsent(exports[4], ValueStatus::kMissingInput);
  EXPECT_THAT(exports[4].missing_inputs,
              ElementsAre(StartsWith("X_AB[t-1]: exports of PAK to CHN in "
                                     "2011")));

  // Imports: first figure in 2009; (40 - 50) / 50 = -0.2.
  ExpectAbsent(imports[1], ValueStatus::kNotApplicable);
  ExpectOk(imports[2], -0.2);
  // Trade: T_AB 2009 = 58, 2010 = 50: (50 - 58) / 58.
  ExpectAbsent(trade[1], ValueStatus::kNotApplicable);
  ExpectOk(trade[2], (50.0 - 58.0) / 58.0);
  EXPECT_THAT(Roles(trade[2]),
              ElementsAre("X_AB", "M_AB", "X_AB[t-1]", "M_AB[t-1]"));
}

TEST(ComputeIndicatorsTest, SeriesCoverageCountsYearsWithValues) {
  Builder b = Fixture();
  b.Add("PAK", "CHN", Flow::kExports, 2013, 1);
  b.Add("PAK", "CHN", Flow::kImports, 2013, 2);
  auto by_id =
      Compute(b.observations(), Request(2008, 2014, {"trade_balance_usd"}));
  const YearCoverage& c = by_id["trade_balance_usd"].coverage;
  EXPECT_EQ(c.years_in_span, 7);
  EXPECT_EQ(c.years_with_data, 3);  // 2009, 2010, 2013
  EXPECT_THAT(c.missing_years, ElementsAre(2008, 2011, 2012, 2014));
  EXPECT_THAT(c.first_year_with_data, Optional(2009));
  EXPECT_THAT(c.last_year_with_data, Optional(2013));
  EXPECT_THAT(by_id["trade_balance_usd"].points, SizeIs(7));
}

TEST(ComputeIndicatorsTest, OpenEndYearIsTheLastYearWithData) {
  Builder b = Fixture();
  IndicatorRequest request = Request(2005, 0, {"mirror_gap"});
  request.end_year.reset();
  auto by_id = Compute(b.observations(), request);
  const auto& points = by_id["mirror_gap"].points;
  ASSERT_THAT(points, SizeIs(6));  // 2005..2010
  EXPECT_EQ(points.back().year, 2010);
}

TEST(ComputeIndicatorsTest, EligibleFiguresAreChosenDeterministically) {
  Builder b = Fixture();
  // A second GDP series for PAK in constant USD: the current one is used.
  Observation& constant =
      b.Add("PAK", "", Flow::kGdp, 2010, 900, "", Unit::kUsdConstant);
  constant.indicator_code = "NY.GDP.MKTP.KD";
  IndicatorPoint p = PointOf(b.observations(), "trade_gdp_a", 2010);
  ExpectOk(p, 0.05);
  EXPECT_THAT(p.note, HasSubstr("GDP_A: 2 eligible figures; used code"));
  // Figures in a unit that does not fit the flow are not used.
  Observation& percent =
      b.Add("CHN", "", Flow::kGdp, 2011, 5, "", Unit::kPercent);
  percent.indicator_code = "growth";
  b.Add("CHN", "PAK", Flow::kExports, 2011, 1);
  b.Add("CHN", "PAK", Flow::kImports, 2011, 1);
  IndicatorPoint q = PointOf(b.observations(), "trade_gdp_b", 2011);
  ExpectAbsent(q, ValueStatus::kMissingInput);
  EXPECT_THAT(q.missing_inputs,
              ElementsAre(HasSubstr("units that do not fit")));
}

TEST(ComputeIndicatorsTest, TotalTradeFigureIsUsedWhenExportsOrImportsMiss) {
  Builder b = Fixture();
  // 2011: A's world trade only as a total, 400; T_AB from X + M.
  b.Add("PAK", "CHN", Flow::kExports, 2011, 10);
  b.Add("PAK", "CHN", Flow::kImports, 2011, 30);
  b.Add("PAK", "WLD", Flow::kTotalTrade, 2011, 400);
  // s_A = 40 / 400 = 0.1.
  IndicatorPoint p = PointOf(b.observations(), "trade_share_a", 2011);
  ExpectOk(p, 0.1);
  EXPECT_THAT(Roles(p), ElementsAre("X_AB", "M_AB", "T_A"));
  EXPECT_THAT(p.note, HasSubstr("T_A: the source's total-trade figure"));
}

TEST(ComputeIndicatorsTest, InvalidRequestsNameTheField) {
  std::vector<Observation> none;
  IndicatorRequest bad_code = Request(2000, 2010);
  bad_code.country_a = "pak";
  EXPECT_THAT(ComputeIndicators(none, bad_code),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ComputeIndicators(none, bad_code).status().message(),
              HasSubstr("dyad.country_a"));

  IndicatorRequest same = Request(2000, 2010);
  same.country_b = "PAK";
  EXPECT_THAT(ComputeIndicators(none, same).status().message(),
              HasSubstr("dyad.country_b"));

  EXPECT_THAT(ComputeIndicators(none, Request(2010, 2000)).status().message(),
              HasSubstr("end_year"));
  EXPECT_THAT(ComputeIndicators(none, Request(2000, 2600)).status().message(),
              HasSubstr("end_year"));

  IndicatorRequest unknown =
      Request(2000, 2010, {"mirror_gap", "nope", "mirror_gap"});
  absl::Status status = ComputeIndicators(none, unknown).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(status.message(), HasSubstr("indicator_ids[1]"));

  IndicatorRequest spliced = Request(2000, 2010);
  spliced.flow_sources = {{Flow::kExports, "COMTRADE"},
                          {Flow::kImports, "IMF_DOTS"}};
  EXPECT_THAT(ComputeIndicators(none, spliced).status().message(),
              HasSubstr("flow_sources[1].source_system"));

  IndicatorRequest empty_source = Request(2000, 2010);
  empty_source.flow_sources = {{Flow::kGdp, ""}};
  EXPECT_THAT(ComputeIndicators(none, empty_source).status().message(),
              HasSubstr("flow_sources[0].source_system"));
}

TEST(ComputeIndicatorsTest, NoDataGivesMissingPointsNotErrors) {
  std::vector<Observation> none;
  absl::StatusOr<std::vector<IndicatorSeries>> series =
      ComputeIndicators(none, Request(2000, 2001));
  ASSERT_THAT(series, IsOk());
  ASSERT_THAT(*series, SizeIs(24));
  for (const IndicatorSeries& s : *series) {
    EXPECT_EQ(s.coverage.years_with_data, 0);
    EXPECT_THAT(s.coverage.missing_years, ElementsAre(2000, 2001));
    for (const IndicatorPoint& p : s.points) {
      EXPECT_EQ(p.status, ValueStatus::kMissingInput)
          << s.indicator.indicator_id;
      EXPECT_THAT(p.missing_inputs, Not(IsEmpty()));
    }
  }
}

TEST(IsAggregatePartnerCodeTest, WorldAndAggregatesAreNotCountries) {
  EXPECT_TRUE(IsAggregatePartnerCode("WLD"));
  EXPECT_TRUE(IsAggregatePartnerCode("EUU"));
  EXPECT_TRUE(IsAggregatePartnerCode(""));
  EXPECT_TRUE(IsAggregatePartnerCode("World"));
  EXPECT_FALSE(IsAggregatePartnerCode("CHN"));
}

}  // namespace
}  // namespace dyadscope::economics
