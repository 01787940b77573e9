#include "services/security_risk/domain/incident_importers.h"

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
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

// The C++ enum mirrors dyadscope.securityrisk.v1.IncidentFileFormat.
static_assert(static_cast<int>(IncidentFileFormat::kUnspecified) == 0);
static_assert(static_cast<int>(IncidentFileFormat::kAcled) == 1);
static_assert(static_cast<int>(IncidentFileFormat::kAcledDeletions) == 2);
static_assert(static_cast<int>(IncidentFileFormat::kGtd) == 3);
static_assert(static_cast<int>(IncidentFileFormat::kDyadscopeCsv) == 4);

// ---------------------------------------------------------------------------
// Helpers.

ParsedIncidentFile Parse(
    IncidentFileFormat format, absl::string_view text,
    const IncidentParserOptions& options = IncidentParserOptions()) {
  absl::StatusOr<ParsedIncidentFile> file =
      ParseIncidentText(format, text, options);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *std::move(file) : ParsedIncidentFile();
}

std::vector<Incident> Incidents(const ParsedIncidentFile& file) {
  std::vector<Incident> out;
  for (const ParsedRow& row : file.rows) {
    if (row.incident() != nullptr) out.push_back(*row.incident());
  }
  return out;
}

// Rejections as "line:field:REASON_CODE".
std::vector<std::string> Rejections(const ParsedIncidentFile& file) {
  std::vector<std::string> out;
  for (const ParsedRow& row : file.rows) {
    if (const RowRejection* r = row.rejection()) {
      out.push_back(absl::StrCat(row.line, ":", r->field, ":", r->reason_code));
    }
  }
  return out;
}

// Filtered rows as "line:field:REASON_CODE".
std::vector<std::string> Filtered(const ParsedIncidentFile& file) {
  std::vector<std::string> out;
  for (const ParsedRow& row : file.rows) {
    if (const FilteredRow* f = row.filtered()) {
      out.push_back(absl::StrCat(row.line, ":", f->field, ":", f->reason_code));
    }
  }
  return out;
}

const Incident* FindIncident(const std::vector<Incident>& incidents,
                             absl::string_view id) {
  for (const Incident& incident : incidents) {
    if (incident.provenance.source_record_id == id) return &incident;
  }
  return nullptr;
}

std::string Opt(const std::optional<int>& value) {
  return value.has_value() ? absl::StrCat(*value) : "-";
}

std::string Opt(const std::optional<double>& value) {
  return value.has_value() ? absl::StrCat(*value) : "-";
}

// Every field of an incident that the file determines, except where in the
// file it was (line, file name, label): equal strings mean equal content.
std::string Describe(const Incident& i) {
  std::vector<std::string> sources;
  for (const SourceRef& s : i.sources) {
    sources.push_back(absl::StrCat(s.citation, "|", s.url, "|", s.source_system,
                                   "|", s.locator));
  }
  const Location& l = i.location;
  return absl::StrJoin(
      {FormatDate(i.date),
       l.country_code,
       l.province,
       l.district,
       l.place,
       Opt(l.latitude),
       Opt(l.longitude),
       absl::StrCat(static_cast<int>(l.precision)),
       i.target_description,
       absl::StrCat(static_cast<int>(i.target_category)),
       absl::StrJoin(i.victim_nationality_codes, ","),
       i.partner_country_code,
       i.partner_link,
       absl::StrCat(static_cast<int>(i.attack_type)),
       i.attack_description,
       Opt(i.fatalities_total),
       Opt(i.fatalities_partner_nationals),
       Opt(i.fatalities_perpetrators),
       Opt(i.injured_total),
       Opt(i.injured_partner_nationals),
       i.claimed_by,
       i.attributed_to,
       i.linked_project,
       absl::StrCat(static_cast<int>(i.verification_status)),
       i.verification_note,
       i.source_event_type,
       i.source_sub_event_type,
       i.notes,
       absl::StrJoin(sources, ";"),
       i.provenance.source_system,
       i.provenance.source_record_id,
       i.provenance.source_update_time.has_value()
           ? absl::StrCat(absl::ToUnixSeconds(*i.provenance.source_update_time))
           : "-"},
      "\n");
}

