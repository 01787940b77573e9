#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/security_risk/domain/importers/test_util.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace {

using ::testing::ElementsAre;

// The C++ enum mirrors dyadscope.securityrisk.v1.IncidentFileFormat.
static_assert(static_cast<int>(IncidentFileFormat::kUnspecified) == 0);
static_assert(static_cast<int>(IncidentFileFormat::kAcled) == 1);
static_assert(static_cast<int>(IncidentFileFormat::kAcledDeletions) == 2);
static_assert(static_cast<int>(IncidentFileFormat::kGtd) == 3);
static_assert(static_cast<int>(IncidentFileFormat::kDyadscopeCsv) == 4);

// ---------------------------------------------------------------------------
// Formats and options.

TEST(IncidentFileFormatTest, NamesRoundTrip) {
  for (IncidentFileFormat format :
       {IncidentFileFormat::kAcled, IncidentFileFormat::kAcledDeletions,
        IncidentFileFormat::kGtd, IncidentFileFormat::kDyadscopeCsv}) {
    EXPECT_EQ(IncidentFormats().FromName(IncidentFormats().Name(format)),
              format);
  }
  EXPECT_EQ(IncidentFormats().FromName("acled_deletions"),
            IncidentFileFormat::kAcledDeletions);
  EXPECT_EQ(IncidentFormats().FromName("UNSPECIFIED"), std::nullopt);
  EXPECT_EQ(IncidentFormats().Name(IncidentFileFormat::kUnspecified),
            "UNSPECIFIED");
}

TEST(CreateIncidentParserTest, UnspecifiedFormatIsInvalid) {
  absl::StatusOr<std::unique_ptr<IncidentFileParser>> parser =
      CreateIncidentParser(IncidentFileFormat::kUnspecified);
  ASSERT_FALSE(parser.ok());
  EXPECT_EQ(parser.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetReason(parser.status()), "FORMAT_UNSPECIFIED");
}

TEST(CreateIncidentParserTest, UnknownCodesNameTheirOptions) {
  IncidentParserOptions options;
  options.country_code = "pak";  // any case
  options.partner_filter_code = "XXX";
  options.default_partner_code = "China";
  absl::StatusOr<std::unique_ptr<IncidentFileParser>> parser =
      CreateIncidentParser(IncidentFileFormat::kGtd, options);
  ASSERT_FALSE(parser.ok());
  EXPECT_EQ(GetReason(parser.status()), "UNKNOWN_COUNTRY");
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(parser.status())) {
    fields.push_back(v.field);
  }
  EXPECT_THAT(fields,
              ElementsAre("partner_filter_code", "default_partner_code"));
}

}  // namespace
}  // namespace dyadscope::security_risk
