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
// reservation. Agreements that release unused supply reserve nothing in the optimum.
//
// It is the relaxation: quantities are continuous and `partial: false` is not enforced, so its
// objective is a lower bound (for lateness) on any plan's, and the gap of the fast planner to it is
// an upper bound on the true gap. Deliveries are rounded to whole units for the Plan; lp_objective
// keeps the exact optimum. Shadow prices: the objective gained per extra unit of a line's or a
// supplier's capacity in a period.
#pragma once

#include "opticplan/core/result.h"
#include "opticplan/supply/model.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

Result<Plan> plan_lp(const Model& model, Objective objective = Objective::kLateness);

}  // namespace opticplan::supply
