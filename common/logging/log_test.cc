#include "common/logging/log.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::log {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

TEST(JsonQuoteTest, EscapesQuotesControlsAndBackslashes) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

TEST(JsonQuoteTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonQuote("Gw\xc4\x81"
                      "dar"),
            "\"Gw\xc4\x81"
            "dar\"");
  EXPECT_EQ(JsonQuote("x\xff"
                      "y"),
            "\"x\xEF\xBF\xBDy\"");
  EXPECT_EQ(JsonQuote("\xc4"), "\"\xEF\xBF\xBD\"");  // truncated sequence
}

TEST(FormatLineTest, WritesOneJsonObjectWithTypedFields) {
  std::string line = FormatLine(
      Level::kWarning, "rpc done",
      {Field("method", "/x.Y/Z"), Field("latency_ms", 1.5), Field("code", 0),
       Field("ok", true), Field("bad", std::nan(""))});
  EXPECT_THAT(
      line, MatchesRegex(R"(\{"time":"[0-9T:.\-]+Z","level":"warning",.*\})"));
  EXPECT_THAT(
      line,
      HasSubstr(
          R"("msg":"rpc done","method":"/x.Y/Z","latency_ms":1.5,"code":0,"ok":true,"bad":null)"));
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(SetMinLevelTest, DropsLinesBelowTheLevel) {
  ::testing::internal::CaptureStderr();
  SetMinLevel(Level::kWarning);
  Info("quiet info");
  Warning("loud warning");
  SetMinLevel(Level::kInfo);
  Info("info again");
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(out, Not(HasSubstr("quiet info")));
  EXPECT_THAT(out, HasSubstr("loud warning"));
  EXPECT_THAT(out, HasSubstr("info again"));
}

}  // namespace
}  // namespace dyadscope::log
