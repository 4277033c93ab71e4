// Invariants of the fast planner on generated networks: no resource is used beyond its capacity,
// item flows balance (inventory never negative), whole orders arrive whole, deliveries stay in
// their window and use the order's alternates only, and planning is deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "medium_problem.h"
#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/planner.h"

namespace opticplan::supply {
namespace {

class PlanInvariants : public ::testing::TestWithParam<uint64_t> {};

TEST_P(PlanInvariants, HoldOnGeneratedNetworks) {
  GenOptions o;
  o.orders = 400;
  o.items = 40;
  o.periods = 30;
  o.customers = 5;
  o.seed = GetParam();
  o.tightness = 0.5 + 0.1 * static_cast<double>(GetParam() % 6);
  const Model m = generate_supply(o);
  // The improvement pass re-plans the whole problem a hundred times here: its plans are checked on
  // four seeds, the first plan on the others (under the sanitizers each pass costs a minute).
  const HeuristicOptions options = GetParam() <= 4 ? HeuristicOptions{} : HeuristicOptions{.improve_work = 0};
  const Plan p = plan_heuristic(m, options);
  // Seed 1's plan is the polish's (the rounded LP scores better there): the invariants hold for
  // those plans too (whole-unit flows, causes for every late order).
  if (GetParam() == 1) {
    EXPECT_EQ(p.planner, "heuristic+lp");
  }
  const int T = m.periods();
  ASSERT_EQ(p.orders.size(), m.orders.size());
  for (const LineId l : m.lines.ids())
    for (size_t t = 0; t < static_cast<size_t>(T); ++t)
      EXPECT_LE(p.lines[l].used[t], m.lines[l].capacity[t]) << m.lines[l].id << " " << t;
  for (const SupplierId s : m.suppliers.ids())
    for (size_t t = 0; t < static_cast<size_t>(T); ++t) {
      EXPECT_LE(p.suppliers[s].used[t], m.suppliers[s].capacity[t]) << m.suppliers[s].id << " " << t;
      EXPECT_GE(p.suppliers[s].used[t], 0);
    }
  for (const ItemId i : m.items.ids())
    for (size_t t = 0; t < static_cast<size_t>(T); ++t)
      EXPECT_GE(p.items[i].inventory[t], 0) << m.items[i].id << " " << t;
  int64_t delivered = 0;
  for (const auto& op : p.orders) {
    const Order& o2 = m.orders[op.order];
    int64_t sum = 0;
    for (const auto& d : op.deliveries) {
      sum += d.qty;
      EXPECT_GE(d.period, o2.due);
      if (o2.max_lateness >= 0) {
        EXPECT_LE(d.period, o2.due + o2.max_lateness);
      }
      EXPECT_NE(std::find(o2.alternates.begin(), o2.alternates.end(), d.item), o2.alternates.end());
      if (!o2.partial) {
        EXPECT_EQ(d.period, op.deliveries.front().period);
      }
    }
    EXPECT_EQ(sum, op.delivered);
    EXPECT_LE(op.delivered, o2.qty);
    EXPECT_LE(op.on_time, op.delivered);
    if (!o2.partial) {
      EXPECT_TRUE(op.delivered == 0 || op.delivered == o2.qty) << o2.id;
    }
    if (op.status == Status::kOnTime) {
      EXPECT_TRUE(op.causes.empty());
    }
    if (op.status != Status::kOnTime) {
      EXPECT_FALSE(op.causes.empty()) << o2.id << " has no explanation";
    }
    delivered += op.delivered;
  }
  EXPECT_EQ(delivered, p.kpis.delivered);
  // Deterministic: the same model plans the same way.
  const Plan q = plan_heuristic(m, options);
  for (const OrderId k : p.orders.ids()) {
    ASSERT_EQ(p.orders[k].deliveries.size(), q.orders[k].deliveries.size());
    for (size_t d = 0; d < p.orders[k].deliveries.size(); ++d) {
      EXPECT_EQ(p.orders[k].deliveries[d].period, q.orders[k].deliveries[d].period);
      EXPECT_EQ(p.orders[k].deliveries[d].qty, q.orders[k].deliveries[d].qty);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, PlanInvariants, ::testing::Range<uint64_t>(1, 13));

// An agreement's reserved supply goes only to its holder while it is not released.
TEST(Plan, ReservationOnlyForItsHolder) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 2);
  const CustomerId holder = m.customers.push_back({"holder", {}}), other = m.customers.push_back({"other", {}});
  const ItemId mod = m.items.push_back({"mod", {}, {}, {SupplierId(0)}, 0});
  const SupplierId maker = m.suppliers.push_back({"maker", mod, {100, 100}, 0, 0});
  const AgreementId lta = m.agreements.push_back({"lta", holder, maker, {}, {60, 60}, false, Release::kNever, 0});
  Order o;
  o.id = "o";
  o.customer = other;
  o.alternates = {mod};
  o.qty = 200;
  o.due = 1;
  const OrderId oid = m.orders.push_back(o);
  const Plan p = plan_heuristic(m);
  EXPECT_EQ(p.orders[oid].delivered, 80);  // 40 + 40 free
  ASSERT_FALSE(p.orders[oid].causes.empty());
  EXPECT_TRUE(p.orders[oid].causes[0].reserved_elsewhere);
  m.agreements[lta].release = Release::kUnused;
  EXPECT_EQ(plan_heuristic(m).orders[oid].delivered, 200);
}

// Alike orders are one demand in the LP, shared back out by the allocation policy: fair share
// gives each its quantity's share of what arrived by every period, within a unit, and never more
// in all than arrived; first come serves them by placing date.
TEST(LpDemands, AlikeOrdersShareByThePolicy) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 3);
  const CustomerId c = m.customers.push_back({"c", {}});
  const ItemId mod = m.items.push_back({"mod", {}, {}, {SupplierId(0)}, 0});
  m.suppliers.push_back({"maker", mod, {37, 41, 0}, 0, 0});
  const int64_t qty[] = {10, 25, 7, 40, 13};  // 95 ordered, 78 made
  for (int k = 0; k < 5; ++k) {
    Order o;
    o.id = "o" + std::to_string(k);
    o.customer = c;
    o.alternates = {mod};
    o.qty = qty[k];
    o.due = 0;
    o.placed = 4 - k;  // the last is placed first
    m.orders.push_back(o);
  }
  auto fair = plan_lp(m);
  ASSERT_TRUE(fair) << fair.error();
  int64_t sum = 0;
  for (const OrderId o : m.orders.ids()) {
    const double share = 78.0 * static_cast<double>(m.orders[o].qty) / 95.0;
    EXPECT_NEAR(static_cast<double>(fair->orders[o].delivered), share, 1.0) << m.orders[o].id;
    int64_t first_week = 0;
    for (const auto& d : fair->orders[o].deliveries)
      if (d.period == 0) first_week += d.qty;
    EXPECT_NEAR(static_cast<double>(first_week), 37.0 * static_cast<double>(m.orders[o].qty) / 95.0, 1.0);
    sum += fair->orders[o].delivered;
  }
  EXPECT_EQ(sum, 78);
  m.allocation = Allocation::kFirstCome;
  auto first = plan_lp(m);
  ASSERT_TRUE(first) << first.error();
  // Placed o4, o3, o2, o1, o0: 13 + 40 + 7 = 60, then 18 of o1's 25, none for o0.
  const int64_t want[] = {0, 18, 7, 40, 13};
  for (const OrderId o : m.orders.ids()) EXPECT_EQ(first->orders[o].delivered, want[o.v]) << m.orders[o].id;
}

