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
using importers_test::Incidents;
using importers_test::Parse;
using importers_test::Rejections;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

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

}  // namespace
}  // namespace dyadscope::security_risk
