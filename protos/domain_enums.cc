// File: protos/domain_enums.cc
// -----------------------------------------------------------------------------
// Writes the plain C++ enums of a service's domain layer from the contract's
// protobuf enums, so that the domain needs no protobuf and cannot drift from
// the wire: each enum keeps the proto enum's name and numbers, and each value
// is named kCamelCase after the proto value without the enum's prefix
// (Unit.UNIT_USD_CURRENT = 1 -> Unit::kUsdCurrent = 1). The handlers convert
// with a static_cast after the generated *_IsValid check.
//
// Each enum also gets its words, the names the curated CSV files use: the
// proto value's name without the prefix, in lower case (kUsdCurrent <->
// "usd_current"); the *_UNSPECIFIED value has none. Found by
// argument-dependent lookup, for every enum E of the namespace:
//   absl::string_view Word(E value);                  // "" without a word
//   bool ParseWord(absl::string_view word, E* value); // any case
//   absl::string_view WordList(E);                    // "a, b, c"
//   template <typename E> std::optional<E> FromWord(absl::string_view word);
//
//   domain_enums DESCRIPTOR_SET OUT_HEADER OUT_SOURCE INCLUDE NAMESPACE
//                ENUM [ENUM ...]
//
// INCLUDE is how OUT_SOURCE includes OUT_HEADER ("domain_enums/economics.h").
//
// DESCRIPTOR_SET is protoc's --descriptor_set_out with --include_imports and
// --include_source_info (the proto comments become the enums' comments);
// ENUM is a full name such as dyadscope.economics.v1.Unit. Exits 1 with a
// message naming the problem: an unknown enum, a value without the prefix.

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FileDescriptorSet;
using google::protobuf::SourceLocation;

// "ObservationFileFormat" -> "OBSERVATION_FILE_FORMAT".
std::string UpperSnake(const std::string& camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(camel[i]);
    if (i > 0 && std::isupper(c)) out += '_';
    out += static_cast<char>(std::toupper(c));
  }
  return out;
}

// "USD_CURRENT" -> "kUsdCurrent".
std::string ConstantName(const std::string& upper_snake) {
  std::string out = "k";
  bool word_start = true;
  for (char c : upper_snake) {
    if (c == '_') {
      word_start = true;
      continue;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    out += static_cast<char>(word_start ? std::toupper(u) : std::tolower(u));
    word_start = false;
  }
  return out;
}

// "USD_CURRENT" -> "usd_current".
std::string LowerWord(const std::string& upper_snake) {
  std::string out;
  for (char c : upper_snake) {
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The values of `e` that have a word: (constant name, word), in order.
std::vector<std::pair<std::string, std::string>> Words(
    const EnumDescriptor& e) {
  const std::string prefix = UpperSnake(e.name()) + "_";
  std::vector<std::pair<std::string, std::string>> words;
  for (int i = 0; i < e.value_count(); ++i) {
    const std::string suffix = e.value(i)->name().substr(prefix.size());
    if (suffix == "UNSPECIFIED") continue;
    words.emplace_back(ConstantName(suffix), LowerWord(suffix));
  }
  return words;
}

// Declares the word functions of `e` (see the file comment).
void WriteWordDeclarations(const EnumDescriptor& e, std::ostream& out) {
  const std::string& n = e.name();
  out << "\n// The words of " << n << " (see protos/domain_enums.cc).\n"
      << "absl::string_view Word(" << n << " value);\n"
      << "bool ParseWord(absl::string_view word, " << n << "* value);\n"
      << "absl::string_view WordList(" << n << ");\n";
}

// Defines the word functions of `e`.
void WriteWordDefinitions(const EnumDescriptor& e, std::ostream& out) {
  const std::string& n = e.name();
  const auto words = Words(e);
  out << "\nconstexpr WordOf<" << n << "> k" << n << "Words[] = {\n";
  std::string list;
  for (const auto& [constant, word] : words) {
    out << "    {" << n << "::" << constant << ", \"" << word << "\"},\n";
    list += (list.empty() ? "" : ", ") + word;
  }
  out << "};\n"
      << "absl::string_view Word(" << n << " value) {\n"
      << "  return FindWord(k" << n << "Words, value);\n}\n"
      << "bool ParseWord(absl::string_view word, " << n << "* value) {\n"
      << "  return FindValue(k" << n << "Words, word, value);\n}\n"
      << "absl::string_view WordList(" << n << ") { return \"" << list
      << "\"; }\n";
}

// Writes `text` to `path` unless it holds it already (so that dependents
// rebuild only on change); false on failure.
bool WriteIfChanged(const std::string& path, const std::string& text) {
  {
    std::ifstream previous(path, std::ios::binary);
    std::stringstream old;
    old << previous.rdbuf();
    if (previous && old.str() == text) return true;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) {
    std::cerr << "domain_enums: cannot write " << path << "\n";
    return false;
  }
  return true;
}

// Writes `comments` (protoc's text, lines ending in '\n') as // lines.
void WriteComments(const std::string& comments, const std::string& indent,
                   std::ostream& out) {
  std::istringstream lines(comments);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] == ' ') line.erase(0, 1);
    out << indent << "//" << (line.empty() ? "" : " ") << line << "\n";
  }
}

