#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/security_risk/domain/importers/test_util.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace {

using importers_test::Filtered;
using importers_test::FindIncident;
using importers_test::Incidents;
using importers_test::Parse;
using importers_test::ReadFile;
using importers_test::Rejections;
using importers_test::SharedDataDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------
// The dyadscope CSV.

TEST(DyadscopeCsvTest, SharedAttacksFileParsesWithoutRejections) {
  const std::string path =
      SharedDataDir() + "/attacks_chinese_nationals_pakistan.csv";
  std::optional<std::string> text = ReadFile(path);
  if (!text.has_value()) GTEST_SKIP() << path << " is not available";
  ParsedIncidentFile file = Parse(IncidentFileFormat::kDyadscopeCsv, *text);
  EXPECT_EQ(file.layout, "dyadscope CSV");
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file), IsEmpty());
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(19));
  for (const Incident& incident : incidents) {
    EXPECT_EQ(incident.location.country_code, "PAK");
    EXPECT_EQ(incident.partner_country_code, "CHN");
    EXPECT_EQ(incident.provenance.source_system, "CURATED");
    EXPECT_NE(incident.verification_status, VerificationStatus::kUnspecified)
        << incident.provenance.source_record_id;
    EXPECT_NE(incident.attack_type, AttackType::kOther)
        << incident.attack_description;
    EXPECT_FALSE(incident.sources.empty());
  }

  const Incident* gwadar = FindIncident(incidents, "PK-CN-2004-01");
  ASSERT_NE(gwadar, nullptr);
  EXPECT_EQ(gwadar->provenance.source_line, 2);
  EXPECT_EQ(gwadar->date, (Date{2004, 5, 3, DatePrecision::kDay}));
  EXPECT_EQ(gwadar->location.place, "Gwadar");
  EXPECT_EQ(gwadar->location.district, "Gwadar");
  EXPECT_EQ(gwadar->location.province, "Balochistan");
  EXPECT_EQ(gwadar->location.precision, Location::Precision::kPlace);
  EXPECT_THAT(gwadar->fatalities_total, Optional(3));
  EXPECT_THAT(gwadar->fatalities_partner_nationals, Optional(3));
  EXPECT_EQ(gwadar->fatalities_perpetrators, std::nullopt);
  EXPECT_EQ(gwadar->injured_total, std::nullopt);
  EXPECT_EQ(gwadar->attack_type, AttackType::kBombing);
  EXPECT_EQ(gwadar->attack_description,
            "Car bomb (remote-detonated per police)");
  EXPECT_EQ(gwadar->verification_status, VerificationStatus::kVerified);
  EXPECT_EQ(gwadar->verification_note,
            "verified (2 sources agree: 3 Chinese killed)");
  EXPECT_EQ(gwadar->partner_link, "PRC nationals");
  EXPECT_THAT(gwadar->victim_nationality_codes, ElementsAre("CHN"));
  ASSERT_THAT(gwadar->sources, SizeIs(2));
  EXPECT_EQ(gwadar->sources[0].url, "https://www.arabnews.com/node/248781");
  EXPECT_EQ(gwadar->sources[0].citation, "arabnews.com");
  EXPECT_EQ(gwadar->sources[1].citation, "chinadaily.com.cn");

  // Provinces stay as written; the risk model normalises them.
  const Incident* kidnap = FindIncident(incidents, "PK-CN-2004-02");
  ASSERT_NE(kidnap, nullptr);
  EXPECT_EQ(kidnap->location.province, "FATA (now Khyber Pakhtunkhwa)");
  EXPECT_EQ(kidnap->attack_type, AttackType::kKidnapping);
  EXPECT_THAT(kidnap->fatalities_perpetrators, Optional(5));

  const Incident* peshawar = FindIncident(incidents, "PK-CN-2007-01");
  ASSERT_NE(peshawar, nullptr);
  EXPECT_EQ(peshawar->date.precision, DatePrecision::kDay);
  EXPECT_THAT(peshawar->notes, HasSubstr("[date_precision: day (inferred)]"));
  EXPECT_EQ(peshawar->attack_type, AttackType::kArmedAssault);

  const Incident* hub = FindIncident(incidents, "PK-CN-2007-02");
  ASSERT_NE(hub, nullptr);
  EXPECT_EQ(hub->verification_status, VerificationStatus::kUnconfirmed);
  EXPECT_EQ(hub->attack_type, AttackType::kSuicideAttack);
  ASSERT_THAT(hub->sources, SizeIs(1));
  EXPECT_THAT(hub->fatalities_partner_nationals, Optional(0));
  EXPECT_THAT(hub->victim_nationality_codes, IsEmpty());

  // Conflicting figures stay empty, never 0.
  const Incident* exchange = FindIncident(incidents, "PK-CN-2020-01");
  ASSERT_NE(exchange, nullptr);
  EXPECT_EQ(exchange->fatalities_total, std::nullopt);
  EXPECT_EQ(exchange->injured_total, std::nullopt);
  EXPECT_EQ(exchange->verification_status, VerificationStatus::kDisputed);

  const Incident* gwadar_2023 = FindIncident(incidents, "PK-CN-2023-01");
  ASSERT_NE(gwadar_2023, nullptr);
  EXPECT_EQ(gwadar_2023->attack_type, AttackType::kBombing);
}

