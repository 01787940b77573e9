// The registry of economics file formats: ObservationFileFormat -> the format's
// entry (name, expected header, parser factory), which its own file in this
// folder defines. A new format is that file plus one line in kFormats.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/csv/format_registry.h"
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/country_names.h"
#include "common/types/types.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/importers/parser_base.h"

namespace dyadscope::economics {
namespace {

using importers_internal::Strip;

constexpr const importers_internal::FormatEntry* kFormats[] = {
    &importers_internal::kImfDotsFormat,
    &importers_internal::kWdiWideFormat,
    &importers_internal::kWdiLongFormat,
    &importers_internal::kComtradeFormat,
    &importers_internal::kSipriFormat,
    &importers_internal::kDyadscopeCsvFormat,
    &importers_internal::kSipriTradeRegisterFormat};

}  // namespace

const ObservationFormatRegistry& ObservationFormats() {
  static constexpr ObservationFormatRegistry kRegistry(kFormats, "observation");
  return kRegistry;
}

absl::StatusOr<std::unique_ptr<ObservationFileParser>> CreateParser(
    ObservationFileFormat format, ParserOptions options) {
  FieldViolations violations;
  for (std::string& code : options.country_codes) {
    code = absl::AsciiStrToUpper(Strip(code));
    if (!IsKnownCountryCode(code)) {
      violations.Add("country_codes",
                     absl::StrCat("\"", code, "\" is not a country code"));
    }
  }
  options.default_reporter_code =
      absl::AsciiStrToUpper(Strip(options.default_reporter_code));
  if (!options.default_reporter_code.empty() &&
      !IsKnownCountryCode(options.default_reporter_code)) {
    violations.Add("default_reporter_code",
                   absl::StrCat("\"", options.default_reporter_code,
                                "\" is not a country code"));
  }
  if (!violations.empty()) {
    return WithReason(violations.ToStatus(), "UNKNOWN_COUNTRY");
  }
  return ObservationFormats().Create(format, std::move(options));
}

absl::StatusOr<ParsedFile> ParseObservationText(ObservationFileFormat format,
                                                absl::string_view text,
                                                const ParserOptions& options) {
  return csv::ParseText<ParsedRow>(CreateParser(format, options), text);
}

}  // namespace dyadscope::economics
