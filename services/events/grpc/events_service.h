// File: services/events/grpc/events_service.h
// -----------------------------------------------------------------------------
// EventsServiceImpl: the gRPC handlers of dyadscope.events.v1.EventsService.
// Handlers are thin: convert the request, call EventsManager, convert the
// result, and map absl::Status to grpc::Status once (common/status).

#ifndef DYADSCOPE_SERVICES_EVENTS_GRPC_EVENTS_SERVICE_H_
#define DYADSCOPE_SERVICES_EVENTS_GRPC_EVENTS_SERVICE_H_

#include "common/rpc/service.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "services/events/domain/events_manager.h"

namespace dyadscope::events {

// Error domain of this service in google.rpc.ErrorInfo.
inline constexpr char kErrorDomain[] = "events.dyadscope";

// Serves EventsService over an EventsManager, which must outlive it;
// constructed with (manager, CallPolicy): see rpc::BackedService.
// Thread-safe.
class EventsServiceImpl final
    : public rpc::BackedService<v1::EventsService::Service, EventsManager,
                                kErrorDomain> {
 public:
  using BackedService::BackedService;

  grpc::Status CreateEvents(grpc::ServerContext* context,
                            const v1::CreateEventsRequest* request,
                            v1::CreateEventsResponse* response) override;
  grpc::Status GetEvent(grpc::ServerContext* context,
                        const v1::GetEventRequest* request,
                        v1::GetEventResponse* response) override;
  grpc::Status ListEvents(grpc::ServerContext* context,
                          const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status DeleteEvent(grpc::ServerContext* context,
                           const v1::DeleteEventRequest* request,
                           v1::DeleteEventResponse* response) override;
  grpc::Status ImportEvents(grpc::ServerContext* context,
                            grpc::ServerReader<v1::ImportEventsRequest>* reader,
                            v1::ImportEventsResponse* response) override;
  grpc::Status SummarizeEvents(grpc::ServerContext* context,
                               const v1::SummarizeEventsRequest* request,
                               v1::SummarizeEventsResponse* response) override;
  grpc::Status WatchEvents(
      grpc::ServerContext* context, const v1::WatchEventsRequest* request,
      grpc::ServerWriter<v1::WatchEventsResponse>* writer) override;
  grpc::Status ImportVotes(grpc::ServerContext* context,
                           grpc::ServerReader<v1::ImportVotesRequest>* reader,
                           v1::ImportVotesResponse* response) override;
  grpc::Status GetVotingAlignment(
      grpc::ServerContext* context,
      const v1::GetVotingAlignmentRequest* request,
      v1::GetVotingAlignmentResponse* response) override;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_GRPC_EVENTS_SERVICE_H_
