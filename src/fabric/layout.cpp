#include "opticplan/fabric/layout.h"

#include <algorithm>
#include <cmath>

namespace opticplan::fabric {
using namespace catalog;

const char* tier_name(Tier t) {
  switch (t) {
    case Tier::kNicLeaf: return "nic-leaf";
    case Tier::kLeafSpine: return "leaf-spine";
    case Tier::kSpineCore: return "spine-core";
  }
  return "?";
}

const std::vector<double>& length_bins() {
  static const std::vector<double> bins = {3, 5, 10, 20, 30, 50, 100, 150, 300, 500, 1000, 2000, 10000};
  return bins;
}

namespace {

struct Point {
  double x = 0, y = 0;
};

}  // namespace

LinkList enumerate_links(const Catalog& cat, const ClusterSpec& spec, const Topology& t, const LayoutOptions& lo) {
  LinkList out;
  const Server& server = cat.servers[spec.server];
  const int spr = lo.servers_per_rack > 0 ? lo.servers_per_rack : (server.trays > 1 ? server.trays : 4);
  const int per_leaf = t.nodes_per_leaf;
  const int64_t leaves_per_su_rail = spec.nodes_per_su / per_leaf;
  const double w = lo.rack_width.value(), pitch = lo.row_pitch.value();
  const auto cable = [&](double run) {
    return static_cast<float>((run + 2 * lo.rise.value()) * (1 + lo.slack_share) + lo.slack.value());
  };
  // Racks are numbered row by row: a rack's row is the whole quotient, on purpose.
  const auto row_of_rack = [&](int64_t rack) -> int64_t { return rack / lo.racks_per_row; };
  const auto server_at = [&](int64_t slot) {
    const int64_t rack = slot / spr;
    return Point{(static_cast<double>(rack % lo.racks_per_row) + 0.5) * w,
                 static_cast<double>(row_of_rack(rack)) * pitch};
  };
  // A leaf: in the network rack of its SU's first row, or in the rack of the first node it serves.
  const auto leaf_at = [&](int64_t su, int64_t k) {
    if (lo.leaf_placement == LeafPlacement::kInRack) return server_at(su * spec.nodes_per_su + k * per_leaf);
    const int64_t first_rack = su * spec.nodes_per_su / spr;
    const double x = lo.leaf_placement == LeafPlacement::kEndOfRow ? -0.5 * w : 0.5 * lo.racks_per_row * w;
    return Point{x, static_cast<double>(row_of_rack(first_rack)) * pitch};
  };
  // Spine rooms face the middle of the rows they serve: all rows (two tiers) or a pod's (three).
  const auto row_of_su = [&](int64_t su) { return static_cast<double>(row_of_rack(su * spec.nodes_per_su / spr)); };
  const int64_t racks_per_su = (spec.nodes_per_su + spr - 1) / spr;  // whole racks, the last one partly filled
  const double last_row = row_of_su(t.scalable_units - 1) + static_cast<double>(racks_per_su - 1) / lo.racks_per_row;
  const Point spine_room{-lo.spine_distance.value(), 0.5 * last_row * pitch};
  const auto leaf_index = [&](int64_t su, int plane, int rail, int64_t k) {
    return ((su * t.planes + plane) * t.leaf_rails + rail) * leaves_per_su_rail + k;
  };
  const auto ep = [](Role role, int64_t index, int port, int lane) {
    return Endpoint{static_cast<int32_t>(index), static_cast<int16_t>(port), static_cast<uint8_t>(lane), role};
  };
  out.links.reserve(static_cast<size_t>(t.servers * t.rails * t.planes + t.leaf_spine_links + t.spine_core_links));

  // NIC to leaf: servers fill the node slots in order (reserved slots are the last ones).
  for (int64_t slot = 0; slot < t.servers; ++slot) {
    const int64_t su = slot / spec.nodes_per_su, node = slot % spec.nodes_per_su;
    const int64_t first = su * spec.nodes_per_su + node / per_leaf * per_leaf;  // the leaf's first node
    const Point ps = server_at(slot), pl = leaf_at(su, node / per_leaf);
    const bool same_rack = lo.leaf_placement == LeafPlacement::kInRack && slot / spr == first / spr;
    const float len =
        same_rack ? static_cast<float>(lo.in_rack.value()) : cable(std::abs(ps.x - pl.x) + std::abs(ps.y - pl.y));
    for (int p = 0; p < t.planes; ++p)
      for (int r = 0; r < t.rails; ++r) {
        const int64_t leaf = leaf_index(su, p, t.rail_optimized ? r : 0, node / per_leaf);
        const int within = static_cast<int>(node % per_leaf) * t.node_links + (t.rail_optimized ? 0 : r);
        out.links.push_back({ep(Role::kServer, slot, r * t.planes + p, 0),
                             ep(Role::kLeaf, leaf, within / t.split, within % t.split), len, Tier::kNicLeaf});
      }
  }
  // Leaf to spine.
  const int U = t.leaf_up_ports;
  if (t.tiers == 2) {
    const int64_t spines_per_group = t.spines / t.spine_groups;
    const int64_t per_spine = U / spines_per_group;  // links from each leaf to each spine
    const bool by_rail = t.grouping == SpineGrouping::kRail;
    for (int64_t leaf = 0; leaf < t.leaves; ++leaf) {
      const int64_t k = leaf % leaves_per_su_rail;
      const int64_t rail = (leaf / leaves_per_su_rail) % t.leaf_rails;
      const int64_t plane = (leaf / (leaves_per_su_rail * t.leaf_rails)) % t.planes;
      const int64_t su = leaf / (leaves_per_su_rail * t.leaf_rails * t.planes);
      const int64_t group = by_rail ? plane * t.leaf_rails + rail : plane;
      // The leaf's position among its group's leaves.
      const int64_t j = by_rail ? su * leaves_per_su_rail + k : (su * t.leaf_rails + rail) * leaves_per_su_rail + k;
      const Point pl = leaf_at(su, k);
      const float len = cable(std::abs(pl.x - spine_room.x) + std::abs(pl.y - spine_room.y));
      for (int u = 0; u < U; ++u) {
        const int64_t spine = group * spines_per_group + u % spines_per_group;
        const int port = static_cast<int>(j * per_spine + u / spines_per_group);
        out.links.push_back(
            {ep(Role::kLeaf, leaf, t.leaf_down_ports + u, 0), ep(Role::kSpine, spine, port, 0), len, Tier::kLeafSpine});
      }
    }
  } else {
    const int64_t leaves_per_pod = t.pod_leaves;
    const int64_t pods_per_plane = t.spine_groups / t.planes;
    const int64_t spines_per_pod = t.spines / t.spine_groups;
    const int64_t per_spine = U / spines_per_pod;  // links from each leaf to each spine of its pod
    for (int64_t leaf = 0; leaf < t.leaves; ++leaf) {
      const int64_t k = leaf % leaves_per_su_rail;
      const int64_t rail = (leaf / leaves_per_su_rail) % t.leaf_rails;
      const int64_t plane = (leaf / (leaves_per_su_rail * t.leaf_rails)) % t.planes;
      const int64_t su = leaf / (leaves_per_su_rail * t.leaf_rails * t.planes);
      const int64_t j = (su * t.leaf_rails + rail) * leaves_per_su_rail + k;  // within the plane
      const int64_t pod = plane * pods_per_plane + j / leaves_per_pod;
      const Point pl = leaf_at(su, k);
      // The pod's leaves come from consecutive SUs: its spine room faces their middle row.
      const int64_t leaves_per_su_plane = t.leaf_rails * leaves_per_su_rail;
      const int64_t first_su = (j / leaves_per_pod) * leaves_per_pod / leaves_per_su_plane;
      const int64_t last_su =
          std::min(t.scalable_units - 1, ((j / leaves_per_pod + 1) * leaves_per_pod - 1) / leaves_per_su_plane);
      const Point room{-lo.spine_distance.value(), 0.5 * (row_of_su(first_su) + row_of_su(last_su)) * pitch};
      const float len = cable(std::abs(pl.x - room.x) + std::abs(pl.y - room.y));
      for (int u = 0; u < U; ++u)
        out.links.push_back({ep(Role::kLeaf, leaf, t.leaf_down_ports + u, 0),
                             ep(Role::kSpine, pod * spines_per_pod + u % spines_per_pod,
                                static_cast<int>((j % leaves_per_pod) * per_spine + u / spines_per_pod), 0),
                             len, Tier::kLeafSpine});
    }
    // Spine to core: per plane, spine position u of every pod, then the next position.
    const int up = t.spine_up_ports;
    const float len = cable(lo.core_distance.value());
    const int64_t cores_per_plane = t.cores / t.planes;
    for (int64_t plane = 0; plane < t.planes; ++plane) {
      int64_t i = 0;
      for (int64_t u = 0; u < spines_per_pod; ++u)
        for (int64_t pod = 0; pod < pods_per_plane; ++pod)
          for (int k = 0; k < up; ++k, ++i) {
            const int64_t spine = (plane * pods_per_plane + pod) * spines_per_pod + u;
            const int64_t core = plane * cores_per_plane + std::min(cores_per_plane - 1, i / t.core_ports);
            out.links.push_back({ep(Role::kSpine, spine, t.spine_down_ports + k, 0),
                                 ep(Role::kCore, core, static_cast<int>(i % t.core_ports), 0), len, Tier::kSpineCore});
          }
    }
  }
  for (const auto& l : out.links) {
    double& m = out.longest_m[static_cast<int>(l.tier)];
    m = std::max(m, static_cast<double>(l.length_m));
  }
  return out;
}

}  // namespace opticplan::fabric
