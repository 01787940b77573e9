// File: services/gateway/aggregation/fan_out.h
// -----------------------------------------------------------------------------
// The gateway's fan-out, transport-free: a table of backend calls (which
// backend and method, its budget, the request it sends and the slot its
// answer goes to) started at once on the asynchronous interfaces of
// clients/backends.h and joined on one counter, with no thread per call;
// and the bound on how many fan-outs run at once (FanOutLimiter).
//
//   absl::StatusOr<events::v1::SummarizeEventsResponse> all;
//   std::vector<FanOutCall> table;
//   table.push_back({v1::BACKEND_EVENTS, kSummarizeEventsMethod, "all",
//                    absl::Seconds(5),
//                    CallInto(events, &EventsBackend::SummarizeEvents,
//                             request, &all)});
//   std::vector<CallRecord> records = RunFanOut(table, deadline, incoming);

#ifndef DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_FAN_OUT_H_
#define DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_FAN_OUT_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "dyadscope/gateway/v1/assessment.pb.h"
#include "services/gateway/clients/backends.h"

namespace dyadscope::gateway {

// One backend call of an assessment and how it went.
struct CallRecord {
  v1::Backend backend = v1::BACKEND_UNSPECIFIED;
  const char* method = "";
  // The call in words, for warnings ("events.SummarizeEvents (security
  // filter)").
  std::string label;
  absl::Status status = absl::UnavailableError("not called");
  absl::Duration latency = absl::ZeroDuration();
  std::string data_version;
};

// Receives how one call went: its status, the data version its answer
// carried ("" for none or a failure) and when it ended.
using CallFinished = std::function<void(
    absl::Status status, std::string data_version, absl::Time end)>;

// Starts one call with `options`; `finished` runs once the answer is in
// its slot.
using CallStarter =
    std::function<void(const CallOptions& options, CallFinished finished)>;

// One row of a fan-out table.
struct FanOutCall {
  v1::Backend backend = v1::BACKEND_UNSPECIFIED;
  const char* method = "";
  std::string label;
  // The call's own budget: its deadline is the earlier of the fan-out's
  // deadline and the fan-out's start plus this.
  absl::Duration timeout = absl::InfiniteDuration();
  CallStarter start;
};

namespace fan_out_internal {

// The data version a backend answer carries (scoring has none: it stores no
// data).
template <typename Response>
std::string DataVersionOf(const Response& response) {
  return response.data_version();
}
inline std::string DataVersionOf(const scoring::v1::ScoreResponse&) {
  return "";
}

}  // namespace fan_out_internal

// Returns the starter of `method` of `impl` with `request`, storing the
// answer in `slot`. An answer that arrives after its deadline is stored as
// DEADLINE_EXCEEDED, whatever the implementation returned: the caller's
// budget is the rule. `impl` (a `Backend`), `request` and `slot` must outlive
// the call.
template <typename Impl, typename Backend, typename Request, typename Response>
CallStarter CallInto(Impl* impl,
                     void (Backend::*method)(const Request&, const CallOptions&,
                                             Done<Response>),
                     const Request& request, absl::StatusOr<Response>* slot) {
  Backend* backend = impl;
  const Request* request_ptr = &request;
  return [backend, method, request_ptr, slot](const CallOptions& options,
                                              CallFinished finished) {
    (backend->*method)(
        *request_ptr, options,
        [slot, deadline = options.deadline,
         finished = std::move(finished)](absl::StatusOr<Response> result) {
          const absl::Time end = absl::Now();
          if (result.ok() && end > deadline) {
            result = absl::DeadlineExceededError(
                absl::StrCat("answered ", absl::FormatDuration(end - deadline),
                             " after its deadline"));
          }
          std::string version =
              result.ok() ? fan_out_internal::DataVersionOf(*result) : "";
          absl::Status status = result.status();
          *slot = std::move(result);
          finished(std::move(status), std::move(version), end);
        });
  };
}

// Starts every call of `table` at once, each with the deadline
// min(deadline, start + its timeout) fixed before any call starts and
// `incoming` as the request it serves, and waits until every one has
// answered (the backends answer by their deadlines). Returns how each went,
// in table order. Blocks the calling thread only; the backends' callbacks
// never block.
std::vector<CallRecord> RunFanOut(const std::vector<FanOutCall>& table,
                                  absl::Time deadline,
                                  const IncomingCall* incoming);

// Bounds how many fan-outs run at once: a caller beyond the bound waits for
// a slot. Thread-safe.
class FanOutLimiter {
 public:
  // A slot held; destroying it frees the slot.
  class Slot {
   public:
    Slot(Slot&& other) noexcept
        : limiter_(std::exchange(other.limiter_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    friend class FanOutLimiter;
    explicit Slot(FanOutLimiter* limiter) : limiter_(limiter) {}
    FanOutLimiter* limiter_;
  };

  // At most `max_concurrent` fan-outs at once; 0 means no bound.
  explicit FanOutLimiter(int max_concurrent) : max_(max_concurrent) {}

  // Returns a slot, waiting up to `deadline` for one to be free;
  // DEADLINE_EXCEEDED when none frees in time. The limiter must outlive
  // the slot.
  absl::StatusOr<Slot> Acquire(absl::Time deadline);

  // The number of slots held now.
  int in_flight() const;

 private:
  bool HasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return max_ == 0 || in_flight_ < max_;
  }
  void Release();

  const int max_;
  mutable absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace dyadscope::gateway

#endif  // DYADSCOPE_SERVICES_GATEWAY_AGGREGATION_FAN_OUT_H_
