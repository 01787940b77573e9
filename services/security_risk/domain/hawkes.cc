#include "services/security_risk/domain/hawkes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/stats/quantile.h"
#include "common/status/status_macros.h"

namespace dyadscope::security_risk {
namespace {

// The two-sided 95% normal quantile.
constexpr double kZ95 = 1.959963984540054;
// A floor for intensities inside logarithms (only reached with μ = 0).
constexpr double kMinIntensity = 1e-300;
// Bounds of the transformed log μ, so that e^a never overflows.
constexpr double kMinLogMu = -50.0;
constexpr double kMaxLogMu = 10.0;
// The largest move of one line-search trial in transformed coordinates.
constexpr double kMaxStep = 10.0;
// Relative change of the objective below which a run has converged.
constexpr double kRelativeTolerance = 1e-12;
// Bootstrap refits needed before percentile intervals replace the normal
// ones.
constexpr int kMinBootstrapRefits = 10;

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>;

bool IsFinite(double x) { return std::isfinite(x); }

bool AllFinite(const Vec3& v) {
  return IsFinite(v[0]) && IsFinite(v[1]) && IsFinite(v[2]);
}

double Dot(const Vec3& a, const Vec3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

double NormInf(const Vec3& v) {
  return std::max({std::fabs(v[0]), std::fabs(v[1]), std::fabs(v[2])});
}

Mat3 Identity() {
  return Mat3{Vec3{1.0, 0.0, 0.0}, Vec3{0.0, 1.0, 0.0}, Vec3{0.0, 0.0, 1.0}};
}

// Returns a uniform draw in [0, 1) from the top 53 bits of the generator,
// the same on every standard library (unlike the <random> distributions).
double Uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Returns an exponential draw with the given rate (> 0).
double ExponentialDraw(std::mt19937_64& rng, double rate) {
  return -std::log1p(-Uniform01(rng)) / rate;
}

double Logistic(double x) {
  if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

double Logit(double p) {
  p = std::clamp(p, 1e-12, 1.0 - 1e-12);
  return std::log(p / (1.0 - p));
}

// The log-likelihood and its gradient with respect to (μ, α, β).
struct LogLikelihood {
  double value = 0.0;
  Vec3 gradient = {0.0, 0.0, 0.0};
};

// Computes the log-likelihood and its gradient in O(n). `times` must be
// valid (sorted, in [0, window_end]) and `p` within range; μ may be 0.
//
// Recursions, with `below` = Σ_{t_j < t_i} e^(−β(t_i − t_j)) and `r_below`
// = Σ_{t_j < t_i} (t_i − t_j)·e^(−β(t_i − t_j)) (∂below/∂β = −r_below), and
// `at` the events already seen at the current time (ties do not excite).
LogLikelihood EvaluateLogLikelihood(absl::Span<const double> times,
                                    double window_end, const HawkesParams& p) {
  LogLikelihood out;
  const double ab = p.alpha * p.beta;
  double below = 0.0;
  double r_below = 0.0;
  double at = 0.0;
  double t_current = times.empty() ? 0.0 : times[0];
  for (double t : times) {
    if (t > t_current) {
      const double dt = t - t_current;
      const double decay = std::exp(-p.beta * dt);
      r_below = decay * (r_below + dt * (below + at));
      below = decay * (below + at);
      at = 0.0;
      t_current = t;
    }
    const double lambda = std::max(p.mu + ab * below, kMinIntensity);
    out.value += std::log(lambda);
    out.gradient[0] += 1.0 / lambda;
    out.gradient[1] += p.beta * below / lambda;
    out.gradient[2] += p.alpha * (below - p.beta * r_below) / lambda;
    at += 1.0;
  }
  double compensator = p.mu * window_end;
  out.gradient[0] -= window_end;
  for (double t : times) {
    const double x = p.beta * (window_end - t);
    const double one_minus_decay = -std::expm1(-x);
    compensator += p.alpha * one_minus_decay;
    out.gradient[1] -= one_minus_decay;
    out.gradient[2] -= p.alpha * (window_end - t) * std::exp(-x);
  }
  out.value -= compensator;
  return out;
}

// The map between unconstrained coordinates x = (a, b, c) and parameters.
class Transform {
 public:
  Transform()
      : log_beta_low_(std::log(kMinDecayPerDay)),
        log_beta_high_(std::log(kMaxDecayPerDay)) {}

  HawkesParams ToParams(const Vec3& x) const {
    HawkesParams p;
    p.mu = std::exp(std::clamp(x[0], kMinLogMu, kMaxLogMu));
    p.alpha = kMaxBranchingRatio * Logistic(x[1]);
    p.beta =
        std::clamp(std::exp(log_beta_low_ +
                            (log_beta_high_ - log_beta_low_) * Logistic(x[2])),
                   kMinDecayPerDay, kMaxDecayPerDay);
    return p;
  }

  Vec3 FromParams(const HawkesParams& p) const {
    const double mu = std::max(p.mu, 1e-300);
    const double beta = std::clamp(p.beta, kMinDecayPerDay, kMaxDecayPerDay);
    return Vec3{
        std::clamp(std::log(mu), kMinLogMu, kMaxLogMu),
        Logit(p.alpha / kMaxBranchingRatio),
        Logit((std::log(beta) - log_beta_low_) /
              (log_beta_high_ - log_beta_low_)),
    };
  }

  // Returns ∂(μ, α, β)/∂(a, b, c) (the Jacobian is diagonal).
  Vec3 Derivatives(const Vec3& x, const HawkesParams& p) const {
    const bool mu_clamped = x[0] < kMinLogMu || x[0] > kMaxLogMu;
    return Vec3{
        mu_clamped ? 0.0 : p.mu,
        kMaxBranchingRatio * Logistic(x[1]) * Logistic(-x[1]),
        p.beta * (log_beta_high_ - log_beta_low_) * Logistic(x[2]) *
            Logistic(-x[2]),
    };
  }

 private:
  double log_beta_low_;
  double log_beta_high_;
};

// The result of one quasi-Newton run.
struct RunResult {
  Vec3 x = {0.0, 0.0, 0.0};
  double objective = 0.0;  // −log-likelihood
  bool converged = false;
  int iterations = 0;
};

// Minimises the negative log-likelihood from `x0` by BFGS with an Armijo
// backtracking line search.
RunResult Minimize(absl::Span<const double> times, double window_end,
                   const Transform& transform, const Vec3& x0,
                   int max_iterations) {
  const double n = static_cast<double>(times.size());
  // The gradient in transformed coordinates is on the scale of event counts.
  const double gradient_tolerance = 1e-7 * std::max(1.0, n);
  const double loose_gradient_tolerance = 1e-3 * std::max(1.0, n);

  auto evaluate = [&](const Vec3& x, Vec3& gradient) {
    const HawkesParams p = transform.ToParams(x);
    const LogLikelihood ll = EvaluateLogLikelihood(times, window_end, p);
    const Vec3 d = transform.Derivatives(x, p);
    for (int k = 0; k < 3; ++k) gradient[k] = -ll.gradient[k] * d[k];
    if (!IsFinite(ll.value) || !AllFinite(gradient)) {
      gradient = {0.0, 0.0, 0.0};
      return std::numeric_limits<double>::infinity();
    }
    return -ll.value;
  };

  RunResult run;
  Vec3 x = x0;
  Vec3 g;
  double f = evaluate(x, g);
  Mat3 h = Identity();
  bool identity = true;
  bool scaled = false;
  int iteration = 0;
  for (; iteration < max_iterations; ++iteration) {
    if (!IsFinite(f)) break;
    if (NormInf(g) <= gradient_tolerance) {
      run.converged = true;
      break;
    }
    Vec3 d;
    for (int i = 0; i < 3; ++i) d[i] = -Dot(h[i], g);
    double slope = Dot(g, d);
    if (!AllFinite(d) || !(slope < 0.0)) {
      h = Identity();
      identity = true;
      scaled = false;
      d = {-g[0], -g[1], -g[2]};
      slope = Dot(g, d);
    }
    const double size = NormInf(d);
    if (size > kMaxStep) {
      for (double& di : d) di *= kMaxStep / size;
      slope *= kMaxStep / size;
    }
    double step = 1.0;
    bool accepted = false;
    Vec3 x_new;
    Vec3 g_new;
    double f_new = f;
    for (int trial = 0; trial < 60; ++trial) {
      for (int i = 0; i < 3; ++i) x_new[i] = x[i] + step * d[i];
      f_new = evaluate(x_new, g_new);
      if (IsFinite(f_new) && f_new <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      if (!identity) {
        // The curvature model was poor: retry along the gradient.
        h = Identity();
        identity = true;
        scaled = false;
        continue;
      }
      // No decrease even along the gradient: rounding limits the progress.
      run.converged = NormInf(g) <= loose_gradient_tolerance;
      break;
    }
    Vec3 s;
    Vec3 y;
    for (int i = 0; i < 3; ++i) {
      s[i] = x_new[i] - x[i];
      y[i] = g_new[i] - g[i];
    }
    const double change = f - f_new;
    x = x_new;
    f = f_new;
    g = g_new;
    const double sy = Dot(s, y);
    const double yy = Dot(y, y);
    if (sy > 1e-12 * std::sqrt(Dot(s, s) * yy) && yy > 0.0) {
      if (!scaled) {
        h = Identity();
        for (int i = 0; i < 3; ++i) h[i][i] = sy / yy;
        scaled = true;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.
      const double rho = 1.0 / sy;
      Vec3 hy;
      for (int i = 0; i < 3; ++i) hy[i] = Dot(h[i], y);
      const double yhy = Dot(y, hy);
      Mat3 updated;
      for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
          updated[i][j] = h[i][j] - rho * (s[i] * hy[j] + hy[i] * s[j]) +
                          (rho * rho * yhy + rho) * s[i] * s[j];
        }
      }
      h = updated;
      identity = false;
    }
    if (change <= kRelativeTolerance * std::max(1.0, std::fabs(f)) &&
        NormInf(g) <= loose_gradient_tolerance) {
      run.converged = true;
      ++iteration;
      break;
    }
  }
  run.x = x;
  run.objective = f;
  run.iterations = iteration;
  return run;
}

// Returns (μ, α, β) as an array.
Vec3 AsVector(const HawkesParams& p) { return Vec3{p.mu, p.alpha, p.beta}; }

HawkesParams FromVector(const Vec3& v) {
  return HawkesParams{v[0], v[1], v[2]};
}

// Returns the standard errors of (μ, α, β) from the observed information, or
// nullopt when they are not available (see FitHawkes).
std::optional<Vec3> StandardErrors(absl::Span<const double> times,
                                   double window_end, const HawkesParams& p) {
  constexpr double kBoundaryTolerance = 1e-6;
  if (p.mu < 1e-15 || p.alpha < kBoundaryTolerance ||
      p.alpha > kMaxBranchingRatio * (1.0 - kBoundaryTolerance) ||
      p.beta < kMinDecayPerDay * (1.0 + kBoundaryTolerance) ||
      p.beta > kMaxDecayPerDay * (1.0 - kBoundaryTolerance)) {
    return std::nullopt;
  }
  const Vec3 theta = AsVector(p);
  Mat3 hessian;
  for (int k = 0; k < 3; ++k) {
    const double step = 1e-4 * theta[k];
    Vec3 plus = theta;
    Vec3 minus = theta;
    plus[k] += step;
    minus[k] -= step;
    const LogLikelihood up =
        EvaluateLogLikelihood(times, window_end, FromVector(plus));
    const LogLikelihood down =
        EvaluateLogLikelihood(times, window_end, FromVector(minus));
    for (int j = 0; j < 3; ++j) {
      hessian[j][k] = (up.gradient[j] - down.gradient[j]) / (2.0 * step);
    }
  }
  // The observed information, symmetrised.
  Mat3 info;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      info[i][j] = -0.5 * (hessian[i][j] + hessian[j][i]);
      if (!IsFinite(info[i][j])) return std::nullopt;
    }
  }
  // Cholesky factorisation info = L Lᵀ; fails unless positive definite.
  Mat3 l = {Vec3{0.0, 0.0, 0.0}, Vec3{0.0, 0.0, 0.0}, Vec3{0.0, 0.0, 0.0}};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j <= i; ++j) {
      double sum = info[i][j];
      for (int k = 0; k < j; ++k) sum -= l[i][k] * l[j][k];
      if (i == j) {
        if (!(sum > 1e-14 * std::fabs(info[i][i])) || !(sum > 0.0)) {
          return std::nullopt;
        }
        l[i][i] = std::sqrt(sum);
      } else {
        l[i][j] = sum / l[j][j];
      }
    }
  }
  // The diagonal of info⁻¹ = L⁻ᵀ L⁻¹: (info⁻¹)_kk = Σ_i (L⁻¹)_ik².
  Mat3 l_inverse = {Vec3{0.0, 0.0, 0.0}, Vec3{0.0, 0.0, 0.0},
                    Vec3{0.0, 0.0, 0.0}};
  for (int i = 0; i < 3; ++i) {
    l_inverse[i][i] = 1.0 / l[i][i];
    for (int j = 0; j < i; ++j) {
      double sum = 0.0;
      for (int k = j; k < i; ++k) sum -= l[i][k] * l_inverse[k][j];
      l_inverse[i][j] = sum / l[i][i];
    }
  }
  Vec3 errors;
  for (int k = 0; k < 3; ++k) {
    double variance = 0.0;
    for (int i = 0; i < 3; ++i) variance += l_inverse[i][k] * l_inverse[i][k];
    if (!IsFinite(variance) || !(variance > 0.0)) return std::nullopt;
    errors[k] = std::sqrt(variance);
  }
  return errors;
}

