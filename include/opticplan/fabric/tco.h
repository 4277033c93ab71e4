// The architect's total cost of ownership of a fabric's optics over a number of years: capital
// (optics and switches as the bill prices them, plus the spares pool), power (optics and switches
// at a price per kWh and a PUE), replacements of what fails, the spares each part needs, the link
// hours lost to failures, and the laser emitters consumed per GPU.
//
// Failure rates come from the catalog: a part's rate is the sum of its bill's component FITs
// (failures per 10^9 hours), so an annualised failure rate (AFR) is FIT x 8,766 h / 10^9; a part
// whose components carry no FIT counts as never failing (and the result says how many such parts
// there are). What a failure takes down:
//   - a pluggable module or cable: its links, for `swap_hours` (taken from the spares pool);
//   - a co-packaged engine: the `cpo_ports_per_engine` ports it serves, for `switch_repair_hours`
//     (the switch is repaired or replaced: no field swap);
//   - an external laser source (ELS) of a co-packaged switch: the ports it feeds, for
//     `swap_hours` (it is a front-panel pluggable).
// Spares: failures arrive as a Poisson process; the pool of each pluggable part (modules, cables,
// ELS) is the smallest that meets `availability`, the probability that the failures within one
// replenishment lead time do not exhaust it. Pure: the same fabric and options, the same numbers.
#pragma once

#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/fabric/fabric.h"

namespace opticplan::fabric {

struct TcoOptions {
  int years = 5;
  double usd_per_kwh = 0.08;        // estimate: a US industrial tariff
  double pue = 1.3;                 // estimate: an air- and liquid-cooled AI hall
  double availability = 0.99;       // P(the spares last through a replenishment lead time)
  double lead_time_weeks = 8;       // estimate: replenishment of a spare
  double swap_hours = 2;            // estimate: a failed pluggable found and swapped from spares
  double switch_repair_hours = 48;  // estimate: a switch with a failed engine repaired or replaced
  int cpo_ports_per_engine = 4;     // estimate: ports one co-packaged engine serves
};

enum class TcoPartKind : unsigned char { kModule, kCable, kCpoEngine, kEls };

// One part of the fabric: every pluggable module or cable of one catalog id, a co-packaged
// engine type, or the external laser sources feeding it.
struct TcoPart {
  std::string id;
  TcoPartKind kind = TcoPartKind::kModule;
  double installed = 0;          // parts (engines for CPO)
  double fit = 0;                // per part
  double afr = 0;                // per part, a year
  double failures_per_year = 0;  // over the installed parts
  double links_down_per_failure = 0;
  double down_hours = 0;  // per failure
  double link_down_hours_per_year = 0;
  int64_t spares = 0;   // 0 for a co-packaged engine (repaired with its switch)
  Money unit_price;     // 0 when the catalog has no price that year
  double emitters = 0;  // laser emitters per part
};

struct Tco {
  TcoOptions options;
  std::vector<TcoPart> parts;
  Money switches_capex, optics_capex, spares_capex, replacements, optics_power_cost, switch_power_cost, total;
  double optics_kwh_per_year = 0, switch_kwh_per_year = 0;
  double failures_per_year = 0, link_down_hours_per_year = 0;
  double lasers_installed = 0, lasers_replaced = 0, lasers_per_gpu = 0;
  int64_t parts_without_fit = 0;  // installed parts whose bill carries no FIT
};

// Needs the fabric's bill of materials.
Result<Tco> total_cost_of_ownership(const catalog::Catalog& cat, const Fabric& f, const TcoOptions& o);

// The smallest pool s with P(Poisson(mean) <= s) >= availability.
int64_t spares_for(double mean, double availability);

}  // namespace opticplan::fabric
