#include "services/events/domain/gdelt_parser.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/csv/csv_reader.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {
namespace {

using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

// The GDELT 2.0 export layout
// (../shared/data/gdelt2_events_export_columns.csv).
const std::vector<std::string>& Gdelt2Columns() {
  static const auto* const columns = new std::vector<std::string>{
      "GLOBALEVENTID",
      "SQLDATE",
      "MonthYear",
      "Year",
      "FractionDate",
      "Actor1Code",
      "Actor1Name",
      "Actor1CountryCode",
      "Actor1KnownGroupCode",
      "Actor1EthnicCode",
      "Actor1Religion1Code",
      "Actor1Religion2Code",
      "Actor1Type1Code",
      "Actor1Type2Code",
      "Actor1Type3Code",
      "Actor2Code",
      "Actor2Name",
      "Actor2CountryCode",
      "Actor2KnownGroupCode",
      "Actor2EthnicCode",
      "Actor2Religion1Code",
      "Actor2Religion2Code",
      "Actor2Type1Code",
      "Actor2Type2Code",
      "Actor2Type3Code",
      "IsRootEvent",
      "EventCode",
      "EventBaseCode",
      "EventRootCode",
      "QuadClass",
      "GoldsteinScale",
      "NumMentions",
      "NumSources",
      "NumArticles",
      "AvgTone",
      "Actor1Geo_Type",
      "Actor1Geo_FullName",
      "Actor1Geo_CountryCode",
      "Actor1Geo_ADM1Code",
      "Actor1Geo_ADM2Code",
      "Actor1Geo_Lat",
      "Actor1Geo_Long",
      "Actor1Geo_FeatureID",
      "Actor2Geo_Type",
      "Actor2Geo_FullName",
      "Actor2Geo_CountryCode",
      "Actor2Geo_ADM1Code",
      "Actor2Geo_ADM2Code",
      "Actor2Geo_Lat",
      "Actor2Geo_Long",
      "Actor2Geo_FeatureID",
      "ActionGeo_Type",
      "ActionGeo_FullName",
      "ActionGeo_CountryCode",
      "ActionGeo_ADM1Code",
      "ActionGeo_ADM2Code",
      "ActionGeo_Lat",
      "ActionGeo_Long",
      "ActionGeo_FeatureID",
      "DATEADDED",
      "SOURCEURL",
  };
  return *columns;
}

using Row = std::map<std::string, std::string>;

// A realistic GDELT 2.0 row: Pakistan's government visits China (042).
Row PakVisitsChina() {
  return Row{
      {"GLOBALEVENTID", "1110474521"},
      {"SQLDATE", "20230626"},
      {"MonthYear", "202306"},
      {"Year", "2023"},
      {"FractionDate", "2023.4822"},
      {"Actor1Code", "PAKGOV"},
      {"Actor1Name", "PAKISTAN"},
      {"Actor1CountryCode", "PAK"},
      {"Actor1Type1Code", "GOV"},
      {"Actor2Code", "CHN"},
      {"Actor2Name", "CHINA"},
      {"Actor2CountryCode", "CHN"},
      {"IsRootEvent", "1"},
      {"EventCode", "042"},
      {"EventBaseCode", "042"},
      {"EventRootCode", "04"},
      {"QuadClass", "1"},
      {"GoldsteinScale", "1.9"},
      {"NumMentions", "10"},
      {"NumSources", "2"},
      {"NumArticles", "10"},
      {"AvgTone", "-0.793650793650794"},
      {"Actor1Geo_Type", "4"},
      {"Actor1Geo_FullName", "Islamabad, Islamabad, Pakistan"},
      {"Actor1Geo_CountryCode", "PK"},
      {"Actor1Geo_ADM1Code", "PK08"},
      {"Actor1Geo_ADM2Code", "PK08"},
      {"Actor1Geo_Lat", "33.7"},
      {"Actor1Geo_Long", "73.1667"},
      {"Actor1Geo_FeatureID", "-1256178"},
      {"Actor2Geo_Type", "4"},
      {"Actor2Geo_FullName", "Beijing, Beijing, China"},
      {"Actor2Geo_CountryCode", "CH"},
      {"Actor2Geo_ADM1Code", "CH22"},
      {"Actor2Geo_ADM2Code", "13001"},
      {"Actor2Geo_Lat", "39.9289"},
      {"Actor2Geo_Long", "116.388"},
      {"Actor2Geo_FeatureID", "-1898541"},
      {"ActionGeo_Type", "4"},
      {"ActionGeo_FullName", "Beijing, Beijing, China"},
      {"ActionGeo_CountryCode", "CH"},
      {"ActionGeo_ADM1Code", "CH22"},
      {"ActionGeo_ADM2Code", "13001"},
      {"ActionGeo_Lat", "39.9289"},
      {"ActionGeo_Long", "116.388"},
      {"ActionGeo_FeatureID", "-1898541"},
      {"DATEADDED", "20230626154500"},
      {"SOURCEURL", "https://www.dawn.com/news/1761589"},
  };
}

// China's government signs an agreement with Pakistan (057), in Punjab.
Row ChinaSignsWithPak() {
  Row row = PakVisitsChina();
  row["GLOBALEVENTID"] = "1110474999";
  row["Actor1Code"] = "CHNGOV";
  row["Actor1Name"] = "CHINA";
  row["Actor1CountryCode"] = "CHN";
  row["Actor1Type1Code"] = "GOV";
  row["Actor2Code"] = "PAKBUS";
  row["Actor2Name"] = "PAKISTAN";
  row["Actor2CountryCode"] = "PAK";
  row["Actor2Type1Code"] = "BUS";
  row["EventCode"] = "057";
  row["EventBaseCode"] = "057";
  row["EventRootCode"] = "05";
  row["GoldsteinScale"] = "8.0";
  row["ActionGeo_Type"] = "5";
  row["ActionGeo_FullName"] = "Punjab, Pakistan";
  row["ActionGeo_CountryCode"] = "PK";
  row["ActionGeo_ADM1Code"] = "PK04";
  row["ActionGeo_ADM2Code"] = "";
  row["ActionGeo_Lat"] = "30";
  row["ActionGeo_Long"] = "71";
  row["ActionGeo_FeatureID"] = "PK04";
  return row;
}

// Lays `row` out as fields of a GDELT 2.0 record, or of a GDELT 1.0 record
// (no ADM2Code columns; SOURCEURL only when `with_url`). Missing columns are
// empty.
std::vector<std::string> Fields(const Row& row, GdeltVersion version,
                                bool with_url = true) {
  std::vector<std::string> fields;
  for (const std::string& column : Gdelt2Columns()) {
    if (version == GdeltVersion::kV1) {
      if (column.find("ADM2Code") != std::string::npos) continue;
      if (column == "SOURCEURL" && !with_url) continue;
    }
    auto it = row.find(column);
    fields.push_back(it == row.end() ? "" : it->second);
  }
  return fields;
}

EventRowResult Parse(const std::vector<std::string>& fields,
                     GdeltVersion version) {
  std::vector<absl::string_view> views(fields.begin(), fields.end());
  return ParseGdeltRecord(views, version);
}

EventRowResult ParseV2(const Row& row) {
  return Parse(Fields(row, GdeltVersion::kV2), GdeltVersion::kV2);
}

// Returns the event, failing the test when the row was rejected.
Event EventOf(EventRowResult result) {
  if (const auto* rejection = std::get_if<RowRejection>(&result)) {
    ADD_FAILURE() << "rejected: " << rejection->field << " "
                  << rejection->reason_code << ": " << rejection->reason;
    return Event();
  }
  return std::get<Event>(std::move(result));
}

// Returns the rejection, failing the test when the row was accepted.
RowRejection RejectionOf(EventRowResult result) {
  if (const auto* rejection = std::get_if<RowRejection>(&result)) {
    return *rejection;
  }
  ADD_FAILURE() << "accepted";
  return RowRejection();
}

MATCHER_P3(IsRejection, field, reason_code, value, "") {
  *result_listener << "rejection " << arg.field << " " << arg.reason_code
                   << " value \"" << arg.value << "\" (" << arg.reason << ")";
  return arg.field == field && arg.reason_code == reason_code &&
         arg.value == value;
}

TEST(GdeltParserTest, Gdelt2ColumnsMatchTheSharedLayout) {
  EXPECT_EQ(Gdelt2Columns().size(), kGdelt2ColumnCount);
  EXPECT_EQ(Fields(Row(), GdeltVersion::kV1).size(), kGdelt1ColumnCountWithUrl);
  EXPECT_EQ(Fields(Row(), GdeltVersion::kV1, false).size(), kGdelt1ColumnCount);
}

TEST(GdeltParserTest, ParsesAGdelt2PakistanVisitToChina) {
  Event event = EventOf(ParseV2(PakVisitsChina()));
  EXPECT_EQ(event.provenance.source_system, "GDELT2");
  EXPECT_EQ(event.provenance.source_record_id, "1110474521");
  EXPECT_EQ(event.date, (Date{2023, 6, 26, DatePrecision::kDay}));

  EXPECT_EQ(event.actor1.country_code, "PAK");
  EXPECT_EQ(event.actor1.type, ActorType::kGovernment);
  EXPECT_EQ(event.actor1.name, "PAKISTAN");
  EXPECT_EQ(event.actor1.cameo_actor_code, "PAKGOV");
  EXPECT_EQ(event.actor2.country_code, "CHN");
  EXPECT_EQ(event.actor2.type, ActorType::kUnspecified);
  EXPECT_EQ(event.actor2.cameo_actor_code, "CHN");

  EXPECT_EQ(event.cameo_code, "042");
  EXPECT_EQ(event.cameo_root_code, "04");
  EXPECT_THAT(event.goldstein, Optional(DoubleEq(1.9)));
  EXPECT_EQ(event.quad_class, QuadClass::kVerbalCooperation);
  EXPECT_EQ(event.domain, Domain::kDiplomatic);
  EXPECT_THAT(event.mention_weight, Optional(DoubleEq(10)));

  EXPECT_EQ(event.location.country_code, "CHN");  // FIPS CH
  EXPECT_EQ(event.location.place, "Beijing, Beijing, China");
  EXPECT_EQ(event.location.province, "");
  EXPECT_EQ(event.location.source_place_id, "CH22");
  EXPECT_EQ(event.location.precision, Location::Precision::kPlace);
  EXPECT_THAT(event.location.latitude, Optional(DoubleEq(39.9289)));
  EXPECT_THAT(event.location.longitude, Optional(DoubleEq(116.388)));

  ASSERT_EQ(event.sources.size(), 1u);
  EXPECT_EQ(event.sources[0].url, "https://www.dawn.com/news/1761589");
  EXPECT_EQ(event.sources[0].citation, "GDELT 2.0 event 1110474521");
  EXPECT_EQ(event.sources[0].source_system, "GDELT2");
  EXPECT_EQ(event.sources[0].locator, "1110474521");

  const absl::Time added = absl::FromCivil(
      absl::CivilSecond(2023, 6, 26, 15, 45, 0), absl::UTCTimeZone());
  EXPECT_EQ(event.provenance.source_update_time, added);
  ASSERT_TRUE(event.gdelt.has_value());
  const GdeltAttributes& gdelt = *event.gdelt;
  EXPECT_TRUE(gdelt.is_root_event);
  EXPECT_EQ(gdelt.num_mentions, 10);
  EXPECT_EQ(gdelt.num_sources, 2);
  EXPECT_EQ(gdelt.num_articles, 10);
  EXPECT_THAT(gdelt.avg_tone, Optional(DoubleEq(-0.793650793650794)));
  EXPECT_EQ(gdelt.source_url, "https://www.dawn.com/news/1761589");
  EXPECT_EQ(gdelt.date_added, added);
  EXPECT_EQ(gdelt.actor1_location.country_code, "PAK");
  EXPECT_EQ(gdelt.actor1_location.source_place_id, "PK08");
  EXPECT_THAT(gdelt.actor1_location.latitude, Optional(DoubleEq(33.7)));
  EXPECT_EQ(gdelt.actor2_location.country_code, "CHN");
  EXPECT_EQ(gdelt.actor2_location.place, "Beijing, Beijing, China");
}

TEST(GdeltParserTest, ParsesAGdelt2ChineseAgreementWithPakistan) {
  Event event = EventOf(ParseV2(ChinaSignsWithPak()));
  EXPECT_EQ(event.actor1.country_code, "CHN");
  EXPECT_EQ(event.actor2.country_code, "PAK");
  EXPECT_EQ(event.actor2.type, ActorType::kBusiness);
  EXPECT_EQ(event.cameo_code, "057");
  EXPECT_EQ(event.cameo_root_code, "05");
  EXPECT_THAT(event.goldstein, Optional(DoubleEq(8.0)));
  EXPECT_EQ(event.quad_class, QuadClass::kVerbalCooperation);
  EXPECT_EQ(event.location.country_code, "PAK");
  EXPECT_EQ(event.location.precision, Location::Precision::kProvince);
  EXPECT_EQ(event.location.province, "Punjab");
  EXPECT_EQ(event.location.place, "Punjab, Pakistan");
  EXPECT_EQ(event.location.source_place_id, "PK04");
}

TEST(GdeltParserTest, ParsesGdelt1RowsWithAndWithoutSourceUrl) {
  Row row = PakVisitsChina();
  row["DATEADDED"] = "20130401";
  row["SOURCEURL"] = "http://www.app.com.pk/en_/index.php?id=1";

  Event with_url =
      EventOf(Parse(Fields(row, GdeltVersion::kV1, true), GdeltVersion::kV1));
  EXPECT_EQ(with_url.provenance.source_system, "GDELT1");
  EXPECT_EQ(with_url.provenance.source_record_id, "1110474521");
  EXPECT_EQ(with_url.cameo_code, "042");
  EXPECT_EQ(with_url.location.country_code, "CHN");
  EXPECT_EQ(with_url.location.source_place_id, "CH22");
  EXPECT_THAT(with_url.location.latitude, Optional(DoubleEq(39.9289)));
  EXPECT_THAT(with_url.location.longitude, Optional(DoubleEq(116.388)));
  EXPECT_EQ(with_url.gdelt->actor1_location.source_place_id, "PK08");
  EXPECT_THAT(with_url.gdelt->actor2_location.longitude,
              Optional(DoubleEq(116.388)));
  EXPECT_EQ(with_url.gdelt->source_url,
            "http://www.app.com.pk/en_/index.php?id=1");
  EXPECT_EQ(with_url.sources[0].citation, "GDELT 1.0 event 1110474521");
  EXPECT_EQ(with_url.gdelt->date_added,
            absl::FromCivil(absl::CivilDay(2013, 4, 1), absl::UTCTimeZone()));

  Event without_url =
      EventOf(Parse(Fields(row, GdeltVersion::kV1, false), GdeltVersion::kV1));
  EXPECT_EQ(without_url.gdelt->source_url, "");
  ASSERT_EQ(without_url.sources.size(), 1u);
  EXPECT_EQ(without_url.sources[0].url, "");
  EXPECT_EQ(without_url.location.country_code, "CHN");
}

TEST(GdeltParserTest, RejectsWrongColumnCounts) {
  RowRejection v2_as_58 = RejectionOf(
      Parse(Fields(PakVisitsChina(), GdeltVersion::kV1), GdeltVersion::kV2));
  EXPECT_THAT(v2_as_58, IsRejection("row", "WRONG_COLUMN_COUNT", "1110474521"));
  EXPECT_EQ(v2_as_58.reason, "expected 61 columns, found 58");

  RowRejection v1_as_61 = RejectionOf(
      Parse(Fields(PakVisitsChina(), GdeltVersion::kV2), GdeltVersion::kV1));
  EXPECT_EQ(v1_as_61.reason_code, "WRONG_COLUMN_COUNT");
  EXPECT_EQ(v1_as_61.reason, "expected 57 or 58 columns, found 61");

  std::vector<std::string> truncated =
      Fields(PakVisitsChina(), GdeltVersion::kV2);
  truncated.resize(30);
  EXPECT_EQ(RejectionOf(Parse(truncated, GdeltVersion::kV2)).reason,
            "expected 61 columns, found 30");

  EXPECT_THAT(RejectionOf(ParseGdeltLine("", GdeltVersion::kV2)),
              IsRejection("row", "WRONG_COLUMN_COUNT", ""));
}

TEST(GdeltParserTest, EmptyOptionalNumbersStayAbsent) {
  Row row = PakVisitsChina();
  for (const char* column :
       {"AvgTone", "NumMentions", "NumSources", "NumArticles", "IsRootEvent",
        "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_Type", "DATEADDED",
        "Actor1Geo_Type", "Actor1Geo_Lat", "Actor1Geo_Long", "QuadClass",
        "EventRootCode", "SOURCEURL", "ActionGeo_CountryCode"}) {
    row[column] = "";
  }
  Event event = EventOf(ParseV2(row));
  EXPECT_EQ(event.mention_weight, std::nullopt);
  EXPECT_EQ(event.location.latitude, std::nullopt);
  EXPECT_EQ(event.location.longitude, std::nullopt);
  EXPECT_EQ(event.location.precision, Location::Precision::kUnspecified);
  EXPECT_EQ(event.location.country_code, "");
  EXPECT_EQ(event.provenance.source_update_time, std::nullopt);
  ASSERT_TRUE(event.gdelt.has_value());
  EXPECT_EQ(event.gdelt->avg_tone, std::nullopt);
  EXPECT_EQ(event.gdelt->date_added, std::nullopt);
  EXPECT_FALSE(event.gdelt->is_root_event);
  EXPECT_EQ(event.gdelt->num_mentions, 0);
  EXPECT_EQ(event.gdelt->actor1_location.latitude, std::nullopt);
  // Derived from the code when the row does not say.
  EXPECT_EQ(event.cameo_root_code, "04");
  EXPECT_EQ(event.quad_class, QuadClass::kVerbalCooperation);
}

TEST(GdeltParserTest, EmptyGoldsteinTakesTheCameoTableValue) {
  Row row = PakVisitsChina();
  row["EventCode"] = "13";
  row["EventRootCode"] = "13";
  row["QuadClass"] = "3";
  row["GoldsteinScale"] = "";
  EXPECT_THAT(EventOf(ParseV2(row)).goldstein, Optional(DoubleEq(-6.0)));
  row["EventCode"] = "130";
  EXPECT_THAT(EventOf(ParseV2(row)).goldstein, Optional(DoubleEq(-4.4)));
}

TEST(GdeltParserTest, GivenGoldsteinIsKept) {
  Row row = PakVisitsChina();
  row["GoldsteinScale"] = "2.5";
  EXPECT_THAT(EventOf(ParseV2(row)).goldstein, Optional(DoubleEq(2.5)));
  row["GoldsteinScale"] = "-10.5";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("GoldsteinScale", "OUT_OF_RANGE", "-10.5"));
  row["GoldsteinScale"] = "high";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("GoldsteinScale", "INVALID_NUMBER", "high"));
}

