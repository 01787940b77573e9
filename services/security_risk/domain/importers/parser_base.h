// File: services/security_risk/domain/importers/parser_base.h
// -----------------------------------------------------------------------------
// What the incident formats share, internal to the importers (one .cc per
// format in this folder; the registry in registry.cc): the security-risk
// conventions of services/security_risk/domain/incident_importers.h on top of
// common/csv/tabular.h — names and words, timestamps, count and coordinate
// cells, the country codes incidents may carry, the partner screen, and the
// parser base every format derives from.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_IMPORTERS_PARSER_BASE_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_IMPORTERS_PARSER_BASE_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/csv/format_registry.h"
#include "common/csv/tabular.h"
#include "common/types/types.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk::importers_internal {

using Fields = csv::Fields;
using csv::AllDigits;
using csv::Cell;
using csv::DatasetSource;
using csv::HeaderKey;
using csv::MissingColumnsError;
using csv::ParseInteger;

// The header row of a source file.
using Columns = csv::HeaderColumns;

// The row collector of incident parsers.
using RowSink = csv::RowCollector<ParsedRow, FilteredRow>;

// The registry entry of a format: its name, expected header and factory.
using FormatEntry = csv::FormatEntry<IncidentFileFormat, IncidentFileParser,
                                     IncidentParserOptions>;

// The largest count accepted (a count beyond this is a typo, not a toll).
inline constexpr int64_t kMaxCount = 10'000'000;

// Returns `text` without surrounding white space.
inline absl::string_view Strip(absl::string_view text) {
  return csv::StripCell(text);
}

// ---------------------------------------------------------------------------
// Text and times.

// Returns ASCII letters lower-cased, surrounding whitespace removed, inner
// runs of whitespace collapsed to one space, U+2019 replaced by "'".
std::string NormalizeName(absl::string_view name);

// Returns true for letters, digits and any non-ASCII byte (word bytes).
bool IsWordByte(char c);

// Returns the position of the first occurrence of `term` (lower case) in
// `lower` that starts a word and, with `whole_word`, also ends one; npos if
// none.
size_t FindWord(absl::string_view lower, absl::string_view term,
                bool whole_word);

// Returns `notes` with `remark` appended in square brackets.
std::string WithRemark(std::string notes, absl::string_view remark);

// Parses a point in time: Unix seconds ("1657041386", "1657041386.0"), or
// "YYYY-MM-DD hh:mm:ss", "YYYY-MM-DDThh:mm:ss[.f]Z|+hh:mm" or "YYYY-MM-DD"
// (UTC unless an offset is given).
std::optional<absl::Time> ParseTimestamp(absl::string_view text);

// ---------------------------------------------------------------------------
// Countries (countries.cc).

// Returns true for the codes incidents may carry as location or nationality
// (ISO 3166-1 and -3, and Kosovo's XKX).
bool IsAcceptedCountryCode(absl::string_view code);

// Where a partner's nationals were named in an ACLED row.
struct PartnerMention {
  std::string column;  // canonical ACLED name: actor2, assoc_actor_2, notes
  std::string term;
  bool in_actor = false;
};

// Returns the first term of `terms` found in the actor cells, then in the
// notes (see IncidentFileFormat::kAcled).
std::optional<PartnerMention> FindPartnerMention(
    const PartnerTerms& terms,
    std::initializer_list<std::pair<std::string, absl::string_view>> actors,
    const std::pair<std::string, absl::string_view>& notes);

// ---------------------------------------------------------------------------
// Cells. Each returns false after rejecting the row.

// A count: empty -> absent; with `gtd_unknown`, GTD's -9 and -99 -> absent;
// otherwise a non-negative integer up to kMaxCount.
bool ParseCountCell(absl::string_view field, absl::string_view text,
                    bool source_format, bool gtd_unknown, RowSink& sink,
                    std::optional<int>& out);

// A coordinate in -limit..limit (90 for latitude, 180 for longitude).
bool ParseCoordinateCell(absl::string_view field, absl::string_view text,
                         double limit, RowSink& sink,
                         std::optional<double>& out);

// A cell that must not be empty (MISSING_VALUE).
bool RequireCell(absl::string_view field, absl::string_view text,
                 RowSink& sink);

// ---------------------------------------------------------------------------
// The parser base.

// The base of every incident format: the tabular skeleton with the incident
// rules (the first non-blank record is the header; rows may carry trailing
// empty fields unless StrictWidth()), provenance, and the country and partner
// options.
class ParserBase
    : public csv::TabularParser<IncidentFileParser, ParsedRow, FilteredRow> {
 public:
  ParserBase(const FormatEntry& entry, IncidentParserOptions options);

  IncidentFileFormat format() const override { return format_; }

 protected:
  // Examines the header row: OK (after set_layout) when the format can use
  // it, else INVALID_ARGUMENT with field violations.
  virtual absl::Status CheckHeader(Fields fields) = 0;
  // True when every row must have exactly the header's width.
  virtual bool StrictWidth() const { return false; }

  absl::StatusOr<bool> TryHeader(Fields fields) final;
  csv::TabularRules Rules() const final;
  void Stamp(ParsedRow& row, int64_t line) const final;

  const IncidentParserOptions& options() const { return options_; }

  // Returns the partner recorded on incidents that name none themselves.
  const std::string& RecordedPartner() const;

  // Returns false, after filtering the row, when options().country_code
  // excludes `code`.
  bool CountrySelected(absl::string_view field, absl::string_view code,
                       RowSink& sink) const;

 private:
  const IncidentFileFormat format_;
  const IncidentParserOptions options_;
};

// ---------------------------------------------------------------------------
// The formats, one file each (the parser class and its entry); registry.cc
// lists the entries.

extern const FormatEntry kAcledFormat;
extern const FormatEntry kAcledDeletionsFormat;
extern const FormatEntry kGtdFormat;
extern const FormatEntry kDyadscopeCsvFormat;

}  // namespace dyadscope::security_risk::importers_internal

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_IMPORTERS_PARSER_BASE_H_
