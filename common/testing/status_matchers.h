// File: common/testing/status_matchers.h
// -----------------------------------------------------------------------------
// GoogleTest matchers for absl::Status and absl::StatusOr<T>, with the names
// of absl_testing's (which this Abseil does not ship):
//
//   EXPECT_THAT(DoIt(), IsOk());
//   EXPECT_THAT(Parse("x"), IsOkAndHolds(42));
//   EXPECT_THAT(Get(id), StatusIs(absl::StatusCode::kNotFound));
//   EXPECT_THAT(Get(id), StatusIs(absl::StatusCode::kNotFound,
//                                 HasSubstr("event")));

#ifndef DYADSCOPE_COMMON_TESTING_STATUS_MATCHERS_H_
#define DYADSCOPE_COMMON_TESTING_STATUS_MATCHERS_H_

#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace dyadscope::testing {
namespace internal {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace internal

// Matches an OK absl::Status or absl::StatusOr<T>.
MATCHER(IsOk, negation ? "is not OK" : "is OK") {
  const absl::Status& status = internal::GetStatus(arg);
  if (!status.ok()) *result_listener << "whose status is " << status;
  return status.ok();
}

// Matches an OK absl::StatusOr<T> whose value matches `value_matcher`.
MATCHER_P(IsOkAndHolds, value_matcher,
          negation ? "is not OK or holds a value that does not match"
                   : "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "whose status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

// Matches a status (or StatusOr) with the given code.
MATCHER_P(StatusIs, code,
          std::string(negation ? "has a code other than " : "has code ") +
              absl::StatusCodeToString(code)) {
  const absl::Status& status = internal::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code;
}

// Matches a status (or StatusOr) with the given code and a message matching
// `message_matcher`.
MATCHER_P2(StatusIs, code, message_matcher,
           std::string(negation ? "does not have code " : "has code ") +
               absl::StatusCodeToString(code) + " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher,
                                                       negation)) {
  const absl::Status& status = internal::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

}  // namespace dyadscope::testing

#endif  // DYADSCOPE_COMMON_TESTING_STATUS_MATCHERS_H_
