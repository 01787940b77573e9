#include "services/events/domain/unga_vote_row.h"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/csv/tabular.h"
#include "common/types/types.h"

namespace dyadscope::events {
namespace {

// The columns this parser reads. The order of the table is the order of
// UngaHeaderMap::positions_.
enum KnownColumn : size_t {
  kRcid,
  kSession,
  kDate,
  kUnres,
  kCountryIso3,
  kCountry,
  kVote,
  kImportantVote,
  kAmend,
  kPara,
  kSourceId,
  kDescr,
  kShort,
  kIssueMe,
  kIssueNu,
  kIssueDi,
  kIssueHr,
  kIssueCo,
  kIssueEc,
  kKnownColumnCount,
};

struct KnownColumnInfo {
  absl::string_view name;
  bool required;
};

constexpr KnownColumnInfo kKnownColumns[kKnownColumnCount] = {
    {"rcid", true},   {"session", true},       {"date", true},
    {"unres", true},  {"country_iso3", true},  {"country", true},
    {"vote", true},   {"importantvote", true}, {"amend", true},
    {"para", true},   {"source_id", false},    {"descr", false},
    {"short", false}, {"me", false},           {"nu", false},
    {"di", false},    {"hr", false},           {"co", false},
    {"ec", false},
};

constexpr KnownColumn kIssueColumns[] = {kIssueMe, kIssueNu, kIssueDi,
                                         kIssueHr, kIssueCo, kIssueEc};

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::optional<size_t> KnownColumnByName(absl::string_view name) {
  for (size_t i = 0; i < kKnownColumnCount; ++i) {
    if (kKnownColumns[i].name == name) return i;
  }
  return std::nullopt;
}

std::string NormalizeHeaderName(absl::string_view name) {
  if (absl::StartsWith(name, kUtf8Bom)) name.remove_prefix(kUtf8Bom.size());
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
}

RowRejection Reject(absl::string_view field, absl::string_view reason_code,
                    std::string reason, absl::string_view value) {
  return RowRejection{std::string(field), std::string(reason_code),
                      std::move(reason),
                      TruncateUtf8(value, kMaxRejectedValueBytes)};
}

using csv::AllDigits;

// Parses a 0/1 flag cell; empty and NA (R's missing value) mean false.
std::optional<bool> ParseFlag(absl::string_view text) {
  std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (lower.empty() || lower == "0" || lower == "na" || lower == "false") {
    return false;
  }
  if (lower == "1" || lower == "true") return true;
  return std::nullopt;
}

}  // namespace

absl::StatusOr<UngaHeaderMap> UngaHeaderMap::Create(
    const std::vector<std::string>& header) {
  UngaHeaderMap map;
  map.column_count_ = header.size();
  map.positions_.assign(kKnownColumnCount, std::nullopt);
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = NormalizeHeaderName(header[i]);
    std::optional<size_t> known = KnownColumnByName(name);
    if (!known.has_value()) continue;  // extra columns are allowed
    if (map.positions_[*known].has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("header: column \"", name, "\" appears twice"));
    }
    map.positions_[*known] = i;
  }
  for (size_t i = 0; i < kKnownColumnCount; ++i) {
    if (kKnownColumns[i].required && !map.positions_[i].has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "header: missing required column \"", kKnownColumns[i].name, "\""));
    }
  }
  return map;
}

std::optional<size_t> UngaHeaderMap::Find(absl::string_view name) const {
  std::optional<size_t> known = KnownColumnByName(name);
  if (!known.has_value()) return std::nullopt;
  return positions_[*known];
}

std::optional<VoteChoice> ParseVoteChoice(absl::string_view text) {
  std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (lower == "yes" || lower == "1") return VoteChoice::kYes;
  if (lower == "abstain" || lower == "2") return VoteChoice::kAbstain;
  if (lower == "no" || lower == "3") return VoteChoice::kNo;
  // Voeten: 8 absent, 9 not a member; both mean "did not vote".
  if (lower == "absent" || lower == "8" || lower == "9") {
    return VoteChoice::kAbsent;
  }
  return std::nullopt;
}

std::string TruncateUtf8(absl::string_view value, size_t max_bytes) {
  return csv::TruncateUtf8(value, max_bytes);
}

