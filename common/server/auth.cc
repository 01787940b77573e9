#include "common/server/auth.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/error_details.h"

namespace dyadscope {
namespace {

absl::StatusOr<std::vector<std::string>> ReadTokenFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the token file ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<std::string>> tokens = ParseTokenFile(text.str());
  if (!tokens.ok()) {
    return absl::Status(tokens.status().code(),
                        absl::StrCat(path, ": ", tokens.status().message()));
  }
  return tokens;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseTokenFile(
    absl::string_view text) {
  std::vector<std::string> tokens;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    for (char c : line) {
      if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line_number,
                         ": a token contains a space or control character"));
      }
    }
    if (line.size() < kMinTokenLength) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": a token is shorter than ",
                       kMinTokenLength, " characters"));
    }
    tokens.emplace_back(line);
  }
  if (tokens.empty()) {
    return absl::FailedPreconditionError("the token file holds no token");
  }
  return tokens;
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  // Walk the longer length so that a prefix is not faster to reject; the
  // length difference itself makes the result false.
  const std::size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? a[i] : 0;
    const unsigned char y = i < b.size() ? b[i] : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

absl::StatusOr<std::unique_ptr<TokenAuthorizer>> TokenAuthorizer::Load(
    const std::string& path, bool protect_reads) {
  absl::StatusOr<std::vector<std::string>> tokens = ReadTokenFile(path);
  if (!tokens.ok()) return tokens.status();
  std::unique_ptr<TokenAuthorizer> authorizer(
      new TokenAuthorizer(path, protect_reads));
  absl::MutexLock lock(&authorizer->mu_);
  authorizer->tokens_ = *std::move(tokens);
  return authorizer;
}

absl::Status TokenAuthorizer::Reload() {
  absl::StatusOr<std::vector<std::string>> tokens = ReadTokenFile(path_);
  if (!tokens.ok()) return tokens.status();
  absl::MutexLock lock(&mu_);
  tokens_ = *std::move(tokens);
  return absl::OkStatus();
}

int TokenAuthorizer::token_count() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(tokens_.size());
}

absl::Status TokenAuthorizer::Check(absl::string_view authorization,
                                    Access access) const {
  if (access == Access::kRead && !protect_reads_) return absl::OkStatus();
  const char* what = access == Access::kWrite ? "writes" : "reads";
  if (authorization.empty()) {
    return WithReason(absl::UnauthenticatedError(absl::StrCat(
                          what,
                          " need an \"authorization: Bearer <token>\" "
                          "header")),
                      "TOKEN_MISSING");
  }
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !absl::StartsWithIgnoreCase(authorization, kScheme)) {
    return WithReason(
        absl::UnauthenticatedError("the authorization header is not a "
                                   "bearer token"),
        "TOKEN_INVALID");
  }
  const absl::string_view presented =
      absl::StripAsciiWhitespace(authorization.substr(kScheme.size()));
  bool match = false;
  {
    absl::MutexLock lock(&mu_);
    for (const std::string& token : tokens_) {
      // Every token is compared, whatever matched before.
      match = ConstantTimeEquals(presented, token) || match;
    }
  }
  if (!match) {
    return WithReason(absl::UnauthenticatedError("the bearer token is not "
                                                 "valid"),
                      "TOKEN_INVALID");
  }
  return absl::OkStatus();
}

}  // namespace dyadscope
