#include "services/events/domain/voting.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/events/domain/event.h"
#include "services/events/domain/unga_vote_row.h"

#ifndef DYADSCOPE_DEFAULT_SOURCE_DIR
#define DYADSCOPE_DEFAULT_SOURCE_DIR "/work/main"
#endif

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr VoteChoice kYes = VoteChoice::kYes;
constexpr VoteChoice kAbstain = VoteChoice::kAbstain;
constexpr VoteChoice kNo = VoteChoice::kNo;
constexpr VoteChoice kAbsent = VoteChoice::kAbsent;

constexpr double kEps = 1e-12;

struct RollCallFlags {
  bool important = false;
  bool amendment = false;
  bool paragraph = false;
};

Vote MakeVote(const std::string& rcid, int year, const std::string& country,
              VoteChoice choice, RollCallFlags flags = {}) {
  Vote vote;
  vote.roll_call_id = rcid;
  vote.date = Date{year, 6, 1, DatePrecision::kDay};
  vote.country_code = country;
  vote.choice = choice;
  vote.important_vote = flags.important;
  vote.amendment = flags.amendment;
  vote.paragraph = flags.paragraph;
  return vote;
}

// Adds one roll call on which PAK votes `pak` and CHN votes `chn`
// (kUnspecified: no row for that country).
void AddRollCall(std::vector<Vote>& votes, const std::string& rcid, int year,
                 VoteChoice pak, VoteChoice chn, RollCallFlags flags = {}) {
  if (pak != VoteChoice::kUnspecified) {
    votes.push_back(MakeVote(rcid, year, "PAK", pak, flags));
  }
  if (chn != VoteChoice::kUnspecified) {
    votes.push_back(MakeVote(rcid, year, "CHN", chn, flags));
  }
}

constexpr YearRange kAllYears{1, 9999};

constexpr RollCallFlags kImportant{true, false, false};
constexpr RollCallFlags kAmendment{false, true, false};
constexpr RollCallFlags kParagraph{false, false, true};
constexpr RollCallFlags kAllFlags{true, true, true};

RollCallFilter Filter(bool important_only, bool exclude_amendments,
                      bool exclude_paragraphs) {
  RollCallFilter filter;
  filter.important_only = important_only;
  filter.exclude_amendments = exclude_amendments;
  filter.exclude_paragraphs = exclude_paragraphs;
  return filter;
}

void ExpectAllAbsent(const AlignmentMetrics& m) {
  EXPECT_EQ(m.joint_votes, 0);
  EXPECT_EQ(m.same_votes, 0);
  EXPECT_EQ(m.one_abstained_votes, 0);
  EXPECT_EQ(m.opposite_votes, 0);
  EXPECT_EQ(m.percent_agreement, std::nullopt);
  EXPECT_EQ(m.percent_agreement_abstain_half, std::nullopt);
  EXPECT_EQ(m.s_score, std::nullopt);
  EXPECT_EQ(m.scotts_pi, std::nullopt);
}

// The fixture of the issue: 4 joint votes
//   rc1 PAK yes     / CHN yes      same        |1-1| = 0
//   rc2 PAK yes     / CHN abstain  one abst.   |1-2| = 1
//   rc3 PAK no      / CHN yes      opposite    |3-1| = 2
//   rc4 PAK abstain / CHN abstain  same        |2-2| = 0
// plus three roll calls without a joint vote:
//   rc5 PAK absent (Voeten 8) / CHN yes
//   rc6 PAK yes, no CHN row
//   rc7 only USA voted
std::vector<Vote> FourJointVotes() {
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 2000, kYes, kYes);
  AddRollCall(votes, "2", 2000, kYes, kAbstain);
  AddRollCall(votes, "3", 2000, kNo, kYes);
  AddRollCall(votes, "4", 2000, kAbstain, kAbstain);
  AddRollCall(votes, "5", 2000, kAbsent, kYes);
  AddRollCall(votes, "6", 2000, kYes, VoteChoice::kUnspecified);
  votes.push_back(MakeVote("7", 2000, "USA", kNo));
  return votes;
}

