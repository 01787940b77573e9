#include "services/events/domain/lexicon.h"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::events {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kLexicon[] = R"json({
  "version": "1",
  "description": "test lexicon",
  "themes": [
    {"id": "iron_brother", "label": "Iron brothers",
     "phrases": ["iron brother", "iron brothers", "iron  Brother"]},
    {"id": "all_weather", "label": "All-weather friendship",
     "phrases": ["all-weather"], "note": "only the hyphenated form"},
    {"id": "cpec", "label": "CPEC",
     "phrases": ["CPEC", "China-Pakistan Economic Corridor"]},
    {"id": "debt", "phrases": ["debt", "debt trap"]},
    {"id": "brotherhood", "label": "Brotherhood", "phrases": ["brother"]},
    {"id": "ports", "label": "Ports", "phrases": ["gwadar port", "port city"]},
    {"id": "us", "label": "United States", "phrases": ["u.s."]},
    {"id": "chinese_script", "label": "Chinese", "phrases": ["巴铁"]}
  ]
})json";

Lexicon TestLexicon() {
  absl::StatusOr<Lexicon> lexicon = Lexicon::Parse(kLexicon);
  EXPECT_THAT(lexicon, IsOk());
  return lexicon.ok() ? *lexicon : Lexicon();
}

// Parses a lexicon whose only theme has `phrases` (a JSON array text).
std::vector<std::string> CodeWith(const std::string& phrases_json,
                                  const std::string& text) {
  absl::StatusOr<Lexicon> lexicon = Lexicon::Parse(absl::StrCat(
      R"({"version":"1","themes":[{"id":"t","phrases":)", phrases_json, "}]}"));
  EXPECT_THAT(lexicon, IsOk());
  if (!lexicon.ok()) return {"<parse error>"};
  return lexicon->Code("", text);
}

// A document wrapping `value` in an ignored key of a valid lexicon, to
// exercise the JSON reader on any value.
std::string WithExtra(const std::string& value) {
  return absl::StrCat(R"({"extra": )", value,
                      R"(, "version": "1", "themes": [{"id": "a", )"
                      R"("phrases": ["a"]}]})");
}

TEST(LexiconParseTest, ReadsFieldsAndSortsThemes) {
  Lexicon lexicon = TestLexicon();
  EXPECT_EQ(lexicon.version(), "1");
  EXPECT_EQ(lexicon.description(), "test lexicon");
  EXPECT_THAT(lexicon.theme_ids(),
              ElementsAre("all_weather", "brotherhood", "chinese_script",
                          "cpec", "debt", "iron_brother", "ports", "us"));
  ASSERT_EQ(lexicon.themes().size(), 8u);
  const Theme& all_weather = lexicon.themes()[0];
  EXPECT_EQ(all_weather.label, "All-weather friendship");
  EXPECT_EQ(all_weather.note, "only the hyphenated form");
  EXPECT_THAT(all_weather.phrases, ElementsAre("all-weather"));
  // A missing label defaults to the id.
  EXPECT_EQ(lexicon.themes()[4].id, "debt");
  EXPECT_EQ(lexicon.themes()[4].label, "debt");
  EXPECT_TRUE(lexicon.HasTheme("cpec"));
  EXPECT_TRUE(lexicon.HasTheme("us"));
  EXPECT_FALSE(lexicon.HasTheme("cpe"));
  EXPECT_FALSE(lexicon.HasTheme(""));
}

TEST(LexiconCodeTest, WholeWordsCaseInsensitive) {
  Lexicon lexicon = TestLexicon();
  EXPECT_THAT(lexicon.Code("CPEC", ""), ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("cpec", ""), ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("", "CPEC-related projects"), ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("", "the corridor (CPEC) was"), ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("", "CPEC's second phase"), ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("", "end of text: CPEC."), ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("", "CPECX"), IsEmpty());
  EXPECT_THAT(lexicon.Code("", "XCPEC"), IsEmpty());
  EXPECT_THAT(lexicon.Code("", "CPEC2"), IsEmpty());  // digits are word chars
  EXPECT_THAT(lexicon.Code("", "2CPEC"), IsEmpty());
  // Whole words: "debt" is not in "indebted" nor in "debts".
  EXPECT_THAT(lexicon.Code("", "Pakistan is indebted"), IsEmpty());
  EXPECT_THAT(lexicon.Code("", "debts rose"), IsEmpty());
  EXPECT_THAT(lexicon.Code("", "a DEBT trap"), ElementsAre("debt"));
  // '_' is a word character, as in regular expressions' \b.
  EXPECT_THAT(lexicon.Code("", "debt_trap"), IsEmpty());
  EXPECT_THAT(lexicon.Code("", "_CPEC"), IsEmpty());
}