TEST(GdeltParserTest, LiteralQuoteCharactersAreKept) {
  Row row = PakVisitsChina();
  row["Actor1Name"] = "PAKISTAN \"ARMY";
  row["Actor2Name"] = "\"CHINA\"";
  row["ActionGeo_FullName"] = "Gwadar, Balochistan, Pakistan\"";
  row["SOURCEURL"] = "https://example.com/a?q=\"x\"";
  Event event = EventOf(ParseV2(row));
  EXPECT_EQ(event.actor1.name, "PAKISTAN \"ARMY");
  EXPECT_EQ(event.actor2.name, "\"CHINA\"");
  EXPECT_EQ(event.location.place, "Gwadar, Balochistan, Pakistan\"");
  EXPECT_EQ(event.sources[0].url, "https://example.com/a?q=\"x\"");
}

TEST(GdeltParserTest, RejectsBadDates) {
  Row row = PakVisitsChina();
  row["SQLDATE"] = "20230230";
  RowRejection rejection = RejectionOf(ParseV2(row));
  EXPECT_THAT(rejection, IsRejection("SQLDATE", "INVALID_DATE", "20230230"));
  EXPECT_THAT(rejection.reason, HasSubstr("not a calendar date"));

  for (const char* bad : {"2023-06-26", "2023062", "202306260", "2023O626"}) {
    row["SQLDATE"] = bad;
    EXPECT_THAT(RejectionOf(ParseV2(row)),
                IsRejection("SQLDATE", "INVALID_DATE", bad));
  }
  row["SQLDATE"] = "";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("SQLDATE", "MISSING_VALUE", ""));

  row = PakVisitsChina();
  for (const char* bad :
       {"20230626256000", "20230230154500", "2023062615450", "20230626"}) {
    row["DATEADDED"] = bad;
    EXPECT_THAT(RejectionOf(ParseV2(row)),
                IsRejection("DATEADDED", "INVALID_DATE", bad));
  }
  // GDELT 1.0's DATEADDED is a day.
  row["DATEADDED"] = "20230626154500";
  EXPECT_THAT(
      RejectionOf(Parse(Fields(row, GdeltVersion::kV1), GdeltVersion::kV1)),
      IsRejection("DATEADDED", "INVALID_DATE", "20230626154500"));
}

