// File: common/records/record_use_cases.h
// -----------------------------------------------------------------------------
// The use cases every record kind shares, written once over the ports of
// record_ports.h:
//
//   - ValidateBatch: the checks of a batch write (size, request id) plus a
//     kind's own per-record checks, as one INVALID_ARGUMENT;
//   - CreateBatch: a batch write with request-id replay (the stored answer
//     of an earlier identical request is returned again, read back in the
//     same transaction) and the data version of that transaction;
//   - ListPage: a paged List whose page tokens pin the first page's as-of
//     time, so that later pages see the same snapshot of the data.
//
// A kind plugs in through a small adapter (see CreateBatch) naming its
// writer and how it writes one record.

#ifndef DYADSCOPE_COMMON_RECORDS_RECORD_USE_CASES_H_
#define DYADSCOPE_COMMON_RECORDS_RECORD_USE_CASES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/records/record_ports.h"
#include "common/status/error_details.h"
#include "common/status/status_macros.h"
#include "common/types/types.h"
#include "common/util/page_token.h"
#include "common/util/request_log.h"

namespace dyadscope::records {

// Returns whether `name` can name a source system: 1 to 64 characters of
// UPPER_SNAKE_CASE (A-Z, 0-9, _), e.g. "ACLED" or "IMF_DOTS".
inline bool IsSourceSystemName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

// Checks the source system of a record a client writes: empty becomes "API"
// (written through the API); otherwise it must be a source system name
// (IsSourceSystemName), and the problem, under `field`, cites `example`
// (e.g. "ACLED").
inline void CheckClientSourceSystem(std::string& source_system,
                                    absl::string_view field,
                                    absl::string_view example,
                                    FieldViolations& violations) {
  if (source_system.empty()) {
    source_system = "API";
  } else if (!IsSourceSystemName(source_system)) {
    violations.Add(field, absl::StrCat("must be UPPER_SNAKE_CASE, e.g. \"",
                                       example, "\""));
  }
}

// Records why `date` is no valid calendar date under `field`, if it is not.
inline void CheckDate(const Date& date, absl::string_view field,
                      FieldViolations& violations) {
  if (absl::Status status = ValidateDate(date); !status.ok()) {
    violations.Add(field, status.message());
  }
}

// Returns the current calendar year (UTC) by `clock`.
inline int PresentYear(const std::function<absl::Time()>& clock) {
  return static_cast<int>(
      absl::ToCivilYear(clock(), absl::UTCTimeZone()).year());
}

// Records the problems of a record's sources under `field` (e.g.
// "incidents[0].sources"): none at all, or one with neither a citation nor
// a url (under "<field>[i]").
inline void CheckSources(const std::vector<SourceRef>& sources,
                         absl::string_view field, FieldViolations& violations) {
  if (sources.empty()) violations.Add(field, "needs at least one source");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (sources[i].citation.empty() && sources[i].url.empty()) {
      violations.Add(absl::StrCat(field, "[", i, "]"),
                     "needs a citation or a url");
    }
  }
}

// Returns OK, or INVALID_ARGUMENT listing `conversion` (problems found when
// converting the request) and every problem of the batch: not 1 to
// `max_batch` records (under `field`), a request id over 128 characters,
// and what `prepare` finds in each record (under "<field>[i]"; a field that
// `conversion` already reported is not reported again). `prepare` may
// normalize the records (defaults).
template <typename Record>
absl::Status ValidateBatch(
    std::vector<Record>& records, absl::string_view field, int max_batch,
    absl::string_view request_id, const FieldViolations& conversion,
    absl::FunctionRef<void(Record&, absl::string_view, FieldViolations&)>
        prepare) {
  FieldViolations violations = conversion;
  std::set<std::string> reported;
  for (const FieldViolation& v : conversion.violations()) {
    reported.insert(v.field);
  }
  if (records.empty() || static_cast<int>(records.size()) > max_batch) {
    violations.Add(field,
                   absl::StrCat("must hold 1 to ", max_batch, " ", field));
  }
  if (request_id.size() > 128) {
    violations.Add("request_id", "is longer than 128 characters");
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    FieldViolations found;
    prepare(records[i], absl::StrCat(field, "[", i, "]"), found);
    for (const FieldViolation& v : found.violations()) {
      if (reported.count(v.field) == 0) violations.Add(v.field, v.description);
    }
  }
  return violations.ToStatus();
}

