// Consistency of the manager's answers: every data version is read in the
// same read transaction as the data it describes. A store decorator writes
// one more incident right after each read returns (the write a concurrent
// client would land between a data read and a second version read); the
// answer must carry the version its data was read at, not the later one.

#include "services/security_risk/domain/security_risk_manager.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/storage/database.h"
#include "common/storage/database_factory.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_databases.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/security_risk/storage/sql_incident_repository.h"

namespace dyadscope::security_risk {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::testing::SizeIs;

Incident Attack(const std::string& id, int year) {
  Incident incident;
  incident.date = Date{year, 5, 3, DatePrecision::kDay};
  incident.location.country_code = "PAK";
  incident.location.province = "Balochistan";
  incident.partner_country_code = "CHN";
  incident.attack_type = AttackType::kBombing;
  incident.fatalities_total = 1;
  SourceRef source;
  source.url = "https://example.org/" + id;
  incident.sources.push_back(source);
  incident.provenance.source_system = "ACLED";
  incident.provenance.source_record_id = id;
  return incident;
}

// Forwards to `inner`, and after each read writes one more incident.
class InterleavingRepository : public IncidentRepository {
 public:
  explicit InterleavingRepository(IncidentRepository* inner) : inner_(inner) {}

  absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(IncidentWriter&)> body,
      bool commit) override {
    return inner_->RunTransaction(body, commit);
  }
  absl::StatusOr<Incident> GetVersion(int64_t id, int64_t version) override {
    return inner_->GetVersion(id, version);
  }
  absl::StatusOr<records::Versioned<std::vector<Incident>>> List(
      const IncidentQuery& query, const ReadOptions& options, int64_t after_id,
      int limit) override {
    auto read = inner_->List(query, options, after_id, limit);
    Interleave();
    return read;
  }
  absl::StatusOr<std::string> Scan(
      const IncidentQuery& query, const ReadOptions& options,
      absl::FunctionRef<void(const Incident&)> on_incident) override {
    auto read = inner_->Scan(query, options, on_incident);
    Interleave();
    return read;
  }
  absl::StatusOr<std::string> DataVersion() override {
    return inner_->DataVersion();
  }
  absl::StatusOr<int64_t> Count() override { return inner_->Count(); }
  std::string QueryFingerprint(const IncidentQuery& query,
                               const ReadOptions& options) const override {
    return inner_->QueryFingerprint(query, options);
  }

 private:
  void Interleave() {
    EXPECT_THAT(inner_->Write([&](IncidentWriter& w) {
      return w.Upsert(Attack(absl::StrCat("late", ++late_), 2019), "").status();
    }),
                IsOk());
  }

  IncidentRepository* inner_;
  int late_ = 0;
};

class SecurityRiskManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = dyadscope::testing::NewTestDatabase(storage::Engine::kSqlite);
    ASSERT_THAT(url, IsOk());
    auto db = storage::OpenDatabase(*url);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlIncidentRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
    interleaving_ = std::make_unique<InterleavingRepository>(repository_.get());
    manager_ = std::make_unique<SecurityRiskManager>(interleaving_.get(),
                                                     SecurityRiskConfig());
    auto created =
        manager_->Create({Attack("a", 2015), Attack("b", 2016)}, "", "", false);
    ASSERT_THAT(created, IsOk());
    EXPECT_EQ(created->data_version, "security_risk-2");
  }

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SqlIncidentRepository> repository_;
  std::unique_ptr<InterleavingRepository> interleaving_;
  std::unique_ptr<SecurityRiskManager> manager_;
};

TEST_F(SecurityRiskManagerTest, ListAnswersAtTheVersionOfItsRead) {
  auto page = manager_->List(IncidentQuery(), ReadOptions(), 10, "");
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, SizeIs(2));
  EXPECT_EQ(page->data_version, "security_risk-2");
  // The interleaved write landed: a second version read would disagree.
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("security_risk-3"));
}

TEST_F(SecurityRiskManagerTest, AssessmentAnswersAtTheVersionOfItsRead) {
  RiskScope scope;
  scope.country_code = "PAK";
  RiskRequest request;
  request.as_of_date = Date{2018, 1, 1, DatePrecision::kDay};
  auto assessed = manager_->AssessRisk(scope, request);
  ASSERT_THAT(assessed, IsOk());
  EXPECT_EQ(assessed->assessment.country.incident_count, 2);
  EXPECT_EQ(assessed->data_version, "security_risk-2");
  EXPECT_THAT(repository_->DataVersion(), IsOkAndHolds("security_risk-3"));
}

TEST_F(SecurityRiskManagerTest, ReplayedCreateAnswersFromItsTransaction) {
  auto first = manager_->Create({Attack("c", 2017)}, "req-1", "f", false);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->data_version, "security_risk-3");
  auto again = manager_->Create({Attack("c", 2017)}, "req-1", "f", false);
  ASSERT_THAT(again, IsOk());
  ASSERT_THAT(again->results, SizeIs(1));
  EXPECT_EQ(again->results[0].incident.id, first->results[0].incident.id);
  EXPECT_EQ(again->results[0].outcome, WriteOutcome::kCreated);
  EXPECT_EQ(again->data_version, "security_risk-3");
  auto dry = manager_->Create({Attack("d", 2017)}, "", "", true);
  ASSERT_THAT(dry, IsOk());
  EXPECT_EQ(dry->results[0].outcome, WriteOutcome::kCreated);
  EXPECT_EQ(dry->data_version, "security_risk-3");  // nothing committed
}

}  // namespace
}  // namespace dyadscope::security_risk
