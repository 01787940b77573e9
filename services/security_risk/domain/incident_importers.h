// File: services/security_risk/domain/incident_importers.h
// -----------------------------------------------------------------------------
// Row parsers for the files ImportIncidents reads: ACLED exports (current and
// older column names), ACLED's list of deleted events, the Global Terrorism
// Database (GTD) CSV and the dyadscope incidents CSV
// (services/security_risk/README.md). Each turns the records of common/csv's
// reader into security_risk::Incident values, one physical row into one
// incident, with every row that cannot be imported reported by line number,
// column and reason, and every row deliberately left out (another country,
// no partner nationals involved) reported as filtered. Splitting the bytes
// into records is the reader's job; storing incidents, versioning edited
// ACLED rows and applying deletions is the caller's.
//
// The design mirrors services/economics/domain/importers.h: one parser per
// format behind one interface.
//
//   DYADSCOPE_ASSIGN_OR_RETURN(
//       std::unique_ptr<IncidentFileParser> parser,
//       CreateIncidentParser(IncidentFileFormat::kAcled, options));
//   csv::CsvReader reader;
//   auto on_record = [&](const csv::CsvRecord& record) -> absl::Status {
//     if (!parser->header_found()) return parser->Header(record);
//     for (ParsedRow& row : parser->Row(record)) { ... }
//     return absl::OkStatus();
//   };
//   ... reader.Feed(chunk, on_record) ... reader.Finish(on_record) ...
//   DYADSCOPE_RETURN_IF_ERROR(parser->Finish());
//
// Conventions shared by all formats:
//   - The first non-blank record is the header (no preamble). The source
//     formats (ACLED, ACLED_DELETIONS, GTD) match header names by their
//     letters and digits only, ignoring case ("EVENT_ID_CNTY" =
//     "event_id_cnty" = "Event ID Cnty"), know their older aliases and
//     ignore columns they do not use; the dyadscope CSV is strict.
//   - Empty numeric cells stay absent (never 0). Counts are non-negative
//     integers ("3"; "3.0" is accepted from the source formats, which are
//     often re-saved by spreadsheet tools).
//   - Parsing is deterministic: the same row always yields the same
//     incident, and any edit to a mapped cell (an ACLED row's fatalities or
//     timestamp) yields a different one.
//   - Remarks the parser adds to Incident::notes (a coarse date, GTD's
//     approximate date) are appended in square brackets after the source's
//     own notes, e.g. "... [date_precision: day (inferred)]".
//   - Every incident carries provenance.source_system, source_record_id, the
//     file name and label from IncidentParserOptions and the row's line.

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_IMPORTERS_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_IMPORTERS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/csv/csv_reader.h"
#include "common/csv/file_parser.h"
#include "common/csv/format_registry.h"
#include "common/csv/tabular.h"
#include "common/types/types.h"
#include "domain_enums/security_risk.h"
#include "services/security_risk/domain/incident.h"

