#include "common/csv/tabular.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"

namespace dyadscope::csv {

absl::string_view StripCell(absl::string_view text) {
  return absl::StripAsciiWhitespace(text);
}

std::string TruncateUtf8(absl::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return std::string(value);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(value.substr(0, end));
}

std::string HeaderKey(absl::string_view name) {
  std::string key;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u)) key.push_back(absl::ascii_tolower(u));
  }
  return key;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsUpperSnakeCase(absl::string_view text) {
  if (text.empty() ||
      !absl::ascii_isupper(static_cast<unsigned char>(text[0]))) {
    return false;
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_isupper(u) && !absl::ascii_isdigit(u) && c != '_') {
      return false;
    }
  }
  return true;
}

absl::string_view Cell(Fields fields, std::optional<size_t> column) {
  if (!column.has_value() || *column >= fields.size()) return {};
  return StripCell(fields[*column]);
}

HeaderColumns::HeaderColumns(Fields header) {
  for (absl::string_view name : header) {
    names_.emplace_back(StripCell(name));
    keys_.push_back(HeaderKey(name));
  }
}

std::optional<size_t> HeaderColumns::Find(
    std::initializer_list<absl::string_view> keys) const {
  for (absl::string_view key : keys) {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == key) return i;
    }
  }
  return std::nullopt;
}

std::string HeaderColumns::Name(std::optional<size_t> i,
                                absl::string_view fallback) const {
  if (!i.has_value() || names_[*i].empty()) return std::string(fallback);
  return names_[*i];
}

void HeaderProblems::Add(absl::string_view field, absl::string_view description,
                         absl::string_view reason) {
  if (violations_.empty()) first_reason_ = std::string(reason);
  violations_.Add(field, description);
}

absl::Status HeaderProblems::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  return WithReason(violations_.ToStatus(), first_reason_);
}

void MatchNamedHeader(Fields header, absl::Span<const absl::string_view> names,
                      absl::Span<const size_t> required,
                      absl::Span<std::optional<size_t>> positions,
                      HeaderProblems& problems,
                      std::string (*describe_unknown)(absl::string_view name)) {
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = absl::AsciiStrToLower(StripCell(header[i]));
    std::optional<size_t> column;
    for (size_t c = 0; c < names.size(); ++c) {
      if (names[c] == name) column = c;
    }
    if (!column.has_value()) {
      if (name.empty()) {
        problems.Add(absl::StrCat("column ", i + 1),
                     absl::StrCat("column ", i + 1, " has no name"),
                     "UNKNOWN_COLUMN");
      } else {
        problems.Add(name,
                     describe_unknown != nullptr
                         ? describe_unknown(name)
                         : absl::StrCat("unknown column \"", name, "\""),
                     "UNKNOWN_COLUMN");
      }
      continue;
    }
    if (positions[*column].has_value()) {
      problems.Add(name, absl::StrCat("column \"", name, "\" appears twice"),
                   "DUPLICATE_COLUMN");
      continue;
    }
    positions[*column] = i;
  }
  for (size_t column : required) {
    if (!positions[column].has_value()) {
      problems.Add(
          names[column],
          absl::StrCat("required column \"", names[column], "\" is missing"),
          "MISSING_COLUMN");
    }
  }
}

std::string NamedColumnsDescription(absl::Span<const absl::string_view> names,
                                    absl::string_view required) {
  return absl::StrCat("the README's columns (", absl::StrJoin(names, ", "),
                      "); required: ", required);
}

