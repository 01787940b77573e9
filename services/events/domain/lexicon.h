// File: services/events/domain/lexicon.h
// -----------------------------------------------------------------------------
// The theme lexicon: the article's qualitative content analysis made
// transparent. A lexicon maps theme ids ("all_weather", "cpec", "debt") to the
// phrases that signal them; `Lexicon::Code` applies it to an event's title and
// text at ingest. Plain C++, no protobuf.
//
// The lexicon file is JSON:
//
//   {
//     "version": "1",
//     "description": "Themes of the Pakistan-China relationship",
//     "themes": [
//       {"id": "all_weather", "label": "All-weather friendship",
//        "phrases": ["all-weather", "all weather"], "note": "optional"}
//     ]
//   }
//
// `version` (a non-empty string) and `themes` (a non-empty array) are
// required; `description` is optional. Each theme needs an `id` in
// lower_snake_case, unique in the file, and a non-empty `phrases` array of
// non-empty strings; `label` (default: the id) and `note` are optional. Keys
// not named here are ignored, so the file may carry extra metadata; JSON
// syntax itself is checked strictly (RFC 8259: no comments, no trailing
// commas, no duplicate keys, valid UTF-8).
//
// Matching rules of `Code`:
// - ASCII letters are compared case-insensitively; other bytes (UTF-8
//   included) must match exactly.
// - Runs of ASCII whitespace (space, tab, CR, LF, FF, VT) count as one
//   space, in the text and in the phrases; "all  weather" on two lines
//   matches "all weather". Hyphen and space are NOT interchangeable: list
//   both "all-weather" and "all weather" when both spellings should match.
// - A phrase matches whole words only. A word character is an ASCII letter,
//   digit or underscore; every other byte (punctuation, whitespace, any
//   non-ASCII byte such as a curly quote or an en dash) is a boundary, so a
//   phrase in another script matches anywhere in that script. "CPEC" matches
//   "CPEC-related", "(CPEC)" and "CPEC's", but not "CPECX"; "debt" does not
//   match "indebted" nor "debts" (list plural forms explicitly). A phrase
//   edge that is itself not a word character ("(cpec") needs no boundary on
//   that side.
// - Title and text are matched separately: a phrase never spans the two.
//
// Code runs an Aho-Corasick automaton over the lower-cased text, one pass
// whatever the number of phrases; no regular expressions.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_LEXICON_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_LEXICON_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dyadscope::events {

// One theme of a lexicon.
struct Theme {
  std::string id;                    // lower_snake_case, e.g. "iron_brother"
  std::string label;                 // for display, e.g. "Iron brothers"
  std::vector<std::string> phrases;  // as written in the lexicon
  std::string note;                  // coding guidance; may be empty
};

// An immutable theme lexicon. Cheap to share by const reference across
// threads; `Code` is const and thread-safe.
class Lexicon {
 public:
  // An empty lexicon: no themes, codes nothing, version "".
  Lexicon() = default;

  // Parses the lexicon JSON described above. Returns INVALID_ARGUMENT with
  // the line and column on malformed JSON, a missing or mistyped field, a
  // theme id that is not lower_snake_case, a duplicate theme id, an empty
  // `phrases` array or an empty phrase.
  static absl::StatusOr<Lexicon> Parse(absl::string_view json);

  // Builds a lexicon from themes, with the same checks as `Parse` (no
  // line/column in the messages).
  static absl::StatusOr<Lexicon> Create(std::string version,
                                        std::string description,
                                        std::vector<Theme> themes);

  // Returns the sorted, unique ids of the themes whose phrases occur in
  // `title` or `text` under the matching rules above.
  std::vector<std::string> Code(absl::string_view title,
                                absl::string_view text) const;

  // The lexicon's `version`, e.g. "1".
  const std::string& version() const { return version_; }

  // The lexicon's `description`; may be empty.
  const std::string& description() const { return description_; }

  // The themes, sorted by id.
  const std::vector<Theme>& themes() const { return themes_; }

  // The theme ids, sorted.
  std::vector<std::string> theme_ids() const;

  // Returns true when the lexicon has a theme with this id.
  bool HasTheme(absl::string_view id) const;

 private:
  // A phrase ending at an automaton state.
  struct Match {
    int32_t length;   // bytes of the normalised phrase
    int32_t theme;    // index into themes_
    bool word_start;  // the phrase begins with a word character
    bool word_end;    // the phrase ends with a word character
  };

  void Build();
  // Sets found[t] for each theme t with a phrase in `input`, using `buffer`
  // for the normalised text.
  void Scan(absl::string_view input, std::string& buffer, uint8_t* found) const;

  std::string version_;
  std::string description_;
  std::vector<Theme> themes_;

  // The automaton: byte -> symbol class (0: a byte in no phrase); a dense
  // transition table of num_classes_ columns per state whose entries are
  // the target's row offset (state * num_classes_), negated when the target
  // has matches; and for each state the range
  // [match_begin_[s], match_begin_[s + 1]) of `matches_`.
  uint8_t byte_class_[256] = {};
  int32_t num_classes_ = 1;
  std::vector<int32_t> transitions_;
  std::vector<int32_t> match_begin_;
  std::vector<Match> matches_;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_LEXICON_H_
