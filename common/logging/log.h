// File: common/logging/log.h
// -----------------------------------------------------------------------------
// A tiny structured logging facade: one JSON object per line on stderr, so
// that log collectors can parse every line (Debian 12's Abseil has no
// absl/log). Never log request payloads, tokens or other secrets.

#ifndef DYADSCOPE_COMMON_LOGGING_LOG_H_
#define DYADSCOPE_COMMON_LOGGING_LOG_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace dyadscope::log {

// One key/value of a log line. Numbers are written as JSON numbers, strings
// as escaped JSON strings.
class Field {
 public:
  Field(absl::string_view key, absl::string_view value);
  Field(absl::string_view key, const char* value);
  Field(absl::string_view key, const std::string& value);
  Field(absl::string_view key, int64_t value);
  Field(absl::string_view key, int value);
  Field(absl::string_view key, double value);
  Field(absl::string_view key, bool value);

  const std::string& key() const { return key_; }
  // The value already encoded as JSON.
  const std::string& json_value() const { return json_value_; }

 private:
  std::string key_;
  std::string json_value_;
};

// Severity of a log line.
enum class Level { kInfo, kWarning, kError };

// Drops lines below `level` from now on (all are written by default).
void SetMinLevel(Level level);

// Writes one line {"time":…,"level":…,"msg":…, fields…} to stderr.
// Thread-safe: concurrent lines never interleave.
void Write(Level level, absl::string_view message,
           const std::vector<Field>& fields = {});

inline void Info(absl::string_view message,
                 const std::vector<Field>& fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warning(absl::string_view message,
                    const std::vector<Field>& fields = {}) {
  Write(Level::kWarning, message, fields);
}
inline void Error(absl::string_view message,
                  const std::vector<Field>& fields = {}) {
  Write(Level::kError, message, fields);
}

// Returns `text` as a quoted JSON string (control characters escaped,
// invalid UTF-8 bytes replaced by U+FFFD).
std::string JsonQuote(absl::string_view text);

// Returns the line that Write would print, without the trailing newline
// (exposed for tests).
std::string FormatLine(Level level, absl::string_view message,
                       const std::vector<Field>& fields);

}  // namespace dyadscope::log

#endif  // DYADSCOPE_COMMON_LOGGING_LOG_H_
