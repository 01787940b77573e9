// File: services/events/domain/lexicon.cc
// -----------------------------------------------------------------------------
// The lexicon's JSON reader (a strict RFC 8259 reader for the few documents
// the service reads; the project has no JSON library), its validation and the
// Aho-Corasick automaton behind Lexicon::Code.

#include "services/events/domain/lexicon.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace dyadscope::events {
namespace {

// ---------------------------------------------------------------------------
// JSON reader.

// Objects and arrays nest at most this deep (the lexicon needs 3).
constexpr int kMaxJsonDepth = 64;

// A parsed JSON value with the position (1-based line and column, counted in
// characters) where it starts.
struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0.0;
  std::string string;
  std::vector<JsonValue> items;   // array elements, or object member values
  std::vector<std::string> keys;  // object member keys, parallel to `items`
  int line = 0;
  int column = 0;

  // Returns the member `key` of an object, or nullptr.
  const JsonValue* Find(absl::string_view key) const {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &items[i];
    }
    return nullptr;
  }
};

absl::Status ErrorAt(int line, int column, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "lexicon JSON line %d, column %d: %s", line, column, message));
}

absl::Status ErrorAt(const JsonValue& value, absl::string_view message) {
  return ErrorAt(value.line, value.column, message);
}

// Describes a byte for an error message: 'x', or \xNN when not printable.
std::string DescribeByte(unsigned char c) {
  if (c >= 0x20 && c < 0x7f) return absl::StrFormat("'%c'", c);
  return absl::StrFormat("byte 0x%02X", c);
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// A strict recursive-descent reader of one JSON document.
class JsonReader {
 public:
  explicit JsonReader(absl::string_view input) : in_(input) {}

  absl::StatusOr<JsonValue> ReadDocument() {
    // A UTF-8 byte order mark is tolerated (RFC 8259 section 8.1).
    if (in_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    JsonValue value;
    if (absl::Status s = ReadValue(value, 0); !s.ok()) return s;
    SkipWhitespace();
    if (!AtEnd()) {
      return Error(absl::StrCat("unexpected ", DescribeByte(Peek()),
                                " after the JSON value"));
    }
    return value;
  }

 private:
  bool AtEnd() const { return pos_ >= in_.size(); }
  unsigned char Peek() const { return static_cast<unsigned char>(in_[pos_]); }

  // Moves past one byte, keeping the line and the column (in characters:
  // UTF-8 continuation bytes do not advance it).
  void Advance() {
    unsigned char c = Peek();
    ++pos_;
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;
    }
  }

  absl::Status Error(absl::string_view message) const {
    return ErrorAt(line_, column_, message);
  }

  void SkipWhitespace() {
    while (!AtEnd()) {
      unsigned char c = Peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      Advance();
    }
  }

  absl::Status ReadValue(JsonValue& out, int depth) {
    SkipWhitespace();
    out.line = line_;
    out.column = column_;
    if (AtEnd()) return Error("unexpected end of input, expected a value");
    unsigned char c = Peek();
    switch (c) {
      case '{':
        return ReadObject(out, depth + 1);
      case '[':
        return ReadArray(out, depth + 1);
      case '"':
        out.kind = JsonValue::Kind::kString;
        return ReadString(out.string);
      case 't':
        out.kind = JsonValue::Kind::kBool;
        out.boolean = true;
        return ReadLiteral("true");
      case 'f':
        out.kind = JsonValue::Kind::kBool;
        out.boolean = false;
        return ReadLiteral("false");
      case 'n':
        out.kind = JsonValue::Kind::kNull;
        return ReadLiteral("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          out.kind = JsonValue::Kind::kNumber;
          return ReadNumber(out.number);
        }
        return Error(
            absl::StrCat("unexpected ", DescribeByte(c), ", expected a value"));
    }
  }

  absl::Status ReadObject(JsonValue& out, int depth) {
    if (depth > kMaxJsonDepth) {
      return Error(absl::StrCat("nesting deeper than ", kMaxJsonDepth));
    }
    out.kind = JsonValue::Kind::kObject;
    Advance();  // '{'
    SkipWhitespace();
    if (!AtEnd() && Peek() == '}') {
      Advance();
      return absl::OkStatus();
    }
    absl::flat_hash_set<std::string> seen;
    while (true) {
      SkipWhitespace();
      if (AtEnd()) return Error("unexpected end of input in an object");
      if (Peek() != '"') {
        return Error(absl::StrCat("unexpected ", DescribeByte(Peek()),
                                  ", expected a string key"));
      }
      int key_line = line_;
      int key_column = column_;
      std::string key;
      if (absl::Status s = ReadString(key); !s.ok()) return s;
      if (!seen.insert(key).second) {
        return ErrorAt(key_line, key_column,
                       absl::StrCat("duplicate key \"", key, "\""));
      }
      SkipWhitespace();
      if (AtEnd() || Peek() != ':') {
        return Error("expected ':' after an object key");
      }
      Advance();
      out.keys.push_back(std::move(key));
      out.items.emplace_back();
      if (absl::Status s = ReadValue(out.items.back(), depth); !s.ok()) {
        return s;
      }
      SkipWhitespace();
      if (AtEnd()) return Error("unexpected end of input in an object");
      if (Peek() == ',') {
        Advance();
        continue;
      }
      if (Peek() == '}') {
        Advance();
        return absl::OkStatus();
      }
      return Error(absl::StrCat("unexpected ", DescribeByte(Peek()),
                                ", expected ',' or '}'"));
    }
  }

  absl::Status ReadArray(JsonValue& out, int depth) {
    if (depth > kMaxJsonDepth) {
      return Error(absl::StrCat("nesting deeper than ", kMaxJsonDepth));
    }
    out.kind = JsonValue::Kind::kArray;
    Advance();  // '['
    SkipWhitespace();
    if (!AtEnd() && Peek() == ']') {
      Advance();
      return absl::OkStatus();
    }
    while (true) {
      out.items.emplace_back();
      if (absl::Status s = ReadValue(out.items.back(), depth); !s.ok()) {
        return s;
      }
      SkipWhitespace();
      if (AtEnd()) return Error("unexpected end of input in an array");
      if (Peek() == ',') {
        Advance();
        continue;
      }
      if (Peek() == ']') {
        Advance();
        return absl::OkStatus();
      }
      return Error(absl::StrCat("unexpected ", DescribeByte(Peek()),
                                ", expected ',' or ']'"));
    }
  }

  absl::Status ReadLiteral(absl::string_view word) {
    if (in_.substr(pos_, word.size()) != word) {
      return Error(absl::StrCat("invalid literal, expected ", word));
    }
    for (size_t i = 0; i < word.size(); ++i) Advance();
    return absl::OkStatus();
  }

  bool AtDigit() const { return !AtEnd() && Peek() >= '0' && Peek() <= '9'; }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  absl::Status ReadNumber(double& out) {
    size_t start = pos_;
    if (Peek() == '-') Advance();
    if (!AtDigit()) return Error("expected a digit");
    if (Peek() == '0') {
      Advance();
      if (AtDigit()) return Error("leading zeros are not allowed");
    } else {
      while (AtDigit()) Advance();
    }
    if (!AtEnd() && Peek() == '.') {
      Advance();
      if (!AtDigit()) return Error("expected a digit after '.'");
      while (AtDigit()) Advance();
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      Advance();
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) Advance();
      if (!AtDigit()) return Error("expected a digit in the exponent");
      while (AtDigit()) Advance();
    }
    absl::string_view text = in_.substr(start, pos_ - start);
    if (!absl::SimpleAtod(text, &out) || !std::isfinite(out)) {
      return Error(absl::StrCat("number ", text, " is out of range"));
    }
    return absl::OkStatus();
  }

  // Reads 4 hex digits of a \u escape.
  absl::Status ReadHex4(uint32_t& out) {
    out = 0;
    for (int i = 0; i < 4; ++i) {
      if (AtEnd()) return Error("unexpected end of input in a \\u escape");
      unsigned char c = Peek();
      uint32_t digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return Error("a \\u escape needs 4 hex digits");
      }
      out = out * 16 + digit;
      Advance();
    }
    return absl::OkStatus();
  }

  absl::Status ReadEscape(std::string& out) {
    Advance();  // '\'
    if (AtEnd()) return Error("unexpected end of input in an escape");
    unsigned char c = Peek();
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out.push_back(static_cast<char>(c));
        Advance();
        return absl::OkStatus();
      case 'b':
        out.push_back('\b');
        Advance();
        return absl::OkStatus();
      case 'f':
        out.push_back('\f');
        Advance();
        return absl::OkStatus();
      case 'n':
        out.push_back('\n');
        Advance();
        return absl::OkStatus();
      case 'r':
        out.push_back('\r');
        Advance();
        return absl::OkStatus();
      case 't':
        out.push_back('\t');
        Advance();
        return absl::OkStatus();
      case 'u':
        break;
      default:
        return Error(absl::StrCat("invalid escape \\", DescribeByte(c)));
    }
    int line = line_;
    int column = column_ - 1;  // at the backslash
    Advance();                 // 'u'
    uint32_t unit;
    if (absl::Status s = ReadHex4(unit); !s.ok()) return s;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return ErrorAt(line, column, "unpaired low surrogate in a \\u escape");
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (in_.substr(pos_, 2) != "\\u") {
        return ErrorAt(line, column,
                       "high surrogate not followed by a \\u low surrogate");
      }
      Advance();
      Advance();
      uint32_t low;
      if (absl::Status s = ReadHex4(low); !s.ok()) return s;
      if (low < 0xDC00 || low > 0xDFFF) {
        return ErrorAt(line, column,
                       "high surrogate not followed by a low surrogate");
      }
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(unit, out);
    return absl::OkStatus();
  }

  // Copies one UTF-8 encoded character (first byte >= 0x80), checking it is
  // well formed: no stray continuation byte, no overlong form, no surrogate,
  // nothing above U+10FFFF.
  absl::Status ReadUtf8(std::string& out) {
    unsigned char c = Peek();
    int length;
    uint32_t min;
    uint32_t code_point;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      min = 0x80;
      code_point = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      min = 0x800;
      code_point = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      min = 0x10000;
      code_point = c & 0x07;
    } else {
      return Error(absl::StrCat("invalid UTF-8 (", DescribeByte(c), ")"));
    }
    if (pos_ + length > in_.size()) return Error("truncated UTF-8 sequence");
    for (int i = 1; i < length; ++i) {
      unsigned char next = static_cast<unsigned char>(in_[pos_ + i]);
      if ((next & 0xC0) != 0x80) return Error("invalid UTF-8 sequence");
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < min || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return Error("invalid UTF-8 sequence");
    }
    out.append(in_.data() + pos_, length);
    for (int i = 0; i < length; ++i) Advance();
    return absl::OkStatus();
  }

  absl::Status ReadString(std::string& out) {
    int line = line_;
    int column = column_;
    Advance();  // '"'
    while (true) {
      if (AtEnd()) return ErrorAt(line, column, "unterminated string");
      unsigned char c = Peek();
      if (c == '"') {
        Advance();
        return absl::OkStatus();
      }
      if (c == '\\') {
        if (absl::Status s = ReadEscape(out); !s.ok()) return s;
      } else if (c < 0x20) {
        return Error(absl::StrCat("unescaped control character (",
                                  DescribeByte(c), ") in a string"));
      } else if (c >= 0x80) {
        if (absl::Status s = ReadUtf8(out); !s.ok()) return s;
      } else {
        out.push_back(static_cast<char>(c));
        Advance();
      }
    }
  }

  absl::string_view in_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// ---------------------------------------------------------------------------