TEST(LexiconCodeTest, BoundariesAtNonAsciiBytes) {
  Lexicon lexicon = TestLexicon();
  // Curly quotes, an en dash and a no-break space are boundaries.
  EXPECT_THAT(lexicon.Code("",
                           "\xE2\x80\x9C"
                           "CPEC"
                           "\xE2\x80\x9D"),
              ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("",
                           "CPEC\xE2\x80\x93"
                           "debt"),
              ElementsAre("cpec", "debt"));
  EXPECT_THAT(lexicon.Code("",
                           "\xC2\xA0"
                           "debt"),
              ElementsAre("debt"));
  // A phrase in another script matches inside a run of that script.
  EXPECT_THAT(lexicon.Code("", "称巴铁兄弟"), ElementsAre("chinese_script"));
  // Non-ASCII bytes are not case-folded: É is not é.
  EXPECT_THAT(CodeWith(R"(["café"])", "CAFÉ"), IsEmpty());
  EXPECT_THAT(CodeWith(R"(["café"])", "Café"), ElementsAre("t"));
}

TEST(LexiconCodeTest, HyphenAndSpaceOnlyAsListed) {
  Lexicon lexicon = TestLexicon();
  EXPECT_THAT(lexicon.Code("", "an all-weather friend"),
              ElementsAre("all_weather"));
  EXPECT_THAT(lexicon.Code("", "an ALL-Weather friend"),
              ElementsAre("all_weather"));
  EXPECT_THAT(lexicon.Code("", "an all weather friend"), IsEmpty());
  EXPECT_THAT(lexicon.Code("", "an allweather friend"), IsEmpty());
  // Listed with a hyphen, matched with a hyphen only.
  EXPECT_THAT(lexicon.Code("", "China Pakistan Economic Corridor"), IsEmpty());
  EXPECT_THAT(lexicon.Code("", "the china-pakistan economic corridor"),
              ElementsAre("cpec"));
}

TEST(LexiconCodeTest, WhitespaceRunsAreOneSpace) {
  Lexicon lexicon = TestLexicon();
  EXPECT_THAT(lexicon.Code("", "Iron\n  Brother"),
              ElementsAre("brotherhood", "iron_brother"));
  EXPECT_THAT(lexicon.Code("", "iron\tbrothers"), ElementsAre("iron_brother"));
  EXPECT_THAT(lexicon.Code("", "China Pakistan\r\nEconomic Corridor"),
              IsEmpty());  // the hyphen still has to be there
  EXPECT_THAT(lexicon.Code("", "China-Pakistan Economic\r\n\tCorridor"),
              ElementsAre("cpec"));
}

TEST(LexiconCodeTest, OverlappingPhrasesAllFound) {
  Lexicon lexicon = TestLexicon();
  // "brother" inside "iron brother": both themes.
  EXPECT_THAT(lexicon.Code("iron brothers forever", ""),
              ElementsAre("iron_brother"));  // "brothers" is not "brother"
  EXPECT_THAT(lexicon.Code("an iron brother", ""),
              ElementsAre("brotherhood", "iron_brother"));
  // Phrases sharing a word: "gwadar port" and "port city".
  EXPECT_THAT(lexicon.Code("", "gwadar port city"), ElementsAre("ports"));
  EXPECT_THAT(lexicon.Code("", "a port city"), ElementsAre("ports"));
  // A false start before the match needs the automaton's failure links.
  EXPECT_THAT(lexicon.Code("", "gwadar gwadar port"), ElementsAre("ports"));
  EXPECT_THAT(lexicon.Code("", "iron iron brother"),
              ElementsAre("brotherhood", "iron_brother"));
  // A rejected match (not whole word) does not hide a later one.
  EXPECT_THAT(lexicon.Code("", "CPECX CPEC"), ElementsAre("cpec"));
  EXPECT_THAT(lexicon.Code("", "indebted, then debt"), ElementsAre("debt"));
}

