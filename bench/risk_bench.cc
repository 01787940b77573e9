// Risk computations (issue 11, part 5), called directly (the figure is the
// computation, not the transport), over synthetic incidents generated with
// a fixed seed: a self-exciting history (bursts after incidents) spread over
// Pakistan's seven provinces and territories, 2000–2024.
//   Poisson fit (baseline)  the constant-rate MLE over the same times;
//   Hawkes fit              the exponential-kernel MLE (multi-start
//                           quasi-Newton) over 1,000 and 10,000 incidents;
//   AssessRisk              every province and the country (fits, the
//                           fallbacks, 10,000-draw simulations) over 1,000
//                           and 10,000 incidents.
// The /1000 and /10000 arguments give the growth (x10 data → x? time).

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "benchmark/benchmark.h"
#include "services/security_risk/domain/hawkes.h"
#include "services/security_risk/domain/incident.h"
#include "services/security_risk/domain/risk.h"

namespace dyadscope::security_risk {
namespace {

constexpr const char* kProvinces[] = {
    "Balochistan", "Khyber Pakhtunkhwa",          "Sindh",
    "Punjab",      "Islamabad Capital Territory", "Gilgit-Baltistan",
    "Azad Kashmir"};
constexpr int kFirstYear = 2000;
constexpr int kDays = 25 * 365;

// `n` incident days in [0, kDays): a background rate plus bursts that follow
// incidents, sorted.
std::vector<double> IncidentDays(int n) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform(0.0, kDays);
  std::exponential_distribution<double> gap(1.0 / 20.0);
  std::vector<double> days;
  days.reserve(n);
  while (static_cast<int>(days.size()) < n) {
    double t = uniform(rng);
    days.push_back(t);
    // A burst of up to three followers within weeks.
    for (int k = 0; k < 3 && static_cast<int>(days.size()) < n; ++k) {
      t += gap(rng);
      if (t < kDays) days.push_back(t);
    }
  }
  std::sort(days.begin(), days.end());
  return days;
}

std::vector<Incident> Incidents(int n) {
  const std::vector<double> days = IncidentDays(n);
  std::vector<Incident> incidents;
  incidents.reserve(n);
  std::mt19937_64 rng(11);
  std::discrete_distribution<int> province({40, 30, 12, 8, 4, 3, 3});
  std::uniform_int_distribution<int> killed(0, 12);
  const absl::CivilDay start(kFirstYear, 1, 1);
  for (size_t i = 0; i < days.size(); ++i) {
    const absl::CivilDay day = start + static_cast<int>(days[i]);
    Incident incident;
    incident.id = static_cast<int64_t>(i + 1);
    incident.date = Date{static_cast<int>(day.year()), day.month(), day.day(),
                         DatePrecision::kDay};
    incident.location.country_code = "PAK";
    incident.location.province = kProvinces[province(rng)];
    incident.partner_country_code = "CHN";
    incident.fatalities_total = killed(rng);
    incidents.push_back(std::move(incident));
  }
  return incidents;
}

void BM_FitPoisson_Baseline(benchmark::State& state) {
  const std::vector<double> days = IncidentDays(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(FitPoisson(days, kDays));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FitPoisson_Baseline)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

void BM_FitHawkes(benchmark::State& state) {
  const std::vector<double> days = IncidentDays(state.range(0));
  for (auto _ : state) {
    auto fit = FitHawkes(days, kDays);
    if (!fit.ok()) {
      state.SkipWithError(fit.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(fit);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FitHawkes)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_AssessRisk_AllProvinces(benchmark::State& state) {
  const std::vector<Incident> incidents = Incidents(state.range(0));
  RiskRequest request;
  request.as_of_date = Date{2024, 12, 31, DatePrecision::kDay};
  for (auto _ : state) {
    auto assessed = AssessRisk(incidents, request);
    if (!assessed.ok()) {
      state.SkipWithError(assessed.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(assessed);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AssessRisk_AllProvinces)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dyadscope::security_risk

BENCHMARK_MAIN();
