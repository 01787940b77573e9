// Several replicas of the events service on one PostgreSQL database: the
// real `events` binary, twice, against a throwaway PostgreSQL server started
// here (so that a test may stop and restart it).
//  - Both replicas start at once (migrations under the advisory lock) and
//    ingest the same batch at once, with and without a request id: every
//    event is written once.
//  - A watcher on one replica sees an event written through the other.
//  - A replica killed right after an acknowledged write loses nothing.
//  - PostgreSQL stopped under a running replica: calls fail with UNAVAILABLE
//    within their deadline, and succeed again once it is back, without
//    restarting the replica.

#include <signal.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/postgres_server.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::PostgresServer;
using ::dyadscope::testing::ServerProcess;
namespace v1 = ::dyadscope::events::v1;

std::unique_ptr<grpc::ClientContext> Context(
    absl::Duration timeout = absl::Seconds(30)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

v1::Event ProtoEvent(const std::string& record_id, int day) {
  v1::Event event;
  event.mutable_date()->set_year(2016);
  event.mutable_date()->set_month(1 + day % 12);
  event.mutable_date()->set_day(1 + day % 28);
  event.mutable_actor1()->set_country_code("PAK");
  event.mutable_actor2()->set_country_code("CHN");
  event.set_cameo_code("042");
  event.set_title(absl::StrCat("Event ", record_id));
  event.set_text("Talks on the China-Pakistan Economic Corridor");
  auto* source = event.add_sources();
  source->set_citation("Test source");
  source->set_url("https://example.org/" + record_id);
  event.mutable_provenance()->set_source_system("TEST");
  event.mutable_provenance()->set_source_record_id(record_id);
  return event;
}

v1::CreateEventsRequest Batch(const std::string& prefix, int size,
                              const std::string& request_id) {
  v1::CreateEventsRequest request;
  for (int i = 0; i < size; ++i) {
    *request.add_events() = ProtoEvent(absl::StrCat(prefix, "-", i), i);
  }
  request.set_request_id(request_id);
  return request;
}

// One replica: the events binary on a free port, and a stub to it.
struct Replica {
  std::unique_ptr<ServerProcess> process;
  std::unique_ptr<v1::EventsService::Stub> stub;
};

class PostgresReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = PostgresServer::Start();
    ASSERT_THAT(server, IsOk()) << "needs Debian's postgresql package";
    server_ = *std::move(server);
  }

  absl::StatusOr<Replica> StartReplica() {
    auto process = ServerProcess::Start(
        testing::BinaryPath("events"),
        {"--listen=127.0.0.1:0", "--metrics_listen=off",
         absl::StrCat("--database=", server_->url()), "--seed_data=false",
         "--watch_poll=100ms", "--shutdown_grace=2s"});
    if (!process.ok()) return process.status();
    Replica replica;
    replica.stub = v1::EventsService::NewStub(grpc::CreateChannel(
        (*process)->target(), grpc::InsecureChannelCredentials()));
    replica.process = *std::move(process);
    return replica;
  }

  // The PAK–CHN events as replica `r` lists them, by source record id.
  std::vector<std::string> ListRecordIds(Replica& r) {
    std::vector<std::string> ids;
    v1::ListEventsRequest request;
    request.mutable_filter()->mutable_dyad()->set_country_a("PAK");
    request.mutable_filter()->mutable_dyad()->set_country_b("CHN");
    request.set_page_size(1000);
    while (true) {
      v1::ListEventsResponse page;
      grpc::Status status = r.stub->ListEvents(Context().get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& e : page.events()) {
        ids.push_back(e.provenance().source_record_id());
      }
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::unique_ptr<PostgresServer> server_;
};

TEST_F(PostgresReplicasTest, TwoReplicasShareOneDatabase) {
  // Both start at once: both run the migrations, one after the other.
  absl::StatusOr<Replica> a_started;
  absl::StatusOr<Replica> b_started;
  {
    std::thread start_a([&] { a_started = StartReplica(); });
    std::thread start_b([&] { b_started = StartReplica(); });
    start_a.join();
    start_b.join();
  }
  ASSERT_THAT(a_started, IsOk());
  ASSERT_THAT(b_started, IsOk());
  Replica& a = *a_started;
  Replica& b = *b_started;

  // The same batch with the same request id through both at once, three
  // times: each answers it, with the same events, written once.
  constexpr int kBatch = 150;
  for (int round = 0; round < 3; ++round) {
    const v1::CreateEventsRequest request = Batch(
        absl::StrCat("idem", round), kBatch, absl::StrCat("request-", round));
    v1::CreateEventsResponse from_a;
    v1::CreateEventsResponse from_b;
    grpc::Status status_a;
    grpc::Status status_b;
    std::thread ta([&] {
      status_a = a.stub->CreateEvents(Context().get(), request, &from_a);
    });
    std::thread tb([&] {
      status_b = b.stub->CreateEvents(Context().get(), request, &from_b);
    });
    ta.join();
    tb.join();
    ASSERT_TRUE(status_a.ok()) << status_a.error_message();
    ASSERT_TRUE(status_b.ok()) << status_b.error_message();
    EXPECT_EQ(from_a.created_count(), kBatch);
    EXPECT_EQ(from_b.created_count(), kBatch);  // the recorded answer
    ASSERT_EQ(from_a.results_size(), kBatch);
    ASSERT_EQ(from_b.results_size(), kBatch);
    for (int i = 0; i < kBatch; ++i) {
      EXPECT_EQ(from_a.results(i).event().name(),
                from_b.results(i).event().name());
    }
  }

  // The same batch without a request id through both at once: events are
  // identified by their source record, so one replica creates each event
  // and the other finds it unchanged.
  const v1::CreateEventsRequest plain = Batch("plain", kBatch, "");
  v1::CreateEventsResponse plain_a;
  v1::CreateEventsResponse plain_b;
  grpc::Status plain_status_a;
  grpc::Status plain_status_b;
  {
    std::thread ta([&] {
      plain_status_a = a.stub->CreateEvents(Context().get(), plain, &plain_a);
    });
    std::thread tb([&] {
      plain_status_b = b.stub->CreateEvents(Context().get(), plain, &plain_b);
    });
    ta.join();
    tb.join();
  }
  ASSERT_TRUE(plain_status_a.ok()) << plain_status_a.error_message();
  ASSERT_TRUE(plain_status_b.ok()) << plain_status_b.error_message();
  EXPECT_EQ(plain_a.created_count() + plain_b.created_count(), kBatch);
  EXPECT_EQ(plain_a.unchanged_count() + plain_b.unchanged_count(), kBatch);

  // Each event exactly once, seen alike through both replicas.
  const std::vector<std::string> through_a = ListRecordIds(a);
  EXPECT_EQ(through_a.size(), 4u * kBatch);
  EXPECT_TRUE(std::adjacent_find(through_a.begin(), through_a.end()) ==
              through_a.end())
      << "an event was written twice";
  EXPECT_EQ(ListRecordIds(b), through_a);

  // A watcher on replica B sees an event written through replica A.
  auto watch_context = Context();
  v1::WatchEventsRequest watch;
  watch.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  watch.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  auto reader = b.stub->WatchEvents(watch_context.get(), watch);
  absl::SleepFor(absl::Milliseconds(500));  // the stream pins its start
  v1::CreateEventsRequest one;
  *one.add_events() = ProtoEvent("watched", 3);
  v1::CreateEventsResponse created;
  ASSERT_TRUE(a.stub->CreateEvents(Context().get(), one, &created).ok());
  v1::WatchEventsResponse message;
  bool seen = false;
  while (!seen && reader->Read(&message)) {
    seen = message.has_event() &&
           message.event().provenance().source_record_id() == "watched";
  }
  EXPECT_TRUE(seen) << "the watcher on B never saw the event written via A";
  EXPECT_EQ(message.change(), type::v1::WRITE_OUTCOME_CREATED);
  watch_context->TryCancel();

  // Kill replica A (no clean shutdown) right after an acknowledged write;
  // a new replica A still has it.
  v1::CreateEventsRequest last = Batch("acked", 20, "request-acked");
  v1::CreateEventsResponse acked;
  ASSERT_TRUE(a.stub->CreateEvents(Context().get(), last, &acked).ok());
  a.process->Signal(SIGKILL);
  ASSERT_THAT(a.process->WaitForExit(absl::Seconds(10)), IsOk());
  absl::StatusOr<Replica> restarted = StartReplica();
  ASSERT_THAT(restarted, IsOk());
  const std::vector<std::string> after = ListRecordIds(*restarted);
  EXPECT_EQ(after.size(), 4u * kBatch + 1 + 20);
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(std::binary_search(after.begin(), after.end(),
                                   absl::StrCat("acked-", i)))
        << "acked-" << i << " was lost";
  }
  // The replayed request gets the recorded answer from the new replica.
  v1::CreateEventsResponse replayed;
  ASSERT_TRUE(
      restarted->stub->CreateEvents(Context().get(), last, &replayed).ok());
  EXPECT_EQ(replayed.created_count(), 20);
  EXPECT_EQ(ListRecordIds(b), after);
}

