#include "common/testing/postgres_server.h"

#include <glob.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dyadscope::testing {
namespace {

// Returns a loopback TCP port that is free now.
absl::StatusOr<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return absl::InternalError("cannot find a free port");
  }
  const int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

std::string ReadTail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace

absl::StatusOr<std::string> PostgresServer::FindBinDir() {
  glob_t found{};
  std::vector<std::string> dirs;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &found) == 0) {
    for (std::size_t i = 0; i < found.gl_pathc; ++i) {
      std::string path = found.gl_pathv[i];
      std::string dir =
          path.substr(0, path.size() - std::string("/initdb").size());
      if (access((dir + "/pg_ctl").c_str(), X_OK) == 0) dirs.push_back(dir);
    }
  }
  globfree(&found);
  if (dirs.empty()) {
    return absl::NotFoundError(
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
        "(install Debian's postgresql package)");
  }
  // Newest major version: compare the numeric folder names.
  std::sort(dirs.begin(), dirs.end(),
            [](const std::string& a, const std::string& b) {
              return std::atoi(a.c_str() + 20) < std::atoi(b.c_str() + 20);
            });
  return dirs.back();
}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  absl::StatusOr<std::string> bin_dir = FindBinDir();
  if (!bin_dir.ok()) return bin_dir.status();
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(
      tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/dyadscope-pg-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("cannot create a temporary folder");
  }
  if (geteuid() == 0) {
    struct passwd* user = getpwnam("postgres");
    if (user == nullptr) {
      std::filesystem::remove_all(pattern);
      return absl::FailedPreconditionError(
          "running as root and there is no postgres user to run the server");
    }
    if (chown(pattern.c_str(), user->pw_uid, user->pw_gid) != 0) {
      std::filesystem::remove_all(pattern);
      return absl::InternalError("cannot give the folder to postgres");
    }
  }
  absl::StatusOr<int> port = FreePort();
  if (!port.ok()) return port.status();
  std::unique_ptr<PostgresServer> server(
      new PostgresServer(*bin_dir, pattern, *port));
  absl::Status status =
      server->Run("initdb", absl::StrCat("-D '", pattern,
                                         "/data' -A trust -U postgres "
                                         "-E UTF8 --locale=C --no-sync"));
  if (!status.ok()) return status;
  if (status = server->Restart(); !status.ok()) return status;
  absl::StatusOr<std::string> url = server->CreateDatabase("dyadscope_test");
  if (!url.ok()) return url.status();
  return server;
}

PostgresServer::~PostgresServer() {
  if (running_) (void)Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string PostgresServer::UrlFor(const std::string& database) const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/", database);
}

absl::Status PostgresServer::Run(const std::string& program,
                                 const std::string& args) {
  const std::string log = absl::StrCat(dir_, "/commands.log");
  std::string command = absl::StrCat("'", bin_dir_, "/", program, "' ", args,
                                     " >>'", log, "' 2>&1 </dev/null");
  if (geteuid() == 0) {
    command = absl::StrCat("runuser -u postgres -- sh -c \"", command, "\"");
  }
  const int rc = std::system(command.c_str());
  if (rc != 0) {
    return absl::InternalError(absl::StrCat(program, " failed (", rc,
                                            "): ", ReadTail(log),
                                            ReadTail(dir_ + "/server.log")));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase(
    const std::string& name) {
  absl::Status status = Run("createdb", absl::StrCat("-h 127.0.0.1 -p ", port_,
                                                     " -U postgres ", name));
  if (!status.ok()) return status;
  return UrlFor(name);
}

absl::Status PostgresServer::Stop() {
  absl::Status status =
      Run("pg_ctl", absl::StrCat("-D '", dir_, "/data' -m fast -w -t 60 stop"));
  if (status.ok()) running_ = false;
  return status;
}

absl::Status PostgresServer::Restart() {
  absl::Status status = Run(
      "pg_ctl",
      absl::StrCat("-D '", dir_, "/data' -l '", dir_,
                   "/server.log' -w -t 60 -o '-c listen_addresses=127.0.0.1 "
                   "-p ",
                   port_, " -k ", dir_, " -c fsync=off' start"));
  if (status.ok()) running_ = true;
  return status;
}

}  // namespace dyadscope::testing
