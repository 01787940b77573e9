// Conformance tests of the security-risk store: every test runs on SQLite and
// on PostgreSQL (a fresh database each), and must pass on both.

#include "services/security_risk/storage/sql_incident_repository.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/storage/database_factory.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_databases.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::security_risk {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::testing::SizeIs;

Incident Attack(const std::string& id, int year, int fatalities,
                const std::string& province = "Balochistan") {
  Incident incident;
  incident.date = Date{year, 5, 3, DatePrecision::kDay};
  incident.location.country_code = "PAK";
  incident.location.province = province;
  incident.partner_country_code = "CHN";
  incident.attack_type = AttackType::kBombing;
  incident.fatalities_total = fatalities;
  SourceRef source;
  source.url = "https://example.org/" + id;
  incident.sources.push_back(source);
  incident.provenance.source_system = "ACLED";
  incident.provenance.source_record_id = id;
  return incident;
}

class SqlIncidentRepositoryTest
    : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    auto url = dyadscope::testing::NewTestDatabase(GetParam());
    ASSERT_THAT(url, IsOk());
    url_ = *url;
    auto db = storage::OpenDatabase(url_);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlIncidentRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
  }
  void TearDown() override {
    repository_.reset();
    db_.reset();
  }
  absl::StatusOr<IncidentUpsert> Upsert(const Incident& incident) {
    absl::StatusOr<IncidentUpsert> result;
    absl::Status status = repository_->Write([&](IncidentWriter& w) {
      result = w.Upsert(incident, "");
      return result.status();
    });
    if (!status.ok()) return status;
    return result;
  }
  std::vector<Incident> Current() {
    std::vector<Incident> out;
    EXPECT_THAT(repository_->Scan({}, ReadOptions(),
                                  [&](const Incident& i) { out.push_back(i); }),
                IsOk());
    return out;
  }

  std::string url_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SqlIncidentRepository> repository_;
};

TEST_P(SqlIncidentRepositoryTest, EditedRowsVersionDeletedRowsTombstone) {
  auto first = Upsert(Attack("PAK1", 2018, 3));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->outcome, WriteOutcome::kCreated);
  EXPECT_EQ(Upsert(Attack("PAK1", 2018, 3))->outcome, WriteOutcome::kUnchanged);
  auto edited = Upsert(Attack("PAK1", 2018, 4));  // ACLED revised the count
  ASSERT_THAT(edited, IsOk());
  EXPECT_EQ(edited->outcome, WriteOutcome::kNewVersion);
  ASSERT_THAT(Current(), SizeIs(1));
  EXPECT_EQ(Current()[0].fatalities_total, 4);

  absl::StatusOr<bool> deleted;
  ASSERT_THAT(repository_->Write([&](IncidentWriter& w) {
    deleted = w.DeleteBySource("ACLED", "PAK1", "");
    return deleted.status();
  }),
              IsOk());
  EXPECT_TRUE(*deleted);
  EXPECT_THAT(Current(), SizeIs(0));
  ASSERT_THAT(repository_->Write([&](IncidentWriter& w) {
    deleted = w.DeleteBySource("ACLED", "PAK1", "");
    return deleted.status();
  }),
              IsOk());
  EXPECT_FALSE(*deleted);  // already gone
  ReadOptions then;
  then.as_of = edited->incident.version.record_time;
  std::vector<Incident> before;
  ASSERT_THAT(repository_->Scan(
                  {}, then, [&](const Incident& i) { before.push_back(i); }),
              IsOk());
  ASSERT_THAT(before, SizeIs(1));
  EXPECT_EQ(before[0].version.version, 2);
  // Sent again after deletion: restored as a new version.
  auto restored = Upsert(Attack("PAK1", 2018, 4));
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(restored->outcome, WriteOutcome::kNewVersion);
  EXPECT_EQ(restored->incident.version.version, 4);
  EXPECT_THAT(repository_->Count(), IsOkAndHolds(1));
}

TEST_P(SqlIncidentRepositoryTest, FiltersByPlaceTimeAndPartner) {
  ASSERT_THAT(Upsert(Attack("a", 2010, 1)), IsOk());
  ASSERT_THAT(Upsert(Attack("b", 2015, 1, "Sindh")), IsOk());
  Incident other = Attack("c", 2016, 0);
  other.partner_country_code = "USA";
  ASSERT_THAT(Upsert(other), IsOk());
  IncidentQuery query;
  query.partner_country_code = "CHN";
  query.start_day = DateSortKey(Date{2012, 1, 1, DatePrecision::kDay});
  std::vector<Incident> found;
  ASSERT_THAT(repository_->Scan(query, ReadOptions(),
                                [&](const Incident& i) { found.push_back(i); }),
              IsOk());
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].location.province, "Sindh");
  query = IncidentQuery();
  query.provinces = {"Balochistan"};
  auto page = repository_->List(query, ReadOptions(), 0, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->value, SizeIs(2));
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("security_risk-3"));
}

INSTANTIATE_TEST_SUITE_P(Engines, SqlIncidentRepositoryTest,
                         ::testing::ValuesIn(dyadscope::testing::kAllEngines),
                         dyadscope::testing::EngineTestName);

}  // namespace
}  // namespace dyadscope::security_risk