std::string SharedDataDir() {
  const char* dir = std::getenv("DYADSCOPE_SHARED_DATA_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "/work/shared/data";
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// ---------------------------------------------------------------------------
// Formats and options.

TEST(IncidentFileFormatTest, NamesRoundTrip) {
  for (IncidentFileFormat format :
       {IncidentFileFormat::kAcled, IncidentFileFormat::kAcledDeletions,
        IncidentFileFormat::kGtd, IncidentFileFormat::kDyadscopeCsv}) {
    EXPECT_EQ(IncidentFileFormatFromName(IncidentFileFormatName(format)),
              format);
  }
  EXPECT_EQ(IncidentFileFormatFromName("acled_deletions"),
            IncidentFileFormat::kAcledDeletions);
  EXPECT_EQ(IncidentFileFormatFromName("UNSPECIFIED"), std::nullopt);
  EXPECT_EQ(IncidentFileFormatName(IncidentFileFormat::kUnspecified),
            "UNSPECIFIED");
}

TEST(CreateIncidentParserTest, UnspecifiedFormatIsInvalid) {
  absl::StatusOr<std::unique_ptr<IncidentFileParser>> parser =
      CreateIncidentParser(IncidentFileFormat::kUnspecified);
  ASSERT_FALSE(parser.ok());
  EXPECT_EQ(parser.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetReason(parser.status()), "FORMAT_UNSPECIFIED");
}

TEST(CreateIncidentParserTest, UnknownCodesNameTheirOptions) {
  IncidentParserOptions options;
  options.country_code = "pak";  // any case
  options.partner_filter_code = "XXX";
  options.default_partner_code = "China";
  absl::StatusOr<std::unique_ptr<IncidentFileParser>> parser =
      CreateIncidentParser(IncidentFileFormat::kGtd, options);
  ASSERT_FALSE(parser.ok());
  EXPECT_EQ(GetReason(parser.status()), "UNKNOWN_COUNTRY");
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(parser.status())) {
    fields.push_back(v.field);
  }
  EXPECT_THAT(fields,
              ElementsAre("partner_filter_code", "default_partner_code"));
}

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

TEST(AcledDeletionsTest, RowsBecomeDeletions) {
  constexpr char kText[] =
      "event_id_cnty,deleted_timestamp\n"
      "PAK90001,1712000000\n"
      "\n"
      "PAK90002,2024-04-02 10:00:00\n"
      "PAK90003,yesterday\n"
      ",1712000000\n";
  IncidentParserOptions options;
  options.file_name = "deleted.csv";
  ParsedIncidentFile file =
      Parse(IncidentFileFormat::kAcledDeletions, kText, options);
  EXPECT_EQ(file.layout, "ACLED deletions");
  EXPECT_THAT(Rejections(file),
              ElementsAre("5:deleted_timestamp:INVALID_NUMBER",
                          "6:event_id_cnty:MISSING_VALUE"));
  std::vector<IncidentDeletion> deletions;
  for (const ParsedRow& row : file.rows) {
    if (row.deletion() != nullptr) deletions.push_back(*row.deletion());
  }
  ASSERT_THAT(deletions, SizeIs(2));
  EXPECT_EQ(deletions[0].provenance.source_system, "ACLED");
  EXPECT_EQ(deletions[0].provenance.source_record_id, "PAK90001");
  EXPECT_EQ(deletions[0].provenance.source_file, "deleted.csv");
  EXPECT_EQ(deletions[0].provenance.source_line, 2);
  EXPECT_EQ(deletions[0].delete_time, absl::FromUnixSeconds(1712000000));
  EXPECT_EQ(deletions[1].delete_time,
            absl::FromCivil(absl::CivilSecond(2024, 4, 2, 10, 0, 0),
                            absl::UTCTimeZone()));
}

// ---------------------------------------------------------------------------
// GTD.

constexpr char kGtd[] =
    "eventid,iyear,imonth,iday,approxdate,extended,country,country_txt,"
    "region_txt,provstate,city,latitude,longitude,specificity,summary,"
    "suicide,attacktype1,attacktype1_txt,targtype1_txt,corp1,target1,"
    "natlty1_txt,targtype2_txt,natlty2_txt,natlty3_txt,gname,claimed,nkill,"
    "nkillus,nkillter,nwound,nwoundus,nwoundte,scite1,scite2,scite3\n"
    // Chinese engineers among the victims (second nationality).
    "201808110001,2018,8,11,,0,153,Pakistan,South Asia,Balochistan,"
    "Dalbandin,28.888,64.406,1,\"08/11/2018: A suicide bomber attacked a bus "
    "carrying Chinese engineers.\",1,3,Bombing/Explosion,Business,Saindak "
    "Metals,Bus,Pakistan,Private Citizens & Property,China,,Balochistan "
    "Liberation Army (BLA),1,1,0,1,6,0,0,\"Dawn, 2018\",,\n"
    // Pakistani victims only: filtered.
    "201808120001,2018,8,12,,0,153,Pakistan,South Asia,Sindh,Karachi,"
    "24.86,67.01,1,,0,2,Armed Assault,Police,Sindh Police,Checkpoint,"
    "Pakistan,,,,Unknown,0,2,0,,1,0,,,,\n"
    // Chinese first nationality, day unknown: month precision.
    "201111000001,2011,11,0,\"November 2011\",0,153,Pakistan,South Asia,"
    "Khyber Pakhtunkhwa,Peshawar,34.0,71.5,2,,0,6,Hostage Taking "
    "(Kidnapping),Private Citizens & Property,Unknown,Engineer,China,,,,"
    "Tehrik-i-Taliban Pakistan (TTP),0,,,,,,,,,\n"
    // Hong Kong is not China.
    "201501010001,2015,1,1,,0,153,Pakistan,South Asia,Sindh,Karachi,,,1,,0,"
    "1,Assassination,Business,,Businessman,Hong Kong,,,,Unknown,0,1,0,0,0,"
    "0,0,,,\n";

TEST(GtdTest, NationalityFilterKeepsOnlyChineseVictimRows) {
  IncidentParserOptions options;
  options.partner_filter_code = "CHN";
  ParsedIncidentFile file = Parse(IncidentFileFormat::kGtd, kGtd, options);
  EXPECT_EQ(file.layout, "GTD");
  EXPECT_THAT(Rejections(file), IsEmpty());
  EXPECT_THAT(Filtered(file),
              ElementsAre("3:natlty1_txt:NATIONALITY_NOT_SELECTED",
                          "5:natlty1_txt:NATIONALITY_NOT_SELECTED"));
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(2));

  const Incident& bus = incidents[0];
  EXPECT_EQ(bus.provenance.source_system, "GTD");
  EXPECT_EQ(bus.provenance.source_record_id, "201808110001");
  EXPECT_EQ(bus.date, (Date{2018, 8, 11, DatePrecision::kDay}));
  EXPECT_EQ(bus.location.country_code, "PAK");
  EXPECT_EQ(bus.location.province, "Balochistan");
  EXPECT_EQ(bus.location.place, "Dalbandin");
  EXPECT_EQ(bus.location.precision, Location::Precision::kPlace);
  EXPECT_EQ(bus.attack_type, AttackType::kSuicideAttack);
  EXPECT_EQ(bus.attack_description, "Bombing/Explosion");
  EXPECT_EQ(bus.target_category, TargetCategory::kBusiness);
  EXPECT_EQ(bus.target_description, "Saindak Metals: Bus");
  EXPECT_THAT(bus.victim_nationality_codes, ElementsAre("PAK", "CHN"));
  EXPECT_EQ(bus.partner_country_code, "CHN");
  EXPECT_EQ(bus.claimed_by, "Balochistan Liberation Army (BLA)");
  EXPECT_EQ(bus.attributed_to, "Balochistan Liberation Army (BLA)");
  // nkill 1 counts the bomber (nkillter 1).
  EXPECT_THAT(bus.fatalities_total, Optional(0));
  EXPECT_THAT(bus.fatalities_perpetrators, Optional(1));
  EXPECT_THAT(bus.injured_total, Optional(6));
  EXPECT_EQ(bus.fatalities_partner_nationals, std::nullopt);
  ASSERT_THAT(bus.sources, SizeIs(2));
  EXPECT_EQ(bus.sources[0].citation, "Global Terrorism Database (START)");
  EXPECT_EQ(bus.sources[0].locator, "201808110001");
  EXPECT_EQ(bus.sources[1].citation, "Dawn, 2018");

  const Incident& kidnapping = incidents[1];
  EXPECT_EQ(kidnapping.date, (Date{2011, 11, 0, DatePrecision::kMonth}));
  EXPECT_EQ(kidnapping.attack_type, AttackType::kKidnapping);
  EXPECT_EQ(kidnapping.target_category, TargetCategory::kPartnerNationals);
  EXPECT_EQ(kidnapping.target_description, "Engineer");
  EXPECT_EQ(kidnapping.claimed_by, "");
  EXPECT_EQ(kidnapping.attributed_to, "Tehrik-i-Taliban Pakistan (TTP)");
  EXPECT_EQ(kidnapping.fatalities_total, std::nullopt);
  EXPECT_EQ(kidnapping.location.precision, Location::Precision::kDistrict);
  EXPECT_THAT(kidnapping.notes, HasSubstr("[GTD approxdate: November 2011]"));
}

