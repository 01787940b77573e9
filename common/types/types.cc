#include "common/types/types.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace dyadscope {
namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool ParseDigits(absl::string_view text, int* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleAtoi(text, out);
}

}  // namespace

absl::Status ValidateDate(const Date& date) {
  if (date.year < 1 || date.year > 9999) {
    return absl::InvalidArgumentError(
        absl::StrCat("year ", date.year, " is not between 1 and 9999"));
  }
  switch (date.precision) {
    case DatePrecision::kYear:
      if (date.month != 0 || date.day != 0) {
        return absl::InvalidArgumentError(
            "a date known to the year has month and day 0");
      }
      return absl::OkStatus();
    case DatePrecision::kMonth:
      if (date.month < 1 || date.month > 12) {
        return absl::InvalidArgumentError(
            absl::StrCat("month ", date.month, " is not between 1 and 12"));
      }
      if (date.day != 0) {
        return absl::InvalidArgumentError(
            "a date known to the month has day 0");
      }
      return absl::OkStatus();
    case DatePrecision::kDay:
      if (date.month < 1 || date.month > 12) {
        return absl::InvalidArgumentError(
            absl::StrCat("month ", date.month, " is not between 1 and 12"));
      }
      if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%04d-%02d-%02d is not a calendar date", date.year,
                            date.month, date.day));
      }
      return absl::OkStatus();
  }
  return absl::InvalidArgumentError("unknown date precision");
}

absl::StatusOr<Date> ParseDate(absl::string_view text,
                               absl::string_view precision_hint) {
  text = absl::StripAsciiWhitespace(text);
  Date date;
  bool ok = false;
  if (text.size() == 4) {
    ok = ParseDigits(text, &date.year);
    date.precision = DatePrecision::kYear;
  } else if (text.size() == 7 && text[4] == '-') {
    ok = ParseDigits(text.substr(0, 4), &date.year) &&
         ParseDigits(text.substr(5, 2), &date.month);
    date.precision = DatePrecision::kMonth;
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    ok = ParseDigits(text.substr(0, 4), &date.year) &&
         ParseDigits(text.substr(5, 2), &date.month) &&
         ParseDigits(text.substr(8, 2), &date.day);
    date.precision = DatePrecision::kDay;
  } else if (text.size() == 8) {
    ok = ParseDigits(text.substr(0, 4), &date.year) &&
         ParseDigits(text.substr(4, 2), &date.month) &&
         ParseDigits(text.substr(6, 2), &date.day);
    date.precision = DatePrecision::kDay;
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text, "\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"));
  }
  if (absl::Status status = ValidateDate(date); !status.ok()) return status;
  std::string hint = absl::AsciiStrToLower(precision_hint);
  if (hint == "year") {
    date = Date{date.year, 0, 0, DatePrecision::kYear};
  } else if (hint == "month") {
    if (date.precision == DatePrecision::kYear) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", text, "\" has no month for precision month"));
    }
    date = Date{date.year, date.month, 0, DatePrecision::kMonth};
  } else if (hint == "day") {
    if (date.precision != DatePrecision::kDay) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", text, "\" has no day for precision day"));
    }
  } else if (!hint.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "date precision \"", precision_hint, "\" is not day, month or year"));
  }
  return date;
}

std::string FormatDate(const Date& date) {
  switch (date.precision) {
    case DatePrecision::kYear:
      return absl::StrFormat("%04d", date.year);
    case DatePrecision::kMonth:
      return absl::StrFormat("%04d-%02d", date.year, date.month);
    case DatePrecision::kDay:
      break;
  }
  return absl::StrFormat("%04d-%02d-%02d", date.year, date.month, date.day);
}

Date FirstDay(const Date& date) {
  return Date{date.year, date.month == 0 ? 1 : date.month,
              date.day == 0 ? 1 : date.day, DatePrecision::kDay};
}

Date LastDay(const Date& date) {
  switch (date.precision) {
    case DatePrecision::kYear:
      return Date{date.year, 12, 31, DatePrecision::kDay};
    case DatePrecision::kMonth:
      return Date{date.year, date.month, DaysInMonth(date.year, date.month),
                  DatePrecision::kDay};
    case DatePrecision::kDay:
      break;
  }
  return date;
}

int64_t DateSortKey(const Date& date) {
  Date first = FirstDay(date);
  return absl::CivilDay(first.year, first.month, first.day) -
         absl::CivilDay(1970, 1, 1);
}

Date DateFromDayNumber(int64_t day_number) {
  absl::CivilDay day = absl::CivilDay(1970, 1, 1) + day_number;
  return Date{static_cast<int>(day.year()), day.month(), day.day(),
              DatePrecision::kDay};
}

std::vector<Period> DefaultPeriods() {
  return {
      Period{"consolidation", 1990, 2014, "Consolidation (1990–2014)"},
      Period{"deepening", 2015, std::nullopt, "Deepening (2015–present)"},
  };
}

bool LooksLikeIso3(absl::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace dyadscope
