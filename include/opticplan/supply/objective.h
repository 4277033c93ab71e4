// Objectives a plan is measured by, the same for every planner, so that the fast planner can be
// compared with the LP optimum on one scale.
//
//  - lateness (default): sum over orders of w(priority) x (units x periods late), where a unit never
//    delivered counts as late until the end of the calendar (T - due periods). w = 10^(P - p), P
//    the largest priority number in the model, so one unit of a priority-1 order outweighs ten of
//    priority 2: the fast planner's order of work, as a price. Lower is better.
//  - fill: units delivered on time (higher is better).
//  - revenue: USD of units delivered within their window (higher is better).
#pragma once

#include <optional>
#include <string_view>

#include "opticplan/supply/model.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

enum class Objective : unsigned char { kLateness, kFill, kRevenue };
const char* objective_name(Objective o);                          // "lateness", "fill", "revenue"
std::optional<Objective> parse_objective(std::string_view name);  // the inverse of objective_name
bool minimized(Objective o);

double priority_weight(const Model& m, const Order& o);
double objective_value(const Model& m, const Plan& p, Objective objective);

// The fast planner against the LP optimum on one objective.
struct PlanComparison {
  Objective objective;
  double heuristic = 0, optimum = 0, bound = 0;
  bool proven = true;  // the optimum is proven (else: the best found within the node limit)
  double gap = 0;      // relative, >= 0 when the optimum is the better; 0 when both are 0
};
PlanComparison compare_plans(const Model& m, const Plan& heuristic, const Plan& lp, Objective objective);

}  // namespace opticplan::supply