TEST(GdeltParserTest, KeepsLeadingZerosAndValidatesCodes) {
  Row row = PakVisitsChina();
  row["EventCode"] = "010";
  row["EventRootCode"] = "01";
  Event event = EventOf(ParseV2(row));
  EXPECT_EQ(event.cameo_code, "010");
  EXPECT_EQ(event.cameo_root_code, "01");

  row["EventCode"] = "42";
  row["EventRootCode"] = "4";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("EventCode", "UNKNOWN_CAMEO_CODE", "42"));
  row["EventCode"] = "042";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("EventRootCode", "ROOT_CODE_MISMATCH", "4"));
  row["EventRootCode"] = "05";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("EventRootCode", "ROOT_CODE_MISMATCH", "05"));
  row["EventRootCode"] = "04";
  row["EventCode"] = "";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("EventCode", "MISSING_VALUE", ""));
  row["EventCode"] = "0421x";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("EventCode", "UNKNOWN_CAMEO_CODE", "0421x"));
}

TEST(GdeltParserTest, RejectsQuadClassThatDisagreesWithTheRoot) {
  Row row = PakVisitsChina();
  row["QuadClass"] = "2";
  RowRejection rejection = RejectionOf(ParseV2(row));
  EXPECT_THAT(rejection, IsRejection("QuadClass", "QUADCLASS_MISMATCH", "2"));
  EXPECT_THAT(rejection.reason, HasSubstr("root 04"));
  row["QuadClass"] = "one";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("QuadClass", "INVALID_NUMBER", "one"));

  row = ChinaSignsWithPak();
  row["EventCode"] = "183";
  row["EventRootCode"] = "18";
  row["QuadClass"] = "4";
  row["GoldsteinScale"] = "-10";
  Event event = EventOf(ParseV2(row));
  EXPECT_EQ(event.quad_class, QuadClass::kMaterialConflict);
  EXPECT_EQ(event.domain, Domain::kSecurity);
}

