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

using importers_test::Describe;
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
// ACLED.

TEST(AcledTest, SharedSampleParsesWithoutRejections) {
  const std::string path =
      SharedDataDir() + "/acled_format_sample_acledR_old_dummy.csv";
  std::optional<std::string> text = ReadFile(path);
  if (!text.has_value()) GTEST_SKIP() << path << " is not available";
  IncidentParserOptions options;
  options.file_name = "acled_format_sample_acledR_old_dummy.csv";
  options.source_label = "acledR dummy";
  ParsedIncidentFile file = Parse(IncidentFileFormat::kAcled, *text, options);
  EXPECT_EQ(file.layout, "ACLED (current column names)");
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file), IsEmpty());
  EXPECT_EQ(file.data_rows, 60);
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(60));

  const Incident& first = incidents[0];
  EXPECT_EQ(first.provenance.source_system, "ACLED");
  EXPECT_EQ(first.provenance.source_record_id, "ARG10607");
  EXPECT_EQ(first.provenance.source_line, 2);
  EXPECT_EQ(first.provenance.source_file, options.file_name);
  EXPECT_EQ(first.provenance.source_label, "acledR dummy");
  EXPECT_EQ(first.provenance.source_update_time,
            absl::FromUnixSeconds(1657041386));
  EXPECT_EQ(first.date, (Date{2022, 6, 30, DatePrecision::kDay}));
  EXPECT_EQ(first.location.country_code, "ARG");
  EXPECT_EQ(first.location.province, "Chubut");
  EXPECT_EQ(first.location.district, "Escalante");
  EXPECT_EQ(first.location.place, "Comodoro Rivadavia");
  EXPECT_THAT(first.location.latitude, Optional(-45.8644));
  EXPECT_THAT(first.location.longitude, Optional(-67.4997));
  EXPECT_EQ(first.location.precision, Location::Precision::kPlace);
  EXPECT_EQ(first.source_event_type, "Protests");
  EXPECT_EQ(first.source_sub_event_type, "Peaceful protest");
  EXPECT_EQ(first.attack_type, AttackType::kOther);
  EXPECT_EQ(first.attributed_to, "Protesters (Argentina)");
  EXPECT_THAT(first.fatalities_total, Optional(0));
  EXPECT_THAT(first.notes, HasSubstr("Comodoro Rivadavia Regional Hospital"));
  ASSERT_THAT(first.sources, SizeIs(3));
  EXPECT_EQ(first.sources[0].source_system, "ACLED");
  EXPECT_EQ(first.sources[0].locator, "ARG10607");
  EXPECT_EQ(first.sources[1].citation, "Diario El Chubut");
  EXPECT_EQ(first.sources[2].citation, "Diario Cronica (Argentina)");
  EXPECT_TRUE(first.partner_country_code.empty());

  const Incident* district = FindIncident(incidents, "ARG10590");
  ASSERT_NE(district, nullptr);
  EXPECT_EQ(district->location.precision, Location::Precision::kDistrict);
  EXPECT_EQ(district->location.district, "");
  EXPECT_EQ(district->target_description, "Police Forces of Argentina (2019-)");
  const Incident* riot = FindIncident(incidents, "ARG10680");
  ASSERT_NE(riot, nullptr);
  EXPECT_EQ(riot->target_description,
            "Civilians (Argentina); Labour Group (Argentina)");
}

// Three Pakistan rows: Chinese victims named in assoc_actor_2, Chinese
// engineers named only in the notes, and an unrelated clash.
constexpr char kAcledCurrent[] =
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,"
    "interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,"
    "fatalities,tags,timestamp\n"
    "PAK90001,2024-03-26,2024,1,Political violence,Explosions/Remote "
    "violence,Suicide bomb,Unidentified Armed Group (Pakistan),,3,Civilians "
    "(Pakistan),Civilians (China),7,37,Civilian targeting,586,Southern "
    "Asia,Pakistan,Khyber Pakhtunkhwa,Shangla,Bisham,Besham,34.9249,72.8746,"
    "1,Dawn; Xinhua,National-International,\"On 26 March 2024, a suicide "
    "bomber rammed a convoy of Chinese engineers near Besham.\",6,,"
    "1711929600\n"
    "PAK90002,2021-08-20,2021,2,Political violence,Explosions/Remote "
    "violence,Remote explosive/landmine/IED,BLA: Balochistan Liberation "
    "Army,,2,Civilians (Pakistan),,7,27,Civilian targeting,586,Southern "
    "Asia,Pakistan,Balochistan,Gwadar,,Gwadar,25.1264,62.3225,2,Dawn,"
    "National,\"An IED targeted a vehicle carrying Chinese nationals on the "
    "East Bay Expressway.\",2,,1630000000\n"
    "PAK90003,2023-05-15,2023,3,Political violence,Battles,Armed clash,"
    "Military Forces of Pakistan (2018-),,1,TTP: Tehreek-i-Taliban,,2,12,,"
    "586,Southern Asia,Pakistan,Khyber Pakhtunkhwa,North Waziristan,,Mir "
    "Ali,33.0264,70.0717,3,ISPR,National,\"Security forces clashed with "
    "militants.\",4,,1685000000\n";