constexpr char kCuratedHeader[] =
    "incident_id,date,date_precision,place,province,attack_type,"
    "killed_total_excl_perpetrators,killed_chinese_nationals,"
    "source_url_1,source_url_2,verification_status,notes\n";

TEST(DyadscopeCsvTest, MalformedRowsAreRejectedWithTheirLines) {
  const std::string text = absl::StrCat(
      kCuratedHeader,
      "A1,2020-01-01,day,Quetta,Balochistan,Shooting,1,1,https://a.example/"
      "1,,verified,\"first line\nsecond line\"\n",
      "A2,2020-02-30,day,Quetta,Balochistan,Shooting,1,1,https://a.example/"
      "2,,verified,\n",
      "A3,2020-01-01,day,Quetta,Balochistan,Shooting,-1,0,https://a.example/"
      "3,,verified,\n",
      "A4,2020-01-01,day,Quetta,Balochistan,Shooting,1,1,https://a.example/"
      "4,verified,\n",
      "A5,2020-01-01,day,Quetta,Balochistan,Shooting,1,1,https://a.example/"
      "5,,probably,\n",
      "A6,2020-01-01,week,Quetta,Balochistan,Shooting,1,1,https://a.example/"
      "6,,verified,\n",
      "A7,2020-01-01,day,Quetta,Balochistan,Shooting,1,2,https://a.example/"
      "7,,verified,\n",
      "A8,2020-01-01,day,Quetta,Balochistan,Shooting,1,1,ftp://a.example/"
      "8,,verified,\n",
      "A9,2020-01-01,day,Quetta,Balochistan,Shooting,1,1,,,verified,\n",
      ",2020-01-01,day,Quetta,Balochistan,Shooting,1,1,https://a.example/"
      "10,,verified,\n",
      "A11,2020,day,Quetta,Balochistan,Shooting,1,1,https://a.example/"
      "11,,verified,\n",
      "A12,2020-01,,Quetta,Balochistan,Shooting,1.0,1,https://a.example/"
      "12,,verified,\n",
      "A13,2020-01,,,,,,,https://a.example/13,,,\n");
  ParsedIncidentFile file = Parse(IncidentFileFormat::kDyadscopeCsv, text);
  EXPECT_THAT(
      Rejections(file),
      ElementsAre("4:date:INVALID_DATE",
                  "5:killed_total_excl_perpetrators:OUT_OF_RANGE",
                  "6::WRONG_COLUMN_COUNT", "7:verification_status:INVALID_ENUM",
                  "8:date_precision:INVALID_ENUM",
                  "9:killed_chinese_nationals:INVALID_VALUE",
                  "10:source_url_1:INVALID_URL",
                  "11:source_url_1:MISSING_SOURCE",
                  "12:incident_id:MISSING_VALUE", "13:date:INVALID_DATE",
                  "14:killed_total_excl_perpetrators:INVALID_NUMBER"));
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(2));
  EXPECT_EQ(incidents[0].provenance.source_line, 2);
  EXPECT_EQ(incidents[0].notes, "first line\nsecond line");
  // A row with only an id, a month and a source: nothing is guessed.
  const Incident& sparse = incidents[1];
  EXPECT_EQ(sparse.provenance.source_line, 15);
  EXPECT_EQ(sparse.date, (Date{2020, 1, 0, DatePrecision::kMonth}));
  EXPECT_EQ(sparse.location.country_code, "PAK");
  EXPECT_EQ(sparse.location.precision, Location::Precision::kCountry);
  EXPECT_EQ(sparse.attack_type, AttackType::kUnspecified);
  EXPECT_EQ(sparse.fatalities_total, std::nullopt);
  EXPECT_EQ(sparse.fatalities_partner_nationals, std::nullopt);
  EXPECT_EQ(sparse.verification_status, VerificationStatus::kUnspecified);
}

