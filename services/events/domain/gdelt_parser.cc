#include "services/events/domain/gdelt_parser.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/csv/tabular.h"
#include "common/types/country_codes.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/events/domain/cameo.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {
namespace {

constexpr size_t kMaxValueBytes = 200;

// Columns 1-35 (0-based 0-34) are the same in both layouts.
constexpr size_t kGlobalEventId = 0;
constexpr size_t kSqlDate = 1;
constexpr size_t kActor1Code = 5;
constexpr size_t kActor2Code = 15;
// Offsets within an actor block (Actor1Code ... Actor1Type3Code).
constexpr size_t kActorName = 1;
constexpr size_t kActorCountryCode = 2;
constexpr size_t kActorType1Code = 7;
constexpr size_t kIsRootEvent = 25;
constexpr size_t kEventCode = 26;
constexpr size_t kEventRootCode = 28;
constexpr size_t kQuadClass = 29;
constexpr size_t kGoldsteinScale = 30;
constexpr size_t kNumMentions = 31;
constexpr size_t kNumSources = 32;
constexpr size_t kNumArticles = 33;
constexpr size_t kAvgTone = 34;
constexpr size_t kFirstGeo = 35;

// Where the version-dependent columns are.
struct Layout {
  size_t geo_block_size;  // 7 in 1.0, 8 in 2.0 (with ADM2Code)
  bool has_adm2;
  size_t date_added;
  size_t source_url;         // may be past the end for 57-column 1.0 rows
  size_t date_added_digits;  // 8 (YYYYMMDD) or 14 (YYYYMMDDHHMMSS)
  absl::string_view source_system;
  absl::string_view citation_prefix;
};

constexpr Layout kLayoutV1 = {
    7, false, 56, 57, 8, kGdelt1SourceSystem, "GDELT 1.0 event "};
constexpr Layout kLayoutV2 = {
    8, true, 59, 60, 14, kGdelt2SourceSystem, "GDELT 2.0 event "};

using csv::AllDigits;

// Parses one record, remembering the first rejection. Each Parse* method
// returns false after recording a rejection.
class GdeltRowParser {
 public:
  GdeltRowParser(absl::Span<const absl::string_view> fields,
                 const Layout& layout)
      : fields_(fields), layout_(layout) {}

  EventRowResult Parse() {
    Event event;
    if (!ParseInto(event)) return std::move(*rejection_);
    return event;
  }

 private:
  bool Reject(absl::string_view column, absl::string_view reason_code,
              std::string reason, absl::string_view value) {
    rejection_ = RowRejection{std::string(column), std::string(reason_code),
                              std::move(reason),
                              csv::TruncateUtf8(value, kMaxValueBytes)};
    return false;
  }

  bool ParseInto(Event& event) {
    const absl::string_view id = fields_[kGlobalEventId];
    if (id.empty()) {
      return Reject("GLOBALEVENTID", "MISSING_VALUE", "GLOBALEVENTID is empty",
                    id);
    }
    if (!AllDigits(id)) {
      return Reject("GLOBALEVENTID", "INVALID_NUMBER",
                    "GLOBALEVENTID is not a non-negative integer", id);
    }
    event.provenance.source_system = std::string(layout_.source_system);
    event.provenance.source_record_id = std::string(id);

    const absl::string_view sql_date = fields_[kSqlDate];
    if (sql_date.empty()) {
      return Reject("SQLDATE", "MISSING_VALUE", "SQLDATE is empty", sql_date);
    }
    if (sql_date.size() != 8 || !AllDigits(sql_date)) {
      return Reject("SQLDATE", "INVALID_DATE", "SQLDATE is not YYYYMMDD",
                    sql_date);
    }
    absl::StatusOr<Date> date = ParseDate(sql_date);
    if (!date.ok()) {
      return Reject("SQLDATE", "INVALID_DATE",
                    std::string(date.status().message()), sql_date);
    }
    event.date = *date;

    if (!ParseActor(kActor1Code, "Actor1", event.actor1) ||
        !ParseActor(kActor2Code, "Actor2", event.actor2)) {
      return false;
    }

    if (!ParseEventCodes(event)) return false;

    GdeltAttributes gdelt;
    const absl::string_view is_root = fields_[kIsRootEvent];
    if (is_root == "1") {
      gdelt.is_root_event = true;
    } else if (!is_root.empty() && is_root != "0") {
      return Reject("IsRootEvent", "INVALID_NUMBER",
                    "IsRootEvent is not 0 or 1", is_root);
    }
    std::optional<int64_t> mentions;
    std::optional<int64_t> sources;
    std::optional<int64_t> articles;
    if (!ParseCount(kNumMentions, "NumMentions", mentions) ||
        !ParseCount(kNumSources, "NumSources", sources) ||
        !ParseCount(kNumArticles, "NumArticles", articles) ||
        !ParseDouble(kAvgTone, "AvgTone", gdelt.avg_tone)) {
      return false;
    }
    gdelt.num_mentions = mentions.value_or(0);
    gdelt.num_sources = sources.value_or(0);
    gdelt.num_articles = articles.value_or(0);
    if (mentions.has_value() && *mentions > 0) {
      event.mention_weight = static_cast<double>(*mentions);
    }

    const size_t geo = layout_.geo_block_size;
    if (!ParseGeo(kFirstGeo, "Actor1Geo", gdelt.actor1_location) ||
        !ParseGeo(kFirstGeo + geo, "Actor2Geo", gdelt.actor2_location) ||
        !ParseGeo(kFirstGeo + 2 * geo, "ActionGeo", event.location)) {
      return false;
    }

    if (!ParseDateAdded(gdelt.date_added)) return false;
    event.provenance.source_update_time = gdelt.date_added;

    if (layout_.source_url < fields_.size()) {
      gdelt.source_url = std::string(fields_[layout_.source_url]);
    }
    SourceRef source;
    source.citation = absl::StrCat(layout_.citation_prefix, id);
    source.url = gdelt.source_url;
    source.source_system = std::string(layout_.source_system);
    source.locator = std::string(id);
    event.sources.push_back(std::move(source));
    event.gdelt = std::move(gdelt);
    return true;
  }