// Text normalisation and validation.

// ASCII lower-casing and whitespace tables.
struct ByteTables {
  unsigned char lower[256];
  bool space[256];
  bool word[256];

  ByteTables() {
    for (int c = 0; c < 256; ++c) {
      lower[c] = static_cast<unsigned char>(
          (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
      space[c] = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
                 c == '\v';
      word[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '_';
    }
  }
};

const ByteTables& Tables() {
  static const ByteTables* const kTables = new ByteTables();
  return *kTables;
}

// Appends `in` lower-cased (ASCII) with each run of whitespace as one space.
void AppendNormalized(absl::string_view in, std::string& out) {
  const ByteTables& t = Tables();
  const size_t old_size = out.size();
  out.resize(old_size + in.size());
  char* const begin = &out[0] + old_size;
  char* p = begin;
  bool in_space = false;
  for (char ch : in) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (t.space[c]) {
      if (!in_space) *p++ = ' ';
      in_space = true;
    } else {
      *p++ = static_cast<char>(t.lower[c]);
      in_space = false;
    }
  }
  out.resize(old_size + (p - begin));
}

// A phrase as matched: normalised and trimmed.
std::string NormalizePhrase(absl::string_view phrase) {
  std::string out;
  AppendNormalized(phrase, out);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

bool IsLowerSnakeCase(absl::string_view id) {
  if (id.empty() || id.front() < 'a' || id.front() > 'z') return false;
  if (id.back() == '_') return false;
  char previous = 0;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && previous == '_')) return false;
    previous = c;
  }
  return true;
}

