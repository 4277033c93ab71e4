#include "opticplan/fabric/topology.h"

#include <cmath>
#include <string>
#include <utility>

namespace opticplan::fabric {
using namespace catalog;

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The smallest divisor d of `up` for which d spines of `radix` ports can take `group_leaves`
// leaves' `up` uplinks each, with the same number of links from every leaf to every spine.
std::optional<int64_t> spines_for(int64_t group_leaves, int64_t up, int64_t radix) {
  for (int64_t d = 1; d <= up; ++d)
    if (up % d == 0 && d * radix >= group_leaves * up) return d;
  return std::nullopt;
}

std::string n(int64_t v) { return std::to_string(v); }

// Rails, planes and link speeds: every compute NIC port of a node (a server, or one of its trays)
// is a rail; planes split a NIC port into links; a leaf port takes `split` links.
Result<bool> size_links(Topology& t, const Catalog& cat, const ClusterSpec& spec, const Switch& leaf,
                        const Switch& spine, const Switch& core) {
  const Server& server = cat.servers[spec.server];
  t.trays = server.trays;
  for (const auto& sn : server.nics) {
    if (sn.role != "compute") continue;
    const Nic& nic = cat.nics[sn.nic];
    if (t.rails > 0 && nic.speed != t.nic_speed)
      return fail(server.id + " has compute NICs of different speeds; give one NIC speed per fabric");
    t.rails += sn.count * nic.ports / server.trays;
    t.nic_speed = nic.speed;
  }
  if (t.rails == 0) return fail(server.id + " has no compute NIC");
  if (spec.nic_speed) t.nic_speed = *spec.nic_speed;
  if (spec.planes < 1) return fail("planes must be at least 1");
  t.planes = spec.planes;
  t.link_speed = t.nic_speed / t.planes;

  // The leaf port speed the links land on, and how many NIC links share one port.
  t.leaf_port_speed = leaf.port_speed;
  if (t.link_speed > leaf.port_speed)
    return fail("a " + format(t.link_speed) + " NIC link is faster than " + leaf.id + "'s " + format(leaf.port_speed) +
                " ports");
  const double ratio = leaf.port_speed / t.link_speed;
  t.split = static_cast<int>(std::lround(ratio));
  if (std::fabs(ratio - t.split) > 1e-9)
    return fail(leaf.id + " ports (" + format(leaf.port_speed) + ") cannot be split into " + format(t.link_speed) +
                " links");
  if (t.split > 1) {
    bool ok = false;
    for (const auto& b : leaf.breakout) ok |= b.speed == t.link_speed && b.count == t.split;
    if (!ok)
      return fail(leaf.id + " does not break a " + format(leaf.port_speed) + " port out into " + n(t.split) + " x " +
                  format(t.link_speed) + " for the " + format(t.nic_speed) + " NICs of " + server.id);
  }
  if (spine.port_speed != leaf.port_speed || core.port_speed != leaf.port_speed)
    return fail("leaf, spine and core switches must have the same port speed (" + format(leaf.port_speed) + ")");
  return true;
}

// Scalable units and leaves. Rail-optimized: a leaf per rail takes one link from each of its nodes.
// Plain: a leaf takes every rail of its nodes (by default as many nodes as fill its down ports).
Result<bool> size_leaves(Topology& t, const ClusterSpec& spec, const Switch& leaf, int node_gpus) {
  if (spec.nodes_per_su < 1) return fail("nodes_per_su must be at least 1");
  t.rail_optimized = spec.rail_optimized;
  t.leaf_rails = spec.rail_optimized ? t.rails : 1;
  t.node_links = spec.rail_optimized ? 1 : t.rails;
  int per_leaf = spec.nodes_per_leaf > 0 ? spec.nodes_per_leaf : spec.nodes_per_su;
  if (!spec.rail_optimized && spec.nodes_per_leaf == 0) {
    const int half = static_cast<int>(
        std::floor(leaf.ports() * spec.leaf_oversubscription / (spec.leaf_oversubscription + 1) + 1e-9));
    per_leaf = std::max(1, half * t.split / t.rails);
    while (per_leaf > 1 && spec.nodes_per_su % per_leaf != 0) --per_leaf;
  }
  if (spec.nodes_per_su % per_leaf != 0)
    return fail("nodes_per_su (" + n(spec.nodes_per_su) + ") must be a multiple of nodes_per_leaf (" + n(per_leaf) +
                ")");
  if (spec.servers < 1) return fail("the cluster needs at least one server");
  t.servers = spec.servers;
  t.gpus = spec.servers * node_gpus;
  t.scalable_units = ceil_div(spec.servers + spec.reserved_slots, spec.nodes_per_su);
  t.node_slots = t.scalable_units * spec.nodes_per_su;
  t.leaf_ports = leaf.ports();
  t.leaf_down_ports = static_cast<int>(ceil_div(static_cast<int64_t>(per_leaf) * t.node_links, t.split));
  t.nodes_per_leaf = per_leaf;
  t.leaf_up_ports = static_cast<int>(std::ceil(t.leaf_down_ports / spec.leaf_oversubscription - 1e-9));
  if (t.leaf_down_ports + t.leaf_up_ports > t.leaf_ports)
    return fail("a leaf needs " + n(t.leaf_down_ports) + " ports down and " + n(t.leaf_up_ports) + " up, but " +
                leaf.id + " has " + n(t.leaf_ports) +
                ": lower nodes_per_su or nodes_per_leaf, or oversubscribe the leaf");
  t.leaves = t.scalable_units * t.leaf_rails * t.planes * (spec.nodes_per_su / per_leaf);
  t.nic_leaf_links = spec.servers * t.rails * t.planes;
  t.nic_leaf_ports = ceil_div(t.nic_leaf_links, t.split);
  t.management_links = spec.management_links;
  t.leaf_spine_links = t.leaves * t.leaf_up_ports;
  return true;
}

// Two tiers: one mesh per plane, or one per rail within a plane; false when the spines cannot mesh it.
bool size_two_tiers(Topology& t, const ClusterSpec& spec) {
  const int64_t leaves_per_plane = t.leaves / t.planes;
  const int64_t leaves_per_rail = leaves_per_plane / t.leaf_rails;
  t.grouping = spec.grouping;
  const bool by_rail = spec.grouping == SpineGrouping::kRail;
  const auto d = spines_for(by_rail ? leaves_per_rail : leaves_per_plane, t.leaf_up_ports, t.spine_ports);
  if (!d) return false;
  t.spine_groups = static_cast<int64_t>(t.planes) * (by_rail ? t.leaf_rails : 1);
  t.tiers = 2;
  t.spines = t.spine_groups * *d;
  t.spine_down_ports = static_cast<int>(t.leaf_up_ports / *d * (t.leaves / t.spine_groups));
  t.cores = 0;
  t.spine_core_links = 0;
  return true;
}

// Three tiers: pods of leaves under spines that split their ports down and up.
Result<bool> size_three_tiers(Topology& t, const ClusterSpec& spec, const Switch& spine, const Switch& core,
                              int node_gpus) {
  const int64_t leaves_per_plane = t.leaves / t.planes;
  t.spine_down_ports = static_cast<int>(
      std::floor(t.spine_ports * spec.spine_oversubscription / (spec.spine_oversubscription + 1) + 1e-9));
  t.spine_up_ports = t.spine_ports - t.spine_down_ports;
  if (t.spine_down_ports < 1) return fail(spine.id + " has no ports left to face the leaves");
  int64_t leaves_per_pod = t.spine_down_ports;  // one link from each leaf to each pod spine
  int64_t spines_per_pod = t.leaf_up_ports;
  if (spec.pod_leaves > 0) {
    // The fewest spines that divide the leaf uplinks evenly and can take the pod's uplinks.
    const auto d = spines_for(spec.pod_leaves, t.leaf_up_ports, t.spine_down_ports);
    if (!d) return fail("a pod of " + n(spec.pod_leaves) + " leaves needs more than " + n(t.leaf_up_ports) + " spines");
    leaves_per_pod = spec.pod_leaves;
    spines_per_pod = *d;
    t.spine_down_ports = static_cast<int>(leaves_per_pod * t.leaf_up_ports / spines_per_pod);
    t.spine_up_ports = static_cast<int>(std::ceil(t.spine_down_ports / spec.spine_oversubscription - 1e-9));
  }
  t.pod_leaves = leaves_per_pod;
  const int64_t pods_per_plane = ceil_div(leaves_per_plane, leaves_per_pod);
  if (pods_per_plane > t.core_ports) {
    const int64_t reach = static_cast<int64_t>(t.core_ports) * leaves_per_pod /
                          (static_cast<int64_t>(t.leaf_rails) * (spec.nodes_per_su / t.nodes_per_leaf)) *
                          spec.nodes_per_su * node_gpus * t.planes;
    return fail(n(t.gpus) + " GPUs need " + n(pods_per_plane) + " pods per plane, more than the " + n(t.core_ports) +
                " ports of a " + core.id + " core connect: three tiers of these switches reach " + n(reach) +
                " GPUs (use a higher-radix switch, more planes or oversubscription)");
  }
  t.tiers = 3;
  t.grouping = SpineGrouping::kPlane;
  t.spine_groups = pods_per_plane * t.planes;
  t.spines = t.spine_groups * spines_per_pod;
  t.spine_core_links = t.spines * t.spine_up_ports;
  t.cores = ceil_div(t.spine_core_links, t.core_ports);
  return true;
}

}  // namespace

