// Consistency of the events manager's answers: every data version is read
// in the same read transaction as the data it describes. A store decorator
// writes one more event right after each scan returns (the write a
// concurrent client would land between a data read and a second version
// read); the answer must carry the version its data was read at.

#include "services/events/domain/events_manager.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/storage/database.h"
#include "common/storage/database_factory.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_databases.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/events/storage/sql_event_repository.h"

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::testing::Not;

Event Visit(const std::string& record_id, int day) {
  Event event;
  event.date = Date{2015, 4, day, DatePrecision::kDay};
  event.actor1.country_code = "PAK";
  event.actor2.country_code = "CHN";
  event.cameo_code = "042";
  event.cameo_root_code = "04";
  event.quad_class = QuadClass::kVerbalCooperation;
  event.domain = Domain::kDiplomatic;
  event.goldstein = 1.9;
  event.mention_weight = 1;
  event.title = "State visit";
  SourceRef source;
  source.citation = "Dawn";
  source.url = absl::StrCat("https://example.org/", record_id);
  source.source_system = "CURATED";
  event.sources.push_back(source);
  event.provenance.source_system = "CURATED";
  event.provenance.source_record_id = record_id;
  return event;
}

// Forwards to `inner`, and after each scan of events or votes writes one
// more event of the same dyad and month.
class InterleavingRepository : public EventRepository {
 public:
  explicit InterleavingRepository(EventRepository* inner) : inner_(inner) {}

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(EventWriter&)> body,
      bool commit) override {
    return inner_->RunTransaction(body, commit);
  }
  absl::StatusOr<Event> GetEvent(int64_t id,
                                 const ReadOptions& options) override {
    return inner_->GetEvent(id, options);
  }
  absl::StatusOr<Event> GetEventVersion(int64_t id, int64_t version) override {
    return inner_->GetEventVersion(id, version);
  }
  absl::StatusOr<EventRead> ReadEvent(int64_t id, const ReadOptions& options,
                                      bool include_history) override {
    return inner_->ReadEvent(id, options, include_history);
  }
  absl::StatusOr<std::vector<VersionInfo>> GetEventHistory(
      int64_t id, const ReadOptions& options) override {
    return inner_->GetEventHistory(id, options);
  }
  absl::StatusOr<records::Versioned<std::vector<Event>>> ListEvents(
      const EventQuery& query, const ReadOptions& options,
      std::optional<EventCursor> after, int limit) override {
    auto read = inner_->ListEvents(query, options, after, limit);
    Interleave();
    return read;
  }
  absl::StatusOr<std::string> ScanDigests(
      const EventQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const EventDigest&)> on_event) override {
    auto read = inner_->ScanDigests(query, options, on_event);
    Interleave();
    return read;
  }
  absl::StatusOr<std::string> ScanDigestGroups(
      const EventQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const DigestGroup&)> on_group) override {
    auto read = inner_->ScanDigestGroups(query, options, on_group);
    Interleave();
    return read;
  }
  absl::Status CountSources(
      const EventQuery& query, const ReadOptions& options, int limit,
      absl::FunctionRef<void(const SourceRef&, int64_t)> on_source) override {
    return inner_->CountSources(query, options, limit, on_source);
  }
  absl::StatusOr<std::pair<std::vector<ChangeRecord>, int64_t>> ChangesSince(
      const EventQuery& query, int64_t after_sequence, int limit) override {
    return inner_->ChangesSince(query, after_sequence, limit);
  }
  absl::StatusOr<int64_t> SequenceBefore(absl::Time time) override {
    return inner_->SequenceBefore(time);
  }
  void WaitForChange(int64_t after_sequence, absl::Time deadline) override {
    inner_->WaitForChange(after_sequence, deadline);
  }
  void WakeAll() override { inner_->WakeAll(); }
  absl::StatusOr<std::string> ScanVotes(
      const std::vector<std::string>& countries, const ReadOptions& options,
      absl::FunctionRef<void(const Vote&)> on_vote) override {
    auto read = inner_->ScanVotes(countries, options, on_vote);
    Interleave();
    return read;
  }
  absl::StatusOr<std::string> DataVersion() override {
    return inner_->DataVersion();
  }
  absl::StatusOr<std::pair<int64_t, int64_t>> CountRecords() override {
    return inner_->CountRecords();
  }

 private:
  void Interleave() {
    EXPECT_THAT(inner_->Write([&](EventWriter& w) {
      return w.UpsertEvent(Visit(absl::StrCat("late-", late_++), 25), "")
          .status();
    }),
                IsOk());
  }

  EventRepository* inner_;
  int late_ = 0;
};

class EventsManagerTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto url = dyadscope::testing::NewTestDatabase(storage::Engine::kSqlite);
    ASSERT_THAT(url, IsOk());
    auto db = storage::OpenDatabase(*url);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlEventRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
    ASSERT_THAT(repository_->Write([&](EventWriter& w) -> absl::Status {
      for (const Event& event : {Visit("a", 20), Visit("b", 21)}) {
        DYADSCOPE_RETURN_IF_ERROR(w.UpsertEvent(event, "").status());
      }
      return absl::OkStatus();
    }),
                IsOk());
    auto version = repository_->DataVersion();
    ASSERT_THAT(version, IsOk());
    version_ = *version;
    interleaving_ = std::make_unique<InterleavingRepository>(repository_.get());
    EventsConfig config;
    config.summary_pushdown = GetParam();
    manager_ =
        std::make_unique<EventsManager>(interleaving_.get(), &lexicon_, config);
  }

  SummarizeRequest PakChnApril() const {
    SummarizeRequest request;
    request.query.dyad = Dyad{"PAK", "CHN", false};
    request.span_start = Date{2015, 4, 1, DatePrecision::kDay};
    request.span_end = Date{2015, 4, 30, DatePrecision::kDay};
    request.bucket = SummaryBucket::kMonth;
    request.cache_key = "pak-chn-april";
    return request;
  }

  Lexicon lexicon_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SqlEventRepository> repository_;
  std::unique_ptr<InterleavingRepository> interleaving_;
  std::unique_ptr<EventsManager> manager_;
  std::string version_;  // after the two events of SetUp
};

TEST_P(EventsManagerTest, SummaryAnswersAtTheVersionOfItsRead) {
  auto summary = manager_->Summarize(PakChnApril());
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->summary.coverage.event_count, 2);
  EXPECT_EQ(summary->data_version, version_);
  // The interleaved write landed: a second version read would disagree.
  EXPECT_THAT(repository_->DataVersion(), Not(IsOkAndHolds(version_)));
  // Asked again: the answer of the old version is not reused.
  auto again = manager_->Summarize(PakChnApril());
  ASSERT_THAT(again, IsOk());
  EXPECT_NE(again->data_version, version_);
}

INSTANTIATE_TEST_SUITE_P(Pushdown, EventsManagerTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Grouped" : "Streamed";
                         });

}  // namespace
}  // namespace dyadscope::events
