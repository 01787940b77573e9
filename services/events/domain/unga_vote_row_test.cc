#include "services/events/domain/unga_vote_row.h"

#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::events {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<std::string>& StandardHeader() {
  static const auto* header = new std::vector<std::string>{
      "rcid",    "session", "date",          "unres", "country_iso3",
      "country", "vote",    "importantvote", "amend", "para"};
  return *header;
}

UngaHeaderMap StandardMap() {
  absl::StatusOr<UngaHeaderMap> map = UngaHeaderMap::Create(StandardHeader());
  EXPECT_TRUE(map.ok()) << map.status();
  return *map;
}

// A valid row of the standard layout; tests change one field.
std::vector<std::string> GoodRow() {
  return {"3",     "1",  "1946-01-01", "R/1/66", "IND",
          "India", "no", "0",          "1",      "0"};
}

Vote ExpectVote(const VoteRowResult& result) {
  if (const auto* rejection = std::get_if<RowRejection>(&result)) {
    ADD_FAILURE() << "rejected: " << rejection->field << " "
                  << rejection->reason_code << " " << rejection->reason;
    return Vote();
  }
  return std::get<Vote>(result);
}

RowRejection ExpectRejection(const VoteRowResult& result) {
  if (const auto* rejection = std::get_if<RowRejection>(&result)) {
    return *rejection;
  }
  ADD_FAILURE() << "row was accepted";
  return RowRejection();
}

// Parses GoodRow() with column `column` set to `value`.
VoteRowResult ParseWith(size_t column, const std::string& value) {
  std::vector<std::string> row = GoodRow();
  row[column] = value;
  return ParseVoteRow(StandardMap(), row);
}

TEST(UngaHeaderMapTest, AcceptsTheStandardHeader) {
  UngaHeaderMap map = StandardMap();
  EXPECT_EQ(map.column_count(), 10u);
  EXPECT_EQ(map.Find("rcid"), 0u);
  EXPECT_EQ(map.Find("para"), 9u);
  EXPECT_EQ(map.Find("source_id"), std::nullopt);
  EXPECT_EQ(map.Find("not_a_column"), std::nullopt);
}

TEST(UngaHeaderMapTest, NamesTheMissingRequiredColumn) {
  std::vector<std::string> header = StandardHeader();
  header.erase(header.begin() + 6);  // "vote"
  absl::StatusOr<UngaHeaderMap> map = UngaHeaderMap::Create(header);
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(map.status().message(), HasSubstr("\"vote\""));
}

TEST(UngaHeaderMapTest, RejectsAnEmptyHeader) {
  absl::StatusOr<UngaHeaderMap> map = UngaHeaderMap::Create({});
  ASSERT_FALSE(map.ok());
  EXPECT_THAT(map.status().message(), HasSubstr("\"rcid\""));
}

TEST(UngaHeaderMapTest, RejectsADuplicateColumn) {
  std::vector<std::string> header = StandardHeader();
  header.emplace_back("Vote");
  absl::StatusOr<UngaHeaderMap> map = UngaHeaderMap::Create(header);
  ASSERT_FALSE(map.ok());
  EXPECT_THAT(map.status().message(), HasSubstr("\"vote\" appears twice"));
}

TEST(UngaHeaderMapTest, IgnoresCaseWhitespaceBomAndOrder) {
  absl::StatusOr<UngaHeaderMap> map = UngaHeaderMap::Create(
      {"\xEF\xBB\xBFVOTE", " Country_ISO3 ", "rcid", "session", "date", "unres",
       "country", "importantvote", "amend", "para", "yes_share"});
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->column_count(), 11u);
  EXPECT_EQ(map->Find("vote"), 0u);
  EXPECT_EQ(map->Find("country_iso3"), 1u);
  EXPECT_EQ(map->Find("rcid"), 2u);
}

TEST(ParseVoteRowTest, ParsesAStandardRow) {
  Vote vote = ExpectVote(ParseVoteRow(StandardMap(), GoodRow()));
  EXPECT_EQ(vote.roll_call_id, "3");
  EXPECT_EQ(vote.session, 1);
  EXPECT_EQ(vote.date, (Date{1946, 1, 1, DatePrecision::kDay}));
  EXPECT_EQ(vote.resolution, "R/1/66");
  EXPECT_EQ(vote.country_code, "IND");
  EXPECT_EQ(vote.country_name, "India");
  EXPECT_EQ(vote.choice, VoteChoice::kNo);
  EXPECT_FALSE(vote.important_vote);
  EXPECT_TRUE(vote.amendment);
  EXPECT_FALSE(vote.paragraph);
  EXPECT_THAT(vote.issues, IsEmpty());
  EXPECT_EQ(vote.description, "");
  EXPECT_EQ(vote.source.source_system, "UNGA_VOTES");
  EXPECT_EQ(vote.provenance.source_system, "UNGA_VOTES");
  EXPECT_EQ(vote.provenance.source_record_id, "3-IND");
}