Result<Switch> in_port_mode(const Switch& s, std::optional<DataRate> speed) {
  if (!speed || *speed == s.port_speed) return s;
  std::string modes = n(s.ports()) + " x " + format(s.port_speed);
  for (const auto& b : s.breakout) {
    modes += ", " + n(static_cast<int64_t>(s.ports()) * b.count) + " x " + format(b.speed);
    if (b.speed != *speed || s.cpo.valid()) continue;
    Switch m = s;
    m.port_speed = b.speed;
    m.ports_per_cage = s.ports_per_cage * b.count;
    m.breakout.clear();
    for (const auto& x : s.breakout) {
      const double r = b.speed / x.speed;
      const long k = std::lround(r);
      if (x.speed < b.speed && std::abs(r - static_cast<double>(k)) < 1e-9 && k >= 2 && k <= x.count)
        m.breakout.push_back({x.speed, static_cast<int>(k)});
    }
    return m;
  }
  for (const auto& g : s.gang) {
    modes += ", " + n(s.ports() / g.count) + " x " + format(g.speed) + " (" + n(g.count) + " ports ganged)";
    if (g.speed != *speed || s.cpo.valid()) continue;
    // Ports gang within a cage: a twin-port cage's two ports make one.
    if (s.ports_per_cage % g.count != 0)
      return fail(s.id + " gangs " + n(g.count) + " ports, which its " + n(s.ports_per_cage) +
                  "-port cages cannot hold");
    Switch m = s;
    m.port_speed = g.speed;
    m.ports_per_cage = s.ports_per_cage / g.count;
    // A ganged port breaks back out into the ports it joined, and into whatever they broke into.
    m.breakout = {{s.port_speed, g.count}};
    for (const auto& b : s.breakout)
      if (b.count * g.count <= 16) m.breakout.push_back({b.speed, b.count * g.count});
    m.gang.clear();
    return m;
  }
  if (s.cpo.valid())
    return fail(s.id + " is co-packaged: its ports run at its engines' " + format(s.port_speed) + ", not " +
                format(*speed));
  return fail(s.id + " has no " + format(*speed) + " port mode (it runs as " + modes + ")");
}

