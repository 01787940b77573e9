// Fuzz target: request validation of every RPC of the five services. The
// first byte picks the RPC (FuzzMethods() order); for a client-streaming RPC
// (the imports) the rest is a sequence of up to 8 messages, each a varint
// length and that many bytes, otherwise the rest is one message. Each
// message must parse as the RPC's request type (inputs that do not are not
// requests, and gRPC would refuse them before any handler); the parsed
// bytes then go through a real channel to the in-process suite
// (tests/fuzz/rpc_suite.h), whose handlers validate and answer.
//
// The oracle, beyond the sanitizers: a request from a client may be refused,
// but never with UNKNOWN or INTERNAL (an error the client cannot act on,
// which for client input means a bug in validation), and the servers must
// keep answering.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/message.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "tests/fuzz/rpc_suite.h"

namespace {

using ::dyadscope::fuzz::FuzzMethod;

// Waits for the one operation in flight on `cq`; returns its ok flag.
bool Await(grpc::CompletionQueue& cq) {
  void* tag = nullptr;
  bool ok = false;
  if (!cq.Next(&tag, &ok)) std::abort();
  return ok;
}

grpc::Status Call(const FuzzMethod& method,
                  const std::vector<std::string>& messages) {
  grpc::GenericStub stub(dyadscope::fuzz::SuiteChannel(method));
  const bool watch = method.descriptor->server_streaming();
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  // A watch that is accepted streams until it is cancelled.
  context.set_deadline(std::chrono::system_clock::now() +
                       (watch ? std::chrono::milliseconds(200)
                              : std::chrono::milliseconds(30000)));
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, method.path, &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  Await(cq);
  for (const std::string& message : messages) {
    grpc::Slice slice(message);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, reinterpret_cast<void*>(2));
    if (!Await(cq)) break;
  }
  call->WritesDone(reinterpret_cast<void*>(3));
  Await(cq);
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(4));
  Await(cq);
  if (watch) context.TryCancel();
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  Await(cq);
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<FuzzMethod>& methods = dyadscope::fuzz::FuzzMethods();
  const FuzzMethod& method = methods[data[0] % methods.size()];

  std::vector<std::string> messages;
  if (method.descriptor->client_streaming()) {
    google::protobuf::io::CodedInputStream in(data + 1,
                                              static_cast<int>(size - 1));
    uint32_t length = 0;
    std::string bytes;
    while (messages.size() < 8 && in.ReadVarint32(&length) &&
           in.ReadString(&bytes, static_cast<int>(length))) {
      messages.push_back(bytes);
    }
  } else {
    messages.emplace_back(reinterpret_cast<const char*>(data + 1), size - 1);
  }
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          method.descriptor->input_type());
  std::unique_ptr<google::protobuf::Message> request(prototype->New());
  for (const std::string& message : messages) {
    if (!request->ParseFromString(message)) return -1;  // not a request
  }

  const grpc::Status status = Call(method, messages);
  if (status.error_code() == grpc::StatusCode::UNKNOWN ||
      status.error_code() == grpc::StatusCode::INTERNAL) {
    std::fprintf(stderr, "%s answered %d: %s\n", method.path.c_str(),
                 static_cast<int>(status.error_code()),
                 status.error_message().c_str());
    std::abort();
  }
  return 0;
}
