#include "cli/report_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/report_html.h"
#include "dyadscope/economics/v1/economics_service.grpc.pb.h"
#include "dyadscope/events/v1/events_service.grpc.pb.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"
#include "dyadscope/securityrisk/v1/security_risk_service.grpc.pb.h"

namespace dyadscope::cli {
namespace {

namespace gw = ::dyadscope::gateway::v1;
namespace sc = ::dyadscope::scoring::v1;
namespace ev = ::dyadscope::events::v1;
namespace ec = ::dyadscope::economics::v1;
namespace sr = ::dyadscope::securityrisk::v1;
namespace tp = ::dyadscope::type::v1;

using report::Band;
using report::Caption;
using report::Category;
using report::Esc;
using report::Fmt;
using report::kPalette;
using report::kPaletteSize;
using report::Line;
using report::LineChart;
using report::MissingYearsNote;
using report::Note;
using report::Num;
using report::Section;
using report::StackedBarChart;

std::string CallFailure(const grpc::Status& status) {
  return absl::StrCat("the service did not answer (gRPC code ",
                      static_cast<int>(status.error_code()), ": ",
                      status.error_message(), ")");
}

std::string ClassName(sc::RelationshipClass c) {
  return RelationshipClassName(c, "not determinable");
}

std::string RiskLevelName(sr::RiskLevel level) {
  switch (level) {
    case sr::RISK_LEVEL_LOW:
      return "low";
    case sr::RISK_LEVEL_MODERATE:
      return "moderate";
    case sr::RISK_LEVEL_HIGH:
      return "high";
    case sr::RISK_LEVEL_SEVERE:
      return "severe";
    default:
      return "-";
  }
}

const sc::IndexScore* FindIndex(const sc::PeriodScore& score, sc::Index index) {
  for (const sc::IndexScore& s : score.indices()) {
    if (s.index() == index) return &s;
  }
  return nullptr;
}

// Sources gathered from every call, without duplicates.
class SourceList {
 public:
  void Add(const tp::SourceReference& s) {
    std::string key = absl::StrCat(s.citation(), "\x1f", s.url());
    if (s.citation().empty() && s.url().empty()) return;
    if (!seen_.insert(key).second) return;
    sources_.push_back(s);
  }
  void AddAll(const google::protobuf::RepeatedPtrField<tp::SourceUsage>& u) {
    for (const tp::SourceUsage& usage : u) Add(usage.source());
  }
  const std::vector<tp::SourceReference>& sources() const { return sources_; }

