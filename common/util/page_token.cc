#include "common/util/page_token.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/error_details.h"
#include "common/util/fingerprint.h"

namespace dyadscope {
namespace {

constexpr absl::string_view kVersion = "p1";

absl::Status BadToken(absl::string_view why) {
  return WithReason(InvalidField("page_token", why), "INVALID_PAGE_TOKEN");
}

}  // namespace

std::string EncodePageToken(absl::string_view query_fingerprint,
                            const std::vector<int64_t>& values) {
  std::string payload = absl::StrCat(kVersion, "|", query_fingerprint, "|",
                                     absl::StrJoin(values, ","));
  // A checksum makes accidental edits detectable.
  absl::StrAppend(&payload, "|", FingerprintHex(payload));
  return absl::WebSafeBase64Escape(payload);
}

absl::StatusOr<std::vector<int64_t>> DecodePageToken(
    absl::string_view token, absl::string_view query_fingerprint,
    std::size_t expected_values) {
  std::string payload;
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &payload)) {
    return BadToken("is not a page token from this service");
  }
  std::vector<std::string> parts = absl::StrSplit(payload, '|');
  if (parts.size() != 4 || parts[0] != kVersion) {
    return BadToken("is not a page token from this service");
  }
  const std::string body = absl::StrCat(parts[0], "|", parts[1], "|", parts[2]);
  if (FingerprintHex(body) != parts[3]) {
    return BadToken("is corrupted");
  }
  if (parts[1] != query_fingerprint) {
    return BadToken(
        "belongs to a different query; repeat the first request's filter");
  }
  std::vector<int64_t> values;
  for (absl::string_view item : absl::StrSplit(parts[2], ',')) {
    int64_t value = 0;
    if (!absl::SimpleAtoi(item, &value)) return BadToken("is corrupted");
    values.push_back(value);
  }
  if (values.size() != expected_values) return BadToken("is corrupted");
  return values;
}

absl::StatusOr<int> ClampPageSize(int requested, int default_size,
                                  int max_size) {
  if (requested < 0) {
    return InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) return default_size;
  return requested > max_size ? max_size : requested;
}

}  // namespace dyadscope
