// Benchmarks of the fabric stage: sizing and media choice for clusters from 1,024 to 1,048,576 GPUs.
// Sizing is closed-form, so the time should not grow with the GPU count; media choice scans the
// catalog's PMDs and modules once per tier.
#include <benchmark/benchmark.h>

#include "opticplan/fabric/fabric.h"
#include "opticplan/scenario/scenario.h"

namespace {

void BM_BuildFabric(benchmark::State& state) {
  opticplan::Diagnostics diag;
  const auto sc = opticplan::load_scenario("", {true, {}}, diag);
  opticplan::fabric::ClusterInput in;
  in.spec.server = *sc.catalog.find_server("dgx-b300");
  in.spec.leaf = *sc.catalog.find_switch("q3400");
  in.spec.nodes_per_su = 72;
  in.spec.servers = state.range(0) / 8;
  int64_t modules = 0;
  for (auto _ : state) {
    auto f = opticplan::fabric::build_fabric(sc.catalog, in);
    if (!f) state.SkipWithError(f.error().c_str());
    modules = f ? f->bom->modules : 0;
    benchmark::DoNotOptimize(f);
  }
  state.counters["modules"] = static_cast<double>(modules);
}
BENCHMARK(BM_BuildFabric)->Arg(1024)->Arg(8192)->Arg(131072)->Arg(746496);

}  // namespace
