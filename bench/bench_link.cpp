// Benchmarks of the link stage: intra-DC budget checks (target: >= 1 million per second per core)
// and the GN model of a 96-channel, 10-span route (target: well under a millisecond).
#include <benchmark/benchmark.h>

#include <vector>

#include "opticplan/link/budget.h"
#include "opticplan/link/gn_model.h"
#include "opticplan/scenario/scenario.h"

namespace {

using namespace opticplan;

void BM_IntraDcBudgetCheck(benchmark::State& state) {
  Diagnostics diag;
  const auto sc = load_scenario("", {true, {}}, diag);
  // A million links over every intensity PMD of the shipped catalog, lengths 1 m .. 3 km.
  std::vector<catalog::PmdId> pmds;
  for (uint32_t i = 0; i < sc.catalog.pmds.size(); ++i)
    if (sc.catalog.pmds.raw()[i].kind == catalog::PmdKind::kIntensity) pmds.push_back(catalog::PmdId(i));
  const size_t n = 1 << 20;
  std::vector<link::Channel> channels(n);
  std::vector<catalog::PmdId> which(n);
  for (size_t i = 0; i < n; ++i) {
    channels[i].length = meters(1 + static_cast<double>((i * 2654435761u) % 3000));
    channels[i].connectors = 2 + static_cast<int>(i % 3);
    which[i] = pmds[i % pmds.size()];
    channels[i].fiber = sc.catalog.pmds[which[i]].fiber;
  }
  for (auto _ : state) {
    size_t pass = 0;
    for (size_t i = 0; i < n; ++i) pass += link::check_budget(sc.catalog.pmds[which[i]], channels[i]).pass;
    benchmark::DoNotOptimize(pass);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_IntraDcBudgetCheck)->Unit(benchmark::kMillisecond);

void BM_GnModel(benchmark::State& state) {
  const int channels = static_cast<int>(state.range(0)), spans = static_cast<int>(state.range(1));
  std::vector<link::Element> route;
  for (int s = 0; s < spans; ++s) {
    route.push_back(link::FiberSpan{km(80), db_per_km(0.22), ps_per_nm_km(16.7), um2(80), 2.6e-20});
    route.push_back(link::Amplifier{std::nullopt, db(5.5)});
  }
  link::ChannelPlan plan;
  plan.count = channels;
  plan.spacing = ghz(50);
  plan.symbol_rate = gbaud(32);
  const link::CoherentMode mode{"m", gbps(200), gbaud(32), db(17), db(36)};
  const link::SweepOptions sweep{-10, 10, 0.1, state.range(2) != 0};
  for (auto _ : state) benchmark::DoNotOptimize(link::evaluate(route, plan, mode, sweep));
}
BENCHMARK(BM_GnModel)->Args({96, 10, 0})->Args({96, 10, 1})->Args({64, 2, 0})->Unit(benchmark::kMicrosecond);

}  // namespace
