#include "services/gateway/aggregation/fan_out.h"

#include <algorithm>

#include "absl/synchronization/blocking_counter.h"

namespace dyadscope::gateway {

std::vector<CallRecord> RunFanOut(const std::vector<FanOutCall>& table,
                                  absl::Time deadline,
                                  const IncomingCall* incoming) {
  std::vector<CallRecord> records(table.size());
  std::vector<CallOptions> options(table.size());
  // Every deadline is fixed before any call starts.
  const absl::Time now = absl::Now();
  for (size_t i = 0; i < table.size(); ++i) {
    records[i].backend = table[i].backend;
    records[i].method = table[i].method;
    records[i].label = table[i].label;
    options[i].deadline = std::min(deadline, now + table[i].timeout);
    options[i].incoming = incoming;
  }
  // Each callback writes only its own slot and record before counting
  // down; Wait() orders those writes before the reads of the caller.
  absl::BlockingCounter pending(static_cast<int>(table.size()));
  for (size_t i = 0; i < table.size(); ++i) {
    CallRecord* record = &records[i];
    const absl::Time start = absl::Now();
    table[i].start(options[i], [record, start, &pending](absl::Status status,
                                                         std::string version,
                                                         absl::Time end) {
      record->latency = end - start;
      record->status = std::move(status);
      record->data_version = std::move(version);
      pending.DecrementCount();
    });
  }
  if (!table.empty()) pending.Wait();
  return records;
}

FanOutLimiter::Slot::~Slot() {
  if (limiter_ != nullptr) limiter_->Release();
}

absl::StatusOr<FanOutLimiter::Slot> FanOutLimiter::Acquire(
    absl::Time deadline) {
  const bool free = mu_.LockWhenWithDeadline(
      absl::Condition(this, &FanOutLimiter::HasRoom), deadline);
  if (free) ++in_flight_;
  mu_.Unlock();
  if (!free) {
    return absl::DeadlineExceededError(
        absl::StrCat("the request's deadline passed waiting for one of the ",
                     max_, " concurrent fan-outs to finish"));
  }
  return Slot(this);
}

int FanOutLimiter::in_flight() const {
  absl::MutexLock lock(&mu_);
  return in_flight_;
}

void FanOutLimiter::Release() {
  absl::MutexLock lock(&mu_);
  --in_flight_;
}

}  // namespace dyadscope::gateway
