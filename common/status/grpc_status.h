// File: common/status/grpc_status.h
// -----------------------------------------------------------------------------
// The one place where absl::Status becomes grpc::Status (gRPC 1.51 has no
// converter). Handlers call ToGrpcStatus exactly once per RPC. The result
// carries a google.rpc.Status in its binary details with a
// google.rpc.ErrorInfo (reason, domain = service name) and, for
// INVALID_ARGUMENT, a google.rpc.BadRequest with one FieldViolation per bad
// field, so clients in any language can read which field was wrong.

#ifndef DYADSCOPE_COMMON_STATUS_GRPC_STATUS_H_
#define DYADSCOPE_COMMON_STATUS_GRPC_STATUS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace dyadscope {

// Longest error message sent to a client; longer messages are cut and marked.
inline constexpr std::size_t kMaxErrorMessageBytes = 1024;

// Returns the grpc::Status for `status`. `domain` names the service that
// produced the error (e.g. "events.dyadscope"), and becomes ErrorInfo.domain.
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view domain);

// Returns the canonical name of `code` ("OK", "INVALID_ARGUMENT", …), or
// "UNKNOWN" for a value outside the 17 codes.
const char* GrpcCodeName(grpc::StatusCode code);

// Returns the absl::Status for a status received from another service,
// keeping its code, message, reason and field violations.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_STATUS_GRPC_STATUS_H_
