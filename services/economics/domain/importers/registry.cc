// The registry of economics file formats: ObservationFileFormat -> name and
// parser factory. A new format is one file in this folder plus one line in
// kFormats.

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

constexpr csv::FormatEntry<ObservationFileFormat, ObservationFileParser,
                           ParserOptions>
    kFormats[] = {
        {ObservationFileFormat::kImfDots, "IMF_DOTS",
         &importers_internal::NewImfDotsParser},
        {ObservationFileFormat::kWdiWide, "WDI_WIDE",
         &importers_internal::NewWdiWideParser},
        {ObservationFileFormat::kWdiLong, "WDI_LONG",
         &importers_internal::NewWdiLongParser},
        {ObservationFileFormat::kComtrade, "COMTRADE",
         &importers_internal::NewComtradeParser},
        {ObservationFileFormat::kSipri, "SIPRI",
         &importers_internal::NewSipriParser},
        {ObservationFileFormat::kDyadscopeCsv, "DYADSCOPE_CSV",
         &importers_internal::NewTidyCsvParser},
        {ObservationFileFormat::kSipriTradeRegister, "SIPRI_TRADE_REGISTER",
         &importers_internal::NewSipriTradeRegisterParser},
};

constexpr csv::FormatRegistry<ObservationFileFormat, ObservationFileParser,
                              ParserOptions>
    kRegistry(kFormats, "observation");

}  // namespace

absl::string_view ObservationFileFormatName(ObservationFileFormat format) {
  return kRegistry.Name(format);
}

std::optional<ObservationFileFormat> ObservationFileFormatFromName(
    absl::string_view name) {
  return kRegistry.FromName(name);
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
  return kRegistry.Create(format, std::move(options));
}

absl::StatusOr<ParsedFile> ParseObservationText(ObservationFileFormat format,
                                                absl::string_view text,
                                                const ParserOptions& options) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(format, options);
  if (!parser.ok()) return parser.status();
  ParsedFile file;
  absl::Status status = csv::ParseTextInto(**parser, text, file);
  if (!status.ok()) return status;
  return file;
}

}  // namespace dyadscope::economics
