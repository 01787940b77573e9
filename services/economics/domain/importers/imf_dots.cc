// IMF Direction of Trade Statistics (ObservationFileFormat::kImfDots): the
// long, wide, portal-sheet and flow-column layouts.

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

constexpr char kDotsCitation[] = "IMF Direction of Trade Statistics";
constexpr char kDotsUrl[] = "https://data.imf.org/";

// ---------------------------------------------------------------------------
// IMF DOTS.

struct DotsIndicator {
  Flow flow = Flow::kUnspecified;
  TradeValuation valuation = TradeValuation::kUnspecified;
  absl::string_view code;
  absl::string_view name;
};

constexpr DotsIndicator kExportsFob{Flow::kExports, TradeValuation::kFob,
                                    "exports_fob", "Exports, FOB"};
constexpr DotsIndicator kImportsCif{Flow::kImports, TradeValuation::kCif,
                                    "imports_cif", "Imports, CIF"};
constexpr DotsIndicator kImportsFob{Flow::kImports, TradeValuation::kFob,
                                    "imports_fob", "Imports, FOB"};

struct DotsIndicatorMatch {
  enum class Kind { kFlow, kBalance, kUnknown };
  Kind kind = Kind::kUnknown;
  DotsIndicator indicator;
};

// Classifies a DOTS/IMTS indicator code or name: TXG_FOB_USD, "Exports,
// FOB", "Goods, Value of Exports, Free on board (FOB), US Dollars",
// "Exports, FOB to Partner Countries", exports_fob ...
DotsIndicatorMatch ClassifyDotsIndicator(absl::string_view text) {
  using Kind = DotsIndicatorMatch::Kind;
  const std::string key = HeaderKey(text);
  if (key == "txgfobusd" || key == "xgfobusd") {
    return {Kind::kFlow, kExportsFob};
  }
  if (key == "tmgcifusd" || key == "mgcifusd") {
    return {Kind::kFlow, kImportsCif};
  }
  if (key == "tmgfobusd" || key == "mgfobusd") {
    return {Kind::kFlow, kImportsFob};
  }
  if (key == "tbgusd" || key == "bgusd" || absl::StrContains(key, "balance")) {
    return {Kind::kBalance, {}};
  }
  if (absl::StrContains(key, "reexport") ||
      absl::StrContains(key, "reimport")) {
    return {Kind::kUnknown, {}};
  }
  const bool fob =
      absl::StrContains(key, "fob") || absl::StrContains(key, "freeonboard");
  const bool cif =
      absl::StrContains(key, "cif") || absl::StrContains(key, "costinsurance");
  if (absl::StrContains(key, "export") && !cif) {
    return {Kind::kFlow, kExportsFob};
  }
  if (absl::StrContains(key, "import")) {
    // DOTS values imports CIF unless it says FOB.
    return {Kind::kFlow, fob && !cif ? kImportsFob : kImportsCif};
  }
  return {Kind::kUnknown, {}};
}

bool IsTruthy(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(Strip(text));
  return lower == "1" || lower == "true" || lower == "yes" || lower == "y";
}

class ImfDotsParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  void OnPreamble(Fields fields) override {
    std::vector<absl::string_view> parts;
    for (absl::string_view field : fields) {
      if (!Strip(field).empty()) parts.push_back(Strip(field));
    }
    if (parts.empty()) return;
    const std::string text = absl::StrJoin(parts, ", ");
    const DotsIndicatorMatch match = ClassifyDotsIndicator(text);
    if (!title_.has_value() && match.kind == DotsIndicatorMatch::Kind::kFlow) {
      title_ = match.indicator;
      title_text_ = text;
      return;
    }
    if (table_reporter_.empty()) {
      std::optional<CountryNameMatch> country = LookupCountryName(text);
      if (country.has_value() && country->kind == CountryNameKind::kCountry) {
        table_reporter_ = country->iso3;
        return;
      }
    }
    if (absl::StrContains(absl::AsciiStrToLower(text), "dollar")) {
      if (std::optional<int> exp10 = ScaleFromText(text)) table_exp10_ = *exp10;
    }
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    years_ = columns_.YearColumns();
    year_ = columns_.Find({"year", "timeperiod", "period", "time"});
    value_ =
        columns_.Find({"valueusdmillions", "valueusdmillion", "valuemillions",
                       "valueusdbillions", "valueusdthousands", "valueusd",
                       "value", "obsvalue"});
    reporter_code_ =
        columns_.Find({"reporteriso3", "reporteriso", "countryiso3",
                       "countryiso", "iso3", "countrycode", "reportercode"});
    reporter_name_ =
        columns_.Find({"reporter", "reportername", "countryname", "country"});
    partner_code_ =
        columns_.Find({"partneriso3", "partneriso", "counterpartcountryiso3",
                       "counterpartiso3", "counterpartcountrycode",
                       "partnercode", "counterpartcode"});
    partner_name_ =
        columns_.Find({"partner", "partnername", "counterpartcountryname",
                       "counterpartcountry", "counterpart"});
    indicator_code_ = columns_.Find({"indicatorcode"});
    indicator_name_ = columns_.Find(
        {"indicator", "indicatorname", "flow", "series", "seriesname"});
    scale_ = columns_.Find({"scale", "unitmult", "unitmultiplier", "unit"});
    flag_ = columns_.Find({"valueflag", "flag", "status", "obsstatus"});
    is_aggregate_ = columns_.Find({"isaggregate"});
    attribute_ = columns_.Find({"attribute"});
    frequency_ = columns_.Find({"frequency", "freq", "freqcode"});
    source_file_ = columns_.Find({"sourcefile"});
    source_sheet_ = columns_.Find({"sourcesheet"});

