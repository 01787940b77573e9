// File: common/records/proto_body.h
// -----------------------------------------------------------------------------
// The body codec most record kinds use: the record's resource proto,
// serialized deterministically, without the record's id and version (those
// live in the store's columns). Its content, for deciding whether a re-sent
// record changed, is the body without where it was imported from
// (provenance source file, line and label).
//
// `Proto` is a resource message with a `provenance` field of the shared
// Provenance type; `Record` a domain struct with `id` and `version`.

#ifndef DYADSCOPE_COMMON_RECORDS_PROTO_BODY_H_
#define DYADSCOPE_COMMON_RECORDS_PROTO_BODY_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/proto/deterministic.h"
#include "common/records/record_schema.h"
#include "common/status/error_details.h"
#include "common/types/types.h"

namespace dyadscope::records {

// Returns the stored body of `record`: `to_proto(record without id and
// version, &proto)` serialized deterministically.
template <typename Proto, typename Record, typename ToProto>
std::string ProtoBodyOf(const Record& record, ToProto to_proto) {
  Record copy = record;
  copy.id = 0;
  copy.version = VersionInfo();
  Proto proto;
  to_proto(copy, &proto);
  return SerializeDeterministic(proto);
}

// Returns the content of a stored body: everything but the provenance's
// source file, line and label.
template <typename Proto>
std::string ProtoContentOf(absl::string_view body) {
  Proto proto;
  proto.ParseFromString(std::string(body));
  proto.mutable_provenance()->clear_source_file();
  proto.mutable_provenance()->clear_source_line();
  proto.mutable_provenance()->clear_source_label();
  return SerializeDeterministic(proto);
}

// Returns the record of a stored version: its body through
// `from_proto(proto, field, violations)` (bodies were validated when
// written), with the stored id and version.
template <typename Proto, typename Record, typename FromProto>
Record ProtoRecordOf(const StoredVersion& stored, FromProto from_proto) {
  Proto proto;
  proto.ParseFromString(stored.body);
  FieldViolations ignored;
  Record record = from_proto(proto, "", ignored);
  record.id = stored.id;
  record.version = stored.version;
  return record;
}

// The body part of a kind's traits (see sql_record_store.h) whose body is
// its resource proto `Proto`, through the kind's converters: Body (for
// EncodedRecord::body), Content and Decode, and the Record type.
template <
    typename Proto, typename RecordT, void (*to_proto)(const RecordT&, Proto*),
    RecordT (*from_proto)(const Proto&, absl::string_view, FieldViolations&)>
struct ProtoBodyTraits {
  using Record = RecordT;

  static std::string Body(const Record& record) {
    return ProtoBodyOf<Proto>(record, to_proto);
  }
  static std::string Content(absl::string_view body) {
    return ProtoContentOf<Proto>(body);
  }
  static Record Decode(const StoredVersion& stored) {
    return ProtoRecordOf<Proto, Record>(stored, from_proto);
  }
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_PROTO_BODY_H_
