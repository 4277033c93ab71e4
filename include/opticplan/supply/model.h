// Supply network: the validated, dense model the planners work on.
//
// Everything is indexed by dense typed ids (ItemId, LineId, ...: core/ids.h), positions in the
// IdVec tables of the Model below, so an item's id cannot be used where a line's is expected and
// `m.items[b.item]` needs no cast; a missing reference is a default-constructed id (not valid()).
// Strings remain only as the ids shown in results. Quantities are whole units (int64): a module, a
// laser, an hour of a line. Time is a grid of periods (weeks, days or quarters) from the calendar's
// start; periods are plain ints, not ids, and every per-period vector has exactly `periods()` entries.
//
//  - An Item is a module, a subassembly or a component. It is *made* when it has a route, a line
//    with a lead time in periods and a yield (then it has a bill of materials; alternate routes
//    are other lines or sites, in order of preference), and *bought* when suppliers sell it; it
//    may be both. A bill of materials line may name alternate parts (second sources), each
//    with an effectivity window and the buyers qualified with it. Stock (on hand at the start and scheduled receipts:
//    work in progress, open purchase orders) is usable from the period it arrives.
//  - A Line has a capacity per period in its own measure (units or station-hours); making one
//    unit of an item uses `usage` of it, and a production run (all of one route's starts in one
//    period) uses `setup` of it once. Capacity does not carry over between periods.
//  - A Supplier sells one item: a quantity per period (none before its lead time has passed from
//    the start), at a price. Supply carries over: what arrives in a period can be used later.
//  - An Agreement (long-term agreement) reserves part of a supplier's or a line's capacity per
//    period for its holder (a customer); only the holder's orders may use it, unless it is
//    released when the holder leaves it unused.
//  - An Order asks for a quantity of one item, or of any of a requirement's alternates the customer
//    has qualified (in the requirement's order of preference), by a due period. Orders of a Group
//    (a cluster's optics) are useful only together: the group is complete when its last line is.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "opticplan/core/calendar.h"
#include "opticplan/core/diagnostics.h"
#include "opticplan/core/ids.h"

namespace opticplan::supply {

using ItemId = Id<struct ItemTag>;
using LineId = Id<struct LineTag>;
using SupplierId = Id<struct SupplierTag>;
using AgreementId = Id<struct AgreementTag>;
using CustomerId = Id<struct CustomerTag>;
using RequirementId = Id<struct RequirementTag>;
using GroupId = Id<struct GroupTag>;
using OrderId = Id<struct OrderTag>;

constexpr int kNotPlaced = 1 << 30;  // an order without a date it was placed: after every dated one

// One part a line of a bill of materials may use: `qty` of it per unit started, in start periods
// from..to (its effectivity, inclusive; the whole calendar by default), for the buyers it is
// qualified with (`qualified`; empty: every buyer). A buyer that has not qualified a part never
// receives units made from it, at any level of the bill of materials.
struct BomPart {
  static constexpr int kOpen = 1 << 30;  // from = -kOpen, to = kOpen: no validity window
  ItemId item;
  double qty = 0;
  int from = -kOpen, to = kOpen;
  std::vector<CustomerId> qualified;  // in id order

  bool valid_at(int start) const { return start >= from && start <= to; }
  bool usable_by(CustomerId c) const {
    return qualified.empty() || std::binary_search(qualified.begin(), qualified.end(), c);
  }
  bool windowed() const { return from != -kOpen || to != kOpen; }
};

// A line of a bill of materials: one of its parts per unit started. The parts are alternates in
// order of preference (a second-source EML or DSP): a start takes the first part valid in its
// period that the order's buyer has qualified, and the next when that one runs short; a unit may
// mix them only across units, never within one. In a start period where none of its parts is
// valid, the line asks nothing (effectivity: a BOM changes on a date). Most lines have one part.
struct BomLine {
  std::vector<BomPart> parts;  // in order of preference; never empty