// The checks shared by Parse and Create, without positions.
absl::Status CheckThemeId(absl::string_view id) {
  if (!IsLowerSnakeCase(id)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "theme id \"", id,
        "\" is not lower_snake_case (a-z, 0-9, single underscores, starting "
        "with a letter)"));
  }
  return absl::OkStatus();
}

absl::Status CheckPhrase(absl::string_view theme_id, absl::string_view phrase) {
  if (NormalizePhrase(phrase).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("theme \"", theme_id, "\" has an empty phrase"));
  }
  return absl::OkStatus();
}

absl::Status EmptyPhrasesError(absl::string_view theme_id) {
  return absl::InvalidArgumentError(
      absl::StrCat("theme \"", theme_id, "\" has no phrases"));
}

// Re-reports a position-free check at `value`'s position.
absl::Status At(const JsonValue& value, const absl::Status& status) {
  if (status.ok()) return status;
  return ErrorAt(value, status.message());
}

const char* KindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return "a boolean";
    case JsonValue::Kind::kNumber:
      return "a number";
    case JsonValue::Kind::kString:
      return "a string";
    case JsonValue::Kind::kArray:
      return "an array";
    case JsonValue::Kind::kObject:
      return "an object";
  }
  return "a value";
}

// Reads the optional string member `key` of `object` into `out`.
absl::Status OptionalString(const JsonValue& object, absl::string_view key,
                            absl::string_view where, std::string& out) {
  const JsonValue* value = object.Find(key);
  if (value == nullptr) return absl::OkStatus();
  if (value->kind != JsonValue::Kind::kString) {
    return ErrorAt(*value,
                   absl::StrCat(where, "\"", key, "\" must be a string, not ",
                                KindName(value->kind)));
  }
  out = value->string;
  return absl::OkStatus();
}

