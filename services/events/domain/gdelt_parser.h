// File: services/events/domain/gdelt_parser.h
// -----------------------------------------------------------------------------
// Turns one record of a GDELT event export into an events::Event, or says
// precisely why the record is rejected. Reading the file (tab-separated, no
// quoting, so '"' is an ordinary character) is common/csv's job:
//
//   csv::CsvOptions options;
//   options.delimiter = '\t';
//   options.quoting = false;
//   csv::CsvReader reader(options);
//   ... on each csv::CsvRecord::Kind::kFields record:
//   EventRowResult result = ParseGdeltRecord(record.fields, GdeltVersion::kV2);
//   if (const auto* rejection = std::get_if<RowRejection>(&result)) {
//     Report(record.line, *rejection);
//   } else {
//     Event event = std::get<Event>(std::move(result));
//     event.provenance.source_line = record.line;
//   }
//
// Layouts: GDELT 1.0 daily exports have 57 columns (58 from April 2013, with
// SOURCEURL); GDELT 2.0 exports have 61 (../shared/data/
// gdelt2_events_export_columns.csv: 1.0 plus an ADM2Code in each geography
// block). Dates: SQLDATE is YYYYMMDD; DATEADDED is YYYYMMDD in 1.0 and
// YYYYMMDDHHMMSS (UTC) in 2.0.

#ifndef DYADSCOPE_SERVICES_EVENTS_DOMAIN_GDELT_PARSER_H_
#define DYADSCOPE_SERVICES_EVENTS_DOMAIN_GDELT_PARSER_H_

#include <cstddef>
#include <optional>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/types/types.h"
#include "services/events/domain/event.h"
#include "services/events/domain/row_rejection.h"

namespace dyadscope::events {

// Which GDELT event export a file is.
enum class GdeltVersion {
  kV1,  // GDELT 1.0 daily export: 57 or 58 columns
  kV2,  // GDELT 2.0 15-minute export: 61 columns
};

// Provenance source systems of GDELT events.
inline constexpr absl::string_view kGdelt1SourceSystem = "GDELT1";
inline constexpr absl::string_view kGdelt2SourceSystem = "GDELT2";

// Column counts of the layouts.
inline constexpr size_t kGdelt1ColumnCount = 57;
inline constexpr size_t kGdelt1ColumnCountWithUrl = 58;
inline constexpr size_t kGdelt2ColumnCount = 61;

// A parsed row: the event, or why the row was rejected. (Also declared, with
// the same meaning, in event_csv_parser.h.)
using EventRowResult = std::variant<Event, RowRejection>;

// Returns the version whose layout has `column_count` columns (57 or 58:
// kV1, 61: kV2), or nullopt.
std::optional<GdeltVersion> GdeltVersionForColumnCount(size_t column_count);

// Parses one GDELT record (its fields, in file order) into an Event.
//
// The event gets:
//   provenance      source_system "GDELT1"/"GDELT2", source_record_id
//                   GLOBALEVENTID, source_update_time DATEADDED (source_line
//                   is left for the caller)
//   date            SQLDATE, day precision
//   actor1/actor2   country: CameoCountryToIso3(CountryCode); name; the full
//                   CAMEO actor code (Actor1Code); type:
//                   ActorTypeForGdeltTypeCode(Type1Code)
//   cameo_code      EventCode, leading zeros kept; cameo_root_code and
//                   quad_class from the CAMEO table
//   goldstein       GoldsteinScale, or the CAMEO table's value when empty
//   domain          cameo::DomainForCameoCode(EventCode)
//   location        ActionGeo_*: country FipsToIso3(CountryCode), place
//                   FullName, province the first part of FullName for
//                   state-level types, source_place_id ADM1Code, latitude,
//                   longitude, precision from Geo_Type
//   mention_weight  NumMentions (absent when empty or 0)
//   sources         one: citation "GDELT 2.0 event <id>", url SOURCEURL,
//                   source_system, locator GLOBALEVENTID
//   gdelt           IsRootEvent, NumMentions, NumSources, NumArticles (0 when
//                   empty: these fields are not optional), AvgTone (absent
//                   when empty), SOURCEURL, DATEADDED, Actor1Geo_* and
//                   Actor2Geo_* as locations
// Empty optional numbers stay absent, never 0.
//
// Otherwise returns a rejection naming the first offending GDELT column
// (field "row" for the column count) with one of the reason codes:
//   WRONG_COLUMN_COUNT     not 57/58 columns (kV1) or 61 (kV2)
//   MISSING_VALUE          GLOBALEVENTID, SQLDATE or EventCode is empty
//   INVALID_NUMBER         a number column does not hold a number (of the
//                          right kind: integers for ids, counts, QuadClass,
//                          Geo_Type, IsRootEvent 0/1)
//   OUT_OF_RANGE           GoldsteinScale outside -10..10, a latitude outside
//                          -90..90, a longitude outside -180..180, a
//                          Geo_Type outside 0..5
//   INVALID_DATE           SQLDATE or DATEADDED is malformed or not a real
//                          date/time (20230230)
//   MISSING_ACTOR_COUNTRY  an actor's CountryCode is empty or a CAMEO region
//                          (a dyad event needs two countries)
//   UNKNOWN_COUNTRY_CODE   an actor's CountryCode is no known CAMEO country
//   UNKNOWN_CAMEO_CODE     EventCode is not in the CAMEO table
//   ROOT_CODE_MISMATCH     EventRootCode is not the root of EventCode
//   QUADCLASS_MISMATCH     QuadClass is not the one GDELT assigns the root
// The value is the offending field's text, truncated to 200 bytes at a UTF-8
// character boundary.
//
// Geographic country codes are FIPS 10-4 (FipsToIso3: "CH" is China); one
// with no ISO counterpart (oceans, disputed islands) leaves the location's
// country empty rather than rejecting the event.
EventRowResult ParseGdeltRecord(absl::Span<const absl::string_view> fields,
                                GdeltVersion version);

// Splits `line` (one physical line without its line break) on tabs and
// parses it. For tests and tools; importers use csv::CsvReader.
EventRowResult ParseGdeltLine(absl::string_view line, GdeltVersion version);

// Returns the actor type of a CAMEO actor type code (GDELT's
// Actor1Type1Code):
//   GOV, JUD, LEG, SPY             government
//   MIL                            military
//   COP                            police
//   BUS, MNC, AGR                  business
//   MED                            media
//   REB, INS, SEP, UAF, IMG        militant
//   OPP                            political opposition
//   CVL, REF, SET                  civilians
//   NGO, NGM, EDU, REL, LAB, HLH, HRI, ENV, DEV   civil society
//   "" (none)                      unspecified
//   anything else (ELI, CRM, MOD, RAD, IGO, UNO, ...)   other
ActorType ActorTypeForGdeltTypeCode(absl::string_view type_code);

// Returns the location precision of a GDELT Geo_Type: 1 COUNTRY -> country,
// 2 USSTATE and 5 WORLDSTATE -> province, 3 USCITY and 4 WORLDCITY -> place,
// anything else (0: no geography) -> unspecified.
Location::Precision LocationPrecisionForGdeltGeoType(int geo_type);

}  // namespace dyadscope::events

#endif  // DYADSCOPE_SERVICES_EVENTS_DOMAIN_GDELT_PARSER_H_
