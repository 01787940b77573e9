// File: common/records/record_proto.h
// -----------------------------------------------------------------------------
// The fields every record message carries besides its kind's own (its
// sources, provenance and version info; see dyadscope.type.v1), converted
// once for every record kind's proto converter:
//
//   - RecordSourcesFromProto: sources (checked under "<field>.sources[i]")
//     and provenance of a message into a record;
//   - RecordSourcesToProto: the same, and the version info of a stored
//     record, into a message.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_PROTO_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_PROTO_H_

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/error_details.h"
#include "common/types/type_proto_convert.h"
#include "common/types/types.h"

namespace dyadscope::records {

// Reads the sources and the provenance of `proto` into `record`, recording
// the problems of source i under "<field>.sources[i]" ("sources[i]" when
// `field` is empty).
template <typename Proto, typename Record>
void RecordSourcesFromProto(const Proto& proto, absl::string_view field,
                            FieldViolations& violations, Record& record) {
  for (int i = 0; i < proto.sources_size(); ++i) {
    record.sources.push_back(SourceFromProto(
        proto.sources(i),
        absl::StrCat(field, field.empty() ? "" : ".", "sources[", i, "]"),
        violations));
  }
  record.provenance = ProvenanceFromProto(proto.provenance());
}

// Writes the sources, the provenance and (for a stored record) the version
// info of `record` into `proto`.
template <typename Record, typename Proto>
void RecordSourcesToProto(const Record& record, Proto* proto) {
  AppendEachToProto(record.sources, SourceToProto, proto->mutable_sources());
  ProvenanceToProto(record.provenance, proto->mutable_provenance());
  if (record.version.version > 0) {
    VersionToProto(record.version, proto->mutable_version_info());
  }
}

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_PROTO_H_
