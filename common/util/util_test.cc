#include <string>
#include <vector>

#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "common/util/fingerprint.h"
#include "common/util/page_token.h"
#include "common/util/request_log.h"
#include "common/util/versioned_cache.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(VersionedCacheTest, HitsOnlyAtTheVersionItWasStoredAt) {
  VersionedCache<std::string> cache(2);
  EXPECT_EQ(cache.Get("a", "v1"), nullptr);
  cache.Put("a", "v1", std::make_shared<const std::string>("A1"));
  ASSERT_NE(cache.Get("a", "v1"), nullptr);
  EXPECT_EQ(*cache.Get("a", "v1"), "A1");
  // Another version is a miss, and drops the stale value.
  EXPECT_EQ(cache.Get("a", "v2"), nullptr);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Get("a", "v1"), nullptr);
  // An empty version is never stored.
  cache.Put("a", "", std::make_shared<const std::string>("?"));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VersionedCacheTest, EvictsTheLeastRecentlyUsed) {
  VersionedCache<int> cache(2);
  cache.Put("a", "v", std::make_shared<const int>(1));
  cache.Put("b", "v", std::make_shared<const int>(2));
  EXPECT_NE(cache.Get("a", "v"), nullptr);  // a is now the most recent
  cache.Put("c", "v", std::make_shared<const int>(3));
  EXPECT_EQ(cache.Get("b", "v"), nullptr);
  EXPECT_NE(cache.Get("a", "v"), nullptr);
  EXPECT_NE(cache.Get("c", "v"), nullptr);
  VersionedCache<int> off(0);
  off.Put("a", "v", std::make_shared<const int>(1));
  EXPECT_EQ(off.Get("a", "v"), nullptr);
}

TEST(FingerprintTest, IsStableFnv1a) {
  EXPECT_EQ(Fingerprint64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(FingerprintHex("a"), "af63dc4c8601ec8c");  // published FNV-1a value
  EXPECT_NE(FingerprintHex("ab"), FingerprintHex("ba"));
}

TEST(PageTokenTest, RoundTripsForTheSameQuery) {
  std::string token = EncodePageToken("q1", {1700000000000000, 16000, 42});
  EXPECT_THAT(DecodePageToken(token, "q1", 3),
              IsOkAndHolds(ElementsAre(1700000000000000, 16000, 42)));
}

TEST(PageTokenTest, RejectsOtherQueriesAndForgeries) {
  std::string token = EncodePageToken("q1", {5, 6});
  EXPECT_THAT(DecodePageToken(token, "q2", 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("different query")));
  std::string tampered = token;
  tampered[tampered.size() / 2] =
      tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_THAT(DecodePageToken(tampered, "q1", 2),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodePageToken("not base64!", "q1", 2),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodePageToken(token, "q1", 3),
              StatusIs(absl::StatusCode::kInvalidArgument));
  auto status = DecodePageToken("garbage", "q1", 2).status();
  ASSERT_EQ(GetFieldViolations(status).size(), 1u);
  EXPECT_EQ(GetFieldViolations(status)[0].field, "page_token");
}

TEST(PageSizeTest, DefaultsClampsAndRejectsNegative) {
  EXPECT_THAT(ClampPageSize(0, 100, 1000), IsOkAndHolds(100));
  EXPECT_THAT(ClampPageSize(5, 100, 1000), IsOkAndHolds(5));
  EXPECT_THAT(ClampPageSize(5000, 100, 1000), IsOkAndHolds(1000));
  EXPECT_THAT(ClampPageSize(-1, 100, 1000),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(WriteAnswersTest, RoundTripAndCorruption) {
  std::vector<WriteAnswer> answers = {{7, 2, 1}, {9, 1, 3}};
  auto decoded = DecodeWriteAnswers(EncodeWriteAnswers(answers));
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[1].id, 9);
  EXPECT_EQ((*decoded)[1].outcome, 3);
  EXPECT_THAT(DecodeWriteAnswers("7:2"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeWriteAnswers("a:b:c"),
              StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace dyadscope
