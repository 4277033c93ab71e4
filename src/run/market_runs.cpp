// The facade's market command: the Monte Carlo simulation, whole or in cancellable chunks.
#include <algorithm>

#include "opticplan/results/market_results.h"
#include "opticplan/results/provenance.h"
#include "opticplan/run/run.h"

namespace opticplan::run {

namespace {

// Runs in interleaved chunks (chunk c holds runs c, c + C, ...), so that a cancel is seen between
// chunks and progress moves; the blocks are put back in run order for reduce(), so the result is
// the one-call result, byte for byte. Chunks of at most 64 runs: a cancel waits for 64 runs at
// most, not for a twentieth of a million.
Result<market::MarketResult> simulate_in_chunks(const supply::Model& model, const market::MarketSpec& spec,
                                                const MarketOptions& options) {
  market::MarketSimulation sim(model, spec);
  const size_t block = sim.block_size();
  const int chunks = std::max(1, (spec.runs + 63) / 64);
  std::vector<std::vector<double>> parts(static_cast<size_t>(chunks));
  int done = 0;
  for (int c = 0; c < chunks; ++c) {
    if (options.cancel->load()) return fail(Code::kCancelled, "cancelled");
    sim.run(c, chunks, options.threads, parts[static_cast<size_t>(c)]);
    done += static_cast<int>(parts[static_cast<size_t>(c)].size() / block);
    if (options.progress) options.progress(done, spec.runs);
  }
  std::vector<double> all(static_cast<size_t>(spec.runs) * block);
  for (int r = 0; r < spec.runs; ++r) {
    const auto& part = parts[static_cast<size_t>(r % chunks)];
    std::copy_n(part.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r / chunks) * block), block,
                all.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * block));
  }
  return sim.reduce(all);
}

}  // namespace

Result<market::MarketSpec> market_spec(const Scenario& sc, const MarketOptions& options) {
  if (!sc.market || !sc.supply) return fail(Code::kBadInput, "has no market: section", "market");
  market::MarketSpec spec = *sc.market;
  if (options.runs) spec.runs = *options.runs;
  if (options.seed) spec.seed = *options.seed;
  return spec;
}

Result<MarketRun> simulate_market(const Scenario& sc, const MarketOptions& options) {
  auto spec = market_spec(sc, options);
  if (!spec) return spec.status();
  if (!options.cancel)
    return market_run_of(sc, *spec, market::simulate_market(*sc.supply, *spec, options.threads, options.progress));
  auto result = simulate_in_chunks(*sc.supply, *spec, options);
  if (!result) return result.status();
  return market_run_of(sc, *spec, std::move(*result));
}

MarketRun market_run_of(const Scenario& sc, market::MarketSpec spec, market::MarketResult result) {
  return MarketRun{&sc, std::move(spec), std::move(result)};
}

Json MarketRun::json() const {
  auto j = results::market_json(result, spec, *scenario->supply);
  results::add_provenance(j, *scenario, true, true);
  return j;
}
std::string MarketRun::text() const { return results::market_text(result, spec, *scenario->supply); }

Json MarketCompareRun::json() const {
  return {{"schema", "opticplan.market-compare"}, {"version", 1}, {"base", base.json()}, {"what_if", what_if.json()}};
}
std::string MarketCompareRun::text() const {
  return results::market_compare_text(base.result, base.spec, what_if.result, what_if.spec);
}

}  // namespace opticplan::run
