// Runs the Database contract of sqlite_database_test.cc against a real,
// throwaway PostgreSQL server, plus a server restart under an open database.

#include "common/storage/postgres_database.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/storage/database_factory.h"
#include "common/storage/migrator.h"
#include "common/testing/postgres_server.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::storage {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::PostgresServer;
using ::dyadscope::testing::StatusIs;
using ::testing::HasSubstr;

// One server for the suite; each test gets its own database.
class PostgresDatabaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!PostgresServer::FindBinDir().ok()) return;
    absl::StatusOr<std::unique_ptr<PostgresServer>> server =
        PostgresServer::Start();
    ASSERT_THAT(server, IsOk());
    server_ = std::move(server).value().release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    if (server_ == nullptr) {
      GTEST_SKIP() << "PostgreSQL server binaries not found under "
                      "/usr/lib/postgresql/*/bin; install Debian's postgresql";
    }
    absl::StatusOr<std::string> url =
        server_->CreateDatabase(absl::StrCat("t", counter_++));
    ASSERT_THAT(url, IsOk());
    url_ = *url;
  }

  std::unique_ptr<PostgresDatabase> OpenDb(
      const PostgresOptions& options = PostgresOptions()) {
    absl::StatusOr<std::unique_ptr<PostgresDatabase>> db =
        PostgresDatabase::Open(url_, options);
    EXPECT_THAT(db, IsOk());
    return db.ok() ? *std::move(db) : nullptr;
  }

  static inline PostgresServer* server_ = nullptr;
  static inline int counter_ = 0;
  std::string url_;
};

int64_t Count(Database& db, const char* sql) {
  int64_t n = -1;
  EXPECT_THAT(db.Read([&](SqlSession& s) {
    auto rows = s.Query(sql);
    if (!rows.ok()) return rows.status();
    n = (*rows)[0].Int(0);
    return absl::OkStatus();
  }),
              IsOk());
  return n;
}

TEST(PlaceholderTest, TranslatesOutsideLiterals) {
  int n = 0;
  EXPECT_EQ(TranslatePlaceholders(
                "SELECT ?, '?', 'it''s ?', \"a?\" -- ?\n, ? /* ? */", &n),
            "SELECT $1, '?', 'it''s ?', \"a?\" -- ?\n, $2 /* ? */");
  EXPECT_EQ(n, 2);
}

TEST_F(PostgresDatabaseTest, BindsAndReadsEveryValueType) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->engine(), Engine::kPostgres);
  ASSERT_THAT(
      db->ExecuteScript("CREATE TABLE t (i BIGINT, d DOUBLE PRECISION, s TEXT, "
                        "n TEXT, b BYTEA, small INTEGER)"),
      IsOk());
  const std::string text =
      "Gw\xc4\x81"
      "dar '?' \\x";
  const Blob blob{
      std::string("12\0"
                  "3\xff",
                  5)};
  ASSERT_THAT(db->Transact([&](SqlSession& s) {
    return s
        .Execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
            {SqlValue(int64_t{-7}), SqlValue(2.5), SqlValue(text),
             SqlValue(std::monostate()), SqlValue(blob), SqlValue(int64_t{42})})
        .status();
  }),
              IsOk());
  ASSERT_THAT(db->Read([&](SqlSession& s) {
    absl::StatusOr<std::vector<Row>> rows = s.Query(
        "SELECT i, d, s, n, b, small, SUM(i) OVER (), '?' FROM t "
        "WHERE s = ?",
        {SqlValue(text)});
    if (!rows.ok()) return rows.status();
    EXPECT_EQ(rows->size(), 1u);
    if (rows->empty()) return absl::OkStatus();
    const Row& row = (*rows)[0];
    EXPECT_EQ(row.Int(0), -7);
    EXPECT_DOUBLE_EQ(row.Double(1), 2.5);
    EXPECT_EQ(row.Text(2), text);
    EXPECT_TRUE(row.IsNull(3));
    EXPECT_EQ(row.OptionalText(3), std::nullopt);
    EXPECT_EQ(row.OptionalInt(0), std::optional<int64_t>(-7));
    // A blob that looks numeric comes back as the same bytes.
    EXPECT_EQ(std::get<Blob>(row.value(4)), blob);
    EXPECT_EQ(row.Int(5), 42);
    EXPECT_DOUBLE_EQ(row.Double(6), -7.0);  // numeric → double
    EXPECT_EQ(row.Text(7), "?");
    return absl::OkStatus();
  }),
              IsOk());
  // Text with a NUL byte cannot be stored on PostgreSQL.
  EXPECT_THAT(db->Transact([](SqlSession& s) {
    return s
        .Execute("INSERT INTO t (s) VALUES (?)",
                 {SqlValue(std::string("a\0b", 3))})
        .status();
  }),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(PostgresDatabaseTest, FailedTransactionWritesNothing) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  ASSERT_THAT(db->ExecuteScript("CREATE TABLE t (k TEXT PRIMARY KEY)"), IsOk());
  absl::Status status = db->Transact([](SqlSession& s) -> absl::Status {
    for (const char* key : {"a", "b", "a"}) {
      absl::StatusOr<int64_t> done =
          s.Execute("INSERT INTO t VALUES (?)", {SqlValue(std::string(key))});
      if (!done.ok()) return done.status();
    }
    return absl::OkStatus();
  });
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("23505")));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM t"), 0);

  status = db->Transact([](SqlSession& s) -> absl::Status {
    (void)s.Execute("INSERT INTO t VALUES ('x')");
    return absl::InvalidArgumentError("rejected");
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM t"), 0);

  // A failing script is all-or-nothing too.
  EXPECT_THAT(db->ExecuteScript("INSERT INTO t VALUES ('y'); SELEC 1;"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM t"), 0);
}

TEST_F(PostgresDatabaseTest, BadSqlAndParameterCountAreErrors) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  EXPECT_THAT(
      db->Read([](SqlSession& s) { return s.Query("SELEC 1").status(); }),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("42601")));
  EXPECT_THAT(
      db->Read([](SqlSession& s) { return s.Query("SELECT ?", {}).status(); }),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("parameters")));
  // The pool is still usable after errors.
  EXPECT_EQ(Count(*db, "SELECT 1"), 1);
}

