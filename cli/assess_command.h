// File: cli/assess_command.h
// -----------------------------------------------------------------------------
// `dyadscope assess A B`, `dyadscope timeline A B`, `dyadscope simulate A B
// --set indicator=value`: ask the gateway and print the answer as readable
// tables (or proto JSON with --json).

#ifndef DYADSCOPE_CLI_ASSESS_COMMAND_H_
#define DYADSCOPE_CLI_ASSESS_COMMAND_H_

#include <string>
#include <vector>

#include "cli/cli_common.h"

namespace dyadscope::cli {

int RunAssess(const Settings& settings, const std::vector<std::string>& args);
int RunTimeline(const Settings& settings, const std::vector<std::string>& args,
                int start_year, int end_year);
int RunSimulate(const Settings& settings, const std::vector<std::string>& args,
                const std::vector<std::string>& overrides);

}  // namespace dyadscope::cli

#endif  // DYADSCOPE_CLI_ASSESS_COMMAND_H_
