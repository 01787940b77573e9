#include "common/csv/tabular.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/csv/format_registry.h"
#include "common/status/error_details.h"
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
using ::testing::Not;
using ::testing::SizeIs;

// A minimal service: items are ints, rows have a column.
struct Filtered {
  std::string field;
  std::string reason_code;
  std::string reason;
  std::string value;
};

struct SumRow {
  int64_t line = 0;
  std::string column;
  std::variant<int, RowRejection, Filtered> item;
  const RowRejection* rejection() const {
    return std::get_if<RowRejection>(&item);
  }
};

// A row without a column member.
struct PlainRow {
  int64_t line = 0;
  std::variant<int, RowRejection, Filtered> item;
  const RowRejection* rejection() const {
    return std::get_if<RowRejection>(&item);
  }
};

class FileParser {
 public:
  virtual ~FileParser() = default;
  virtual absl::Status Header(const CsvRecord& record) = 0;
  virtual bool header_found() const = 0;
  virtual std::string layout() const = 0;
  virtual std::vector<SumRow> Row(const CsvRecord& record) = 0;
  virtual absl::Status Finish() const = 0;
};

// Header "a,b" (any case, any punctuation), after up to 3 preamble records;
// each row's a and b are integers summed into one item.
class SumParser : public TabularParser<FileParser, SumRow, Filtered> {
 public:
  explicit SumParser(TabularRules rules)
      : TabularParser("SUM", 8), rules_(rules) {}

  std::vector<std::string> preamble;

 protected:
  absl::StatusOr<bool> TryHeader(Fields fields) override {
    HeaderColumns columns(fields);
    a_ = columns.Find({"a", "alpha"});
    b_ = columns.Find({"b"});
    if (!a_.has_value() && !b_.has_value()) return false;
    if (!a_.has_value() || !b_.has_value()) {
      return MissingColumnsError("SUM", {a_.has_value() ? "b" : "a"});
    }
    set_layout("sum");
    return true;
  }
  void OnPreamble(Fields fields) override {
    preamble.emplace_back(StripCell(fields[0]));
  }
  void ParseFields(Fields fields, RowSink& sink) const override {
    std::optional<int64_t> a = ParseInteger(Cell(fields, a_), false);
    std::optional<int64_t> b = ParseInteger(Cell(fields, b_), false);
    if (!a.has_value()) {
      sink.Reject("a", "INVALID_NUMBER", "a is no integer", Cell(fields, a_));
    }
    if (!b.has_value()) {
      sink.Reject("b", "INVALID_NUMBER", "b is no integer", Cell(fields, b_));
    }
    sink.Add(static_cast<int>(a.value_or(0) + b.value_or(0)), "sum");
  }
  std::string ExpectedHeader() const override { return "a, b"; }
  TabularRules Rules() const override { return rules_; }
  void Stamp(SumRow& row, int64_t line) const override {
    if (auto* value = std::get_if<int>(&row.item)) *value += 1000 * line;
  }

 private:
  TabularRules rules_;
  std::optional<size_t> a_;
  std::optional<size_t> b_;
};

bool IsNote(absl::string_view text) { return text.substr(0, 5) == "Note:"; }

std::vector<SumRow> ParseAll(SumParser& parser, absl::string_view text,
                             absl::Status* status) {
  std::vector<SumRow> rows;
  *status = ReadCsv(text, CsvOptions(), [&](const CsvRecord& record) {
    if (!parser.header_found()) return parser.Header(record);
    for (SumRow& row : parser.Row(record)) rows.push_back(row);
    return absl::OkStatus();
  });
  if (status->ok()) *status = parser.Finish();
  return rows;
}

TEST(TabularTextTest, HeaderKeyKeepsLettersAndDigitsLowerCased) {
  EXPECT_EQ(HeaderKey("Trade Value (US$)"), "tradevalueus");
  EXPECT_EQ(HeaderKey("EVENT_ID_CNTY"), "eventidcnty");
  EXPECT_EQ(HeaderKey(" Assoc Actor 1 "), "assocactor1");
}

TEST(TabularTextTest, TruncateUtf8CutsAtACharacterBoundary) {
  EXPECT_EQ(TruncateUtf8("abc", 3), "abc");
  EXPECT_EQ(TruncateUtf8("abcd", 3), "abc");
  // "é" is two bytes: cutting inside it drops it.
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9z", 2), "a");
}

