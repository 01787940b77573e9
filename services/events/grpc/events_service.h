// File: services/events/grpc/events_service.h
// -----------------------------------------------------------------------------
// EventsServiceImpl: the gRPC handlers of dyadscope.events.v1.EventsService
// (bilateral events and UN General Assembly votes). Handlers are thin: convert
// the request, call the domain layer, convert the result, and map absl::Status
// to grpc::Status once (common/status).

#ifndef DYADSCOPE_SERVICES_EVENTS_GRPC_EVENTS_SERVICE_H_
#define DYADSCOPE_SERVICES_EVENTS_GRPC_EVENTS_SERVICE_H_

#include "dyadscope/events/v1/events_service.grpc.pb.h"

namespace dyadscope::events {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "events.dyadscope";

// Serves EventsService. Methods not yet implemented answer UNIMPLEMENTED.
// Thread-safe.
class EventsServiceImpl final
    : public dyadscope::events::v1::EventsService::Service {
 public:
  EventsServiceImpl() = default;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_GRPC_EVENTS_SERVICE_H_
