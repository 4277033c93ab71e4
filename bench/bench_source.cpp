// Benchmarks of the sourcing engine (issue 19): the size, 20 suppliers x 12 items x 16
// quarters, optimised on 200 sampled futures and evaluated on 10,000, and a small one.
#include <benchmark/benchmark.h>

#include "opticplan/source/generate.h"
#include "opticplan/source/sourcing.h"

namespace {

void BM_Source(benchmark::State& state) {
  auto p = opticplan::source::generate_sourcing(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                                                static_cast<int>(state.range(2)), 1);
  p.risk.scenarios = static_cast<int>(state.range(3));
  p.risk.evaluation = static_cast<int>(state.range(4));
  p.risk.frontier = {0, 0.25, 1, 4};
  for (auto _ : state) {
    auto s = opticplan::source::source(p, 2);
    if (!s) state.SkipWithError(s.error().c_str());
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_Source)->Args({4, 3, 8, 50, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Source)->Args({20, 12, 16, 50, 1000})->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Source)->Args({20, 12, 16, 200, 10000})->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
