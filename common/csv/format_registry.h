// File: common/csv/format_registry.h
// -----------------------------------------------------------------------------
// The registry of a service's file formats: a table from the service's format
// enum to the format's entry — its name (as the CLI and the docs spell it),
// the header it expects (for HEADER_NOT_FOUND) and the factory of its parser.
// Each format's file defines its entry; the service's importers/registry.cc
// lists them, so a new format is one file and one row in the list.

#ifndef DYADSCOPE_COMMON_CSV_FORMAT_REGISTRY_H_
#define DYADSCOPE_COMMON_CSV_FORMAT_REGISTRY_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/status/error_details.h"

namespace dyadscope::csv {

// Normalizes a country code of a parser's options in place (surrounding
// white space dropped, upper case) and records under `field` the problem
// "\"<code>\" <problem>" when `known` refuses it; an empty code is a problem
// only when `required`.
inline void NormalizeCountryOption(std::string& code, absl::string_view field,
                                   bool (*known)(absl::string_view),
                                   absl::string_view problem, bool required,
                                   FieldViolations& violations) {
  code = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(code));
  if ((required || !code.empty()) && !known(code)) {
    violations.Add(field, absl::StrCat("\"", code, "\" ", problem));
  }
}

// OK when `violations` is empty, else its INVALID_ARGUMENT with reason
// UNKNOWN_COUNTRY: the answer of a parser's options with a bad country.
inline absl::Status UnknownCountryStatus(const FieldViolations& violations) {
  if (violations.empty()) return absl::OkStatus();
  return WithReason(violations.ToStatus(), "UNKNOWN_COUNTRY");
}

template <typename Format, typename Parser, typename Options>
struct FormatEntry {
  Format format;
  absl::string_view name;
  std::unique_ptr<Parser> (*create)(const FormatEntry& entry, Options options);
  // The header the format expects, for errors ("" when the parser says).
  absl::string_view expected_header;

  // The factory of a parser class constructed from (entry, options).
  template <typename Concrete>
  static std::unique_ptr<Parser> Make(const FormatEntry& entry,
                                      Options options) {
    return std::make_unique<Concrete>(entry, std::move(options));
  }
};

template <typename Format, typename Parser, typename Options>
class FormatRegistry {
 public:
  using Entry = FormatEntry<Format, Parser, Options>;

  // `kind` names the records in errors ("observation", "incident").
  constexpr FormatRegistry(absl::Span<const Entry* const> entries,
                           absl::string_view kind)
      : entries_(entries), kind_(kind) {}

  // The format's name; "UNSPECIFIED" for a format without a row.
  absl::string_view Name(Format format) const {
    const Entry* entry = Find(format);
    return entry != nullptr ? entry->name : "UNSPECIFIED";
  }

  // The format a name stands for (case and surrounding white space aside).
  std::optional<Format> FromName(absl::string_view name) const {
    name = absl::StripAsciiWhitespace(name);
    for (const Entry* entry : entries_) {
      if (absl::EqualsIgnoreCase(name, entry->name)) return entry->format;
    }
    return std::nullopt;
  }

  // True when `format` has a row.
  bool Has(Format format) const { return Find(format) != nullptr; }

  // The names of the formats, for messages: "A, B or C".
  std::string NameList() const {
    std::string list;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (i > 0) list += i + 1 == entries_.size() ? " or " : ", ";
      absl::StrAppend(&list, entries_[i]->name);
    }
    return list;
  }

  // OK for a format with a row; INVALID_ARGUMENT on `field` ("is required:
  // A, B or C") for any other, such as the enum's kUnspecified.
  absl::Status Require(Format format, absl::string_view field) const {
    if (Has(format)) return absl::OkStatus();
    return InvalidField(field, absl::StrCat("is required: ", NameList()));
  }

  // A new parser of `format`; INVALID_ARGUMENT on field "format" (reason
  // FORMAT_UNSPECIFIED) for a format without a row.
  absl::StatusOr<std::unique_ptr<Parser>> Create(Format format,
                                                 Options options) const {
    if (const Entry* entry = Find(format)) {
      return entry->create(*entry, std::move(options));
    }
    return WithReason(
        InvalidField("format",
                     absl::StrCat("the ", kind_, " file format is not set")),
        "FORMAT_UNSPECIFIED");
  }

 private:
  const Entry* Find(Format format) const {
    for (const Entry* entry : entries_) {
      if (entry->format == format) return entry;
    }
    return nullptr;
  }

  absl::Span<const Entry* const> entries_;
  absl::string_view kind_;
};

}  // namespace dyadscope::csv

#endif  // DYADSCOPE_COMMON_CSV_FORMAT_REGISTRY_H_
