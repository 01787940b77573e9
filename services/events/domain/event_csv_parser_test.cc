#include "services/events/domain/event_csv_parser.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/testing/status_matchers.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::SizeIs;

using Row = std::map<std::string, std::string>;

// A curated row: Pakistan's prime minister visits Beijing (042).
Row Visit() {
  return Row{
      {"source_record_id", "PKCN-TL-2023-06-26"},
      {"date", "2023-06-26"},
      {"actor1_country", "PAK"},
      {"actor2_country", "CHN"},
      {"actor1_type", "government"},
      {"actor2_type", "government"},
      {"actor1_name", "Prime Minister of Pakistan"},
      {"actor2_name", "Government of China"},
      {"cameo_code", "042"},
      {"title", "Prime minister visits Beijing"},
      {"text", "Talks on CPEC, \"iron brothers\"."},
      {"tags", "cpec; visit;;"},
      {"source_1_citation", "Dawn, 27 June 2023"},
      {"source_1_url", "https://www.dawn.com/news/1761589"},
  };
}

std::vector<std::string> AllColumns() { return EventCsvColumns(); }

std::vector<std::string> Fields(const Row& row,
                                const std::vector<std::string>& header) {
  std::vector<std::string> fields;
  for (const std::string& column : header) {
    auto it = row.find(column);
    fields.push_back(it == row.end() ? "" : it->second);
  }
  return fields;
}

EventCsvParser MakeParser(const std::vector<std::string>& header) {
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(header);
  EXPECT_THAT(parser, IsOk());
  return *std::move(parser);
}

EventRowResult ParseRow(const Row& row) {
  const std::vector<std::string> header = AllColumns();
  return MakeParser(header).ParseRow(Fields(row, header));
}

Event EventOf(EventRowResult result) {
  if (const auto* rejection = std::get_if<RowRejection>(&result)) {
    ADD_FAILURE() << "rejected: " << rejection->field << " "
                  << rejection->reason_code << ": " << rejection->reason;
    return Event();
  }
  return std::get<Event>(std::move(result));
}

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

// Sets `column` to `value` in the visit row and returns the rejection.
RowRejection RejectWith(const std::string& column, const std::string& value) {
  Row row = Visit();
  row[column] = value;
  return RejectionOf(ParseRow(row));
}

// --- Header ------------------------------------------------------------------

TEST(EventCsvHeaderTest, AcceptsAllColumnsInAnyOrderAndCase) {
  std::vector<std::string> header = AllColumns();
  std::reverse(header.begin(), header.end());
  header[0] = " NOTES ";
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(header);
  ASSERT_THAT(parser, IsOk());
  EXPECT_EQ(parser->column_count(), 32u);
  Event event = EventOf(parser->ParseRow(Fields(Visit(), header)));
  EXPECT_EQ(event.cameo_code, "042");
  EXPECT_EQ(event.actor1.country_code, "PAK");
  EXPECT_EQ(event.actor2.country_code, "CHN");
}

TEST(EventCsvHeaderTest, AcceptsOnlyRequiredColumnsAndOneSource) {
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(
      std::vector<std::string>{"source_record_id", "date", "actor1_country",
                               "actor2_country", "cameo_code", "source_1_url"});
  ASSERT_THAT(parser, IsOk());
  Event event = EventOf(parser->ParseRow(std::vector<std::string>{
      "x-1", "1951-05-21", "PAK", "CHN", "054", "https://example.org/a"}));
  EXPECT_EQ(event.cameo_code, "054");
  EXPECT_EQ(event.sources[0].url, "https://example.org/a");
}

