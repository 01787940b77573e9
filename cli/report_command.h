// File: cli/report_command.h
// -----------------------------------------------------------------------------
// `dyadscope report A B --out=report.html`: asks the gateway and the three
// data services for a dyad's assessment, timeline, events, trade, UN votes,
// incidents and risk forecast, and writes one self-contained HTML file with
// inline SVG charts (no script, font or image from the network), a coverage
// table and the list of sources.

#ifndef DYADSCOPE_CLI_REPORT_COMMAND_H_
#define DYADSCOPE_CLI_REPORT_COMMAND_H_

#include <string>
#include <vector>

#include "cli/cli_common.h"

namespace dyadscope::cli {

// Writes the report of the dyad `args` (A B) to `out_path`. Sections whose
// service did not answer show a note instead of a chart; the exit code is
// non-zero when the file cannot be written or the assessment failed.
int RunReport(const Settings& settings, const std::vector<std::string>& args,
              const std::string& out_path);

}  // namespace dyadscope::cli

#endif  // DYADSCOPE_CLI_REPORT_COMMAND_H_