TEST(ComputeAlignmentTest, HandComputedFourJointVotes) {
  AlignmentMetrics m =
      ComputeAlignment(FourJointVotes(), "PAK", "CHN", kAllYears);
  EXPECT_EQ(m.country_a, "PAK");
  EXPECT_EQ(m.country_b, "CHN");
  EXPECT_EQ(m.roll_calls, 7);  // all roll calls, whoever voted
  EXPECT_EQ(m.joint_votes, 4);
  EXPECT_EQ(m.same_votes, 2);
  EXPECT_EQ(m.one_abstained_votes, 1);
  EXPECT_EQ(m.opposite_votes, 1);
  // 100 · 2/4 = 50.
  EXPECT_THAT(m.percent_agreement, Optional(DoubleNear(50.0, kEps)));
  // 100 · (2 + ½·1)/4 = 62.5.
  EXPECT_THAT(m.percent_agreement_abstain_half,
              Optional(DoubleNear(62.5, kEps)));
  // S = 1 − 2·(0 + 1 + 2 + 0)/(4·2) = 1 − 6/8 = 0.25.
  EXPECT_THAT(m.s_score, Optional(DoubleNear(0.25, kEps)));
  // Pooled over 8 votes: PAK yes, yes, no, abstain; CHN yes, abstain, yes,
  // abstain → yes 4, abstain 3, no 1: π = 4/8, 3/8, 1/8.
  // p_e = (16 + 9 + 1)/64 = 26/64; p_o = 2/4 = 32/64.
  // pi = (32/64 − 26/64)/(1 − 26/64) = 6/38 = 3/19 ≈ 0.1579.
  EXPECT_THAT(m.scotts_pi, Optional(DoubleNear(3.0 / 19.0, kEps)));
}

TEST(ComputeAlignmentTest, IsSymmetricInTheTwoCountries) {
  AlignmentMetrics ab =
      ComputeAlignment(FourJointVotes(), "PAK", "CHN", kAllYears);
  AlignmentMetrics ba =
      ComputeAlignment(FourJointVotes(), "CHN", "PAK", kAllYears);
  EXPECT_EQ(ba.joint_votes, ab.joint_votes);
  EXPECT_EQ(ba.percent_agreement, ab.percent_agreement);
  EXPECT_EQ(ba.s_score, ab.s_score);
  EXPECT_EQ(ba.scotts_pi, ab.scotts_pi);
}

TEST(ComputeAlignmentTest, PerfectOpposition) {
  // yes/no, no/yes: same 0, opposite 2; percent 0 and 0.
  // S = 1 − 2·(2 + 2)/(2·2) = −1.
  // Pooled: yes 2, no 2 → p_e = ¼ + ¼ = ½; p_o = 0 → pi = (0 − ½)/½ = −1.
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1990, kYes, kNo);
  AddRollCall(votes, "2", 1990, kNo, kYes);
  AlignmentMetrics m = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_EQ(m.joint_votes, 2);
  EXPECT_EQ(m.opposite_votes, 2);
  EXPECT_THAT(m.percent_agreement, Optional(DoubleNear(0.0, kEps)));
  EXPECT_THAT(m.percent_agreement_abstain_half, Optional(DoubleNear(0, kEps)));
  EXPECT_THAT(m.s_score, Optional(DoubleNear(-1.0, kEps)));
  EXPECT_THAT(m.scotts_pi, Optional(DoubleNear(-1.0, kEps)));
}

TEST(ComputeAlignmentTest, PerfectAgreementOverTwoCategories) {
  // yes/yes, no/no: p_o = 1; pooled yes 2, no 2 → p_e = ½ → pi = ½/½ = 1.
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1990, kYes, kYes);
  AddRollCall(votes, "2", 1990, kNo, kNo);
  AlignmentMetrics m = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_THAT(m.percent_agreement, Optional(DoubleNear(100.0, kEps)));
  EXPECT_THAT(m.s_score, Optional(DoubleNear(1.0, kEps)));
  EXPECT_THAT(m.scotts_pi, Optional(DoubleNear(1.0, kEps)));
}

TEST(ComputeAlignmentTest, ScottsPiIsAbsentWhenAllVotesAreOneCategory) {
  // yes/yes ×3: pooled yes 6 of 6 → p_e = 1, pi = 0/0: absent, not NaN.
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1990, kYes, kYes);
  AddRollCall(votes, "2", 1990, kYes, kYes);
  AddRollCall(votes, "3", 1990, kYes, kYes);
  AlignmentMetrics m = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_EQ(m.joint_votes, 3);
  EXPECT_THAT(m.percent_agreement, Optional(DoubleNear(100.0, kEps)));
  EXPECT_THAT(m.percent_agreement_abstain_half,
              Optional(DoubleNear(100.0, kEps)));
  EXPECT_THAT(m.s_score, Optional(DoubleNear(1.0, kEps)));
  EXPECT_EQ(m.scotts_pi, std::nullopt);
}

TEST(ComputeAlignmentTest, OneAbstentionEachWay) {
  // abstain/yes, no/abstain: one-abstained 2; percent 0; half 100·1/2 = 50;
  // S = 1 − 2·(1 + 1)/(2·2) = 0.
  // Pooled: yes 1, abstain 2, no 1 → p_e = (1 + 4 + 1)/16 = 6/16;
  // p_o = 0 → pi = (0 − 6/16)/(10/16) = −0.6.
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1990, kAbstain, kYes);
  AddRollCall(votes, "2", 1990, kNo, kAbstain);
  AlignmentMetrics m = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_EQ(m.one_abstained_votes, 2);
  EXPECT_EQ(m.opposite_votes, 0);
  EXPECT_THAT(m.percent_agreement, Optional(DoubleNear(0.0, kEps)));
  EXPECT_THAT(m.percent_agreement_abstain_half,
              Optional(DoubleNear(50.0, kEps)));
  EXPECT_THAT(m.s_score, Optional(DoubleNear(0.0, kEps)));
  EXPECT_THAT(m.scotts_pi, Optional(DoubleNear(-0.6, kEps)));
}

