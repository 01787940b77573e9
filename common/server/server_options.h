// File: common/server/server_options.h
// -----------------------------------------------------------------------------
// The settings every dyadscope gRPC server shares. Binaries fill this struct
// from their flags (common/server/server_flags.h); tests fill it directly.

#ifndef DYADSCOPE_COMMON_SERVER_SERVER_OPTIONS_H_
#define DYADSCOPE_COMMON_SERVER_SERVER_OPTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/server/call_policy.h"
#include "common/server/rpc_interceptor.h"
#include "grpcpp/security/server_credentials.h"

namespace dyadscope {

struct ServerOptions {
  // Short service name used in logs and error domains, e.g. "events".
  std::string service_name;

  // gRPC listen address "host:port"; port 0 picks a free port.
  std::string listen_address = "127.0.0.1:0";

  // Prometheus /metrics HTTP address. Empty: the gRPC host with the gRPC
  // port + 1000 (or a free port when the gRPC port is 0). "off": no metrics.
  std::string metrics_listen_address;

  // How long in-flight calls may run after a shutdown signal before they are
  // cancelled.
  absl::Duration shutdown_grace = absl::Seconds(15);

  // How long the server keeps answering (health NOT_SERVING) after a
  // shutdown signal before it stops accepting calls, so that load balancers
  // and probes see it leave.
  absl::Duration lame_duck = absl::ZeroDuration();

  // Largest request or response message in bytes.
  int max_message_bytes = 16 * 1024 * 1024;

  // Most concurrent streams (calls) a client may open on one connection.
  int max_concurrent_streams = 256;

  // Upper bound on threads serving synchronous calls (0: gRPC's default).
  int max_threads = 0;

  // Server-side keepalive pings on idle connections and their timeout.
  absl::Duration keepalive_time = absl::Seconds(60);
  absl::Duration keepalive_timeout = absl::Seconds(20);

  // Test-only delays; empty in production.
  std::vector<FaultRule> faults;

  // Transport credentials; null means plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;

  // A second, plaintext listening address that serves only
  // grpc.health.v1.Health (and reflection), for probes that cannot speak
  // TLS; empty: none.
  std::string health_listen_address;

  // What every handler checks: the bearer-token authorizer (from
  // --auth_token_file and --auth_reads; null checks nothing, see
  // common/server/auth.h) and the upload limit (--max_import_bytes). Each
  // service's constructor takes it; ServeUntilSignal reloads the
  // authorizer's token file on SIGHUP.
  CallPolicy call_policy;
};

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_SERVER_OPTIONS_H_
