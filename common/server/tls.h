// File: common/server/tls.h
// -----------------------------------------------------------------------------
// TLS credentials from PEM files, for servers (--tls_cert, --tls_key, and
// --tls_client_ca to require client certificates signed by that CA: mutual
// TLS) and for clients (a CA to verify the server, and optionally a client
// certificate and key). Errors name the flag whose file is bad.

#ifndef DYADSCOPE_COMMON_SERVER_TLS_H_
#define DYADSCOPE_COMMON_SERVER_TLS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace dyadscope {

struct ServerTlsFiles {
  std::string cert;       // PEM certificate chain (--tls_cert)
  std::string key;        // PEM private key (--tls_key)
  std::string client_ca;  // PEM CA bundle; empty: no client certificates
};

// Returns server credentials for `files`; INVALID_ARGUMENT naming the flag
// when a file is missing, unreadable or not PEM, or when only one of cert
// and key is given.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsCredentials(
    const ServerTlsFiles& files);

struct ClientTlsFiles {
  std::string ca;    // PEM CA bundle that signed the server; empty: system
  std::string cert;  // client certificate chain, for mutual TLS
  std::string key;   // its private key
};

// Returns channel credentials for `files` (cert and key both or neither).
// `flag_prefix` names the flags in errors ("backend_tls" → --backend_tls_ca).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientTlsCredentials(
    const ClientTlsFiles& files, const std::string& flag_prefix);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_TLS_H_
