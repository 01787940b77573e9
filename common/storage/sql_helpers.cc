#include "common/storage/sql_helpers.h"

#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/status/error_details.h"

namespace dyadscope::storage {

void Clause::And(absl::string_view condition) {
  absl::StrAppend(&sql, sql.empty() ? "" : " AND ", condition);
}

void Clause::AndIn(absl::string_view column,
                   const std::vector<SqlValue>& values) {
  if (values.empty()) return;
  std::vector<std::string> marks(values.size(), "?");
  And(absl::StrCat(column, " IN (", absl::StrJoin(marks, ","), ")"));
  params.insert(params.end(), values.begin(), values.end());
}

void Clause::AndIn(absl::string_view column,
                   const std::vector<std::string>& values) {
  AndIn(column, std::vector<SqlValue>(values.begin(), values.end()));
}

void Clause::AndEqualUnlessEmpty(absl::string_view column,
                                 const std::string& value) {
  if (value.empty()) return;
  And(absl::StrCat(column, " = ?"));
  params.push_back(value);
}

void Clause::AndAtLeast(absl::string_view column,
                        std::optional<int64_t> bound) {
  if (!bound.has_value()) return;
  And(absl::StrCat(column, " >= ?"));
  params.push_back(*bound);
}

void Clause::AndAtMost(absl::string_view column, std::optional<int64_t> bound) {
  if (!bound.has_value()) return;
  And(absl::StrCat(column, " <= ?"));
  params.push_back(*bound);
}

std::string Clause::CanonicalText() const {
  std::string text = sql;
  for (const SqlValue& value : params) {
    text += '\x1f';
    if (const auto* i = std::get_if<int64_t>(&value)) {
      absl::StrAppend(&text, "i", *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      absl::StrAppend(&text, "d", absl::StrFormat("%.17g", *d));
    } else if (const auto* t = std::get_if<std::string>(&value)) {
      absl::StrAppend(&text, "s", t->size(), ":", *t);
    } else if (const auto* b = std::get_if<Blob>(&value)) {
      absl::StrAppend(&text, "b", b->bytes.size(), ":", b->bytes);
    } else {
      text += "n";
    }
  }
  return text;
}

std::string Clause::Where() const {
  return sql.empty() ? std::string() : absl::StrCat(" WHERE ", sql);
}

void AddVersionFilter(const ReadOptions& options, absl::string_view alias,
                      Clause& clause) {
  if (options.as_of.has_value()) {
    const int64_t t = absl::ToUnixMicros(*options.as_of);
    clause.And(absl::StrCat(alias, ".record_time_us <= ? AND (", alias,
                            ".superseded_time_us IS NULL OR ", alias,
                            ".superseded_time_us > ?)"));
    clause.params.push_back(t);
    clause.params.push_back(t);
  } else {
    clause.And(absl::StrCat(alias, ".superseded_time_us IS NULL"));
  }
  if (!options.include_deleted) clause.And(absl::StrCat(alias, ".deleted = 0"));
}

std::string EscapeLike(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

absl::Time RecordClock::Next() {
  absl::MutexLock lock(&mu_);
  int64_t now = absl::ToUnixMicros(absl::Now());
  if (now <= last_us_) now = last_us_ + 1;
  last_us_ = now;
  return absl::FromUnixMicros(now);
}

absl::StatusOr<std::optional<std::string>> FindRequestAnswer(
    SqlSession& session, absl::string_view request_id, absl::string_view method,
    absl::string_view fingerprint) {
  absl::StatusOr<std::vector<Row>> rows = session.Query(
      "SELECT fingerprint, answer FROM requests WHERE "
      "request_id = ? AND method = ?",
      {std::string(request_id), std::string(method)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<std::string>();
  if ((*rows)[0].Text(0) != fingerprint) {
    return WithReason(absl::AlreadyExistsError(absl::StrCat(
                          "request_id \"", request_id,
                          "\" was already used for a different request")),
                      "REQUEST_ID_REUSED");
  }
  return std::optional<std::string>((*rows)[0].Text(1));
}

absl::Status RecordRequestAnswer(SqlSession& session,
                                 absl::string_view request_id,
                                 absl::string_view method,
                                 absl::string_view fingerprint,
                                 absl::string_view answer) {
  return session
      .Execute(
          "INSERT INTO requests (request_id, method, fingerprint, answer, "
          "record_time_us) VALUES (?, ?, ?, ?, ?)",
          {std::string(request_id), std::string(method),
           std::string(fingerprint), Blob{std::string(answer)},
           absl::ToUnixMicros(absl::Now())})
      .status();
}

}  // namespace dyadscope::storage