TEST(LexiconCodeTest, PhraseEdgesThatAreNotWordCharacters) {
  Lexicon lexicon = TestLexicon();
  // "u.s." starts with a letter (boundary needed) and ends with '.' (none).
  EXPECT_THAT(lexicon.Code("", "U.S.-China rivalry"), ElementsAre("us"));
  EXPECT_THAT(lexicon.Code("", "the u.s.a."), ElementsAre("us"));
  EXPECT_THAT(lexicon.Code("", "xu.s."), IsEmpty());
  EXPECT_THAT(CodeWith(R"j(["(cpec)"])j", "x(CPEC)y"), ElementsAre("t"));
}

TEST(LexiconCodeTest, TitleAndTextSeparately) {
  absl::StatusOr<Lexicon> lexicon = Lexicon::Parse(
      R"({"version":"1","themes":[{"id":"t","phrases":["cpec corridor"]}]})");
  ASSERT_THAT(lexicon, IsOk());
  EXPECT_THAT(lexicon->Code("CPEC", "corridor"), IsEmpty());
  EXPECT_THAT(lexicon->Code("CPEC corridor", ""), ElementsAre("t"));
  EXPECT_THAT(lexicon->Code("", "CPEC corridor"), ElementsAre("t"));
}

TEST(LexiconCodeTest, SortedUniqueResult) {
  Lexicon lexicon = TestLexicon();
  EXPECT_THAT(lexicon.Code("debt, CPEC and debt", "CPEC; all-weather; debt"),
              ElementsAre("all_weather", "cpec", "debt"));
  EXPECT_THAT(lexicon.Code("", ""), IsEmpty());
  EXPECT_THAT(Lexicon().Code("CPEC", "debt"), IsEmpty());
}

TEST(LexiconCodeTest, MatchesEveryPositionInLongText) {
  Lexicon lexicon = TestLexicon();
  std::string text(10000, 'x');
  text += " debt";
  EXPECT_THAT(lexicon.Code("", text), ElementsAre("debt"));
  EXPECT_THAT(lexicon.Code("", "debt " + std::string(10000, 'x')),
              ElementsAre("debt"));
}

TEST(LexiconValidationTest, RejectsBadThemes) {
  EXPECT_THAT(
      Lexicon::Parse(R"({"version":"1","themes":[
        {"id":"a","phrases":["x"]},
        {"id":"a","phrases":["y"]}]})"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("line 3, column 15: duplicate theme id \"a\"")));
  EXPECT_THAT(
      Lexicon::Parse(R"({"version":"1","themes":[{"id":"a","phrases":[]}]})"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("theme \"a\" has no phrases")));
  EXPECT_THAT(
      Lexicon::Parse(
          R"({"version":"1","themes":[{"id":"a","phrases":[" \n"]}]})"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("column 47: theme \"a\" has an empty phrase")));
  for (const char* id : {"AllWeather", "all-weather", "_a", "a_", "a__b",
                         "1abc", "", "all weather", "caf\\u00e9"}) {
    EXPECT_THAT(
        Lexicon::Parse(absl::StrCat(R"({"version":"1","themes":[{"id":")", id,
                                    R"(","phrases":["x"]}]})")),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 HasSubstr("is not lower_snake_case")))
        << id;
  }
  for (const char* id : {"a", "a1", "all_weather", "cpec_2", "x9_y8_z"}) {
    EXPECT_THAT(
        Lexicon::Parse(absl::StrCat(R"({"version":"1","themes":[{"id":")", id,
                                    R"(","phrases":["x"]}]})")),
        IsOk())
        << id;
  }
}

