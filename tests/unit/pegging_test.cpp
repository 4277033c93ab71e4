// Pegging says which alternate parts and which routes went into each order's units. Both planners
// must peg only what their plan made and consumed (no unit pegged twice), never a part or route to
// a buyer that has not qualified it, and the LP must peg every unit of an item with several routes
// that it delivered from its own production.
#include <gtest/gtest.h>

#include <map>

#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/planner.h"

namespace opticplan::supply {
namespace {

// A generated problem with second sources and second routes, whose alternates (the second part
// of a BOM line, the second route) only customer-0 has qualified.
Model problem(uint64_t seed) {
  GenOptions g;
  g.orders = 60;
  g.items = 80;
  g.periods = 16;
  g.customers = 3;
  g.second_sources = 0.6;
  g.alternate_routes = 0.6;
  g.seed = seed;
  Model m = generate_supply(g);
  for (auto& it : m.items) {
    for (auto& b : it.bom)
      if (b.parts.size() > 1) b.parts[1].qualified = {CustomerId(0)};
    if (it.routes.size() > 1) it.routes[1].qualified = {CustomerId(0)};
  }
  for (auto& o : m.orders) o.partial = true;  // no branch and bound: pegging is the subject here
  return m;
}

struct Totals {
  std::map<ItemId, int64_t> parts;                             // pegged, per part
  std::map<ItemId, int64_t> made;                              // pegged, per item with several routes
  std::map<std::pair<ItemId, CustomerId>, int64_t> delivered;  // per item with routes and buyer
  int pegged_orders = 0;
};

// What the plan pegs, and checks that no order got a source its buyer may not use.
Totals pegged(const Model& m, const Plan& p) {
  Totals t;
  for (const auto& op : p.orders) {
    const Order& o = m.orders[op.order];
    if (!op.parts.empty() || !op.routes.empty()) ++t.pegged_orders;
    for (const auto& u : op.parts) {
      t.parts[u.item] += u.qty;
      bool usable = false;  // in some BOM line with alternates that names it
      for (const auto& it : m.items)
        for (const auto& b : it.bom)
          for (const auto& part : b.parts)
            usable = usable || (b.parts.size() > 1 && part.item == u.item && part.usable_by(o.customer));
      EXPECT_TRUE(usable) << o.id << " was pegged " << m.items[u.item].id << ", which its buyer has not qualified";
    }
    for (const auto& r : op.routes) {
      t.made[r.item] += r.qty;
      for (const auto& route : m.items[r.item].routes)
        if (route.line == r.line && !route.usable_by(o.customer))
          ADD_FAILURE() << o.id << " was pegged units of " << m.items[r.item].id
                        << " made on a route its buyer may not use";
    }
    for (const auto& d : op.deliveries)
      if (m.items[d.item].routes.size() > 1) t.delivered[{d.item, o.customer}] += d.qty;
  }
  return t;
}

void expect_conserved(const Model& m, const Plan& p, const Totals& t, const char* planner) {
  // The LP's flows are rounded to units per period (half a unit either way each), its pegging
  // down per order: the totals may differ by that rounding, no more.
  const auto rounding = static_cast<int64_t>(m.periods());
  for (const auto& [item, q] : t.parts) {
    int64_t consumed = 0;
    for (int64_t c : p.items[item].consumed) consumed += c;
    EXPECT_LE(q, consumed + rounding) << planner << ": " << m.items[item].id << " pegged more than was consumed";
  }
  for (const auto& [item, q] : t.made) {
    int64_t produced = 0;
    for (int64_t c : p.items[item].produced) produced += c;
    EXPECT_LE(q, produced + rounding) << planner << ": " << m.items[item].id << " pegged more than was made";
  }
}

TEST(Pegging, BothPlannersPegOnlyWhatWasMadeAndQualified) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Model m = problem(seed);
    const Plan fast = plan_heuristic(m, {.improve_work = 0});
    auto lp = plan_lp(m);
    ASSERT_TRUE(lp) << "seed " << seed << ": " << lp.error();
    const Totals f = pegged(m, fast);
    Totals l = pegged(m, *lp);
    expect_conserved(m, fast, f, "fast");
    expect_conserved(m, *lp, l, "lp");
    EXPECT_GT(f.pegged_orders, 0) << "seed " << seed << ": the problem has no choice to peg";
    EXPECT_GT(l.pegged_orders, 0) << "seed " << seed << ": the LP pegged nothing";
    // Modules have no stock: every unit delivered of one with several routes was made on one of
    // them, so the LP pegs all of it, but for a unit per order lost to rounding its shares down.
    std::map<ItemId, int64_t> delivered;
    std::map<ItemId, int64_t> orders;
    for (const auto& op : lp->orders)
      for (const auto& d : op.deliveries)
        if (m.items[d.item].routes.size() > 1 && m.items[d.item].bom.size() == 3) {  // a module
          delivered[d.item] += d.qty;
          ++orders[d.item];
        }
    for (const auto& [item, q] : delivered) {
      EXPECT_LE(l.made[item], q) << m.items[item].id;
      EXPECT_GE(l.made[item] + orders[item], q) << "seed " << seed << ": " << m.items[item].id << " left unpegged";
    }
  }
}

}  // namespace
}  // namespace opticplan::supply
