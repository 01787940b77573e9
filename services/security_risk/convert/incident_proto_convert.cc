#include "services/security_risk/convert/incident_proto_convert.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/records/record_proto.h"
#include "common/types/type_proto_convert.h"

namespace dyadscope::security_risk {
namespace {

namespace v1 = ::dyadscope::securityrisk::v1;

template <typename Enum>
Enum Checked(int value, bool (*is_valid)(int), absl::string_view field,
             FieldViolations& violations) {
  if (!is_valid(value)) {
    violations.Add(field, absl::StrCat("unknown value ", value));
    return static_cast<Enum>(0);
  }
  return static_cast<Enum>(value);
}

void CheckCount(const std::optional<int>& count, absl::string_view field,
                FieldViolations& violations) {
  if (count.has_value() && *count < 0) {
    violations.Add(field, "must not be negative");
  }
}

}  // namespace

std::string IncidentName(int64_t id) { return absl::StrCat("incidents/", id); }

Incident IncidentFromProto(const v1::Incident& proto, absl::string_view field,
                           FieldViolations& violations) {
  const FieldPath path(field);
  Incident incident;
  if (!proto.has_date()) {
    violations.Add(path("date"), "is required");
  } else if (auto date =
                 DateFromProto(proto.date(), path("date"), violations)) {
    incident.date = *date;
  }
  incident.location =
      LocationFromProto(proto.location(), path("location"), violations);
  incident.target_description = proto.target_description();
  incident.target_category = Checked<TargetCategory>(
      proto.target_category(), v1::TargetCategory_IsValid,
      path("target_category"), violations);
  incident.victim_nationality_codes.assign(
      proto.victim_nationality_codes().begin(),
      proto.victim_nationality_codes().end());
  incident.partner_country_code = proto.partner_country_code();
  incident.partner_link = proto.partner_link();
  incident.attack_type =
      Checked<AttackType>(proto.attack_type(), v1::AttackType_IsValid,
                          path("attack_type"), violations);
  incident.attack_description = proto.attack_description();
  if (proto.has_fatalities_total()) {
    incident.fatalities_total = proto.fatalities_total();
  }
  if (proto.has_fatalities_partner_nationals()) {
    incident.fatalities_partner_nationals =
        proto.fatalities_partner_nationals();
  }
  if (proto.has_fatalities_perpetrators()) {
    incident.fatalities_perpetrators = proto.fatalities_perpetrators();
  }
  if (proto.has_injured_total()) incident.injured_total = proto.injured_total();
  if (proto.has_injured_partner_nationals()) {
    incident.injured_partner_nationals = proto.injured_partner_nationals();
  }
  CheckCount(incident.fatalities_total, path("fatalities_total"), violations);
  CheckCount(incident.fatalities_partner_nationals,
             path("fatalities_partner_nationals"), violations);
  CheckCount(incident.fatalities_perpetrators, path("fatalities_perpetrators"),
             violations);
  CheckCount(incident.injured_total, path("injured_total"), violations);
  CheckCount(incident.injured_partner_nationals,
             path("injured_partner_nationals"), violations);
  incident.claimed_by = proto.claimed_by();
  incident.attributed_to = proto.attributed_to();
  incident.linked_project = proto.linked_project();
  incident.verification_status = Checked<VerificationStatus>(
      proto.verification_status(), v1::VerificationStatus_IsValid,
      path("verification_status"), violations);
  incident.verification_note = proto.verification_note();
  incident.source_event_type = proto.source_event_type();
  incident.source_sub_event_type = proto.source_sub_event_type();
  incident.notes = proto.notes();
  records::RecordSourcesFromProto(proto, field, violations, incident);
  return incident;
}

void IncidentToProto(const Incident& incident, v1::Incident* proto) {
  if (incident.id > 0) proto->set_name(IncidentName(incident.id));
  DateToProto(incident.date, proto->mutable_date());
  LocationToProto(incident.location, proto->mutable_location());
  proto->set_target_description(incident.target_description);
  proto->set_target_category(
      static_cast<v1::TargetCategory>(incident.target_category));
  for (const std::string& code : incident.victim_nationality_codes) {
    proto->add_victim_nationality_codes(code);
  }
  proto->set_partner_country_code(incident.partner_country_code);
  proto->set_partner_link(incident.partner_link);
  proto->set_attack_type(static_cast<v1::AttackType>(incident.attack_type));
  proto->set_attack_description(incident.attack_description);
  if (incident.fatalities_total) {
    proto->set_fatalities_total(*incident.fatalities_total);
  }
  if (incident.fatalities_partner_nationals) {
    proto->set_fatalities_partner_nationals(
        *incident.fatalities_partner_nationals);
  }
  if (incident.fatalities_perpetrators) {
    proto->set_fatalities_perpetrators(*incident.fatalities_perpetrators);
  }
  if (incident.injured_total) proto->set_injured_total(*incident.injured_total);
  if (incident.injured_partner_nationals) {
    proto->set_injured_partner_nationals(*incident.injured_partner_nationals);
  }
  proto->set_claimed_by(incident.claimed_by);
  proto->set_attributed_to(incident.attributed_to);
  proto->set_linked_project(incident.linked_project);
  proto->set_verification_status(
      static_cast<v1::VerificationStatus>(incident.verification_status));
  proto->set_verification_note(incident.verification_note);
  proto->set_source_event_type(incident.source_event_type);
  proto->set_source_sub_event_type(incident.source_sub_event_type);
  proto->set_notes(incident.notes);
  records::RecordSourcesToProto(incident, proto);
}

}  // namespace dyadscope::security_risk