TEST(ComputeAlignmentTest, AbsentWithoutJointVotes) {
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1990, kYes, kAbsent);
  AddRollCall(votes, "2", 1990, VoteChoice::kUnspecified, kNo);
  AlignmentMetrics m = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_EQ(m.roll_calls, 2);
  ExpectAllAbsent(m);

  AlignmentMetrics empty = ComputeAlignment({}, "PAK", "CHN", kAllYears);
  EXPECT_EQ(empty.roll_calls, 0);
  ExpectAllAbsent(empty);
}

TEST(ComputeAlignmentTest, SpanIsInclusiveByYearOfTheDate) {
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1999, kYes, kNo);
  AddRollCall(votes, "2", 2000, kYes, kYes);
  AddRollCall(votes, "3", 2001, kNo, kNo);
  AddRollCall(votes, "4", 2002, kYes, kNo);
  // Votes of one roll call dated 31 Dec / 1 Jan count in their own year.
  votes.front().date = Date{1999, 12, 31, DatePrecision::kDay};

  AlignmentMetrics m = ComputeAlignment(votes, "PAK", "CHN", {2000, 2001});
  EXPECT_EQ(m.roll_calls, 2);
  EXPECT_EQ(m.joint_votes, 2);
  EXPECT_EQ(m.same_votes, 2);

  EXPECT_EQ(ComputeAlignment(votes, "PAK", "CHN", {1999, 2002}).joint_votes, 4);
  EXPECT_EQ(ComputeAlignment(votes, "PAK", "CHN", {2002, 2002}).same_votes, 0);
  AlignmentMetrics inverted =
      ComputeAlignment(votes, "PAK", "CHN", {2002, 1999});
  EXPECT_EQ(inverted.roll_calls, 0);
  ExpectAllAbsent(inverted);
}

TEST(ComputeAlignmentTest, Flags) {
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 2000, kYes, kYes, kImportant);
  AddRollCall(votes, "2", 2000, kYes, kNo, kAmendment);
  AddRollCall(votes, "3", 2000, kNo, kYes, kParagraph);
  AddRollCall(votes, "4", 2000, kAbstain, kYes, kAllFlags);
  AddRollCall(votes, "5", 2000, kNo, kNo);

  AlignmentMetrics all = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_EQ(all.roll_calls, 5);
  EXPECT_EQ(all.joint_votes, 5);

  // Important: rc1 (same) and rc4 (one abstained).
  AlignmentMetrics important = ComputeAlignment(votes, "PAK", "CHN", kAllYears,
                                                Filter(true, false, false));
  EXPECT_EQ(important.roll_calls, 2);
  EXPECT_EQ(important.same_votes, 1);
  EXPECT_EQ(important.one_abstained_votes, 1);
  EXPECT_THAT(important.percent_agreement, Optional(DoubleNear(50, kEps)));

  // Without amendments: rc1, rc3, rc5.
  AlignmentMetrics no_amend = ComputeAlignment(votes, "PAK", "CHN", kAllYears,
                                               Filter(false, true, false));
  EXPECT_EQ(no_amend.roll_calls, 3);
  EXPECT_EQ(no_amend.same_votes, 2);
  EXPECT_EQ(no_amend.opposite_votes, 1);

  // Without paragraph votes: rc1, rc2, rc5.
  AlignmentMetrics no_para = ComputeAlignment(votes, "PAK", "CHN", kAllYears,
                                              Filter(false, false, true));
  EXPECT_EQ(no_para.roll_calls, 3);
  EXPECT_EQ(no_para.same_votes, 2);
  EXPECT_EQ(no_para.opposite_votes, 1);

  // Both exclusions: rc1, rc5 → 2 of 2 the same.
  AlignmentMetrics both = ComputeAlignment(votes, "PAK", "CHN", kAllYears,
                                           Filter(false, true, true));
  EXPECT_EQ(both.roll_calls, 2);
  EXPECT_THAT(both.percent_agreement, Optional(DoubleNear(100, kEps)));

  // All three: nothing left.
  AlignmentMetrics none = ComputeAlignment(votes, "PAK", "CHN", kAllYears,
                                           Filter(true, true, true));
  EXPECT_EQ(none.roll_calls, 1);  // rc1
  EXPECT_EQ(none.same_votes, 1);
}

