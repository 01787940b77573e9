// File: common/records/record_rpc.h
// -----------------------------------------------------------------------------
// The gRPC side of record reads and batch writes that every stateful
// service shares, written once: read options (as-of time, tombstones), the
// records of a Create request, the request fingerprint behind request-id
// replay, a Create's response (one result per record with its outcome, the
// created / new-version / unchanged counts and the data version) and a
// List's page; ServeCreate and ServeList are the bodies of every Create
// and List handler, so a service adds only its conversions and manager
// method.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_RPC_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_RPC_H_

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/proto/deterministic.h"
#include "common/records/record_ports.h"
#include "common/records/record_use_cases.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/types/type_proto_convert.h"
#include "common/types/types.h"
#include "common/util/fingerprint.h"
#include "google/protobuf/repeated_field.h"
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

// Returns the read options of an analytic request: its as-of time (when
// set), current records only.
template <typename Request>
ReadOptions AsOfFromProto(const Request& request) {
  return ReadOptionsFromProto(request.has_as_of_time(), request.as_of_time(),
                              false);
}

// Reads an analytic request's bootstrap fields into `question`:
// bootstrap_draws (0: the default; negative is a violation), and seed and
// confidence_level when set.
template <typename Request, typename Question>
void BootstrapFromProto(const Request& request, Question& question,
                        FieldViolations& violations) {
  if (request.bootstrap_draws() < 0) {
    violations.Add("bootstrap_draws", "must not be negative");
  }
  question.bootstrap_draws = request.bootstrap_draws();
  if (request.has_seed()) question.seed = request.seed();
  if (request.has_confidence_level()) {
    question.confidence_level = request.confidence_level();
  }
}

// Sets an analytic response's sources (type.v1.SourceUsage: the source and
// its record count) and data version from `answer`.
template <typename Response>
void SourcedAnswerToProto(const SourcedAnswer& answer, Response* response) {
  for (const auto& [source, count] : answer.sources) {
    type::v1::SourceUsage* usage = response->add_sources();
    SourceToProto(source, usage->mutable_source());
    usage->set_record_count(count);
  }
  response->set_data_version(answer.data_version);
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

// Returns the known values of the repeated enum filter field `values`
// (path `field`), each converted by `from_proto`; records `description`
// under "<field>[i]" for each value that is out of range or UNSPECIFIED.
template <typename Enum>
std::vector<Enum> KnownEnumsFromProto(
    const google::protobuf::RepeatedField<int>& values, absl::string_view field,
    std::optional<Enum> (*from_proto)(int), absl::string_view description,
    FieldViolations& violations) {
  std::vector<Enum> known;
  for (int i = 0; i < values.size(); ++i) {
    std::optional<Enum> value = from_proto(values.Get(i));
    if (!value || *value == Enum::kUnspecified) {
      violations.Add(absl::StrCat(field, "[", i, "]"), description);
    } else {
      known.push_back(*value);
    }
  }
  return known;
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

// Returns the `fill` of ServeCreate for a kind whose upsert result is the
// aggregate {Record record; WriteOutcome outcome;}: it writes the record
// with `to_proto` into the result message's field that `mutable_record`
// reaches (e.g. &v1::IncidentWriteResult::mutable_incident).
template <typename Record, typename Proto, typename ResultProto>
auto FillRecord(void (*to_proto)(const Record&, Proto*),
                Proto* (ResultProto::*mutable_record)()) {
  return [to_proto, mutable_record](const auto& upsert, ResultProto* out) {
    const auto& [record, outcome] = upsert;
    to_proto(record, (out->*mutable_record)());
  };
}

// The body of a List handler: checks page_size (after the filter, which
// the caller converted into `query`, recording problems in `violations`),
// calls `(manager->*list)(query, read options, page_size, page_token)` and
// fills `response` with `to_proto` of each record into `out`, the next
// page token and the data version.
template <typename Request, typename Query, typename Manager, typename List,
          typename Record, typename Proto, typename Response>
absl::Status ServeList(const Request& request, const Query& query,
                       FieldViolations& violations, Manager* manager, List list,
                       void (*to_proto)(const Record&, Proto*),
                       google::protobuf::RepeatedPtrField<Proto>* out,
                       Response* response) {
  if (request.page_size() < 0) {
    violations.Add("page_size", "must not be negative");
  }
  DYADSCOPE_RETURN_IF_ERROR(violations.ToStatus());
  DYADSCOPE_ASSIGN_OR_RETURN(
      Page<Record> page,
      std::invoke(
          list, manager, query,
          ReadOptionsFromProto(request.has_as_of_time(), request.as_of_time(),
                               request.show_deleted()),
          request.page_size(), request.page_token()));
  PageToProto<Record, Proto>(page, to_proto, out, response);
  return absl::OkStatus();
}

// The body of a Create handler: converts the records of the repeated field
// `protos` named `field` with `from_proto`, calls
// `(manager->*create)(records, request_id, fingerprint, validate_only,
// conversion problems)` and fills `response` (see BatchResultToProto;
// `fill(upsert, out)` sets each result's record).
template <typename Request, typename Record, typename Proto, typename Manager,
          typename Create, typename Fill, typename Response>
absl::Status ServeCreate(
    const Request& request,
    const google::protobuf::RepeatedPtrField<Proto>& protos,
    absl::string_view field,
    Record (*from_proto)(const Proto&, absl::string_view, FieldViolations&),
    Manager* manager, Create create, const Fill& fill, Response* response) {
  FieldViolations violations;
  std::vector<Record> records =
      RecordsFromProto<Record, Proto>(protos, field, from_proto, violations);
  DYADSCOPE_ASSIGN_OR_RETURN(
      auto result,
      std::invoke(create, manager, std::move(records), request.request_id(),
                  FingerprintWithoutRequestId(request), request.validate_only(),
                  violations));
  BatchResultToProto<typename decltype(result.results)::value_type, Response>(
      result, fill, response);
  return absl::OkStatus();
}

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_RPC_H_
