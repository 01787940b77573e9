#include "common/types/types.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::StatusIs;
using ::testing::HasSubstr;

TEST(DateTest, ParsesEachPrecision) {
  EXPECT_THAT(ParseDate("1951-05-21"),
              IsOkAndHolds(Date{1951, 5, 21, DatePrecision::kDay}));
  EXPECT_THAT(ParseDate("1963-03"),
              IsOkAndHolds(Date{1963, 3, 0, DatePrecision::kMonth}));
  EXPECT_THAT(ParseDate("1950"),
              IsOkAndHolds(Date{1950, 0, 0, DatePrecision::kYear}));
  EXPECT_THAT(ParseDate("20150420"),
              IsOkAndHolds(Date{2015, 4, 20, DatePrecision::kDay}));
  EXPECT_THAT(ParseDate("2015-04-20", "year"),
              IsOkAndHolds(Date{2015, 0, 0, DatePrecision::kYear}));
  EXPECT_THAT(ParseDate("2015-04-20", "month"),
              IsOkAndHolds(Date{2015, 4, 0, DatePrecision::kMonth}));
}

TEST(DateTest, RejectsImpossibleDates) {
  EXPECT_THAT(ParseDate("2023-02-30"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not a calendar date")));
  EXPECT_THAT(ParseDate("2023-02-29"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2024-02-29"), IsOk());  // leap year
  EXPECT_THAT(ParseDate("1900-02-29"),
              StatusIs(absl::StatusCode::kInvalidArgument));  // not leap
  EXPECT_THAT(ParseDate("0000"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2015-13"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("15-04-2015"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2015-4-1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2015", "day"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDate("2015", "week"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DateTest, FormatsAndOrdersByFirstDay) {
  EXPECT_EQ(FormatDate(Date{2015, 4, 20, DatePrecision::kDay}), "2015-04-20");
  EXPECT_EQ(FormatDate(Date{2015, 4, 0, DatePrecision::kMonth}), "2015-04");
  EXPECT_EQ(FormatDate(Date{2015, 0, 0, DatePrecision::kYear}), "2015");
  EXPECT_EQ(DateSortKey(Date{1970, 1, 1, DatePrecision::kDay}), 0);
  EXPECT_EQ(DateSortKey(Date{1970, 0, 0, DatePrecision::kYear}), 0);
  EXPECT_EQ(DateSortKey(Date{1969, 12, 31, DatePrecision::kDay}), -1);
  EXPECT_EQ(LastDay(Date{2024, 2, 0, DatePrecision::kMonth}),
            (Date{2024, 2, 29, DatePrecision::kDay}));
  EXPECT_EQ(DateFromDayNumber(DateSortKey(Date{2015, 4, 20})),
            (Date{2015, 4, 20, DatePrecision::kDay}));
}

TEST(PeriodTest, DefaultPhasesAreTheArticles) {
  std::vector<Period> periods = DefaultPeriods();
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].name, "consolidation");
  EXPECT_EQ(periods[0].start_year, 1990);
  EXPECT_EQ(periods[0].end_year, 2014);
  EXPECT_EQ(periods[1].name, "deepening");
  EXPECT_EQ(periods[1].start_year, 2015);
  EXPECT_FALSE(periods[1].end_year.has_value());
}

TEST(Iso3Test, ShapeOnly) {
  EXPECT_TRUE(LooksLikeIso3("PAK"));
  EXPECT_FALSE(LooksLikeIso3("pak"));
  EXPECT_FALSE(LooksLikeIso3("PK"));
  EXPECT_FALSE(LooksLikeIso3("PAKI"));
}

}  // namespace
}  // namespace dyadscope
