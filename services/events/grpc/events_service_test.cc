// RPC tests of EventsService: a real in-process server on 127.0.0.1:0 over a
// real SQLite file, called through a real stub with deadlines.

#include "services/events/grpc/events_service.h"

#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/server/auth.h"
#include "common/server/call_policy.h"
#include "common/status/grpc_status.h"
#include "common/storage/sqlite_database.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "common/types/type_proto_convert.h"
#include "embedded/events_lexicon_data.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "services/events/domain/seed.h"
#include "services/events/storage/sql_event_repository.h"

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::BadFields;

using ::dyadscope::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

std::unique_ptr<grpc::ClientContext> Context(
    absl::Duration timeout = absl::Seconds(30)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

v1::Event ProtoEvent(const std::string& record_id, int year, int month, int day,
                     const std::string& cameo = "042",
                     const std::string& a1 = "PAK",
                     const std::string& a2 = "CHN") {
  v1::Event event;
  event.mutable_date()->set_year(year);
  event.mutable_date()->set_month(month);
  event.mutable_date()->set_day(day);
  event.mutable_actor1()->set_country_code(a1);
  event.mutable_actor2()->set_country_code(a2);
  event.set_cameo_code(cameo);
  event.set_title(absl::StrCat("Event ", record_id));
  event.set_text("Talks on the China-Pakistan Economic Corridor");
  auto* source = event.add_sources();
  source->set_citation("Test source");
  source->set_url("https://example.org/" + record_id);
  event.mutable_provenance()->set_source_system("TEST");
  event.mutable_provenance()->set_source_record_id(record_id);
  return event;
}

// A GDELT 2.0 export row (61 tab-separated columns).
std::string GdeltRow(int64_t id, const std::string& sqldate,
                     const std::string& a1, const std::string& a2,
                     const std::string& code, const std::string& root, int quad,
                     const std::string& goldstein) {
  std::vector<std::string> c(61);
  c[0] = absl::StrCat(id);
  c[1] = sqldate;
  c[2] = sqldate.substr(0, 6);
  c[3] = sqldate.substr(0, 4);
  c[4] = "2015.3";
  c[5] = a1 + "GOV";
  c[6] = a1;
  c[7] = a1;
  c[12] = "GOV";
  c[15] = a2 + "GOV";
  c[16] = a2;
  c[17] = a2;
  c[22] = "GOV";
  c[25] = "1";
  c[26] = code;
  c[27] = code;
  c[28] = root;
  c[29] = absl::StrCat(quad);
  c[30] = goldstein;
  c[31] = "10";
  c[32] = "2";
  c[33] = "10";
  c[34] = "1.5";
  c[51] = "4";
  c[52] = "Beijing, Beijing, China";
  c[53] = "CH";
  c[54] = "CH22";
  c[56] = "39.9289";
  c[57] = "116.388";
  c[58] = "-1898541";
  c[59] = sqldate + "120000";
  c[60] = absl::StrCat("https://news.example.org/", id);
  return absl::StrJoin(c, "\t");
}

class EventsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = absl::StrCat(::testing::TempDir(), "/events-rpc-", getpid(), "-",
                         counter_++, ".sqlite");
    auto db = storage::SqliteDatabase::Open(path_);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlEventRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
    auto lexicon = Lexicon::Parse(embedded::lexicon_json());
    ASSERT_THAT(lexicon, IsOk());
    lexicon_ = std::make_unique<Lexicon>(*std::move(lexicon));
    EventsConfig config;
    config.watch_poll = absl::Milliseconds(100);
    manager_ = std::make_unique<EventsManager>(repository_.get(),
                                               lexicon_.get(), config);
    service_ =
        std::make_unique<EventsServiceImpl>(manager_.get(), CallPolicy{});
    auto server = testing::StartTestServer(
        {{v1::EventsService::service_full_name(), service_.get()}});
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::EventsService::NewStub(server_.channel);
  }

  void TearDown() override {
    manager_->Shutdown();
    server_.runner.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::remove(absl::StrCat(path_, suffix).c_str());
    }
  }

  grpc::Status Create(const std::vector<v1::Event>& events,
                      v1::CreateEventsResponse* response,
                      const std::string& request_id = "") {
    v1::CreateEventsRequest request;
    for (const auto& e : events) *request.add_events() = e;
    request.set_request_id(request_id);
    return stub_->CreateEvents(Context().get(), request, response);
  }

  v1::ListEventsRequest PakChnList(int page_size = 0) {
    v1::ListEventsRequest request;
    request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
    request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
    request.set_page_size(page_size);
    return request;
  }

  // Lists every page and returns the names.
  std::vector<std::string> ListAll(v1::ListEventsRequest request) {
    std::vector<std::string> names;
    while (true) {
      v1::ListEventsResponse response;
      grpc::Status status =
          stub_->ListEvents(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& e : response.events()) names.push_back(e.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  v1::ImportEventsResponse Import(const std::string& content,
                                  v1::ImportEventsOptions options,
                                  grpc::Status* status_out) {
    auto context = Context();
    v1::ImportEventsResponse response;
    auto writer = stub_->ImportEvents(context.get(), &response);
    v1::ImportEventsRequest first;
    *first.mutable_options() = options;
    writer->Write(first);
    // Small chunks so rows span chunk boundaries.
    for (std::size_t at = 0; at < content.size(); at += 97) {
      v1::ImportEventsRequest chunk;
      chunk.set_chunk(content.substr(at, 97));
      writer->Write(chunk);
    }
    writer->WritesDone();
    *status_out = writer->Finish();
    return response;
  }

  static inline int counter_ = 0;
  std::string path_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<SqlEventRepository> repository_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<EventsManager> manager_;
  std::unique_ptr<EventsServiceImpl> service_;
  testing::TestServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

TEST_F(EventsServiceTest, CreateDerivesFieldsFromTheCameoTable) {
  v1::CreateEventsResponse response;
  ASSERT_TRUE(Create({ProtoEvent("a", 2015, 4, 20)}, &response).ok());
  ASSERT_THAT(response.results(), SizeIs(1));
  const v1::Event& event = response.results(0).event();
  EXPECT_EQ(event.cameo_root_code(), "04");
  EXPECT_EQ(event.quad_class(), v1::QUAD_CLASS_VERBAL_COOPERATION);
  EXPECT_DOUBLE_EQ(event.goldstein(), 1.9);  // "042" in the CAMEO table
  EXPECT_EQ(event.domain(), v1::DOMAIN_DIPLOMATIC);
  EXPECT_DOUBLE_EQ(event.mention_weight(), 1);
  EXPECT_THAT(event.themes(), ElementsAre("cpec"));
  EXPECT_EQ(event.version_info().version(), 1);
  EXPECT_EQ(response.results(0).outcome(), type::v1::WRITE_OUTCOME_CREATED);
  EXPECT_EQ(response.created_count(), 1);
}

TEST_F(EventsServiceTest, BatchIsAllOrNothingAndNamesEveryBadField) {
  v1::Event bad_code = ProtoEvent("b", 2015, 4, 20, "42");  // "42" ≠ "042"
  v1::Event bad_date = ProtoEvent("c", 2023, 2, 30);
  v1::Event bad_country = ProtoEvent("d", 2015, 1, 1, "042", "PAK", "XXX");
  v1::CreateEventsResponse response;
  grpc::Status status =
      Create({ProtoEvent("a", 2015, 4, 20), bad_code, bad_date, bad_country},
             &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              UnorderedElementsAre("events[1].cameo_code", "events[2].date",
                                   "events[3].actor2.country_code"));
  EXPECT_THAT(ListAll(PakChnList()), ElementsAre());  // nothing written
}

TEST_F(EventsServiceTest, ARepeatedSummaryStillSeesEveryWrite) {
  // Current summaries are cached per data version: the same question twice
  // is one computation, and a write in between is always counted.
  v1::CreateEventsResponse created;
  ASSERT_TRUE(Create({ProtoEvent("a", 2015, 4, 20)}, &created).ok());
  v1::SummarizeEventsRequest request;
  request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  request.set_bucket(v1::SUMMARY_BUCKET_YEAR);
  v1::SummarizeEventsResponse first, again, after;
  ASSERT_TRUE(stub_->SummarizeEvents(Context().get(), request, &first).ok());
  ASSERT_TRUE(stub_->SummarizeEvents(Context().get(), request, &again).ok());
  EXPECT_EQ(first.coverage().event_count(), 1);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  ASSERT_TRUE(Create({ProtoEvent("b", 2016, 5, 1)}, &created).ok());
  ASSERT_TRUE(stub_->SummarizeEvents(Context().get(), request, &after).ok());
  EXPECT_EQ(after.coverage().event_count(), 2);
  EXPECT_EQ(after.data_version(), created.data_version());
}

TEST_F(EventsServiceTest, ReIngestIsIdempotent) {
  v1::CreateEventsResponse first, again, replay;
  ASSERT_TRUE(Create({ProtoEvent("a", 2015, 4, 20)}, &first, "req-1").ok());
  // The same request id: the first answer, nothing written.
  ASSERT_TRUE(Create({ProtoEvent("a", 2015, 4, 20)}, &replay, "req-1").ok());
  EXPECT_EQ(replay.results(0).outcome(), type::v1::WRITE_OUTCOME_CREATED);
  EXPECT_EQ(replay.results(0).event().name(), first.results(0).event().name());
  EXPECT_EQ(replay.data_version(), first.data_version());
  // The same event again without a request id: recognised by its source id.
  ASSERT_TRUE(Create({ProtoEvent("a", 2015, 4, 20)}, &again).ok());
  EXPECT_EQ(again.results(0).outcome(), type::v1::WRITE_OUTCOME_UNCHANGED);
  EXPECT_EQ(again.unchanged_count(), 1);
  EXPECT_THAT(ListAll(PakChnList()), SizeIs(1));
  // Reusing the id for another request is refused.
  v1::CreateEventsResponse other;
  grpc::Status reused = Create({ProtoEvent("z", 2016, 1, 1)}, &other, "req-1");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(EventsServiceTest, VersionsTombstonesAndAsOf) {
  v1::CreateEventsResponse v1_response, v2_response;
  ASSERT_TRUE(Create({ProtoEvent("a", 2015, 4, 20)}, &v1_response).ok());
  v1::Event changed = ProtoEvent("a", 2015, 4, 20);
  changed.set_title("Corrected title");
  ASSERT_TRUE(Create({changed}, &v2_response).ok());
  EXPECT_EQ(v2_response.results(0).outcome(),
            type::v1::WRITE_OUTCOME_NEW_VERSION);
  const std::string name = v1_response.results(0).event().name();
  const auto& first_time =
      v1_response.results(0).event().version_info().record_time();

  v1::DeleteEventRequest del;
  del.set_name(name);
  del.set_expected_version(1);  // stale: the current version is 2
  v1::DeleteEventResponse deleted;
  EXPECT_EQ(stub_->DeleteEvent(Context().get(), del, &deleted).error_code(),
            grpc::StatusCode::ABORTED);
  del.set_expected_version(2);
  ASSERT_TRUE(stub_->DeleteEvent(Context().get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.event().version_info().deleted());

  v1::GetEventRequest get;
  get.set_name(name);
  v1::GetEventResponse got;
  EXPECT_EQ(stub_->GetEvent(Context().get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_show_deleted(true);
  get.set_include_history(true);
  ASSERT_TRUE(stub_->GetEvent(Context().get(), get, &got).ok());
  EXPECT_TRUE(got.event().version_info().deleted());
  EXPECT_THAT(got.history(), SizeIs(3));
  get.set_show_deleted(false);
  *get.mutable_as_of_time() = first_time;
  ASSERT_TRUE(stub_->GetEvent(Context().get(), get, &got).ok());
  EXPECT_EQ(got.event().title(), "Event a");
  EXPECT_EQ(got.event().version_info().version(), 1);
  EXPECT_THAT(got.history(), SizeIs(1));

  get.set_name("event/1");
  EXPECT_EQ(stub_->GetEvent(Context().get(), get, &got).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EventsServiceTest, PagesNeitherSkipNorRepeatUnderConcurrentInserts) {
  std::vector<v1::Event> initial;
  for (int i = 0; i < 40; ++i) {
    initial.push_back(ProtoEvent(absl::StrCat("e", i), 2000 + i % 20,
                                 1 + i % 12, 1 + i % 28));
  }
  v1::CreateEventsResponse created;
  ASSERT_TRUE(Create(initial, &created).ok());
  std::vector<std::string> expected;
  for (const auto& r : created.results()) expected.push_back(r.event().name());

  // The first page pins the snapshot, so the writer starts only after it:
  // an insert racing the first request could legitimately be listed.
  v1::ListEventsRequest request = PakChnList(/*page_size=*/3);
  v1::ListEventsResponse first;
  ASSERT_TRUE(stub_->ListEvents(Context().get(), request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  std::vector<std::string> listed;
  for (const auto& e : first.events()) listed.push_back(e.name());

  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load() && i < 200; ++i) {
      v1::CreateEventsResponse ignored;
      // Dates spread over the same range, so they land among listed pages.
      (void)Create({ProtoEvent(absl::StrCat("late", i), 2000 + i % 20, 6, 15)},
                   &ignored);
    }
  });
  request.set_page_token(first.next_page_token());
  for (auto& name : ListAll(request)) listed.push_back(std::move(name));
  stop.store(true);
  writer.join();
  EXPECT_THAT(listed, UnorderedElementsAreArray(expected));
  std::set<std::string> unique(listed.begin(), listed.end());
  EXPECT_EQ(unique.size(), listed.size());

  // A token from another query is refused with the field named.
  v1::ListEventsRequest first_page = PakChnList(3);
  v1::ListEventsResponse response;
  ASSERT_TRUE(stub_->ListEvents(Context().get(), first_page, &response).ok());
  v1::ListEventsRequest other = PakChnList(3);
  other.mutable_filter()->set_text_query("corridor");
  other.set_page_token(response.next_page_token());
  grpc::Status status = stub_->ListEvents(Context().get(), other, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("page_token"));
  other = PakChnList(-1);
  status = stub_->ListEvents(Context().get(), other, &response);
  EXPECT_THAT(BadFields(status), ElementsAre("page_size"));
}

TEST_F(EventsServiceTest, WatchDeliversAnEventCreatedAfterTheStreamOpened) {
  auto context = Context();
  v1::WatchEventsRequest request;
  request.mutable_filter()->mutable_dyad()->set_country_a("CHN");
  request.mutable_filter()->mutable_dyad()->set_country_b("PAK");
  auto reader = stub_->WatchEvents(context.get(), request);
  // Give the stream time to open and pin its starting point.
  absl::SleepFor(absl::Milliseconds(300));
  v1::CreateEventsResponse created;
  ASSERT_TRUE(Create({ProtoEvent("other", 2016, 1, 1, "042", "PAK", "IND"),
                      ProtoEvent("w", 2016, 1, 1)},
                     &created)
                  .ok());
  v1::WatchEventsResponse message;
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_EQ(message.change(), type::v1::WRITE_OUTCOME_CREATED);
  EXPECT_EQ(message.event().provenance().source_record_id(), "w");
  EXPECT_FALSE(message.resume_token().empty());

  // Resuming from that token delivers exactly what came after it.
  v1::Event changed = ProtoEvent("w", 2016, 1, 1);
  changed.set_title("changed");
  ASSERT_TRUE(Create({changed}, &created).ok());
  context->TryCancel();
  auto resumed_context = Context();
  request.set_resume_token(message.resume_token());
  auto resumed = stub_->WatchEvents(resumed_context.get(), request);
  ASSERT_TRUE(resumed->Read(&message));
  EXPECT_EQ(message.change(), type::v1::WRITE_OUTCOME_NEW_VERSION);
  EXPECT_EQ(message.event().title(), "changed");
  resumed_context->TryCancel();
}

TEST_F(EventsServiceTest, GdeltImportKeepsGoodRowsAndNamesBadLines) {
  std::string file = absl::StrCat(
      GdeltRow(1001, "20150420", "PAK", "CHN", "042", "04", 1, "1.9"), "\n",
      GdeltRow(1002, "20150421", "CHN", "PAK", "057", "05", 1, "8.0"), "\n",
      // line 3: truncated row
      "1003\t20150421\t201504\n",
      // line 4: impossible date
      GdeltRow(1004, "20150231", "CHN", "PAK", "057", "05", 1, "8.0"), "\n",
      // line 5: another dyad, filtered out
      GdeltRow(1005, "20150422", "IND", "CHN", "042", "04", 1, "1.9"), "\n",
      // line 6: QuadClass disagreeing with the root
      GdeltRow(1006, "20150423", "PAK", "CHN", "042", "04", 4, "1.9"), "\n");
  v1::ImportEventsOptions options;
  options.set_format(v1::EVENT_FILE_FORMAT_GDELT2);
  options.mutable_dyad_filter()->set_country_a("PAK");
  options.mutable_dyad_filter()->set_country_b("CHN");
  options.set_file_name("20150420.export.CSV");
  grpc::Status status;
  v1::ImportEventsResponse response = Import(file, options, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.rows_read(), 6);
  EXPECT_EQ(response.created(), 2);
  EXPECT_EQ(response.filtered_out(), 1);
  EXPECT_EQ(response.rejected(), 3);
  EXPECT_TRUE(response.committed());
  ASSERT_THAT(response.rejections(), SizeIs(3));
  EXPECT_EQ(response.rejections(0).line_number(), 3);
  EXPECT_EQ(response.rejections(0).reason_code(), "WRONG_COLUMN_COUNT");
  EXPECT_EQ(response.rejections(1).line_number(), 4);
  EXPECT_EQ(response.rejections(2).line_number(), 6);
  EXPECT_THAT(ListAll(PakChnList()), SizeIs(2));

  // The same file again: duplicates, nothing new.
  response = Import(file, options, &status);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(response.created(), 0);
  EXPECT_EQ(response.duplicates(), 2);
}

TEST_F(EventsServiceTest, AtomicImportWithABadRowWritesNothing) {
  std::string file = absl::StrCat(
      GdeltRow(2001, "20150420", "PAK", "CHN", "042", "04", 1, "1.9"), "\n",
      GdeltRow(2002, "20150420", "PAK", "CHN", "999", "99", 1, "1.9"), "\n");
  v1::ImportEventsOptions options;
  options.set_format(v1::EVENT_FILE_FORMAT_GDELT2);
  options.set_atomic(true);
  grpc::Status status;
  v1::ImportEventsResponse response = Import(file, options, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.committed());
  EXPECT_EQ(response.rejected(), 1);
  EXPECT_EQ(response.rejections(0).line_number(), 2);
  EXPECT_THAT(ListAll(PakChnList()), ElementsAre());

  // A dry run reports what would happen and writes nothing either.
  options.set_atomic(false);
  options.set_dry_run(true);
  response = Import(file, options, &status);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(response.created(), 1);
  EXPECT_FALSE(response.committed());
  EXPECT_THAT(ListAll(PakChnList()), ElementsAre());
}

TEST_F(EventsServiceTest, ImportWithoutOptionsFirstIsRejected) {
  auto context = Context();
  v1::ImportEventsResponse response;
  auto writer = stub_->ImportEvents(context.get(), &response);
  v1::ImportEventsRequest chunk;
  chunk.set_chunk("1\t2\n");
  writer->Write(chunk);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("options"));
}

// Each EventsServiceImpl checks calls with its own CallPolicy: a second
// server over the same manager, with a token file and a small upload limit,
// answers the same calls differently from the fixture's open one. (With a
// process-wide authorizer or limit, one server would inherit the other's.)
TEST_F(EventsServiceTest, EachServerKeepsItsOwnCallPolicy) {
  constexpr char kToken[] = "call-policy-test-0123456789";
  constexpr int64_t kSmallLimit = 64;
  const std::string tokens = path_ + ".tokens";
  std::ofstream(tokens) << kToken << "\n";
  auto authorizer = TokenAuthorizer::Load(tokens, /*protect_reads=*/false);
  std::remove(tokens.c_str());
  ASSERT_THAT(authorizer, IsOk());
  CallPolicy policy;
  policy.authorizer = *std::move(authorizer);
  policy.max_upload_bytes = kSmallLimit;
  EventsServiceImpl guarded_service(manager_.get(), policy);
  auto server = testing::StartTestServer(
      {{v1::EventsService::service_full_name(), &guarded_service}});
  ASSERT_THAT(server, IsOk());
  auto guarded = v1::EventsService::NewStub(server->channel);
  auto with_token = [&] {
    auto context = Context();
    context->AddMetadata("authorization", absl::StrCat("Bearer ", kToken));
    return context;
  };
  v1::CreateEventsRequest create;
  *create.add_events() = ProtoEvent("policy-a", 2016, 3, 7);
  v1::CreateEventsResponse created;

  grpc::Status refused =
      guarded->CreateEvents(Context().get(), create, &created);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(testing::ErrorReason(refused), "TOKEN_MISSING");
  grpc::Status open = stub_->CreateEvents(Context().get(), create, &created);
  EXPECT_TRUE(open.ok()) << open.error_message();
  *create.mutable_events(0) = ProtoEvent("policy-b", 2016, 3, 8);
  grpc::Status allowed =
      guarded->CreateEvents(with_token().get(), create, &created);
  EXPECT_TRUE(allowed.ok()) << allowed.error_message();

  // One chunk over the small limit: refused for its size by the guarded
  // server only (the fixture's server reads it and judges its rows).
  auto import = [&](v1::EventsService::Stub* stub,
                    std::unique_ptr<grpc::ClientContext> context) {
    v1::ImportEventsResponse response;
    auto writer = stub->ImportEvents(context.get(), &response);
    v1::ImportEventsRequest first;
    first.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_GDELT2);
    first.mutable_options()->set_dry_run(true);
    writer->Write(first);
    v1::ImportEventsRequest chunk;
    chunk.set_chunk(std::string(kSmallLimit + 1, 'x'));
    writer->Write(chunk);
    writer->WritesDone();
    return writer->Finish();
  };
  grpc::Status too_large = import(guarded.get(), with_token());
  EXPECT_EQ(too_large.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << too_large.error_message();
  EXPECT_EQ(testing::ErrorReason(too_large), "UPLOAD_TOO_LARGE");
  grpc::Status read = import(stub_.get(), Context());
  EXPECT_NE(read.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << read.error_message();
  server->runner.reset();
}

// The decompression limit is part of each server's CallPolicy too: a
// second server in this process with a 1,000-byte limit refuses a gzip
// upload that decompresses to 100 kB, while the fixture's server (the
// default limit) imports the same bytes.
TEST_F(EventsServiceTest, EachServerKeepsItsOwnDecompressionLimit) {
  CallPolicy policy;
  policy.max_decompressed_bytes = 1000;
  EventsServiceImpl limited_service(manager_.get(), policy);
  auto server = testing::StartTestServer(
      {{v1::EventsService::service_full_name(), &limited_service}});
  ASSERT_THAT(server, IsOk());
  auto limited = v1::EventsService::NewStub(server->channel);

  const std::string plain = absl::StrCat(
      "source_record_id,date,actor1_country,actor2_country,cameo_code,title,"
      "source_1_citation,source_1_url\n",
      std::string(100000, '\n'));
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string gzip(deflateBound(&z, plain.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(gzip.data());
  z.avail_out = static_cast<uInt>(gzip.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gzip.resize(z.total_out);
  deflateEnd(&z);
  ASSERT_LT(gzip.size(), 1000u);

  auto import = [&](v1::EventsService::Stub* stub) {
    auto context = Context();
    v1::ImportEventsResponse response;
    auto writer = stub->ImportEvents(context.get(), &response);
    v1::ImportEventsRequest first;
    first.mutable_options()->set_format(v1::EVENT_FILE_FORMAT_DYADSCOPE_CSV);
    first.mutable_options()->set_compression(type::v1::COMPRESSION_GZIP);
    first.mutable_options()->set_dry_run(true);
    writer->Write(first);
    v1::ImportEventsRequest chunk;
    chunk.set_chunk(gzip);
    writer->Write(chunk);
    writer->WritesDone();
    return writer->Finish();
  };
  grpc::Status refused = import(limited.get());
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(refused.error_message(),
              HasSubstr("--max_import_decompressed_bytes"));
  grpc::Status read = import(stub_.get());
  EXPECT_TRUE(read.ok()) << read.error_message();
  server->runner.reset();
}

// The embedded dataset, loaded as `make run` loads it.
class EmbeddedDataTest : public EventsServiceTest {
 protected:
  void SetUp() override {
    EventsServiceTest::SetUp();
    const char* source_dir = std::getenv("DYADSCOPE_SOURCE_DIR");
    auto seeded =
        SeedIfEmpty(*manager_, *repository_,
                    absl::StrCat(source_dir != nullptr ? source_dir : ".",
                                 "/data/pak-chn"));
    ASSERT_THAT(seeded, IsOk());
    ASSERT_TRUE(seeded->seeded);
    EXPECT_EQ(seeded->events.created, 73);
    EXPECT_EQ(seeded->votes.created, 22880);
  }
};

TEST_F(EmbeddedDataTest, PakChnVotingAgreementIn2000) {
  v1::GetVotingAlignmentRequest request;
  request.mutable_dyad()->set_country_a("PAK");
  request.mutable_dyad()->set_country_b("CHN");
  request.set_reference_country_code("IND");
  request.set_start_year(2000);
  request.set_end_year(2000);
  v1::GetVotingAlignmentResponse response;
  ASSERT_TRUE(
      stub_->GetVotingAlignment(Context().get(), request, &response).ok());
  ASSERT_THAT(response.years(), SizeIs(1));
  const auto& metrics = response.years(0).dyad_metrics();
  EXPECT_EQ(metrics.joint_votes(), 72);
  EXPECT_EQ(metrics.same_votes(), 63);
  EXPECT_DOUBLE_EQ(metrics.percent_agreement(), 87.5);
  EXPECT_TRUE(response.years(0).has_reference_metrics());
  EXPECT_TRUE(response.years(0).relative().has_percent_agreement());
  ASSERT_THAT(response.periods(), SizeIs(2));  // the default phases
  EXPECT_EQ(response.periods(0).label(), "consolidation");
  EXPECT_EQ(response.periods(1).label(), "deepening");
  ASSERT_THAT(response.sources(), SizeIs(1));
  EXPECT_THAT(response.sources(0).source().url(), HasSubstr("unvotes"));
}

TEST_F(EmbeddedDataTest, PhaseSummaryCountsMatchListEvents) {
  v1::SummarizeEventsRequest request;
  request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  v1::SummarizeEventsResponse response;
  ASSERT_TRUE(stub_->SummarizeEvents(Context().get(), request, &response).ok());
  ASSERT_THAT(response.periods(), SizeIs(2));
  const struct {
    const char* name;
    int start;
    int end;
  } phases[] = {{"consolidation", 1990, 2014}, {"deepening", 2015, 9999}};
  for (int i = 0; i < 2; ++i) {
    const auto& period = response.periods(i);
    EXPECT_EQ(period.label(), phases[i].name);
    v1::ListEventsRequest list = PakChnList(1000);
    auto* range = list.mutable_filter()->mutable_date_range();
    range->mutable_start_date()->set_year(phases[i].start);
    range->mutable_end_date()->set_year(phases[i].end);
    EXPECT_EQ(period.event_count(), static_cast<int64_t>(ListAll(list).size()))
        << phases[i].name;
    EXPECT_GT(period.event_count(), 0);
    EXPECT_TRUE(period.has_mean_goldstein());
    EXPECT_TRUE(period.has_mean_goldstein_interval());
  }
  EXPECT_EQ(response.coverage().event_count(), 73);
  EXPECT_FALSE(response.sources().empty());
}

// The summary with the aggregation pushed down to SQL (the default) answers
// as a second manager and server over the same store that streams every
// event does, for the default phases and for months, whose intervals are
// bootstrapped from the few events of each.
TEST_F(EmbeddedDataTest, PushedDownSummaryMatchesTheStreamedOne) {
  EventsConfig config;
  config.summary_pushdown = false;
  EventsManager streaming(repository_.get(), lexicon_.get(), config);
  EventsServiceImpl service(&streaming, CallPolicy{});
  auto server = testing::StartTestServer(
      {{v1::EventsService::service_full_name(), &service}});
  ASSERT_THAT(server, IsOk());
  auto streaming_stub = v1::EventsService::NewStub(server->channel);
  for (v1::SummaryBucket bucket :
       {v1::SUMMARY_BUCKET_UNSPECIFIED, v1::SUMMARY_BUCKET_MONTH}) {
    v1::SummarizeEventsRequest request;
    request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
    request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
    request.set_bucket(bucket);
    v1::SummarizeEventsResponse streamed;
    v1::SummarizeEventsResponse pushed;
    ASSERT_TRUE(
        streaming_stub->SummarizeEvents(Context().get(), request, &streamed)
            .ok());
    ASSERT_TRUE(stub_->SummarizeEvents(Context().get(), request, &pushed).ok());
    ASSERT_EQ(streamed.buckets_size(), pushed.buckets_size());
    ASSERT_EQ(streamed.periods_size(), pushed.periods_size());
    EXPECT_EQ(streamed.coverage().event_count(),
              pushed.coverage().event_count());
    int intervals = 0;
    auto compare = [&](const auto& x, const auto& y) {
      EXPECT_EQ(x.label(), y.label());
      EXPECT_EQ(x.event_count(), y.event_count()) << x.label();
      EXPECT_NEAR(x.mean_goldstein(), y.mean_goldstein(), 1e-9) << x.label();
      ASSERT_EQ(x.has_mean_goldstein_interval(),
                y.has_mean_goldstein_interval());
      if (x.has_mean_goldstein_interval()) {
        ++intervals;
        EXPECT_NEAR(x.mean_goldstein_interval().lower(),
                    y.mean_goldstein_interval().lower(), 1e-9)
            << x.label();
        EXPECT_NEAR(x.mean_goldstein_interval().upper(),
                    y.mean_goldstein_interval().upper(), 1e-9)
            << x.label();
        EXPECT_EQ(x.mean_goldstein_interval().method(),
                  y.mean_goldstein_interval().method());
      }
    };
    for (int i = 0; i < streamed.buckets_size(); ++i) {
      compare(streamed.buckets(i), pushed.buckets(i));
    }
    for (int i = 0; i < streamed.periods_size(); ++i) {
      compare(streamed.periods(i), pushed.periods(i));
    }
    EXPECT_GT(intervals, 0);
  }
  streaming.Shutdown();
}

}  // namespace
}  // namespace dyadscope::events
