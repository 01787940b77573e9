// File: services/economics/domain/importers/test_util.h
// -----------------------------------------------------------------------------
// Helpers shared by the economics importer tests (one test file per format):
// parse a text and pick the observations, rejections and filtered items of
// the result.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_TEST_UTIL_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_TEST_UTIL_H_

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/csv/tabular_testing.h"
#include "gtest/gtest.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics::importers_test {

using csv::testing::ReadFile;
using csv::testing::SharedDataDir;

inline ParsedFile Parse(ObservationFileFormat format, absl::string_view text,
                        const ParserOptions& options = ParserOptions()) {
  absl::StatusOr<ParsedFile> file = ParseObservationText(format, text, options);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *std::move(file) : ParsedFile();
}

inline std::vector<Observation> Observations(const ParsedFile& file) {
  return csv::testing::ItemsOf<Observation>(file);
}

// Rejections as "line:field:REASON_CODE".
inline std::vector<std::string> Rejections(const ParsedFile& file) {
  return csv::testing::RejectionsOf(file);
}

// Filtered items as "line:REASON_CODE".
inline std::vector<std::string> Filtered(const ParsedFile& file) {
  return csv::testing::FilteredOf<FilteredRow>(file, /*with_field=*/false);
}

inline int EmptyCells(const ParsedFile& file) {
  int n = 0;
  for (const ParsedRow& row : file.rows) n += row.is_empty_cell() ? 1 : 0;
  return n;
}

// Everything an observation says, for whole-value comparisons.
inline std::string Describe(const Observation& o) {
  std::vector<std::string> sources;
  for (const SourceRef& s : o.sources) {
    sources.push_back(absl::StrCat(s.citation, "|", s.url, "|", s.source_system,
                                   "|", s.dataset_version, "|", s.locator));
  }
  return absl::StrCat(
      o.indicator_code, "/", o.indicator_name, "/", o.reporter_code, "/",
      o.partner_code, "/", o.partner_name, "/", static_cast<int>(o.flow), "/",
      static_cast<int>(o.valuation), "/", o.year, "/",
      static_cast<int>(o.year_basis), "/", o.period_label, "/",
      o.value.has_value() ? absl::StrCat(*o.value) : "none", "/",
      static_cast<int>(o.unit), "/", o.unit_label, "/", o.base_year.value_or(0),
      "/", static_cast<int>(o.qualifier), "/",
      static_cast<int>(o.reporting_side), "/", o.source_flag, "/", o.notes, "/",
      absl::StrJoin(sources, ";"), "/", o.provenance.source_system, "/",
      o.provenance.source_line, "/", o.provenance.source_file);
}

inline const Observation* FindObservation(const std::vector<Observation>& all,
                                          absl::string_view reporter,
                                          absl::string_view partner, int year,
                                          absl::string_view indicator = "") {
  for (const Observation& o : all) {
    if (o.reporter_code == reporter && o.partner_code == partner &&
        o.year == year &&
        (indicator.empty() || o.indicator_code == indicator)) {
      return &o;
    }
  }
  return nullptr;
}

// ---------------------------------------------------------------------------

}  // namespace dyadscope::economics::importers_test

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_IMPORTERS_TEST_UTIL_H_
