#include "common/status/error_details.h"

#include "absl/status/status.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FieldViolationsTest, EmptyCollectorIsOk) {
  FieldViolations violations;
  EXPECT_TRUE(violations.empty());
  EXPECT_THAT(violations.ToStatus(), IsOk());
}

TEST(FieldViolationsTest, NamesEveryFieldInOrder) {
  FieldViolations violations;
  violations.Add("events[0].cameo_code", "must be 2 to 4 digits");
  violations.Add("events[2].actor1.country", "unknown country code \"XXX\"");
  absl::Status status = violations.ToStatus();
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "events[0].cameo_code: must be 2 to 4 digits (and 1 "
                       "more invalid field)"));
  EXPECT_THAT(GetFieldViolations(status),
              ElementsAre(FieldViolation{"events[0].cameo_code",
                                         "must be 2 to 4 digits"},
                          FieldViolation{"events[2].actor1.country",
                                         "unknown country code \"XXX\""}));
}

TEST(FieldViolationsTest, SeparatorCharactersCannotCorruptTheEncoding) {
  absl::Status status = InvalidField(
      "a\x1f"
      "b",
      "bad\x1e value\x1f here");
  EXPECT_THAT(GetFieldViolations(status),
              ElementsAre(FieldViolation{"ab", "bad value here"}));
}

TEST(FieldViolationsTest, CheckLengthRecordsOnlyValuesOverTheLimit) {
  FieldViolations violations;
  violations.CheckLength("title", "abcd", 4);
  EXPECT_TRUE(violations.empty());
  violations.CheckLength("title", "abcde", 4);
  ASSERT_EQ(violations.violations().size(), 1u);
  EXPECT_EQ(violations.violations()[0].field, "title");
  EXPECT_EQ(violations.violations()[0].description, "is longer than 4 bytes");
}

TEST(ReasonTest, DefaultsToTheCodeNameAndCanBeSet) {
  EXPECT_EQ(GetReason(absl::NotFoundError("x")), "NOT_FOUND");
  absl::Status status =
      WithReason(absl::NotFoundError("no event"), "EVENT_NOT_FOUND");
  EXPECT_EQ(GetReason(status), "EVENT_NOT_FOUND");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, "no event"));
  EXPECT_THAT(GetFieldViolations(status), IsEmpty());
  EXPECT_THAT(WithReason(absl::OkStatus(), "IGNORED"), IsOk());
}

}  // namespace
}  // namespace dyadscope
