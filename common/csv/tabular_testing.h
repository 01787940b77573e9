// File: common/csv/tabular_testing.h
// -----------------------------------------------------------------------------
// Test helpers for the importers built on common/csv/tabular.h: pick the
// items of one kind out of a parsed file, describe rejections and filtered
// rows compactly ("12:year:INVALID_YEAR") for ElementsAre checks, and read
// the shared data folder.
// `File` is a service's parsed file (a `rows` vector of ParsedRow with
// `line` and a std::variant `item`).

#ifndef DYADSCOPE_COMMON_CSV_TABULAR_TESTING_H_
#define DYADSCOPE_COMMON_CSV_TABULAR_TESTING_H_

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
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

// Returns the shared data folder of the source files tests read
// (DYADSCOPE_SHARED_DATA_DIR, else /work/shared/data).
inline std::string SharedDataDir() {
  const char* dir = std::getenv("DYADSCOPE_SHARED_DATA_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "/work/shared/data";
}

// Returns the bytes of the file at `path`, or nullopt when it cannot be
// read.
inline std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace dyadscope::csv::testing

#endif  // DYADSCOPE_COMMON_CSV_TABULAR_TESTING_H_
