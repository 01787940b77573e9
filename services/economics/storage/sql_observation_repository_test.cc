// Conformance tests of the economics store: every test runs on SQLite and on
// PostgreSQL (a fresh database each), and must pass on both.

#include "services/economics/storage/sql_observation_repository.h"

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

namespace dyadscope::economics {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::StatusIs;
using ::testing::SizeIs;

Observation Exports(int year, double value, std::string source = "IMF_DOTS") {
  Observation o;
  o.indicator_code = "exports_fob";
  o.reporter_code = "PAK";
  o.partner_code = "CHN";
  o.flow = Flow::kExports;
  o.valuation = TradeValuation::kFob;
  o.year = year;
  o.value = value;
  o.unit = Unit::kUsdCurrent;
  SourceRef source_ref;
  source_ref.citation = "IMF Direction of Trade Statistics";
  o.sources.push_back(source_ref);
  o.provenance.source_system = std::move(source);
  return o;
}

class SqlObservationRepositoryTest
    : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    auto url = dyadscope::testing::NewTestDatabase(GetParam());
    ASSERT_THAT(url, IsOk());
    url_ = *url;
    auto db = storage::OpenDatabase(url_);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlObservationRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
  }
  void TearDown() override {
    repository_.reset();
    db_.reset();
  }
  absl::StatusOr<ObservationUpsert> Upsert(const Observation& o) {
    absl::StatusOr<ObservationUpsert> result;
    absl::Status status = repository_->Write([&](ObservationWriter& w) {
      result = w.Upsert(o, "");
      return result.status();
    });
    if (!status.ok()) return status;
    return result;
  }

  std::string url_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SqlObservationRepository> repository_;
};

TEST_P(SqlObservationRepositoryTest, IdempotentOnTheKeyAndVersioned) {
  auto first = Upsert(Exports(2000, 1.5e8));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->outcome, WriteOutcome::kCreated);
  Observation again = Exports(2000, 1.5e8);
  again.provenance.source_file = "other.csv";
  auto second = Upsert(again);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->outcome, WriteOutcome::kUnchanged);
  EXPECT_EQ(second->observation.id, first->observation.id);
  auto revised = Upsert(Exports(2000, 1.6e8));
  ASSERT_THAT(revised, IsOk());
  EXPECT_EQ(revised->outcome, WriteOutcome::kNewVersion);
  EXPECT_EQ(revised->observation.version.version, 2);
  // Another source system for the same flow is a separate observation.
  auto reported = Upsert(Exports(2000, 1.7e8, "REPORTED"));
  ASSERT_THAT(reported, IsOk());
  EXPECT_EQ(reported->outcome, WriteOutcome::kCreated);

  auto now = repository_->List({}, ReadOptions(), 0, 100);
  ASSERT_THAT(now, IsOk());
  ASSERT_THAT(now->value, SizeIs(2));
  EXPECT_EQ(now->value[0].value, 1.6e8);
  ReadOptions then;
  then.as_of = first->observation.version.record_time;
  auto old = repository_->List({}, then, 0, 100);
  ASSERT_THAT(old, IsOk());
  ASSERT_THAT(old->value, SizeIs(1));
  EXPECT_EQ(old->value[0].value, 1.5e8);
  EXPECT_THAT(repository_->GetVersion(first->observation.id, 1), IsOk());
  EXPECT_THAT(repository_->GetVersion(first->observation.id, 9),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(SqlObservationRepositoryTest, FiltersAndPages) {
  for (int year = 2000; year < 2010; ++year) {
    ASSERT_THAT(Upsert(Exports(year, year)), IsOk());
  }
  Observation gdp;
  gdp.indicator_code = "NY.GDP.MKTP.CD";
  gdp.reporter_code = "PAK";
  gdp.flow = Flow::kGdp;
  gdp.year = 2005;
  gdp.value = 1e11;
  gdp.unit = Unit::kUsdCurrent;
  gdp.provenance.source_system = "WDI";
  ASSERT_THAT(Upsert(gdp), IsOk());

  ObservationQuery query;
  query.flows = {Flow::kExports};
  query.start_year = 2003;
  query.end_year = 2005;
  auto three = repository_->List(query, ReadOptions(), 0, 100);
  ASSERT_THAT(three, IsOk());
  EXPECT_THAT(three->value, SizeIs(3));
  query = ObservationQuery();
  query.source_systems = {"WDI"};
  auto wdi = repository_->List(query, ReadOptions(), 0, 100);
  ASSERT_THAT(wdi, IsOk());
  ASSERT_THAT(wdi->value, SizeIs(1));
  EXPECT_EQ(wdi->value[0].partner_code, "");

  auto page1 = repository_->List({}, ReadOptions(), 0, 4);
  ASSERT_THAT(page1, IsOk());
  ASSERT_THAT(page1->value, SizeIs(4));
  auto page2 =
      repository_->List({}, ReadOptions(), page1->value.back().id, 100);
  ASSERT_THAT(page2, IsOk());
  EXPECT_THAT(page2->value, SizeIs(7));
  EXPECT_THAT(repository_->Count(), IsOkAndHolds(11));
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("economics-11"));
}

TEST_P(SqlObservationRepositoryTest, DryRunWritesNothing) {
  ASSERT_THAT(repository_->DryRun([&](ObservationWriter& w) {
    return w.Upsert(Exports(2000, 1), "").status();
  }),
              IsOk());
  EXPECT_THAT(repository_->Count(), IsOkAndHolds(0));
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("economics-0"));
}

INSTANTIATE_TEST_SUITE_P(Engines, SqlObservationRepositoryTest,
                         ::testing::ValuesIn(dyadscope::testing::kAllEngines),
                         dyadscope::testing::EngineTestName);

}  // namespace
}  // namespace dyadscope::economics
