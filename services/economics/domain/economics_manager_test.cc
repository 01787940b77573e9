// Consistency of the manager's answers: every data version is read in the
// same read transaction as the data it describes. A store decorator writes
// one more observation right after each read returns (the write a
// concurrent client would land between a data read and a second version
// read); the answer must carry the version its data was read at.

#include "services/economics/domain/economics_manager.h"

#include <memory>
#include <string>
#include <vector>

#include "common/storage/database.h"
#include "common/storage/database_factory.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_databases.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/economics/storage/sql_observation_repository.h"

namespace dyadscope::economics {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::testing::SizeIs;

Observation Exports(int year, double value) {
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
  o.provenance.source_system = "IMF_DOTS";
  return o;
}

// Forwards to `inner`, and after each read writes one more observation.
class InterleavingRepository : public ObservationRepository {
 public:
  explicit InterleavingRepository(ObservationRepository* inner)
      : inner_(inner) {}

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(ObservationWriter&)> body,
      bool commit) override {
    return inner_->RunTransaction(body, commit);
  }
  absl::StatusOr<Observation> GetVersion(int64_t id, int64_t version) override {
    return inner_->GetVersion(id, version);
  }
  absl::StatusOr<records::Versioned<std::vector<Observation>>> List(
      const ObservationQuery& query, const ReadOptions& options,
      int64_t after_id, int limit) override {
    auto read = inner_->List(query, options, after_id, limit);
    Interleave();
    return read;
  }
  absl::StatusOr<std::string> Scan(
      const ObservationQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Observation&)> on_observation) override {
    auto read = inner_->Scan(query, options, on_observation);
    Interleave();
    return read;
  }
  absl::StatusOr<std::string> DataVersion() override {
    return inner_->DataVersion();
  }
  absl::StatusOr<int64_t> Count() override { return inner_->Count(); }
  std::string QueryFingerprint(const ObservationQuery& query,
                               const ReadOptions& options) const override {
    return inner_->QueryFingerprint(query, options);
  }

 private:
  void Interleave() {
    EXPECT_THAT(inner_->Write([&](ObservationWriter& w) {
      return w.Upsert(Exports(1990 + late_++, 1.0), "").status();
    }),
                IsOk());
  }

  ObservationRepository* inner_;
  int late_ = 0;
};

class EconomicsManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = dyadscope::testing::NewTestDatabase(storage::Engine::kSqlite);
    ASSERT_THAT(url, IsOk());
    auto db = storage::OpenDatabase(*url);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlObservationRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
    interleaving_ = std::make_unique<InterleavingRepository>(repository_.get());
    manager_ = std::make_unique<EconomicsManager>(interleaving_.get(),
                                                  EconomicsConfig());
    auto created = manager_->Create({Exports(2010, 1e8), Exports(2011, 2e8)},
                                    "", "", false);
    ASSERT_THAT(created, IsOk());
    EXPECT_EQ(created->data_version, "economics-2");
  }

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SqlObservationRepository> repository_;
  std::unique_ptr<InterleavingRepository> interleaving_;
  std::unique_ptr<EconomicsManager> manager_;
};

TEST_F(EconomicsManagerTest, ListAnswersAtTheVersionOfItsRead) {
  auto page = manager_->List(ObservationQuery(), ReadOptions(), 10, "");
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, SizeIs(2));
  EXPECT_EQ(page->data_version, "economics-2");
  // The interleaved write landed: a second version read would disagree.
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("economics-3"));
}

TEST_F(EconomicsManagerTest, IndicatorsAnswerAtTheVersionOfTheirRead) {
  IndicatorRequest request;
  request.country_a = "PAK";
  request.country_b = "CHN";
  request.start_year = 2010;
  request.end_year = 2011;
  auto computed = manager_->ComputeIndicators(request, ReadOptions());
  ASSERT_THAT(computed, IsOk());
  EXPECT_EQ(computed->data_version, "economics-2");
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("economics-3"));
  // Asked again: the cached answer of version 2 is not reused at version 3.
  auto again = manager_->ComputeIndicators(request, ReadOptions());
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->data_version, "economics-3");
}

TEST_F(EconomicsManagerTest, ReplayedCreateAnswersFromItsTransaction) {
  auto first = manager_->Create({Exports(2012, 3e8)}, "req-1", "f", false);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->data_version, "economics-3");
  auto again = manager_->Create({Exports(2012, 3e8)}, "req-1", "f", false);
  ASSERT_THAT(again, IsOk());
  ASSERT_THAT(again->results, SizeIs(1));
  EXPECT_EQ(again->results[0].observation.id, first->results[0].observation.id);
  EXPECT_EQ(again->results[0].outcome, WriteOutcome::kCreated);
  EXPECT_EQ(again->data_version, "economics-3");
  auto dry = manager_->Create({Exports(2013, 1)}, "", "", true);
  ASSERT_THAT(dry, IsOk());
  EXPECT_EQ(dry->results[0].outcome, WriteOutcome::kCreated);
  EXPECT_EQ(dry->data_version, "economics-3");  // nothing committed
}

}  // namespace
}  // namespace dyadscope::economics
