#include "services/economics/domain/indicators.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "services/economics/domain/indicator_catalog.h"
#include "services/economics/domain/indicator_quantity.h"

namespace dyadscope::economics {
namespace {

using indicators_internal::Absorb;
using indicators_internal::AddNote;
using indicators_internal::CatalogEntry;
using indicators_internal::Combine;
using indicators_internal::Concentrate;
using indicators_internal::FindCatalogEntry;
using indicators_internal::FromObservation;
using indicators_internal::IndicatorCatalog;
using indicators_internal::Kind;
using indicators_internal::NoteMixedInputUnits;
using indicators_internal::Quantity;
using indicators_internal::Ratio;
using indicators_internal::Sum;
using indicators_internal::ToDefinition;
using indicators_internal::ToPoint;

// -----------------------------------------------------------------------------
// Observations.

// Flows of one family share one source system.
int SourceFamily(Flow flow) {
  switch (flow) {
    case Flow::kExports:
    case Flow::kImports:
    case Flow::kTotalTrade:
      return 1;
    case Flow::kArmsImports:
    case Flow::kArmsExports:
      return 2;
    case Flow::kFdiInflow:
    case Flow::kFdiOutflow:
      return 3;
    default:
      return 100 + static_cast<int>(flow);
  }
}

absl::string_view FamilyName(Flow flow) {
  switch (SourceFamily(flow)) {
    case 1:
      return "exports, imports and total trade";
    case 2:
      return "arms imports and arms exports";
    case 3:
      return "FDI inflow and FDI outflow";
    default:
      return "";
  }
}

bool IsMoneyFlow(Flow flow) {
  switch (flow) {
    case Flow::kExports:
    case Flow::kImports:
    case Flow::kTotalTrade:
    case Flow::kFdiInflow:
    case Flow::kFdiOutflow:
    case Flow::kExternalDebtStock:
    case Flow::kLoanCommitments:
    case Flow::kOfficialFinanceCommitments:
    case Flow::kGdp:
      return true;
    default:
      return false;
  }
}

bool UnitFits(Flow flow, Unit unit) {
  if (IsMoneyFlow(flow)) {
    return unit == Unit::kUsdCurrent || unit == Unit::kUsdConstant;
  }
  if (flow == Flow::kArmsImports || flow == Flow::kArmsExports) {
    return unit == Unit::kSipriTivMillions;
  }
  return true;
}

bool IsOwnSide(ReportingSide side) {
  return side == ReportingSide::kReporter ||
         side == ReportingSide::kUnspecified;
}

// Which reporting sides a role accepts.
enum class SideRule {
  kOwn,         // the reporter's own figures
  kMirror,      // the partner's figures, stored as the reporter's flow
  kThirdParty,  // third-party figures
  kAny,         // any, preferring own, then third party, then partner
};

bool SideMatches(SideRule rule, ReportingSide side) {
  switch (rule) {
    case SideRule::kOwn:
      return IsOwnSide(side);
    case SideRule::kMirror:
      return side == ReportingSide::kPartner;
    case SideRule::kThirdParty:
      return side == ReportingSide::kThirdParty;
    case SideRule::kAny:
      return true;
  }
  return false;
}

int SideRank(ReportingSide side) {
  if (IsOwnSide(side)) return 0;
  return side == ReportingSide::kThirdParty ? 1 : 2;
}

std::string PartnerPhrase(absl::string_view partner) {
  return partner == kWorld ? std::string("the world (WLD)")
                           : std::string(partner);
}

// "exports of PAK to CHN", "GDP of PAK", …
std::string FlowPhrase(Flow flow, absl::string_view reporter,
                       absl::string_view partner) {
  const std::string p = PartnerPhrase(partner);
  switch (flow) {
    case Flow::kExports:
      return absl::StrCat("exports of ", reporter, " to ", p);
    case Flow::kImports:
      return absl::StrCat("imports of ", reporter, " from ", p);
    case Flow::kTotalTrade:
      return absl::StrCat("total trade of ", reporter, " with ", p);
    case Flow::kFdiInflow:
      return absl::StrCat("FDI inflow of ", reporter, " from ", p);
    case Flow::kFdiOutflow:
      return absl::StrCat("FDI outflow of ", reporter, " to ", p);
    case Flow::kExternalDebtStock:
      return absl::StrCat("external debt of ", reporter, " owed to ", p);
    case Flow::kLoanCommitments:
      return absl::StrCat("loan commitments to ", reporter, " by ", p);
    case Flow::kOfficialFinanceCommitments:
      return absl::StrCat("official finance committed to ", reporter, " by ",
                          p);
    case Flow::kArmsImports:
      return absl::StrCat("arms imports of ", reporter, " from ", p);
    case Flow::kArmsExports:
      return absl::StrCat("arms exports of ", reporter, " to ", p);
    case Flow::kGdp:
      return absl::StrCat("GDP of ", reporter);
    case Flow::kUnspecified:
    case Flow::kOther:
      break;
  }
  return absl::StrCat("figure of ", reporter, " with ", p);
}

Flow CounterFlow(Flow flow) {
  switch (flow) {
    case Flow::kExports:
      return Flow::kImports;
    case Flow::kImports:
      return Flow::kExports;
    default:
      return flow;
  }
}

// What Select() found among the candidates of one slot.
struct Selection {
  const Observation* best = nullptr;
  int eligible = 0;
  bool non_calendar = false;  // fiscal or partial figures were skipped
  bool no_value = false;      // figures listed unavailable were skipped
  bool bad_unit = false;      // figures in a unit that does not fit
};

// Orders eligible candidates: the first is used.
bool Better(const Observation& a, const Observation& b, SideRule rule) {
  const int side_a = rule == SideRule::kAny ? SideRank(a.reporting_side) : 0;
  const int side_b = rule == SideRule::kAny ? SideRank(b.reporting_side) : 0;
  const int unit_a = a.unit == Unit::kUsdCurrent ? 0 : 1;
  const int unit_b = b.unit == Unit::kUsdCurrent ? 0 : 1;
  return std::make_tuple(side_a, unit_a, absl::string_view(a.indicator_code),
                         -a.version.version, a.id) <
         std::make_tuple(side_b, unit_b, absl::string_view(b.indicator_code),
                         -b.version.version, b.id);
}

Selection Select(const std::vector<const Observation*>& candidates, Flow flow,
                 SideRule rule) {
  Selection s;
  for (const Observation* o : candidates) {
    if (!SideMatches(rule, o->reporting_side)) continue;
    if (o->year_basis != YearBasis::kCalendar &&
        o->year_basis != YearBasis::kUnspecified) {
      s.non_calendar = true;
      continue;
    }
    if (!o->value.has_value() || !std::isfinite(*o->value)) {
      s.no_value = true;
      continue;
    }
    if (!UnitFits(flow, o->unit)) {
      s.bad_unit = true;
      continue;
    }
    ++s.eligible;
    if (s.best == nullptr || Better(*o, *s.best, rule)) s.best = o;
  }
  return s;
}

// -----------------------------------------------------------------------------
// The request, checked and resolved.

struct Resolved {
  std::string a;
  std::string b;
  int start_year = 0;
  int end_year = 0;
  std::vector<const CatalogEntry*> entries;
  ReportingSide side = ReportingSide::kReporter;
  absl::flat_hash_map<int, std::string> family_sources;  // upper case

