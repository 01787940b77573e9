#include "services/events/domain/voting.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/types/types.h"
#include "services/events/domain/event.h"

namespace dyadscope::events {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

// One roll call with the votes of the (up to) three countries of interest.
struct RollCall {
  int year = 0;
  bool important = false;
  bool amendment = false;
  bool paragraph = false;
  VoteChoice a = VoteChoice::kUnspecified;
  VoteChoice b = VoteChoice::kUnspecified;
  VoteChoice reference = VoteChoice::kUnspecified;
};

// Indexes `votes` by roll call (every roll call, whoever voted) and returns
// the roll calls sorted by year. `reference` may be empty.
std::vector<RollCall> IndexRollCalls(const std::vector<Vote>& votes,
                                     absl::string_view country_a,
                                     absl::string_view country_b,
                                     absl::string_view reference) {
  std::vector<RollCall> roll_calls;
  absl::flat_hash_map<absl::string_view, size_t> slot_by_id;
  for (const Vote& vote : votes) {
    auto [it, inserted] =
        slot_by_id.try_emplace(vote.roll_call_id, roll_calls.size());
    if (inserted) {
      RollCall roll_call;
      roll_call.year = vote.date.year;
      roll_call.important = vote.important_vote;
      roll_call.amendment = vote.amendment;
      roll_call.paragraph = vote.paragraph;
      roll_calls.push_back(roll_call);
    }
    RollCall& roll_call = roll_calls[it->second];
    // Not `else if`: a country may play two roles (e.g. B is also the
    // reference). The first vote of a country on a roll call counts.
    if (vote.country_code == country_a &&
        roll_call.a == VoteChoice::kUnspecified) {
      roll_call.a = vote.choice;
    }
    if (vote.country_code == country_b &&
        roll_call.b == VoteChoice::kUnspecified) {
      roll_call.b = vote.choice;
    }
    if (!reference.empty() && vote.country_code == reference &&
        roll_call.reference == VoteChoice::kUnspecified) {
      roll_call.reference = vote.choice;
    }
  }
  std::stable_sort(
      roll_calls.begin(), roll_calls.end(),
      [](const RollCall& x, const RollCall& y) { return x.year < y.year; });
  return roll_calls;
}

bool Passes(const RollCall& roll_call, const RollCallFilter& filter) {
  if (filter.important_only && !roll_call.important) return false;
  if (filter.exclude_amendments && roll_call.amendment) return false;
  if (filter.exclude_paragraphs && roll_call.paragraph) return false;
  return true;
}

// The S-score scale: yes = 1, abstain = 2, no = 3; 0 when not cast.
int Scale(VoteChoice choice) {
  switch (choice) {
    case VoteChoice::kYes:
      return 1;
    case VoteChoice::kAbstain:
      return 2;
    case VoteChoice::kNo:
      return 3;
    case VoteChoice::kAbsent:
    case VoteChoice::kUnspecified:
      break;
  }
  return 0;
}

// Running counts for one pair over one span.
struct Tally {
  int roll_calls = 0;
  int joint = 0;
  int same = 0;
  int one_abstained = 0;
  int opposite = 0;
  int64_t distance = 0;             // Σ|a − b| on the 1–3 scale
  std::array<int64_t, 3> pooled{};  // both countries' votes per category