TEST(TabularTextTest, UpperSnakeCaseAndDigits) {
  EXPECT_TRUE(IsUpperSnakeCase("IMF_DOTS"));
  EXPECT_TRUE(IsUpperSnakeCase("X1"));
  EXPECT_FALSE(IsUpperSnakeCase("1X"));
  EXPECT_FALSE(IsUpperSnakeCase("Acled"));
  EXPECT_FALSE(IsUpperSnakeCase(""));
  EXPECT_TRUE(AllDigits("0123"));
  EXPECT_FALSE(AllDigits(""));
  EXPECT_FALSE(AllDigits("12a"));
}

TEST(TabularTextTest, DatasetSourceNamesTheDataset) {
  const SourceRef source = DatasetSource(
      "UN Comtrade", "https://comtradeplus.un.org/", "COMTRADE", "HS TOTAL");
  EXPECT_EQ(source.citation, "UN Comtrade");
  EXPECT_EQ(source.url, "https://comtradeplus.un.org/");
  EXPECT_EQ(source.source_system, "COMTRADE");
  EXPECT_EQ(source.locator, "HS TOTAL");
  EXPECT_EQ(source.dataset_version, "");
}

TEST(TabularNumbersTest, ParseInteger) {
  EXPECT_EQ(ParseInteger(" -9 ", false), -9);
  EXPECT_EQ(ParseInteger("12.0", true), 12);
  EXPECT_EQ(ParseInteger("12.0", false), std::nullopt);
  EXPECT_EQ(ParseInteger("12.5", true), std::nullopt);
  EXPECT_EQ(ParseInteger("1234567890123", false), std::nullopt);
}

TEST(TabularNumbersTest, ParsePlainDecimal) {
  EXPECT_EQ(ParsePlainDecimal("-45.5"), -45.5);
  EXPECT_EQ(ParsePlainDecimal("1e-3"), 0.001);
  EXPECT_EQ(ParsePlainDecimal("nan"), std::nullopt);
  EXPECT_EQ(ParsePlainDecimal("1e999"), std::nullopt);
  EXPECT_EQ(ParsePlainDecimal("-"), std::nullopt);
}

TEST(HeaderColumnsTest, FindTriesAliasesInOrder) {
  const std::vector<absl::string_view> header = {"Alpha", " B ", "a"};
  HeaderColumns columns(header);
  EXPECT_EQ(columns.Find({"a", "alpha"}), 2u);
  EXPECT_EQ(columns.Find({"alpha", "a"}), 0u);
  EXPECT_EQ(columns.Find({"c"}), std::nullopt);
  EXPECT_EQ(columns.Name(1, "x"), "B");
  EXPECT_EQ(columns.Name(std::nullopt, "x"), "x");
}

TEST(MatchNamedHeaderTest, ReportsUnknownDuplicateAndMissingColumns) {
  constexpr absl::string_view kNames[] = {"id", "date", "notes"};
  constexpr size_t kRequired[] = {0, 1};
  const std::vector<absl::string_view> header = {"ID", "notes", "", "colour",
                                                 "Notes"};
  std::optional<size_t> positions[3];
  HeaderProblems problems;
  MatchNamedHeader(header, kNames, kRequired, absl::MakeSpan(positions),
                   problems);
  EXPECT_EQ(positions[0], 0u);
  EXPECT_EQ(positions[1], std::nullopt);
  EXPECT_EQ(positions[2], 1u);
  const absl::Status status = problems.ToStatus();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  // The first problem decides the reason.
  EXPECT_EQ(GetReason(status), "UNKNOWN_COLUMN");
  std::vector<std::string> fields;
  for (const FieldViolation& violation : GetFieldViolations(status)) {
    fields.push_back(violation.field);
  }
  EXPECT_THAT(fields, ElementsAre("column 3", "colour", "notes", "date"));
}

