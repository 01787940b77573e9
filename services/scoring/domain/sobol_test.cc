#include "services/scoring/domain/sobol.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::scoring {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;

constexpr double kPi = 3.14159265358979323846;
constexpr double kTolerance = 0.03;  // the accuracy target

double Ishigami(absl::Span<const double> x) {
  constexpr double a = 7.0, b = 0.1;
  const double s2 = std::sin(x[1]);
  return std::sin(x[0]) + a * s2 * s2 + b * std::pow(x[2], 4) * std::sin(x[0]);
}

// The Ishigami function's analytic indices for a = 7, b = 0.1 (Saltelli et
// al. 2008, "Global Sensitivity Analysis: The Primer", §4.9).
struct IshigamiIndices {
  double v, v1, v2, v13;
  IshigamiIndices() {
    constexpr double a = 7.0, b = 0.1;
    const double pi4 = std::pow(kPi, 4), pi8 = pi4 * pi4;
    v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2);
    v2 = a * a / 8;
    v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  }
};

TEST(NormalCdfTest, InverseRoundTripsAcrossTheRange) {
  for (double p : {1e-12, 1e-6, 0.001, 0.02, 0.02425, 0.1, 0.3, 0.5, 0.7,
                   0.97575, 0.99, 0.999999}) {
    EXPECT_NEAR(NormalCdf(InverseNormalCdf(p)), p, 1e-14 + 1e-12 * p) << p;
  }
  EXPECT_NEAR(InverseNormalCdf(0.975), 1.959963984540054, 1e-12);
  EXPECT_EQ(InverseNormalCdf(0.5), 0.0);
  EXPECT_TRUE(std::isinf(InverseNormalCdf(0.0)));
  EXPECT_NEAR(NormalCdf(1.0), 0.8413447460685429, 1e-15);
}

TEST(CounterRngTest, SameCountersGiveSameNumbers) {
  const CounterRng a(42, 1), b(42, 1), other_stream(42, 2), other_seed(43, 1);
  EXPECT_EQ(a.Uniform(5, 7), b.Uniform(5, 7));
  EXPECT_NE(a.Uniform(5, 7), a.Uniform(7, 5));
  EXPECT_NE(a.Uniform(5, 7), other_stream.Uniform(5, 7));
  EXPECT_NE(a.Uniform(5, 7), other_seed.Uniform(5, 7));
}

TEST(CounterRngTest, UniformAndNormalHaveTheRightMoments) {
  const CounterRng rng(7, 3);
  constexpr int kN = 200000;
  double su = 0, suu = 0, sz = 0, szz = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.Uniform(i, 0);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u;
    suu += u * u;
    const double z = rng.StandardNormal(i, 1);
    sz += z;
    szz += z * z;
  }
  EXPECT_NEAR(su / kN, 0.5, 0.003);
  EXPECT_NEAR(suu / kN - 0.25, 1.0 / 12, 0.002);
  EXPECT_NEAR(sz / kN, 0.0, 0.01);
  EXPECT_NEAR(szz / kN, 1.0, 0.01);
}

TEST(SobolTest, IshigamiMatchesAnalyticIndicesAtDefaultSampleSize) {
  const IshigamiIndices exact;
  std::vector<InputDistribution> inputs(3,
                                        InputDistribution::Uniform(-kPi, kPi));
  const absl::StatusOr<SobolResult> result =
      ComputeSobolIndices(inputs, Ishigami, SobolOptions{});
  ASSERT_THAT(result, IsOk());
  ASSERT_EQ(result->indices.size(), 3u);
  EXPECT_EQ(result->model_runs, 5 * kDefaultSobolBaseSamples);
  EXPECT_NEAR(result->output_variance, exact.v, 0.05 * exact.v);
  // S1 ≈ 0.3139, S2 ≈ 0.4424, S3 = 0; ST1 ≈ 0.5576, ST2 ≈ 0.4424,
  // ST3 ≈ 0.2437.
  EXPECT_NEAR(result->indices[0].first_order, exact.v1 / exact.v, kTolerance);
  EXPECT_NEAR(result->indices[1].first_order, exact.v2 / exact.v, kTolerance);
  EXPECT_NEAR(result->indices[2].first_order, 0.0, kTolerance);
  EXPECT_NEAR(result->indices[0].total, (exact.v1 + exact.v13) / exact.v,
              kTolerance);
  EXPECT_NEAR(result->indices[1].total, exact.v2 / exact.v, kTolerance);
  EXPECT_NEAR(result->indices[2].total, exact.v13 / exact.v, kTolerance);
  EXPECT_NEAR(exact.v1 / exact.v, 0.3139, 1e-4);
  EXPECT_NEAR((exact.v1 + exact.v13) / exact.v, 0.5576, 1e-4);
  EXPECT_NEAR(exact.v13 / exact.v, 0.2437, 1e-4);
}

TEST(SobolTest, IshigamiIsAccurateForEverySeed) {
  // Not luck of one seed: 20 seeds, all within the tolerance.
  const IshigamiIndices exact;
  const double expected_first[3] = {exact.v1 / exact.v, exact.v2 / exact.v,
                                    0.0};
  const double expected_total[3] = {(exact.v1 + exact.v13) / exact.v,
                                    exact.v2 / exact.v, exact.v13 / exact.v};
  std::vector<InputDistribution> inputs(3,
                                        InputDistribution::Uniform(-kPi, kPi));
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SobolOptions options;
    options.seed = seed;
    const absl::StatusOr<SobolResult> result =
        ComputeSobolIndices(inputs, Ishigami, options);
    ASSERT_THAT(result, IsOk());
    for (int i = 0; i < 3; ++i) {
      EXPECT_NEAR(result->indices[i].first_order, expected_first[i], kTolerance)
          << "seed " << seed << " input " << i;
      EXPECT_NEAR(result->indices[i].total, expected_total[i], kTolerance)
          << "seed " << seed << " input " << i;
    }
  }
}

TEST(SobolTest, LinearAdditiveModelMatchesAnalyticIndices) {
  // Y = Σ a_i X_i with independent X_i ~ U(0, 1): S_i = S_Ti =
  // a_i² / Σ a_j².
  const std::vector<double> a = {1.0, 2.0, 3.0, 0.5, 4.0};
  double denominator = 0.0;
  for (double v : a) denominator += v * v;
  std::vector<InputDistribution> inputs(a.size(),
                                        InputDistribution::Uniform(0.0, 1.0));
  const absl::StatusOr<SobolResult> result = ComputeSobolIndices(
      inputs,
      [&](absl::Span<const double> x) {
        double y = 0.0;
        for (size_t i = 0; i < a.size(); ++i) y += a[i] * x[i];
        return y;
      },
      SobolOptions{});
  ASSERT_THAT(result, IsOk());
  for (size_t i = 0; i < a.size(); ++i) {
    const double expected = a[i] * a[i] / denominator;
    EXPECT_NEAR(result->indices[i].first_order, expected, kTolerance) << i;
    EXPECT_NEAR(result->indices[i].total, expected, kTolerance) << i;
  }
}

TEST(SobolTest, LinearModelWithNormalInputsUsesTheirVariances) {
  // Y = X1 + X2, X1 ~ N(0, 1), X2 ~ N(5, 2): S1 = 1/5, S2 = 4/5.
  const std::vector<InputDistribution> inputs = {
      InputDistribution::Normal(0.0, 1.0), InputDistribution::Normal(5.0, 2.0)};
  const absl::StatusOr<SobolResult> result = ComputeSobolIndices(
      inputs, [](absl::Span<const double> x) { return x[0] + x[1]; },
      SobolOptions{});
  ASSERT_THAT(result, IsOk());
  EXPECT_NEAR(result->output_mean, 5.0, 0.01);
  EXPECT_NEAR(result->indices[0].first_order, 0.2, kTolerance);
  EXPECT_NEAR(result->indices[1].first_order, 0.8, kTolerance);
  EXPECT_NEAR(result->indices[0].total, 0.2, kTolerance);
  EXPECT_NEAR(result->indices[1].total, 0.8, kTolerance);
}

TEST(SobolTest, LargeOffsetDoesNotSwampSmallVariance) {
  // Index scores sit near 50 with a small spread: centring keeps the
  // estimates accurate.
  const std::vector<InputDistribution> inputs = {
      InputDistribution::Uniform(0.0, 1e-3),
      InputDistribution::Uniform(0.0, 2e-3)};
  const absl::StatusOr<SobolResult> result = ComputeSobolIndices(
      inputs, [](absl::Span<const double> x) { return 1e6 + x[0] + x[1]; },
      SobolOptions{});
  ASSERT_THAT(result, IsOk());
  EXPECT_NEAR(result->indices[0].first_order, 0.2, kTolerance);
  EXPECT_NEAR(result->indices[1].first_order, 0.8, kTolerance);
}