Interval NormalInterval(double estimate, double standard_error, double low,
                        double high) {
  Interval interval;
  interval.lower = std::clamp(estimate - kZ95 * standard_error, low, high);
  interval.upper = std::clamp(estimate + kZ95 * standard_error, low, high);
  interval.confidence_level = 0.95;
  interval.method = IntervalMethod::kNormalApproximation;
  return interval;
}

// Fits without uncertainty: the best of the starts.
struct PointFit {
  HawkesParams params;
  double log_likelihood = 0.0;
  bool converged = false;
  int iterations = 0;
};

PointFit FitPoint(absl::Span<const double> times, double window_end,
                  int max_iterations) {
  const Transform transform;
  const double n = static_cast<double>(times.size());
  const double mean_gap = window_end / n;
  std::vector<RunResult> runs;
  for (double alpha : {0.2, 0.6}) {
    for (double gaps : {10.0, 1.0, 0.1}) {
      HawkesParams start;
      start.alpha = alpha;
      start.mu = (1.0 - alpha) * n / window_end;
      start.beta = std::clamp(gaps / mean_gap, 10.0 * kMinDecayPerDay,
                              0.1 * kMaxDecayPerDay);
      runs.push_back(Minimize(times, window_end, transform,
                              transform.FromParams(start), max_iterations));
    }
  }
  size_t best = 0;
  for (size_t i = 1; i < runs.size(); ++i) {
    if (runs[i].objective < runs[best].objective) best = i;
  }
  PointFit fit;
  fit.params = transform.ToParams(runs[best].x);
  fit.log_likelihood = -runs[best].objective;
  fit.iterations = runs[best].iterations;
  fit.converged = runs[best].converged;
  for (const RunResult& run : runs) {
    if (run.converged &&
        run.objective - runs[best].objective <=
            1e-9 * std::max(1.0, std::fabs(runs[best].objective))) {
      fit.converged = true;
    }
  }
  return fit;
}

