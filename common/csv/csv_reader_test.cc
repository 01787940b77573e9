#include "common/csv/csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::csv {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// A copy of what the callback saw, comparable after the callback returns.
struct Seen {
  CsvRecord::Kind kind = CsvRecord::Kind::kFields;
  int64_t line = 0;
  std::vector<std::string> fields;
  CsvError error = CsvError::kNone;

  bool operator==(const Seen& o) const {
    return kind == o.kind && line == o.line && fields == o.fields &&
           error == o.error;
  }
};

std::ostream& operator<<(std::ostream& os, const Seen& seen) {
  switch (seen.kind) {
    case CsvRecord::Kind::kFields:
      return os << "line " << seen.line << " fields ["
                << absl::StrJoin(seen.fields, "|") << "]";
    case CsvRecord::Kind::kBlank:
      return os << "line " << seen.line << " blank";
    case CsvRecord::Kind::kError:
      return os << "line " << seen.line << " error "
                << CsvErrorReasonCode(seen.error);
  }
  return os;
}

Seen Fields(int64_t line, std::vector<std::string> fields) {
  return Seen{CsvRecord::Kind::kFields, line, std::move(fields),
              CsvError::kNone};
}
Seen Blank(int64_t line) {
  return Seen{CsvRecord::Kind::kBlank, line, {}, CsvError::kNone};
}
Seen Error(int64_t line, CsvError error) {
  return Seen{CsvRecord::Kind::kError, line, {}, error};
}

// Feeds `input` in chunks of `chunk_size` bytes (0: all at once).
std::vector<Seen> ReadChunked(absl::string_view input, size_t chunk_size,
                              const CsvOptions& options = CsvOptions()) {
  std::vector<Seen> seen;
  auto callback = [&seen](const CsvRecord& record) {
    Seen s;
    s.kind = record.kind;
    s.line = record.line;
    for (absl::string_view field : record.fields) {
      s.fields.emplace_back(field);
    }
    s.error = record.error;
    if (record.kind == CsvRecord::Kind::kError) {
      EXPECT_FALSE(record.error_message.empty());
    }
    seen.push_back(std::move(s));
    return absl::OkStatus();
  };
  CsvReader reader(options);
  if (chunk_size == 0) chunk_size = input.size() + 1;
  for (size_t i = 0; i < input.size(); i += chunk_size) {
    EXPECT_THAT(reader.Feed(input.substr(i, chunk_size), callback), IsOk());
  }
  EXPECT_THAT(reader.Finish(callback), IsOk());
  return seen;
}

// Reads `input` all at once, then checks that every chunking gives the same
// result, and returns it.
std::vector<Seen> Read(absl::string_view input,
                       const CsvOptions& options = CsvOptions()) {
  std::vector<Seen> whole = ReadChunked(input, 0, options);
  for (size_t chunk = 1; chunk <= input.size(); ++chunk) {
    EXPECT_EQ(ReadChunked(input, chunk, options), whole)
        << "chunk size " << chunk << " input \"" << absl::CEscape(input)
        << "\"";
  }
  return whole;
}

CsvOptions Tsv() {
  CsvOptions options;
  options.delimiter = '\t';
  options.quoting = false;
  return options;
}

TEST(CsvReaderTest, ReadsSimpleRecords) {
  EXPECT_THAT(Read("a,b,c\n1,2,3\n"), ElementsAre(Fields(1, {"a", "b", "c"}),
                                                  Fields(2, {"1", "2", "3"})));
}

TEST(CsvReaderTest, LastLineNeedsNoLineBreak) {
  EXPECT_THAT(Read("a,b\n1,2"),
              ElementsAre(Fields(1, {"a", "b"}), Fields(2, {"1", "2"})));
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  EXPECT_THAT(Read(""), IsEmpty());
}

TEST(CsvReaderTest, EmptyFieldsAreKept) {
  EXPECT_THAT(Read(",a,,\n,\n"),
              ElementsAre(Fields(1, {"", "a", "", ""}), Fields(2, {"", ""})));
  EXPECT_THAT(Read("a,"), ElementsAre(Fields(1, {"a", ""})));
}