  std::string SourceOf(Flow flow) const {
    auto it = family_sources.find(SourceFamily(flow));
    if (it != family_sources.end()) return it->second;
    return DefaultSourceSystem(flow);
  }
};

absl::StatusOr<Resolved> Resolve(const IndicatorRequest& request) {
  FieldViolations violations;
  Resolved r;
  r.a = request.country_a;
  r.b = request.country_b;
  if (!LooksLikeIso3(r.a)) {
    violations.Add("dyad.country_a",
                   "must be an ISO 3166-1 alpha-3 code (three upper-case "
                   "letters)");
  }
  if (!LooksLikeIso3(r.b)) {
    violations.Add("dyad.country_b",
                   "must be an ISO 3166-1 alpha-3 code (three upper-case "
                   "letters)");
  } else if (r.a == r.b) {
    violations.Add("dyad.country_b", "must differ from country_a");
  }
  r.start_year = request.start_year;
  if (request.start_year < 1 || request.start_year > 9999) {
    violations.Add("start_year", "must be a year from 1 to 9999");
  }
  if (request.end_year.has_value()) {
    if (*request.end_year < request.start_year || *request.end_year > 9999) {
      violations.Add("end_year", "must be from start_year to 9999");
    } else if (*request.end_year - request.start_year + 1 >
               kMaxIndicatorYears) {
      violations.Add("end_year", absl::StrCat("the range may span at most ",
                                              kMaxIndicatorYears, " years"));
    }
  }

  absl::flat_hash_set<std::string> ids;
  for (size_t i = 0; i < request.indicator_ids.size(); ++i) {
    const std::string& id = request.indicator_ids[i];
    const CatalogEntry* entry = FindCatalogEntry(id);
    const std::string field = absl::StrCat("indicator_ids[", i, "]");
    if (entry == nullptr) {
      violations.Add(field, absl::StrCat("unknown indicator \"", id, "\""));
    } else if (!ids.insert(id).second) {
      violations.Add(field, absl::StrCat("\"", id, "\" is listed twice"));
    } else {
      r.entries.push_back(entry);
    }
  }
  if (request.indicator_ids.empty()) {
    for (const CatalogEntry& entry : IndicatorCatalog())
      r.entries.push_back(&entry);
  }

  absl::flat_hash_map<int, size_t> flow_index;    // flow → entry
  absl::flat_hash_map<int, size_t> family_index;  // family → entry
  for (size_t i = 0; i < request.flow_sources.size(); ++i) {
    const FlowSource& fs = request.flow_sources[i];
    const int flow = static_cast<int>(fs.flow);
    const std::string field = absl::StrCat("flow_sources[", i, "]");
    if (flow < static_cast<int>(Flow::kExports) ||
        flow > static_cast<int>(Flow::kOther)) {
      violations.Add(absl::StrCat(field, ".flow"), "must be a known flow");
      continue;
    }
    if (fs.source_system.empty()) {
      violations.Add(absl::StrCat(field, ".source_system"), "is required");
      continue;
    }
    if (!flow_index.emplace(flow, i).second) {
      violations.Add(absl::StrCat(field, ".flow"),
                     absl::StrCat("listed twice (also flow_sources[",
                                  flow_index[flow], "])"));
      continue;
    }
    const std::string source = absl::AsciiStrToUpper(fs.source_system);
    const int family = SourceFamily(fs.flow);
    auto [it, inserted] = r.family_sources.emplace(family, source);
    if (!inserted && it->second != source) {
      violations.Add(
          absl::StrCat(field, ".source_system"),
          absl::StrCat("differs from flow_sources[", family_index[family],
                       "]: ", FamilyName(fs.flow),
                       " must come from one source system"));
      continue;
    }
    family_index.emplace(family, i);
  }

  switch (request.preferred_reporting_side) {
    case ReportingSide::kUnspecified:
    case ReportingSide::kReporter:
      r.side = ReportingSide::kReporter;
      break;
    case ReportingSide::kPartner:
    case ReportingSide::kThirdParty:
      r.side = request.preferred_reporting_side;
      break;
    default:
      violations.Add("preferred_reporting_side", "must be a known side");
  }
  if (!violations.empty()) return violations.ToStatus();
  return r;
}

// -----------------------------------------------------------------------------
// The calculator: indexes the observations of A and B and computes points.

class Calculator {
 public:
  Calculator(const std::vector<Observation>& observations, const Resolved& r)
      : r_(r) {
    for (const Observation& o : observations) {
      if (o.reporter_code != r.a && o.reporter_code != r.b) continue;
      if (o.flow == Flow::kUnspecified) continue;
      if (absl::AsciiStrToUpper(o.provenance.source_system) !=
          r.SourceOf(o.flow)) {
        continue;
      }
      // GDP has no partner; "" and "WLD" are both accepted.
      const std::string partner =
          o.flow == Flow::kGdp ? std::string() : o.partner_code;
      by_slot_[Key(o.reporter_code, partner, o.flow, o.year)].push_back(&o);
      by_flow_[std::make_tuple(o.reporter_code, static_cast<int>(o.flow),
                               o.year)]
          .push_back(&o);
      if (o.value.has_value() && std::isfinite(*o.value) &&
          o.year_basis != YearBasis::kPartial &&
          o.year_basis != YearBasis::kFiscal) {
        min_year_ = std::min(min_year_.value_or(o.year), o.year);
        max_year_ = std::max(max_year_.value_or(o.year), o.year);
      }
    }
  }

