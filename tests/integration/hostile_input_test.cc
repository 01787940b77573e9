// Hostile values through real RPCs of the real events binary: each request
// is one valid event with one field made hostile, and each must come back
// INVALID_ARGUMENT with a BadRequest naming that field — and nothing may be
// written. Then forged and foreign page tokens, bad page sizes, and a
// streamed import with invalid UTF-8 and an oversized row.

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
#include "dyadscope/events/v1/events_service.grpc.pb.h"
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

struct HostileCase {
  std::string name;
  std::function<void(v1::Event&)> spoil;
  std::string field;  // the violation's field must contain this
};

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto process =
        ServerProcess::Start(testing::BinaryPath("events"),
                             {"--listen=127.0.0.1:0", "--metrics_listen=off",
                              "--seed_data=false", "--database=:memory:"});
    ASSERT_THAT(process, IsOk());
    process_ = *std::move(process);
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
  const std::vector<HostileCase> cases = {
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
  };
  std::vector<std::string> failures;
  for (const HostileCase& c : cases) {
    v1::CreateEventsRequest request;
    *request.add_events() = GoodEvent();
    c.spoil(*request.mutable_events(0));
    v1::CreateEventsResponse response;
    grpc::Status status =
        stub_->CreateEvents(Context().get(), request, &response);
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

}  // namespace
}  // namespace dyadscope