TEST(MatchNamedHeaderTest, AnExactHeaderHasNoProblems) {
  constexpr absl::string_view kNames[] = {"id", "date"};
  constexpr size_t kRequired[] = {0};
  const std::vector<absl::string_view> header = {" date", "Id"};
  std::optional<size_t> positions[2];
  HeaderProblems problems;
  MatchNamedHeader(header, kNames, kRequired, absl::MakeSpan(positions),
                   problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_THAT(problems.ToStatus(), IsOk());
  EXPECT_EQ(positions[0], 1u);
  EXPECT_EQ(positions[1], 0u);
}

TEST(RowCollectorTest, ARowWithARejectionYieldsItsRejectionsOnly) {
  RowCollector<PlainRow, Filtered> sink(7, 4);
  sink.Add(1);
  sink.Filter("f", "AGGREGATE", "a group", "World");
  EXPECT_FALSE(sink.Reject("v", "INVALID_NUMBER", "no number", "abcdefg"));
  EXPECT_FALSE(sink.Require("w", ""));
  EXPECT_TRUE(sink.Require("w", "x"));
  std::vector<PlainRow> rows = std::move(sink).Take();
  ASSERT_THAT(rows, SizeIs(2));
  EXPECT_EQ(rows[0].line, 7);
  EXPECT_EQ(rows[0].rejection()->value, "abcd");
  EXPECT_EQ(rows[1].rejection()->reason_code, "MISSING_VALUE");
  EXPECT_EQ(rows[1].rejection()->reason, "w is empty");
}

TEST(RowCollectorTest, KeepsTheColumnWhenTheRowHasOne) {
  RowCollector<SumRow, Filtered> sink(3, 200);
  sink.Add(5, "1999");
  sink.Filter("f", "FOOTER", "note", "x", "2000");
  std::vector<SumRow> rows = std::move(sink).Take();
  ASSERT_THAT(rows, SizeIs(2));
  EXPECT_EQ(rows[0].column, "1999");
  EXPECT_EQ(rows[1].column, "2000");
  EXPECT_TRUE(std::holds_alternative<Filtered>(rows[1].item));
}

TEST(TabularParserTest, SkipsPreambleAndParsesRows) {
  TabularRules rules;
  rules.max_preamble_records = 3;
  SumParser parser(rules);
  absl::Status status;
  std::vector<SumRow> rows =
      ParseAll(parser, "Title\n\nDate,x\nA,b\n1,2\n\n,\n3,4,,\n", &status);
  ASSERT_THAT(status, IsOk());
  EXPECT_THAT(parser.preamble, ElementsAre("Title", "Date"));
  EXPECT_EQ(parser.layout(), "sum");
  ASSERT_THAT(rows, SizeIs(2));
  EXPECT_EQ(std::get<int>(rows[0].item), 5003);  // line 5: 1 + 2
  EXPECT_EQ(rows[0].column, "sum");
  EXPECT_EQ(std::get<int>(rows[1].item), 8007);  // trailing empties ignored
}

TEST(TabularParserTest, TooMuchPreambleIsHeaderNotFound) {
  TabularRules rules;
  rules.max_preamble_records = 2;
  SumParser parser(rules);
  absl::Status status;
  ParseAll(parser, "x\ny\na,b\n", &status);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("no SUM header row in the first 2 "
                                         "records: expected a, b")));
  EXPECT_EQ(GetReason(status), "HEADER_NOT_FOUND");
}

TEST(TabularParserTest, HeaderFirstRefusesPreambleAndBadRecords) {
  TabularRules rules;
  rules.header_first = true;
  {
    SumParser parser(rules);
    absl::Status status;
    ParseAll(parser, "x\na,b\n", &status);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("in the first record")));
  }
  {
    SumParser parser(rules);
    absl::Status status;
    ParseAll(parser, "\"a,b\n", &status);
    EXPECT_EQ(GetReason(status), "MALFORMED_HEADER");
    EXPECT_THAT(status.message(), HasSubstr("(line 1)"));
  }
}

TEST(TabularParserTest, AnUnusableHeaderIsItsError) {
  SumParser parser(TabularRules{});
  absl::Status status;
  ParseAll(parser, "a,c\n", &status);
  EXPECT_EQ(GetReason(status), "MISSING_COLUMN");
  ASSERT_THAT(GetFieldViolations(status), SizeIs(1));
  EXPECT_EQ(GetFieldViolations(status)[0].field, "b");
}

TEST(TabularParserTest, RejectsBadRowsWithTheirLine) {
  SumParser parser(TabularRules{});
  absl::Status status;
  std::vector<SumRow> rows =
      ParseAll(parser, "a,b\n1,x\n1,2,3\n1\n\"bad\"x,1\n", &status);
  ASSERT_THAT(status, IsOk());
  ASSERT_THAT(rows, SizeIs(4));
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].rejection()->field, "b");
  EXPECT_EQ(rows[0].rejection()->reason_code, "INVALID_NUMBER");
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].rejection()->reason_code, "WRONG_COLUMN_COUNT");
  EXPECT_EQ(rows[1].rejection()->reason, "expected 2 columns, found 3");
  EXPECT_EQ(rows[1].rejection()->value, "1,2,3");
  EXPECT_EQ(rows[2].rejection()->reason_code, "WRONG_COLUMN_COUNT");
  EXPECT_EQ(rows[3].line, 5);
  EXPECT_EQ(rows[3].rejection()->reason_code, "TEXT_AFTER_CLOSING_QUOTE");
}

