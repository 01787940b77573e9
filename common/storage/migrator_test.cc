#include "common/storage/migrator.h"

#include <vector>

#include "common/storage/sqlite_database.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::storage {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::IsOkAndHolds;
using ::dyadscope::testing::StatusIs;
using ::testing::HasSubstr;

std::vector<Migration> TwoMigrations() {
  return {
      {1, "0001_create_a",
       "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"},
      {2, "0002_create_b", "CREATE TABLE b (y TEXT);"},
  };
}

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

TEST(MigratorTest, AppliesInOrderOnceAndRecordsVersions) {
  auto db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT(ApplyMigrations(**db, TwoMigrations()), IsOkAndHolds(2));
  // A second start applies nothing again (the INSERT would duplicate).
  EXPECT_THAT(ApplyMigrations(**db, TwoMigrations()), IsOkAndHolds(2));
  EXPECT_EQ(Count(**db, "SELECT COUNT(*) FROM a"), 1);
  EXPECT_EQ(Count(**db, "SELECT COUNT(*) FROM schema_migrations"), 2);
}

TEST(MigratorTest, UpgradesAnOlderDatabase) {
  auto db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  std::vector<Migration> first = {TwoMigrations()[0]};
  EXPECT_THAT(ApplyMigrations(**db, first), IsOkAndHolds(1));
  EXPECT_THAT(ApplyMigrations(**db, TwoMigrations()), IsOkAndHolds(2));
  EXPECT_EQ(Count(**db, "SELECT COUNT(*) FROM b"), 0);
}

TEST(MigratorTest, AFailingMigrationLeavesNoTrace) {
  auto db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  std::vector<Migration> migrations = TwoMigrations();
  migrations.push_back(
      {3, "0003_broken", "CREATE TABLE c (z INTEGER); CREATE TABLE a (x);"});
  EXPECT_THAT(ApplyMigrations(**db, migrations),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("0003_broken")));
  EXPECT_EQ(Count(**db, "SELECT MAX(version) FROM schema_migrations"), 2);
  EXPECT_EQ(Count(**db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'c'"),
            0);
}

TEST(MigratorTest, RejectsGapsAndDowngrades) {
  auto db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT(ApplyMigrations(**db, {{2, "0002_x", "SELECT 1;"}}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_THAT(ApplyMigrations(**db, TwoMigrations()), IsOkAndHolds(2));
  std::vector<Migration> older = {TwoMigrations()[0]};
  EXPECT_THAT(
      ApplyMigrations(**db, older),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("newer")));
  EXPECT_THAT(ApplyMigrations(**db, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace dyadscope::storage
