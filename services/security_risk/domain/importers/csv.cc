// The dyadscope incidents CSV (IncidentFileFormat::kDyadscopeCsv).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/csv/csv_reader.h"
#include "common/csv/tabular.h"
#include "common/status/error_details.h"
#include "common/types/iso_countries.h"
#include "common/types/types.h"
#include "services/security_risk/domain/importers/parser_base.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/incident_importers.h"

namespace dyadscope::security_risk {
namespace importers_internal {
namespace {

// The host of an http(s) URL without "www.", e.g. "dawn.com".
std::string UrlHost(absl::string_view url) {
  const size_t scheme = url.find("://");
  absl::string_view rest =
      scheme == absl::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  rest = rest.substr(0, rest.find(':'));
  if (absl::StartsWithIgnoreCase(rest, "www.")) rest.remove_prefix(4);
  return absl::AsciiStrToLower(rest);
}

// ---------------------------------------------------------------------------
// The dyadscope incidents CSV.

enum Column : size_t {
  kIncidentId,
  kSourceSystem,
  kDate,
  kDatePrecision,
  kCountry,
  kPlace,
  kDistrict,
  kProvince,
  kLatitude,
  kLongitude,
  kTargetDescription,
  kTargetCategory,
  kAttackType,
  kKilledTotal,
  kPerpetratorsKilled,
  kKilledPartner,
  kInjuredTotal,
  kInjuredPartner,
  kPartnerCountry,
  kClaimedBy,
  kAttributedTo,
  kPartnerLink,
  kLinkedProject,
  kSourceUrl1,
  kSourceUrl2,
  kVerificationStatus,
  kNotes,
  kColumnCount,
};

constexpr absl::string_view kColumnNames[] = {
    "incident_id",
    "source_system",
    "date",
    "date_precision",
    "country",
    "place",
    "district",
    "province",
    "latitude",
    "longitude",
    "target_description",
    "target_category",
    "attack_type",
    "killed_total_excl_perpetrators",
    "perpetrators_killed",
    "killed_chinese_nationals",
    "injured_total",
    "injured_chinese_nationals",
    "partner_country",
    "claimed_by",
    "attributed_to",
    "chinese_link",
    "linked_project",
    "source_url_1",
    "source_url_2",
    "verification_status",
    "notes",
};
static_assert(std::size(kColumnNames) == kColumnCount);

constexpr size_t kRequiredColumns[] = {kIncidentId, kDate};

class DyadscopeCsvParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  bool StrictWidth() const override { return true; }

  std::string ExpectedHeader() const override {
    return csv::NamedColumnsDescription(
        kColumnNames, "incident_id, date, and source_url_1 or source_url_2");
  }

  absl::Status CheckHeader(Fields fields) override {
    csv::HeaderProblems problems;
    csv::MatchNamedHeader(fields, kColumnNames, kRequiredColumns,
                          absl::MakeSpan(positions_), problems);
    if (!positions_[kSourceUrl1].has_value() &&
        !positions_[kSourceUrl2].has_value()) {
      problems.Add(kColumnNames[kSourceUrl1],
                   "no source column (source_url_1, source_url_2): every "
                   "incident needs a source",
                   "MISSING_COLUMN");
    }
    if (!problems.empty()) return problems.ToStatus();
    set_layout("dyadscope CSV");
    return absl::OkStatus();
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    Incident incident;
    RowReader reader{{fields, positions_, kColumnNames, sink}};
    if (reader.Parse(options(), incident)) sink.Add(std::move(incident));
  }

 private:
  // Parses one row; each step returns false after rejecting or filtering
  // the row.
  struct RowReader : csv::NamedCells<RowSink> {
    bool Count(Column column, std::optional<int>& out) const {
      return ParseCountCell(kColumnNames[column], Get(column),
                            /*source_format=*/false, /*gtd_unknown=*/false,
                            sink, out);
    }

    bool CountryCode(Column column, std::string& out) const {
      const absl::string_view text = Get(column);
      std::string code = absl::AsciiStrToUpper(text);
      if (!IsAcceptedCountryCode(code)) {
        return Reject(column, "UNKNOWN_COUNTRY",
                      absl::StrCat(kColumnNames[column], " \"", text,
                                   "\" is not an ISO 3166-1 alpha-3 code"),
                      text);
      }
      out = std::move(code);
      return true;
    }

