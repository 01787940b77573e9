#include "services/security_risk/domain/hawkes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "absl/status/status.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dyadscope::security_risk {
namespace {

using ::dyadscope::testing::IsOk;
using ::dyadscope::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::Lt;

TEST(HawkesLogLikelihoodTest, MatchesHandComputedThreeEventExample) {
  // Events at 1, 2 and 4 on [0, 5] with μ = 0.5, α = 0.5, β = 1 (αβ = 0.5):
  //   λ(1) = 0.5
  //   λ(2) = 0.5 + 0.5·e^−1
  //   λ(4) = 0.5 + 0.5·(e^−3 + e^−2)
  //   ∫λ = 0.5·5 + 0.5·((1 − e^−4) + (1 − e^−3) + (1 − e^−1))
  const double e1 = std::exp(-1.0);
  const double e2 = std::exp(-2.0);
  const double e3 = std::exp(-3.0);
  const double e4 = std::exp(-4.0);
  const double expected = std::log(0.5) + std::log(0.5 + 0.5 * e1) +
                          std::log(0.5 + 0.5 * (e3 + e2)) - 2.5 -
                          0.5 * ((1 - e4) + (1 - e3) + (1 - e1));
  // Numerically: −0.693147 − 0.379885 − 0.523301 − 2.5 − 1.282009.
  EXPECT_NEAR(expected, -5.378343, 1e-6);
  absl::StatusOr<double> ll =
      HawkesLogLikelihood({1.0, 2.0, 4.0}, 5.0, HawkesParams{0.5, 0.5, 1.0});
  ASSERT_THAT(ll, IsOk());
  EXPECT_NEAR(*ll, expected, 1e-12);
}

TEST(HawkesLogLikelihoodTest, EventsAtTheSameTimeDoNotExciteEachOther) {
  // λ(1) = μ for both events at 1; λ(3) = μ + αβ·2e^(−2β).
  const HawkesParams p{0.2, 0.4, 0.5};
  const double ab = 0.2;
  const double expected =
      2 * std::log(0.2) + std::log(0.2 + ab * 2 * std::exp(-1.0)) - 0.2 * 4 -
      0.4 * (2 * (1 - std::exp(-1.5)) + (1 - std::exp(-0.5)));
  absl::StatusOr<double> ll = HawkesLogLikelihood({1.0, 1.0, 3.0}, 4.0, p);
  ASSERT_THAT(ll, IsOk());
  EXPECT_NEAR(*ll, expected, 1e-12);
}

TEST(HawkesLogLikelihoodTest, RejectsInvalidInput) {
  EXPECT_THAT(HawkesLogLikelihood({1.0}, 2.0, HawkesParams{0.0, 0.5, 1.0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HawkesLogLikelihood({1.0}, 2.0, HawkesParams{0.1, 1.0, 1.0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HawkesLogLikelihood({1.0}, 2.0, HawkesParams{0.1, 0.5, 0.0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HawkesLogLikelihood({2.0, 1.0}, 3.0, HawkesParams{0.1, 0.5, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HawkesLogLikelihood({4.0}, 3.0, HawkesParams{0.1, 0.5, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HawkesLogLikelihood({std::nan("")}, 3.0, HawkesParams{0.1, 0, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HawkesLogLikelihood({}, 0.0, HawkesParams{0.1, 0.5, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(HawkesCompensatorTest, MatchesHandComputedExample) {
  // μH + α Σ (e^(−β(t − t_i)) − e^(−β(t + H − t_i))) with t = 10, H = 5,
  // history {6, 9}, μ = 0.1, α = 0.5, β = 0.2.
  const HawkesParams p{0.1, 0.5, 0.2};
  const double expected = 0.1 * 5 + 0.5 * ((std::exp(-0.8) - std::exp(-1.8)) +
                                           (std::exp(-0.2) - std::exp(-1.2)));
  absl::StatusOr<double> lambda = HawkesCompensator({6.0, 9.0}, 10.0, 5.0, p);
  ASSERT_THAT(lambda, IsOk());
  EXPECT_NEAR(*lambda, expected, 1e-12);
  EXPECT_NEAR(ProbabilityAtLeastOne(*lambda), 1 - std::exp(-expected), 1e-12);

  absl::StatusOr<double> intensity = HawkesIntensity({6.0, 9.0}, 10.0, p);
  ASSERT_THAT(intensity, IsOk());
  EXPECT_NEAR(*intensity, 0.1 + 0.1 * (std::exp(-0.8) + std::exp(-0.2)), 1e-12);

  EXPECT_THAT(HawkesCompensator({11.0}, 10.0, 5.0, p),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(HawkesCompensator({1.0}, 10.0, 0.0, p),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ProbabilityAtLeastOneTest, IsFiniteAtTheEdges) {
  EXPECT_EQ(ProbabilityAtLeastOne(0.0), 0.0);
  EXPECT_EQ(ProbabilityAtLeastOne(-1.0), 0.0);
  EXPECT_EQ(ProbabilityAtLeastOne(std::nan("")), 0.0);
  EXPECT_EQ(ProbabilityAtLeastOne(HUGE_VAL), 1.0);
  EXPECT_NEAR(ProbabilityAtLeastOne(1e-12), 1e-12, 1e-20);
}

TEST(FitHawkesTest, RecoversKnownParametersWithinFifteenPercent) {
  const HawkesParams truth{0.05, 0.5, 0.1};
  absl::StatusOr<std::vector<double>> times =
      SimulateHawkes(truth, 20000.0, /*seed=*/20240501);
  ASSERT_THAT(times, IsOk());
  absl::StatusOr<HawkesFit> fit = FitHawkes(*times, 20000.0);
  ASSERT_THAT(fit, IsOk());
  std::printf(
      "[ fitted   ] n=%zu mu=%.5f (se %.5f) alpha=%.4f (se %.4f) "
      "beta=%.4f (se %.4f) logL=%.2f AIC=%.2f converged=%d iterations=%d\n",
      times->size(), fit->params.mu, fit->mu.standard_error.value_or(-1),
      fit->params.alpha, fit->alpha.standard_error.value_or(-1),
      fit->params.beta, fit->beta.standard_error.value_or(-1),
      fit->log_likelihood, fit->aic, fit->converged, fit->iterations);
  EXPECT_TRUE(fit->converged);
  EXPECT_THAT(std::fabs(fit->params.mu / truth.mu - 1), Lt(0.15));
  EXPECT_THAT(std::fabs(fit->params.alpha / truth.alpha - 1), Lt(0.15));
  EXPECT_THAT(std::fabs(fit->params.beta / truth.beta - 1), Lt(0.15));
  // Standard errors come from the observed information.
  ASSERT_TRUE(fit->mu.standard_error.has_value());
  ASSERT_TRUE(fit->alpha.standard_error.has_value());
  ASSERT_TRUE(fit->beta.standard_error.has_value());
  EXPECT_GT(*fit->alpha.standard_error, 0.0);
  EXPECT_LT(*fit->alpha.standard_error, 0.1);
  ASSERT_TRUE(fit->alpha.interval.has_value());
  EXPECT_EQ(fit->alpha.interval->method, IntervalMethod::kNormalApproximation);
  EXPECT_LE(fit->alpha.interval->lower, fit->params.alpha);
  EXPECT_GE(fit->alpha.interval->upper, fit->params.alpha);
  EXPECT_NEAR(fit->aic, 6 - 2 * fit->log_likelihood, 1e-9);
  // The optimum beats the truth's likelihood.
  absl::StatusOr<double> at_truth = HawkesLogLikelihood(*times, 20000, truth);
  ASSERT_THAT(at_truth, IsOk());
  EXPECT_GE(fit->log_likelihood, *at_truth);

  absl::StatusOr<PoissonFit> poisson = FitPoisson(*times, 20000.0);
  ASSERT_THAT(poisson, IsOk());
  EXPECT_LT(fit->aic, poisson->aic);
}

TEST(FitHawkesTest, PoissonSampleGivesBranchingRatioNearZero) {
  absl::StatusOr<std::vector<double>> times =
      SimulateHawkes(HawkesParams{0.05, 0.0, 1.0}, 20000.0, /*seed=*/1);
  ASSERT_THAT(times, IsOk());
  absl::StatusOr<HawkesFit> fit = FitHawkes(*times, 20000.0);
  ASSERT_THAT(fit, IsOk());
  absl::StatusOr<PoissonFit> poisson = FitPoisson(*times, 20000.0);
  ASSERT_THAT(poisson, IsOk());
  std::printf("[ poisson  ] n=%zu alpha=%.5f mu=%.5f AIC %.2f vs %.2f\n",
              times->size(), fit->params.alpha, fit->params.mu, fit->aic,
              poisson->aic);
  EXPECT_THAT(fit->params.alpha, Lt(0.1));
  EXPECT_NEAR(fit->params.mu, 0.05, 0.05 * 0.15);
  // The extra parameters do not pay for themselves.
  EXPECT_GE(fit->aic, poisson->aic);
}

// On Poisson samples the fitted α is not always tiny: a slow kernel (small
// β) can pick up chance fluctuations of the rate, and about a third of
// samples of this size give α ≥ 0.1 that way. The AIC comparison is the
// guard: it prefers the Poisson model on the great majority of samples.
TEST(FitHawkesTest, AicPrefersPoissonOnMostPoissonSamples) {
  constexpr int kSamples = 20;
  int poisson_preferred = 0;
  std::vector<double> alphas;
  for (int seed = 101; seed < 101 + kSamples; ++seed) {
    absl::StatusOr<std::vector<double>> times =
        SimulateHawkes(HawkesParams{0.05, 0.0, 1.0}, 10000.0, seed);
    ASSERT_THAT(times, IsOk());
    absl::StatusOr<HawkesFit> fit = FitHawkes(*times, 10000.0);
    ASSERT_THAT(fit, IsOk());
    absl::StatusOr<PoissonFit> poisson = FitPoisson(*times, 10000.0);
    ASSERT_THAT(poisson, IsOk());
    if (fit->aic >= poisson->aic) ++poisson_preferred;
    alphas.push_back(fit->params.alpha);
  }
  std::sort(alphas.begin(), alphas.end());
  std::printf(
      "[ poisson  ] AIC prefers Poisson on %d of %d samples; median "
      "alpha %.4f\n",
      poisson_preferred, kSamples, alphas[kSamples / 2]);
  EXPECT_GE(poisson_preferred, 16);
  EXPECT_LT(alphas[kSamples / 2], 0.1);
}

TEST(FitHawkesTest, RejectsEmptyAndInvalidInput) {
  EXPECT_THAT(FitHawkes({}, 10.0),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FitHawkes({3.0, 1.0}, 10.0),
              StatusIs(absl::StatusCode::kInvalidArgument));
  HawkesFitOptions options;
  options.max_iterations = 0;
  EXPECT_THAT(FitHawkes({1.0}, 10.0, options),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(FitHawkesTest, SingleEventFitIsFinite) {
  absl::StatusOr<HawkesFit> fit = FitHawkes({0.0}, 100.0);
  ASSERT_THAT(fit, IsOk());
  EXPECT_TRUE(std::isfinite(fit->log_likelihood));
  EXPECT_TRUE(std::isfinite(fit->aic));
  EXPECT_NEAR(fit->params.mu, 0.01, 1e-3);
  EXPECT_LT(fit->params.alpha, 0.01);
}

TEST(FitHawkesTest, BootstrapIsOptionalAndSeeded) {
  absl::StatusOr<std::vector<double>> times =
      SimulateHawkes(HawkesParams{0.05, 0.5, 0.1}, 2000.0, /*seed=*/3);
  ASSERT_THAT(times, IsOk());
  HawkesFitOptions options;
  options.bootstrap_draws = 30;
  options.bootstrap_seed = 11;
  absl::StatusOr<HawkesFit> first = FitHawkes(*times, 2000.0, options);
  absl::StatusOr<HawkesFit> second = FitHawkes(*times, 2000.0, options);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_GE(first->bootstrap_draws_used, 10);
  ASSERT_TRUE(first->alpha.interval.has_value());
  EXPECT_EQ(first->alpha.interval->method, IntervalMethod::kBootstrap);
  EXPECT_EQ(first->alpha.interval->draws, first->bootstrap_draws_used);
  EXPECT_LE(first->alpha.interval->lower, first->alpha.interval->upper);
  EXPECT_EQ(first->alpha.interval->lower, second->alpha.interval->lower);
  EXPECT_EQ(first->beta.interval->upper, second->beta.interval->upper);
}

TEST(FitPoissonTest, RateIsCountOverWindow) {
  absl::StatusOr<PoissonFit> fit = FitPoisson({1.0, 2.0, 7.0, 9.0}, 10.0);
  ASSERT_THAT(fit, IsOk());
  EXPECT_DOUBLE_EQ(fit->mu.estimate, 0.4);
  ASSERT_TRUE(fit->mu.standard_error.has_value());
  EXPECT_DOUBLE_EQ(*fit->mu.standard_error, 0.2);  // √4 / 10
  EXPECT_NEAR(fit->log_likelihood, 4 * std::log(0.4) - 4, 1e-12);
  EXPECT_NEAR(fit->aic, 2 - 2 * fit->log_likelihood, 1e-12);

  absl::StatusOr<PoissonFit> empty = FitPoisson({}, 10.0);
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty->mu.estimate, 0.0);
  EXPECT_EQ(empty->log_likelihood, 0.0);
  EXPECT_FALSE(empty->mu.standard_error.has_value());
}

TEST(SimulateCountsTest, ClosedFormMatchesSimulationWithinSamplingError) {
  // A history with recent events: the triggered part dominates.
  const HawkesParams p{0.01, 0.6, 0.05};
  const std::vector<double> history = {10.0, 80.0, 95.0, 98.0, 99.5};
  const double t = 100.0;
  const double horizon = 30.0;
  absl::StatusOr<double> lambda = HawkesCompensator(history, t, horizon, p);
  ASSERT_THAT(lambda, IsOk());
  const double closed_form = ProbabilityAtLeastOne(*lambda);
  const int draws = 10000;
  absl::StatusOr<CountSimulation> simulated =
      SimulateCounts(history, t, horizon, p, draws, /*seed=*/99);
  ASSERT_THAT(simulated, IsOk());
  absl::StatusOr<double> expected = HawkesExpectedCount(history, t, horizon, p);
  ASSERT_THAT(expected, IsOk());
  std::printf(
      "[ P(>=1)   ] closed form %.4f, simulated %.4f; mean %.4f vs "
      "expected %.4f (compensator %.4f); 5-95%% %lld-%lld\n",
      closed_form, simulated->probability_at_least_one, simulated->mean,
      *expected, *lambda, static_cast<long long>(simulated->percentile_5),
      static_cast<long long>(simulated->percentile_95));
  const double tolerance =
      4 * std::sqrt(closed_form * (1 - closed_form) / draws);
  EXPECT_THAT(simulated->probability_at_least_one,
              DoubleNear(closed_form, tolerance));
  // The mean count agrees with the expected count (which exceeds the
  // compensator: incidents in the horizon trigger more). The count's
  // standard deviation is below 3 here, so 4·sd/√N < 0.12.
  EXPECT_THAT(simulated->mean, DoubleNear(*expected, 4 * 3.0 / 100));
  EXPECT_GT(*expected, *lambda);
  EXPECT_LE(simulated->percentile_5, simulated->percentile_95);
  EXPECT_EQ(simulated->draws, draws);
}

TEST(SimulateCountsTest, PoissonCountsMatchTheRate) {
  const HawkesParams p{0.02, 0.0, 1.0};
  absl::StatusOr<CountSimulation> simulated =
      SimulateCounts({}, 0.0, 100.0, p, 20000, /*seed=*/5);
  ASSERT_THAT(simulated, IsOk());
  EXPECT_NEAR(simulated->mean, 2.0, 4 * std::sqrt(2.0 / 20000));
  EXPECT_NEAR(simulated->probability_at_least_one, 1 - std::exp(-2.0),
              4 * std::sqrt(0.14 / 20000));
  // Poisson(2): P(N ≤ 0) = 0.135 > 0.05, P(N ≤ 4) = 0.947 < 0.95.
  EXPECT_EQ(simulated->percentile_5, 0);
  EXPECT_EQ(simulated->percentile_95, 5);
}

TEST(SimulateCountsTest, ZeroRateNeverFires) {
  absl::StatusOr<CountSimulation> simulated =
      SimulateCounts({}, 0.0, 100.0, HawkesParams{0.0, 0.0, 1.0}, 100, 1);
  ASSERT_THAT(simulated, IsOk());
  EXPECT_EQ(simulated->mean, 0.0);
  EXPECT_EQ(simulated->percentile_95, 0);
}

TEST(SimulationTest, SameSeedGivesSameAnswer) {
  const HawkesParams p{0.05, 0.5, 0.1};
  absl::StatusOr<std::vector<double>> a = SimulateHawkes(p, 1000.0, 42);
  absl::StatusOr<std::vector<double>> b = SimulateHawkes(p, 1000.0, 42);
  absl::StatusOr<std::vector<double>> c = SimulateHawkes(p, 1000.0, 43);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  for (size_t i = 1; i < a->size(); ++i) EXPECT_LE((*a)[i - 1], (*a)[i]);

  absl::StatusOr<CountSimulation> x = SimulateCounts(*a, 1000, 50, p, 500, 8);
  absl::StatusOr<CountSimulation> y = SimulateCounts(*a, 1000, 50, p, 500, 8);
  ASSERT_THAT(x, IsOk());
  ASSERT_THAT(y, IsOk());
  EXPECT_EQ(x->mean, y->mean);
  EXPECT_EQ(x->percentile_95, y->percentile_95);
}

TEST(SimulationTest, RefusesRunawayPaths) {
  EXPECT_THAT(SimulateHawkes(HawkesParams{1e4, 0.5, 1.0}, 1e4, 1),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

}  // namespace
}  // namespace dyadscope::security_risk
