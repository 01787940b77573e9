#include "common/storage/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dyadscope::storage {

// The advisory lock key that serializes write transactions ("dyadwrit").
constexpr int64_t kWriterLockKey = 0x6479616477726974;
namespace {

// Type OIDs of the built-in types read specially (pg_type.h).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Owns a PGresult.
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

absl::StatusCode CodeForSqlState(absl::string_view state) {
  if (state == "23505") return absl::StatusCode::kAlreadyExists;
  if (absl::StartsWith(state, "23")) {
    return absl::StatusCode::kFailedPrecondition;
  }
  if (state == "40001" || state == "40P01") return absl::StatusCode::kAborted;
  if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P0") ||
      absl::StartsWith(state, "53")) {
    return absl::StatusCode::kUnavailable;
  }
  if (state == "57014") return absl::StatusCode::kDeadlineExceeded;
  if (state == "22021") return absl::StatusCode::kInvalidArgument;
  return absl::StatusCode::kInternal;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes a bytea in text output ("\x0a1b…", the default hex format).
std::string DecodeBytea(const char* data, int size) {
  std::string out;
  if (size >= 2 && data[0] == '\\' && data[1] == 'x') {
    out.reserve((size - 2) / 2);
    for (int i = 2; i + 1 < size; i += 2) {
      out.push_back(
          static_cast<char>((HexValue(data[i]) << 4) | HexValue(data[i + 1])));
    }
    return out;
  }
  // Legacy escape format: backslash escapes octal \ooo and \\.
  std::size_t length = 0;
  unsigned char* raw =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(data), &length);
  if (raw != nullptr) {
    out.assign(reinterpret_cast<const char*>(raw), length);
    PQfreemem(raw);
  }
  return out;
}

SqlValue ReadValue(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return std::monostate();
  const char* data = PQgetvalue(result, row, column);
  const int size = PQgetlength(result, row, column);
  switch (PQftype(result, column)) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid:
    case kOidOid: {
      int64_t value = 0;
      if (absl::SimpleAtoi(absl::string_view(data, size), &value)) {
        return value;
      }
      break;
    }
    case kFloat8Oid:
    case kFloat4Oid:
    case kNumericOid: {
      double value = 0;
      if (absl::SimpleAtod(absl::string_view(data, size), &value)) {
        return value;
      }
      break;
    }
    case kBoolOid:
      return static_cast<int64_t>(size > 0 && data[0] == 't' ? 1 : 0);
    case kByteaOid:
      return Blob{DecodeBytea(data, size)};
    default:
      break;
  }
  return std::string(data, size);
}

// `status` with the statement it came from appended to its message.
absl::Status InStatement(const absl::Status& status, absl::string_view sql) {
  return absl::Status(status.code(),
                      absl::StrCat(status.message(), " in \"", sql, "\""));
}

// A double as PostgreSQL float8 input text, exactly (17 significant
// digits round-trip every double).
std::string Float8Text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return absl::StrFormat("%.17g", value);
}

}  // namespace

std::string TranslatePlaceholders(absl::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 8);
  int n = 0;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // A quoted literal or identifier; a doubled quote stays inside.
      std::size_t end = i + 1;
      while (end < sql.size()) {
        if (sql[end] == c) {
          if (end + 1 < sql.size() && sql[end + 1] == c) {
            end += 2;
            continue;
          }
          break;
        }
        ++end;
      }
      end = std::min(end + 1, sql.size());
      out.append(sql.data() + i, end - i);
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      if (end == absl::string_view::npos) end = sql.size();
      out.append(sql.data() + i, end - i);
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      end = end == absl::string_view::npos ? sql.size() : end + 2;
      out.append(sql.data() + i, end - i);
      i = end;
    } else if (c == '?') {
      absl::StrAppend(&out, "$", ++n);
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  if (count != nullptr) *count = n;
  return out;
}

