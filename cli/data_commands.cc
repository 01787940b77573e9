#include "cli/data_commands.h"

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"

namespace dyadscope::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void OnInterrupt(int) { g_interrupted.store(true); }

// Shows "[=====>    ] 42% 1.2 MB/s ETA 3s" on a terminal.
class Progress {
 public:
  explicit Progress(int64_t total) : total_(total), start_(absl::Now()) {}
  // `done` bytes and `rows` lines sent so far.
  void Update(int64_t done, int64_t rows) {
    if (!StdoutIsTerminal() || total_ <= 0) return;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const double fraction = static_cast<double>(done) / total_;
    const double byte_rate = seconds > 0 ? done / seconds : 0;
    const double row_rate = seconds > 0 ? rows / seconds : 0;
    const double eta = byte_rate > 0 ? (total_ - done) / byte_rate : 0;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    std::printf("\r[%s%s] %3.0f%% %9.0f rows/s ETA %4.0fs",
                std::string(filled, '=').c_str(),
                std::string(width - filled, ' ').c_str(), 100 * fraction,
                row_rate, eta);
    std::fflush(stdout);
  }
  void Done() {
    if (StdoutIsTerminal() && total_ > 0) std::printf("\n");
  }

 private:
  int64_t total_;
  absl::Time start_;
};

// Streams `file` after `first` through `writer`; returns false when the
// user interrupted.
template <typename Request, typename Writer>
bool StreamFile(const std::string& file, const Request& first, Writer& writer,
                grpc::ClientContext& context) {
  struct stat info {};
  stat(file.c_str(), &info);
  Progress progress(info.st_size);
  writer.Write(first);
  std::ifstream in(file, std::ios::binary);
  std::string buffer(1 << 20, '\0');
  int64_t sent = 0;
  int64_t rows = 0;
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    if (g_interrupted.load()) {
      context.TryCancel();
      progress.Done();
      return false;
    }
    Request chunk;
    chunk.set_chunk(buffer.data(), in.gcount());
    if (!writer.Write(chunk)) break;
    sent += in.gcount();
    rows += std::count(buffer.data(), buffer.data() + in.gcount(), '\n');
    progress.Update(sent, rows);
  }
  progress.Done();
  writer.WritesDone();
  return true;
}

template <typename Response>
void PrintImport(const Response& r) {
  std::printf(
      "rows read %lld, imported %lld (created %lld, new versions %lld), "
      "duplicates %lld, filtered out %lld, rejected %lld%s\n",
      static_cast<long long>(r.rows_read()),
      static_cast<long long>(r.imported()), static_cast<long long>(r.created()),
      static_cast<long long>(r.new_versions()),
      static_cast<long long>(r.duplicates()),
      static_cast<long long>(r.filtered_out()),
      static_cast<long long>(r.rejected()),
      r.committed() ? "" : "  (nothing written)");
  for (const auto& rejection : r.rejections()) {
    std::printf("  line %lld: %s%s%s\n",
                static_cast<long long>(rejection.line_number()),
                rejection.field().c_str(),
                rejection.field().empty() ? "" : ": ",
                rejection.reason().c_str());
  }
}

type::v1::Compression CompressionFor(const std::string& file) {
  if (absl::EndsWith(file, ".gz")) return type::v1::COMPRESSION_GZIP;
  if (absl::EndsWith(file, ".zip")) return type::v1::COMPRESSION_ZIP;
  return type::v1::COMPRESSION_NONE;
}

// Sets the upload options every import shares.
template <typename Options>
void SetUploadOptions(const ImportFlags& flags, const std::string& file,
                      Options* o) {
  o->set_dry_run(flags.dry_run);
  o->set_atomic(flags.atomic);
  o->set_request_id(flags.request_id);
  o->set_file_name(file);
  o->set_compression(CompressionFor(file));
}

// Streams `file` after `first` through the client-streaming `method` of
// `stub` and prints the answer. Returns the exit code: 130 when
// interrupted (saying so when `announce_interrupt`).
template <typename Stub, typename Request, typename Response>
int Upload(const Settings& settings, Stub& stub,
           std::unique_ptr<grpc::ClientWriter<Request>> (Stub::*method)(
               grpc::ClientContext*, Response*),
           const char* method_name, const std::string& file,
           const Request& first, bool announce_interrupt) {
  auto context = NewContext(settings);
  Response response;
  auto writer = (stub.*method)(context.get(), &response);
  const bool finished = StreamFile(file, first, *writer, *context);
  const grpc::Status status = writer->Finish();
  if (!finished) {
    if (announce_interrupt) {
      std::fprintf(stderr, "dyadscope: import interrupted\n");
    }
    return 130;
  }
  if (!status.ok()) return ReportError(method_name, status);
  settings.json ? PrintJson(response) : PrintImport(response);
  return kExitOk;
}

}  // namespace

