// File: common/server/call_policy.h
// -----------------------------------------------------------------------------
// What a dyadscope handler checks on every call: who may call (the bearer
// token authorizer of common/server/auth.h) and how many bytes one upload
// may send and decompress to. A server's CallPolicy lives in its ServerOptions
// and is passed to each service's constructor, so two servers in one process
// (tests, the in-process suite) never share it through process-wide state.

#ifndef DYADSCOPE_COMMON_SERVER_CALL_POLICY_H_
#define DYADSCOPE_COMMON_SERVER_CALL_POLICY_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "absl/strings/string_view.h"
#include "common/server/auth.h"
#include "common/util/stream_decompressor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace dyadscope {

// The upload limit when none is set (--max_import_bytes' default): 4 GiB.
inline constexpr int64_t kDefaultMaxUploadBytes = int64_t{4} << 30;

struct CallPolicy {
  // Checks the bearer token of each call; null checks nothing. Shared with
  // the server runner, which reloads its token file on SIGHUP
  // (TokenAuthorizer is thread-safe).
  std::shared_ptr<TokenAuthorizer> authorizer;

  // The most bytes one Import upload may send in all (--max_import_bytes);
  // see common/server/upload_stream.h.
  int64_t max_upload_bytes = kDefaultMaxUploadBytes;

  // The most plain bytes one compressed Import upload may decompress to
  // (--max_import_decompressed_bytes); see StreamDecompressor::Create.
  int64_t max_decompressed_bytes = kDefaultMaxDecompressedBytes;

  // Returns nullopt when the call (its `authorization` metadata) may do
  // `access`; otherwise the UNAUTHENTICATED answer to return, reason
  // TOKEN_MISSING or TOKEN_INVALID, ErrorInfo domain `domain`.
  std::optional<grpc::Status> Refusal(const grpc::ServerContext& context,
                                      Access access,
                                      absl::string_view domain) const;
};

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_CALL_POLICY_H_
