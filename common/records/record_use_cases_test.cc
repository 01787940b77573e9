// Unit tests of the record core's use cases over fakes (no database, no
// server): the import loop's batches, atomic rollback, dry runs, resume
// markers and rejections; CreateBatch's replay and data versions; ListPage's
// tokens.

#include "common/records/record_use_cases.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/csv/upload.h"
#include "common/records/record_import.h"
#include "common/records/record_ports.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::records {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::SizeIs;

struct Note {
  int64_t id = 0;
  VersionInfo version;
  std::string text;
};

struct NoteUpsert {
  Note note;
  WriteOutcome outcome = WriteOutcome::kCreated;
};

// The committed state of the fake store.
struct State {
  std::map<std::string, Note> notes;  // by text
  std::map<std::string, std::string> requests;
  int64_t sequence = 0;
};

class NoteWriter : public RecordWriterBase {
 public:
  explicit NoteWriter(State& state) : state_(state) {}

  absl::StatusOr<NoteUpsert> Upsert(const Note& note, absl::string_view) {
    if (note.text == "fail") return absl::UnavailableError("disk full");
    auto it = state_.notes.find(note.text);
    if (it != state_.notes.end())
      return NoteUpsert{it->second, WriteOutcome::kUnchanged};
    Note stored = note;
    stored.id = static_cast<int64_t>(state_.notes.size()) + 1;
    stored.version.version = 1;
    state_.notes[note.text] = stored;
    ++state_.sequence;
    return NoteUpsert{stored, WriteOutcome::kCreated};
  }
  absl::StatusOr<Note> GetVersion(int64_t id, int64_t) {
    for (const auto& [text, note] : state_.notes) {
      if (note.id == id) return note;
    }
    return absl::NotFoundError("no such note");
  }
  absl::StatusOr<std::optional<std::string>> FindRequest(
      absl::string_view request_id, absl::string_view method,
      absl::string_view fingerprint) override {
    auto it = state_.requests.find(absl::StrCat(request_id, "/", method));
    if (it == state_.requests.end()) return std::nullopt;
    if (!fingerprint.empty() &&
        it->second.rfind(std::string(fingerprint), 0) != 0) {
      return absl::AlreadyExistsError("request id reused");
    }
    return it->second.substr(fingerprint.size());
  }
  absl::Status RecordRequest(absl::string_view request_id,
                             absl::string_view method,
                             absl::string_view fingerprint,
                             absl::string_view answer) override {
    state_.requests[absl::StrCat(request_id, "/", method)] =
        absl::StrCat(fingerprint, answer);
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> DataVersion() override {
    return absl::StrCat("notes-", state_.sequence);
  }

 private:
  State& state_;
};

// Transactions work on a copy that replaces the state on commit.
class NoteStore : public TransactionalStore<NoteWriter> {
 public:
  absl::Status RunTransaction(absl::FunctionRef<absl::Status(NoteWriter&)> body,
                              bool commit) override {
    ++transactions;
    State copy = state;
    NoteWriter writer(copy);
    absl::Status status = body(writer);
    if (status.ok() && commit) state = std::move(copy);
    return status;
  }

  State state;
  int transactions = 0;
};

using NoteKind = WriteKind<NoteWriter, NoteUpsert, Note, &NoteWriter::Upsert,
                           &NoteUpsert::note, &NoteWriter::GetVersion>;

// One parsed row: a note, a rejection or a filtered-out row.
struct NoteRow {
  int64_t line = 0;
  std::optional<Note> note;
  std::optional<RowRejection> rejected;
  bool skip = false;
  const RowRejection* rejection() const {
    return rejected.has_value() ? &*rejected : nullptr;
  }
  const bool* filtered() const { return skip ? &skip : nullptr; }
};

// A file with the header "text"; a row "bad" is rejected, "skip" filtered.
class NoteParser {
 public:
  bool header_found() const { return header_found_; }
  absl::Status Header(const csv::CsvRecord& record) {
    if (record.kind == csv::CsvRecord::Kind::kBlank) return absl::OkStatus();
    if (record.fields.empty() || record.fields[0] != "text") {
      return absl::InvalidArgumentError("no header");
    }
    header_found_ = true;
    return absl::OkStatus();
  }
  std::vector<NoteRow> Row(const csv::CsvRecord& record) {
    NoteRow row;
    row.line = record.line;
    const std::string text(record.fields[0]);
    if (text == "bad") {
      row.rejected = RowRejection{"text", "BAD", "is bad", text};
    } else if (text == "skip") {
      row.skip = true;
    } else {
      row.note = Note{0, VersionInfo(), text};
    }
    return {row};
  }
  absl::Status Finish() { return absl::OkStatus(); }

