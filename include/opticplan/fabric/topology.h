// Fabric topology: switch and link counts of a GPU cluster's scale-out fabric, exactly.
//
// A ClusterSpec names the server (its compute NICs are the rails), the switches and the size; the
// builder sizes a rail-optimized fat tree the way vendor reference architectures do
// (docs/research/reference-fabrics.md has the published tables and the derivations):
//   - a scalable unit (SU) is a block of `nodes_per_su` servers with one leaf per rail and plane
//     (or several, when `nodes_per_leaf` is smaller, e.g. a leaf per rack); partial builds get
//     whole SUs, their unused leaf ports left empty, as vendors build them;
//   - a leaf gives `nodes_per_leaf` attachments down (split 2:1 or more when the NIC link is slower
//     than the switch port) and as many ports up, divided by the leaf oversubscription;
//   - two tiers: each spine group (a plane, or a rail within a plane when a plane outgrows one
//     mesh) has the smallest number of spines that divides every leaf's uplinks evenly and offers
//     enough ports (this reproduces the published 16 spines for 3 SU of DGX H100, not 12);
//   - three tiers: pods of `spine ports down` leaves under `leaf uplinks` spines, spines split
//     half down / half up (non-blocking), cores = spine uplinks / core radix; or, with pod_leaves,
//     pods of that many leaves under the fewest spines that divide the leaf uplinks evenly (the
//     GB200 SuperPOD's spine-leaf groups: 8 leaves, 6 spines, 24 ports down and 24 up);
//   - rack-scale servers (NVL72) are `trays` fabric nodes each, with their share of GPUs and NICs.
// Designs that cannot be built (more GPUs than the tiers reach, a NIC faster than the switch port,
// a leaf that needs more ports than it has) are errors naming the limit, never a wrong count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/result.h"

namespace opticplan::fabric {

// Two-tier spines form one full mesh per plane (the default: every leaf reaches every spine of its
// plane), or one mesh per rail within a plane ("rail-optimized to the top", where cross-rail traffic
// goes over the servers' scale-up domain), which reaches rails times further.
enum class SpineGrouping : unsigned char { kPlane, kRail };

struct ClusterSpec {
  catalog::ServerId server;
  catalog::SwitchId leaf, spine, core;  // spine and core default to the leaf model
  int64_t servers = 0;                  // fabric nodes installed: servers, or their trays (NVL72: 18 a rack)
  int nodes_per_su = 32;
  bool nodes_per_su_given = false;  // false: the default above, which the design did not choose (leaf_sizing.h)
  int nodes_per_leaf = 0;           // 0: nodes_per_su (one leaf per rail and plane per SU)
  int reserved_slots = 0;           // node slots given to fabric management (NVIDIA UFM: 1)
  int management_links = 0;         // extra leaf links for fabric managers (UFM ports)
  int planes = 1;
  int tiers = 0;                       // 2, 3, or 0 = the fewest that reach
  double leaf_oversubscription = 1;    // down:up bandwidth at the leaf
  double spine_oversubscription = 1;   // down:up at the spine (three tiers)
  int pod_leaves = 0;                  // three tiers: leaves per pod (0: as many as a spine's down ports)
  std::optional<DataRate> nic_speed;   // the compute NICs run at this speed instead of their own
  std::optional<DataRate> port_speed;  // the switches' port mode (in_port_mode()); none: their native speed
  bool rail_optimized = true;          // false: a plain fat tree, each node's rails on one leaf
  SpineGrouping grouping = SpineGrouping::kPlane;
};

struct Topology {
  int rails = 0, planes = 1, tiers = 2;
  int64_t scalable_units = 0, servers = 0, node_slots = 0, gpus = 0;
  DataRate nic_speed, link_speed, leaf_port_speed;
  int split = 1;  // NIC links per leaf downlink port
  int leaf_ports = 0, leaf_down_ports = 0, leaf_up_ports = 0;
  int spine_ports = 0, spine_down_ports = 0, spine_up_ports = 0, core_ports = 0;
  int64_t leaves = 0, spines = 0, cores = 0;
  int64_t spine_groups = 0;  // two tiers: meshes; three tiers: pods
  int64_t pod_leaves = 0;    // three tiers: leaves per pod
  int trays = 1;             // fabric nodes per server (rack-scale systems)
  bool rail_optimized = true;
  int leaf_rails = 0;  // leaf groups per SU and plane: rails, or 1 for a plain fat tree
  int node_links = 1;  // links from one node to one leaf: 1, or rails (plain)
  int nodes_per_leaf = 0;
  SpineGrouping grouping = SpineGrouping::kPlane;
  // Logical links, at each tier's link rate: one per NIC port (per plane) and leaf port or sub-port,
  // one per leaf uplink, one per spine uplink. A breakout joins `split` of them on one leaf port.
  int64_t nic_leaf_links = 0, management_links = 0, leaf_spine_links = 0, spine_core_links = 0;
  int64_t nic_leaf_ports = 0;  // the leaf downlink ports those links use: nic_leaf_links / split
  int64_t max_gpus = 0;        // the most GPUs these tiers reach with these switches
};

Result<Topology> build_topology(const catalog::Catalog& cat, const ClusterSpec& spec);

// A switch in a port mode: its ports run at `speed`, one of its breakouts, every cage then carrying
// ports_per_cage x count ports (an SN5600 runs as 64 x 800G or as 128 x 400G), so the radix the
// tiers are sized with is the mode's; the mode's own breakouts are the native ones that split it
// further. None, or the native speed: the switch as it is. A speed it does not break out into, or
// any other speed on a co-packaged switch (its engines run at theirs), is an error naming its modes.
Result<catalog::Switch> in_port_mode(const catalog::Switch& s, std::optional<DataRate> speed);

// The design's leaf, spine and core switches (spine and core default to the leaf model), each in
// the design's port mode; the first switch without that mode is the error.
struct TierSwitches {
  catalog::Switch leaf, spine, core;
};
Result<TierSwitches> tier_switches(const catalog::Catalog& cat, const ClusterSpec& spec);

}  // namespace opticplan::fabric
