#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/csv/csv_reader.h"
#include "common/status/error_details.h"
#include "common/types/country_names.h"
#include "common/types/types.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/economics/domain/importers.h"
#include "services/economics/domain/importers/test_util.h"
#include "services/economics/domain/observation.h"

namespace dyadscope::economics {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------
// Formats and the parser protocol.

TEST(ObservationFileFormatTest, NamesRoundTrip) {
  for (ObservationFileFormat format :
       {ObservationFileFormat::kImfDots, ObservationFileFormat::kWdiWide,
        ObservationFileFormat::kWdiLong, ObservationFileFormat::kComtrade,
        ObservationFileFormat::kSipri, ObservationFileFormat::kDyadscopeCsv}) {
    EXPECT_THAT(ObservationFormats().FromName(
                    absl::AsciiStrToLower(ObservationFormats().Name(format))),
                Optional(format));
  }
  EXPECT_EQ(ObservationFormats().FromName("CSV"), std::nullopt);
}

TEST(CreateParserTest, RejectsUnspecifiedFormatAndUnknownCountryOptions) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(ObservationFileFormat::kUnspecified);
  EXPECT_EQ(parser.status().code(), absl::StatusCode::kInvalidArgument);

  ParserOptions options;
  options.country_codes = {"PAK", "XYZ"};
  parser = CreateParser(ObservationFileFormat::kWdiWide, options);
  EXPECT_EQ(parser.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parser.status().message()), HasSubstr("XYZ"));
}

TEST(CreateParserTest, DrivenRecordByRecord) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(ObservationFileFormat::kWdiLong);
  ASSERT_TRUE(parser.ok());
  ObservationFileParser& p = **parser;
  EXPECT_EQ(p.format(), ObservationFileFormat::kWdiLong);
  std::vector<ParsedRow> rows;
  absl::Status status = csv::ReadCsv(
      "country_iso3,indicator_code,year,value\n"
      "PAK,NY.GDP.MKTP.CD,2020,1\n",
      csv::CsvOptions(), [&](const csv::CsvRecord& record) -> absl::Status {
        if (!p.header_found()) return p.Header(record);
        for (ParsedRow& row : p.Row(record)) rows.push_back(std::move(row));
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.layout(), "WDI long");
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].line, 2);

  csv::CsvRecord header;
  header.fields = {"x"};
  EXPECT_EQ(p.Header(header).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CreateParserTest, RowBeforeHeaderIsRejected) {
  absl::StatusOr<std::unique_ptr<ObservationFileParser>> parser =
      CreateParser(ObservationFileFormat::kSipri);
  ASSERT_TRUE(parser.ok());
  csv::CsvRecord record;
  record.line = 3;
  record.fields = {"a", "b"};
  std::vector<ParsedRow> rows = (*parser)->Row(record);
  ASSERT_THAT(rows, SizeIs(1));
  ASSERT_NE(rows[0].rejection(), nullptr);
  EXPECT_EQ(rows[0].rejection()->reason_code, "HEADER_NOT_FOUND");
}

}  // namespace
}  // namespace dyadscope::economics
