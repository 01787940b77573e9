// File: common/testing/rpc_status.h
// -----------------------------------------------------------------------------
// Reading the rich error details (google.rpc.Status) of a grpc::Status in
// tests: which fields a BadRequest names, and the ErrorInfo reason.

#ifndef DYADSCOPE_COMMON_TESTING_RPC_STATUS_H_
#define DYADSCOPE_COMMON_TESTING_RPC_STATUS_H_

#include <string>
#include <vector>

#include "grpcpp/support/status.h"

namespace dyadscope::testing {

// The fields of the google.rpc.BadRequest in `status`'s details, in order;
// empty when there is none.
std::vector<std::string> BadFields(const grpc::Status& status);

// The reason of the google.rpc.ErrorInfo in `status`'s details, or "".
std::string ErrorReason(const grpc::Status& status);

}  // namespace dyadscope::testing

#endif  // DYADSCOPE_COMMON_TESTING_RPC_STATUS_H_