// One libpq connection; used by one thread at a time (from the pool).
class PostgresConnection : public SqlSession {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  // Resets a connection that has been found broken. Returns UNAVAILABLE
  // when the server still cannot be reached.
  absl::Status EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return absl::OkStatus();
    PQreset(conn_);
    prepared_.clear();  // the server forgot them with the old session
    if (PQstatus(conn_) != CONNECTION_OK) {
      return absl::UnavailableError(
          absl::StrCat("PostgreSQL is unreachable: ", PQerrorMessage(conn_)));
    }
    return absl::OkStatus();
  }

  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const SqlValue> params) override {
    absl::StatusOr<Result> result = Run(sql, params);
    if (!result.ok()) return result.status();
    const char* tuples = PQcmdTuples(result->get());
    int64_t changed = 0;
    if (tuples != nullptr && *tuples != '\0') {
      (void)absl::SimpleAtoi(tuples, &changed);
    }
    return changed;
  }

  // Streams the rows in libpq's single-row mode, so a large scan never
  // holds its whole result in memory.
  absl::Status QueryEach(
      absl::string_view sql, absl::Span<const SqlValue> params,
      absl::FunctionRef<absl::Status(const Row&)> on_row) override {
    BoundParams bound;
    absl::Status status = Bind(sql, params, bound);
    if (!status.ok()) return status;
    absl::StatusOr<std::string> name = Prepare(bound);
    if (!name.ok()) return InStatement(name.status(), sql);
    const int sent =
        name->empty()
            ? PQsendQueryParams(conn_, bound.sql.c_str(), bound.size(),
                                bound.types.data(), bound.values.data(),
                                bound.lengths.data(), bound.formats.data(),
                                /*resultFormat=*/0)
            : PQsendQueryPrepared(conn_, name->c_str(), bound.size(),
                                  bound.values.data(), bound.lengths.data(),
                                  bound.formats.data(), /*resultFormat=*/0);
    if (sent == 0) return Check(nullptr, "statement failed");
    (void)PQsetSingleRowMode(conn_);
    // Every result is read to the end, even after an error, so that the
    // connection is ready for the next statement.
    while (true) {
      Result result(PQgetResult(conn_));
      if (result == nullptr) break;
      if (!status.ok()) continue;
      const ExecStatusType kind = PQresultStatus(result.get());
      if (kind == PGRES_SINGLE_TUPLE) {
        PGresult* res = result.get();
        const int columns = PQnfields(res);
        std::vector<SqlValue> values;
        values.reserve(columns);
        for (int c = 0; c < columns; ++c) {
          values.push_back(ReadValue(res, 0, c));
        }
        status = on_row(Row(std::move(values)));
      } else if (kind != PGRES_TUPLES_OK) {
        status = Check(result.get(), "statement failed");
        if (!status.ok()) status = InStatement(status, sql);
      }
    }
    return status;
  }

  absl::Status ExecuteScript(absl::string_view sql) override {
    return Exec(sql);
  }

  // Runs statements without parameters (BEGIN, COMMIT, scripts).
  absl::Status Exec(absl::string_view sql) {
    Result result(PQexec(conn_, std::string(sql).c_str()));
    return Check(result.get(), "statement failed");
  }

 private:
  absl::Status Check(const PGresult* result, absl::string_view what) {
    const ExecStatusType status =
        result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
        status == PGRES_EMPTY_QUERY) {
      return absl::OkStatus();
    }
    const char* state = result != nullptr
                            ? PQresultErrorField(result, PG_DIAG_SQLSTATE)
                            : nullptr;
    std::string message = result != nullptr ? PQresultErrorMessage(result)
                                            : PQerrorMessage(conn_);
    if (message.empty()) message = PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    absl::StatusCode code = absl::StatusCode::kInternal;
    if (PQstatus(conn_) != CONNECTION_OK) {
      code = absl::StatusCode::kUnavailable;
    } else if (state != nullptr) {
      code = CodeForSqlState(state);
    }
    return absl::Status(
        code, absl::StrCat(what, " (SQLSTATE ",
                           state != nullptr ? state : "none", "): ", message));
  }

  // Parameters in libpq's form; the pointers point into `texts` or into the
  // caller's values, which must outlive the call.
  struct BoundParams {
    std::string sql;
    std::vector<Oid> types;
    std::vector<std::string> texts;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    int size() const { return static_cast<int>(values.size()); }
  };

  static absl::Status Bind(absl::string_view sql,
                           absl::Span<const SqlValue> params,
                           BoundParams& bound) {
    int expected = 0;
    bound.sql = TranslatePlaceholders(sql, &expected);
    if (expected != static_cast<int>(params.size())) {
      return absl::InternalError(absl::StrCat(
          "statement expects ", expected, " parameters, got ", params.size()));
    }
    const std::size_t n = params.size();
    bound.types.assign(n, 0);
    bound.texts.assign(n, std::string());
    bound.values.assign(n, nullptr);
    bound.lengths.assign(n, 0);
    bound.formats.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const SqlValue& value = params[i];
      if (const auto* v = std::get_if<int64_t>(&value)) {
        bound.types[i] = kInt8Oid;
        bound.texts[i] = absl::StrCat(*v);
        bound.values[i] = bound.texts[i].c_str();
      } else if (const auto* d = std::get_if<double>(&value)) {
        bound.types[i] = kFloat8Oid;
        bound.texts[i] = Float8Text(*d);
        bound.values[i] = bound.texts[i].c_str();
      } else if (const auto* t = std::get_if<std::string>(&value)) {
        if (t->find('\0') != std::string::npos) {
          return absl::InvalidArgumentError(absl::StrCat(
              "parameter ", i + 1,
              " is text containing a NUL byte, which PostgreSQL cannot "
              "store; use a Blob"));
        }
        bound.values[i] = t->c_str();
      } else if (const auto* b = std::get_if<Blob>(&value)) {
        bound.types[i] = kByteaOid;
        bound.values[i] = b->bytes.data();
        bound.lengths[i] = static_cast<int>(b->bytes.size());
        bound.formats[i] = 1;
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Result> Run(absl::string_view sql,
                             absl::Span<const SqlValue> params) {
    BoundParams bound;
    absl::Status bind = Bind(sql, params, bound);
    if (!bind.ok()) return bind;
    absl::StatusOr<std::string> name = Prepare(bound);
    if (!name.ok()) return InStatement(name.status(), sql);
    Result result(
        name->empty()
            ? PQexecParams(conn_, bound.sql.c_str(), bound.size(),
                           bound.types.data(), bound.values.data(),
                           bound.lengths.data(), bound.formats.data(),
                           /*resultFormat=*/0)
            : PQexecPrepared(conn_, name->c_str(), bound.size(),
                             bound.values.data(), bound.lengths.data(),
                             bound.formats.data(), /*resultFormat=*/0));
    absl::Status status = Check(result.get(), "statement failed");
    if (!status.ok()) {
      return InStatement(status, sql);
    }
    return result;
  }

  // Returns the name of the prepared statement for `bound` (preparing it
  // on first use), or "" to run it unprepared (the cache is full).
  absl::StatusOr<std::string> Prepare(const BoundParams& bound) {
    // The parameter types are part of the key: a NULL binds as "unknown",
    // which the server infers differently from a typed value.
    std::string key = bound.sql;
    for (Oid type : bound.types) absl::StrAppend(&key, "\x1f", type);
    auto it = prepared_.find(key);
    if (it != prepared_.end()) return it->second;
    if (prepared_.size() >= kMaxPrepared) return std::string();
    std::string name = absl::StrCat("dyadscope_", prepared_.size() + 1);
    Result result(PQprepare(conn_, name.c_str(), bound.sql.c_str(),
                            bound.size(), bound.types.data()));
    absl::Status status = Check(result.get(), "statement failed");
    if (!status.ok()) return status;
    prepared_.emplace(std::move(key), name);
    return name;
  }

  // Statements run again and again (the stores' few dozen) are parsed and
  // planned once per connection; one-off texts beyond the cap are not kept.
  static constexpr std::size_t kMaxPrepared = 200;

  PGconn* conn_;
  // Statement text and parameter types to the prepared statement's name.
  absl::flat_hash_map<std::string, std::string> prepared_;
};

absl::StatusOr<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(
    const std::string& url, const PostgresOptions& options) {
  if (url.empty()) {
    return absl::InvalidArgumentError("PostgreSQL URL is empty");
  }
  const std::string connect_timeout = absl::StrCat(
      std::max<int64_t>(1, absl::ToInt64Seconds(options.connect_timeout)));
  std::string server_options;
  if (options.statement_timeout > absl::ZeroDuration()) {
    server_options =
        absl::StrCat("-c statement_timeout=",
                     absl::ToInt64Milliseconds(options.statement_timeout));
  }
  const char* keywords[] = {
      "dbname",           "connect_timeout", "application_name",
      "keepalives",       "keepalives_idle", "keepalives_interval",
      "keepalives_count", "options",         nullptr};
  const char* values[] = {
      url.c_str(), connect_timeout.c_str(),
      "dyadscope", "1",
      "10",        "5",
      "3",         server_options.empty() ? nullptr : server_options.c_str(),
      nullptr};
  const int pool_size = std::max(1, options.pool_size);
  std::vector<std::unique_ptr<PostgresConnection>> connections;
  for (int i = 0; i < pool_size; ++i) {
    PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn == nullptr) {
      return absl::ResourceExhaustedError("cannot allocate a libpq connection");
    }
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn);
      PQfinish(conn);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return absl::UnavailableError(
          absl::StrCat("cannot connect to PostgreSQL: ", message));
    }
    connections.push_back(std::make_unique<PostgresConnection>(conn));
  }
  return std::unique_ptr<PostgresDatabase>(
      new PostgresDatabase(std::move(connections)));
}