// The same events with ACLED's older column names, upper case, another
// column order, numeric iso only (no country name), "26 March 2024"
// dates and ally_actor_* columns.
constexpr char kAcledOlder[] =
    "DATA_ID,ISO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,"
    "TIME_PRECISION,EVENT_TYPE,SUB_EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,"
    "ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,REGION,ADMIN1,ADMIN2,"
    "ADMIN3,LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,SOURCE_SCALE,"
    "NOTES,FATALITIES,TIMESTAMP\n"
    "7001,586,PAK90001,90001,26 March 2024,2024,1,Explosions/Remote "
    "violence,Suicide bomb,Unidentified Armed Group (Pakistan),,3,Civilians "
    "(Pakistan),Civilians (China),7,37,Southern Asia,Khyber "
    "Pakhtunkhwa,Shangla,Bisham,Besham,34.9249,72.8746,1,Dawn; Xinhua,"
    "National-International,\"On 26 March 2024, a suicide bomber rammed a "
    "convoy of Chinese engineers near Besham.\",6,1711929600\n"
    "7002,586,PAK90002,90002,20-Aug-2021,2021,2,Explosions/Remote "
    "violence,Remote explosive/landmine/IED,BLA: Balochistan Liberation "
    "Army,,2,Civilians (Pakistan),,7,27,Southern Asia,Balochistan,Gwadar,,"
    "Gwadar,25.1264,62.3225,2,Dawn,National,\"An IED targeted a vehicle "
    "carrying Chinese nationals on the East Bay Expressway.\",2,1630000000\n"
    "7003,586,PAK90003,90003,15/05/2023,2023,3,Battles,Armed clash,"
    "Military Forces of Pakistan (2018-),,1,TTP: Tehreek-i-Taliban,,2,12,"
    "Southern Asia,Khyber Pakhtunkhwa,North Waziristan,,Mir Ali,33.0264,"
    "70.0717,3,ISPR,National,\"Security forces clashed with militants.\","
    "4,1685000000\n";

TEST(AcledTest, OlderColumnNamesGiveTheSameIncidents) {
  ParsedIncidentFile current = Parse(IncidentFileFormat::kAcled, kAcledCurrent);
  ParsedIncidentFile older = Parse(IncidentFileFormat::kAcled, kAcledOlder);
  EXPECT_EQ(current.layout, "ACLED (current column names)");
  EXPECT_EQ(older.layout, "ACLED (older column names)");
  EXPECT_THAT(Rejections(current), IsEmpty());
  EXPECT_THAT(Rejections(older), IsEmpty());
  std::vector<Incident> a = Incidents(current);
  std::vector<Incident> b = Incidents(older);
  ASSERT_THAT(a, SizeIs(3));
  ASSERT_THAT(b, SizeIs(3));
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(Describe(a[i]), Describe(b[i])) << i;
  }
  // Also with the partner screen, whose partner_link names columns.
  IncidentParserOptions options;
  options.partner_filter_code = "CHN";
  std::vector<Incident> a_chn =
      Incidents(Parse(IncidentFileFormat::kAcled, kAcledCurrent, options));
  std::vector<Incident> b_chn =
      Incidents(Parse(IncidentFileFormat::kAcled, kAcledOlder, options));
  ASSERT_THAT(a_chn, SizeIs(2));
  ASSERT_THAT(b_chn, SizeIs(2));
  for (size_t i = 0; i < a_chn.size(); ++i) {
    EXPECT_EQ(Describe(a_chn[i]), Describe(b_chn[i])) << i;
  }

  const Incident& besham = a[0];
  EXPECT_EQ(besham.location.country_code, "PAK");
  EXPECT_EQ(besham.location.province, "Khyber Pakhtunkhwa");
  EXPECT_EQ(besham.location.district, "Shangla");
  EXPECT_EQ(besham.location.place, "Besham");
  EXPECT_EQ(besham.attack_type, AttackType::kSuicideAttack);
  EXPECT_THAT(besham.fatalities_total, Optional(6));
  EXPECT_EQ(besham.attributed_to, "Unidentified Armed Group (Pakistan)");
  EXPECT_EQ(besham.target_description,
            "Civilians (Pakistan); Civilians (China)");
  // time_precision 2: the day with a remark; 3: the month.
  EXPECT_EQ(a[1].date, (Date{2021, 8, 20, DatePrecision::kDay}));
  EXPECT_THAT(a[1].notes, HasSubstr("[ACLED time_precision 2:"));
  EXPECT_EQ(a[1].attack_type, AttackType::kBombing);
  EXPECT_EQ(a[1].location.precision, Location::Precision::kDistrict);
  EXPECT_EQ(a[2].date, (Date{2023, 5, 0, DatePrecision::kMonth}));
  EXPECT_EQ(a[2].attack_type, AttackType::kArmedAssault);
  EXPECT_EQ(a[2].location.precision, Location::Precision::kProvince);
}

