// The fast planner under overload (issue 17): when demand is many times what the lines, parts or
// stock can give, a late or unservable order must cost about what an on-time order costs. Work is
// counted, not timed (Plan::search_steps: the periods its searches visited), and must grow with
// the orders, not with orders x periods; and the capacity that is there must still all be used.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "opticplan/supply/planner.h"

namespace opticplan::supply {
namespace {

enum class Short { kLine, kParts, kStock, kSetup };

// `n` orders of 2 to 4 units due over `periods` weeks (overloaded when they ask more than the 2 or
// 3 units a period there are: 4,000 orders over 100 weeks ask 40 times that). kLine: two
// items on one line whose usage (3 and 4 of 10 a period) leaves a remnant too small for a unit in
// every period once it is full, part of it reserved for one customer; kParts: an idle line whose
// bought part comes 2 a period; kStock: a bought item with stock at the start and no supplier;
// kSetup: the two items on a line of 20 a period, each run paying a setup of 8 (a period holds
// both runs with a unit or so each, or one run with 3 to 4 units).
Model overloaded(int n, int periods, Short kind) {
  Model m;
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), periods);
  m.customers.push_back({"a", {}});
  m.customers.push_back({"b", {}});
  const auto T = static_cast<size_t>(periods);
  switch (kind) {
    case Short::kLine:
      m.lines.push_back({"line", std::vector<int64_t>(T, 10)});
      m.items.push_back({"x", {Route{LineId(0), 3, 1, 1}}, {}, {}, 0});
      m.items.push_back({"y", {Route{LineId(0), 4, 0, 1}}, {}, {}, 0});
      m.agreements.push_back(
          {"lta", CustomerId(1), {}, LineId(0), std::vector<int64_t>(T, 4), false, Release::kNever, 0});
      break;
    case Short::kParts:
      m.lines.push_back({"line", std::vector<int64_t>(T, 1000)});
      m.items.push_back({"x", {Route{LineId(0), 1, 1, 1}}, {{ItemId(2), 1}}, {}, 0});
      m.items.push_back({"y", {Route{LineId(0), 1, 0, 1}}, {{ItemId(2), 1}}, {}, 0});
      m.items.push_back({"part", {}, {}, {SupplierId(0)}, 0});
      m.suppliers.push_back({"vendor", ItemId(2), std::vector<int64_t>(T, 2), 0, 0, 1});
      break;
    case Short::kSetup:
      m.lines.push_back({"line", std::vector<int64_t>(T, 20)});
      m.items.push_back({"x", {Route{LineId(0), 3, 1, 1}}, {}, {}, 0});
      m.items.push_back({"y", {Route{LineId(0), 4, 0, 1}}, {}, {}, 0});
      m.items[ItemId(0)].routes[0].setup = 8;
      m.items[ItemId(1)].routes[0].setup = 8;
      break;
    case Short::kStock:
      m.items.push_back({"x", {}, {}, {}, 0});
      m.items.push_back({"y", {}, {}, {}, 0});
      m.receipts.push_back({ItemId(0), 0, periods});
      m.receipts.push_back({ItemId(1), 0, periods});
      break;
  }
  uint64_t r = 7;
  for (int k = 0; k < n; ++k) {
    r = r * 6364136223846793005ULL + 1442695040888963407ULL;
    Order o;
    o.id = "o" + std::to_string(k);
    o.customer = CustomerId(static_cast<uint32_t>(k % 2));
    o.alternates = {ItemId(static_cast<uint32_t>((r >> 33) % 2))};
    if (k % 7 == 0) o.alternates.push_back(ItemId(1 - o.alternates.front().v));
    o.qty = 2 + static_cast<int64_t>((r >> 40) % 3);
    o.due = static_cast<int>((r >> 20) % static_cast<uint64_t>(periods));
    o.priority = 1 + static_cast<int>((r >> 50) % 3);
    o.partial = k % 5 != 0;  // some whole orders: searched, then rolled back
    m.orders.push_back(std::move(o));
  }
  return m;
}

