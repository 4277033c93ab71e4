// The causes of an LP plan's late and short orders, read from the solution's binding capacities.
//
// The LP has no search that fails, so its causes come from duals: a line or supplier capacity in a
// period whose shadow price for the order's tier is nonzero has no slack (complementary
// slackness), and one more unit of it would improve that tier. An order that is not all on time
// names those of them that its designs use (through their bills of materials), in the periods up
// to its last delivery (or the end of its window when short), with the units its missing
// quantity would need of each: never a resource with slack (one the plan left partly unused is
// named only when another buyer's agreement reserved the rest). An order whose every design cannot
// arrive by its due period (lead times of suppliers and lines, stock aside) names the lead time.
#pragma once

#include <vector>

#include "opticplan/supply/model.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

// Adds causes to plan.orders from plan.shadow_prices (strict tiers price each tier; weighted tiers
// one, as priority 0) and the loads of plan.lines and plan.suppliers (a capacity the plan left
// unused is not named); call after those loads and before summarize().
void lp_causes(const Model& m, Plan& plan);

}  // namespace opticplan::supply
