// Plan: what a planner decided, in the same structure whichever planner made it.
//
// Per order: its deliveries (period, item, quantity), how much arrived on time, the lateness of
// its last unit, a status, and the constraints that made it late or short (its explanation).
// Per resource and period: the load of every line, what every supplier delivered, and the flows of
// every item (arrivals, production, consumption, deliveries, inventory at the end of the period).
// A bottleneck ranking across the plan and the KPIs close it. Periods are indices into the model's
// calendar; a delivery at period p means available to the customer in p.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "opticplan/supply/model.h"

namespace opticplan::supply {

enum class Status : unsigned char { kOnTime, kLate, kShort, kUnmet };
const char* status_name(Status s);  // "on time", "late", "short", "unmet"

// A constraint that can bind: the supply of a bought item (all its suppliers and stock), or the
// capacity of a line.
// What held an order back:
//  - kSupply: an item's stock and suppliers ran out (item());
//  - kLine: a line's capacity ran out (line());
//  - kLeadTime: nothing could arrive that early, however much there was (item(): its line's lead
//    time, or its suppliers' lead times, put the earliest arrival after the period);
//  - kGroup: the order was ready and waited for another order of its group (order(): that order);
//  - kQualification: a design of the order's requirement that its customer has not qualified had
//    some by the due period (item(): that item; short: how much it had);
//  - kMinShipment: units of item() were ready in period `first` but held back, fewer than the
//    order's minimum shipment and than all that was left of it (short: how many more a shipment
//    would have needed).
// The kind says which table the constraint points into, so it keeps one index and hands it out as
// the typed id its kind names (a variant would only repeat the kind). Constraints compare by kind,
// then that index.
struct Constraint {
  enum class Kind : unsigned char { kSupply, kLine, kLeadTime, kGroup, kQualification, kMinShipment };
  Kind kind = Kind::kSupply;

  Constraint() = default;
  Constraint(Kind k, ItemId item) : kind(k), index_(item.v) {}     // kSupply, kLeadTime, kQualification, kMinShipment
  Constraint(Kind k, LineId line) : kind(k), index_(line.v) {}     // kLine
  Constraint(Kind k, OrderId order) : kind(k), index_(order.v) {}  // kGroup
  ItemId item() const { return ItemId(index_); }                   // kSupply, kLeadTime, kQualification, kMinShipment
  LineId line() const { return LineId(index_); }                   // kLine
  OrderId order() const { return OrderId(index_); }                // kGroup
  auto operator<=>(const Constraint&) const = default;

