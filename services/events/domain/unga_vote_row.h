// File: services/events/domain/unga_vote_row.h
// -----------------------------------------------------------------------------
// Parses rows of a UN General Assembly roll-call CSV (the unvotes / Voeten
// layout) into events::Vote. The caller splits the file into fields (CSV
// quoting is its business); this file maps named columns to a Vote and says
// precisely why a row is rejected.
//
//   DYADSCOPE_ASSIGN_OR_RETURN(UngaHeaderMap header,
//                              UngaHeaderMap::Create(header_fields));
//   for (each data row) {
//     VoteRowResult result = ParseVoteRow(header, fields);
//     if (const auto* rejection = std::get_if<RowRejection>(&result)) {...}
//     else { Vote vote = std::get<Vote>(std::move(result)); ... }
//   }
//
// Columns (names are matched case-insensitively, surrounding whitespace and a
// UTF-8 byte order mark ignored):
//   required: rcid, session, date, unres, country_iso3, country, vote,
//             importantvote, amend, para
//   optional: source_id (an id into data/pak-chn/sources.csv, kept verbatim
//             in Vote::source.locator for the loader to resolve), descr and
//             short (the description; descr preferred), and the issue flags
//             me, nu, di, hr, co, ec (a flag of 1 adds its code to
//             Vote::issues).
// Any other column is accepted and ignored.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_UNGA_VOTE_ROW_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_UNGA_VOTE_ROW_H_

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {

// The provenance source system of UNGA votes.
inline constexpr absl::string_view kUngaVotesSourceSystem = "UNGA_VOTES";

// The longest `RowRejection::value` kept, in bytes (cut at a UTF-8 character
// boundary).
inline constexpr size_t kMaxRejectedValueBytes = 200;

// Column positions of a UNGA roll-call CSV, built once from its header row.
// Cheap to copy.
class UngaHeaderMap {
 public:
  // Builds the map from the header row's fields. INVALID_ARGUMENT naming the
  // column when a required column is missing or a known column appears twice.
  static absl::StatusOr<UngaHeaderMap> Create(
      const std::vector<std::string>& header);

  // The number of columns every data row must have.
  size_t column_count() const { return column_count_; }

  // The position of the column named `name` (lower case) among the columns
  // this parser reads, or nullopt when the file has no such column.
  std::optional<size_t> Find(absl::string_view name) const;

 private:
  friend std::variant<Vote, RowRejection> ParseVoteRow(
      const UngaHeaderMap& header, const std::vector<std::string>& fields);

  UngaHeaderMap() = default;

  size_t column_count_ = 0;
  // For each column this parser knows (a table in the .cc file), its
  // position in the file, if present.
  std::vector<std::optional<size_t>> positions_;
};

// A parsed row: the vote, or why the row was rejected.
using VoteRowResult = std::variant<Vote, RowRejection>;

// Turns one data row into a Vote, or a rejection naming the first offending
// field with one of the reason codes:
//   WRONG_COLUMN_COUNT  the row does not have header.column_count() fields
//                       (field "row")
//   MISSING_VALUE       rcid, date, country_iso3 or vote is empty
//   INVALID_ROLL_CALL_ID  rcid is not a non-negative integer
//   INVALID_SESSION     session is not a positive integer
//   INVALID_DATE        date is not YYYY, YYYY-MM or YYYY-MM-DD (placeholder
//                       dates of the source are kept as given)
//   UNKNOWN_COUNTRY     country_iso3 is not three upper-case letters
//   INVALID_VOTE        vote is not yes / abstain / no (any case), absent, or
//                       a Voeten code 1 yes, 2 abstain, 3 no, 8 absent,
//                       9 non-member (absent)
//   INVALID_FLAG        importantvote, amend, para or an issue flag is not
//                       0 / 1 / true / false / empty / NA (empty and NA mean
//                       false)
// The vote's provenance is source_system "UNGA_VOTES" and source_record_id
// "<rcid>-<ISO3>"; its source's source_system is "UNGA_VOTES" too.
VoteRowResult ParseVoteRow(const UngaHeaderMap& header,
                           const std::vector<std::string>& fields);

// Maps a vote cell ("yes", "Abstain", "3", "8", ...) to a choice; nullopt
// when it is none of the accepted spellings.
std::optional<VoteChoice> ParseVoteChoice(absl::string_view text);

// Returns `value` cut to at most `max_bytes` bytes without splitting a UTF-8
// character.
std::string TruncateUtf8(absl::string_view value, size_t max_bytes);

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_UNGA_VOTE_ROW_H_