TEST(CsvReaderTest, QuotedFieldsKeepDelimitersAndDoubledQuotes) {
  EXPECT_THAT(
      Read("\"a,b\",\"say \"\"hi\"\"\",\"\"\n\"\"\"\"\n"),
      ElementsAre(Fields(1, {"a,b", "say \"hi\"", ""}), Fields(2, {"\""})));
}

TEST(CsvReaderTest, LineBreaksInsideQuotesKeepCountingPhysicalLines) {
  EXPECT_THAT(
      Read("id,text\n1,\"two\nlines\"\n2,\"three\r\nphysical\n"
           "lines\"\n3,x\n"),
      ElementsAre(Fields(1, {"id", "text"}), Fields(2, {"1", "two\nlines"}),
                  Fields(4, {"2", "three\r\nphysical\nlines"}),
                  Fields(7, {"3", "x"})));
}

TEST(CsvReaderTest, AcceptsCrLfAndLf) {
  EXPECT_THAT(Read("a,b\r\n1,\"2\"\r\n3,4\n5,6\r\n"),
              ElementsAre(Fields(1, {"a", "b"}), Fields(2, {"1", "2"}),
                          Fields(3, {"3", "4"}), Fields(4, {"5", "6"})));
}

TEST(CsvReaderTest, LoneCrIsData) {
  EXPECT_THAT(Read("a\rb,c\n"), ElementsAre(Fields(1, {"a\rb", "c"})));
  EXPECT_THAT(Read("a\r\r\n"), ElementsAre(Fields(1, {"a\r"})));
}

TEST(CsvReaderTest, CrAtEndOfInputIsALineBreak) {
  EXPECT_THAT(Read("a,b\r"), ElementsAre(Fields(1, {"a", "b"})));
}

TEST(CsvReaderTest, DropsByteOrderMarkAtStartOnly) {
  EXPECT_THAT(Read("\xEF\xBB\xBFid,name\n1,\xEF\xBB\xBFx\n"),
              ElementsAre(Fields(1, {"id", "name"}),
                          Fields(2, {"1", "\xEF\xBB\xBFx"})));
  EXPECT_THAT(Read("\xEF\xBB\xBF"), IsEmpty());
}

TEST(CsvReaderTest, PartialByteOrderMarkIsData) {
  EXPECT_THAT(Read("\xEF\xBB"), ElementsAre(Fields(1, {"\xEF\xBB"})));
  EXPECT_THAT(Read("\xEF\xBBx,y\n"),
              ElementsAre(Fields(1, {"\xEF\xBBx", "y"})));
}

TEST(CsvReaderTest, ReportsBlankLinesWithTheirLineNumbers) {
  EXPECT_THAT(Read("\na\n\r\n\nb\n\n"),
              ElementsAre(Blank(1), Fields(2, {"a"}), Blank(3), Blank(4),
                          Fields(5, {"b"}), Blank(6)));
}

TEST(CsvReaderTest, QuotedEmptyFieldIsARecordNotABlankLine) {
  EXPECT_THAT(Read("\"\"\n"), ElementsAre(Fields(1, {""})));
}

TEST(CsvReaderTest, TabModeWithoutQuotingKeepsQuotesLiterally) {
  EXPECT_THAT(Read("1\t\"PAKISTAN\t\"\"\"\tsaid \"no\n2\t\t\n", Tsv()),
              ElementsAre(Fields(1, {"1", "\"PAKISTAN", "\"\"\"", "said \"no"}),
                          Fields(2, {"2", "", ""})));
}

TEST(CsvReaderTest, TabModeHandlesCrLf) {
  EXPECT_THAT(Read("a\tb\r\nc\td\r\n", Tsv()),
              ElementsAre(Fields(1, {"a", "b"}), Fields(2, {"c", "d"})));
}

TEST(CsvReaderTest, QuotingModeWithTabDelimiter) {
  CsvOptions options;
  options.delimiter = '\t';
  EXPECT_THAT(Read("\"a\tb\"\tc,d\n", options),
              ElementsAre(Fields(1, {"a\tb", "c,d"})));
}