int RunEventsList(const Settings& settings,
                  const std::vector<std::string>& args, int limit) {
  if (args.size() != 2) {
    std::fprintf(stderr, "usage: dyadscope events list A B [--limit=N]\n");
    return kExitUsage;
  }
  auto stub = events::v1::EventsService::NewStub(Connect(settings.events));
  events::v1::ListEventsRequest request;
  request.mutable_filter()->mutable_dyad()->set_country_a(args[0]);
  request.mutable_filter()->mutable_dyad()->set_country_b(args[1]);
  request.set_page_size(limit);
  events::v1::ListEventsResponse response;
  grpc::Status status =
      stub->ListEvents(NewContext(settings).get(), request, &response);
  if (!status.ok()) return ReportError("ListEvents", status);
  if (settings.json) {
    PrintJson(response);
    return kExitOk;
  }
  for (const auto& e : response.events()) {
    std::string date = absl::StrCat(e.date().year());
    if (e.date().month() > 0) absl::StrAppend(&date, "-", e.date().month());
    if (e.date().day() > 0) absl::StrAppend(&date, "-", e.date().day());
    std::printf("%-10s %s->%s %-5s %+5.1f  %s\n", date.c_str(),
                e.actor1().country_code().c_str(),
                e.actor2().country_code().c_str(), e.cameo_code().c_str(),
                e.goldstein(), e.title().c_str());
  }
  if (!response.next_page_token().empty()) {
    std::printf("(more: raise --limit)\n");
  }
  return kExitOk;
}

int RunImport(const Settings& settings, const std::string& kind,
              const std::string& file, const ImportFlags& flags) {
  std::ifstream probe(file);
  if (!probe) {
    std::fprintf(stderr, "dyadscope: cannot open %s\n", file.c_str());
    return kExitUsage;
  }
  signal(SIGINT, OnInterrupt);
  const std::string format = absl::AsciiStrToUpper(flags.format);
  if (kind == "events") {
    auto stub = events::v1::EventsService::NewStub(Connect(settings.events));
    events::v1::ImportEventsRequest first;
    auto* o = first.mutable_options();
    const std::string name = format == "GDELT1"   ? "EVENT_FILE_FORMAT_GDELT1"
                             : format == "GDELT2" ? "EVENT_FILE_FORMAT_GDELT2"
                             : format == "JSONL"
                                 ? "EVENT_FILE_FORMAT_JSONL"
                                 : "EVENT_FILE_FORMAT_DYADSCOPE_CSV";
    events::v1::EventFileFormat parsed =
        events::v1::EVENT_FILE_FORMAT_UNSPECIFIED;
    events::v1::EventFileFormat_Parse(name, &parsed);
    o->set_format(parsed);
    if (flags.dyad.size() == 2) {
      o->mutable_dyad_filter()->set_country_a(flags.dyad[0]);
      o->mutable_dyad_filter()->set_country_b(flags.dyad[1]);
    }
    SetUploadOptions(flags, file, o);
    return Upload(settings, *stub,
                  &events::v1::EventsService::Stub::ImportEvents,
                  "ImportEvents", file, first, /*announce_interrupt=*/true);
  }
  if (kind == "votes") {
    auto stub = events::v1::EventsService::NewStub(Connect(settings.events));
    events::v1::ImportVotesRequest first;
    auto* o = first.mutable_options();
    o->set_format(events::v1::VOTE_FILE_FORMAT_UNGA_CSV);
    SetUploadOptions(flags, file, o);
    return Upload(settings, *stub,
                  &events::v1::EventsService::Stub::ImportVotes, "ImportVotes",
                  file, first, /*announce_interrupt=*/false);
  }
  if (kind == "econ") {
    auto stub =
        economics::v1::EconomicsService::NewStub(Connect(settings.economics));
    economics::v1::ImportObservationsRequest first;
    auto* o = first.mutable_options();
    economics::v1::ObservationFileFormat parsed =
        economics::v1::OBSERVATION_FILE_FORMAT_UNSPECIFIED;
    if (!economics::v1::ObservationFileFormat_Parse(
            absl::StrCat("OBSERVATION_FILE_FORMAT_",
                         format == "CSV"   ? "DYADSCOPE_CSV"
                         : format == "WDI" ? "WDI_WIDE"
                                           : format),
            &parsed)) {
      std::fprintf(stderr,
                   "dyadscope: --format must be wdi, wdi_long, comtrade, "
                   "imf_dots, sipri or csv\n");
      return kExitUsage;
    }
    o->set_format(parsed);
    SetUploadOptions(flags, file, o);
    return Upload(settings, *stub,
                  &economics::v1::EconomicsService::Stub::ImportObservations,
                  "ImportObservations", file, first,
                  /*announce_interrupt=*/false);
  }
  if (kind == "incidents") {
    auto stub = securityrisk::v1::SecurityRiskService::NewStub(
        Connect(settings.security_risk));
    securityrisk::v1::ImportIncidentsRequest first;
    auto* o = first.mutable_options();
    securityrisk::v1::IncidentFileFormat parsed =
        securityrisk::v1::INCIDENT_FILE_FORMAT_UNSPECIFIED;
    if (!securityrisk::v1::IncidentFileFormat_Parse(
            absl::StrCat("INCIDENT_FILE_FORMAT_",
                         format == "CSV" ? "DYADSCOPE_CSV" : format),
            &parsed)) {
      std::fprintf(stderr,
                   "dyadscope: --format must be acled, acled_deletions, gtd "
                   "or csv\n");
      return kExitUsage;
    }
    o->set_format(parsed);
    if (flags.dyad.size() == 2) {
      o->set_country_code(flags.dyad[0]);
      o->set_partner_country_code(flags.dyad[1]);
    }
    SetUploadOptions(flags, file, o);
    return Upload(settings, *stub,
                  &securityrisk::v1::SecurityRiskService::Stub::ImportIncidents,
                  "ImportIncidents", file, first, /*announce_interrupt=*/false);
  }
  std::fprintf(stderr, "dyadscope: unknown import kind %s\n", kind.c_str());
  return kExitUsage;
}

