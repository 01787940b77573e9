#include "common/storage/database.h"

#include <string>
#include <vector>

namespace dyadscope::storage {

bool Row::IsNull(std::size_t column) const {
  return std::holds_alternative<std::monostate>(values_[column]);
}

int64_t Row::Int(std::size_t column) const {
  const SqlValue& v = values_[column];
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  return 0;
}

double Row::Double(std::size_t column) const {
  const SqlValue& v = values_[column];
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return 0.0;
}

std::string Row::Text(std::size_t column) const {
  const SqlValue& v = values_[column];
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return "";
}

std::optional<int64_t> Row::OptionalInt(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<double> Row::OptionalDouble(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Double(column);
}

std::optional<std::string> Row::OptionalText(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

absl::StatusOr<std::vector<Row>> SqlSession::Query(
    absl::string_view sql, absl::Span<const SqlValue> params) {
  std::vector<Row> rows;
  absl::Status status = QueryEach(sql, params, [&rows](const Row& row) {
    rows.push_back(row);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

}  // namespace dyadscope::storage