 private:
  bool header_found_ = false;
};

class StringSource : public ChunkSource {
 public:
  explicit StringSource(std::string text) : text_(std::move(text)) {}
  absl::StatusOr<bool> Next(std::string* chunk) override {
    if (done_) return false;
    done_ = true;
    *chunk = text_;
    return true;
  }

 private:
  std::string text_;
  bool done_ = false;
};

class RecordUseCasesTest : public ::testing::Test {
 protected:
  absl::StatusOr<ImportCounts> Import(const std::string& file, ImportRun run) {
    StringSource source(file);
    NoteParser parser;
    return RunImport<ImportCounts, NoteWriter, NoteParser, NoteRow>(
        store_, run, source, parser,
        [](NoteRow& row, ImportCounts&) { return row.note.has_value(); },
        [&](NoteWriter& writer, const NoteRow& row,
            ImportCounts& result) -> absl::Status {
          DYADSCOPE_ASSIGN_OR_RETURN(NoteUpsert upsert,
                                     writer.Upsert(*row.note, run.request_id));
          result.Count(upsert.outcome);
          return absl::OkStatus();
        });
  }

  NoteStore store_;
};

TEST_F(RecordUseCasesTest, ImportWritesInBatchesAndCountsEveryRow) {
  ImportRun run;
  run.method = "ImportNotes";
  run.batch_rows = 2;
  auto result = Import("text\na\nb\nskip\nbad\nc\n\na\n", run);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->rows_read, 6);
  EXPECT_EQ(result->created, 3);
  EXPECT_EQ(result->duplicates, 1);
  EXPECT_EQ(result->filtered_out, 1);
  EXPECT_EQ(result->rejected, 1);
  ASSERT_THAT(result->rejections, SizeIs(1));
  EXPECT_EQ(result->rejections[0].line, 5);
  EXPECT_TRUE(result->committed);
  EXPECT_EQ(result->data_version, "notes-3");
  EXPECT_EQ(store_.transactions, 2);  // [a b] [c a]
  EXPECT_THAT(store_.state.notes, SizeIs(3));
}

TEST_F(RecordUseCasesTest, AtomicImportWithARejectionWritesNothing) {
  ImportRun run;
  run.method = "ImportNotes";
  run.atomic = true;
  run.max_rejections = 1;
  auto result = Import("text\na\nbad\nb\nbad\n", run);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->committed);
  EXPECT_EQ(result->created, 0);
  EXPECT_EQ(result->rejected, 2);
  EXPECT_THAT(result->rejections, SizeIs(1));  // capped
  EXPECT_EQ(result->data_version, "notes-0");
  EXPECT_THAT(store_.state.notes, SizeIs(0));
}

TEST_F(RecordUseCasesTest, DryRunReportsWithoutWriting) {
  ImportRun run;
  run.method = "ImportNotes";
  run.dry_run = true;
  auto result = Import("text\na\nb\n", run);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->created, 2);
  EXPECT_FALSE(result->committed);
  EXPECT_EQ(result->data_version, "notes-0");
  EXPECT_THAT(store_.state.notes, SizeIs(0));
}

TEST_F(RecordUseCasesTest, ImportResentAfterAFailureIsResumed) {
  ImportRun run;
  run.method = "ImportNotes";
  run.request_id = "r1";
  run.batch_rows = 1;
  EXPECT_THAT(Import("text\na\nfail\n", run),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(store_.state.notes, SizeIs(1));  // the first batch stays
  auto again = Import("text\na\nb\n", run);
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->resumed);
  EXPECT_EQ(again->duplicates, 1);
  EXPECT_EQ(again->created, 1);
  auto third = Import("text\na\nb\n", run);
  ASSERT_THAT(third, IsOk());
  EXPECT_FALSE(third->resumed);  // the earlier one completed
}

