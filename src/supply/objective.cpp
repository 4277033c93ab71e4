#include "opticplan/supply/objective.h"

#include <algorithm>
#include <cmath>

namespace opticplan::supply {

const char* objective_name(Objective o) {
  switch (o) {
    case Objective::kLateness: return "lateness";
    case Objective::kFill: return "fill";
    case Objective::kRevenue: return "revenue";
  }
  return "?";
}

std::optional<Objective> parse_objective(std::string_view name) {
  for (Objective o : {Objective::kLateness, Objective::kFill, Objective::kRevenue})
    if (name == objective_name(o)) return o;
  return std::nullopt;
}

bool minimized(Objective o) { return o == Objective::kLateness; }

double priority_weight(const Model& m, const Order& o) {
  int worst = 1;
  for (const auto& x : m.orders) worst = std::max(worst, x.priority);
  return std::pow(10.0, std::min(6, worst - o.priority));
}

double objective_value(const Model& m, const Plan& p, Objective objective) {
  double v = 0;
  const int T = m.periods();
  for (const auto& op : p.orders) {
    const Order& o = m.orders[static_cast<size_t>(op.order)];
    switch (objective) {
      case Objective::kLateness: {
        double late = static_cast<double>(o.qty - op.delivered) * static_cast<double>(T - o.due);
        for (const auto& d : op.deliveries) late += static_cast<double>(d.qty) * static_cast<double>(d.period - o.due);
        v += priority_weight(m, o) * late;
        break;
      }
      case Objective::kFill: v += static_cast<double>(op.on_time); break;
      case Objective::kRevenue:
        for (const auto& d : op.deliveries)
          v += static_cast<double>(d.qty) * (o.price > 0 ? o.price : m.items[static_cast<size_t>(d.item)].price);
        break;
    }
  }
  return v;
}

PlanComparison compare_plans(const Model& m, const Plan& heuristic, const Plan& lp, Objective objective) {
  PlanComparison c{objective, objective_value(m, heuristic, objective), lp.lp_objective, lp.lp_bound, lp.lp_proven, 0};
  const double diff = minimized(objective) ? c.heuristic - c.optimum : c.optimum - c.heuristic;
  if (std::abs(c.optimum) > 1e-9)
    c.gap = diff / std::abs(c.optimum);
  else
    c.gap = std::abs(diff) > 1e-9 ? 1 : 0;
  return c;
}

}  // namespace opticplan::supply
