// File: common/testing/test_server.h
// -----------------------------------------------------------------------------
// Starts real gRPC servers for tests: in-process on 127.0.0.1:0
// (StartTestServer), or as a separate process of a built binary
// (ServerProcess), whose bound ports are read from its "listening" log line.

#ifndef DYADSCOPE_COMMON_TESTING_TEST_SERVER_H_
#define DYADSCOPE_COMMON_TESTING_TEST_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/grpc_server_runner.h"
#include "grpcpp/channel.h"

namespace dyadscope::testing {

// An in-process server and a channel to it.
struct TestServer {
  std::unique_ptr<GrpcServerRunner> runner;
  std::shared_ptr<grpc::Channel> channel;
};

// Starts `services` on 127.0.0.1:0 with metrics on a free port, marks them
// SERVING, and connects a channel. `options` may override anything but the
// addresses.
absl::StatusOr<TestServer> StartTestServer(
    std::vector<ServiceRegistration> services,
    ServerOptions options = ServerOptions());

// How many times longer than stated a test waits for a process to start or
// to exit before it reports a failure: DYADSCOPE_TEST_TIME_SCALE (a positive
// whole number, which CMake sets for sanitized builds), 1 when unset or not
// valid. It scales waits only, never a bound a test asserts.
int TestTimeScale();

// Returns the path of a built binary (bin/<name> under DYADSCOPE_BIN_DIR,
// which CTest sets).
std::string BinaryPath(const std::string& name);

// A server binary running as a child process. Its stderr goes to a file
// that tests can read. Destroying it kills the process if still running.
class ServerProcess {
 public:
  // Starts `binary` with `args` (add --listen=127.0.0.1:0 yourself) and waits
  // up to `timeout` (times TestTimeScale()) for its "listening" log line.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      const std::string& binary, const std::vector<std::string>& args,
      absl::Duration timeout = absl::Seconds(30));

  ~ServerProcess();

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  int health_port() const { return health_port_; }  // 0: no --health_listen
  pid_t pid() const { return pid_; }
  std::string target() const;

  // Sends `signal_number` to the process.
  void Signal(int signal_number);

  // Waits up to `timeout` (times TestTimeScale()) for the process to exit and
  // returns its exit code
  // (128 + signal when killed by a signal); DEADLINE_EXCEEDED if it did not.
  absl::StatusOr<int> WaitForExit(absl::Duration timeout);

  // Returns everything the process has written to stderr so far.
  std::string Log() const;

 private:
  ServerProcess(pid_t pid, std::string log_path)
      : pid_(pid), log_path_(std::move(log_path)) {}

  pid_t pid_;
  std::string log_path_;
  int port_ = 0;
  int metrics_port_ = 0;
  int health_port_ = 0;
  bool exited_ = false;
};

// Fetches http://127.0.0.1:<port><path> with a plain HTTP/1.0 GET and
// returns the body.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

}  // namespace dyadscope::testing

#endif  // DYADSCOPE_COMMON_TESTING_TEST_SERVER_H_
