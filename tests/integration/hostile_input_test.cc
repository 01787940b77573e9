// Hostile values through real RPCs of the real events, economics and
// security_risk binaries: each request is one valid record with one field
// made hostile, and each must come back INVALID_ARGUMENT with a BadRequest
// naming that field — and nothing may be written. Then forged and foreign
// page tokens and bad page sizes.

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/testing/rpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::BadFields;

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::ServerProcess;
namespace v1 = ::dyadscope::events::v1;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  return context;
}

v1::Event GoodEvent() {
  v1::Event event;
  event.mutable_date()->set_year(2016);
  event.mutable_date()->set_month(3);
  event.mutable_date()->set_day(7);
  event.mutable_actor1()->set_country_code("PAK");
  event.mutable_actor2()->set_country_code("CHN");
  event.set_cameo_code("042");
  event.set_title("Visit");
  auto* source = event.add_sources();
  source->set_citation("Test source");
  source->set_url("https://example.org/a");
  event.mutable_provenance()->set_source_system("TEST");
  event.mutable_provenance()->set_source_record_id("a");
  return event;
}

template <typename Record>
struct HostileCase {
  std::string name;
  std::function<void(Record&)> spoil;
  std::string field;  // the violation's field must contain this
};

// Sends `good` spoiled by each case through `create` and returns one line
// per case that did not come back INVALID_ARGUMENT naming its field.
template <typename Record>
std::vector<std::string> Failures(
    const Record& good, const std::vector<HostileCase<Record>>& cases,
    const std::function<grpc::Status(const Record&)>& create) {
  std::vector<std::string> failures;
  for (const HostileCase<Record>& c : cases) {
    Record record = good;
    c.spoil(record);
    const grpc::Status status = create(record);
    const std::vector<std::string> fields = BadFields(status);
    const bool named =
        std::any_of(fields.begin(), fields.end(), [&](const std::string& f) {
          return f.find(c.field) != std::string::npos;
        });
    if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT || !named) {
      failures.push_back(absl::StrCat(c.name, ": code ", status.error_code(),
                                      " fields [", absl::StrJoin(fields, ", "),
                                      "] ",
                                      status.error_message().substr(0, 120)));
    }
  }
  return failures;
}

// Not UTF-8: a lone continuation byte and an overlong encoding.
const std::string kInvalidUtf8 = "Gwadar \x80\xC0\xAF port";

std::unique_ptr<ServerProcess> StartBinary(const std::string& name) {
  auto process =
      ServerProcess::Start(testing::BinaryPath(name),
                           {"--listen=127.0.0.1:0", "--metrics_listen=off",
                            "--seed_data=false", "--database=:memory:"});
  EXPECT_THAT(process, IsOk());
  return process.ok() ? *std::move(process) : nullptr;
}

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    process_ = StartBinary("events");
    ASSERT_NE(process_, nullptr);
    stub_ = v1::EventsService::NewStub(grpc::CreateChannel(
        process_->target(), grpc::InsecureChannelCredentials()));
  }

  int Count(const std::string& a = "PAK", const std::string& b = "CHN") {
    v1::ListEventsRequest request;
    request.mutable_filter()->mutable_dyad()->set_country_a(a);
    request.mutable_filter()->mutable_dyad()->set_country_b(b);
    request.set_page_size(1000);
    v1::ListEventsResponse response;
    EXPECT_TRUE(stub_->ListEvents(Context().get(), request, &response).ok());
    return response.events_size();
  }

  std::unique_ptr<ServerProcess> process_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

