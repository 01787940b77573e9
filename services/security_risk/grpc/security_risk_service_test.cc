// RPC tests of SecurityRiskService: a real in-process server on 127.0.0.1:0
// over a real SQLite file, called through a real stub with deadlines.

#include "services/security_risk/grpc/security_risk_service.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/storage/sqlite_database.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "services/security_risk/storage/sql_incident_repository.h"

namespace dyadscope::security_risk {
namespace {

using ::dyadscope::testing::BadFields;

namespace v1 = ::dyadscope::securityrisk::v1;
using ::dyadscope::testing::IsOk;
using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::SizeIs;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(120)));
  return context;
}

// An ACLED export row (current column names).
std::string AcledRow(const std::string& id, const std::string& date,
                     int fatalities, const std::string& timestamp) {
  return absl::StrCat(
      "\"", id, "\",", date, ",", date.substr(0, 4),
      ",1,\"Political violence\",\"Explosions/Remote violence\","
      "\"Remote explosive/landmine/IED\",\"BLA: Balochistan Liberation "
      "Army\",,2,\"Civilians (China)\",\"Chinese Group\",7,27,\"Civilian "
      "targeting\",586,\"Southern Asia\",\"Pakistan\",\"Balochistan\","
      "\"Gwadar\",,\"Gwadar\",25.1216,62.3254,1,\"Dawn\",\"National\","
      "\"An IED targeted a convoy of Chinese engineers.\",",
      fatalities, ",,", timestamp, "\n");
}

constexpr char kAcledHeader[] =
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,"
    "interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,"
    "fatalities,tags,timestamp\n";

class SecurityRiskServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = absl::StrCat(::testing::TempDir(), "/risk-rpc-", getpid(), "-",
                         counter_++, ".sqlite");
    auto db = storage::SqliteDatabase::Open(path_);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlIncidentRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
    manager_ = std::make_unique<SecurityRiskManager>(repository_.get(),
                                                     SecurityRiskConfig());
    service_ =
        std::make_unique<SecurityRiskServiceImpl>(manager_.get(), CallPolicy{});
    auto server = testing::StartTestServer(
        {{v1::SecurityRiskService::service_full_name(), service_.get()}});
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::SecurityRiskService::NewStub(server_.channel);
  }
  void TearDown() override {
    server_.runner.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::remove(absl::StrCat(path_, suffix).c_str());
    }
  }

  v1::ImportIncidentsResponse Import(const std::string& content,
                                     v1::ImportIncidentsOptions options,
                                     grpc::Status* status) {
    auto context = Context();
    v1::ImportIncidentsResponse response;
    auto writer = stub_->ImportIncidents(context.get(), &response);
    v1::ImportIncidentsRequest first;
    *first.mutable_options() = options;
    writer->Write(first);
    v1::ImportIncidentsRequest chunk;
    chunk.set_chunk(content);
    writer->Write(chunk);
    writer->WritesDone();
    *status = writer->Finish();
    return response;
  }

  std::vector<v1::Incident> ListAll(bool show_deleted = false) {
    v1::ListIncidentsRequest request;
    request.set_page_size(1000);
    request.set_show_deleted(show_deleted);
    v1::ListIncidentsResponse response;
    EXPECT_TRUE(stub_->ListIncidents(Context().get(), request, &response).ok());
    return {response.incidents().begin(), response.incidents().end()};
  }

  static inline int counter_ = 0;
  std::string path_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<SqlIncidentRepository> repository_;
  std::unique_ptr<SecurityRiskManager> manager_;
  std::unique_ptr<SecurityRiskServiceImpl> service_;
  testing::TestServer server_;
  std::unique_ptr<v1::SecurityRiskService::Stub> stub_;
};

TEST_F(SecurityRiskServiceTest, AcledReimportVersionsEditsAndAppliesDeletions) {
  v1::ImportIncidentsOptions options;
  options.set_format(v1::INCIDENT_FILE_FORMAT_ACLED);
  options.set_partner_country_code("CHN");
  grpc::Status status;
  std::string file = absl::StrCat(
      kAcledHeader, AcledRow("PAK1001", "2021-08-20", 2, "1629500000"),
      AcledRow("PAK1002", "2022-04-26", 4, "1651000000"));
  v1::ImportIncidentsResponse response = Import(file, options, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.created(), 2);
  EXPECT_EQ(response.rejected(), 0) << response.rejections(0).reason();

  // ACLED revised PAK1001 (fatalities and timestamp): a new version, not a
  // duplicate; PAK1002 unchanged.
  file = absl::StrCat(kAcledHeader,
                      AcledRow("PAK1001", "2021-08-20", 3, "1640000000"),
                      AcledRow("PAK1002", "2022-04-26", 4, "1651000000"));
  response = Import(file, options, &status);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(response.created(), 0);
  EXPECT_EQ(response.new_versions(), 1);
  EXPECT_EQ(response.duplicates(), 1);
  std::vector<v1::Incident> current = ListAll();
  ASSERT_THAT(current, SizeIs(2));
  std::map<std::string, int> fatalities;
  for (const auto& i : current) {
    fatalities[i.provenance().source_record_id()] = i.fatalities_total();
  }
  EXPECT_EQ(fatalities["PAK1001"], 3);

  // ACLED's deletion list removes PAK1002 (a tombstone; history kept).
  options.set_format(v1::INCIDENT_FILE_FORMAT_ACLED_DELETIONS);
  response = Import("event_id_cnty,deleted_timestamp\nPAK1002,1700000000\n",
                    options, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.deleted(), 1);
  EXPECT_THAT(ListAll(), SizeIs(1));
  EXPECT_THAT(ListAll(/*show_deleted=*/true), SizeIs(2));
}

