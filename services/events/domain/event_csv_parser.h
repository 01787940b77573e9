// File: services/events/domain/event_csv_parser.h
// -----------------------------------------------------------------------------
// Parses the dyadscope events CSV (EVENT_FILE_FORMAT_DYADSCOPE_CSV; columns
// in services/events/README.md) into events::Event: a header check that
// refuses unknown and missing columns, then a row parser that returns the
// event or a rejection naming the first bad column. Splitting the file into
// fields (RFC 4180 quoting) is common/csv's job:
//
//   csv::CsvReader reader;  // ',' with quoting
//   std::optional<EventCsvParser> parser;
//   ... on each csv::CsvRecord::Kind::kFields record:
//   if (!parser) {
//     DYADSCOPE_ASSIGN_OR_RETURN(parser,
//     EventCsvParser::Create(record.fields));
//   } else {
//     EventRowResult result = parser->ParseRow(record.fields);
//     ...
//   }

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_CSV_PARSER_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_CSV_PARSER_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {

// The default provenance source system of rows of the events CSV.
inline constexpr absl::string_view kCuratedSourceSystem = "CURATED";

// A parsed row: the event, or why the row was rejected. (Also declared, with
// the same meaning, in gdelt_parser.h.)
using EventRowResult = std::variant<Event, RowRejection>;

// Returns every column of the events CSV, in the README's order.
const std::vector<std::string>& EventCsvColumns();

// Returns the actor type named by a CSV word (government, military, police,
// business, civil_society, media, militant, political_opposition, civilians,
// other; any case: the words of domain_enums/events.h), or nullopt.
std::optional<ActorType> ActorTypeFromCsvWord(absl::string_view word);

// Returns the domain named by a CSV word (diplomatic, economic, security,
// socio_cultural; any case: the words of domain_enums/events.h), or nullopt.
std::optional<Domain> DomainFromCsvWord(absl::string_view word);

// The column layout of one events CSV file, built from its header row.
// Immutable and cheap to copy; ParseRow is thread-safe.
class EventCsvParser {
 public:
  // Builds the parser from the header row's fields. Column names are matched
  // case-insensitively, surrounding whitespace ignored. Returns
  // INVALID_ARGUMENT with one FieldViolation per problem (field: the column
  // name) and the reason of the first (common/status/error_details.h):
  //   UNKNOWN_COLUMN    a column the format does not define (a typo must
  //                     never silently drop data); an empty name counts
  //   DUPLICATE_COLUMN  a column given twice
  //   MISSING_COLUMN    a required column (source_record_id, date,
  //                     actor1_country, actor2_country, cameo_code) is
  //                     absent, or no source_N_citation / source_N_url column
  //                     is present at all (every row needs a source)
  static absl::StatusOr<EventCsvParser> Create(
      absl::Span<const absl::string_view> header);

  // Convenience overload for owned strings.
  static absl::StatusOr<EventCsvParser> Create(
      const std::vector<std::string>& header);

  // Returns the number of fields every data row must have.
  size_t column_count() const { return column_count_; }

  // Parses one data row. Values are stripped of surrounding whitespace.
  // The event gets provenance {source_system (default "CURATED"),
  // source_record_id}; cameo_root_code and quad_class from the CAMEO table;
  // goldstein from the row or, when empty, the table; domain from the row or,
  // when empty, cameo::DomainForCameoCode; mention_weight default 1; the
  // location precision from the finest of place, district, province,
  // location_country given; tags split on ';' (empty ones dropped); one
  // SourceRef per source_N with a citation or URL.
  //
  // Otherwise a rejection naming the first offending column (field "row"
  // for the column count), with the value truncated to 200 bytes, and one of:
  //   WRONG_COLUMN_COUNT     the row's field count differs from the header's
  //   MISSING_VALUE          source_record_id, date or cameo_code is empty;
  //                          latitude without longitude or the reverse
  //   INVALID_VALUE          source_system is not UPPER_SNAKE_CASE
  //   INVALID_DATE           date is not YYYY, YYYY-MM or YYYY-MM-DD, not a
  //                          real date, or finer than date_precision allows
  //                          (2023-02-30; "2023" with precision day)
  //   INVALID_ENUM           date_precision, an actor type or domain is not
  //                          one of the documented words
  //   MISSING_ACTOR_COUNTRY  actor1_country or actor2_country is empty
  //   UNKNOWN_COUNTRY_CODE   a country is not an ISO 3166-1 alpha-3 code
  //                          (IsKnownIso3, after upper-casing)
  //   UNKNOWN_CAMEO_CODE     cameo_code is not in the CAMEO table
  //   INVALID_NUMBER         goldstein, latitude, longitude, mention_weight or
  //                          amount_usd is not a finite number, fatalities not
  //                          an integer
  //   OUT_OF_RANGE           goldstein outside -10..10, latitude outside
  //                          -90..90, longitude outside -180..180,
  //                          mention_weight <= 0, fatalities or amount_usd < 0
  //   INVALID_URL            a source URL is not http:// or https:// or holds
  //                          whitespace
  //   MISSING_SOURCE         no source has a citation or URL (field
  //                          "source_1_citation")
  // provenance.source_line is left for the caller.
  EventRowResult ParseRow(absl::Span<const absl::string_view> fields) const;

  // Convenience overload for owned strings.
  EventRowResult ParseRow(const std::vector<std::string>& fields) const;

 private:
  static constexpr size_t kColumns = 32;

  EventCsvParser() = default;

  size_t column_count_ = 0;
  // For each column of the format (in EventCsvColumns() order), its position
  // in the file, if present.
  std::array<std::optional<size_t>, kColumns> positions_;
};

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_EVENT_CSV_PARSER_H_
