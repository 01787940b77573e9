// The stateful services' start (store_main.h): opening and migrating the
// store, and seeding it only when asked and only with what the seed loaded.

#include "common/server/store_main.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/logging/log.h"
#include "common/storage/database.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;

// A repository whose Create succeeds or fails as the test says, and which
// remembers the database it was given.
class FakeRepository {
 public:
  static absl::Status create_status;

  static absl::StatusOr<std::unique_ptr<FakeRepository>> Create(
      storage::Database* database) {
    if (!create_status.ok()) return create_status;
    return std::make_unique<FakeRepository>(database);
  }

  explicit FakeRepository(storage::Database* database) : database_(database) {}
  storage::Database* database() const { return database_; }

 private:
  storage::Database* database_;
};

absl::Status FakeRepository::create_status;

TEST(OpenServiceStoreTest, OpensTheDatabaseAndCreatesTheRepositoryOverIt) {
  FakeRepository::create_status = absl::OkStatus();
  absl::StatusOr<ServiceStore<FakeRepository>> store =
      OpenServiceStore<FakeRepository>("test", ":memory:");
  ASSERT_THAT(store.status(), IsOk());
  ASSERT_NE(store->database, nullptr);
  ASSERT_NE(store->repository, nullptr);
  EXPECT_EQ(store->repository->database(), store->database.get());
}

TEST(OpenServiceStoreTest, ReturnsTheRepositoryError) {
  FakeRepository::create_status = absl::DataLossError("bad schema");
  EXPECT_THAT(OpenServiceStore<FakeRepository>("test", ":memory:").status(),
              StatusIs(absl::StatusCode::kDataLoss));
  FakeRepository::create_status = absl::OkStatus();
}

TEST(OpenServiceStoreTest, ReturnsTheDatabaseError) {
  EXPECT_THAT(
      OpenServiceStore<FakeRepository>("test", "/nonexistent/dir/x.sqlite")
          .status(),
      ::testing::Not(IsOk()));
}

TEST(SeedServiceStoreTest, DoesNotSeedWhenDisabled) {
  bool called = false;
  EXPECT_THAT(SeedServiceStore("test", false, "records",
                               [&]() -> absl::StatusOr<int64_t> {
                                 called = true;
                                 return 1;
                               }),
              IsOk());
  EXPECT_FALSE(called);
}

TEST(SeedServiceStoreTest, ReturnsTheSeedError) {
  EXPECT_THAT(SeedServiceStore("test", true, "records",
                               []() -> absl::StatusOr<int64_t> {
                                 return absl::InvalidArgumentError("bad row");
                               }),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(SeedServiceStore("test", true,
                               []() -> absl::StatusOr<std::vector<log::Field>> {
                                 return absl::NotFoundError("no file");
                               }),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(SeedServiceStoreTest, SucceedsWhetherOrNotTheSeedLoadedAnything) {
  EXPECT_THAT(SeedServiceStore("test", true, "records",
                               []() -> absl::StatusOr<int64_t> { return 0; }),
              IsOk());
  EXPECT_THAT(SeedServiceStore("test", true, "records",
                               []() -> absl::StatusOr<int64_t> { return 7; }),
              IsOk());
  EXPECT_THAT(
      SeedServiceStore("test", true,
                       []() -> absl::StatusOr<std::vector<log::Field>> {
                         return std::vector<log::Field>{log::Field("votes", 3)};
                       }),
      IsOk());
}

}  // namespace
}  // namespace dyadscope