  BomLine() = default;
  BomLine(ItemId item, double qty) : parts(1) {
    parts[0].item = item;
    parts[0].qty = qty;
  }
  const BomPart& first() const { return parts.front(); }
  bool plain() const { return parts.size() == 1 && !parts[0].windowed() && parts[0].qualified.empty(); }
};

// One way to make an item: on a line (an in-house line, a second site, a contract manufacturer),
// with its own capacity use, lead time and yield, in start periods from..to (effectivity), for
// the buyers qualified with it (empty: every buyer). Every route of an item uses its bill of
// materials.
struct Route {
  LineId line;        // none: a dispatch step (kitting, packing): no capacity limit
  double usage = 1;   // line capacity per unit started
  int lead_time = 0;  // periods from start to completion
  double yield = 1;   // good units per unit started
  int from = -BomPart::kOpen, to = BomPart::kOpen;
  std::vector<CustomerId> qualified;  // in id order
  int64_t moq = 0, multiple = 0;      // lot sizes of a production order, in good units (0: none)
  // Line capacity a production run uses once, whatever its size (a changeover, a calibration):
  // a run is every start of this route in one period, for any order. 0: none; only on a line.
  double setup = 0;

  Route() = default;
  Route(LineId l, double u, int lead, double y) : line(l), usage(u), lead_time(lead), yield(y) {}
  bool valid_at(int start) const { return start >= from && start <= to; }
  bool usable_by(CustomerId c) const {
    return qualified.empty() || std::binary_search(qualified.begin(), qualified.end(), c);
  }
};

// A lot of at least `moq` and a whole number of `multiple`s (each 0: no such rule) that covers q.
inline int64_t lot_size(int64_t q, int64_t moq, int64_t multiple) {
  int64_t lot = std::max(q, moq);
  if (multiple > 0) lot = (lot + multiple - 1) / multiple * multiple;
  return lot;
}

// The largest lot that fits in q: a whole number of `multiple`s, at least `moq`; 0 when none does.
inline int64_t lot_floor(int64_t q, int64_t moq, int64_t multiple) {
  int64_t lot = multiple > 0 ? q / multiple * multiple : q;
  return lot >= std::max<int64_t>(moq, 1) ? lot : 0;
}

struct Item {
  std::string id;
  std::vector<Route> routes;          // made on these, in order of preference; empty: not made
  std::vector<BomLine> bom;           // consumed when a unit is started, on any route
  std::vector<SupplierId> suppliers;  // in order of preference
  double price = 0;                   // selling price per unit, USD (0: unknown)