 private:
  uint32_t index_ = ItemId::kNone;
};

// A constraint that bound while an order was planned: in which periods it ran out, and how much
// more of it (in its own units: items or capacity) would have been needed by those periods.
struct Cause {
  Constraint constraint;
  int first = 0, last = 0;          // periods in which it was exhausted for this order
  int64_t short_qty = 0;            // the most that was missing at once
  bool reserved_elsewhere = false;  // some of it was there, reserved for another holder
  AgreementId agreement;            // then: the agreement that reserved it (the first found)
};

struct Delivery {
  int period = 0;
  ItemId item;
  int64_t qty = 0;
};

// Pegging of a choice among a BOM line's alternate parts (a second-source EML, a DSP vendor):
// how many of that part went into the order's units, at any level of the bill of materials.
struct PartUse {
  ItemId item;
  int64_t qty = 0;
};
void add_part(std::vector<PartUse>& parts, ItemId item, int64_t qty);  // kept in item order

// Pegging of a choice among an item's routes (an in-house line, a second site): how many good
// units of the item made on that line went into the order, at any level of the bill of materials.
struct RouteUse {
  ItemId item;
  LineId line;
  int64_t qty = 0;
};
void add_route(std::vector<RouteUse>& routes, ItemId item, LineId line, int64_t qty);  // by item, line

struct OrderPlan {
  OrderId order;
  std::vector<Delivery> deliveries;  // by period, then item
  std::vector<PartUse> parts;        // parts of BOM lines with alternates in its units, by item
  std::vector<RouteUse> routes;      // units of items with alternate routes in it, by item and line
  int64_t delivered = 0, on_time = 0;
  int lateness = 0;  // periods between due and the last delivery (0 if none late)
  Status status = Status::kOnTime;
  std::vector<Cause> causes;  // for late or short orders, most units short first
};

struct GroupPlan {
  GroupId group;
  int lines = 0;
  int64_t qty = 0, delivered = 0;
  int due = 0;        // the latest due period of its lines
  int complete = -1;  // the period its last unit arrives, or -1 when it never completes
  int lateness = 0;   // periods (to the end of the calendar when never complete)
  double idle_gpu_hours = 0, idle_cost = 0;
};

// What an agreement's holder did with its reservation (fast planner): reserved over the calendar,
// used by the holder, left unused (and released to others when the agreement says so), and the
// take-or-pay charge for the unused part (at the agreement's price, else the supplier's).
struct AgreementUse {
  AgreementId agreement;
  int64_t reserved = 0, used = 0, unused = 0, released = 0;
  double charge = 0;
};

struct LineLoad {
  std::vector<int64_t> capacity, used;  // per period
};

struct SupplierLoad {
  std::vector<int64_t> capacity, used;  // per period of arrival
};

struct ItemFlow {
  std::vector<int64_t> arrivals, produced, consumed, delivered, inventory;  // per period
};

struct Bottleneck {
  Constraint constraint;
  int orders = 0;                 // orders it made late or short
  int64_t units_late = 0;         // their units not delivered on time
  int64_t unit_periods_late = 0;  // units x periods late (short units count to the horizon's end)
  int first = 0, last = 0;        // periods it bound
  int64_t short_qty = 0;          // the most that was missing at once (what would fix it)
};

struct Kpis {
  int64_t ordered = 0, delivered = 0, on_time = 0, late_units = 0, short_units = 0;
  double fill_rate = 0;         // on-time units / ordered units
  double average_lateness = 0;  // periods, over late units (unit-weighted)
  int max_lateness = 0;
  double revenue = 0;  // USD, delivered units at their price
  struct Group {
    std::string key;  // customer id, or "priority N"
    int64_t ordered = 0, on_time = 0;
    double fill_rate = 0;
  };
  std::vector<Group> by_customer, by_priority, by_kind;  // by_kind: "orders", "forecasts"
};

// LP only: how much the objective would improve per extra unit of a capacity in a period.
struct ShadowPrice {
  enum class Kind : unsigned char { kLine, kSupplier } kind = Kind::kLine;
  LineId line;          // kLine: the line
  SupplierId supplier;  // kSupplier: the supplier
  int period = 0;
  double value = 0;
  int priority = 0;  // strict tiers: the tier whose objective it prices (0: weighted tiers, all of them)
};

// The per-entity tables are indexed like the model's: plan.orders[o] is the plan of m.orders[o].
struct Plan {
  std::string planner;  // "heuristic" or "lp"
  // Fast planner only: the periods its searches visited (a measure of work, for tests: it stays
  // proportional to the orders however overloaded the lines, never orders x periods).
  uint64_t search_steps = 0;
  IdVec<OrderTag, OrderPlan> orders;             // in the model's order
  IdVec<GroupTag, GroupPlan> groups;             // in the model's order
  IdVec<AgreementTag, AgreementUse> agreements;  // fast planner: in the model's order
  IdVec<LineTag, LineLoad> lines;
  IdVec<SupplierTag, SupplierLoad> suppliers;
  IdVec<ItemTag, ItemFlow> items;
  std::vector<Bottleneck> bottlenecks;  // worst first
  Kpis kpis;
  std::vector<ShadowPrice> shadow_prices;  // LP only, nonzero ones, by kind, line or supplier, period
  double lp_objective = 0;                 // LP only: the objective of this plan as delivered (whole
                                           // units), as the weighted sum of its tiers (objective.h)
  double lp_bound = 0;                     // LP only: the relaxation's optimum, a bound no plan can beat
  std::vector<double> lp_levels;           // LP only: lp_objective per priority tier (strict tiers)
  std::vector<double> lp_bound_levels;     // LP only: the bound per tier: strict tiers, compared in order
  bool lp_proven = true;                   // LP only: lp_objective is proven optimal (false: node limit reached)
};

// Fills what follows from the orders' deliveries and causes, for any planner: deliveries merged
// and sorted (a whole order's moved to its last period), on-time units, lateness, status, the
// bottleneck ranking and the KPIs.
void summarize(const Model& m, Plan& plan);
void summarize_order(const Order& o, OrderPlan& op);  // the per-order part

// Flow bookkeeping shared by the planners: size the per-period loads and flows (capacities from
// the model, everything else zero); then, once arrivals, production and consumption are filled
// and summarize() has dated the deliveries, add the deliveries and the end-of-period inventory.
void start_flows(const Model& m, Plan& plan);
void finish_flows(const Model& m, Plan& plan);

}  // namespace opticplan::supply
