// Attack types, verification status and target categories from source words.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/importers/parser_base.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace importers_internal {
namespace {

// ---------------------------------------------------------------------------
// Attack types.

struct Keyword {
  absl::string_view text;  // lower case
  bool whole_word;         // else a word start suffices
  AttackType type;
};

constexpr Keyword kAttackKeywords[] = {
    {"kidnap", false, AttackType::kKidnapping},
    {"abduct", false, AttackType::kKidnapping},
    {"hostage", false, AttackType::kKidnapping},
    {"assassinat", false, AttackType::kAssassination},
    {"targeted killing", false, AttackType::kAssassination},
    {"bomb", false, AttackType::kBombing},
    {"ied", true, AttackType::kBombing},
    {"ieds", true, AttackType::kBombing},
    {"vbied", true, AttackType::kBombing},
    {"svbied", true, AttackType::kBombing},
    {"explosi", false, AttackType::kBombing},
    {"explod", false, AttackType::kBombing},
    {"blast", false, AttackType::kBombing},
    {"landmine", false, AttackType::kBombing},
    {"unarmed", false, AttackType::kUnarmedAssault},
    {"armed", false, AttackType::kArmedAssault},
    {"shoot", false, AttackType::kArmedAssault},
    {"shot", false, AttackType::kArmedAssault},
    {"gunm", false, AttackType::kArmedAssault},
    {"gunfire", false, AttackType::kArmedAssault},
    {"gun", true, AttackType::kArmedAssault},
    {"guns", true, AttackType::kArmedAssault},
    {"firing", false, AttackType::kArmedAssault},
    {"rocket", false, AttackType::kArmedAssault},
    {"grenade", false, AttackType::kArmedAssault},
    {"ambush", false, AttackType::kArmedAssault},
    {"stab", true, AttackType::kArmedAssault},
    {"stabb", false, AttackType::kArmedAssault},
    {"knife", false, AttackType::kArmedAssault},
    {"knives", true, AttackType::kArmedAssault},
    {"assault", false, AttackType::kArmedAssault},
    {"arson", false, AttackType::kFacilityAttack},
    {"sabotage", false, AttackType::kFacilityAttack},
    {"set fire", false, AttackType::kFacilityAttack},
    {"set on fire", false, AttackType::kFacilityAttack},
    {"torched", true, AttackType::kFacilityAttack},
    {"facility", false, AttackType::kFacilityAttack},
    {"infrastructure", false, AttackType::kFacilityAttack},
    {"mob", true, AttackType::kUnarmedAssault},
    {"mobs", true, AttackType::kUnarmedAssault},
    {"beat", false, AttackType::kUnarmedAssault},
    {"lynch", false, AttackType::kUnarmedAssault},
    {"unknown", false, AttackType::kUnknown},
};

}  // namespace

}  // namespace importers_internal

using importers_internal::FindWord;
using importers_internal::IsWordByte;
using importers_internal::kAttackKeywords;
using importers_internal::Keyword;
using importers_internal::NormalizeName;
using importers_internal::Strip;

AttackType AttackTypeFromText(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(Strip(text));
  if (lower.empty()) return AttackType::kUnspecified;
  if (FindWord(lower, "suicide", false) != absl::string_view::npos) {
    return AttackType::kSuicideAttack;
  }
  size_t best = absl::string_view::npos;
  AttackType type = AttackType::kOther;
  for (const Keyword& keyword : kAttackKeywords) {
    const size_t pos = FindWord(lower, keyword.text, keyword.whole_word);
    if (pos < best) {
      best = pos;
      type = keyword.type;
    }
  }
  return type;
}

