// Market engine: distributions by inversion, runs split over "ranks" reduce to the same result,
// inputs and events act on what they name, and the tornado puts the widest swing first.
#include <gtest/gtest.h>

#include <cmath>

#include "opticplan/market/distribution.h"
#include "opticplan/market/market.h"
#include "opticplan/supply/generate.h"

namespace opticplan::market {
namespace {

Distribution dist(Distribution::Kind kind, double a, double b, double c = 0) {
  Distribution d;
  d.kind = kind;
  d.a = a, d.b = b, d.c = c;
  return d;
}

TEST(Distribution, NormalQuantileMatchesTables) {
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.9), 1.2815515655446004, 1e-14);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-12);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-9);
}

TEST(Distribution, QuantilesOfEachFamily) {
  const Distribution tri = dist(Distribution::Kind::kTriangular, 0, 1, 4);  // mode at a quarter of the range
  EXPECT_DOUBLE_EQ(tri.quantile(0.25), 1.0);                                // the CDF at the mode is 1/4
  EXPECT_NEAR(tri.quantile(0.5), 4 - std::sqrt(0.5 * 4 * 3), 1e-12);
  const Distribution uni = dist(Distribution::Kind::kUniform, 2, 4);
  EXPECT_DOUBLE_EQ(uni.quantile(0.25), 2.5);
  const Distribution logn = dist(Distribution::Kind::kLognormal, 2, 0.3);
  EXPECT_NEAR(logn.median(), 2, 1e-12);
  EXPECT_NEAR(logn.quantile(0.9), 2 * std::exp(0.3 * 1.2815515655446004), 1e-12);
  Distribution disc;
  disc.kind = Distribution::Kind::kDiscrete;
  disc.points = {{0.8, 0.25}, {1.0, 0.75}, {1.3, 1.0}};
  EXPECT_EQ(disc.quantile(0.1), 0.8);
  EXPECT_EQ(disc.quantile(0.5), 1.0);
  EXPECT_EQ(disc.quantile(0.9), 1.3);
  EXPECT_EQ(disc.min_value(), 0.8);
}

supply::Model small_market() {
  supply::GenOptions o;
  o.orders = 150;
  o.items = 20;
  o.periods = 12;
  o.customers = 3;
  o.tightness = 0.7;
  return supply::generate_supply(o);
}

MarketSpec spec_for(const supply::Model& m) {
  MarketSpec spec;
  spec.runs = 30;
  spec.seed = 9;
  spec.demand_sd = 0.1;
  PriceClass all;
  all.id = "modules";
  for (const supply::ItemId i : m.items.ids())
    if (m.items[i].id.rfind("module-", 0) == 0) all.items.push_back(i);
  all.prices = {{2026, 500.0}};
  all.high_speed = true;
  spec.classes.push_back(all);
  spec.focus_year = m.grid.year(0);
  Input supply_in;
  supply_in.id = supply_in.name = "first supplier";
  supply_in.target = {Target::Kind::kSupplier, supply::SupplierId(0), 0, m.periods() - 1};
  supply_in.dist = dist(Distribution::Kind::kTriangular, 0.2, 1, 1.1);
  Input price_in;
  price_in.id = price_in.name = "price";
  price_in.target = {Target::Kind::kPrice, ClassId(0), 0, m.periods() - 1};
  price_in.dist = dist(Distribution::Kind::kUniform, 0.99, 1.01);
  spec.inputs.push_back(price_in);
  spec.inputs.push_back(supply_in);
  Event never;
  never.id = never.name = "value below zero";
  never.kind = Event::Kind::kValue;
  never.year = m.grid.year(0);
  never.threshold = 0;
  spec.events.push_back(never);
  return spec;
}

