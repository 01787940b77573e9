// File: tests/fuzz/rpc_suite.h
// -----------------------------------------------------------------------------
// The whole suite in one process for the request fuzz target: the four
// backends (in-memory SQLite stores, no seed data) on one real gRPC server on
// 127.0.0.1:0, and the gateway on a second one whose backend channels point at
// the first. Calls go through real channels, so every request is parsed by
// gRPC and validated by the real handlers.
//
// FuzzMethods() lists every RPC of the five contracts, in a fixed order (the
// services as below, each service's methods in .proto order); a fuzz input's
// first byte picks one. The seed writer uses the same table.

#ifndef DYADSCOPE_TESTS_FUZZ_RPC_SUITE_H_
#define DYADSCOPE_TESTS_FUZZ_RPC_SUITE_H_

#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"

namespace dyadscope::fuzz {

struct FuzzMethod {
  std::string path;  // "/dyadscope.events.v1.EventsService/GetEvent"
  const google::protobuf::MethodDescriptor* descriptor;
  bool gateway;  // served by the gateway's server
};

// Every RPC of events, economics, securityrisk, scoring and gateway.
const std::vector<FuzzMethod>& FuzzMethods();

// Starts the suite once (aborts when it cannot) and returns the channel to
// the backends' server (`gateway` false) or to the gateway's.
std::shared_ptr<grpc::Channel> SuiteChannel(bool gateway);

}  // namespace dyadscope::fuzz

#endif  // DYADSCOPE_TESTS_FUZZ_RPC_SUITE_H_