TEST(TabularParserTest, StrictWidthRejectsTrailingEmptyFields) {
  TabularRules rules;
  rules.strict_width = true;
  SumParser parser(rules);
  absl::Status status;
  std::vector<SumRow> rows = ParseAll(parser, "a,b\n1,2,\n", &status);
  ASSERT_THAT(status, IsOk());
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].rejection()->reason_code, "WRONG_COLUMN_COUNT");
}

TEST(TabularParserTest, FootersAreFilteredWhenTheRulesKnowThem) {
  TabularRules rules;
  rules.is_footer = &IsNote;
  SumParser parser(rules);
  absl::Status status;
  std::vector<SumRow> rows = ParseAll(parser, "a,b\nNote: x\nOther\n", &status);
  ASSERT_THAT(status, IsOk());
  ASSERT_THAT(rows, SizeIs(2));
  const auto* footer = std::get_if<Filtered>(&rows[0].item);
  ASSERT_NE(footer, nullptr);
  EXPECT_EQ(footer->reason_code, "FOOTER");
  EXPECT_EQ(footer->value, "Note: x");
  EXPECT_EQ(rows[1].rejection()->reason_code, "WRONG_COLUMN_COUNT");
}

TEST(TabularParserTest, RowsBeforeTheHeaderAndFinishWithoutOne) {
  SumParser parser(TabularRules{});
  CsvRecord record;
  record.line = 4;
  record.fields = {"1", "2"};
  std::vector<SumRow> rows = parser.Row(record);
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].rejection()->reason_code, "HEADER_NOT_FOUND");
  EXPECT_THAT(parser.Finish(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no SUM header row found before the end of "
                                 "the input: expected a, b")));
  EXPECT_THAT(rows, Not(IsEmpty()));
}

