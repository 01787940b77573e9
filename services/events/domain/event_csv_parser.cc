#include "services/events/domain/event_csv_parser.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
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
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/country_codes.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/events/domain/cameo.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {
namespace {

constexpr size_t kMaxValueBytes = 200;

// The columns, in README order; the enumerators index positions_.
enum Column : size_t {
  kSourceRecordId,
  kSourceSystem,
  kDate,
  kDatePrecision,
  kActor1Country,
  kActor2Country,
  kActor1Type,
  kActor2Type,
  kActor1Name,
  kActor2Name,
  kCameoCode,
  kGoldstein,
  kDomain,
  kLocationCountry,
  kProvince,
  kDistrict,
  kPlace,
  kLatitude,
  kLongitude,
  kTitle,
  kText,
  kTags,
  kMentionWeight,
  kFatalities,
  kAmountUsd,
  kSource1Citation,
  kSource1Url,
  kSource2Citation,
  kSource2Url,
  kSource3Citation,
  kSource3Url,
  kNotes,
  kColumnCount,
};

constexpr absl::string_view kColumnNames[] = {
    "source_record_id",
    "source_system",
    "date",
    "date_precision",
    "actor1_country",
    "actor2_country",
    "actor1_type",
    "actor2_type",
    "actor1_name",
    "actor2_name",
    "cameo_code",
    "goldstein",
    "domain",
    "location_country",
    "province",
    "district",
    "place",
    "latitude",
    "longitude",
    "title",
    "text",
    "tags",
    "mention_weight",
    "fatalities",
    "amount_usd",
    "source_1_citation",
    "source_1_url",
    "source_2_citation",
    "source_2_url",
    "source_3_citation",
    "source_3_url",
    "notes",
};
static_assert(std::size(kColumnNames) == kColumnCount);

constexpr size_t kRequiredColumns[] = {kSourceRecordId, kDate, kActor1Country,
                                       kActor2Country, kCameoCode};

using csv::IsUpperSnakeCase;

// Levenshtein distance, for "did you mean" hints on misspelt columns.
size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string UnknownColumnDescription(absl::string_view name) {
  std::string description = absl::StrCat("unknown column \"", name, "\"");
  absl::string_view best;
  size_t best_distance = 3;  // suggest only close matches
  for (absl::string_view known : kColumnNames) {
    const size_t distance = EditDistance(name, known);
    if (distance < best_distance) {
      best_distance = distance;
      best = known;
    }
  }
  if (!best.empty()) {
    absl::StrAppend(&description, " (did you mean \"", best, "\"?)");
  }
  return description;
}

// Parses one data row, remembering the first rejection. Each Parse* method
// returns false after recording a rejection.
class RowParser {
 public:
  RowParser(absl::Span<const absl::string_view> fields,
            const std::array<std::optional<size_t>, kColumnCount>& positions)
      : fields_(fields), positions_(positions) {}

  EventRowResult Parse() {
    Event event;
    if (!ParseInto(event)) return std::move(*rejection_);
    return event;
  }

 private:
  // The stripped value of `column`, empty when the file lacks the column.
  absl::string_view Get(Column column) const {
    const std::optional<size_t>& position = positions_[column];
    if (!position.has_value()) return absl::string_view();
    return absl::StripAsciiWhitespace(fields_[*position]);
  }

  bool Reject(Column column, absl::string_view reason_code, std::string reason,
              absl::string_view value) {
    rejection_ = RowRejection{std::string(kColumnNames[column]),
                              std::string(reason_code), std::move(reason),
                              csv::TruncateUtf8(value, kMaxValueBytes)};
    return false;
  }

  bool Required(Column column,
                absl::string_view reason_code = "MISSING_VALUE") {
    if (!Get(column).empty()) return true;
    return Reject(column, reason_code,
                  absl::StrCat(kColumnNames[column], " is empty"), "");
  }

  bool ParseInto(Event& event) {
    if (!Required(kSourceRecordId)) return false;
    event.provenance.source_record_id = std::string(Get(kSourceRecordId));
    const absl::string_view system = Get(kSourceSystem);
    if (!system.empty() && !IsUpperSnakeCase(system)) {
      return Reject(kSourceSystem, "INVALID_VALUE",
                    "source_system is not UPPER_SNAKE_CASE", system);
    }
    event.provenance.source_system =
        std::string(system.empty() ? kCuratedSourceSystem : system);

    if (!ParseDateColumns(event.date)) return false;
    if (!ParseActor(kActor1Country, kActor1Type, kActor1Name, event.actor1) ||
        !ParseActor(kActor2Country, kActor2Type, kActor2Name, event.actor2)) {
      return false;
    }
    if (!ParseCameo(event)) return false;
    if (!ParseLocation(event.location)) return false;

    event.title = std::string(Get(kTitle));
    event.text = std::string(Get(kText));
    for (absl::string_view tag : absl::StrSplit(Get(kTags), ';')) {
      tag = absl::StripAsciiWhitespace(tag);
      if (!tag.empty()) event.tags.emplace_back(tag);
    }
    event.notes = std::string(Get(kNotes));

    std::optional<double> weight;
    if (!ParseNumber(kMentionWeight, weight)) return false;
    if (weight.has_value() && *weight <= 0) {
      return Reject(kMentionWeight, "OUT_OF_RANGE",
                    "mention_weight is not positive", Get(kMentionWeight));
    }
    event.mention_weight = weight.value_or(1.0);

    if (!ParseFatalities(event.fatalities)) return false;
    if (!ParseNumber(kAmountUsd, event.amount_usd)) return false;
    if (event.amount_usd.has_value() && *event.amount_usd < 0) {
      return Reject(kAmountUsd, "OUT_OF_RANGE", "amount_usd is negative",
                    Get(kAmountUsd));
    }
    return ParseSources(event.sources);
  }

  bool ParseDateColumns(Date& date) {
    if (!Required(kDate)) return false;
    const absl::string_view precision = Get(kDatePrecision);
    const std::string hint = absl::AsciiStrToLower(precision);
    if (!hint.empty() && hint != "day" && hint != "month" && hint != "year") {
      return Reject(kDatePrecision, "INVALID_ENUM",
                    "date_precision is not day, month or year", precision);
    }
    absl::StatusOr<Date> parsed = ParseDate(Get(kDate), hint);
    if (!parsed.ok()) {
      return Reject(kDate, "INVALID_DATE",
                    std::string(parsed.status().message()), Get(kDate));
    }
    date = *parsed;
    return true;
  }

  bool ParseActor(Column country_column, Column type_column, Column name_column,
                  Actor& actor) {
    if (!Required(country_column, "MISSING_ACTOR_COUNTRY")) return false;
    if (!ParseCountry(country_column, actor.country_code)) return false;
    const absl::string_view type = Get(type_column);
    if (!type.empty()) {
      std::optional<ActorType> parsed = ActorTypeFromCsvWord(type);
      if (!parsed.has_value()) {
        return Reject(type_column, "INVALID_ENUM",
                      absl::StrCat(kColumnNames[type_column],
                                   " is not a documented actor type"),
                      type);
      }
      actor.type = *parsed;
    }
    actor.name = std::string(Get(name_column));
    return true;
  }

  // An ISO alpha-3 code, upper-cased; empty stays empty.
  bool ParseCountry(Column column, std::string& out) {
    const absl::string_view text = Get(column);
    if (text.empty()) return true;
    std::string code = absl::AsciiStrToUpper(text);
    if (!IsKnownIso3(code)) {
      return Reject(column, "UNKNOWN_COUNTRY_CODE",
                    absl::StrCat(kColumnNames[column], " \"", text,
                                 "\" is not an ISO 3166-1 alpha-3 code"),
                    text);
    }
    out = std::move(code);
    return true;
  }

  bool ParseCameo(Event& event) {
    if (!Required(kCameoCode)) return false;
    const absl::string_view code = Get(kCameoCode);
    std::optional<cameo::CameoCode> cameo_code = cameo::Lookup(code);
    if (!cameo_code.has_value()) {
      return Reject(kCameoCode, "UNKNOWN_CAMEO_CODE",
                    absl::StrCat("\"", code,
                                 "\" is not a CAMEO event code (2-4 digits, "
                                 "leading zeros kept)"),
                    code);
    }
    event.cameo_code = cameo_code->code;
    event.cameo_root_code = cameo_code->root_code;
    event.quad_class = cameo_code->quad_class;

    std::optional<double> goldstein;
    if (!ParseNumber(kGoldstein, goldstein)) return false;
    if (goldstein.has_value() && (*goldstein < -10 || *goldstein > 10)) {
      return Reject(kGoldstein, "OUT_OF_RANGE", "goldstein is outside -10..10",
                    Get(kGoldstein));
    }
    event.goldstein = goldstein.value_or(cameo_code->goldstein);

    const absl::string_view domain = Get(kDomain);
    if (domain.empty()) {
      event.domain = cameo::DomainForCameoCode(code);
    } else {
      std::optional<Domain> parsed = DomainFromCsvWord(domain);
      if (!parsed.has_value()) {
        return Reject(kDomain, "INVALID_ENUM",
                      "domain is not diplomatic, economic, security or "
                      "socio_cultural",
                      domain);
      }
      event.domain = *parsed;
    }
    return true;
  }

  bool ParseLocation(Location& location) {
    if (!ParseCountry(kLocationCountry, location.country_code)) return false;
    location.province = std::string(Get(kProvince));
    location.district = std::string(Get(kDistrict));
    location.place = std::string(Get(kPlace));
    if (!location.place.empty()) {
      location.precision = Location::Precision::kPlace;
    } else if (!location.district.empty()) {
      location.precision = Location::Precision::kDistrict;
    } else if (!location.province.empty()) {
      location.precision = Location::Precision::kProvince;
    } else if (!location.country_code.empty()) {
      location.precision = Location::Precision::kCountry;
    }
    if (!ParseNumber(kLatitude, location.latitude) ||
        !ParseNumber(kLongitude, location.longitude)) {
      return false;
    }
    if (location.latitude.has_value() &&
        (*location.latitude < -90 || *location.latitude > 90)) {
      return Reject(kLatitude, "OUT_OF_RANGE", "latitude is outside -90..90",
                    Get(kLatitude));
    }
    if (location.longitude.has_value() &&
        (*location.longitude < -180 || *location.longitude > 180)) {
      return Reject(kLongitude, "OUT_OF_RANGE",
                    "longitude is outside -180..180", Get(kLongitude));
    }
    if (location.latitude.has_value() != location.longitude.has_value()) {
      const Column missing =
          location.latitude.has_value() ? kLongitude : kLatitude;
      return Reject(missing, "MISSING_VALUE",
                    "latitude and longitude go together", "");
    }
    return true;
  }

  // A finite decimal number; empty leaves `out` absent.
  bool ParseNumber(Column column, std::optional<double>& out) {
    const absl::string_view text = Get(column);
    if (text.empty()) return true;
    double value = 0;
    if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
      return Reject(column, "INVALID_NUMBER",
                    absl::StrCat(kColumnNames[column], " is not a number"),
                    text);
    }
    out = value;
    return true;
  }

  bool ParseFatalities(std::optional<int>& out) {
    const absl::string_view text = Get(kFatalities);
    if (text.empty()) return true;
    int value = 0;
    if (!absl::SimpleAtoi(text, &value)) {
      return Reject(kFatalities, "INVALID_NUMBER",
                    "fatalities is not an integer", text);
    }
    if (value < 0) {
      return Reject(kFatalities, "OUT_OF_RANGE", "fatalities is negative",
                    text);
    }
    out = value;
    return true;
  }

  bool ParseSources(std::vector<SourceRef>& sources) {
    constexpr csv::SourceColumns<Column> kSourceColumns[] = {
        {kSource1Citation, kSource1Url},
        {kSource2Citation, kSource2Url},
        {kSource3Citation, kSource3Url}};
    if (!csv::ReadSourceCells<Column>(
            kSourceColumns, kColumnNames, /*source_system=*/"",
            [this](Column column) { return Get(column); },
            [this](Column column, absl::string_view code, std::string reason,
                   absl::string_view value) {
              return Reject(column, code, std::move(reason), value);
            },
            sources)) {
      return false;
    }
    if (sources.empty()) {
      return Reject(kSource1Citation, "MISSING_SOURCE",
                    "at least one source citation or URL is required", "");
    }
    return true;
  }

  const absl::Span<const absl::string_view> fields_;
  const std::array<std::optional<size_t>, kColumnCount>& positions_;
  std::optional<RowRejection> rejection_;
};

}  // namespace

