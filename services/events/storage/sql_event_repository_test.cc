// Conformance tests of the events store: every test runs on SQLite and on
// PostgreSQL (a fresh database each), and must pass on both.

#include "services/events/storage/sql_event_repository.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status/status_macros.h"
#include "common/storage/database_factory.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_databases.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

Event MakeEvent(const std::string& record_id, Date date, std::string a1 = "PAK",
                std::string a2 = "CHN", std::string cameo = "042") {
  Event event;
  event.date = date;
  event.actor1.country_code = std::move(a1);
  event.actor2.country_code = std::move(a2);
  event.cameo_code = cameo;
  event.cameo_root_code = cameo.substr(0, 2);
  event.quad_class = QuadClass::kVerbalCooperation;
  event.domain = Domain::kDiplomatic;
  event.goldstein = 1.9;
  event.mention_weight = 1;
  event.title = "State visit";
  event.text = "The Prime Minister visits Beijing (CPEC talks)";
  event.tags = {"visit", "cpec"};
  event.themes = {"cpec"};
  SourceRef source;
  source.citation = "Dawn";
  source.url = "https://example.org/a";
  source.source_system = "CURATED";
  event.sources.push_back(source);
  event.provenance.source_system = "CURATED";
  event.provenance.source_record_id = record_id;
  return event;
}

Date Day(int y, int m, int d) { return Date{y, m, d, DatePrecision::kDay}; }

class SqlEventRepositoryTest
    : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    auto url = dyadscope::testing::NewTestDatabase(GetParam());
    ASSERT_THAT(url, IsOk());
    url_ = *url;
    Open();
  }
  void TearDown() override {
    repository_.reset();
    db_.reset();
  }
  // Opens (again) the test's database: a restart of the service.
  void Open() {
    repository_.reset();
    db_.reset();
    auto db = storage::OpenDatabase(url_);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlEventRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
  }

  absl::StatusOr<UpsertResult> Upsert(const Event& event,
                                      const std::string& request_id = "") {
    absl::StatusOr<UpsertResult> result;
    absl::Status status = repository_->Write([&](EventWriter& writer) {
      result = writer.UpsertEvent(event, request_id);
      return result.status();
    });
    if (!status.ok()) return status;
    return result;
  }

  EventQuery PakChn(bool directed = false) {
    EventQuery query;
    query.dyad = Dyad{"PAK", "CHN", directed};
    return query;
  }

  std::vector<int64_t> ListIds(const EventQuery& query,
                               ReadOptions options = ReadOptions()) {
    auto events = repository_->ListEvents(query, options, std::nullopt, 1000);
    EXPECT_THAT(events, IsOk());
    std::vector<int64_t> ids;
    if (events.ok()) {
      for (const Event& e : events->value) ids.push_back(e.id);
    }
    return ids;
  }

  std::string url_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SqlEventRepository> repository_;
};

TEST_P(SqlEventRepositoryTest, CreatesThenIgnoresIdenticalThenVersions) {
  auto first = Upsert(MakeEvent("r1", Day(2015, 4, 20)), "req-1");
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->outcome, WriteOutcome::kCreated);
  EXPECT_GT(first->event.id, 0);
  EXPECT_EQ(first->event.version.version, 1);
  EXPECT_EQ(first->event.version.request_id, "req-1");

  // The same content from another file is not a change.
  Event again = MakeEvent("r1", Day(2015, 4, 20));
  again.provenance.source_file = "other.csv";
  again.provenance.source_line = 7;
  auto second = Upsert(again);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->outcome, WriteOutcome::kUnchanged);
  EXPECT_EQ(second->event.id, first->event.id);
  EXPECT_EQ(second->event.version.version, 1);

  Event changed = MakeEvent("r1", Day(2015, 4, 20));
  changed.title = "State visit (corrected)";
  auto third = Upsert(changed);
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(third->outcome, WriteOutcome::kNewVersion);
  EXPECT_EQ(third->event.version.version, 2);

  auto current = repository_->GetEvent(first->event.id, ReadOptions());
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->title, "State visit (corrected)");
  EXPECT_EQ(current->version.version, 2);
  EXPECT_EQ(current->version.create_time, first->event.version.create_time);

  // As of the first version's record time, the old title.
  ReadOptions then;
  then.as_of = first->event.version.record_time;
  auto old = repository_->GetEvent(first->event.id, then);
  ASSERT_THAT(old, IsOk());
  EXPECT_EQ(old->title, "State visit");
  EXPECT_EQ(old->version.version, 1);

  // Before it existed: not found.
  ReadOptions before;
  before.as_of = first->event.version.record_time - absl::Microseconds(1);
  EXPECT_THAT(repository_->GetEvent(first->event.id, before),
              StatusIs(absl::StatusCode::kNotFound));

  auto history = repository_->GetEventHistory(first->event.id, ReadOptions());
  ASSERT_THAT(history, IsOk());
  ASSERT_THAT(*history, SizeIs(2));
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[1].version, 2);
  EXPECT_LT((*history)[0].record_time, (*history)[1].record_time);
}

