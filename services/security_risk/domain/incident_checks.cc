#include <cstddef>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/records/record_use_cases.h"
#include "common/status/error_details.h"
#include "common/types/iso_countries.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {

void PrepareIncident(Incident& incident, const FieldPath& path,
                     FieldViolations& violations) {
  records::CheckDate(incident.date, path("date"), violations);
  if (!IsKnownIso3(incident.location.country_code)) {
    violations.Add(path("location.country_code"),
                   "is required: an ISO 3166-1 alpha-3 code");
  }
  if (!incident.partner_country_code.empty() &&
      !IsKnownIso3(incident.partner_country_code)) {
    violations.Add(path("partner_country_code"),
                   "must be an ISO 3166-1 alpha-3 code");
  }
  for (std::size_t i = 0; i < incident.victim_nationality_codes.size(); ++i) {
    if (!IsKnownIso3(incident.victim_nationality_codes[i])) {
      violations.Add(path(absl::StrCat("victim_nationality_codes[", i, "]")),
                     "must be an ISO 3166-1 alpha-3 code");
    }
  }
  for (const auto& [name, value, limit] :
       {std::tuple<const char*, const std::string*, size_t>{
            "target_description", &incident.target_description,
            kMaxLongTextBytes},
        {"attack_description", &incident.attack_description, kMaxLongTextBytes},
        {"verification_note", &incident.verification_note, kMaxLongTextBytes},
        {"notes", &incident.notes, kMaxLongTextBytes},
        {"partner_link", &incident.partner_link, kMaxShortTextBytes},
        {"claimed_by", &incident.claimed_by, kMaxShortTextBytes},
        {"attributed_to", &incident.attributed_to, kMaxShortTextBytes},
        {"linked_project", &incident.linked_project, kMaxShortTextBytes},
        {"source_event_type", &incident.source_event_type, kMaxShortTextBytes},
        {"source_sub_event_type", &incident.source_sub_event_type,
         kMaxShortTextBytes},
        {"location.province", &incident.location.province, kMaxShortTextBytes},
        {"location.district", &incident.location.district, kMaxShortTextBytes},
        {"location.place", &incident.location.place, kMaxShortTextBytes}}) {
    violations.CheckLength(path(name), *value, limit);
  }
  records::CheckSources(incident.sources, path("sources"), violations);
  records::CheckClientSourceSystem(incident.provenance.source_system,
                                   path("provenance.source_system"), "ACLED",
                                   violations);
}

}  // namespace dyadscope::security_risk