// What a batch write is: its request-log method (e.g. "CreateIncidents"),
// client request id ("" when not idempotent), the fingerprint of the
// request without its id, and whether it only validates (a dry run).
struct BatchWrite {
  std::string method;
  std::string request_id;
  std::string fingerprint;
  bool validate_only = false;
};

// What a batch write stored (or, replayed, had stored), and the data
// version of the transaction that did it.
template <typename Upsert>
struct BatchResult {
  std::vector<Upsert> results;
  std::string data_version;
};

// The CreateBatch adapter of a kind whose writer has `put` (upsert one
// record) and `get` (one version of a record), and whose upsert result is
// an aggregate {Record `record_member`; WriteOutcome outcome;}:
//   using IncidentKind = records::WriteKind<
//       IncidentWriter, IncidentUpsert, Incident, &IncidentWriter::Upsert,
//       &IncidentUpsert::incident, &IncidentWriter::GetVersion>;
template <typename WriterT, typename UpsertT, typename RecordT,
          absl::StatusOr<UpsertT> (WriterT::*put)(const RecordT&,
                                                  absl::string_view),
          RecordT UpsertT::*record_member,
          absl::StatusOr<RecordT> (WriterT::*get)(int64_t, int64_t)>
struct WriteKind {
  using Record = RecordT;
  using Writer = WriterT;
  using Upsert = UpsertT;
  static absl::StatusOr<Upsert> Put(Writer& writer, const Record& record,
                                    absl::string_view request_id) {
    return (writer.*put)(record, request_id);
  }
  static WriteAnswer AnswerOf(const Upsert& upsert) {
    const Record& record = upsert.*record_member;
    return WriteAnswer{record.id, record.version.version,
                       static_cast<int>(upsert.outcome)};
  }
  static absl::StatusOr<Upsert> Replay(Writer& writer,
                                       const WriteAnswer& answer) {
    DYADSCOPE_ASSIGN_OR_RETURN(Record record,
                               (writer.*get)(answer.id, answer.version));
    return Upsert{std::move(record), static_cast<WriteOutcome>(answer.outcome)};
  }
};