namespace dyadscope::security_risk {

// The file formats; values match
// dyadscope.securityrisk.v1.IncidentFileFormat.
// enum class IncidentFileFormat: generated from the contract
// (domain_enums/security_risk.h).
//   kAcled:
//    ACLED CSV export. Current names: event_id_cnty, event_date, year,
//    time_precision, disorder_type, event_type, sub_event_type, actor1,
//    assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
//    civilian_targeting, iso, region, country, admin1, admin2, admin3,
//    location, latitude, longitude, geo_precision, source, source_scale,
//    notes, fatalities, tags, timestamp. Older names also read: data_id,
//    event_id_no_cnty, gwno (ignored), ally_actor_1 / ally_actor_2 (for
//    assoc_actor_*), iso3 (alpha-3), geo_precis; files without
//    sub_event_type. Required columns: event_id_cnty, event_date,
//    event_type, and one of country, iso3, iso.
//      event_id_cnty -> provenance.source_record_id (source_system "ACLED");
//      event_date ("2022-06-30", "30 June 2022", "30-Jun-2022",
//        "30/06/2022" (day first), "June 30, 2022") with time_precision:
//        1 (or empty) -> the day; 2 (within a week) -> the given day, with
//        a note; 3 -> the month. A non-empty `year` must agree.
//      iso3, else country (name, CountryCodeFromName), else numeric iso
//        (CountryCodeFromIsoNumeric) -> location.country_code;
//      admin1 -> province, admin2 -> district, location -> place,
//        latitude/longitude, geo_precision 1/2/3 -> place/district/province;
//      event_type, sub_event_type -> source_event_type,
//        source_sub_event_type and attack_type (AcledAttackType);
//      actor1 -> attributed_to; actor2 (and "; " assoc_actor_2) ->
//        target_description; fatalities -> fatalities_total;
//      notes -> notes; timestamp (Unix seconds, or "YYYY-MM-DD hh:mm:ss"
//        UTC) -> provenance.source_update_time;
//      sources: the dataset (locator = event_id_cnty), then one SourceRef
//        per ";"-separated name in `source`.
//    Partner filter (IncidentParserOptions::partner_filter_code): ACLED has
//    no nationality column, so a row is kept when the partner's nationals
//    are named: a whole-word, case-insensitive match of one of the partner's
//    terms (PartnerTermsFor) in actor2 or assoc_actor_2 (adjectives and
//    names, e.g. "Chinese", "(China)") or in notes (adjectives and extra
//    terms only, e.g. "Chinese", "CPEC"); other rows are FilteredRow
//    PARTNER_NOT_MENTIONED. Whenever a partner is recorded (filter or
//    default), a match in an actor column also records it in
//    victim_nationality_codes, and partner_link names what matched
//    ("\"Chinese\" in notes").
//    This is a screen, not a classification: "Chinese-made rifles" in the
//    notes keeps a row. source_system "ACLED".
//   kAcledDeletions:
//    ACLED's deleted events: event_id_cnty and deleted_timestamp (Unix
//    seconds, or "YYYY-MM-DD hh:mm:ss" UTC; "timestamp" is an alias). Each
//    row yields an IncidentDeletion for source_system "ACLED".
//   kGtd:
//    Global Terrorism Database CSV (START). Required: eventid, iyear,
//    imonth, iday, country_txt. Used when present: provstate, city,
//    latitude, longitude, specificity, approxdate, attacktype1_txt (or the
//    numeric attacktype1), suicide, targtype1_txt, corp1, target1,
//    natlty1_txt, natlty2_txt, natlty3_txt, gname, claimed, nkill, nkillus,
//    nkillter, nwound, nwoundus, nwoundte, summary, scite1..scite3.
//      eventid -> source_record_id (source_system "GTD");
//      iyear/imonth/iday -> date (iday 0 -> month precision, imonth 0 ->
//        year precision); approxdate, when given, is added to the notes;
//      country_txt -> country_code; provstate -> province; city -> place;
//        specificity 1 -> place, 2-3 -> district, 4 -> province, 5 ->
//        country;
//      attacktype1_txt and suicide -> attack_type (GtdAttackType),
//        attacktype1_txt -> source_event_type and attack_description;
//      targtype1_txt -> target_category ("Government (Diplomatic)" ->
//        diplomatic mission, "Business" -> business, citizens, tourists,
//        educational, NGO, journalists or religious targets of the partner's
//        nationality -> partner nationals, "Unknown" -> unspecified, other
//        -> other); corp1 and target1 -> target_description;
//      natlty1_txt..natlty3_txt -> victim_nationality_codes (names that are
//        no country, "Multinational", "International", "Unknown", are
//        skipped);
//      gname -> attributed_to, and claimed_by when claimed = 1 ("Unknown"
//        is no one);
//      nkill - nkillter -> fatalities_total when both are given (GTD's nkill
//        includes perpetrators), nkill alone with a note when nkillter is
//        not; nkillter -> fatalities_perpetrators; nwound (- nwoundte) ->
//        injured_total; nkillus/nwoundus -> the partner counts when the
//        partner is USA; -9 and -99 are GTD's "unknown";
//      summary -> notes; sources: "Global Terrorism Database (START)"
//        (locator = eventid), then scite1..scite3.
//    Partner filter: a row is kept when one of natlty1_txt..natlty3_txt is
//    the partner; others are FilteredRow NATIONALITY_NOT_SELECTED.
//   kDyadscopeCsv:
//    The dyadscope incidents CSV (services/security_risk/README.md),
//    strict: the first non-blank record is the header, unknown and duplicate
//    columns are refused; see DyadscopeIncidentCsvColumns.
//      incident_id -> source_record_id; source_system (default "CURATED");
//      date with date_precision, whose leading word (day, month, year) sets
//        the precision and whose remainder ("(inferred)") is added to the
//        notes; country (default "PAK" when the file has no such column);
//      place, district, province kept as written (no normalisation);
//        location precision from the finest of them that is given;
//      attack_type -> attack_type (AttackTypeFromText) and, verbatim,
//        attack_description; target_category words (TargetCategoryFromCsvWord);
//      killed_total_excl_perpetrators -> fatalities_total,
//        perpetrators_killed -> fatalities_perpetrators,
//        killed_chinese_nationals -> fatalities_partner_nationals,
//        injured_total, injured_chinese_nationals ->
//        injured_partner_nationals; the partner (partner_country, else
//        IncidentParserOptions::default_partner_code, else "CHN") is recorded
//        in victim_nationality_codes when its nationals were killed or
//        injured;
//      chinese_link -> partner_link; claimed_by, attributed_to,
//        linked_project, notes as written;
//      source_url_1, source_url_2 -> one SourceRef each (citation = the
//        URL's host); at least one is required;
//      verification_status -> VerificationStatusFromText, the full text in
//        verification_note.
//    Partner filter: a row whose partner is another country is FilteredRow
//    PARTNER_NOT_SELECTED.

// The source_system of each source format's incidents.
inline constexpr char kAcledSourceSystem[] = "ACLED";
inline constexpr char kGtdSourceSystem[] = "GTD";
// The dyadscope CSV's default source_system.
inline constexpr char kCuratedSourceSystem[] = "CURATED";
// The dyadscope CSV's defaults for a file without a country column and for
// the partner of its killed_chinese_nationals-style columns.
inline constexpr char kDefaultCuratedCountryCode[] = "PAK";
inline constexpr char kDefaultCuratedPartnerCode[] = "CHN";

// What the parsers need to know beyond the bytes (the parts of
// ImportIncidentsOptions that shape incidents). Codes are ISO 3166-1
// alpha-3, any case; CreateIncidentParser checks them.
struct IncidentParserOptions {
  // Keep only incidents in this country; others become FilteredRow items
  // (COUNTRY_NOT_SELECTED). Empty keeps all.
  std::string country_code;
  // Keep only rows touching this partner's nationals (see each format for
  // the rule); others become FilteredRow items. Empty keeps all. When set,
  // it is also each incident's partner_country_code.
  std::string partner_filter_code;
  // The partner_country_code recorded when no filter is set (and, for the
  // dyadscope CSV, when the row has no partner_country). May be empty.
  std::string default_partner_code;
  // Stored in provenance.source_file and provenance.source_label.
  std::string file_name;
  std::string source_label;
};

// A row deliberately not imported: an incident in another country, or one
// not touching the selected partner. `field` names the column that decided.
using FilteredRow = csv::FilteredRow;
using csv::kMaxRejectedValueBytes;

// A row of ACLED's deleted-events list: the incident (source_system,
// source_record_id) the source has withdrawn. Applying it (tombstoning the
// stored incident) is the caller's job.
struct IncidentDeletion {
  // source_system ("ACLED"), source_record_id (event_id_cnty), file, label
  // and line; source_update_time is not set.
  Provenance provenance;
  // When the source deleted it (deleted_timestamp).
  std::optional<absl::Time> delete_time;
};

// One item yielded by a physical row: an incident, a deletion, a filtered
// row, or rejections (a row with any bad cell yields only its rejections).
struct ParsedRow {
  // The 1-based physical line the row starts on.
  int64_t line = 0;
  std::variant<Incident, IncidentDeletion, RowRejection, FilteredRow> item;

