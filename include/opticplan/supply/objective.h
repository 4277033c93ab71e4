// The objective both planners optimize, and the score of a plan under it, so that the fast planner
// and the LP optimum are compared like with like (two identical plans score the same).
//
// A measure says what is good within one priority tier:
//  - lateness (default): units x periods late, a unit never delivered counting as late until the end
//    of the calendar (T - due periods). Lower is better.
//  - fill: units delivered on time. Higher is better.
//  - revenue: USD of units delivered within their window. Higher is better.
// The model's tiers (model.h Tiers) say how the tiers weigh against each other: strict tiers are
// compared in order, priority 1 first, and the first tier that differs decides; weighted tiers are
// summed with w = 10^(P - p) (P the largest priority number in the model, at most 10^6).
// A fairness term (the model's `fairness`, lambda, 0 by default) adds to each tier lambda x its
// units ordered x the measure per unit ordered of its worst-served buyer (lateness: the largest;
// fill and revenue: the smallest), so a plan that serves the tier as well but spreads the shortfall
// over its buyers scores better. The LP models it exactly (one free column per tier, one row per
// buyer), so both planners are scored on the same function.
// A Score holds the measure per tier and compares two plans under the model's tiers.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "opticplan/supply/model.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

enum class Objective : unsigned char { kLateness, kFill, kRevenue };
const char* objective_name(Objective o);                          // "lateness", "fill", "revenue"
std::optional<Objective> parse_objective(std::string_view name);  // the inverse of objective_name
const char* tiers_name(Tiers t);                                  // "strict", "weighted"
bool minimized(Objective o);

// The priority tiers of a model, highest first (the distinct priorities of its orders).
std::vector<int> priority_tiers(const Model& m);
// w(p) = 10^(P - p) per tier (P the last tier's priority, the exponent at most 6): weighted tiers.
std::vector<double> tier_weights(const std::vector<int>& priorities);

// A plan's value under an objective: the measure in each tier (levels[k] for priorities[k]).
struct Score {
  Objective objective = Objective::kLateness;
  Tiers tiers = Tiers::kStrict;
  std::vector<int> priorities;
  std::vector<double> levels;
  std::vector<double> weights;  // w(p) per tier: weighted() uses them

  double weighted() const;  // the one number of weighted tiers: sum of w(p) x level
  // The index of the tier that decides between this score and `other` under strict tiers (the
  // first whose levels differ by more than rounding), or -1 when all agree. Weighted: -1.
  int deciding_tier(const Score& other) const;
  // True when this score is better than `other` (strictly, beyond rounding).
  bool better_than(const Score& other) const;
};
Score score(const Model& m, const Plan& p, Objective objective);
// The same as score() with the Model's tiers overridden: for what-if comparisons.
Score score(const Model& m, const Plan& p, Objective objective, Tiers tiers);

// The fast planner against the LP optimum on one objective, or against a bound (bound_lp():
// against_bound, optimum_score then holds the bound's levels and the gap is at most the gap to the
// optimum). The values compared are those of the deciding tier (strict; the first tier when both
// agree everywhere) or the weighted sums.
struct PlanComparison {
  Objective objective;
  Tiers tiers;
  bool against_bound = false;
  Score heuristic_score, optimum_score;
  // The relaxation's value per tier (strict; against a bound, possibly only down to the deciding
  // tier) or one (weighted).
  std::vector<double> bound_levels;
  int tier = -1;  // strict: the index of the deciding tier, else -1
  double heuristic = 0, optimum = 0, bound = 0;
  bool proven = true;  // the optimum is proven (else: the best found within the node limit)
  double gap = 0;      // relative, >= 0 when the optimum is the better; 0 when both are equal
};
PlanComparison compare_plans(const Model& m, const Plan& heuristic, const Plan& lp, Objective objective);
// `bound`: bound_lp()'s levels for the same model and objective; under strict tiers they may stop
// at the deciding tier (bound_lp()'s `against`), and the tiers below it have no bound.
PlanComparison compare_to_bound(const Model& m, const Plan& heuristic, const std::vector<double>& bound,
                                Objective objective);

}  // namespace opticplan::supply
