// File: cli/data_commands.h
// -----------------------------------------------------------------------------
// `dyadscope events list`, `dyadscope risk`, and the file imports
// (`events import`, `votes import`, `econ import`, `incidents import`):
// direct calls to the data services. Imports stream the file in 1 MiB
// chunks, show a progress bar with rows/s and ETA on a terminal (quiet when
// piped), and stop cleanly on Ctrl-C (the server writes nothing more).

#ifndef DYADSCOPE_CLI_DATA_COMMANDS_H_
#define DYADSCOPE_CLI_DATA_COMMANDS_H_

#include <string>
#include <vector>

#include "cli/cli_common.h"

namespace dyadscope::cli {

struct ImportFlags {
  std::string format;
  bool dry_run = false;
  bool atomic = false;
  std::string request_id;
  std::vector<std::string> dyad;  // events: keep only this pair
};

int RunEventsList(const Settings& settings,
                  const std::vector<std::string>& args, int limit);
int RunImport(const Settings& settings, const std::string& kind,
              const std::string& file, const ImportFlags& flags);
int RunRisk(const Settings& settings, const std::vector<std::string>& args,
            const std::string& as_of, int horizon_days);

}  // namespace dyadscope::cli

#endif  // DYADSCOPE_CLI_DATA_COMMANDS_H_