// Orders of one kind (alternates, priority, due and last period, price) share one demand in the LP
// whoever the buyer (one that holds an agreement or a qualification, or any under a fairness term,
// keeps its own): the LP decides how much the kind gets when, and the policy who gets it. 50 a week
// for a's 60 and b's 40, both due in week 1: any plan is 50 unit-weeks late. Fair share splits each
// week's 50 in 30 and 20; first come serves b (placed first) before a.
TEST(LpDemands, BuyersOfOneKindShareByThePolicy) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 3);
  const CustomerId ca = m.customers.push_back({"a", {}});
  const CustomerId cb = m.customers.push_back({"b", {}});
  const ItemId mod = m.items.push_back({"mod", {}, {}, {SupplierId(0)}, 0});
  m.suppliers.push_back({"maker", mod, {50, 50, 50}, 0, 0});
  const auto order = [&](const char* id, CustomerId c, int64_t qty, int placed) {
    Order o;
    o.id = id;
    o.customer = c;
    o.alternates = {mod};
    o.qty = qty;
    o.due = 0;
    o.placed = placed;
    return m.orders.push_back(o);
  };
  const OrderId a = order("a", ca, 60, 2), b = order("b", cb, 40, 1);
  const auto weeks = [](const OrderPlan& op) {
    std::vector<int64_t> w(3, 0);
    for (const auto& d : op.deliveries) w[static_cast<size_t>(d.period)] += d.qty;
    return w;
  };
  auto fair = plan_lp(m);
  ASSERT_TRUE(fair) << fair.error();
  EXPECT_DOUBLE_EQ(score(m, *fair, Objective::kLateness).levels.at(0), 50);
  EXPECT_EQ(weeks(fair->orders[a]), (std::vector<int64_t>{30, 30, 0}));
  EXPECT_EQ(weeks(fair->orders[b]), (std::vector<int64_t>{20, 20, 0}));
  m.allocation = Allocation::kFirstCome;
  auto first = plan_lp(m);
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(weeks(first->orders[b]), (std::vector<int64_t>{40, 0, 0}));
  EXPECT_EQ(weeks(first->orders[a]), (std::vector<int64_t>{10, 50, 0}));
}