  bool ParseActor(size_t first, absl::string_view prefix, Actor& actor) {
    const std::string column = absl::StrCat(prefix, "CountryCode");
    const absl::string_view country = fields_[first + kActorCountryCode];
    if (country.empty()) {
      return Reject(column, "MISSING_ACTOR_COUNTRY",
                    absl::StrCat(column, " is empty"), country);
    }
    if (IsCameoRegionCode(country)) {
      return Reject(
          column, "MISSING_ACTOR_COUNTRY",
          absl::StrCat(column, " \"", country, "\" is a region, not a country"),
          country);
    }
    std::optional<std::string> iso3 = CameoCountryToIso3(country);
    if (!iso3.has_value()) {
      return Reject(column, "UNKNOWN_COUNTRY_CODE",
                    absl::StrCat(column, " \"", country,
                                 "\" is not a known CAMEO country code"),
                    country);
    }
    actor.country_code = *std::move(iso3);
    actor.cameo_actor_code = std::string(fields_[first]);
    actor.name = std::string(fields_[first + kActorName]);
    actor.type = ActorTypeForGdeltTypeCode(fields_[first + kActorType1Code]);
    return true;
  }

  bool ParseEventCodes(Event& event) {
    const absl::string_view code = fields_[kEventCode];
    if (code.empty()) {
      return Reject("EventCode", "MISSING_VALUE", "EventCode is empty", code);
    }
    std::optional<cameo::CameoCode> cameo_code = cameo::Lookup(code);
    if (!cameo_code.has_value()) {
      return Reject("EventCode", "UNKNOWN_CAMEO_CODE",
                    absl::StrCat("\"", code, "\" is not a CAMEO event code"),
                    code);
    }
    const absl::string_view root = fields_[kEventRootCode];
    if (!root.empty() && root != cameo_code->root_code) {
      return Reject("EventRootCode", "ROOT_CODE_MISMATCH",
                    absl::StrCat("EventRootCode \"", root,
                                 "\" is not the root of EventCode \"", code,
                                 "\" (", cameo_code->root_code, ")"),
                    root);
    }
    const absl::string_view quad_text = fields_[kQuadClass];
    if (!quad_text.empty()) {
      int quad = 0;
      if (!absl::SimpleAtoi(quad_text, &quad)) {
        return Reject("QuadClass", "INVALID_NUMBER",
                      "QuadClass is not an integer", quad_text);
      }
      if (quad != static_cast<int>(cameo_code->quad_class)) {
        return Reject(
            "QuadClass", "QUADCLASS_MISMATCH",
            absl::StrCat("QuadClass ", quad, " disagrees with root ",
                         cameo_code->root_code, " (QuadClass ",
                         static_cast<int>(cameo_code->quad_class), ")"),
            quad_text);
      }
    }
    event.cameo_code = cameo_code->code;
    event.cameo_root_code = cameo_code->root_code;
    event.quad_class = cameo_code->quad_class;
    event.domain = cameo::DomainForCameoCode(code);

    std::optional<double> goldstein;
    if (!ParseDouble(kGoldsteinScale, "GoldsteinScale", goldstein)) {
      return false;
    }
    if (goldstein.has_value() && (*goldstein < -10 || *goldstein > 10)) {
      return Reject("GoldsteinScale", "OUT_OF_RANGE",
                    "GoldsteinScale is outside -10..10",
                    fields_[kGoldsteinScale]);
    }
    event.goldstein =
        goldstein.has_value() ? *goldstein : cameo_code->goldstein;
    return true;
  }

