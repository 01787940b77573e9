// World Bank WDI, shared by the wide and long layouts: the reporter, the
// observation of one figure and ClassifyWdiIndicator.

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
namespace {

using importers_internal::ParseYearText;
using importers_internal::Strip;

std::vector<absl::string_view> CodeSegments(absl::string_view code) {
  std::vector<absl::string_view> segments;
  size_t start = 0;
  while (true) {
    const size_t end = code.find('.', start);
    segments.push_back(code.substr(start, end - start));
    if (end == absl::string_view::npos) break;
    start = end + 1;
  }
  return segments;
}

// The base year of "(constant 2015 US$)".
std::optional<int> ConstantBaseYear(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  const size_t at = lower.find("constant ");
  if (at == std::string::npos) return std::nullopt;
  return ParseYearText(absl::string_view(lower).substr(at + 9, 4));
}

}  // namespace

namespace importers_internal {

// The WDI reporter: a country code (aggregates filtered). Returns false
// after recording why the row is not imported.
bool WdiReporter(absl::string_view field, absl::string_view text, RowSink& sink,
                 std::string& code) {
  code = absl::AsciiStrToUpper(text);
  if (code.empty()) {
    sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"), "");
    return false;
  }
  if (IsAggregateCode(code)) {
    sink.Filter(field, "AGGREGATE",
                absl::StrCat(code, " is a World Bank aggregate"), text);
    return false;
  }
  if (IsKnownCountryCode(code)) return true;
  // Some long files name the country instead ("Pakistan").
  std::optional<CountryNameMatch> match = LookupCountryName(text);
  if (match.has_value() && match->kind == CountryNameKind::kCountry) {
    code = match->iso3;
    return true;
  }
  if (match.has_value()) {
    sink.Filter(field, "AGGREGATE",
                absl::StrCat("\"", text, "\" is a region or group"), text);
    return false;
  }
  sink.Reject(field, "UNKNOWN_COUNTRY",
              absl::StrCat("\"", text, "\" is not a known country code"), text);
  return false;
}

Observation WdiObservation(absl::string_view code, absl::string_view name,
                           const std::string& reporter, int year, double value,
                           std::vector<SourceRef> sources) {
  const WdiIndicatorInfo info = ClassifyWdiIndicator(code, name);
  Observation observation = NewObservation(kWdiSourceSystem);
  observation.indicator_code = std::string(code);
  observation.indicator_name = std::string(name);
  observation.reporter_code = reporter;
  observation.partner_code = info.partner_code;
  if (info.partner_code == kWorld) observation.partner_name = "World";
  observation.flow = info.flow;
  observation.year = year;
  observation.value = value;
  observation.unit = info.unit;
  observation.unit_label = info.unit_label;
  observation.base_year = info.base_year;
  observation.sources = std::move(sources);
  return observation;
}

}  // namespace importers_internal

WdiIndicatorInfo ClassifyWdiIndicator(absl::string_view code,
                                      absl::string_view name) {
  WdiIndicatorInfo info;
  const std::string upper = absl::AsciiStrToUpper(Strip(code));
  if (upper == "NY.GDP.MKTP.CD") {
    info.flow = Flow::kGdp;
  } else if (upper == "BX.KLT.DINV.CD.WD") {
    info.flow = Flow::kFdiInflow;
  } else if (upper == "NE.EXP.GNFS.CD" || upper == "TX.VAL.MRCH.CD.WT") {
    info.flow = Flow::kExports;
  } else if (upper == "NE.IMP.GNFS.CD" || upper == "TM.VAL.MRCH.CD.WT") {
    info.flow = Flow::kImports;
  } else if (upper == "DT.DOD.DECT.CD") {
    info.flow = Flow::kExternalDebtStock;
  }
  if (info.flow != Flow::kOther && info.flow != Flow::kGdp) {
    info.partner_code = kWorld;
  }

  const std::vector<absl::string_view> segments = CodeSegments(upper);
  auto has_segment = [&](absl::string_view segment) {
    for (absl::string_view s : segments) {
      if (s == segment) return true;
    }
    return false;
  };
  if (segments.back() == "ZS" || segments.back() == "ZG") {
    if (absl::StrContains(absl::AsciiStrToLower(name), "% of gdp")) {
      info.unit = Unit::kPercentOfGdp;
      info.unit_label = "% of GDP";
    } else {
      info.unit = Unit::kPercent;
      info.unit_label = "%";
    }
  } else if (has_segment("CD")) {
    info.unit = Unit::kUsdCurrent;
    info.unit_label = "current US$";
  } else if (has_segment("KD")) {
    info.unit = Unit::kUsdConstant;
    info.base_year = ConstantBaseYear(name);
    info.unit_label = info.base_year.has_value()
                          ? absl::StrCat("constant ", *info.base_year, " US$")
                          : std::string("constant US$");
  } else {
    info.unit = Unit::kOther;
    info.unit_label = std::string(name);
  }
  return info;
}

}  // namespace dyadscope::economics
