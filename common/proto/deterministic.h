// File: common/proto/deterministic.h
// -----------------------------------------------------------------------------
// Deterministic protobuf serialization: the same message always gives the
// same bytes (map order fixed), so bytes can be compared, fingerprinted and
// stored.

#ifndef DYADSCOPE_COMMON_PROTO_DETERMINISTIC_H_
#define DYADSCOPE_COMMON_PROTO_DETERMINISTIC_H_

#include <string>

#include "google/protobuf/message.h"

namespace dyadscope {

// Returns `message` serialized deterministically.
std::string SerializeDeterministic(const google::protobuf::Message& message);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_PROTO_DETERMINISTIC_H_
