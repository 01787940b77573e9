// kill -9 of the events binary in the middle of a large streamed import
// (a SQLite store in WAL mode with synchronous=FULL): after a restart the
// file passes PRAGMA integrity_check, every committed row is there exactly
// once, and re-sending the same import with the same request_id completes
// it without duplicates.

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::ServerProcess;
namespace v1 = ::dyadscope::events::v1;

constexpr int kRows = 30000;

// `rows` GDELT 2.0 rows of PAK–CHN events with ids 1..rows.
std::string GdeltFile(int rows) {
  std::mt19937 rng(7);
  std::string out;
  std::vector<std::string> c(61);
  for (int i = 1; i <= rows; ++i) {
    std::fill(c.begin(), c.end(), std::string());
    const std::string date = absl::StrFormat(
        "%04d%02d%02d", 2000 + static_cast<int>(rng() % 25),
        1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
    c[0] = absl::StrCat(i);
    c[1] = date;
    c[2] = date.substr(0, 6);
    c[3] = date.substr(0, 4);
    c[4] = "2015.3";
    c[5] = "PAKGOV";
    c[6] = "PAKISTAN";
    c[7] = "PAK";
    c[15] = "CHNGOV";
    c[16] = "CHINA";
    c[17] = "CHN";
    c[25] = "1";
    c[26] = c[27] = "042";
    c[28] = "04";
    c[29] = "1";
    c[30] = "1.9";
    c[31] = c[33] = "3";
    c[32] = "1";
    c[34] = "-1.25";
    c[59] = date + "000000";
    c[60] = absl::StrCat("https://news.example.org/", i);
    absl::StrAppend(&out, absl::StrJoin(c, "\t"), "\n");
  }
  return out;
}

std::string Sqlite(const std::string& db, const std::string& sql) {
  const std::string command =
      absl::StrCat("sqlite3 -batch '", db, "' \"", sql, "\" 2>&1");
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    pclose(pipe);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Streams `file` as one import with `request_id`; returns the status.
grpc::Status Import(v1::EventsService::Stub& stub, const std::string& file,
                    const std::string& request_id,
                    v1::ImportEventsResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(300)));
  auto writer = stub.ImportEvents(&context, response);
  v1::ImportEventsRequest options;
  options.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_GDELT2);
  options.mutable_options()->set_request_id(request_id);
  writer->Write(options);
  constexpr std::size_t kChunk = 64 * 1024;
  for (std::size_t at = 0; at < file.size(); at += kChunk) {
    v1::ImportEventsRequest chunk;
    chunk.set_chunk(file.substr(at, kChunk));
    if (!writer->Write(chunk)) break;  // the server went away
  }
  writer->WritesDone();
  return writer->Finish();
}

TEST(CrashImportTest, KillMidImportThenResumeWithTheSameRequestId) {
  const std::string dir =
      absl::StrCat(::testing::TempDir(), "/crash-", getpid());
  ASSERT_EQ(std::system(absl::StrCat("mkdir -p ", dir).c_str()), 0);
  const std::string db = dir + "/events.sqlite";
  const std::vector<std::string> args = {
      "--listen=127.0.0.1:0", "--metrics_listen=off", "--seed_data=false",
      absl::StrCat("--database=", db), "--import_batch_rows=2000"};
  const std::string file = GdeltFile(kRows);

  auto first = ServerProcess::Start(testing::BinaryPath("events"), args);
  ASSERT_THAT(first, IsOk());
  auto stub = v1::EventsService::NewStub(grpc::CreateChannel(
      (*first)->target(), grpc::InsecureChannelCredentials()));
  // Kill the server as soon as a few batches are committed.
  std::thread killer([&] {
    const absl::Time until = absl::Now() + absl::Seconds(120);
    while (absl::Now() < until) {
      const std::string n = Sqlite(db, "SELECT COUNT(*) FROM events");
      if (!n.empty() && std::atoi(n.c_str()) >= 4000) break;
      absl::SleepFor(absl::Milliseconds(20));
    }
    (*first)->Signal(SIGKILL);
  });
  v1::ImportEventsResponse interrupted;
  grpc::Status status = Import(*stub, file, "crash-import-1", &interrupted);
  killer.join();
  EXPECT_FALSE(status.ok()) << "the import finished before the kill";
  ASSERT_THAT((*first)->WaitForExit(absl::Seconds(10)), IsOk());
  first->reset();

  // After the crash: a sound file, every committed row exactly once.
  EXPECT_EQ(Sqlite(db, "PRAGMA integrity_check"), "ok");
  const int committed =
      std::atoi(Sqlite(db, "SELECT COUNT(*) FROM events").c_str());
  EXPECT_GT(committed, 0);
  EXPECT_LT(committed, kRows);
  EXPECT_EQ(Sqlite(db, "SELECT COUNT(DISTINCT source_record_id) FROM events"),
            absl::StrCat(committed));
  EXPECT_EQ(Sqlite(db,
                   "SELECT COUNT(*) FROM event_versions WHERE "
                   "superseded_time_us IS NULL"),
            absl::StrCat(committed));

  // Restart and re-send the same import: completed, no duplicates.
  auto second = ServerProcess::Start(testing::BinaryPath("events"), args);
  ASSERT_THAT(second, IsOk());
  stub = v1::EventsService::NewStub(grpc::CreateChannel(
      (*second)->target(), grpc::InsecureChannelCredentials()));
  v1::ImportEventsResponse resumed;
  status = Import(*stub, file, "crash-import-1", &resumed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(resumed.resumed());
  EXPECT_EQ(resumed.rejected(), 0);
  EXPECT_EQ(Sqlite(db, "SELECT COUNT(*) FROM events"), absl::StrCat(kRows));
  EXPECT_EQ(Sqlite(db, "SELECT COUNT(DISTINCT source_record_id) FROM events"),
            absl::StrCat(kRows));
  EXPECT_EQ(Sqlite(db,
                   "SELECT COUNT(*) FROM event_versions WHERE "
                   "superseded_time_us IS NULL"),
            absl::StrCat(kRows));
  EXPECT_EQ(Sqlite(db, "PRAGMA integrity_check"), "ok");
  second->reset();
  (void)std::system(absl::StrCat("rm -rf ", dir).c_str());
}

}  // namespace
}  // namespace dyadscope