TEST(TabularParserTest, HeaderTwiceIsFailedPrecondition) {
  SumParser parser(TabularRules{});
  CsvRecord record;
  record.line = 1;
  record.fields = {"a", "b"};
  ASSERT_THAT(parser.Header(record), IsOk());
  EXPECT_THAT(parser.Header(record),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(CuratedCellsTest, PlainUrlsNeedAnHttpSchemeAHostAndNoSpace) {
  EXPECT_TRUE(IsPlainUrl("https://www.sipri.org/databases"));
  EXPECT_TRUE(IsPlainUrl("HTTP://example.org"));
  EXPECT_FALSE(IsPlainUrl("https://"));
  EXPECT_FALSE(IsPlainUrl("https:///no-host"));
  EXPECT_FALSE(IsPlainUrl("ftp://example.org"));
  EXPECT_FALSE(IsPlainUrl("file:///etc/passwd"));
  EXPECT_FALSE(IsPlainUrl("https://example.org/a b"));
}

TEST(CuratedCellsTest, NamedColumnsDescriptionListsTheColumns) {
  constexpr absl::string_view kNames[] = {"id", "date", "url"};
  EXPECT_EQ(NamedColumnsDescription(kNames, "id, date"),
            "the README's columns (id, date, url); required: id, date");
}

enum Column : size_t { kCite1, kUrl1, kVersion1, kCite2, kUrl2, kColumns };
constexpr absl::string_view kSourceNames[] = {"cite_1", "url_1", "version_1",
                                              "cite_2", "url_2"};
constexpr SourceColumns<Column> kSourceColumns[] = {{kCite1, kUrl1, kVersion1},
                                                    {kCite2, kUrl2}};

struct Rejected {
  size_t column = kColumns;
  std::string code, reason, value;
};

bool ReadRow(const std::vector<std::string>& cells, Rejected& rejected,
             std::vector<SourceRef>& out) {
  return ReadSourceCells<Column>(
      kSourceColumns, kSourceNames, "SIPRI",
      [&](Column column) { return absl::string_view(cells[column]); },
      [&](Column column, absl::string_view code, std::string reason,
          absl::string_view value) {
        rejected = Rejected{column, std::string(code), std::move(reason),
                            std::string(value)};
        return false;
      },
      out);
}

TEST(CuratedCellsTest, SourceCellsGiveOneSourcePerCitedEntry) {
  Rejected rejected;
  std::vector<SourceRef> sources;
  ASSERT_TRUE(ReadRow({"SIPRI TIV", "https://sipri.org", "2024", "", ""},
                      rejected, sources));
  ASSERT_THAT(sources, SizeIs(1));
  EXPECT_EQ(sources[0].citation, "SIPRI TIV");
  EXPECT_EQ(sources[0].url, "https://sipri.org");
  EXPECT_EQ(sources[0].dataset_version, "2024");
  EXPECT_EQ(sources[0].source_system, "SIPRI");

  sources.clear();
  ASSERT_TRUE(ReadRow({"", "", "", "Only a citation", ""}, rejected, sources));
  ASSERT_THAT(sources, SizeIs(1));
  EXPECT_EQ(sources[0].citation, "Only a citation");
  EXPECT_EQ(sources[0].dataset_version, "");
}

TEST(CuratedCellsTest, ABadSourceUrlRejectsTheRowAtItsColumn) {
  Rejected rejected;
  std::vector<SourceRef> sources;
  EXPECT_FALSE(ReadRow({"A", "https://a.org", "", "B", "mailto:b@b.org"},
                       rejected, sources));
  EXPECT_EQ(rejected.column, kUrl2);
  EXPECT_EQ(rejected.code, "INVALID_URL");
  EXPECT_EQ(rejected.reason, "url_2 is not an http(s) URL");
  EXPECT_EQ(rejected.value, "mailto:b@b.org");
}

enum class Shape { kUnspecified, kSquare, kCircle };
struct ShapeParser;
using ShapeEntry = FormatEntry<Shape, ShapeParser, std::string>;
struct ShapeParser {
  ShapeParser(const ShapeEntry& entry, std::string o)
      : options(absl::StrCat(absl::AsciiStrToLower(entry.name), ":", o)) {}
  std::string options;
};
constexpr ShapeEntry kSquare = {Shape::kSquare, "SQUARE",
                                &ShapeEntry::Make<ShapeParser>, "side"};
constexpr const ShapeEntry* kShapes[] = {&kSquare};
constexpr FormatRegistry<Shape, ShapeParser, std::string> kShapeRegistry(
    kShapes, "shape");

TEST(FormatRegistryTest, NamesFormatsAndCreatesTheirParsers) {
  EXPECT_EQ(kShapeRegistry.Name(Shape::kSquare), "SQUARE");
  EXPECT_EQ(kShapeRegistry.Name(Shape::kCircle), "UNSPECIFIED");
  EXPECT_EQ(kShapeRegistry.FromName(" square "), Shape::kSquare);
  EXPECT_EQ(kShapeRegistry.FromName("CIRCLE"), std::nullopt);
  absl::StatusOr<std::unique_ptr<ShapeParser>> parser =
      kShapeRegistry.Create(Shape::kSquare, "x");
  ASSERT_THAT(parser, IsOk());
  EXPECT_EQ((*parser)->options, "square:x");
  absl::StatusOr<std::unique_ptr<ShapeParser>> none =
      kShapeRegistry.Create(Shape::kCircle, "x");
  EXPECT_THAT(none, StatusIs(absl::StatusCode::kInvalidArgument,
                             HasSubstr("the shape file format is not set")));
  EXPECT_THAT(GetFieldViolations(none.status()),
              ElementsAre(FieldViolation{"format",
                                         "the shape file format is not set"}));
}

bool IsAbcOrXyz(absl::string_view code) {
  return code == "ABC" || code == "XYZ";
}

TEST(NormalizeCountryOptionTest, UpperCasesStripsAndNamesAnUnknownCode) {
  FieldViolations violations;
  std::string known = "  abc ";
  NormalizeCountryOption(known, "country", IsAbcOrXyz, "is not a code",
                         /*required=*/true, violations);
  EXPECT_EQ(known, "ABC");
  std::string unset;
  NormalizeCountryOption(unset, "partner", IsAbcOrXyz, "is not a code",
                         /*required=*/false, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_THAT(UnknownCountryStatus(violations), IsOk());

  std::string unknown = "qq";
  NormalizeCountryOption(unknown, "country", IsAbcOrXyz, "is not a code",
                         /*required=*/false, violations);
  NormalizeCountryOption(unset, "reporter", IsAbcOrXyz, "is not a code",
                         /*required=*/true, violations);
  const absl::Status status = UnknownCountryStatus(violations);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("\"QQ\" is not a code")));
  ASSERT_THAT(violations.violations(), SizeIs(2));
  EXPECT_EQ(violations.violations()[1].field, "reporter");
  EXPECT_EQ(violations.violations()[1].description, "\"\" is not a code");
  EXPECT_EQ(GetReason(status), "UNKNOWN_COUNTRY");
}

}  // namespace
}  // namespace dyadscope::csv