// Beyond branch and bound's reach (over 1,000 binaries), whole orders share the columns of the
// orders alike them, and the rounding walks them in turn through what the relaxation delivered to
// the group: each arrives whole in the first week by which the group had received all that it and
// the orders before it need, and one that never fits is left out while a smaller one after it
// still fits. Here 45 whole orders due in week 1 of 26 (1,170 binaries) share 102 units a week:
// 44 of 60 units and one of 500, the 44th in turn. No rounding does better (by each week the
// walk has completed as many orders of 60 as the supply allows), so the fast planner's plan,
// tried as a rounding too, does not replace it.
TEST(LpDemands, WholeOrdersBeyondBranchAndBoundShareColumnsAndStayWhole) {
  constexpr int kWeeks = 26;
  constexpr int64_t kWeekly = 102;
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), kWeeks);
  const CustomerId c = m.customers.push_back({"c", {}});
  const ItemId mod = m.items.push_back({"mod", {}, {}, {SupplierId(0)}, 0});
  m.suppliers.push_back({"maker", mod, std::vector<int64_t>(kWeeks, kWeekly), 0, 0});
  for (int k = 0; k < 45; ++k) {
    Order o;
    o.id = "o" + std::to_string(k);
    o.customer = c;
    o.alternates = {mod};
    o.qty = k == 43 ? 500 : 60;
    o.partial = false;
    m.orders.push_back(o);
  }
  auto lp = plan_lp(m);
  ASSERT_TRUE(lp) << lp.error();
  EXPECT_FALSE(lp->lp_proven);
  int64_t taken = 0;
  for (const OrderId o : m.orders.ids()) {
    const OrderPlan& op = lp->orders[o];
    const int64_t q = m.orders[o].qty;
    if (taken + q > kWeekly * kWeeks) {
      EXPECT_EQ(op.delivered, 0) << m.orders[o].id << " cannot fit";
      continue;
    }
    taken += q;
    ASSERT_EQ(op.deliveries.size(), 1u) << m.orders[o].id;
    EXPECT_EQ(op.delivered, q);
    EXPECT_EQ(op.deliveries.front().period, static_cast<int>((taken + kWeekly - 1) / kWeekly) - 1) << m.orders[o].id;
  }
  EXPECT_EQ(lp->orders[OrderId(43)].delivered, 0);
  EXPECT_EQ(lp->orders[OrderId(44)].delivered, 60) << "the order after the one left out still fits";
}

// The same on a generated problem whose every order must arrive whole (about 1,500 binaries): each
// order arrives whole or not at all, and no supplier or line is used beyond its capacity. The
// relaxation is a poor guide when every order is whole (its rounding scored 8,078 in priority 1
// here against a bound of 5,373), so the fast planner's whole orders are tried as the rounding
// too, and the LP's plan is never worse than the fast planner's.
TEST(LpDemands, GeneratedWholeOrdersRoundWholeAndWithinCapacity) {
  GenOptions g;
  g.orders = 120;
  g.items = 20;
  g.periods = 26;
  g.customers = 4;
  Model m = generate_supply(g);
  for (auto& o : m.orders) o.partial = false;
  auto lp = plan_lp(m);
  ASSERT_TRUE(lp) << lp.error();
  EXPECT_FALSE(lp->lp_proven);
  for (const auto& op : lp->orders) {
    const Order& o = m.orders[op.order];
    EXPECT_TRUE(op.delivered == 0 || op.delivered == o.qty) << o.id;
    for (const auto& d : op.deliveries) EXPECT_EQ(d.period, op.deliveries.front().period) << o.id;
  }
  for (const SupplierId s : m.suppliers.ids())
    for (size_t t = 0; t < static_cast<size_t>(m.periods()); ++t)
      EXPECT_LE(lp->suppliers[s].used[t], m.suppliers[s].capacity[t]);
  for (const LineId l : m.lines.ids())
    for (size_t t = 0; t < static_cast<size_t>(m.periods()); ++t)
      EXPECT_LE(lp->lines[l].used[t], m.lines[l].capacity[t]);
  const Score fast = score(m, plan_heuristic(m), Objective::kLateness);
  const Score optimum = score(m, *lp, Objective::kLateness);
  std::printf("priority 1: LP %.0f, fast planner %.0f, bound %.2f\n", optimum.levels.at(0), fast.levels.at(0),
              lp->lp_bound_levels.at(0));
  EXPECT_FALSE(fast.better_than(optimum)) << "the rounded LP plan is worse than the fast planner's";
}

