#include "cli/report_html.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace dyadscope::cli::report {

std::string Esc(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Num(double v) { return absl::StrFormat("%.1f", v); }

std::string Fmt(double v) { return absl::StrFormat("%.4g", v); }

namespace {

// SVG charts over years.

constexpr double kWidth = 900;
constexpr double kHeight = 340;
constexpr double kLeft = 80;
constexpr double kRight = 20;
constexpr double kTop = 20;
constexpr double kBottom = 70;

double NiceStep(double range) {
  if (range <= 0) return 1;
  double raw = range / 5;
  double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

class YearPlot {
 public:
  YearPlot(int first_year, int last_year, double y_min, double y_max)
      : first_(first_year), last_(std::max(first_year, last_year)) {
    if (!(y_max > y_min)) {
      y_max = y_min + 1;
    }
    step_ = NiceStep(y_max - y_min);
    y_min_ = std::floor(y_min / step_) * step_;
    y_max_ = std::ceil(y_max / step_) * step_;
    if (y_max_ <= y_min_) y_max_ = y_min_ + step_;
  }

  double Slot() const {
    return (kWidth - kLeft - kRight) / (last_ - first_ + 1);
  }
  double X(double year) const { return kLeft + (year - first_ + 0.5) * Slot(); }
  double Y(double v) const {
    return kTop + (y_max_ - v) / (y_max_ - y_min_) * (kHeight - kTop - kBottom);
  }

  // Axes, grid, year labels and the y label.
  std::string Frame(const std::string& y_label) const {
    std::string s;
    for (double v = y_min_; v <= y_max_ + step_ / 2; v += step_) {
      absl::StrAppend(&s, "<line class=\"grid\" x1=\"", Num(kLeft), "\" x2=\"",
                      Num(kWidth - kRight), "\" y1=\"", Num(Y(v)), "\" y2=\"",
                      Num(Y(v)), "\"/>");
      absl::StrAppend(&s, "<text class=\"tick\" x=\"", Num(kLeft - 6),
                      "\" y=\"", Num(Y(v) + 4), "\" text-anchor=\"end\">",
                      Esc(absl::StrFormat("%g", std::abs(v) < 1e-12 ? 0 : v)),
                      "</text>");
    }
    int n = last_ - first_ + 1;
    int every = n <= 13 ? 1 : (n <= 26 ? 2 : 5);
    for (int year = first_; year <= last_; ++year) {
      if ((year - first_) % every != 0) continue;
      absl::StrAppend(&s, "<text class=\"tick\" x=\"", Num(X(year)), "\" y=\"",
                      Num(kHeight - kBottom + 16), "\" text-anchor=\"middle\">",
                      year, "</text>");
    }
    absl::StrAppend(&s, "<line class=\"axis\" x1=\"", Num(kLeft), "\" x2=\"",
                    Num(kLeft), "\" y1=\"", Num(kTop), "\" y2=\"",
                    Num(kHeight - kBottom), "\"/>");
    absl::StrAppend(&s, "<line class=\"axis\" x1=\"", Num(kLeft), "\" x2=\"",
                    Num(kWidth - kRight), "\" y1=\"", Num(kHeight - kBottom),
                    "\" y2=\"", Num(kHeight - kBottom), "\"/>");
    absl::StrAppend(&s, "<text class=\"label\" transform=\"translate(16,",
                    Num((kTop + kHeight - kBottom) / 2),
                    ") rotate(-90)\" text-anchor=\"middle\">", Esc(y_label),
                    "</text>");
    return s;
  }

 private:
  int first_;
  int last_;
  double y_min_;
  double y_max_;
  double step_;
};

std::string Legend(const std::vector<Category>& items) {
  std::string s;
  double x = kLeft;
  double y = kHeight - 22;
  for (const Category& item : items) {
    absl::StrAppend(&s, "<rect x=\"", Num(x), "\" y=\"", Num(y - 10),
                    "\" width=\"12\" height=\"12\" fill=\"", item.color,
                    "\"/><text class=\"legend\" x=\"", Num(x + 16), "\" y=\"",
                    Num(y), "\">", Esc(item.label), "</text>");
    x += 28 + 7.0 * item.label.size();
  }
  return s;
}

std::string SvgOpen(const std::string& id, const std::string& title) {
  return absl::StrCat("<svg class=\"chart\" id=\"chart-", id,
                      "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
                      Num(kWidth), " ", Num(kHeight), "\" width=\"",
                      Num(kWidth), "\" height=\"", Num(kHeight),
                      "\" role=\"img\"><title>", Esc(title), "</title>");
}

}  // namespace

std::string LineChart(const std::string& id, const std::string& title,
                      int first_year, int last_year,
                      const std::vector<Line>& lines,
                      const std::vector<Band>& bands,
                      const std::string& y_label, bool include_zero,
                      double fixed_min, double fixed_max) {
  double lo = include_zero ? 0 : INFINITY;
  double hi = include_zero ? 0 : -INFINITY;
  for (const Line& l : lines) {
    for (const auto& [year, v] : l.values)
      lo = std::min(lo, v), hi = std::max(hi, v);
  }
  for (const Band& b : bands) {
    for (const auto& [year, r] : b.ranges) {
      lo = std::min(lo, r.first), hi = std::max(hi, r.second);
    }
  }
  if (!std::isnan(fixed_min)) lo = fixed_min;
  if (!std::isnan(fixed_max)) hi = fixed_max;
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  YearPlot plot(first_year, last_year, lo, hi);
  std::string s = SvgOpen(id, title);
  absl::StrAppend(&s, plot.Frame(y_label));
  for (const Band& b : bands) {
    // One polygon per run of consecutive years.
    auto it = b.ranges.begin();
    while (it != b.ranges.end()) {
      std::vector<std::pair<int, std::pair<double, double>>> run;
      run.push_back(*it);
      auto next = std::next(it);
      while (next != b.ranges.end() && next->first == run.back().first + 1) {
        run.push_back(*next);
        ++next;
      }
      it = next;
      std::vector<std::string> points;
      double half = run.size() == 1 ? plot.Slot() * 0.2 : 0;
      for (const auto& [year, r] : run) {
        points.push_back(
            absl::StrCat(Num(plot.X(year) - half), ",", Num(plot.Y(r.second))));
        if (half > 0) {
          points.push_back(absl::StrCat(Num(plot.X(year) + half), ",",
                                        Num(plot.Y(r.second))));
        }
      }
      for (auto r = run.rbegin(); r != run.rend(); ++r) {
        if (half > 0) {
          points.push_back(absl::StrCat(Num(plot.X(r->first) + half), ",",
                                        Num(plot.Y(r->second.first))));
        }
        points.push_back(absl::StrCat(Num(plot.X(r->first) - half), ",",
                                      Num(plot.Y(r->second.first))));
      }
      absl::StrAppend(&s, "<polygon class=\"data band\" fill=\"", b.color,
                      "\" fill-opacity=\"0.18\" stroke=\"none\" points=\"",
                      absl::StrJoin(points, " "), "\"/>");
    }
  }
  for (const Line& l : lines) {
    std::string d;
    int previous = -100000;
    for (const auto& [year, v] : l.values) {
      absl::StrAppend(&d, year == previous + 1 ? " L" : " M", Num(plot.X(year)),
                      " ", Num(plot.Y(v)));
      previous = year;
    }
    if (!d.empty()) {
      absl::StrAppend(&s, "<path class=\"data line\" fill=\"none\" stroke=\"",
                      l.color, "\" stroke-width=\"2\" d=\"", d, "\"/>");
    }
    for (const auto& [year, v] : l.values) {
      absl::StrAppend(&s, "<circle class=\"data\" cx=\"", Num(plot.X(year)),
                      "\" cy=\"", Num(plot.Y(v)), "\" r=\"2.5\" fill=\"",
                      l.color, "\"><title>", Esc(l.label), " ", year, ": ",
                      Esc(Fmt(v)), "</title></circle>");
    }
  }
  std::vector<Category> legend;
  for (const Line& l : lines) legend.push_back({l.label, l.color});
  absl::StrAppend(&s, Legend(legend), "</svg>");
  return s;
}

std::string StackedBarChart(const std::string& id, const std::string& title,
                            int first_year, int last_year,
                            const std::vector<Category>& categories,
                            const std::map<int, std::vector<double>>& counts,
                            const std::string& y_label) {
  double hi = 0;
  for (const auto& [year, values] : counts) {
    double total = 0;
    for (double v : values) total += v;
    hi = std::max(hi, total);
  }
  YearPlot plot(first_year, last_year, 0, hi > 0 ? hi : 1);
  std::string s = SvgOpen(id, title);
  absl::StrAppend(&s, plot.Frame(y_label));
  double width = plot.Slot() * 0.7;
  for (const auto& [year, values] : counts) {
    double base = 0;
    for (size_t i = 0; i < values.size() && i < categories.size(); ++i) {
      if (values[i] <= 0) continue;
      double top = plot.Y(base + values[i]);
      double bottom = plot.Y(base);
      absl::StrAppend(
          &s, "<rect class=\"data\" x=\"", Num(plot.X(year) - width / 2),
          "\" y=\"", Num(top), "\" width=\"", Num(width), "\" height=\"",
          Num(std::max(0.5, bottom - top)), "\" fill=\"", categories[i].color,
          "\"><title>", year, " ", Esc(categories[i].label), ": ",
          Esc(Fmt(values[i])), "</title></rect>");
      base += values[i];
    }
  }
  absl::StrAppend(&s, Legend(categories), "</svg>");
  return s;
}

const char* const kPalette[kPaletteSize] = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string Section(int number, const std::string& anchor,
                    const std::string& title) {
  return absl::StrCat("<section id=\"", anchor, "\"><h2>", number, ". ",
                      Esc(title), "</h2>\n");
}

std::string Caption(const std::string& data_source) {
  return absl::StrCat("<p class=\"caption\">Data: ", Esc(data_source),
                      ". Sources: see <a href=\"#sources\">&sect;Sources</a>."
                      "</p>\n");
}

std::string Note(const std::string& text) {
  return absl::StrCat("<p class=\"note\">", Esc(text), "</p>\n");
}

std::string MissingYearsNote(const std::string& what, int first, int last,
                             const std::set<int>& present) {
  std::vector<std::string> missing;
  for (int y = first; y <= last; ++y) {
    if (!present.count(y)) missing.push_back(absl::StrCat(y));
  }
  if (missing.empty()) return "";
  return Note(absl::StrCat(what, ": no data for ", absl::StrJoin(missing, ", "),
                           " (shown as gaps)."));
}

}  // namespace dyadscope::cli::report
