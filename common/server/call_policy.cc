#include "common/server/call_policy.h"

#include "absl/status/status.h"
#include "common/status/grpc_status.h"

namespace dyadscope {

std::optional<grpc::Status> CallPolicy::Refusal(
    const grpc::ServerContext& context, Access access,
    absl::string_view domain) const {
  if (authorizer == nullptr) return std::nullopt;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::string_view value;
  if (it != metadata.end()) {
    value = absl::string_view(it->second.data(), it->second.size());
  }
  absl::Status status = authorizer->Check(value, access);
  if (status.ok()) return std::nullopt;
  return ToGrpcStatus(status, domain);
}

}  // namespace dyadscope