absl::Status ValidateHistory(absl::Span<const double> history, double t) {
  if (!IsFinite(t)) {
    return absl::InvalidArgumentError("the time t must be finite");
  }
  for (size_t i = 0; i < history.size(); ++i) {
    if (!IsFinite(history[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("history[", i, "] is not finite"));
    }
    if (i > 0 && history[i] < history[i - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat("history[", i, "] is before history[", i - 1, "]"));
    }
    if (history[i] > t) {
      return absl::InvalidArgumentError(
          absl::StrCat("history[", i, "] is after the time t"));
    }
  }
  return absl::OkStatus();
}

// Returns Σ_{t_i ≤ t} e^(−β(t − t_i)) (with `strict`, Σ_{t_i < t}).
double DecayedSum(absl::Span<const double> history, double t, double beta,
                  bool strict) {
  double sum = 0.0;
  for (double ti : history) {
    if (strict && ti >= t) continue;
    sum += std::exp(-beta * (t - ti));
  }
  return sum;
}

// Simulates one continuation over (0, horizon] from excitation `excitation`
// (λ − μ just after the start) by thinning; appends the event times (offset
// by `offset`) to `times` when given, and returns the number of events, or
// RESOURCE_EXHAUSTED past `budget` events.
absl::StatusOr<int64_t> SimulatePath(const HawkesParams& p, double excitation,
                                     double horizon, std::mt19937_64& rng,
                                     int64_t budget,
                                     std::vector<double>* times) {
  const double jump = p.alpha * p.beta;
  double s = 0.0;
  int64_t count = 0;
  while (true) {
    const double bound = p.mu + excitation;
    if (!(bound > 0.0)) break;
    const double wait = ExponentialDraw(rng, bound);
    s += wait;
    if (!(s <= horizon)) break;
    excitation *= std::exp(-p.beta * wait);
    if (Uniform01(rng) * bound <= p.mu + excitation) {
      ++count;
      if (count > budget) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "the simulation would exceed ", kMaxSimulatedEvents, " events"));
      }
      if (times != nullptr) times->push_back(s);
      excitation += jump;
    }
  }
  return count;
}

}  // namespace