TEST(ComputeAlignmentTest, FirstVoteOfACountryOnARollCallCounts) {
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 2000, kYes, kYes);
  votes.push_back(MakeVote("1", 2000, "CHN", kNo));  // a duplicate row
  AlignmentMetrics m = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_EQ(m.roll_calls, 1);
  EXPECT_EQ(m.joint_votes, 1);
  EXPECT_EQ(m.same_votes, 1);
}

TEST(DifferenceTest, SubtractsFieldByField) {
  AlignmentMetrics dyad;
  dyad.percent_agreement = 87.5;
  dyad.percent_agreement_abstain_half = 92.0;
  dyad.s_score = 0.8;
  dyad.scotts_pi = std::nullopt;
  AlignmentMetrics reference;
  reference.percent_agreement = 80.0;
  reference.percent_agreement_abstain_half = std::nullopt;
  reference.s_score = 0.9;
  reference.scotts_pi = 0.5;
  AlignmentDifference d = Difference(dyad, reference);
  EXPECT_THAT(d.percent_agreement, Optional(DoubleNear(7.5, kEps)));
  EXPECT_EQ(d.percent_agreement_abstain_half, std::nullopt);
  EXPECT_THAT(d.s_score, Optional(DoubleNear(-0.1, kEps)));
  EXPECT_EQ(d.scotts_pi, std::nullopt);

  AlignmentDifference empty = Difference(AlignmentMetrics(), reference);
  EXPECT_EQ(empty.percent_agreement, std::nullopt);
  EXPECT_EQ(empty.s_score, std::nullopt);
}

// PAK–CHN and PAK–IND over three years, 2001 without any roll call.
std::vector<Vote> ThreeCountries() {
  std::vector<Vote> votes;
  // 2000: PAK–CHN yes/yes, no/yes; PAK–IND yes/yes, no/no.
  AddRollCall(votes, "1", 2000, kYes, kYes);
  votes.push_back(MakeVote("1", 2000, "IND", kYes));
  AddRollCall(votes, "2", 2000, kNo, kYes);
  votes.push_back(MakeVote("2", 2000, "IND", kNo));
  // 2002: PAK–CHN abstain/abstain; IND absent.
  AddRollCall(votes, "3", 2002, kAbstain, kAbstain);
  votes.push_back(MakeVote("3", 2002, "IND", kAbsent));
  return votes;
}

TEST(AlignmentByYearTest, ListsEveryYearWithReference) {
  absl::StatusOr<std::vector<VotingAlignment>> years =
      AlignmentByYear(ThreeCountries(), "PAK", "CHN", "IND", 1999, 2002);
  ASSERT_TRUE(years.ok()) << years.status();
  ASSERT_EQ(years->size(), 4u);
  for (int i = 0; i < 4; ++i) {
    const VotingAlignment& y = (*years)[i];
    const int year = 1999 + i;
    EXPECT_EQ(y.label, absl::StrCat(year));
    EXPECT_EQ(y.period.name, absl::StrCat(year));
    EXPECT_EQ(y.period.start_year, year);
    EXPECT_EQ(y.period.end_year, year);
    EXPECT_EQ(y.dyad_metrics.country_a, "PAK");
    EXPECT_EQ(y.dyad_metrics.country_b, "CHN");
    ASSERT_TRUE(y.reference_metrics.has_value());
    EXPECT_EQ(y.reference_metrics->country_a, "PAK");
    EXPECT_EQ(y.reference_metrics->country_b, "IND");
    ASSERT_TRUE(y.relative.has_value());
  }
  // 1999 and 2001: no roll calls, listed with absent metrics.
  EXPECT_EQ((*years)[0].dyad_metrics.roll_calls, 0);
  ExpectAllAbsent((*years)[0].dyad_metrics);
  ExpectAllAbsent(*(*years)[0].reference_metrics);
  EXPECT_EQ((*years)[0].relative->percent_agreement, std::nullopt);
  ExpectAllAbsent((*years)[2].dyad_metrics);

  // 2000: PAK–CHN 1 of 2 the same (50%), PAK–IND 2 of 2 (100%): −50 points.
  // S: PAK–CHN 1 − 2·(0 + 2)/(2·2) = 0; PAK–IND 1 → −1.
  const VotingAlignment& y2000 = (*years)[1];
  EXPECT_EQ(y2000.dyad_metrics.roll_calls, 2);
  EXPECT_THAT(y2000.dyad_metrics.percent_agreement,
              Optional(DoubleNear(50, kEps)));
  EXPECT_THAT(y2000.reference_metrics->percent_agreement,
              Optional(DoubleNear(100, kEps)));
  EXPECT_THAT(y2000.relative->percent_agreement,
              Optional(DoubleNear(-50, kEps)));
  EXPECT_THAT(y2000.relative->s_score, Optional(DoubleNear(-1, kEps)));

  // 2002: the dyad has a joint vote, the reference pair none (IND absent).
  const VotingAlignment& y2002 = (*years)[3];
  EXPECT_EQ(y2002.dyad_metrics.joint_votes, 1);
  EXPECT_THAT(y2002.dyad_metrics.percent_agreement,
              Optional(DoubleNear(100, kEps)));
  EXPECT_EQ(y2002.reference_metrics->roll_calls, 1);
  ExpectAllAbsent(*y2002.reference_metrics);
  EXPECT_EQ(y2002.relative->percent_agreement, std::nullopt);
}