TEST_P(SqlEventRepositoryTest, EventsWithoutRecordIdAreAlwaysNew) {
  Event event = MakeEvent("", Day(2015, 4, 20));
  auto a = Upsert(event);
  auto b = Upsert(event);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_NE(a->event.id, b->event.id);
  EXPECT_EQ(b->outcome, WriteOutcome::kCreated);
}

TEST_P(SqlEventRepositoryTest, DeleteWritesATombstone) {
  auto created = Upsert(MakeEvent("r1", Day(2015, 4, 20)));
  ASSERT_THAT(created, IsOk());
  const int64_t id = created->event.id;

  absl::Status wrong = repository_->Write([&](EventWriter& writer) {
    return writer.DeleteEvent(id, 5, "").status();
  });
  EXPECT_THAT(wrong, StatusIs(absl::StatusCode::kAborted));

  absl::StatusOr<Event> tombstone;
  ASSERT_THAT(repository_->Write([&](EventWriter& writer) {
    tombstone = writer.DeleteEvent(id, 1, "del-1");
    return tombstone.status();
  }),
              IsOk());
  EXPECT_TRUE(tombstone->version.deleted);
  EXPECT_EQ(tombstone->version.version, 2);

  EXPECT_THAT(repository_->GetEvent(id, ReadOptions()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("deleted")));
  ReadOptions show;
  show.include_deleted = true;
  auto shown = repository_->GetEvent(id, show);
  ASSERT_THAT(shown, IsOk());
  EXPECT_TRUE(shown->version.deleted);
  ReadOptions before;
  before.as_of = created->event.version.record_time;
  EXPECT_THAT(repository_->GetEvent(id, before), IsOk());
  EXPECT_THAT(ListIds(PakChn()), ElementsAre());
  EXPECT_THAT(ListIds(PakChn(), before), ElementsAre(id));

  // Deleting again: not found. Re-sending the event revives it.
  EXPECT_THAT(repository_->Write([&](EventWriter& writer) {
    return writer.DeleteEvent(id, std::nullopt, "").status();
  }),
              StatusIs(absl::StatusCode::kNotFound));
  auto revived = Upsert(MakeEvent("r1", Day(2015, 4, 20)));
  ASSERT_THAT(revived, IsOk());
  EXPECT_EQ(revived->outcome, WriteOutcome::kNewVersion);
  EXPECT_EQ(revived->event.version.version, 3);
}

TEST_P(SqlEventRepositoryTest, AFailedOrDryRunWriteChangesNothing) {
  absl::Status failed = repository_->Write([&](EventWriter& writer) {
    DYADSCOPE_RETURN_IF_ERROR(
        writer.UpsertEvent(MakeEvent("r1", Day(2015, 1, 1)), "").status());
    return absl::InvalidArgumentError("row 2 is bad");
  });
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(repository_->DryRun([&](EventWriter& writer) {
    return writer.UpsertEvent(MakeEvent("r2", Day(2015, 1, 1)), "").status();
  }),
              IsOk());
  EXPECT_THAT(ListIds(PakChn()), ElementsAre());
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("events-0"));
}