absl::Status ValidateHawkesParams(const HawkesParams& params,
                                  bool allow_zero_mu) {
  if (!IsFinite(params.mu) || params.mu < 0.0 ||
      (!allow_zero_mu && params.mu == 0.0)) {
    return absl::InvalidArgumentError(allow_zero_mu
                                          ? "mu must be finite and non-negative"
                                          : "mu must be finite and positive");
  }
  if (!IsFinite(params.alpha) || params.alpha < 0.0 || params.alpha >= 1.0) {
    return absl::InvalidArgumentError("alpha must be in [0, 1)");
  }
  if (!IsFinite(params.beta) || params.beta <= 0.0) {
    return absl::InvalidArgumentError("beta must be finite and positive");
  }
  return absl::OkStatus();
}

absl::Status ValidateEventTimes(absl::Span<const double> times,
                                double window_end) {
  if (!IsFinite(window_end) || window_end <= 0.0) {
    return absl::InvalidArgumentError(
        "the window end must be finite and positive");
  }
  for (size_t i = 0; i < times.size(); ++i) {
    if (!IsFinite(times[i]) || times[i] < 0.0 || times[i] > window_end) {
      return absl::InvalidArgumentError(
          absl::StrCat("times[", i, "] is not in [0, window end]"));
    }
    if (i > 0 && times[i] < times[i - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat("times[", i, "] is before times[", i - 1, "]"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<double> HawkesLogLikelihood(absl::Span<const double> times,
                                           double window_end,
                                           const HawkesParams& params) {
  DYADSCOPE_RETURN_IF_ERROR(ValidateHawkesParams(params));
  DYADSCOPE_RETURN_IF_ERROR(ValidateEventTimes(times, window_end));
  return EvaluateLogLikelihood(times, window_end, params).value;
}

absl::StatusOr<double> HawkesIntensity(absl::Span<const double> history,
                                       double t, const HawkesParams& params) {
  DYADSCOPE_RETURN_IF_ERROR(
      ValidateHawkesParams(params, /*allow_zero_mu=*/true));
  DYADSCOPE_RETURN_IF_ERROR(ValidateHistory(history, t));
  return params.mu + params.alpha * params.beta *
                         DecayedSum(history, t, params.beta, /*strict=*/true);
}

absl::StatusOr<double> HawkesCompensator(absl::Span<const double> history,
                                         double t, double horizon,
                                         const HawkesParams& params) {
  DYADSCOPE_RETURN_IF_ERROR(
      ValidateHawkesParams(params, /*allow_zero_mu=*/true));
  DYADSCOPE_RETURN_IF_ERROR(ValidateHistory(history, t));
  if (!IsFinite(horizon) || horizon <= 0.0) {
    return absl::InvalidArgumentError(
        "the horizon must be finite and positive");
  }
  // Σ (e^(−β(t − t_i)) − e^(−β(t + H − t_i))) = (1 − e^(−βH)) Σ e^(−β(t −
  // t_i)).
  const double triggered =
      params.alpha * -std::expm1(-params.beta * horizon) *
      DecayedSum(history, t, params.beta, /*strict=*/false);
  const double compensator = params.mu * horizon + triggered;
  return IsFinite(compensator) ? compensator
                               : std::numeric_limits<double>::max();
}

absl::StatusOr<double> HawkesExpectedCount(absl::Span<const double> history,
                                           double t, double horizon,
                                           const HawkesParams& params) {
  DYADSCOPE_RETURN_IF_ERROR(
      ValidateHawkesParams(params, /*allow_zero_mu=*/true));
  DYADSCOPE_RETURN_IF_ERROR(ValidateHistory(history, t));
  if (!IsFinite(horizon) || horizon <= 0.0) {
    return absl::InvalidArgumentError(
        "the horizon must be finite and positive");
  }
  const double x0 = params.alpha * params.beta *
                    DecayedSum(history, t, params.beta, /*strict=*/false);
  const double kappa = params.beta * (1.0 - params.alpha);  // > 0
  const double x_inf = params.alpha * params.mu / (1.0 - params.alpha);
  const double relaxed = -std::expm1(-kappa * horizon) / kappa;
  const double expected =
      params.mu * horizon + x_inf * horizon + (x0 - x_inf) * relaxed;
  if (!IsFinite(expected)) return std::numeric_limits<double>::max();
  return std::max(expected, 0.0);
}

double ProbabilityAtLeastOne(double compensator) {
  if (!(compensator > 0.0)) return 0.0;
  if (!IsFinite(compensator)) return 1.0;
  return -std::expm1(-compensator);
}

absl::StatusOr<HawkesFit> FitHawkes(absl::Span<const double> times,
                                    double window_end,
                                    const HawkesFitOptions& options) {
  DYADSCOPE_RETURN_IF_ERROR(ValidateEventTimes(times, window_end));
  if (times.empty()) {
    return absl::FailedPreconditionError(
        "a Hawkes fit needs at least one event");
  }
  if (options.max_iterations < 1) {
    return absl::InvalidArgumentError("max_iterations must be at least 1");
  }
  if (options.bootstrap_draws < 0) {
    return absl::InvalidArgumentError("bootstrap_draws must not be negative");
  }
  const PointFit point = FitPoint(times, window_end, options.max_iterations);

  HawkesFit fit;
  fit.params = point.params;
  fit.log_likelihood = point.log_likelihood;
  fit.aic = 2.0 * 3.0 - 2.0 * point.log_likelihood;
  fit.converged = point.converged;
  fit.iterations = point.iterations;
  fit.at_parameter_bound =
      point.params.alpha >= kMaxBranchingRatio * (1.0 - 1e-6) ||
      (point.params.alpha > 1e-6 &&
       (point.params.beta <= kMinDecayPerDay * (1.0 + 1e-6) ||
        point.params.beta >= kMaxDecayPerDay * (1.0 - 1e-6)));
  fit.event_count = static_cast<int>(times.size());
  fit.window_end = window_end;
  fit.mu.estimate = point.params.mu;
  fit.alpha.estimate = point.params.alpha;
  fit.beta.estimate = point.params.beta;

  const std::optional<Vec3> errors =
      StandardErrors(times, window_end, point.params);
  if (errors.has_value()) {
    const double inf = std::numeric_limits<double>::max();
    fit.mu.standard_error = (*errors)[0];
    fit.alpha.standard_error = (*errors)[1];
    fit.beta.standard_error = (*errors)[2];
    fit.mu.interval = NormalInterval(point.params.mu, (*errors)[0], 0.0, inf);
    fit.alpha.interval =
        NormalInterval(point.params.alpha, (*errors)[1], 0.0, 1.0);
    fit.beta.interval =
        NormalInterval(point.params.beta, (*errors)[2], 0.0, inf);
  }

  if (options.bootstrap_draws > 0) {
    std::mt19937_64 seeds(options.bootstrap_seed);
    std::array<std::vector<double>, 3> draws;
    for (int b = 0; b < options.bootstrap_draws; ++b) {
      const uint64_t seed = seeds();
      absl::StatusOr<std::vector<double>> path =
          SimulateHawkes(point.params, window_end, seed);
      if (!path.ok()) return path.status();
      if (path->empty()) continue;
      const PointFit refit =
          FitPoint(*path, window_end, options.max_iterations);
      if (!refit.converged) continue;
      draws[0].push_back(refit.params.mu);
      draws[1].push_back(refit.params.alpha);
      draws[2].push_back(refit.params.beta);
    }
    fit.bootstrap_draws_used = static_cast<int>(draws[0].size());
    if (fit.bootstrap_draws_used >= kMinBootstrapRefits) {
      ParameterEstimate* targets[3] = {&fit.mu, &fit.alpha, &fit.beta};
      for (int k = 0; k < 3; ++k) {
        std::sort(draws[k].begin(), draws[k].end());
        Interval interval;
        interval.lower = stats::SortedQuantile(draws[k], 0.025);
        interval.upper = stats::SortedQuantile(draws[k], 0.975);
        interval.confidence_level = 0.95;
        interval.method = IntervalMethod::kBootstrap;
        interval.draws = fit.bootstrap_draws_used;
        targets[k]->interval = interval;
      }
    }
  }
  return fit;
}

absl::StatusOr<PoissonFit> FitPoisson(absl::Span<const double> times,
                                      double window_end) {
  DYADSCOPE_RETURN_IF_ERROR(ValidateEventTimes(times, window_end));
  PoissonFit fit;
  const double n = static_cast<double>(times.size());
  fit.event_count = static_cast<int>(times.size());
  fit.window_end = window_end;
  fit.mu.estimate = n / window_end;
  if (n > 0.0) {
    const double standard_error = std::sqrt(n) / window_end;
    fit.mu.standard_error = standard_error;
    fit.mu.interval = NormalInterval(fit.mu.estimate, standard_error, 0.0,
                                     std::numeric_limits<double>::max());
    fit.log_likelihood = n * std::log(fit.mu.estimate) - n;
  }
  fit.aic = 2.0 - 2.0 * fit.log_likelihood;
  return fit;
}

absl::StatusOr<CountSimulation> SimulateCounts(absl::Span<const double> history,
                                               double t, double horizon,
                                               const HawkesParams& params,
                                               int draws, uint64_t seed) {
  DYADSCOPE_RETURN_IF_ERROR(
      ValidateHawkesParams(params, /*allow_zero_mu=*/true));
  DYADSCOPE_RETURN_IF_ERROR(ValidateHistory(history, t));
  if (!IsFinite(horizon) || horizon <= 0.0) {
    return absl::InvalidArgumentError(
        "the horizon must be finite and positive");
  }
  if (draws < 1) {
    return absl::InvalidArgumentError("draws must be at least 1");
  }
  const double excitation =
      params.alpha * params.beta * DecayedSum(history, t, params.beta, false);
  // Each draw holds at most (μH + excitation/β)/(1 − α) events on average.
  const double expected_per_draw =
      (params.mu * horizon + excitation / params.beta) / (1.0 - params.alpha);
  if (expected_per_draw * draws > static_cast<double>(kMaxSimulatedEvents)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the simulation would exceed ", kMaxSimulatedEvents, " events"));
  }
  std::mt19937_64 rng(seed);
  std::vector<int64_t> counts;
  counts.reserve(static_cast<size_t>(draws));
  int64_t budget = kMaxSimulatedEvents;
  int64_t total = 0;
  int64_t with_event = 0;
  for (int d = 0; d < draws; ++d) {
    absl::StatusOr<int64_t> count =
        SimulatePath(params, excitation, horizon, rng, budget, nullptr);
    if (!count.ok()) return count.status();
    budget -= *count;
    total += *count;
    if (*count > 0) ++with_event;
    counts.push_back(*count);
  }
  std::sort(counts.begin(), counts.end());
  auto nearest_rank = [&](double q) {
    const double rank = std::ceil(q * static_cast<double>(draws));
    const int64_t index =
        std::clamp<int64_t>(static_cast<int64_t>(rank) - 1, 0, draws - 1);
    return counts[static_cast<size_t>(index)];
  };
  CountSimulation result;
  result.draws = draws;
  result.mean = static_cast<double>(total) / draws;
  result.probability_at_least_one = static_cast<double>(with_event) / draws;
  result.percentile_5 = nearest_rank(0.05);
  result.percentile_95 = nearest_rank(0.95);
  return result;
}

absl::StatusOr<std::vector<double>> SimulateHawkes(const HawkesParams& params,
                                                   double window_end,
                                                   uint64_t seed) {
  DYADSCOPE_RETURN_IF_ERROR(
      ValidateHawkesParams(params, /*allow_zero_mu=*/true));
  if (!IsFinite(window_end) || window_end <= 0.0) {
    return absl::InvalidArgumentError(
        "the window end must be finite and positive");
  }
  // A path holds μT/(1 − α) events on average (stationary rate).
  if (params.mu * window_end / (1.0 - params.alpha) >
      static_cast<double>(kMaxSimulatedEvents)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the simulation would exceed ", kMaxSimulatedEvents, " events"));
  }
  std::mt19937_64 rng(seed);
  std::vector<double> times;
  absl::StatusOr<int64_t> count =
      SimulatePath(params, 0.0, window_end, rng, kMaxSimulatedEvents, &times);
  if (!count.ok()) return count.status();
  return times;
}

}  // namespace dyadscope::security_risk
