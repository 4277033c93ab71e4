// The link list wires the topology exactly as sized: as many links per tier as the counts, every
// switch port used at most once and within the switch's radix, every endpoint inside the fabric,
// and in a two-tier mesh every leaf reaching every spine of its group equally.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "opticplan/fabric/fabric.h"
#include "opticplan/fabric/tco.h"
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
    if (k == 0 && !tm.cable.valid() && t.split > 1) {
      EXPECT_EQ(tm.cables, t.nic_leaf_ports) << "one breakout a port";
    }
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

// The total cost of ownership (fabric/tco.h).
namespace opticplan::fabric {
namespace {

TEST(Tco, SparesAreThePoissonQuantile) {
  EXPECT_EQ(spares_for(0, 0.99), 0);
  // P(N = 0) = e^-1 = 0.368, P(N <= 1) = 0.736, P(N <= 2) = 0.920, P(N <= 3) = 0.981, P(N <= 4) = 0.996.
  EXPECT_EQ(spares_for(1, 0.5), 1);
  EXPECT_EQ(spares_for(1, 0.9), 2);
  EXPECT_EQ(spares_for(1, 0.99), 4);
  EXPECT_EQ(spares_for(17.6160768, 0.99), 28);  // the tco-parts golden's hand check
}

Fabric build(const catalog::Catalog& cat, const char* sw, bool lpo) {
  ClusterInput in;
  in.spec.server = *cat.find_server("dgx-b300");
  in.spec.leaf = *cat.find_switch(sw);
  in.spec.servers = 288;
  in.spec.nodes_per_su = 72;
  if (lpo) in.media.deny = {"lro"};
  auto f = build_fabric(cat, in);
  EXPECT_TRUE(f) << f.error();
  return *f;
}

TEST(Tco, EveryFailureIsCountedAndPricedByItsPart) {
  const auto& cat = shipped();
  TcoOptions o;
  o.years = 4;
  const Fabric dsp = build(cat, "q3400", false), lpo = build(cat, "q3400", true),
               cpo = build(cat, "quantum-x-photonics", false);
  auto a = total_cost_of_ownership(cat, dsp, o), b = total_cost_of_ownership(cat, lpo, o),
       c = total_cost_of_ownership(cat, cpo, o);
  ASSERT_TRUE(a && b && c);
  for (const Tco* t : {&*a, &*b, &*c}) {
    double failures = 0, down = 0;
    for (const TcoPart& p : t->parts) {
      EXPECT_NEAR(p.afr, p.fit * 8766e-9, 1e-15) << p.id;
      EXPECT_NEAR(p.failures_per_year, p.installed * p.afr, 1e-9) << p.id;
      EXPECT_NEAR(p.link_down_hours_per_year, p.failures_per_year * p.links_down_per_failure * p.down_hours, 1e-6);
      failures += p.failures_per_year;
      down += p.link_down_hours_per_year;
    }
    EXPECT_NEAR(t->failures_per_year, failures, 1e-9);
    EXPECT_NEAR(t->link_down_hours_per_year, down, 1e-9);
    const Money sum = t->switches_capex + t->optics_capex + t->spares_capex + t->replacements + t->optics_power_cost +
                      t->switch_power_cost;
    EXPECT_NEAR(t->total.value(), sum.value(), 1e-6);
  }
  // Linear modules drop the DSP: fewer failures and less power, on the same links.
  EXPECT_LT(b->failures_per_year, a->failures_per_year);
  EXPECT_LT(b->optics_power_cost.value(), a->optics_power_cost.value());
  // A co-packaged engine is repaired with its switch: no spares, its ports down for the repair.
  bool engine = false;
  for (const TcoPart& p : c->parts)
    if (p.kind == TcoPartKind::kCpoEngine) {
      engine = true;
      EXPECT_EQ(p.spares, 0);
      EXPECT_EQ(p.down_hours, o.switch_repair_hours);
      EXPECT_DOUBLE_EQ(p.links_down_per_failure, o.cpo_ports_per_engine * 1.0);  // one 800G link a port
    }
  EXPECT_TRUE(engine);
  // Power scales with the years; a longer lead time never needs fewer spares.
  TcoOptions longer = o;
  longer.years = 8;
  longer.lead_time_weeks = 16;
  auto d = total_cost_of_ownership(cat, dsp, longer);
  ASSERT_TRUE(d);
  EXPECT_NEAR(d->optics_power_cost.value(), 2 * a->optics_power_cost.value(), 1e-6);
  for (size_t k = 0; k < a->parts.size(); ++k) EXPECT_GE(d->parts[k].spares, a->parts[k].spares);
}

}  // namespace
}  // namespace opticplan::fabric
