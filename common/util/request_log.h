// File: common/util/request_log.h
// -----------------------------------------------------------------------------
// The domain side of idempotent requests, shared by every store's manager:
// the stored answer of a batch write ("id:version:outcome;…") and the
// started/completed markers of a file import that make a re-sent import
// report `resumed`. The writers (EventWriter, ObservationWriter, …) provide
// FindRequest/RecordRequest over their store's request log.

#ifndef DYADSCOPE_COMMON_UTIL_REQUEST_LOG_H_
#define DYADSCOPE_COMMON_UTIL_REQUEST_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace dyadscope {

// One record a batch write produced.
struct WriteAnswer {
  int64_t id = 0;
  int64_t version = 0;
  int outcome = 0;  // a WriteOutcome
};

// Returns the stored form of `answers`.
std::string EncodeWriteAnswers(const std::vector<WriteAnswer>& answers);

// Parses a stored answer; DATA_LOSS when it is corrupt.
absl::StatusOr<std::vector<WriteAnswer>> DecodeWriteAnswers(
    absl::string_view text);

// Marks the import `request_id` of `method` as started (once) and returns
// whether it resumes an earlier import that never completed.
template <typename Writer>
absl::StatusOr<bool> BeginImportRun(Writer& writer,
                                    absl::string_view request_id,
                                    absl::string_view method) {
  const std::string started = absl::StrCat(method, "/started");
  const std::string completed = absl::StrCat(method, "/completed");
  absl::StatusOr<std::optional<std::string>> was_started =
      writer.FindRequest(request_id, started, "");
  if (!was_started.ok()) return was_started.status();
  absl::StatusOr<std::optional<std::string>> was_completed =
      writer.FindRequest(request_id, completed, "");
  if (!was_completed.ok()) return was_completed.status();
  if (!was_started->has_value()) {
    absl::Status status = writer.RecordRequest(request_id, started, "", "");
    if (!status.ok()) return status;
  }
  return was_started->has_value() && !was_completed->has_value();
}

// Marks the import `request_id` of `method` as completed (once).
template <typename Writer>
absl::Status EndImportRun(Writer& writer, absl::string_view request_id,
                          absl::string_view method) {
  const std::string completed = absl::StrCat(method, "/completed");
  absl::StatusOr<std::optional<std::string>> was_completed =
      writer.FindRequest(request_id, completed, "");
  if (!was_completed.ok()) return was_completed.status();
  if (was_completed->has_value()) return absl::OkStatus();
  return writer.RecordRequest(request_id, completed, "", "");
}

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_UTIL_REQUEST_LOG_H_
