// ACLED exports, current and older column names (IncidentFileFormat::kAcled).

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

constexpr char kAcledCitation[] =
    "Armed Conflict Location & Event Data Project (ACLED)";
constexpr char kAcledUrl[] = "https://acleddata.com/";
// The month a name or abbreviation denotes ("June", "jun", "Sept"), or 0.
int MonthFromName(absl::string_view name) {
  static constexpr absl::string_view kMonths[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i] || lower == kMonths[i].substr(0, 3) ||
        (i == 8 && lower == "sept")) {
      return i + 1;
    }
  }
  return 0;
}

// Parses an ACLED event date to a day: "2022-06-30", "20220630", "30 June
// 2022", "30-Jun-2022", "30/06/2022" (day first, as ACLED writes it),
// "2022/06/30", "June 30, 2022". nullopt unless it is a real date.
std::optional<Date> ParseAcledDate(absl::string_view text) {
  text = Strip(text);
  if (absl::StatusOr<Date> iso = ParseDate(text); iso.ok()) {
    if (iso->precision == DatePrecision::kDay) return *iso;
    return std::nullopt;
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(text, absl::ByAnyChar(" -/,."), absl::SkipEmpty());
  if (parts.size() != 3) return std::nullopt;
  auto number = [](absl::string_view part, size_t max_digits) -> int {
    int value = 0;
    if (!AllDigits(part) || part.size() > max_digits ||
        !absl::SimpleAtoi(part, &value)) {
      return -1;
    }
    return value;
  };
  Date date;
  date.precision = DatePrecision::kDay;
  if (parts[0].size() == 4 && AllDigits(parts[0])) {
    // Year first: 2022/06/30.
    date.year = number(parts[0], 4);
    date.month = number(parts[1], 2);
    date.day = number(parts[2], 2);
  } else if (MonthFromName(parts[0]) != 0) {
    // Month first: June 30, 2022.
    date.month = MonthFromName(parts[0]);
    date.day = number(parts[1], 2);
    date.year = parts[2].size() == 4 ? number(parts[2], 4) : -1;
  } else {
    // Day first: 30 June 2022, 30-Jun-2022, 30/06/2022.
    date.day = number(parts[0], 2);
    date.month = MonthFromName(parts[1]);
    if (date.month == 0) date.month = number(parts[1], 2);
    date.year = parts[2].size() == 4 ? number(parts[2], 4) : -1;
  }
  if (date.year < 0 || date.month < 0 || date.day < 0 ||
      !ValidateDate(date).ok()) {
    return std::nullopt;
  }
  return date;
}

// The host of an http(s) URL without "www.", e.g. "dawn.com".
// ---------------------------------------------------------------------------
// ACLED.

class AcledParser : public ParserBase {
 public:
  AcledParser(const FormatEntry& entry, IncidentParserOptions options)
      : ParserBase(entry, std::move(options)) {
    partner_terms_ = PartnerTermsFor(RecordedPartner());
  }

 protected:
  absl::Status CheckHeader(Fields fields) override {
    columns_ = Columns(fields);
    const Columns& c = columns_;
    id_ = c.Find({"eventidcnty"});
    date_ = c.Find({"eventdate"});
    year_ = c.Find({"year"});
    time_precision_ = c.Find({"timeprecision"});
    event_type_ = c.Find({"eventtype"});
    sub_event_type_ = c.Find({"subeventtype"});
    actor1_ = c.Find({"actor1"});
    actor2_ = c.Find({"actor2"});
    assoc_actor2_ = c.Find({"assocactor2", "allyactor2"});
    iso_ = c.Find({"iso"});
    iso3_ = c.Find({"iso3"});
    country_ = c.Find({"country"});
    admin1_ = c.Find({"admin1"});
    admin2_ = c.Find({"admin2"});
    location_ = c.Find({"location"});
    latitude_ = c.Find({"latitude", "lat"});
    longitude_ = c.Find({"longitude", "lon", "long", "lng"});
    geo_precision_ = c.Find({"geoprecision", "geoprecis"});
    source_ = c.Find({"source", "sources"});
    notes_ = c.Find({"notes"});
    fatalities_ = c.Find({"fatalities"});
    timestamp_ = c.Find({"timestamp"});
    std::vector<std::string> missing;
    if (!id_.has_value()) missing.push_back("event_id_cnty");
    if (!date_.has_value()) missing.push_back("event_date");
    if (!event_type_.has_value()) missing.push_back("event_type");
    if (!country_.has_value() && !iso3_.has_value() && !iso_.has_value()) {
      missing.push_back("country");
    }
    if (!missing.empty()) return MissingColumnsError("ACLED", missing);
    const bool older = c.Find({"allyactor1", "allyactor2", "dataid",
                               "eventidnocnty", "gwno", "iso3", "geoprecis"})
                           .has_value() ||
                       !sub_event_type_.has_value();
    set_layout(older ? "ACLED (older column names)"
                     : "ACLED (current column names)");
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

  // Resolves the country from iso3, country or iso (in that order).
  bool ResolveCountry(Fields fields, RowSink& sink, std::string& field,
                      std::string& code) const {
    const absl::string_view iso3 = Cell(fields, iso3_);
    if (!iso3.empty()) {
      field = Name(iso3_, "iso3");
      code = absl::AsciiStrToUpper(iso3);
      if (IsAcceptedCountryCode(code)) return true;
      return sink.Reject(field, "UNKNOWN_COUNTRY",
                         absl::StrCat(field, " \"", iso3,
                                      "\" is not an ISO 3166-1 alpha-3 code"),
                         iso3);
    }
    const absl::string_view iso = Cell(fields, iso_);
    std::optional<std::string> from_iso;
    if (iso.size() == 3 && !AllDigits(iso)) {
      const std::string upper = absl::AsciiStrToUpper(iso);
      if (IsAcceptedCountryCode(upper)) from_iso = upper;
    } else if (std::optional<int64_t> numeric = ParseInteger(iso, true);
               numeric.has_value() && *numeric >= 0 && *numeric < 1000) {
      from_iso = CountryCodeFromIsoNumeric(static_cast<int>(*numeric));
    }
    const absl::string_view name = Cell(fields, country_);
    if (!name.empty()) {
      field = Name(country_, "country");
      if (std::optional<std::string> found = CountryCodeFromName(name)) {
        code = *std::move(found);
        return true;
      }
      if (from_iso.has_value()) {
        code = *std::move(from_iso);
        return true;
      }
      return sink.Reject(
          field, "UNKNOWN_COUNTRY",
          absl::StrCat(field, " \"", name, "\" is not a known country name"),
          name);
    }
    field = Name(iso_, "iso");
    if (from_iso.has_value()) {
      code = *std::move(from_iso);
      return true;
    }
    if (!iso.empty()) {
      return sink.Reject(
          field, "UNKNOWN_COUNTRY",
          absl::StrCat(field, " ", iso, " is not a known ISO 3166-1 code"),
          iso);
    }
    return RequireCell(Name(country_, "country"), "", sink);
  }

  bool Parse(Fields fields, RowSink& sink, Incident& incident) const {
    const std::string id_field = Name(id_, "event_id_cnty");
    const absl::string_view id = Cell(fields, id_);
    if (!RequireCell(id_field, id, sink)) return false;
    incident.provenance.source_system = kAcledSourceSystem;
    incident.provenance.source_record_id = std::string(id);

    std::string country_field;
    std::string country_code;
    if (!ResolveCountry(fields, sink, country_field, country_code) ||
        !CountrySelected(country_field, country_code, sink)) {
      return false;
    }
    incident.location.country_code = std::move(country_code);

    const std::string& partner = RecordedPartner();
    const std::string actor2_field = Name(actor2_, "actor2");
    std::optional<PartnerMention> mention;
    if (!partner.empty()) {
      // Canonical column names, so that partner_link does not depend on
      // the header's spelling.
      mention =
          FindPartnerMention(partner_terms_,
                             {{"actor2", Cell(fields, actor2_)},
                              {"assoc_actor_2", Cell(fields, assoc_actor2_)}},
                             {"notes", Cell(fields, notes_)});
    }
    if (!options().partner_filter_code.empty() && !mention.has_value()) {
      return sink.Filter(
          actor2_field, "PARTNER_NOT_MENTIONED",
          absl::StrCat("neither actor2, assoc_actor_2 nor notes name ", partner,
                       " nationals"),
          Cell(fields, actor2_));
    }
    incident.partner_country_code = partner;
    if (mention.has_value()) {
      incident.partner_link =
          absl::StrCat("\"", mention->term, "\" in ", mention->column);
      if (mention->in_actor)
        incident.victim_nationality_codes.push_back(partner);
    }

    if (!ParseDateCells(fields, sink, incident)) return false;

    incident.location.province = std::string(Cell(fields, admin1_));
    incident.location.district = std::string(Cell(fields, admin2_));
    incident.location.place = std::string(Cell(fields, location_));
    if (!ParseCoordinateCell(Name(latitude_, "latitude"),
                             Cell(fields, latitude_), 90, sink,
                             incident.location.latitude) ||
        !ParseCoordinateCell(Name(longitude_, "longitude"),
                             Cell(fields, longitude_), 180, sink,
                             incident.location.longitude)) {
      return false;
    }
    const absl::string_view geo = Cell(fields, geo_precision_);
    if (!geo.empty()) {
      const std::optional<int64_t> level = ParseInteger(geo, true);
      if (!level.has_value() || *level < 1 || *level > 3) {
        const std::string field = Name(geo_precision_, "geo_precision");
        return sink.Reject(field, "INVALID_ENUM",
                           absl::StrCat(field, " is not 1, 2 or 3"), geo);
      }
      incident.location.precision = *level == 1 ? Location::Precision::kPlace
                                    : *level == 2
                                        ? Location::Precision::kDistrict
                                        : Location::Precision::kProvince;
    }

    const absl::string_view event_type = Cell(fields, event_type_);
    if (!RequireCell(Name(event_type_, "event_type"), event_type, sink)) {
      return false;
    }
    incident.source_event_type = std::string(event_type);
    incident.source_sub_event_type = std::string(Cell(fields, sub_event_type_));
    incident.attack_type =
        AcledAttackType(event_type, incident.source_sub_event_type);
    incident.attributed_to = std::string(Cell(fields, actor1_));
    const absl::string_view actor2 = Cell(fields, actor2_);
    const absl::string_view assoc2 = Cell(fields, assoc_actor2_);
    incident.target_description = actor2.empty() || assoc2.empty()
                                      ? absl::StrCat(actor2, assoc2)
                                      : absl::StrCat(actor2, "; ", assoc2);

    if (!ParseCountCell(Name(fatalities_, "fatalities"),
                        Cell(fields, fatalities_), /*source_format=*/true,
                        /*gtd_unknown=*/false, sink,
                        incident.fatalities_total)) {
      return false;
    }
    const absl::string_view timestamp = Cell(fields, timestamp_);
    if (!timestamp.empty()) {
      incident.provenance.source_update_time = ParseTimestamp(timestamp);
      if (!incident.provenance.source_update_time.has_value()) {
        const std::string field = Name(timestamp_, "timestamp");
        return sink.Reject(
            field, "INVALID_NUMBER",
            absl::StrCat(field, " is not Unix seconds or a UTC date-time"),
            timestamp);
      }
    }

    incident.sources.push_back(
        DatasetSource(kAcledCitation, kAcledUrl, kAcledSourceSystem, id));
    for (absl::string_view name :
         absl::StrSplit(Cell(fields, source_), ';', absl::SkipWhitespace())) {
      SourceRef source;
      source.citation = std::string(Strip(name));
      source.source_system = kAcledSourceSystem;
      incident.sources.push_back(std::move(source));
    }
    return true;
  }

  // event_date, year and time_precision -> date; time_precision 2 adds a
  // remark to the notes, which this sets.
  bool ParseDateCells(Fields fields, RowSink& sink, Incident& incident) const {
    const std::string date_field = Name(date_, "event_date");
    const absl::string_view date_text = Cell(fields, date_);
    if (!RequireCell(date_field, date_text, sink)) return false;
    std::optional<Date> date = ParseAcledDate(date_text);
    if (!date.has_value()) {
      return sink.Reject(date_field, "INVALID_DATE",
                         absl::StrCat(date_field, " is not a calendar date"),
                         date_text);
    }
    const absl::string_view year = Cell(fields, year_);
    if (!year.empty()) {
      const std::optional<int64_t> parsed = ParseInteger(year, true);
      if (!parsed.has_value() || *parsed != date->year) {
        const std::string field = Name(year_, "year");
        return sink.Reject(
            field, "INVALID_DATE",
            absl::StrCat(field, " does not match ", date_field, " ", date_text),
            year);
      }
    }
    int64_t precision = 1;
    const absl::string_view precision_text = Cell(fields, time_precision_);
    if (!precision_text.empty()) {
      const std::optional<int64_t> parsed = ParseInteger(precision_text, true);
      if (!parsed.has_value() || *parsed < 1 || *parsed > 3) {
        const std::string field = Name(time_precision_, "time_precision");
        return sink.Reject(field, "INVALID_ENUM",
                           absl::StrCat(field, " is not 1, 2 or 3"),
                           precision_text);
      }
      precision = *parsed;
    }
    if (precision == 3) {
      *date = Date{date->year, date->month, 0, DatePrecision::kMonth};
    }
    incident.date = *date;
    incident.notes = std::string(Cell(fields, notes_));
    if (precision == 2) {
      incident.notes = WithRemark(
          std::move(incident.notes),
          "ACLED time_precision 2: the date is known to within a week");
    }
    return true;
  }

  PartnerTerms partner_terms_;
  Columns columns_;
  std::optional<size_t> id_, date_, year_, time_precision_, event_type_,
      sub_event_type_, actor1_, actor2_, assoc_actor2_, iso_, iso3_, country_,
      admin1_, admin2_, location_, latitude_, longitude_, geo_precision_,
      source_, notes_, fatalities_, timestamp_;
};

}  // namespace

const FormatEntry kAcledFormat = {
    IncidentFileFormat::kAcled, "ACLED", &FormatEntry::Make<AcledParser>,
    "ACLED columns event_id_cnty, event_date, event_type and country "
    "(or iso3, iso), with time_precision, sub_event_type, actor1, "
    "actor2, assoc_actor_2, admin1, admin2, location, latitude, "
    "longitude, geo_precision, source, notes, fatalities, timestamp"};

}  // namespace importers_internal

}  // namespace dyadscope::security_risk
