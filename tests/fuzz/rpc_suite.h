// File: tests/fuzz/rpc_suite.h
// -----------------------------------------------------------------------------
// The whole suite in one process for the request fuzz target
// (tests/support/in_process_suite: the four backends on in-memory SQLite
// stores without seed data, and a gateway over them, each on its own real
// gRPC server). Calls go through real channels, so every request is parsed
// by gRPC and validated by the real handlers.
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
  std::string service;  // "dyadscope.events.v1.EventsService"
};

// Every RPC of events, economics, securityrisk, scoring and gateway.
const std::vector<FuzzMethod>& FuzzMethods();

// Starts the suite once (aborts when it cannot) and returns the channel to
// the server of `method`.
std::shared_ptr<grpc::Channel> SuiteChannel(const FuzzMethod& method);

}  // namespace dyadscope::fuzz

#endif  // DYADSCOPE_TESTS_FUZZ_RPC_SUITE_H_