// The model's tables are indexed by typed ids: an IdVec hands out the id of what it appends and
// gives it back for that id; a default id is "none", and so is every reference not yet made.
TEST(Model, TypedIdsIndexTheirTables) {
  Model m;
  const ItemId laser = m.items.push_back({"laser", {}, {}, {}, 0});
  const ItemId module = m.items.push_back({"module", {}, {{laser, 4}}, {}, 0});
  EXPECT_EQ(laser, ItemId(0));
  EXPECT_EQ(module, ItemId(1));
  EXPECT_EQ(m.items[module].id, "module");
  EXPECT_EQ(m.items[m.items[module].bom.front().first().item].id, "laser");  // no cast, no position arithmetic
  std::vector<std::string> in_order;
  for (const ItemId i : m.items.ids()) in_order.push_back(m.items[i].id);
  EXPECT_EQ(in_order, (std::vector<std::string>{"laser", "module"}));
  EXPECT_EQ(ItemId::from(1), module);
  EXPECT_FALSE(ItemId().valid());
  EXPECT_TRUE(laser.valid());
  EXPECT_FALSE(m.items[laser].made()) << "bought, not made: no line";
  const Order o;
  EXPECT_FALSE(o.customer.valid());
  EXPECT_FALSE(o.group.valid());
  EXPECT_FALSE(Cause().agreement.valid());
}

}  // namespace
}  // namespace opticplan::supply

namespace opticplan::supply {
namespace {

// The fast planner against the optimum on generated medium problems, under the default objective
// (lateness, strict tiers): the optimum can never be beaten (a check of both planners), and the gap
// in the deciding tier is bounded so that a regression of the fast planner fails. The measured gaps
// are in docs/supply-format.md ("The optimal planner and the gap").
double plan_gap(uint64_t seed, Tiers tiers, double alternates = 0) {
  Model m = medium_problem(seed, alternates);
  m.tiers = tiers;
  const Plan h = plan_heuristic(m);
  auto lp = plan_lp(m);
  EXPECT_TRUE(lp) << lp.error();
  if (!lp) return 1;
  const PlanComparison c = compare_plans(m, h, *lp, Objective::kLateness);
  if (tiers == Tiers::kStrict) {
    Score bound = c.optimum_score;
    bound.levels = c.bound_levels;
    EXPECT_FALSE(c.heuristic_score.better_than(bound)) << "seed " << seed << ": a plan beat the LP bound";
  } else {
    EXPECT_GE(c.heuristic, c.bound * (1 - 1e-9)) << "seed " << seed << ": a plan beat the LP bound";
  }
  // The proven optimum as delivered: its deliveries rounded down to whole units (running totals
  // per kind of demand), which can cost it a few unit-periods. The polished plan is another
  // rounding of an LP and may come out a hair better (measured: 1 of 9,747 and 10 of 107,618
  // unit-weeks); beyond 0.1% it would be a defect of one planner or the other.
  if (c.proven) {
    EXPECT_GE(c.gap, -0.001) << "seed " << seed << ": a plan beat the optimum beyond its rounding";
  }
  // The aggregate bound (bound_lp()) leaves out more than the relaxation: never tighter, and no
  // plan beats it; its gap is at least the gap to the optimum (in the same tier).
  const auto aggregate = bound_lp(m);
  EXPECT_TRUE(aggregate) << aggregate.error();
  if (aggregate) {
    const PlanComparison b = compare_to_bound(m, h, *aggregate, Objective::kLateness);
    EXPECT_FALSE(c.optimum_score.better_than(b.optimum_score)) << "seed " << seed << ": the LP's plan beat the bound";
    if (b.tier == c.tier) {
      EXPECT_GE(b.gap, c.gap - 1e-9) << "seed " << seed;
    }
  }
  std::printf("seed %llu, %s tiers: deciding tier %d, fast %.1f, optimum %.1f%s, bound %.1f, gap %.2f%%\n",
              static_cast<unsigned long long>(seed), tiers_name(tiers), c.tier, c.heuristic, c.optimum,
              c.proven ? "" : " (not proven)", c.bound, c.gap * 100);
  return c.gap;
}

// A part on two lines of one bill of materials is shared by both (tests/cases/plan/part-on-two-bom-lines
// has two plain lines): here a second-source line [a, then b] and a plain line of b. With no a, each
// module takes two b, so 800 b make 400 modules. The planner once shrank a start to what the plain
// line alone got after the other line took its share (300), which the LP does not (400).
TEST(SharedPart, AnAlternateLineAndAPlainLineShareWhatThereIs) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 3);
  const CustomerId c = m.customers.push_back({"c", {}});
  const LineId line = m.lines.push_back({"line", {1000, 1000, 1000}});
  const ItemId a = m.items.push_back({"a", {}, {}, {SupplierId(0)}, 0});
  const ItemId b = m.items.push_back({"b", {}, {}, {SupplierId(1)}, 0});
  BomLine either(a, 1);
  either.parts.push_back(BomLine(b, 1).first());
  const ItemId module = m.items.push_back({"module", {Route{line, 1, 0, 1}}, {either, BomLine(b, 1)}, {}, 0});
  m.suppliers.push_back({"a-co", a, {0, 0, 0}, 0, 0, 1});
  m.suppliers.push_back({"b-co", b, {800, 0, 0}, 0, 0, 1});
  Order o;
  o.id = "o-1";
  o.customer = c;
  o.alternates = {module};
  o.qty = 500;
  o.due = 1;
  const OrderId id = m.orders.push_back(o);
  HeuristicOptions first;
  first.improve_work = 0;
  EXPECT_EQ(plan_heuristic(m, first).orders[id].on_time, 400);
  const auto lp = plan_lp(m);
  ASSERT_TRUE(lp) << lp.error();
  EXPECT_EQ(lp->orders[id].on_time, 400);
}

