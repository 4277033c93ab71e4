// The optimal planner: a linear program over the time-expanded supply network, solved by COIN-OR
// CLP, on the same model and into the same Plan as the fast planner.
//
// Variables per period: deliveries of each order by alternate (from its due period to its last
// allowed one), purchases per supplier, production starts per made item, inventory per item. Flow
// balance per item and period: inventory carried + receipts + purchases + good output (starts of
// lead-time periods ago times yield) = inventory kept + parts consumed by starts + deliveries.
// Capacities bound purchases and line load per period. Agreements that never release are exact:
// flows are split into commodities (one per such holder, plus the free one that anyone may use
// and may hand to a holder), and everyone but the holder is limited to capacity minus the holder's
// reservation. Agreements that release unused supply keep their holder's first claim: the LP is
// solved with them held like those that never release, then again with them open to all and each
// holder held, tier by tier, at no worse than it got then (plan_lp in lp_planner.cpp).
//
// Orders the LP need not tell apart share one set of columns, so the LP's size follows the structure of the demand
// rather than its order or buyer count: same alternates, priority, due and last period and price, all splittable (or
// whole beyond branch and bound's reach), and the same buyer only where the LP must tell buyers apart (a holder of an
// agreement or of a part's or route's qualification, or any buyer under a fairness term). So the LP decides how much
// each kind of demand gets when, and the scenario's allocation policy who: the deliveries are shared back out by it
// (fair share: in proportion to quantity; first-come: by placing date).
//
// Strict tiers are solved one tier after the other, each tier's optimum held by a row for the
// next. The relaxation (continuous quantities, `partial: false` not enforced) gives the bound
// (lp_bound): no plan can beat it. Orders that must arrive whole are then binaries, and lot sizes
// (a supplier's or a route's moq and multiple, per period) whole-number and binary columns: branch
// and bound (CBC, a node limit rather than a clock, so deterministic) decides them when there are
// at most 1,000; above that whole orders share their alike orders' columns (relaxed, "all in one
// period" is "at most all"), each arrives in the period by which the relaxation had delivered to
// its group all it and the whole orders before it need, or is left out if it never had, purchases
// are rounded up and production down to whole lots, and the relaxation is solved again on that
// choice (lp_proven false); the fast planner's whole orders are tried as the choice too where its
// plan scores better, and the better solve stands. Deliveries are rounded to
// whole units for the Plan; lp_objective is the plan's value as delivered. Shadow prices: the objective gained per
// extra unit of a line's or a supplier's capacity in a period, in the tier it prices, the tiers above held.
#pragma once

#include <atomic>
#include <optional>

#include "opticplan/core/result.h"
#include "opticplan/supply/model.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

// `cancel` (may be null), once set, stops the solve within an iteration or a branch-and-bound
// node: the result is then an error with Code::kCancelled. `fast` (may be null): the fast
// planner's plan of the same model and objective, when the caller has it; where the LP rounds it
// is the second rounding tried, and plan_lp plans it itself when not given.
Result<Plan> plan_lp(const Model& model, Objective objective = Objective::kLateness,
                     const std::atomic<bool>* cancel = nullptr, const Plan* fast = nullptr);

// The fast planner's polish (planner.h): plan_lp's relaxation with its whole orders, lots and
// minimum shipments rounded and the relaxation solved again on that choice, as plan_lp does beyond
// branch and bound's reach, here at any count of them, then repaired: whole orders the rounding
// placed late tried a period earlier one at a time (bounded by a count of probes). A plan that
// keeps every rule, not proven optimal, in the time of a few relaxations. `fast` (the fast
// planner's plan) is the other rounding tried. nullopt, without solving, when the LP has more than
// `max_columns` columns.
Result<std::optional<Plan>> plan_lp_rounded(const Model& model, Objective objective, const std::atomic<bool>* cancel,
                                            const Plan& fast, size_t max_columns);

// A bound on every plan of the model, at any order count: the value per tier (strict tiers: each tier's
// best with the tiers above at theirs; weighted: the tiers' values at the one optimum, whose
// weighted sum is the bound) of an aggregate relaxation whose size follows the items, periods and
// kinds of demand (priority and alternates), not the orders or buyers. It leaves out agreements,
// buyers' qualifications of parts and routes, order windows, whole orders, minimum shipments and
// lot sizes, so it is at most (lateness; at least for fill and revenue) plan_lp's lp_bound, and no
// plan beats it; `cancel` as for plan_lp. `against` (may be null): a plan's score under the same
// objective; under strict tiers the levels then stop at the first tier whose bound that plan does
// not reach (Score::deciding_tier), the tier that decides the comparison: the tiers below it are
// not solved, as no bound of theirs can change it.
Result<std::vector<double>> bound_lp(const Model& model, Objective objective = Objective::kLateness,
                                     const std::atomic<bool>* cancel = nullptr, const Score* against = nullptr);

}  // namespace opticplan::supply