TEST(CsvReaderTest, StrayQuoteIsAnErrorAndReadingContinuesOnNextLine) {
  EXPECT_THAT(
      Read("a,b\n1,x\"y\"z,3\n4,5\n"),
      ElementsAre(Fields(1, {"a", "b"}), Error(2, CsvError::kStrayQuote),
                  Fields(3, {"4", "5"})));
}

TEST(CsvReaderTest, StrayQuoteInAMultiLineRecordNamesTheStartLine) {
  EXPECT_THAT(Read("\"a\nb\",c\"d\"\ne\n"),
              ElementsAre(Error(1, CsvError::kStrayQuote), Fields(3, {"e"})));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  EXPECT_THAT(Read("\"ab\"c,d\n\"ok\"\r\nx\n\"ab\" ,d\n"),
              ElementsAre(Error(1, CsvError::kTextAfterClosingQuote),
                          Fields(2, {"ok"}), Fields(3, {"x"}),
                          Error(4, CsvError::kTextAfterClosingQuote)));
  EXPECT_THAT(Read("\"ab\"\rc\nd\n"),
              ElementsAre(Error(1, CsvError::kTextAfterClosingQuote),
                          Fields(2, {"d"})));
}

TEST(CsvReaderTest, UnterminatedQuoteIsReportedAtFinishWithItsStartLine) {
  EXPECT_THAT(
      Read("a\nb,\"never closed\nc\nd"),
      ElementsAre(Fields(1, {"a"}), Error(2, CsvError::kUnterminatedQuote)));
}

TEST(CsvReaderTest, ErrorMessagesNameTheField) {
  std::vector<std::string> messages;
  ASSERT_THAT(ReadCsv("a,b\"c\n\"x\"y\n\"open", CsvOptions(),
                      [&](const CsvRecord& record) {
                        messages.push_back(record.error_message);
                        return absl::OkStatus();
                      }),
              IsOk());
  EXPECT_THAT(messages, ElementsAre(HasSubstr("unquoted field 2"),
                                    HasSubstr("closing quote of field 1"),
                                    HasSubstr("quoted field 1 is not closed")));
}

TEST(CsvReaderTest, FieldOverLimitIsAnErrorAndTheNextRecordIsRead) {
  CsvOptions options;
  options.max_field_bytes = 4;
  EXPECT_THAT(
      Read("abcd,\"ab\"\"c\"\nabcde,x\n\"abc\ndef\",y\nok,1\n", options),
      ElementsAre(Fields(1, {"abcd", "ab\"c"}),
                  Error(2, CsvError::kFieldTooLong),
                  Error(3, CsvError::kFieldTooLong), Fields(5, {"ok", "1"})));
}

TEST(CsvReaderTest, RecordOverLimitIsSkippedToItsRealEnd) {
  CsvOptions options;
  options.max_record_bytes = 8;
  // Record 2 is too long and holds a quoted line break: the reader must not
  // resume inside it.
  EXPECT_THAT(
      Read("12345678\n1234,\"5\n6789\",x\nab\r\n", options),
      ElementsAre(Fields(1, {"12345678"}), Error(2, CsvError::kRecordTooLong),
                  Fields(4, {"ab"})));
}

TEST(CsvReaderTest, RecordLimitBoundsAnUnterminatedQuote) {
  CsvOptions options;
  options.max_record_bytes = 16;
  std::string input = "a\n\"";
  input.append(1000, 'x');
  // The unclosed quote is what the caller needs to hear about.
  EXPECT_THAT(
      ReadChunked(input, 7, options),
      ElementsAre(Fields(1, {"a"}), Error(2, CsvError::kUnterminatedQuote)));
}

