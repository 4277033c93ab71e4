// Every late or short order says why, truthfully: each kind of cause on a problem made to have
// exactly that cause, and a property over generated problems that no cause names a resource that
// had enough left to have served what it says was short.
#include <gtest/gtest.h>

#include <algorithm>

#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/planner.h"

namespace opticplan::supply {
namespace {

Model weeks(int n) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), n);
  m.customers.push_back({"buyer", {}});
  m.customers.push_back({"other", {}});
  return m;
}

Order order(const std::string& id, CustomerId customer, ItemId item, int64_t qty, int due) {
  Order o;
  o.id = id;
  o.customer = customer;
  o.alternates = {item};
  o.qty = qty;
  o.due = due;
  return o;
}

template <class IdT>
bool names(const OrderPlan& op, Constraint::Kind kind, IdT id) {
  return std::any_of(op.causes.begin(), op.causes.end(),
                     [&](const Cause& c) { return c.constraint == Constraint(kind, id); });
}

const CustomerId kBuyer(0), kOther(1);
const ItemId kItem0(0), kItem1(1);
const OrderId kOrder0(0), kOrder1(1);

// A module that takes three weeks on an idle line cannot be ready in week 2: the lead time is the
// cause, not the line (which has all its capacity left).
TEST(Causes, LeadTimeOfALine) {
  Model m = weeks(6);
  m.lines.push_back({"line", std::vector<int64_t>(6, 1000)});
  m.items.push_back({"mod", {Route{LineId(0), 1, 3, 1}}, {}, {}, 0});
  m.orders.push_back(order("o", kBuyer, kItem0, 100, 1));
  const Plan p = plan_heuristic(m);
  const OrderPlan& op = p.orders[kOrder0];
  EXPECT_EQ(op.status, Status::kLate);
  EXPECT_TRUE(names(op, Constraint::Kind::kLeadTime, kItem0));
  EXPECT_FALSE(names(op, Constraint::Kind::kLine, LineId(0))) << "the line had all its capacity";
}

// Suppliers that ship from week 5 cannot serve week 3: a lead time, with plenty of supply after.
TEST(Causes, LeadTimeOfSuppliers) {
  Model m = weeks(8);
  m.items.push_back({"eml", {}, {}, {SupplierId(0)}, 0});
  m.suppliers.push_back({"vendor", kItem0, {0, 0, 0, 0, 500, 500, 500, 500}, 4, 0, 1});
  m.orders.push_back(order("o", kBuyer, kItem0, 100, 2));
  const Plan p = plan_heuristic(m);
  const OrderPlan& op = p.orders[kOrder0];
  EXPECT_EQ(op.delivered, 100);
  EXPECT_TRUE(names(op, Constraint::Kind::kLeadTime, kItem0));
  EXPECT_FALSE(names(op, Constraint::Kind::kSupply, kItem0));
}

// The line (100 a week, 1,000 from week 5) is full in weeks 3-4 (a first-priority order) and the
// lasers arrive from week 3, so the order is made in week 5 and arrives a week late. Both stopped
// it: the line in weeks 3-4, where the lasers were there (+capacity there puts it on time), and
// the lasers in week 2, where the line was free. Naming only the lasers, where the walk back
// stopped, would hide the line.
TEST(Causes, LineFullWhereThePartsWereThere) {
  Model m = weeks(8);
  m.lines.push_back({"asm", {100, 100, 100, 100, 1000, 1000, 1000, 1000}});
  m.items.push_back({"laser", {}, {}, {SupplierId(0)}, 0});
  m.items.push_back({"mod", {Route{LineId(0), 1, 1, 1}}, {BomLine(kItem0, 1)}, {}, 0});
  m.suppliers.push_back({"laser-co", kItem0, {0, 0, 500, 500, 500, 500, 500, 500}, 0, 0, 1});
  Order first = order("first", kOther, kItem1, 200, 4), mine = order("mine", kBuyer, kItem1, 200, 4);
  mine.priority = 2;
  m.orders.push_back(first);
  m.orders.push_back(mine);
  const Plan p = plan_heuristic(m);
  EXPECT_EQ(p.orders[kOrder0].status, Status::kOnTime);
  const OrderPlan& op = p.orders[kOrder1];
  ASSERT_EQ(op.status, Status::kLate);
  const auto line = std::find_if(op.causes.begin(), op.causes.end(), [](const Cause& c) {
    return c.constraint == Constraint(Constraint::Kind::kLine, LineId(0));
  });
  ASSERT_NE(line, op.causes.end()) << "the line was full where the lasers were there";
  EXPECT_EQ(line->first, 2);
  EXPECT_EQ(line->last, 3);
  EXPECT_EQ(line->short_qty, 200);
  EXPECT_TRUE(names(op, Constraint::Kind::kSupply, kItem0)) << "no lasers in week 2, where the line was free";

  // Without lasers for it before week 5 (the first order takes week 3's 200), the line's full weeks
  // held nothing back, and from week 5 it has room for the whole order: it is not named.
  m.suppliers[SupplierId(0)].capacity = {0, 0, 200, 0, 500, 500, 500, 500};
  const Plan second = plan_heuristic(m);
  const OrderPlan& without = second.orders[kOrder1];
  EXPECT_EQ(without.status, Status::kLate);
  EXPECT_FALSE(names(without, Constraint::Kind::kLine, LineId(0)));
}

