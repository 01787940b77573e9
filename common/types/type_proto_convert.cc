#include "common/types/type_proto_convert.h"

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace dyadscope {
namespace {

bool IsLowerSnake(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<Date> DateFromProto(const type::v1::Date& proto,
                                  absl::string_view field,
                                  FieldViolations& violations) {
  Date date{proto.year(), proto.month(), proto.day(), DatePrecision::kDay};
  switch (proto.precision()) {
    case type::v1::DATE_PRECISION_DAY:
      date.precision = DatePrecision::kDay;
      break;
    case type::v1::DATE_PRECISION_MONTH:
      date.precision = DatePrecision::kMonth;
      break;
    case type::v1::DATE_PRECISION_YEAR:
      date.precision = DatePrecision::kYear;
      break;
    case type::v1::DATE_PRECISION_UNSPECIFIED:
      date.precision = proto.day() != 0     ? DatePrecision::kDay
                       : proto.month() != 0 ? DatePrecision::kMonth
                                            : DatePrecision::kYear;
      break;
    default:
      violations.Add(absl::StrCat(field, ".precision"),
                     absl::StrCat("unknown precision ", proto.precision()));
      return std::nullopt;
  }
  if (absl::Status status = ValidateDate(date); !status.ok()) {
    violations.Add(field, status.message());
    return std::nullopt;
  }
  return date;
}

void DateToProto(const Date& date, type::v1::Date* proto) {
  proto->set_year(date.year);
  proto->set_month(date.month);
  proto->set_day(date.day);
  switch (date.precision) {
    case DatePrecision::kDay:
      proto->set_precision(type::v1::DATE_PRECISION_DAY);
      break;
    case DatePrecision::kMonth:
      proto->set_precision(type::v1::DATE_PRECISION_MONTH);
      break;
    case DatePrecision::kYear:
      proto->set_precision(type::v1::DATE_PRECISION_YEAR);
      break;
  }
}

absl::Time TimeFromProto(const google::protobuf::Timestamp& proto) {
  return absl::FromUnixSeconds(proto.seconds()) +
         absl::Nanoseconds(proto.nanos());
}

void TimeToProto(absl::Time time, google::protobuf::Timestamp* proto) {
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  proto->set_seconds(seconds);
  proto->set_nanos(static_cast<int32_t>(rest * 1000));
}

std::optional<Dyad> DyadFromProto(const type::v1::Dyad& proto,
                                  absl::string_view field,
                                  FieldViolations& violations) {
  bool ok = true;
  if (!LooksLikeIso3(proto.country_a())) {
    violations.Add(absl::StrCat(field, ".country_a"),
                   "must be an ISO 3166-1 alpha-3 code such as \"PAK\"");
    ok = false;
  }
  if (!LooksLikeIso3(proto.country_b())) {
    violations.Add(absl::StrCat(field, ".country_b"),
                   "must be an ISO 3166-1 alpha-3 code such as \"CHN\"");
    ok = false;
  }
  if (ok && proto.country_a() == proto.country_b()) {
    violations.Add(absl::StrCat(field, ".country_b"),
                   "must differ from country_a");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return Dyad{proto.country_a(), proto.country_b(), proto.directed()};
}

void DyadToProto(const Dyad& dyad, type::v1::Dyad* proto) {
  proto->set_country_a(dyad.country_a);
  proto->set_country_b(dyad.country_b);
  proto->set_directed(dyad.directed);
}

std::vector<Period> PeriodsFromProto(
    const google::protobuf::RepeatedPtrField<type::v1::Period>& protos,
    absl::string_view field, FieldViolations& violations) {
  std::vector<Period> periods;
  std::set<std::string> names;
  for (int i = 0; i < protos.size(); ++i) {
    const type::v1::Period& p = protos[i];
    const std::string path = absl::StrCat(field, "[", i, "]");
    bool ok = true;
    if (!IsLowerSnake(p.name())) {
      violations.Add(absl::StrCat(path, ".name"),
                     "must be 1 to 64 characters of a-z, 0-9 and _");
      ok = false;
    } else if (!names.insert(p.name()).second) {
      violations.Add(absl::StrCat(path, ".name"),
                     absl::StrCat("duplicate period name \"", p.name(), "\""));
      ok = false;
    }
    if (p.start_year() < 1 || p.start_year() > 9999) {
      violations.Add(absl::StrCat(path, ".start_year"),
                     "must be between 1 and 9999");
      ok = false;
    }
    if (p.has_end_year() &&
        (p.end_year() < p.start_year() || p.end_year() > 9999)) {
      violations.Add(absl::StrCat(path, ".end_year"),
                     "must be between start_year and 9999");
      ok = false;
    }
    if (!ok) continue;
    Period period{p.name(), p.start_year(), std::nullopt, p.display_name()};
    if (p.has_end_year()) period.end_year = p.end_year();
    periods.push_back(std::move(period));
  }
  return periods;
}

void PeriodToProto(const Period& period, type::v1::Period* proto) {
  proto->set_name(period.name);
  proto->set_start_year(period.start_year);
  if (period.end_year.has_value()) proto->set_end_year(*period.end_year);
  proto->set_display_name(period.display_name);
}

namespace {

// True for an absolute http(s) URL with a host and no whitespace or control
// characters (what reports may link to safely).
bool IsWebUrl(absl::string_view url) {
  const bool http = absl::StartsWithIgnoreCase(url, "http://");
  const bool https = absl::StartsWithIgnoreCase(url, "https://");
  if (!http && !https) return false;
  if (url.size() <= (https ? 8u : 7u)) return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

Location LocationFromProto(const type::v1::Location& proto,
                           absl::string_view field,
                           FieldViolations& violations) {
  Location location;
  location.country_code = proto.country_code();
  if (!location.country_code.empty() && !LooksLikeIso3(location.country_code)) {
    violations.Add(absl::StrCat(field, ".country_code"),
                   "must be an ISO 3166-1 alpha-3 code");
  }
  location.province = proto.province();
  location.district = proto.district();
  location.place = proto.place();
  if (proto.has_latitude()) {
    if (!std::isfinite(proto.latitude()) || std::fabs(proto.latitude()) > 90) {
      violations.Add(absl::StrCat(field, ".latitude"),
                     "must be between -90 and 90");
    }
    location.latitude = proto.latitude();
  }
  if (proto.has_longitude()) {
    if (!std::isfinite(proto.longitude()) ||
        std::fabs(proto.longitude()) > 180) {
      violations.Add(absl::StrCat(field, ".longitude"),
                     "must be between -180 and 180");
    }
    location.longitude = proto.longitude();
  }
  switch (proto.precision()) {
    case type::v1::LOCATION_PRECISION_PLACE:
      location.precision = Location::Precision::kPlace;
      break;
    case type::v1::LOCATION_PRECISION_DISTRICT:
      location.precision = Location::Precision::kDistrict;
      break;
    case type::v1::LOCATION_PRECISION_PROVINCE:
      location.precision = Location::Precision::kProvince;
      break;
    case type::v1::LOCATION_PRECISION_COUNTRY:
      location.precision = Location::Precision::kCountry;
      break;
    case type::v1::LOCATION_PRECISION_UNSPECIFIED:
      break;
    default:
      violations.Add(absl::StrCat(field, ".precision"), "unknown precision");
  }
  location.source_place_id = proto.source_place_id();
  return location;
}

void LocationToProto(const Location& location, type::v1::Location* proto) {
  proto->set_country_code(location.country_code);
  proto->set_province(location.province);
  proto->set_district(location.district);
  proto->set_place(location.place);
  if (location.latitude.has_value()) proto->set_latitude(*location.latitude);
  if (location.longitude.has_value()) proto->set_longitude(*location.longitude);
  switch (location.precision) {
    case Location::Precision::kPlace:
      proto->set_precision(type::v1::LOCATION_PRECISION_PLACE);
      break;
    case Location::Precision::kDistrict:
      proto->set_precision(type::v1::LOCATION_PRECISION_DISTRICT);
      break;
    case Location::Precision::kProvince:
      proto->set_precision(type::v1::LOCATION_PRECISION_PROVINCE);
      break;
    case Location::Precision::kCountry:
      proto->set_precision(type::v1::LOCATION_PRECISION_COUNTRY);
      break;
    case Location::Precision::kUnspecified:
      break;
  }
  proto->set_source_place_id(location.source_place_id);
}

SourceRef SourceFromProto(const type::v1::SourceReference& proto,
                          absl::string_view field,
                          FieldViolations& violations) {
  SourceRef source;
  source.citation = proto.citation();
  source.url = proto.url();
  if (proto.has_publication_date()) {
    source.publication_date =
        DateFromProto(proto.publication_date(),
                      absl::StrCat(field, ".publication_date"), violations);
  }
  if (proto.has_access_date()) {
    source.access_date = DateFromProto(
        proto.access_date(), absl::StrCat(field, ".access_date"), violations);
  }
  source.source_system = proto.source_system();
  source.dataset_version = proto.dataset_version();
  source.locator = proto.locator();
  if (source.citation.empty() && source.url.empty()) {
    violations.Add(field, "needs a citation or a url");
  }
  if (!source.url.empty() && !IsWebUrl(source.url)) {
    violations.Add(absl::StrCat(field, ".url"),
                   "must be an http:// or https:// URL without spaces");
  }
  return source;
}

void SourceToProto(const SourceRef& source, type::v1::SourceReference* proto) {
  proto->set_citation(source.citation);
  proto->set_url(source.url);
  if (source.publication_date.has_value()) {
    DateToProto(*source.publication_date, proto->mutable_publication_date());
  }
  if (source.access_date.has_value()) {
    DateToProto(*source.access_date, proto->mutable_access_date());
  }
  proto->set_source_system(source.source_system);
  proto->set_dataset_version(source.dataset_version);
  proto->set_locator(source.locator);
}

Provenance ProvenanceFromProto(const type::v1::Provenance& proto) {
  Provenance provenance;
  provenance.source_system = proto.source_system();
  provenance.source_record_id = proto.source_record_id();
  if (proto.has_source_update_time()) {
    provenance.source_update_time = TimeFromProto(proto.source_update_time());
  }
  provenance.source_label = proto.source_label();
  provenance.source_file = proto.source_file();
  provenance.source_line = proto.source_line();
  return provenance;
}

void ProvenanceToProto(const Provenance& provenance,
                       type::v1::Provenance* proto) {
  proto->set_source_system(provenance.source_system);
  proto->set_source_record_id(provenance.source_record_id);
  if (provenance.source_update_time.has_value()) {
    TimeToProto(*provenance.source_update_time,
                proto->mutable_source_update_time());
  }
  proto->set_source_label(provenance.source_label);
  proto->set_source_file(provenance.source_file);
  proto->set_source_line(provenance.source_line);
}

void VersionToProto(const VersionInfo& version, type::v1::VersionInfo* proto) {
  proto->set_version(version.version);
  TimeToProto(version.record_time, proto->mutable_record_time());
  TimeToProto(version.create_time, proto->mutable_create_time());
  proto->set_deleted(version.deleted);
  proto->set_request_id(version.request_id);
}

Compression CompressionFromProto(int compression, absl::string_view field,
                                 FieldViolations& violations) {
  switch (compression) {
    case type::v1::COMPRESSION_UNSPECIFIED:
    case type::v1::COMPRESSION_NONE:
      return Compression::kNone;
    case type::v1::COMPRESSION_GZIP:
      return Compression::kGzip;
    case type::v1::COMPRESSION_ZIP:
      return Compression::kZip;
    default:
      violations.Add(field, "unknown compression");
      return Compression::kNone;
  }
}

void RowRejectionToProto(int64_t line, const RowRejection& rejection,
                         type::v1::RowRejection* proto) {
  proto->set_line_number(line);
  proto->set_field(rejection.field);
  proto->set_reason(rejection.reason);
  proto->set_reason_code(rejection.reason_code);
  proto->set_value(rejection.value.substr(0, 200));
}

type::v1::WriteOutcome WriteOutcomeToProto(WriteOutcome outcome) {
  switch (outcome) {
    case WriteOutcome::kCreated:
      return type::v1::WRITE_OUTCOME_CREATED;
    case WriteOutcome::kNewVersion:
      return type::v1::WRITE_OUTCOME_NEW_VERSION;
    case WriteOutcome::kUnchanged:
      return type::v1::WRITE_OUTCOME_UNCHANGED;
    case WriteOutcome::kDeleted:
      return type::v1::WRITE_OUTCOME_DELETED;
  }
  return type::v1::WRITE_OUTCOME_UNSPECIFIED;
}

}  // namespace dyadscope
