#include "common/util/stream_decompressor.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Compresses `text` with the system's gzip or zip (as a user's file would
// be), returning the compressed bytes.
// The file's name is this process's own: CTest runs each test of this
// binary as a process of its own, several at a time, in the same TempDir.
std::string CompressWith(const std::string& tool, const std::string& text) {
  const std::string dir = ::testing::TempDir();
  const std::string name = absl::StrCat("dyadscope-decompress-", getpid());
  const std::string plain = absl::StrCat(dir, "/", name, ".txt");
  std::ofstream(plain, std::ios::binary) << text;
  std::string out;
  if (tool == "gzip") {
    out = plain + ".gz";
    std::remove(out.c_str());
    EXPECT_EQ(std::system(absl::StrCat("gzip -c ", plain, " > ", out).c_str()),
              0);
  } else {
    out = plain + ".zip";
    std::remove(out.c_str());
    EXPECT_EQ(std::system(absl::StrCat("cd ", dir, " && ", tool, " -q ", name,
                                       ".txt.zip ", name, ".txt")
                              .c_str()),
              0);
  }
  std::string compressed = ReadFile(out);
  std::remove(out.c_str());
  std::remove(plain.c_str());
  return compressed;
}

std::string SampleText() {
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    absl::StrAppend(&text, i, "\t20150420\tPAK\tCHN\t042\n");
  }
  return text;
}

// Feeds `data` in chunks of `chunk` bytes and returns the output.
absl::StatusOr<std::string> Decompress(Compression compression,
                                       const std::string& data,
                                       std::size_t chunk) {
  auto decompressor = StreamDecompressor::Create(compression);
  std::string output;
  for (std::size_t at = 0; at < data.size(); at += chunk) {
    absl::Status status =
        decompressor->Feed(absl::string_view(data).substr(at, chunk), &output);
    if (!status.ok()) return status;
  }
  absl::Status status = decompressor->Finish();
  if (!status.ok()) return status;
  return output;
}

TEST(StreamDecompressorTest, GzipAnyChunking) {
  const std::string text = SampleText();
  const std::string gz = CompressWith("gzip", text);
  for (std::size_t chunk :
       {std::size_t{1}, std::size_t{7}, std::size_t{4096}, gz.size()}) {
    auto out = Decompress(Compression::kGzip, gz, chunk);
    ASSERT_THAT(out, IsOk()) << chunk;
    EXPECT_EQ(*out, text) << chunk;
  }
  // Concatenated members, as `cat a.gz b.gz` makes.
  auto twice = Decompress(Compression::kGzip, gz + gz, 1000);
  ASSERT_THAT(twice, IsOk());
  EXPECT_EQ(*twice, text + text);
}

TEST(StreamDecompressorTest, ZipFirstEntry) {
  if (std::system("command -v zip > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no zip command to make an archive";
  }
  const std::string text = SampleText();
  const std::string zip = CompressWith("zip", text);
  for (std::size_t chunk : {std::size_t{3}, std::size_t{65536}}) {
    auto out = Decompress(Compression::kZip, zip, chunk);
    ASSERT_THAT(out, IsOk()) << chunk;
    EXPECT_EQ(*out, text);
  }
}

// Each decompressor applies the limit it was created with: output past it
// is RESOURCE_EXHAUSTED naming the flag, output up to it is served.
TEST(StreamDecompressorTest, OutputPastItsOwnLimitIsRefused) {
  const std::string text = SampleText();
  const std::string gz = CompressWith("gzip", text);
  const int64_t size = static_cast<int64_t>(text.size());
  for (Compression compression : {Compression::kGzip, Compression::kNone}) {
    const std::string& data = compression == Compression::kGzip ? gz : text;
    auto small = StreamDecompressor::Create(compression, size - 1);
    auto exact = StreamDecompressor::Create(compression, size);
    std::string output;
    absl::Status refused = small->Feed(data, &output);
    EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
    EXPECT_THAT(refused.message(),
                ::testing::HasSubstr("--max_import_decompressed_bytes"));
    output.clear();
    EXPECT_THAT(exact->Feed(data, &output), IsOk());
    EXPECT_EQ(output, text);
  }
}

TEST(StreamDecompressorTest, TruncatedOrForeignDataIsAnError) {
  const std::string gz = CompressWith("gzip", SampleText());
  EXPECT_THAT(Decompress(Compression::kGzip, gz.substr(0, gz.size() / 2), 100),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Decompress(Compression::kGzip, "plain text, not gzip", 5),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Decompress(Compression::kZip, std::string(64, 'x'), 5),
              StatusIs(absl::StatusCode::kInvalidArgument));
  auto plain = Decompress(Compression::kNone, "as is", 2);
  ASSERT_THAT(plain, IsOk());
  EXPECT_EQ(*plain, "as is");
}

}  // namespace
}  // namespace dyadscope
