// UN Comtrade, current and legacy column names
// (ObservationFileFormat::kComtrade).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/country_names.h"
#include "common/types/types.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/importers/parser_base.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace importers_internal {
namespace {

constexpr char kComtradeCitation[] = "UN Comtrade";
constexpr char kComtradeUrl[] = "https://comtradeplus.un.org/";

// ---------------------------------------------------------------------------
// UN Comtrade.

class ComtradeParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    year_ = columns_.Find({"refyear", "year"});
    period_ = columns_.Find({"period"});
    frequency_ = columns_.Find({"freqcode", "frequency", "freq"});
    reporter_code_ =
        columns_.Find({"reporteriso", "reporteriso3", "reportercodeiso"});
    reporter_name_ = columns_.Find({"reporterdesc", "reporter"});
    partner_code_ =
        columns_.Find({"partneriso", "partneriso3", "partnercodeiso"});
    partner_name_ = columns_.Find({"partnerdesc", "partner"});
    partner2_ = columns_.Find({"partner2iso", "2ndpartneriso"});
    flow_ = columns_.Find({"flowcode", "tradeflow", "flowdesc", "flow"});
    flow_number_ = columns_.Find({"tradeflowcode"});
    commodity_ = columns_.Find({"cmdcode", "commoditycode"});
    commodity_name_ = columns_.Find({"cmddesc", "commodity"});
    aggregate_level_ = columns_.Find({"aggrlevel", "aggregatelevel"});
    classification_ = columns_.Find({"classificationcode", "classification"});
    customs_ = columns_.Find({"customscode", "customsproccode"});
    transport_ = columns_.Find({"motcode", "modeoftransportcode"});
    value_ = columns_.Find(
        {"primaryvalue", "tradevalueus", "tradevalueusd", "tradevalue"});
    flag_ = columns_.Find({"flag"});
    const bool has_year = year_ || period_;
    const bool has_reporter = reporter_code_ || reporter_name_;
    const bool has_partner = partner_code_ || partner_name_;
    const bool has_flow = flow_ || flow_number_;
    const int present = int{has_year} + int{has_reporter} + int{has_partner} +
                        int{has_flow} + int{value_.has_value()};
    if (present < 3) return false;
    if (!has_year) {
      return MissingColumnError("UN Comtrade", "refYear",
                                "refYear, Year, period");
    }
    if (!has_reporter) {
      return MissingColumnError("UN Comtrade", "reporterISO",
                                "reporterISO, Reporter ISO, reporterDesc");
    }
    if (!has_partner) {
      return MissingColumnError("UN Comtrade", "partnerISO",
                                "partnerISO, Partner ISO, partnerDesc");
    }
    if (!has_flow) {
      return MissingColumnError("UN Comtrade", "flowCode",
                                "flowCode, Trade Flow, Trade Flow Code");
    }
    if (!value_) {
      return MissingColumnError("UN Comtrade", "primaryValue",
                                "primaryValue, Trade Value (US$)");
    }
    set_layout(columns_.Find({"refyear", "primaryvalue", "flowcode"})
                   ? "UN Comtrade"
                   : "UN Comtrade legacy");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    // Annual rows only.
    const absl::string_view frequency = Cell(fields, frequency_);
    if (!frequency.empty() && !absl::EqualsIgnoreCase(frequency, "A")) {
      sink.Filter(ColumnName(columns_, frequency_), "NOT_ANNUAL",
                  "only annual figures are imported", frequency);
      return;
    }
    const absl::string_view period = Cell(fields, period_);
    if (IsSubAnnualPeriod(period)) {
      sink.Filter(ColumnName(columns_, period_), "NOT_ANNUAL",
                  "only annual figures are imported", period);
      return;
    }
    // Sub-totals by second partner, customs procedure or transport mode.
    const absl::string_view partner2 = Cell(fields, partner2_);
    if (!partner2.empty() && !IsWorldCode(absl::AsciiStrToUpper(partner2)) &&
        partner2 != "0") {
      sink.Filter(ColumnName(columns_, partner2_), "BREAKDOWN",
                  "a breakdown by second partner", partner2);
      return;
    }
    const absl::string_view customs = Cell(fields, customs_);
    if (!customs.empty() && !absl::EqualsIgnoreCase(customs, "C00")) {
      sink.Filter(ColumnName(columns_, customs_), "BREAKDOWN",
                  "a breakdown by customs procedure", customs);
      return;
    }
    const absl::string_view transport = Cell(fields, transport_);
    if (!transport.empty() && transport != "0") {
      sink.Filter(ColumnName(columns_, transport_), "BREAKDOWN",
                  "a breakdown by mode of transport", transport);
      return;
    }

    int year = 0;
    const std::optional<size_t> year_column = year_ ? year_ : period_;
    if (!ParseYearCell(columns_.name(*year_column), Cell(fields, year_column),
                       sink, year)) {
      return;
    }

    std::optional<Flow> flow = RowFlow(fields, sink);
    if (!flow.has_value()) return;