const std::vector<std::string>& EventCsvColumns() {
  static const auto* const columns = new std::vector<std::string>(
      std::begin(kColumnNames), std::end(kColumnNames));
  return *columns;
}

std::optional<ActorType> ActorTypeFromCsvWord(absl::string_view word) {
  return FromWord<ActorType>(word);
}

std::optional<Domain> DomainFromCsvWord(absl::string_view word) {
  return FromWord<Domain>(word);
}

absl::StatusOr<EventCsvParser> EventCsvParser::Create(
    absl::Span<const absl::string_view> header) {
  static_assert(kColumns == kColumnCount);
  EventCsvParser parser;
  parser.column_count_ = header.size();
  csv::HeaderProblems problems;
  csv::MatchNamedHeader(header, kColumnNames, kRequiredColumns,
                        absl::MakeSpan(parser.positions_), problems,
                        &UnknownColumnDescription);
  bool any_source = false;
  for (size_t column = kSource1Citation; column <= kSource3Url; ++column) {
    any_source = any_source || parser.positions_[column].has_value();
  }
  if (!any_source) {
    problems.Add(kColumnNames[kSource1Url],
                 "no source column (source_1_citation or source_1_url ...): "
                 "every event needs a source",
                 "MISSING_COLUMN");
  }
  if (!problems.empty()) return problems.ToStatus();
  return parser;
}

absl::StatusOr<EventCsvParser> EventCsvParser::Create(
    const std::vector<std::string>& header) {
  std::vector<absl::string_view> views(header.begin(), header.end());
  return Create(views);
}

EventRowResult EventCsvParser::ParseRow(
    absl::Span<const absl::string_view> fields) const {
  if (fields.size() != column_count_) {
    return RowRejection{"row", "WRONG_COLUMN_COUNT",
                        absl::StrCat("expected ", column_count_,
                                     " columns, found ", fields.size()),
                        fields.empty()
                            ? std::string()
                            : csv::TruncateUtf8(fields[0], kMaxValueBytes)};
  }
  return RowParser(fields, positions_).Parse();
}

EventRowResult EventCsvParser::ParseRow(
    const std::vector<std::string>& fields) const {
  std::vector<absl::string_view> views(fields.begin(), fields.end());
  return ParseRow(views);
}

}  // namespace dyadscope::events
