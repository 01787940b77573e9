// File: common/csv/tabular_testing.h
// -----------------------------------------------------------------------------
// Test helpers for the importers built on common/csv/tabular.h: pick the
// items of one kind out of a parsed file, and describe rejections and
// filtered rows compactly ("12:year:INVALID_YEAR") for ElementsAre checks.
// `File` is a service's parsed file (a `rows` vector of ParsedRow with
// `line` and a std::variant `item`).

#ifndef DYADSCOPE_COMMON_CSV_TABULAR_TESTING_H_
#define DYADSCOPE_COMMON_CSV_TABULAR_TESTING_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/types/types.h"

namespace dyadscope::csv::testing {

// Returns the items of kind T, in file order.
template <typename T, typename File>
std::vector<T> ItemsOf(const File& file) {
  std::vector<T> out;
  for (const auto& row : file.rows) {
    if (const T* item = std::get_if<T>(&row.item)) out.push_back(*item);
  }
  return out;
}

// Returns the rejections as "line:field:REASON_CODE".
template <typename File>
std::vector<std::string> RejectionsOf(const File& file) {
  std::vector<std::string> out;
  for (const auto& row : file.rows) {
    if (const auto* r = std::get_if<RowRejection>(&row.item)) {
      out.push_back(absl::StrCat(row.line, ":", r->field, ":", r->reason_code));
    }
  }
  return out;
}

// Returns the filtered rows (items of kind Filtered) as "line:REASON_CODE",
// or "line:field:REASON_CODE" with `with_field`.
template <typename Filtered, typename File>
std::vector<std::string> FilteredOf(const File& file, bool with_field) {
  std::vector<std::string> out;
  for (const auto& row : file.rows) {
    if (const auto* f = std::get_if<Filtered>(&row.item)) {
      out.push_back(with_field ? absl::StrCat(row.line, ":", f->field, ":",
                                              f->reason_code)
                               : absl::StrCat(row.line, ":", f->reason_code));
    }
  }
  return out;
}

}  // namespace dyadscope::csv::testing

#endif  // DYADSCOPE_COMMON_CSV_TABULAR_TESTING_H_