int RunRisk(const Settings& settings, const std::vector<std::string>& args,
            const std::string& as_of, int horizon_days) {
  if (args.empty() || args.size() > 2) {
    std::fprintf(stderr,
                 "usage: dyadscope risk COUNTRY [PARTNER] [--as_of=YYYY-MM-DD] "
                 "[--horizon_days=365]\n");
    return kExitUsage;
  }
  securityrisk::v1::AssessRiskRequest request;
  request.set_country_code(args[0]);
  if (args.size() == 2) request.set_partner_country_code(args[1]);
  std::vector<std::string> parts = absl::StrSplit(as_of, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) ||
      !absl::SimpleAtoi(parts[2], &day)) {
    std::fprintf(stderr, "dyadscope: --as_of must be YYYY-MM-DD\n");
    return kExitUsage;
  }
  request.mutable_as_of_date()->set_year(year);
  request.mutable_as_of_date()->set_month(month);
  request.mutable_as_of_date()->set_day(day);
  request.set_horizon_days(horizon_days);
  auto stub = securityrisk::v1::SecurityRiskService::NewStub(
      Connect(settings.security_risk));
  securityrisk::v1::AssessRiskResponse response;
  grpc::Status status =
      stub->AssessRisk(NewContext(settings).get(), request, &response);
  if (!status.ok()) return ReportError("AssessRisk", status);
  if (settings.json) {
    PrintJson(response);
    return kExitOk;
  }
  std::printf("%-22s %9s %8s %9s  %-14s %s\n", "region", "incidents", "P(>=1)",
              "severity", "model", "level");
  auto row = [](const securityrisk::v1::RegionRisk& r) {
    std::printf(
        "%-22s %9d %8.2f %9.2f  %-14s %s\n",
        r.whole_country() ? "(whole country)" : r.province().c_str(),
        r.incident_count(), r.probability_at_least_one(), r.decayed_severity(),
        securityrisk::v1::RiskModel_Name(r.fit().model()).substr(11).c_str(),
        securityrisk::v1::RiskLevel_Name(r.risk_level()).substr(11).c_str());
  };
  row(response.country());
  for (const auto& r : response.provinces()) row(r);
  return kExitOk;
}

}  // namespace dyadscope::cli