TEST_F(PostgresReplicasTest, SurvivesAPostgresRestart) {
  absl::StatusOr<Replica> started = StartReplica();
  ASSERT_THAT(started, IsOk());
  Replica& replica = *started;
  v1::CreateEventsRequest before = Batch("before", 5, "");
  v1::CreateEventsResponse response;
  ASSERT_TRUE(
      replica.stub->CreateEvents(Context().get(), before, &response).ok());

  ASSERT_THAT(server_->Stop(), IsOk());
  // While the database is down: UNAVAILABLE (so before the call's deadline,
  // which would end it with DEADLINE_EXCEEDED), for reads and writes alike;
  // the replica keeps running.
  for (int attempt = 0; attempt < 3; ++attempt) {
    v1::ListEventsRequest list;
    list.mutable_filter()->mutable_dyad()->set_country_a("PAK");
    list.mutable_filter()->mutable_dyad()->set_country_b("CHN");
    v1::ListEventsResponse page;
    grpc::Status read =
        replica.stub->ListEvents(Context(absl::Seconds(10)).get(), list, &page);
    EXPECT_EQ(read.error_code(), grpc::StatusCode::UNAVAILABLE)
        << read.error_message();
    v1::CreateEventsRequest write = Batch("during", 1, "");
    grpc::Status written = replica.stub->CreateEvents(
        Context(absl::Seconds(10)).get(), write, &response);
    EXPECT_EQ(written.error_code(), grpc::StatusCode::UNAVAILABLE)
        << written.error_message();
  }
  EXPECT_THAT(
      replica.process->WaitForExit(absl::ZeroDuration()).status(),
      ::dyadscope::testing::StatusIs(absl::StatusCode::kDeadlineExceeded))
      << "the replica exited while PostgreSQL was down:\n"
      << replica.process->Log();

  ASSERT_THAT(server_->Restart(), IsOk());
  // Back: the same process serves again (the pool reconnects).
  grpc::Status status;
  const absl::Time until = absl::Now() + absl::Seconds(30);
  do {
    v1::CreateEventsRequest after = Batch("after", 5, "");
    status = replica.stub->CreateEvents(Context().get(), after, &response);
    if (!status.ok()) absl::SleepFor(absl::Milliseconds(200));
  } while (!status.ok() && absl::Now() < until);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ListRecordIds(replica).size(), 10u);
}

}  // namespace
}  // namespace dyadscope
