#include "common/util/request_log.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace dyadscope {

std::string EncodeWriteAnswers(const std::vector<WriteAnswer>& answers) {
  std::vector<std::string> items;
  for (const WriteAnswer& a : answers) {
    items.push_back(absl::StrCat(a.id, ":", a.version, ":", a.outcome));
  }
  return absl::StrJoin(items, ";");
}

absl::StatusOr<std::vector<WriteAnswer>> DecodeWriteAnswers(
    absl::string_view text) {
  std::vector<WriteAnswer> answers;
  for (absl::string_view item : absl::StrSplit(text, ';', absl::SkipEmpty())) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ':');
    WriteAnswer a;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &a.id) ||
        !absl::SimpleAtoi(parts[1], &a.version) ||
        !absl::SimpleAtoi(parts[2], &a.outcome)) {
      return absl::DataLossError("a stored request answer is corrupt");
    }
    answers.push_back(a);
  }
  return answers;
}

}  // namespace dyadscope
