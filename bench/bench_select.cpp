// Benchmarks of the catalog stage: unit parsing and one product selection over the shipped catalog.
#include <benchmark/benchmark.h>

#include "opticplan/core/units.h"
#include "opticplan/scenario/scenario.h"
#include "opticplan/select/select.h"

namespace {

void BM_ParseLength(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(opticplan::parse_length("1.2 km"));
}
BENCHMARK(BM_ParseLength);

void BM_SelectShippedCatalog(benchmark::State& state) {
  opticplan::Diagnostics diag;
  const auto sc = opticplan::load_scenario("", {true, {}}, diag);
  opticplan::catalog::Requirement req;
  req.speed = opticplan::gbps(800);
  req.channel.length = opticplan::km(1.2);
  for (auto _ : state) benchmark::DoNotOptimize(opticplan::catalog::select(sc.catalog, req));
}
BENCHMARK(BM_SelectShippedCatalog);

void BM_LoadShippedCatalog(benchmark::State& state) {
  for (auto _ : state) {
    opticplan::Diagnostics diag;
    benchmark::DoNotOptimize(opticplan::load_scenario("", {true, {}}, diag));
  }
}
BENCHMARK(BM_LoadShippedCatalog);

}  // namespace

BENCHMARK_MAIN();