 private:
  std::set<std::string> seen_;
  std::vector<tp::SourceReference> sources_;
};

constexpr char kStyle[] = R"css(
body{font-family:sans-serif;max-width:960px;margin:24px auto;color:#222;
line-height:1.4}
h1{margin-bottom:4px}h2{border-bottom:1px solid #ccc;padding-bottom:4px;
margin-top:36px}
.meta{color:#555}
.warning{background:#fff3cd;border:1px solid #e0b400;padding:8px 12px;
margin:12px 0}
.caption{color:#555;font-size:90%}
.note{color:#8a4b00;font-size:90%}
table{border-collapse:collapse;margin:8px 0;font-size:90%}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{background:#f2f2f2}
td.missing{color:#b00}td.ok{color:#070}
svg.chart{display:block;background:#fff;border:1px solid #ddd;margin:8px 0}
svg .grid{stroke:#eee}svg .axis{stroke:#444}
svg .tick,svg .legend{font-size:12px;fill:#333}
svg .label{font-size:12px;fill:#333}
svg .quadrant-label{font-size:14px;fill:#555}
)css";

}  // namespace

int RunReport(const Settings& settings, const std::vector<std::string>& args,
              const std::string& out_path) {
  if (args.size() != 2) {
    std::fprintf(stderr, "usage: dyadscope report A B [--out=report.html]\n");
    return kExitUsage;
  }
  if (out_path.empty()) {
    std::fprintf(stderr, "dyadscope report: --out must name a file\n");
    return kExitUsage;
  }
  tp::Dyad dyad;
  dyad.set_country_a(args[0]);
  dyad.set_country_b(args[1]);
  const std::string a = args[0];
  const std::string b = args[1];
  const absl::CivilSecond now =
      absl::ToCivilSecond(absl::Now(), absl::UTCTimeZone());
  const int first_year = 2000;
  const int last_year = static_cast<int>(now.year()) - 1;
  SourceList sources;
  std::vector<std::string> failures;

  // --- Calls --------------------------------------------------------------
  auto gateway = gw::GatewayService::NewStub(Connect(settings.gateway));
  gw::AssessDyadRequest assess_request;
  *assess_request.mutable_dyad() = dyad;
  gw::AssessDyadResponse assess;
  grpc::Status assess_status =
      gateway->AssessDyad(NewContext(settings).get(), assess_request, &assess);
  if (!assess_status.ok()) {
    failures.push_back(
        absl::StrCat("AssessDyad: ", assess_status.error_message()));
  }
  const gw::DyadAssessment& assessment = assess.assessment();
  sources.AddAll(assessment.sources());

  gw::GetTimelineRequest timeline_request;
  *timeline_request.mutable_dyad() = dyad;
  timeline_request.set_start_year(first_year);
  timeline_request.set_end_year(last_year);
  gw::GetTimelineResponse timeline;
  grpc::Status timeline_status = gateway->GetTimeline(
      NewContext(settings).get(), timeline_request, &timeline);
  if (!timeline_status.ok()) {
    failures.push_back(
        absl::StrCat("GetTimeline: ", timeline_status.error_message()));
  }
  sources.AddAll(timeline.assessment().sources());

  auto events = ev::EventsService::NewStub(Connect(settings.events));
  ev::SummarizeEventsRequest summary_request;
  *summary_request.mutable_filter()->mutable_dyad() = dyad;
  tp::DateRange* range = summary_request.mutable_filter()->mutable_date_range();
  range->mutable_start_date()->set_year(first_year);
  range->mutable_start_date()->set_month(1);
  range->mutable_start_date()->set_day(1);
  range->mutable_end_date()->set_year(last_year);
  range->mutable_end_date()->set_month(12);
  range->mutable_end_date()->set_day(31);
  summary_request.set_bucket(ev::SUMMARY_BUCKET_YEAR);
  ev::SummarizeEventsResponse summary;
  grpc::Status summary_status = events->SummarizeEvents(
      NewContext(settings).get(), summary_request, &summary);
  if (!summary_status.ok()) {
    failures.push_back(
        absl::StrCat("SummarizeEvents: ", summary_status.error_message()));
  }
  sources.AddAll(summary.sources());

  ev::GetVotingAlignmentRequest votes_request;
  *votes_request.mutable_dyad() = dyad;
  votes_request.set_reference_country_code(assessment.reference_country_code());
  votes_request.set_start_year(first_year);
  votes_request.set_end_year(last_year);
  ev::GetVotingAlignmentResponse votes;
  grpc::Status votes_status = events->GetVotingAlignment(
      NewContext(settings).get(), votes_request, &votes);
  if (!votes_status.ok()) {
    failures.push_back(
        absl::StrCat("GetVotingAlignment: ", votes_status.error_message()));
  }
  sources.AddAll(votes.sources());

  auto economics = ec::EconomicsService::NewStub(Connect(settings.economics));
  ec::ComputeIndicatorsRequest trade_request;
  *trade_request.mutable_dyad() = dyad;
  trade_request.set_start_year(first_year);
  trade_request.set_end_year(last_year);
  trade_request.add_indicator_ids("trade_balance_usd");
  trade_request.add_indicator_ids("trade_share_a");
  trade_request.add_indicator_ids("trade_share_b");
  ec::ComputeIndicatorsResponse trade;
  grpc::Status trade_status = economics->ComputeIndicators(
      NewContext(settings).get(), trade_request, &trade);
  if (!trade_status.ok()) {
    failures.push_back(
        absl::StrCat("ComputeIndicators: ", trade_status.error_message()));
  }
  sources.AddAll(trade.sources());

  auto risk_stub =
      sr::SecurityRiskService::NewStub(Connect(settings.security_risk));
  std::vector<sr::Incident> incidents;
  grpc::Status incidents_status;
  {
    std::string token;
    for (int page = 0; page < 1000; ++page) {
      sr::ListIncidentsRequest request;
      request.mutable_filter()->set_country_code(a);
      request.mutable_filter()->set_partner_country_code(b);
      request.set_page_size(500);
      request.set_page_token(token);
      sr::ListIncidentsResponse response;
      incidents_status = risk_stub->ListIncidents(NewContext(settings).get(),
                                                  request, &response);
      if (!incidents_status.ok()) break;
      for (const sr::Incident& incident : response.incidents()) {
        incidents.push_back(incident);
      }
      token = response.next_page_token();
      if (token.empty()) break;
    }
  }
  if (!incidents_status.ok()) {
    failures.push_back(
        absl::StrCat("ListIncidents: ", incidents_status.error_message()));
  }
  for (const sr::Incident& incident : incidents) {
    for (const tp::SourceReference& s : incident.sources()) sources.Add(s);
  }

  sr::AssessRiskRequest risk_request;
  risk_request.set_country_code(a);
  risk_request.set_partner_country_code(b);
  risk_request.mutable_as_of_date()->set_year(static_cast<int>(now.year()));
  risk_request.mutable_as_of_date()->set_month(now.month());
  risk_request.mutable_as_of_date()->set_day(now.day());
  risk_request.set_horizon_days(365);
  sr::AssessRiskResponse risk;
  grpc::Status risk_status =
      risk_stub->AssessRisk(NewContext(settings).get(), risk_request, &risk);
  if (!risk_status.ok()) {
    failures.push_back(
        absl::StrCat("AssessRisk: ", risk_status.error_message()));
  }
  sources.AddAll(risk.sources());

  // --- Header ---------------------------------------------------------------
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>dyadscope report ",
      Esc(a), "&ndash;", Esc(b), "</title><style>", kStyle,
      "</style></head><body>\n<h1>dyadscope report: ", Esc(a), "&ndash;",
      Esc(b), "</h1>\n<p class=\"meta\">Generated ",
      Esc(absl::FormatCivilTime(now)), " UTC");
  if (assess_status.ok()) {
    absl::StrAppend(&html, " &middot; reference country for UN votes: ",
                    Esc(assessment.reference_country_code().empty()
                            ? std::string("-")
                            : assessment.reference_country_code()));
  }
  absl::StrAppend(&html, "</p>\n");
  if (assessment.provisional() || timeline.assessment().provisional()) {
    std::string unavailable;
    for (const gw::BackendStatus& s : assessment.backends()) {
      if (!s.available()) {
        absl::StrAppend(&unavailable, unavailable.empty() ? "" : "; ",
                        s.method(), ": ", s.status_message());
      }
    }
    absl::StrAppend(&html,
                    "<div class=\"warning\"><strong>Provisional:</strong> ",
                    "some data were unavailable when this report was made",
                    unavailable.empty() ? "" : " (", Esc(unavailable),
                    unavailable.empty() ? "" : ")", ".</div>\n");
  }
  for (const std::string& f : failures) {
    absl::StrAppend(&html, "<div class=\"warning\">Call failed &mdash; ",
                    Esc(f), "</div>\n");
  }
  for (const std::string& w : assessment.warnings()) {
    absl::StrAppend(&html, "<div class=\"warning\">", Esc(w), "</div>\n");
  }
  if (assess_status.ok()) {
    absl::StrAppend(&html,
                    "<table><tr><th>Phase</th><th>Years</th>"
                    "<th>Class</th><th>SCI</th><th>AII</th>"
                    "<th>SEI</th></tr>\n");
    for (const gw::PeriodAssessment& p : assessment.periods()) {
      std::string span =
          p.period().has_end_year()
              ? absl::StrCat(p.period().start_year(), "-",
                             p.period().end_year())
              : absl::StrCat(p.period().start_year(), "-present");
      absl::StrAppend(&html, "<tr><td>", Esc(p.period().name()), "</td><td>",
                      Esc(span), "</td><td>",
                      Esc(assessment.scores_available()
                              ? ClassName(p.score().relationship_class())
                              : "scores unavailable"),
                      "</td>");
      for (sc::Index index : {sc::INDEX_STRATEGIC_CONVERGENCE,
                              sc::INDEX_ASYMMETRIC_INTERDEPENDENCE,
                              sc::INDEX_SECURITY_EXPOSURE}) {
        const sc::IndexScore* s = FindIndex(p.score(), index);
        if (s != nullptr && s->has_score()) {
          absl::StrAppend(&html, "<td>", Num(s->score()), " [",
                          Num(s->distribution().p5()), ", ",
                          Num(s->distribution().p95()), "]</td>");
        } else {
          absl::StrAppend(&html,
                          "<td class=\"missing\">insufficient data</td>");
        }
      }
      absl::StrAppend(&html, "</tr>\n");
    }
    absl::StrAppend(&html, "</table>\n");
  }

  // --- (1) SCI and AII per year --------------------------------------------
  absl::StrAppend(&html, Section(1, "timeline", "SCI and AII per year"));
  if (!timeline_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Timeline unavailable: ",
                                             CallFailure(timeline_status))));
  } else {
    Line sci{"SCI (strategic convergence)", "#1f77b4", {}};
    Line aii{"AII (asymmetric interdependence)", "#d62728", {}};
    Band sci_band{"#1f77b4", {}};
    Band aii_band{"#d62728", {}};
    int lo = last_year;
    int hi = first_year;
    for (const gw::PeriodAssessment& p : timeline.assessment().periods()) {
      int year = p.period().start_year();
      lo = std::min(lo, year);
      hi = std::max(hi, year);
      const sc::IndexScore* s =
          FindIndex(p.score(), sc::INDEX_STRATEGIC_CONVERGENCE);
      if (s != nullptr && s->has_score()) {
        sci.values[year] = s->score();
        sci_band.ranges[year] = {s->distribution().p5(),
                                 s->distribution().p95()};
      }
      s = FindIndex(p.score(), sc::INDEX_ASYMMETRIC_INTERDEPENDENCE);
      if (s != nullptr && s->has_score()) {
        aii.values[year] = s->score();
        aii_band.ranges[year] = {s->distribution().p5(),
                                 s->distribution().p95()};
      }
    }
    if (lo > hi) lo = first_year, hi = last_year;
    absl::StrAppend(
        &html, LineChart("timeline", "SCI and AII per year", lo, hi, {sci, aii},
                         {sci_band, aii_band}, "score (0-100); bands p5-p95",
                         true, 0, 100));
    std::set<int> sci_years, aii_years;
    for (const auto& [y, v] : sci.values) sci_years.insert(y);
    for (const auto& [y, v] : aii.values) aii_years.insert(y);
    absl::StrAppend(&html, MissingYearsNote("SCI", lo, hi, sci_years),
                    MissingYearsNote("AII", lo, hi, aii_years));
  }
  absl::StrAppend(&html,
                  Caption("gateway GetTimeline (scores per year, "
                          "Monte Carlo p5-p95 bands)"),
                  "</section>\n");

  // --- (2) Phases on the SCI x AII plane -------------------------------------
  absl::StrAppend(&html,
                  Section(2, "phases", "The phases on the SCI × AII plane"));
  if (!assess_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Assessment unavailable: ",
                                             CallFailure(assess_status))));
  } else {
    const double tc = assessment.thresholds().has_convergence_threshold()
                          ? assessment.thresholds().convergence_threshold()
                          : 50.0;
    const double ti = assessment.thresholds().has_interdependence_threshold()
                          ? assessment.thresholds().interdependence_threshold()
                          : 50.0;
    const double size = 420, left = 70, top = 20;
    auto px = [&](double v) { return left + v / 100 * size; };
    auto py = [&](double v) { return top + (100 - v) / 100 * size; };
    std::string s = absl::StrCat(
        "<svg class=\"chart\" id=\"chart-phases\" "
        "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 500\" "
        "width=\"640\" height=\"500\" role=\"img\"><title>Phases on the SCI "
        "and AII plane</title>");
    struct Quadrant {
      double x0, x1, y0, y1;
      const char* fill;
      const char* label;
    };
    const Quadrant quadrants[] = {
        {0, tc, ti, 100, "#fde0dd", "dependency"},
        {tc, 100, ti, 100, "#fff2cc", "hierarchical interdependence"},
        {0, tc, 0, ti, "#eeeeee", "transactional"},
        {tc, 100, 0, ti, "#dff0d8", "partnership"},
    };
    for (const Quadrant& q : quadrants) {
      absl::StrAppend(&s, "<rect x=\"", Num(px(q.x0)), "\" y=\"", Num(py(q.y1)),
                      "\" width=\"", Num(px(q.x1) - px(q.x0)), "\" height=\"",
                      Num(py(q.y0) - py(q.y1)), "\" fill=\"", q.fill,
                      "\"/><text class=\"quadrant-label\" x=\"",
                      Num((px(q.x0) + px(q.x1)) / 2), "\" y=\"",
                      Num(py(q.y1) + 18), "\" text-anchor=\"middle\">",
                      Esc(q.label), "</text>");
    }
    for (int v = 0; v <= 100; v += 20) {
      absl::StrAppend(&s, "<text class=\"tick\" x=\"", Num(px(v)), "\" y=\"",
                      Num(top + size + 16), "\" text-anchor=\"middle\">", v,
                      "</text><text class=\"tick\" x=\"", Num(left - 6),
                      "\" y=\"", Num(py(v) + 4), "\" text-anchor=\"end\">", v,
                      "</text>");
    }
    absl::StrAppend(
        &s, "<rect x=\"", Num(left), "\" y=\"", Num(top), "\" width=\"",
        Num(size), "\" height=\"", Num(size),
        "\" fill=\"none\" stroke=\"#444\"/>", "<line x1=\"", Num(px(tc)),
        "\" x2=\"", Num(px(tc)), "\" y1=\"", Num(top), "\" y2=\"",
        Num(top + size), "\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>",
        "<line x1=\"", Num(left), "\" x2=\"", Num(left + size), "\" y1=\"",
        Num(py(ti)), "\" y2=\"", Num(py(ti)),
        "\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>",
        "<text class=\"label\" x=\"", Num(left + size / 2), "\" y=\"",
        Num(top + size + 36),
        "\" text-anchor=\"middle\">SCI: strategic convergence (threshold ",
        Esc(Fmt(tc)), ")</text><text class=\"label\" transform=\"translate(20,",
        Num(top + size / 2),
        ") rotate(-90)\" text-anchor=\"middle\">AII: asymmetric "
        "interdependence (threshold ",
        Esc(Fmt(ti)), ")</text>");
    std::vector<std::string> notes;
    int k = 0;
    double legend_y = top + 10;
    for (const gw::PeriodAssessment& p : assessment.periods()) {
      const std::string color = kPalette[k++ % kPaletteSize];
      const sc::IndexScore* x =
          FindIndex(p.score(), sc::INDEX_STRATEGIC_CONVERGENCE);
      const sc::IndexScore* y =
          FindIndex(p.score(), sc::INDEX_ASYMMETRIC_INTERDEPENDENCE);
      if (x == nullptr || y == nullptr || !x->has_score() || !y->has_score()) {
        notes.push_back(absl::StrCat(p.period().name(),
                                     ": SCI or AII insufficient, not placed"));
        continue;
      }
      const double cx = px(x->score()), cy = py(y->score());
      absl::StrAppend(
          &s, "<line class=\"data\" x1=\"", Num(px(x->distribution().p5())),
          "\" x2=\"", Num(px(x->distribution().p95())), "\" y1=\"", Num(cy),
          "\" y2=\"", Num(cy), "\" stroke=\"", color, "\"/>",
          "<line class=\"data\" x1=\"", Num(cx), "\" x2=\"", Num(cx),
          "\" y1=\"", Num(py(y->distribution().p5())), "\" y2=\"",
          Num(py(y->distribution().p95())), "\" stroke=\"", color, "\"/>",
          "<circle class=\"data\" cx=\"", Num(cx), "\" cy=\"", Num(cy),
          "\" r=\"7\" fill=\"", color, "\" stroke=\"#000\"><title>",
          Esc(p.period().name()), ": SCI ", Num(x->score()), ", AII ",
          Num(y->score()), "</title></circle>", "<text class=\"label\" x=\"",
          Num(cx + 10), "\" y=\"", Num(cy - 8), "\">", Esc(p.period().name()),
          "</text>");
      absl::StrAppend(&s, "<circle cx=\"", Num(left + size + 24), "\" cy=\"",
                      Num(legend_y), "\" r=\"6\" fill=\"", color,
                      "\"/><text class=\"legend\" x=\"", Num(left + size + 36),
                      "\" y=\"", Num(legend_y + 4), "\">",
                      Esc(p.period().name()), "</text>");
      legend_y += 20;
    }
    absl::StrAppend(&s, "</svg>");
    absl::StrAppend(&html, s);
    for (const std::string& n : notes) absl::StrAppend(&html, Note(n));
    absl::StrAppend(&html,
                    Note("Whiskers: p5-p95 of each index. Quadrant lines at "
                         "the model's classification thresholds."));
  }
  absl::StrAppend(&html,
                  Caption("gateway AssessDyad (phase scores and the "
                          "model's thresholds)"),
                  "</section>\n");

  // --- (3) Events per year by QuadClass --------------------------------------
  absl::StrAppend(&html, Section(3, "events", "Events per year by QuadClass"));
  if (!summary_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Event summary unavailable: ",
                                             CallFailure(summary_status))));
  } else {
    const std::vector<Category> quads = {{"verbal cooperation", "#9ecae1"},
                                         {"material cooperation", "#3182bd"},
                                         {"verbal conflict", "#fdae6b"},
                                         {"material conflict", "#e6550d"},
                                         {"unclassified", "#bdbdbd"}};
    std::map<int, std::vector<double>> counts;
    std::set<int> present;
    for (const ev::EventBucketSummary& bucket : summary.buckets()) {
      int year = bucket.start_date().year();
      if (year == 0 && !absl::SimpleAtoi(bucket.label().substr(0, 4), &year)) {
        continue;
      }
      std::vector<double>& v = counts[year];
      v.assign(quads.size(), 0);
      double classified = 0;
      for (const ev::QuadClassCount& q : bucket.quad_class_counts()) {
        int i = static_cast<int>(q.quad_class()) - 1;
        if (i < 0 || i > 3) continue;
        v[i] += q.event_count();
        classified += q.event_count();
      }
      v[4] =
          std::max(0.0, static_cast<double>(bucket.event_count()) - classified);
      if (bucket.event_count() > 0) present.insert(year);
    }
    absl::StrAppend(
        &html,
        StackedBarChart("events", "Events per year by QuadClass", first_year,
                        last_year, quads, counts, "events per year"),
        MissingYearsNote("Events", first_year, last_year, present));
  }
  absl::StrAppend(&html,
                  Caption("events SummarizeEvents (bucket YEAR, counts by "
                          "QuadClass)"),
                  "</section>\n");