PostgresDatabase::PostgresDatabase(
    std::vector<std::unique_ptr<PostgresConnection>> connections)
    : connections_(std::move(connections)) {
  absl::MutexLock lock(&mu_);
  for (auto& connection : connections_) idle_.push_back(connection.get());
}

PostgresDatabase::~PostgresDatabase() = default;

PostgresConnection* PostgresDatabase::Acquire() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::vector<PostgresConnection*>* idle) { return !idle->empty(); },
      &idle_));
  PostgresConnection* connection = idle_.back();
  idle_.pop_back();
  return connection;
}

void PostgresDatabase::Release(PostgresConnection* connection) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(connection);
}

absl::Status PostgresDatabase::RunTransaction(
    absl::string_view begin,
    absl::FunctionRef<absl::Status(PostgresConnection&)> body) {
  PostgresConnection* connection = Acquire();
  absl::Status status = connection->EnsureConnected();
  if (status.ok()) {
    status = connection->Exec(begin);
    // An idle connection may have lost its server (restart) without
    // noticing; nothing has run yet, so reconnect and begin once more.
    if (!status.ok() && connection->broken()) {
      status = connection->EnsureConnected();
      if (status.ok()) status = connection->Exec(begin);
    }
  }
  if (status.ok()) {
    status = body(*connection);
    if (status.ok()) {
      status = connection->Exec("COMMIT");
      if (!status.ok() && !connection->broken()) {
        (void)connection->Exec("ROLLBACK");
      }
    } else if (!connection->broken()) {
      (void)connection->Exec("ROLLBACK");
    }
  }
  if (!status.ok() && connection->broken() &&
      status.code() != absl::StatusCode::kUnavailable) {
    // The body's error may describe a symptom; the cause is the connection.
    status = absl::UnavailableError(
        absl::StrCat("PostgreSQL connection lost: ", status.message()));
  }
  Release(connection);
  return status;
}

absl::Status PostgresDatabase::Transact(
    absl::FunctionRef<absl::Status(SqlSession&)> body) {
  return RunTransaction("BEGIN", [&body](PostgresConnection& c) {
    // One writer at a time per database, across every process that uses it
    // (see the class comment); released by COMMIT or ROLLBACK.
    absl::Status locked =
        c.Execute("SELECT pg_advisory_xact_lock(?)", {kWriterLockKey}).status();
    if (!locked.ok()) return locked;
    return body(c);
  });
}

absl::Status PostgresDatabase::Read(
    absl::FunctionRef<absl::Status(SqlSession&)> body) {
  return RunTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                        [&body](PostgresConnection& c) { return body(c); });
}

absl::Status PostgresDatabase::ExecuteScript(absl::string_view sql) {
  return Transact(
      [sql](SqlSession& session) { return session.ExecuteScript(sql); });
}

}  // namespace dyadscope::storage