TEST(SobolTest, FixedInputsAreNotRunAndGetZero) {
  const std::vector<InputDistribution> inputs = {
      InputDistribution::Uniform(0.0, 1.0), InputDistribution::Uniform(3, 3),
      InputDistribution::Normal(2.0, 0.0)};
  SobolOptions options;
  options.base_samples = 256;
  const absl::StatusOr<SobolResult> result = ComputeSobolIndices(
      inputs, [](absl::Span<const double> x) { return x[0] * x[1] * x[2]; },
      options);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->model_runs, 3 * 256);
  EXPECT_NEAR(result->indices[0].first_order, 1.0, kTolerance);
  EXPECT_EQ(result->indices[1], (SobolIndices{0.0, 0.0}));
  EXPECT_EQ(result->indices[2], (SobolIndices{0.0, 0.0}));
}

TEST(SobolTest, ConstantOutputGivesZeroIndices) {
  const std::vector<InputDistribution> inputs(
      2, InputDistribution::Uniform(0.0, 1.0));
  const absl::StatusOr<SobolResult> result = ComputeSobolIndices(
      inputs, [](absl::Span<const double>) { return 50.0; }, SobolOptions{});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->output_variance, 0.0);
  for (const SobolIndices& s : result->indices) {
    EXPECT_EQ(s, (SobolIndices{0.0, 0.0}));
  }
}

TEST(SobolTest, SameSeedSameAnswerOtherSeedOtherAnswer) {
  std::vector<InputDistribution> inputs(3,
                                        InputDistribution::Uniform(-kPi, kPi));
  SobolOptions options;
  options.base_samples = 512;
  options.seed = 9;
  const absl::StatusOr<SobolResult> a =
      ComputeSobolIndices(inputs, Ishigami, options);
  const absl::StatusOr<SobolResult> b =
      ComputeSobolIndices(inputs, Ishigami, options);
  options.seed = 10;
  const absl::StatusOr<SobolResult> c =
      ComputeSobolIndices(inputs, Ishigami, options);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(a->indices, b->indices);
  EXPECT_NE(a->indices, c->indices);
}

TEST(SobolTest, WideDesignsFallBackToPseudoRandomSampling) {
  // 70 inputs need 140 dimensions, more than the sequence has: still
  // unbiased, only noisier (a linear model is easy either way).
  std::vector<InputDistribution> inputs(70,
                                        InputDistribution::Uniform(0.0, 1.0));
  SobolOptions options;
  options.base_samples = 2048;
  const absl::StatusOr<SobolResult> result = ComputeSobolIndices(
      inputs,
      [](absl::Span<const double> x) { return 10.0 * x[0] + 0.01 * x[1]; },
      options);
  ASSERT_THAT(result, IsOk());
  EXPECT_NEAR(result->indices[0].first_order, 1.0, 0.05);
  EXPECT_NEAR(result->indices[0].total, 1.0, 0.05);
}

TEST(SobolTest, RejectsBadArguments) {
  const auto f = [](absl::Span<const double> x) { return x[0]; };
  EXPECT_THAT(ComputeSobolIndices({}, f, SobolOptions{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<InputDistribution> inverted = {
      InputDistribution::Uniform(1.0, 0.0)};
  EXPECT_THAT(ComputeSobolIndices(inverted, f, SobolOptions{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<InputDistribution> negative_sd = {
      InputDistribution::Normal(0.0, -1.0)};
  EXPECT_THAT(ComputeSobolIndices(negative_sd, f, SobolOptions{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<InputDistribution> ok = {
      InputDistribution::Uniform(0.0, 1.0)};
  SobolOptions options;
  options.base_samples = 0;
  EXPECT_THAT(ComputeSobolIndices(ok, f, options),
              StatusIs(absl::StatusCode::kInvalidArgument));
  options.base_samples = kMaxSobolBaseSamples + 1;
  EXPECT_THAT(ComputeSobolIndices(ok, f, options),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ComputeSobolIndices(
                  ok, [](absl::Span<const double>) { return std::nan(""); },
                  SobolOptions{}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace dyadscope::scoring
