// File: common/types/types.h
// -----------------------------------------------------------------------------
// Plain C++ value types shared by every service's domain layer, mirroring
// dyadscope.type.v1 without depending on protobuf: dates with precision,
// periods, dyads, locations, sources and provenance, record versions.

#ifndef DYADSCOPE_COMMON_TYPES_TYPES_H_
#define DYADSCOPE_COMMON_TYPES_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace dyadscope {

// How precisely a date is known.
enum class DatePrecision { kDay, kMonth, kYear };

// A calendar date known to a day, a month or a year. For kMonth `day` is 0;
// for kYear `month` and `day` are 0.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  DatePrecision precision = DatePrecision::kDay;

  bool operator==(const Date& o) const {
    return year == o.year && month == o.month && day == o.day &&
           precision == o.precision;
  }
  bool operator!=(const Date& o) const { return !(*this == o); }
};

// Returns OK when `date` is a real date at its precision (year 1–9999,
// 2023-02-30 is not), else INVALID_ARGUMENT saying why.
absl::Status ValidateDate(const Date& date);

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (also "YYYYMMDD", GDELT's SQLDATE)
// and sets the precision accordingly; `precision_hint` ("day", "month",
// "year"; empty for none) may lower it, e.g. "1951-01-01" with "year".
absl::StatusOr<Date> ParseDate(absl::string_view text,
                               absl::string_view precision_hint = "");

// Formats as "YYYY-MM-DD", "YYYY-MM" or "YYYY" according to the precision.
std::string FormatDate(const Date& date);

// Returns the sort key of a date: days since 1970-01-01 of its first day
// (the 1st of the month or of January for coarser dates).
int64_t DateSortKey(const Date& date);

// Returns the first and last calendar days the date may denote.
Date FirstDay(const Date& date);
Date LastDay(const Date& date);

// Returns the date of a day number (days since 1970-01-01), precision kDay.
Date DateFromDayNumber(int64_t day_number);

// A named span of calendar years, e.g. the article's "deepening" phase.
struct Period {
  std::string name;
  int start_year = 0;
  std::optional<int> end_year;  // absent: to the present
  std::string display_name;
};

// The article's default phases: consolidation 1990–2014, deepening
// 2015–present.
std::vector<Period> DefaultPeriods();

// Two countries (ISO 3166-1 alpha-3); `directed` restricts directed data to
// A→B.
struct Dyad {
  std::string country_a;
  std::string country_b;
  bool directed = false;
};

// Returns true when `code` is three upper-case ASCII letters.
bool LooksLikeIso3(absl::string_view code);

// Where something happened.
struct Location {
  std::string country_code;
  std::string province;
  std::string district;
  std::string place;
  std::optional<double> latitude;
  std::optional<double> longitude;
  enum class Precision { kUnspecified, kPlace, kDistrict, kProvince, kCountry };
  Precision precision = Precision::kUnspecified;
  std::string source_place_id;
};

// A cited source of a fact.
struct SourceRef {
  std::string citation;
  std::string url;
  std::optional<Date> publication_date;
  std::optional<Date> access_date;
  std::string source_system;
  std::string dataset_version;
  std::string locator;
};

// Where a record came from.
struct Provenance {
  std::string source_system;     // e.g. "GDELT2", "CURATED"
  std::string source_record_id;  // the source's own id
  std::optional<absl::Time> source_update_time;
  std::string source_label;
  std::string source_file;
  int64_t source_line = 0;
};

// The version of a stored record.
struct VersionInfo {
  int64_t version = 0;
  absl::Time record_time = absl::InfinitePast();
  absl::Time create_time = absl::InfinitePast();
  bool deleted = false;
  std::string request_id;
};

// Which versions of versioned records a read sees.
struct ReadOptions {
  // The versions current at this time; absent means the current ones.
  std::optional<absl::Time> as_of;
  // Include tombstones of deleted records.
  bool include_deleted = false;
};

// A rejected row of an imported file: which field, a stable
// UPPER_SNAKE_CASE code, the reason in words, and the offending value
// (truncated to 200 bytes).
struct RowRejection {
  std::string field;
  std::string reason_code;
  std::string reason;
  std::string value;
};

// What a write did to one record.
enum class WriteOutcome { kCreated, kNewVersion, kUnchanged, kDeleted };

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_TYPES_TYPES_H_
