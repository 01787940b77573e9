// The SIPRI trade register (ObservationFileFormat::kSipriTradeRegister): one
// row per deal and delivery year, summed into one arms-import observation per
// recipient, supplier and delivery year.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/csv/tabular.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/importers/parser_base.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace importers_internal {
namespace {

constexpr char kCitation[] = "SIPRI Arms Transfers Database, trade register";
constexpr char kUrl[] = "https://www.sipri.org/databases/armstransfers";

class SipriTradeRegisterParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  void OnPreamble(Fields fields) override {
    constexpr absl::string_view kGenerated = "Data generated:";
    const absl::string_view text = Strip(fields[0]);
    if (absl::StartsWithIgnoreCase(text, kGenerated)) {
      generated_ = std::string(
          Strip(absl::StripSuffix(Strip(text.substr(kGenerated.size())), ";")));
    }
  }

  absl::StatusOr<bool> TryHeader(Fields fields) override {
    columns_ = Columns(fields);
    supplier_ = columns_.Find({"supplier"});
    recipient_ = columns_.Find({"recipient"});
    year_ = columns_.Find({"deliveryyear"});
    value_ = columns_.Find({"tivdeliveryvalues", "tivdeliveryvalue"});
    if (!columns_.Find({"sipriatdatabaseid"}).has_value() &&
        !(supplier_.has_value() && recipient_.has_value())) {
      return false;  // a note line
    }
    const char* const expected =
        "Supplier, Recipient, Delivery year, TIV "
        "delivery values";
    if (!supplier_.has_value()) {
      return MissingColumnError("SIPRI trade register", "Supplier", expected);
    }
    if (!recipient_.has_value()) {
      return MissingColumnError("SIPRI trade register", "Recipient", expected);
    }
    if (!year_.has_value()) {
      return MissingColumnError("SIPRI trade register", "Delivery year",
                                expected);
    }
    if (!value_.has_value()) {
      return MissingColumnError("SIPRI trade register", "TIV delivery values",
                                expected);
    }
    set_layout("SIPRI trade register");
    return true;
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    int year = 0;
    if (!ParseYearCell(columns_.name(*year_), Cell(fields, year_), sink,
                       year)) {
      return;
    }
    Country recipient;
    Country supplier;
    if (!Party(*recipient_, fields, /*is_partner=*/false, sink, recipient) ||
        !Selected(recipient.code, columns_.name(*recipient_), sink) ||
        !Party(*supplier_, fields, /*is_partner=*/true, sink, supplier)) {
      return;
    }
    // Empty: SIPRI identified no delivery in that year.
    const absl::string_view text = Cell(fields, value_);
    if (IsMissing(text)) {
      sink.Add(EmptyCell{});
      return;
    }
    std::optional<double> value =
        ParseValueCell(columns_.name(*value_), text, 0,
                       /*allow_thousands=*/false, /*non_negative=*/true, sink);
    if (!value.has_value()) return;
    // The observation carries the running total of its recipient, supplier
    // and year: a later row of the same key replaces it (the import upserts
    // by key), so the last one stored is the sum of all the file's rows.
    Total& total = totals_[{recipient.code, supplier.code, year}];
    total.value += *value;
    ++total.rows;
    if (*value == 0) ++total.zero_rows;
    sink.Add(MakeObservation(recipient.code, supplier, year, total));
  }

 private:
  struct Total {
    double value = 0;
    int rows = 0;
    int zero_rows = 0;  // SIPRI "0": between 0 and 0.5 million TIV
  };

  // Resolves one party through the country-name table; false after
  // recording why not (an unknown name is a rejection).
  bool Party(size_t column, Fields fields, bool is_partner, RowSink& sink,
             Country& country) const {
    const absl::string_view text = Cell(fields, column);
    country = ResolveCountry("", text);
    if (country.kind == Country::Kind::kWorld) {
      country.kind = Country::Kind::kAggregate;
    }
    return AcceptCountry(country, is_partner, columns_.name(column), text,
                         sink);
  }

  Observation MakeObservation(const std::string& recipient,
                              const Country& supplier, int year,
                              const Total& total) const {
    Observation observation = NewObservation(kSipriTradeRegisterSourceSystem);
    observation.indicator_code = "arms_imports_tiv";
    observation.indicator_name = "SIPRI TIV of arms deliveries";
    observation.reporter_code = recipient;
    observation.partner_code = supplier.code;
    observation.partner_name = supplier.name;
    observation.flow = Flow::kArmsImports;
    observation.year = year;
    observation.value = total.value;
    observation.unit = Unit::kSipriTivMillions;
    observation.unit_label = "SIPRI TIV (millions)";
    observation.reporting_side = ReportingSide::kThirdParty;
    observation.notes = absl::StrCat("sum of ", total.rows, " delivery row",
                                     total.rows == 1 ? "" : "s");
    if (total.zero_rows > 0) {
      absl::StrAppend(&observation.notes, "; ", total.zero_rows,
                      " with SIPRI 0: deliveries below 0.5 million TIV");
    }
    SourceRef source = DatasetSource(
        kCitation, kUrl, kSipriTradeRegisterSourceSystem, "trade register");
    if (!generated_.empty()) {
      source.dataset_version = absl::StrCat("Generated: ", generated_);
    }
    observation.sources = Sources(std::move(source));
    return observation;
  }

  Columns columns_;
  std::optional<size_t> supplier_;
  std::optional<size_t> recipient_;
  std::optional<size_t> year_;
  std::optional<size_t> value_;
  std::string generated_;
  // (recipient, supplier, year) -> the total so far. Row() is logically a
  // step of the parse, so the totals change under the const ParseFields.
  mutable std::map<std::tuple<std::string, std::string, int>, Total> totals_;
};

}  // namespace

const FormatEntry kSipriTradeRegisterFormat = {
    ObservationFileFormat::kSipriTradeRegister, "SIPRI_TRADE_REGISTER",
    &FormatEntry::Make<SipriTradeRegisterParser>,
    "SIPRI AT Database ID, Supplier, Recipient, ..., Delivery year, "
    "..., TIV delivery values, ..."};

}  // namespace importers_internal
}  // namespace dyadscope::economics
