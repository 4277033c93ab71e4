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

const char* tiers_name(Tiers t) { return t == Tiers::kStrict ? "strict" : "weighted"; }

bool minimized(Objective o) { return o == Objective::kLateness; }

std::vector<int> priority_tiers(const Model& m) {
  std::vector<int> p;
  p.reserve(m.orders.size());
  for (const auto& o : m.orders) p.push_back(o.priority);
  std::sort(p.begin(), p.end());
  p.erase(std::unique(p.begin(), p.end()), p.end());
  return p;
}

std::vector<double> tier_weights(const std::vector<int>& priorities) {
  std::vector<double> w;
  w.reserve(priorities.size());
  for (int p : priorities) w.push_back(std::pow(10.0, std::min(6, priorities.back() - p)));
  return w;
}

namespace {

// Two levels are equal when they differ by no more than the LP's rounding of a unit.
bool same(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max({1.0, std::abs(a), std::abs(b)}); }

}  // namespace

double Score::weighted() const {
  double v = 0;
  for (size_t k = 0; k < levels.size(); ++k) v += weights[k] * levels[k];
  return v;
}

int Score::deciding_tier(const Score& other) const {
  if (tiers == Tiers::kWeighted) return -1;
  for (size_t k = 0; k < levels.size() && k < other.levels.size(); ++k)
    if (!same(levels[k], other.levels[k])) return static_cast<int>(k);
  return -1;
}

bool Score::better_than(const Score& other) const {
  double a = weighted(), b = other.weighted();
  if (tiers == Tiers::kStrict) {
    const int k = deciding_tier(other);
    if (k < 0) return false;
    a = levels[static_cast<size_t>(k)];
    b = other.levels[static_cast<size_t>(k)];
  } else if (same(a, b)) {
    return false;
  }
  return minimized(objective) ? a < b : a > b;
}

Score score(const Model& m, const Plan& p, Objective objective) { return score(m, p, objective, m.tiers); }

Score score(const Model& m, const Plan& p, Objective objective, Tiers tiers) {
  Score s;
  s.objective = objective;
  s.tiers = tiers;
  s.priorities = priority_tiers(m);
  s.levels.assign(s.priorities.size(), 0);
  s.weights = tier_weights(s.priorities);
  const int T = m.periods();
  // The fairness term's ledger: per tier and buyer, its measure and its units ordered.
  const size_t NC = m.customers.size();
  std::vector<double> buyer(m.fairness > 0 ? s.priorities.size() * NC : 0, 0), units(buyer.size(), 0);
  for (const auto& op : p.orders) {
    const Order& o = m.orders[op.order];
    const size_t k = static_cast<size_t>(std::lower_bound(s.priorities.begin(), s.priorities.end(), o.priority) -
                                         s.priorities.begin());
    const double before = s.levels[k];
    double& v = s.levels[k];
    switch (objective) {
      case Objective::kLateness: {
        double late = static_cast<double>(o.qty - op.delivered) * static_cast<double>(T - o.due);
        for (const auto& d : op.deliveries) late += static_cast<double>(d.qty) * static_cast<double>(d.period - o.due);
        v += late;
        break;
      }
      case Objective::kFill: v += static_cast<double>(op.on_time); break;
      case Objective::kRevenue:
        for (const auto& d : op.deliveries)
          v += static_cast<double>(d.qty) * (o.price > 0 ? o.price : m.items[d.item].price);
        break;
    }
    if (!buyer.empty() && o.customer.valid()) {
      buyer[k * NC + o.customer.v] += v - before;
      units[k * NC + o.customer.v] += static_cast<double>(o.qty);
    }
  }
  // Fairness: lambda x the tier's units x the worst buyer's measure per unit ordered.
  for (size_t k = 0; k < s.priorities.size() && !buyer.empty(); ++k) {
    double total = 0, worst = 0;
    bool any = false;
    for (size_t c = 0; c < NC; ++c) {
      const size_t kc = k * NC + c;
      if (units[kc] <= 0) continue;
      const double per_unit = buyer[kc] / units[kc];
      worst = !any ? per_unit : minimized(objective) ? std::max(worst, per_unit) : std::min(worst, per_unit);
      any = true;
      total += units[kc];
    }
    if (any) s.levels[k] += m.fairness * total * worst;
  }
  return s;
}

namespace {

// The deciding tier, the values it compares and the gap, once both scores are set.
void measure(PlanComparison& c) {
  if (c.tiers == Tiers::kStrict) {
    c.tier = c.heuristic_score.deciding_tier(c.optimum_score);
    const size_t k = c.tier >= 0 ? static_cast<size_t>(c.tier) : 0;
    if (!c.heuristic_score.levels.empty()) {
      c.heuristic = c.heuristic_score.levels[k];
      c.optimum = c.optimum_score.levels[k];
      c.bound = k < c.bound_levels.size() ? c.bound_levels[k] : 0;
    }
  } else {
    c.heuristic = c.heuristic_score.weighted();
    c.optimum = c.optimum_score.weighted();
    c.bound = c.bound_levels.empty() ? 0 : c.bound_levels.front();
  }
  const double diff = minimized(c.objective) ? c.heuristic - c.optimum : c.optimum - c.heuristic;
  if (same(c.heuristic, c.optimum))
    c.gap = 0;
  else if (std::abs(c.optimum) > 1e-9)
    c.gap = diff / std::abs(c.optimum);
  else
    c.gap = diff > 0 ? 1 : -1;
}

}  // namespace

PlanComparison compare_plans(const Model& m, const Plan& heuristic, const Plan& lp, Objective objective) {
  PlanComparison c;
  c.objective = objective;
  c.tiers = m.tiers;
  c.heuristic_score = score(m, heuristic, objective);
  c.optimum_score = score(m, lp, objective);  // the LP's plan as delivered (whole units), scored alike
  c.bound_levels = lp.lp_bound_levels;
  c.proven = lp.lp_proven;
  measure(c);
  return c;
}

PlanComparison compare_to_bound(const Model& m, const Plan& heuristic, const std::vector<double>& bound,
                                Objective objective) {
  PlanComparison c;
  c.objective = objective;
  c.tiers = m.tiers;
  c.against_bound = true;
  c.heuristic_score = score(m, heuristic, objective);
  c.optimum_score = c.heuristic_score;
  c.optimum_score.levels = bound;
  c.bound_levels = m.tiers == Tiers::kStrict ? bound : std::vector<double>{c.optimum_score.weighted()};
  c.proven = false;  // no optimum: a bound
  measure(c);
  return c;
}

}  // namespace opticplan::supply