uint64_t steps(int n, int periods, Short kind, Plan* out = nullptr) {
  const Model m = overloaded(n, periods, kind);
  Plan p = plan_heuristic(m, {.improve_work = 0});
  const uint64_t s = p.search_steps;
  if (out) *out = std::move(p);
  return s;
}

class Overload : public ::testing::TestWithParam<Short> {};

// Steps per order stay bounded whatever the horizon: an order that can never be served costs a
// few steps (its on-time ask, its late search, the questions for its causes: 3 to 13 here), not
// one per period to the horizon's end, which cost about periods / 2 per order (190 at 400 weeks).
TEST_P(Overload, WorkPerOrderDoesNotGrowWithTheHorizon) {
  const uint64_t short_horizon = steps(2000, 40, GetParam());
  const uint64_t long_horizon = steps(2000, 400, GetParam());
  EXPECT_GT(short_horizon, 0U);
  EXPECT_LE(short_horizon, 2000U * 16);
  EXPECT_LE(long_horizon, 2000U * 16);
  EXPECT_LE(long_horizon, 2 * short_horizon) << "40 weeks: " << short_horizon << ", 400 weeks: " << long_horizon;
}

// 100 times the orders, about 100 times the work: an order at 40 times overload costs a constant
// more than one at half load, where most are on time (2 to 3 steps an order there, 3 to 10 here;
// a walk to the horizon costs 60 more an order at 200 weeks).
TEST_P(Overload, WorkPerOrderStaysFlatIntoOverload) {
  const uint64_t light = steps(60, 200, GetParam());
  const uint64_t heavy = steps(6000, 200, GetParam());
  EXPECT_LE(light, 60U * 4);
  EXPECT_LE(heavy, 6000U * 16) << light << " steps for 60 orders, " << heavy << " for 6,000";
}

// Skipping is not missing: the late orders still take everything there is. On the line, both
// customers ask for x (usage 3) in every period but the last (x's lead time is a period), so what
// either may use is left below 3 there, and below y's usage (4) in the last.
TEST_P(Overload, EverythingThereIsIsStillUsed) {
  Plan p;
  steps(2000, 100, GetParam(), &p);
  int64_t delivered = 0;
  for (const auto& op : p.orders) delivered += op.delivered;
  switch (GetParam()) {
    case Short::kLine:
      for (size_t t = 0; t < 100; ++t) EXPECT_GT(p.lines[LineId(0)].used[t], t < 99 ? 10 - 3 : 10 - 4) << t;
      break;
    case Short::kParts:  // each period's parts make a unit one period later (x) or at once (y)
      EXPECT_GE(delivered, 2 * 100 - 2);
      break;
    case Short::kStock: EXPECT_EQ(delivered, 2 * 100); break;
    case Short::kSetup:  // what is left of a period holds no unit more: of a run that is on, or a new one
      for (size_t t = 0; t < 100; ++t) {
        const int64_t left = 20 - p.lines[LineId(0)].used[t];
        const bool x_on = t + 1 < 100 && p.items[ItemId(0)].produced[t + 1] > 0;  // x: a period's lead time
        const bool y_on = p.items[ItemId(1)].produced[t] > 0;
        if (t + 1 < 100) {
          EXPECT_LT(left, x_on ? 3 : 8 + 3) << t;
        }
        EXPECT_LT(left, y_on ? 4 : 8 + 4) << t;
        EXPECT_TRUE(x_on || y_on) << t;
        const int64_t x_units = x_on ? p.items[ItemId(0)].produced[t + 1] : 0;
        const int64_t y_units = p.items[ItemId(1)].produced[t];
        EXPECT_EQ(20 - left, 8 * (x_on + y_on) + 3 * x_units + 4 * y_units) << t;  // one setup a run
      }
      break;
  }
}

std::string kind_name(const ::testing::TestParamInfo<Short>& p) {
  switch (p.param) {
    case Short::kLine: return "Line";
    case Short::kParts: return "Parts";
    case Short::kStock: return "Stock";
    case Short::kSetup: return "Setup";
  }
  return "?";
}

INSTANTIATE_TEST_SUITE_P(Short, Overload, ::testing::Values(Short::kLine, Short::kParts, Short::kStock, Short::kSetup),
                         kind_name);

}  // namespace
}  // namespace opticplan::supply
