// File: common/server/auth.h
// -----------------------------------------------------------------------------
// Bearer-token authorization. A token file holds one token a line (blank
// lines and lines starting with # are skipped; surrounding spaces are not
// part of a token; each token is at least 16 characters). A call presents
// `authorization: Bearer <token>`; it is compared with every token in
// constant time. Writes always need a token once a token file is set;
// reads only with `protect_reads` (--auth_reads). Health and reflection
// stay open. Without a token file nothing is checked (a warning is logged
// at start-up): set one wherever the port is reachable by others.
//
// Handlers check every call first with their CallPolicy
// (common/server/call_policy.h), which holds the authorizer that
// ServerOptionsFromFlags loads from the --auth_token_file / --auth_reads
// flags; ServeUntilSignal reloads the file on SIGHUP. Tokens never appear
// in logs or error messages.

#ifndef DYADSCOPE_COMMON_SERVER_AUTH_H_
#define DYADSCOPE_COMMON_SERVER_AUTH_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace dyadscope {

// What a call does to the store.
enum class Access { kRead, kWrite };

// Shortest token a token file may hold.
inline constexpr std::size_t kMinTokenLength = 16;

class TokenAuthorizer {
 public:
  // Reads the token file. FAILED_PRECONDITION when it cannot be read or
  // holds no token; INVALID_ARGUMENT (with the line number) for a token
  // that is too short or contains a space or control character.
  static absl::StatusOr<std::unique_ptr<TokenAuthorizer>> Load(
      const std::string& path, bool protect_reads);

  // Reads the file again; on any error keeps the tokens it had and returns
  // the error.
  absl::Status Reload();

  // OK when a call with this `authorization` header value (empty: none)
  // may do `access`; UNAUTHENTICATED (reason TOKEN_MISSING or
  // TOKEN_INVALID) otherwise.
  absl::Status Check(absl::string_view authorization, Access access) const;

  int token_count() const;
  bool protect_reads() const { return protect_reads_; }
  const std::string& path() const { return path_; }

 private:
  TokenAuthorizer(std::string path, bool protect_reads)
      : path_(std::move(path)), protect_reads_(protect_reads) {}

  const std::string path_;
  const bool protect_reads_;
  mutable absl::Mutex mu_;
  std::vector<std::string> tokens_ ABSL_GUARDED_BY(mu_);
};

// Returns the tokens of a token file's text (exposed for tests).
absl::StatusOr<std::vector<std::string>> ParseTokenFile(absl::string_view text);

// True when `a` equals `b`; the time taken depends only on their lengths,
// not on where they differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_SERVER_AUTH_H_
