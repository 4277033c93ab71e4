// A shadow price is what one more unit of a capacity saves of the objective of the tier it prices,
// the tiers above held (include/opticplan/supply/plan.h). A row's dual says so only while the
// optimal basis holds for that unit; at a degenerate optimum it prices the last unit used instead,
// and which dual the solver returns then follows the order of the LP's columns. Checked here against the
// definition itself: every capacity of every period is raised by one unit and the LP solved again.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"

namespace opticplan::supply {
namespace {

Model small_problem(uint64_t seed) {
  Model m = generate_supply({.orders = 40, .items = 20, .periods = 12, .customers = 3, .tightness = 0.6, .seed = seed});
  for (auto& o : m.orders) o.partial = true;  // no branch and bound: the relaxation is the plan
  // An agreement that releases what its holder leaves makes two solves, the second holding each
  // holder at what the first gave it, which one more unit moves too: one LP is what is checked.
  m.agreements.clear();
  return m;
}

using Key = std::tuple<int, ShadowPrice::Kind, uint32_t, int>;  // priority, kind, line or supplier, period

// With strict tiers, the tier a price is for is held below the tiers above it; so where one more
// unit leaves every tier above as it was, the tier's bound falls by its price. (Where it improves a
// tier above, the tier below is held to a different optimum, and no price of it is compared.)
TEST(ShadowPrices, AreWhatOneMoreUnitSaves) {
  int priced = 0, checked = 0;
  for (const uint64_t seed :
       std::initializer_list<uint64_t>{4, 5}) {  // 4 has duals that price more than one more unit saves
    const Model m = small_problem(seed);
    const auto base = plan_lp(m);
    ASSERT_TRUE(base) << base.error();
    std::vector<int> priorities;  // of the tiers, in their order
    for (const Order& o : m.orders) priorities.push_back(o.priority);
    std::sort(priorities.begin(), priorities.end());
    priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
    ASSERT_EQ(base->lp_bound_levels.size(), priorities.size());
    std::map<Key, double> prices;
    for (const ShadowPrice& s : base->shadow_prices)
      prices[{s.priority, s.kind, s.kind == ShadowPrice::Kind::kLine ? s.line.v : s.supplier.v, s.period}] = s.value;
    priced += static_cast<int>(prices.size());
    const auto check = [&](const Model& more, ShadowPrice::Kind kind, uint32_t id, int t, const std::string& what) {
      const auto after = plan_lp(more);
      ASSERT_TRUE(after) << after.error();
      for (size_t k = 0; k < priorities.size(); ++k) {
        // The bounds are to a hundredth (lp_planner.cpp), so a saving is known to about that.
        const double saved = base->lp_bound_levels[k] - after->lp_bound_levels[k];
        const auto it = prices.find({priorities[k], kind, id, t});
        const double price = it == prices.end() ? 0.0 : it->second;
        EXPECT_NEAR(price, saved, 0.011) << "seed " << seed << ", " << what << ", priority " << priorities[k]
                                         << ": priced " << price << " a unit, one more unit saves " << saved;
        ++checked;
        // The tiers below are held to a new optimum: where this one improves, seen or priced (a
        // price is exact, and a saving below a hundredth does not show in the bounds).
        if (std::abs(saved) > 0.005 || price != 0) break;
      }
    };
    for (const SupplierId s : m.suppliers.ids())
      for (int t = 0; t < m.periods(); ++t) {
        if (m.suppliers[s].capacity[static_cast<size_t>(t)] <= 0) continue;  // none: no row to price
        Model more = m;
        more.suppliers[s].capacity[static_cast<size_t>(t)] += 1;
        check(more, ShadowPrice::Kind::kSupplier, s.v, t,
              "supplier " + m.suppliers[s].id + " period " + std::to_string(t));
      }
    for (const LineId l : m.lines.ids())
      for (int t = 0; t < m.periods(); ++t) {
        Model more = m;
        more.lines[l].capacity[static_cast<size_t>(t)] += 1;
        check(more, ShadowPrice::Kind::kLine, l.v, t, "line " + m.lines[l].id + " period " + std::to_string(t));
      }
  }
  std::printf("%d tier prices checked, %d priced\n", checked, priced);
  EXPECT_GT(priced, 0) << "no capacity was priced: the test checked only zeros";
}

}  // namespace
}  // namespace opticplan::supply
