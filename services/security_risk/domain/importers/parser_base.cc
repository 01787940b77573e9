// What the incident formats share (see parser_base.h).

#include "services/security_risk/domain/importers/parser_base.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
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
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk::importers_internal {

// ASCII letters lower-cased, surrounding whitespace removed, inner runs of
// whitespace collapsed to one space, U+2019 replaced by "'".
std::string NormalizeName(absl::string_view name) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto u = static_cast<unsigned char>(name[i]);
    if (absl::ascii_isspace(u)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (name.substr(i, 3) == "\xE2\x80\x99") {
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(absl::ascii_tolower(u));
  }
  return out;
}

// Letters, digits and any non-ASCII byte belong to words.
bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return absl::ascii_isalnum(u) || u >= 0x80;
}

// The position of the first occurrence of `term` (lower case) in `lower`
// that starts a word and, with `whole_word`, also ends one; npos if none.
size_t FindWord(absl::string_view lower, absl::string_view term,
                bool whole_word) {
  if (term.empty()) return absl::string_view::npos;
  for (size_t pos = lower.find(term); pos != absl::string_view::npos;
       pos = lower.find(term, pos + 1)) {
    const bool starts = pos == 0 || !IsWordByte(lower[pos - 1]);
    const size_t end = pos + term.size();
    const bool ends = end == lower.size() || !IsWordByte(lower[end]);
    if (starts && (ends || !whole_word)) return pos;
  }
  return absl::string_view::npos;
}

// Returns `notes` with `remark` appended in square brackets.
std::string WithRemark(std::string notes, absl::string_view remark) {
  if (!notes.empty()) notes.push_back(' ');
  absl::StrAppend(&notes, "[", remark, "]");
  return notes;
}

// Parses a point in time: Unix seconds ("1657041386", "1657041386.0"), or
// "YYYY-MM-DD hh:mm:ss", "YYYY-MM-DDThh:mm:ss[.f]Z|+hh:mm" or "YYYY-MM-DD"
// (UTC unless an offset is given).
std::optional<absl::Time> ParseTimestamp(absl::string_view text) {
  text = Strip(text);
  if (std::optional<int64_t> seconds =
          ParseInteger(text, /*allow_decimal_zero=*/true)) {
    if (*seconds < 0) return std::nullopt;
    return absl::FromUnixSeconds(*seconds);
  }
  const std::string input(text);
  for (const char* format :
       {"%Y-%m-%d %H:%M:%S", "%Y-%m-%d%ET%H:%M:%E*S%Ez", "%Y-%m-%d"}) {
    absl::Time time;
    std::string error;
    if (absl::ParseTime(format, input, absl::UTCTimeZone(), &time, &error)) {
      return time;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Cell parsers shared by the formats. Each returns false after rejecting
// the row.

// A count: empty -> absent; with `gtd_unknown`, GTD's -9 and -99 ->
// absent; otherwise a non-negative integer up to kMaxCount.
bool ParseCountCell(absl::string_view field, absl::string_view text,
                    bool source_format, bool gtd_unknown, RowSink& sink,
                    std::optional<int>& out) {
  out.reset();
  if (text.empty()) return true;
  std::optional<int64_t> value =
      ParseInteger(text, /*allow_decimal_zero=*/source_format);
  if (!value.has_value()) {
    return sink.Reject(field, "INVALID_NUMBER",
                       absl::StrCat(field, " is not a whole number"), text);
  }
  if (gtd_unknown && (*value == -9 || *value == -99)) return true;
  if (*value < 0 || *value > kMaxCount) {
    return sink.Reject(field, "OUT_OF_RANGE",
                       absl::StrCat(field, " is not a count in 0..", kMaxCount),
                       text);
  }
  out = static_cast<int>(*value);
  return true;
}

// A coordinate in -limit..limit (90 for latitude, 180 for longitude).
bool ParseCoordinateCell(absl::string_view field, absl::string_view text,
                         double limit, RowSink& sink,
                         std::optional<double>& out) {
  out.reset();
  if (text.empty()) return true;
  std::optional<double> value = csv::ParsePlainDecimal(text);
  if (!value.has_value()) {
    return sink.Reject(field, "INVALID_NUMBER",
                       absl::StrCat(field, " is not a decimal number"), text);
  }
  if (std::fabs(*value) > limit) {
    return sink.Reject(field, "OUT_OF_RANGE",
                       absl::StrCat(field, " is not in -", limit, "..", limit),
                       text);
  }
  out = *value;
  return true;
}

bool RequireCell(absl::string_view field, absl::string_view text,
                 RowSink& sink) {
  if (!text.empty()) return true;
  return sink.Reject(field, "MISSING_VALUE", absl::StrCat(field, " is empty"),
                     "");
}

ParserBase::ParserBase(const FormatEntry& entry, IncidentParserOptions options)
    : TabularParser(std::string(entry.name), kMaxRejectedValueBytes,
                    std::string(entry.expected_header)),
      format_(entry.format),
      options_(std::move(options)) {}

absl::StatusOr<bool> ParserBase::TryHeader(Fields fields) {
  absl::Status status = CheckHeader(fields);
  if (!status.ok()) return status;
  return true;
}

csv::TabularRules ParserBase::Rules() const {
  csv::TabularRules rules;
  rules.header_first = true;
  rules.strict_width = StrictWidth();
  return rules;
}

void ParserBase::Stamp(ParsedRow& row, int64_t line) const {
  Provenance* provenance = nullptr;
  if (auto* incident = std::get_if<Incident>(&row.item)) {
    provenance = &incident->provenance;
  } else if (auto* deletion = std::get_if<IncidentDeletion>(&row.item)) {
    provenance = &deletion->provenance;
  }
  if (provenance != nullptr) {
    provenance->source_file = options_.file_name;
    provenance->source_label = options_.source_label;
    provenance->source_line = line;
  }
}

const std::string& ParserBase::RecordedPartner() const {
  return options_.partner_filter_code.empty() ? options_.default_partner_code
                                              : options_.partner_filter_code;
}

bool ParserBase::CountrySelected(absl::string_view field,
                                 absl::string_view code, RowSink& sink) const {
  if (options_.country_code.empty() || options_.country_code == code) {
    return true;
  }
  return sink.Filter(
      field, "COUNTRY_NOT_SELECTED",
      absl::StrCat("country ", code, " is not ", options_.country_code), code);
}

}  // namespace dyadscope::security_risk::importers_internal
