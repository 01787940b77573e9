// File: common/util/page_token.h
// -----------------------------------------------------------------------------
// Opaque page tokens for List methods: a cursor plus the fingerprint of the
// query it belongs to, web-safe base64 encoded. A token is only accepted by
// the same query (INVALID_ARGUMENT otherwise), and a malformed or forged one
// is INVALID_ARGUMENT naming `page_token`.

#ifndef DYADSCOPE_COMMON_UTIL_PAGE_TOKEN_H_
#define DYADSCOPE_COMMON_UTIL_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dyadscope {

// Returns a token holding `values` for the query with `query_fingerprint`.
std::string EncodePageToken(absl::string_view query_fingerprint,
                            const std::vector<int64_t>& values);

// Returns the values of `token` (of exactly `expected_values` values) when it
// was made for `query_fingerprint`.
absl::StatusOr<std::vector<int64_t>> DecodePageToken(
    absl::string_view token, absl::string_view query_fingerprint,
    std::size_t expected_values);

// Returns the page size to use: `default_size` for 0, `requested` clamped to
// `max_size` otherwise; INVALID_ARGUMENT naming page_size when negative.
absl::StatusOr<int> ClampPageSize(int requested, int default_size,
                                  int max_size);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_UTIL_PAGE_TOKEN_H_
