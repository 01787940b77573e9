// File: common/status/status_macros.h
// -----------------------------------------------------------------------------
// Propagation macros for absl::Status and absl::StatusOr, with the meaning of
// ABSL_RETURN_IF_ERROR / ABSL_ASSIGN_OR_RETURN in newer Abseil releases (the
// Abseil in Debian 12 has neither). When Abseil is upgraded, switch by
// search-and-replace.

#ifndef DYADSCOPE_COMMON_STATUS_STATUS_MACROS_H_
#define DYADSCOPE_COMMON_STATUS_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) and returns it from the enclosing
// function when it is not OK.
#define DYADSCOPE_RETURN_IF_ERROR(expr)                 \
  do {                                                  \
    ::absl::Status dyadscope_status_internal_ = (expr); \
    if (!dyadscope_status_internal_.ok()) {             \
      return dyadscope_status_internal_;                \
    }                                                   \
  } while (false)

#define DYADSCOPE_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define DYADSCOPE_STATUS_MACROS_CONCAT_(a, b) \
  DYADSCOPE_STATUS_MACROS_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status from the
// enclosing function when it is not OK, otherwise moves the value into `lhs`,
// which may be a declaration: DYADSCOPE_ASSIGN_OR_RETURN(auto x, Parse(s));
#define DYADSCOPE_ASSIGN_OR_RETURN(lhs, rexpr)                             \
  DYADSCOPE_ASSIGN_OR_RETURN_IMPL_(                                        \
      DYADSCOPE_STATUS_MACROS_CONCAT_(dyadscope_statusor_, __LINE__), lhs, \
      rexpr)

#define DYADSCOPE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                     \
  if (!statusor.ok()) {                                        \
    return std::move(statusor).status();                       \
  }                                                            \
  lhs = *std::move(statusor)

#endif  // DYADSCOPE_COMMON_STATUS_STATUS_MACROS_H_