  // The last year with a usable observation of A or B, if any.
  std::optional<int> max_year() const { return max_year_; }

  IndicatorPoint Compute(Kind kind, int year) {
    return ToPoint(year, Evaluate(kind, year));
  }

 private:
  using SlotKey = std::tuple<std::string, std::string, int, int>;
  using FlowKey = std::tuple<std::string, int, int>;

  static SlotKey Key(const std::string& reporter, const std::string& partner,
                     Flow flow, int year) {
    return SlotKey(reporter, partner, static_cast<int>(flow), year);
  }

  const std::vector<const Observation*>& Candidates(const std::string& reporter,
                                                    const std::string& partner,
                                                    Flow flow, int year) const {
    auto it = by_slot_.find(Key(reporter, partner, flow, year));
    return it == by_slot_.end() ? no_candidates_ : it->second;
  }

  std::string Describe(absl::string_view role, const std::string& reporter,
                       const std::string& partner, Flow flow, int year,
                       SideRule rule) const {
    std::string who;
    switch (rule) {
      case SideRule::kOwn:
        who = absl::StrCat(" as reported by ", reporter);
        break;
      case SideRule::kMirror:
        who = absl::StrCat(" as reported by ", partner, " (mirror figure)");
        break;
      case SideRule::kThirdParty:
        who = " as reported by a third party";
        break;
      case SideRule::kAny:
        break;
    }
    return absl::StrCat(role, ": ", FlowPhrase(flow, reporter, partner), " in ",
                        year, who, " (", r_.SourceOf(flow), ")");
  }

