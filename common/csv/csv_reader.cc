#include "common/csv/csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace dyadscope::csv {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr size_t kBomSize = 3;

absl::Status ValidateOptions(const CsvOptions& options) {
  if (options.delimiter == '\n' || options.delimiter == '\r') {
    return absl::InvalidArgumentError("the delimiter cannot be a line break");
  }
  if (options.quoting && options.delimiter == '"') {
    return absl::InvalidArgumentError(
        "the delimiter cannot be '\"' when quoting is on");
  }
  if (options.max_field_bytes == 0 || options.max_record_bytes == 0) {
    return absl::InvalidArgumentError("size limits must be positive");
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view CsvErrorReasonCode(CsvError error) {
  switch (error) {
    case CsvError::kNone:
      return "OK";
    case CsvError::kUnterminatedQuote:
      return "UNTERMINATED_QUOTE";
    case CsvError::kStrayQuote:
      return "STRAY_QUOTE";
    case CsvError::kTextAfterClosingQuote:
      return "TEXT_AFTER_CLOSING_QUOTE";
    case CsvError::kFieldTooLong:
      return "FIELD_TOO_LONG";
    case CsvError::kRecordTooLong:
      return "RECORD_TOO_LONG";
  }
  return "UNKNOWN";
}

CsvReader::CsvReader(CsvOptions options)
    : options_(options), options_status_(ValidateOptions(options)) {}

absl::Status CsvReader::Feed(absl::string_view chunk, CsvCallback callback) {
  if (!options_status_.ok()) return options_status_;
  if (!stopped_.ok()) return stopped_;
  if (finished_) {
    return absl::FailedPreconditionError("Feed called after Finish");
  }
  if (!bom_done_) {
    // The byte order mark may itself be split across chunks: match it byte
    // by byte and replay the matched prefix as data on a mismatch.
    while (!chunk.empty() && bom_matched_ < kBomSize) {
      if (chunk.front() != kBom[bom_matched_]) break;
      ++bom_matched_;
      chunk.remove_prefix(1);
    }
    if (bom_matched_ == kBomSize) {
      bom_done_ = true;
    } else if (!chunk.empty()) {
      bom_done_ = true;
      absl::Status status =
          Process(absl::string_view(kBom, bom_matched_), callback);
      if (!status.ok()) return status;
    } else {
      return absl::OkStatus();  // still possibly inside the mark
    }
  }
  return Process(chunk, callback);
}

absl::Status CsvReader::Finish(CsvCallback callback) {
  if (!options_status_.ok()) return options_status_;
  if (!stopped_.ok()) return stopped_;
  if (finished_) {
    return absl::FailedPreconditionError("Finish called twice");
  }
  finished_ = true;
  if (!bom_done_) {
    bom_done_ = true;
    // A proper prefix of the mark and nothing else: that prefix is data.
    absl::Status status =
        Process(absl::string_view(kBom, bom_matched_), callback);
    if (!status.ok()) return status;
  }
  if (pending_cr_) {
    // A CR at the very end is taken as the line break it almost surely is.
    pending_cr_ = false;
    absl::Status status = EndOfLine(callback);
    if (!status.ok()) return status;
  }
  absl::Status status;
  switch (state_) {
    case State::kRecordStart:
    case State::kSkipLine:
      break;
    case State::kFieldStart:
    case State::kUnquoted:
    case State::kQuoteInQuoted:
      EndField();
      status = EmitRecord(callback);
      break;
    case State::kQuoted:
      overflow_ = CsvError::kNone;  // the unclosed quote is the real problem
      status = EmitError(CsvError::kUnterminatedQuote, callback);
      break;
  }
  state_ = State::kRecordStart;
  return status;
}

absl::Status CsvReader::Process(absl::string_view data, CsvCallback callback) {
  const char delimiter = options_.delimiter;
  const bool quoting = options_.quoting;
  const char* p = data.data();
  const char* const end = p + data.size();
  while (p != end) {
    // The fast paths copy runs of ordinary bytes; a pending CR must first be
    // resolved one character at a time.
    switch (pending_cr_ ? State::kRecordStart : state_) {
      case State::kSkipLine: {
        while (p != end && *p != '\n') ++p;
        if (p == end) break;
        ++p;
        ++line_;
        state_ = State::kRecordStart;
        continue;
      }
      case State::kQuoted: {
        // Fast path: copy the run up to the next quote or line break.
        const char* run = p;
        while (p != end && *p != '"' && *p != '\n') ++p;
        if (p != end && *p == '\n') {
          ++p;
          ++line_;
        }
        CountBytes(p - run);
        Append(absl::string_view(run, p - run));
        if (p != end && *p == '"') {
          ++p;
          CountBytes(1);
          state_ = State::kQuoteInQuoted;
        }
        continue;
      }
      case State::kUnquoted: {
        // Fast path: copy the run up to the next special character.
        const char* run = p;
        while (p != end && *p != delimiter && *p != '\n' && *p != '\r' &&
               !(quoting && *p == '"')) {
          ++p;
        }
        if (p != run) {
          CountBytes(p - run);
          Append(absl::string_view(run, p - run));
        }
        if (p == end) continue;
        break;  // handle the special character below
      }
      default:
        break;
    }
    if (p == end) break;
    const char c = *p++;
    absl::Status status;
    if (pending_cr_) {
      pending_cr_ = false;
      if (c != '\n') {
        // A lone CR is data.
        status = HandleChar('\r', callback);
        if (!status.ok()) return status;
      }
    }
    if (c == '\r' && state_ != State::kSkipLine) {
      pending_cr_ = true;
      continue;
    }
    status = c == '\n' ? EndOfLine(callback) : HandleChar(c, callback);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status CsvReader::EndOfLine(CsvCallback callback) {
  absl::Status status;
  switch (state_) {
    case State::kRecordStart:
      status = EmitBlank(callback);
      break;
    case State::kFieldStart:
    case State::kUnquoted:
    case State::kQuoteInQuoted:
      EndField();
      status = EmitRecord(callback);
      break;
    case State::kQuoted:
      // Not reached: Process copies line breaks inside quotes itself.
      CountBytes(1);
      Append("\n");
      ++line_;
      return absl::OkStatus();
    case State::kSkipLine:
      break;
  }
  ++line_;
  state_ = State::kRecordStart;
  return status;
}

absl::Status CsvReader::HandleChar(char c, CsvCallback callback) {
  if (state_ == State::kRecordStart) {
    StartRecord();
    state_ = State::kFieldStart;
  }
  switch (state_) {
    case State::kFieldStart:
      CountBytes(1);
      if (options_.quoting && c == '"') {
        state_ = State::kQuoted;
      } else if (c == options_.delimiter) {
        EndField();
      } else {
        Append(absl::string_view(&c, 1));
        state_ = State::kUnquoted;
      }
      return absl::OkStatus();
    case State::kUnquoted:
      if (c == options_.delimiter) {
        CountBytes(1);
        EndField();
        state_ = State::kFieldStart;
        return absl::OkStatus();
      }
      if (options_.quoting && c == '"') {
        state_ = State::kSkipLine;
        return EmitError(CsvError::kStrayQuote, callback);
      }
      CountBytes(1);
      Append(absl::string_view(&c, 1));
      return absl::OkStatus();
    case State::kQuoteInQuoted:
      if (c == '"') {
        CountBytes(1);
        Append("\"");
        state_ = State::kQuoted;
        return absl::OkStatus();
      }
      if (c == options_.delimiter) {
        CountBytes(1);
        EndField();
        state_ = State::kFieldStart;
        return absl::OkStatus();
      }
      state_ = State::kSkipLine;
      return EmitError(CsvError::kTextAfterClosingQuote, callback);
    case State::kQuoted:
      // Only a lone CR replayed by Process arrives here.
      CountBytes(1);
      Append(absl::string_view(&c, 1));
      return absl::OkStatus();
    case State::kRecordStart:
    case State::kSkipLine:
      break;
  }
  return absl::OkStatus();
}

void CsvReader::StartRecord() {
  record_line_ = line_;
  record_bytes_ = 0;
  overflow_ = CsvError::kNone;
  buffer_.clear();
  field_ends_.clear();
  field_start_ = 0;
}

void CsvReader::CountBytes(size_t n) {
  record_bytes_ += n;
  if (record_bytes_ > options_.max_record_bytes &&
      overflow_ == CsvError::kNone) {
    overflow_ = CsvError::kRecordTooLong;
  }
}

void CsvReader::Append(absl::string_view bytes) {
  if (overflow_ != CsvError::kNone || bytes.empty()) return;
  if (buffer_.size() - field_start_ + bytes.size() > options_.max_field_bytes) {
    overflow_ = CsvError::kFieldTooLong;
    return;
  }
  buffer_.append(bytes.data(), bytes.size());
}

void CsvReader::EndField() {
  if (overflow_ != CsvError::kNone) return;
  field_ends_.push_back(buffer_.size());
  field_start_ = buffer_.size();
}

absl::Status CsvReader::EmitRecord(CsvCallback callback) {
  if (overflow_ != CsvError::kNone) return EmitError(overflow_, callback);
  record_.kind = CsvRecord::Kind::kFields;
  record_.line = record_line_;
  record_.error = CsvError::kNone;
  record_.error_message.clear();
  record_.fields.clear();
  size_t start = 0;
  for (size_t field_end : field_ends_) {
    record_.fields.emplace_back(buffer_.data() + start, field_end - start);
    start = field_end;
  }
  return Deliver(callback);
}

absl::Status CsvReader::EmitBlank(CsvCallback callback) {
  record_.kind = CsvRecord::Kind::kBlank;
  record_.line = line_;
  record_.error = CsvError::kNone;
  record_.error_message.clear();
  record_.fields.clear();
  return Deliver(callback);
}

absl::Status CsvReader::EmitError(CsvError error, CsvCallback callback) {
  // A size limit hit earlier in the record is what made it unreadable.
  if (overflow_ != CsvError::kNone) error = overflow_;
  record_.kind = CsvRecord::Kind::kError;
  record_.line = record_line_;
  record_.error = error;
  record_.fields.clear();
  const size_t field_number = field_ends_.size() + 1;
  switch (error) {
    case CsvError::kUnterminatedQuote:
      record_.error_message =
          absl::StrCat("quoted field ", field_number,
                       " is not closed before the end of the input");
      break;
    case CsvError::kStrayQuote:
      record_.error_message =
          absl::StrCat("quote character inside unquoted field ", field_number,
                       " (quote the whole field and double the quote)");
      break;
    case CsvError::kTextAfterClosingQuote:
      record_.error_message =
          absl::StrCat("text after the closing quote of field ", field_number);
      break;
    case CsvError::kFieldTooLong:
      record_.error_message =
          absl::StrCat("field ", field_number, " is longer than ",
                       options_.max_field_bytes, " bytes");
      break;
    case CsvError::kRecordTooLong:
      record_.error_message = absl::StrCat("record is longer than ",
                                           options_.max_record_bytes, " bytes");
      break;
    case CsvError::kNone:
      record_.error_message = "unknown error";
      break;
  }
  // The bytes of a bad record are dropped right away.
  buffer_.clear();
  field_ends_.clear();
  field_start_ = 0;
  return Deliver(callback);
}

absl::Status CsvReader::Deliver(CsvCallback callback) {
  absl::Status status = callback(record_);
  if (!status.ok()) stopped_ = status;
  return status;
}

absl::Status ReadCsv(absl::string_view text, const CsvOptions& options,
                     CsvCallback callback) {
  CsvReader reader(options);
  absl::Status status = reader.Feed(text, callback);
  if (!status.ok()) return status;
  return reader.Finish(callback);
}

}  // namespace dyadscope::csv
