// World Bank WDI as downloaded, one column per year
// (ObservationFileFormat::kWdiWide).

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

class WdiWideParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  void OnPreamble(Fields fields) override {
    if (fields.size() >= 2 && HeaderKey(fields[0]) == "lastupdateddate") {
      last_updated_ = std::string(Strip(fields[1]));
    }
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    years_ = columns_.YearColumns();
    country_code_ = columns_.Find({"countrycode", "countryiso3", "iso3"});
    indicator_code_ = columns_.Find({"indicatorcode", "seriescode"});
    indicator_name_ = columns_.Find({"indicatorname", "seriesname"});
    if (years_.empty() || (!country_code_ && !indicator_code_)) return false;
    if (!country_code_) {
      return MissingColumnError("WDI wide", "Country Code",
                                "Country Code, country_iso3");
    }
    if (!indicator_code_) {
      return MissingColumnError("WDI wide", "Indicator Code",
                                "Indicator Code, Series Code");
    }
    set_layout("WDI wide");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    const std::string country_field = columns_.name(*country_code_);
    std::string reporter;
    if (!WdiReporter(country_field, Cell(fields, country_code_), sink,
                     reporter)) {
      return;
    }
    if (!Selected(reporter, country_field, sink)) return;
    const std::string indicator_field = columns_.name(*indicator_code_);
    const absl::string_view code = Cell(fields, indicator_code_);
    if (code.empty()) {
      sink.Reject(indicator_field, "MISSING_VALUE",
                  absl::StrCat(indicator_field, " is empty"), "");
      return;
    }
    const absl::string_view name = Cell(fields, indicator_name_);
    SourceRef source =
        DatasetSource(kWdiCitation, absl::StrCat(kWdiUrlPrefix, code),
                      kWdiSourceSystem, code);
    if (!last_updated_.empty()) {
      source.dataset_version = absl::StrCat("Last Updated ", last_updated_);
    }
    const std::vector<SourceRef> sources = Sources(std::move(source));
    for (const auto& [index, year] : years_) {
      const std::string& column = columns_.name(index);
      const absl::string_view text = Strip(fields[index]);
      if (IsMissing(text)) {
        sink.Add(EmptyCell{}, column);
        continue;
      }
      std::optional<double> value =
          ParseValueCell(column, text, 0, /*allow_thousands=*/false,
                         /*non_negative=*/false, sink, column);
      if (!value.has_value()) continue;
      Observation observation =
          WdiObservation(code, name, reporter, year, *value, sources);
      sink.Add(std::move(observation), column);
    }
  }

 private:
  Columns columns_;
  std::vector<std::pair<size_t, int>> years_;
  std::optional<size_t> country_code_, indicator_code_, indicator_name_;
  std::string last_updated_;
};

}  // namespace

const FormatEntry kWdiWideFormat = {
    ObservationFileFormat::kWdiWide, "WDI_WIDE",
    &FormatEntry::Make<WdiWideParser>,
    "\"Country Name\", \"Country Code\", \"Indicator Name\", "
    "\"Indicator Code\" (or Series Name/Code) and year columns "
    "(\"1960\", \"1960 [YR1960]\", ...)"};

}  // namespace importers_internal

}  // namespace dyadscope::economics
