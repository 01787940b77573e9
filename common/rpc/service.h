// File: common/rpc/service.h
// -----------------------------------------------------------------------------
// The frame every dyadscope gRPC handler shares, written once. Serve runs
// one unary call: it refuses a caller without the access the method needs
// (the server's CallPolicy), runs the handler's body (convert the request,
// call the backend, convert the answer) and maps the body's absl::Status
// to grpc::Status once, with the service's google.rpc.ErrorInfo domain.
// ServiceBase and BackedService are the bases of each service's
// implementation: the generated service, the CallPolicy passed to the
// constructor, the backend the handlers call, and Serve bound to them, so a
// service declares only its methods.

#ifndef DYADSCOPE_COMMON_RPC_SERVICE_H_
#define DYADSCOPE_COMMON_RPC_SERVICE_H_

#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/server/auth.h"
#include "common/server/call_policy.h"
#include "common/status/grpc_status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace dyadscope::rpc {

// Returns the refusal of `policy` when the call may not do `access`;
// otherwise runs `body` and returns its status, converted with ErrorInfo
// domain `domain`.
inline grpc::Status Serve(const grpc::ServerContext& context,
                          const CallPolicy& policy, Access access,
                          absl::string_view domain,
                          absl::FunctionRef<absl::Status()> body) {
  if (auto refused = policy.Refusal(context, access, domain)) {
    return *refused;
  }
  return ToGrpcStatus(body(), domain);
}

// The base of a service implementation over the generated
// `GeneratedService` (e.g. v1::ScoringService::Service) whose errors carry
// ErrorInfo domain `kDomain`. `policy` (the server's
// ServerOptions::call_policy) decides who may call and how large an upload
// may be.
template <typename GeneratedService, const char* kDomain>
class ServiceBase : public GeneratedService {
 public:
  explicit ServiceBase(CallPolicy policy) : policy_(std::move(policy)) {}

 protected:
  const CallPolicy& policy() const { return policy_; }

  // Serves one unary call that needs `access` (see rpc::Serve).
  grpc::Status Serve(const grpc::ServerContext* context, Access access,
                     absl::FunctionRef<absl::Status()> body) const {
    return rpc::Serve(*context, policy_, access, kDomain, body);
  }

 private:
  const CallPolicy policy_;
};

// A ServiceBase whose handlers call `backend` (a manager, an aggregator),
// which must outlive the service.
template <typename GeneratedService, typename Backend, const char* kDomain>
class BackedService : public ServiceBase<GeneratedService, kDomain> {
 public:
  BackedService(Backend* backend, CallPolicy policy)
      : ServiceBase<GeneratedService, kDomain>(std::move(policy)),
        backend_(backend) {}

 protected:
  Backend* backend() const { return backend_; }

 private:
  Backend* const backend_;
};

}  // namespace dyadscope::rpc

#endif  // DYADSCOPE_COMMON_RPC_SERVICE_H_