TEST(GtdTest, WithoutFilterKeepsAllRows) {
  ParsedIncidentFile file = Parse(IncidentFileFormat::kGtd, kGtd);
  EXPECT_THAT(Rejections(file), IsEmpty());
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(4));
  // nkill without nkillter: taken as is, with a remark.
  EXPECT_THAT(incidents[1].fatalities_total, Optional(2));
  EXPECT_THAT(incidents[1].notes, HasSubstr("nkillter not given"));
  EXPECT_EQ(incidents[1].attributed_to, "");
  EXPECT_EQ(incidents[1].target_category, TargetCategory::kOther);
  EXPECT_THAT(incidents[3].victim_nationality_codes, ElementsAre("HKG"));
  EXPECT_EQ(incidents[3].attack_type, AttackType::kAssassination);
  EXPECT_EQ(incidents[3].location.latitude, std::nullopt);
}

TEST(GtdTest, MalformedRows) {
  constexpr char kText[] =
      "eventid,iyear,imonth,iday,country_txt,nkill,nkillter,suicide\n"
      "1,2018,2,30,Pakistan,1,0,0\n"
      "2,2018,13,1,Pakistan,1,0,0\n"
      "3,2018,1,1,Narnia,1,0,0\n"
      "4,2018,1,1,Pakistan,1,2,0\n"
      "5,2018,1,1,Pakistan,1.5,0,0\n"
      "6,2018,1,1,Pakistan,-9,-99,2\n"
      "7,2018,1,1,Pakistan,-9,-99,-9\n";
  ParsedIncidentFile file = Parse(IncidentFileFormat::kGtd, kText);
  EXPECT_THAT(
      Rejections(file),
      ElementsAre("2:iday:INVALID_DATE", "3:imonth:INVALID_DATE",
                  "4:country_txt:UNKNOWN_COUNTRY", "5:nkillter:INVALID_VALUE",
                  "6:nkill:INVALID_NUMBER", "7:suicide:INVALID_ENUM"));
  std::vector<Incident> incidents = Incidents(file);
  ASSERT_THAT(incidents, SizeIs(1));
  // GTD's -9 and -99 mean unknown.
  EXPECT_EQ(incidents[0].fatalities_total, std::nullopt);
  EXPECT_EQ(incidents[0].fatalities_perpetrators, std::nullopt);
}

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