  // The figure of one role; missing (with what was looked for) when there
  // is no eligible observation.
  Quantity Fetch(absl::string_view role, const std::string& reporter,
                 const std::string& partner, Flow flow, int year,
                 SideRule rule) const {
    const std::string slot_partner =
        flow == Flow::kGdp ? std::string() : partner;
    const Selection s =
        Select(Candidates(reporter, slot_partner, flow, year), flow, rule);
    if (s.best == nullptr) {
      Quantity q;
      q.label = std::string(role);
      std::string text = Describe(role, reporter, partner, flow, year, rule);
      if (s.non_calendar) {
        absl::StrAppend(&text,
                        "; only fiscal-year or partial-year figures exist, "
                        "which are not used");
      }
      if (s.no_value) {
        absl::StrAppend(&text, "; the source lists it as unavailable");
      }
      if (s.bad_unit) {
        absl::StrAppend(&text, "; only figures in units that do not fit");
      }
      q.missing.push_back(std::move(text));
      return q;
    }
    Quantity q = FromObservation(role, *s.best);
    if (s.eligible > 1) {
      AddNote(
          q, absl::StrCat(role, ": ", s.eligible, " eligible figures; used ",
                          s.best->indicator_code, " (observations/", s.best->id,
                          ")"));
    }
    // Third-party figures are the norm for some sources (SIPRI, AidData);
    // a partner's figure standing in for the reporter's is worth a note.
    if (rule == SideRule::kAny &&
        s.best->reporting_side == ReportingSide::kPartner) {
      AddNote(q, absl::StrCat(role, ": the partner's (mirror) figure"));
    }
    return q;
  }

  // A bilateral trade figure of `reporter` with `partner`, from the
  // preferred reporting side, never from the other.
  Quantity Bilateral(absl::string_view role, const std::string& reporter,
                     const std::string& partner, Flow flow, int year) const {
    switch (r_.side) {
      case ReportingSide::kThirdParty:
        return Fetch(role, reporter, partner, flow, year,
                     SideRule::kThirdParty);
      case ReportingSide::kPartner: {
        Quantity mirror =
            Fetch(role, reporter, partner, flow, year, SideRule::kMirror);
        if (mirror.value.has_value()) return mirror;
        const Flow counter = CounterFlow(flow);
        Quantity own =
            Fetch(role, partner, reporter, counter, year, SideRule::kOwn);
        if (own.value.has_value()) {
          AddNote(own, absl::StrCat(role, ": the mirror figure is ",
                                    FlowPhrase(counter, partner, reporter),
                                    " as reported by ", partner));
          return own;
        }
        Quantity q;
        q.label = std::string(role);
        q.missing.push_back(absl::StrCat(
            role, ": ", FlowPhrase(flow, reporter, partner), " in ", year,
            " as reported by ", partner, " (a mirror figure, or ",
            FlowPhrase(counter, partner, reporter), "; ", r_.SourceOf(flow),
            ")"));
        return q;
      }
      default:
        return Fetch(role, reporter, partner, flow, year, SideRule::kOwn);
    }
  }

