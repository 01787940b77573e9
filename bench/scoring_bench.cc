// Score latency (issues 6 and 11): the default model (3 indices, every
// known indicator as a component), 2 periods, 1,000 and 10,000 Monte Carlo
// draws, without and with the default Sobol sensitivity analysis, against
// the same computation with 1 draw and no sensitivity analysis as the
// baseline. Calls the domain
// function directly: the figure is the computation, not the transport.

#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "services/scoring/domain/model.h"
#include "services/scoring/domain/score.h"

namespace dyadscope::scoring {
namespace {

ScoreRequest TwoPeriods(int draws, bool sensitivity) {
  ScoreRequest request;
  const ScoringModel model = DefaultModel();
  const double where[] = {0.4, 0.8};
  for (int p = 0; p < 2; ++p) {
    PeriodIndicators period;
    period.period = Period{p == 0 ? "consolidation" : "deepening",
                           p == 0 ? 1990 : 2015, std::nullopt, ""};
    for (const IndexDefinition& index : model.indices) {
      for (const Component& component : index.components) {
        const double lo = component.min_max->lower_goalpost;
        const double hi = component.min_max->upper_goalpost;
        period.values.push_back(IndicatorValue{component.indicator_id,
                                               lo + where[p] * (hi - lo),
                                               0.05 * (hi - lo), ""});
      }
    }
    request.periods.push_back(std::move(period));
  }
  request.monte_carlo.draws = draws;
  request.monte_carlo.seed = 1;
  request.sensitivity.skip = !sensitivity;
  return request;
}

void BM_Score_1Draw_NoSensitivity(benchmark::State& state) {
  const ScoreRequest request = TwoPeriods(1, false);
  for (auto _ : state) benchmark::DoNotOptimize(Score(request));
}
BENCHMARK(BM_Score_1Draw_NoSensitivity)->Unit(benchmark::kMillisecond);

void BM_Score_NoSensitivity(benchmark::State& state) {
  const ScoreRequest request =
      TwoPeriods(static_cast<int>(state.range(0)), false);
  for (auto _ : state) benchmark::DoNotOptimize(Score(request));
}
BENCHMARK(BM_Score_NoSensitivity)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

void BM_Score_WithSobol(benchmark::State& state) {
  const ScoreRequest request =
      TwoPeriods(static_cast<int>(state.range(0)), true);
  for (auto _ : state) benchmark::DoNotOptimize(Score(request));
}
BENCHMARK(BM_Score_WithSobol)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dyadscope::scoring

BENCHMARK_MAIN();