TEST(GdeltParserTest, RequiresTwoActorCountries) {
  Row row = PakVisitsChina();
  row["Actor2CountryCode"] = "";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("Actor2CountryCode", "MISSING_ACTOR_COUNTRY", ""));
  row["Actor2CountryCode"] = "ASA";
  RowRejection region = RejectionOf(ParseV2(row));
  EXPECT_THAT(region,
              IsRejection("Actor2CountryCode", "MISSING_ACTOR_COUNTRY", "ASA"));
  EXPECT_THAT(region.reason, HasSubstr("region"));
  row["Actor2CountryCode"] = "XYZ";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("Actor2CountryCode", "UNKNOWN_COUNTRY_CODE", "XYZ"));
  row = PakVisitsChina();
  row["Actor1CountryCode"] = "";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("Actor1CountryCode", "MISSING_ACTOR_COUNTRY", ""));
}

TEST(GdeltParserTest, TranslatesCameoCountryCodes) {
  Row row = PakVisitsChina();
  row["Actor2CountryCode"] = "ROM";
  EXPECT_EQ(EventOf(ParseV2(row)).actor2.country_code, "ROU");
}

TEST(GdeltParserTest, GeoCountryCodesAreFips) {
  Row row = PakVisitsChina();
  row["ActionGeo_CountryCode"] = "CH";
  EXPECT_EQ(EventOf(ParseV2(row)).location.country_code, "CHN");
  row["ActionGeo_CountryCode"] = "SZ";
  row["ActionGeo_FullName"] = "Geneva, Genève, Switzerland";
  EXPECT_EQ(EventOf(ParseV2(row)).location.country_code, "CHE");
  row["ActionGeo_CountryCode"] = "UK";
  EXPECT_EQ(EventOf(ParseV2(row)).location.country_code, "GBR");
  // No ISO country (Spratly Islands): the event is kept, the country empty.
  row["ActionGeo_CountryCode"] = "PG";
  EXPECT_EQ(EventOf(ParseV2(row)).location.country_code, "");
  row["ActionGeo_CountryCode"] = "IN";
  row["Actor1Geo_CountryCode"] = "PK";
  row["Actor2Geo_CountryCode"] = "BG";
  Event event = EventOf(ParseV2(row));
  EXPECT_EQ(event.location.country_code, "IND");
  EXPECT_EQ(event.gdelt->actor1_location.country_code, "PAK");
  EXPECT_EQ(event.gdelt->actor2_location.country_code, "BGD");
}

