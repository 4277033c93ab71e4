// More supply must not make a plan worse. The LP optimum is monotone by construction: more
// capacity only enlarges what it may choose from, tier by tier, so its score never gets worse
// (beyond whole-unit rounding). The fast planner is greedy and is not: more of one part can let an
// earlier order take what a later one needed. How often it is not is measured here and bounded,
// so that it cannot grow unnoticed (docs/supply-format.md, "More supply").
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/planner.h"

namespace opticplan::supply {
namespace {

// The model with one line's or one supplier's capacity raised by half, chosen by `rng`.
Model with_more_supply(const Model& m, std::mt19937_64& rng) {
  Model more = m;
  if (rng() % 2 == 0 && !more.lines.empty()) {
    for (auto& c : more.lines[LineId::from(rng() % more.lines.size())].capacity) c += c / 2;
  } else {
    for (auto& c : more.suppliers[SupplierId::from(rng() % more.suppliers.size())].capacity) c += c / 2;
  }
  return more;
}

// Of `increases` random supply increases (rng seeded with `seed`), how many make the fast
// planner's first plan (no improvement pass) score worse.
int worse_first_plans(const Model& m, uint64_t seed, int increases) {
  const Score before = score(m, plan_heuristic(m, {.improve_work = 0}), Objective::kLateness);
  std::mt19937_64 rng(seed);
  int worse = 0;
  for (int k = 0; k < increases; ++k) {
    const Model more = with_more_supply(m, rng);
    worse += before.better_than(score(more, plan_heuristic(more, {.improve_work = 0}), Objective::kLateness)) ? 1 : 0;
  }
  return worse;
}

Model small_problem(uint64_t seed) {
  GenOptions g;
  g.orders = 40;
  g.items = 20;
  g.periods = 12;
  g.customers = 3;
  g.seed = seed;
  Model m = generate_supply(g);
  for (auto& o : m.orders) o.partial = true;  // no branch and bound: the LP's optimum is exact
  return m;
}

TEST(Monotone, TheOptimumNeverGetsWorseWithMoreSupply) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const Model m = small_problem(seed);
    std::mt19937_64 rng(seed);
    auto base = plan_lp(m);
    ASSERT_TRUE(base) << base.error();
    const Score before = score(m, *base, Objective::kLateness);
    for (int k = 0; k < 3; ++k) {
      const Model more = with_more_supply(m, rng);
      auto after = plan_lp(more);
      ASSERT_TRUE(after) << after.error();
      // The relaxation's optimum, tier by tier, exactly (to the solver's tolerance).
      Score bound_before = before, bound_after = before;
      bound_before.levels = base->lp_bound_levels;
      bound_after.levels = after->lp_bound_levels;
      EXPECT_FALSE(bound_before.better_than(bound_after)) << "seed " << seed << ": more supply, worse optimum";
      // The plan in whole units: rounding down may cost each order up to one unit, late to the end.
      Score slack = before;
      for (double& level : slack.levels)
        level += static_cast<double>(m.orders.size() * static_cast<size_t>(m.periods()));
      EXPECT_FALSE(slack.better_than(score(more, *after, Objective::kLateness)))
          << "seed " << seed << ": more supply, worse plan";
    }
  }
}

// Lot sizes on every supplier (a minimum order and multiples) and a minimum shipment on a third of
// the orders. The optimum has integer columns then (CBC, under 1,000 of them) and is monotone still
// wherever it is proven: more capacity only enlarges what it may choose from (a period's most in
// whole lots can only grow; a minimum shipment does not depend on supply). Checked with lots on one
// problem: with minimum shipments too, CBC takes minutes on these sizes.
Model lot_sized(uint64_t seed, int orders = 40, int periods = 12) {
  GenOptions g;
  g.orders = orders;
  g.items = 20;
  g.periods = periods;
  g.customers = 3;
  g.seed = seed;
  Model m = generate_supply(g);
  for (auto& o : m.orders) o.partial = true;
  for (auto& s : m.suppliers) {
    s.multiple = 50;
    s.moq = 100;
  }
  for (size_t k = 0; k < m.orders.size(); k += 3) m.orders[OrderId::from(k)].min_shipment = 60;
  return m;
}

TEST(Monotone, TheOptimumWithLotSizesNeverGetsWorse) {
  int proven = 0;
  const uint64_t seed = 1;
  Model m = lot_sized(seed);
  for (auto& o : m.orders) o.min_shipment = 0;  // lots alone
  std::mt19937_64 rng(seed);
  auto base = plan_lp(m);
  ASSERT_TRUE(base) << base.error();
  for (int k = 0; k < 2; ++k) {
    const Model more = with_more_supply(m, rng);
    auto after = plan_lp(more);
    ASSERT_TRUE(after) << after.error();
    if (!base->lp_proven || !after->lp_proven) continue;
    ++proven;
    Score slack = score(m, *base, Objective::kLateness);  // whole units, as above
    for (double& level : slack.levels) level += static_cast<double>(m.orders.size() * static_cast<size_t>(m.periods()));
    EXPECT_FALSE(slack.better_than(score(more, *after, Objective::kLateness)))
        << "more supply, worse optimum with lot sizes";
  }
  std::printf("optimum with lot sizes: %d pairs proven\n", proven);
  EXPECT_GT(proven, 0) << "no pair of plans was proven optimal: the test checked nothing";
}

// The fast planner with lot sizes and minimum shipments, first plan: measured and bounded like the
// plain case below (a lot rounded up leaves stock that an earlier order may take).
TEST(Monotone, FastPlannerWithLotsAndMinimumShipmentsIsMeasured) {
  int worse = 0, n = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    worse += worse_first_plans(lot_sized(seed), seed, 5);
    n += 5;
  }
  std::printf("fast planner, lots and minimum shipments: more supply, worse plan in %d of %d cases\n", worse, n);
  EXPECT_LE(worse, n * 15 / 100) << "now " << worse << " of " << n;
}

// On the first plan (no improvement pass): 240 plans with the pass cost minutes under the
// sanitizers; with it, release measured 13 of 200 (docs/supply-format.md).
TEST(Monotone, FastPlannerViolationsAreMeasuredAndBounded) {
  int worse = 0, n = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    GenOptions g;
    g.orders = 120;
    g.items = 30;
    g.periods = 20;
    g.customers = 4;
    g.seed = seed;
    worse += worse_first_plans(generate_supply(g), seed, 5);
    n += 5;
  }
  std::printf("fast planner: more supply, worse plan in %d of %d cases\n", worse, n);
  EXPECT_LE(worse, n * 12 / 100) << "measured 2026-12: 19 of 200; now " << worse << " of " << n;
}

}  // namespace
}  // namespace opticplan::supply
