#include "cli/assess_command.h"

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "dyadscope/gateway/v1/gateway_service.grpc.pb.h"

namespace dyadscope::cli {
namespace {

namespace gw = ::dyadscope::gateway::v1;
namespace sc = ::dyadscope::scoring::v1;

std::string ClassName(sc::RelationshipClass c) {
  return RelationshipClassName(c, "(not determinable)");
}

std::string IndexName(sc::Index index) {
  switch (index) {
    case sc::INDEX_STRATEGIC_CONVERGENCE:
      return "Strategic convergence (SCI)";
    case sc::INDEX_ASYMMETRIC_INTERDEPENDENCE:
      return "Asymmetric interdependence (AII)";
    case sc::INDEX_SECURITY_EXPOSURE:
      return "Security exposure (SEI)";
    default:
      return "?";
  }
}

std::string BackendName(gw::Backend backend) {
  switch (backend) {
    case gw::BACKEND_EVENTS:
      return "events";
    case gw::BACKEND_ECONOMICS:
      return "economics";
    case gw::BACKEND_SECURITY_RISK:
      return "security_risk";
    case gw::BACKEND_SCORING:
      return "scoring";
    default:
      return "?";
  }
}

bool ParseDyad(const std::vector<std::string>& args, type::v1::Dyad* dyad) {
  if (args.size() != 2) {
    std::fprintf(stderr,
                 "usage: dyadscope <command> A B  (ISO alpha-3, e.g. "
                 "PAK CHN)\n");
    return false;
  }
  dyad->set_country_a(args[0]);
  dyad->set_country_b(args[1]);
  return true;
}

void PrintAssessment(const gw::DyadAssessment& a) {
  std::printf("dyadscope assessment: %s-%s%s%s\n", a.dyad().country_a().c_str(),
              a.dyad().country_b().c_str(),
              a.provisional() ? "  [PROVISIONAL: some data unavailable]" : "",
              a.from_cache() ? "  (cached)" : "");
  for (const gw::PeriodAssessment& p : a.periods()) {
    const type::v1::Period& period = p.period();
    std::string span =
        period.has_end_year()
            ? absl::StrCat(period.start_year(), "-", period.end_year())
            : absl::StrCat(period.start_year(), "-present");
    std::printf("\n== %s (%s)\n", period.name().c_str(), span.c_str());
    if (!a.scores_available()) {
      std::printf(
          "  scores unavailable (the scoring service did not answer)\n");
    } else {
      std::printf("  class: %s\n",
                  ClassName(p.score().relationship_class()).c_str());
      for (const auto& cp : p.score().class_probabilities()) {
        if (cp.probability() > 0) {
          std::printf("    P(%s) = %.2f\n",
                      ClassName(cp.relationship_class()).c_str(),
                      cp.probability());
        }
      }
      std::printf("  %-34s %7s  %-16s %s\n", "index", "score", "5-95%",
                  "coverage");
      for (const sc::IndexScore& index : p.score().indices()) {
        if (index.has_score()) {
          std::printf("  %-34s %7.1f  [%5.1f, %5.1f]   %3.0f%%\n",
                      IndexName(index.index()).c_str(), index.score(),
                      index.distribution().p5(), index.distribution().p95(),
                      100 * index.coverage());
        } else {
          std::printf("  %-34s %7s  %-16s %3.0f%%  (insufficient data)\n",
                      IndexName(index.index()).c_str(), "-", "",
                      100 * index.coverage());
        }
      }
    }
    std::printf("  inputs:\n");
    for (const gw::IndicatorInput& input : p.inputs()) {
      if (input.has_value()) {
        std::printf("    %-46s %12.4g%s\n", input.indicator_id().c_str(),
                    input.value(), input.overridden() ? "  (simulated)" : "");
      } else {
        std::printf("    %-46s %12s  %s\n", input.indicator_id().c_str(),
                    "missing", input.missing_reason().c_str());
      }
    }
  }
  for (const sc::PeriodChange& change : a.changes()) {
    std::printf("\n== change %s -> %s%s\n", change.from_period().c_str(),
                change.to_period().c_str(),
                change.class_changed() ? "  (class changed)" : "");
    for (const sc::IndexChange& ic : change.index_changes()) {
      if (!ic.has_change()) continue;
      std::printf("  %-34s %+7.1f  [%+.1f, %+.1f]\n",
                  IndexName(ic.index()).c_str(), ic.change(),
                  ic.interval().lower(), ic.interval().upper());
    }
  }
  std::printf("\nbackends:\n");
  for (const gw::BackendStatus& b : a.backends()) {
    std::printf(
        "  %-14s %-22s %s\n", BackendName(b.backend()).c_str(),
        b.method().c_str(),
        b.available()
            ? "ok"
            : absl::StrCat("UNAVAILABLE: ", b.status_message()).c_str());
  }
  for (const std::string& warning : a.warnings()) {
    std::printf("warning: %s\n", warning.c_str());
  }
}

}  // namespace

int RunAssess(const Settings& settings, const std::vector<std::string>& args) {
  gw::AssessDyadRequest request;
  if (!ParseDyad(args, request.mutable_dyad())) return kExitUsage;
  auto stub = gw::GatewayService::NewStub(Connect(settings.gateway));
  gw::AssessDyadResponse response;
  grpc::Status status =
      stub->AssessDyad(NewContext(settings).get(), request, &response);
  if (!status.ok()) return ReportError("AssessDyad", status);
  if (settings.json) {
    PrintJson(response);
  } else {
    PrintAssessment(response.assessment());
  }
  return kExitOk;
}

int RunTimeline(const Settings& settings, const std::vector<std::string>& args,
                int start_year, int end_year) {
  gw::GetTimelineRequest request;
  if (!ParseDyad(args, request.mutable_dyad())) return kExitUsage;
  request.set_start_year(start_year);
  if (end_year > 0) request.set_end_year(end_year);
  auto stub = gw::GatewayService::NewStub(Connect(settings.gateway));
  gw::GetTimelineResponse response;
  grpc::Status status =
      stub->GetTimeline(NewContext(settings).get(), request, &response);
  if (!status.ok()) return ReportError("GetTimeline", status);
  if (settings.json) {
    PrintJson(response);
    return kExitOk;
  }
  std::printf("%-6s %6s %6s %6s  %s\n", "year", "SCI", "AII", "SEI", "class");
  for (const gw::PeriodAssessment& p : response.assessment().periods()) {
    std::printf("%-6s", p.period().name().c_str());
    for (const sc::IndexScore& index : p.score().indices()) {
      if (index.has_score()) {
        std::printf(" %6.1f", index.score());
      } else {
        std::printf(" %6s", "-");
      }
    }
    std::printf("  %s\n", ClassName(p.score().relationship_class()).c_str());
  }
  return kExitOk;
}

int RunSimulate(const Settings& settings, const std::vector<std::string>& args,
                const std::vector<std::string>& overrides) {
  gw::SimulateRequest request;
  if (!ParseDyad(args, request.mutable_dyad())) return kExitUsage;
  for (const std::string& text : overrides) {
    // indicator=value, indicator=+10% / -20% (relative), indicator=+=0.1
    std::pair<std::string, std::string> kv =
        absl::StrSplit(text, absl::MaxSplits('=', 1));
    gw::IndicatorOverride* o = request.add_overrides();
    o->set_indicator_id(kv.first);
    std::string value = kv.second;
    double number = 0;
    if (!value.empty() && value.back() == '%' &&
        absl::SimpleAtod(value.substr(0, value.size() - 1), &number)) {
      o->set_relative_change(number / 100.0);
    } else if (value.rfind("+=", 0) == 0 &&
               absl::SimpleAtod(value.substr(2), &number)) {
      o->set_absolute_change(number);
    } else if (absl::SimpleAtod(value, &number)) {
      o->set_value(number);
    } else {
      std::fprintf(stderr,
                   "dyadscope: --set %s: expected indicator=value, "
                   "indicator=-20%% or indicator=+=0.1\n",
                   text.c_str());
      return kExitUsage;
    }
  }
  auto stub = gw::GatewayService::NewStub(Connect(settings.gateway));
  gw::SimulateResponse response;
  grpc::Status status =
      stub->Simulate(NewContext(settings).get(), request, &response);
  if (!status.ok()) return ReportError("Simulate", status);
  if (settings.json) {
    PrintJson(response);
    return kExitOk;
  }
  PrintAssessment(response.simulated());
  std::printf("\nsimulated minus baseline:\n");
  for (const gw::SimulationDifference& d : response.differences()) {
    std::printf("  %-14s %-34s %s%s\n", d.period_name().c_str(),
                IndexName(d.index()).c_str(),
                d.has_score_change()
                    ? absl::StrFormat("%+.1f", d.score_change()).c_str()
                    : "-",
                d.class_changed()
                    ? absl::StrCat("  class: ", ClassName(d.baseline_class()),
                                   " -> ", ClassName(d.simulated_class()))
                          .c_str()
                    : "");
  }
  return kExitOk;
}

}  // namespace dyadscope::cli