  // T = X + M of `reporter` with `partner` (bilateral: from the preferred
  // side; else with the world, any side), or the source's total-trade
  // figure when X or M is missing. `tag` is "AB", "BA", "A" or "B".
  Quantity Trade(absl::string_view tag, const std::string& reporter,
                 const std::string& partner, int year, bool bilateral,
                 absl::string_view suffix = "") const {
    auto get = [&](absl::string_view q, Flow flow) {
      const std::string role = absl::StrCat(q, "_", tag, suffix);
      return bilateral
                 ? Bilateral(role, reporter, partner, flow, year)
                 : Fetch(role, reporter, partner, flow, year, SideRule::kAny);
    };
    const std::string label = absl::StrCat("T_", tag, suffix);
    Quantity x = get("X", Flow::kExports);
    Quantity m = get("M", Flow::kImports);
    if (x.value.has_value() && m.value.has_value()) return Sum(x, m, label);
    Quantity total = get("T", Flow::kTotalTrade);
    if (total.value.has_value()) {
      AddNote(total, absl::StrCat(label,
                                  ": the source's total-trade figure (exports "
                                  "or imports missing)"));
      return total;
    }
    Quantity q = Combine(x, m, [](double, double, Quantity&) {});
    q.label = label;
    return q;
  }

  Quantity ShareA(int year) const {
    return Ratio(Trade("AB", r_.a, r_.b, year, true),
                 Trade("A", r_.a, kWorld, year, false), "s_A");
  }

  Quantity ShareB(int year) const {
    return Ratio(Trade("BA", r_.b, r_.a, year, true),
                 Trade("B", r_.b, kWorld, year, false), "s_B");
  }

  // Share of A's `flow` that comes from B: <q>_AB / <q>_A.
  Quantity ShareFromB(absl::string_view q, Flow flow, int year) const {
    return Ratio(
        Fetch(absl::StrCat(q, "_AB"), r_.a, r_.b, flow, year, SideRule::kAny),
        Fetch(absl::StrCat(q, "_A"), r_.a, kWorld, flow, year, SideRule::kAny),
        "share");
  }

  // The best eligible figure per partner of `reporter` (aggregates and the
  // reporter itself left out), by partner code.
  std::vector<std::pair<std::string, const Observation*>> PerPartner(
      const std::string& reporter, Flow flow, int year, SideRule rule) const {
    std::vector<std::pair<std::string, const Observation*>> result;
    auto it = by_flow_.find(FlowKey(reporter, static_cast<int>(flow), year));
    if (it == by_flow_.end()) return result;
    absl::flat_hash_map<std::string, std::vector<const Observation*>> groups;
    for (const Observation* o : it->second) {
      if (IsAggregatePartnerCode(o->partner_code) ||
          o->partner_code == reporter) {
        continue;
      }
      groups[o->partner_code].push_back(o);
    }
    for (const auto& [partner, candidates] : groups) {
      const Selection s = Select(candidates, flow, rule);
      if (s.best != nullptr) result.emplace_back(partner, s.best);
    }
    std::sort(result.begin(), result.end());
    return result;
  }

  Quantity ArmsShare(int year) const {
    Quantity from_b =
        Fetch("ARMS_AB", r_.a, r_.b, Flow::kArmsImports, year, SideRule::kAny);
    Quantity total =
        Fetch("ARMS_A", r_.a, kWorld, Flow::kArmsImports, year, SideRule::kAny);
    if (total.value.has_value()) {
      AddNote(total, "ARMS_A: the WLD total");
    } else {
      const auto suppliers =
          PerPartner(r_.a, Flow::kArmsImports, year, SideRule::kAny);
      if (!suppliers.empty()) {
        Quantity sum;
        sum.label = "ARMS_A";
        sum.value = 0.0;
        for (const auto& [partner, o] : suppliers) {
          Absorb(sum, FromObservation(absl::StrCat("ARMS_A:", partner), *o));
          *sum.value += *o->value;
        }
        sum.unit = sum.inputs.front().unit;
        NoteMixedInputUnits(sum);
        AddNote(sum, absl::StrCat("ARMS_A: the sum over ", suppliers.size(),
                                  " suppliers (no WLD total)"));
        total = std::move(sum);
      } else {
        total.missing.back().append("; nor any per-supplier figure to sum");
      }
    }
    return Ratio(from_b, total, "share");
  }

