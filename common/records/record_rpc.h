// File: common/records/record_rpc.h
// -----------------------------------------------------------------------------
// The gRPC side of record reads and batch writes that every stateful
// service shares, written once: read options (as-of time, tombstones), the
// records of a Create request, the request fingerprint behind request-id
// replay, a Create's response (one result per record with its outcome, the
// created / new-version / unchanged counts and the data version) and a
// List's page.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_RPC_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_RPC_H_

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/proto/deterministic.h"
#include "common/records/record_ports.h"
#include "common/records/record_use_cases.h"
#include "common/status/error_details.h"
#include "common/types/type_proto_convert.h"
#include "common/types/types.h"
#include "common/util/fingerprint.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"

namespace dyadscope::records {

// Returns the read options of a request's as-of time (when set) and
// show_deleted flag.
inline ReadOptions ReadOptionsFromProto(
    bool has_as_of, const google::protobuf::Timestamp& as_of,
    bool show_deleted) {
  ReadOptions options;
  if (has_as_of) options.as_of = TimeFromProto(as_of);
  options.include_deleted = show_deleted;
  return options;
}

// Returns the records of a Create request's repeated field `protos` named
// `field`, each converted by `from_proto(proto, "<field>[i]", violations)`.
template <typename Record, typename Proto>
std::vector<Record> RecordsFromProto(
    const google::protobuf::RepeatedPtrField<Proto>& protos,
    absl::string_view field,
    absl::FunctionRef<Record(const Proto&, absl::string_view, FieldViolations&)>
        from_proto,
    FieldViolations& violations) {
  std::vector<Record> records;
  records.reserve(protos.size());
  for (int i = 0; i < protos.size(); ++i) {
    records.push_back(from_proto(protos.Get(i),
                                 absl::StrCat(field, "[", i, "]"), violations));
  }
  return records;
}

// Fills a List response: `to_proto(record, out->Add())` for each item of
// `page`, then next_page_token and data_version.
template <typename Record, typename Proto, typename Response>
void PageToProto(const Page<Record>& page,
                 absl::FunctionRef<void(const Record&, Proto*)> to_proto,
                 google::protobuf::RepeatedPtrField<Proto>* out,
                 Response* response) {
  for (const Record& record : page.items) to_proto(record, out->Add());
  response->set_next_page_token(page.next_page_token);
  response->set_data_version(page.data_version);
}

// Returns the fingerprint of `request` without its request_id: what a
// replayed request must match.
template <typename Request>
std::string FingerprintWithoutRequestId(const Request& request) {
  Request copy = request;
  copy.clear_request_id();
  return FingerprintHex(SerializeDeterministic(copy));
}

// Fills `response` (fields results, created_count, new_version_count,
// unchanged_count, data_version) from `result`; `fill(upsert, out)` sets
// each result's record.
template <typename Upsert, typename Response>
void BatchResultToProto(
    const BatchResult<Upsert>& result,
    absl::FunctionRef<
        void(const Upsert& upsert,
             std::remove_pointer_t<
                 decltype(std::declval<Response&>().add_results())>* out)>
        fill,
    Response* response) {
  for (const Upsert& upsert : result.results) {
    auto* out = response->add_results();
    fill(upsert, out);
    out->set_outcome(WriteOutcomeToProto(upsert.outcome));
    switch (upsert.outcome) {
      case WriteOutcome::kCreated:
        response->set_created_count(response->created_count() + 1);
        break;
      case WriteOutcome::kNewVersion:
        response->set_new_version_count(response->new_version_count() + 1);
        break;
      case WriteOutcome::kUnchanged:
        response->set_unchanged_count(response->unchanged_count() + 1);
        break;
      case WriteOutcome::kDeleted:
        break;
    }
  }
  response->set_data_version(result.data_version);
}

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_RPC_H_
