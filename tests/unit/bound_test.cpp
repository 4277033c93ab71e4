// The aggregate bound (bound_lp()): no plan beats it, it is exact where it leaves nothing out, its
// size follows the kinds of demand rather than the orders, and the comparison against it reads as
// an upper bound on the fast planner's gap.
#include <gtest/gtest.h>

#include <vector>

#include "opticplan/scenario/scenario.h"
#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/planner.h"

namespace opticplan::supply {
namespace {

// The bound as a Score, to compare with plans' scores under the model's tiers.
Score as_score(const Model& m, const std::vector<double>& bound, Objective objective) {
  Score s = score(m, Plan{}, objective);
  s.levels = bound;
  return s;
}

// One supplier of 100 a week; a's 150 due in week 1 and b's 100 due in week 2 (two buyers, two due
// periods: one demand of the aggregate). By hand: 100 a week, earliest due first: a gets 100 in
// week 1 and 50 in week 2 (a week late), b 50 in week 2 and 50 in week 3 (a week late): 100
// unit-weeks, the optimum.
Model two_buyers() {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 3);
  const CustomerId ca = m.customers.push_back({"a", {}});
  const CustomerId cb = m.customers.push_back({"b", {}});
  const ItemId mod = m.items.push_back({"mod", {}, {}, {SupplierId(0)}, 0});
  m.suppliers.push_back({"maker", mod, {100, 100, 100}, 0, 0});
  Order a;
  a.id = "a-1";
  a.customer = ca;
  a.alternates = {mod};
  a.qty = 150;
  a.due = 0;
  Order b = a;
  b.id = "b-1";
  b.customer = cb;
  b.qty = 100;
  b.due = 1;
  m.orders.push_back(a);
  m.orders.push_back(b);
  return m;
}

TEST(Bound, ExactWhereNothingIsLeftOut) {
  const Model m = two_buyers();
  const auto bound = bound_lp(m);
  ASSERT_TRUE(bound) << bound.error();
  ASSERT_EQ(bound->size(), 1U);
  EXPECT_DOUBLE_EQ(bound->front(), 100);
  const auto lp = plan_lp(m);
  ASSERT_TRUE(lp) << lp.error();
  EXPECT_DOUBLE_EQ(lp->lp_bound_levels.at(0), 100);
  const Plan fast = plan_heuristic(m);
  const PlanComparison c = compare_to_bound(m, fast, *bound, Objective::kLateness);
  EXPECT_TRUE(c.against_bound);
  EXPECT_DOUBLE_EQ(c.heuristic, 100);
  EXPECT_DOUBLE_EQ(c.gap, 0);
  EXPECT_EQ(c.tier, -1) << "at the bound in every tier";
}

// Fill counts a unit on time only in its due period: week 1 can put 100 of a's on time, week 2
// 100 of b's: 200 of 250.
TEST(Bound, FillKeepsDuePeriodsApart) {
  const Model m = two_buyers();
  const auto bound = bound_lp(m, Objective::kFill);
  ASSERT_TRUE(bound) << bound.error();
  EXPECT_DOUBLE_EQ(bound->at(0), 200);
}

// Qualifications of routes and parts are left out: on tests/cases/plan/route-second-site (the
// second site is qualified by one buyer only) and bom-qualified-buyers every plan is 50 late and the
// bound is 0; no plan beats it.
TEST(Bound, LeavesQualificationsOut) {
  for (const char* c : {"route-second-site", "bom-qualified-buyers"}) {
    Diagnostics diag;
    const Scenario sc = load_scenario(std::string(OPTICPLAN_CASES_DIR) + "/plan/" + c + "/plan.yaml", {}, diag);
    ASSERT_TRUE(diag.ok()) << diag.str();
    ASSERT_TRUE(sc.supply);
    const auto bound = bound_lp(*sc.supply);
    ASSERT_TRUE(bound) << bound.error();
    EXPECT_DOUBLE_EQ(bound->at(0), 0) << c;
    const auto lp = plan_lp(*sc.supply);
    ASSERT_TRUE(lp) << lp.error();
    EXPECT_DOUBLE_EQ(score(*sc.supply, *lp, Objective::kLateness).levels.at(0), 50) << c;
  }
}

// Splitting every order in two halves, or moving it to another buyer, changes nothing the
// aggregate sees: its bound is the same to the hundredth.
TEST(Bound, FollowsTheKindsOfDemandNotTheOrders) {
  GenOptions g;
  g.orders = 300;
  g.items = 20;
  g.periods = 16;
  g.customers = 4;
  const Model m = generate_supply(g);
  Model split = m;
  split.orders = {};
  for (const auto& o : m.orders) {
    if (o.qty < 2) {
      split.orders.push_back(o);
      continue;
    }
    Order half = o;
    half.qty = o.qty / 2;
    half.customer = CustomerId::from((o.customer.v + 1) % m.customers.size());
    Order rest = o;
    rest.id = o.id + "-rest";
    rest.qty = o.qty - half.qty;
    split.orders.push_back(half);
    split.orders.push_back(rest);
  }
  // Agreements and qualifications bind buyers; the aggregate leaves them out, so they stay.
  const auto a = bound_lp(m), b = bound_lp(split);
  ASSERT_TRUE(a) << a.error();
  ASSERT_TRUE(b) << b.error();
  ASSERT_EQ(a->size(), b->size());
  for (size_t k = 0; k < a->size(); ++k) EXPECT_NEAR(a->at(k), b->at(k), 0.011) << "tier " << k;
}

// On generated problems with second sources, routes, qualifications and an agreement, under each
// objective and both kinds of tiers: neither planner's plan beats the bound, and the bound is no
// tighter than the LP's own relaxation, which leaves out less.
TEST(Bound, NoPlanBeatsIt) {
  for (const Objective objective : {Objective::kLateness, Objective::kFill, Objective::kRevenue})
    for (const Tiers tiers : {Tiers::kStrict, Tiers::kWeighted}) {
      GenOptions g;
      g.orders = 60;
      g.items = 16;
      g.periods = 12;
      g.customers = 3;
      g.second_sources = 0.5;
      g.alternate_routes = 0.5;
      g.seed = 3;
      Model m = generate_supply(g);
      m.tiers = tiers;
      const std::string what = std::string(objective_name(objective)) + ", " + tiers_name(tiers) + " tiers";
      const auto bound = bound_lp(m, objective);
      ASSERT_TRUE(bound) << bound.error();
      const Score b = as_score(m, *bound, objective);
      const Plan fast = plan_heuristic(m, {.objective = objective});
      const auto lp = plan_lp(m, objective, nullptr, &fast);
      ASSERT_TRUE(lp) << lp.error();
      EXPECT_FALSE(score(m, fast, objective).better_than(b)) << what << ": the fast plan beat the bound";
      EXPECT_FALSE(score(m, *lp, objective).better_than(b)) << what << ": the LP's plan beat the bound";
      if (tiers == Tiers::kStrict) {
        EXPECT_FALSE(as_score(m, lp->lp_bound_levels, objective).better_than(b))
            << what << ": the LP's relaxation is looser than the aggregate";
      } else {
        const double relaxed = lp->lp_bound_levels.at(0), aggregate = b.weighted();
        if (minimized(objective)) {
          EXPECT_LE(aggregate, relaxed + 1e-6 * std::max(1.0, relaxed)) << what;
        } else {
          EXPECT_GE(aggregate, relaxed - 1e-6 * std::max(1.0, relaxed)) << what;
        }
      }
      const PlanComparison c = compare_to_bound(m, fast, *bound, objective);
      EXPECT_GE(c.gap, 0) << what;
    }
}

// Against a plan's score (strict tiers), the tiers are bounded down to the first one the plan does
// not reach, which decides the comparison; every level returned is the one the whole bound has.
// Weighted tiers are one solve: all of them, whatever the plan.
TEST(Bound, StopsAtTheDecidingTier) {
  GenOptions g;
  g.orders = 120;
  g.items = 20;
  g.periods = 16;
  g.customers = 3;
  Model m = generate_supply(g);
  const auto full = bound_lp(m);
  ASSERT_TRUE(full) << full.error();
  ASSERT_EQ(full->size(), 3U);
  const auto against = [&](const std::vector<double>& levels) {
    const Score s = as_score(m, levels, Objective::kLateness);
    auto b = bound_lp(m, Objective::kLateness, nullptr, &s);
    EXPECT_TRUE(b) << b.error();
    return b ? *b : std::vector<double>{};
  };
  const auto check = [&](const std::vector<double>& got, size_t n, const char* what) {
    ASSERT_EQ(got.size(), n) << what;
    for (size_t k = 0; k < n; ++k) EXPECT_NEAR(got[k], full->at(k), 0.011) << what << ", tier " << k;
  };
  check(against(*full), 3, "a plan at the bound in every tier");
  check(against({full->at(0) + 10, full->at(1), full->at(2)}), 1, "a plan above the bound in priority 1");
  check(against({full->at(0), full->at(1) + 10, 0}), 2, "a plan above the bound in priority 2");
  // The comparison against the shorter bound decides in the same tier, with the same gap.
  const Plan fast = plan_heuristic(m);
  const Score fs = score(m, fast, Objective::kLateness);
  const auto lazy = bound_lp(m, Objective::kLateness, nullptr, &fs);
  ASSERT_TRUE(lazy) << lazy.error();
  const PlanComparison a = compare_to_bound(m, fast, *full, Objective::kLateness);
  const PlanComparison b = compare_to_bound(m, fast, *lazy, Objective::kLateness);
  EXPECT_EQ(lazy->size(), static_cast<size_t>(a.tier + 1));
  EXPECT_EQ(a.tier, b.tier);
  EXPECT_NEAR(a.gap, b.gap, 1e-6);
  m.tiers = Tiers::kWeighted;
  const auto weighted = bound_lp(m, Objective::kLateness, nullptr, &fs);
  ASSERT_TRUE(weighted) << weighted.error();
  EXPECT_EQ(weighted->size(), 3U);
}

}  // namespace
}  // namespace opticplan::supply
