#include "services/events/domain/cameo.h"

#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/events/domain/event.h"

namespace dyadscope::events::cameo {
namespace {

using ::testing::DoubleEq;
using ::testing::Eq;
using ::testing::Field;
using ::testing::Optional;

// Declared first so that it is the table's first use in this binary.
TEST(CameoTest, ConcurrentFirstUseSeesTheWholeTable) {
  std::vector<std::thread> threads;
  std::vector<size_t> sizes(8);
  for (size_t i = 0; i < sizes.size(); ++i) {
    threads.emplace_back([&sizes, i] {
      sizes[i] = AllCodes().size();
      EXPECT_TRUE(IsValidCameoCode("042"));
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (size_t size : sizes) EXPECT_EQ(size, 311u);
}

TEST(CameoTest, TableHas311DistinctCodes) {
  const std::vector<CameoCode>& codes = AllCodes();
  EXPECT_EQ(codes.size(), 311u);
  std::set<std::string> distinct;
  for (const CameoCode& code : codes) distinct.insert(code.code);
  EXPECT_EQ(distinct.size(), 311u);
  EXPECT_EQ(codes.front().code, "01");
  EXPECT_EQ(codes.back().code, "2042");
}

TEST(CameoTest, LooksUpGoldsteinValues) {
  EXPECT_THAT(Lookup("042"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(1.9))));
  EXPECT_THAT(Lookup("043"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(2.8))));
  EXPECT_THAT(Lookup("057"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(8.0))));
  EXPECT_THAT(Lookup("062"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(7.4))));
  EXPECT_THAT(Lookup("183"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(-10.0))));
  EXPECT_THAT(Lookup("0874"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(10.0))));
}

TEST(CameoTest, RootAndItsUnspecifiedChildDiffer) {
  // SOURCES.md: 13 is -6.0 but 130 is -4.4.
  EXPECT_THAT(Lookup("13"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(-6.0))));
  EXPECT_THAT(Lookup("130"),
              Optional(Field(&CameoCode::goldstein, DoubleEq(-4.4))));
}

TEST(CameoTest, LookupReturnsTheWholeRow) {
  std::optional<CameoCode> code = Lookup("010");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, "010");
  EXPECT_EQ(code->root_code, "01");
  EXPECT_EQ(code->description, "Make statement, not specified below");
  EXPECT_DOUBLE_EQ(code->goldstein, 0.0);
  EXPECT_EQ(code->quad_class, QuadClass::kVerbalCooperation);

  code = Lookup("1385");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->root_code, "13");
  EXPECT_EQ(code->description, "Threaten attack with WMD");
  EXPECT_EQ(code->quad_class, QuadClass::kVerbalConflict);
}

TEST(CameoTest, CodesAreStringsWithLeadingZeros) {
  EXPECT_TRUE(IsValidCameoCode("010"));
  EXPECT_TRUE(IsValidCameoCode("10"));
  EXPECT_TRUE(IsValidCameoCode("01"));
  EXPECT_NE(Lookup("010")->description, Lookup("10")->description);
  EXPECT_FALSE(IsValidCameoCode("1"));
  EXPECT_FALSE(IsValidCameoCode("42"));
  EXPECT_FALSE(IsValidCameoCode("0042"));
}

TEST(CameoTest, RejectsMalformedAndUnknownCodes) {
  for (const char* code : {"2", "21", "0421x", "", "049", "00", "211", " 042",
                           "042 ", "04.2", "-042", "20421"}) {
    EXPECT_FALSE(IsValidCameoCode(code)) << code;
    EXPECT_EQ(Lookup(code), std::nullopt) << code;
  }
}

TEST(CameoTest, QuadClassForEveryRoot) {
  const QuadClass expected[] = {
      QuadClass::kVerbalCooperation,   QuadClass::kVerbalCooperation,
      QuadClass::kVerbalCooperation,   QuadClass::kVerbalCooperation,
      QuadClass::kVerbalCooperation,   QuadClass::kMaterialCooperation,
      QuadClass::kMaterialCooperation, QuadClass::kMaterialCooperation,
      QuadClass::kMaterialCooperation, QuadClass::kVerbalConflict,
      QuadClass::kVerbalConflict,      QuadClass::kVerbalConflict,
      QuadClass::kVerbalConflict,      QuadClass::kVerbalConflict,
      QuadClass::kMaterialConflict,    QuadClass::kMaterialConflict,
      QuadClass::kMaterialConflict,    QuadClass::kMaterialConflict,
      QuadClass::kMaterialConflict,    QuadClass::kMaterialConflict,
  };
  const char* roots[] = {"01", "02", "03", "04", "05", "06", "07",
                         "08", "09", "10", "11", "12", "13", "14",
                         "15", "16", "17", "18", "19", "20"};
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(QuadClassForRoot(roots[i]), expected[i]) << roots[i];
    // The table's own rows agree.
    EXPECT_THAT(Lookup(roots[i]),
                Optional(Field(&CameoCode::quad_class, Eq(expected[i]))));
  }
  for (const char* bad : {"00", "21", "4", "004", "", "ab"}) {
    EXPECT_EQ(QuadClassForRoot(bad), QuadClass::kUnspecified) << bad;
  }
}