// Supply left over but reserved by another customer's agreement: the cause names the agreement.
TEST(Causes, AgreementHeldByAnother) {
  Model m = weeks(2);
  m.items.push_back({"mod", {}, {}, {SupplierId(0)}, 0});
  m.suppliers.push_back({"maker", kItem0, {100, 100}, 0, 0, 1});
  m.agreements.push_back({"lta", kOther, SupplierId(0), {}, {60, 60}, false, Release::kNever, 0});
  m.orders.push_back(order("o", kBuyer, kItem0, 200, 1));
  const Plan p = plan_heuristic(m);
  ASSERT_FALSE(p.orders[kOrder0].causes.empty());
  const Cause& c = p.orders[kOrder0].causes[0];
  EXPECT_EQ(c.constraint.kind, Constraint::Kind::kSupply);
  EXPECT_TRUE(c.reserved_elsewhere);
  EXPECT_EQ(c.agreement, AgreementId(0));
}

// Two lines of a cluster ship together: the one that was ready on time waits for the other, and
// says so, naming that order (not its own item, which it had).
TEST(Causes, GroupWaitNamesTheOrder) {
  Model m = weeks(6);
  m.items.push_back({"switch-optic", {}, {}, {SupplierId(0)}, 0});
  m.items.push_back({"gpu-optic", {}, {}, {SupplierId(1)}, 0});
  m.suppliers.push_back({"a", kItem0, {1000, 1000, 1000, 1000, 1000, 1000}, 0, 0, 1});
  m.suppliers.push_back({"b", kItem1, {0, 0, 0, 500, 0, 0}, 0, 0, 1});
  m.groups.push_back({"cluster", true, false, 0, 0});
  Order ready = order("ready", kBuyer, kItem0, 300, 1), scarce = order("scarce", kBuyer, kItem1, 500, 1);
  ready.group = scarce.group = GroupId(0);
  m.orders.push_back(ready);
  m.orders.push_back(scarce);
  const Plan p = plan_heuristic(m);
  const OrderPlan& op = p.orders[kOrder0];
  EXPECT_EQ(op.status, Status::kLate);
  EXPECT_TRUE(names(op, Constraint::Kind::kGroup, kOrder1)) << "it waits for order \"scarce\"";
  EXPECT_FALSE(names(op, Constraint::Kind::kSupply, kItem0)) << "its own item was there";
  EXPECT_TRUE(names(p.orders[kOrder1], Constraint::Kind::kSupply, kItem1));
}

// A buyer that qualified only the EML design of a requirement waits for EMLs while the silicon
// photonics design had plenty: the missing qualification is named, with how much it would have had.
TEST(Causes, QualificationItLacks) {
  Model m = weeks(3);
  m.items.push_back({"mod-eml", {}, {}, {SupplierId(0)}, 0});
  m.items.push_back({"mod-siph", {}, {}, {SupplierId(1)}, 0});
  m.suppliers.push_back({"eml-co", kItem0, {100, 100, 100}, 0, 0, 1});
  m.suppliers.push_back({"siph-co", kItem1, {1000, 1000, 1000}, 0, 0, 1});
  m.requirements.push_back({"800G", {kItem0, kItem1}});
  Order o = order("o", kBuyer, kItem0, 300, 0);
  o.requirement = "800G";  // qualified: mod-eml only (alternates {0})
  m.orders.push_back(o);
  const Plan p = plan_heuristic(m);
  const OrderPlan& op = p.orders[kOrder0];
  EXPECT_EQ(op.status, Status::kLate);
  ASSERT_TRUE(names(op, Constraint::Kind::kQualification, kItem1));
  for (const Cause& c : op.causes)
    if (c.constraint.kind == Constraint::Kind::kQualification) {
      EXPECT_EQ(c.short_qty, 200) << "what mod-siph could have given: the 200 not on time";
    }
  m.orders[kOrder0].alternates = {kItem0, kItem1};  // qualified both: on time, nothing to explain
  EXPECT_TRUE(plan_heuristic(m).orders[kOrder0].causes.empty());
}