// Returns the required member `key` of `object`, of kind `kind`.
absl::StatusOr<const JsonValue*> Required(const JsonValue& object,
                                          absl::string_view key,
                                          JsonValue::Kind kind,
                                          absl::string_view where) {
  const JsonValue* value = object.Find(key);
  if (value == nullptr) {
    return ErrorAt(object, absl::StrCat(where, "missing \"", key, "\""));
  }
  if (value->kind != kind) {
    return ErrorAt(*value,
                   absl::StrCat(where, "\"", key, "\" must be ", KindName(kind),
                                ", not ", KindName(value->kind)));
  }
  return value;
}

absl::StatusOr<Theme> ReadTheme(const JsonValue& value, size_t index,
                                absl::flat_hash_set<std::string>& seen_ids) {
  std::string where = absl::StrCat("themes[", index, "]: ");
  if (value.kind != JsonValue::Kind::kObject) {
    return ErrorAt(value, absl::StrCat(where, "a theme must be an object, not ",
                                       KindName(value.kind)));
  }
  Theme theme;
  absl::StatusOr<const JsonValue*> id =
      Required(value, "id", JsonValue::Kind::kString, where);
  if (!id.ok()) return id.status();
  theme.id = (*id)->string;
  if (absl::Status s = At(**id, CheckThemeId(theme.id)); !s.ok()) return s;
  if (!seen_ids.insert(theme.id).second) {
    return ErrorAt(**id, absl::StrCat("duplicate theme id \"", theme.id, "\""));
  }
  where = absl::StrCat("theme \"", theme.id, "\": ");
  if (absl::Status s = OptionalString(value, "label", where, theme.label);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = OptionalString(value, "note", where, theme.note);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<const JsonValue*> phrases =
      Required(value, "phrases", JsonValue::Kind::kArray, where);
  if (!phrases.ok()) return phrases.status();
  if ((*phrases)->items.empty()) {
    return At(**phrases, EmptyPhrasesError(theme.id));
  }
  for (const JsonValue& phrase : (*phrases)->items) {
    if (phrase.kind != JsonValue::Kind::kString) {
      return ErrorAt(phrase, absl::StrCat(where,
                                          "a phrase must be a string, "
                                          "not ",
                                          KindName(phrase.kind)));
    }
    if (absl::Status s = At(phrase, CheckPhrase(theme.id, phrase.string));
        !s.ok()) {
      return s;
    }
    theme.phrases.push_back(phrase.string);
  }
  return theme;
}

}  // namespace

// -----------------------------------------------------------------------------
// Lexicon.