  void Add(VoteChoice x, VoteChoice y) {
    const int sx = Scale(x);
    const int sy = Scale(y);
    if (sx == 0 || sy == 0) return;
    ++joint;
    ++pooled[sx - 1];
    ++pooled[sy - 1];
    distance += std::abs(sx - sy);
    if (sx == sy) {
      ++same;
    } else if (sx == 2 || sy == 2) {
      ++one_abstained;
    } else {
      ++opposite;
    }
  }
};

AlignmentMetrics ToMetrics(absl::string_view country_a,
                           absl::string_view country_b, const Tally& tally) {
  AlignmentMetrics metrics;
  metrics.country_a = std::string(country_a);
  metrics.country_b = std::string(country_b);
  metrics.roll_calls = tally.roll_calls;
  metrics.joint_votes = tally.joint;
  metrics.same_votes = tally.same;
  metrics.one_abstained_votes = tally.one_abstained;
  metrics.opposite_votes = tally.opposite;
  if (tally.joint == 0) return metrics;

  const double joint = tally.joint;
  metrics.percent_agreement = 100.0 * tally.same / joint;
  metrics.percent_agreement_abstain_half =
      100.0 * (tally.same + 0.5 * tally.one_abstained) / joint;
  constexpr double kMaxDistance = 2.0;  // |yes − no| = |1 − 3|
  metrics.s_score =
      1.0 - 2.0 * static_cast<double>(tally.distance) / (joint * kMaxDistance);

  // Scott's pi is undefined (0/0) when all 2·joint votes fall into one
  // category: p_e = 1. Checked on the integer counts, not in floating point.
  const int64_t votes = 2 * static_cast<int64_t>(tally.joint);
  const bool single_category =
      *std::max_element(tally.pooled.begin(), tally.pooled.end()) == votes;
  if (!single_category) {
    const double observed = tally.same / joint;
    double expected = 0.0;
    for (int64_t count : tally.pooled) {
      const double share =
          static_cast<double>(count) / static_cast<double>(votes);
      expected += share * share;
    }
    metrics.scotts_pi = (observed - expected) / (1.0 - expected);
  }
  return metrics;
}

// Iterators to the roll calls (sorted by year) with a year in [first, last].
std::pair<std::vector<RollCall>::const_iterator,
          std::vector<RollCall>::const_iterator>
YearSlice(const std::vector<RollCall>& roll_calls, int first_year,
          int last_year) {
  auto begin =
      std::lower_bound(roll_calls.begin(), roll_calls.end(), first_year,
                       [](const RollCall& roll_call, int year) {
                         return roll_call.year < year;
                       });
  auto end = std::upper_bound(begin, roll_calls.end(), last_year,
                              [](int year, const RollCall& roll_call) {
                                return year < roll_call.year;
                              });
  if (first_year > last_year) end = begin;
  return {begin, end};
}

// Fills `alignment`'s metrics for the roll calls of [first_year, last_year].
void FillAlignment(const std::vector<RollCall>& roll_calls,
                   absl::string_view country_a, absl::string_view country_b,
                   absl::string_view reference, int first_year, int last_year,
                   const RollCallFilter& filter, VotingAlignment& alignment) {
  Tally dyad;
  Tally versus_reference;
  auto [begin, end] = YearSlice(roll_calls, first_year, last_year);
  for (auto it = begin; it != end; ++it) {
    if (!Passes(*it, filter)) continue;
    ++dyad.roll_calls;
    ++versus_reference.roll_calls;
    dyad.Add(it->a, it->b);
    versus_reference.Add(it->a, it->reference);
  }
  alignment.dyad_metrics = ToMetrics(country_a, country_b, dyad);
  if (!reference.empty()) {
    alignment.reference_metrics =
        ToMetrics(country_a, reference, versus_reference);
    alignment.relative =
        Difference(alignment.dyad_metrics, *alignment.reference_metrics);
  }
}

absl::Status ValidateCountries(absl::string_view country_a,
                               absl::string_view country_b,
                               absl::string_view reference) {
  if (!LooksLikeIso3(country_a)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "country_a: \"", country_a, "\" is not an ISO 3166-1 alpha-3 code"));
  }
  if (!LooksLikeIso3(country_b)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "country_b: \"", country_b, "\" is not an ISO 3166-1 alpha-3 code"));
  }
  if (country_a == country_b) {
    return absl::InvalidArgumentError("country_b: must differ from country_a");
  }
  if (!reference.empty()) {
    if (!LooksLikeIso3(reference)) {
      return absl::InvalidArgumentError(
          absl::StrCat("reference_country: \"", reference,
                       "\" is not an ISO 3166-1 alpha-3 code"));
    }
    if (reference == country_a) {
      return absl::InvalidArgumentError(
          "reference_country: must differ from country_a");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateYear(absl::string_view field, int year) {
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": ", year, " is not between ", kMinYear, " and ", kMaxYear));
  }
  return absl::OkStatus();
}

std::optional<double> Minus(const std::optional<double>& x,
                            const std::optional<double>& y) {
  if (!x.has_value() || !y.has_value()) return std::nullopt;
  return *x - *y;
}

}  // namespace

AlignmentMetrics ComputeAlignment(const std::vector<Vote>& votes,
                                  absl::string_view country_a,
                                  absl::string_view country_b,
                                  const YearRange& years,
                                  const RollCallFilter& filter) {
  std::vector<RollCall> roll_calls =
      IndexRollCalls(votes, country_a, country_b, /*reference=*/"");
  VotingAlignment alignment;
  FillAlignment(roll_calls, country_a, country_b, /*reference=*/"",
                years.first_year, years.last_year, filter, alignment);
  return alignment.dyad_metrics;
}

