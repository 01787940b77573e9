// File: common/client/channel_factory.h
// -----------------------------------------------------------------------------
// Long-lived channels to downstream services, made once at start-up: with
// keepalive, the message size limit, and a service config that spreads
// calls round-robin over every address the target resolves to (a
// Kubernetes headless service: `dns:///events-headless:50051`, one address
// per ready replica) and retries calls failing with UNAVAILABLE (a backend
// restarting, a connection dropping) with exponential backoff, within each
// call's deadline.

#ifndef DYADSCOPE_COMMON_CLIENT_CHANNEL_FACTORY_H_
#define DYADSCOPE_COMMON_CLIENT_CHANNEL_FACTORY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"

namespace dyadscope {

struct ChannelOptions {
  // Retry attempts in all (first try included) for UNAVAILABLE.
  int max_attempts = 3;
  int max_message_bytes = 16 * 1024 * 1024;
  // Transport credentials; null means plaintext.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // When set, every call carries "authorization: Bearer <token>" (the
  // credential a caller such as the gateway presents to backends that close
  // reads with --auth_reads). Use TLS where the network is not trusted.
  std::string bearer_token;
};

// Reads the bearer token from `path`: its first line that is neither blank
// nor a # comment, trimmed. INVALID_ARGUMENT naming `flag` when there is
// none or it holds whitespace; NOT_FOUND when the file cannot be read.
absl::StatusOr<std::string> ReadBearerToken(const std::string& path,
                                            absl::string_view flag);

// Returns the service config JSON: round-robin load balancing, and retries
// of UNAVAILABLE for `services` (full names, e.g.
// "dyadscope.events.v1.EventsService").
std::string BackendServiceConfig(const std::vector<std::string>& services,
                                 int max_attempts);

// Creates a channel to `address` for `services` (plaintext unless
// options.credentials is set).
std::shared_ptr<grpc::Channel> CreateBackendChannel(
    const std::string& address, const std::vector<std::string>& services,
    const ChannelOptions& options = ChannelOptions());

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_CLIENT_CHANNEL_FACTORY_H_
