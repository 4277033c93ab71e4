// The facade's supply commands: plan, compare and quote.
#include <utility>

#include "opticplan/results/mrp_results.h"
#include "opticplan/results/plan_results.h"
#include "opticplan/results/provenance.h"
#include "opticplan/run/run.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/planner.h"

namespace opticplan::run {

namespace {
Error no_supply() { return fail(Code::kBadInput, "has no supply: section", "supply"); }
}  // namespace

const char* planner_name(Planner p) { return p == Planner::kLp ? "lp" : "heuristic"; }

std::optional<Planner> parse_planner(std::string_view name) {
  for (Planner p : {Planner::kHeuristic, Planner::kLp})
    if (name == planner_name(p)) return p;
  return std::nullopt;
}

Result<PlanRun> plan(const Scenario& sc, const PlanOptions& options) {
  if (!sc.supply) return no_supply();
  const supply::Model& m = *sc.supply;
  // The fast plan once: it is the plan, or the side the comparison sets against the optimum (which
  // the LP also tries as a rounding).
  std::optional<supply::Plan> fast;
  if (options.compare && options.bound)
    return fail(Code::kBadInput, "compare and bound exclude each other: the optimum carries its own bound");
  if (options.planner == Planner::kHeuristic || options.compare || options.bound)
    fast = supply::plan_heuristic(
        m, {.objective = options.objective, .cancel = options.cancel, .progress = options.progress});
  std::optional<supply::Plan> lp;
  if (options.planner == Planner::kLp || options.compare) {
    auto r = supply::plan_lp(m, options.objective, options.cancel, fast ? &*fast : nullptr);
    if (!r) return fail(r.code() == Code::kCancelled ? Code::kCancelled : Code::kInternal, r.error());
    lp = std::move(*r);
  }
  if (options.cancel != nullptr && options.cancel->load()) return fail(Code::kCancelled, "cancelled");
  PlanRun run{&sc, options.planner == Planner::kLp ? *lp : *fast, std::nullopt};
  // The comparison is always the fast planner against the optimum, whichever plan is returned.
  if (options.compare) run.comparison = supply::compare_plans(m, *fast, *lp, options.objective);
  if (options.bound) {
    const supply::Score fast_score = supply::score(m, *fast, options.objective);
    auto bound = supply::bound_lp(m, options.objective, options.cancel, &fast_score);
    if (!bound) return fail(bound.code() == Code::kCancelled ? Code::kCancelled : Code::kInternal, bound.error());
    run.comparison = supply::compare_to_bound(m, *fast, *bound, options.objective);
  }
  return run;
}

Json PlanRun::json() const {
  auto j = results::plan_json(*scenario->supply, plan);
  if (comparison) j["comparison"] = results::comparison_json(*comparison);
  results::add_provenance(j, *scenario, true, false);
  return j;
}
void PlanRun::write_json(std::ostream& out, results::JsonLayout layout) const {
  results::write_plan_result(out, *scenario, plan, comparison ? &*comparison : nullptr, layout);
}
std::string PlanRun::text() const {
  std::string out = results::plan_text(*scenario->supply, plan);
  if (comparison) out += "\n" + results::comparison_text(*comparison);
  return out;
}
std::string PlanRun::csv() const { return results::plan_csv(*scenario->supply, plan); }

Result<MrpRun> mrp(const Scenario& sc) {
  if (!sc.supply) return no_supply();
  return MrpRun{&sc, supply::plan_mrp(*sc.supply)};
}
Json MrpRun::json() const {
  auto j = results::mrp_json(*scenario->supply, plan);
  results::add_provenance(j, *scenario, true, false);
  return j;
}
std::string MrpRun::text() const { return results::mrp_text(*scenario->supply, plan); }
std::string MrpRun::csv() const { return results::mrp_csv(*scenario->supply, plan); }

Result<CompareRun> compare(const Scenario& base, const Scenario& what_if) {
  if (!base.supply || !what_if.supply) return no_supply();
  const supply::Plan a = supply::plan_heuristic(*base.supply);
  const supply::Plan b = supply::plan_heuristic(*what_if.supply);
  return CompareRun{&base, &what_if, supply::diff_plans(*base.supply, a, *what_if.supply, b)};
}
Json CompareRun::json() const {
  auto j = results::diff_json(*base->supply, *what_if->supply, diff);
  results::add_compare_provenance(j, *base, *what_if);
  return j;
}
std::string CompareRun::text() const { return results::diff_text(*base->supply, *what_if->supply, diff); }

Result<QuoteRun> quote(const Scenario& sc, supply::Order order) {
  if (!sc.supply) return no_supply();
  supply::FastPlanner planner(*sc.supply);
  planner.plan();
  supply::OrderPlan schedule = planner.quote(order);
  return QuoteRun{&sc, std::move(order), std::move(schedule)};
}
Json QuoteRun::json() const {
  auto j = results::quote_json(*scenario->supply, order, schedule, false);
  results::add_provenance(j, *scenario, true, false);
  return j;
}
std::string QuoteRun::text() const { return results::quote_text(*scenario->supply, order, schedule, false); }

}  // namespace opticplan::run