    Country reporter = ResolveCountry(Cell(fields, reporter_code_),
                                      Cell(fields, reporter_name_));
    auto [reporter_field, reporter_text] =
        CountryFieldAndText(columns_, reporter_code_, reporter_name_, fields);
    if (!AcceptCountry(reporter, /*is_partner=*/false, reporter_field,
                       reporter_text, sink) ||
        !Selected(reporter.code, reporter_field, sink)) {
      return;
    }
    Country partner = ResolveCountry(Cell(fields, partner_code_),
                                     Cell(fields, partner_name_));
    auto [partner_field, partner_text] =
        CountryFieldAndText(columns_, partner_code_, partner_name_, fields);
    if (!AcceptCountry(partner, /*is_partner=*/true, partner_field,
                       partner_text, sink)) {
      return;
    }

    const absl::string_view commodity = Cell(fields, commodity_);
    const absl::string_view level = Cell(fields, aggregate_level_);
    const bool total = commodity.empty()
                           ? (level.empty() || level == "0")
                           : absl::EqualsIgnoreCase(commodity, "TOTAL");

    const absl::string_view value_text = Cell(fields, value_);
    if (IsMissing(value_text)) {
      sink.Add(EmptyCell{});
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), value_text, 0,
                       /*allow_thousands=*/false, /*non_negative=*/true, sink);
    if (!value.has_value()) return;

    const bool exports = *flow == Flow::kExports;
    Observation observation = NewObservation(kComtradeSourceSystem);
    if (total) {
      observation.indicator_code = exports ? "exports_fob" : "imports_cif";
      observation.indicator_name = exports ? "Exports, FOB (all commodities)"
                                           : "Imports, CIF (all commodities)";
    } else {
      observation.indicator_code = absl::StrCat("comtrade_", commodity);
      const absl::string_view name = Cell(fields, commodity_name_);
      observation.indicator_name = name.empty()
                                       ? absl::StrCat("Commodity ", commodity)
                                       : std::string(name);
    }
    observation.reporter_code = reporter.code;
    observation.partner_code = partner.code;
    observation.partner_name =
        partner.name.empty() && partner.kind == Country::Kind::kWorld
            ? std::string("World")
            : partner.name;
    observation.flow = *flow;
    observation.valuation =
        exports ? TradeValuation::kFob : TradeValuation::kCif;
    observation.year = year;
    observation.value = *value;
    observation.unit = Unit::kUsdCurrent;
    observation.unit_label = "US$";
    observation.source_flag = std::string(Cell(fields, flag_));
    const absl::string_view classification = Cell(fields, classification_);
    std::string locator = total ? std::string("TOTAL") : std::string(commodity);
    if (!classification.empty()) {
      locator = absl::StrCat(classification, " ", locator);
    }
    observation.sources = Sources(DatasetSource(
        kComtradeCitation, kComtradeUrl, kComtradeSourceSystem, locator));
    sink.Add(std::move(observation));
  }

 private:
  // Exports or imports; other flows are filtered, unknown words rejected.
  std::optional<Flow> RowFlow(Fields fields, RowSink& sink) const {
    std::optional<size_t> column = flow_;
    std::string word = absl::AsciiStrToLower(Cell(fields, flow_));
    if (word.empty() && flow_number_.has_value()) {
      column = flow_number_;
      const absl::string_view number = Cell(fields, flow_number_);
      word = number == "1"   ? "m"
             : number == "2" ? "x"
             : number == "3" ? "rx"
             : number == "4" ? "rm"
                             : std::string(number);
    }
    const std::string field = ColumnName(columns_, column);
    if (word.empty()) {
      sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
      return std::nullopt;
    }
    if (word == "x" || word == "export" || word == "exports") {
      return Flow::kExports;
    }
    if (word == "m" || word == "import" || word == "imports") {
      return Flow::kImports;
    }
    if (word == "rx" || word == "rm" || word == "re-export" ||
        word == "re-import" || word == "re-exports" || word == "re-imports" ||
        word == "dx" || word == "fm" || word == "xip" || word == "xop" ||
        word == "mip" || word == "mop" || word == "domestic export" ||
        word == "foreign import") {
      sink.Filter(field, "NOT_A_FLOW", "only exports and imports are imported",
                  Cell(fields, column));
      return std::nullopt;
    }
    sink.Reject(field, "INVALID_ENUM",
                absl::StrCat("\"", Cell(fields, column),
                             "\" is not a Comtrade trade flow"),
                Cell(fields, column));
    return std::nullopt;
  }

  Columns columns_;
  std::optional<size_t> year_, period_, frequency_, reporter_code_,
      reporter_name_, partner_code_, partner_name_, partner2_, flow_,
      flow_number_, commodity_, commodity_name_, aggregate_level_,
      classification_, customs_, transport_, value_, flag_;
};

}  // namespace

const FormatEntry kComtradeFormat = {
    ObservationFileFormat::kComtrade, "COMTRADE",
    &FormatEntry::Make<ComtradeParser>,
    "refYear (or Year, period), reporterISO (or Reporter ISO), "
    "partnerISO (or Partner ISO), flowCode (or Trade Flow), "
    "primaryValue (or Trade Value (US$)), cmdCode (or Commodity "
    "Code)"};

}  // namespace importers_internal

}  // namespace dyadscope::economics