TEST(AcledTest, PartnerFilterKeepsRowsNamingItsNationals) {
  IncidentParserOptions options;
  options.partner_filter_code = "CHN";
  ParsedIncidentFile file =
      Parse(IncidentFileFormat::kAcled, kAcledCurrent, options);
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file), ElementsAre("4:actor2:PARTNER_NOT_MENTIONED"));
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(2));
  // Named as an actor: the partner is among the victims.
  EXPECT_EQ(incidents[0].partner_country_code, "CHN");
  EXPECT_THAT(incidents[0].victim_nationality_codes, ElementsAre("CHN"));
  EXPECT_EQ(incidents[0].partner_link, "\"China\" in assoc_actor_2");
  // Named only in the notes: kept, but no nationality is asserted.
  EXPECT_EQ(incidents[1].partner_country_code, "CHN");
  EXPECT_THAT(incidents[1].victim_nationality_codes, IsEmpty());
  EXPECT_EQ(incidents[1].partner_link, "\"Chinese\" in notes");
}

TEST(AcledTest, CountryFilter) {
  IncidentParserOptions options;
  options.country_code = "AFG";
  ParsedIncidentFile file =
      Parse(IncidentFileFormat::kAcled, kAcledCurrent, options);
  EXPECT_THAT(Incidents(file), IsEmpty());
  EXPECT_THAT(Filtered(file), ElementsAre("2:country:COUNTRY_NOT_SELECTED",
                                          "3:country:COUNTRY_NOT_SELECTED",
                                          "4:country:COUNTRY_NOT_SELECTED"));
}

TEST(AcledTest, EditedRowParsesToDifferentContent) {
  constexpr char kHeader[] =
      "event_id_cnty,event_date,year,time_precision,event_type,"
      "sub_event_type,actor1,actor2,country,admin1,location,fatalities,"
      "source,notes,timestamp\n";
  const std::string original = absl::StrCat(
      kHeader,
      "PAK90010,2024-10-06,2024,1,Explosions/Remote violence,Suicide bomb,"
      "BLA: Balochistan Liberation Army,Civilians (China),Pakistan,Sindh,"
      "Karachi,2,Dawn,Convoy attacked near the airport.,1728300000\n");
  const std::string edited = absl::StrCat(
      kHeader,
      "PAK90010,2024-10-06,2024,1,Explosions/Remote violence,Suicide bomb,"
      "BLA: Balochistan Liberation Army,Civilians (China),Pakistan,Sindh,"
      "Karachi,3,Dawn,Convoy attacked near the airport.,1728900000\n");
  std::vector<Incident> first =
      Incidents(Parse(IncidentFileFormat::kAcled, original));
  std::vector<Incident> again =
      Incidents(Parse(IncidentFileFormat::kAcled, original));
  std::vector<Incident> changed =
      Incidents(Parse(IncidentFileFormat::kAcled, edited));
  ASSERT_THAT(first, SizeIs(1));
  ASSERT_THAT(again, SizeIs(1));
  ASSERT_THAT(changed, SizeIs(1));
  // Same source key, deterministic parse, different content.
  EXPECT_EQ(changed[0].provenance.source_record_id,
            first[0].provenance.source_record_id);
  EXPECT_EQ(Describe(first[0]), Describe(again[0]));
  EXPECT_NE(Describe(first[0]), Describe(changed[0]));
  EXPECT_THAT(first[0].fatalities_total, Optional(2));
  EXPECT_THAT(changed[0].fatalities_total, Optional(3));
  EXPECT_EQ(changed[0].provenance.source_update_time,
            absl::FromUnixSeconds(1728900000));
}