TEST_F(HostileInputTest, EveryHostileFieldIsNamedAndNothingIsWritten) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<HostileCase<v1::Event>> cases = {
      {"empty country",
       [](v1::Event& e) { e.mutable_actor1()->clear_country_code(); },
       "actor1"},
      {"unknown country",
       [](v1::Event& e) { e.mutable_actor2()->set_country_code("XXX"); },
       "actor2"},
      {"lower-case country",
       [](v1::Event& e) { e.mutable_actor1()->set_country_code("pak"); },
       "actor1"},
      {"30 February",
       [](v1::Event& e) {
         e.mutable_date()->set_day(30);
         e.mutable_date()->set_month(2);
       },
       "date"},
      {"year 0", [](v1::Event& e) { e.mutable_date()->set_year(0); }, "date"},
      {"month 13", [](v1::Event& e) { e.mutable_date()->set_month(13); },
       "date"},
      {"negative day", [](v1::Event& e) { e.mutable_date()->set_day(-1); },
       "date"},
      {"Goldstein NaN", [nan](v1::Event& e) { e.set_goldstein(nan); },
       "goldstein"},
      {"Goldstein infinity", [inf](v1::Event& e) { e.set_goldstein(inf); },
       "goldstein"},
      {"Goldstein 11", [](v1::Event& e) { e.set_goldstein(11); }, "goldstein"},
      {"weight NaN", [nan](v1::Event& e) { e.set_mention_weight(nan); },
       "mention_weight"},
      {"negative weight", [](v1::Event& e) { e.set_mention_weight(-1); },
       "mention_weight"},
      {"negative fatalities", [](v1::Event& e) { e.set_fatalities(-5); },
       "fatalities"},
      {"amount NaN", [nan](v1::Event& e) { e.set_amount_usd(nan); },
       "amount_usd"},
      {"QuadClass 99",
       [](v1::Event& e) { e.set_quad_class(static_cast<v1::QuadClass>(99)); },
       "quad_class"},
      {"domain -3",
       [](v1::Event& e) { e.set_domain(static_cast<v1::Domain>(-3)); },
       "domain"},
      {"CAMEO letters", [](v1::Event& e) { e.set_cameo_code("0x4"); },
       "cameo_code"},
      {"empty CAMEO", [](v1::Event& e) { e.clear_cameo_code(); }, "cameo_code"},
      {"oversized title",
       [](v1::Event& e) { e.set_title(std::string(200000, 'a')); }, "title"},
      {"oversized text",
       [](v1::Event& e) { e.set_text(std::string(2000000, 'b')); }, "text"},
      {"no source", [](v1::Event& e) { e.clear_sources(); }, "sources"},
      {"source URL not a URL",
       [](v1::Event& e) {
         e.mutable_sources(0)->set_url("javascript:alert(1)");
       },
       "url"},
      {"latitude NaN",
       [nan](v1::Event& e) { e.mutable_location()->set_latitude(nan); },
       "latitude"},
      {"latitude 91",
       [](v1::Event& e) { e.mutable_location()->set_latitude(91); },
       "latitude"},
      {"oversized actor name",
       [](v1::Event& e) {
         e.mutable_actor2()->set_name(std::string(5000, 'n'));
       },
       "actor2.name"},
      {"oversized notes",
       [](v1::Event& e) { e.set_notes(std::string(200000, 'n')); }, "notes"},
      {"invalid UTF-8 title", [](v1::Event& e) { e.set_title(kInvalidUtf8); },
       "title"},
      {"invalid UTF-8 actor name",
       [](v1::Event& e) { e.mutable_actor1()->set_name(kInvalidUtf8); },
       "name"},
  };
  const std::vector<std::string> failures =
      Failures<v1::Event>(GoodEvent(), cases, [this](const v1::Event& event) {
        v1::CreateEventsRequest request;
        *request.add_events() = event;
        v1::CreateEventsResponse response;
        return stub_->CreateEvents(Context().get(), request, &response);
      });
  EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");
  EXPECT_EQ(Count(), 0) << "a hostile request wrote something";

  // The good event itself is accepted (the cases above differ only in the
  // hostile field).
  v1::CreateEventsRequest good;
  *good.add_events() = GoodEvent();
  v1::CreateEventsResponse created;
  ASSERT_TRUE(stub_->CreateEvents(Context().get(), good, &created).ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(HostileInputTest, ForgedAndForeignPageTokensAndBadPageSizes) {
  v1::CreateEventsRequest request;
  for (int i = 0; i < 3; ++i) {
    v1::Event event = GoodEvent();
    event.mutable_provenance()->set_source_record_id(absl::StrCat("r", i));
    *request.add_events() = event;
  }
  v1::CreateEventsResponse created;
  ASSERT_TRUE(stub_->CreateEvents(Context().get(), request, &created).ok());

  v1::ListEventsRequest list;
  list.mutable_filter()->mutable_dyad()->set_country_a("PAK");
  list.mutable_filter()->mutable_dyad()->set_country_b("CHN");
  list.set_page_size(1);
  v1::ListEventsResponse page;
  ASSERT_TRUE(stub_->ListEvents(Context().get(), list, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());

  auto expect_invalid = [&](v1::ListEventsRequest bad, const std::string& field,
                            const std::string& what) {
    v1::ListEventsResponse response;
    grpc::Status status = stub_->ListEvents(Context().get(), bad, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << what;
    EXPECT_THAT(BadFields(status), ::testing::Contains(field)) << what;
  };
  v1::ListEventsRequest forged = list;
  forged.set_page_token("AAAA-not-a-token");
  expect_invalid(forged, "page_token", "forged token");
  v1::ListEventsRequest flipped = list;
  std::string token = page.next_page_token();
  token[token.size() / 2] = token[token.size() / 2] == 'A' ? 'B' : 'A';
  flipped.set_page_token(token);
  expect_invalid(flipped, "page_token", "a token with one character changed");
  v1::ListEventsRequest foreign = list;
  foreign.mutable_filter()->mutable_dyad()->set_country_a("IND");
  foreign.set_page_token(page.next_page_token());
  expect_invalid(foreign, "page_token", "a token from another query");
  v1::ListEventsRequest negative = list;
  negative.set_page_size(-1);
  expect_invalid(negative, "page_size", "negative page size");
}

namespace econ = ::dyadscope::economics::v1;
namespace risk = ::dyadscope::securityrisk::v1;

econ::Observation GoodObservation() {
  econ::Observation o;
  o.set_indicator_code("exports_fob");
  o.set_reporter_code("PAK");
  o.set_partner_code("CHN");
  o.set_flow(econ::FLOW_EXPORTS);
  o.set_valuation(econ::TRADE_VALUATION_FOB);
  o.set_year(2015);
  o.set_value(1.9e9);
  o.set_unit(econ::UNIT_USD_CURRENT);
  auto* source = o.add_sources();
  source->set_citation("IMF Direction of Trade Statistics");
  source->set_url("https://data.imf.org/");
  o.mutable_provenance()->set_source_system("IMF_DOTS");
  return o;
}

TEST(HostileEconomicsTest, EveryHostileFieldIsNamedAndNothingIsWritten) {
  std::unique_ptr<ServerProcess> process = StartBinary("economics");
  ASSERT_NE(process, nullptr);
  auto stub = econ::EconomicsService::NewStub(grpc::CreateChannel(
      process->target(), grpc::InsecureChannelCredentials()));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  using O = econ::Observation;
  const std::vector<HostileCase<O>> cases = {
      {"value NaN", [nan](O& o) { o.set_value(nan); }, "value"},
      {"value -infinity", [inf](O& o) { o.set_value(-inf); }, "value"},
      {"year 0", [](O& o) { o.set_year(0); }, "year"},
      {"year 10000", [](O& o) { o.set_year(10000); }, "year"},
      {"unknown reporter", [](O& o) { o.set_reporter_code("XXX"); },
       "reporter_code"},
      {"partner is the reporter", [](O& o) { o.set_partner_code("PAK"); },
       "partner_code"},
      {"empty indicator", [](O& o) { o.clear_indicator_code(); },
       "indicator_code"},
      {"oversized indicator",
       [](O& o) { o.set_indicator_code(std::string(100000, 'x')); },
       "indicator_code"},
      {"flow 99", [](O& o) { o.set_flow(static_cast<econ::Flow>(99)); },
       "flow"},
      {"unit -1", [](O& o) { o.set_unit(static_cast<econ::Unit>(-1)); },
       "unit"},
      {"valuation 77",
       [](O& o) { o.set_valuation(static_cast<econ::TradeValuation>(77)); },
       "valuation"},
      {"oversized notes", [](O& o) { o.set_notes(std::string(2000000, 'n')); },
       "notes"},
      {"invalid UTF-8 notes", [](O& o) { o.set_notes(kInvalidUtf8); }, "notes"},
      {"no source", [](O& o) { o.clear_sources(); }, "sources"},
      {"source URL not a URL",
       [](O& o) { o.mutable_sources(0)->set_url("file:///etc/passwd"); },
       "url"},
  };
  const std::vector<std::string> failures =
      Failures<O>(GoodObservation(), cases, [&](const O& observation) {
        econ::CreateObservationsRequest request;
        *request.add_observations() = observation;
        econ::CreateObservationsResponse response;
        return stub->CreateObservations(Context().get(), request, &response);
      });
  EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");

  econ::ListObservationsRequest list;
  list.set_page_size(1000);
  econ::ListObservationsResponse listed;
  ASSERT_TRUE(stub->ListObservations(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.observations_size(), 0) << "a hostile request wrote";

  econ::CreateObservationsRequest good;
  *good.add_observations() = GoodObservation();
  econ::CreateObservationsResponse created;
  ASSERT_TRUE(stub->CreateObservations(Context().get(), good, &created).ok());
  ASSERT_TRUE(stub->ListObservations(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.observations_size(), 1);
}

risk::Incident GoodIncident() {
  risk::Incident incident;
  incident.mutable_date()->set_year(2021);
  incident.mutable_date()->set_month(7);
  incident.mutable_date()->set_day(14);
  incident.mutable_location()->set_country_code("PAK");
  incident.mutable_location()->set_province("Khyber Pakhtunkhwa");
  incident.set_partner_country_code("CHN");
  incident.set_fatalities_total(13);
  incident.set_fatalities_partner_nationals(9);
  auto* source = incident.add_sources();
  source->set_citation("Test source");
  source->set_url("https://example.org/dasu");
  incident.mutable_provenance()->set_source_system("TEST");
  incident.mutable_provenance()->set_source_record_id("dasu");
  return incident;
}

TEST(HostileIncidentsTest, EveryHostileFieldIsNamedAndNothingIsWritten) {
  std::unique_ptr<ServerProcess> process = StartBinary("security_risk");
  ASSERT_NE(process, nullptr);
  auto stub = risk::SecurityRiskService::NewStub(grpc::CreateChannel(
      process->target(), grpc::InsecureChannelCredentials()));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  using I = risk::Incident;
  const std::vector<HostileCase<I>> cases = {
      {"30 February",
       [](I& i) {
         i.mutable_date()->set_month(2);
         i.mutable_date()->set_day(30);
       },
       "date"},
      {"year 0", [](I& i) { i.mutable_date()->set_year(0); }, "date"},
      {"no date", [](I& i) { i.clear_date(); }, "date"},
      {"negative fatalities", [](I& i) { i.set_fatalities_total(-1); },
       "fatalities_total"},
      {"negative injured", [](I& i) { i.set_injured_total(-3); },
       "injured_total"},
      {"unknown country",
       [](I& i) { i.mutable_location()->set_country_code("XXX"); },
       "country_code"},
      {"lower-case partner", [](I& i) { i.set_partner_country_code("chn"); },
       "partner_country_code"},
      {"unknown victim nationality",
       [](I& i) { i.add_victim_nationality_codes("ZZZ"); },
       "victim_nationality_codes"},
      {"attack type 99",
       [](I& i) { i.set_attack_type(static_cast<risk::AttackType>(99)); },
       "attack_type"},
      {"target category -2",
       [](I& i) {
         i.set_target_category(static_cast<risk::TargetCategory>(-2));
       },
       "target_category"},
      {"oversized description",
       [](I& i) { i.set_target_description(std::string(200000, 'd')); },
       "target_description"},
      {"invalid UTF-8 notes", [](I& i) { i.set_notes(kInvalidUtf8); }, "notes"},
      {"no source", [](I& i) { i.clear_sources(); }, "sources"},
      {"source URL not a URL",
       [](I& i) { i.mutable_sources(0)->set_url("javascript:alert(1)"); },
       "url"},
      {"latitude NaN", [nan](I& i) { i.mutable_location()->set_latitude(nan); },
       "latitude"},
      {"longitude 181", [](I& i) { i.mutable_location()->set_longitude(181); },
       "longitude"},
  };
  const std::vector<std::string> failures =
      Failures<I>(GoodIncident(), cases, [&](const I& incident) {
        risk::CreateIncidentsRequest request;
        *request.add_incidents() = incident;
        risk::CreateIncidentsResponse response;
        return stub->CreateIncidents(Context().get(), request, &response);
      });
  EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");

  risk::ListIncidentsRequest list;
  list.set_page_size(1000);
  risk::ListIncidentsResponse listed;
  ASSERT_TRUE(stub->ListIncidents(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.incidents_size(), 0) << "a hostile request wrote";

  risk::CreateIncidentsRequest good;
  *good.add_incidents() = GoodIncident();
  risk::CreateIncidentsResponse created;
  ASSERT_TRUE(stub->CreateIncidents(Context().get(), good, &created).ok());
  ASSERT_TRUE(stub->ListIncidents(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.incidents_size(), 1);
}

}  // namespace
}  // namespace dyadscope
