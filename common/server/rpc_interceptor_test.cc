#include "common/server/rpc_interceptor.h"

#include <set>
#include <string>

#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::StatusIs;
using ::testing::Field;
using ::testing::MatchesRegex;

TEST(ParseFaultRuleTest, ParsesMethodAndDelay) {
  absl::StatusOr<FaultRule> rule = ParseFaultRule("GetDefaultModel=delay:2s");
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_EQ(rule->method, "GetDefaultModel");
  EXPECT_EQ(rule->delay, absl::Seconds(2));
  rule = ParseFaultRule("/pkg.S/M=delay:250ms");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->method, "/pkg.S/M");
  EXPECT_EQ(rule->delay, absl::Milliseconds(250));
}

TEST(ParseFaultRuleTest, RejectsMalformedRules) {
  for (const char* text : {"", "M", "=delay:1s", "M=", "M=abort:1s",
                           "M=delay:soon", "M=delay:-1s"}) {
    EXPECT_THAT(ParseFaultRule(text),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << text;
  }
}

TEST(ChooseRequestIdTest, KeepsPrintableIncomingIds) {
  EXPECT_EQ(ChooseRequestId("req-42"), "req-42");
}

TEST(ChooseRequestIdTest, ReplacesMissingHostileOrOversizedIds) {
  std::set<std::string> seen;
  for (const std::string& incoming :
       {std::string(), std::string("has space"), std::string("line\nbreak"),
        std::string(129, 'a')}) {
    std::string id = ChooseRequestId(incoming);
    EXPECT_THAT(id, MatchesRegex("[0-9a-f]{32}")) << incoming;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 4u);  // fresh ids differ
}

}  // namespace
}  // namespace dyadscope
