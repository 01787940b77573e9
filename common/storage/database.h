// File: common/storage/database.h
// -----------------------------------------------------------------------------
// A minimal SQL interface that the services' stores are written against, so
// that the same store code runs on SQLite (the embedded default) and
// PostgreSQL (for several replicas). It knows nothing about any service.
//
// SQL text uses `?` placeholders for bound parameters; engines that number
// their parameters ($1, $2 …) translate. Values are never spliced into SQL.

#ifndef DYADSCOPE_COMMON_STORAGE_DATABASE_H_
#define DYADSCOPE_COMMON_STORAGE_DATABASE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace dyadscope::storage {

// Binary data, bound and read as a BLOB (never converted as text).
struct Blob {
  std::string bytes;
  bool operator==(const Blob& other) const { return bytes == other.bytes; }
  bool operator!=(const Blob& other) const { return bytes != other.bytes; }
};

// A SQL value: NULL, a 64-bit integer, a double, text or a blob.
using SqlValue =
    std::variant<std::monostate, int64_t, double, std::string, Blob>;

// Returns a NULL value when `value` is empty, else the value.
template <typename T>
SqlValue NullableValue(const std::optional<T>& value) {
  if (!value.has_value()) return std::monostate();
  return SqlValue(*value);
}

// One result row; columns in SELECT order.
class Row {
 public:
  explicit Row(std::vector<SqlValue> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  bool IsNull(std::size_t column) const;
  // Typed accessors; a NULL or mismatched value yields 0 / 0.0 / "".
  int64_t Int(std::size_t column) const;
  double Double(std::size_t column) const;
  std::string Text(std::size_t column) const;  // text or blob bytes
  // Returns nullopt for NULL.
  std::optional<int64_t> OptionalInt(std::size_t column) const;
  std::optional<double> OptionalDouble(std::size_t column) const;
  std::optional<std::string> OptionalText(std::size_t column) const;
  const SqlValue& value(std::size_t column) const { return values_[column]; }

 private:
  std::vector<SqlValue> values_;
};

// Statements on one connection. Obtained only inside Database::Transact or
// Database::Read; not thread-safe and not to be kept beyond the callback.
class SqlSession {
 public:
  virtual ~SqlSession() = default;

  // Runs one statement and returns the number of rows it changed.
  virtual absl::StatusOr<int64_t> Execute(
      absl::string_view sql, absl::Span<const SqlValue> params = {}) = 0;

  // Runs one query and calls `on_row` for each row, in order; stops early
  // (returning that status) when `on_row` returns an error.
  virtual absl::Status QueryEach(
      absl::string_view sql, absl::Span<const SqlValue> params,
      absl::FunctionRef<absl::Status(const Row&)> on_row) = 0;

  // Runs a script of statements without parameters (schema changes).
  virtual absl::Status ExecuteScript(absl::string_view sql) = 0;

  // Runs one query and returns all its rows.
  absl::StatusOr<std::vector<Row>> Query(
      absl::string_view sql, absl::Span<const SqlValue> params = {});
};

// Which SQL engine a Database is.
enum class Engine { kSqlite, kPostgres };

// A database that several threads may use at once.
class Database {
 public:
  virtual ~Database() = default;

  virtual Engine engine() const = 0;

  // Runs `body` in one read-write transaction: committed when it returns OK,
  // rolled back (nothing written) otherwise. Returns body's error, or
  // UNAVAILABLE / ABORTED when the engine could not commit.
  virtual absl::Status Transact(
      absl::FunctionRef<absl::Status(SqlSession&)> body) = 0;

  // Runs `body` in a read-only transaction (a consistent snapshot).
  virtual absl::Status Read(
      absl::FunctionRef<absl::Status(SqlSession&)> body) = 0;

  // Runs a script of several statements (used by migrations) in one
  // transaction.
  virtual absl::Status ExecuteScript(absl::string_view sql) = 0;
};

}  // namespace dyadscope::storage

#endif  // DYADSCOPE_COMMON_STORAGE_DATABASE_H_
