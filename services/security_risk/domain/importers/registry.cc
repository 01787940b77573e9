// The registry of incident file formats: IncidentFileFormat -> the format's
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
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/importers/parser_base.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace {

constexpr const importers_internal::FormatEntry* kFormats[] = {
    &importers_internal::kAcledFormat,
    &importers_internal::kAcledDeletionsFormat, &importers_internal::kGtdFormat,
    &importers_internal::kDyadscopeCsvFormat};

}  // namespace

const IncidentFormatRegistry& IncidentFormats() {
  static constexpr IncidentFormatRegistry kRegistry(kFormats, "incident");
  return kRegistry;
}

absl::StatusOr<std::unique_ptr<IncidentFileParser>> CreateIncidentParser(
    IncidentFileFormat format, IncidentParserOptions options) {
  FieldViolations violations;
  for (auto [field, code] :
       {std::pair<absl::string_view, std::string*>{"country_code",
                                                   &options.country_code},
        {"partner_filter_code", &options.partner_filter_code},
        {"default_partner_code", &options.default_partner_code}}) {
    csv::NormalizeCountryOption(*code, field, IsKnownIso3,
                                "is not an ISO 3166-1 alpha-3 code",
                                /*required=*/false, violations);
  }
  DYADSCOPE_RETURN_IF_ERROR(csv::UnknownCountryStatus(violations));
  return IncidentFormats().Create(format, std::move(options));
}

absl::StatusOr<ParsedIncidentFile> ParseIncidentText(
    IncidentFileFormat format, absl::string_view text,
    const IncidentParserOptions& options) {
  return csv::ParseText<ParsedRow>(CreateIncidentParser(format, options), text);
}

}  // namespace dyadscope::security_risk
