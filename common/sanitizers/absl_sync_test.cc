// The waits of absl::Mutex whose conditions another thread evaluates. In
// every build these check that a waiter wakes when another thread makes its
// condition true; in a -DDYADSCOPE_SANITIZE=thread build they also check the
// annotations of tsan_absl_sync.cc: the thread that unlocks evaluates the
// waiter's condition, which reads the waiter's stack, and the waiter then
// writes that stack again. Without the annotated evaluation TSan reports
// each of those writes as a race (and the test exits 66).

#include <cstdint>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace {

constexpr int kRounds = 50;

// Each round, a thread that starts after this one waits makes the
// condition true once and then leaves the Mutex alone: nothing but the
// wake-up orders its evaluation of the condition before this thread's
// writes.
TEST(AbslSyncTest, AwaitWakesWhenAnotherThreadMakesTheConditionTrue) {
  for (int round = 0; round < kRounds; ++round) {
    absl::Mutex mu;
    bool ready = false;  // guarded by mu
    std::thread publisher([&] {
      absl::SleepFor(absl::Microseconds(200));
      absl::MutexLock lock(&mu);
      ready = true;
    });
    int64_t generation = round;  // on this stack; the condition reads it
    {
      absl::MutexLock lock(&mu);
      auto done = [&]() { return ready && generation == round; };
      mu.Await(absl::Condition(&done));
      generation = -1;
      EXPECT_TRUE(ready);
    }
    publisher.join();
  }
}

TEST(AbslSyncTest, DeadlineWaitsSeeTheConditionOrTheDeadline) {
  absl::Mutex mu;
  int64_t published = 0;  // guarded by mu
  std::thread publisher([&] {
    for (int64_t i = 1; i <= kRounds; ++i) {
      absl::MutexLock lock(&mu);
      published = i;
    }
  });
  int64_t seen = 0;
  int woken = 0;
  while (seen < kRounds) {
    const int64_t after = seen;
    auto advanced = [&]() { return published > after; };
    if (mu.LockWhenWithDeadline(absl::Condition(&advanced),
                                absl::Now() + absl::Seconds(30))) {
      ++woken;
    }
    seen = published;
    mu.Unlock();
  }
  publisher.join();
  EXPECT_EQ(seen, kRounds);
  EXPECT_GE(woken, 1);
}

// A condition that is already false stays false: the deadline ends the
// wait, and the lock is held on return.
TEST(AbslSyncTest, AFalseConditionWaitsUntilTheDeadline) {
  absl::Mutex mu;
  bool never = false;
  absl::MutexLock lock(&mu);
  EXPECT_FALSE(mu.AwaitWithDeadline(absl::Condition(&never),
                                    absl::Now() + absl::Milliseconds(20)));
  mu.AssertHeld();
}

}  // namespace
