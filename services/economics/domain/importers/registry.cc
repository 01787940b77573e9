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
#include "common/status/status_macros.h"
#include "common/types/country_names.h"
#include "common/types/types.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/importers/parser_base.h"

namespace dyadscope::economics {
namespace {

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
  constexpr absl::string_view kProblem = "is not a country code";
  FieldViolations violations;
  for (std::string& code : options.country_codes) {
    csv::NormalizeCountryOption(code, "country_codes", IsKnownCountryCode,
                                kProblem, /*required=*/true, violations);
  }
  csv::NormalizeCountryOption(options.default_reporter_code,
                              "default_reporter_code", IsKnownCountryCode,
                              kProblem, /*required=*/false, violations);
  DYADSCOPE_RETURN_IF_ERROR(csv::UnknownCountryStatus(violations));
  return ObservationFormats().Create(format, std::move(options));
}

absl::StatusOr<ParsedFile> ParseObservationText(ObservationFileFormat format,
                                                absl::string_view text,
                                                const ParserOptions& options) {
  return csv::ParseText<ParsedRow>(CreateParser(format, options), text);
}

}  // namespace dyadscope::economics