TEST(LexiconValidationTest, RejectsMissingOrMistypedFields) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"([])",
       "line 1, column 1: the lexicon must be an object, not an array"},
      {R"({"themes":[{"id":"a","phrases":["x"]}]})", "missing \"version\""},
      {R"({"version":1,"themes":[{"id":"a","phrases":["x"]}]})",
       "column 12: \"version\" must be a string, not a number"},
      {R"({"version":"","themes":[{"id":"a","phrases":["x"]}]})",
       "\"version\" must not be empty"},
      {R"({"version":"1"})", "missing \"themes\""},
      {R"({"version":"1","themes":{}})", "\"themes\" must be an array"},
      {R"({"version":"1","themes":[]})", "\"themes\" must not be empty"},
      {R"({"version":"1","description":null,"themes":[]})",
       "\"description\" must be a string, not null"},
      {R"({"version":"1","themes":["a"]})",
       "themes[0]: a theme must be an object, not a string"},
      {R"({"version":"1","themes":[{"phrases":["x"]}]})",
       "themes[0]: missing \"id\""},
      {R"({"version":"1","themes":[{"id":"a"}]})",
       "theme \"a\": missing \"phrases\""},
      {R"({"version":"1","themes":[{"id":"a","phrases":"x"}]})",
       "\"phrases\" must be an array, not a string"},
      {R"({"version":"1","themes":[{"id":"a","phrases":["x",2]}]})",
       "column 51: theme \"a\": a phrase must be a string, not a number"},
      {R"({"version":"1","themes":[{"id":"a","label":true,"phrases":["x"]}]})",
       "\"label\" must be a string, not a boolean"},
      {R"({"version":"1","themes":[{"id":"a","note":[],"phrases":["x"]}]})",
       "\"note\" must be a string, not an array"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(
        Lexicon::Parse(c.json),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.json;
  }
}

