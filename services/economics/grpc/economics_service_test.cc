// RPC tests of EconomicsService: a real in-process server on 127.0.0.1:0
// over a real SQLite file, called through a real stub with deadlines.

#include "services/economics/grpc/economics_service.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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
#include "services/economics/storage/sql_observation_repository.h"

namespace dyadscope::economics {
namespace {

using ::dyadscope::testing::BadFields;

using ::dyadscope::testing::IsOk;
using ::testing::Contains;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  return context;
}

v1::Observation Exports(int year, double value) {
  v1::Observation o;
  o.set_indicator_code("exports_fob");
  o.set_reporter_code("PAK");
  o.set_partner_code("CHN");
  o.set_flow(v1::FLOW_EXPORTS);
  o.set_valuation(v1::TRADE_VALUATION_FOB);
  o.set_year(year);
  o.set_value(value);
  o.set_unit(v1::UNIT_USD_CURRENT);
  o.add_sources()->set_citation("IMF Direction of Trade Statistics");
  o.mutable_provenance()->set_source_system("IMF_DOTS");
  return o;
}

class EconomicsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = absl::StrCat(::testing::TempDir(), "/econ-rpc-", getpid(), "-",
                         counter_++, ".sqlite");
    auto db = storage::SqliteDatabase::Open(path_);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    auto repository = SqlObservationRepository::Create(db_.get());
    ASSERT_THAT(repository, IsOk());
    repository_ = *std::move(repository);
    manager_ = std::make_unique<EconomicsManager>(repository_.get(),
                                                  EconomicsConfig());
    service_ =
        std::make_unique<EconomicsServiceImpl>(manager_.get(), CallPolicy{});
    auto server = testing::StartTestServer(
        {{v1::EconomicsService::service_full_name(), service_.get()}});
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::EconomicsService::NewStub(server_.channel);
  }
  void TearDown() override {
    server_.runner.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::remove(absl::StrCat(path_, suffix).c_str());
    }
  }

  int64_t CountAll() {
    v1::ListObservationsRequest request;
    request.set_page_size(1000);
    int64_t count = 0;
    while (true) {
      v1::ListObservationsResponse response;
      EXPECT_TRUE(
          stub_->ListObservations(Context().get(), request, &response).ok());
      count += response.observations_size();
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return count;
  }

  v1::ImportObservationsResponse Import(const std::string& content,
                                        v1::ImportObservationsOptions options,
                                        grpc::Status* status) {
    auto context = Context();
    v1::ImportObservationsResponse response;
    auto writer = stub_->ImportObservations(context.get(), &response);
    v1::ImportObservationsRequest first;
    *first.mutable_options() = options;
    writer->Write(first);
    for (std::size_t at = 0; at < content.size(); at += 64) {
      v1::ImportObservationsRequest chunk;
      chunk.set_chunk(content.substr(at, 64));
      writer->Write(chunk);
    }
    writer->WritesDone();
    *status = writer->Finish();
    return response;
  }

  static inline int counter_ = 0;
  std::string path_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<SqlObservationRepository> repository_;
  std::unique_ptr<EconomicsManager> manager_;
  std::unique_ptr<EconomicsServiceImpl> service_;
  testing::TestServer server_;
  std::unique_ptr<v1::EconomicsService::Stub> stub_;
};

TEST_F(EconomicsServiceTest, CreateIsAllOrNothingAndIdempotent) {
  v1::CreateObservationsRequest request;
  *request.add_observations() = Exports(2000, 1.5e8);
  v1::Observation bad = Exports(2001, 1e8);
  bad.set_reporter_code("XXX");
  bad.clear_flow();
  *request.add_observations() = bad;
  v1::CreateObservationsResponse response;
  grpc::Status status =
      stub_->CreateObservations(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              UnorderedElementsAre("observations[1].reporter_code",
                                   "observations[1].flow"));
  EXPECT_EQ(CountAll(), 0);

  request.clear_observations();
  *request.add_observations() = Exports(2000, 1.5e8);
  request.set_request_id("r1");
  ASSERT_TRUE(
      stub_->CreateObservations(Context().get(), request, &response).ok());
  EXPECT_EQ(response.created_count(), 1);
  v1::CreateObservationsResponse again;
  ASSERT_TRUE(stub_->CreateObservations(Context().get(), request, &again).ok());
  EXPECT_EQ(again.results(0).observation().name(),
            response.results(0).observation().name());
  request.set_request_id("");
  ASSERT_TRUE(stub_->CreateObservations(Context().get(), request, &again).ok());
  EXPECT_EQ(again.unchanged_count(), 1);
  EXPECT_EQ(CountAll(), 1);
}