AlignmentDifference Difference(const AlignmentMetrics& dyad,
                               const AlignmentMetrics& reference) {
  AlignmentDifference difference;
  difference.percent_agreement =
      Minus(dyad.percent_agreement, reference.percent_agreement);
  difference.percent_agreement_abstain_half =
      Minus(dyad.percent_agreement_abstain_half,
            reference.percent_agreement_abstain_half);
  difference.s_score = Minus(dyad.s_score, reference.s_score);
  difference.scotts_pi = Minus(dyad.scotts_pi, reference.scotts_pi);
  return difference;
}

absl::StatusOr<std::vector<VotingAlignment>> AlignmentByYear(
    const std::vector<Vote>& votes, absl::string_view country_a,
    absl::string_view country_b, absl::string_view reference_country,
    int first_year, int last_year, const RollCallFilter& filter) {
  if (absl::Status status =
          ValidateCountries(country_a, country_b, reference_country);
      !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateYear("first_year", first_year);
      !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateYear("last_year", last_year);
      !status.ok()) {
    return status;
  }
  if (last_year < first_year) {
    return absl::InvalidArgumentError(absl::StrCat(
        "last_year: ", last_year, " is before first_year ", first_year));
  }
  std::vector<RollCall> roll_calls =
      IndexRollCalls(votes, country_a, country_b, reference_country);
  std::vector<VotingAlignment> result;
  result.reserve(static_cast<size_t>(last_year - first_year) + 1);
  for (int year = first_year; year <= last_year; ++year) {
    VotingAlignment& alignment = result.emplace_back();
    alignment.label = absl::StrCat(year);
    alignment.period =
        Period{alignment.label, year, year, /*display_name=*/alignment.label};
    FillAlignment(roll_calls, country_a, country_b, reference_country, year,
                  year, filter, alignment);
  }
  return result;
}

absl::StatusOr<std::vector<VotingAlignment>> AlignmentByPeriod(
    const std::vector<Vote>& votes, absl::string_view country_a,
    absl::string_view country_b, absl::string_view reference_country,
    const std::vector<Period>& periods, int present_year,
    const RollCallFilter& filter) {
  if (absl::Status status =
          ValidateCountries(country_a, country_b, reference_country);
      !status.ok()) {
    return status;
  }
  std::vector<YearRange> spans;
  spans.reserve(periods.size());
  for (size_t i = 0; i < periods.size(); ++i) {
    const Period& period = periods[i];
    const std::string field = absl::StrCat("periods[", i, "]");
    if (absl::Status status =
            ValidateYear(absl::StrCat(field, ".start_year"), period.start_year);
        !status.ok()) {
      return status;
    }
    const int end_year = period.end_year.value_or(present_year);
    if (absl::Status status = ValidateYear(
            absl::StrCat(field, period.end_year.has_value() ? ".end_year"
                                                            : " present year"),
            end_year);
        !status.ok()) {
      return status;
    }
    if (end_year < period.start_year) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": ends (", end_year, ") before it starts (",
                       period.start_year, ")"));
    }
    spans.push_back(YearRange{period.start_year, end_year});
  }
  std::vector<RollCall> roll_calls =
      IndexRollCalls(votes, country_a, country_b, reference_country);
  std::vector<VotingAlignment> result;
  result.reserve(periods.size());
  for (size_t i = 0; i < periods.size(); ++i) {
    VotingAlignment& alignment = result.emplace_back();
    alignment.label = periods[i].name;
    alignment.period = periods[i];
    FillAlignment(roll_calls, country_a, country_b, reference_country,
                  spans[i].first_year, spans[i].last_year, filter, alignment);
  }
  return result;
}

std::optional<YearRange> JointVotingYears(const std::vector<Vote>& votes,
                                          absl::string_view country_a,
                                          absl::string_view country_b) {
  std::vector<RollCall> roll_calls =
      IndexRollCalls(votes, country_a, country_b, /*reference=*/"");
  std::optional<YearRange> range;
  for (const RollCall& roll_call : roll_calls) {  // sorted by year
    if (Scale(roll_call.a) == 0 || Scale(roll_call.b) == 0) continue;
    if (!range.has_value()) {
      range = YearRange{roll_call.year, roll_call.year};
    }
    range->last_year = roll_call.year;
  }
  return range;
}

}  // namespace dyadscope::events