  // A non-negative integer; empty leaves `out` absent.
  bool ParseCount(size_t index, absl::string_view column,
                  std::optional<int64_t>& out) {
    const absl::string_view text = fields_[index];
    if (text.empty()) return true;
    int64_t value = 0;
    if (!AllDigits(text) || !absl::SimpleAtoi(text, &value)) {
      return Reject(column, "INVALID_NUMBER",
                    absl::StrCat(column, " is not a non-negative integer"),
                    text);
    }
    out = value;
    return true;
  }

  // A finite decimal number; empty leaves `out` absent.
  bool ParseDouble(size_t index, absl::string_view column,
                   std::optional<double>& out) {
    const absl::string_view text = fields_[index];
    if (text.empty()) return true;
    double value = 0;
    if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
      return Reject(column, "INVALID_NUMBER",
                    absl::StrCat(column, " is not a number"), text);
    }
    out = value;
    return true;
  }

  // One geography block: Type, FullName, CountryCode, ADM1Code, [ADM2Code,]
  // Lat, Long, FeatureID.
  bool ParseGeo(size_t first, absl::string_view prefix, Location& location) {
    size_t i = first;
    const size_t type_index = i++;
    const absl::string_view full_name = fields_[i++];
    const absl::string_view country = fields_[i++];
    const absl::string_view adm1 = fields_[i++];
    if (layout_.has_adm2) ++i;
    const size_t lat_index = i++;
    const size_t long_index = i++;

    const std::string type_column = absl::StrCat(prefix, "_Type");
    const absl::string_view type_text = fields_[type_index];
    int type = 0;
    if (!type_text.empty()) {
      if (!AllDigits(type_text) || !absl::SimpleAtoi(type_text, &type)) {
        return Reject(type_column, "INVALID_NUMBER",
                      absl::StrCat(type_column, " is not an integer"),
                      type_text);
      }
      if (type > 5) {
        return Reject(type_column, "OUT_OF_RANGE",
                      absl::StrCat(type_column, " is not between 0 and 5"),
                      type_text);
      }
    }
    const std::string lat_column = absl::StrCat(prefix, "_Lat");
    const std::string long_column = absl::StrCat(prefix, "_Long");
    if (!ParseDouble(lat_index, lat_column, location.latitude) ||
        !ParseDouble(long_index, long_column, location.longitude)) {
      return false;
    }
    if (location.latitude.has_value() &&
        (*location.latitude < -90 || *location.latitude > 90)) {
      return Reject(lat_column, "OUT_OF_RANGE",
                    absl::StrCat(lat_column, " is outside -90..90"),
                    fields_[lat_index]);
    }
    if (location.longitude.has_value() &&
        (*location.longitude < -180 || *location.longitude > 180)) {
      return Reject(long_column, "OUT_OF_RANGE",
                    absl::StrCat(long_column, " is outside -180..180"),
                    fields_[long_index]);
    }
    // A FIPS code without an ISO country (an ocean, a disputed reef) leaves
    // the country empty: the event itself is still good.
    location.country_code = FipsToIso3(country).value_or("");
    location.precision = LocationPrecisionForGdeltGeoType(type);
    location.place = std::string(full_name);
    if (location.precision == Location::Precision::kProvince) {
      std::vector<absl::string_view> parts = absl::StrSplit(full_name, ',');
      location.province = std::string(absl::StripAsciiWhitespace(parts[0]));
    }
    location.source_place_id = std::string(adm1);
    return true;
  }