TEST(ParseVoteRowTest, KeepsPlaceholderDatesAsGiven) {
  // SOURCES.md: the source dates all of session 26 1971-10-07.
  std::vector<std::string> row = {"1920",     "26",  "1971-10-07", "", "PAK",
                                  "Pakistan", "yes", "0",          "", ""};
  Vote vote = ExpectVote(ParseVoteRow(StandardMap(), row));
  EXPECT_EQ(vote.date, (Date{1971, 10, 7, DatePrecision::kDay}));
  EXPECT_EQ(vote.resolution, "");
  // Empty flags (unknown in the source) read as false.
  EXPECT_FALSE(vote.amendment);
  EXPECT_FALSE(vote.paragraph);
}

TEST(ParseVoteRowTest, ReadsVoteSpellingsAndVoetenCodes) {
  const struct {
    const char* text;
    VoteChoice choice;
  } kCases[] = {
      {"yes", VoteChoice::kYes},
      {"YES", VoteChoice::kYes},
      {" Abstain ", VoteChoice::kAbstain},
      {"no", VoteChoice::kNo},
      {"No", VoteChoice::kNo},
      {"1", VoteChoice::kYes},
      {"2", VoteChoice::kAbstain},
      {"3", VoteChoice::kNo},
      {"8", VoteChoice::kAbsent},
      {"9", VoteChoice::kAbsent},
      {"absent", VoteChoice::kAbsent},
  };
  for (const auto& c : kCases) {
    Vote vote = ExpectVote(ParseWith(6, c.text));
    EXPECT_EQ(vote.choice, c.choice) << c.text;
  }
}

TEST(ParseVoteRowTest, RejectsUnknownVotes) {
  for (const char* text : {"maybe", "0", "4", "y", "yes please"}) {
    RowRejection rejection = ExpectRejection(ParseWith(6, text));
    EXPECT_EQ(rejection.field, "vote") << text;
    EXPECT_EQ(rejection.reason_code, "INVALID_VOTE") << text;
    EXPECT_EQ(rejection.value, text);
  }
  RowRejection empty = ExpectRejection(ParseWith(6, ""));
  EXPECT_EQ(empty.reason_code, "MISSING_VALUE");
}

TEST(ParseVoteRowTest, RejectsBadDates) {
  for (const char* text : {"1971-13-01", "1971-02-30", "07/10/1971", "soon"}) {
    RowRejection rejection = ExpectRejection(ParseWith(2, text));
    EXPECT_EQ(rejection.field, "date") << text;
    EXPECT_EQ(rejection.reason_code, "INVALID_DATE") << text;
    EXPECT_EQ(rejection.value, text);
    EXPECT_FALSE(rejection.reason.empty());
  }
  EXPECT_EQ(ExpectRejection(ParseWith(2, "")).reason_code, "MISSING_VALUE");
}

TEST(ParseVoteRowTest, RejectsCountriesThatAreNotIso3) {
  for (const char* text : {"pak", "PK", "PAKI", "P4K", "Pakistan"}) {
    RowRejection rejection = ExpectRejection(ParseWith(4, text));
    EXPECT_EQ(rejection.field, "country_iso3") << text;
    EXPECT_EQ(rejection.reason_code, "UNKNOWN_COUNTRY") << text;
  }
  EXPECT_EQ(ExpectRejection(ParseWith(4, "")).reason_code, "MISSING_VALUE");
}

TEST(ParseVoteRowTest, RejectsBadRollCallIdsAndSessions) {
  RowRejection rcid = ExpectRejection(ParseWith(0, "3a"));
  EXPECT_EQ(rcid.field, "rcid");
  EXPECT_EQ(rcid.reason_code, "INVALID_ROLL_CALL_ID");
  EXPECT_EQ(ExpectRejection(ParseWith(0, "-3")).reason_code,
            "INVALID_ROLL_CALL_ID");
  EXPECT_EQ(ExpectRejection(ParseWith(0, "")).reason_code, "MISSING_VALUE");
  for (const char* text : {"", "0", "-1", "x", "1.5", "99999999999"}) {
    RowRejection session = ExpectRejection(ParseWith(1, text));
    EXPECT_EQ(session.field, "session") << text;
    EXPECT_EQ(session.reason_code, "INVALID_SESSION") << text;
  }
}

TEST(ParseVoteRowTest, ReadsAndRejectsFlags) {
  Vote vote = ExpectVote(ParseWith(7, "1"));
  EXPECT_TRUE(vote.important_vote);
  EXPECT_FALSE(ExpectVote(ParseWith(7, "NA")).important_vote);
  EXPECT_TRUE(ExpectVote(ParseWith(9, "TRUE")).paragraph);
  RowRejection rejection = ExpectRejection(ParseWith(8, "2"));
  EXPECT_EQ(rejection.field, "amend");
  EXPECT_EQ(rejection.reason_code, "INVALID_FLAG");
  EXPECT_EQ(rejection.value, "2");
}

