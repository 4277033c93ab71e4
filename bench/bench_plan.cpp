// Benchmarks of the fast planner on generated two-level networks (supply/generate.h): 200 items,
// 104 weekly periods, supply at 80% of demand so capacity saturates, due dates clustered every
// fourth week (thousands of orders share one). The target: 100,000 order lines in under 2 s, with
// time per order flat as orders grow.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/planner.h"

namespace {

void BM_PlanHeuristic(benchmark::State& state) {
  opticplan::supply::GenOptions o;
  o.orders = static_cast<int>(state.range(0));
  const auto model = opticplan::supply::generate_supply(o);
  double fill = 0;
  for (auto _ : state) {
    auto plan = opticplan::supply::plan_heuristic(model);
    fill = plan.kpis.fill_rate;
    benchmark::DoNotOptimize(plan);
  }
  state.counters["fill_rate"] = fill;
  state.counters["per_order_ns"] = benchmark::Counter(
      static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanHeuristic)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// Second sources (issue 18): half of the laser and DSP lines of the bills of materials name a
// second-source part. The target: the 100,000-order problem in under 3 s.
void BM_PlanHeuristicSecondSources(benchmark::State& state) {
  opticplan::supply::GenOptions o;
  o.orders = static_cast<int>(state.range(0));
  o.second_sources = 0.5;
  const auto model = opticplan::supply::generate_supply(o);
  double fill = 0;
  for (auto _ : state) {
    auto plan = opticplan::supply::plan_heuristic(model);
    fill = plan.kpis.fill_rate;
    benchmark::DoNotOptimize(plan);
  }
  state.counters["fill_rate"] = fill;
  state.counters["per_order_ns"] = benchmark::Counter(
      static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanHeuristicSecondSources)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// Overload (issue 17): supply at a tenth of demand over 365 weeks, so nearly every order is late
// or never served. Time per order must stay flat as orders grow (a late order's search must not
// walk to the horizon); the first plan only, so the improvement pass's budget does not blur it.
void BM_PlanHeuristicOverloaded(benchmark::State& state) {
  opticplan::supply::GenOptions o;
  o.orders = static_cast<int>(state.range(0));
  o.periods = 365;
  o.tightness = 0.1;
  const auto model = opticplan::supply::generate_supply(o);
  double fill = 0;
  uint64_t steps = 0;
  for (auto _ : state) {
    auto plan = opticplan::supply::plan_heuristic(model, {.improve_work = 0});
    fill = plan.kpis.fill_rate;
    steps = plan.search_steps;
    benchmark::DoNotOptimize(plan);
  }
  state.counters["fill_rate"] = fill;
  state.counters["steps_per_order"] = static_cast<double>(steps) / static_cast<double>(state.range(0));
  state.counters["per_order_ns"] = benchmark::Counter(
      static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanHeuristicOverloaded)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// The medium problems the optimum is compared on (as the PlanGap unit test).
opticplan::supply::Model medium_problem(int orders) {
  opticplan::supply::GenOptions o;
  o.orders = orders;
  o.items = 30;
  o.periods = 20;
  o.customers = 4;
  return opticplan::supply::generate_supply(o);
}

// The optimal planner (CLP, CBC for whole orders) on a medium problem, with the fast planner's gap
// to it as a counter; the time ratio is this row against BM_PlanHeuristicMedium's.
void BM_PlanLpMedium(benchmark::State& state) {
  const auto model = medium_problem(static_cast<int>(state.range(0)));
  std::optional<opticplan::supply::Plan> optimum;
  for (auto _ : state) {
    auto plan = opticplan::supply::plan_lp(model);
    if (!plan) state.SkipWithError(plan.error().c_str());
    if (plan) optimum = std::move(*plan);
  }
  if (!optimum) return;
  const auto fast = opticplan::supply::plan_heuristic(model);
  state.counters["gap_pct"] =
      100 * opticplan::supply::compare_plans(model, fast, *optimum, opticplan::supply::Objective::kLateness).gap;
}
BENCHMARK(BM_PlanLpMedium)->Arg(120)->Unit(benchmark::kMillisecond);

void BM_PlanHeuristicMedium(benchmark::State& state) {
  const auto model = medium_problem(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(opticplan::supply::plan_heuristic(model));
}
BENCHMARK(BM_PlanHeuristicMedium)->Arg(120)->Unit(benchmark::kMillisecond);

// The aggregate bound (bound_lp()) of a generated problem: orders, items, periods (20 buyers), and
// whether against the fast plan's score, as `plan --bound` solves it (1: the tiers down to the
// deciding one) or every tier (0). Its size follows the items, periods and kinds of demand, not the
// orders: the bound for 100,000 orders that the LP planner cannot reach. Counter gap_pct: the fast
// planner's gap to the bound in the deciding tier (at most its gap to the optimum).
void BM_PlanBound(benchmark::State& state) {
  using namespace opticplan::supply;
  GenOptions o;
  o.orders = static_cast<int>(state.range(0));
  o.items = static_cast<int>(state.range(1));
  o.periods = static_cast<int>(state.range(2));
  const auto model = generate_supply(o);
  const auto fast = plan_heuristic(model);
  const Score fast_score = score(model, fast, Objective::kLateness);
  std::vector<double> bound;
  for (auto _ : state) {
    auto b = bound_lp(model, Objective::kLateness, nullptr, state.range(3) != 0 ? &fast_score : nullptr);
    if (!b) state.SkipWithError(b.error().c_str());
    if (b) bound = std::move(*b);
  }
  if (bound.empty()) return;
  state.counters["gap_pct"] = 100 * compare_to_bound(model, fast, bound, Objective::kLateness).gap;
}
BENCHMARK(BM_PlanBound)
    ->Args({10000, 30, 26, 0})
    ->Args({100000, 30, 26, 0})
    ->Args({100, 200, 104, 0})
    ->Args({100, 200, 104, 1})
    ->Args({1000, 200, 104, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

namespace {

// Promising on the committed 100,000-order plan: one quote (plan one order, roll it back).
void BM_Quote(benchmark::State& state) {
  opticplan::supply::GenOptions o;
  o.orders = static_cast<int>(state.range(0));
  const auto model = opticplan::supply::generate_supply(o);
  opticplan::supply::FastPlanner planner(model);
  planner.plan();
  size_t k = 0;
  for (auto _ : state) {
    opticplan::supply::Order q = model.orders[opticplan::supply::OrderId::from(k++ % model.orders.size())];
    q.id = "quote";
    benchmark::DoNotOptimize(planner.quote(q));
  }
}
BENCHMARK(BM_Quote)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace
