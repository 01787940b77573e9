// File: services/security_risk/domain/hawkes.h
// -----------------------------------------------------------------------------
// The mathematics of incident forecasting: a univariate self-exciting (Hawkes)
// process with exponential kernel and its constant-rate Poisson special case,
// over event times measured in days (doubles) from the start of an
// observation window [0, T]. Pure C++ with no knowledge of incidents, dates or
// regions (risk.h builds on it).
//
// The model. The conditional intensity is
//
//   λ(t) = μ + Σ_{t_i < t} α·β·e^(−β(t − t_i)),
//
// with μ > 0 the background rate (events per day), α the branching ratio (the
// expected number of events one event triggers; 0 ≤ α < 1 keeps the process
// stationary) and β > 0 the decay rate per day (a triggered event follows its
// parent after 1/β days on average). Events at the same time do not excite
// one another (the sum is over t_i strictly before t). The compensator over
// (t, t+H] given the history up to t is
//
//   Λ = μH + α Σ_{t_i ≤ t} (e^(−β(t − t_i)) − e^(−β(t + H − t_i))),
//
// and P(at least one event in (t, t+H]) = 1 − e^(−Λ) (exactly: Λ is the
// integrated intensity along the path with no new event). Λ is not the
// expected number of events in the horizon when α > 0, because events in
// the horizon trigger more; that expectation has its own closed form (see
// HawkesExpectedCount) and is what simulated means agree with.
//
// Usage:
//
//   DYADSCOPE_ASSIGN_OR_RETURN(HawkesFit fit, FitHawkes(times, window_end));
//   DYADSCOPE_ASSIGN_OR_RETURN(PoissonFit base, FitPoisson(times, window_end));
//   if (fit.converged && fit.aic < base.aic) { ... fit.params ... }
//   DYADSCOPE_ASSIGN_OR_RETURN(
//       double lambda, HawkesCompensator(times, window_end, 365, fit.params));
//   double p = ProbabilityAtLeastOne(lambda);
//
// Numbers. Every function returns finite numbers (no NaN or infinity): logs
// and divisions are guarded and exponentials only ever see non-positive
// arguments. Randomness comes from std::mt19937_64 (whose output sequence
// the C++ standard fixes) turned into uniforms by taking its top 53 bits, so
// results depend only on the inputs and the seed, on every platform.
//
// Errors: INVALID_ARGUMENT for parameters outside their ranges (see
// ValidateHawkesParams), event times that are not finite, not sorted
// ascending or outside [0, T] (or after t for a history), non-positive or
// non-finite windows and horizons; FAILED_PRECONDITION for fits without
// events; RESOURCE_EXHAUSTED for simulations that would generate more than
// kMaxSimulatedEvents events. All functions are thread-safe (no shared
// state).

#ifndef DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_HAWKES_H_
#define DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_HAWKES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "domain_enums/security_risk.h"

