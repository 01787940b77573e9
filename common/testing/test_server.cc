#include "common/testing/test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace dyadscope::testing {
namespace {

// Returns the integer after "\"key\":" in `line`, or 0.
int JsonIntField(const std::string& line, const std::string& key) {
  std::string needle = absl::StrCat("\"", key, "\":");
  std::size_t at = line.find(needle);
  if (at == std::string::npos) return 0;
  std::size_t start = at + needle.size();
  std::size_t end = start;
  while (end < line.size() &&
         std::isdigit(static_cast<unsigned char>(line[end]))) {
    ++end;
  }
  int value = 0;
  if (!absl::SimpleAtoi(line.substr(start, end - start), &value)) return 0;
  return value;
}

}  // namespace

int TestTimeScale() {
  const char* value = std::getenv("DYADSCOPE_TEST_TIME_SCALE");
  int scale = 0;
  if (value == nullptr || !absl::SimpleAtoi(value, &scale) || scale < 1) {
    return 1;
  }
  return scale;
}

absl::StatusOr<TestServer> StartTestServer(
    std::vector<ServiceRegistration> services, ServerOptions options) {
  if (options.service_name.empty()) options.service_name = "test";
  options.listen_address = "127.0.0.1:0";
  options.metrics_listen_address = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<GrpcServerRunner>> runner =
      GrpcServerRunner::Start(options, std::move(services));
  if (!runner.ok()) return runner.status();
  (*runner)->SetServing(true);
  TestServer server;
  server.channel = grpc::CreateChannel((*runner)->local_target(),
                                       grpc::InsecureChannelCredentials());
  server.runner = *std::move(runner);
  return server;
}

std::string BinaryPath(const std::string& name) {
  const char* dir = std::getenv("DYADSCOPE_BIN_DIR");
  return absl::StrCat(dir != nullptr ? dir : "build/bin", "/", name);
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::string& binary, const std::vector<std::string>& args,
    absl::Duration timeout) {
  if (access(binary.c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat("no executable at ", binary));
  }
  char log_template[] = "/tmp/dyadscope-server-log-XXXXXX";
  int log_fd = mkstemp(log_template);
  if (log_fd < 0) return absl::InternalError("cannot create a log file");
  std::string log_path = log_template;

  std::vector<std::string> argv_storage;
  argv_storage.push_back(binary);
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return absl::InternalError("fork failed");
  }
  if (pid == 0) {
    // Child: a clean signal mask, stderr (and stdout) to the log file.
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, nullptr);
    dup2(log_fd, STDERR_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    close(log_fd);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  std::unique_ptr<ServerProcess> process(
      new ServerProcess(pid, std::move(log_path)));
  const absl::Time deadline = absl::Now() + timeout * TestTimeScale();
  while (absl::Now() < deadline) {
    std::istringstream lines(process->Log());
    for (std::string line; std::getline(lines, line);) {
      if (line.find("\"msg\":\"listening\"") != std::string::npos) {
        process->port_ = JsonIntField(line, "port");
        process->metrics_port_ = JsonIntField(line, "metrics_port");
        process->health_port_ = JsonIntField(line, "health_port");
        return process;
      }
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      process->exited_ = true;
      return absl::FailedPreconditionError(absl::StrCat(
          binary, " exited before listening; its log:\n", process->Log()));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(
      absl::StrCat(binary, " did not log \"listening\" in time; its log:\n",
                   process->Log()));
}

ServerProcess::~ServerProcess() {
  if (!exited_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  unlink(log_path_.c_str());
}

std::string ServerProcess::target() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void ServerProcess::Signal(int signal_number) { kill(pid_, signal_number); }

absl::StatusOr<int> ServerProcess::WaitForExit(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout * TestTimeScale();
  while (absl::Now() < deadline) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exited_ = true;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return absl::InternalError("unexpected wait status");
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return absl::DeadlineExceededError("process did not exit in time");
}

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd);
    return absl::UnavailableError(
        absl::StrCat("cannot connect to port ", port));
  }
  std::string request =
      absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  if (write(fd, request.data(), request.size()) !=
      static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("short write");
  }
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
  close(fd);
  std::size_t body = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || body == std::string::npos) {
    return absl::InternalError("malformed HTTP response");
  }
  if (response.find(" 200 ") == std::string::npos) {
    return absl::InternalError(absl::StrCat(
        "HTTP status line: ", response.substr(0, response.find('\r'))));
  }
  return response.substr(body + 4);
}

}  // namespace dyadscope::testing
