// File: services/events/domain/cameo.h
// -----------------------------------------------------------------------------
// The CAMEO event code table (data/reference/cameo_codes.csv, embedded in the
// binary): each code's description, Goldstein value and GDELT QuadClass, plus
// the derivations the events service makes from a code (root, QuadClass,
// policy domain).
//
// Codes are strings: "010" is not "10", and "04" (the root) is not "040"
// (its "not specified below" child). Codes have 2 to 4 digits; the first two
// are the root, "01" to "20".

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_CAMEO_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_CAMEO_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/events/domain/event.h"

namespace dyadscope::events::cameo {

// One row of the CAMEO table.
struct CameoCode {
  std::string code;       // "042"
  std::string root_code;  // "04"
  std::string description;
  double goldstein = 0;  // Goldstein (1992) scale, -10 to +10
  QuadClass quad_class = QuadClass::kUnspecified;
};

// Returns the table row of `code`, or nullopt when the table has no such code
// (e.g. "2", "21", "0421x", ""). The table is parsed from the embedded CSV
// on first use; thread-safe.
std::optional<CameoCode> Lookup(absl::string_view code);

// Returns true when `code` is in the CAMEO table.
bool IsValidCameoCode(absl::string_view code);

// Returns every code of the table in file order (roots before their
// children). The reference stays valid for the life of the program.
const std::vector<CameoCode>& AllCodes();

// Returns the root ("04") of a code shaped like a CAMEO code: 2 to 4 ASCII
// digits whose first two are "01" to "20". Returns nullopt otherwise. Does not
// consult the table: RootCode("049") is "04" though 049 does not exist.
std::optional<std::string> RootCode(absl::string_view code);

// Returns GDELT's QuadClass of a root code: "01"-"05" verbal cooperation,
// "06"-"09" material cooperation, "10"-"14" verbal conflict, "15"-"20"
// material conflict; kUnspecified for anything else (including "4").
QuadClass QuadClassForRoot(absl::string_view root_code);

// Returns the policy domain of an event with this CAMEO code, for events
// whose source does not state one (all of GDELT). The rule is the code's
// longest listed prefix:
//   - roots 01-05 (statements, appeals, intents, consultations, diplomatic
//     cooperation), 08 (yield), 09 (investigate), 10-14 (demands,
//     disapproval, rejection, threats, protest) and 16 (reduce relations):
//     diplomatic, except their economic subcodes (economic cooperation,
//     economic aid, sanctions and embargoes: 0211 0231 0254 0311 0331 0354 085
//     1011 1031 1054 1211 1221 1244 1311 1312 162 1621 163 -> economic),
//     military subcodes (military cooperation or aid, peacekeeping,
//     de-escalation, ceasefire, threats of force: 0212 0232 0234 0256 0312 0332
//     0334 0356 0861 0862 087 093 094 1012 1032 1034 1056 107 1212 1222 1224
//     1246 137 138 1622 1661 -> security) and humanitarian subcodes (0233 0333
//     0863 1033 1223 1623 -> socio-cultural);
//   - 06 material cooperation: 060 and 061 economic, 062 security (military
//     cooperation), 063 diplomatic (judicial cooperation), 064 security
//     (intelligence sharing);
//   - 07 provide aid: 070 and 071 economic, 072 and 074 security (military
//     aid, peacekeeping), 073 socio-cultural (humanitarian aid), 075
//     diplomatic (asylum);
//   - 15 (force posture), 17 (coerce), 18 (assault), 19 (fight), 20 (mass
//     violence): security.
// Returns kUnspecified when RootCode(code) is nullopt.
Domain DomainForCameoCode(absl::string_view code);

}  // namespace dyadscope::events::cameo

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_CAMEO_H_
