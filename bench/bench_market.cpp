// The market's Monte Carlo on the shipped default scenario (data/scenarios/ai-optics-2026.yaml):
// runs per second per core, from 10 to 10,000 runs, one thread, so the figure is per core.
// BM_MarketRunsThreads runs the same on two threads (the machine's two cores).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <stdexcept>

#include "opticplan/market/market.h"
#include "opticplan/scenario/scenario.h"

namespace {

const opticplan::Scenario& market_scenario() {
  static const opticplan::Scenario sc = [] {
    opticplan::Diagnostics diag;
    auto s = opticplan::load_scenario(std::string(OPTICPLAN_SOURCE_DIR) + "/data/scenarios/ai-optics-2026.yaml",
                                      opticplan::LoadOptions{true, {}}, diag);
    if (!diag.ok() || !s.market) throw std::runtime_error(diag.str());
    return s;
  }();
  return sc;
}

void run_market(benchmark::State& state, int threads) {
  const auto& sc = market_scenario();
  opticplan::market::MarketSpec spec = *sc.market;
  spec.runs = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(opticplan::market::simulate_market(*sc.supply, spec, threads));
  state.counters["runs_per_s_per_core"] =
      benchmark::Counter(static_cast<double>(spec.runs) / threads, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_MarketRuns(benchmark::State& state) { run_market(state, 1); }
BENCHMARK(BM_MarketRuns)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MarketRuns)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_MarketRunsThreads(benchmark::State& state) { run_market(state, 2); }
BENCHMARK(BM_MarketRunsThreads)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
