// dyadscope: the command-line client of the dyadscope services.
//
//   dyadscope assess PAK CHN [--json]
//   dyadscope timeline PAK CHN --start_year=2000 [--end_year=2024]
//   dyadscope simulate PAK CHN --set economics.arms_import_share_from_b=-20%
//   dyadscope events list PAK CHN [--limit=50]
//   dyadscope events import FILE --format=gdelt2|gdelt1|csv|jsonl
//   [--dyad=PAK,CHN] dyadscope votes import FILE dyadscope econ import FILE
//   --format=wdi|wdi_long|comtrade|imf_dots|sipri|csv dyadscope incidents
//   import FILE --format=acled|acled_deletions|gtd|csv dyadscope risk PAK [CHN]
//   [--as_of=2025-01-01] [--horizon_days=365]
//   dyadscope report PAK CHN [--out=report.html]
//
// Addresses default to the standard local ports; errors are printed in
// words with the fields that were wrong, and the exit code is non-zero.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "cli/assess_command.h"
#include "cli/cli_common.h"
#include "cli/data_commands.h"
#include "cli/report_command.h"
#include "common/server/tls.h"

ABSL_FLAG(std::string, gateway, "127.0.0.1:50050", "Gateway address");
ABSL_FLAG(std::string, events, "127.0.0.1:50051", "Events service address");
ABSL_FLAG(std::string, economics, "127.0.0.1:50052",
          "Economics service address");
ABSL_FLAG(std::string, security_risk, "127.0.0.1:50053",
          "Security risk service address");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(120), "Deadline of a call");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA bundle that signed the services' certificates: connect over "
          "TLS");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate (mutual TLS)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, token_file, "",
          "File whose first token is sent as 'authorization: Bearer' (the "
          "DYADSCOPE_TOKEN environment variable is used when not set)");
ABSL_FLAG(bool, json, false, "Print the answer as proto JSON");
ABSL_FLAG(int, start_year, 2000, "timeline: first year");
ABSL_FLAG(int, end_year, 0, "timeline: last year (0: the present)");
ABSL_FLAG(std::vector<std::string>, set, {},
          "simulate: indicator=value, indicator=-20% or indicator=+=0.1");
ABSL_FLAG(int, limit, 50, "events list: how many events");
ABSL_FLAG(std::string, format, "csv", "import: the file's format");
ABSL_FLAG(bool, dry_run, false, "import: report what would happen only");
ABSL_FLAG(bool, atomic, false, "import: write nothing if any row is bad");
ABSL_FLAG(std::string, request_id, "", "import: idempotency key");
ABSL_FLAG(std::vector<std::string>, dyad, {},
          "import: keep only this pair, e.g. PAK,CHN");
ABSL_FLAG(std::string, as_of, "2025-01-01", "risk: as-of date");
ABSL_FLAG(int, horizon_days, 365, "risk: forecast horizon in days");
ABSL_FLAG(std::string, out, "report.html", "report: the HTML file to write");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "dyadscope COMMAND [ARGS] [--flags]\n"
      "commands: assess A B | timeline A B | simulate A B --set ... | events "
      "list A B | events import FILE | votes import FILE | econ import FILE | "
      "incidents import FILE | risk COUNTRY [PARTNER] | report A B "
      "[--out=report.html]");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  if (args.empty()) {
    std::fprintf(stderr, "%s\n", absl::ProgramUsageMessage().data());
    return dyadscope::cli::kExitUsage;
  }
  dyadscope::cli::Settings settings;
  settings.gateway = absl::GetFlag(FLAGS_gateway);
  settings.events = absl::GetFlag(FLAGS_events);
  settings.economics = absl::GetFlag(FLAGS_economics);
  settings.security_risk = absl::GetFlag(FLAGS_security_risk);
  settings.timeout = absl::GetFlag(FLAGS_timeout);
  settings.json = absl::GetFlag(FLAGS_json);
  const dyadscope::ClientTlsFiles tls{absl::GetFlag(FLAGS_tls_ca),
                                      absl::GetFlag(FLAGS_tls_cert),
                                      absl::GetFlag(FLAGS_tls_key)};
  if (!tls.ca.empty() || !tls.cert.empty() || !tls.key.empty()) {
    auto credentials = dyadscope::ClientTlsCredentials(tls, "tls");
    if (!credentials.ok()) {
      std::fprintf(stderr, "%s\n",
                   std::string(credentials.status().message()).c_str());
      return dyadscope::cli::kExitUsage;
    }
    dyadscope::cli::UseChannelCredentials(*std::move(credentials));
  }
  if (!absl::GetFlag(FLAGS_token_file).empty()) {
    std::ifstream in(absl::GetFlag(FLAGS_token_file));
    std::string line;
    while (std::getline(in, line)) {
      absl::string_view token = absl::StripAsciiWhitespace(line);
      if (!token.empty() && token.front() != '#') {
        settings.token = std::string(token);
        break;
      }
    }
    if (settings.token.empty()) {
      std::fprintf(stderr, "--token_file %s holds no token\n",
                   absl::GetFlag(FLAGS_token_file).c_str());
      return dyadscope::cli::kExitUsage;
    }
  } else if (const char* token = std::getenv("DYADSCOPE_TOKEN");
             token != nullptr) {
    settings.token = std::string(absl::StripAsciiWhitespace(token));
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "assess") return dyadscope::cli::RunAssess(settings, rest);
  if (command == "timeline") {
    return dyadscope::cli::RunTimeline(settings, rest,
                                       absl::GetFlag(FLAGS_start_year),
                                       absl::GetFlag(FLAGS_end_year));
  }
  if (command == "simulate") {
    return dyadscope::cli::RunSimulate(settings, rest,
                                       absl::GetFlag(FLAGS_set));
  }
  if (command == "risk") {
    return dyadscope::cli::RunRisk(settings, rest, absl::GetFlag(FLAGS_as_of),
                                   absl::GetFlag(FLAGS_horizon_days));
  }
  if (command == "report") {
    return dyadscope::cli::RunReport(settings, rest, absl::GetFlag(FLAGS_out));
  }
  if (rest.size() >= 1 && rest[0] == "list" && command == "events") {
    return dyadscope::cli::RunEventsList(
        settings, std::vector<std::string>(rest.begin() + 1, rest.end()),
        absl::GetFlag(FLAGS_limit));
  }
  if (rest.size() == 2 && rest[0] == "import" &&
      (command == "events" || command == "votes" || command == "econ" ||
       command == "incidents")) {
    dyadscope::cli::ImportFlags flags;
    flags.format = absl::GetFlag(FLAGS_format);
    flags.dry_run = absl::GetFlag(FLAGS_dry_run);
    flags.atomic = absl::GetFlag(FLAGS_atomic);
    flags.request_id = absl::GetFlag(FLAGS_request_id);
    flags.dyad = absl::GetFlag(FLAGS_dyad);
    return dyadscope::cli::RunImport(settings, command, rest[1], flags);
  }
  std::fprintf(stderr, "dyadscope: unknown command \"%s\"\n%s\n",
               command.c_str(), absl::ProgramUsageMessage().data());
  return dyadscope::cli::kExitUsage;
}
