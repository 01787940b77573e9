// File: services/events/domain/voting.h
// -----------------------------------------------------------------------------
// UN General Assembly voting alignment between two countries: joint votes,
// percent agreement (plain and counting one abstention as half), the
// Signorino–Ritter S-score and Scott's pi, per calendar year and per named
// period, optionally relative to a reference country. Pure functions over
// events::Vote; the structs mirror dyadscope.events.v1.AlignmentMetrics,
// AlignmentDifference and VotingAlignment without depending on protobuf.
//
// Each function indexes the votes by roll call once (hash map, then a sort of
// the roll calls by year): O(n + r log r) for n votes and r roll calls, plus
// O(r) per year or period asked for.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_VOTING_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_VOTING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/types/types.h"
#include "services/events/domain/event.h"

namespace dyadscope::events {

// Agreement statistics of one pair of countries over one span. A vote is
// "cast" when it is yes, abstain or no (absent and unspecified are not).
struct AlignmentMetrics {
  std::string country_a;
  std::string country_b;
  // Roll calls in the span that pass the filter, whoever voted on them.
  int roll_calls = 0;
  // Roll calls where both countries cast a vote.
  int joint_votes = 0;
  // Joint votes where both cast the same vote.
  int same_votes = 0;
  // Joint votes where exactly one of the two abstained.
  int one_abstained_votes = 0;
  // Joint votes of yes against no.
  int opposite_votes = 0;
  // The rest are absent when joint_votes == 0; never NaN or infinite.
  // 100 · same / joint.
  std::optional<double> percent_agreement;
  // 100 · (same + ½ · one_abstained) / joint.
  std::optional<double> percent_agreement_abstain_half;
  // Signorino–Ritter on yes = 1, abstain = 2, no = 3, d_max = 2:
  // 1 − 2 · Σ|a − b| / (joint · d_max), in [−1, 1].
  std::optional<double> s_score;
  // Scott's pi over the three categories: (p_o − p_e) / (1 − p_e) with
  // p_o = same / joint and p_e = Σ_k π_k², π_k the share of category k among
  // both countries' 2 · joint votes. Also absent when p_e == 1 (both always
  // cast one and the same vote), where it is undefined.
  std::optional<double> scotts_pi;
};

// The dyad's metrics minus the reference pair's; a field is absent when
// either side is absent. Percentages are in percentage points.
struct AlignmentDifference {
  std::optional<double> percent_agreement;
  std::optional<double> percent_agreement_abstain_half;
  std::optional<double> s_score;
  std::optional<double> scotts_pi;
};

// Voting alignment for one calendar year or one named period.
struct VotingAlignment {
  // "2000" for a year, or the period's name.
  std::string label;
  // A one-year period (name and display name = the year) or the period as
  // given (an absent end_year stays absent).
  Period period;
  // Country A with country B.
  AlignmentMetrics dyad_metrics;
  // Country A with the reference country; absent without a reference.
  std::optional<AlignmentMetrics> reference_metrics;
  // dyad_metrics − reference_metrics; absent without a reference.
  std::optional<AlignmentDifference> relative;
};

// An inclusive span of calendar years, compared with the year of each vote's
// date.
struct YearRange {
  int first_year = 0;
  int last_year = 0;
};

// Which roll calls count. The default keeps all.
struct RollCallFilter {
  // Keep only roll calls marked as important votes.
  bool important_only = false;
  // Leave out votes on amendments.
  bool exclude_amendments = false;
  // Leave out votes on single paragraphs.
  bool exclude_paragraphs = false;
};

// Computes the agreement of `country_a` with `country_b` over the roll calls
// of `years` that pass `filter`. A roll call's year, date and flags are taken
// from the first of its votes in `votes`; when a country has several votes on
// one roll call, the first counts. An empty or inverted span gives zero
// counts and absent metrics.
AlignmentMetrics ComputeAlignment(const std::vector<Vote>& votes,
                                  absl::string_view country_a,
                                  absl::string_view country_b,
                                  const YearRange& years,
                                  const RollCallFilter& filter = {});

// Returns dyad − reference, field by field.
AlignmentDifference Difference(const AlignmentMetrics& dyad,
                               const AlignmentMetrics& reference);

// One VotingAlignment per calendar year from `first_year` to `last_year`,
// ascending, years without roll calls or joint votes included.
// `reference_country` is empty for none. INVALID_ARGUMENT when a country code
// is not ISO 3166-1 alpha-3, country_b or the reference equals country_a, or
// the years are outside 1–9999 or inverted.
absl::StatusOr<std::vector<VotingAlignment>> AlignmentByYear(
    const std::vector<Vote>& votes, absl::string_view country_a,
    absl::string_view country_b, absl::string_view reference_country,
    int first_year, int last_year, const RollCallFilter& filter = {});

// One VotingAlignment per period, in the order given; a period without
// end_year runs to `present_year`. INVALID_ARGUMENT as for AlignmentByYear,
// and when a period's years are outside 1–9999 or it ends before it starts.
absl::StatusOr<std::vector<VotingAlignment>> AlignmentByPeriod(
    const std::vector<Vote>& votes, absl::string_view country_a,
    absl::string_view country_b, absl::string_view reference_country,
    const std::vector<Period>& periods, int present_year,
    const RollCallFilter& filter = {});

// The first and last year with a joint vote of the two countries (a roll
// call where both cast yes, abstain or no), ignoring any filter: the default
// range of AlignmentByYear. nullopt when they never voted jointly.
std::optional<YearRange> JointVotingYears(const std::vector<Vote>& votes,
                                          absl::string_view country_a,
                                          absl::string_view country_b);

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_VOTING_H_
