// Each EventsServiceImpl checks calls with its own CallPolicy: two servers
// in one process, over one store, one with a token file and a small upload
// limit and one with neither, answer the same calls differently. (With a
// process-wide authorizer or limit, the second server would inherit the
// first one's.)

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/auth.h"
#include "common/server/call_policy.h"
#include "common/storage/sqlite_database.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "embedded/events_lexicon_data.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "services/events/grpc/events_service.h"
#include "services/events/storage/sql_event_repository.h"

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::ErrorReason;
using ::dyadscope::testing::IsOk;

constexpr char kToken[] = "call-policy-test-0123456789";
constexpr int64_t kSmallLimit = 64;

std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  return context;
}

v1::CreateEventsRequest OneEvent(const std::string& record_id) {
  v1::CreateEventsRequest request;
  v1::Event* event = request.add_events();
  event->mutable_date()->set_year(2016);
  event->mutable_date()->set_month(3);
  event->mutable_date()->set_day(7);
  event->mutable_actor1()->set_country_code("PAK");
  event->mutable_actor2()->set_country_code("CHN");
  event->set_cameo_code("042");
  event->set_title("Visit");
  auto* source = event->add_sources();
  source->set_citation("Test source");
  source->set_url("https://example.org/" + record_id);
  event->mutable_provenance()->set_source_system("TEST");
  event->mutable_provenance()->set_source_record_id(record_id);
  return request;
}

class EventsCallPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = absl::StrCat(::testing::TempDir(), "/events-policy-", getpid());
    auto db = storage::SqliteDatabase::Open(base_ + ".sqlite");
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlEventRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
    auto lexicon = Lexicon::Parse(embedded::lexicon_json());
    ASSERT_THAT(lexicon, IsOk());
    lexicon_ = std::make_unique<Lexicon>(*std::move(lexicon));
    manager_ = std::make_unique<EventsManager>(repository_.get(),
                                               lexicon_.get(), EventsConfig{});

    std::ofstream(base_ + ".tokens") << kToken << "\n";
    auto authorizer = TokenAuthorizer::Load(base_ + ".tokens", false);
    ASSERT_THAT(authorizer, IsOk());
    CallPolicy guarded;
    guarded.authorizer = *std::move(authorizer);
    guarded.max_upload_bytes = kSmallLimit;
    guarded_service_ =
        std::make_unique<EventsServiceImpl>(manager_.get(), guarded);
    open_service_ =
        std::make_unique<EventsServiceImpl>(manager_.get(), CallPolicy{});

    auto guarded_server = testing::StartTestServer(
        {{v1::EventsService::service_full_name(), guarded_service_.get()}});
    ASSERT_THAT(guarded_server, IsOk());
    guarded_server_ = *std::move(guarded_server);
    auto open_server = testing::StartTestServer(
        {{v1::EventsService::service_full_name(), open_service_.get()}});
    ASSERT_THAT(open_server, IsOk());
    open_server_ = *std::move(open_server);
    guarded_ = v1::EventsService::NewStub(guarded_server_.channel);
    open_ = v1::EventsService::NewStub(open_server_.channel);
  }

  void TearDown() override {
    manager_->Shutdown();
    guarded_server_.runner.reset();
    open_server_.runner.reset();
    for (const char* suffix :
         {".sqlite", ".sqlite-wal", ".sqlite-shm", ".tokens"}) {
      std::remove(absl::StrCat(base_, suffix).c_str());
    }
  }

  // Imports `content` (one chunk after the options) with `token`.
  grpc::Status Import(v1::EventsService::Stub* stub, const std::string& token,
                      const std::string& content) {
    auto context = Context(token);
    v1::ImportEventsResponse response;
    auto writer = stub->ImportEvents(context.get(), &response);
    v1::ImportEventsRequest first;
    first.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_GDELT2);
    first.mutable_options()->set_dry_run(true);
    writer->Write(first);
    v1::ImportEventsRequest chunk;
    chunk.set_chunk(content);
    writer->Write(chunk);
    writer->WritesDone();
    return writer->Finish();
  }

  std::string base_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<SqlEventRepository> repository_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<EventsManager> manager_;
  std::unique_ptr<EventsServiceImpl> guarded_service_;
  std::unique_ptr<EventsServiceImpl> open_service_;
  testing::TestServer guarded_server_;
  testing::TestServer open_server_;
  std::unique_ptr<v1::EventsService::Stub> guarded_;
  std::unique_ptr<v1::EventsService::Stub> open_;
};

TEST_F(EventsCallPolicyTest, EachServerChecksTokensWithItsOwnAuthorizer) {
  v1::CreateEventsResponse response;
  grpc::Status refused =
      guarded_->CreateEvents(Context().get(), OneEvent("a"), &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReason(refused), "TOKEN_MISSING");

  grpc::Status open =
      open_->CreateEvents(Context().get(), OneEvent("b"), &response);
  EXPECT_TRUE(open.ok()) << open.error_message();

  grpc::Status with_token =
      guarded_->CreateEvents(Context(kToken).get(), OneEvent("c"), &response);
  EXPECT_TRUE(with_token.ok()) << with_token.error_message();
}

TEST_F(EventsCallPolicyTest, EachServerLimitsUploadsWithItsOwnLimit) {
  const std::string content(kSmallLimit + 1, 'x');
  grpc::Status too_large = Import(guarded_.get(), kToken, content);
  EXPECT_EQ(too_large.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << too_large.error_message();
  EXPECT_EQ(ErrorReason(too_large), "UPLOAD_TOO_LARGE");

  // The same bytes are read by the other server (and then fail, or not, on
  // their content), never refused for their size.
  grpc::Status other = Import(open_.get(), "", content);
  EXPECT_NE(other.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << other.error_message();
}

}  // namespace
}  // namespace dyadscope::events
