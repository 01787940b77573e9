// File: common/records/sql_record_writer.h
// -----------------------------------------------------------------------------
// SqlRecordWriter<Port>: the SQL side of RecordWriterBase (the request log
// over the `requests` table and the data version over `changes`) for any
// kind's writer port `Port` (which derives from RecordWriterBase), so that a
// kind's SQL writer only adds its own writes.

#ifndef DYADSCOPE_COMMON_RECORDS_SQL_RECORD_WRITER_H_
#define DYADSCOPE_COMMON_RECORDS_SQL_RECORD_WRITER_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/records/sql_record_table.h"
#include "common/storage/database.h"
#include "common/storage/sql_helpers.h"

namespace dyadscope::records {

// Implements RecordWriterBase over `session` for a writer port `Port`.
// `session` and `table` must outlive the writer.
template <typename Port>
class SqlRecordWriter : public Port {
 public:
  SqlRecordWriter(storage::SqlSession& session, const SqlRecordTable& table)
      : session_(session), table_(table) {}

  absl::StatusOr<std::optional<std::string>> FindRequest(
      absl::string_view request_id, absl::string_view method,
      absl::string_view fingerprint) override {
    return storage::FindRequestAnswer(session_, request_id, method,
                                      fingerprint);
  }

  absl::Status RecordRequest(absl::string_view request_id,
                             absl::string_view method,
                             absl::string_view fingerprint,
                             absl::string_view answer) override {
    return storage::RecordRequestAnswer(session_, request_id, method,
                                        fingerprint, answer);
  }

  absl::StatusOr<std::string> DataVersion() override {
    return table_.DataVersion(session_);
  }

 protected:
  storage::SqlSession& session() { return session_; }
  const SqlRecordTable& table() const { return table_; }

 private:
  storage::SqlSession& session_;
  const SqlRecordTable& table_;
};

}  // namespace dyadscope::records

#endif  // DYADSCOPE_COMMON_RECORDS_SQL_RECORD_WRITER_H_