TEST_F(RecordUseCasesTest, ImportWithoutAHeaderFails) {
  ImportRun run;
  EXPECT_THAT(Import("nope\na\n", run),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RecordUseCasesTest, CreateBatchReplaysTheStoredAnswer) {
  BatchWrite write{"CreateNotes", "req", "fp", false};
  auto first = CreateBatch<NoteKind>(store_, {Note{0, {}, "a"}}, write);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->data_version, "notes-1");
  ASSERT_THAT(first->results, SizeIs(1));
  auto again = CreateBatch<NoteKind>(store_, {Note{0, {}, "a"}}, write);
  ASSERT_THAT(again, IsOk());
  ASSERT_THAT(again->results, SizeIs(1));
  EXPECT_EQ(again->results[0].outcome, WriteOutcome::kCreated);  // replayed
  EXPECT_EQ(again->results[0].note.id, first->results[0].note.id);
  write.fingerprint = "other";
  EXPECT_THAT(CreateBatch<NoteKind>(store_, {Note{0, {}, "a"}}, write),
              StatusIs(absl::StatusCode::kAlreadyExists));
  BatchWrite dry{"CreateNotes", "", "", true};
  auto validated = CreateBatch<NoteKind>(store_, {Note{0, {}, "b"}}, dry);
  ASSERT_THAT(validated, IsOk());
  EXPECT_EQ(validated->results[0].outcome, WriteOutcome::kCreated);
  EXPECT_EQ(validated->data_version, "notes-1");  // nothing committed
  EXPECT_THAT(store_.state.notes, SizeIs(1));
}

TEST_F(RecordUseCasesTest, ValidateBatchReportsEachProblemOnce) {
  std::vector<Note> notes = {Note{0, {}, ""}, Note{0, {}, "ok"}};
  FieldViolations conversion;
  conversion.Add("notes[0].text", "was not text");
  absl::Status status = ValidateBatch<Note>(
      notes, "notes", 1, std::string(129, 'x'), conversion,
      [](Note& note, absl::string_view field, FieldViolations& violations) {
        if (note.text.empty()) {
          violations.Add(absl::StrCat(field, ".text"), "is required");
        }
      });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<FieldViolation> found = GetFieldViolations(status);
  ASSERT_THAT(found, SizeIs(3));
  EXPECT_EQ(found[0].field, "notes[0].text");
  EXPECT_EQ(found[0].description, "was not text");
  EXPECT_EQ(found[1].field, "notes");
  EXPECT_EQ(found[1].description, "must hold 1 to 1 notes");
  EXPECT_EQ(found[2].field, "request_id");
}

TEST_F(RecordUseCasesTest, ListPagePinsTheFirstPagesTime) {
  std::vector<Note> all;
  for (int i = 1; i <= 5; ++i) all.push_back(Note{i, {}, absl::StrCat(i)});
  std::vector<ReadOptions> reads;
  auto list = [&](const ReadOptions& read, int64_t after_id,
                  int limit) -> absl::StatusOr<Versioned<std::vector<Note>>> {
    reads.push_back(read);
    Versioned<std::vector<Note>> out{{}, "notes-5"};
    for (const Note& note : all) {
      if (note.id > after_id && static_cast<int>(out.value.size()) < limit) {
        out.value.push_back(note);
      }
    }
    return out;
  };
  const absl::Time now = absl::FromUnixSeconds(1000);
  auto first = ListPage<Note>(
      MakePageRequest(2, "", ReadOptions(), "q", 100, 1000, now), list);
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(first->items, SizeIs(2));
  EXPECT_EQ(first->data_version, "notes-5");
  ASSERT_FALSE(first->next_page_token.empty());
  auto second =
      ListPage<Note>(MakePageRequest(2, first->next_page_token, ReadOptions(),
                                     "q", 100, 1000, now + absl::Hours(1)),
                     list);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->items[0].id, 3);
  ASSERT_THAT(reads, SizeIs(2));
  EXPECT_EQ(*reads[1].as_of, now);  // the first page's time
  EXPECT_THAT(
      ListPage<Note>(MakePageRequest(2, first->next_page_token, ReadOptions(),
                                     "other query", 100, 1000, now),
                     list),
      StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ListPage<Note>(
          MakePageRequest(-1, "", ReadOptions(), "q", 100, 1000, now), list),
      StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace dyadscope::records