// Writes `records` in one transaction of `store` and returns what each
// write did. With a request id (and not validate_only), an earlier request
// with the same id and fingerprint is answered again from the request log,
// ALREADY_EXISTS when the fingerprint differs. The data version is read in
// the same transaction (for a dry run, before its writes: nothing is
// committed).
//
// `Kind` names the writer and how one record is written and replayed
// (usually a WriteKind above): types Record, Writer, Upsert and static
// Put(writer, record, request_id), AnswerOf(upsert), Replay(writer, answer).
template <typename Kind>
absl::StatusOr<BatchResult<typename Kind::Upsert>> CreateBatch(
    TransactionalStore<typename Kind::Writer>& store,
    const std::vector<typename Kind::Record>& records,
    const BatchWrite& write) {
  using Writer = typename Kind::Writer;
  const bool logged = !write.request_id.empty() && !write.validate_only;
  BatchResult<typename Kind::Upsert> result;
  auto body = [&](Writer& writer) -> absl::Status {
    if (write.validate_only) {
      DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, writer.DataVersion());
    }
    std::optional<std::string> replay;
    if (logged) {
      DYADSCOPE_ASSIGN_OR_RETURN(
          replay, writer.FindRequest(write.request_id, write.method,
                                     write.fingerprint));
    }
    if (replay.has_value()) {
      DYADSCOPE_ASSIGN_OR_RETURN(std::vector<WriteAnswer> answers,
                                 DecodeWriteAnswers(*replay));
      for (const WriteAnswer& answer : answers) {
        DYADSCOPE_ASSIGN_OR_RETURN(typename Kind::Upsert upsert,
                                   Kind::Replay(writer, answer));
        result.results.push_back(std::move(upsert));
      }
    } else {
      std::vector<WriteAnswer> answers;
      for (const typename Kind::Record& record : records) {
        DYADSCOPE_ASSIGN_OR_RETURN(typename Kind::Upsert upsert,
                                   Kind::Put(writer, record, write.request_id));
        answers.push_back(Kind::AnswerOf(upsert));
        result.results.push_back(std::move(upsert));
      }
      if (logged) {
        DYADSCOPE_RETURN_IF_ERROR(writer.RecordRequest(
            write.request_id, write.method, write.fingerprint,
            EncodeWriteAnswers(answers)));
      }
    }
    if (!write.validate_only) {
      DYADSCOPE_ASSIGN_OR_RETURN(result.data_version, writer.DataVersion());
    }
    return absl::OkStatus();
  };
  DYADSCOPE_RETURN_IF_ERROR(write.validate_only ? store.DryRun(body)
                                                : store.Write(body));
  return result;
}

// What page of a List to read: the client's page size and token, its read
// options, the fingerprint of its query (a token only fits its query), the
// page-size bounds and the time a first page pins when no as-of is given.
struct PageRequest {
  int page_size = 0;
  std::string page_token;
  ReadOptions read;
  std::string fingerprint;
  int default_page_size = 100;
  int max_page_size = 1000;
  absl::Time now;
};

// Returns the PageRequest of a List call (see PageRequest).
inline PageRequest MakePageRequest(int page_size, std::string page_token,
                                   const ReadOptions& read,
                                   std::string fingerprint,
                                   int default_page_size, int max_page_size,
                                   absl::Time now) {
  PageRequest request;
  request.page_size = page_size;
  request.page_token = std::move(page_token);
  request.read = read;
  request.fingerprint = std::move(fingerprint);
  request.default_page_size = default_page_size;
  request.max_page_size = max_page_size;
  request.now = now;
  return request;
}

// Returns one page of `Record`s (which have an int64 `id`) read by `list`
// (up to `limit` records with id > `after_id` as of `read`, in id order,
// with the data version of that read). The first page pins its as-of time
// into the next page token; INVALID_ARGUMENT for a bad page size or a token
// of another query.
template <typename Record>
absl::StatusOr<Page<Record>> ListPage(
    const PageRequest& request,
    absl::FunctionRef<absl::StatusOr<Versioned<std::vector<Record>>>(
        const ReadOptions& read, int64_t after_id, int limit)>
        list) {
  DYADSCOPE_ASSIGN_OR_RETURN(
      int limit, ClampPageSize(request.page_size, request.default_page_size,
                               request.max_page_size));
  ReadOptions read = request.read;
  int64_t after_id = 0;
  if (!request.page_token.empty()) {
    DYADSCOPE_ASSIGN_OR_RETURN(
        std::vector<int64_t> values,
        DecodePageToken(request.page_token, request.fingerprint, 2));
    read.as_of = absl::FromUnixMicros(values[0]);
    after_id = values[1];
  } else if (!read.as_of.has_value()) {
    read.as_of = request.now;
  }
  DYADSCOPE_ASSIGN_OR_RETURN(Versioned<std::vector<Record>> read_page,
                             list(read, after_id, limit + 1));
  Page<Record> page;
  page.items = std::move(read_page.value);
  page.data_version = std::move(read_page.data_version);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_page_token = EncodePageToken(
        request.fingerprint,
        {absl::ToUnixMicros(*read.as_of), page.items.back().id});
  }
  return page;
}

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_RECORD_USE_CASES_H_
