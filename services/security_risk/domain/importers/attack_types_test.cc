#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/security_risk/domain/importers/test_util.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace {

// ---------------------------------------------------------------------------
// Mapping helpers.

TEST(AttackTypeFromTextTest, KeywordsAndPositions) {
  EXPECT_EQ(AttackTypeFromText(""), AttackType::kUnspecified);
  EXPECT_EQ(AttackTypeFromText("Car bomb (remote-detonated per police)"),
            AttackType::kBombing);
  EXPECT_EQ(AttackTypeFromText("Suicide vehicle-borne IED"),
            AttackType::kSuicideAttack);
  EXPECT_EQ(AttackTypeFromText("Vehicle-borne suicide bombing"),
            AttackType::kSuicideAttack);
  EXPECT_EQ(AttackTypeFromText("Roadside bomb and gunfire"),
            AttackType::kBombing);
  EXPECT_EQ(AttackTypeFromText("Armed assault with grenades and explosives"),
            AttackType::kArmedAssault);
  EXPECT_EQ(AttackTypeFromText("Kidnapping; hostage killed during rescue"),
            AttackType::kKidnapping);
  EXPECT_EQ(AttackTypeFromText("Shooting by motorcyclists"),
            AttackType::kArmedAssault);
  EXPECT_EQ(AttackTypeFromText("IED"), AttackType::kBombing);
  // "ied" inside a word is no IED.
  EXPECT_EQ(AttackTypeFromText("Hostage died"), AttackType::kKidnapping);
  EXPECT_EQ(AttackTypeFromText("Unarmed assault by a mob"),
            AttackType::kUnarmedAssault);
  EXPECT_EQ(AttackTypeFromText("Arson at the site office"),
            AttackType::kFacilityAttack);
  EXPECT_EQ(AttackTypeFromText("Targeted killing of an engineer"),
            AttackType::kAssassination);
  EXPECT_EQ(AttackTypeFromText("Hijacking"), AttackType::kOther);
}

TEST(VerificationStatusFromTextTest, LeadingWords) {
  EXPECT_EQ(VerificationStatusFromText("verified (2 sources)"),
            VerificationStatus::kVerified);
  EXPECT_EQ(VerificationStatusFromText("partially verified (casualties)"),
            VerificationStatus::kVerified);
  EXPECT_EQ(VerificationStatusFromText("Single source: Dawn"),
            VerificationStatus::kSingleSource);
  EXPECT_EQ(VerificationStatusFromText("conflicting fatality counts"),
            VerificationStatus::kDisputed);
  EXPECT_EQ(VerificationStatusFromText("disputed"),
            VerificationStatus::kDisputed);
  EXPECT_EQ(VerificationStatusFromText("UNVERIFIED (single source)"),
            VerificationStatus::kUnconfirmed);
  EXPECT_EQ(VerificationStatusFromText("unconfirmed"),
            VerificationStatus::kUnconfirmed);
  EXPECT_EQ(VerificationStatusFromText("verifiedish"), std::nullopt);
  EXPECT_EQ(VerificationStatusFromText("probably"), std::nullopt);
  EXPECT_EQ(VerificationStatusFromText(""), std::nullopt);
}

TEST(TargetCategoryFromCsvWordTest, Words) {
  EXPECT_EQ(TargetCategoryFromCsvWord("partner_nationals"),
            TargetCategory::kPartnerNationals);
  EXPECT_EQ(TargetCategoryFromCsvWord("Diplomatic Mission"),
            TargetCategory::kDiplomaticMission);
  EXPECT_EQ(TargetCategoryFromCsvWord("security-escort"),
            TargetCategory::kSecurityEscort);
  EXPECT_EQ(TargetCategoryFromCsvWord("escort"), std::nullopt);
}

TEST(AcledAttackTypeTest, SubEventTypesThenEventTypes) {
  EXPECT_EQ(AcledAttackType("Explosions/Remote violence", "Suicide bomb"),
            AttackType::kSuicideAttack);
  EXPECT_EQ(AcledAttackType("Explosions/Remote violence",
                            "Remote explosive/landmine/IED"),
            AttackType::kBombing);
  EXPECT_EQ(AcledAttackType("Violence against civilians", "Attack"),
            AttackType::kArmedAssault);
  EXPECT_EQ(AcledAttackType("Violence against civilians",
                            "Abduction/forced disappearance"),
            AttackType::kKidnapping);
  EXPECT_EQ(AcledAttackType("Riots", "Mob violence"),
            AttackType::kUnarmedAssault);
  EXPECT_EQ(AcledAttackType("Explosions/Remote violence", "Air/drone strike"),
            AttackType::kOther);
  EXPECT_EQ(AcledAttackType("Battle-No change of territory", ""),
            AttackType::kArmedAssault);
  EXPECT_EQ(AcledAttackType("Remote violence", ""), AttackType::kBombing);
  EXPECT_EQ(AcledAttackType("Strategic development", ""), AttackType::kOther);
}

TEST(GtdAttackTypeTest, Names) {
  EXPECT_EQ(GtdAttackType("Bombing/Explosion", false), AttackType::kBombing);
  EXPECT_EQ(GtdAttackType("Bombing/Explosion", true),
            AttackType::kSuicideAttack);
  EXPECT_EQ(GtdAttackType("Hostage Taking (Barricade Incident)", false),
            AttackType::kKidnapping);
  EXPECT_EQ(GtdAttackType("Facility/Infrastructure Attack", false),
            AttackType::kFacilityAttack);
  EXPECT_EQ(GtdAttackType("Unknown", false), AttackType::kUnknown);
  EXPECT_EQ(GtdAttackType("Hijacking", false), AttackType::kOther);
  EXPECT_EQ(GtdAttackType("", false), AttackType::kUnspecified);
}

}  // namespace
}  // namespace dyadscope::security_risk
