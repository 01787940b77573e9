// Limits on the real events binary: each breach is a clear error, the
// service keeps serving, and good data next to the breach is kept.
//  - an upload larger than --max_import_bytes: RESOURCE_EXHAUSTED
//    (reason UPLOAD_TOO_LARGE);
//  - a gzip upload that decompresses past --max_import_decompressed_bytes
//    (a decompression bomb): refused, naming the flag;
//  - a 5 MiB row (past the 1 MiB field and 4 MiB record limits): that row
//    rejected with its line number, the others imported;
//  - a request larger than --max_message_bytes: RESOURCE_EXHAUSTED;
//  - a page size above the maximum: capped at 1,000, with a next page;
//  - a stream beyond --max_concurrent_streams on one connection: waits (HTTP/2
//    flow control, so a short deadline expires), while other connections
//    are served and the stream runs as soon as a slot frees.

#include <zlib.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::ErrorReason;

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::ServerProcess;
using ::testing::HasSubstr;
namespace v1 = ::dyadscope::events::v1;

std::string Gzip(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9,
               Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string CsvRow(int i, const std::string& title) {
  return absl::StrCat("r", i, ",2016-03-07,PAK,CHN,042,", title,
                      ",Dawn,https://example.org/", i, "\n");
}
constexpr char kHeader[] =
    "source_record_id,date,actor1_country,actor2_country,cameo_code,title,"
    "source_1_citation,source_1_url\n";

class LimitsTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra) {
    std::vector<std::string> args = {
        "--listen=127.0.0.1:0", "--metrics_listen=off", "--seed_data=false",
        "--database=:memory:"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = ServerProcess::Start(testing::BinaryPath("events"), args);
    ASSERT_THAT(process, IsOk());
    process_ = *std::move(process);
    channel_ = grpc::CreateChannel(process_->target(),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::EventsService::NewStub(channel_);
  }

  grpc::Status Import(const std::string& bytes, bool gzip,
                      v1::ImportEventsResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    auto writer = stub_->ImportEvents(&context, response);
    v1::ImportEventsRequest options;
    options.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_DYADSCOPE_CSV);
    if (gzip) {
      options.mutable_options()->set_compression(type::v1::COMPRESSION_GZIP);
    }
    writer->Write(options);
    for (std::size_t at = 0; at < bytes.size(); at += 32 * 1024) {
      v1::ImportEventsRequest chunk;
      chunk.set_chunk(bytes.substr(at, 32 * 1024));
      if (!writer->Write(chunk)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  bool Serving() {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    return health->Check(&context, request, &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }

  std::unique_ptr<ServerProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

TEST_F(LimitsTest, AnUploadOverMaxImportBytes) {
  Start({"--max_import_bytes=200000"});
  std::string file = kHeader;
  for (int i = 0; file.size() < 600000; ++i)
    absl::StrAppend(&file, CsvRow(i, "Visit"));
  v1::ImportEventsResponse response;
  grpc::Status status = Import(file, false, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReason(status), "UPLOAD_TOO_LARGE");
  EXPECT_THAT(status.error_message(), HasSubstr("--max_import_bytes"));
  EXPECT_TRUE(Serving());
}

TEST_F(LimitsTest, ADecompressionBomb) {
  Start({"--max_import_decompressed_bytes=1000000"});
  // 50 MB of blank lines after the header: about 50 kB compressed.
  const std::string bomb =
      Gzip(absl::StrCat(kHeader, std::string(50000000, '\n')));
  ASSERT_LT(bomb.size(), 200000u);
  v1::ImportEventsResponse response;
  grpc::Status status = Import(bomb, true, &response);
  EXPECT_NE(status.error_code(), grpc::StatusCode::OK);
  EXPECT_THAT(status.error_message(),
              HasSubstr("--max_import_decompressed_bytes"));
  EXPECT_TRUE(Serving());
}

TEST_F(LimitsTest, AnOversizedRowIsRejectedAndTheOthersKept) {
  Start({});
  const std::string file =
      absl::StrCat(kHeader, CsvRow(1, "Visit"),
                   CsvRow(2, std::string(5 << 20, 'x')), CsvRow(3, "Talks"));
  v1::ImportEventsResponse response;
  grpc::Status status = Import(file, false, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.created(), 2);
  EXPECT_EQ(response.rejected(), 1);
  ASSERT_EQ(response.rejections_size(), 1);
  EXPECT_EQ(response.rejections(0).line_number(), 3);
  EXPECT_THAT(response.rejections(0).reason(), HasSubstr("longer than"));
  EXPECT_TRUE(Serving());
}

TEST_F(LimitsTest, ARequestOverMaxMessageBytes) {
  Start({"--max_message_bytes=65536"});
  v1::CreateEventsRequest request;
  v1::Event* event = request.add_events();
  event->set_title(std::string(100000, 'a'));
  v1::CreateEventsResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  grpc::Status status = stub_->CreateEvents(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(Serving());
}

TEST_F(LimitsTest, APageSizeAboveTheMaximumIsCapped) {
  Start({});
  std::string file = kHeader;
  for (int i = 0; i < 1200; ++i) file += CsvRow(i, "Visit");
  v1::ImportEventsResponse imported;
  ASSERT_TRUE(Import(file, false, &imported).ok());
  ASSERT_EQ(imported.created(), 1200);
  v1::ListEventsRequest request;
  request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  request.set_page_size(1000000);
  v1::ListEventsResponse page;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  ASSERT_TRUE(stub_->ListEvents(&context, request, &page).ok());
  EXPECT_EQ(page.events_size(), 1000);
  EXPECT_FALSE(page.next_page_token().empty());
}

TEST_F(LimitsTest, StreamsBeyondMaxConcurrentStreamsWaitForASlot) {
  Start({"--max_concurrent_streams=2"});
  ASSERT_TRUE(Serving());  // the server's SETTINGS are known from here on
  auto list = [](v1::EventsService::Stub& stub, absl::Duration deadline) {
    v1::ListEventsRequest request;
    request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
    request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
    v1::ListEventsResponse response;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    return stub.ListEvents(&context, request, &response);
  };
  // Two watches hold both streams of this connection.
  v1::WatchEventsRequest watch;
  watch.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  watch.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  grpc::ClientContext first_context, second_context;
  auto first = stub_->WatchEvents(&first_context, watch);
  auto second = stub_->WatchEvents(&second_context, watch);

  const grpc::Status waited = list(*stub_, absl::Seconds(1));
  EXPECT_EQ(waited.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << waited.error_message();

  // Another connection is not limited by this one's streams.
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  auto other = v1::EventsService::NewStub(grpc::CreateCustomChannel(
      process_->target(), grpc::InsecureChannelCredentials(), args));
  EXPECT_TRUE(list(*other, absl::Seconds(10)).ok());

  // A slot frees: the next call on this connection runs.
  first_context.TryCancel();
  EXPECT_EQ(first->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(list(*stub_, absl::Seconds(10)).ok());
  second_context.TryCancel();
  second->Finish();
  EXPECT_TRUE(Serving());
}

}  // namespace
}  // namespace dyadscope