TEST(AcledTest, MalformedRowsAreRejectedWithTheirLines) {
  constexpr char kText[] =
      "event_id_cnty,event_date,year,time_precision,event_type,country,"
      "iso,latitude,longitude,geo_precision,fatalities,timestamp,notes\n"
      "PAK1,2024-02-30,2024,1,Battles,Pakistan,586,30,70,1,1,1700000000,"
      "\"two\nlines\"\n"
      "PAK2,2024-02-01,2023,1,Battles,Pakistan,586,30,70,1,1,1700000000,x\n"
      "PAK3,2024-02-01,2024,4,Battles,Pakistan,586,30,70,1,1,1700000000,x\n"
      "PAK4,2024-02-01,2024,1,Battles,Atlantis,999,30,70,1,1,1700000000,x\n"
      "PAK5,2024-02-01,2024,1,Battles,Pakistan,586,95,70,1,1,1700000000,x\n"
      "PAK6,2024-02-01,2024,1,Battles,Pakistan,586,30,70,1,three,1700000000,"
      "x\n"
      "PAK7,2024-02-01,2024,1,Battles,Pakistan,586,30,70,1,-1,1700000000,x\n"
      "PAK8,2024-02-01,2024,1,Battles,Pakistan\n"
      ",2024-02-01,2024,1,Battles,Pakistan,586,30,70,1,1,1700000000,x\n"
      "PAK10,2024-02-01,2024,1,,Pakistan,586,30,70,1,1,1700000000,x\n"
      "PAK11,2024-02-01,2024,1,Battles,,,30,70,1,1,1700000000,x\n"
      "PAK12,2024-02-01,2024,1,Battles,Pakistan,586,30,70,7,1,1700000000,x\n"
      "PAK13,2024-02-01,2024,1,Battles,Pakistan,586,30,70,1,1,soon,x\n"
      "PAK14,2024-02-01,2024,1,Battles,Pakistan,586,30,70,1,1,1700000000,"
      "\"x\"y\n"
      "PAK15,2024-02-01,2024,1,Battles,,586,30,70,1,1,1700000000,x,,\n";
  ParsedIncidentFile file = Parse(IncidentFileFormat::kAcled, kText);
  EXPECT_THAT(
      Rejections(file),
      ElementsAre(
          "2:event_date:INVALID_DATE", "4:year:INVALID_DATE",
          "5:time_precision:INVALID_ENUM", "6:country:UNKNOWN_COUNTRY",
          "7:latitude:OUT_OF_RANGE", "8:fatalities:INVALID_NUMBER",
          "9:fatalities:OUT_OF_RANGE", "10::WRONG_COLUMN_COUNT",
          "11:event_id_cnty:MISSING_VALUE", "12:event_type:MISSING_VALUE",
          "13:country:MISSING_VALUE", "14:geo_precision:INVALID_ENUM",
          "15:timestamp:INVALID_NUMBER", "16::TEXT_AFTER_CLOSING_QUOTE"));
  // Trailing empty fields are tolerated; numeric iso stands in for the
  // country name.
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(1));
  EXPECT_EQ(incidents[0].provenance.source_record_id, "PAK15");
  EXPECT_EQ(incidents[0].provenance.source_line, 17);
  EXPECT_EQ(incidents[0].location.country_code, "PAK");
}

TEST(AcledTest, RejectedValuesAreTruncated) {
  const std::string long_name(300, 'x');
  const std::string text =
      absl::StrCat("event_id_cnty,event_date,event_type,country\n",
                   "PAK1,2024-01-01,", "Battles,", long_name, "\n");
  ParsedIncidentFile file = Parse(IncidentFileFormat::kAcled, text);
  ASSERT_THAT(file.rows, SizeIs(1));
  const RowRejection* rejection = file.rows[0].rejection();
  ASSERT_NE(rejection, nullptr);
  EXPECT_EQ(rejection->reason_code, "UNKNOWN_COUNTRY");
  EXPECT_EQ(rejection->value.size(), kMaxRejectedValueBytes);
}

TEST(AcledTest, MissingColumnsAreNamed) {
  absl::StatusOr<ParsedIncidentFile> file = ParseIncidentText(
      IncidentFileFormat::kAcled, "event_id_cnty,year,notes\nPAK1,2024,x\n");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetReason(file.status()), "MISSING_COLUMN");
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(file.status())) {
    fields.push_back(v.field);
  }
  EXPECT_THAT(fields, ElementsAre("event_date", "event_type", "country"));
}

TEST(AcledTest, EmptyInputHasNoHeader) {
  absl::StatusOr<ParsedIncidentFile> file =
      ParseIncidentText(IncidentFileFormat::kAcled, "\n\n");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(GetReason(file.status()), "HEADER_NOT_FOUND");
}

}  // namespace
}  // namespace dyadscope::security_risk