TEST(AlignmentByYearTest, WithoutReference) {
  absl::StatusOr<std::vector<VotingAlignment>> years =
      AlignmentByYear(ThreeCountries(), "PAK", "CHN", "", 2000, 2000);
  ASSERT_TRUE(years.ok()) << years.status();
  ASSERT_EQ(years->size(), 1u);
  EXPECT_EQ((*years)[0].reference_metrics, std::nullopt);
  EXPECT_EQ((*years)[0].relative, std::nullopt);
  EXPECT_EQ((*years)[0].dyad_metrics.joint_votes, 2);
}

TEST(AlignmentByYearTest, AppliesTheFilter) {
  std::vector<Vote> votes = ThreeCountries();
  for (Vote& vote : votes) vote.amendment = vote.roll_call_id == "2";
  absl::StatusOr<std::vector<VotingAlignment>> years = AlignmentByYear(
      votes, "PAK", "CHN", "IND", 2000, 2000, Filter(false, true, false));
  ASSERT_TRUE(years.ok()) << years.status();
  EXPECT_EQ((*years)[0].dyad_metrics.roll_calls, 1);
  EXPECT_THAT((*years)[0].relative->percent_agreement,
              Optional(DoubleNear(0, kEps)));
}

TEST(AlignmentByYearTest, RejectsBadArguments) {
  const std::vector<Vote> votes = ThreeCountries();
  EXPECT_THAT(
      AlignmentByYear(votes, "pak", "CHN", "", 2000, 2001),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("country_a")));
  EXPECT_THAT(
      AlignmentByYear(votes, "PAK", "CHINA", "", 2000, 2001),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("country_b")));
  EXPECT_THAT(
      AlignmentByYear(votes, "PAK", "PAK", "", 2000, 2001),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("country_b")));
  EXPECT_THAT(AlignmentByYear(votes, "PAK", "CHN", "IN", 2000, 2001),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("reference_country")));
  EXPECT_THAT(AlignmentByYear(votes, "PAK", "CHN", "PAK", 2000, 2001),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("reference_country")));
  EXPECT_THAT(
      AlignmentByYear(votes, "PAK", "CHN", "", 2001, 2000),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("last_year")));
  EXPECT_THAT(
      AlignmentByYear(votes, "PAK", "CHN", "", 0, 2000),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("first_year")));
  EXPECT_THAT(
      AlignmentByYear(votes, "PAK", "CHN", "", 2000, 10000),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("last_year")));
}

TEST(AlignmentByPeriodTest, DefaultPeriodsRunToThePresentYear) {
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1989, kNo, kYes);       // before both phases
  AddRollCall(votes, "2", 1990, kYes, kYes);      // consolidation
  AddRollCall(votes, "3", 2014, kYes, kAbstain);  // consolidation
  AddRollCall(votes, "4", 2015, kNo, kNo);        // deepening
  AddRollCall(votes, "5", 2019, kYes, kNo);       // deepening
  AddRollCall(votes, "6", 2021, kYes, kYes);      // after present_year 2020
  absl::StatusOr<std::vector<VotingAlignment>> periods = AlignmentByPeriod(
      votes, "PAK", "CHN", "", DefaultPeriods(), /*present_year=*/2020);
  ASSERT_TRUE(periods.ok()) << periods.status();
  ASSERT_EQ(periods->size(), 2u);

  const VotingAlignment& consolidation = (*periods)[0];
  EXPECT_EQ(consolidation.label, "consolidation");
  EXPECT_EQ(consolidation.period.start_year, 1990);
  EXPECT_EQ(consolidation.period.end_year, 2014);
  // yes/yes, yes/abstain: 50%, half 75%, S = 1 − 2·1/(2·2) = 0.5.
  EXPECT_EQ(consolidation.dyad_metrics.joint_votes, 2);
  EXPECT_THAT(consolidation.dyad_metrics.percent_agreement_abstain_half,
              Optional(DoubleNear(75, kEps)));
  EXPECT_THAT(consolidation.dyad_metrics.s_score,
              Optional(DoubleNear(0.5, kEps)));

  const VotingAlignment& deepening = (*periods)[1];
  EXPECT_EQ(deepening.label, "deepening");
  EXPECT_EQ(deepening.period.end_year, std::nullopt);  // kept as given
  // 2015–2020: no/no, yes/no → 1 same, 1 opposite.
  EXPECT_EQ(deepening.dyad_metrics.roll_calls, 2);
  EXPECT_EQ(deepening.dyad_metrics.same_votes, 1);
  EXPECT_EQ(deepening.dyad_metrics.opposite_votes, 1);
}

