// File: services/events/domain/event.h
// -----------------------------------------------------------------------------
// The events service's domain types: bilateral events (who did what to whom,
// coded in CAMEO) and UN General Assembly votes. Plain structs, no protobuf,
// no SQL; see dyadscope.events.v1 for the wire form.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/types/types.h"
#include "domain_enums/events.h"

namespace dyadscope::events {

// What kind of actor a country's actor is.
// enum class ActorType: generated from the contract (domain_enums/events.h).

// GDELT's QuadClass, from the CAMEO root code: roots 01–05 verbal
// cooperation, 06–09 material cooperation, 10–14 verbal conflict, 15–20
// material conflict.
// enum class QuadClass: generated from the contract (domain_enums/events.h).

// The policy domain of an event.
// enum class Domain: generated from the contract (domain_enums/events.h).

// One side of an event.
struct Actor {
  std::string country_code;  // ISO 3166-1 alpha-3
  ActorType type = ActorType::kUnspecified;
  std::string name;              // as the source names it
  std::string cameo_actor_code;  // GDELT's full actor code, e.g. "PAKGOV"
};

// GDELT-only attributes kept for provenance and weighting.
struct GdeltAttributes {
  bool is_root_event = false;
  int64_t num_mentions = 0;
  int64_t num_sources = 0;
  int64_t num_articles = 0;
  std::optional<double> avg_tone;
  std::string source_url;
  std::optional<absl::Time> date_added;
  Location actor1_location;
  Location actor2_location;
};

// A directed event: actor1 did `cameo_code` to actor2.
struct Event {
  int64_t id = 0;  // assigned by the store; name is "events/{id}"
  Date date;
  Actor actor1;
  Actor actor2;
  std::string cameo_code;           // "042", leading zeros kept
  std::string cameo_root_code;      // derived: first two digits
  std::optional<double> goldstein;  // from the CAMEO table unless given
  QuadClass quad_class = QuadClass::kUnspecified;  // derived from the root
  Domain domain = Domain::kUnspecified;
  Location location;
  std::string title;
  std::string text;
  std::vector<std::string> tags;
  std::vector<std::string> themes;       // derived: lexicon coding
  std::optional<double> mention_weight;  // NumMentions; 1 for curated
  std::optional<int> fatalities;
  std::optional<double> amount_usd;
  std::vector<SourceRef> sources;
  Provenance provenance;
  VersionInfo version;
  std::optional<GdeltAttributes> gdelt;
  std::string notes;
};

// How a UNGA member voted on one roll call.
// enum class VoteChoice: generated from the contract (domain_enums/events.h).

// One country's vote on one UN General Assembly roll call.
struct Vote {
  std::string roll_call_id;  // unvotes/Voeten rcid
  int session = 0;
  Date date;
  std::string resolution;
  std::string country_code;  // ISO 3166-1 alpha-3
  std::string country_name;
  VoteChoice choice = VoteChoice::kUnspecified;
  bool important_vote = false;
  bool amendment = false;
  bool paragraph = false;
  std::vector<std::string> issues;
  std::string description;
  SourceRef source;
  Provenance provenance;
  VersionInfo version;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_H_
