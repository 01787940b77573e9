#include "common/client/channel_factory.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace dyadscope {

std::string BackendServiceConfig(const std::vector<std::string>& services,
                                 int max_attempts) {
  std::vector<std::string> names;
  for (const std::string& service : services) {
    names.push_back(absl::StrCat("{\"service\":\"", service, "\"}"));
  }
  return absl::StrCat(
      "{\"loadBalancingConfig\":[{\"round_robin\":{}}],"
      "\"methodConfig\":[{\"name\":[",
      absl::StrJoin(names, ","),
      "],\"retryPolicy\":{\"maxAttempts\":", max_attempts,
      ",\"initialBackoff\":\"0.1s\",\"maxBackoff\":\"1s\","
      "\"backoffMultiplier\":2,\"retryableStatusCodes\":[\"UNAVAILABLE\"]}}]}");
}

std::shared_ptr<grpc::Channel> CreateBackendChannel(
    const std::string& address, const std::vector<std::string>& services,
    const ChannelOptions& options) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(
      BackendServiceConfig(services, options.max_attempts));
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetMaxReceiveMessageSize(options.max_message_bytes);
  args.SetMaxSendMessageSize(options.max_message_bytes);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  return grpc::CreateCustomChannel(address,
                                   options.credentials
                                       ? options.credentials
                                       : grpc::InsecureChannelCredentials(),
                                   args);
}

}  // namespace dyadscope