Result<TierSwitches> tier_switches(const Catalog& cat, const ClusterSpec& spec) {
  const SwitchId spine = spec.spine.valid() ? spec.spine : spec.leaf;
  const SwitchId core = spec.core.valid() ? spec.core : spine;
  TierSwitches out;
  for (const auto& [id, to] :
       {std::pair{spec.leaf, &out.leaf}, std::pair{spine, &out.spine}, std::pair{core, &out.core}}) {
    auto m = in_port_mode(cat.switches[id], spec.port_speed);
    if (!m) return fail(m.error());
    *to = std::move(*m);
  }
  return out;
}

Result<Topology> build_topology(const Catalog& cat, const ClusterSpec& spec) {
  Topology t;
  const Server& server = cat.servers[spec.server];
  auto tiers = tier_switches(cat, spec);
  if (!tiers) return fail(tiers.error());
  const Switch &leaf = tiers->leaf, &spine = tiers->spine, &core = tiers->core;
  const int node_gpus = server.gpus / server.trays;
  if (auto r = size_links(t, cat, spec, leaf, spine, core); !r) return fail(r.error());
  if (auto r = size_leaves(t, spec, leaf, node_gpus); !r) return fail(r.error());
  t.spine_ports = spine.ports();
  t.core_ports = core.ports();

  // The most a two-tier mesh per plane reaches: R leaves per plane; three tiers: R pods of R/2 leaves.
  const int64_t su_per_leaf_group = static_cast<int64_t>(t.leaf_rails) * (spec.nodes_per_su / t.nodes_per_leaf);
  const int64_t gpus_per_su = static_cast<int64_t>(spec.nodes_per_su) * node_gpus;
  if (spec.tiers == 2 || spec.tiers == 0) {
    if (size_two_tiers(t, spec)) {
      const int64_t max_leaves =
          spec.grouping == SpineGrouping::kPlane ? t.spine_ports : static_cast<int64_t>(t.spine_ports) * t.leaf_rails;
      t.max_gpus = max_leaves / su_per_leaf_group * gpus_per_su;
      return t;
    }
    if (spec.tiers == 2)
      return fail(n(t.gpus) + " GPUs need " + n(t.leaves / t.planes) +
                  " leaves per plane, more than a two-tier fabric of " + spine.id + " (" + n(t.spine_ports) +
                  " ports) can mesh; use three tiers");
  }
  if (spec.tiers != 0 && spec.tiers != 3 && spec.tiers != 2) return fail("tiers must be 2 or 3");
  if (auto r = size_three_tiers(t, spec, spine, core, node_gpus); !r) return fail(r.error());
  t.max_gpus = static_cast<int64_t>(t.core_ports) * t.pod_leaves / su_per_leaf_group * gpus_per_su;
  return t;
}

}  // namespace opticplan::fabric
