#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "common/stats/normal.h"
#include "common/stats/quantile.h"
#include "common/stats/random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::stats {
namespace {

using ::testing::ElementsAre;

TEST(NormalTest, InverseRoundTripsAndKnownValues) {
  for (double p : {1e-300, 1e-12, 1e-3, 0.02, 0.3, 0.5, 0.7, 0.98, 0.999999}) {
    EXPECT_NEAR(NormalCdf(InverseNormalCdf(p)), p, 1e-14 + 1e-12 * p) << p;
  }
  EXPECT_NEAR(InverseNormalCdf(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(InverseNormalCdf(0.995), 2.5758293035489004, 1e-13);
  EXPECT_EQ(InverseNormalCdf(0.5), 0.0);
  EXPECT_EQ(InverseNormalCdf(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(InverseNormalCdf(1.0), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(InverseNormalCdf(std::nan(""))));
  EXPECT_NEAR(NormalCdf(1.0), 0.8413447460685429, 1e-15);
}

TEST(NormalTest, ApproximationIsWithinItsBound) {
  for (double p : {1e-9, 0.01, 0.02425, 0.2, 0.5, 0.9, 0.97575, 0.999}) {
    const double exact = InverseNormalCdf(p);
    EXPECT_NEAR(ApproxInverseNormalCdf(p), exact,
                1.2e-9 * std::fabs(exact) + 1e-15)
        << p;
  }
}

TEST(QuantileTest, SortedType7) {
  const std::vector<double> sorted = {1, 2, 3, 4};
  EXPECT_EQ(SortedQuantile(sorted, 0.0), 1.0);
  EXPECT_EQ(SortedQuantile(sorted, 0.5), 2.5);
  EXPECT_EQ(SortedQuantile(sorted, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(SortedQuantile(sorted, 0.9), 3.7);
  EXPECT_EQ(SortedQuantile({}, 0.5), 0.0);
  EXPECT_EQ(SortedQuantile(std::vector<double>{7}, 0.3), 7.0);
}

TEST(QuantileTest, SelectionGivesWhatSortingGives) {
  Xoshiro256 rng(42);
  std::vector<double> values;
  for (int i = 0; i < 1001; ++i) {
    values.push_back(static_cast<double>(rng() >> 11) / 9007199254740992.0);
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> copy = values;
  const std::vector<double> q = SelectQuantiles(copy, {0.05, 0.5, 0.95, 1.0});
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0], SortedQuantile(sorted, 0.05));
  EXPECT_EQ(q[1], SortedQuantile(sorted, 0.5));
  EXPECT_EQ(q[2], SortedQuantile(sorted, 0.95));
  EXPECT_EQ(q[3], sorted.back());
  copy = values;
  EXPECT_EQ(SelectQuantile(copy, 0.333), SortedQuantile(sorted, 0.333));
}

TEST(RandomTest, KnownSequences) {
  // SplitMix64's reference outputs for state 0 (Vigna's splitmix64.c).
  EXPECT_EQ(SplitMix64(0), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(SplitMix64(0x9E3779B97F4A7C15ULL), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(Fnv1a64(""), 0xCBF29CE484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xAF63DC4C8601EC8CULL);
  EXPECT_EQ(StreamSeed(1, "x"), SplitMix64(SplitMix64(1) ^ Fnv1a64("x")));
  Xoshiro256 a(7);
  Xoshiro256 b(7);
  Xoshiro256 c(8);
  const uint64_t first = a();
  EXPECT_EQ(first, b());
  EXPECT_NE(first, c());
  EXPECT_NE(a(), first);
}

}  // namespace
}  // namespace dyadscope::stats