TEST_F(EconomicsServiceTest, AComputationSeesTheWriteBeforeIt) {
  // The observations read for a computation are cached per data version:
  // a write moves the version, and the next computation reads afresh.
  v1::ComputeIndicatorsRequest compute;
  compute.mutable_dyad()->set_country_a("PAK");
  compute.mutable_dyad()->set_country_b("CHN");
  compute.set_start_year(2000);
  compute.set_end_year(2001);
  v1::CreateObservationsRequest create;
  *create.add_observations() = Exports(2000, 1.5e8);
  v1::CreateObservationsResponse created;
  ASSERT_TRUE(
      stub_->CreateObservations(Context().get(), create, &created).ok());
  v1::ComputeIndicatorsResponse before, again, after;
  ASSERT_TRUE(stub_->ComputeIndicators(Context().get(), compute, &before).ok());
  ASSERT_TRUE(stub_->ComputeIndicators(Context().get(), compute, &again).ok());
  EXPECT_EQ(before.data_version(), created.data_version());
  EXPECT_EQ(again.SerializeAsString(), before.SerializeAsString());

  create.clear_observations();
  *create.add_observations() = Exports(2001, 2.5e8);
  ASSERT_TRUE(
      stub_->CreateObservations(Context().get(), create, &created).ok());
  ASSERT_TRUE(stub_->ComputeIndicators(Context().get(), compute, &after).ok());
  EXPECT_EQ(after.data_version(), created.data_version());
  EXPECT_NE(after.data_version(), before.data_version());
  EXPECT_NE(after.SerializeAsString(), before.SerializeAsString());
}

TEST_F(EconomicsServiceTest, ImportsAWdiDownloadWithItsPreamble) {
  const std::string file =
      "\"Data Source\",\"World Development Indicators\",\n"
      "\n"
      "\"Last Updated Date\",\"2024-06-28\",\n"
      "\n"
      "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator "
      "Code\",\"2014\",\"2015\",\"2016\",\n"
      "\"Pakistan\",\"PAK\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\","
      "\"244360888750.3\",\"270556131312.6\",\"\",\n"
      "\"China\",\"CHN\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\","
      "\"10475682920597.8\",\"not-a-number\",\"11233276536744.7\",\n";
  v1::ImportObservationsOptions options;
  options.set_format(v1::OBSERVATION_FILE_FORMAT_WDI_WIDE);
  grpc::Status status;
  v1::ImportObservationsResponse response = Import(file, options, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.rows_read(), 2);
  EXPECT_EQ(response.created(), 2);      // PAK 2014, 2015
  EXPECT_EQ(response.empty_cells(), 1);  // PAK 2016
  EXPECT_EQ(response.rejected(), 1);     // the CHN row: a bad 2015 cell
  ASSERT_THAT(response.rejections(), SizeIs(1));
  EXPECT_EQ(response.rejections(0).line_number(), 7);
  EXPECT_TRUE(response.committed());
  EXPECT_EQ(CountAll(), 2);

  // Atomic: the bad row rejects the file and nothing more is written.
  options.set_atomic(true);
  response = Import(file, options, &status);
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(response.committed());
  EXPECT_EQ(CountAll(), 2);
}

