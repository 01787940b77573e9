// File: services/security_risk/domain/importers/test_util.h
// -----------------------------------------------------------------------------
// Helpers shared by the incident importer tests (one test file per format):
// parse a text, pick the incidents, rejections and filtered items of the
// result, describe an incident whole, and read the shared data folder.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_IMPORTERS_TEST_UTIL_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_IMPORTERS_TEST_UTIL_H_

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/csv/tabular_testing.h"
#include "gtest/gtest.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk::importers_test {

using csv::testing::ReadFile;
using csv::testing::SharedDataDir;

inline ParsedIncidentFile Parse(
    IncidentFileFormat format, absl::string_view text,
    const IncidentParserOptions& options = IncidentParserOptions()) {
  absl::StatusOr<ParsedIncidentFile> file =
      ParseIncidentText(format, text, options);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *std::move(file) : ParsedIncidentFile();
}

inline std::vector<Incident> Incidents(const ParsedIncidentFile& file) {
  return csv::testing::ItemsOf<Incident>(file);
}

// Rejections as "line:field:REASON_CODE".
inline std::vector<std::string> Rejections(const ParsedIncidentFile& file) {
  return csv::testing::RejectionsOf(file);
}

// Filtered rows as "line:field:REASON_CODE".
inline std::vector<std::string> Filtered(const ParsedIncidentFile& file) {
  return csv::testing::FilteredOf<FilteredRow>(file, /*with_field=*/true);
}

inline const Incident* FindIncident(const std::vector<Incident>& incidents,
                                    absl::string_view id) {
  for (const Incident& incident : incidents) {
    if (incident.provenance.source_record_id == id) return &incident;
  }
  return nullptr;
}

inline std::string Opt(const std::optional<int>& value) {
  return value.has_value() ? absl::StrCat(*value) : "-";
}

inline std::string Opt(const std::optional<double>& value) {
  return value.has_value() ? absl::StrCat(*value) : "-";
}

// Every field of an incident that the file determines, except where in the
// file it was (line, file name, label): equal strings mean equal content.
inline std::string Describe(const Incident& i) {
  std::vector<std::string> sources;
  for (const SourceRef& s : i.sources) {
    sources.push_back(absl::StrCat(s.citation, "|", s.url, "|", s.source_system,
                                   "|", s.locator));
  }
  const Location& l = i.location;
  return absl::StrJoin(
      {FormatDate(i.date),
       l.country_code,
       l.province,
       l.district,
       l.place,
       Opt(l.latitude),
       Opt(l.longitude),
       absl::StrCat(static_cast<int>(l.precision)),
       i.target_description,
       absl::StrCat(static_cast<int>(i.target_category)),
       absl::StrJoin(i.victim_nationality_codes, ","),
       i.partner_country_code,
       i.partner_link,
       absl::StrCat(static_cast<int>(i.attack_type)),
       i.attack_description,
       Opt(i.fatalities_total),
       Opt(i.fatalities_partner_nationals),
       Opt(i.fatalities_perpetrators),
       Opt(i.injured_total),
       Opt(i.injured_partner_nationals),
       i.claimed_by,
       i.attributed_to,
       i.linked_project,
       absl::StrCat(static_cast<int>(i.verification_status)),
       i.verification_note,
       i.source_event_type,
       i.source_sub_event_type,
       i.notes,
       absl::StrJoin(sources, ";"),
       i.provenance.source_system,
       i.provenance.source_record_id,
       i.provenance.source_update_time.has_value()
           ? absl::StrCat(absl::ToUnixSeconds(*i.provenance.source_update_time))
           : "-"},
      "\n");
}

}  // namespace dyadscope::security_risk::importers_test

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_IMPORTERS_TEST_UTIL_H_