TEST_P(SqlEventRepositoryTest, ListFiltersAndOrders) {
  auto e1 = Upsert(MakeEvent("a", Day(2016, 1, 5)));
  auto e2 = Upsert(MakeEvent("b", Day(2014, 3, 1), "CHN", "PAK", "057"));
  auto e3 = Upsert(MakeEvent("c", Day(2016, 1, 5), "PAK", "IND", "190"));
  Event security = MakeEvent("d", Date{2015, 0, 0, DatePrecision::kYear}, "PAK",
                             "CHN", "062");
  security.domain = Domain::kSecurity;
  security.quad_class = QuadClass::kMaterialCooperation;
  security.tags = {"exercise_100%"};
  security.title = "Joint exercise";
  security.text = "Warrior-V in Xinjiang";
  auto e4 = Upsert(security);
  ASSERT_THAT(e1, IsOk());
  ASSERT_THAT(e2, IsOk());
  ASSERT_THAT(e3, IsOk());
  ASSERT_THAT(e4, IsOk());
  const int64_t a = e1->event.id, b = e2->event.id, d = e4->event.id;

  EXPECT_THAT(ListIds(PakChn()), ElementsAre(b, d, a));  // by date then id
  EXPECT_THAT(ListIds(PakChn(/*directed=*/true)), ElementsAre(d, a));
  EventQuery q = PakChn();
  q.domains = {Domain::kSecurity};
  EXPECT_THAT(ListIds(q), ElementsAre(d));
  q = PakChn();
  q.quad_classes = {QuadClass::kVerbalCooperation};
  EXPECT_THAT(ListIds(q), ElementsAre(b, a));
  q = PakChn();
  q.cameo_code_prefixes = {"05"};
  EXPECT_THAT(ListIds(q), ElementsAre(b));
  q = PakChn();
  q.cameo_root_codes = {"06"};
  EXPECT_THAT(ListIds(q), ElementsAre(d));
  q = PakChn();
  q.tags = {"exercise_100%"};
  EXPECT_THAT(ListIds(q), ElementsAre(d));
  q.tags = {"exercise_1000"};  // '%' and '_' are not wildcards
  EXPECT_THAT(ListIds(q), ElementsAre());
  q = PakChn();
  q.text = "XINJIANG";
  EXPECT_THAT(ListIds(q), ElementsAre(d));
  q = PakChn();
  q.start_day = DateSortKey(Day(2015, 1, 1));
  q.end_day = DateSortKey(Day(2015, 12, 31));
  EXPECT_THAT(ListIds(q), ElementsAre(d));
  q = PakChn();
  q.themes = {"cpec"};
  EXPECT_THAT(ListIds(q), ElementsAre(b, d, a));
  q.source_systems = {"GDELT2"};
  EXPECT_THAT(ListIds(q), ElementsAre());

  // Paging with a cursor continues exactly after the last row.
  auto page =
      repository_->ListEvents(PakChn(), ReadOptions(),
                              EventCursor{DateSortKey(Day(2015, 1, 1)), d}, 10);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->value, SizeIs(1));
  EXPECT_EQ(page->value[0].id, a);
}

TEST_P(SqlEventRepositoryTest, DigestsAndSources) {
  ASSERT_THAT(Upsert(MakeEvent("a", Day(2016, 1, 5))), IsOk());
  Event monthly = MakeEvent("b", Date{2016, 2, 0, DatePrecision::kMonth});
  monthly.goldstein.reset();
  SourceRef xinhua;
  xinhua.citation = "Xinhua";
  xinhua.url = "https://example.org/x";
  monthly.sources.push_back(xinhua);
  ASSERT_THAT(Upsert(monthly), IsOk());
  std::vector<EventDigest> digests;
  ASSERT_THAT(repository_->ScanDigests(PakChn(), ReadOptions(),
                                       [&](const EventDigest& digest) {
                                         digests.push_back(digest);
                                       }),
              IsOk());
  ASSERT_THAT(digests, SizeIs(2));
  EXPECT_EQ(digests[0].date, Day(2016, 1, 5));
  EXPECT_EQ(digests[1].date, (Date{2016, 2, 0, DatePrecision::kMonth}));
  EXPECT_FALSE(digests[1].goldstein.has_value());
  EXPECT_EQ(digests[0].goldstein, 1.9);
  EXPECT_THAT(digests[0].themes, ElementsAre("cpec"));

  std::vector<std::pair<std::string, int64_t>> sources;
  ASSERT_THAT(
      repository_->CountSources(PakChn(), ReadOptions(), 10,
                                [&](const SourceRef& source, int64_t count) {
                                  sources.emplace_back(source.citation, count);
                                }),
      IsOk());
  EXPECT_THAT(sources, ElementsAre(std::make_pair("Dawn", 2),
                                   std::make_pair("Xinhua", 1)));
  // The database keeps the most cited only.
  sources.clear();
  ASSERT_THAT(
      repository_->CountSources(PakChn(), ReadOptions(), 1,
                                [&](const SourceRef& source, int64_t count) {
                                  sources.emplace_back(source.citation, count);
                                }),
      IsOk());
  EXPECT_THAT(sources, ElementsAre(std::make_pair("Dawn", 2)));
}