  bool made() const { return !routes.empty(); }
};

struct Line {
  std::string id;
  std::vector<int64_t> capacity;  // per period
};

// `capacity: unlimited`: a supplier that ships whatever is asked (a distributor, a catalog part),
// as this much per period: more than any plan asks, small enough that sums over a calendar fit.
constexpr int64_t kUnlimited = 1'000'000'000'000;

struct Supplier {
  std::string id;
  ItemId item;
  std::vector<int64_t> capacity;  // per period (zero before the lead time and outside from..to)
  int lead_time = 0;
  double price = 0;               // USD per unit
  int preference = 1;             // among an item's suppliers, lower first (canonical.h has the whole rule)
  bool unlimited = false;         // capacity: unlimited (kUnlimited per period; reports say "unlimited")
  int64_t moq = 0, multiple = 0;  // lot sizes of a purchase order (0: none): every planner buys whole lots
};

enum class Release : unsigned char { kNever, kUnused };

struct Agreement {
  std::string id;
  CustomerId holder;
  SupplierId supplier;  // exactly one of supplier and line is valid
  LineId line;
  std::vector<int64_t> reserved;  // per period, at most the capacity
  bool take_or_pay = false;
  Release release = Release::kNever;
  double price = 0;  // USD per unit reserved (0: the supplier's)
};

struct Receipt {
  ItemId item;
  int period = 0;  // 0: on hand at the start
  int64_t qty = 0;
};

struct Customer {
  std::string id;
  std::vector<ItemId> qualified;  // items it accepts for requirements; empty: any
};

// Lines that are only useful together: a cluster goes live when its last optic arrives.
struct Group {
  std::string id;
  bool together = false;     // ship all lines at once, when the last is ready
  bool ratio = false;        // ship complete sets only: each line in proportion to the scarcest
  int64_t gpus = 0;          // GPUs idle while the group is late (clusters)
  double gpu_hour_cost = 0;  // USD per idle GPU-hour
};

struct Order {
  std::string id;
  CustomerId customer;
  std::vector<ItemId> alternates;  // items that satisfy it, in order of preference (qualified only)
  std::string requirement;         // the requirement's id, or empty for a plain item
  int64_t qty = 0;
  int due = 0;               // period index (may lie before the grid: already late)
  int priority = 1;          // 1 is the highest
  bool partial = true;       // may be delivered in several parts
  int64_t min_shipment = 0;  // each delivery (one item, one period) at least this, or all that is left; 0: none
  int max_lateness = -1;     // periods; -1: until the end of the horizon
  double price = 0;          // USD per unit (0: the item's)
  GroupId group;             // demand group, or none
  bool forecast = false;     // a forecast, planned after the firm orders of its priority
  int placed = kNotPlaced;   // period the buyer placed it (first-come allocation), or kNotPlaced
  Location where;            // for messages
};

// The `source:` a scenario gave for one of its rows (a customer, line, item, supplier, agreement,
// inventory or demand row), as written: kept so that reports can cite where each input came from.
struct SourceNote {
  std::string what;  // e.g. "supplier laser-vendor"
  std::string text;  // e.g. "estimate", "TF-Jun26 (EML and CW-DFB); E20"
};

struct Requirement {
  std::string id;
  std::vector<ItemId> alternates;  // in order of preference
};

// How the fast planner shares supply among orders of one priority that are due in the same period
// (a batch) when there is not enough for all of them.
//  - kFairShare (default): in proportion to what each asks: the batch is planned in rounds, each
//    order taking its next twentieth, so each order ends with about the same fraction on time.
//  - kFirstCome: one order after the other by the period it was placed (`placed:`), then id.
enum class Allocation : unsigned char { kFairShare, kFirstCome };

// How priorities weigh against each other in the objective both planners optimize (objective.h).
//  - kStrict (default): lexicographic. No gain in a lower tier is worth any loss in a higher one:
//    priority 1 is optimized first, then priority 2 with priority 1 held at its best, and so on.
//  - kWeighted: one sum, each tier weighted w = 10^(P - p) (P the largest priority number), so a
//    unit of priority 1 counts ten of priority 2 and a lower tier can outweigh a higher one.
enum class Tiers : unsigned char { kStrict, kWeighted };

// The fairness term of the objective (objective.h), per priority tier: lambda x the tier's units x
// the measure per unit of its worst-served buyer (lateness: the most periods late per unit; fill
// and revenue: the least per unit ordered). 0 (default): the objective is efficiency alone; 1:
// one unit-period of the worst buyer's average counts as much as one of the tier's total.

// The tables that ids point into are IdVecs; receipts and sources are plain lists (nothing refers
// to them).
struct Model {
  PeriodGrid grid{Granularity::kWeek, Date{}, 0};
  IdVec<ItemTag, Item> items;
  IdVec<LineTag, Line> lines;
  IdVec<SupplierTag, Supplier> suppliers;
  IdVec<AgreementTag, Agreement> agreements;
  std::vector<Receipt> receipts;
  IdVec<CustomerTag, Customer> customers;
  IdVec<RequirementTag, Requirement> requirements;
  IdVec<GroupTag, Group> groups;
  IdVec<OrderTag, Order> orders;
  std::vector<SourceNote> sources;  // only rows that gave one
  Allocation allocation = Allocation::kFairShare;
  Tiers tiers = Tiers::kStrict;
  double fairness = 0;  // lambda, in [0, 10]

  int periods() const { return grid.count(); }
};

}  // namespace opticplan::supply