absl::StatusOr<Lexicon> Lexicon::Parse(absl::string_view json) {
  JsonReader reader(json);
  absl::StatusOr<JsonValue> root = reader.ReadDocument();
  if (!root.ok()) return root.status();
  if (root->kind != JsonValue::Kind::kObject) {
    return ErrorAt(*root, absl::StrCat("the lexicon must be an object, not ",
                                       KindName(root->kind)));
  }
  absl::StatusOr<const JsonValue*> version =
      Required(*root, "version", JsonValue::Kind::kString, "");
  if (!version.ok()) return version.status();
  if ((*version)->string.empty()) {
    return ErrorAt(**version, "\"version\" must not be empty");
  }
  std::string description;
  if (absl::Status s = OptionalString(*root, "description", "", description);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<const JsonValue*> themes =
      Required(*root, "themes", JsonValue::Kind::kArray, "");
  if (!themes.ok()) return themes.status();
  if ((*themes)->items.empty()) {
    return ErrorAt(**themes, "\"themes\" must not be empty");
  }
  std::vector<Theme> parsed;
  parsed.reserve((*themes)->items.size());
  absl::flat_hash_set<std::string> seen_ids;
  for (size_t i = 0; i < (*themes)->items.size(); ++i) {
    absl::StatusOr<Theme> theme = ReadTheme((*themes)->items[i], i, seen_ids);
    if (!theme.ok()) return theme.status();
    parsed.push_back(*std::move(theme));
  }
  return Create((*version)->string, std::move(description), std::move(parsed));
}

absl::StatusOr<Lexicon> Lexicon::Create(std::string version,
                                        std::string description,
                                        std::vector<Theme> themes) {
  if (version.empty()) {
    return absl::InvalidArgumentError("the lexicon version must not be empty");
  }
  if (themes.empty()) {
    return absl::InvalidArgumentError("the lexicon has no themes");
  }
  absl::flat_hash_set<std::string> ids;
  for (Theme& theme : themes) {
    if (absl::Status s = CheckThemeId(theme.id); !s.ok()) return s;
    if (!ids.insert(theme.id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate theme id \"", theme.id, "\""));
    }
    if (theme.phrases.empty()) return EmptyPhrasesError(theme.id);
    for (const std::string& phrase : theme.phrases) {
      if (absl::Status s = CheckPhrase(theme.id, phrase); !s.ok()) return s;
    }
    if (theme.label.empty()) theme.label = theme.id;
  }
  std::sort(themes.begin(), themes.end(),
            [](const Theme& a, const Theme& b) { return a.id < b.id; });
  Lexicon lexicon;
  lexicon.version_ = std::move(version);
  lexicon.description_ = std::move(description);
  lexicon.themes_ = std::move(themes);
  lexicon.Build();
  return lexicon;
}

