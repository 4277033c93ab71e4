// Material requirements planning: the unconstrained plan. What must be bought and made, and when,
// for every order to arrive complete on its due date if every supplier and line delivered whatever
// was asked of it; then where that asks more than the suppliers and lines offer. It is the first
// question a procurement team asks ("what must I buy, and when"), before the constrained planners
// answer who gets what is there.
//
// Each order asks for its preferred alternate on its due period (due before the calendar: its
// first period). Items are netted parents before parts (by bill-of-materials depth): projected
// stock is what was on hand and on order (receipts) less what was asked; what is missing in a
// period is a planned receipt there, lot for lot. A made item's receipt is started lead-time
// periods earlier on its route's line (of several routes, the first whose start period it is valid
// in that every buyer has qualified), in units of good output over yield (rounded up), and its parts are
// asked for in that start period (of a line with alternates, the first part valid in that period
// that every buyer has qualified, else the first valid one: the unconstrained plan uses preferred
// sources; the constrained planners switch when they run short); a bought item's receipt is ordered from its
// first-ranked supplier (canonical.h: preference, price, lead time, id) that supplier's lead time earlier. A release
// that would fall before the calendar's start is kept at its true period and called overdue: the plan can only meet
// that due date if it was released already. Items with neither a line nor a supplier get planned receipts with no
// source.
//
// Shortfall: per bought item, the cumulative planned receipts against the cumulative capacity all
// its suppliers offer; per line, the cumulative load of planned starts against its capacity. The
// first period where the need exceeds the offer, and the most it exceeds it by.
//
// Deterministic and independent of file order (the model is canonical, scenario.h).
#pragma once

#include <cstdint>
#include <vector>

#include "opticplan/supply/model.h"

namespace opticplan::supply {

struct PlannedOrder {
  ItemId item;
  LineId line;          // made on it, or invalid (bought, or a dispatch step)
  bool made = false;    // made (on `line`, or in a dispatch step without one)
  SupplierId supplier;  // bought from it, or invalid (neither: nobody makes or buys the item)
  int release = 0;      // period it must be started or ordered (negative: before the calendar)
  int receipt = 0;      // period it must be there
  int64_t qty = 0;      // units received (a made item starts qty / yield, rounded up)
  int64_t starts = 0;   // made items: units started
};

struct MrpRecord {                                          // one item, per period
  std::vector<int64_t> gross, scheduled, on_hand, planned;  // planned: receipts planned
};

struct MrpShortfall {
  ItemId item;         // a bought item, or invalid for a line
  LineId line;         // a line, or invalid for an item
  int first = 0;       // first period the cumulative need exceeds the cumulative offer
  int64_t most = 0;    // the most it exceeds it by, in units (items) or capacity units (lines)
  int64_t needed = 0;  // cumulative need and offer over the whole calendar
  int64_t offered = 0;
};

struct MrpPlan {
  IdVec<ItemTag, MrpRecord> items;
  std::vector<PlannedOrder> orders;  // by release period, then item id order
  std::vector<MrpShortfall> shortfalls;
  int overdue = 0;  // planned orders whose release lies before the calendar
};

MrpPlan plan_mrp(const Model& model);

}  // namespace opticplan::supply