TEST(EventCsvHeaderTest, UnknownColumnIsNamed) {
  std::vector<std::string> header = AllColumns();
  header.emplace_back("goldstien");
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(header);
  EXPECT_THAT(parser, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(GetReason(parser.status()), "UNKNOWN_COLUMN");
  EXPECT_THAT(parser.status().message(), HasSubstr("goldstien"));
  EXPECT_THAT(parser.status().message(),
              HasSubstr("did you mean \"goldstein\""));
  EXPECT_THAT(
      GetFieldViolations(parser.status()),
      ElementsAre(FieldViolation{
          "goldstien",
          "unknown column \"goldstien\" (did you mean \"goldstein\"?)"}));
}

TEST(EventCsvHeaderTest, EmptyColumnNameIsUnknown) {
  std::vector<std::string> header = AllColumns();
  header.emplace_back("");
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(header);
  EXPECT_EQ(GetReason(parser.status()), "UNKNOWN_COLUMN");
  EXPECT_THAT(parser.status().message(), HasSubstr("column 33 has no name"));
}

TEST(EventCsvHeaderTest, MissingRequiredColumnsAreAllNamed) {
  std::vector<std::string> header = {"source_record_id", "date",
                                     "actor1_country", "source_1_url"};
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(header);
  EXPECT_THAT(parser, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(GetReason(parser.status()), "MISSING_COLUMN");
  std::vector<FieldViolation> violations = GetFieldViolations(parser.status());
  ASSERT_THAT(violations, SizeIs(2));
  EXPECT_EQ(violations[0].field, "actor2_country");
  EXPECT_EQ(violations[1].field, "cameo_code");
}

TEST(EventCsvHeaderTest, HeaderWithoutAnySourceColumnIsRefused) {
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(
      std::vector<std::string>{"source_record_id", "date", "actor1_country",
                               "actor2_country", "cameo_code"});
  EXPECT_EQ(GetReason(parser.status()), "MISSING_COLUMN");
  EXPECT_THAT(parser.status().message(), HasSubstr("source"));
}

TEST(EventCsvHeaderTest, DuplicateColumnIsRefused) {
  std::vector<std::string> header = AllColumns();
  header.emplace_back("Date");
  absl::StatusOr<EventCsvParser> parser = EventCsvParser::Create(header);
  EXPECT_EQ(GetReason(parser.status()), "DUPLICATE_COLUMN");
  EXPECT_THAT(parser.status().message(), HasSubstr("\"date\" appears twice"));
}

TEST(EventCsvHeaderTest, ListsTheReadmeColumns) {
  EXPECT_THAT(EventCsvColumns(), SizeIs(32));
  EXPECT_EQ(EventCsvColumns().front(), "source_record_id");
  EXPECT_EQ(EventCsvColumns().back(), "notes");
}

// --- Rows --------------------------------------------------------------------

TEST(EventCsvRowTest, ParsesACuratedVisit) {
  Event event = EventOf(ParseRow(Visit()));
  EXPECT_EQ(event.provenance.source_system, "CURATED");
  EXPECT_EQ(event.provenance.source_record_id, "PKCN-TL-2023-06-26");
  EXPECT_EQ(event.date, (Date{2023, 6, 26, DatePrecision::kDay}));
  EXPECT_EQ(event.actor1.country_code, "PAK");
  EXPECT_EQ(event.actor1.type, ActorType::kGovernment);
  EXPECT_EQ(event.actor1.name, "Prime Minister of Pakistan");
  EXPECT_EQ(event.actor2.country_code, "CHN");
  EXPECT_EQ(event.cameo_code, "042");
  EXPECT_EQ(event.cameo_root_code, "04");
  EXPECT_EQ(event.quad_class, QuadClass::kVerbalCooperation);
  EXPECT_THAT(event.goldstein, Optional(DoubleEq(1.9)));       // from the table
  EXPECT_EQ(event.domain, Domain::kDiplomatic);                // from the code
  EXPECT_THAT(event.mention_weight, Optional(DoubleEq(1.0)));  // default
  EXPECT_EQ(event.title, "Prime minister visits Beijing");
  EXPECT_EQ(event.text, "Talks on CPEC, \"iron brothers\".");
  EXPECT_THAT(event.tags, ElementsAre("cpec", "visit"));
  EXPECT_EQ(event.fatalities, std::nullopt);
  EXPECT_EQ(event.amount_usd, std::nullopt);
  EXPECT_EQ(event.location.precision, Location::Precision::kUnspecified);
  ASSERT_THAT(event.sources, SizeIs(1));
  EXPECT_EQ(event.sources[0].citation, "Dawn, 27 June 2023");
  EXPECT_EQ(event.sources[0].url, "https://www.dawn.com/news/1761589");
  EXPECT_FALSE(event.gdelt.has_value());
}

TEST(EventCsvRowTest, ParsesEveryOptionalColumn) {
  Row row = Visit();
  row["source_system"] = "PKCN_TIMELINE";
  row["date"] = "1951-01-01";
  row["date_precision"] = "Year";
  row["actor1_type"] = "MILITARY";
  row["actor2_type"] = "Civil_Society";
  row["cameo_code"] = "183";
  row["goldstein"] = "-9.5";
  row["domain"] = "Socio_Cultural";
  row["location_country"] = "pak";
  row["province"] = "Balochistan";
  row["district"] = "Gwadar";
  row["place"] = "Gwadar port";
  row["latitude"] = "25.12";
  row["longitude"] = "62.33";
  row["mention_weight"] = "2.5";
  row["fatalities"] = "3";
  row["amount_usd"] = "1.5e9";
  row["source_2_citation"] = "Reuters";
  row["source_3_url"] = "http://example.com/x";
  row["notes"] = "sources disagree on the toll";
  Event event = EventOf(ParseRow(row));
  EXPECT_EQ(event.provenance.source_system, "PKCN_TIMELINE");
  EXPECT_EQ(event.date, (Date{1951, 0, 0, DatePrecision::kYear}));
  EXPECT_EQ(event.actor1.type, ActorType::kMilitary);
  EXPECT_EQ(event.actor2.type, ActorType::kCivilSociety);
  EXPECT_EQ(event.cameo_root_code, "18");
  EXPECT_EQ(event.quad_class, QuadClass::kMaterialConflict);
  EXPECT_THAT(event.goldstein, Optional(DoubleEq(-9.5)));  // given wins
  EXPECT_EQ(event.domain, Domain::kSocioCultural);         // given wins
  EXPECT_EQ(event.location.country_code, "PAK");
  EXPECT_EQ(event.location.province, "Balochistan");
  EXPECT_EQ(event.location.district, "Gwadar");
  EXPECT_EQ(event.location.place, "Gwadar port");
  EXPECT_EQ(event.location.precision, Location::Precision::kPlace);
  EXPECT_THAT(event.location.latitude, Optional(DoubleEq(25.12)));
  EXPECT_THAT(event.location.longitude, Optional(DoubleEq(62.33)));
  EXPECT_THAT(event.mention_weight, Optional(DoubleEq(2.5)));
  EXPECT_THAT(event.fatalities, Optional(3));
  EXPECT_THAT(event.amount_usd, Optional(DoubleEq(1.5e9)));
  ASSERT_THAT(event.sources, SizeIs(3));
  EXPECT_EQ(event.sources[1].citation, "Reuters");
  EXPECT_EQ(event.sources[1].url, "");
  EXPECT_EQ(event.sources[2].url, "http://example.com/x");
  EXPECT_EQ(event.notes, "sources disagree on the toll");
}

TEST(EventCsvRowTest, LocationPrecisionIsTheFinestGiven) {
  Row row = Visit();
  row["location_country"] = "CHN";
  EXPECT_EQ(EventOf(ParseRow(row)).location.precision,
            Location::Precision::kCountry);
  row["province"] = "Xinjiang";
  EXPECT_EQ(EventOf(ParseRow(row)).location.precision,
            Location::Precision::kProvince);
  row["district"] = "Kashgar";
  EXPECT_EQ(EventOf(ParseRow(row)).location.precision,
            Location::Precision::kDistrict);
}

TEST(EventCsvRowTest, ValuesAreTrimmed) {
  Row row = Visit();
  row["cameo_code"] = " 057 ";
  row["actor1_country"] = " PAK";
  Event event = EventOf(ParseRow(row));
  EXPECT_EQ(event.cameo_code, "057");
  EXPECT_EQ(event.actor1.country_code, "PAK");
}

TEST(EventCsvRowTest, RejectsWrongColumnCount) {
  const std::vector<std::string> header = AllColumns();
  std::vector<std::string> fields = Fields(Visit(), header);
  fields.pop_back();
  RowRejection rejection = RejectionOf(MakeParser(header).ParseRow(fields));
  EXPECT_THAT(rejection,
              IsRejection("row", "WRONG_COLUMN_COUNT", "PKCN-TL-2023-06-26"));
  EXPECT_EQ(rejection.reason, "expected 32 columns, found 31");
}

TEST(EventCsvRowTest, RequiresIdDateAndCode) {
  EXPECT_THAT(RejectWith("source_record_id", " "),
              IsRejection("source_record_id", "MISSING_VALUE", ""));
  EXPECT_THAT(RejectWith("date", ""), IsRejection("date", "MISSING_VALUE", ""));
  EXPECT_THAT(RejectWith("cameo_code", ""),
              IsRejection("cameo_code", "MISSING_VALUE", ""));
}

TEST(EventCsvRowTest, ValidatesSourceSystem) {
  EXPECT_THAT(RejectWith("source_system", "curated"),
              IsRejection("source_system", "INVALID_VALUE", "curated"));
  EXPECT_THAT(RejectWith("source_system", "MY-SOURCE"),
              IsRejection("source_system", "INVALID_VALUE", "MY-SOURCE"));
  EXPECT_THAT(RejectWith("source_system", "1ST"),
              IsRejection("source_system", "INVALID_VALUE", "1ST"));
}

TEST(EventCsvRowTest, ValidatesDatesAtTheirPrecision) {
  EXPECT_THAT(RejectWith("date", "2023-02-30"),
              IsRejection("date", "INVALID_DATE", "2023-02-30"));
  EXPECT_THAT(RejectWith("date", "26/06/2023"),
              IsRejection("date", "INVALID_DATE", "26/06/2023"));
  Row row = Visit();
  row["date"] = "2023";
  row["date_precision"] = "day";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("date", "INVALID_DATE", "2023"));
  row["date_precision"] = "week";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("date_precision", "INVALID_ENUM", "week"));

  row["date"] = "1963-03";
  row["date_precision"] = "";
  EXPECT_EQ(EventOf(ParseRow(row)).date,
            (Date{1963, 3, 0, DatePrecision::kMonth}));
  row["date"] = "1963-03-02";
  row["date_precision"] = "MONTH";
  EXPECT_EQ(EventOf(ParseRow(row)).date,
            (Date{1963, 3, 0, DatePrecision::kMonth}));
}