TEST_F(PostgresDatabaseTest, ReturningAndRowCounts) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  ASSERT_THAT(db->ExecuteScript("CREATE TABLE t (id BIGSERIAL PRIMARY KEY, "
                                "v TEXT NOT NULL)"),
              IsOk());
  int64_t id = 0;
  ASSERT_THAT(db->Transact([&](SqlSession& s) -> absl::Status {
    auto rows = s.Query("INSERT INTO t (v) VALUES (?) RETURNING id",
                        {SqlValue(std::string("a"))});
    if (!rows.ok()) return rows.status();
    id = (*rows)[0].Int(0);
    return s.Execute("INSERT INTO t (v) VALUES ('b'), ('c')").status();
  }),
              IsOk());
  EXPECT_EQ(id, 1);
  EXPECT_THAT(db->Transact([](SqlSession& s) {
    absl::StatusOr<int64_t> changed = s.Execute(
        "UPDATE t SET v = v || '!' WHERE id > ?", {SqlValue(int64_t{1})});
    EXPECT_THAT(changed, IsOkAndHolds(2));
    return changed.status();
  }),
              IsOk());
  // NOT NULL violation → FAILED_PRECONDITION.
  EXPECT_THAT(db->Transact([](SqlSession& s) {
    return s.Execute("INSERT INTO t (v) VALUES (?)", {SqlValue()}).status();
  }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(PostgresDatabaseTest, ConcurrentWritersLoseNothing) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  ASSERT_THAT(db->ExecuteScript("CREATE TABLE t (v BIGINT)"), IsOk());
  constexpr int kThreads = 6;
  constexpr int kWrites = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        absl::Status status = db->Transact([&](SqlSession& s) {
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
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM t"), kThreads * kWrites);
}

std::vector<Migration> TwoMigrations() {
  return {
      {1, "0001_create_a",
       "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"},
      {2, "0002_create_b", "CREATE TABLE b (y TEXT);"},
  };
}

TEST_F(PostgresDatabaseTest, MigratorAppliesOnce) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  EXPECT_THAT(ApplyMigrations(*db, {TwoMigrations()[0]}), IsOkAndHolds(1));
  EXPECT_THAT(ApplyMigrations(*db, TwoMigrations()), IsOkAndHolds(2));
  EXPECT_THAT(ApplyMigrations(*db, TwoMigrations()), IsOkAndHolds(2));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM a"), 1);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"), 2);
}