TEST(CameoTest, EveryRowIsConsistentWithTheDerivations) {
  for (const CameoCode& code : AllCodes()) {
    EXPECT_THAT(RootCode(code.code), Optional(code.root_code)) << code.code;
    EXPECT_EQ(code.quad_class, QuadClassForRoot(code.root_code)) << code.code;
    EXPECT_GE(code.goldstein, -10.0) << code.code;
    EXPECT_LE(code.goldstein, 10.0) << code.code;
    EXPECT_FALSE(code.description.empty()) << code.code;
    EXPECT_NE(DomainForCameoCode(code.code), Domain::kUnspecified) << code.code;
  }
}

TEST(CameoTest, RootCodeIsTheFirstTwoDigitsOfAWellFormedCode) {
  EXPECT_THAT(RootCode("042"), Optional(std::string("04")));
  EXPECT_THAT(RootCode("1385"), Optional(std::string("13")));
  EXPECT_THAT(RootCode("20"), Optional(std::string("20")));
  EXPECT_THAT(RootCode("049"), Optional(std::string("04")));
  for (const char* bad : {"2", "", "21", "2101", "0421x", "00", "12345"}) {
    EXPECT_EQ(RootCode(bad), std::nullopt) << bad;
  }
}

TEST(CameoTest, DomainFollowsTheRoot) {
  EXPECT_EQ(DomainForCameoCode("042"), Domain::kDiplomatic);
  EXPECT_EQ(DomainForCameoCode("057"), Domain::kDiplomatic);
  EXPECT_EQ(DomainForCameoCode("111"), Domain::kDiplomatic);
  EXPECT_EQ(DomainForCameoCode("14"), Domain::kDiplomatic);
  EXPECT_EQ(DomainForCameoCode("161"), Domain::kDiplomatic);
  for (const char* code : {"15", "154", "17", "173", "18", "183", "1831", "19",
                           "190", "195", "20", "2042"}) {
    EXPECT_EQ(DomainForCameoCode(code), Domain::kSecurity) << code;
  }
}

TEST(CameoTest, DomainSplitsMaterialCooperationAndAidByCode) {
  EXPECT_EQ(DomainForCameoCode("06"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("060"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("061"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("062"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("063"), Domain::kDiplomatic);
  EXPECT_EQ(DomainForCameoCode("064"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("070"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("071"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("072"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("073"), Domain::kSocioCultural);
  EXPECT_EQ(DomainForCameoCode("074"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("075"), Domain::kDiplomatic);
}

TEST(CameoTest, DomainRefinesSubcodesOfOtherRoots) {
  EXPECT_EQ(DomainForCameoCode("0211"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("0312"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("0333"), Domain::kSocioCultural);
  EXPECT_EQ(DomainForCameoCode("085"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("0871"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("0863"), Domain::kSocioCultural);
  EXPECT_EQ(DomainForCameoCode("1384"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("1313"), Domain::kDiplomatic);
  EXPECT_EQ(DomainForCameoCode("160"), Domain::kDiplomatic);
  EXPECT_EQ(DomainForCameoCode("162"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("1621"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("1622"), Domain::kSecurity);
  EXPECT_EQ(DomainForCameoCode("1623"), Domain::kSocioCultural);
  EXPECT_EQ(DomainForCameoCode("163"), Domain::kEconomic);
  EXPECT_EQ(DomainForCameoCode("164"), Domain::kDiplomatic);
}

TEST(CameoTest, DomainOfMalformedCodeIsUnspecified) {
  EXPECT_EQ(DomainForCameoCode(""), Domain::kUnspecified);
  EXPECT_EQ(DomainForCameoCode("2"), Domain::kUnspecified);
  EXPECT_EQ(DomainForCameoCode("21"), Domain::kUnspecified);
  EXPECT_EQ(DomainForCameoCode("06x"), Domain::kUnspecified);
}

}  // namespace
}  // namespace dyadscope::events::cameo
