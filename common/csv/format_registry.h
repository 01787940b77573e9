// File: common/csv/format_registry.h
// -----------------------------------------------------------------------------
// The registry of a service's file formats: a table from the service's format
// enum to the format's name (as the CLI and the docs spell it) and the
// factory of its parser. Each service's importers/registry.cc holds one table;
// a new format is one row in it.

#ifndef DYADSCOPE_COMMON_CSV_FORMAT_REGISTRY_H_
#define DYADSCOPE_COMMON_CSV_FORMAT_REGISTRY_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/status/error_details.h"

namespace dyadscope::csv {

template <typename Format, typename Parser, typename Options>
struct FormatEntry {
  Format format;
  absl::string_view name;
  std::unique_ptr<Parser> (*create)(Options options);
};

template <typename Format, typename Parser, typename Options>
class FormatRegistry {
 public:
  using Entry = FormatEntry<Format, Parser, Options>;

  // `kind` names the records in errors ("observation", "incident").
  constexpr FormatRegistry(absl::Span<const Entry> entries,
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
    for (const Entry& entry : entries_) {
      if (absl::EqualsIgnoreCase(name, entry.name)) return entry.format;
    }
    return std::nullopt;
  }

  // A new parser of `format`; INVALID_ARGUMENT on field "format" (reason
  // FORMAT_UNSPECIFIED) for a format without a row.
  absl::StatusOr<std::unique_ptr<Parser>> Create(Format format,
                                                 Options options) const {
    if (const Entry* entry = Find(format)) {
      return entry->create(std::move(options));
    }
    return WithReason(
        InvalidField("format",
                     absl::StrCat("the ", kind_, " file format is not set")),
        "FORMAT_UNSPECIFIED");
  }

 private:
  const Entry* Find(Format format) const {
    for (const Entry& entry : entries_) {
      if (entry.format == format) return &entry;
    }
    return nullptr;
  }

  absl::Span<const Entry> entries_;
  absl::string_view kind_;
};

}  // namespace dyadscope::csv

#endif  // DYADSCOPE_COMMON_CSV_FORMAT_REGISTRY_H_
