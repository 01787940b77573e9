// TokenAuthorizer: token files, the bearer check for reads and writes,
// constant-time comparison and reloading.

#include "common/server/auth.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAlpha[] = "alpha-token-0123456789";
constexpr char kBeta[] = "beta-token-abcdefghij";

std::string WriteFile(const std::string& text) {
  static int counter = 0;
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/tokens-", getpid(), "-", counter++);
  std::ofstream(path) << text;
  return path;
}

TEST(ParseTokenFileTest, SkipsCommentsAndBlankLinesAndTrims) {
  auto tokens = ParseTokenFile(
      absl::StrCat("# analysts\n\n  ", kAlpha, "  \r\n", kBeta, "\n"));
  ASSERT_THAT(tokens, IsOk());
  EXPECT_THAT(*tokens, ElementsAre(kAlpha, kBeta));
}

TEST(ParseTokenFileTest, RejectsShortTokensSpacesAndEmptyFiles) {
  EXPECT_THAT(ParseTokenFile("# none\n\n"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      ParseTokenFile(absl::StrCat(kAlpha, "\nshort\n")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2")));
  EXPECT_THAT(
      ParseTokenFile("a token with spaces inside\n"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 1")));
}

TEST(ConstantTimeEqualsTest, EqualOnlyWhenIdentical) {
  EXPECT_TRUE(ConstantTimeEquals(kAlpha, kAlpha));
  EXPECT_FALSE(ConstantTimeEquals(kAlpha, kBeta));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));  // a prefix
  EXPECT_FALSE(ConstantTimeEquals("abcd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), "a"));
}

TEST(TokenAuthorizerTest, WritesNeedAValidBearerToken) {
  auto auth = TokenAuthorizer::Load(WriteFile(absl::StrCat(kAlpha, "\n")),
                                    /*protect_reads=*/false);
  ASSERT_THAT(auth, IsOk());
  const auto& a = **auth;
  EXPECT_THAT(a.Check("", Access::kWrite),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(a.Check(absl::StrCat("Bearer ", kBeta), Access::kWrite),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(a.Check(absl::StrCat("Basic ", kAlpha), Access::kWrite),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(a.Check("Bearer ", Access::kWrite),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(a.Check(absl::StrCat("Bearer ", kAlpha, "x"), Access::kWrite),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(a.Check(absl::StrCat("Bearer ", kAlpha), Access::kWrite), IsOk());
  EXPECT_THAT(a.Check(absl::StrCat("bearer ", kAlpha), Access::kWrite),
              IsOk());  // the scheme is case-insensitive
  // Reads are open unless protected.
  EXPECT_THAT(a.Check("", Access::kRead), IsOk());
  // The token never appears in an error.
  absl::Status wrong = a.Check(absl::StrCat("Bearer ", kBeta), Access::kWrite);
  EXPECT_THAT(std::string(wrong.message()), Not(HasSubstr(kBeta)));
}

TEST(TokenAuthorizerTest, ProtectedReadsNeedATokenToo) {
  auto auth = TokenAuthorizer::Load(WriteFile(absl::StrCat(kAlpha, "\n")),
                                    /*protect_reads=*/true);
  ASSERT_THAT(auth, IsOk());
  EXPECT_THAT((*auth)->Check("", Access::kRead),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT((*auth)->Check(absl::StrCat("Bearer ", kAlpha), Access::kRead),
              IsOk());
}

TEST(TokenAuthorizerTest, ReloadSwapsTokensAndKeepsThemOnABadFile) {
  const std::string path = WriteFile(absl::StrCat(kAlpha, "\n"));
  auto auth = TokenAuthorizer::Load(path, false);
  ASSERT_THAT(auth, IsOk());
  std::ofstream(path) << kBeta << "\n";
  ASSERT_THAT((*auth)->Reload(), IsOk());
  EXPECT_THAT((*auth)->Check(absl::StrCat("Bearer ", kAlpha), Access::kWrite),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT((*auth)->Check(absl::StrCat("Bearer ", kBeta), Access::kWrite),
              IsOk());
  // A broken file: the error is reported and the tokens stay.
  std::ofstream(path) << "short\n";
  EXPECT_THAT((*auth)->Reload(), StatusIs(absl::StatusCode::kInvalidArgument));
  std::remove(path.c_str());
  EXPECT_THAT((*auth)->Reload(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT((*auth)->Check(absl::StrCat("Bearer ", kBeta), Access::kWrite),
              IsOk());
}

TEST(TokenAuthorizerTest, LoadFailsOnAMissingFile) {
  EXPECT_THAT(TokenAuthorizer::Load("/nonexistent/tokens", false),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace dyadscope
