// The improvement pass plans a try again only from the first batch its change touches, on a copy
// of the kept plan's planner rolled back to where that batch began (HeuristicOptions::
// resume_tries). That must be an economy and never a difference: each try's plan the same as
// planning the whole problem again with the same choices. Both ways make the same tries (the
// budget is charged alike), so their final plans must agree to the byte. The problems exercise each
// part of the state a resume restores: the look-ahead counts, agreements that release what their
// holder left (and the whole lots that release grows), lot sizes, minimum shipments, second
// sources and alternate routes, several priorities, weighted tiers, early starts into idle
// capacity (made before any order: a try that changes them plans again from the start).
#include <gtest/gtest.h>

#include <string>

#include "medium_problem.h"
#include "opticplan/results/plan_results.h"
#include "opticplan/supply/planner.h"

namespace opticplan::supply {
namespace {

// Lots on every supplier (so the released reservation comes back as whole lots) and a minimum
// shipment on a third of the orders.
Model lot_sized(uint64_t seed) {
  Model m = medium_problem(seed);
  for (auto& s : m.suppliers) {
    s.multiple = 50;
    s.moq = 100;
  }
  for (size_t k = 0; k < m.orders.size(); k += 3) m.orders[OrderId::from(k)].min_shipment = 60;
  return m;
}

void expect_same_both_ways(const Model& m, const std::string& what) {
  HeuristicOptions resumed, whole;
  whole.resume_tries = false;
  const Plan a = plan_heuristic(m, resumed);
  const Plan b = plan_heuristic(m, whole);
  EXPECT_EQ(results::plan_json(m, a).dump(1), results::plan_json(m, b).dump(1)) << what;
  EXPECT_EQ(a.search_steps, b.search_steps) << what;
}

// One problem of each kind (the whole re-plans are slow under the sanitizers). Each of four
// mutations of the resume (docs/performance.md, "Tries resumed from the batch they change") fails.
TEST(ResumedTries, PlanWhatAWholeReplanWould) {
  expect_same_both_ways(medium_problem(1), "seed 1");
  expect_same_both_ways(medium_problem(3, 0.5), "second sources and routes, seed 3");
  expect_same_both_ways(lot_sized(1), "lot sizes and minimum shipments, seed 1");
  Model weighted = medium_problem(2);
  weighted.tiers = Tiers::kWeighted;
  expect_same_both_ways(weighted, "weighted tiers, seed 2");
}

}  // namespace
}  // namespace opticplan::supply