TEST(GdeltParserTest, MapsGeoTypesToPrecision) {
  Row row = PakVisitsChina();
  row["ActionGeo_Type"] = "1";
  row["ActionGeo_FullName"] = "Pakistan";
  row["ActionGeo_CountryCode"] = "PK";
  Event event = EventOf(ParseV2(row));
  EXPECT_EQ(event.location.precision, Location::Precision::kCountry);
  EXPECT_EQ(event.location.place, "Pakistan");
  EXPECT_EQ(LocationPrecisionForGdeltGeoType(0),
            Location::Precision::kUnspecified);
  EXPECT_EQ(LocationPrecisionForGdeltGeoType(2),
            Location::Precision::kProvince);
  EXPECT_EQ(LocationPrecisionForGdeltGeoType(3), Location::Precision::kPlace);
  EXPECT_EQ(LocationPrecisionForGdeltGeoType(4), Location::Precision::kPlace);
  EXPECT_EQ(LocationPrecisionForGdeltGeoType(5),
            Location::Precision::kProvince);
  row["ActionGeo_Type"] = "7";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("ActionGeo_Type", "OUT_OF_RANGE", "7"));
  row["ActionGeo_Type"] = "x";
  EXPECT_THAT(RejectionOf(ParseV2(row)),
              IsRejection("ActionGeo_Type", "INVALID_NUMBER", "x"));
}