  // Returns the item if it is of that kind, else nullptr.
  const Incident* incident() const { return std::get_if<Incident>(&item); }
  const IncidentDeletion* deletion() const {
    return std::get_if<IncidentDeletion>(&item);
  }
  const RowRejection* rejection() const {
    return std::get_if<RowRejection>(&item);
  }
  const FilteredRow* filtered() const {
    return std::get_if<FilteredRow>(&item);
  }
};

// Turns the records of one file into incidents (see csv::FileParser for the
// contract). What the incident formats add:
// Header():
//   Examines one record that precedes the header. Blank lines are skipped
//   (OK, header_found() false). The first other record must be the header:
//   OK with header_found() true when the format can use it, else
//   INVALID_ARGUMENT with a reason and one FieldViolation per bad column
//   (attached as in common/status/error_details.h): MISSING_COLUMN (a
//   required column is absent), UNKNOWN_COLUMN and DUPLICATE_COLUMN
//   (dyadscope CSV only), MALFORMED_HEADER (the record could not be read).
//   FAILED_PRECONDITION once the header has been found.
// header_found():
//   Returns true once Header() has accepted a header row.
// layout():
//   Returns a short name of the layout the header showed ("ACLED (current
//   column names)", "ACLED (older column names)", "GTD", "ACLED deletions",
//   "dyadscope CSV"); empty before the header.
// Row():
//   Parses one record after the header. Blank lines and rows whose fields
//   are all empty yield nothing. Otherwise one incident (or deletion), or
//   one FilteredRow, or the row's rejections, all with the record's line
//   number. Rejections name the column as written in the header
//   (RowRejection::field; empty for the row as a whole) and use the reason
//   codes
//     WRONG_COLUMN_COUNT   the row has fewer or more (non-empty) fields
//                          than the header (source formats tolerate extra
//                          empty trailing fields)
//     UNTERMINATED_QUOTE, STRAY_QUOTE, TEXT_AFTER_CLOSING_QUOTE,
//     FIELD_TOO_LONG, RECORD_TOO_LONG   the reader could not split the row
//     MISSING_VALUE        a required cell is empty
//     INVALID_DATE         a date that is no calendar date, or a year that
//                          contradicts it
//     INVALID_NUMBER       a count that is no integer, a coordinate or
//                          timestamp that is no number
//     OUT_OF_RANGE         a negative count, a coordinate beyond +-90/180
//     UNKNOWN_COUNTRY      a country name or code that is not known
//     INVALID_ENUM         a precision, category, verification status or
//                          flag that is not one of the format's words
//     INVALID_VALUE        contradictory cells (more partner nationals
//                          killed than people killed; perpetrators killed
//                          beyond GTD's nkill), or a source_system that is
//                          not UPPER_SNAKE_CASE
//     INVALID_URL, MISSING_SOURCE   dyadscope CSV source rules
//   Filtered rows use COUNTRY_NOT_SELECTED, PARTNER_NOT_MENTIONED (ACLED),
//   NATIONALITY_NOT_SELECTED (GTD), PARTNER_NOT_SELECTED (dyadscope CSV).
//   Rows offered before the header is found are rejected with
//   HEADER_NOT_FOUND.
// Finish():
//   Ends the input: OK once a header was found, else INVALID_ARGUMENT
//   (reason HEADER_NOT_FOUND) naming the header the format expects.
using IncidentFileParser = csv::FileParser<IncidentFileFormat, ParsedRow>;

// The incident file formats: Name(format) ("ACLED", "ACLED_DELETIONS",
// "GTD", "DYADSCOPE_CSV", or "UNSPECIFIED"), FromName(name) (those names,
// any case) and each format's parser factory.
using IncidentFormatRegistry =
    csv::FormatRegistry<IncidentFileFormat, IncidentFileParser,
                        IncidentParserOptions>;
const IncidentFormatRegistry& IncidentFormats();

// Returns a parser for `format`. INVALID_ARGUMENT (reason
// FORMAT_UNSPECIFIED) for kUnspecified, or (reason UNKNOWN_COUNTRY, one
// FieldViolation per option) when an option's code is not an ISO 3166-1
// alpha-3 code.
absl::StatusOr<std::unique_ptr<IncidentFileParser>> CreateIncidentParser(
    IncidentFileFormat format,
    IncidentParserOptions options = IncidentParserOptions());

// A whole file parsed in memory.
using ParsedIncidentFile = csv::ParsedText<ParsedRow>;

// Parses all of `text` (RFC 4180 CSV) with a fresh parser: convenient for
// small embedded files and tests. Returns the parser's or the reader's
// error statuses as they are.
absl::StatusOr<ParsedIncidentFile> ParseIncidentText(
    IncidentFileFormat format, absl::string_view text,
    const IncidentParserOptions& options = IncidentParserOptions());

// Returns the columns of the dyadscope incidents CSV, in the README's order.
const std::vector<std::string>& DyadscopeIncidentCsvColumns();

// Returns the attack type of a free-text description (the dyadscope CSV's
// attack_type): kUnspecified for empty text; kSuicideAttack when it says
// "suicide" anywhere; otherwise the category of the earliest keyword found
// (whole words or word starts, any case) -- kidnap/abduct/hostage ->
// kKidnapping; assassinat/targeted killing -> kAssassination;
// bomb/IED/VBIED/explosi/explod/blast/landmine -> kBombing;
// armed/shoot/shot/gunm/gunfire/gun(s)/firing/rocket/grenade/ambush/stab/
// knife/assault -> kArmedAssault (rockets and grenades as the proto's
// AttackType says); arson/sabotage/set fire/torched/facility/infrastructure
// -> kFacilityAttack; unarmed/mob/beat/lynch -> kUnarmedAssault; unknown ->
// kUnknown; kOther when none matches. So "Car bomb (remote-detonated)" is
// a bombing, "Roadside bomb and gunfire" a bombing, "Armed assault with
// grenades and explosives" an armed assault.
AttackType AttackTypeFromText(absl::string_view text);

// Returns the verification status a free-text verification note begins
// with (any case): "verified", "confirmed", "partially verified" ->
// kVerified (the note keeps the qualification); "single source",
// "single-source" -> kSingleSource; "disputed", "conflicting",
// "contested" -> kDisputed; "unconfirmed", "unverified", "not verified",
// "not confirmed" -> kUnconfirmed. nullopt for empty or other text.
std::optional<VerificationStatus> VerificationStatusFromText(
    absl::string_view text);

// Returns the target category of a dyadscope CSV word (any case; '-' and
// ' ' may stand for '_'): partner_nationals, project_site,
// security_escort, diplomatic_mission, business, other. nullopt otherwise.
std::optional<TargetCategory> TargetCategoryFromCsvWord(absl::string_view word);

// Returns the attack type of an ACLED event (any case). Sub-event types
// first: "Suicide bomb" -> kSuicideAttack; "Remote explosive/landmine/IED",
// "Grenade" -> kBombing; "Armed clash", "Attack", "Government regains
// territory", "Non-state actor overtakes territory" -> kArmedAssault;
// "Abduction/forced disappearance" -> kKidnapping; "Mob violence" ->
// kUnarmedAssault; "Looting/property destruction" -> kFacilityAttack;
// "Air/drone strike", "Shelling/artillery/missile attack", "Chemical
// weapon", "Sexual violence", protests, riots and strategic developments
// -> kOther. Without a known sub-event type, the event type: "Battles" and
// the older "Battle-..." types -> kArmedAssault; "Remote violence" ->
// kBombing; "Violence against civilians" -> kArmedAssault; "Explosions/
// Remote violence" -> kBombing; anything else -> kOther.
AttackType AcledAttackType(absl::string_view event_type,
                           absl::string_view sub_event_type);

// Returns the attack type of a GTD attacktype1_txt (any case):
// "Assassination", "Armed Assault", "Bombing/Explosion", "Hostage Taking
// (Kidnapping)" and "Hostage Taking (Barricade Incident)" -> kKidnapping,
// "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown" ->
// kUnknown, "Hijacking" and other text -> kOther, empty -> kUnspecified;
// kSuicideAttack whenever `suicide` is true.
AttackType GtdAttackType(absl::string_view attack_type_text, bool suicide);

// Returns the ISO 3166-1 alpha-3 code of a country name as ACLED and the
// GTD write it (any case, surrounding and repeated spaces ignored):
// "Pakistan", "Democratic Republic of Congo", "Ivory Coast", "eSwatini",
// "West Germany (FRG)", "Bosnia-Herzegovina", "West Bank and Gaza Strip",
// ... Renamed states map to the current code ("Zaire" -> COD, "Burma" ->
// MMR, "Rhodesia" -> ZWE, "East Timor" -> TLS); dissolved ones to their
// ISO 3166-3 code ("Soviet Union" -> SUN, "Yugoslavia" -> YUG,
// "Czechoslovakia" -> CSK, "East Germany (GDR)" -> DDR, "South Yemen" ->
// YMD, "Serbia-Montenegro" -> SCG); "Kosovo" -> XKX (user-assigned, as the
// World Bank codes it). nullopt for unknown names and for non-countries
// ("International", "Multinational", "Unknown").
std::optional<std::string> CountryCodeFromName(absl::string_view name);

// Returns the alpha-3 code of an ISO 3166-1 numeric code (ACLED's `iso`),
// for South Asia, its neighbours and about 150 other countries; nullopt
// for codes not in the table.
std::optional<std::string> CountryCodeFromIsoNumeric(int numeric);

// The words that name a partner's nationals in ACLED's text columns.
struct PartnerTerms {
  // Adjectives of nationality ("Chinese"): matched in actors and notes.
  std::vector<std::string> adjectives;
  // Country names ("China"): matched in actors (ACLED writes "Civilians
  // (China)").
  std::vector<std::string> names;
  // Further terms matched in notes ("CPEC").
  std::vector<std::string> note_terms;
};

// Returns the terms of `partner_code` (upper case): a small table for CHN,
// USA, GBR, IND, JPN, KOR, RUS, TUR, SAU, ARE, FRA, DEU, IRN, AFG and PAK
// (CHN: "Chinese"; "China"; "CPEC", "China-Pakistan Economic Corridor");
// for other codes, no adjectives and the country's names from
// CountryCodeFromName's table, which are then also matched in notes.
PartnerTerms PartnerTermsFor(absl::string_view partner_code);

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_INCIDENT_IMPORTERS_H_
