// Deterministic generator of supply problems at scale, for benchmarks and randomized tests.
//
// generate_supply() builds a two-level network shaped like an optics maker's: modules made on
// assembly lines from an optical engine (a subassembly made on alignment lines) plus bought
// parts (DSP, driver, housing), engines from bought lasers and PICs; requirements with two
// alternate designs and customers that qualified one or both; orders whose due periods cluster
// so that thousands share a date; supply sized to a fraction of demand so capacity saturates;
// optionally second-source parts in the bills of materials.
// The same options and seed give the same model on every machine (the random numbers come from
// std::mt19937_64, whose sequence the standard fixes, mapped without library distributions).
#pragma once

#include <cstdint>

#include "opticplan/supply/model.h"

namespace opticplan::supply {

struct GenOptions {
  int orders = 1000;
  int items = 200;    // modules, engines and parts together (at least 10)
  int periods = 104;  // weeks from 2026-W01
  int customers = 20;
  double tightness = 0.8;  // supply as a share of demand
  // Share of the engines' laser lines and the modules' DSP lines that name a second-source part
  // (another part, preferred after the first); 0 (default): none, and the model is as before.
  double second_sources = 0;
  // Share of engines and modules with a second route: another line of the same kind, a period
  // slower at 95% of the first route's yield; 0 (default): none.
  double alternate_routes = 0;
  uint64_t seed = 1;
};

Model generate_supply(const GenOptions& options);

}  // namespace opticplan::supply
