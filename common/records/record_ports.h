// File: common/records/record_ports.h
// -----------------------------------------------------------------------------
// The parts of a record store's port (the interface a service's domain
// owns, e.g. services/security_risk/domain/incident_store.h) that every
// record kind shares, and the named results of its reads:
//
//   - RecordWriterBase: what a writer offers inside its transaction besides
//     the kind's own writes: the request log behind idempotent requests and
//     the data version as of the transaction's writes so far;
//   - TransactionalStore<Writer>: Write (committed) / DryRun (rolled back);
//   - Versioned<T>: a value and the data version of the snapshot it was
//     read from (one read transaction);
//   - Page<T>: one page of a List, its next page token and data version.
//
// No storage or transport dependency: domain code includes this.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_PORTS_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_PORTS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dyadscope::records {

// A value and the data version of the read transaction it came from.
template <typename T>
struct Versioned {
  T value;
  std::string data_version;
};

// One page of a paged List: the items, the token of the next page ("" at
// the end) and the data version of the snapshot they were read from.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
  std::string data_version;
};

// Writes inside one transaction; each kind's writer adds its own writes.
// Not thread-safe; valid only during the transaction's callback.
class RecordWriterBase {
 public:
  virtual ~RecordWriterBase() = default;

  // Returns the stored answer of an earlier request with `request_id` and
  // `method`, or nullopt. ALREADY_EXISTS (reason REQUEST_ID_REUSED) when the
  // id was used with another fingerprint.
  virtual absl::StatusOr<std::optional<std::string>> FindRequest(
      absl::string_view request_id, absl::string_view method,
      absl::string_view fingerprint) = 0;

  // Records the answer of request `request_id` of `method`.
  virtual absl::Status RecordRequest(absl::string_view request_id,
                                     absl::string_view method,
                                     absl::string_view fingerprint,
                                     absl::string_view answer) = 0;

  // Returns the data version as this transaction sees it: the committed
  // writes before it plus its own writes so far.
  virtual absl::StatusOr<std::string> DataVersion() = 0;
};

// A store whose writes run in transactions of a `Writer`.
template <typename Writer>
class TransactionalStore {
 public:
  virtual ~TransactionalStore() = default;

  // Runs `body` in one transaction: committed when it returns OK, nothing
  // written when it fails.
  absl::Status Write(absl::FunctionRef<absl::Status(Writer&)> body) {
    return RunTransaction(body, /*commit=*/true);
  }

  // Like Write, but always rolled back: what `body` saw is what a real write
  // would have done (dry runs). OK when `body` succeeded.
  absl::Status DryRun(absl::FunctionRef<absl::Status(Writer&)> body) {
    return RunTransaction(body, /*commit=*/false);
  }

  // Runs `body` in one transaction, committed when it returns OK and
  // `commit` is true, rolled back otherwise.
  virtual absl::Status RunTransaction(
      absl::FunctionRef<absl::Status(Writer&)> body, bool commit) = 0;
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_PORTS_H_
