// Leaf sizing: the scalable-unit size as a visible choice.
//
// A scalable unit's size decides how many nodes one leaf takes: with the default of 32 nodes, a
// 144-port Quantum-X800 leaf uses 32 ports down and 32 up and leaves 80 idle, and the cluster buys
// more than twice the leaves it needs. When a design leaves nodes_per_su at its default (it did not
// choose it), is rail-optimized with a leaf per rail, and its leaves use at most half of their
// ports, build_fabric() also sizes the same cluster with the largest SU a leaf's ports take (its
// down ports, at the design's oversubscription) and reports both: ports used, switch counts, and
// switch and optics cost and power. A design that gives nodes_per_su (or nodes_per_leaf) made
// the choice and gets no note. Pure: the same catalog and input give the same sizing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "opticplan/core/units.h"

namespace opticplan::fabric {

struct LeafSizing {
  // One design's size and cost: as built, and at the full SU.
  struct Design {
    int nodes_per_su = 0;
    int tiers = 0;
    int leaf_ports_used = 0;  // down + up, per leaf
    int64_t scalable_units = 0, leaves = 0, spines = 0, cores = 0;
    Money switch_cost, optics_cost;
    Power switch_power, optics_power;
  };
  int leaf_ports = 0;  // per leaf switch
  Design as_built;
  std::optional<Design> full;  // the largest SU a leaf takes; none when that design cannot be built
  std::string full_error;      // why, when it cannot
};

}  // namespace opticplan::fabric