// ---------------------------------------------------------------------------
// Mapping helpers.

TEST(AttackTypeFromTextTest, KeywordsAndPositions) {
  EXPECT_EQ(AttackTypeFromText(""), AttackType::kUnspecified);
  EXPECT_EQ(AttackTypeFromText("Car bomb (remote-detonated per police)"),
            AttackType::kBombing);
  EXPECT_EQ(AttackTypeFromText("Suicide vehicle-borne IED"),
            AttackType::kSuicideAttack);
  EXPECT_EQ(AttackTypeFromText("Vehicle-borne suicide bombing"),
            AttackType::kSuicideAttack);
  EXPECT_EQ(AttackTypeFromText("Roadside bomb and gunfire"),
            AttackType::kBombing);
  EXPECT_EQ(AttackTypeFromText("Armed assault with grenades and explosives"),
            AttackType::kArmedAssault);
  EXPECT_EQ(AttackTypeFromText("Kidnapping; hostage killed during rescue"),
            AttackType::kKidnapping);
  EXPECT_EQ(AttackTypeFromText("Shooting by motorcyclists"),
            AttackType::kArmedAssault);
  EXPECT_EQ(AttackTypeFromText("IED"), AttackType::kBombing);
  // "ied" inside a word is no IED.
  EXPECT_EQ(AttackTypeFromText("Hostage died"), AttackType::kKidnapping);
  EXPECT_EQ(AttackTypeFromText("Unarmed assault by a mob"),
            AttackType::kUnarmedAssault);
  EXPECT_EQ(AttackTypeFromText("Arson at the site office"),
            AttackType::kFacilityAttack);
  EXPECT_EQ(AttackTypeFromText("Targeted killing of an engineer"),
            AttackType::kAssassination);
  EXPECT_EQ(AttackTypeFromText("Hijacking"), AttackType::kOther);
}

