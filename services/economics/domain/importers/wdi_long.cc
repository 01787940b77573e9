// World Bank WDI in long form (ObservationFileFormat::kWdiLong).

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

class WdiLongParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    country_ = columns_.Find(
        {"countryiso3", "countrycode", "iso3", "iso3c", "economy", "country"});
    indicator_code_ =
        columns_.Find({"indicatorcode", "seriescode", "indicator", "series"});
    indicator_name_ = columns_.Find({"indicatorname", "seriesname"});
    year_ = columns_.Find({"year", "time", "timeperiod"});
    value_ = columns_.Find({"value"});
    source_url_ = columns_.Find({"sourceurl", "url"});
    source_repo_ = columns_.Find({"sourcerepo"});
    source_path_ = columns_.Find({"sourcepath"});
    source_locator_ = columns_.Find({"sourcelocator"});
    source_commit_ = columns_.Find({"sourcecommit"});
    source_version_ = columns_.Find({"sourcedatasetversion"});
    if (!year_ || !value_) return false;
    if (!country_) {
      return MissingColumnError("WDI long", "country_iso3",
                                "country_iso3, country_code, iso3, economy");
    }
    if (!indicator_code_) {
      return MissingColumnError("WDI long", "indicator_code",
                                "indicator_code, series_code");
    }
    set_layout("WDI long");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    const std::string country_field = columns_.name(*country_);
    std::string reporter;
    if (!WdiReporter(country_field, Cell(fields, country_), sink, reporter)) {
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
    int year = 0;
    if (!ParseYearCell(columns_.name(*year_), Cell(fields, year_), sink,
                       year)) {
      return;
    }
    const absl::string_view value_text = Cell(fields, value_);
    if (IsMissing(value_text)) {
      sink.Add(EmptyCell{});
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), value_text, 0,
                       /*allow_thousands=*/false, /*non_negative=*/false, sink);
    if (!value.has_value()) return;

    SourceRef source =
        DatasetSource(kWdiCitation, absl::StrCat(kWdiUrlPrefix, code),
                      kWdiSourceSystem, code);
    if (!Cell(fields, source_url_).empty()) {
      source.url = std::string(Cell(fields, source_url_));
    }
    std::vector<absl::string_view> locator;
    for (auto column : {source_repo_, source_path_, source_locator_}) {
      if (!Cell(fields, column).empty())
        locator.push_back(Cell(fields, column));
    }
    if (!locator.empty()) source.locator = absl::StrJoin(locator, "/");
    const absl::string_view version = !Cell(fields, source_version_).empty()
                                          ? Cell(fields, source_version_)
                                          : Cell(fields, source_commit_);
    source.dataset_version = std::string(version);
    Observation observation =
        WdiObservation(code, Cell(fields, indicator_name_), reporter, year,
                       *value, Sources(std::move(source)));
    sink.Add(std::move(observation));
  }

 private:
  Columns columns_;
  std::optional<size_t> country_, indicator_code_, indicator_name_, year_,
      value_, source_url_, source_repo_, source_path_, source_locator_,
      source_commit_, source_version_;
};

}  // namespace

const FormatEntry kWdiLongFormat = {
    ObservationFileFormat::kWdiLong, "WDI_LONG",
    &FormatEntry::Make<WdiLongParser>,
    "country_iso3 (or country_code, economy), indicator_code (or "
    "series_code), year, value"};

}  // namespace importers_internal

}  // namespace dyadscope::economics