TEST(AlignmentByPeriodTest, KeepsOrderAndAllowsOverlaps) {
  std::vector<Period> periods = {
      Period{"late", 2002, 2002, ""},
      Period{"all", 1999, 2002, "All"},
      Period{"empty", 1950, 1960, ""},
  };
  absl::StatusOr<std::vector<VotingAlignment>> result =
      AlignmentByPeriod(ThreeCountries(), "PAK", "CHN", "IND", periods, 2025);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 3u);
  EXPECT_EQ((*result)[0].label, "late");
  EXPECT_EQ((*result)[0].dyad_metrics.joint_votes, 1);
  EXPECT_EQ((*result)[1].label, "all");
  EXPECT_EQ((*result)[1].period.display_name, "All");
  EXPECT_EQ((*result)[1].dyad_metrics.joint_votes, 3);
  EXPECT_EQ((*result)[1].reference_metrics->joint_votes, 2);
  EXPECT_EQ((*result)[2].label, "empty");
  ExpectAllAbsent((*result)[2].dyad_metrics);
}

TEST(AlignmentByPeriodTest, RejectsBadPeriods) {
  const std::vector<Vote> votes = ThreeCountries();
  EXPECT_THAT(
      AlignmentByPeriod(votes, "PAK", "CHN", "", {Period{"p", 2010, 2000, ""}},
                        2020),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("periods[0]")));
  EXPECT_THAT(
      AlignmentByPeriod(votes, "PAK", "CHN", "",
                        {Period{"ok", 2000, 2001, ""},
                         Period{"open", 2015, std::nullopt, ""}},
                        2010),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("periods[1]")));
  EXPECT_THAT(AlignmentByPeriod(votes, "PAK", "CHN", "",
                                {Period{"p", 0, 2000, ""}}, 2020),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("periods[0].start_year")));
  EXPECT_THAT(
      AlignmentByPeriod(votes, "PAK", "", "", DefaultPeriods(), 2020),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("country_b")));
  absl::StatusOr<std::vector<VotingAlignment>> none =
      AlignmentByPeriod(votes, "PAK", "CHN", "", {}, 2020);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(JointVotingYearsTest, FirstAndLastYearOfAJointVote) {
  std::vector<Vote> votes;
  AddRollCall(votes, "1", 1950, kYes, VoteChoice::kUnspecified);  // PAK only
  AddRollCall(votes, "2", 1972, kYes, kAbsent);  // CHN absent: not joint
  AddRollCall(votes, "3", 1973, kYes, kNo);
  AddRollCall(votes, "5", 2019, kAbstain, kYes);
  AddRollCall(votes, "4", 1980, kYes, kYes);  // out of order in the input
  AddRollCall(votes, "6", 2020, VoteChoice::kUnspecified, kYes);  // CHN only
  std::optional<YearRange> range = JointVotingYears(votes, "PAK", "CHN");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first_year, 1973);
  EXPECT_EQ(range->last_year, 2019);

  EXPECT_EQ(JointVotingYears(votes, "PAK", "USA"), std::nullopt);
  EXPECT_EQ(JointVotingYears({}, "PAK", "CHN"), std::nullopt);
}

TEST(VotingScaleTest, HandlesHundredsOfThousandsOfVotes) {
  // 100,000 roll calls over 50 years, 4 countries each: 400,000 votes.
  // Quadratic work would take minutes; the index takes well under a second.
  std::vector<Vote> votes;
  votes.reserve(400000);
  const VoteChoice choices[] = {kYes, kAbstain, kNo};
  for (int i = 0; i < 100000; ++i) {
    const std::string rcid = absl::StrCat(i);
    const int year = 1970 + i % 50;
    votes.push_back(MakeVote(rcid, year, "PAK", choices[i % 3]));
    votes.push_back(MakeVote(rcid, year, "CHN", choices[(i / 3) % 3]));
    votes.push_back(MakeVote(rcid, year, "IND", choices[(i / 9) % 3]));
    votes.push_back(MakeVote(rcid, year, "USA", kNo));
  }
  absl::StatusOr<std::vector<VotingAlignment>> years =
      AlignmentByYear(votes, "PAK", "CHN", "IND", 1970, 2019);
  ASSERT_TRUE(years.ok()) << years.status();
  int joint = 0;
  for (const VotingAlignment& y : *years) joint += y.dyad_metrics.joint_votes;
  EXPECT_EQ(joint, 100000);
  // PAK and CHN pair each of the 9 combinations equally often: 1/3 same.
  AlignmentMetrics all = ComputeAlignment(votes, "PAK", "CHN", kAllYears);
  EXPECT_THAT(all.percent_agreement, Optional(DoubleNear(100.0 / 3, 0.01)));
}