  Quantity ArmsConcentration(int year, bool normalized) const {
    const auto suppliers =
        PerPartner(r_.a, Flow::kArmsImports, year, SideRule::kAny);
    Quantity q;
    if (suppliers.empty()) {
      q.missing.push_back(absl::StrCat(
          "ARMS_A:suppliers: arms imports of ", r_.a, " from each supplier in ",
          year, " (", r_.SourceOf(Flow::kArmsImports), ")"));
      return q;
    }
    std::vector<double> values;
    for (const auto& [partner, o] : suppliers) {
      Absorb(q, FromObservation(absl::StrCat("ARMS_A:", partner), *o));
      values.push_back(*o->value);
    }
    NoteMixedInputUnits(q);
    Concentrate(q, values, normalized, "suppliers");
    return q;
  }

  Quantity TradeConcentration(int year, bool normalized) const {
    struct Flows {
      const Observation* x = nullptr;
      const Observation* m = nullptr;
      const Observation* t = nullptr;
    };
    std::map<std::string, Flows> partners;  // by partner code
    auto add = [&](Flow flow, const Observation* Flows::*member) {
      for (const auto& entry : PerPartner(r_.a, flow, year, SideRule::kOwn)) {
        partners[entry.first].*member = entry.second;
      }
    };
    add(Flow::kExports, &Flows::x);
    add(Flow::kImports, &Flows::m);
    add(Flow::kTotalTrade, &Flows::t);

    Quantity q;
    if (partners.empty()) {
      q.missing.push_back(absl::StrCat(
          "T_A:partners: trade of ", r_.a, " with each partner in ", year,
          " as reported by ", r_.a, " (", r_.SourceOf(Flow::kExports), ")"));
      return q;
    }
    std::vector<double> values;
    int one_sided = 0;
    for (const auto& [partner, f] : partners) {
      if (f.x != nullptr && f.m != nullptr) {
        Absorb(q, FromObservation(absl::StrCat("X_A:", partner), *f.x));
        Absorb(q, FromObservation(absl::StrCat("M_A:", partner), *f.m));
        values.push_back(*f.x->value + *f.m->value);
      } else if (f.t != nullptr) {
        Absorb(q, FromObservation(absl::StrCat("T_A:", partner), *f.t));
        values.push_back(*f.t->value);
      } else {
        const Observation* o = f.x != nullptr ? f.x : f.m;
        Absorb(q, FromObservation(
                      absl::StrCat(f.x != nullptr ? "X_A:" : "M_A:", partner),
                      *o));
        values.push_back(*o->value);
        ++one_sided;
      }
    }
    NoteMixedInputUnits(q);
    if (partners.size() == 1 && partners.begin()->first == r_.b) {
      q.not_applicable = true;
      AddNote(q, absl::StrCat("only ", r_.a, "'s trade with ", r_.b,
                              " is loaded: concentration needs its trade "
                              "with every partner"));
      return q;
    }
    if (one_sided > 0) {
      AddNote(q, absl::StrCat(one_sided,
                              " partners with only exports or only imports "
                              "reported, counted as reported"));
    }
    Concentrate(q, values, normalized, "partners");
    return q;
  }

  Quantity MirrorGap(int year) const {
    const Quantity m =
        Fetch("M_AB", r_.a, r_.b, Flow::kImports, year, SideRule::kOwn);
    const Quantity x =
        Fetch("X_BA", r_.b, r_.a, Flow::kExports, year, SideRule::kOwn);
    return Combine(m, x, [](double mv, double xv, Quantity& q) {
      const double larger = std::max(mv, xv);
      if (larger == 0.0) {
        q.zero_denominator = true;
      } else if (larger < 0.0) {
        q.not_applicable = true;
        AddNote(q, "both figures are negative");
      } else {
        q.value = (mv - xv) / larger;
      }
    });
  }

