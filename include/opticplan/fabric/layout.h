// Physical layout of a fabric and its link list: every link with both ends and a length.
//
// Servers fill racks in order (`servers_per_rack`), racks fill rows (`racks_per_row`), rows are
// `row_pitch` apart and racks `rack_width` wide. Each scalable unit's leaves sit in a network rack
// at the end (or the middle) of the SU's first row, or (in_rack) in the rack of the first node it
// serves, where its cables to that rack's nodes are `in_rack` long; spines in a network room `spine_distance` in
// front of the row ends, facing the middle of the rows they serve (all rows for two tiers, their
// pod's rows for three); cores in another room `core_distance` away. A cable
// runs along the row and across rows (Manhattan), rises to the overhead tray and drops at each end
// (`rise`), and gets slack: length = (run + 2 x rise) x (1 + slack_share) + slack. The defaults
// describe a common AI hall (estimates; every one is a field of the cluster section).
//
// enumerate_links() wires the topology exactly as sized (topology.h): server slot n, rail r and
// plane p go to leaf (SU, p, r, n / nodes_per_leaf) port (n mod nodes_per_leaf) / split; a leaf's
// uplink u goes to spine u mod d of its group (d spines per group), three tiers to spine u of its
// pod; spine uplinks fill the cores in order of spine position, so each core serves one position
// of every pod. Links are flat records with dense endpoint indices; names are made at the edges.
#pragma once

#include <cstdint>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/units.h"
#include "opticplan/fabric/topology.h"

namespace opticplan::fabric {

enum class LeafPlacement : unsigned char { kEndOfRow, kMiddleOfRow, kInRack };

struct LayoutOptions {
  int servers_per_rack = 0;  // nodes per rack; 0: by the server (its trays for rack-scale systems, else 4)
  int racks_per_row = 8;
  Length rack_width = meters(0.6);
  Length row_pitch = meters(3.0);
  LeafPlacement leaf_placement = LeafPlacement::kEndOfRow;
  Length spine_distance = meters(30);
  Length core_distance = meters(300);
  Length rise = meters(2);
  Length slack = meters(2);
  double slack_share = 0.05;
  Length in_rack = meters(1.5);  // a cable inside one rack (leaf_placement in_rack)
};

enum class Tier : unsigned char { kNicLeaf, kLeafSpine, kSpineCore };
const char* tier_name(Tier t);  // "nic-leaf", "leaf-spine", "spine-core"

enum class Role : unsigned char { kServer, kLeaf, kSpine, kCore };

// Compact on purpose (8 bytes): a million-GPU fabric has millions of links.
struct Endpoint {
  int32_t index = 0;  // server slot, leaf, spine or core number
  int16_t port = 0;   // NIC port (rail x planes + plane) or switch port
  uint8_t lane = 0;   // sub-port when several NIC links share one switch port
  Role role = Role::kServer;
};

struct FabricLink {
  Endpoint a, b;  // lower end, upper end
  float length_m = 0;
  Tier tier = Tier::kNicLeaf;
};

struct LinkList {
  std::vector<FabricLink> links;
  double longest_m[3] = {0, 0, 0};  // per tier
};

LinkList enumerate_links(const catalog::Catalog& cat, const ClusterSpec& spec, const Topology& topo,
                         const LayoutOptions& layout);

// Length bins for histograms: upper bounds in metres (the last bin is "longer").
const std::vector<double>& length_bins();

}  // namespace opticplan::fabric