// The database aggregates a day's events with the same codes and themes:
// the count and the sums of w, g, w g, w², w² g and w² g², with a missing
// score read as 0 and a missing weight as 1.
TEST_P(SqlEventRepositoryTest, DigestGroupsAggregateInTheDatabase) {
  Event a = MakeEvent("a", Day(2016, 1, 5));  // g 1.9, w 1
  Event b = MakeEvent("b", Day(2016, 1, 5));
  b.goldstein = -2.5;
  b.mention_weight = 3;
  Event c = MakeEvent("c", Day(2016, 1, 5));
  c.goldstein.reset();       // 0
  c.mention_weight.reset();  // 1
  Event other_codes = MakeEvent("d", Day(2016, 1, 5), "PAK", "CHN", "190");
  other_codes.quad_class = QuadClass::kMaterialConflict;
  for (const Event& e : {a, b, c, other_codes, MakeEvent("e", Day(2016, 1, 4)),
                         MakeEvent("f", Day(2016, 1, 5), "IND", "CHN")}) {
    ASSERT_THAT(Upsert(e), IsOk());
  }
  std::vector<DigestGroup> groups;
  ASSERT_THAT(repository_->ScanDigestGroups(
                  PakChn(), ReadOptions(),
                  [&](const DigestGroup& g) { groups.push_back(g); }),
              IsOk());
  ASSERT_THAT(groups, SizeIs(3));
  EXPECT_EQ(groups[0].date, Day(2016, 1, 4));
  EXPECT_EQ(groups[0].count, 1);
  const DigestGroup& day = groups[1];
  EXPECT_EQ(day.date, Day(2016, 1, 5));
  EXPECT_EQ(day.count, 3);
  EXPECT_EQ(day.quad_class, QuadClass::kVerbalCooperation);
  EXPECT_THAT(day.themes, ElementsAre("cpec"));
  EXPECT_DOUBLE_EQ(day.weight_sum, 1 + 3 + 1);
  EXPECT_DOUBLE_EQ(day.goldstein_sum, 1.9 - 2.5 + 0);
  EXPECT_DOUBLE_EQ(day.weighted_goldstein_sum, 1.9 - 7.5);
  EXPECT_DOUBLE_EQ(day.w2_sum, 1 + 9 + 1);
  EXPECT_DOUBLE_EQ(day.w2g_sum, 1.9 - 22.5);
  EXPECT_DOUBLE_EQ(day.w2g2_sum, 1.9 * 1.9 + 9 * 6.25);
  EXPECT_DOUBLE_EQ(day.min_goldstein, -2.5);
  EXPECT_DOUBLE_EQ(day.max_goldstein, 1.9);
  EXPECT_DOUBLE_EQ(day.min_weight, 1);
  EXPECT_EQ(groups[2].count, 1);
  EXPECT_EQ(groups[2].quad_class, QuadClass::kMaterialConflict);

  // A source-system filter (which joins the events table) keeps or drops
  // them all, in both scans.
  for (const auto& [system, expected] :
       {std::make_pair(std::string("CURATED"), 3),
        std::make_pair(std::string("OTHER"), 0)}) {
    EventQuery query = PakChn();
    query.source_systems = {system};
    int group_count = 0;
    int64_t event_count = 0;
    ASSERT_THAT(repository_->ScanDigestGroups(query, ReadOptions(),
                                              [&](const DigestGroup& g) {
                                                ++group_count;
                                                event_count += g.count;
                                              }),
                IsOk());
    EXPECT_EQ(group_count, expected) << system;
    int digests = 0;
    ASSERT_THAT(
        repository_->ScanDigests(query, ReadOptions(),
                                 [&](const EventDigest&) { ++digests; }),
        IsOk());
    EXPECT_EQ(digests, event_count) << system;
    EXPECT_EQ(digests, expected == 0 ? 0 : 5) << system;
  }
}