TEST(EventCsvRowTest, ValidatesCountries) {
  EXPECT_THAT(RejectWith("actor1_country", ""),
              IsRejection("actor1_country", "MISSING_ACTOR_COUNTRY", ""));
  EXPECT_THAT(RejectWith("actor2_country", ""),
              IsRejection("actor2_country", "MISSING_ACTOR_COUNTRY", ""));
  EXPECT_THAT(RejectWith("actor2_country", "CH"),
              IsRejection("actor2_country", "UNKNOWN_COUNTRY_CODE", "CH"));
  EXPECT_THAT(RejectWith("actor1_country", "XKX"),
              IsRejection("actor1_country", "UNKNOWN_COUNTRY_CODE", "XKX"));
  EXPECT_THAT(RejectWith("location_country", "PRC"),
              IsRejection("location_country", "UNKNOWN_COUNTRY_CODE", "PRC"));
  Row row = Visit();
  row["actor2_country"] = "chn";
  EXPECT_EQ(EventOf(ParseRow(row)).actor2.country_code, "CHN");
}

TEST(EventCsvRowTest, ValidatesEnumWords) {
  EXPECT_THAT(RejectWith("actor1_type", "army"),
              IsRejection("actor1_type", "INVALID_ENUM", "army"));
  EXPECT_THAT(RejectWith("actor2_type", "GOV"),
              IsRejection("actor2_type", "INVALID_ENUM", "GOV"));
  EXPECT_THAT(RejectWith("domain", "military"),
              IsRejection("domain", "INVALID_ENUM", "military"));
  for (const char* word :
       {"government", "military", "police", "business", "civil_society",
        "media", "militant", "political_opposition", "civilians", "other"}) {
    EXPECT_TRUE(ActorTypeFromCsvWord(word).has_value()) << word;
  }
  EXPECT_EQ(ActorTypeFromCsvWord("Political_Opposition"),
            ActorType::kPoliticalOpposition);
  EXPECT_EQ(DomainFromCsvWord("ECONOMIC"), Domain::kEconomic);
  EXPECT_EQ(DomainFromCsvWord("Security"), Domain::kSecurity);
  EXPECT_EQ(DomainFromCsvWord("diplomatic"), Domain::kDiplomatic);
  EXPECT_EQ(DomainFromCsvWord("socio-cultural"), std::nullopt);
}