// What the MPI driver does: each "rank" runs every second run; put back in run order, the blocks
// reduce to exactly the single-process result.
TEST(Market, RunsSplitOverRanksReduceToTheSameResult) {
  const supply::Model m = small_market();
  const MarketSpec spec = spec_for(m);
  MarketSimulation sim(m, spec);
  std::vector<double> all, rank0, rank1;
  sim.run(0, 1, 2, all);
  sim.run(0, 2, 1, rank0);
  sim.run(1, 2, 1, rank1);
  const size_t B = sim.block_size();
  ASSERT_EQ(all.size(), static_cast<size_t>(spec.runs) * B);
  std::vector<double> merged;
  for (int r = 0; r < spec.runs; ++r) {
    const auto& src = r % 2 ? rank1 : rank0;
    merged.insert(merged.end(), src.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r / 2) * B),
                  src.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r / 2 + 1) * B));
  }
  EXPECT_EQ(merged, all);
  const MarketResult a = sim.reduce(all), b = sim.reduce(merged);
  EXPECT_EQ(a.value.front().p50, b.value.front().p50);
}

// Inputs are drawn within their distributions, the base run uses medians, an impossible event
// never happens, and the wide supply input swings the value more than the narrow price input.
TEST(Market, InputsEventsAndTornado) {
  const supply::Model m = small_market();
  const MarketSpec spec = spec_for(m);
  const MarketResult r = simulate_market(m, spec, 2);
  ASSERT_EQ(r.inputs.size(), 2u);
  EXPECT_GE(r.inputs[1].p10, 0.2);
  EXPECT_LE(r.inputs[1].p90, 1.1);
  EXPECT_DOUBLE_EQ(r.inputs[1].base, spec.inputs[InputId(1)].dist.median());
  EXPECT_EQ(r.event_probability.front(), 0.0);
  EXPECT_FALSE(r.event_base.front());
  ASSERT_EQ(r.tornado.size(), 2u);
  EXPECT_EQ(r.tornado.front().input, InputId(1));  // the supply input: its P10 (0.47) starves the market
  EXPECT_GT(r.tornado.front().swing(), r.tornado.back().swing());
  EXPECT_LT(r.tornado.front().low, r.tornado.front().high);
  for (size_t y = 0; y < r.value.size(); ++y) {
    EXPECT_LE(r.value[y].p10, r.value[y].p50);
    EXPECT_LE(r.value[y].p50, r.value[y].p90);
  }
}

// The market's Monte Carlo gives the same bands on 1 and on 3 threads, and P10 <= P50 <= P90.
TEST(Market, SameBandsForAnyThreadCountAndOrderedQuantiles) {
  supply::GenOptions o;
  o.orders = 200;
  o.items = 20;
  o.periods = 12;
  o.customers = 3;
  const supply::Model m = supply::generate_supply(o);
  MarketSpec spec;
  spec.runs = 24;
  spec.seed = 5;
  spec.demand_sd = 0.2;
  spec.supply_sd = 0.1;
  PriceClass all;
  all.id = "modules";
  for (const supply::ItemId i : m.items.ids())
    if (m.items[i].id.rfind("module-", 0) == 0) all.items.push_back(i);
  all.prices = {{2026, 500.0}};
  all.high_speed = true;
  spec.classes.push_back(all);
  const auto a = simulate_market(m, spec, 1);
  const auto b = simulate_market(m, spec, 3);
  ASSERT_EQ(a.value.size(), b.value.size());
  for (size_t y = 0; y < a.value.size(); ++y) {
    EXPECT_EQ(a.value[y].p10, b.value[y].p10);
    EXPECT_EQ(a.value[y].p50, b.value[y].p50);
    EXPECT_EQ(a.value[y].p90, b.value[y].p90);
    EXPECT_LE(a.value[y].p10, a.value[y].p50);
    EXPECT_LE(a.value[y].p50, a.value[y].p90);
  }
  for (size_t t = 0; t < a.backlog.size(); ++t) EXPECT_EQ(a.backlog[t].p50, b.backlog[t].p50);
  EXPECT_GT(a.value.front().base, 0);
}

}  // namespace
}  // namespace opticplan::market