TEST(VerificationStatusFromTextTest, LeadingWords) {
  EXPECT_EQ(VerificationStatusFromText("verified (2 sources)"),
            VerificationStatus::kVerified);
  EXPECT_EQ(VerificationStatusFromText("partially verified (casualties)"),
            VerificationStatus::kVerified);
  EXPECT_EQ(VerificationStatusFromText("Single source: Dawn"),
            VerificationStatus::kSingleSource);
  EXPECT_EQ(VerificationStatusFromText("conflicting fatality counts"),
            VerificationStatus::kDisputed);
  EXPECT_EQ(VerificationStatusFromText("disputed"),
            VerificationStatus::kDisputed);
  EXPECT_EQ(VerificationStatusFromText("UNVERIFIED (single source)"),
            VerificationStatus::kUnconfirmed);
  EXPECT_EQ(VerificationStatusFromText("unconfirmed"),
            VerificationStatus::kUnconfirmed);
  EXPECT_EQ(VerificationStatusFromText("verifiedish"), std::nullopt);
  EXPECT_EQ(VerificationStatusFromText("probably"), std::nullopt);
  EXPECT_EQ(VerificationStatusFromText(""), std::nullopt);
}

TEST(TargetCategoryFromCsvWordTest, Words) {
  EXPECT_EQ(TargetCategoryFromCsvWord("partner_nationals"),
            TargetCategory::kPartnerNationals);
  EXPECT_EQ(TargetCategoryFromCsvWord("Diplomatic Mission"),
            TargetCategory::kDiplomaticMission);
  EXPECT_EQ(TargetCategoryFromCsvWord("security-escort"),
            TargetCategory::kSecurityEscort);
  EXPECT_EQ(TargetCategoryFromCsvWord("escort"), std::nullopt);
}

TEST(AcledAttackTypeTest, SubEventTypesThenEventTypes) {
  EXPECT_EQ(AcledAttackType("Explosions/Remote violence", "Suicide bomb"),
            AttackType::kSuicideAttack);
  EXPECT_EQ(AcledAttackType("Explosions/Remote violence",
                            "Remote explosive/landmine/IED"),
            AttackType::kBombing);
  EXPECT_EQ(AcledAttackType("Violence against civilians", "Attack"),
            AttackType::kArmedAssault);
  EXPECT_EQ(AcledAttackType("Violence against civilians",
                            "Abduction/forced disappearance"),
            AttackType::kKidnapping);
  EXPECT_EQ(AcledAttackType("Riots", "Mob violence"),
            AttackType::kUnarmedAssault);
  EXPECT_EQ(AcledAttackType("Explosions/Remote violence", "Air/drone strike"),
            AttackType::kOther);
  EXPECT_EQ(AcledAttackType("Battle-No change of territory", ""),
            AttackType::kArmedAssault);
  EXPECT_EQ(AcledAttackType("Remote violence", ""), AttackType::kBombing);
  EXPECT_EQ(AcledAttackType("Strategic development", ""), AttackType::kOther);
}

