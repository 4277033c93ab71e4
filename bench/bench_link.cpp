// Benchmarks of the link stage: intra-DC budget checks (target: >= 1 million per second per core)
// and the GN model of a 96-channel, 10-span route with its 201-point launch sweep (about 50 us a
// point), and GNPy's 15-span ROADM line propagated once (tests/link/gnpy; GNPy takes about 31 ms).
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
    link::FiberSpan span;
    span.length = km(80);
    span.attenuation = db_per_km(0.22);
    route.push_back(span);
    link::Amplifier amp;
    amp.noise_figure = db(5.5);
    route.push_back(amp);
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

// GNPy's 15 x 80 km line with five ROADMs (tests/link/gnpy/roadm-15x80km), propagated once at its
// launch power as GNPy's transmission_simulation does: bench/peers prints the ratio to GNPy.
void BM_GnModelGnpyLine(benchmark::State& state) {
  const auto model = [](double nf_min, double nf_max, double gain_min, double gain_flatmax) {
    link::AmplifierModel m;
    m.nf_min_db = nf_min;
    m.nf_max_db = nf_max;
    m.gain_min_db = gain_min;
    m.gain_flatmax_db = gain_flatmax;
    m.p_max_dbm = 21;
    link::two_coil(m);
    return m;
  };
  link::AmplifierModel fixed;
  fixed.kind = link::AmplifierModel::Kind::kFixedGain;
  fixed.nf0_db = 5;
  fixed.gain_min_db = 20;
  fixed.gain_flatmax_db = 21;
  fixed.p_max_dbm = 21;
  const auto amp = [](double gain, const link::AmplifierModel& m) {
    link::Amplifier a;
    a.gain = db(gain);
    a.model = m;
    return a;
  };
  const auto roadm = [](bool terminal) {
    link::Roadm r;
    r.target = dbm(-20);
    if (terminal) r.add_drop_osnr = db(41.0103);
    return r;
  };
  link::FiberSpan span;
  span.length = km(80);
  span.effective_area = um2(83);
  const link::AmplifierModel booster = model(6, 10, 15, 26), inline_amp = model(5.8, 10, 15, 25);
  std::vector<link::Element> route{roadm(true), amp(20, booster)};
  for (int k = 1; k <= 15; ++k) {
    route.push_back(span);
    route.push_back(amp(16, k % 2 ? inline_amp : fixed));
    if (k == 5 || k == 10 || k == 12 || k == 15) route.push_back(roadm(k == 15));
    if (k == 5 || k == 10 || k == 12) route.push_back(amp(20, booster));
  }
  link::ChannelPlan plan;
  plan.count = 96;
  plan.spacing = ghz(50);
  plan.symbol_rate = gbaud(32);
  plan.center = ghz(193725);
  const link::CoherentMode mode{"m", gbps(200), gbaud(32), db(17), db(100)};
  link::SweepOptions sweep;
  sweep.enabled = false;
  for (auto _ : state) benchmark::DoNotOptimize(link::evaluate(route, plan, mode, sweep));
}
BENCHMARK(BM_GnModelGnpyLine)->Unit(benchmark::kMicrosecond);