    // At most `total` of the partner's nationals.
    bool NotMore(Column part, const std::optional<int>& part_value,
                 Column whole, const std::optional<int>& whole_value) const {
      if (!part_value.has_value() || !whole_value.has_value() ||
          *part_value <= *whole_value) {
        return true;
      }
      return Reject(
          part, "INVALID_VALUE",
          absl::StrCat(kColumnNames[part], " ", *part_value, " exceeds ",
                       kColumnNames[whole], " ", *whole_value),
          Get(part));
    }

    bool Parse(const IncidentParserOptions& options, Incident& o) const {
      if (!Required(kIncidentId)) return false;
      o.provenance.source_record_id = std::string(Get(kIncidentId));
      o.provenance.source_system = kCuratedSourceSystem;
      if (const absl::string_view system = Get(kSourceSystem);
          !system.empty()) {
        if (!csv::IsUpperSnakeCase(system)) {
          return Reject(kSourceSystem, "INVALID_VALUE",
                        "source_system is not UPPER_SNAKE_CASE", system);
        }
        o.provenance.source_system = std::string(system);
      }

      o.location.country_code = kDefaultCuratedCountryCode;
      if (positions[kCountry].has_value() &&
          (!Required(kCountry) ||
           !CountryCode(kCountry, o.location.country_code))) {
        return false;
      }
      if (!options.country_code.empty() &&
          options.country_code != o.location.country_code) {
        return sink.Filter(kColumnNames[kCountry], "COUNTRY_NOT_SELECTED",
                           absl::StrCat("country ", o.location.country_code,
                                        " is not ", options.country_code),
                           o.location.country_code);
      }
      o.partner_country_code = options.default_partner_code.empty()
                                   ? std::string(kDefaultCuratedPartnerCode)
                                   : options.default_partner_code;
      if (!Get(kPartnerCountry).empty() &&
          !CountryCode(kPartnerCountry, o.partner_country_code)) {
        return false;
      }
      if (!options.partner_filter_code.empty() &&
          options.partner_filter_code != o.partner_country_code) {
        return sink.Filter(
            kColumnNames[kPartnerCountry], "PARTNER_NOT_SELECTED",
            absl::StrCat("partner ", o.partner_country_code, " is not ",
                         options.partner_filter_code),
            o.partner_country_code);
      }

      std::string date_remark;
      if (!ParseDateCells(o, date_remark)) return false;

      o.location.place = std::string(Get(kPlace));
      o.location.district = std::string(Get(kDistrict));
      o.location.province = std::string(Get(kProvince));
      o.location.precision =
          !o.location.place.empty()      ? Location::Precision::kPlace
          : !o.location.district.empty() ? Location::Precision::kDistrict
          : !o.location.province.empty() ? Location::Precision::kProvince
                                         : Location::Precision::kCountry;
      if (!ParseCoordinateCell(kColumnNames[kLatitude], Get(kLatitude), 90,
                               sink, o.location.latitude) ||
          !ParseCoordinateCell(kColumnNames[kLongitude], Get(kLongitude), 180,
                               sink, o.location.longitude)) {
        return false;
      }

      o.target_description = std::string(Get(kTargetDescription));
      if (const absl::string_view category = Get(kTargetCategory);
          !category.empty()) {
        std::optional<TargetCategory> parsed =
            TargetCategoryFromCsvWord(category);
        if (!parsed.has_value()) {
          return Reject(kTargetCategory, "INVALID_ENUM",
                        absl::StrCat("target_category is not one of ",
                                     WordList(TargetCategory{})),
                        category);
        }
        o.target_category = *parsed;
      }
      o.attack_description = std::string(Get(kAttackType));
      o.attack_type = AttackTypeFromText(o.attack_description);

      if (!Count(kKilledTotal, o.fatalities_total) ||
          !Count(kPerpetratorsKilled, o.fatalities_perpetrators) ||
          !Count(kKilledPartner, o.fatalities_partner_nationals) ||
          !Count(kInjuredTotal, o.injured_total) ||
          !Count(kInjuredPartner, o.injured_partner_nationals) ||
          !NotMore(kKilledPartner, o.fatalities_partner_nationals, kKilledTotal,
                   o.fatalities_total) ||
          !NotMore(kInjuredPartner, o.injured_partner_nationals, kInjuredTotal,
                   o.injured_total)) {
        return false;
      }
      if (o.fatalities_partner_nationals.value_or(0) > 0 ||
          o.injured_partner_nationals.value_or(0) > 0) {
        o.victim_nationality_codes.push_back(o.partner_country_code);
      }

      o.claimed_by = std::string(Get(kClaimedBy));
      o.attributed_to = std::string(Get(kAttributedTo));
      o.partner_link = std::string(Get(kPartnerLink));
      o.linked_project = std::string(Get(kLinkedProject));

      for (Column column : {kSourceUrl1, kSourceUrl2}) {
        const absl::string_view url = Get(column);
        if (url.empty()) continue;
        if (!csv::IsPlainUrl(url)) {
          return Reject(
              column, "INVALID_URL",
              absl::StrCat(kColumnNames[column], " is not an http(s) URL"),
              url);
        }
        SourceRef source;
        source.citation = UrlHost(url);
        source.url = std::string(url);
        source.source_system = o.provenance.source_system;
        o.sources.push_back(std::move(source));
      }
      if (o.sources.empty()) {
        return Reject(kSourceUrl1, "MISSING_SOURCE",
                      "at least one of source_url_1, source_url_2 is required",
                      "");
      }

      if (const absl::string_view status = Get(kVerificationStatus);
          !status.empty()) {
        std::optional<VerificationStatus> parsed =
            VerificationStatusFromText(status);
        if (!parsed.has_value()) {
          return Reject(kVerificationStatus, "INVALID_ENUM",
                        "verification_status does not begin with verified, "
                        "single source, disputed or unconfirmed",
                        status);
        }
        o.verification_status = *parsed;
        o.verification_note = std::string(status);
      }
      o.notes = std::string(Get(kNotes));
      if (!date_remark.empty()) {
        o.notes = WithRemark(std::move(o.notes), date_remark);
      }
      return true;
    }

