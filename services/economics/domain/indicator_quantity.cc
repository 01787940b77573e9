#include "services/economics/domain/indicator_quantity.h"

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
#include "services/economics/domain/indicators.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics::indicators_internal {

std::string UnitLabel(const Observation& o) {
  switch (o.unit) {
    case Unit::kUsdCurrent:
      return "USD";
    case Unit::kUsdConstant:
      return o.base_year.has_value()
                 ? absl::StrCat("USD constant ", *o.base_year)
                 : std::string("USD constant");
    case Unit::kPercentOfGdp:
      return "% of GDP";
    case Unit::kPercent:
      return "percent";
    case Unit::kSipriTivMillions:
      return "TIV millions";
    case Unit::kRatio:
      return "ratio";
    case Unit::kCount:
      return "count";
    case Unit::kOther:
      return o.unit_label.empty() ? std::string("other") : o.unit_label;
    case Unit::kUnspecified:
      break;
  }
  return o.unit_label;
}

void AddNote(Quantity& q, std::string note) {
  if (std::find(q.notes.begin(), q.notes.end(), note) == q.notes.end()) {
    q.notes.push_back(std::move(note));
  }
}

// Adds `from`'s inputs, missing roles, notes and flags to `into`.
void Absorb(Quantity& into, const Quantity& from) {
  for (const IndicatorInput& input : from.inputs) {
    const bool seen = std::any_of(
        into.inputs.begin(), into.inputs.end(), [&](const IndicatorInput& i) {
          return i.role == input.role &&
                 i.observation_id == input.observation_id;
        });
    if (!seen) into.inputs.push_back(input);
  }
  for (const std::string& m : from.missing) {
    if (std::find(into.missing.begin(), into.missing.end(), m) ==
        into.missing.end()) {
      into.missing.push_back(m);
    }
  }
  for (const std::string& note : from.notes) AddNote(into, note);
  into.zero_denominator = into.zero_denominator || from.zero_denominator;
  into.not_applicable = into.not_applicable || from.not_applicable;
}

Quantity FromObservation(absl::string_view role, const Observation& o) {
  Quantity q;
  q.label = std::string(role);
  q.value = *o.value;
  q.unit = UnitLabel(o);
  IndicatorInput input;
  input.role = std::string(role);
  input.observation_id = o.id;
  input.observation_version = o.version.version;
  input.value = *o.value;
  input.unit = q.unit;
  input.source_system = o.provenance.source_system;
  q.inputs.push_back(std::move(input));
  switch (o.qualifier) {
    case ValueQualifier::kAtLeast:
      AddNote(q, absl::StrCat(role, ": the source gives a lower bound"));
      break;
    case ValueQualifier::kAtMost:
      AddNote(q, absl::StrCat(role, ": the source gives an upper bound"));
      break;
    case ValueQualifier::kApproximate:
      AddNote(q, absl::StrCat(role, ": the source gives an approximate value"));
      break;
    default:
      break;
  }
  return q;
}

// Merges `a` and `b`; when both have values, `fn(x, y, q)` sets q's value or
Quantity Sum(const Quantity& a, const Quantity& b, absl::string_view label) {
  Quantity q =
      Combine(a, b, [](double x, double y, Quantity& r) { r.value = x + y; });
  q.label = std::string(label);
  return q;
}

Quantity Ratio(const Quantity& num, const Quantity& den,
               absl::string_view label) {
  Quantity q = Combine(num, den, [](double x, double y, Quantity& r) {
    if (y == 0.0) {
      r.zero_denominator = true;
    } else {
      r.value = x / y;
    }
  });
  q.label = std::string(label);
  q.unit = "ratio";
  return q;
}

// Notes when the inputs of a sum over partners are in different units.
void NoteMixedInputUnits(Quantity& q) {
  for (const IndicatorInput& input : q.inputs) {
    if (input.unit != q.inputs.front().unit) {
      AddNote(q, "the figures summed are in different units");
      return;
    }
  }
}

// Sets the HHI (or its normalised form) of `values` on `q`; `what` names
// the units counted ("suppliers", "partners").
void Concentrate(Quantity& q, const std::vector<double>& values,
                 bool normalized, absl::string_view what) {
  double sum = 0.0;
  int positive = 0;
  for (double v : values) {
    if (v < 0.0) {
      q.not_applicable = true;
      AddNote(q, "a negative figure: concentration is undefined");
      return;
    }
    sum += v;
    if (v > 0.0) ++positive;
  }
  if (sum == 0.0) {
    q.zero_denominator = true;
    AddNote(q, absl::StrCat("no ", what, " with a figure above 0"));
    return;
  }
  double hhi = 0.0;
  for (double v : values) {
    const double share = v / sum;
    hhi += share * share;
  }
  AddNote(q,
          absl::StrCat("N = ", positive, " ", what, " with a figure above 0"));
  double value = hhi;
  if (normalized) {
    const double floor = 1.0 / positive;
    value = positive == 1 ? 1.0 : (hhi - floor) / (1.0 - floor);
  }
  q.value = std::clamp(value, 0.0, 1.0);
  q.unit = "index";
}

IndicatorPoint ToPoint(int year, Quantity q) {
  IndicatorPoint p;
  p.year = year;
  p.inputs = std::move(q.inputs);
  p.missing_inputs = std::move(q.missing);
  if (!p.missing_inputs.empty()) {
    p.status = ValueStatus::kMissingInput;
  } else if (q.zero_denominator) {
    p.status = ValueStatus::kZeroDenominator;
  } else if (q.not_applicable) {
    p.status = ValueStatus::kNotApplicable;
  } else if (q.value.has_value() && std::isfinite(*q.value)) {
    p.status = ValueStatus::kOk;
    p.value = *q.value;
  } else {
    p.status = ValueStatus::kNotApplicable;
    AddNote(q, "the result is not a finite number");
  }
  p.note = absl::StrJoin(q.notes, "; ");
  return p;
}

}  // namespace dyadscope::economics::indicators_internal
