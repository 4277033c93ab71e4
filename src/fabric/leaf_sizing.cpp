#include "opticplan/fabric/leaf_sizing.h"

#include <cmath>

#include "opticplan/fabric/fabric.h"

namespace opticplan::fabric {
namespace {

LeafSizing::Design design_of(const Fabric& f) {
  const Topology& t = f.topology;
  LeafSizing::Design d;
  d.nodes_per_su = f.input.spec.nodes_per_su;
  d.tiers = t.tiers;
  d.leaf_ports_used = t.leaf_down_ports + t.leaf_up_ports;
  d.scalable_units = t.scalable_units;
  d.leaves = t.leaves;
  d.spines = t.spines;
  d.cores = t.cores;
  if (f.bom) {
    d.switch_cost = f.bom->switch_cost;
    d.optics_cost = f.bom->optics_cost;
    d.switch_power = f.bom->switch_power;
    d.optics_power = f.bom->optics_power;
  }
  return d;
}

}  // namespace

std::optional<LeafSizing> leaf_sizing(const catalog::Catalog& cat, const ClusterInput& input, const Fabric& built) {
  const ClusterSpec& spec = input.spec;
  const Topology& t = built.topology;
  if (spec.nodes_per_su_given || spec.nodes_per_leaf > 0 || !spec.rail_optimized || t.leaf_ports <= 0) return {};
  if (2 * (t.leaf_down_ports + t.leaf_up_ports) > t.leaf_ports) return {};
  // The most nodes a leaf takes: its down ports at the design's oversubscription, each carrying
  // `split` NIC links.
  const double o = spec.leaf_oversubscription;
  const int down = static_cast<int>(std::floor(t.leaf_ports * o / (o + 1) + 1e-9));
  const int full = down * t.split;
  if (full <= spec.nodes_per_su) return {};
  LeafSizing s;
  s.leaf_ports = t.leaf_ports;
  s.as_built = design_of(built);
  ClusterInput at_full = input;
  at_full.spec.nodes_per_su = full;
  at_full.spec.nodes_per_su_given = true;  // chosen now: no sizing of its own
  if (auto f = build_fabric(cat, at_full))
    s.full = design_of(*f);
  else
    s.full_error = f.error();
  return s;
}

}  // namespace opticplan::fabric