TEST(DyadscopeCsvTest, HeaderErrorsNameTheColumns) {
  absl::StatusOr<ParsedIncidentFile> file =
      ParseIncidentText(IncidentFileFormat::kDyadscopeCsv,
                        "incident_id,place,casualties,place\nA1,x,1,y\n");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetReason(file.status()), "UNKNOWN_COLUMN");
  std::vector<std::string> violations;
  for (const FieldViolation& v : GetFieldViolations(file.status())) {
    violations.push_back(v.field);
  }
  EXPECT_THAT(violations,
              ElementsAre("casualties", "place", "date", "source_url_1"));
}

TEST(DyadscopeCsvTest, MalformedHeaderIsRefused) {
  absl::StatusOr<ParsedIncidentFile> file = ParseIncidentText(
      IncidentFileFormat::kDyadscopeCsv, "incident_id,\"date\"x\nA1,2020\n");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(GetReason(file.status()), "MALFORMED_HEADER");
}

TEST(DyadscopeCsvTest, ColumnsAndFilters) {
  const std::string text =
      "incident_id,source_system,date,country,partner_country,"
      "target_category,injured_total,injured_chinese_nationals,"
      "linked_project,source_url_1\n"
      "B1,NEWS_SCAN,2023-05-01,AFG,CHN,project_site,4,2,Mes Aynak,"
      "https://b.example/1\n"
      "B2,,2023-05-02,PAK,USA,Partner Nationals,,,,https://b.example/2\n"
      "B3,bad system,2023-05-03,PAK,CHN,,,,,https://b.example/3\n"
      "B4,,2023-05-04,PAK,CHN,bystanders,,,,https://b.example/4\n"
      "B5,,2023-05-05,ZZZ,CHN,,,,,https://b.example/5\n";
  IncidentParserOptions options;
  options.partner_filter_code = "CHN";
  ParsedIncidentFile file =
      Parse(IncidentFileFormat::kDyadscopeCsv, text, options);
  EXPECT_THAT(Rejections(file), ElementsAre("4:source_system:INVALID_VALUE",
                                            "5:target_category:INVALID_ENUM",
                                            "6:country:UNKNOWN_COUNTRY"));
  EXPECT_THAT(Filtered(file),
              ElementsAre("3:partner_country:PARTNER_NOT_SELECTED"));
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(1));
  EXPECT_EQ(incidents[0].provenance.source_system, "NEWS_SCAN");
  EXPECT_EQ(incidents[0].location.country_code, "AFG");
  EXPECT_EQ(incidents[0].target_category, TargetCategory::kProjectSite);
  EXPECT_EQ(incidents[0].linked_project, "Mes Aynak");
  EXPECT_THAT(incidents[0].injured_partner_nationals, Optional(2));
  EXPECT_THAT(incidents[0].victim_nationality_codes, ElementsAre("CHN"));
  EXPECT_EQ(incidents[0].sources[0].source_system, "NEWS_SCAN");

  options.partner_filter_code.clear();
  options.country_code = "PAK";
  file = Parse(IncidentFileFormat::kDyadscopeCsv, text, options);
  EXPECT_THAT(Filtered(file), ElementsAre("2:country:COUNTRY_NOT_SELECTED"));
}

}  // namespace
}  // namespace dyadscope::security_risk
