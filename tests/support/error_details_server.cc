// A test-only server that answers every dyadscope.events.v1.EventsService
// GetEvent call with the errors a real handler produces for bad input, so
// that clients in other languages can be checked to read google.rpc.Status
// details (ErrorInfo, BadRequest) through the real server bootstrap.
//
// GetEvent validates `name` ("events/{id}" with a numeric id) and
// `as_of_time` (not before 1900); with both valid it answers NOT_FOUND.

#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "common/server/grpc_server_runner.h"
#include "common/server/server_flags.h"
#include "common/server/service_main.h"
#include "common/status/error_details.h"
#include "common/status/grpc_status.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"

namespace {

class ErrorDetailsEventsService final
    : public dyadscope::events::v1::EventsService::Service {
 public:
  grpc::Status GetEvent(
      grpc::ServerContext* context,
      const dyadscope::events::v1::GetEventRequest* request,
      dyadscope::events::v1::GetEventResponse* response) override {
    dyadscope::FieldViolations violations;
    absl::string_view name = request->name();
    uint64_t id = 0;
    if (!absl::ConsumePrefix(&name, "events/") ||
        !absl::SimpleAtoi(name, &id)) {
      violations.Add("name", "must be events/{id} with a numeric id");
    }
    if (request->has_as_of_time() &&
        request->as_of_time().seconds() < -2208988800) {
      violations.Add("as_of_time", "must not be before 1900-01-01");
    }
    if (!violations.empty()) {
      return dyadscope::ToGrpcStatus(violations.ToStatus(), "events.dyadscope");
    }
    return dyadscope::ToGrpcStatus(
        dyadscope::WithReason(absl::NotFoundError("no such event"),
                              "EVENT_NOT_FOUND"),
        "events.dyadscope");
  }
};

}  // namespace

int main(int argc, char** argv) {
  dyadscope::BlockShutdownSignals();
  dyadscope::ParseFlagsWithEnvironment(argc, argv,
                                       "test-only error details server");
  absl::StatusOr<dyadscope::ServerOptions> options =
      dyadscope::ServerOptionsFromFlags("error_details_test", 0);
  if (!options.ok()) {
    return dyadscope::FailStartup("error_details_test", "bad flags",
                                  options.status());
  }
  ErrorDetailsEventsService service;
  return dyadscope::ServeUntilSignal(
      *options,
      {{dyadscope::events::v1::EventsService::service_full_name(), &service}});
}