TEST(EventCsvRowTest, ValidatesCameoCodes) {
  EXPECT_THAT(RejectWith("cameo_code", "42"),
              IsRejection("cameo_code", "UNKNOWN_CAMEO_CODE", "42"));
  EXPECT_THAT(RejectWith("cameo_code", "0421x"),
              IsRejection("cameo_code", "UNKNOWN_CAMEO_CODE", "0421x"));
  EXPECT_THAT(RejectWith("cameo_code", "21"),
              IsRejection("cameo_code", "UNKNOWN_CAMEO_CODE", "21"));
  Row row = Visit();
  row["cameo_code"] = "062";
  Event event = EventOf(ParseRow(row));
  EXPECT_EQ(event.cameo_root_code, "06");
  EXPECT_EQ(event.quad_class, QuadClass::kMaterialCooperation);
  EXPECT_THAT(event.goldstein, Optional(DoubleEq(7.4)));
  EXPECT_EQ(event.domain, Domain::kSecurity);
}

TEST(EventCsvRowTest, ValidatesGoldstein) {
  EXPECT_THAT(RejectWith("goldstein", "10.1"),
              IsRejection("goldstein", "OUT_OF_RANGE", "10.1"));
  EXPECT_THAT(RejectWith("goldstein", "-11"),
              IsRejection("goldstein", "OUT_OF_RANGE", "-11"));
  EXPECT_THAT(RejectWith("goldstein", "high"),
              IsRejection("goldstein", "INVALID_NUMBER", "high"));
  Row row = Visit();
  row["goldstein"] = "-10";
  EXPECT_THAT(EventOf(ParseRow(row)).goldstein, Optional(DoubleEq(-10)));
  row["goldstein"] = "0";
  EXPECT_THAT(EventOf(ParseRow(row)).goldstein, Optional(DoubleEq(0)));
}

