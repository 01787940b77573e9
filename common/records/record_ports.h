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
//   - RecordWriter<Record, Upsert>: a kind's writer (upsert, version reads);
//   - RecordRepository<Writer, Record, Query>: a kind's whole port (writes,
//     paged and streamed reads, data version, count);
//   - Versioned<T>: a value and the data version of the snapshot it was
//     read from (one read transaction);
//   - Page<T>: one page of a List, its next page token and data version.
//
// No storage or transport dependency: domain code includes this.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_PORTS_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_PORTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/types/types.h"

namespace dyadscope::records {

// A value and the data version of the read transaction it came from.
template <typename T>
struct Versioned {
  T value;
  std::string data_version;
};

// What every analytic answer carries besides its figures: the sources
// behind it (each with the number of records it gave) and the data version
// of the read transaction they came from.
struct SourcedAnswer {
  std::vector<std::pair<SourceRef, int64_t>> sources;
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

// The writer of one record kind: RecordWriterBase plus the kind's upsert
// (idempotent on its natural key: a new record, a new version when the
// content differs, nothing when identical) and its version reads. `UpsertT`
// is the aggregate {Record record; WriteOutcome outcome;} of one upsert.
template <typename RecordT, typename UpsertT>
class RecordWriter : public RecordWriterBase {
 public:
  using Record = RecordT;
  using UpsertResult = UpsertT;

  // Stores `record` (see above) for request `request_id`.
  virtual absl::StatusOr<UpsertT> Upsert(const RecordT& record,
                                         absl::string_view request_id) = 0;

  // Returns version `version` of record `id` as this transaction sees it;
  // NOT_FOUND (with the kind's reason) when there is none.
  virtual absl::StatusOr<RecordT> GetVersion(int64_t id, int64_t version) = 0;
};

// The store port of one record kind: transactions of `WriterT`, and reads
// that return the data version of the same read transaction as their data.
// Thread-safe.
template <typename WriterT, typename RecordT, typename QueryT>
class RecordRepository : public TransactionalStore<WriterT> {
 public:
  using Writer = WriterT;
  using Record = RecordT;
  using Query = QueryT;

  // Returns version `version` of record `id`.
  virtual absl::StatusOr<RecordT> GetVersion(int64_t id, int64_t version) = 0;

  // Returns up to `limit` matching records with id > `after_id`, in id
  // order, and the data version of the same read.
  virtual absl::StatusOr<Versioned<std::vector<RecordT>>> List(
      const QueryT& query, const ReadOptions& options, int64_t after_id,
      int limit) = 0;

  // Calls `on_record` for every matching record, in the kind's scan order,
  // and returns the data version of the same read.
  virtual absl::StatusOr<std::string> Scan(
      const QueryT& query, const ReadOptions& options,
      absl::FunctionRef<void(const RecordT&)> on_record) = 0;

  // Returns the data version: changes with every committed write.
  virtual absl::StatusOr<std::string> DataVersion() = 0;

  // Returns the fingerprint of `query` read with `options` (as-of time
  // aside: page tokens pin it themselves), equal for two queries exactly
  // when they select the same way. Page tokens carry it, so that a token is
  // refused for another query.
  virtual std::string QueryFingerprint(const QueryT& query,
                                       const ReadOptions& options) const = 0;

  // Returns the number of current, live records.
  virtual absl::StatusOr<int64_t> Count() = 0;
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_PORTS_H_
