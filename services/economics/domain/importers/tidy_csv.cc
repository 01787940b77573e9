// The dyadscope observations CSV (ObservationFileFormat::kDyadscopeCsv)
// and the words of its enum columns.

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

// ---------------------------------------------------------------------------
// The dyadscope observations CSV.

enum Column : size_t {
  kIndicatorCode,
  kIndicatorName,
  kReporterCode,
  kPartnerCode,
  kPartnerName,
  kFlow,
  kValuation,
  kYear,
  kYearBasis,
  kPeriodLabel,
  kValue,
  kUnit,
  kUnitLabel,
  kBaseYear,
  kQualifier,
  kReportingSide,
  kSourceFlag,
  kNotes,
  kSourceSystem,
  kSource1Citation,
  kSource1Url,
  kSource1DatasetVersion,
  kSource1Locator,
  kSource2Citation,
  kSource2Url,
  kColumnCount,
};

constexpr absl::string_view kColumnNames[] = {
    "indicator_code",
    "indicator_name",
    "reporter_code",
    "partner_code",
    "partner_name",
    "flow",
    "valuation",
    "year",
    "year_basis",
    "period_label",
    "value",
    "unit",
    "unit_label",
    "base_year",
    "qualifier",
    "reporting_side",
    "source_flag",
    "notes",
    "source_system",
    "source_1_citation",
    "source_1_url",
    "source_1_dataset_version",
    "source_1_locator",
    "source_2_citation",
    "source_2_url",
};
static_assert(std::size(kColumnNames) == kColumnCount);

constexpr size_t kRequiredColumns[] = {
    kIndicatorCode, kReporterCode, kFlow, kYear, kUnit, kSourceSystem};

// The year a fiscal label "FY2021-22" / "FY2021/2022" ends in, if it is one.
std::optional<int> FiscalLabelEndYear(absl::string_view label) {
  if (!absl::StartsWithIgnoreCase(label, "FY") || label.size() < 9) {
    return std::nullopt;
  }
  std::optional<int> start = ParseYearText(label.substr(2, 4));
  const char separator = label[6];
  if (!start.has_value() || (separator != '-' && separator != '/')) {
    return std::nullopt;
  }
  const absl::string_view end = label.substr(7);
  if (end.size() == 2 && AllDigits(end)) {
    int two = 0;
    if (!absl::SimpleAtoi(end, &two)) return std::nullopt;
    int year = (*start / 100) * 100 + two;
    if (year <= *start) year += 100;
    return year;
  }
  return end.size() == 4 ? ParseYearText(end) : std::nullopt;
}

class DyadscopeCsvParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  bool StrictHeader() const override { return true; }

  std::string ExpectedHeader() const override {
    return csv::NamedColumnsDescription(
        kColumnNames,
        "indicator_code, reporter_code, flow, year, unit, source_system");
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    csv::HeaderProblems problems;
    csv::MatchNamedHeader(fields, kColumnNames, kRequiredColumns,
                          absl::MakeSpan(positions_), problems);
    bool any_source = false;
    for (Column column :
         {kSource1Citation, kSource1Url, kSource2Citation, kSource2Url}) {
      any_source = any_source || positions_[column].has_value();
    }
    const SourceRef& fallback = options().default_source;
    if (!any_source && fallback.citation.empty() && fallback.url.empty()) {
      problems.Add(kColumnNames[kSource1Citation],
                   "no source column (source_1_citation, source_1_url, ...) "
                   "and no default source: every observation needs a source",
                   "MISSING_COLUMN");
    }
    if (!problems.empty()) return problems.ToStatus();
    set_layout("dyadscope CSV");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    RowReader reader{{fields, positions_, kColumnNames, sink}};
    std::optional<Observation> observation = reader.Parse(options());
    if (observation.has_value()) sink.Add(*std::move(observation));
  }

 private:
  // Parses one row; each step returns false after rejecting the row.
  struct RowReader : csv::NamedCells<RowSink> {
    bool CountryCode(Column column, bool allow_world, std::string& out) const {
      const absl::string_view text = Get(column);
      if (text.empty()) return true;
      std::string code = absl::AsciiStrToUpper(text);
      if (!(IsKnownCountryCode(code) || (allow_world && code == kWorld))) {
        return Reject(column, "UNKNOWN_COUNTRY",
                      absl::StrCat(kColumnNames[column], " \"", text,
                                   "\" is not an ISO 3166-1 alpha-3 code",
                                   allow_world ? " or WLD" : ""),
                      text);
      }
      out = std::move(code);
      return true;
    }

    bool Year(Column column, std::optional<int>& out) const {
      const absl::string_view text = Get(column);
      if (text.empty()) return true;
      out = ParseYearText(text);
      if (!out.has_value()) {
        return Reject(column, "INVALID_YEAR",
                      absl::StrCat(kColumnNames[column], " is not a year in ",
                                   kMinYear, "..", kMaxYear),
                      text);
      }
      return true;
    }

    std::optional<Observation> Parse(const ParserOptions& options) const {
      Observation o;
      if (!ParseInto(options, o)) return std::nullopt;
      return o;
    }

    bool ParseInto(const ParserOptions& options, Observation& o) const {
      if (!Required(kIndicatorCode)) return false;
      o.indicator_code = std::string(Get(kIndicatorCode));
      o.indicator_name = std::string(Get(kIndicatorName));
      if (!Required(kReporterCode) ||
          !CountryCode(kReporterCode, /*allow_world=*/false, o.reporter_code) ||
          !CountryCode(kPartnerCode, /*allow_world=*/true, o.partner_code)) {
        return false;
      }
      o.partner_name = std::string(Get(kPartnerName));
      if (!Required(kFlow) || !Enum(kFlow, o.flow) ||
          !Enum(kValuation, o.valuation)) {
        return false;
      }
      std::optional<int> year;
      if (!Required(kYear) || !Year(kYear, year)) return false;
      o.year = *year;
      o.year_basis = YearBasis::kCalendar;
      if (!Enum(kYearBasis, o.year_basis)) {
        return false;
      }
      o.period_label = std::string(Get(kPeriodLabel));
      if (o.year_basis != YearBasis::kCalendar && o.period_label.empty()) {
        return Reject(kPeriodLabel, "MISSING_VALUE",
                      "period_label is required for fiscal and partial years",
                      "");
      }
      if (std::optional<int> end = FiscalLabelEndYear(o.period_label)) {
        if (*end != o.year) {
          return Reject(
              kPeriodLabel, "INVALID_VALUE",
              absl::StrCat("period_label ", o.period_label, " ends in ", *end,
                           " but year is ", o.year),
              o.period_label);
        }
      }
      const absl::string_view value = Get(kValue);
      if (!value.empty()) {
        o.value = ParseDecimal(value, 0, /*allow_thousands=*/false);
        if (!o.value.has_value()) {
          return Reject(kValue, "INVALID_NUMBER",
                        "value is not a finite number", value);
        }
      }
      if (!Required(kUnit) || !Enum(kUnit, o.unit)) {
        return false;
      }
      o.unit_label = std::string(Get(kUnitLabel));
      if (!Year(kBaseYear, o.base_year)) return false;
      if (o.unit == Unit::kUsdConstant && !o.base_year.has_value()) {
        return Reject(kBaseYear, "MISSING_VALUE",
                      "base_year is required for usd_constant", "");
      }
      if (o.unit != Unit::kUsdConstant && o.base_year.has_value()) {
        return Reject(kBaseYear, "INVALID_VALUE",
                      "base_year applies only to usd_constant", Get(kBaseYear));
      }
      o.qualifier = ValueQualifier::kExact;
      o.reporting_side = ReportingSide::kReporter;
      if (!Enum(kQualifier, o.qualifier) ||
          !Enum(kReportingSide, o.reporting_side)) {
        return false;
      }
      o.source_flag = std::string(Get(kSourceFlag));
      o.notes = std::string(Get(kNotes));
      if (!Required(kSourceSystem)) return false;
      const absl::string_view system = Get(kSourceSystem);
      if (!csv::IsUpperSnakeCase(system)) {
        return Reject(kSourceSystem, "INVALID_VALUE",
                      "source_system is not UPPER_SNAKE_CASE", system);
      }
      o.provenance.source_system = std::string(system);
      return ParseSources(options, o);
    }

    bool ParseSources(const ParserOptions& options, Observation& o) const {
      constexpr csv::SourceColumns<Column> kSources[] = {
          {kSource1Citation, kSource1Url, kSource1DatasetVersion,
           kSource1Locator},
          {kSource2Citation, kSource2Url},
      };
      if (!csv::ReadSourceCells<Column>(
              kSources, kColumnNames, o.provenance.source_system,
              [this](Column column) { return Get(column); },
              [this](Column column, absl::string_view code, std::string reason,
                     absl::string_view value) {
                return Reject(column, code, std::move(reason), value);
              },
              o.sources)) {
        return false;
      }
      if (o.sources.empty()) {
        const SourceRef& fallback = options.default_source;
        if (fallback.citation.empty() && fallback.url.empty()) {
          return Reject(kSource1Citation, "MISSING_SOURCE",
                        "at least one source citation or URL is required", "");
        }
        o.sources.push_back(fallback);
      }
      return true;
    }
  };

  std::optional<size_t> positions_[kColumnCount];
};

}  // namespace

const FormatEntry kDyadscopeCsvFormat = {
    ObservationFileFormat::kDyadscopeCsv, "DYADSCOPE_CSV",
    &FormatEntry::Make<DyadscopeCsvParser>, ""};

}  // namespace importers_internal

const std::vector<std::string>& DyadscopeCsvColumns() {
  static const auto* const columns =
      new std::vector<std::string>(std::begin(importers_internal::kColumnNames),
                                   std::end(importers_internal::kColumnNames));
  return *columns;
}

}  // namespace dyadscope::economics