// ---------------------------------------------------------------------------
// Data test: the real UNGA votes against the reference figures in
// ../shared/data/unga_agreement_by_year.csv.

// Splits CSV text into records of fields (RFC 4180: quoted fields may hold
// commas, doubled quotes and line breaks; CRLF or LF line ends).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool any = false;  // the current record has content
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      in_quotes = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        record.push_back(std::move(field));
        records.push_back(std::move(record));
      }
      field.clear();
      record.clear();
      any = false;
    } else {
      field.push_back(c);
      any = true;
    }
  }
  if (any || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

TEST(ParseCsvTest, HandlesQuotes) {
  auto records =
      ParseCsv("a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,,\"two\nlines\"\n\n\"\",x");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_THAT(records[0], ::testing::ElementsAre("a", "b, c", "say \"hi\""));
  EXPECT_THAT(records[1], ::testing::ElementsAre("1", "", "two\nlines"));
  EXPECT_THAT(records[2], ::testing::ElementsAre("", "x"));
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string SourceDir() {
  const char* dir = std::getenv("DYADSCOPE_SOURCE_DIR");
  return dir != nullptr && *dir != '\0' ? dir : DYADSCOPE_DEFAULT_SOURCE_DIR;
}

// Both files hold the same 22,880 votes of PAK, CHN, USA and IND (the
// embedded one adds a source_id column).
constexpr int kVoteRows = 22880;

class UngaDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string root = SourceDir();
    for (const std::string& path :
         {root + "/data/pak-chn/unga_votes.csv",
          root + "/../shared/data/unga_votes_pak_chn_usa_ind.csv"}) {
      std::optional<std::string> text = ReadFile(path);
      if (!text.has_value()) continue;
      *path_ = path;
      std::vector<std::vector<std::string>> records = ParseCsv(*text);
      if (records.empty()) return;
      absl::StatusOr<UngaHeaderMap> header =
          UngaHeaderMap::Create(records.front());
      if (!header.ok()) {
        *error_ = header.status().ToString();
        return;
      }
      for (size_t i = 1; i < records.size(); ++i) {
        VoteRowResult result = ParseVoteRow(*header, records[i]);
        if (auto* rejection = std::get_if<RowRejection>(&result)) {
          ++*rejected_;
          if (error_->empty()) {
            *error_ =
                absl::StrCat("line ", i + 1, ": ", rejection->field, " ",
                             rejection->reason_code, " ", rejection->reason);
          }
        } else {
          votes_->push_back(std::get<Vote>(std::move(result)));
        }
      }
      return;
    }
  }

  void SetUp() override {
    if (path_->empty()) {
      GTEST_SKIP() << "no UNGA vote file under " << SourceDir();
    }
    ASSERT_EQ(*rejected_, 0) << *error_;
  }

  static bool HasCountry(const std::string& code) {
    for (const Vote& vote : *votes_) {
      if (vote.country_code == code) return true;
    }
    return false;
  }

  static inline std::string* path_ = new std::string();
  static inline std::string* error_ = new std::string();
  static inline int* rejected_ = new int(0);
  static inline std::vector<Vote>* votes_ = new std::vector<Vote>();
};

TEST_F(UngaDataTest, ParsesEveryRow) {
  EXPECT_EQ(votes_->size(), static_cast<size_t>(kVoteRows));
  EXPECT_FALSE(votes_->empty());
  for (const Vote& vote : *votes_) {
    ASSERT_NE(vote.choice, VoteChoice::kUnspecified);
  }
}

TEST_F(UngaDataTest, PakChn2000) {
  AlignmentMetrics m = ComputeAlignment(*votes_, "PAK", "CHN", {2000, 2000});
  EXPECT_EQ(m.joint_votes, 72);
  EXPECT_EQ(m.same_votes, 63);
  EXPECT_EQ(m.one_abstained_votes, 7);
  EXPECT_EQ(m.opposite_votes, 2);
  EXPECT_THAT(m.percent_agreement, Optional(DoubleNear(87.5, kEps)));
  // 100 · (63 + 3.5)/72 = 92.361…
  EXPECT_THAT(m.percent_agreement_abstain_half,
              Optional(DoubleNear(92.36, 0.005)));

  // Relative to PAK–IND (61 of 73, 83.56%): 87.5 − 83.56 = +3.94 points.
  absl::StatusOr<std::vector<VotingAlignment>> years =
      AlignmentByYear(*votes_, "PAK", "CHN", "IND", 2000, 2000);
  ASSERT_TRUE(years.ok()) << years.status();
  const VotingAlignment& y = (*years)[0];
  EXPECT_EQ(y.dyad_metrics.joint_votes, 72);
  EXPECT_EQ(y.reference_metrics->joint_votes, 73);
  EXPECT_EQ(y.reference_metrics->same_votes, 61);
  EXPECT_THAT(y.relative->percent_agreement,
              Optional(DoubleNear(87.5 - 100.0 * 61 / 73, kEps)));
}