// The improvement pass against the first plan on the story of tests/cases/plan/improvement-frees-a-design:
// the first plan gives a its preferred EML and leaves b unmet; the improved one moves a to SiPh.
TEST(Improve, FreesADesignAndNeverWorsens) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 4);
  const ItemId eml(0), siph(1), lpo(2);
  const CustomerId ca = m.customers.push_back({"buyer-a", {eml, siph}});
  const CustomerId cb = m.customers.push_back({"buyer-b", {eml, lpo}});
  const CustomerId cc = m.customers.push_back({"buyer-c", {lpo}});
  for (const char* id : {"mod-eml", "mod-siph", "mod-lpo"}) {
    const ItemId i = m.items.push_back({id, {}, {}, {}, 0});
    m.receipts.push_back({i, 0, 1000});
  }
  const auto order = [](const char* id, CustomerId customer, std::vector<ItemId> alternates, int due) {
    Order o;
    o.id = id;
    o.customer = customer;
    o.alternates = std::move(alternates);
    o.qty = 1000;
    o.due = due;
    return o;
  };
  const OrderId a = m.orders.push_back(order("a", ca, {eml, siph}, 0));
  const OrderId b = m.orders.push_back(order("b", cb, {eml, lpo}, 1));
  const OrderId c = m.orders.push_back(order("c", cc, {lpo}, 1));
  const Plan first = plan_heuristic(m, {.improve_work = 0});
  EXPECT_EQ(first.orders[a].deliveries.at(0).item, eml);
  EXPECT_EQ(first.orders[b].delivered, 0);  // unmet
  const Plan improved = plan_heuristic(m);
  EXPECT_EQ(improved.orders[a].deliveries.at(0).item, siph);
  EXPECT_EQ(improved.orders[b].on_time, 1000);
  EXPECT_EQ(improved.orders[c].on_time, 1000);
  EXPECT_TRUE(score(m, improved, Objective::kLateness).better_than(score(m, first, Objective::kLateness)));
  // Never worse than the first plan, on generated problems under every objective and both kinds
  // of tiers (three seeds: each pass is some 600 whole re-plans). Under weighted tiers the pass's
  // first phase accepts by tiers, which may leave the weighted sum worse than the first plan's:
  // the second phase must then start again from the first plan.
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    Model gm = generate_supply({.orders = 60, .items = 20, .periods = 12, .customers = 3, .seed = seed});
    for (const Tiers tiers : {Tiers::kStrict, Tiers::kWeighted}) {
      gm.tiers = tiers;
      for (Objective obj : {Objective::kLateness, Objective::kFill, Objective::kRevenue}) {
        const Score first_score = score(gm, plan_heuristic(gm, {.objective = obj, .improve_work = 0}), obj);
        const Score improved_score = score(gm, plan_heuristic(gm, {.objective = obj}), obj);
        EXPECT_FALSE(first_score.better_than(improved_score))
            << "seed " << seed << ", " << objective_name(obj) << ", " << tiers_name(tiers) << " tiers";
      }
    }
  }
}

// The fairness term (model.h, objective.h), on the story of tests/cases/plan/fairness-term: the LP
// and score() agree on every plan's value, and lambda moves the optimum from efficiency (one buyer
// bears the shortfall) to a shared one.
// With 1,000 orders the budget allows about 50 tries, fewer than one per order: the pass then
// moves whole groups first (the firm orders of one priority, due period and item, planned with
// those due a period later). Measured on this problem, priority-1 unit-weeks late: first plan
// 34,098; per-order tries only 33,594 (1.5% better); groups first 32,662 (4.2% better).
TEST(Improve, GroupMovesWhenTheBudgetCannotTryEachOrder) {
  GenOptions g;
  g.orders = 1000;
  g.items = 30;
  g.periods = 26;
  const Model m = generate_supply(g);
  HeuristicOptions first;
  first.improve_work = 0;
  const Score before = score(m, plan_heuristic(m, first), Objective::kLateness);
  const Score after = score(m, plan_heuristic(m), Objective::kLateness);
  ASSERT_FALSE(before.better_than(after));
  EXPECT_LE(after.levels.at(0), before.levels.at(0) * 0.97)
      << "the improvement pass gained only " << (1 - after.levels.at(0) / before.levels.at(0)) * 100
      << "% in priority 1";
}

