// Checks the generated domain enums (protos/domain_enums.cc) against the
// contract's descriptors: every value keeps its proto number, and its word
// is the proto name without the enum's prefix, in lower case, computed here
// from the descriptor (the prefix is that of the *_UNSPECIFIED value).

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "domain_enums/economics.h"
#include "domain_enums/events.h"
#include "domain_enums/scoring.h"
#include "domain_enums/security_risk.h"
#include "dyadscope/economics/v1/economics_service.pb.h"
#include "dyadscope/events/v1/event.pb.h"
#include "dyadscope/events/v1/vote.pb.h"
#include "dyadscope/scoring/v1/model.pb.h"
#include "dyadscope/securityrisk/v1/risk.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.pb.h"
#include "dyadscope/type/v1/interval.pb.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using google::protobuf::EnumDescriptor;

template <typename E>
void ExpectWordsOfContract(const EnumDescriptor* descriptor) {
  SCOPED_TRACE(descriptor->full_name());
  const EnumDescriptor& d = *descriptor;
  ASSERT_GT(d.value_count(), 1);
  const std::string unspecified = d.value(0)->name();
  ASSERT_EQ(d.value(0)->number(), 0);
  ASSERT_TRUE(absl::EndsWith(unspecified, "_UNSPECIFIED")) << unspecified;
  const std::string prefix = unspecified.substr(
      0, unspecified.size() - std::string("UNSPECIFIED").size());

  EXPECT_EQ(Word(static_cast<E>(0)), "");
  E parsed{};
  EXPECT_FALSE(ParseWord("unspecified", &parsed));
  EXPECT_FALSE(ParseWord("", &parsed));
  EXPECT_FALSE(ParseWord("no_such_word", &parsed));

  std::vector<std::string> words;
  for (int i = 1; i < d.value_count(); ++i) {
    const std::string& name = d.value(i)->name();
    ASSERT_TRUE(absl::StartsWith(name, prefix)) << name;
    const std::string word = absl::AsciiStrToLower(name.substr(prefix.size()));
    const E value = static_cast<E>(d.value(i)->number());
    EXPECT_EQ(Word(value), word) << name;
    E from_upper{};
    ASSERT_TRUE(ParseWord(absl::AsciiStrToUpper(word), &from_upper)) << word;
    EXPECT_EQ(from_upper, value) << word;
    // A word with a trailing letter is another word, not this one.
    EXPECT_FALSE(ParseWord(word + "x", &parsed)) << word;
    words.push_back(word);
  }
  EXPECT_EQ(WordList(E{}), absl::StrJoin(words, ", "));
}

TEST(DomainEnumsTest, EconomicsWordsAreTheContractNames) {
  ExpectWordsOfContract<economics::Flow>(economics::v1::Flow_descriptor());
  ExpectWordsOfContract<economics::Unit>(economics::v1::Unit_descriptor());
  ExpectWordsOfContract<economics::YearBasis>(
      economics::v1::YearBasis_descriptor());
  ExpectWordsOfContract<economics::ReportingSide>(
      economics::v1::ReportingSide_descriptor());
  ExpectWordsOfContract<economics::ValueQualifier>(
      economics::v1::ValueQualifier_descriptor());
  ExpectWordsOfContract<economics::TradeValuation>(
      economics::v1::TradeValuation_descriptor());
  ExpectWordsOfContract<economics::ValueStatus>(
      economics::v1::ValueStatus_descriptor());
  ExpectWordsOfContract<economics::ObservationFileFormat>(
      economics::v1::ObservationFileFormat_descriptor());
  EXPECT_EQ(economics::FromWord<economics::Flow>("GDP"), economics::Flow::kGdp);
  EXPECT_EQ(economics::FromWord<economics::Flow>("unspecified"), std::nullopt);
}

TEST(DomainEnumsTest, EventsWordsAreTheContractNames) {
  ExpectWordsOfContract<events::ActorType>(events::v1::ActorType_descriptor());
  ExpectWordsOfContract<events::QuadClass>(events::v1::QuadClass_descriptor());
  ExpectWordsOfContract<events::Domain>(events::v1::Domain_descriptor());
  ExpectWordsOfContract<events::VoteChoice>(
      events::v1::VoteChoice_descriptor());
  EXPECT_EQ(events::FromWord<events::Domain>("Socio_Cultural"),
            events::Domain::kSocioCultural);
}

TEST(DomainEnumsTest, SecurityRiskWordsAreTheContractNames) {
  namespace v1 = securityrisk::v1;
  ExpectWordsOfContract<security_risk::IncidentFileFormat>(
      v1::IncidentFileFormat_descriptor());
  ExpectWordsOfContract<security_risk::TargetCategory>(
      v1::TargetCategory_descriptor());
  ExpectWordsOfContract<security_risk::AttackType>(v1::AttackType_descriptor());
  ExpectWordsOfContract<security_risk::VerificationStatus>(
      v1::VerificationStatus_descriptor());
  ExpectWordsOfContract<security_risk::RiskModel>(v1::RiskModel_descriptor());
  ExpectWordsOfContract<security_risk::RiskLevel>(v1::RiskLevel_descriptor());
  ExpectWordsOfContract<security_risk::BacktestVerdict>(
      v1::BacktestVerdict_descriptor());
  ExpectWordsOfContract<security_risk::IntervalMethod>(
      type::v1::IntervalMethod_descriptor());
  EXPECT_EQ(security_risk::FromWord<security_risk::TargetCategory>("business"),
            security_risk::TargetCategory::kBusiness);
}

TEST(DomainEnumsTest, ScoringWordsAreTheContractNames) {
  ExpectWordsOfContract<scoring::Index>(scoring::v1::Index_descriptor());
  ExpectWordsOfContract<scoring::RelationshipClass>(
      scoring::v1::RelationshipClass_descriptor());
  ExpectWordsOfContract<scoring::Direction>(
      scoring::v1::Direction_descriptor());
  ExpectWordsOfContract<scoring::NormalizationMethod>(
      scoring::v1::NormalizationMethod_descriptor());
  ExpectWordsOfContract<scoring::Aggregation>(
      scoring::v1::Aggregation_descriptor());
  EXPECT_EQ(scoring::FromWord<scoring::Index>("x"), std::nullopt);
}

}  // namespace
}  // namespace dyadscope
