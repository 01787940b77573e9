// File: common/storage/sql_helpers.h
// -----------------------------------------------------------------------------
// Small pieces every SQL store repeats: WHERE clauses built with bound
// parameters, LIKE escaping, a strictly increasing record clock, and the
// request log behind idempotent writes (`requests` table: request_id,
// method, fingerprint, answer, record_time_us).

#ifndef DYADSCOPE_COMMON_STORAGE_SQL_HELPERS_H_
#define DYADSCOPE_COMMON_STORAGE_SQL_HELPERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/storage/database.h"
#include "common/types/types.h"

namespace dyadscope::storage {

// The stored value of an enum: its number.
template <typename Enum>
SqlValue EnumValue(Enum value) {
  return int64_t{static_cast<int>(value)};
}

// A WHERE clause and its bound parameters, built condition by condition.
struct Clause {
  std::string sql;
  std::vector<SqlValue> params;

  // Appends `condition` with AND.
  void And(absl::string_view condition);

  // Appends "column IN (?, ?, …)" for `values` (nothing when empty).
  void AndIn(absl::string_view column, const std::vector<SqlValue>& values);
  void AndIn(absl::string_view column, const std::vector<std::string>& values);

  // AndIn of enum values, stored as their numbers.
  template <typename Enum>
  void AndInEnums(absl::string_view column, const std::vector<Enum>& values) {
    std::vector<SqlValue> numbers;
    numbers.reserve(values.size());
    // In place: GCC 12 warns (falsely) of an uninitialized string when a
    // temporary SqlValue is moved into the vector.
    for (Enum value : values) {
      numbers.emplace_back(std::in_place_type<int64_t>,
                           static_cast<int>(value));
    }
    AndIn(column, numbers);
  }

  // Appends "column = ?" when `value` is not empty (an unset filter).
  void AndEqualUnlessEmpty(absl::string_view column, const std::string& value);

  // Appends "column >= ?" (AndAtLeast) or "column <= ?" (AndAtMost) when the
  // bound is set.
  void AndAtLeast(absl::string_view column, std::optional<int64_t> bound);
  void AndAtMost(absl::string_view column, std::optional<int64_t> bound);

  // Returns " WHERE <sql>", or "" when there is no condition.
  std::string Where() const;

  // Returns a text that is equal for two clauses exactly when their SQL and
  // parameters (with their types) are: a query's identity, for page tokens.
  std::string CanonicalText() const;
};

// Restricts `clause` to the versions `options` sees, for a versions table
// aliased `alias` with the columns record_time_us, superseded_time_us (NULL
// while current) and deleted.
void AddVersionFilter(const ReadOptions& options, absl::string_view alias,
                      Clause& clause);

// Escapes LIKE wildcards for use with ESCAPE '\'.
std::string EscapeLike(absl::string_view text);

// Hands out record times: now, but strictly after every earlier one of this
// clock (microsecond resolution), so versions of one process never tie.
// Thread-safe.
class RecordClock {
 public:
  absl::Time Next();

 private:
  absl::Mutex mu_;
  int64_t last_us_ ABSL_GUARDED_BY(mu_) = 0;
};

// Returns the answer recorded for (request_id, method), or nullopt;
// ALREADY_EXISTS (reason REQUEST_ID_REUSED) when it was recorded with
// another fingerprint.
absl::StatusOr<std::optional<std::string>> FindRequestAnswer(
    SqlSession& session, absl::string_view request_id, absl::string_view method,
    absl::string_view fingerprint);

// Records the answer of (request_id, method).
absl::Status RecordRequestAnswer(SqlSession& session,
                                 absl::string_view request_id,
                                 absl::string_view method,
                                 absl::string_view fingerprint,
                                 absl::string_view answer);

}  // namespace dyadscope::storage

#endif  // DYADSCOPE_COMMON_STORAGE_SQL_HELPERS_H_