VoteRowResult ParseVoteRow(const UngaHeaderMap& header,
                           const std::vector<std::string>& fields) {
  if (fields.size() != header.column_count_) {
    return Reject("row", "WRONG_COLUMN_COUNT",
                  absl::StrCat("expected ", header.column_count_,
                               " columns, found ", fields.size()),
                  absl::StrJoin(fields, ","));
  }
  // Returns the trimmed cell of a known column; empty when the file lacks
  // the (optional) column.
  const std::vector<std::optional<size_t>>& positions = header.positions_;
  auto cell = [&positions, &fields](KnownColumn column) -> absl::string_view {
    const std::optional<size_t>& position = positions[column];
    if (!position.has_value()) return absl::string_view();
    return absl::StripAsciiWhitespace(fields[*position]);
  };
  auto name = [](KnownColumn column) { return kKnownColumns[column].name; };

  Vote vote;

  absl::string_view rcid = cell(kRcid);
  if (rcid.empty()) {
    return Reject(name(kRcid), "MISSING_VALUE", "rcid is empty", rcid);
  }
  if (!AllDigits(rcid)) {
    return Reject(name(kRcid), "INVALID_ROLL_CALL_ID",
                  "rcid is not a non-negative integer", rcid);
  }
  vote.roll_call_id = std::string(rcid);

  absl::string_view session = cell(kSession);
  if (!AllDigits(session) || !absl::SimpleAtoi(session, &vote.session) ||
      vote.session < 1) {
    return Reject(name(kSession), "INVALID_SESSION",
                  "session is not a positive integer", session);
  }

  absl::string_view date = cell(kDate);
  if (date.empty()) {
    return Reject(name(kDate), "MISSING_VALUE", "date is empty", date);
  }
  // Placeholder dates of the source (e.g. 1971-10-07 for all of session 26)
  // are real calendar dates and are kept as given.
  absl::StatusOr<Date> parsed_date = ParseDate(date);
  if (!parsed_date.ok()) {
    return Reject(name(kDate), "INVALID_DATE",
                  std::string(parsed_date.status().message()), date);
  }
  vote.date = *parsed_date;

  vote.resolution = std::string(cell(kUnres));

  absl::string_view country_code = cell(kCountryIso3);
  if (country_code.empty()) {
    return Reject(name(kCountryIso3), "MISSING_VALUE", "country_iso3 is empty",
                  country_code);
  }
  if (!LooksLikeIso3(country_code)) {
    return Reject(name(kCountryIso3), "UNKNOWN_COUNTRY",
                  "country_iso3 is not three upper-case letters (ISO 3166-1 "
                  "alpha-3)",
                  country_code);
  }
  vote.country_code = std::string(country_code);
  vote.country_name = std::string(cell(kCountry));

  absl::string_view choice_text = cell(kVote);
  if (choice_text.empty()) {
    return Reject(name(kVote), "MISSING_VALUE", "vote is empty", choice_text);
  }
  std::optional<VoteChoice> choice = ParseVoteChoice(choice_text);
  if (!choice.has_value()) {
    return Reject(name(kVote), "INVALID_VOTE",
                  "vote is not yes, abstain, no, absent or a Voeten code 1, "
                  "2, 3, 8, 9",
                  choice_text);
  }
  vote.choice = *choice;

  struct FlagTarget {
    KnownColumn column;
    bool* target;
  };
  for (const FlagTarget& flag :
       {FlagTarget{kImportantVote, &vote.important_vote},
        FlagTarget{kAmend, &vote.amendment},
        FlagTarget{kPara, &vote.paragraph}}) {
    std::optional<bool> value = ParseFlag(cell(flag.column));
    if (!value.has_value()) {
      return Reject(name(flag.column), "INVALID_FLAG",
                    absl::StrCat(name(flag.column), " is not 0 or 1"),
                    cell(flag.column));
    }
    *flag.target = *value;
  }
  for (KnownColumn column : kIssueColumns) {
    std::optional<bool> value = ParseFlag(cell(column));
    if (!value.has_value()) {
      return Reject(name(column), "INVALID_FLAG",
                    absl::StrCat("issue flag ", name(column), " is not 0 or 1"),
                    cell(column));
    }
    if (*value) vote.issues.push_back(std::string(name(column)));
  }

  absl::string_view description = cell(kDescr);
  if (description.empty()) description = cell(kShort);
  vote.description = std::string(description);

  vote.source.source_system = std::string(kUngaVotesSourceSystem);
  vote.source.locator = std::string(cell(kSourceId));
  vote.provenance.source_system = std::string(kUngaVotesSourceSystem);
  vote.provenance.source_record_id =
      absl::StrCat(vote.roll_call_id, "-", vote.country_code);
  return vote;
}

}  // namespace dyadscope::events