TEST_F(PostgresDatabaseTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  // Two "replicas", each with its own pool, start at once.
  constexpr int kReplicas = 4;
  std::vector<std::unique_ptr<PostgresDatabase>> replicas;
  for (int i = 0; i < kReplicas; ++i) {
    replicas.push_back(OpenDb());
    ASSERT_NE(replicas.back(), nullptr);
  }
  std::vector<absl::StatusOr<int>> results(kReplicas, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      results[i] = ApplyMigrations(*replicas[i], TwoMigrations());
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_THAT(result, IsOkAndHolds(2));
  EXPECT_EQ(Count(*replicas[0], "SELECT COUNT(*) FROM a"), 1);
  EXPECT_EQ(Count(*replicas[0], "SELECT COUNT(*) FROM schema_migrations"), 2);
}

TEST_F(PostgresDatabaseTest, FactoryOpensPostgresUrls) {
  auto db = OpenDatabase(url_);
  ASSERT_THAT(db, IsOk());
  EXPECT_EQ((*db)->engine(), Engine::kPostgres);
  std::string short_url = url_;
  short_url.replace(0, std::string("postgresql").size(), "postgres");
  EXPECT_THAT(OpenDatabase(short_url), IsOk());
  EXPECT_THAT(OpenDatabase("postgresql://postgres@127.0.0.1:1/none"),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(PostgresDatabaseTest, SurvivesAServerRestart) {
  PostgresOptions options;
  options.connect_timeout = absl::Seconds(2);
  auto db = OpenDb(options);
  ASSERT_NE(db, nullptr);
  ASSERT_THAT(db->ExecuteScript("CREATE TABLE t (v BIGINT)"), IsOk());
  auto insert = [&db](int64_t v) {
    return db->Transact([v](SqlSession& s) {
      return s.Execute("INSERT INTO t VALUES (?)", {SqlValue(v)}).status();
    });
  };
  ASSERT_THAT(insert(1), IsOk());

  ASSERT_THAT(server_->Stop(), IsOk());
  // Every pooled connection fails with UNAVAILABLE while it is down, and
  // the failed write leaves nothing behind (counted after the restart). How
  // fast it fails is not asserted here (no wall-clock bounds in tests): a
  // call that hung would end the test at its CTest timeout.
  for (int i = 0; i < 6; ++i) {
    EXPECT_THAT(insert(100 + i), StatusIs(absl::StatusCode::kUnavailable));
    EXPECT_THAT(
        db->Read([](SqlSession& s) { return s.Query("SELECT 1").status(); }),
        StatusIs(absl::StatusCode::kUnavailable));
  }

  ASSERT_THAT(server_->Restart(), IsOk());
  // The same database object works again, on every pooled connection.
  for (int i = 0; i < 8; ++i) EXPECT_THAT(insert(2 + i), IsOk());
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM t"), 9);
}

TEST_F(PostgresDatabaseTest, DoublesRoundTripExactly) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  ASSERT_THAT(db->ExecuteScript("CREATE TABLE d (v DOUBLE PRECISION)"), IsOk());
  const std::vector<double> values = {0.1 + 0.2, 1.0 / 3.0, -2.5e-300,
                                      123456789.12345679,
                                      1.7976931348623157e308};
  ASSERT_THAT(db->Transact([&](SqlSession& s) {
    for (double v : values) {
      absl::Status status = s.Execute("INSERT INTO d VALUES (?)", {v}).status();
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }),
              IsOk());
  std::vector<double> read;
  ASSERT_THAT(db->Read([&](SqlSession& s) {
    return s.QueryEach("SELECT v FROM d", {}, [&](const Row& row) {
      read.push_back(row.Double(0));
      return absl::OkStatus();
    });
  }),
              IsOk());
  ASSERT_EQ(read.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(read[i], values[i]) << i;  // bit for bit, not approximately
  }
}

TEST_F(PostgresDatabaseTest, QueryEachStopsEarlyAndLeavesTheConnectionUsable) {
  PostgresOptions options;
  options.pool_size = 1;  // the next statement must reuse the connection
  auto db = OpenDb(options);
  ASSERT_NE(db, nullptr);
  int seen = 0;
  EXPECT_THAT(db->Read([&](SqlSession& s) {
    return s.QueryEach("SELECT g FROM generate_series(1, 100000) g", {},
                       [&](const Row& row) {
                         ++seen;
                         if (row.Int(0) == 3) {
                           return absl::CancelledError("enough");
                         }
                         return absl::OkStatus();
                       });
  }),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(seen, 3);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM generate_series(1, 10)"), 10);
}

// Two databases (two replicas) read the largest value and insert the next
// one, at once, many times: writers are serialized, so no value repeats.
TEST_F(PostgresDatabaseTest, WritersAreSerializedAcrossProcesses) {
  auto first = OpenDb();
  auto second = OpenDb();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_THAT(first->ExecuteScript("CREATE TABLE n (v BIGINT NOT NULL)"),
              IsOk());
  auto work = [](Database* db) {
    for (int i = 0; i < 50; ++i) {
      absl::Status status = db->Transact([](SqlSession& s) {
        auto rows = s.Query("SELECT COALESCE(MAX(v), 0) FROM n");
        if (!rows.ok()) return rows.status();
        return s.Execute("INSERT INTO n VALUES (?)", {(*rows)[0].Int(0) + 1})
            .status();
      });
      EXPECT_THAT(status, IsOk());
    }
  };
  std::thread a(work, first.get());
  std::thread b(work, second.get());
  a.join();
  b.join();
  EXPECT_EQ(Count(*first, "SELECT COUNT(*) FROM n"), 100);
  EXPECT_EQ(Count(*first, "SELECT COUNT(DISTINCT v) FROM n"), 100);
  EXPECT_EQ(Count(*first, "SELECT MAX(v) FROM n"), 100);
}

}  // namespace
}  // namespace dyadscope::storage
