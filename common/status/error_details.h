// File: common/status/error_details.h
// -----------------------------------------------------------------------------
// Transport-free error details carried inside absl::Status payloads, so that
// domain code (which links neither gRPC nor protobuf) can say which fields
// were wrong and why, and the handler layer can turn them into
// google.rpc.BadRequest and google.rpc.ErrorInfo exactly once.

#ifndef DYADSCOPE_COMMON_STATUS_ERROR_DETAILS_H_
#define DYADSCOPE_COMMON_STATUS_ERROR_DETAILS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dyadscope {

// One bad field of a request: `field` is a path such as "events[3].cameo_code"
// and `description` says what is wrong in a short English sentence.
struct FieldViolation {
  std::string field;
  std::string description;

  bool operator==(const FieldViolation& other) const {
    return field == other.field && description == other.description;
  }
};

// Collects the violations found while validating one request and yields one
// INVALID_ARGUMENT status that names all of them. Not thread-safe.
// Size limits of free-text fields in records (names and labels; notes and
// descriptions). A record is an analyst's fact with its source, not a
// document store.
inline constexpr size_t kMaxShortTextBytes = 1000;
inline constexpr size_t kMaxLongTextBytes = 100000;

class FieldViolations {
 public:
  // Records that `field` is invalid because of `description`.
  void Add(absl::string_view field, absl::string_view description);

  // Records "is longer than N bytes" at `field` when `value` is longer than
  // `max_bytes` (N = max_bytes).
  void CheckLength(absl::string_view field, absl::string_view value,
                   size_t max_bytes);

  // Returns true when nothing has been recorded.
  bool empty() const { return violations_.empty(); }

  // Returns the violations recorded so far, in the order they were added.
  const std::vector<FieldViolation>& violations() const { return violations_; }

  // Returns OK when empty, otherwise INVALID_ARGUMENT whose message names the
  // first violation (and how many more there are) and whose payload lists
  // every violation.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// Names the sub-fields of a record's `field` in violations:
// FieldPath("incidents[2]")("date") is "incidents[2].date", and
// FieldPath("")("date") is "date". `field` must outlive it.
class FieldPath {
 public:
  explicit FieldPath(absl::string_view field) : field_(field) {}
  std::string operator()(absl::string_view sub) const;

 private:
  absl::string_view field_;
};

// Returns an INVALID_ARGUMENT status for a single bad field.
absl::Status InvalidField(absl::string_view field,
                          absl::string_view description);

// Returns the field violations attached to `status` (empty if none).
std::vector<FieldViolation> GetFieldViolations(const absl::Status& status);

// Returns `status` with its machine-readable reason set (UPPER_SNAKE_CASE,
// e.g. "EVENT_NOT_FOUND"); it becomes google.rpc.ErrorInfo.reason.
absl::Status WithReason(absl::Status status, absl::string_view reason);

// Returns the reason attached to `status`, or the canonical code name in
// UPPER_SNAKE_CASE (e.g. "INVALID_ARGUMENT") when none was attached.
std::string GetReason(const absl::Status& status);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_STATUS_ERROR_DETAILS_H_