TEST(GdeltParserTest, RejectsBadNumbers) {
  struct Case {
    const char* column;
    const char* value;
    const char* reason_code;
  };
  const Case cases[] = {
      {"GLOBALEVENTID", "12a", "INVALID_NUMBER"},
      {"GLOBALEVENTID", "", "MISSING_VALUE"},
      {"NumMentions", "ten", "INVALID_NUMBER"},
      {"NumMentions", "-3", "INVALID_NUMBER"},
      {"NumSources", "1.5", "INVALID_NUMBER"},
      {"NumArticles", "x", "INVALID_NUMBER"},
      {"AvgTone", "nan", "INVALID_NUMBER"},
      {"AvgTone", "--1", "INVALID_NUMBER"},
      {"IsRootEvent", "yes", "INVALID_NUMBER"},
      {"ActionGeo_Lat", "abc", "INVALID_NUMBER"},
      {"ActionGeo_Lat", "95", "OUT_OF_RANGE"},
      {"ActionGeo_Long", "-181", "OUT_OF_RANGE"},
      {"Actor1Geo_Lat", "inf", "INVALID_NUMBER"},
      {"Actor2Geo_Long", "200", "OUT_OF_RANGE"},
  };
  for (const Case& c : cases) {
    Row row = PakVisitsChina();
    row[c.column] = c.value;
    EXPECT_THAT(RejectionOf(ParseV2(row)),
                IsRejection(c.column, c.reason_code, c.value))
        << c.column << "=" << c.value;
  }
}

