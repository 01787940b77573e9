#include "common/status/status_macros.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Pointee;

absl::StatusOr<int> ParsePositive(int value) {
  if (value <= 0) return absl::InvalidArgumentError("not positive");
  return value;
}

absl::Status CheckAll(int a, int b, int* calls) {
  ++*calls;
  DYADSCOPE_RETURN_IF_ERROR(ParsePositive(a).status());
  ++*calls;
  DYADSCOPE_RETURN_IF_ERROR(ParsePositive(b).status());
  ++*calls;
  return absl::OkStatus();
}

absl::StatusOr<int> Sum(int a, int b) {
  DYADSCOPE_ASSIGN_OR_RETURN(int x, ParsePositive(a));
  DYADSCOPE_ASSIGN_OR_RETURN(const int y, ParsePositive(b));
  return x + y;
}

absl::StatusOr<std::unique_ptr<int>> MakeBox(int v) {
  if (v < 0) return absl::NotFoundError("no box");
  return std::make_unique<int>(v);
}

absl::StatusOr<int> Unbox(int v) {
  DYADSCOPE_ASSIGN_OR_RETURN(std::unique_ptr<int> box, MakeBox(v));
  return *box * 2;
}

TEST(StatusMacrosTest, ReturnIfErrorStopsAtFirstError) {
  int calls = 0;
  EXPECT_THAT(CheckAll(1, -1, &calls),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not")));
  EXPECT_EQ(calls, 2);
  calls = 0;
  EXPECT_THAT(CheckAll(1, 2, &calls), IsOk());
  EXPECT_EQ(calls, 3);
}

TEST(StatusMacrosTest, AssignOrReturnAssignsValuesAndPropagatesErrors) {
  EXPECT_THAT(Sum(2, 3), IsOkAndHolds(5));
  EXPECT_THAT(Sum(2, 0), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Sum(-2, 3), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(StatusMacrosTest, AssignOrReturnMovesMoveOnlyValues) {
  EXPECT_THAT(Unbox(21), IsOkAndHolds(42));
  EXPECT_THAT(Unbox(-1), StatusIs(absl::StatusCode::kNotFound, "no box"));
}

TEST(StatusMatchersTest, MatchersRejectWhatTheyShould) {
  EXPECT_THAT(absl::InternalError("x"), ::testing::Not(IsOk()));
  EXPECT_THAT(ParsePositive(3), ::testing::Not(IsOkAndHolds(4)));
  EXPECT_THAT(absl::OkStatus(),
              ::testing::Not(StatusIs(absl::StatusCode::kNotFound)));
  EXPECT_THAT(MakeBox(7), IsOkAndHolds(Pointee(Eq(7))));
}

}  // namespace
}  // namespace dyadscope
