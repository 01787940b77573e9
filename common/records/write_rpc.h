// File: common/records/write_rpc.h
// -----------------------------------------------------------------------------
// The gRPC side of every batch write (CreateIncidents, CreateObservations,
// CreateEvents …), written once: the request fingerprint behind request-id
// replay, and the response: one result per record (the kind fills in the
// record), its outcome, the created / new-version / unchanged counts and
// the data version.

#ifndef DYADSCOPE_COMMON_RECORDS_WRITE_RPC_H_
#define DYADSCOPE_COMMON_RECORDS_WRITE_RPC_H_

#include <string>
#include <type_traits>
#include <utility>

#include "absl/functional/function_ref.h"
#include "common/proto/deterministic.h"
#include "common/records/record_use_cases.h"
#include "common/types/type_proto_convert.h"
#include "common/types/types.h"
#include "common/util/fingerprint.h"

namespace dyadscope::records {

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

#endif  // DYADSCOPE_COMMON_RECORDS_WRITE_RPC_H_