TEST(GdeltParserTest, TruncatesRejectedValuesAtUtf8Boundary) {
  Row row = PakVisitsChina();
  // 199 ASCII bytes then a 2-byte character straddling byte 200.
  std::string long_code(199, '1');
  long_code += "\xC3\xA9tail";
  row["EventCode"] = long_code;
  RowRejection rejection = RejectionOf(ParseV2(row));
  EXPECT_EQ(rejection.reason_code, "UNKNOWN_CAMEO_CODE");
  EXPECT_EQ(rejection.value, std::string(199, '1'));
  row["EventCode"] = std::string(500, '9');
  EXPECT_EQ(RejectionOf(ParseV2(row)).value.size(), 200u);
}

TEST(GdeltParserTest, MapsActorTypes) {
  const std::pair<const char*, ActorType> cases[] = {
      {"GOV", ActorType::kGovernment},
      {"MIL", ActorType::kMilitary},
      {"COP", ActorType::kPolice},
      {"BUS", ActorType::kBusiness},
      {"MED", ActorType::kMedia},
      {"REB", ActorType::kMilitant},
      {"INS", ActorType::kMilitant},
      {"SEP", ActorType::kMilitant},
      {"OPP", ActorType::kPoliticalOpposition},
      {"CVL", ActorType::kCivilians},
      {"NGO", ActorType::kCivilSociety},
      {"EDU", ActorType::kCivilSociety},
      {"REL", ActorType::kCivilSociety},
      {"LAB", ActorType::kCivilSociety},
      {"HLH", ActorType::kCivilSociety},
      {"JUD", ActorType::kGovernment},
      {"UAF", ActorType::kMilitant},
      {"REF", ActorType::kCivilians},
      {"ELI", ActorType::kOther},
      {"CRM", ActorType::kOther},
      {"gov", ActorType::kOther},
      {"", ActorType::kUnspecified},
  };
  for (const auto& [code, type] : cases) {
    EXPECT_EQ(ActorTypeForGdeltTypeCode(code), type) << code;
  }
  Row row = PakVisitsChina();
  row["Actor2Type1Code"] = "MIL";
  EXPECT_EQ(EventOf(ParseV2(row)).actor2.type, ActorType::kMilitary);
}

