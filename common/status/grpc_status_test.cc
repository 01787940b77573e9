#include "common/status/grpc_status.h"

#include <string>

#include "absl/status/status.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::SizeIs;

TEST(ToGrpcStatusTest, OkStaysOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus(), "events").ok());
}

TEST(ToGrpcStatusTest, InvalidArgumentCarriesErrorInfoAndBadRequest) {
  FieldViolations violations;
  violations.Add("page_size", "must not be negative");
  violations.Add("dyad.country_a", "must be an ISO 3166-1 alpha-3 code");
  grpc::Status status = ToGrpcStatus(violations.ToStatus(), "events");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  google::rpc::Status rich;
  ASSERT_TRUE(rich.ParseFromString(status.error_details()));
  EXPECT_EQ(rich.code(), 3);
  EXPECT_EQ(rich.message(), status.error_message());
  ASSERT_THAT(rich.details(), SizeIs(2));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rich.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "INVALID_ARGUMENT");
  EXPECT_EQ(info.domain(), "events");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(rich.details(1).UnpackTo(&bad_request));
  ASSERT_THAT(bad_request.field_violations(), SizeIs(2));
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_size");
  EXPECT_EQ(bad_request.field_violations(1).field(), "dyad.country_a");
}

TEST(ToGrpcStatusTest, NotFoundCarriesItsReasonAndNoBadRequest) {
  grpc::Status status = ToGrpcStatus(
      WithReason(absl::NotFoundError("event 7 not found"), "EVENT_NOT_FOUND"),
      "events");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::Status rich;
  ASSERT_TRUE(rich.ParseFromString(status.error_details()));
  ASSERT_THAT(rich.details(), SizeIs(1));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rich.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "EVENT_NOT_FOUND");
}

TEST(ToGrpcStatusTest, LongMessagesAreTruncatedOnACharacterBoundary) {
  std::string long_message(kMaxErrorMessageBytes - 15, 'x');
  for (int i = 0; i < 200; ++i) long_message += "\xc3\xa9";  // "é"
  grpc::Status status =
      ToGrpcStatus(absl::InternalError(long_message), "events");
  EXPECT_LE(status.error_message().size(), kMaxErrorMessageBytes);
  EXPECT_NE(status.error_message().find("(truncated)"), std::string::npos);
  // No dangling lead byte before the marker.
  const std::string& m = status.error_message();
  std::size_t mark = m.find("...(truncated)");
  ASSERT_NE(mark, std::string::npos);
  EXPECT_NE(static_cast<unsigned char>(m[mark - 1]), 0xc3);
}

TEST(FromGrpcStatusTest, RoundTripsCodeMessageReasonAndViolations) {
  FieldViolations violations;
  violations.Add("horizon_days", "must be between 1 and 3650");
  absl::Status original =
      WithReason(violations.ToStatus(), "HORIZON_OUT_OF_RANGE");
  absl::Status back = FromGrpcStatus(ToGrpcStatus(original, "security_risk"));
  EXPECT_THAT(back, StatusIs(absl::StatusCode::kInvalidArgument,
                             std::string(original.message())));
  EXPECT_EQ(GetReason(back), "HORIZON_OUT_OF_RANGE");
  EXPECT_THAT(GetFieldViolations(back),
              ElementsAre(FieldViolation{"horizon_days",
                                         "must be between 1 and 3650"}));
}

TEST(FromGrpcStatusTest, PlainStatusWithoutDetails) {
  absl::Status back = FromGrpcStatus(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"));
  EXPECT_THAT(back,
              StatusIs(absl::StatusCode::kUnavailable, "connection refused"));
  EXPECT_EQ(GetReason(back), "UNAVAILABLE");
}

}  // namespace
}  // namespace dyadscope
