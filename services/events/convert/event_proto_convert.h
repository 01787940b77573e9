// File: services/events/convert/event_proto_convert.h
// -----------------------------------------------------------------------------
// Conversions between dyadscope.events.v1 messages and the events domain
// types. Used by the gRPC handlers and by the SQL store, which keeps each
// event version as its serialized Event message (protobuf's wire format is
// made for compatible evolution, which is what a stored record needs).
// FromProto functions check the shape of fields (enums in range, numbers
// finite) and name bad fields under `field`; domain rules (a known CAMEO
// code, a known country) are checked by the domain layer.

#ifndef DYADSCOPE_SERVICES_EVENTS_CONVERT_EVENT_PROTO_CONVERT_H_
#define DYADSCOPE_SERVICES_EVENTS_CONVERT_EVENT_PROTO_CONVERT_H_

#include <string>
#include <variant>

#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "dyadscope/events/v1/event.pb.h"
#include "dyadscope/events/v1/vote.pb.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {

// Returns the resource name "events/{id}".
std::string EventName(int64_t id);

// Parses "events/{id}"; records a violation at `field` when malformed.
std::optional<int64_t> ParseEventName(absl::string_view name,
                                      absl::string_view field,
                                      FieldViolations& violations);

Event EventFromProto(const v1::Event& proto, absl::string_view field,
                     FieldViolations& violations);
void EventToProto(const Event& event, v1::Event* proto);

// Decodes one JSON Lines row (a v1.Event in protobuf's JSON mapping) into an
// event, or a rejection: INVALID_JSON when the line is not such JSON,
// INVALID_EVENT naming the first bad field when it is.
std::variant<Event, RowRejection> EventFromJsonLine(absl::string_view line);

Vote VoteFromProto(const v1::Vote& proto, absl::string_view field,
                   FieldViolations& violations);
void VoteToProto(const Vote& vote, v1::Vote* proto);

// Enum conversions; FromProto returns nullopt for values out of range.
std::optional<Domain> DomainFromProto(int value);
v1::Domain DomainToProto(Domain domain);
std::optional<QuadClass> QuadClassFromProto(int value);
v1::QuadClass QuadClassToProto(QuadClass quad_class);

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_CONVERT_EVENT_PROTO_CONVERT_H_
