// Writes the seed corpus of rpc_requests_fuzz (tests/fuzz/corpus/
// rpc_requests): for every RPC an empty request, and for the main ones a
// realistic request (textproto below; imports carry the first rows of the
// embedded data files as their chunk). Run after a contract changes:
//   build/tests/fuzz/rpc_requests_seeds . tests/fuzz/corpus/rpc_requests

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "tests/fuzz/rpc_suite.h"

namespace {

constexpr char kGoodEvent[] = R"pb(
  date { year: 2016 month: 3 day: 7 }
  actor1 { country_code: "PAK" }
  actor2 { country_code: "CHN" }
  cameo_code: "042"
  title: "Visit"
  sources { citation: "Test source" url: "https://example.org/a" }
  provenance { source_system: "TEST" source_record_id: "a" }
)pb";

// Unary requests by method name.
const std::map<std::string, std::string>& Requests() {
  static const auto* requests = new std::map<std::string, std::string>{
      {"CreateEvents", absl::StrCat("events {", kGoodEvent, "}")},
      {"GetEvent", R"pb(name: "events/1")pb"},
      {"ListEvents",
       R"pb(filter { dyad { country_a: "PAK" country_b: "CHN" } }
            page_size: 10)pb"},
      {"DeleteEvent", R"pb(name: "events/1")pb"},
      {"SummarizeEvents",
       R"pb(filter { dyad { country_a: "PAK" country_b: "CHN" } }
            bucket: SUMMARY_BUCKET_YEAR)pb"},
      {"WatchEvents",
       R"pb(filter { dyad { country_a: "PAK" country_b: "CHN" } })pb"},
      {"GetVotingAlignment",
       R"pb(dyad { country_a: "PAK" country_b: "CHN" }
            reference_country_code: "USA")pb"},
      {"ListObservations", R"pb(page_size: 10)pb"},
      {"ComputeIndicators",
       R"pb(dyad { country_a: "PAK" country_b: "CHN" })pb"},
      {"SummarizeIndicators",
       R"pb(dyad { country_a: "PAK" country_b: "CHN" })pb"},
      {"ListIncidents", R"pb(page_size: 10)pb"},
      {"AssessRisk", R"pb(country_code: "PAK" partner_country_code: "CHN")pb"},
      {"BacktestRisk",
       R"pb(country_code: "PAK" partner_country_code: "CHN")pb"},
      {"AssessDyad", R"pb(dyad { country_a: "PAK" country_b: "CHN" })pb"},
      {"GetTimeline", R"pb(dyad { country_a: "PAK" country_b: "CHN" }
                           start_year: 2000)pb"},
      {"Simulate", R"pb(dyad { country_a: "PAK" country_b: "CHN" })pb"},
  };
  return *requests;
}

// Client-streaming requests: the options, then the file at `path`.
struct Upload {
  std::string options;
  std::string path;
};

const std::map<std::string, Upload>& Uploads() {
  static const auto* uploads =
      new std::map<std::string, Upload>{
          {"ImportEvents",
           {R"pb(options {
                   format: EVENT_FILE_FORMAT_DYADSCOPE_CSV
                   dry_run: true
                 })pb",
            "data/pak-chn/events.csv"}},
          {"ImportVotes",
           {R"pb(options { format: VOTE_FILE_FORMAT_UNGA_CSV })pb",
            "data/pak-chn/unga_votes.csv"}},
          {"ImportObservations",
           {R"pb(options { format: OBSERVATION_FILE_FORMAT_DYADSCOPE_CSV })pb",
            "data/pak-chn/economics/wdi.csv"}},
          {"ImportIncidents",
           {R"pb(options { format: INCIDENT_FILE_FORMAT_DYADSCOPE_CSV })pb",
            "data/pak-chn/incidents.csv"}},
      };
  return *uploads;
}

// The first `lines` lines of a file.
std::string Head(const std::filesystem::path& path, int lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    std::exit(1);
  }
  std::string text, line;
  for (int i = 0; i < lines && std::getline(in, line); ++i) {
    text += line + "\n";
  }
  return text;
}

std::string Delimited(const std::vector<std::string>& messages) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    for (const std::string& m : messages) {
      coded.WriteVarint32(static_cast<uint32_t>(m.size()));
      coded.WriteString(m);
    }
  }
  return out;
}

std::string Parse(const google::protobuf::Descriptor* type,
                  const std::string& text) {
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
  if (!google::protobuf::TextFormat::ParseFromString(text, message.get())) {
    std::fprintf(stderr, "bad seed for %s\n", type->full_name().c_str());
    std::exit(1);
  }
  return message->SerializeAsString();
}

void Write(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SOURCE_DIR CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path source(argv[1]);
  const std::filesystem::path corpus(argv[2]);
  std::filesystem::create_directories(corpus);
  const auto& methods = dyadscope::fuzz::FuzzMethods();
  int written = 0;
  for (size_t i = 0; i < methods.size(); ++i) {
    const auto* method = methods[i].descriptor;
    const std::string prefix(1, static_cast<char>(i));
    const std::string name = method->name();
    const std::string stem = absl::StrCat(i, "-", name);
    const bool streaming = method->client_streaming();
    Write(corpus / (stem + "-empty"),
          prefix + (streaming ? Delimited({""}) : ""));
    ++written;
    if (auto it = Requests().find(name); it != Requests().end()) {
      Write(corpus / stem, prefix + Parse(method->input_type(), it->second));
      ++written;
    }
    if (auto it = Uploads().find(name); it != Uploads().end()) {
      const std::string options =
          Parse(method->input_type(), it->second.options);
      const std::string chunk = Parse(
          method->input_type(),
          absl::StrCat("chunk: \"",
                       absl::CEscape(Head(source / it->second.path, 4)), "\""));
      Write(corpus / stem, prefix + Delimited({options, chunk}));
      ++written;
    }
  }
  std::printf("wrote %d seeds for %zu methods\n", written, methods.size());
  return 0;
}
