// SIPRI arms-transfer TIV: supplier rows and SIPRI's own TIV tables
// (ObservationFileFormat::kSipri).

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

constexpr char kSipriCitation[] = "SIPRI Arms Transfers Database";
constexpr char kSipriUrl[] = "https://www.sipri.org/databases/armstransfers";

// ---------------------------------------------------------------------------
// SIPRI.

class SipriParser : public ParserBase {
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
    const std::string lower = absl::AsciiStrToLower(text);
    if (absl::StartsWith(lower, "generated:")) {
      generated_ = std::string(Strip(absl::string_view(text).substr(10)));
      return;
    }
    for (const auto& [marker, rows_are_suppliers] :
         {std::pair<absl::string_view, bool>{"arms imports to ", true},
          std::pair<absl::string_view, bool>{"arms exports from ", false}}) {
      const size_t at = absl::string_view(lower).find(marker);
      if (at == std::string::npos || !title_.empty()) continue;
      // "TIV of arms imports to Pakistan, 1950-2021": the country runs to
      // the comma before the years.
      absl::string_view country =
          absl::string_view(text).substr(at + marker.size());
      const size_t comma = country.rfind(',');
      if (comma != absl::string_view::npos) country = country.substr(0, comma);
      title_ = text;
      title_country_name_ = std::string(Strip(country));
      rows_are_suppliers_ = rows_are_suppliers;
    }
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    supplier_ = columns_.Find({"supplier", "seller", "exporter", "suppliers"});
    recipient_ =
        columns_.Find({"recipient", "buyer", "importer", "recipients"});
    year_ = columns_.Find({"year", "deliveryyear", "yearofdelivery"});
    value_ = columns_.Find(
        {"tivmillion", "tivmillions", "tiv", "value", "tivdeliveryvalues"});
    table_file_ = columns_.Find({"sipritablefile", "sourcefile"});
    if (year_ && (supplier_ || recipient_ || value_)) {
      if (!supplier_) {
        return MissingColumnError("SIPRI", "supplier",
                                  "supplier, seller, exporter");
      }
      if (!recipient_) {
        return MissingColumnError("SIPRI", "recipient",
                                  "recipient, buyer, importer");
      }
      if (!value_) {
        return MissingColumnError("SIPRI", "tiv_million",
                                  "tiv_million, tiv, value");
      }
      set_layout("SIPRI supplier rows");
      table_ = false;
      return true;
    }
    years_ = columns_.YearColumns();
    if (years_.empty() || YearOfColumn(fields[0]).has_value()) return false;
    for (size_t i = 1; i < fields.size(); ++i) {
      if (!YearOfColumn(fields[i]).has_value() && !Strip(fields[i]).empty() &&
          columns_.key(i) != "total") {
        return false;
      }
    }
    // The table's own country: from the title, else the default reporter.
    if (!title_.empty()) {
      Country country = ResolveCountry("", title_country_name_);
      if (country.kind != Country::Kind::kCountry) {
        return WithReason(absl::InvalidArgumentError(absl::StrCat(
                              "SIPRI table title names \"", title_country_name_,
                              "\", which is not a known country")),
                          "UNKNOWN_COUNTRY");
      }
      table_country_ = country.code;
      table_country_name_ = title_country_name_;
    } else {
      // Without a title only an import table (rows = suppliers) of the
      // default reporter can be read.
      const std::string& first = columns_.key(0);
      if (first == "recipient" || first == "recipients") {
        return WithReason(
            absl::InvalidArgumentError(
                "SIPRI export table (rows are recipients) without its title "
                "line naming the supplier"),
            "MISSING_CONTEXT");
      }
      table_country_ = options().default_reporter_code;
      rows_are_suppliers_ = true;
      if (table_country_.empty()) {
        return WithReason(
            absl::InvalidArgumentError(
                "SIPRI table without a title line (\"TIV of arms imports to "
                "<country>, ...\") and no default reporter code"),
            "MISSING_CONTEXT");
      }
    }
    set_layout(rows_are_suppliers_ ? "SIPRI import table"
                                   : "SIPRI export table");
    table_ = true;
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    if (table_) {
      ParseTable(fields, sink);
    } else {
      ParseSupplierRow(fields, sink);
    }
  }

 private:
  // Resolves one party of a transfer; false after recording why not.
  static bool Party(absl::string_view field, absl::string_view text,
                    bool is_partner, RowSink& sink, Country& country) {
    country = ResolveCountry("", text);
    if (country.kind == Country::Kind::kWorld) {
      country.kind = Country::Kind::kAggregate;
    }
    return AcceptCountry(country, is_partner, field, text, sink);
  }

  Observation MakeObservation(const std::string& recipient,
                              const Country& supplier, int year, double value,
                              absl::string_view locator) const {
    Observation observation = NewObservation(kSipriSourceSystem);
    observation.indicator_code = "arms_imports_tiv";
    observation.indicator_name = "SIPRI TIV of arms deliveries";
    observation.reporter_code = recipient;
    observation.partner_code = supplier.code;
    observation.partner_name = supplier.name;
    observation.flow = Flow::kArmsImports;
    observation.year = year;
    observation.value = value;
    observation.unit = Unit::kSipriTivMillions;
    observation.unit_label = "SIPRI TIV (millions)";
    observation.reporting_side = ReportingSide::kThirdParty;
    if (value == 0) {
      observation.notes = "SIPRI 0: deliveries below 0.5 million TIV";
    }
    SourceRef source =
        DatasetSource(kSipriCitation, kSipriUrl, kSipriSourceSystem, locator);
    if (!generated_.empty()) {
      source.dataset_version = absl::StrCat("Generated: ", generated_);
    }
    observation.sources = Sources(std::move(source));
    return observation;
  }

  void ParseSupplierRow(Fields fields, RowSink& sink) const {
    int year = 0;
    if (!ParseYearCell(columns_.name(*year_), Cell(fields, year_), sink,
                       year)) {
      return;
    }
    Country recipient;
    Country supplier;
    if (!Party(columns_.name(*recipient_), Cell(fields, recipient_),
               /*is_partner=*/false, sink, recipient) ||
        !Selected(recipient.code, columns_.name(*recipient_), sink) ||
        !Party(columns_.name(*supplier_), Cell(fields, supplier_),
               /*is_partner=*/true, sink, supplier)) {
      return;
    }
    const absl::string_view text = Cell(fields, value_);
    if (IsMissing(text)) {
      sink.Add(EmptyCell{});
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), text, 0,
                       /*allow_thousands=*/true, /*non_negative=*/true, sink);
    if (!value.has_value()) return;
    sink.Add(MakeObservation(recipient.code, supplier, year, *value,
                             Cell(fields, table_file_)));
  }

  void ParseTable(Fields fields, RowSink& sink) const {
    const absl::string_view name = Strip(fields[0]);
    const std::string field =
        columns_.name(0).empty()
            ? std::string(rows_are_suppliers_ ? "supplier" : "recipient")
            : columns_.name(0);
    Country row_country;
    if (!Party(field, name, /*is_partner=*/rows_are_suppliers_, sink,
               row_country)) {
      return;
    }
    Country table_country;
    table_country.kind = Country::Kind::kCountry;
    table_country.code = table_country_;
    table_country.name = table_country_name_;
    const Country& supplier = rows_are_suppliers_ ? row_country : table_country;
    const std::string& recipient =
        rows_are_suppliers_ ? table_country_ : row_country.code;
    if (!Selected(recipient, rows_are_suppliers_ ? "reporter" : field, sink)) {
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
          ParseValueCell(column, text, 0, /*allow_thousands=*/true,
                         /*non_negative=*/true, sink, column);
      if (!value.has_value()) continue;
      sink.Add(MakeObservation(
                   recipient, supplier, year, *value,
                   title_.empty() ? std::string("SIPRI TIV table") : title_),
               column);
    }
  }

  Columns columns_;
  bool table_ = false;
  std::optional<size_t> supplier_, recipient_, year_, value_, table_file_;
  std::vector<std::pair<size_t, int>> years_;
  // From the preamble of a TIV table.
  std::string title_;
  std::string title_country_name_;
  std::string generated_;
  bool rows_are_suppliers_ = true;
  std::string table_country_;
  std::string table_country_name_;
};

}  // namespace

const FormatEntry kSipriFormat = {
    ObservationFileFormat::kSipri, "SIPRI", &FormatEntry::Make<SipriParser>,
    "supplier, recipient, year, tiv_million (supplier rows), or a "
    "TIV table (title \"TIV of arms imports to <country>, ...\", then "
    "a header of year columns)"};

}  // namespace importers_internal

}  // namespace dyadscope::economics
