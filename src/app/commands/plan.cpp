// `opticplan plan`: the supply plan by the fast planner or the LP, with the fast planner's gap to
// the optimum (or to a bound, at any order count) on request.
#include <memory>

#include "../commands.h"
#include "opticplan/run/run.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string file, planner = "heuristic", objective = "lateness";
  bool compare = false, bound = false, mrp = false;
};

int plan(const Flags& f, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  Scenario sc = load(f.file, flags, diag);
  if (int rc = report_problems(diag)) return rc;
  if (f.mrp) {
    auto planned = run::mrp(sc);
    if (!planned) return report_failure(f.file, planned.status());
    return write_run(out, *planned);
  }
  // CLI11 has checked both names against the same lists, so both parse.
  run::PlanOptions options{*run::parse_planner(f.planner), *supply::parse_objective(f.objective), f.compare};
  options.bound = f.bound;
  auto planned = run::plan(sc, options);
  if (!planned) return report_failure(f.file, planned.status());
  return write_run(out, *planned);
}

}  // namespace

void add_plan(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("plan", "Plan who gets which optics when under supply constraints, and why");
  auto f = std::make_shared<Flags>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  using run::Planner;
  using supply::Objective;
  cmd->add_option("scenario", f->file, "Scenario file with a supply: section")->required()->type_name("FILE");
  cmd->add_option("--planner", f->planner, "heuristic (fast, explains) or lp (the LP optimum, with shadow prices)")
      ->check(CLI::IsMember(
          std::vector<std::string>{run::planner_name(Planner::kHeuristic), run::planner_name(Planner::kLp)}))
      ->capture_default_str();
  cmd->add_option("--objective", f->objective,
                  "What the LP optimizes and plans are measured by: lateness, fill or revenue")
      ->check(CLI::IsMember(std::vector<std::string>{supply::objective_name(Objective::kLateness),
                                                     supply::objective_name(Objective::kFill),
                                                     supply::objective_name(Objective::kRevenue)}))
      ->capture_default_str();
  auto* compare =
      cmd->add_flag("--compare", f->compare, "Also solve the LP and print the fast planner's gap to its optimum");
  auto* bound = cmd->add_flag("--bound", f->bound,
                              "Also solve the aggregate relaxation, whose size follows items, periods and kinds of "
                              "demand rather than orders, and print the fast planner's gap to it (at most its gap "
                              "to the optimum), at any order count (its network, items x periods, sets its cost)")
                    ->excludes(compare);
  cmd->add_flag("--mrp", f->mrp,
                "The unconstrained plan instead: what to buy and make, and when, to meet every due date, and the "
                "shortfall against what suppliers and lines offer")
      ->excludes(compare)
      ->excludes(bound);
  flags->add(cmd);
  out->add_flags(cmd, true);
  out->add_report_flags(cmd);
  cmd->callback([&chosen, f, flags, out] { chosen = [f, flags, out] { return plan(*f, *flags, *out); }; });
}

}  // namespace opticplan::app