TEST(Fairness, TheOptimumSpreadsTheShortfallAndScoresAgree) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 3);
  const CustomerId ca = m.customers.push_back({"a", {}});
  const CustomerId cb = m.customers.push_back({"b", {}});
  const LineId line = m.lines.push_back({"line", {1000, 1000, 1000}});
  const ItemId laser = m.items.push_back({"laser", {}, {}, {SupplierId(0)}, 0});
  const ItemId mod_a = m.items.push_back({"mod-a", {Route{line, 1, 0, 1}}, {{laser, 2}}, {}, 0});
  const ItemId mod_b = m.items.push_back({"mod-b", {Route{line, 1, 0, 1}}, {{laser, 1}}, {}, 0});
  m.suppliers.push_back({"laser-co", laser, {100, 100, 100}, 0, 0, 1});
  Order a;
  a.id = "a-1";
  a.customer = ca;
  a.alternates = {mod_a};
  a.qty = 50;
  Order b = a;
  b.id = "b-1";
  b.customer = cb;
  b.alternates = {mod_b};
  b.qty = 100;
  const OrderId oa = m.orders.push_back(a);
  const OrderId ob = m.orders.push_back(b);
  for (const double lambda : {0.0, 1.0}) {
    m.fairness = lambda;
    const auto lp = plan_lp(m);
    ASSERT_TRUE(lp) << lp.error();
    EXPECT_EQ(lp->orders[oa].on_time, lambda > 0 ? 25 : 0) << "lambda " << lambda;
    EXPECT_EQ(lp->orders[ob].on_time, lambda > 0 ? 50 : 100) << "lambda " << lambda;
    const Score s = score(m, *lp, Objective::kLateness);
    EXPECT_DOUBLE_EQ(s.levels.at(0), lambda > 0 ? 150 : 50);
    EXPECT_DOUBLE_EQ(lp->lp_levels.at(0), s.levels.at(0));
    EXPECT_NEAR(lp->lp_bound_levels.at(0), s.levels.at(0), 1e-6);
    // The aggregate bound leaves the buyers out: the term adds at least lambda x the tier's own
    // lateness, so its bound is 50 x (1 + lambda), under the optimum's 150 at lambda 1.
    const auto bound = bound_lp(m);
    ASSERT_TRUE(bound) << bound.error();
    EXPECT_DOUBLE_EQ(bound->at(0), 50 * (1 + lambda)) << "lambda " << lambda;
  }
  // Fill: the term rewards the worst buyer's fill per unit; the efficient plan (b first) has a
  // fill of 0 for a, so with lambda 1 the optimum again serves both in part.
  m.fairness = 1;
  const auto fill = plan_lp(m, Objective::kFill);
  ASSERT_TRUE(fill) << fill.error();
  EXPECT_GT(fill->orders[oa].on_time, 0);
  EXPECT_DOUBLE_EQ(fill->lp_levels.at(0), score(m, *fill, Objective::kFill).levels.at(0));
}

// The polish (HeuristicOptions::polish): the weighted-tiers case of tests/cases/plan/tiers-weighted.
// The fast planner's own pass serves priority 1 first (score 100); the rounded LP delays it a week
// to serve 100 priority-2 units on time (50), and that plan is kept, named "heuristic+lp", within
// every capacity. Without the polish, or above the size limit, the fast plan stands.
TEST(Polish, TheRoundedLpIsKeptWhenItScoresBetter) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 2);
  m.tiers = Tiers::kWeighted;
  const CustomerId vip = m.customers.push_back({"vip", {}});
  const CustomerId mass = m.customers.push_back({"mass", {}});
  const LineId line = m.lines.push_back({"line", {100, 100}});
  const ItemId big = m.items.push_back({"big", {Route{line, 20, 0, 1}}, {}, {}, 0});
  const ItemId small = m.items.push_back({"small", {Route{line, 1, 0, 1}}, {}, {}, 0});
  Order o;
  o.id = "o-big";
  o.customer = vip;
  o.alternates = {big};
  o.qty = 5;
  const OrderId ob = m.orders.push_back(o);
  o.id = "o-small";
  o.customer = mass;
  o.alternates = {small};
  o.qty = 100;
  o.priority = 2;
  const OrderId os = m.orders.push_back(o);
  const Plan own = plan_heuristic(m, {.polish = false});
  EXPECT_EQ(own.planner, "heuristic");
  EXPECT_DOUBLE_EQ(score(m, own, Objective::kLateness).weighted(), 100);
  const Plan polished = plan_heuristic(m);
  EXPECT_EQ(polished.planner, "heuristic+lp");
  EXPECT_DOUBLE_EQ(score(m, polished, Objective::kLateness).weighted(), 50);
  EXPECT_EQ(polished.orders[os].on_time, 100);
  EXPECT_EQ(polished.orders[ob].on_time, 0);
  EXPECT_EQ(polished.orders[ob].delivered, 5);
  EXPECT_FALSE(polished.orders[ob].causes.empty());
  for (size_t t = 0; t < 2; ++t) EXPECT_LE(polished.lines[line].used[t], 100);
  // No polish without the improvement pass (the market's first plans), nor above the size limit.
  EXPECT_EQ(plan_heuristic(m, {.improve_work = 0}).planner, "heuristic");
  const auto none = plan_lp_rounded(m, Objective::kLateness, nullptr, own, 1);
  ASSERT_TRUE(none) << none.error();
  EXPECT_FALSE(none->has_value());
}

