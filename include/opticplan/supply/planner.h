// The fast constrained planner (the default), in the spirit of frePPLe's demand-driven solver.
//
// Orders are planned one at a time by priority (1 first), then due period, whole orders before those
// that may be split (which can use what is left), then input order. Each
// order first asks for its quantity *by its due period*: stock, then suppliers (an agreement's
// reserved supply first for its holder, then the free supply, suppliers in order of preference),
// then production on the item's line, started as late as possible (lead time before it is needed),
// each started unit taking capacity in its start period and its bill of materials by then,
// recursively (a part named on several lines of the bill counts for all of them); except that
// periods of the line no other route on it can use (none of their parts can have arrived) are
// taken first, so the later capacity stays for the routes that need it. Alternates are tried in
// the order's preference. What cannot arrive on time is then planned
// forward, period by period, to the earliest period it can arrive, up to the order's maximum
// lateness; an order that may not be split either arrives whole or is rolled back and reported
// unmet. Agreements marked `release: unused` hand what their holder left to the others in a second
// pass over the orders still short.
//
// Supply carries over between periods and is taken latest-first (what arrived just before it is
// needed), so earlier supply stays for orders due earlier; capacity does not carry over. Each
// supply pool keeps a Fenwick tree over periods, so "how much has arrived by t" and "the latest
// period with something left" are O(log T) and need no allocation, and running out of a part by t
// stops the search at once (nothing earlier remains either). Line capacity keeps a max segment
// tree per line (and per holder of a reservation on it), so the latest or earliest period with
// room for a good unit is O(log T) too, however many periods are used up to a remnant; and a
// late order whose alternates came short goes straight to the next period where stock, supply or
// a start could be new. Time per order stays flat when lines, parts or stock are overloaded. Every change goes to a
// journal, so a plan can be rolled back to any mark (an order that may not be split, a quote). Deterministic: no
// hashing, no clock, no threads.
//
// That first plan is then improved: for each order that may take one of several alternates (in
// the order they are planned), each other alternate is tried first and the problem planned again;
// a try is kept only when the whole plan scores better under the objective (objective.h), so the
// pass never makes a plan worse. A try plans again only the batches from the first one its change
// touches (the planner keeps where each batch began in its journal, and a copy of it rolls back to
// there); a change of an item's sources plans everything again. The tries are bounded by a budget
// of orders planned, so the pass costs at most a fixed amount of work whatever the size (none at
// 100,000 orders). When the budget
// cannot afford a try per order (from about 1,000 orders), whole groups move first: the firm
// orders of one priority, due period and item (or requirement), in a period where that priority
// is late, planned with the orders due a period later.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "opticplan/supply/model.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

struct HeuristicOptions {
  Objective objective = Objective::kLateness;  // what the improvement pass improves
  // The improvement pass's work in all, in orders planned: a try plans again the orders from the
  // first batch it changes, and copies the supply pools first (counted as items x periods / 8). The
  // pass runs only when the budget affords two whole re-plans. 120,000 allows 615 whole re-plans
  // at 120 orders (30 items, 20 periods), 109 at 1,000 (30 items, 26 periods) and 9 at 10,000 (200
  // items, 104 periods), none at 100,000: at most about 0.5 s here (docs/performance.md, "The
  // improvement budget doubled"). 0: the first plan only.
  int64_t improve_work = 120'000;
  // After the improvement pass, when the LP of the model is small (at most kPolishColumns columns,
  // and orders: about a thousand orders on 30 items and 26 weeks), the LP's relaxation rounded to a plan that
  // keeps every rule (plan_lp_rounded(), lp_planner.h, with this plan as the other rounding) is
  // kept instead when it scores better; its plan's `planner` is then "heuristic+lp". Not with
  // improve_work 0, nor in FastPlanner (whose state answers quotes: it keeps its own plan).
  bool polish = true;
  // A try plans again only the batches from the first one its change touches, on a copy of the
  // kept plan's planner rolled back to there (the same plan as a whole re-plan gives). false: each
  // try plans the whole problem from the start, the same plans, slower (for tests to compare).
  bool resume_tries = true;
  // Once set, planning stops at the next batch of orders (and the improvement pass at its next
  // try); the plan returned is then partial, for the caller to discard (the service's cancel).
  const std::atomic<bool>* cancel = nullptr;
  // Called after each batch of the first plan with the share of orders planned, 0..1 (a service
  // run's progress); not by the improvement pass.
  std::function<void(double)> progress{};
};

// The most columns the LP of a model may have for plan_heuristic() to polish its plan with it
// (HeuristicOptions::polish): 120 orders on 30 items and 20 weeks have about 5,000, 1,000 orders on
// 30 items and 26 weeks about 18,000 (a second or so of solving here, docs/performance.md).
constexpr size_t kPolishColumns = 20'000;

Plan plan_heuristic(const Model& model, const HeuristicOptions& options = {});

// The fast planner kept alive after planning, for promising (available- and capable-to-promise):
// quote() plans a new order on the committed plan exactly as the planner would have (stock,
// supply, capacity, alternates, agreements, lateness), returns its schedule and the reasons it is
// not earlier, and takes everything back; commit() keeps it, so later quotes see it. No re-planning:
// a quote costs what planning one order costs (microseconds). The model must outlive the planner.
// Thread safety: none. A FastPlanner holds the plan being built; use one per thread (the model it
// plans may be shared, read-only).
class FastPlanner {
 public:
  explicit FastPlanner(const Model& model, const HeuristicOptions& options = {});
  ~FastPlanner();
  FastPlanner(const FastPlanner&) = delete;
  FastPlanner& operator=(const FastPlanner&) = delete;

  Plan plan();  // plans (and improves) the model's orders; call once, before quotes
  OrderPlan quote(const Order& order);
  OrderPlan commit(const Order& order);

 private:
  struct Impl;
  const Model* model_;
  HeuristicOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace opticplan::supply