TEST_F(EconomicsServiceTest, AFileWithoutItsHeaderIsRejectedWithTheField) {
  v1::ImportObservationsOptions options;
  options.set_format(v1::OBSERVATION_FILE_FORMAT_DYADSCOPE_CSV);
  grpc::Status status;
  Import("just,some,columns\n1,2,3\n", options, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Each unknown column and each missing required column is named.
  EXPECT_THAT(BadFields(status), Contains("just"));
  EXPECT_THAT(BadFields(status), Contains("indicator_code"));
  EXPECT_THAT(BadFields(status), Contains("source_system"));
  EXPECT_EQ(CountAll(), 0);
}

// The embedded dataset, loaded as `make run` loads it.
class EmbeddedEconomicsTest : public EconomicsServiceTest {
 protected:
  void SetUp() override {
    EconomicsServiceTest::SetUp();
    const char* dir = std::getenv("DYADSCOPE_SOURCE_DIR");
    auto seeded = manager_->SeedIfEmpty(
        absl::StrCat(dir != nullptr ? dir : ".", "/data/pak-chn/economics"));
    ASSERT_THAT(seeded, IsOk());
    EXPECT_GT(*seeded, 18000);
  }
};

TEST_F(EmbeddedEconomicsTest, PhasesCarryTheArmsShareFromChinaAndItsChange) {
  v1::SummarizeIndicatorsRequest request;
  request.mutable_dyad()->set_country_a("PAK");
  request.mutable_dyad()->set_country_b("CHN");
  request.add_indicator_ids("arms_import_share_from_b");
  request.add_indicator_ids("barbieri_salience");
  v1::SummarizeIndicatorsResponse response;
  grpc::Status status =
      stub_->SummarizeIndicators(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.periods(), SizeIs(2));
  EXPECT_EQ(response.periods(0).name(), "consolidation");
  EXPECT_EQ(response.periods(1).name(), "deepening");
  const v1::IndicatorSummary* arms = nullptr;
  for (const auto& s : response.summaries()) {
    if (s.indicator().indicator_id() == "arms_import_share_from_b") arms = &s;
  }
  ASSERT_NE(arms, nullptr);
  ASSERT_THAT(arms->periods(), SizeIs(2));
  EXPECT_TRUE(arms->periods(0).has_mean());
  EXPECT_TRUE(arms->periods(1).has_mean());
  EXPECT_GT(arms->periods(1).mean(), arms->periods(0).mean());
  ASSERT_THAT(arms->changes(), SizeIs(1));
  EXPECT_TRUE(arms->changes(0).has_mean_change());
  EXPECT_TRUE(arms->changes(0).has_mean_change_interval());
  EXPECT_LE(arms->changes(0).mean_change_interval().lower(),
            arms->changes(0).mean_change());
  EXPECT_GE(arms->changes(0).mean_change_interval().upper(),
            arms->changes(0).mean_change());
  // Coverage is reported per period: the record after 2020 is thin.
  EXPECT_GT(arms->periods(1).coverage().years_in_span(),
            arms->periods(1).coverage().years_with_data() - 1);
  EXPECT_FALSE(response.sources().empty());
}

TEST_F(EmbeddedEconomicsTest, ComputeIndicatorsNamesItsInputs) {
  v1::ComputeIndicatorsRequest request;
  request.mutable_dyad()->set_country_a("PAK");
  request.mutable_dyad()->set_country_b("CHN");
  request.set_start_year(2010);
  request.set_end_year(2010);
  request.add_indicator_ids("barbieri_salience");
  request.add_indicator_ids("mirror_gap");
  v1::ComputeIndicatorsResponse response;
  grpc::Status status =
      stub_->ComputeIndicators(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.series(), SizeIs(2));
  for (const auto& series : response.series()) {
    ASSERT_THAT(series.points(), SizeIs(1));
    const auto& point = series.points(0);
    EXPECT_EQ(point.status(), v1::VALUE_STATUS_OK)
        << series.indicator().indicator_id() << " " << point.note();
    EXPECT_TRUE(point.has_value());
    EXPECT_FALSE(point.inputs().empty());
  }
  // An unknown indicator is named.
  request.add_indicator_ids("no_such_indicator");
  status = stub_->ComputeIndicators(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), Contains("indicator_ids[2]"));
}

}  // namespace
}  // namespace dyadscope::economics