    if (!years_.empty() && !year_.has_value() && !value_.has_value()) {
      // A sheet's header has years and at most one label ("Partner") over
      // the partner names; the bulk CSV names its reporter, partner and
      // indicator columns.
      size_t labels = 0;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (!YearOfColumn(fields[i]).has_value() && !Strip(fields[i]).empty() &&
            columns_.key(i) != "total") {
          ++labels;
        }
      }
      if (labels > 1) {
        set_layout("IMF DOTS wide");
        dots_layout_ = Layout::kWide;
        return CheckNamedColumns("IMF DOTS wide");
      }
      set_layout("IMF DOTS table");
      dots_layout_ = Layout::kTable;
      return CheckTableContext();
    }
    if (year_.has_value() && value_.has_value()) {
      set_layout("IMF DOTS long");
      dots_layout_ = Layout::kLong;
      const std::string& value_key = columns_.key(*value_);
      if (absl::StrContains(value_key, "billion")) {
        value_exp10_ = 9;
      } else if (absl::StrContains(value_key, "million")) {
        value_exp10_ = 6;
      } else if (absl::StrContains(value_key, "thousand")) {
        value_exp10_ = 3;
      } else if (value_key == "valueusd") {
        value_exp10_ = 0;
      }
      return CheckNamedColumns("IMF DOTS long");
    }
    if (year_.has_value()) {
      flow_columns_.clear();
      for (size_t i = 0; i < columns_.size(); ++i) {
        if (std::optional<FlowColumn> column = ParseFlowColumn(i)) {
          flow_columns_.push_back(*std::move(column));
        }
      }
      if (!flow_columns_.empty()) {
        set_layout("IMF DOTS flow columns");
        dots_layout_ = Layout::kFlowColumns;
        return true;
      }
    }
    return false;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    switch (dots_layout_) {
      case Layout::kLong:
        ParseLong(fields, sink);
        return;
      case Layout::kWide:
        ParseWide(fields, sink);
        return;
      case Layout::kTable:
        ParseTable(fields, sink);
        return;
      case Layout::kFlowColumns:
        ParseFlowColumns(fields, sink);
        return;
    }
  }

 private:
  enum class Layout { kLong, kWide, kTable, kFlowColumns };

  // A column of the flow-columns layout.
  struct FlowColumn {
    size_t index = 0;
    std::string reporter;
    std::string partner;
    DotsIndicator indicator;
    ReportingSide side = ReportingSide::kReporter;
  };

  absl::StatusOr<bool> CheckNamedColumns(absl::string_view layout) const {
    if (!reporter_code_ && !reporter_name_) {
      return MissingColumnError(layout, "reporter",
                                "reporter_iso3, reporter, Country Code, "
                                "Country Name");
    }
    if (!partner_code_ && !partner_name_) {
      return MissingColumnError(layout, "partner",
                                "partner_iso3, partner, partner_name, "
                                "Counterpart Country Code, Counterpart "
                                "Country Name");
    }
    if (!indicator_code_ && !indicator_name_) {
      return MissingColumnError(layout, "indicator",
                                "indicator, flow, Indicator Code, Indicator "
                                "Name");
    }
    return true;
  }

  absl::StatusOr<bool> CheckTableContext() {
    if (!title_.has_value()) {
      return WithReason(
          absl::InvalidArgumentError(
              "IMF DOTS table: no title line naming the indicator (e.g. "
              "\"Exports, FOB to Partner Countries\") before the year "
              "header"),
          "MISSING_CONTEXT");
    }
    if (table_reporter_.empty()) {
      table_reporter_ =
          absl::AsciiStrToUpper(Strip(options().default_reporter_code));
    }
    if (table_reporter_.empty()) {
      return WithReason(
          absl::InvalidArgumentError(
              "IMF DOTS table: no line naming the reporting country before "
              "the year header, and no default reporter code"),
          "MISSING_CONTEXT");
    }
    return true;
  }

  // "pak_exports_to_chn_fob_pak_reported", "pak_exports_world_fob".
  std::optional<FlowColumn> ParseFlowColumn(size_t index) const {
    const std::string lower = absl::AsciiStrToLower(columns_.name(index));
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      const size_t end = lower.find('_', start);
      parts.push_back(lower.substr(start, end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    auto code = [](const std::string& part) -> std::optional<std::string> {
      const std::string upper = absl::AsciiStrToUpper(part);
      if (!LooksLikeIso3(upper) || !IsKnownCountryCode(upper)) {
        return std::nullopt;
      }
      return upper;
    };
    auto indicator =
        [](const std::string& flow,
           const std::string& valuation) -> std::optional<DotsIndicator> {
      if (flow == "exports" && valuation == "fob") return kExportsFob;
      if (flow == "imports" && valuation == "cif") return kImportsCif;
      if (flow == "imports" && valuation == "fob") return kImportsFob;
      return std::nullopt;
    };
    FlowColumn column;
    column.index = index;
    if (parts.size() == 4 && parts[2] == "world") {
      std::optional<std::string> reporter = code(parts[0]);
      std::optional<DotsIndicator> ind = indicator(parts[1], parts[3]);
      if (!reporter || !ind) return std::nullopt;
      column.reporter = *reporter;
      column.partner = kWorld;
      column.indicator = *ind;
      return column;
    }
    if (parts.size() == 7 && parts[6] == "reported" &&
        (parts[2] == "to" || parts[2] == "from")) {
      std::optional<std::string> reporter = code(parts[0]);
      std::optional<std::string> partner = code(parts[3]);
      std::optional<std::string> side = code(parts[5]);
      std::optional<DotsIndicator> ind = indicator(parts[1], parts[4]);
      if (!reporter || !partner || !side || !ind) return std::nullopt;
      if ((parts[1] == "exports") != (parts[2] == "to")) return std::nullopt;
      column.reporter = *reporter;
      column.partner = *partner;
      column.indicator = *ind;
      if (*side == *reporter) {
        column.side = ReportingSide::kReporter;
      } else if (*side == *partner) {
        column.side = ReportingSide::kPartner;
      } else {
        column.side = ReportingSide::kThirdParty;
      }
      return column;
    }
    return std::nullopt;
  }

  // Filters IMF status rows and non-annual rows; true when the row goes on.
  bool AnnualValueRow(Fields fields, RowSink& sink) const {
    const absl::string_view attribute = Cell(fields, attribute_);
    if (!attribute.empty() && HeaderKey(attribute) != "value") {
      sink.Filter(
          ColumnName(columns_, attribute_), "NOT_A_VALUE_ROW",
          absl::StrCat("attribute \"", attribute, "\" rows hold no values"),
          attribute);
      return false;
    }
    const absl::string_view frequency = Cell(fields, frequency_);
    if (!frequency.empty() && !absl::EqualsIgnoreCase(frequency, "A") &&
        !absl::EqualsIgnoreCase(frequency, "annual")) {
      sink.Filter(ColumnName(columns_, frequency_), "NOT_ANNUAL",
                  "only annual figures are imported", frequency);
      return false;
    }
    return true;
  }

  // Resolves the indicator of a long or wide row.
  std::optional<DotsIndicator> RowIndicator(Fields fields,
                                            RowSink& sink) const {
    absl::string_view text = Cell(fields, indicator_code_);
    std::optional<size_t> column = indicator_code_;
    if (text.empty()) {
      text = Cell(fields, indicator_name_);
      column = indicator_name_;
    }
    const std::string field = ColumnName(columns_, column);
    if (text.empty()) {
      sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
      return std::nullopt;
    }
    const DotsIndicatorMatch match = ClassifyDotsIndicator(text);
    switch (match.kind) {
      case DotsIndicatorMatch::Kind::kFlow:
        return match.indicator;
      case DotsIndicatorMatch::Kind::kBalance:
        sink.Filter(field, "NOT_A_FLOW", "a trade balance is not a flow", text);
        return std::nullopt;
      case DotsIndicatorMatch::Kind::kUnknown:
        break;
    }
    sink.Reject(field, "UNKNOWN_INDICATOR",
                absl::StrCat("\"", text,
                             "\" is not a DOTS exports or imports indicator"),
                text);
    return std::nullopt;
  }

  // Resolves reporter and partner of a long or wide row.
  bool RowCountries(Fields fields, RowSink& sink, Country& reporter,
                    Country& partner) const {
    reporter = ResolveCountry(Cell(fields, reporter_code_),
                              Cell(fields, reporter_name_));
    auto [reporter_field, reporter_text] =
        CountryFieldAndText(columns_, reporter_code_, reporter_name_, fields);
    if (!AcceptCountry(reporter, /*is_partner=*/false, reporter_field,
                       reporter_text, sink)) {
      return false;
    }
    if (!Selected(reporter.code, reporter_field, sink)) return false;
    auto [partner_field, partner_text] =
        CountryFieldAndText(columns_, partner_code_, partner_name_, fields);
    if (is_aggregate_.has_value() && IsTruthy(Cell(fields, is_aggregate_))) {
      sink.Filter(
          ColumnName(columns_, is_aggregate_), "AGGREGATE",
          absl::StrCat("the file marks \"", partner_text, "\" as an aggregate"),
          partner_text);
      return false;
    }
    partner = ResolveCountry(Cell(fields, partner_code_),
                             Cell(fields, partner_name_));
    return AcceptCountry(partner, /*is_partner=*/true, partner_field,
                         partner_text, sink);
  }

  // The power of ten of a row's values.
  std::optional<int> RowScale(Fields fields, RowSink& sink) const {
    if (value_exp10_.has_value()) return value_exp10_;
    const absl::string_view scale = Cell(fields, scale_);
    if (scale.empty()) return 6;  // DOTS publishes US$ millions
    std::optional<int> exp10 = ScaleFromText(scale);
    if (!exp10.has_value()) {
      sink.Reject(ColumnName(columns_, scale_), "INVALID_ENUM",
                  absl::StrCat("\"", scale, "\" is not a known scale"), scale);
    }
    return exp10;
  }

  Observation MakeObservation(const DotsIndicator& indicator,
                              const std::string& reporter,
                              const Country& partner, int year, double value,
                              int exp10, absl::string_view locator) const {
    Observation observation = NewObservation(kImfDotsSourceSystem);
    observation.indicator_code = std::string(indicator.code);
    observation.indicator_name = std::string(indicator.name);
    observation.reporter_code = reporter;
    observation.partner_code = partner.code;
    observation.partner_name =
        partner.kind == Country::Kind::kWorld && partner.name.empty()
            ? std::string("World")
            : partner.name;
    observation.flow = indicator.flow;
    observation.valuation = indicator.valuation;
    observation.year = year;
    observation.value = value;
    observation.unit = Unit::kUsdCurrent;
    observation.unit_label = UsdScaleLabel(exp10);
    observation.sources =
        Sources(DatasetSource(kDotsCitation, kDotsUrl, kImfDotsSourceSystem,
                              locator.empty() ? indicator.name : locator));
    return observation;
  }

  void ParseLong(Fields fields, RowSink& sink) const {
    const std::string year_field = columns_.name(*year_);
    const absl::string_view year_text = Cell(fields, year_);
    if (IsSubAnnualPeriod(year_text)) {
      sink.Filter(year_field, "NOT_ANNUAL", "only annual figures are imported",
                  year_text);
      return;
    }
    if (!AnnualValueRow(fields, sink)) return;
    int year = 0;
    if (!ParseYearCell(year_field, year_text, sink, year)) return;
    std::optional<DotsIndicator> indicator = RowIndicator(fields, sink);
    if (!indicator.has_value()) return;
    Country reporter;
    Country partner;
    if (!RowCountries(fields, sink, reporter, partner)) return;
    std::optional<int> exp10 = RowScale(fields, sink);
    if (!exp10.has_value()) return;
    const absl::string_view value_text = Cell(fields, value_);
    if (IsMissing(value_text)) {
      sink.Add(EmptyCell{});
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), value_text, *exp10,
                       /*allow_thousands=*/true, /*non_negative=*/true, sink);
    if (!value.has_value()) return;
    std::string locator;
    const absl::string_view file = Cell(fields, source_file_);
    const absl::string_view sheet = Cell(fields, source_sheet_);
    if (!file.empty() && !sheet.empty()) {
      locator = absl::StrCat(file, ", sheet \"", sheet, "\"");
    } else {
      locator = std::string(file.empty() ? sheet : file);
    }
    Observation observation = MakeObservation(
        *indicator, reporter.code, partner, year, *value, *exp10, locator);
    observation.source_flag = std::string(Cell(fields, flag_));
    sink.Add(std::move(observation));
  }

  void ParseWide(Fields fields, RowSink& sink) const {
    if (!AnnualValueRow(fields, sink)) return;
    std::optional<DotsIndicator> indicator = RowIndicator(fields, sink);
    if (!indicator.has_value()) return;
    Country reporter;
    Country partner;
    if (!RowCountries(fields, sink, reporter, partner)) return;
    std::optional<int> exp10 = RowScale(fields, sink);
    if (!exp10.has_value()) return;
    std::string locator(indicator->name);
    if (!Cell(fields, indicator_code_).empty()) {
      absl::StrAppend(&locator, " (", Cell(fields, indicator_code_), ")");
    }
    for (const auto& [index, year] : years_) {
      const std::string& column = columns_.name(index);
      const absl::string_view text = Strip(fields[index]);
      if (IsMissing(text)) {
        sink.Add(EmptyCell{}, column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, *exp10, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      sink.Add(MakeObservation(*indicator, reporter.code, partner, year, *value,
                               *exp10, locator),
               column);
    }
  }

  void ParseTable(Fields fields, RowSink& sink) const {
    // The partner is the first non-empty cell outside the year (and total)
    // columns.
    std::optional<size_t> name_column;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!YearOfColumn(columns_.name(i)).has_value() &&
          columns_.key(i) != "total" && !Strip(fields[i]).empty()) {
        name_column = i;
        break;
      }
    }
    const absl::string_view name = Cell(fields, name_column);
    const std::string field =
        name_column.has_value() && !columns_.name(*name_column).empty()
            ? columns_.name(*name_column)
            : std::string("partner");
    if (!Selected(table_reporter_, "reporter", sink)) return;
    Country partner = ResolveCountry("", name);
    if (!AcceptCountry(partner, /*is_partner=*/true, field, name, sink)) {
      return;
    }
    for (const auto& [index, year] : years_) {
      const std::string& column = columns_.name(index);
      const absl::string_view text = Strip(fields[index]);
      if (IsMissing(text)) {
        sink.Add(EmptyCell{}, column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, table_exp10_, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      sink.Add(MakeObservation(*title_, table_reporter_, partner, year, *value,
                               table_exp10_, title_text_),
               column);
    }
  }

  void ParseFlowColumns(Fields fields, RowSink& sink) const {
    const std::string year_field = columns_.name(*year_);
    int year = 0;
    if (!ParseYearCell(year_field, Cell(fields, year_), sink, year)) return;
    for (const FlowColumn& flow_column : flow_columns_) {
      const std::string& column = columns_.name(flow_column.index);
      const absl::string_view text = Strip(fields[flow_column.index]);
      if (IsMissing(text)) {
        sink.Add(EmptyCell{}, column);
        continue;
      }
      if (!IsSelected(flow_column.reporter)) {
        sink.Filter(
            column, "COUNTRY_NOT_SELECTED",
            absl::StrCat("reporter ", flow_column.reporter, " is not selected"),
            flow_column.reporter, column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, 6, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      Country partner;
      partner.kind = flow_column.partner == kWorld ? Country::Kind::kWorld
                                                   : Country::Kind::kCountry;
      partner.code = flow_column.partner;
      Observation observation =
          MakeObservation(flow_column.indicator, flow_column.reporter, partner,
                          year, *value, 6, column);
      observation.reporting_side = flow_column.side;
      sink.Add(std::move(observation), column);
    }
  }

  Columns columns_;
  Layout dots_layout_ = Layout::kLong;
  std::vector<std::pair<size_t, int>> years_;
  std::optional<size_t> year_, value_, reporter_code_, reporter_name_,
      partner_code_, partner_name_, indicator_code_, indicator_name_, scale_,
      flag_, is_aggregate_, attribute_, frequency_, source_file_, source_sheet_;
  std::optional<int> value_exp10_;  // from the value column's name
  std::vector<FlowColumn> flow_columns_;
  // From the preamble of a portal sheet.
  std::optional<DotsIndicator> title_;
  std::string title_text_;
  std::string table_reporter_;
  int table_exp10_ = 6;
};

}  // namespace

const FormatEntry kImfDotsFormat = {
    ObservationFileFormat::kImfDots, "IMF_DOTS",
    &FormatEntry::Make<ImfDotsParser>,
    "a long header (year, reporter_iso3 or Country Name, "
    "partner_iso3 or Counterpart Country Name, indicator, value), a "
    "wide header (Country Name, Indicator Name, Counterpart Country "
    "Name, 1960, 1961, ...), a sheet's year header after its title "
    "(\"Exports, FOB to Partner Countries\"), or year plus flow "
    "columns (pak_exports_to_chn_fob_pak_reported)"};

}  // namespace importers_internal

}  // namespace dyadscope::economics
