// The link list wires the topology exactly as sized: as many links per tier as the counts, every
// switch port used at most once and within the switch's radix, every endpoint inside the fabric,
// and in a two-tier mesh every leaf reaching every spine of its group equally.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "opticplan/fabric/fabric.h"
#include "opticplan/scenario/scenario.h"

namespace opticplan::fabric {
namespace {

const catalog::Catalog& shipped() {
  static const Scenario sc = [] {
    Diagnostics diag;
    return load_scenario("", {true, {}}, diag);
  }();
  return sc.catalog;
}

struct Case {
  const char* server;
  const char* sw;
  int64_t servers;
  int nodes_per_su, planes, tiers;
  SpineGrouping grouping;
  int nodes_per_leaf = 0, pod_leaves = 0;
  bool rail_optimized = true;
};

class Wiring : public ::testing::TestWithParam<Case> {};

TEST_P(Wiring, MatchesTheTopology) {
  const Case& c = GetParam();
  const auto& cat = shipped();
  ClusterInput in;
  in.spec.server = *cat.find_server(c.server);
  in.spec.leaf = *cat.find_switch(c.sw);
  in.spec.servers = c.servers;
  in.spec.nodes_per_su = c.nodes_per_su;
  in.spec.planes = c.planes;
  in.spec.tiers = c.tiers;
  in.spec.grouping = c.grouping;
  in.spec.nodes_per_leaf = c.nodes_per_leaf;
  in.spec.pod_leaves = c.pod_leaves;
  in.spec.rail_optimized = c.rail_optimized;
  auto f = build_fabric(cat, in);
  ASSERT_TRUE(f) << f.error();
  const Topology& t = f->topology;
  int64_t count[3] = {0, 0, 0};
  std::set<std::tuple<int, int64_t, int, int>> used;  // role, index, port, lane
  std::map<std::pair<int64_t, int64_t>, int> leaf_spine;
  const int radix = cat.switches[in.spec.leaf].ports();
  for (const auto& l : f->links.links) {
    ++count[static_cast<int>(l.tier)];
    for (const Endpoint* e : {&l.a, &l.b}) {
      if (e->role == Role::kServer) {
        EXPECT_LT(e->index, t.servers);
        continue;
      }
      EXPECT_TRUE(used.insert({static_cast<int>(e->role), e->index, e->port, e->lane}).second)
          << "port used twice: role " << static_cast<int>(e->role) << " #" << e->index << " p" << e->port;
      EXPECT_LT(e->port, radix);
      EXPECT_LT(e->index, e->role == Role::kLeaf ? t.leaves : e->role == Role::kSpine ? t.spines : t.cores);
    }
    if (l.tier == Tier::kLeafSpine) ++leaf_spine[{l.a.index, l.b.index}];
    EXPECT_GT(l.length_m, 0);
  }
  EXPECT_EQ(count[0], t.servers * t.rails * t.planes);
  EXPECT_EQ(count[1], t.leaf_spine_links);
  EXPECT_EQ(count[2], t.spine_core_links);
  // One counting: the topology, the lengths and the bill of materials count the same logical links;
  // a cable carries one or more of them, and a breakout shares a leaf port among `split`.
  EXPECT_EQ(count[0], t.nic_leaf_links);
  EXPECT_EQ(t.nic_leaf_ports * t.split, t.nic_leaf_links);
  for (int k = 0; k < t.tiers; ++k) EXPECT_EQ(f->lengths[k].links, count[k]) << "tier " << k;
  ASSERT_TRUE(f->bom.has_value());
  int64_t links = 0;
  for (size_t k = 0; k < f->bom->tiers.size(); ++k) {
    const TierMedia& tm = f->bom->tiers[k];
    EXPECT_EQ(tm.links, count[k]) << tm.tier;
    EXPECT_GE(tm.cables, 1) << tm.tier;
    EXPECT_LE(tm.cables, tm.links) << tm.tier;
    if (k == 0 && !tm.cable.valid() && t.split > 1) EXPECT_EQ(tm.cables, t.nic_leaf_ports) << "one breakout a port";
    links += tm.links;
  }
  EXPECT_EQ(f->bom->links, links);
  if (t.tiers == 2) {
    const int per = leaf_spine.begin()->second;
    for (const auto& [pair, n] : leaf_spine) EXPECT_EQ(n, per);
    EXPECT_EQ(static_cast<int64_t>(leaf_spine.size()) * per, t.leaf_spine_links);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Designs, Wiring,
    ::testing::Values(Case{"dgx-h100", "qm9700", 127, 32, 1, 0, SpineGrouping::kPlane},
                      Case{"dgx-h100", "qm9700", 96, 32, 1, 2, SpineGrouping::kPlane},
                      Case{"dgx-b200", "qm9700", 2048, 32, 1, 3, SpineGrouping::kPlane},
                      Case{"dgx-b300", "q3400", 1296, 72, 1, 0, SpineGrouping::kPlane},
                      Case{"dgx-b300", "q3400", 2592, 72, 1, 3, SpineGrouping::kPlane},
                      Case{"dgx-b300", "sn5600", 1024, 64, 2, 2, SpineGrouping::kRail},
                      Case{"dgx-b300", "sn5600", 64, 64, 2, 0, SpineGrouping::kPlane},
                      Case{"dgx-h100", "th5-64x800g-osfp", 256, 32, 1, 0, SpineGrouping::kPlane},
                      Case{"gb200-nvl72", "qm9700", 576, 144, 1, 3, SpineGrouping::kPlane, 18, 8},
                      Case{"dgx-h100", "qm9700", 128, 32, 1, 0, SpineGrouping::kPlane, 0, 0, false},
                      Case{"dgx-b200", "qm9700", 1024, 32, 1, 3, SpineGrouping::kPlane, 0, 0, false}));

}  // namespace
}  // namespace opticplan::fabric
