// ACLED's list of deleted events (IncidentFileFormat::kAcledDeletions).

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

// ---------------------------------------------------------------------------
// ACLED deletions.

class AcledDeletionsParser : public ParserBase {
 public:
  using ParserBase::ParserBase;

 protected:
  absl::Status CheckHeader(Fields fields) override {
    columns_ = Columns(fields);
    id_ = columns_.Find({"eventidcnty"});
    time_ = columns_.Find({"deletedtimestamp", "timestamp"});
    std::vector<std::string> missing;
    if (!id_.has_value()) missing.push_back("event_id_cnty");
    if (!time_.has_value()) missing.push_back("deleted_timestamp");
    if (!missing.empty())
      return MissingColumnsError("ACLED deletions", missing);
    set_layout("ACLED deletions");
    return absl::OkStatus();
  }

  void ParseFields(Fields fields, RowSink& sink) const override {
    const std::string id_field = columns_.Name(id_, "event_id_cnty");
    const std::string time_field = columns_.Name(time_, "deleted_timestamp");
    const absl::string_view id = Cell(fields, id_);
    const absl::string_view time = Cell(fields, time_);
    if (!RequireCell(id_field, id, sink) ||
        !RequireCell(time_field, time, sink)) {
      return;
    }
    IncidentDeletion deletion;
    deletion.provenance.source_system = kAcledSourceSystem;
    deletion.provenance.source_record_id = std::string(id);
    deletion.delete_time = ParseTimestamp(time);
    if (!deletion.delete_time.has_value()) {
      sink.Reject(
          time_field, "INVALID_NUMBER",
          absl::StrCat(time_field, " is not Unix seconds or a UTC date-time"),
          time);
      return;
    }
    sink.Add(std::move(deletion));
  }

 private:
  Columns columns_;
  std::optional<size_t> id_, time_;
};

}  // namespace

const FormatEntry kAcledDeletionsFormat = {
    IncidentFileFormat::kAcledDeletions, "ACLED_DELETIONS",
    &FormatEntry::Make<AcledDeletionsParser>,
    "ACLED deletion columns event_id_cnty, deleted_timestamp"};

}  // namespace importers_internal

}  // namespace dyadscope::security_risk