  // The flow whose growth `kind` measures, in `year`.
  Quantity GrowthBase(Kind kind, int year, absl::string_view suffix) const {
    switch (kind) {
      case Kind::kGrowthExports:
        return Bilateral(absl::StrCat("X_AB", suffix), r_.a, r_.b,
                         Flow::kExports, year);
      case Kind::kGrowthImports:
        return Bilateral(absl::StrCat("M_AB", suffix), r_.a, r_.b,
                         Flow::kImports, year);
      default:
        return Trade("AB", r_.a, r_.b, year, true, suffix);
    }
  }

  // The first year in which the growth base of `kind` has a value.
  std::optional<int> FirstBaseYear(Kind kind) {
    auto it = first_base_year_.find(static_cast<int>(kind));
    if (it != first_base_year_.end()) return it->second;
    std::optional<int> first;
    if (min_year_.has_value()) {
      for (int y = *min_year_; y <= *max_year_; ++y) {
        if (GrowthBase(kind, y, "").value.has_value()) {
          first = y;
          break;
        }
      }
    }
    first_base_year_.emplace(static_cast<int>(kind), first);
    return first;
  }

  Quantity Growth(Kind kind, int year) {
    Quantity current = GrowthBase(kind, year, "");
    if (!current.value.has_value()) return current;
    Quantity previous = GrowthBase(kind, year - 1, "[t-1]");
    if (!previous.value.has_value() && FirstBaseYear(kind) == year) {
      current.value.reset();
      current.not_applicable = true;
      AddNote(current, absl::StrCat("no figure before ", year,
                                    ": growth starts the year after"));
      return current;
    }
    return Combine(current, previous,
                   [](double now, double before, Quantity& q) {
                     if (before == 0.0) {
                       q.zero_denominator = true;
                     } else {
                       q.value = (now - before) / before;
                     }
                   });
  }

  Quantity Evaluate(Kind kind, int year) {
    const std::string& a = r_.a;
    const std::string& b = r_.b;
    switch (kind) {
      case Kind::kTradeBalance: {
        Quantity q =
            Combine(Bilateral("X_AB", a, b, Flow::kExports, year),
                    Bilateral("M_AB", a, b, Flow::kImports, year),
                    [](double x, double m, Quantity& r) { r.value = x - m; });
        return q;
      }
      case Kind::kTradeCoverage:
        return Ratio(Bilateral("X_AB", a, b, Flow::kExports, year),
                     Bilateral("M_AB", a, b, Flow::kImports, year), "coverage");
      case Kind::kShareA:
      case Kind::kShareB: {
        Quantity q = kind == Kind::kShareA ? ShareA(year) : ShareB(year);
        if (q.value.has_value() && *q.value > 1.0) {
          AddNote(q,
                  "above 1: the bilateral figure exceeds the total "
                  "(inconsistent inputs)");
        }
        return q;
      }
      case Kind::kSalience:
        return Combine(ShareA(year), ShareB(year),
                       [](double sa, double sb, Quantity& q) {
                         if (sa * sb < 0.0) {
                           q.not_applicable = true;
                           AddNote(q, "the shares have opposite signs");
                         } else {
                           q.value = std::sqrt(sa * sb);
                         }
                       });
      case Kind::kSymmetry:
        return Combine(ShareA(year), ShareB(year),
                       [](double sa, double sb, Quantity& q) {
                         q.value = 1.0 - std::abs(sa - sb);
                       });
      case Kind::kInterdependence:
        return Combine(
            ShareA(year), ShareB(year), [](double sa, double sb, Quantity& q) {
              if (sa * sb < 0.0) {
                q.not_applicable = true;
                AddNote(q, "the shares have opposite signs");
              } else {
                q.value = std::sqrt(sa * sb) * (1.0 - std::abs(sa - sb));
              }
            });
      case Kind::kDependenceRatio:
        return Ratio(ShareA(year), ShareB(year), "dependence");
      case Kind::kDirectedAsymmetry:
        return Combine(ShareA(year), ShareB(year),
                       [](double sa, double sb, Quantity& q) {
                         if (sa + sb == 0.0) {
                           q.zero_denominator = true;
                         } else {
                           q.value = (sa - sb) / (sa + sb);
                         }
                       });
      case Kind::kTradeGdpA:
        return Ratio(
            Trade("AB", a, b, year, true),
            Fetch("GDP_A", a, kWorld, Flow::kGdp, year, SideRule::kAny), "");
      case Kind::kTradeGdpB:
        return Ratio(
            Trade("BA", b, a, year, true),
            Fetch("GDP_B", b, kWorld, Flow::kGdp, year, SideRule::kAny), "");
      case Kind::kFdiShare:
        return ShareFromB("FDI", Flow::kFdiInflow, year);
      case Kind::kDebtShare:
        return ShareFromB("DEBT", Flow::kExternalDebtStock, year);
      case Kind::kLoanShare:
        return ShareFromB("LOANS", Flow::kLoanCommitments, year);
      case Kind::kArmsShare:
        return ArmsShare(year);
      case Kind::kFinancePctGdp: {
        Quantity q = Ratio(
            Fetch("FIN_AB", a, b, Flow::kOfficialFinanceCommitments, year,
                  SideRule::kAny),
            Fetch("GDP_A", a, kWorld, Flow::kGdp, year, SideRule::kAny), "");
        if (q.value.has_value()) *q.value *= 100.0;
        return q;
      }
      case Kind::kArmsHhi:
      case Kind::kArmsHhiNormalized:
        return ArmsConcentration(year, kind == Kind::kArmsHhiNormalized);
      case Kind::kTradeHhi:
      case Kind::kTradeHhiNormalized:
        return TradeConcentration(year, kind == Kind::kTradeHhiNormalized);
      case Kind::kMirrorGap:
        return MirrorGap(year);
      case Kind::kGrowthExports:
      case Kind::kGrowthImports:
      case Kind::kGrowthTrade:
        return Growth(kind, year);
    }
    Quantity q;
    q.not_applicable = true;
    return q;
  }