void Lexicon::Build() {
  const ByteTables& t = Tables();
  struct Phrase {
    std::string text;
    int32_t theme;
  };
  std::vector<Phrase> phrases;
  for (size_t i = 0; i < themes_.size(); ++i) {
    for (const std::string& phrase : themes_[i].phrases) {
      phrases.push_back({NormalizePhrase(phrase), static_cast<int32_t>(i)});
    }
  }

  // Symbol classes: one per distinct byte of the normalised phrases. They
  // hold no upper-case letter and no whitespace but ' ', so there are at
  // most 256 - 26 - 5 classes plus class 0, which fits a byte.
  std::fill(std::begin(byte_class_), std::end(byte_class_), 0);
  num_classes_ = 1;
  for (const Phrase& phrase : phrases) {
    for (char ch : phrase.text) {
      unsigned char c = static_cast<unsigned char>(ch);
      if (byte_class_[c] == 0) byte_class_[c] = num_classes_++;
    }
  }
  const int32_t classes = num_classes_;

  // The trie.
  transitions_.assign(classes, -1);
  std::vector<std::vector<Match>> own(1);
  for (const Phrase& phrase : phrases) {
    int32_t state = 0;
    for (char ch : phrase.text) {
      int32_t symbol = byte_class_[static_cast<unsigned char>(ch)];
      int32_t& next = transitions_[state * classes + symbol];
      if (next < 0) {
        next = static_cast<int32_t>(own.size());
        own.emplace_back();
        transitions_.resize(transitions_.size() + classes, -1);
      }
      state = transitions_[state * classes + symbol];
    }
    bool duplicate = false;
    for (const Match& m : own[state]) duplicate |= m.theme == phrase.theme;
    if (!duplicate) {
      unsigned char first = static_cast<unsigned char>(phrase.text.front());
      unsigned char last = static_cast<unsigned char>(phrase.text.back());
      own[state].push_back({static_cast<int32_t>(phrase.text.size()),
                            phrase.theme, t.word[first], t.word[last]});
    }
  }

  // Failure links by breadth-first search, completing the transition table
  // into a DFA and merging each state's matches with its failure state's.
  const int32_t states = static_cast<int32_t>(own.size());
  std::vector<int32_t> fail(states, 0);
  std::vector<std::vector<Match>> all(states);
  std::deque<int32_t> queue;
  for (int32_t symbol = 0; symbol < classes; ++symbol) {
    int32_t& next = transitions_[symbol];
    if (next < 0) {
      next = 0;
    } else {
      fail[next] = 0;
      queue.push_back(next);
    }
  }
  all[0] = own[0];
  while (!queue.empty()) {
    int32_t state = queue.front();
    queue.pop_front();
    all[state] = own[state];
    for (const Match& m : all[fail[state]]) all[state].push_back(m);
    for (int32_t symbol = 0; symbol < classes; ++symbol) {
      int32_t& next = transitions_[state * classes + symbol];
      int32_t via_fail = transitions_[fail[state] * classes + symbol];
      if (next < 0) {
        next = via_fail;
      } else {
        fail[next] = via_fail;
        queue.push_back(next);
      }
    }
  }

  match_begin_.assign(states + 1, 0);
  matches_.clear();
  for (int32_t s = 0; s < states; ++s) {
    match_begin_[s] = static_cast<int32_t>(matches_.size());
    matches_.insert(matches_.end(), all[s].begin(), all[s].end());
  }
  match_begin_[states] = static_cast<int32_t>(matches_.size());

  // Store row offsets (state * classes) rather than states, so that a step
  // is one load with no multiplication; a negative entry marks a target with
  // matches (the root, offset 0, never has any: phrases are not empty).
  for (int32_t& next : transitions_) {
    const int32_t target = next;
    next = target * classes;
    if (!all[target].empty()) next = -next;
  }
}

void Lexicon::Scan(absl::string_view input, std::string& buffer,
                   uint8_t* found) const {
  const ByteTables& t = Tables();
  buffer.clear();
  AppendNormalized(input, buffer);
  const unsigned char* text =
      reinterpret_cast<const unsigned char*>(buffer.data());
  const size_t size = buffer.size();
  const int32_t* transitions = transitions_.data();
  const int32_t classes = num_classes_;
  int32_t offset = 0;
  for (size_t i = 0; i < size; ++i) {
    const int32_t next = transitions[offset + byte_class_[text[i]]];
    if (next >= 0) {
      offset = next;
      continue;
    }
    offset = -next;
    const int32_t state = offset / classes;
    for (int32_t k = match_begin_[state]; k < match_begin_[state + 1]; ++k) {
      const Match& m = matches_[k];
      if (found[m.theme]) continue;
      size_t start = i + 1 - m.length;
      if (m.word_start && start > 0 && t.word[text[start - 1]]) continue;
      if (m.word_end && i + 1 < size && t.word[text[i + 1]]) continue;
      found[m.theme] = 1;
    }
  }
}

std::vector<std::string> Lexicon::Code(absl::string_view title,
                                       absl::string_view text) const {
  std::vector<std::string> ids;
  if (themes_.empty() || (title.empty() && text.empty())) return ids;
  absl::InlinedVector<uint8_t, 64> found(themes_.size(), 0);
  std::string buffer;
  buffer.reserve(std::max(title.size(), text.size()));
  Scan(title, buffer, found.data());
  Scan(text, buffer, found.data());
  for (size_t i = 0; i < themes_.size(); ++i) {
    if (found[i]) ids.push_back(themes_[i].id);
  }
  return ids;
}

std::vector<std::string> Lexicon::theme_ids() const {
  std::vector<std::string> ids;
  ids.reserve(themes_.size());
  for (const Theme& theme : themes_) ids.push_back(theme.id);
  return ids;
}

bool Lexicon::HasTheme(absl::string_view id) const {
  auto it = std::lower_bound(
      themes_.begin(), themes_.end(), id,
      [](const Theme& theme, absl::string_view key) { return theme.id < key; });
  return it != themes_.end() && it->id == id;
}

}  // namespace dyadscope::events