TEST(CsvReaderTest, SameRecordsForRandomInputsInAnyChunking) {
  std::mt19937 rng(20240611);
  const std::string alphabet = "ab,\"\n\r\t\xEF";
  for (int round = 0; round < 300; ++round) {
    std::string input;
    if (round % 5 == 0) input = "\xEF\xBB\xBF";
    const int length = static_cast<int>(rng() % 40);
    for (int i = 0; i < length; ++i) {
      input.push_back(alphabet[rng() % alphabet.size()]);
    }
    for (const CsvOptions& options : {CsvOptions(), Tsv()}) {
      std::vector<Seen> whole = ReadChunked(input, 0, options);
      EXPECT_EQ(ReadChunked(input, 1, options), whole) << absl::CEscape(input);
      EXPECT_EQ(ReadChunked(input, 3, options), whole) << absl::CEscape(input);
    }
  }
}

TEST(CsvReaderTest, CallbackErrorStopsTheReader) {
  CsvReader reader;
  int calls = 0;
  auto callback = [&calls](const CsvRecord& record) {
    ++calls;
    if (record.line == 2) return absl::CancelledError("enough");
    return absl::OkStatus();
  };
  EXPECT_THAT(reader.Feed("a\nb\nc\n", callback),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(calls, 2);
  EXPECT_THAT(reader.Feed("d\n", callback),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_THAT(reader.Finish(callback), StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(calls, 2);
}

TEST(CsvReaderTest, FeedAfterFinishFails) {
  CsvReader reader;
  auto callback = [](const CsvRecord&) { return absl::OkStatus(); };
  ASSERT_THAT(reader.Finish(callback), IsOk());
  EXPECT_THAT(reader.Feed("a", callback),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(reader.Finish(callback),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(CsvReaderTest, RejectsInvalidOptions) {
  auto callback = [](const CsvRecord&) { return absl::OkStatus(); };
  CsvOptions quote_delimiter;
  quote_delimiter.delimiter = '"';
  EXPECT_THAT(ReadCsv("a", quote_delimiter, callback),
              StatusIs(absl::StatusCode::kInvalidArgument));
  CsvOptions newline_delimiter;
  newline_delimiter.delimiter = '\n';
  EXPECT_THAT(ReadCsv("a", newline_delimiter, callback),
              StatusIs(absl::StatusCode::kInvalidArgument));
  CsvOptions no_room;
  no_room.max_record_bytes = 0;
  EXPECT_THAT(ReadCsv("a", no_room, callback),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CsvReaderTest, StreamsManyRecordsInLargeChunks) {
  // About 200,000 records fed in 64 KiB chunks, with records spanning chunk
  // boundaries.
  std::string row = "20230115\tPAK\tCHN\t042\t\"quoted\"\n";
  std::string chunk;
  while (chunk.size() < 65536) chunk += row;
  CsvReader reader(Tsv());
  int64_t records = 0;
  auto callback = [&records](const CsvRecord& record) {
    EXPECT_EQ(record.kind, CsvRecord::Kind::kFields);
    EXPECT_THAT(record.fields, SizeIs(5));
    ++records;
    return absl::OkStatus();
  };
  const int64_t rows_per_chunk =
      static_cast<int64_t>(chunk.size() / row.size());
  const int64_t chunks = 200000 / rows_per_chunk + 1;
  for (int64_t i = 0; i < chunks; ++i) {
    ASSERT_THAT(reader.Feed(chunk, callback), IsOk());
  }
  ASSERT_THAT(reader.Finish(callback), IsOk());
  EXPECT_EQ(records, rows_per_chunk * chunks);
}

TEST(CsvReaderTest, ReasonCodesAreUpperSnake) {
  EXPECT_EQ(CsvErrorReasonCode(CsvError::kUnterminatedQuote),
            "UNTERMINATED_QUOTE");
  EXPECT_EQ(CsvErrorReasonCode(CsvError::kStrayQuote), "STRAY_QUOTE");
  EXPECT_EQ(CsvErrorReasonCode(CsvError::kTextAfterClosingQuote),
            "TEXT_AFTER_CLOSING_QUOTE");
  EXPECT_EQ(CsvErrorReasonCode(CsvError::kFieldTooLong), "FIELD_TOO_LONG");
  EXPECT_EQ(CsvErrorReasonCode(CsvError::kRecordTooLong), "RECORD_TOO_LONG");
}

}  // namespace
}  // namespace dyadscope::csv
