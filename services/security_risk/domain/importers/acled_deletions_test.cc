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

using importers_test::Parse;
using importers_test::Rejections;
using ::testing::ElementsAre;
using ::testing::SizeIs;

TEST(AcledDeletionsTest, RowsBecomeDeletions) {
  constexpr char kText[] =
      "event_id_cnty,deleted_timestamp\n"
      "PAK90001,1712000000\n"
      "\n"
      "PAK90002,2024-04-02 10:00:00\n"
      "PAK90003,yesterday\n"
      ",1712000000\n";
  IncidentParserOptions options;
  options.file_name = "deleted.csv";
  ParsedIncidentFile file =
      Parse(IncidentFileFormat::kAcledDeletions, kText, options);
  EXPECT_EQ(file.layout, "ACLED deletions");
  EXPECT_THAT(Rejections(file),
              ElementsAre("5:deleted_timestamp:INVALID_NUMBER",
                          "6:event_id_cnty:MISSING_VALUE"));
  std::vector<IncidentDeletion> deletions;
  for (const ParsedRow& row : file.rows) {
    if (row.deletion() != nullptr) deletions.push_back(*row.deletion());
  }
  ASSERT_THAT(deletions, SizeIs(2));
  EXPECT_EQ(deletions[0].provenance.source_system, "ACLED");
  EXPECT_EQ(deletions[0].provenance.source_record_id, "PAK90001");
  EXPECT_EQ(deletions[0].provenance.source_file, "deleted.csv");
  EXPECT_EQ(deletions[0].provenance.source_line, 2);
  EXPECT_EQ(deletions[0].delete_time, absl::FromUnixSeconds(1712000000));
  EXPECT_EQ(deletions[1].delete_time,
            absl::FromCivil(absl::CivilSecond(2024, 4, 2, 10, 0, 0),
                            absl::UTCTimeZone()));
}

}  // namespace
}  // namespace dyadscope::security_risk