// On generated problems (no agreements, so nothing is reserved): a bought item or line named as
// short for an order that may be split had less left, in the final plan, than it says was short,
// or less than one unit of anything made from it takes (3 left of a part a unit takes 4 of: it
// cannot serve the order, and the cause says how many more the start needed).
class CausesHaveNoSlack : public ::testing::TestWithParam<uint64_t> {};

TEST_P(CausesHaveNoSlack, NamedResourcesHadTooLittleLeft) {
  GenOptions g;
  g.orders = 300;
  g.items = 40;
  g.periods = 26;
  g.customers = 5;
  g.seed = GetParam();
  Model m = generate_supply(g);
  m.agreements.clear();
  const Plan p = plan_heuristic(m);
  int checked = 0;
  for (const auto& op : p.orders) {
    if (!m.orders[op.order].partial) continue;  // rolled back whole: its supply came back
    for (const Cause& c : op.causes) {
      if (c.constraint.kind == Constraint::Kind::kLine) {
        const LineId l = c.constraint.line();
        const size_t t = static_cast<size_t>(c.first);
        const int64_t left = m.lines[l].capacity[t] - p.lines[l].used[t];
        EXPECT_LT(left, c.short_qty) << "line " << m.lines[l].id << " in period " << t;
        ++checked;
      } else if (c.constraint.kind == Constraint::Kind::kSupply && !m.items[c.constraint.item()].made()) {
        int64_t left = 0;
        for (const SupplierId s : m.items[c.constraint.item()].suppliers)
          for (int t = 0; t <= c.first; ++t)
            left += m.suppliers[s].capacity[static_cast<size_t>(t)] - p.suppliers[s].used[static_cast<size_t>(t)];
        double per_unit = 0;  // the most one unit of anything takes of it
        for (const auto& it : m.items)
          for (const auto& b : it.bom)
            for (const auto& part : b.parts)
              if (part.item == c.constraint.item()) per_unit = std::max(per_unit, part.qty);
        EXPECT_TRUE(left < c.short_qty || static_cast<double>(left) < per_unit)
            << m.items[c.constraint.item()].id << " by period " << c.first << ": " << left << " left, short "
            << c.short_qty;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10) << "the generated problem should be short of something";
}

INSTANTIATE_TEST_SUITE_P(Seeds, CausesHaveNoSlack, ::testing::Range<uint64_t>(1, 7));

// The LP's causes come from binding capacities (lp_causes.h): every late or short order of a
// generated problem gets one, and each names a line or supplier that the plan left full in the
// first period it names (within rounding to whole units).
TEST(LpCauses, EveryLateOrderNamesAFullCapacity) {
  Model m = generate_supply({.orders = 60, .items = 20, .periods = 12, .customers = 3});
  m.agreements.clear();
  const auto lp = plan_lp(m);
  ASSERT_TRUE(lp) << lp.error();
  int late = 0;
  for (const auto& op : lp->orders) {
    if (op.status == Status::kOnTime) continue;
    ++late;
    EXPECT_FALSE(op.causes.empty()) << m.orders[op.order].id;
    for (const Cause& c : op.causes) {
      const auto t = static_cast<size_t>(c.first);
      if (c.constraint.kind == Constraint::Kind::kLine) {
        const LineId l = c.constraint.line();
        EXPECT_LE(static_cast<double>(m.lines[l].capacity[t] - lp->lines[l].used[t]),
                  1 + 1e-3 * static_cast<double>(m.lines[l].capacity[t]))
            << "line " << m.lines[l].id << " in period " << t;
      } else if (c.constraint.kind == Constraint::Kind::kSupply) {
        bool full = false;
        for (SupplierId s : m.items[c.constraint.item()].suppliers) {
          const auto cap = static_cast<double>(m.suppliers[s].capacity[t]);
          full = full || cap - static_cast<double>(lp->suppliers[s].used[t]) <= 1 + 1e-3 * cap;
        }
        EXPECT_TRUE(full) << m.items[c.constraint.item()].id << " in period " << t;
      }
    }
  }
  EXPECT_GT(late, 5) << "the generated problem should be short of something";
}

}  // namespace
}  // namespace opticplan::supply
