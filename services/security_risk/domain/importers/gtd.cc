// The Global Terrorism Database CSV (IncidentFileFormat::kGtd).

#include <algorithm>
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
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/importers/parser_base.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace importers_internal {
namespace {

constexpr char kGtdCitation[] = "Global Terrorism Database (START)";
constexpr char kGtdUrl[] = "https://www.start.umd.edu/gtd/";

// ---------------------------------------------------------------------------
// GTD.

// GTD's attack type names by their numeric code (attacktype1).
constexpr absl::string_view kGtdAttackTypes[] = {
    "",
    "Assassination",
    "Armed Assault",
    "Bombing/Explosion",
    "Hijacking",
    "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unarmed Assault",
    "Unknown",
};

TargetCategory GtdTargetCategory(absl::string_view target_type,
                                 bool partner_victims) {
  const std::string lower = NormalizeName(target_type);
  if (lower.empty() || lower == "unknown") return TargetCategory::kUnspecified;
  if (lower == "government (diplomatic)") {
    return TargetCategory::kDiplomaticMission;
  }
  if (lower == "business") return TargetCategory::kBusiness;
  if (partner_victims) {
    for (absl::string_view people :
         {"private citizens & property", "tourists", "educational institution",
          "ngo", "journalists & media", "religious figures/institutions"}) {
      if (lower == people) return TargetCategory::kPartnerNationals;
    }
  }
  return TargetCategory::kOther;
}

class GtdParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  absl::Status CheckHeader(Fields fields) override {
    columns_ = Columns(fields);
    const Columns& c = columns_;
    id_ = c.Find({"eventid"});
    year_ = c.Find({"iyear"});
    month_ = c.Find({"imonth"});
    day_ = c.Find({"iday"});
    approxdate_ = c.Find({"approxdate"});
    country_ = c.Find({"countrytxt"});
    provstate_ = c.Find({"provstate"});
    city_ = c.Find({"city"});
    latitude_ = c.Find({"latitude"});
    longitude_ = c.Find({"longitude"});
    specificity_ = c.Find({"specificity"});
    summary_ = c.Find({"summary"});
    suicide_ = c.Find({"suicide"});
    attack_type_ = c.Find({"attacktype1txt"});
    attack_code_ = c.Find({"attacktype1"});
    target_type_ = c.Find({"targtype1txt"});
    corp_ = c.Find({"corp1"});
    target_ = c.Find({"target1"});
    nationalities_[0] = c.Find({"natlty1txt"});
    nationalities_[1] = c.Find({"natlty2txt"});
    nationalities_[2] = c.Find({"natlty3txt"});
    gname_ = c.Find({"gname"});
    claimed_ = c.Find({"claimed"});
    nkill_ = c.Find({"nkill"});
    nkillus_ = c.Find({"nkillus"});
    nkillter_ = c.Find({"nkillter"});
    nwound_ = c.Find({"nwound"});
    nwoundus_ = c.Find({"nwoundus"});
    nwoundte_ = c.Find({"nwoundte"});
    citations_[0] = c.Find({"scite1"});
    citations_[1] = c.Find({"scite2"});
    citations_[2] = c.Find({"scite3"});
    std::vector<std::string> missing;
    if (!id_.has_value()) missing.push_back("eventid");
    if (!year_.has_value()) missing.push_back("iyear");
    if (!month_.has_value()) missing.push_back("imonth");
    if (!day_.has_value()) missing.push_back("iday");
    if (!country_.has_value()) missing.push_back("country_txt");
    if (!missing.empty()) return MissingColumnsError("GTD", missing);
    set_layout("GTD");
    return absl::OkStatus();
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    Incident incident;
    if (Parse(fields, sink, incident)) sink.Add(std::move(incident));
  }

 private:
  std::string Name(std::optional<size_t> column,
                   absl::string_view fallback) const {
    return columns_.Name(column, fallback);
  }

  bool Count(Fields fields, std::optional<size_t> column,
             absl::string_view fallback, RowSink& sink,
             std::optional<int>& out) const {
    return ParseCountCell(Name(column, fallback), Cell(fields, column),
                          /*source_format=*/true, /*gtd_unknown=*/true, sink,
                          out);
  }

  // A 0/1 flag; GTD's -9 (unknown) and empty are false.
  bool Flag(Fields fields, std::optional<size_t> column,
            absl::string_view fallback, RowSink& sink, bool& out) const {
    out = false;
    const absl::string_view text = Cell(fields, column);
    if (text.empty()) return true;
    const std::optional<int64_t> value = ParseInteger(text, true);
    if (!value.has_value() ||
        !(*value == 0 || *value == 1 || *value == -9 || *value == -99)) {
      const std::string field = Name(column, fallback);
      return sink.Reject(field, "INVALID_ENUM",
                         absl::StrCat(field, " is not 0, 1 or -9"), text);
    }
    out = *value == 1;
    return true;
  }

  // An integer date part in 0..max (empty is 0, unknown).
  bool DatePart(Fields fields, std::optional<size_t> column,
                absl::string_view fallback, int max, RowSink& sink,
                int& out) const {
    out = 0;
    const absl::string_view text = Cell(fields, column);
    if (text.empty()) return true;
    const std::optional<int64_t> value = ParseInteger(text, true);
    if (!value.has_value() || *value < 0 || *value > max) {
      const std::string field = Name(column, fallback);
      return sink.Reject(field, "INVALID_DATE",
                         absl::StrCat(field, " is not in 0..", max), text);
    }
    out = static_cast<int>(*value);
    return true;
  }

  bool ParseDateCells(Fields fields, RowSink& sink, Date& date) const {
    const std::string year_field = Name(year_, "iyear");
    const absl::string_view year_text = Cell(fields, year_);
    if (!RequireCell(year_field, year_text, sink)) return false;
    const std::optional<int64_t> year = ParseInteger(year_text, true);
    if (!year.has_value() || *year < 1 || *year > 9999) {
      return sink.Reject(year_field, "INVALID_DATE",
                         absl::StrCat(year_field, " is not a year"), year_text);
    }
    int month = 0;
    int day = 0;
    if (!DatePart(fields, month_, "imonth", 12, sink, month) ||
        !DatePart(fields, day_, "iday", 31, sink, day)) {
      return false;
    }
    date = Date{static_cast<int>(*year), month, day, DatePrecision::kDay};
    if (month == 0) {
      date = Date{date.year, 0, 0, DatePrecision::kYear};
    } else if (day == 0) {
      date = Date{date.year, month, 0, DatePrecision::kMonth};
    }
    if (absl::Status status = ValidateDate(date); !status.ok()) {
      return sink.Reject(Name(day_, "iday"), "INVALID_DATE",
                         std::string(status.message()),
                         absl::StrCat(date.year, "-", month, "-", day));
    }
    return true;
  }

  bool Parse(Fields fields, RowSink& sink, Incident& incident) const {
    const absl::string_view id = Cell(fields, id_);
    if (!RequireCell(Name(id_, "eventid"), id, sink)) return false;
    incident.provenance.source_system = kGtdSourceSystem;
    incident.provenance.source_record_id = std::string(id);

    const std::string country_field = Name(country_, "country_txt");
    const absl::string_view country = Cell(fields, country_);
    if (!RequireCell(country_field, country, sink)) return false;
    std::optional<std::string> country_code = CountryCodeFromName(country);
    if (!country_code.has_value()) {
      return sink.Reject(country_field, "UNKNOWN_COUNTRY",
                         absl::StrCat(country_field, " \"", country,
                                      "\" is not a known country name"),
                         country);
    }
    if (!CountrySelected(country_field, *country_code, sink)) return false;
    incident.location.country_code = *std::move(country_code);

    for (const std::optional<size_t>& column : nationalities_) {
      std::optional<std::string> code =
          CountryCodeFromName(Cell(fields, column));
      if (code.has_value() &&
          std::find(incident.victim_nationality_codes.begin(),
                    incident.victim_nationality_codes.end(),
                    *code) == incident.victim_nationality_codes.end()) {
        incident.victim_nationality_codes.push_back(*std::move(code));
      }
    }
    const std::string& partner = RecordedPartner();
    const bool partner_victims =
        !partner.empty() &&
        std::find(incident.victim_nationality_codes.begin(),
                  incident.victim_nationality_codes.end(),
                  partner) != incident.victim_nationality_codes.end();
    if (!options().partner_filter_code.empty() && !partner_victims) {
      return sink.Filter(
          Name(nationalities_[0], "natlty1_txt"), "NATIONALITY_NOT_SELECTED",
          absl::StrCat("no victim nationality (natlty1_txt..natlty3_txt) is ",
                       partner),
          Cell(fields, nationalities_[0]));
    }
    incident.partner_country_code = partner;

    if (!ParseDateCells(fields, sink, incident.date)) return false;
    incident.notes = std::string(Cell(fields, summary_));
    if (const absl::string_view approx = Cell(fields, approxdate_);
        !approx.empty()) {
      incident.notes = WithRemark(std::move(incident.notes),
                                  absl::StrCat("GTD approxdate: ", approx));
    }

    incident.location.province = std::string(Cell(fields, provstate_));
    incident.location.place = std::string(Cell(fields, city_));
    if (!ParseCoordinateCell(Name(latitude_, "latitude"),
                             Cell(fields, latitude_), 90, sink,
                             incident.location.latitude) ||
        !ParseCoordinateCell(Name(longitude_, "longitude"),
                             Cell(fields, longitude_), 180, sink,
                             incident.location.longitude)) {
      return false;
    }
    if (const absl::string_view text = Cell(fields, specificity_);
        !text.empty()) {
      const std::optional<int64_t> level = ParseInteger(text, true);
      if (!level.has_value() || *level < 1 || *level > 5) {
        const std::string field = Name(specificity_, "specificity");
        return sink.Reject(field, "INVALID_ENUM",
                           absl::StrCat(field, " is not 1..5"), text);
      }
      incident.location.precision =
          *level == 1   ? Location::Precision::kPlace
          : *level <= 3 ? Location::Precision::kDistrict
          : *level == 4 ? Location::Precision::kProvince
                        : Location::Precision::kCountry;
    }

    bool suicide = false;
    bool claimed = false;
    if (!Flag(fields, suicide_, "suicide", sink, suicide) ||
        !Flag(fields, claimed_, "claimed", sink, claimed)) {
      return false;
    }
    std::string attack_text(Cell(fields, attack_type_));
    if (attack_text.empty()) {
      const std::optional<int64_t> code =
          ParseInteger(Cell(fields, attack_code_), true);
      if (code.has_value() && *code >= 1 &&
          *code < static_cast<int64_t>(std::size(kGtdAttackTypes))) {
        attack_text = std::string(kGtdAttackTypes[*code]);
      }
    }
    incident.attack_type = GtdAttackType(attack_text, suicide);
    incident.source_event_type = attack_text;
    incident.attack_description = attack_text;

    incident.target_category =
        GtdTargetCategory(Cell(fields, target_type_), partner_victims);
    const absl::string_view corp = Cell(fields, corp_);
    const absl::string_view target = Cell(fields, target_);
    const bool corp_known =
        !corp.empty() && !absl::EqualsIgnoreCase(corp, "Unknown");
    incident.target_description =
        corp_known && !target.empty() && corp != target
            ? absl::StrCat(corp, ": ", target)
            : std::string(target.empty() && corp_known ? corp : target);

    const absl::string_view gname = Cell(fields, gname_);
    if (!gname.empty() && !absl::EqualsIgnoreCase(gname, "Unknown")) {
      incident.attributed_to = std::string(gname);
      if (claimed) incident.claimed_by = std::string(gname);
    }

    std::optional<int> nkill, nkillter, nwound, nwoundte, nkillus, nwoundus;
    if (!Count(fields, nkill_, "nkill", sink, nkill) ||
        !Count(fields, nkillter_, "nkillter", sink, nkillter) ||
        !Count(fields, nwound_, "nwound", sink, nwound) ||
        !Count(fields, nwoundte_, "nwoundte", sink, nwoundte) ||
        !Count(fields, nkillus_, "nkillus", sink, nkillus) ||
        !Count(fields, nwoundus_, "nwoundus", sink, nwoundus)) {
      return false;
    }
    if (nkill.has_value() && nkillter.has_value() && *nkillter > *nkill) {
      const std::string field = Name(nkillter_, "nkillter");
      return sink.Reject(
          field, "INVALID_VALUE",
          absl::StrCat(field, " ", *nkillter, " exceeds nkill ", *nkill),
          Cell(fields, nkillter_));
    }
    if (nwound.has_value() && nwoundte.has_value() && *nwoundte > *nwound) {
      const std::string field = Name(nwoundte_, "nwoundte");
      return sink.Reject(
          field, "INVALID_VALUE",
          absl::StrCat(field, " ", *nwoundte, " exceeds nwound ", *nwound),
          Cell(fields, nwoundte_));
    }
    if (nkill.has_value()) {
      incident.fatalities_total = *nkill - nkillter.value_or(0);
      if (!nkillter.has_value()) {
        incident.notes = WithRemark(
            std::move(incident.notes),
            "GTD nkill may include perpetrators: nkillter not given");
      }
    }
    incident.fatalities_perpetrators = nkillter;
    if (nwound.has_value()) {
      incident.injured_total = *nwound - nwoundte.value_or(0);
    }
    if (partner == "USA") {
      incident.fatalities_partner_nationals = nkillus;
      incident.injured_partner_nationals = nwoundus;
    }

    incident.sources.push_back(
        DatasetSource(kGtdCitation, kGtdUrl, kGtdSourceSystem, id));
    for (const std::optional<size_t>& column : citations_) {
      const absl::string_view citation = Cell(fields, column);
      if (citation.empty()) continue;
      SourceRef source;
      source.citation = std::string(citation);
      source.source_system = kGtdSourceSystem;
      incident.sources.push_back(std::move(source));
    }
    return true;
  }

  Columns columns_;
  std::optional<size_t> id_, year_, month_, day_, approxdate_, country_,
      provstate_, city_, latitude_, longitude_, specificity_, summary_,
      suicide_, attack_type_, attack_code_, target_type_, corp_, target_,
      gname_, claimed_, nkill_, nkillus_, nkillter_, nwound_, nwoundus_,
      nwoundte_;
  std::optional<size_t> nationalities_[3];
  std::optional<size_t> citations_[3];
};

}  // namespace

const FormatEntry kGtdFormat = {
    IncidentFileFormat::kGtd, "GTD", &FormatEntry::Make<GtdParser>,
    "GTD columns eventid, iyear, imonth, iday, country_txt, with "
    "provstate, city, latitude, longitude, attacktype1_txt, "
    "targtype1_txt, target1, natlty1_txt, gname, nkill, nkillter, "
    "nwound, summary"};

}  // namespace importers_internal

}  // namespace dyadscope::security_risk