    // date and date_precision -> o.date; a qualifier after the precision
    // word ("day (inferred)") yields a remark for the notes.
    bool ParseDateCells(Incident& o, std::string& remark) const {
      if (!Required(kDate)) return false;
      const absl::string_view text = Get(kDate);
      const absl::string_view precision = Get(kDatePrecision);
      size_t word_end = 0;
      while (word_end < precision.size() &&
             absl::ascii_isalpha(
                 static_cast<unsigned char>(precision[word_end]))) {
        ++word_end;
      }
      const std::string word =
          absl::AsciiStrToLower(precision.substr(0, word_end));
      if (!precision.empty() && word != "day" && word != "month" &&
          word != "year") {
        return Reject(kDatePrecision, "INVALID_ENUM",
                      "date_precision does not begin with day, month or year",
                      precision);
      }
      absl::StatusOr<Date> date = ParseDate(text, word);
      if (!date.ok()) {
        return Reject(kDate, "INVALID_DATE",
                      std::string(date.status().message()), text);
      }
      o.date = *date;
      if (!Strip(precision.substr(word_end)).empty()) {
        remark = absl::StrCat("date_precision: ", precision);
      }
      return true;
    }
  };

  std::optional<size_t> positions_[kColumnCount];
};

}  // namespace

const FormatEntry kDyadscopeCsvFormat = {
    IncidentFileFormat::kDyadscopeCsv, "DYADSCOPE_CSV",
    &FormatEntry::Make<DyadscopeCsvParser>, ""};

}  // namespace importers_internal

using importers_internal::Strip;

const std::vector<std::string>& DyadscopeIncidentCsvColumns() {
  static const auto* const kColumns =
      new std::vector<std::string>(std::begin(importers_internal::kColumnNames),
                                   std::end(importers_internal::kColumnNames));
  return *kColumns;
}

}  // namespace dyadscope::security_risk