// The gaps of seeds 1..8 of one family, printed, and bounded on average and on any one problem.
// Eight, not three: seeds 1 to 3 were the ones measured from session 11 to 34, and the moves were
// tuned on them; on eight the averages were several times theirs (docs/performance.md, session 35).
void check_gaps(Tiers tiers, double alternates, double max_average, double max_one) {
  constexpr uint64_t kSeeds = 8;
  double total = 0, worst = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const double gap = plan_gap(seed, tiers, alternates);
    EXPECT_LE(gap, max_one) << "seed " << seed << ": the fast planner is " << gap * 100 << "% above the optimum";
    total += gap;
    worst = std::max(worst, gap);
  }
  const double average = total / static_cast<double>(kSeeds);
  std::printf("average gap %.2f%%, worst %.2f%%\n", average * 100, worst * 100);
  EXPECT_LE(average, max_average) << "the fast planner's average gap to the optimum grew to " << average * 100 << "%";
}

// Strict tiers. Measured (session 36, seeds 1..8, with the polish by the rounded LP and its repair
// of whole orders): 0.00, 0.00, 0.34, -0.01, 4.58, 0.01, -0.01 and 0.02%, 0.62% on average, under
// the allocation issue's 2%, which the average is held to (a negative gap: the optimum as delivered
// lost a unit-week to its rounding). Without the polish (session 35): 4.12% on average, worst
// 15.65%; the first plan alone is at about 12%.
TEST(PlanGap, FastPlannerAgainstOptimumOnMediumProblems) { check_gaps(Tiers::kStrict, 0, 0.02, 0.08); }

// The same problems with second-source parts in half the lasers' and DSPs' BOM lines and a second
// route for half the engines and modules (gen supply --second-sources 0.5 --alternate-routes 0.5);
// the improvement pass also tries each such item's other route and parts first. Measured (session
// 36): 0.64, 0.00, 0.06, 0.30, 3.05, 0.00, -0.01 and 1.32%, 0.67% on average (session 35, without
// the polish: 11.36%, worst 46.69%). `opticplan gen supply` then `plan --compare` plans other
// instances of the same shape (bench/gaps).
TEST(PlanGap, SecondSourcesAndRoutes) { check_gaps(Tiers::kStrict, 0.5, 0.02, 0.08); }

// Weighted tiers, measured by the weighted sum (session 36): 0.01, 0.00, 0.01, 0.41, 0.17, 0.01,
// -0.00 and 0.05%, 0.08% on average (session 35, without the polish: 7.51%, worst 19.93%).
TEST(PlanGap, WeightedTiers) { check_gaps(Tiers::kWeighted, 0, 0.02, 0.03); }

}  // namespace
}  // namespace opticplan::supply

namespace opticplan::supply {
namespace {

// A quote changes nothing; a commit keeps its supply, so the next quote sees less.
TEST(Promise, QuoteLeavesThePlanAndCommitKeepsIt) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), 4);
  const CustomerId c = m.customers.push_back({"c", {}});
  const ItemId mod = m.items.push_back({"mod", {}, {}, {SupplierId(0)}, 0});
  m.suppliers.push_back({"maker", mod, {100, 100, 100, 100}, 0, 0});
  Order o;
  o.id = "o";
  o.customer = c;
  o.alternates = {mod};
  o.qty = 150;
  o.due = 1;
  const OrderId oid = m.orders.push_back(o);
  FastPlanner planner(m);
  const Plan p = planner.plan();
  EXPECT_EQ(p.orders[oid].on_time, 150);
  Order q = o;
  q.id = "q";
  q.qty = 100;
  const OrderPlan first = planner.quote(q);  // 50 left by W02, 50 more in W03
  ASSERT_EQ(first.deliveries.size(), 2u);
  EXPECT_EQ(first.on_time, 50);
  EXPECT_EQ(first.lateness, 1);
  EXPECT_FALSE(first.causes.empty());
  const OrderPlan again = planner.quote(q);  // the quote took nothing
  EXPECT_EQ(again.on_time, 50);
  EXPECT_EQ(planner.commit(q).on_time, 50);
  const OrderPlan after = planner.quote(q);  // W03's supply is now half gone
  EXPECT_EQ(after.on_time, 0);
  EXPECT_EQ(after.delivered, 100);
  EXPECT_EQ(after.deliveries.front().period, 2);
  EXPECT_EQ(after.deliveries.front().qty, 50);
}

}  // namespace
}  // namespace opticplan::supply

#include "opticplan/doc/document.h"
#include "opticplan/scenario/read_supply.h"
#include "opticplan/scenario/write_supply.h"