  bool ParseDateAdded(std::optional<absl::Time>& out) {
    if (layout_.date_added >= fields_.size()) return true;
    const absl::string_view text = fields_[layout_.date_added];
    if (text.empty()) return true;
    const size_t digits = layout_.date_added_digits;
    const char* expected = digits == 8 ? "DATEADDED is not YYYYMMDD"
                                       : "DATEADDED is not YYYYMMDDHHMMSS";
    if (text.size() != digits || !AllDigits(text)) {
      return Reject("DATEADDED", "INVALID_DATE", expected, text);
    }
    int parts[6] = {0, 1, 1, 0, 0, 0};
    const size_t widths[6] = {4, 2, 2, 2, 2, 2};
    size_t offset = 0;
    for (int k = 0; k < 6 && offset < digits; ++k) {
      static_cast<void>(
          absl::SimpleAtoi(text.substr(offset, widths[k]), &parts[k]));
      offset += widths[k];
    }
    const absl::CivilSecond civil(parts[0], parts[1], parts[2], parts[3],
                                  parts[4], parts[5]);
    // CivilSecond normalizes (Feb 30 becomes Mar 2): a real date and time
    // survives unchanged.
    if (civil.year() != parts[0] || civil.month() != parts[1] ||
        civil.day() != parts[2] || civil.hour() != parts[3] ||
        civil.minute() != parts[4] || civil.second() != parts[5]) {
      return Reject("DATEADDED", "INVALID_DATE",
                    "DATEADDED is not a real date and time", text);
    }
    out = absl::FromCivil(civil, absl::UTCTimeZone());
    return true;
  }

  const absl::Span<const absl::string_view> fields_;
  const Layout& layout_;
  std::optional<RowRejection> rejection_;
};

}  // namespace

std::optional<GdeltVersion> GdeltVersionForColumnCount(size_t column_count) {
  switch (column_count) {
    case kGdelt1ColumnCount:
    case kGdelt1ColumnCountWithUrl:
      return GdeltVersion::kV1;
    case kGdelt2ColumnCount:
      return GdeltVersion::kV2;
    default:
      return std::nullopt;
  }
}

EventRowResult ParseGdeltRecord(absl::Span<const absl::string_view> fields,
                                GdeltVersion version) {
  const bool v1 = version == GdeltVersion::kV1;
  const bool count_ok = v1 ? (fields.size() == kGdelt1ColumnCount ||
                              fields.size() == kGdelt1ColumnCountWithUrl)
                           : fields.size() == kGdelt2ColumnCount;
  if (!count_ok) {
    return RowRejection{
        "row", "WRONG_COLUMN_COUNT",
        absl::StrCat("expected ",
                     v1 ? absl::StrCat(kGdelt1ColumnCount, " or ",
                                       kGdelt1ColumnCountWithUrl)
                        : absl::StrCat(kGdelt2ColumnCount),
                     " columns, found ", fields.size()),
        fields.empty() ? std::string()
                       : csv::TruncateUtf8(fields[0], kMaxValueBytes)};
  }
  return GdeltRowParser(fields, v1 ? kLayoutV1 : kLayoutV2).Parse();
}

EventRowResult ParseGdeltLine(absl::string_view line, GdeltVersion version) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
  return ParseGdeltRecord(fields, version);
}

ActorType ActorTypeForGdeltTypeCode(absl::string_view type_code) {
  struct Entry {
    absl::string_view code;
    ActorType type;
  };
  static constexpr Entry kTypes[] = {
      {"GOV", ActorType::kGovernment},
      {"JUD", ActorType::kGovernment},
      {"LEG", ActorType::kGovernment},
      {"SPY", ActorType::kGovernment},
      {"MIL", ActorType::kMilitary},
      {"COP", ActorType::kPolice},
      {"BUS", ActorType::kBusiness},
      {"MNC", ActorType::kBusiness},
      {"AGR", ActorType::kBusiness},
      {"MED", ActorType::kMedia},
      {"REB", ActorType::kMilitant},
      {"INS", ActorType::kMilitant},
      {"SEP", ActorType::kMilitant},
      {"UAF", ActorType::kMilitant},
      {"IMG", ActorType::kMilitant},
      {"OPP", ActorType::kPoliticalOpposition},
      {"CVL", ActorType::kCivilians},
      {"REF", ActorType::kCivilians},
      {"SET", ActorType::kCivilians},
      {"NGO", ActorType::kCivilSociety},
      {"NGM", ActorType::kCivilSociety},
      {"EDU", ActorType::kCivilSociety},
      {"REL", ActorType::kCivilSociety},
      {"LAB", ActorType::kCivilSociety},
      {"HLH", ActorType::kCivilSociety},
      {"HRI", ActorType::kCivilSociety},
      {"ENV", ActorType::kCivilSociety},
      {"DEV", ActorType::kCivilSociety},
  };
  if (type_code.empty()) return ActorType::kUnspecified;
  for (const Entry& entry : kTypes) {
    if (entry.code == type_code) return entry.type;
  }
  return ActorType::kOther;
}

Location::Precision LocationPrecisionForGdeltGeoType(int geo_type) {
  switch (geo_type) {
    case 1:
      return Location::Precision::kCountry;
    case 2:
    case 5:
      return Location::Precision::kProvince;
    case 3:
    case 4:
      return Location::Precision::kPlace;
    default:
      return Location::Precision::kUnspecified;
  }
}

}  // namespace dyadscope::events