TEST(GtdAttackTypeTest, Names) {
  EXPECT_EQ(GtdAttackType("Bombing/Explosion", false), AttackType::kBombing);
  EXPECT_EQ(GtdAttackType("Bombing/Explosion", true),
            AttackType::kSuicideAttack);
  EXPECT_EQ(GtdAttackType("Hostage Taking (Barricade Incident)", false),
            AttackType::kKidnapping);
  EXPECT_EQ(GtdAttackType("Facility/Infrastructure Attack", false),
            AttackType::kFacilityAttack);
  EXPECT_EQ(GtdAttackType("Unknown", false), AttackType::kUnknown);
  EXPECT_EQ(GtdAttackType("Hijacking", false), AttackType::kOther);
  EXPECT_EQ(GtdAttackType("", false), AttackType::kUnspecified);
}

TEST(CountryCodeTest, NamesAsAcledAndGtdWriteThem) {
  EXPECT_THAT(CountryCodeFromName("Pakistan"), Optional(std::string("PAK")));
  EXPECT_THAT(CountryCodeFromName("  china "), Optional(std::string("CHN")));
  EXPECT_THAT(CountryCodeFromName("Democratic Republic of Congo"),
              Optional(std::string("COD")));
  EXPECT_THAT(CountryCodeFromName("Ivory Coast"), Optional(std::string("CIV")));
  EXPECT_THAT(CountryCodeFromName("C\xC3\xB4te d\xE2\x80\x99Ivoire"),
              Optional(std::string("CIV")));
  EXPECT_THAT(CountryCodeFromName("eSwatini"), Optional(std::string("SWZ")));
  EXPECT_THAT(CountryCodeFromName("West Germany (FRG)"),
              Optional(std::string("DEU")));
  EXPECT_THAT(CountryCodeFromName("Soviet Union"),
              Optional(std::string("SUN")));
  EXPECT_THAT(CountryCodeFromName("West Bank and Gaza Strip"),
              Optional(std::string("PSE")));
  EXPECT_THAT(CountryCodeFromName("Kosovo"), Optional(std::string("XKX")));
  EXPECT_EQ(CountryCodeFromName("Multinational"), std::nullopt);
  EXPECT_EQ(CountryCodeFromName(""), std::nullopt);

  EXPECT_THAT(CountryCodeFromIsoNumeric(586), Optional(std::string("PAK")));
  EXPECT_THAT(CountryCodeFromIsoNumeric(32), Optional(std::string("ARG")));
  EXPECT_THAT(CountryCodeFromIsoNumeric(4), Optional(std::string("AFG")));
  EXPECT_THAT(CountryCodeFromIsoNumeric(356), Optional(std::string("IND")));
  EXPECT_EQ(CountryCodeFromIsoNumeric(999), std::nullopt);
}

TEST(PartnerTermsTest, TableAndFallback) {
  PartnerTerms chn = PartnerTermsFor("CHN");
  EXPECT_THAT(chn.adjectives, ElementsAre("Chinese"));
  EXPECT_THAT(chn.names, ElementsAre("China"));
  EXPECT_THAT(chn.note_terms,
              ElementsAre("CPEC", "China-Pakistan Economic Corridor"));
  PartnerTerms npl = PartnerTermsFor("NPL");
  EXPECT_THAT(npl.adjectives, IsEmpty());
  EXPECT_THAT(npl.names, ElementsAre("nepal"));
  EXPECT_THAT(PartnerTermsFor("").names, IsEmpty());
}

}  // namespace
}  // namespace dyadscope::security_risk
