// The registry of incident file formats: IncidentFileFormat -> name and
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
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/importers/parser_base.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace {

using importers_internal::Strip;

constexpr csv::FormatEntry<IncidentFileFormat, IncidentFileParser,
                           IncidentParserOptions>
    kFormats[] = {
        {IncidentFileFormat::kAcled, "ACLED",
         &importers_internal::NewAcledParser},
        {IncidentFileFormat::kAcledDeletions, "ACLED_DELETIONS",
         &importers_internal::NewAcledDeletionsParser},
        {IncidentFileFormat::kGtd, "GTD", &importers_internal::NewGtdParser},
        {IncidentFileFormat::kDyadscopeCsv, "DYADSCOPE_CSV",
         &importers_internal::NewCsvParser},
};

constexpr csv::FormatRegistry<IncidentFileFormat, IncidentFileParser,
                              IncidentParserOptions>
    kRegistry(kFormats, "incident");

}  // namespace

absl::string_view IncidentFileFormatName(IncidentFileFormat format) {
  return kRegistry.Name(format);
}

std::optional<IncidentFileFormat> IncidentFileFormatFromName(
    absl::string_view name) {
  return kRegistry.FromName(name);
}

absl::StatusOr<std::unique_ptr<IncidentFileParser>> CreateIncidentParser(
    IncidentFileFormat format, IncidentParserOptions options) {
  FieldViolations violations;
  for (auto [field, code] :
       {std::pair<absl::string_view, std::string*>{"country_code",
                                                   &options.country_code},
        {"partner_filter_code", &options.partner_filter_code},
        {"default_partner_code", &options.default_partner_code}}) {
    *code = absl::AsciiStrToUpper(Strip(*code));
    if (!code->empty() && !IsKnownIso3(*code)) {
      violations.Add(field, absl::StrCat("\"", *code,
                                         "\" is not an ISO 3166-1 alpha-3 "
                                         "code"));
    }
  }
  if (!violations.empty()) {
    return WithReason(violations.ToStatus(), "UNKNOWN_COUNTRY");
  }
  return kRegistry.Create(format, std::move(options));
}

absl::StatusOr<ParsedIncidentFile> ParseIncidentText(
    IncidentFileFormat format, absl::string_view text,
    const IncidentParserOptions& options) {
  absl::StatusOr<std::unique_ptr<IncidentFileParser>> parser =
      CreateIncidentParser(format, options);
  if (!parser.ok()) return parser.status();
  ParsedIncidentFile file;
  absl::Status status = csv::ParseTextInto(**parser, text, file);
  if (!status.ok()) return status;
  return file;
}

}  // namespace dyadscope::security_risk