TEST(ParseVoteRowTest, RejectsWrongColumnCount) {
  std::vector<std::string> row = GoodRow();
  row.pop_back();
  RowRejection rejection = ExpectRejection(ParseVoteRow(StandardMap(), row));
  EXPECT_EQ(rejection.field, "row");
  EXPECT_EQ(rejection.reason_code, "WRONG_COLUMN_COUNT");
  EXPECT_THAT(rejection.reason, HasSubstr("expected 10 columns, found 9"));
  EXPECT_EQ(rejection.value, "3,1,1946-01-01,R/1/66,IND,India,no,0,1");

  row = GoodRow();
  row.emplace_back("extra");
  EXPECT_EQ(ExpectRejection(ParseVoteRow(StandardMap(), row)).reason_code,
            "WRONG_COLUMN_COUNT");
}

TEST(ParseVoteRowTest, TruncatesLongValuesAtACharacterBoundary) {
  // 199 ASCII bytes then "é" (2 bytes): the cut at 200 would split it.
  std::string value = std::string(199, 'x') + "\xC3\xA9" + "tail";
  RowRejection rejection = ExpectRejection(ParseWith(6, value));
  EXPECT_EQ(rejection.value, std::string(199, 'x'));

  EXPECT_EQ(TruncateUtf8("abc", 200), "abc");
  EXPECT_EQ(TruncateUtf8(std::string(300, 'y'), 200), std::string(200, 'y'));
  EXPECT_EQ(TruncateUtf8("a\xE4\xB8\xAD", 3), "a");  // 中 is 3 bytes
  EXPECT_EQ(TruncateUtf8("a\xE4\xB8\xAD", 4), "a\xE4\xB8\xAD");
}

TEST(ParseVoteRowTest, ReadsExtraColumnsOfOtherReleases) {
  absl::StatusOr<UngaHeaderMap> map = UngaHeaderMap::Create(
      {"rcid",         "session", "date",      "unres",
       "country_iso3", "country", "vote",      "importantvote",
       "amend",        "para",    "short",     "descr",
       "me",           "nu",      "di",        "hr",
       "co",           "ec",      "source_id", "yes_count"});
  ASSERT_TRUE(map.ok()) << map.status();
  Vote vote = ExpectVote(ParseVoteRow(*map, {"5000",
                                             "55",
                                             "2000-12-04",
                                             "A/RES/55/33",
                                             "CHN",
                                             "China",
                                             "yes",
                                             "1",
                                             "0",
                                             "0",
                                             "Nuclear weapons",
                                             "Reducing nuclear danger",
                                             "0",
                                             "1",
                                             "1",
                                             "",
                                             "NA",
                                             "0",
                                             "unvotes-7eb7034",
                                             "120"}));
  EXPECT_EQ(vote.description, "Reducing nuclear danger");
  EXPECT_THAT(vote.issues, ElementsAre("nu", "di"));
  EXPECT_EQ(vote.source.locator, "unvotes-7eb7034");
  EXPECT_EQ(vote.provenance.source_record_id, "5000-CHN");
  EXPECT_TRUE(vote.important_vote);

  // Without descr, `short` is the description.
  Vote short_only = ExpectVote(ParseVoteRow(*map, {"5000",
                                                   "55",
                                                   "2000-12-04",
                                                   "A/RES/55/33",
                                                   "CHN",
                                                   "China",
                                                   "yes",
                                                   "1",
                                                   "0",
                                                   "0",
                                                   "Nuclear weapons",
                                                   "",
                                                   "0",
                                                   "0",
                                                   "0",
                                                   "0",
                                                   "0",
                                                   "1",
                                                   "",
                                                   ""}));
  EXPECT_EQ(short_only.description, "Nuclear weapons");
  EXPECT_THAT(short_only.issues, ElementsAre("ec"));
  EXPECT_EQ(short_only.source.locator, "");

  RowRejection rejection = ExpectRejection(ParseVoteRow(
      *map, {"5000", "55", "2000-12-04", "A/RES/55/33", "CHN", "China",
             "yes",  "1",  "0",          "0",           "",    "",
             "yes",  "0",  "0",          "0",           "0",   "0",
             "",     ""}));
  EXPECT_EQ(rejection.field, "me");
  EXPECT_EQ(rejection.reason_code, "INVALID_FLAG");
}

TEST(ParseVoteChoiceTest, MapsSpellings) {
  EXPECT_EQ(ParseVoteChoice("Yes"), VoteChoice::kYes);
  EXPECT_EQ(ParseVoteChoice("9"), VoteChoice::kAbsent);
  EXPECT_EQ(ParseVoteChoice(""), std::nullopt);
  EXPECT_EQ(ParseVoteChoice("yea"), std::nullopt);
}

}  // namespace
}  // namespace dyadscope::events