  // --- (4) Trade ------------------------------------------------------------
  absl::StrAppend(&html, Section(4, "trade", "Trade balance and trade shares"));
  if (!trade_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Trade indicators unavailable: ",
                                             CallFailure(trade_status))));
  } else {
    std::map<std::string, Line> lines;
    std::vector<std::string> notes;
    for (const ec::IndicatorSeries& series : trade.series()) {
      const std::string& id = series.indicator().indicator_id();
      Line& line = lines[id];
      line.label = series.indicator().display_name().empty()
                       ? id
                       : series.indicator().display_name();
      std::vector<std::string> missing;
      for (const ec::IndicatorPoint& point : series.points()) {
        if (point.has_value() && std::isfinite(point.value())) {
          line.values[point.year()] = id == "trade_balance_usd"
                                          ? point.value() / 1e9
                                          : point.value() * 100;
        } else {
          missing.push_back(absl::StrCat(point.year()));
        }
      }
      if (!missing.empty()) {
        notes.push_back(absl::StrCat(line.label, ": no value for ",
                                     absl::StrJoin(missing, ", "),
                                     " (shown as gaps)"));
      }
    }
    Line balance = lines["trade_balance_usd"];
    balance.color = "#1f77b4";
    if (balance.label.empty()) balance.label = "trade_balance_usd";
    Line share_a = lines["trade_share_a"];
    share_a.color = "#2ca02c";
    share_a.label = absl::StrCat(
        share_a.label.empty() ? "trade_share_a" : share_a.label, " (", a, ")");
    Line share_b = lines["trade_share_b"];
    share_b.color = "#ff7f0e";
    share_b.label = absl::StrCat(
        share_b.label.empty() ? "trade_share_b" : share_b.label, " (", b, ")");
    absl::StrAppend(
        &html,
        LineChart("trade-balance", "Trade balance per year", first_year,
                  last_year, {balance}, {},
                  absl::StrCat("trade balance of ", a, " with ", b, ", USD bn"),
                  true),
        LineChart("trade-shares", "Trade shares per year", first_year,
                  last_year, {share_a, share_b}, {}, "share of total trade, %",
                  true));
    for (const std::string& n : notes) absl::StrAppend(&html, Note(n));
  }
  absl::StrAppend(&html,
                  Caption("economics ComputeIndicators (trade_balance_usd, "
                          "trade_share_a, trade_share_b)"),
                  "</section>\n");

  // --- (5) UN voting
  // ----------------------------------------------------------
  absl::StrAppend(&html,
                  Section(5, "votes", "UN General Assembly voting agreement"));
  if (!votes_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Voting alignment unavailable: ",
                                             CallFailure(votes_status))));
  } else {
    const std::string reference = votes.reference_country_code();
    Line dyad_line{absl::StrCat(a, "-", b), "#1f77b4", {}};
    Line ref_line{
        absl::StrCat(a, "-", reference.empty() ? "reference" : reference),
        "#7f7f7f",
        {}};
    for (const ev::VotingAlignment& year : votes.years()) {
      int y = year.period().start_year();
      if (y == 0 && !absl::SimpleAtoi(year.label(), &y)) continue;
      if (year.dyad_metrics().has_percent_agreement()) {
        dyad_line.values[y] = year.dyad_metrics().percent_agreement();
      }
      if (year.has_reference_metrics() &&
          year.reference_metrics().has_percent_agreement()) {
        ref_line.values[y] = year.reference_metrics().percent_agreement();
      }
    }
    // percent_agreement may be a fraction or a percentage; show percent.
    double max_value = 0;
    for (const auto& [y, v] : dyad_line.values)
      max_value = std::max(max_value, v);
    for (const auto& [y, v] : ref_line.values)
      max_value = std::max(max_value, v);
    if (max_value <= 1.0) {
      for (auto& [y, v] : dyad_line.values) v *= 100;
      for (auto& [y, v] : ref_line.values) v *= 100;
    }
    std::vector<Line> vote_lines = {dyad_line};
    if (!reference.empty()) vote_lines.push_back(ref_line);
    absl::StrAppend(
        &html, LineChart("votes", "UN voting agreement per year", first_year,
                         last_year, vote_lines, {},
                         "agreement, % of joint votes", true, 0, 100));
    std::set<int> present;
    for (const auto& [y, v] : dyad_line.values) present.insert(y);
    absl::StrAppend(&html, MissingYearsNote(absl::StrCat(a, "-", b), first_year,
                                            last_year, present));
    if (reference.empty()) {
      absl::StrAppend(&html, Note("No reference country was configured."));
    }
  }
  absl::StrAppend(&html,
                  Caption("events GetVotingAlignment (years; dyad and "
                          "reference percent_agreement)"),
                  "</section>\n");

  // --- (6) Incidents and risk
  // -------------------------------------------------
  absl::StrAppend(&html, Section(6, "incidents",
                                 "Incidents per year by province, "
                                 "and the current risk forecast"));
  if (!incidents_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Incidents unavailable: ",
                                             CallFailure(incidents_status))));
  } else {
    std::map<std::string, std::map<int, int>> by_province;
    std::map<std::string, int> totals;
    int undated = 0;
    int lo = first_year;
    for (const sr::Incident& incident : incidents) {
      int year = incident.date().year();
      if (year <= 0) {
        ++undated;
        continue;
      }
      lo = std::min(lo, year);
      std::string province = incident.location().province().empty()
                                 ? "(province unknown)"
                                 : incident.location().province();
      by_province[province][year]++;
      totals[province]++;
    }
    std::vector<std::string> provinces;
    for (const auto& [p, n] : totals) provinces.push_back(p);
    std::stable_sort(provinces.begin(), provinces.end(),
                     [&](const std::string& x, const std::string& y) {
                       return totals[x] > totals[y];
                     });
    std::vector<Category> categories;
    for (size_t i = 0; i < provinces.size(); ++i) {
      categories.push_back({provinces[i], kPalette[i % kPaletteSize]});
    }
    const int hi = std::max(last_year, static_cast<int>(now.year()));
    std::map<int, std::vector<double>> counts;
    for (size_t i = 0; i < provinces.size(); ++i) {
      for (const auto& [year, n] : by_province[provinces[i]]) {
        std::vector<double>& v = counts[year];
        v.resize(provinces.size(), 0);
        v[i] = n;
      }
    }
    absl::StrAppend(
        &html,
        StackedBarChart("incidents", "Incidents per year by province", lo, hi,
                        categories, counts, "incidents per year"),
        Note(absl::StrCat(incidents.size(), " incidents in ", a, " affecting ",
                          b,
                          "; years without bars had none "
                          "recorded.")));
    if (undated > 0) {
      absl::StrAppend(&html, Note(absl::StrCat(undated,
                                               " incidents without a date "
                                               "are not shown.")));
    }
  }
  absl::StrAppend(&html, Caption("security_risk ListIncidents"));
  absl::StrAppend(&html, "<h3>Risk forecast</h3>\n");
  if (!risk_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Risk forecast unavailable: ",
                                             CallFailure(risk_status))));
  } else {
    absl::StrAppend(
        &html, "<p>As of ",
        Esc(absl::StrFormat("%04d-%02d-%02d", risk.as_of_date().year(),
                            risk.as_of_date().month(),
                            risk.as_of_date().day())),
        ", horizon ", risk.horizon_days(), " days.</p>\n",
        "<table><tr><th>Region</th><th>Incidents</th><th>P(at least one)</th>"
        "<th>Expected count</th><th>Level</th><th>Model note</th></tr>\n");
    std::vector<const sr::RegionRisk*> regions;
    if (risk.has_country()) regions.push_back(&risk.country());
    for (const sr::RegionRisk& r : risk.provinces()) regions.push_back(&r);
    for (const sr::RegionRisk* r : regions) {
      absl::StrAppend(
          &html, "<tr><td>",
          Esc(r->whole_country() || r->province().empty()
                  ? absl::StrCat(a, " (whole country)")
                  : r->province()),
          "</td><td>", r->incident_count(), "</td><td>",
          absl::StrFormat("%.1f%%", 100 * r->probability_at_least_one()),
          "</td><td>", Esc(Fmt(r->expected_count())));
      if (r->has_expected_count_range()) {
        absl::StrAppend(&html, " [",
                        Esc(Fmt(r->expected_count_range().lower())), ", ",
                        Esc(Fmt(r->expected_count_range().upper())), "]");
      }
      absl::StrAppend(&html, "</td><td>", Esc(RiskLevelName(r->risk_level())),
                      "</td><td>", Esc(r->model_reason()), "</td></tr>\n");
    }
    absl::StrAppend(&html, "</table>\n");
  }
  absl::StrAppend(&html,
                  Caption("security_risk AssessRisk (as of today, 365 "
                          "days)"),
                  "</section>\n");

  // --- (7) Coverage
  // ---------------------------------------------------------------
  absl::StrAppend(&html,
                  Section(7, "coverage", "Coverage of the indicator inputs"));
  if (!assess_status.ok()) {
    absl::StrAppend(&html, Note(absl::StrCat("Assessment unavailable: ",
                                             CallFailure(assess_status))));
  }
  for (const gw::PeriodAssessment& p : assessment.periods()) {
    absl::StrAppend(&html, "<h3>", Esc(p.period().name()), "</h3>\n",
                    "<table><tr><th>Indicator</th><th>Status</th>"
                    "<th>Value</th><th>Years with data</th><th>Records</th>"
                    "<th>Missing reason</th></tr>\n");
    for (const gw::IndicatorInput& input : p.inputs()) {
      const bool available = input.available() && input.has_value();
      absl::StrAppend(
          &html, "<tr><td>", Esc(input.indicator_id()), "</td><td class=\"",
          available ? "ok\">available" : "missing\">missing", "</td><td>",
          available ? Esc(Fmt(input.value())) : "-", "</td><td>");
      if (input.has_coverage() && input.coverage().years_in_span() > 0) {
        absl::StrAppend(&html, input.coverage().years_with_data(), " / ",
                        input.coverage().years_in_span());
      } else {
        absl::StrAppend(&html, "-");
      }
      absl::StrAppend(&html, "</td><td>", input.record_count(), "</td><td>",
                      Esc(input.missing_reason()), "</td></tr>\n");
    }
    absl::StrAppend(&html, "</table>\n");
  }
  absl::StrAppend(&html, Caption("gateway AssessDyad (inputs per phase)"),
                  "</section>\n");

  // --- (8) Sources
  // -----------------------------------------------------------------
  absl::StrAppend(&html, "<section id=\"sources\"><h2>8. Sources</h2>\n",
                  "<p>From the assessment, the timeline, SummarizeEvents, "
                  "GetVotingAlignment, ComputeIndicators, ListIncidents and "
                  "AssessRisk.</p>\n<ol>\n");
  for (const tp::SourceReference& s : sources.sources()) {
    absl::StrAppend(
        &html, "<li>",
        Esc(s.citation().empty() ? s.source_system() : s.citation()));
    if (!s.dataset_version().empty()) {
      absl::StrAppend(&html, " (", Esc(s.dataset_version()), ")");
    }
    const bool web =
        s.url().rfind("http://", 0) == 0 || s.url().rfind("https://", 0) == 0;
    if (web) {
      absl::StrAppend(&html, " &mdash; <a href=\"", Esc(s.url()), "\">",
                      Esc(s.url()), "</a>");
    } else if (!s.url().empty()) {
      absl::StrAppend(&html, " &mdash; ", Esc(s.url()));
    }
    absl::StrAppend(&html, "</li>\n");
  }
  absl::StrAppend(&html, "</ol>\n");
  if (sources.sources().empty()) {
    absl::StrAppend(&html, Note("No sources were reported."));
  }
  absl::StrAppend(&html, "</section>\n</body></html>\n");

  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << html;
  out.close();
  if (!out) {
    std::fprintf(stderr, "dyadscope report: cannot write %s\n",
                 out_path.c_str());
    return kExitServerError;
  }
  for (const std::string& f : failures) {
    std::fprintf(stderr, "dyadscope report: warning: %s\n", f.c_str());
  }
  std::printf("report written to %s\n", out_path.c_str());
  if (!assess_status.ok()) return ReportError("AssessDyad", assess_status);
  return kExitOk;
}

}  // namespace dyadscope::cli
