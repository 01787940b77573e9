// File: common/types/type_proto_convert.h
// -----------------------------------------------------------------------------
// Conversions between dyadscope.type.v1 messages and the domain value types
// of common/types/types.h, for every service's handler layer. Conversions
// from protos validate and name the offending field (a path prefix is given
// by the caller, e.g. "events[3].date").

#ifndef DYADSCOPE_COMMON_TYPES_TYPE_PROTO_CONVERT_H_
#define DYADSCOPE_COMMON_TYPES_TYPE_PROTO_CONVERT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/status/error_details.h"
#include "common/types/types.h"
#include "common/util/stream_decompressor.h"
#include "dyadscope/type/v1/date.pb.h"
#include "dyadscope/type/v1/dyad.pb.h"
#include "dyadscope/type/v1/import.pb.h"
#include "dyadscope/type/v1/location.pb.h"
#include "dyadscope/type/v1/period.pb.h"
#include "dyadscope/type/v1/record.pb.h"
#include "dyadscope/type/v1/source.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"

namespace dyadscope {

// Dates. FromProto infers the precision from which of month/day are set
// when it is unspecified; records a violation at `field` when invalid.
std::optional<Date> DateFromProto(const type::v1::Date& proto,
                                  absl::string_view field,
                                  FieldViolations& violations);
void DateToProto(const Date& date, type::v1::Date* proto);

// Timestamps (UTC).
absl::Time TimeFromProto(const google::protobuf::Timestamp& proto);
void TimeToProto(absl::Time time, google::protobuf::Timestamp* proto);

// A dyad: both codes must look like ISO alpha-3 and differ.
std::optional<Dyad> DyadFromProto(const type::v1::Dyad& proto,
                                  absl::string_view field,
                                  FieldViolations& violations);
void DyadToProto(const Dyad& dyad, type::v1::Dyad* proto);

// Periods: non-empty lower_snake_case unique names, start ≤ end.
std::vector<Period> PeriodsFromProto(
    const google::protobuf::RepeatedPtrField<type::v1::Period>& protos,
    absl::string_view field, FieldViolations& violations);
void PeriodToProto(const Period& period, type::v1::Period* proto);

Location LocationFromProto(const type::v1::Location& proto,
                           absl::string_view field,
                           FieldViolations& violations);
void LocationToProto(const Location& location, type::v1::Location* proto);

SourceRef SourceFromProto(const type::v1::SourceReference& proto,
                          absl::string_view field, FieldViolations& violations);
void SourceToProto(const SourceRef& source, type::v1::SourceReference* proto);

Provenance ProvenanceFromProto(const type::v1::Provenance& proto);
void ProvenanceToProto(const Provenance& provenance,
                       type::v1::Provenance* proto);

void VersionToProto(const VersionInfo& version, type::v1::VersionInfo* proto);

// Compression of an upload; records a violation at `field` when unknown.
Compression CompressionFromProto(int compression, absl::string_view field,
                                 FieldViolations& violations);

// A rejected row found at `line` of an imported file.
void RowRejectionToProto(int64_t line, const RowRejection& rejection,
                         type::v1::RowRejection* proto);
type::v1::WriteOutcome WriteOutcomeToProto(WriteOutcome outcome);

// Appends one message per item of `items` to `out`, in order, each filled
// by to_proto(item, message): the converters' and handlers' list fields.
template <typename Items, typename ToProto, typename Message>
void AppendEachToProto(const Items& items, ToProto&& to_proto,
                       google::protobuf::RepeatedPtrField<Message>* out) {
  out->Reserve(out->size() + static_cast<int>(items.size()));
  for (const auto& item : items) to_proto(item, out->Add());
}

}  // namespace dyadscope

#endif  // DYADSCOPE_COMMON_TYPES_TYPE_PROTO_CONVERT_H_