bool WriteEnum(const EnumDescriptor& e, std::ostream& out) {
  SourceLocation location;
  if (e.GetSourceLocation(&location)) {
    WriteComments(location.leading_comments, "", out);
  }
  out << "// (" << e.full_name() << ")\n";
  out << "enum class " << e.name() << " {\n";
  const std::string prefix = UpperSnake(e.name()) + "_";
  for (int i = 0; i < e.value_count(); ++i) {
    const EnumValueDescriptor& value = *e.value(i);
    if (value.name().rfind(prefix, 0) != 0) {
      std::cerr << "domain_enums: " << value.full_name()
                << " does not start with " << prefix << "\n";
      return false;
    }
    SourceLocation value_location;
    if (value.GetSourceLocation(&value_location)) {
      WriteComments(value_location.leading_comments, "  ", out);
    }
    out << "  " << ConstantName(value.name().substr(prefix.size())) << " = "
        << value.number() << ",";
    if (!value_location.trailing_comments.empty()) {
      std::string trailing = value_location.trailing_comments;
      while (!trailing.empty() &&
             (trailing.back() == '\n' || trailing.back() == ' ')) {
        trailing.pop_back();
      }
      if (trailing.find('\n') == std::string::npos) {
        if (!trailing.empty() && trailing[0] == ' ') trailing.erase(0, 1);
        out << "  // " << trailing;
      }
    }
    out << "\n";
  }
  out << "};\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::cerr << "usage: domain_enums DESCRIPTOR_SET OUT_HEADER OUT_SOURCE "
                 "INCLUDE NAMESPACE ENUM [ENUM ...]\n";
    return 1;
  }
  std::ifstream input(argv[1], std::ios::binary);
  FileDescriptorSet set;
  if (!input || !set.ParseFromIstream(&input)) {
    std::cerr << "domain_enums: cannot read the descriptor set " << argv[1]
              << "\n";
    return 1;
  }
  DescriptorPool pool;
  for (const auto& file : set.file()) {
    if (pool.BuildFile(file) == nullptr) {
      std::cerr << "domain_enums: cannot build " << file.name() << "\n";
      return 1;
    }
  }
  const std::string ns = argv[5];
  std::ostringstream header;
  std::ostringstream source;
  header << "// Generated by protos/domain_enums.cc from the contract; do not "
            "edit.\n"
         << "// The enums of " << ns
         << "'s domain, value for value those of the protos.\n"
         << "#pragma once\n\n"
         << "#include <optional>\n\n"
         << "#include \"absl/strings/string_view.h\"\n\n"
         << "namespace " << ns << " {\n\n"
         << "// Returns the value of the enum E that `word` names (any case), "
            "or\n// nullopt (see the word functions below).\n"
         << "template <typename E>\n"
         << "std::optional<E> FromWord(absl::string_view word) {\n"
         << "  E value{};\n"
         << "  if (!ParseWord(word, &value)) return std::nullopt;\n"
         << "  return value;\n}\n";
  source << "// Generated by protos/domain_enums.cc; do not edit.\n"
         << "#include \"" << argv[4] << "\"\n\n"
         << "#include <cstddef>\n\n#include \"absl/strings/match.h\"\n\n"
         << "namespace " << ns << " {\n"
         << "namespace {\n\n"
         << "template <typename E>\n"
         << "struct WordOf {\n  E value;\n  absl::string_view word;\n};\n\n"
         << "template <typename E, std::size_t N>\n"
         << "absl::string_view FindWord(const WordOf<E> (&words)[N], E value) "
            "{\n"
         << "  for (const WordOf<E>& w : words) {\n"
         << "    if (w.value == value) return w.word;\n  }\n"
         << "  return {};\n}\n\n"
         << "template <typename E, std::size_t N>\n"
         << "bool FindValue(const WordOf<E> (&words)[N], absl::string_view "
            "word,\n               E* value) {\n"
         << "  for (const WordOf<E>& w : words) {\n"
         << "    if (absl::EqualsIgnoreCase(w.word, word)) {\n"
         << "      *value = w.value;\n      return true;\n    }\n  }\n"
         << "  return false;\n}\n\n"
         << "}  // namespace\n";
  for (int i = 6; i < argc; ++i) {
    const EnumDescriptor* e = pool.FindEnumTypeByName(argv[i]);
    if (e == nullptr) {
      std::cerr << "domain_enums: no enum " << argv[i] << " in " << argv[1]
                << "\n";
      return 1;
    }
    header << "\n";
    if (!WriteEnum(*e, header)) return 1;
    WriteWordDeclarations(*e, header);
    WriteWordDefinitions(*e, source);
  }
  header << "\n}  // namespace " << ns << "\n";
  source << "\n}  // namespace " << ns << "\n";
  return WriteIfChanged(argv[2], header.str()) &&
                 WriteIfChanged(argv[3], source.str())
             ? 0
             : 1;
}