namespace dyadscope::security_risk {

// The largest branching ratio a fit may return. Values closer to 1 describe
// a nearly explosive process whose forecasts are not credible; the bound
// keeps simulations finite.
inline constexpr double kMaxBranchingRatio = 0.99;

// The range a fitted decay rate β is kept in, per day: a mean trigger delay
// between about 15 minutes (0.01 day) and about 27 years (10,000 days).
inline constexpr double kMinDecayPerDay = 1e-4;
inline constexpr double kMaxDecayPerDay = 100.0;

// The most events one simulated path (or one simulated horizon) may hold.
inline constexpr int64_t kMaxSimulatedEvents = 10'000'000;

// The parameters of a Hawkes process with exponential kernel. A Poisson
// process is alpha = 0 (beta is then irrelevant but must still be valid).
struct HawkesParams {
  double mu = 0.0;     // background rate per day, > 0 (≥ 0 for Poisson)
  double alpha = 0.0;  // branching ratio, 0 ≤ alpha < 1
  double beta = 1.0;   // decay rate per day, > 0
};

// How an interval was computed (dyadscope.type.v1.IntervalMethod).
// enum class IntervalMethod: generated from the contract
// (domain_enums/security_risk.h).

// A two-sided interval (dyadscope.type.v1.Interval).
struct Interval {
  double lower = 0.0;
  double upper = 0.0;             // never below `lower`
  double confidence_level = 0.0;  // 0.95 for a 95% interval
  IntervalMethod method = IntervalMethod::kUnspecified;
  int32_t draws = 0;  // bootstrap or Monte Carlo draws; 0 for analytic ones
};

// A fitted parameter with its uncertainty
// (dyadscope.securityrisk.v1.ParameterEstimate).
struct ParameterEstimate {
  double estimate = 0.0;
  // From the observed information; absent when it is not available (see
  // FitHawkes).
  std::optional<double> standard_error;
  // A normal-approximation interval (estimate ± 1.96·SE, clipped to the
  // parameter's range) or, when a bootstrap was asked for, a percentile
  // bootstrap interval; absent when neither is available.
  std::optional<Interval> interval;
};

// Returns OK when `params` is a valid Hawkes process: mu > 0, 0 ≤ alpha < 1,
// beta > 0, all finite; with `allow_zero_mu`, mu = 0 is also accepted (a
// process that never starts, as fitted to an empty history). Otherwise
// INVALID_ARGUMENT naming the parameter.
absl::Status ValidateHawkesParams(const HawkesParams& params,
                                  bool allow_zero_mu = false);

// Returns OK when `times` are finite, sorted ascending (ties allowed) and in
// [0, window_end], and window_end is finite and > 0; otherwise
// INVALID_ARGUMENT.
absl::Status ValidateEventTimes(absl::Span<const double> times,
                                double window_end);

// Returns the log-likelihood of `times` on [0, window_end] under `params`,
//   Σ ln λ(t_i) − ∫_0^T λ(s) ds,
// computed in O(n) with the recursion A_i = e^(−β(t_i − t_{i−1}))(A_{i−1} +
// ties at t_{i−1}). Errors: as ValidateHawkesParams (mu must be > 0) and
// ValidateEventTimes.
absl::StatusOr<double> HawkesLogLikelihood(absl::Span<const double> times,
                                           double window_end,
                                           const HawkesParams& params);

// Returns the intensity λ(t) given the events of `history` (sorted, all ≤ t,
// ≥ 0); events at exactly t do not count. Errors: invalid params (mu ≥ 0
// allowed), unsorted or non-finite history, an event after t.
absl::StatusOr<double> HawkesIntensity(absl::Span<const double> history,
                                       double t, const HawkesParams& params);

// Returns the compensator Λ = ∫_t^{t+H} λ(s) ds over (t, t+H] given
// `history` (sorted, all ≤ t): the expected number of events in the horizon.
// Errors: as HawkesIntensity; `horizon` must be finite and > 0.
absl::StatusOr<double> HawkesCompensator(absl::Span<const double> history,
                                         double t, double horizon,
                                         const HawkesParams& params);

// Returns the expected number of events in (t, t+H] given `history`
// (sorted, all ≤ t), counting the events the horizon's own events trigger.
// With x₀ = αβ Σ_{t_i ≤ t} e^(−β(t − t_i)) (the excitation just after t),
// κ = β(1 − α) and x∞ = αμ/(1 − α), the mean excitation relaxes as
// x(s) = x∞ + (x₀ − x∞)e^(−κs), so
//   E[N] = μH + x∞H + (x₀ − x∞)(1 − e^(−κH))/κ.
// Equals the compensator when α = 0. Errors: as HawkesCompensator.
absl::StatusOr<double> HawkesExpectedCount(absl::Span<const double> history,
                                           double t, double horizon,
                                           const HawkesParams& params);

// Returns 1 − e^(−compensator), the probability of at least one event: 0 for
// a compensator ≤ 0 or NaN, 1 for +infinity.
double ProbabilityAtLeastOne(double compensator);

// Options of FitHawkes.
struct HawkesFitOptions {
  // The cap on quasi-Newton iterations of each start.
  int max_iterations = 500;
  // Parametric-bootstrap draws for the parameter intervals; 0 (the default)
  // skips the bootstrap. Each draw simulates a path on [0, T] from the
  // fitted parameters and refits it, so this multiplies the cost.
  int bootstrap_draws = 0;
  // The bootstrap's seed.
  uint64_t bootstrap_seed = 1;
};

// A maximum-likelihood Hawkes fit.
struct HawkesFit {
  HawkesParams params;
  ParameterEstimate mu;
  ParameterEstimate alpha;
  ParameterEstimate beta;
  double log_likelihood = 0.0;
  double aic = 0.0;  // 2·3 − 2·log_likelihood
  // True when the best start met the convergence test (a gradient below
  // tolerance or a relative change of the log-likelihood below 1e-12) before
  // the iteration cap.
  bool converged = false;
  // True when α ended at its upper bound or β at either bound of its range
  // (within 1e-6 relative): the data push the kernel past what the model
  // allows (nearly explosive, or a kernel slower or faster than any
  // plausible trigger delay, which mimics a trend), so the fit is not a
  // stable description. In the Poisson limit (α ≤ 1e-6) β does not matter
  // and its bounds do not count.
  bool at_parameter_bound = false;
  int iterations = 0;  // quasi-Newton iterations of the best start
  int event_count = 0;
  double window_end = 0.0;
  int bootstrap_draws_used = 0;  // bootstrap refits that converged
};

// Fits μ, α and β by maximum likelihood to `times` on [0, window_end].
//
// Method: BFGS with a backtracking (Armijo) line search on transformed
// parameters, μ = e^a, α = kMaxBranchingRatio·σ(b) and ln β = ln β_min +
// (ln β_max − ln β_min)·σ(c) (σ the logistic function), which keeps every
// iterate inside 0 < α < kMaxBranchingRatio and kMinDecayPerDay < β <
// kMaxDecayPerDay; the analytic gradient is computed in O(n) alongside the
// likelihood. Six starts (α ∈ {0.2, 0.6} × β ∈ {10, 1, 0.1} / mean gap
// between events, μ = (1 − α)·n/T); the start with the highest likelihood
// wins, and the fit counts as converged when that start converged or a
// converged start reached the same likelihood (within 1e-9 relative).
//
// Uncertainty: the observed information is the negative of the Hessian of
// the log-likelihood at the optimum, computed by central differences of the
// analytic gradient (relative step 1e-4); standard errors are the square
// roots of the diagonal of its inverse, and intervals estimate ± 1.96·SE,
// clipped to μ ≥ 0, 0 ≤ α ≤ 1 and β ≥ 0. They are absent when the
// optimum is on the boundary of the parameter space (α < 1e-6, or α or β
// within 1e-6 relative of its bound), where the normal approximation does
// not hold, or when the information is not positive definite. With
// `bootstrap_draws` > 0, the intervals are instead the 2.5th–97.5th
// percentiles of the refitted parameters (standard errors stay those of the
// observed information).
//
// Errors: as ValidateEventTimes; FAILED_PRECONDITION when `times` is empty;
// INVALID_ARGUMENT for max_iterations < 1 or bootstrap_draws < 0.
absl::StatusOr<HawkesFit> FitHawkes(absl::Span<const double> times,
                                    double window_end,
                                    const HawkesFitOptions& options = {});

// A homogeneous Poisson fit.
struct PoissonFit {
  // μ = n/T, SE √n/T (observed information), interval μ ± 1.96·SE clipped
  // at 0 (absent when n = 0).
  ParameterEstimate mu;
  double log_likelihood = 0.0;  // n·ln μ − μT (0 when n = 0)
  double aic = 0.0;             // 2·1 − 2·log_likelihood
  int event_count = 0;
  double window_end = 0.0;
};

// Fits a constant rate to `times` on [0, window_end]. An empty `times` gives
// μ = 0. Errors: as ValidateEventTimes.
absl::StatusOr<PoissonFit> FitPoisson(absl::Span<const double> times,
                                      double window_end);

// The simulated number of events in a horizon.
struct CountSimulation {
  double mean = 0.0;
  double probability_at_least_one = 0.0;  // share of draws with ≥ 1 event
  // The 5th and 95th percentiles of the counts (nearest rank: the
  // ⌈0.05·N⌉-th and ⌈0.95·N⌉-th smallest), a 90% range.
  int64_t percentile_5 = 0;
  int64_t percentile_95 = 0;
  int draws = 0;
};

// The default number of simulated horizons.
inline constexpr int kDefaultSimulationDraws = 10'000;

// Simulates, by Ogata's thinning (exact for the exponential kernel, whose
// intensity only decreases between events), `draws` continuations of the
// process over (t, t+horizon] given `history` (sorted, all ≤ t), and
// summarises the counts. Deterministic for a given seed. Errors: as
// HawkesCompensator; draws < 1; RESOURCE_EXHAUSTED when the draws together
// would exceed kMaxSimulatedEvents events.
absl::StatusOr<CountSimulation> SimulateCounts(
    absl::Span<const double> history, double t, double horizon,
    const HawkesParams& params, int draws = kDefaultSimulationDraws,
    uint64_t seed = 1);

// Returns the event times (ascending) of one path of the process on
// [0, window_end] started without history, by Ogata's thinning, seeded.
// Errors: invalid params (mu ≥ 0 allowed) or window; RESOURCE_EXHAUSTED when
// the path would exceed kMaxSimulatedEvents events.
absl::StatusOr<std::vector<double>> SimulateHawkes(const HawkesParams& params,
                                                   double window_end,
                                                   uint64_t seed);

}  // namespace dyadscope::security_risk

#endif  // DYADSCOPE_SERVICES_SECURITY_RISK_DOMAIN_HAWKES_H_