TEST_F(UngaDataTest, PakChn1972) {
  absl::StatusOr<std::vector<VotingAlignment>> years =
      AlignmentByYear(*votes_, "PAK", "CHN", "", 1972, 1972);
  ASSERT_TRUE(years.ok()) << years.status();
  const AlignmentMetrics& m = (*years)[0].dyad_metrics;
  EXPECT_EQ(m.joint_votes, 80);
  EXPECT_EQ(m.same_votes, 65);
  EXPECT_THAT(m.percent_agreement, Optional(DoubleNear(81.25, kEps)));
  // 100 · (65 + 5.5)/80 = 88.125, rounded 88.12 in the reference file.
  EXPECT_THAT(m.percent_agreement_abstain_half,
              Optional(DoubleNear(88.125, kEps)));
}

TEST_F(UngaDataTest, JointYearsOfPakChn) {
  std::optional<YearRange> range = JointVotingYears(*votes_, "PAK", "CHN");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first_year, 1971);  // the PRC from 1971-11-03
  EXPECT_EQ(range->last_year, 2020);   // one roll call, January 2020
}

// Every row of unga_agreement_by_year.csv whose countries are in the data.
TEST_F(UngaDataTest, MatchesTheReferenceAgreementByYear) {
  // The reference figures ship in data/reference (from the shared research
  // folder, where they were computed independently from the same votes).
  std::string path = SourceDir() + "/data/reference/unga_agreement_by_year.csv";
  std::optional<std::string> text = ReadFile(path);
  if (!text.has_value()) {
    path = SourceDir() + "/../shared/data/unga_agreement_by_year.csv";
    text = ReadFile(path);
  }
  if (!text.has_value()) GTEST_SKIP() << "no " << path;
  std::vector<std::vector<std::string>> records = ParseCsv(*text);
  ASSERT_FALSE(records.empty());
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < records[0].size(); ++i) column[records[0][i]] = i;
  for (const char* name : {"year", "country_a", "country_b", "n_both_voted",
                           "n_same_vote", "n_one_abstained", "n_opposite",
                           "pct_agreement", "pct_agreement_abstain_half"}) {
    ASSERT_TRUE(column.count(name)) << name;
  }

  // One AlignmentByYear per pair, then look each row up.
  std::map<std::pair<std::string, std::string>, std::map<int, AlignmentMetrics>>
      by_pair;
  int compared = 0;
  for (size_t r = 1; r < records.size(); ++r) {
    const std::vector<std::string>& row = records[r];
    const std::string& a = row[column["country_a"]];
    const std::string& b = row[column["country_b"]];
    if (!HasCountry(a) || !HasCountry(b)) continue;
    int year = 0;
    ASSERT_TRUE(absl::SimpleAtoi(row[column["year"]], &year));
    auto key = std::make_pair(a, b);
    if (!by_pair.count(key)) {
      absl::StatusOr<std::vector<VotingAlignment>> years =
          AlignmentByYear(*votes_, a, b, "", 1946, 2020);
      ASSERT_TRUE(years.ok()) << years.status();
      for (const VotingAlignment& y : *years) {
        by_pair[key][y.period.start_year] = y.dyad_metrics;
      }
    }
    const AlignmentMetrics& m = by_pair[key][year];
    SCOPED_TRACE(absl::StrCat(a, "-", b, " ", year));
    auto number = [&](const char* name) {
      double value = 0;
      EXPECT_TRUE(absl::SimpleAtod(row[column[name]], &value)) << name;
      return value;
    };
    EXPECT_EQ(m.joint_votes, number("n_both_voted"));
    EXPECT_EQ(m.same_votes, number("n_same_vote"));
    EXPECT_EQ(m.one_abstained_votes, number("n_one_abstained"));
    EXPECT_EQ(m.opposite_votes, number("n_opposite"));
    if (m.joint_votes > 0) {
      ASSERT_TRUE(m.s_score.has_value());
      EXPECT_GE(*m.s_score, -1.0);
      EXPECT_LE(*m.s_score, 1.0);
      if (m.scotts_pi.has_value()) {
        EXPECT_TRUE(std::isfinite(*m.scotts_pi));
        EXPECT_LE(*m.scotts_pi, 1.0);
      }
      // The reference rounds to 2 decimals.
      EXPECT_THAT(m.percent_agreement,
                  Optional(DoubleNear(number("pct_agreement"), 0.0051)));
      EXPECT_THAT(
          m.percent_agreement_abstain_half,
          Optional(DoubleNear(number("pct_agreement_abstain_half"), 0.0051)));
    }
    ++compared;
  }
  EXPECT_GT(compared, 0);
  EXPECT_EQ(compared, 370);  // 6 pairs
}

}  // namespace
}  // namespace dyadscope::events