bool IsPlainUrl(absl::string_view url) {
  size_t scheme = 0;
  if (absl::StartsWithIgnoreCase(url, "https://")) {
    scheme = 8;
  } else if (absl::StartsWithIgnoreCase(url, "http://")) {
    scheme = 7;
  } else {
    return false;
  }
  if (url.size() == scheme || url[scheme] == '/') return false;
  for (char c : url) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status MalformedHeaderError(const CsvRecord& record) {
  return WithReason(absl::InvalidArgumentError(absl::StrCat(
                        "the header row (line ", record.line,
                        ") could not be read: ", record.error_message)),
                    "MALFORMED_HEADER");
}

absl::Status HeaderNotFoundError(absl::string_view format_name,
                                 absl::string_view where,
                                 absl::string_view expected) {
  return WithReason(
      absl::InvalidArgumentError(absl::StrCat(
          "no ", format_name, " header row ", where, ": expected ", expected)),
      "HEADER_NOT_FOUND");
}

absl::Status MissingColumnsError(absl::string_view format_name,
                                 const std::vector<std::string>& missing) {
  FieldViolations violations;
  for (const std::string& column : missing) {
    violations.Add(column, absl::StrCat("the ", format_name, " header has no ",
                                        column, " column"));
  }
  return WithReason(violations.ToStatus(), "MISSING_COLUMN");
}

SourceRef DatasetSource(absl::string_view citation, absl::string_view url,
                        absl::string_view source_system,
                        absl::string_view locator) {
  SourceRef source;
  source.citation = std::string(citation);
  source.url = std::string(url);
  source.source_system = std::string(source_system);
  source.locator = std::string(locator);
  return source;
}

std::optional<int64_t> ParseInteger(absl::string_view text,
                                    bool allow_decimal_zero) {
  text = StripCell(text);
  if (allow_decimal_zero) {
    const size_t dot = text.find('.');
    if (dot != absl::string_view::npos) {
      const absl::string_view fraction = text.substr(dot + 1);
      if (fraction.empty() ||
          fraction.find_first_not_of('0') != absl::string_view::npos) {
        return std::nullopt;
      }
      text = text.substr(0, dot);
    }
  }
  absl::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    digits.remove_prefix(1);
  }
  if (!AllDigits(digits) || digits.size() > 12) return std::nullopt;
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) return std::nullopt;
  return value;
}

std::optional<double> ParsePlainDecimal(absl::string_view text) {
  text = StripCell(text);
  if (text.empty()) return std::nullopt;
  bool digit = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isdigit(u)) {
      digit = true;
    } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
      return std::nullopt;
    }
  }
  double value = 0;
  if (!digit || !absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

RowTriage TriageRow(const CsvRecord& record, size_t header_size,
                    const TabularRules& rules) {
  RowTriage triage;
  switch (record.kind) {
    case CsvRecord::Kind::kBlank:
      return triage;
    case CsvRecord::Kind::kError:
      triage.kind = RowTriage::Kind::kReject;
      triage.reason_code = std::string(CsvErrorReasonCode(record.error));
      triage.reason = record.error_message;
      return triage;
    case CsvRecord::Kind::kFields:
      break;
  }
  Fields fields = record.fields;
  size_t non_empty = 0;
  size_t last_non_empty = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!StripCell(fields[i]).empty()) {
      ++non_empty;
      last_non_empty = i;
    }
  }
  if (non_empty == 0) return triage;
  if (fields.size() != header_size) {
    if (!rules.strict_width && rules.is_footer != nullptr && non_empty == 1 &&
        !StripCell(fields[0]).empty() &&
        rules.is_footer(StripCell(fields[0]))) {
      triage.kind = RowTriage::Kind::kFooter;
      triage.value = std::string(StripCell(fields[0]));
      return triage;
    }
    if (rules.strict_width || fields.size() < header_size ||
        last_non_empty >= header_size) {
      triage.kind = RowTriage::Kind::kReject;
      triage.reason_code = "WRONG_COLUMN_COUNT";
      triage.reason = absl::StrCat("expected ", header_size, " columns, found ",
                                   fields.size());
      triage.value = absl::StrJoin(fields, ",");
      return triage;
    }
    fields = fields.first(header_size);
  }
  triage.kind = RowTriage::Kind::kParse;
  triage.fields = fields;
  return triage;
}

}  // namespace dyadscope::csv