TEST_F(SecurityRiskServiceTest, BadRequestsNameTheirFields) {
  v1::AssessRiskRequest request;
  request.set_country_code("Pakistan");
  request.set_horizon_days(5000);
  v1::AssessRiskResponse response;
  grpc::Status status = stub_->AssessRisk(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              IsSupersetOf({"country_code", "as_of_date", "horizon_days"}));

  v1::CreateIncidentsRequest create;
  v1::Incident* incident = create.add_incidents();
  incident->mutable_date()->set_year(2023);
  incident->mutable_date()->set_month(2);
  incident->mutable_date()->set_day(30);
  incident->set_fatalities_total(-1);
  v1::CreateIncidentsResponse created;
  status = stub_->CreateIncidents(Context().get(), create, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      BadFields(status),
      IsSupersetOf({"incidents[0].date", "incidents[0].fatalities_total",
                    "incidents[0].location.country_code",
                    "incidents[0].sources"}));
  EXPECT_THAT(ListAll(), SizeIs(0));
}

class EmbeddedIncidentsTest : public SecurityRiskServiceTest {
 protected:
  void SetUp() override {
    SecurityRiskServiceTest::SetUp();
    const char* dir = std::getenv("DYADSCOPE_SOURCE_DIR");
    auto seeded = manager_->SeedIfEmpty(absl::StrCat(
        dir != nullptr ? dir : ".", "/data/pak-chn/incidents.csv"));
    ASSERT_THAT(seeded, IsOk());
    EXPECT_EQ(*seeded, 19);
  }
};

TEST_F(EmbeddedIncidentsTest, AssessRiskForPakistanAsOf2025) {
  v1::AssessRiskRequest request;
  request.set_country_code("PAK");
  request.set_partner_country_code("CHN");
  request.mutable_as_of_date()->set_year(2025);
  request.mutable_as_of_date()->set_month(1);
  request.mutable_as_of_date()->set_day(1);
  request.set_horizon_days(365);
  v1::AssessRiskResponse response;
  grpc::Status status = stub_->AssessRisk(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::map<std::string, const v1::RegionRisk*> regions;
  for (const auto& region : response.provinces()) {
    regions[region.province()] = &region;
  }
  for (const char* province : {"Balochistan", "Khyber Pakhtunkhwa", "Sindh"}) {
    ASSERT_TRUE(regions.count(province)) << province;
    const v1::RegionRisk& region = *regions[province];
    EXPECT_NE(region.fit().model(), v1::RISK_MODEL_UNSPECIFIED) << province;
    EXPECT_FALSE(region.model_reason().empty()) << province;
    EXPECT_GT(region.incident_count(), 0) << province;
    EXPECT_GE(region.probability_at_least_one(), 0);
    EXPECT_LE(region.probability_at_least_one(), 1);
    EXPECT_NE(region.risk_level(), v1::RISK_LEVEL_UNSPECIFIED);
  }
  EXPECT_TRUE(response.country().whole_country());
  EXPECT_EQ(response.country().incident_count(), 19);
  EXPECT_GT(response.country().decayed_severity(), 0);
  EXPECT_EQ(response.horizon_days(), 365);
  EXPECT_DOUBLE_EQ(response.thresholds().high_probability(), 0.5);
  EXPECT_FALSE(response.sources().empty());
}

TEST_F(EmbeddedIncidentsTest, BacktestOver2010To2024ScoresBothModels) {
  v1::BacktestRiskRequest request;
  request.set_country_code("PAK");
  request.set_partner_country_code("CHN");
  request.mutable_start_date()->set_year(2010);
  request.mutable_start_date()->set_month(1);
  request.mutable_start_date()->set_day(1);
  request.mutable_end_date()->set_year(2024);
  request.mutable_end_date()->set_month(12);
  request.mutable_end_date()->set_day(31);
  request.set_horizon_days(365);
  request.add_provinces("Balochistan");
  v1::BacktestRiskResponse response;
  grpc::Status status =
      stub_->BacktestRisk(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::RegionBacktest& country = response.country();
  EXPECT_GE(country.origin_count(), 12);
  EXPECT_NE(country.model_score().model(), v1::RISK_MODEL_UNSPECIFIED);
  EXPECT_EQ(country.baseline_score().model(), v1::RISK_MODEL_POISSON);
  EXPECT_GE(country.model_score().brier_score(), 0);
  EXPECT_GE(country.baseline_score().brier_score(), 0);
  EXPECT_FALSE(country.model_score().reliability().empty());
  EXPECT_NE(country.verdict(), v1::BACKTEST_VERDICT_UNSPECIFIED);
  EXPECT_FALSE(country.verdict_text().empty());
  ASSERT_THAT(response.provinces(), SizeIs(1));
  EXPECT_EQ(response.provinces(0).province(), "Balochistan");
}

}  // namespace
}  // namespace dyadscope::security_risk
