#include "services/events/convert/event_proto_convert.h"

#include <cmath>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/types/type_proto_convert.h"
#include "google/protobuf/util/json_util.h"

namespace dyadscope::events {
namespace {

std::optional<ActorType> ActorTypeFromProto(int value) {
  if (value < v1::ActorType_MIN || value > v1::ActorType_MAX ||
      !v1::ActorType_IsValid(value)) {
    return std::nullopt;
  }
  return static_cast<ActorType>(value);
}

Actor ActorFromProto(const v1::Actor& proto, absl::string_view field,
                     FieldViolations& violations) {
  Actor actor;
  actor.country_code = proto.country_code();
  std::optional<ActorType> type = ActorTypeFromProto(proto.actor_type());
  if (!type.has_value()) {
    violations.Add(absl::StrCat(field, ".actor_type"),
                   absl::StrCat("unknown actor type ", proto.actor_type()));
  } else {
    actor.type = *type;
  }
  actor.name = proto.name();
  actor.cameo_actor_code = proto.cameo_actor_code();
  return actor;
}

void ActorToProto(const Actor& actor, v1::Actor* proto) {
  proto->set_country_code(actor.country_code);
  proto->set_actor_type(static_cast<v1::ActorType>(actor.type));
  proto->set_name(actor.name);
  proto->set_cameo_actor_code(actor.cameo_actor_code);
}

void CheckFinite(double value, absl::string_view field,
                 FieldViolations& violations) {
  if (!std::isfinite(value)) {
    violations.Add(field, "must be a finite number");
  }
}

}  // namespace

std::string EventName(int64_t id) { return absl::StrCat("events/", id); }

std::optional<int64_t> ParseEventName(absl::string_view name,
                                      absl::string_view field,
                                      FieldViolations& violations) {
  int64_t id = 0;
  if (!absl::ConsumePrefix(&name, "events/") || !absl::SimpleAtoi(name, &id) ||
      id <= 0) {
    violations.Add(field, "must be \"events/{id}\" with a positive id");
    return std::nullopt;
  }
  return id;
}

std::optional<Domain> DomainFromProto(int value) {
  if (!v1::Domain_IsValid(value)) return std::nullopt;
  return static_cast<Domain>(value);
}

v1::Domain DomainToProto(Domain domain) {
  return static_cast<v1::Domain>(domain);
}

std::optional<QuadClass> QuadClassFromProto(int value) {
  if (!v1::QuadClass_IsValid(value)) return std::nullopt;
  return static_cast<QuadClass>(value);
}

v1::QuadClass QuadClassToProto(QuadClass quad_class) {
  return static_cast<v1::QuadClass>(quad_class);
}

Event EventFromProto(const v1::Event& proto, absl::string_view field,
                     FieldViolations& violations) {
  Event event;
  if (!proto.has_date()) {
    violations.Add(absl::StrCat(field, ".date"), "is required");
  } else if (std::optional<Date> date = DateFromProto(
                 proto.date(), absl::StrCat(field, ".date"), violations)) {
    event.date = *date;
  }
  event.actor1 = ActorFromProto(proto.actor1(), absl::StrCat(field, ".actor1"),
                                violations);
  event.actor2 = ActorFromProto(proto.actor2(), absl::StrCat(field, ".actor2"),
                                violations);
  event.cameo_code = proto.cameo_code();
  if (proto.has_goldstein()) {
    CheckFinite(proto.goldstein(), absl::StrCat(field, ".goldstein"),
                violations);
    event.goldstein = proto.goldstein();
  }
  if (std::optional<QuadClass> quad = QuadClassFromProto(proto.quad_class())) {
    event.quad_class = *quad;
  } else {
    violations.Add(absl::StrCat(field, ".quad_class"),
                   absl::StrCat("unknown QuadClass ", proto.quad_class()));
  }
  if (std::optional<Domain> domain = DomainFromProto(proto.domain())) {
    event.domain = *domain;
  } else {
    violations.Add(absl::StrCat(field, ".domain"),
                   absl::StrCat("unknown domain ", proto.domain()));
  }
  event.location = LocationFromProto(
      proto.location(), absl::StrCat(field, ".location"), violations);
  event.title = proto.title();
  event.text = proto.text();
  event.tags.assign(proto.tags().begin(), proto.tags().end());
  event.themes.assign(proto.themes().begin(), proto.themes().end());
  if (proto.has_mention_weight()) {
    CheckFinite(proto.mention_weight(), absl::StrCat(field, ".mention_weight"),
                violations);
    event.mention_weight = proto.mention_weight();
  }
  if (proto.has_fatalities()) event.fatalities = proto.fatalities();
  if (proto.has_amount_usd()) {
    CheckFinite(proto.amount_usd(), absl::StrCat(field, ".amount_usd"),
                violations);
    event.amount_usd = proto.amount_usd();
  }
  for (int i = 0; i < proto.sources_size(); ++i) {
    event.sources.push_back(
        SourceFromProto(proto.sources(i),
                        absl::StrCat(field, ".sources[", i, "]"), violations));
  }
  event.provenance = ProvenanceFromProto(proto.provenance());
  if (proto.has_gdelt()) {
    const v1::GdeltAttributes& g = proto.gdelt();
    GdeltAttributes gdelt;
    gdelt.is_root_event = g.is_root_event();
    gdelt.num_mentions = g.num_mentions();
    gdelt.num_sources = g.num_sources();
    gdelt.num_articles = g.num_articles();
    if (g.has_avg_tone()) gdelt.avg_tone = g.avg_tone();
    gdelt.source_url = g.source_url();
    if (g.has_date_added_time()) {
      gdelt.date_added = TimeFromProto(g.date_added_time());
    }
    gdelt.actor1_location = LocationFromProto(
        g.actor1_location(), absl::StrCat(field, ".gdelt.actor1_location"),
        violations);
    gdelt.actor2_location = LocationFromProto(
        g.actor2_location(), absl::StrCat(field, ".gdelt.actor2_location"),
        violations);
    event.gdelt = std::move(gdelt);
  }
  event.notes = proto.notes();
  return event;
}

void EventToProto(const Event& event, v1::Event* proto) {
  if (event.id > 0) proto->set_name(EventName(event.id));
  DateToProto(event.date, proto->mutable_date());
  ActorToProto(event.actor1, proto->mutable_actor1());
  ActorToProto(event.actor2, proto->mutable_actor2());
  proto->set_cameo_code(event.cameo_code);
  proto->set_cameo_root_code(event.cameo_root_code);
  if (event.goldstein.has_value()) proto->set_goldstein(*event.goldstein);
  proto->set_quad_class(QuadClassToProto(event.quad_class));
  proto->set_domain(DomainToProto(event.domain));
  LocationToProto(event.location, proto->mutable_location());
  proto->set_title(event.title);
  proto->set_text(event.text);
  for (const std::string& tag : event.tags) proto->add_tags(tag);
  for (const std::string& theme : event.themes) proto->add_themes(theme);
  if (event.mention_weight.has_value()) {
    proto->set_mention_weight(*event.mention_weight);
  }
  if (event.fatalities.has_value()) proto->set_fatalities(*event.fatalities);
  if (event.amount_usd.has_value()) proto->set_amount_usd(*event.amount_usd);
  AppendEachToProto(event.sources, SourceToProto, proto->mutable_sources());
  ProvenanceToProto(event.provenance, proto->mutable_provenance());
  if (event.version.version > 0) {
    VersionToProto(event.version, proto->mutable_version_info());
  }
  if (event.gdelt.has_value()) {
    const GdeltAttributes& g = *event.gdelt;
    v1::GdeltAttributes* out = proto->mutable_gdelt();
    out->set_is_root_event(g.is_root_event);
    out->set_num_mentions(g.num_mentions);
    out->set_num_sources(g.num_sources);
    out->set_num_articles(g.num_articles);
    if (g.avg_tone.has_value()) out->set_avg_tone(*g.avg_tone);
    out->set_source_url(g.source_url);
    if (g.date_added.has_value()) {
      TimeToProto(*g.date_added, out->mutable_date_added_time());
    }
    LocationToProto(g.actor1_location, out->mutable_actor1_location());
    LocationToProto(g.actor2_location, out->mutable_actor2_location());
  }
  proto->set_notes(event.notes);
}

Vote VoteFromProto(const v1::Vote& proto, absl::string_view field,
                   FieldViolations& violations) {
  Vote vote;
  vote.roll_call_id = proto.roll_call_id();
  vote.session = proto.session();
  if (std::optional<Date> date = DateFromProto(
          proto.date(), absl::StrCat(field, ".date"), violations)) {
    vote.date = *date;
  }
  vote.resolution = proto.resolution();
  vote.country_code = proto.country_code();
  vote.country_name = proto.country_name();
  if (!v1::VoteChoice_IsValid(proto.choice())) {
    violations.Add(absl::StrCat(field, ".choice"), "unknown vote choice");
  } else {
    vote.choice = static_cast<VoteChoice>(proto.choice());
  }
  vote.important_vote = proto.important_vote();
  vote.amendment = proto.amendment();
  vote.paragraph = proto.paragraph();
  vote.issues.assign(proto.issues().begin(), proto.issues().end());
  vote.description = proto.description();
  if (proto.has_source()) {
    vote.source = SourceFromProto(proto.source(),
                                  absl::StrCat(field, ".source"), violations);
  }
  vote.provenance = ProvenanceFromProto(proto.provenance());
  return vote;
}

void VoteToProto(const Vote& vote, v1::Vote* proto) {
  proto->set_name(
      absl::StrCat("votes/", vote.roll_call_id, "-", vote.country_code));
  proto->set_roll_call_id(vote.roll_call_id);
  proto->set_session(vote.session);
  DateToProto(vote.date, proto->mutable_date());
  proto->set_resolution(vote.resolution);
  proto->set_country_code(vote.country_code);
  proto->set_country_name(vote.country_name);
  proto->set_choice(static_cast<v1::VoteChoice>(vote.choice));
  proto->set_important_vote(vote.important_vote);
  proto->set_amendment(vote.amendment);
  proto->set_paragraph(vote.paragraph);
  for (const std::string& issue : vote.issues) proto->add_issues(issue);
  proto->set_description(vote.description);
  SourceToProto(vote.source, proto->mutable_source());
  ProvenanceToProto(vote.provenance, proto->mutable_provenance());
  if (vote.version.version > 0) {
    VersionToProto(vote.version, proto->mutable_version_info());
  }
}

std::variant<Event, RowRejection> EventFromJsonLine(absl::string_view line) {
  v1::Event proto;
  const auto status = google::protobuf::util::JsonStringToMessage(
      std::string(line), &proto, google::protobuf::util::JsonParseOptions());
  if (!status.ok()) {
    return RowRejection{"", "INVALID_JSON", std::string(status.message()),
                        std::string(line.substr(0, 200))};
  }
  FieldViolations violations;
  Event event = EventFromProto(proto, "", violations);
  if (!violations.empty()) {
    const FieldViolation& first = violations.violations().front();
    return RowRejection{first.field, "INVALID_EVENT", first.description, ""};
  }
  return event;
}

}  // namespace dyadscope::events