  const Resolved& r_;
  const std::vector<const Observation*> no_candidates_;
  absl::flat_hash_map<SlotKey, std::vector<const Observation*>> by_slot_;
  absl::flat_hash_map<FlowKey, std::vector<const Observation*>> by_flow_;
  std::optional<int> min_year_;
  std::optional<int> max_year_;
  absl::flat_hash_map<int, std::optional<int>> first_base_year_;
};

}  // namespace

absl::StatusOr<std::vector<IndicatorSeries>> ComputeIndicators(
    const std::vector<Observation>& observations,
    const IndicatorRequest& request) {
  absl::StatusOr<Resolved> resolved = Resolve(request);
  if (!resolved.ok()) return resolved.status();
  Resolved& r = *resolved;
  Calculator calculator(observations, r);
  if (request.end_year.has_value()) {
    r.end_year = *request.end_year;
  } else {
    const std::optional<int> last = calculator.max_year();
    r.end_year = last.has_value() && *last >= r.start_year
                     ? std::min(*last, r.start_year + kMaxIndicatorYears - 1)
                     : r.start_year;
  }

  std::vector<IndicatorSeries> result;
  result.reserve(r.entries.size());
  for (const CatalogEntry* entry : r.entries) {
    IndicatorSeries series;
    series.indicator = ToDefinition(*entry);
    series.points.reserve(r.end_year - r.start_year + 1);
    for (int year = r.start_year; year <= r.end_year; ++year) {
      series.points.push_back(calculator.Compute(entry->kind, year));
    }
    series.coverage =
        ComputeYearCoverage(series.points, r.start_year, r.end_year);
    result.push_back(std::move(series));
  }
  return result;
}

YearCoverage ComputeYearCoverage(const std::vector<IndicatorPoint>& points,
                                 int first_year, int last_year) {
  YearCoverage coverage;
  if (last_year < first_year) return coverage;
  absl::flat_hash_set<int> with_data;
  for (const IndicatorPoint& p : points) {
    if (p.value.has_value() && p.year >= first_year && p.year <= last_year) {
      with_data.insert(p.year);
    }
  }
  coverage.years_in_span = last_year - first_year + 1;
  for (int year = first_year; year <= last_year; ++year) {
    if (with_data.contains(year)) {
      ++coverage.years_with_data;
      if (!coverage.first_year_with_data.has_value()) {
        coverage.first_year_with_data = year;
      }
      coverage.last_year_with_data = year;
    } else {
      coverage.missing_years.push_back(year);
    }
  }
  return coverage;
}

}  // namespace dyadscope::economics