std::optional<VerificationStatus> VerificationStatusFromText(
    absl::string_view text) {
  const std::string lower = NormalizeName(text);
  struct Lead {
    absl::string_view words;
    VerificationStatus status;
  };
  static constexpr Lead kLeads[] = {
      {"verified", VerificationStatus::kVerified},
      {"confirmed", VerificationStatus::kVerified},
      {"partially verified", VerificationStatus::kVerified},
      {"partly verified", VerificationStatus::kVerified},
      {"single source", VerificationStatus::kSingleSource},
      {"single-source", VerificationStatus::kSingleSource},
      {"disputed", VerificationStatus::kDisputed},
      {"conflicting", VerificationStatus::kDisputed},
      {"contested", VerificationStatus::kDisputed},
      {"unconfirmed", VerificationStatus::kUnconfirmed},
      {"unverified", VerificationStatus::kUnconfirmed},
      {"not verified", VerificationStatus::kUnconfirmed},
      {"not confirmed", VerificationStatus::kUnconfirmed},
  };
  for (const Lead& lead : kLeads) {
    if (absl::StartsWith(lower, lead.words) &&
        (lower.size() == lead.words.size() ||
         !IsWordByte(lower[lead.words.size()]))) {
      return lead.status;
    }
  }
  return std::nullopt;
}

std::optional<TargetCategory> TargetCategoryFromCsvWord(
    absl::string_view word) {
  std::string key(Strip(word));
  std::replace(key.begin(), key.end(), '-', '_');
  std::replace(key.begin(), key.end(), ' ', '_');
  return FromWord<TargetCategory>(key);
}

AttackType AcledAttackType(absl::string_view event_type,
                           absl::string_view sub_event_type) {
  const std::string sub = NormalizeName(sub_event_type);
  if (sub == "suicide bomb") return AttackType::kSuicideAttack;
  if (sub == "remote explosive/landmine/ied" || sub == "grenade") {
    return AttackType::kBombing;
  }
  if (sub == "armed clash" || sub == "attack" ||
      sub == "government regains territory" ||
      sub == "non-state actor overtakes territory") {
    return AttackType::kArmedAssault;
  }
  if (sub == "abduction/forced disappearance") return AttackType::kKidnapping;
  if (sub == "mob violence") return AttackType::kUnarmedAssault;
  if (sub == "looting/property destruction") {
    return AttackType::kFacilityAttack;
  }
  if (!sub.empty()) {
    for (absl::string_view other :
         {"air/drone strike", "shelling/artillery/missile attack",
          "chemical weapon", "sexual violence", "peaceful protest",
          "protest with intervention", "excessive force against protesters",
          "violent demonstration", "agreement", "arrests",
          "change to group/activity", "disrupted weapons use",
          "headquarters or base established",
          "non-violent transfer of territory", "other"}) {
      if (sub == other) return AttackType::kOther;
    }
  }
  const std::string type = NormalizeName(event_type);
  if (type == "battles" || absl::StartsWith(type, "battle-") ||
      absl::StartsWith(type, "battle ") || type == "battle" ||
      type == "violence against civilians") {
    return AttackType::kArmedAssault;
  }
  if (type == "remote violence" || type == "explosions/remote violence") {
    return AttackType::kBombing;
  }
  return AttackType::kOther;
}

AttackType GtdAttackType(absl::string_view attack_type_text, bool suicide) {
  if (suicide) return AttackType::kSuicideAttack;
  const std::string text = NormalizeName(attack_type_text);
  if (text.empty()) return AttackType::kUnspecified;
  if (text == "assassination") return AttackType::kAssassination;
  if (text == "armed assault") return AttackType::kArmedAssault;
  if (text == "bombing/explosion") return AttackType::kBombing;
  if (absl::StartsWith(text, "hostage taking")) return AttackType::kKidnapping;
  if (text == "facility/infrastructure attack") {
    return AttackType::kFacilityAttack;
  }
  if (text == "unarmed assault") return AttackType::kUnarmedAssault;
  if (text == "unknown") return AttackType::kUnknown;
  return AttackType::kOther;
}

}  // namespace dyadscope::security_risk