TEST(LexiconValidationTest, CreateChecksLikeParse) {
  EXPECT_THAT(Lexicon::Create("1", "", {{"a", "A", {"x"}, ""}}), IsOk());
  EXPECT_THAT(Lexicon::Create("", "", {{"a", "A", {"x"}, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Lexicon::Create("1", "", {}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      Lexicon::Create("1", "", {{"a", "A", {"x"}, ""}, {"a", "B", {"y"}, ""}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("duplicate theme id")));
  EXPECT_THAT(
      Lexicon::Create("1", "", {{"a", "A", {}, ""}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no phrases")));
  EXPECT_THAT(
      Lexicon::Create("1", "", {{"a", "A", {"x", ""}, ""}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty phrase")));
  EXPECT_THAT(Lexicon::Create("1", "", {{"A", "A", {"x"}, ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("lower_snake_case")));
}

TEST(JsonReaderTest, DecodesStringEscapes) {
  absl::StatusOr<Lexicon> lexicon = Lexicon::Parse(
      R"({"version":"1","themes":[{"id":"a","phrases":["x"],)"
      R"("label":"q\" b\\ s\/ \b\f\n\r\t \u00e9 \u4E2D \ud83d\ude00 \u0041"}]})");
  ASSERT_THAT(lexicon, IsOk());
  EXPECT_EQ(lexicon->themes()[0].label,
            "q\" b\\ s/ \b\f\n\r\t \xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 A");
  // Raw UTF-8 passes through; a byte order mark is skipped.
  lexicon = Lexicon::Parse(
      "\xEF\xBB\xBF{\"version\":\"1\",\"themes\":[{\"id\":\"a\","
      "\"phrases\":[\"\xE5\xB7\xB4\xE9\x93\x81\"]}]}");
  ASSERT_THAT(lexicon, IsOk());
  EXPECT_EQ(lexicon->themes()[0].phrases[0], "\xE5\xB7\xB4\xE9\x93\x81");
}

TEST(JsonReaderTest, AcceptsValidValues) {
  for (const char* value :
       {"0", "-0", "12", "-12.5", "1.5e10", "2E-3", "1e+2", "0.0001", "true",
        "false", "null", "\"\"", "[]", "{}", "[1, [2, [3]], {}]",
        R"({"a": {"b": [null, true, "x"]}, "c": -1})", " \t\r\n [ ] \n"}) {
    EXPECT_THAT(Lexicon::Parse(WithExtra(value)), IsOk()) << value;
  }
}

TEST(JsonReaderTest, RejectsMalformedJsonWithPosition) {
  struct Case {
    std::string json;
    const char* message;
  };
  const Case cases[] = {
      {"", "line 1, column 1: unexpected end of input, expected a value"},
      {"   \n  ", "line 2, column 3: unexpected end of input"},
      {"{", "line 1, column 2: unexpected end of input in an object"},
      {"{\"a\" 1}", "line 1, column 6: expected ':' after an object key"},
      {"{\"a\":1,}", "line 1, column 8: unexpected '}', expected a string key"},
      {"[1,]", "line 1, column 4: unexpected ']', expected a value"},
      {"[1 2]", "line 1, column 4: unexpected '2', expected ',' or ']'"},
      {"{\"a\":1 \"b\":2}", "line 1, column 8: unexpected '\"', expected ','"},
      {"{a:1}", "line 1, column 2: unexpected 'a', expected a string key"},
      {"{'a':1}", "unexpected ''', expected a string key"},
      {"{\"a\":1,\n \"a\":2}", "line 2, column 2: duplicate key \"a\""},
      {"\"abc", "line 1, column 1: unterminated string"},
      {"\"a\\x\"", "line 1, column 4: invalid escape \\'x'"},
      {"\"\\u12G4\"", "line 1, column 6: a \\u escape needs 4 hex digits"},
      {"\"\\udc00\"", "line 1, column 2: unpaired low surrogate"},
      {"\"\\ud800\"", "high surrogate not followed by a \\u low surrogate"},
      {"\"\\ud800\\u0041\"", "high surrogate not followed by a low surrogate"},
      {"\"a\tb\"", "line 1, column 3: unescaped control character"},
      {"\"a\nb\"", "unescaped control character (byte 0x0A)"},
      {"\"\xC0\x80\"", "line 1, column 2: invalid UTF-8 (byte 0xC0)"},
      {"\"\xED\xA0\x80\"", "invalid UTF-8 sequence"},      // a surrogate
      {"\"\xE0\x80\xAF\"", "invalid UTF-8 sequence"},      // overlong
      {"\"\xF4\x90\x80\x80\"", "invalid UTF-8 sequence"},  // > U+10FFFF
      {"\"\xE4\xB8\"", "invalid UTF-8 sequence"},
      {"\"\xE4\xB8", "truncated UTF-8 sequence"},
      {"\"\x80\"", "invalid UTF-8 (byte 0x80)"},
      {"01", "line 1, column 2: leading zeros are not allowed"},
      {"-", "line 1, column 2: expected a digit"},
      {"-a", "expected a digit"},
      {"1.", "line 1, column 3: expected a digit after '.'"},
      {".5", "unexpected '.', expected a value"},
      {"1e", "expected a digit in the exponent"},
      {"1e+", "expected a digit in the exponent"},
      {"+1", "unexpected '+', expected a value"},
      {"1e400", "number 1e400 is out of range"},
      {"NaN", "unexpected 'N', expected a value"},
      {"tru", "line 1, column 1: invalid literal, expected true"},
      {"nul", "invalid literal, expected null"},
      {"True", "unexpected 'T'"},
      {"{} x", "line 1, column 4: unexpected 'x' after the JSON value"},
      {"{}{}", "unexpected '{' after the JSON value"},
      {"// c\n{}", "unexpected '/', expected a value"},
      {std::string(70, '[') + std::string(70, ']'), "nesting deeper than 64"},
      {std::string("{\"a\":\0}", 7), "unexpected byte 0x00, expected a value"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(
        Lexicon::Parse(c.json),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.json;
  }
}

TEST(JsonReaderTest, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes but one column: the stray 'x' is at column 8.
  EXPECT_THAT(Lexicon::Parse("[\"\xC3\xA9\xC3\xA9\", x]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 1, column 8: unexpected 'x'")));
  EXPECT_THAT(Lexicon::Parse("{\n\n  \"version\": \"1\",\n  \"themes\": [}"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 4, column 14: unexpected '}'")));
}

// The straightforward reading of the matching rules, to check the automaton.
std::string Normalize(absl::string_view in) {
  std::string out;
  for (char c : in) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
      if (out.empty() || out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return out;
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

std::vector<std::string> NaiveCode(const Lexicon& lexicon,
                                   absl::string_view title,
                                   absl::string_view text) {
  std::vector<std::string> ids;
  for (const Theme& theme : lexicon.themes()) {
    bool hit = false;
    for (const std::string& raw : theme.phrases) {
      std::string phrase = Normalize(raw);
      while (!phrase.empty() && phrase.back() == ' ') phrase.pop_back();
      while (!phrase.empty() && phrase.front() == ' ') phrase.erase(0, 1);
      for (absl::string_view field : {title, text}) {
        const std::string t = Normalize(field);
        for (size_t pos = t.find(phrase); pos != std::string::npos && !hit;
             pos = t.find(phrase, pos + 1)) {
          const size_t end = pos + phrase.size();
          const bool start_ok = !IsWordChar(phrase.front()) || pos == 0 ||
                                !IsWordChar(t[pos - 1]);
          const bool end_ok = !IsWordChar(phrase.back()) || end == t.size() ||
                              !IsWordChar(t[end]);
          hit = start_ok && end_ok;
        }
      }
    }
    if (hit) ids.push_back(theme.id);
  }
  return ids;
}

TEST(LexiconCodeTest, AgreesWithNaiveMatcherOnRandomText) {
  Lexicon lexicon = TestLexicon();
  const std::vector<std::string> pieces = {"iron",
                                           "Iron",
                                           "brother",
                                           "brothers",
                                           "all",
                                           "weather",
                                           "-",
                                           " ",
                                           "  ",
                                           "\n",
                                           "CPEC",
                                           "cpec",
                                           "x",
                                           "in",
                                           "debt",
                                           "ed",
                                           "trap",
                                           "gwadar",
                                           "port",
                                           "city",
                                           "u.s.",
                                           "U.S",
                                           ".",
                                           "(",
                                           ")",
                                           "_",
                                           "9",
                                           "\xE5\xB7\xB4",
                                           "\xE9\x93\x81",
                                           "\xE2\x80\x9C",
                                           "China-Pakistan",
                                           "Economic",
                                           "Corridor",
                                           "'s"};
  std::mt19937 random(12345);
  int coded = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string title;
    std::string text;
    const int title_pieces = random() % 6;
    const int text_pieces = random() % 16;
    for (int i = 0; i < title_pieces; ++i) {
      title += pieces[random() % pieces.size()];
    }
    for (int i = 0; i < text_pieces; ++i) {
      text += pieces[random() % pieces.size()];
    }
    std::vector<std::string> expected = NaiveCode(lexicon, title, text);
    coded += expected.empty() ? 0 : 1;
    ASSERT_EQ(lexicon.Code(title, text), expected)
        << "title: " << title << "\ntext: " << text;
  }
  EXPECT_GT(coded, 500);  // the texts do hit phrases
}

// The lexicon shipped with the embedded PAK-CHN data, when it exists.
TEST(EmbeddedLexiconTest, ParsesAndEveryPhraseCodesItsTheme) {
  const char* root = std::getenv("DYADSCOPE_SOURCE_DIR");
  const std::string path = absl::StrCat(root != nullptr ? root : "/work/main",
                                        "/data/pak-chn/lexicon.json");
  std::ifstream file(path, std::ios::binary);
  if (!file) GTEST_SKIP() << path << " is absent";
  std::stringstream contents;
  contents << file.rdbuf();
  absl::StatusOr<Lexicon> lexicon = Lexicon::Parse(contents.str());
  ASSERT_THAT(lexicon, IsOk()) << path;
  EXPECT_FALSE(lexicon->version().empty());
  EXPECT_FALSE(lexicon->themes().empty());
  for (const Theme& theme : lexicon->themes()) {
    EXPECT_FALSE(theme.label.empty()) << theme.id;
    for (const std::string& phrase : theme.phrases) {
      // A phrase found in a sentence codes its theme.
      EXPECT_THAT(lexicon->Code("", absl::StrCat("Officials said ", phrase,
                                                 " on Monday.")),
                  ::testing::Contains(theme.id))
          << theme.id << ": " << phrase;
    }
  }
}

}  // namespace
}  // namespace dyadscope::events