TEST(EventCsvRowTest, ValidatesMentionWeight) {
  EXPECT_THAT(RejectWith("mention_weight", "0"),
              IsRejection("mention_weight", "OUT_OF_RANGE", "0"));
  EXPECT_THAT(RejectWith("mention_weight", "-2"),
              IsRejection("mention_weight", "OUT_OF_RANGE", "-2"));
  EXPECT_THAT(RejectWith("mention_weight", "many"),
              IsRejection("mention_weight", "INVALID_NUMBER", "many"));
  EXPECT_THAT(RejectWith("mention_weight", "inf"),
              IsRejection("mention_weight", "INVALID_NUMBER", "inf"));
}

TEST(EventCsvRowTest, ValidatesFatalities) {
  EXPECT_THAT(RejectWith("fatalities", "-1"),
              IsRejection("fatalities", "OUT_OF_RANGE", "-1"));
  EXPECT_THAT(RejectWith("fatalities", "2.5"),
              IsRejection("fatalities", "INVALID_NUMBER", "2.5"));
  EXPECT_THAT(RejectWith("fatalities", "about 10"),
              IsRejection("fatalities", "INVALID_NUMBER", "about 10"));
  Row row = Visit();
  row["fatalities"] = "0";
  EXPECT_THAT(EventOf(ParseRow(row)).fatalities, Optional(0));
}

TEST(EventCsvRowTest, ValidatesAmount) {
  EXPECT_THAT(RejectWith("amount_usd", "-5"),
              IsRejection("amount_usd", "OUT_OF_RANGE", "-5"));
  EXPECT_THAT(RejectWith("amount_usd", "$46bn"),
              IsRejection("amount_usd", "INVALID_NUMBER", "$46bn"));
  Row row = Visit();
  row["amount_usd"] = "46000000000";
  EXPECT_THAT(EventOf(ParseRow(row)).amount_usd, Optional(DoubleEq(4.6e10)));
}

TEST(EventCsvRowTest, ValidatesCoordinates) {
  Row row = Visit();
  row["latitude"] = "91";
  row["longitude"] = "70";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("latitude", "OUT_OF_RANGE", "91"));
  row["latitude"] = "-90";
  row["longitude"] = "180.5";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("longitude", "OUT_OF_RANGE", "180.5"));
  row["longitude"] = "north";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("longitude", "INVALID_NUMBER", "north"));
  row["longitude"] = "";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("longitude", "MISSING_VALUE", ""));
  row["latitude"] = "";
  row["longitude"] = "-180";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("latitude", "MISSING_VALUE", ""));
  row["latitude"] = "90";
  Event event = EventOf(ParseRow(row));
  EXPECT_THAT(event.location.latitude, Optional(DoubleEq(90)));
  EXPECT_THAT(event.location.longitude, Optional(DoubleEq(-180)));
}

