// File: cli/report_html.h
// -----------------------------------------------------------------------------
// The building blocks of `dyadscope report`'s HTML file: escaping and number
// formatting, inline SVG charts over years (lines with optional bands,
// stacked bars), and the section, caption and note markup. Pure functions
// of their arguments: no I/O, no gRPC; the report command (report_command.cc)
// fetches the data and composes the sections from these.

#ifndef DYADSCOPE_CLI_REPORT_HTML_H_
#define DYADSCOPE_CLI_REPORT_HTML_H_

#include <cmath>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace dyadscope::cli::report {

// Returns `text` with the five HTML special characters escaped.
std::string Esc(absl::string_view text);
// Returns `v` with one decimal ("12.3"), for SVG coordinates.
std::string Num(double v);
// Returns `v` with four significant digits, for tables.
std::string Fmt(double v);

// One series of a line chart.
struct Line {
  std::string label;
  std::string color;
  std::map<int, double> values;  // a missing year is a gap
};

// A shaded range around a line (e.g. the Monte Carlo 90% interval).
struct Band {
  std::string color;
  std::map<int, std::pair<double, double>> ranges;  // p5, p95
};

// One category of a stacked bar chart, and its legend entry.
struct Category {
  std::string label;
  std::string color;
};

// The chart colours, used in turn.
inline constexpr size_t kPaletteSize = 10;
extern const char* const kPalette[kPaletteSize];

// Returns an SVG line chart with element id "chart-<id>" over the years
// first_year..last_year. The y range covers every value and band (and 0
// when `include_zero`), unless fixed_min / fixed_max are given.
std::string LineChart(const std::string& id, const std::string& title,
                      int first_year, int last_year,
                      const std::vector<Line>& lines,
                      const std::vector<Band>& bands,
                      const std::string& y_label, bool include_zero,
                      double fixed_min = NAN, double fixed_max = NAN);

// Returns an SVG stacked bar chart: per year, one bar of `counts[year]`,
// one segment per category in order.
std::string StackedBarChart(const std::string& id, const std::string& title,
                            int first_year, int last_year,
                            const std::vector<Category>& categories,
                            const std::map<int, std::vector<double>>& counts,
                            const std::string& y_label);

// Returns the opening of section `number` with anchor `anchor`.
std::string Section(int number, const std::string& anchor,
                    const std::string& title);
// Returns the caption naming a chart's data source.
std::string Caption(const std::string& data_source);
// Returns a note paragraph.
std::string Note(const std::string& text);
// Returns a note listing the years first..last missing from `present`
// ("" when none is).
std::string MissingYearsNote(const std::string& what, int first, int last,
                             const std::set<int>& present);

}  // namespace dyadscope::cli::report

#endif  // DYADSCOPE_CLI_REPORT_HTML_H_