namespace opticplan::supply {
namespace {

// A generated model written as YAML and read back plans exactly as the original.
TEST(Generate, WrittenModelReadsBackAndPlansTheSame) {
  GenOptions o;
  o.orders = 300;
  o.items = 30;
  o.periods = 26;
  o.customers = 4;
  o.seed = 7;
  const Model m = generate_supply(o);
  const std::string text = write_supply_yaml(m);
  Diagnostics diag;
  const Node root = parse_document(text, "generated.yaml", diag);
  ASSERT_TRUE(diag.ok()) << diag.str();
  const catalog::Catalog empty;
  auto back = read_supply(*root.find("supply"), "supply", empty, diag);
  ASSERT_TRUE(back) << diag.str();
  ASSERT_EQ(back->orders.size(), m.orders.size());
  const Plan a = plan_heuristic(m), b = plan_heuristic(*back);
  EXPECT_EQ(a.kpis.on_time, b.kpis.on_time);
  EXPECT_EQ(a.kpis.delivered, b.kpis.delivered);
  EXPECT_EQ(a.kpis.late_units, b.kpis.late_units);
  EXPECT_EQ(write_supply_yaml(*back), text);  // and writes the same text again
}

// The polish's repair of whole orders (LpModel::earlier_wholes()), on the instance that showed the
// need: bench/gaps' second-sources seed 15 (PlanGap's medium problem, written and read back as the
// CLI's `gen supply` file is). The rounding places each whole order in the period by which the
// relaxation had all of it: a 943-unit order two weeks late where the optimum has it one, two
// more a week late where the optimum has them on time; priority 1 was 3,483 unit-weeks against
// the optimum's 1,598 and the aggregate bound's 1,387. Moved a period earlier one at a time, as
// the first step's LP allows, it is 1,648: within 25% of the bound (the optimum is 15% above it).
TEST(Polish, WholeOrdersTheRoundingLeftLateMoveEarlier) {
  const Model generated = medium_problem(15, 0.5);
  Diagnostics diag;
  const Node root = parse_document(write_supply_yaml(generated), "so15.yaml", diag);
  ASSERT_TRUE(diag.ok()) << diag.str();
  const catalog::Catalog empty;
  auto m = read_supply(*root.find("supply"), "supply", empty, diag);
  ASSERT_TRUE(m) << diag.str();
  const Plan p = plan_heuristic(*m);
  EXPECT_EQ(p.planner, "heuristic+lp");
  const auto bound = bound_lp(*m);
  ASSERT_TRUE(bound) << bound.error();
  const double first = score(*m, p, Objective::kLateness).levels.at(0);
  std::printf("priority 1: %.0f unit-weeks late, bound %.1f\n", first, bound->at(0));
  EXPECT_LE(first, 1.25 * bound->at(0));
}

}  // namespace
}  // namespace opticplan::supply

namespace opticplan::supply {
namespace {

// Market-scale shorthands: capacity per_year spread evenly over a year's periods in whole units,
// and one demand entry split over requirements by share, every part and period adding up exactly.
TEST(SupplyShorthands, CapacityPerYearAndDemandSplit) {
  const std::string text = R"(supply:
  calendar: {start: 2025Q1, periods: 8}
  customers: [{id: a}]
  requirements: [{id: DR, alternates: [m1]}, {id: SR, alternates: [m2]}]
  lines: [{id: l, per_year: {2025: 10, 2026: 1000001}}]
  items: [{id: m1, line: l}, {id: m2, line: l}]
  demand:
    - {customer: a, split: {DR: 0.67, SR: 0.33}, per_year: {2025: 1001, 2026: 7}, weights: {2025: [1, 2, 3, 4]}}
)";
  Diagnostics diag;
  const Node root = parse_document(text, "shorthand.yaml", diag);
  ASSERT_TRUE(diag.ok()) << diag.str();
  const catalog::Catalog empty;
  auto m = read_supply(*root.find("supply"), "supply", empty, diag);
  ASSERT_TRUE(m) << diag.str();
  const std::vector<int64_t> cap = m->lines[LineId(0)].capacity;
  EXPECT_EQ(cap, (std::vector<int64_t>{3, 2, 3, 2, 250000, 250001, 250000, 250000}));
  int64_t dr2025 = 0, sr2025 = 0, all2026 = 0;
  for (const auto& o : m->orders) {
    if (o.due < 4)
      (o.requirement == "DR" ? dr2025 : sr2025) += o.qty;
    else
      all2026 += o.qty;
  }
  EXPECT_EQ(dr2025, 671);  // round(1001 x 0.67)
  EXPECT_EQ(sr2025, 330);  // the rest of the year's total
  EXPECT_EQ(all2026, 7);
  // The 2025 weights 1:2:3:4 shape each part: DR's 671 units at cumulative 67.1, 201.3, 402.6 and 671
  // round to 67, 201, 403 and 671, so the quarters get 67, 134, 202 and 268.
  std::vector<int64_t> dr;
  for (const auto& o : m->orders)
    if (o.requirement == "DR" && o.due < 4) dr.push_back(o.qty);
  EXPECT_EQ(dr, (std::vector<int64_t>{67, 134, 202, 268}));
}

}  // namespace
}  // namespace opticplan::supply
