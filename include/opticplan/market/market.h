// Market simulation: the supply plan of a whole market, many times over under uncertainty.
//
// A market scenario is a `supply:` section at market scale (buyers as customers with their
// quarterly demand as orders or forecasts, module makers as lines, component vendors as suppliers,
// long-term agreements) plus a `market:` section that says how to read and vary it:
//   - classes group items into what the market reports (400G, 800G, 1.6T, ...), each with an
//     average selling price per year and whether it counts as "800G and above";
//   - uncertainty: per run, every customer's demand and every supplier's and line's capacity is
//     multiplied by a lognormal factor of mean 1 (standard deviations given);
//   - scarcity premium: a class's price in a period rises by premium x the share of its demand
//     then unmet (scarcity slows price erosion, or reverses it);
//   - runs and a seed: run r draws from its own generator (seed, r), so results do not depend on
//     how runs are spread over threads.
// Each run is planned by the fast planner (supply/planner.h): unmet demand carries forward as late
// orders (backlog). Per period and class the result gives shipments; per year market value and
// the 800G-and-above share; per period the backlog and the binding constraint; each as P10, P50
// and P90 over the runs (nearest rank), plus the base run (no variation) exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "opticplan/core/diagnostics.h"
#include "opticplan/scenario/reader.h"
#include "opticplan/supply/model.h"

namespace opticplan::market {

struct PriceClass {
  std::string id;
  std::vector<int> items;                       // supply items in this class
  std::vector<std::pair<int, double>> prices;   // (year, USD) ascending
  bool high_speed = false;                      // counts as 800G and above
  double price_in(int year) const;              // the latest year at or before; the first before it
};

struct MarketSpec {
  std::vector<PriceClass> classes;
  int runs = 100;
  uint64_t seed = 1;
  double demand_sd = 0, supply_sd = 0, premium = 0;
};

struct Band {
  double p10 = 0, p50 = 0, p90 = 0, base = 0;
};

struct MarketResult {
  int runs = 0;
  std::vector<std::string> periods, classes;
  std::vector<int> years;
  std::vector<std::vector<Band>> shipments;  // [class][period] units
  std::vector<Band> value;                   // [year] USD
  std::vector<std::vector<Band>> class_value;  // [class][year] USD
  std::vector<Band> high_speed_share;        // [year] units of 800G+ / all units
  std::vector<Band> backlog;                 // [period] units due and not yet delivered
  std::vector<std::string> binding;          // [period] the constraint binding most often, or ""
  std::vector<double> binding_frequency;     // [period] share of runs in which it bound
};

std::optional<MarketSpec> read_market(MapReader& r, const supply::Model& model);

// Runs the simulation on `threads` threads (at least 1); deterministic for any thread count.
MarketResult simulate_market(const supply::Model& model, const MarketSpec& spec, int threads);

}  // namespace opticplan::market
