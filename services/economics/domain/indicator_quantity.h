// File: services/economics/domain/indicator_quantity.h
// -----------------------------------------------------------------------------
// Quantities of the indicator calculator (internal to the economics
// indicators): a value, or why there is none, with the inputs, missing roles
// and notes behind it; sums, ratios and concentrations that carry all of
// that along; and the conversion of a quantity into an IndicatorPoint.

#ifndef DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_QUANTITY_H_
#define DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_QUANTITY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/economics/domain/indicators.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics::indicators_internal {

// Returns the unit of an observation's value as notes and inputs name it.
std::string UnitLabel(const Observation& o);

struct Quantity {
  std::string label;  // the role or name in notes ("T_AB", "s_A")
  std::optional<double> value;
  std::string unit;
  std::vector<IndicatorInput> inputs;
  std::vector<std::string> missing;
  std::vector<std::string> notes;
  bool zero_denominator = false;
  bool not_applicable = false;
};

// Adds `note` unless `q` has it already.
void AddNote(Quantity& q, std::string note);

// Adds `from`'s inputs, missing roles, notes and flags to `into`.
void Absorb(Quantity& into, const Quantity& from);

// Returns the quantity of one observation (its value, unit and qualifier) in
// `role`.
Quantity FromObservation(absl::string_view role, const Observation& o);

// flags. A note is added when their units differ.
template <typename Fn>
Quantity Combine(const Quantity& a, const Quantity& b, Fn fn) {
  Quantity q;
  Absorb(q, a);
  Absorb(q, b);
  if (a.value.has_value() && b.value.has_value()) {
    if (a.unit == b.unit) {
      q.unit = a.unit;
    } else {
      q.unit = "mixed";
      AddNote(q, absl::StrCat("units differ: ", a.label, " in ", a.unit, ", ",
                              b.label, " in ", b.unit));
    }
    fn(*a.value, *b.value, q);
  }
  return q;
}

// Returns a + b, labelled `label`.
Quantity Sum(const Quantity& a, const Quantity& b, absl::string_view label);

// Returns num / den (unit "ratio"), flagging a zero denominator.
Quantity Ratio(const Quantity& num, const Quantity& den,
               absl::string_view label);

// Notes when the inputs of a sum over partners are in different units.
void NoteMixedInputUnits(Quantity& q);

// Sets the HHI (or its normalised form) of `values` on `q`; `what` names
// the units counted ("suppliers", "partners").
void Concentrate(Quantity& q, const std::vector<double>& values,
                 bool normalized, absl::string_view what);

// Returns the point of `year` that `q` makes.
IndicatorPoint ToPoint(int year, Quantity q);

}  // namespace dyadscope::economics::indicators_internal

#endif  // DYADSCOPE_SERVICES_ECONOMICS_DOMAIN_INDICATOR_QUANTITY_H_
