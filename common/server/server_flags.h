// File: common/server/server_flags.h
// -----------------------------------------------------------------------------
// The command-line flags every dyadscope binary shares (--listen,
// --metrics_listen, --shutdown_grace, …), defined once here and linked only
// into binaries' main(). Libraries never read flags: main() turns them into
// a ServerOptions with ServerOptionsFromFlags.
//
// Every flag may also come from the environment as DYADSCOPE_<FLAG NAME IN
// UPPER CASE> (e.g. DYADSCOPE_LISTEN, DYADSCOPE_DATABASE), for container
// platforms that prefer environment variables; a flag on the command line
// wins over the environment.

#ifndef DYADSCOPE_COMMON_SERVER_SERVER_FLAGS_H_
#define DYADSCOPE_COMMON_SERVER_SERVER_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/server/server_options.h"

namespace dyadscope {

// Applies DYADSCOPE_* environment variables to the registered flags, then
// parses the command line (which wins). Exits with a message on a bad flag
// or environment value. Returns the positional arguments.
std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv,
                                             absl::string_view usage);

// Returns the ServerOptions described by the shared flags. `service_name`
// names the service in logs; `default_port` is its DESIGN.md port, used when
// --listen is not given. Returns INVALID_ARGUMENT naming the bad flag.
absl::StatusOr<ServerOptions> ServerOptionsFromFlags(
    absl::string_view service_name, int default_port);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_SERVER_FLAGS_H_
