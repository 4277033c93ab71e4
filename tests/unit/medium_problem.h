// The generated medium supply problem the fast planner is measured on (PlanGap) and checked with
// (ResumedTries): 120 orders from 4 buyers over 30 items and 20 weeks, with second-source parts
// and second routes on a share `alternates` of the BOM lines and items that can have them.
#pragma once

#include <cstdint>

#include "opticplan/supply/generate.h"

namespace opticplan::supply {

inline Model medium_problem(uint64_t seed, double alternates = 0) {
  GenOptions o;
  o.orders = 120;
  o.items = 30;
  o.periods = 20;
  o.customers = 4;
  o.seed = seed;
  o.second_sources = alternates;
  o.alternate_routes = alternates;
  return generate_supply(o);
}

}  // namespace opticplan::supply
