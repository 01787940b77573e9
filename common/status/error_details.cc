#include "common/status/error_details.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dyadscope {
namespace {

constexpr absl::string_view kViolationsUrl =
    "type.dyadscope.dev/dyadscope.FieldViolations";
constexpr absl::string_view kReasonUrl = "type.dyadscope.dev/dyadscope.Reason";

// Violations are stored as "field\x1f description\x1e" records: unit and
// record separators cannot occur in field paths and are stripped from
// descriptions, so the encoding is unambiguous without a serialisation
// library.
std::string Clean(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '\x1e' && c != '\x1f') out.push_back(c);
  }
  return out;
}

}  // namespace

void FieldViolations::Add(absl::string_view field,
                          absl::string_view description) {
  violations_.push_back({Clean(field), Clean(description)});
}

void FieldViolations::CheckLength(absl::string_view field,
                                  absl::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    Add(field, absl::StrCat("is longer than ", max_bytes, " bytes"));
  }
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  std::string message =
      absl::StrCat(violations_[0].field, ": ", violations_[0].description);
  if (violations_.size() > 1) {
    absl::StrAppend(&message, " (and ", violations_.size() - 1,
                    " more invalid field", violations_.size() > 2 ? "s" : "",
                    ")");
  }
  absl::Status status = absl::InvalidArgumentError(message);
  std::string encoded;
  for (const FieldViolation& v : violations_) {
    absl::StrAppend(&encoded, v.field, "\x1f", v.description, "\x1e");
  }
  status.SetPayload(kViolationsUrl, absl::Cord(encoded));
  return status;
}

std::string FieldPath::operator()(absl::string_view sub) const {
  return absl::StrCat(field_, field_.empty() ? "" : ".", sub);
}

absl::Status InvalidField(absl::string_view field,
                          absl::string_view description) {
  FieldViolations violations;
  violations.Add(field, description);
  return violations.ToStatus();
}

std::vector<FieldViolation> GetFieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  absl::optional<absl::Cord> payload = status.GetPayload(kViolationsUrl);
  if (!payload.has_value()) return out;
  std::string encoded(*payload);
  for (absl::string_view record :
       absl::StrSplit(encoded, '\x1e', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(record, absl::MaxSplits('\x1f', 1));
    out.push_back({std::string(parts.first), std::string(parts.second)});
  }
  return out;
}

absl::Status WithReason(absl::Status status, absl::string_view reason) {
  if (!status.ok()) status.SetPayload(kReasonUrl, absl::Cord(reason));
  return status;
}

std::string GetReason(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kReasonUrl);
  if (payload.has_value()) return std::string(*payload);
  return absl::StatusCodeToString(status.code());
}

}  // namespace dyadscope
