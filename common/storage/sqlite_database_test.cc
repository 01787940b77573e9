#include "common/storage/sqlite_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/storage/database_factory.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::storage {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::StatusIs;
using ::testing::HasSubstr;

// A fresh SQLite file under the test temp directory, removed afterwards.
class TempDbPath {
 public:
  TempDbPath() {
    const char* tmp = std::getenv("TEST_TMPDIR");
    path_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/dyadscope-db-",
                         getpid(), "-", counter_++, ".sqlite");
    Remove();
  }
  ~TempDbPath() { Remove(); }
  const std::string& path() const { return path_; }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::remove(absl::StrCat(path_, suffix).c_str());
    }
  }
  static inline int counter_ = 0;
  std::string path_;
};

int64_t CountRows(Database& db) {
  int64_t count = -1;
  EXPECT_THAT(db.Read([&count](SqlSession& s) {
    absl::StatusOr<std::vector<Row>> rows = s.Query("SELECT COUNT(*) FROM t");
    if (!rows.ok()) return rows.status();
    count = (*rows)[0].Int(0);
    return absl::OkStatus();
  }),
              IsOk());
  return count;
}

TEST(SqliteDatabaseTest, BindsAndReadsEveryValueType) {
  auto db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT(
      (*db)->ExecuteScript(
          "CREATE TABLE t (i INTEGER, d REAL, s TEXT, n TEXT, b NUMERIC)"),
      IsOk());
  ASSERT_THAT((*db)->Transact([](SqlSession& s) {
    return s
        .Execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                 {SqlValue(int64_t{-7}), SqlValue(2.5),
                  SqlValue(std::string("Gw\xc4\x81"
                                       "dar\0x",
                                       9)),
                  SqlValue(std::monostate()),
                  SqlValue(Blob{std::string("12\0"
                                            "3",
                                            4)})})
        .status();
  }),
              IsOk());
  ASSERT_THAT((*db)->Read([](SqlSession& s) {
    absl::StatusOr<std::vector<Row>> rows =
        s.Query("SELECT i, d, s, n, b FROM t");
    if (!rows.ok()) return rows.status();
    EXPECT_EQ(rows->size(), 1u);
    const Row& row = (*rows)[0];
    EXPECT_EQ(row.Int(0), -7);
    EXPECT_DOUBLE_EQ(row.Double(1), 2.5);
    EXPECT_EQ(row.Text(2), std::string("Gw\xc4\x81"
                                       "dar\0x",
                                       9));
    EXPECT_TRUE(row.IsNull(3));
    EXPECT_EQ(row.OptionalText(3), std::nullopt);
    EXPECT_EQ(row.OptionalInt(0), std::optional<int64_t>(-7));
    // A blob that looks numeric is not converted by column affinity.
    EXPECT_EQ(std::get<Blob>(row.value(4)), (Blob{std::string("12\0"
                                                              "3",
                                                              4)}));
    return absl::OkStatus();
  }),
              IsOk());
}

TEST(SqliteDatabaseTest, FailedTransactionWritesNothing) {
  auto db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT((*db)->ExecuteScript("CREATE TABLE t (k TEXT PRIMARY KEY)"),
              IsOk());
  absl::Status status = (*db)->Transact([](SqlSession& s) -> absl::Status {
    for (const char* key : {"a", "b", "a"}) {
      absl::StatusOr<int64_t> done =
          s.Execute("INSERT INTO t VALUES (?)", {SqlValue(std::string(key))});
      if (!done.ok()) return done.status();
    }
    return absl::OkStatus();
  });
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("UNIQUE")));
  EXPECT_EQ(CountRows(**db), 0);

  // A body error also rolls back.
  status = (*db)->Transact([](SqlSession& s) -> absl::Status {
    (void)s.Execute("INSERT INTO t VALUES ('x')");
    return absl::InvalidArgumentError("rejected");
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows(**db), 0);
}

TEST(SqliteDatabaseTest, BadSqlAndParameterCountAreErrors) {
  auto db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT(
      (*db)->Read([](SqlSession& s) { return s.Query("SELEC 1").status(); }),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("prepare")));
  EXPECT_THAT((*db)->Read([](SqlSession& s) {
    return s.Query("SELECT ?", {}).status();
  }),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("parameters")));
}

TEST(SqliteDatabaseTest, FileDatabaseIsDurableAndUsesWal) {
  TempDbPath path;
  {
    auto db = SqliteDatabase::Open(path.path());
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT((*db)->ExecuteScript("CREATE TABLE t (v INTEGER)"), IsOk());
    ASSERT_THAT((*db)->Transact([](SqlSession& s) {
      return s.Execute("INSERT INTO t VALUES (1)").status();
    }),
                IsOk());
    ASSERT_THAT((*db)->Read([](SqlSession& s) {
      auto rows = s.Query("PRAGMA journal_mode");
      if (!rows.ok()) return rows.status();
      EXPECT_EQ((*rows)[0].Text(0), "wal");
      rows = s.Query("PRAGMA synchronous");
      if (!rows.ok()) return rows.status();
      EXPECT_EQ((*rows)[0].Int(0), 2);  // FULL
      return absl::OkStatus();
    }),
                IsOk());
    EXPECT_THAT((*db)->CheckIntegrity(), IsOk());
  }
  auto reopened = SqliteDatabase::Open(path.path());
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ(CountRows(**reopened), 1);
}

TEST(SqliteDatabaseTest, ConcurrentWritersLoseNothing) {
  TempDbPath path;
  auto db = SqliteDatabase::Open(path.path());
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT((*db)->ExecuteScript("CREATE TABLE t (v INTEGER)"), IsOk());
  constexpr int kThreads = 6;
  constexpr int kWrites = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        absl::Status status = (*db)->Transact([&](SqlSession& s) {
          return s
              .Execute("INSERT INTO t VALUES (?)",
                       {SqlValue(static_cast<int64_t>(t * 1000 + i))})
              .status();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountRows(**db), kThreads * kWrites);
}

TEST(DatabaseFactoryTest, OpensSqlitePathsAndRejectsOthers) {
  TempDbPath path;
  EXPECT_THAT(OpenDatabase(path.path()), IsOk());
  EXPECT_THAT(OpenDatabase(absl::StrCat("sqlite:", path.path())), IsOk());
  EXPECT_THAT(OpenDatabase(":memory:"), IsOk());
  EXPECT_THAT(OpenDatabase(""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(OpenDatabase("mysql://localhost/x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(OpenDatabase("/nonexistent-dir/x/y.sqlite"),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace dyadscope::storage