TEST(GdeltParserTest, ParseLineSplitsOnTabsAndDropsCr) {
  std::string line =
      absl::StrJoin(Fields(PakVisitsChina(), GdeltVersion::kV2), "\t");
  EXPECT_EQ(EventOf(ParseGdeltLine(line, GdeltVersion::kV2)).cameo_code, "042");
  EXPECT_EQ(
      EventOf(ParseGdeltLine(line + "\r", GdeltVersion::kV2)).gdelt->source_url,
      "https://www.dawn.com/news/1761589");
}

TEST(GdeltParserTest, VersionFromColumnCount) {
  EXPECT_EQ(GdeltVersionForColumnCount(57), GdeltVersion::kV1);
  EXPECT_EQ(GdeltVersionForColumnCount(58), GdeltVersion::kV1);
  EXPECT_EQ(GdeltVersionForColumnCount(61), GdeltVersion::kV2);
  EXPECT_EQ(GdeltVersionForColumnCount(60), std::nullopt);
  EXPECT_EQ(GdeltVersionForColumnCount(0), std::nullopt);
}

// A small export read the way the importer reads it: tab-separated, no
// quoting, good rows kept and bad rows reported with their line numbers.
TEST(GdeltParserTest, ReadsAFileWithBadRowsThroughTheCsvReader) {
  Row quoted = ChinaSignsWithPak();
  quoted["Actor1Name"] = "CHINA \"PLA";  // an unbalanced quote, literal
  std::vector<std::string> truncated =
      Fields(PakVisitsChina(), GdeltVersion::kV2);
  truncated.resize(40);
  Row bad_date = PakVisitsChina();
  bad_date["SQLDATE"] = "20230230";
  const std::string file =
      absl::StrJoin(Fields(PakVisitsChina(), GdeltVersion::kV2), "\t") + "\n" +
      absl::StrJoin(truncated, "\t") + "\n" +
      absl::StrJoin(Fields(quoted, GdeltVersion::kV2), "\t") + "\r\n" + "\n" +
      absl::StrJoin(Fields(bad_date, GdeltVersion::kV2), "\t");

  csv::CsvOptions options;
  options.delimiter = '\t';
  options.quoting = false;
  csv::CsvReader reader(options);
  using Entry = std::pair<int64_t, std::string>;
  std::vector<Entry> kept;
  std::vector<Entry> rejected;
  auto on_record = [&](const csv::CsvRecord& record) {
    if (record.kind != csv::CsvRecord::Kind::kFields) return absl::OkStatus();
    EventRowResult result = ParseGdeltRecord(record.fields, GdeltVersion::kV2);
    if (const auto* rejection = std::get_if<RowRejection>(&result)) {
      rejected.emplace_back(record.line, rejection->reason_code);
    } else {
      kept.emplace_back(record.line, std::get<Event>(result).actor1.name);
    }
    return absl::OkStatus();
  };
  // Feed in small chunks so that records span chunk boundaries.
  for (size_t i = 0; i < file.size(); i += 37) {
    ASSERT_TRUE(
        reader.Feed(absl::string_view(file).substr(i, 37), on_record).ok());
  }
  ASSERT_TRUE(reader.Finish(on_record).ok());
  EXPECT_THAT(kept, ElementsAre(Entry{1, "PAKISTAN"}, Entry{3, "CHINA \"PLA"}));
  EXPECT_THAT(rejected, ElementsAre(Entry{2, "WRONG_COLUMN_COUNT"},
                                    Entry{5, "INVALID_DATE"}));
}

}  // namespace
}  // namespace dyadscope::events