TEST_P(SqlEventRepositoryTest, ChangeLogAndDataVersion) {
  auto v0 = repository_->DataVersion();
  ASSERT_THAT(v0, IsOk());
  const absl::Time start = repository_->NextRecordTime();
  auto e1 = Upsert(MakeEvent("a", Day(2016, 1, 5)));
  ASSERT_THAT(Upsert(MakeEvent("x", Day(2016, 1, 5), "PAK", "IND")), IsOk());
  auto v1 = repository_->DataVersion();
  ASSERT_THAT(v1, IsOk());
  EXPECT_NE(*v0, *v1);

  auto from = repository_->SequenceBefore(start);
  ASSERT_THAT(from, IsOkAndHolds(0));
  auto changes = repository_->ChangesSince(PakChn(), *from, 100);
  ASSERT_THAT(changes, IsOk());
  ASSERT_THAT(changes->first, SizeIs(1));  // the PAK–IND event is filtered
  EXPECT_EQ(changes->first[0].event.id, e1->event.id);
  EXPECT_EQ(changes->first[0].change, WriteOutcome::kCreated);
  EXPECT_EQ(changes->second, 2);  // examined through the last change
  auto none = repository_->ChangesSince(PakChn(), changes->second, 100);
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(none->first, SizeIs(0));
  EXPECT_EQ(none->second, 2);
}

TEST_P(SqlEventRepositoryTest, RequestIdsRememberAnswersAndRejectReuse) {
  ASSERT_THAT(repository_->Write([&](EventWriter& writer) {
    auto found = writer.FindRequest("req", "CreateEvents", "fp1");
    EXPECT_THAT(found, IsOkAndHolds(std::nullopt));
    return writer.RecordRequest("req", "CreateEvents", "fp1", "answer");
  }),
              IsOk());
  ASSERT_THAT(repository_->Write([&](EventWriter& writer) {
    EXPECT_THAT(writer.FindRequest("req", "CreateEvents", "fp1"),
                IsOkAndHolds(std::optional<std::string>("answer")));
    EXPECT_THAT(writer.FindRequest("req", "CreateEvents", "fp2"),
                StatusIs(absl::StatusCode::kAlreadyExists));
    EXPECT_THAT(writer.FindRequest("req", "DeleteEvent", "fp2"),
                IsOkAndHolds(std::nullopt));
    return absl::OkStatus();
  }),
              IsOk());
}

TEST_P(SqlEventRepositoryTest, VotesAreVersionedAndSurviveReopening) {
  Vote vote;
  vote.roll_call_id = "1190";
  vote.session = 26;
  vote.date = Day(1971, 10, 25);
  vote.resolution = "R/26/2758";
  vote.country_code = "PAK";
  vote.country_name = "Pakistan";
  vote.choice = VoteChoice::kYes;
  vote.provenance.source_system = "UNGA_VOTES";
  auto write = [&](const Vote& v) {
    absl::StatusOr<WriteOutcome> outcome;
    EXPECT_THAT(repository_->Write([&](EventWriter& writer) {
      outcome = writer.UpsertVote(v, "");
      return outcome.status();
    }),
                IsOk());
    return outcome;
  };
  EXPECT_THAT(write(vote), IsOkAndHolds(WriteOutcome::kCreated));
  EXPECT_THAT(write(vote), IsOkAndHolds(WriteOutcome::kUnchanged));
  vote.choice = VoteChoice::kAbstain;
  EXPECT_THAT(write(vote), IsOkAndHolds(WriteOutcome::kNewVersion));

  Open();  // a restart keeps what was committed
  std::vector<Vote> votes;
  ASSERT_THAT(
      repository_->ScanVotes({"PAK"}, ReadOptions(),
                             [&](const Vote& v) { votes.push_back(v); }),
      IsOk());
  ASSERT_THAT(votes, SizeIs(1));
  EXPECT_EQ(votes[0].choice, VoteChoice::kAbstain);
  EXPECT_EQ(votes[0].version.version, 2);
  EXPECT_EQ(votes[0].date, Day(1971, 10, 25));
  EXPECT_THAT(repository_->CountRecords(),
              IsOkAndHolds(std::make_pair(int64_t{0}, int64_t{1})));
}

INSTANTIATE_TEST_SUITE_P(Engines, SqlEventRepositoryTest,
                         ::testing::ValuesIn(dyadscope::testing::kAllEngines),
                         dyadscope::testing::EngineTestName);

}  // namespace
}  // namespace dyadscope::events
