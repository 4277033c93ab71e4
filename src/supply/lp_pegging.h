// Pegging of an LP plan: which alternate parts and which routes went into each order's units.
//
// The LP's flows say how much of each item was bought, made and used in each period (per
// commodity: the free one, and each agreement holder's or qualified buyer's own), not which unit
// went where. Pegging matches them first in, first out. Per item and commodity, the lots that
// enter stock (on hand, purchases, production, transfers to a holder) are taken in period order by
// the uses (deliveries, parts consumed by a parent's starts, transfers) in period order, never
// from a lot that arrives after the use. Items are pegged parents first, so the orders a production
// lot went to are known before its parts are pegged: the parts its starts consumed go to those
// orders in proportion to the good units each took. No unit is pegged twice: per part, what the
// orders are pegged never exceeds what the plan consumed (rounded down to whole units per order).
#pragma once

#include <vector>

#include "opticplan/supply/model.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

struct PegFlows {
  int commodities = 1;  // the last one is the free one, which transfers draw on
  // Stock on hand or received, and purchases: units with nothing behind them to peg.
  struct Lot {
    ItemId item;
    int commodity = 0, period = 0;
    double qty = 0;
  };
  // The starts of one route in one period and commodity: their good units arrive in `done`, the
  // parts they consumed were taken in `start`.
  struct Make {
    struct Part {
      ItemId item;
      double qty = 0;
      bool chosen = false;  // a part of a BOM line with alternates: pegged to the orders
    };
    ItemId item;
    LineId line;
    int commodity = 0, start = 0, done = 0;
    double good = 0;
    bool alternate_route = false;  // its item has several routes: pegged to the orders
    std::vector<Part> parts;
  };
  // Units of the free commodity handed to a holder's.
  struct Transfer {
    ItemId item;
    int holder = 0, period = 0;
    double qty = 0;
  };
  std::vector<Lot> lots;
  std::vector<Make> makes;
  std::vector<Transfer> transfers;
  std::vector<int> order_commodity;  // per order: the commodity its deliveries leave from
};

// Fills each order's `parts` and `routes` from its deliveries and the flows; call before
// summarize() moves any delivery.
void peg_lp(const Model& m, const PegFlows& flows, Plan& plan);

}  // namespace opticplan::supply
