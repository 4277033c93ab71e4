// Benchmarks of the fast planner on generated two-level networks (supply/generate.h): 200 items,
// 104 weekly periods, supply at 80% of demand so capacity saturates, due dates clustered every
// fourth week (thousands of orders share one). The target: 100,000 order lines in under 2 s, with
// time per order flat as orders grow.
#include <benchmark/benchmark.h>

#include "opticplan/supply/generate.h"
#include "opticplan/supply/planner.h"

namespace {

void BM_PlanHeuristic(benchmark::State& state) {
  opticplan::supply::GenOptions o;
  o.orders = static_cast<int>(state.range(0));
  const auto model = opticplan::supply::generate_supply(o);
  double fill = 0;
  for (auto _ : state) {
    auto plan = opticplan::supply::plan_heuristic(model);
    fill = plan.kpis.fill_rate;
    benchmark::DoNotOptimize(plan);
  }
  state.counters["fill_rate"] = fill;
  state.counters["per_order_ns"] =
      benchmark::Counter(static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanHeuristic)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