TEST(EventCsvRowTest, RequiresAtLeastOneSource) {
  Row row = Visit();
  row["source_1_citation"] = "";
  row["source_1_url"] = "";
  EXPECT_THAT(RejectionOf(ParseRow(row)),
              IsRejection("source_1_citation", "MISSING_SOURCE", ""));
  row["source_3_citation"] = "Xinhua, 1951";
  Event event = EventOf(ParseRow(row));
  ASSERT_THAT(event.sources, SizeIs(1));
  EXPECT_EQ(event.sources[0].citation, "Xinhua, 1951");
}

TEST(EventCsvRowTest, ValidatesSourceUrls) {
  EXPECT_THAT(RejectWith("source_1_url", "www.dawn.com/news"),
              IsRejection("source_1_url", "INVALID_URL", "www.dawn.com/news"));
  EXPECT_THAT(
      RejectWith("source_2_url", "ftp://example.org/x"),
      IsRejection("source_2_url", "INVALID_URL", "ftp://example.org/x"));
  EXPECT_THAT(RejectWith("source_1_url", "https://a b"),
              IsRejection("source_1_url", "INVALID_URL", "https://a b"));
  EXPECT_THAT(RejectWith("source_1_url", "https://"),
              IsRejection("source_1_url", "INVALID_URL", "https://"));
}

TEST(EventCsvRowTest, TruncatesLongRejectedValues) {
  RowRejection rejection = RejectWith("goldstein", std::string(300, 'x'));
  EXPECT_EQ(rejection.reason_code, "INVALID_NUMBER");
  EXPECT_EQ(rejection.value, std::string(200, 'x'));
}

// A small file read the way the importer reads it: RFC 4180 quoting, a BOM,
// CRLF, a quoted multi-line text, a blank line and a bad row.
TEST(EventCsvRowTest, ReadsAFileThroughTheCsvReader) {
  const std::string file =
      "\xEF\xBB\xBF"
      "source_record_id,date,actor1_country,actor2_country,cameo_code,title,"
      "text,source_1_url\r\n"
      "PKCN-1,1951-05-21,PAK,CHN,054,Diplomatic relations,"
      "\"Established, \"\"formally\"\"\nin Beijing\",https://example.org/1\r\n"
      "\r\n"
      "PKCN-2,1963-03-02,PAK,CHN,057,Boundary agreement,,"
      "https://example.org/2\r\n"
      "PKCN-3,2023-02-30,PAK,CHN,057,Bad date,,https://example.org/3\r\n";
  std::optional<EventCsvParser> parser;
  using Entry = std::pair<int64_t, std::string>;
  std::vector<Entry> kept;
  std::vector<Entry> rejected;
  absl::Status status =
      csv::ReadCsv(file, csv::CsvOptions(), [&](const csv::CsvRecord& record) {
        if (record.kind != csv::CsvRecord::Kind::kFields) {
          return absl::OkStatus();
        }
        if (!parser.has_value()) {
          absl::StatusOr<EventCsvParser> created =
              EventCsvParser::Create(record.fields);
          if (!created.ok()) return created.status();
          parser = *std::move(created);
          return absl::OkStatus();
        }
        EventRowResult result = parser->ParseRow(record.fields);
        if (const auto* rejection = std::get_if<RowRejection>(&result)) {
          rejected.emplace_back(record.line, rejection->field);
        } else {
          kept.emplace_back(record.line, std::get<Event>(result).text);
        }
        return absl::OkStatus();
      });
  ASSERT_THAT(status, IsOk());
  EXPECT_THAT(kept,
              ElementsAre(Entry{2, "Established, \"formally\"\nin Beijing"},
                          Entry{5, ""}));
  EXPECT_THAT(rejected, ElementsAre(Entry{6, "date"}));
}

}  // namespace
}  // namespace dyadscope::events
