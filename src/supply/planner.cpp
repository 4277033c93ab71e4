#include "opticplan/supply/planner.h"

#include "opticplan/supply/lp_planner.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace opticplan::supply {

const char* status_name(Status s) {
  switch (s) {
    case Status::kOnTime: return "on time";
    case Status::kLate: return "late";
    case Status::kShort: return "short";
    case Status::kUnmet: return "unmet";
  }
  return "?";
}

namespace {

int64_t ceil_units(double v) { return static_cast<int64_t>(std::ceil(v - 1e-9)); }
int64_t floor_units(double v) { return static_cast<int64_t>(std::floor(v + 1e-9)); }

// A quantity per period that can be taken: a supplier's deliveries, a stock, a line's capacity,
// or the part of one reserved by an agreement.
struct Pool {
  CustomerId holder;  // customer allowed to use it, or none for anyone
  AgreementId agreement;
  bool storable = true;  // supply and stock carry over; line capacity does not
};

struct Change {
  int pool, period;
  int64_t qty;  // taken (negative: added)
};
struct Start {
  ItemId item;
  uint32_t route;  // in the planner's table of routes (Heuristic::routes_)
  int period;
  int64_t starts, good;
  int64_t capacity;  // line capacity used
  int64_t useful;    // of the good units, those that went to the order (the rest: surplus to stock)
};
struct Consume {
  ItemId item;
  int period;
  int64_t qty;
  bool chosen;  // a part of a BOM line with alternates: pegged to the order (OrderPlan::parts)
};

// What the improvement pass may change about how one order is planned.
struct Choice {
  std::vector<ItemId> alternates;  // the order to try them in (empty: the order's own)
  int defer = 0;                   // planned with the orders due this many periods later (its due stays)
};
// Every choice of the improvement pass: per order, and per item the preference among its routes
// and among the parts of each BOM line with alternates (rotated by this many places: 1 puts the
// second first).
struct Choices {
  std::vector<Choice> orders;
  std::vector<uint8_t> rotate;  // per item (empty: none)
  // Starts made before any order is planned, into stock: capacity a line would leave idle early
  // (idle_starts()). Stock is anyone's, so the orders that take these units are not pegged to
  // their route or parts.
  struct Prebuild {
    ItemId item;
    uint32_t route;  // in the planner's table of routes
    int period;      // the latest start
    int64_t qty;     // good units, at most
    bool operator==(const Prebuild&) const = default;
  };
  std::vector<Prebuild> prebuild;
};

class Heuristic {
 public:
  // `choices`: per order of the model, as the improvement pass sets them (null: none).
  explicit Heuristic(const Model& m, const Choices* choices = nullptr) : m_(m), T_(m.periods()), choices_(choices) {
    build_pools();
    build_capacity_trees();
    find_unqualified();
    find_bom_windows();
    find_own_periods();
  }

  Plan run();
  // Per route (every item's, item by item): the first start period its parts can have arrived by,
  // or 0 for every route when that is not known.
  const std::vector<int>& first_starts() const { return route_from_; }
  void prebuild();  // the choices' starts before any order
  // On a copy of the planner of a plan, once the choices changed from `before` (that plan's): the
  // plan with the new choices, the same as run() would give, planned again only from the first
  // batch they change (first_changed()); the batches before it keep their state (the journal is
  // rolled back to where that batch began).
  Plan resume(size_t from);
  size_t first_changed(const Choices& before) const;
  size_t orders_from(size_t batch) const;  // orders in the batches from this one on
  void keep_for_resume() { resumable_ = true; }
  void stop_when(const std::atomic<bool>* cancel) { cancel_ = cancel; }
  void report_to(const std::function<void(double)>* progress) { progress_ = progress; }
  bool cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }

  // Plans one more order on the current state; keeps it only when `keep`.
  OrderPlan promise(const Order& o, bool keep) {
    OrderPlan op;
    const Mark mk = mark();
    plan_order(o, op);
    if (!keep) rollback(mk);
    summarize_order(o, op);
    return op;
  }

 private:
  // --- pools: remaining quantity per period, with a Fenwick tree over periods ---
  int add_pool(Pool p, const std::vector<int64_t>& qty) {
    const int id = static_cast<int>(pools_.size());
    pools_.push_back(p);
    rem_.resize(rem_.size() + static_cast<size_t>(T_), 0);
    fen_.resize(fen_.size() + static_cast<size_t>(T_) + 1, 0);
    for (int t = 0; t < T_; ++t)
      if (qty[static_cast<size_t>(t)] > 0) raw_add(id, t, qty[static_cast<size_t>(t)]);
    return id;
  }
  int64_t& rem(int pool, int t) {
    return rem_[static_cast<size_t>(pool) * static_cast<size_t>(T_) + static_cast<size_t>(t)];
  }
  int64_t rem(int pool, int t) const {
    return rem_[static_cast<size_t>(pool) * static_cast<size_t>(T_) + static_cast<size_t>(t)];
  }
  void raw_add(int pool, int t, int64_t d) {
    rem(pool, t) += d;
    int64_t* f = &fen_[static_cast<size_t>(pool) * static_cast<size_t>(T_ + 1)];
    for (int i = t + 1; i <= T_; i += i & -i) f[i] += d;
    if (static_cast<size_t>(pool) < pool_line_.size() && pool_line_[static_cast<size_t>(pool)] >= 0)
      tree_add(pool, t, d);
  }
  int64_t prefix(int pool, int t) const {  // sum of periods 0..t
    if (t < 0) return 0;
    const int64_t* f = &fen_[static_cast<size_t>(pool) * static_cast<size_t>(T_ + 1)];
    int64_t s = 0;
    for (int i = std::min(t, T_ - 1) + 1; i > 0; i -= i & -i) s += f[i];
    return s;
  }
  // The smallest period t with prefix(t) >= v (v > 0 and v <= prefix(T-1)).
  int lower_bound(int pool, int64_t v) const {
    const int64_t* f = &fen_[static_cast<size_t>(pool) * static_cast<size_t>(T_ + 1)];
    int pos = 0;
    for (int step = static_cast<int>(std::bit_floor(static_cast<unsigned>(T_))); step > 0; step >>= 1)
      if (pos + step <= T_ && f[pos + step] < v) {
        pos += step;
        v -= f[pos];
      }
    return pos;  // 0-based period
  }
  // The latest period <= t with something left, or -1.
  int latest_nonempty(int pool, int t) const {
    const int64_t p = prefix(pool, t);
    return p > 0 ? lower_bound(pool, p) : -1;
  }
  // The earliest period >= t with something left, or T.
  int next_nonempty(int pool, int t) const {
    const int64_t before = prefix(pool, t - 1);
    return prefix(pool, T_ - 1) > before ? lower_bound(pool, before + 1) : T_;
  }
  void take(int pool, int t, int64_t q) {
    raw_add(pool, t, -q);
    changes_.push_back({pool, t, q});
  }
  // Takes up to q from a storable pool by period t, latest first; returns what it took. From a
  // supplier with lot sizes it buys whole lots (buy()).
  int64_t take_by(int pool, int t, int64_t q) {
    int64_t got = 0;
    const bool lots = lot_sized(pool);
    while (got < q) {
      const int b = latest_nonempty(pool, t);
      if (b < 0) break;
      const int64_t d = std::min(q - got, rem(pool, b));
      if (lots)
        buy(pool, b, d);
      else
        take(pool, b, d);
      got += d;
      t = b;
    }
    return got;
  }
  // Buys d units from a supplier's pool with lot sizes in period b: what was bought there so far
  // grows to the next whole lot (at least the minimum, in multiples; the pool holds whole lots
  // only, so it fits), and what the lot brings beyond d goes to the item's stock, where any order
  // may use it. Every purchase of one pool in one period is one purchase order.
  void buy(int pool, int b, int64_t d) {
    const auto p = static_cast<size_t>(pool);
    const Supplier& sup = m_.suppliers[pool_supplier_[p]];
    const int64_t bought = lot_cap_[p][static_cast<size_t>(b)] - rem(pool, b);
    const int64_t more = lot_size(bought + d, sup.moq, sup.multiple) - bought;
    take(pool, b, more);
    if (more > d) {
      take(stock_pool_[sup.item], b, d - more);  // negative: added
      ++surpluses_;
    }
  }

  void build_pools();
  std::vector<SupplierId> pool_supplier_;      // per pool: its supplier, or none
  std::vector<std::vector<int64_t>> lot_cap_;  // per pool of a supplier with lot sizes: its whole lots per period
  bool lot_sized(int pool) const { return !lot_cap_.empty() && !lot_cap_[static_cast<size_t>(pool)].empty(); }

  // --- line capacity per holder: a max segment tree over periods for each line and each holder of
  // a reservation on it (slot 0: the capacity anyone may use; slot k: that and holder k's own), so
  // the latest or earliest period with room for one good unit is found in O(log T) instead of by
  // a walk through the periods whose capacity is used up (the cost of every late order when lines
  // are overloaded). Kept in step with the pools by raw_add().
  void build_capacity_trees();
  int64_t* tree(int line, int slot) {
    return &trees_[static_cast<size_t>(line_tree_[static_cast<size_t>(line)] + slot) * 2 * static_cast<size_t>(P_)];
  }
  const int64_t* tree(int line, int slot) const {
    return &trees_[static_cast<size_t>(line_tree_[static_cast<size_t>(line)] + slot) * 2 * static_cast<size_t>(P_)];
  }
  void tree_add(int pool, int t, int64_t d);
  int slot_of(LineId line, CustomerId customer) const;
  int last_at_least(const int64_t* tr, int s, int64_t v) const;
  int first_at_least(const int64_t* tr, int s, int64_t v) const;
  // The latest period <= s (earliest >= s) in a route's validity window whose capacity this
  // customer may use makes a good unit on the route (makes_a_unit(starts_at()) exactly), or -1 (T).
  int latest_unit(size_t route, int s, CustomerId customer) const {
    const Route& r = *routes_[route].route;
    s = std::min({s, r.to, T_ - 1});
    if (s < 0 || s < r.from) return -1;
    if (!r.line.valid()) return s;  // a dispatch step: no capacity limit
    const LineId l = r.line;
    const int64_t* tr = tree(static_cast<int>(l.v), slot_of(l, customer));
    const int found = r.setup > 0 ? latest_run_room(route, tr, s) : last_at_least(tr, s, unit_capacity_[route]);
    return found < r.from ? -1 : found;
  }
  int earliest_unit(size_t route, int s, CustomerId customer) const {
    const Route& r = *routes_[route].route;
    s = std::max({s, r.from, 0});
    if (s >= T_ || s > r.to) return T_;
    if (!r.line.valid()) return s;
    const LineId l = r.line;
    const int64_t* tr = tree(static_cast<int>(l.v), slot_of(l, customer));
    const int found = r.setup > 0 ? earliest_run_room(route, tr, s) : first_at_least(tr, s, unit_capacity_[route]);
    return found > r.to ? T_ : found;
  }
  // --- setups (Route::setup): a period's first start of a route pays it, for the whole run ---
  // The setup a start of the route in period s pays: the route's, unless a run is on already.
  double setup_at(size_t route, int s) const {
    const double setup = routes_[route].route->setup;
    if (setup <= 0 || runs_.empty()) return 0;
    return runs_[route * static_cast<size_t>(T_) + static_cast<size_t>(s)] == 0 ? setup : 0;
  }
  // The line capacity `good` more good units of a route need at start s: their usage, and the
  // setup unless a run of the route is on there already.
  int64_t capacity_for(size_t route, int s, int64_t good) const {
    const Route& r = *routes_[route].route;
    return ceil_units(static_cast<double>(ceil_units(static_cast<double>(good) / r.yield)) * r.usage +
                      setup_at(route, s));
  }
  // latest_unit()/earliest_unit() on a route with a setup: a period with room for a unit but no run
  // of the route and too little for a new one is passed over; after kRunTries of those, only periods
  // with room for a new run are looked for, so the work stays bounded under overload. (A period
  // beyond them with a run on and room for a unit more is then not found: the order may be
  // planned a period early or late there, never beyond capacity.)
  static constexpr int kRunTries = 8;
  int latest_run_room(size_t route, const int64_t* tr, int s) const;
  int earliest_run_room(size_t route, const int64_t* tr, int s) const;
  void count_run(const Start& st, int d) {
    if (!runs_.empty()) runs_[st.route * static_cast<size_t>(T_) + static_cast<size_t>(st.period)] += d;
  }
  int earliest_capacity(const Route& r, int s, CustomerId customer) const;
  int next_new(ItemId item, int t, CustomerId customer, int limit);

  // --- journal ---
  struct Mark {
    size_t changes, starts, consumes;
  };
  Mark mark() const { return {changes_.size(), starts_.size(), consumes_.size()}; }
  void rollback(Mark mk) {
    while (changes_.size() > mk.changes) {
      const Change c = changes_.back();
      changes_.pop_back();
      raw_add(c.pool, c.period, c.qty);
    }
    for (size_t j = mk.starts; j < starts_.size(); ++j) count_run(starts_[j], -1);
    starts_.resize(mk.starts);
    consumes_.resize(mk.consumes);
  }

  // --- bills of materials with alternates and effectivity ---
  // Per item whose BOM has a part with a validity window: the start periods where the valid parts
  // change (sorted). Between two of them (a segment) the parts a start needs are the same, so
  // what is available of them only grows with the start period, as for any other item.
  void find_bom_windows();
  int segment_start(ItemId item, int s) const;  // the first start period of s's segment
  int segment_end(ItemId item, int s) const;    // the first start period after it (or T)
  // How many units of `it` a line of its BOM allows at start s from bought parts, for a customer:
  // the sum over its usable parts; -1 when a usable part is made (then tried, not counted).
  int64_t bought_units(const BomLine& b, int s, CustomerId customer) const;
  // Causes when a line of the BOM allowed no unit at start s: every usable part ran short, and a
  // valid part the customer has not qualified that had some (kQualification).
  void line_causes(const BomLine& b, int s, int64_t units, CustomerId customer);
  // The route's line had too little capacity for a good unit from start period `first` to `last`
  // (for this customer), when `good` more units were wanted: a cause, naming an agreement that
  // holds capacity there for another buyer.
  void line_full(size_t route, int first, int last, int64_t good, CustomerId customer);
  // The walk passed over start periods first..last for want of capacity: the line is a cause
  // from the first of them whose bought parts would have made a unit (where none would, the parts
  // stopped the order, not the line, and are named where the walk stops).
  void line_passed_over(size_t route, int first, int last, int64_t good, CustomerId customer);
  // make_on()'s steps for one start period s.
  // Units of a start covered by one part of a BOM line with alternates, or by a plain line whose
  // part another line names too (shared_).
  struct Taken {
    size_t line, part;
    int64_t units;
  };
  // What the lines in `mix` took of `part`, in units of it.
  static int64_t taken_of(const std::vector<BomLine>& bom, const std::vector<Taken>& mix, ItemId part) {
    int64_t n = 0;
    for (const auto& [l, k, units] : mix)
      if (const BomPart& p = bom[l].parts[k]; p.item == part) n += ceil_units(static_cast<double>(units) * p.qty);
    return n;
  }
  // A start's need of a part over every plain line of the BOM that names it.
  static double plain_qty(const std::vector<BomLine>& bom, ItemId part) {
    double q = 0;
    for (const auto& b : bom)
      if (b.plain() && b.first().item == part) q += b.first().qty;
    return q;
  }
  // Bought parts say at once how many units they allow (a prefix sum per pool); made parts are tried.
  int64_t bought_limit(const std::vector<BomLine>& bom, int s, int64_t x, CustomerId customer) const;
  // Why bought parts allow no unit of the `wanted` starts: as secure() would record it. Only the
  // parts that allow no unit at all are named: a part with some left is not what stopped the start.
  void bought_causes(const std::vector<BomLine>& bom, const Route& r, int s, int64_t wanted, CustomerId customer);
  // Secures the parts of line l of the item's BOM (with alternates) for x units at start s: the
  // preferred usable part first, the next for what it could not cover; how many units it covered
  // (their parts in `mix`); `active`: some part of the line is valid at s.
  int64_t cover_line(ItemId item, size_t l, int s, int64_t x, CustomerId customer, std::vector<Taken>& mix,
                     bool& active);
  // One round of a start's parts: how many of x starts at s the parts secured allow.
  int64_t secure_parts(ItemId item, int s, int64_t x, CustomerId customer, std::vector<Taken>& mix,
                       const BomLine*& scarcest);
  // Why the scarcest line could not give `more` units at s, as things are (asked, given back).
  void probe_parts(const std::vector<BomLine>& bom, const BomLine& scarcest, int s, int64_t more, CustomerId customer);

  // --- planning ---
  int64_t secure(ItemId item, int t, int64_t q, CustomerId customer);
  int64_t available_by(ItemId item, int t, CustomerId customer) const;
  bool may_have_new(ItemId item, int t, CustomerId customer) const;
  bool may_have(ItemId item, int t, CustomerId customer) const;
  bool parts_by(const Item& it, int s, CustomerId customer) const;
  int64_t capacity_at(const Route& r, int s, CustomerId customer) const;
  // The starts on a route that capacity allows in period s (capacity_at(), less the setup a new
  // run pays, over its usage).
  int64_t starts_at(size_t route, int s, CustomerId customer) const {
    const Route& r = *routes_[route].route;
    const double room = static_cast<double>(capacity_at(r, s, customer)) - setup_at(route, s);
    return room > 0 ? floor_units(room / r.usage) : 0;
  }
  // Whether a pool's holder lets this customer take from it (anyone's, or the customer's own).
  bool may_use(int pool, CustomerId customer) const {
    const CustomerId holder = pools_[static_cast<size_t>(pool)].holder;
    return !holder.valid() || holder == customer;
  }
  // Whether this many starts make at least one good unit (a start of 1 at 98% yield makes none).
  static bool makes_a_unit(const Route& r, int64_t starts) {
    return floor_units(static_cast<double>(starts) * r.yield) > 0;
  }
  // The fewest starts on route r that make `good` good units.
  static int64_t starts_for(const Route& r, int64_t good) {
    int64_t n = std::max<int64_t>(1, ceil_units(static_cast<double>(good) / r.yield) - 1);
    while (floor_units(static_cast<double>(n) * r.yield) < good) ++n;
    return n;
  }
  // The most starts, at most x, whose good units make a whole lot of route r (its moq and
  // multiple: a production order); 0 when none do. x itself on a route without lot sizes.
  static int64_t lot_starts(const Route& r, int64_t x) {
    if (r.moq == 0 && r.multiple == 0) return x;
    const int64_t good = lot_floor(floor_units(static_cast<double>(x) * r.yield), r.moq, r.multiple);
    return good > 0 ? starts_for(r, good) : 0;
  }
  int64_t make(ItemId item, int t, int64_t q, CustomerId customer);
  int64_t make_on(size_t route, int t, int64_t q, CustomerId customer);
  // make_on()'s walk over start periods latest_start down to earliest_start, latest first.
  int64_t walk_on(size_t route, int t, int64_t q, CustomerId customer, int latest_start, int earliest_start);
  // --- capacity only one route can use (find_own_periods()) ---
  // Per route: the start periods [own_from_, own_to_] of its line in which no other route of that
  // line can start, since none of their parts can have arrived (empty: own_from_ > own_to_). A
  // start there takes nothing another route could have had, so make_on() starts there first,
  // before walking back from the latest start: what it makes early leaves the later capacity,
  // which every route of the line wants, to the others.
  void find_own_periods();
  std::vector<int> own_from_, own_to_;
  // Per route: the first start period its parts can have arrived by (find_own_periods()); 0 for
  // every route when that search did not settle.
  std::vector<int> route_from_;
  // The routes of an item: [route_begin_[item], route_begin_[item + 1]) in routes_.
  size_t routes_begin(ItemId item) const { return route_begin_[item.v]; }
  size_t routes_end(ItemId item) const { return route_begin_[item.v + 1]; }
  void cause(Constraint c, int period, int64_t short_qty, AgreementId agreement);
  void supply_cause(ItemId item, int t, int64_t short_qty, CustomerId customer);
  AgreementId reserved_by_other(const std::vector<int>& pools, int t, CustomerId customer) const;
  AgreementId supplier_reserved_by_other(ItemId item, int t, CustomerId customer) const;
  void plan_order(const Order& o, OrderPlan& op);
  int fill(const Order& o, int from, int to, int64_t want, OrderPlan& op);
  int last_period(const Order& o) const {
    return o.max_lateness < 0 ? T_ - 1 : std::min(T_ - 1, o.due + o.max_lateness);
  }
  std::vector<std::vector<OrderId>> batches() const;
  // Whether an order's units may be shared out in fair-share rounds: not an order that arrives
  // whole, nor one with a minimum shipment (a round's part of it could fall below the minimum).
  static bool divisible(const Order& o) { return o.partial && o.min_shipment == 0; }
  void plan_batch(const std::vector<OrderId>& batch, Plan& plan);
  void share(const std::vector<OrderId>& batch, Plan& plan);
  void rounds(const std::vector<OrderId>& orders, Plan& plan, bool on_time);
  void explain(const Order& o, OrderPlan& op);
  void find_unqualified();
  void qualification_causes(const Order& o, OrderPlan& op);
  void release_unused();
  void finish(Plan& plan);

  const Model& m_;
  const int T_;
  int P_ = 1;                                          // leaves per capacity tree: a power of two >= T
  std::vector<int64_t> trees_;                         // per line and slot, 2P nodes: node 1 the root, leaves at P + t
  std::vector<int> line_tree_;                         // per line: the index of its slot-0 tree
  std::vector<std::vector<CustomerId>> line_holders_;  // per line: the holder of slot k + 1
  std::vector<int> pool_line_, pool_slot_;             // per pool: its line (-1: not a line's), its slot
  struct RouteRef {
    ItemId item;
    const Route* route;
  };
  std::vector<RouteRef> routes_;        // every item's routes, item by item, in order of preference
  std::vector<size_t> route_begin_;     // per item (and one past the last): its first route in routes_
  std::vector<int64_t> unit_capacity_;  // per route: the least capacity that makes a good unit
  std::vector<int64_t> run_capacity_;   // per route: the same in a new run (setup included)
  std::vector<int32_t> runs_;           // per route and period: its starts (runs on); empty: no setups
  mutable uint64_t steps_ = 0;          // periods the searches visited (Plan::search_steps)
  // --- what resume() starts from (kept when resumable_) ---
  struct BatchStart {
    size_t changes, starts, consumes;  // the journal's Mark
    uint64_t steps;
  };
  bool resumable_ = false;
  std::vector<std::vector<OrderId>> sequence_;  // batches(), as planned
  std::vector<BatchStart> batch_starts_;        // per batch of sequence_
  // Every order's plan before agreements release: shared by the copies a resume starts from.
  std::shared_ptr<const IdVec<OrderTag, OrderPlan>> first_pass_;
  std::vector<std::vector<int64_t>> lot_cap_kept_;        // lot_cap_ before release_unused() grew it
  void count_from_start();                                // the look-ahead counts before any batch
  void count_planned(const std::vector<OrderId>& batch);  // ... and after each batch planned
  void plan_batches(size_t from, Plan& plan);
  Plan end_run(Plan& plan);
  std::vector<Pool> pools_;
  std::vector<int64_t> rem_, fen_;
  IdVec<ItemTag, int> stock_pool_;                       // per item
  IdVec<SupplierTag, std::vector<int>> supplier_pools_;  // per supplier: reserved pools, then the free one
  IdVec<LineTag, std::vector<int>> line_pools_;          // per line: reserved pools, then the free one
  std::vector<Change> changes_;
  std::vector<Start> starts_;
  std::vector<Consume> consumes_;
  std::vector<std::vector<int>> windows_;  // per item: find_bom_windows(), empty for most
  // Per item: a plain line of its BOM names a part an earlier line names too, so the lines share
  // what there is of it (find_bom_windows()).
  std::vector<uint8_t> shared_;
  bool choices_in_bom_ = false;           // some BOM line has alternate parts (pegging)
  bool restricted_parts_ = false;         // some BOM part is qualified with some buyers only
  bool alternate_routes_ = false;         // some item has several routes (pegging)
  std::vector<Cause>* causes_ = nullptr;  // the order being planned
  std::vector<Cause> held_;               // fill(): deliveries held back below a minimum shipment
  std::unordered_map<std::string_view, RequirementId> requirement_index_;  // requirement id -> its id
  IdVec<ItemTag, int> waiting_;  // per item: orders still to plan that can take only it
  // Per item: orders still to plan (this batch included) for it whose buyer has not qualified a
  // part of its BOM or a route that some buyers have. While there are any, a buyer qualified with
  // such a part or route takes it before those everyone may use (look-ahead, as for an order's
  // alternates): the others can use only what it would otherwise take.
  IdVec<ItemTag, int> unqualified_;
  // Stock kept for the orders that have no other way (find_early_needs()): per bought item, the
  // first period a purchase can arrive, and the units that orders still to plan (this batch
  // included) need of it before then. A later order takes stock beyond that need first, then
  // purchases, and the kept stock only as a last resort; so on-hand stock is not spent on an order
  // a purchase could have served while an earlier order, which no purchase reaches, goes short.
  IdVec<ItemTag, int> first_arrival_;
  IdVec<ItemTag, int64_t> early_need_;
  int first_purchase(ItemId item) const;  // empty: no bought item has stock before its first arrival
  void find_early_needs();
  void explode_early(ItemId item, double qty, int t, int depth, int64_t sign);
  template <class Orders>
  void count_early(int64_t sign, const Orders& orders) {
    if (early_need_.empty()) return;
    for (const OrderId o : orders) {
      const Order& ord = m_.orders[o];
      if (!ord.alternates.empty())
        explode_early(ord.alternates.front(), static_cast<double>(ord.qty), ord.due, 0, sign);
    }
  }
  template <class Orders>
  void count_unqualified(int sign, const Orders& orders) {
    if (!restricted_parts_) return;
    if (unqualified_.empty()) unqualified_.assign(m_.items.size(), 0);
    for (const OrderId o : orders) {
      const Order& ord = m_.orders[o];
      for (const ItemId a : ord.alternates) {
        const Item& it = m_.items[a];
        bool unusable =
            std::any_of(it.routes.begin(), it.routes.end(), [&](const Route& r) { return !r.usable_by(ord.customer); });
        for (const auto& b : it.bom)
          unusable = unusable || std::any_of(b.parts.begin(), b.parts.end(),
                                             [&](const BomPart& p) { return !p.usable_by(ord.customer); });
        if (unusable) unqualified_[a] += sign;
      }
    }
  }
  std::vector<ItemId> alternates_;           // fill()'s alternates in the order it tries them
  const Choices* choices_ = nullptr;         // the improvement pass's, or null
  std::vector<Choices::Prebuild> prebuilt_;  // the pre-builds the journal holds
  const std::atomic<bool>* cancel_ = nullptr;
  const std::function<void(double)>* progress_ = nullptr;
  size_t rotation(ItemId item) const { return choices_ && !choices_->rotate.empty() ? choices_->rotate[item.v] : 0; }
  uint64_t causes_recorded_ = 0;
  bool probing_ = false;  // inside make()'s second question for causes                                 // cause() calls
                          // that recorded something, counted
  uint64_t surpluses_ = 0;  // units put back to stock so far (yield rounding), counted
};

void Heuristic::build_pools() {
  std::vector<int64_t> qty(static_cast<size_t>(T_), 0);
  stock_pool_.resize(m_.items.size());
  for (const ItemId i : m_.items.ids()) {
    std::fill(qty.begin(), qty.end(), 0);
    for (const auto& r : m_.receipts)
      if (r.item == i) qty[static_cast<size_t>(r.period)] += r.qty;
    stock_pool_[i] = add_pool({}, qty);
  }
  // The pools of one capacity (a supplier's or a line's: `reserves` says whether an agreement
  // reserves part of it). A supplier with lot sizes sells whole lots: each pool holds the largest
  // whole lot of its capacity per period (the holder's purchases and the others' are separate
  // purchase orders).
  const Supplier* lots = nullptr;
  const auto pool_of = [&](Pool p, std::vector<int64_t> per_period) {
    if (lots)
      for (auto& q : per_period) q = lot_floor(q, lots->moq, lots->multiple);
    const int id = add_pool(p, per_period);
    if (lots) {
      lot_cap_.resize(pools_.size());
      lot_cap_.back() = std::move(per_period);
    }
    return id;
  };
  const auto with_agreements = [&](const std::vector<int64_t>& capacity, bool storable, const auto& reserves) {
    std::vector<int> ids;
    std::vector<int64_t> free = capacity;
    for (const AgreementId a : m_.agreements.ids()) {
      const Agreement& ag = m_.agreements[a];
      if (!reserves(ag)) continue;
      for (int t = 0; t < T_; ++t) free[static_cast<size_t>(t)] -= ag.reserved[static_cast<size_t>(t)];
      ids.push_back(pool_of({ag.holder, a, storable}, ag.reserved));
    }
    for (auto& f : free) f = std::max<int64_t>(f, 0);
    ids.push_back(pool_of({{}, {}, storable}, free));
    return ids;
  };
  for (const SupplierId s : m_.suppliers.ids()) {
    const Supplier& sup = m_.suppliers[s];
    lots = sup.moq > 0 || sup.multiple > 0 ? &sup : nullptr;
    supplier_pools_.push_back(
        with_agreements(sup.capacity, true, [&](const Agreement& ag) { return ag.supplier == s; }));
  }
  lots = nullptr;
  if (!lot_cap_.empty()) lot_cap_.resize(pools_.size());
  for (const LineId l : m_.lines.ids())
    line_pools_.push_back(
        with_agreements(m_.lines[l].capacity, false, [&](const Agreement& ag) { return ag.line == l; }));
  pool_supplier_.assign(pools_.size(), {});
  for (const SupplierId s : m_.suppliers.ids())
    for (int p : supplier_pools_[s]) pool_supplier_[static_cast<size_t>(p)] = s;
}

// When each item can first be had (stock, a supplier's first delivery, or a route's first start
// with parts plus its lead time), found by relaxing until nothing moves; then, per route, the first
// period its parts allow a start (route_from), and its own periods: from there up to the first
// start any other route of its line could have. Quantities are not looked at: one part is enough
// to count as arrived, so the own periods are never too many.
void Heuristic::find_own_periods() {
  own_from_.assign(routes_.size(), T_);
  own_to_.assign(routes_.size(), -1);
  IdVec<ItemTag, int> arrives(m_.items.size(), T_);
  for (const ItemId i : m_.items.ids()) arrives[i] = std::min(next_nonempty(stock_pool_[i], 0), first_purchase(i));
  std::vector<int> route_from(routes_.size(), T_);
  bool moved = true;
  // Each pass settles at least one more level of the bills of materials; a bill deeper than this
  // (or a cycle) leaves the own periods empty rather than guessed.
  constexpr int kMostPasses = 64;
  for (int pass = 0; pass < kMostPasses && moved; ++pass) {
    moved = false;
    for (size_t k = 0; k < routes_.size(); ++k) {
      const Route& r = *routes_[k].route;
      int from = std::max(r.from, 0);
      for (const auto& b : m_.items[routes_[k].item].bom) {
        int first = T_;
        for (const auto& part : b.parts) first = std::min(first, arrives[part.item]);
        from = std::max(from, first);
      }
      route_from[k] = from;
      if (from < T_ && from + r.lead_time < arrives[routes_[k].item]) {
        arrives[routes_[k].item] = from + r.lead_time;
        moved = true;
      }
    }
  }
  route_from_ = moved ? std::vector<int>(routes_.size(), 0) : route_from;
  if (moved) return;
  // Per line, the two earliest first starts of its routes: a route's rivals start at the earliest
  // of the others.
  struct Earliest {
    int first = std::numeric_limits<int>::max(), second = std::numeric_limits<int>::max();
  };
  IdVec<LineTag, Earliest> earliest(m_.lines.size());
  for (size_t k = 0; k < routes_.size(); ++k) {
    const LineId l = routes_[k].route->line;
    if (!l.valid()) continue;
    Earliest& e = earliest[l];
    if (route_from[k] < e.first) {
      e.second = e.first;
      e.first = route_from[k];
    } else {
      e.second = std::min(e.second, route_from[k]);
    }
  }
  for (size_t k = 0; k < routes_.size(); ++k) {
    const Route& r = *routes_[k].route;
    if (!r.line.valid() || route_from[k] >= T_) continue;
    const Earliest& e = earliest[r.line];
    const int rivals = route_from[k] == e.first ? e.second : e.first;
    // Alone on its line (no rival at all), every period is its own: the walk from the latest start is that.
    if (route_from[k] >= rivals || rivals >= T_) continue;
    own_from_[k] = route_from[k];
    own_to_[k] = std::min({rivals - 1, r.to, T_ - 1});
  }
}

void Heuristic::build_capacity_trees() {
  P_ = static_cast<int>(std::bit_ceil(static_cast<unsigned>(std::max(T_, 1))));
  const size_t nodes = 2 * static_cast<size_t>(P_);
  pool_line_.assign(pools_.size(), -1);
  pool_slot_.assign(pools_.size(), 0);
  line_tree_.assign(m_.lines.size(), 0);
  line_holders_.assign(m_.lines.size(), {});
  int trees = 0;
  for (const LineId l : m_.lines.ids()) {
    auto& holders = line_holders_[l.v];
    for (int p : line_pools_[l]) {
      const CustomerId h = pools_[static_cast<size_t>(p)].holder;
      if (h.valid() && std::find(holders.begin(), holders.end(), h) == holders.end()) holders.push_back(h);
    }
    line_tree_[l.v] = trees;
    trees += 1 + static_cast<int>(holders.size());
  }
  // Empty leaves (periods >= T) hold -1: below any capacity asked for.
  trees_.assign(static_cast<size_t>(trees) * nodes, -1);
  for (const LineId l : m_.lines.ids()) {
    const auto& holders = line_holders_[l.v];
    const int line = static_cast<int>(l.v);
    for (int k = 0; k <= static_cast<int>(holders.size()); ++k) {
      int64_t* tr = tree(line, k);
      for (int t = 0; t < T_; ++t) tr[P_ + t] = 0;
    }
    for (int p : line_pools_[l]) {
      const CustomerId h = pools_[static_cast<size_t>(p)].holder;
      const int slot =
          h.valid() ? 1 + static_cast<int>(std::find(holders.begin(), holders.end(), h) - holders.begin()) : 0;
      pool_line_[static_cast<size_t>(p)] = line;
      pool_slot_[static_cast<size_t>(p)] = slot;
      for (int k = 0; k <= static_cast<int>(holders.size()); ++k) {
        if (slot != 0 && slot != k) continue;
        int64_t* tr = tree(line, k);
        for (int t = 0; t < T_; ++t) tr[P_ + t] += rem(p, t);
      }
    }
    for (int k = 0; k <= static_cast<int>(holders.size()); ++k) {
      int64_t* tr = tree(line, k);
      for (int i = P_ - 1; i > 0; --i) tr[i] = std::max(tr[i + i], tr[i + i + 1]);
    }
  }
  // The least capacity whose starts make a good unit: starts_at() and makes_a_unit() are monotone
  // in the capacity, so the test "capacity >= this" is theirs exactly.
  routes_.clear();
  route_begin_.assign(1, 0);
  for (const ItemId i : m_.items.ids()) {
    for (const auto& r : m_.items[i].routes) routes_.push_back({i, &r});
    route_begin_.push_back(routes_.size());
    alternate_routes_ = alternate_routes_ || m_.items[i].routes.size() > 1;
  }
  unit_capacity_.assign(routes_.size(), 0);
  run_capacity_.assign(routes_.size(), 0);
  runs_.clear();
  for (size_t k = 0; k < routes_.size(); ++k) {
    const Route& it = *routes_[k].route;
    if (!it.line.valid()) continue;            // a dispatch step: no capacity to find
    if (!(it.yield > 0) || !(it.usage > 0)) {  // never a unit; or any capacity makes one
      unit_capacity_[k] = it.yield > 0 ? 1 : std::numeric_limits<int64_t>::max();
      continue;
    }
    const int64_t n = starts_for(it, lot_size(1, it.moq, it.multiple));  // a good unit, or the least lot
    const auto starts = [&](int64_t c) { return floor_units(static_cast<double>(c) / it.usage); };
    int64_t c = std::max<int64_t>(1, ceil_units(static_cast<double>(n) * it.usage));
    while (c > 0 && starts(c - 1) >= n) --c;
    while (starts(c) < n) ++c;
    unit_capacity_[k] = c;
    if (it.setup > 0) {  // in a new run: the least c with (c - setup) / usage starts >= n
      const auto run_starts = [&](int64_t cap) {
        const double room = static_cast<double>(cap) - it.setup;
        return room > 0 ? floor_units(room / it.usage) : 0;
      };
      int64_t rc = c + static_cast<int64_t>(it.setup);
      while (rc > c && run_starts(rc - 1) >= n) --rc;
      while (run_starts(rc) < n) ++rc;
      run_capacity_[k] = rc;
      runs_.resize(routes_.size() * static_cast<size_t>(T_));
    }
  }
}

void Heuristic::tree_add(int pool, int t, int64_t d) {
  const int line = pool_line_[static_cast<size_t>(pool)];
  const int slot = pool_slot_[static_cast<size_t>(pool)];
  const int slots = 1 + static_cast<int>(line_holders_[static_cast<size_t>(line)].size());
  for (int k = 0; k < slots; ++k) {
    if (slot != 0 && slot != k) continue;  // anyone's capacity counts in every slot
    int64_t* tr = tree(line, k);
    int i = P_ + t;
    tr[i] += d;
    for (i >>= 1; i > 0; i >>= 1) tr[i] = std::max(tr[i + i], tr[i + i + 1]);
  }
}

int Heuristic::slot_of(LineId line, CustomerId customer) const {
  const auto& holders = line_holders_[line.v];
  for (size_t k = 0; k < holders.size(); ++k)
    if (holders[k] == customer) return static_cast<int>(k) + 1;
  return 0;
}

// The latest leaf <= s holding at least v, or -1: climb from leaf s while the subtrees to its left
// hold less, then descend into the rightmost one that holds enough.
int Heuristic::last_at_least(const int64_t* tr, int s, int64_t v) const {
  int i = P_ + s;
  if (tr[i] >= v) return s;
  while (i > 1) {
    if ((i & 1) && tr[i - 1] >= v) {
      i = i - 1;
      while (i < P_) i = tr[2 * i + 1] >= v ? 2 * i + 1 : 2 * i;
      return i - P_;
    }
    i >>= 1;
  }
  return -1;
}

// The earliest leaf >= s holding at least v, or T.
int Heuristic::first_at_least(const int64_t* tr, int s, int64_t v) const {
  int i = P_ + s;
  if (tr[i] >= v) return s;
  while (i > 1) {
    if (!(i & 1) && tr[i + 1] >= v) {
      i = i + 1;
      while (i < P_) i = tr[i + i] >= v ? i + i : i + i + 1;  // children of i: 2i and 2i+1
      return std::min(i - P_, T_);
    }
    i >>= 1;
  }
  return T_;
}

int Heuristic::latest_run_room(size_t route, const int64_t* tr, int s) const {
  for (int tries = 0; s >= 0; ++tries) {
    const int found = last_at_least(tr, s, tries < kRunTries ? unit_capacity_[route] : run_capacity_[route]);
    if (found < 0 || tries >= kRunTries) return found;
    if (setup_at(route, found) == 0 || tr[P_ + found] >= run_capacity_[route]) return found;
    ++steps_;
    s = found - 1;
  }
  return -1;
}

int Heuristic::earliest_run_room(size_t route, const int64_t* tr, int s) const {
  for (int tries = 0; s < T_; ++tries) {
    const int found = first_at_least(tr, s, tries < kRunTries ? unit_capacity_[route] : run_capacity_[route]);
    if (found >= T_ || tries >= kRunTries) return found;
    if (setup_at(route, found) == 0 || tr[P_ + found] >= run_capacity_[route]) return found;
    ++steps_;
    s = found + 1;
  }
  return T_;
}

// The earliest period <= s with any capacity left in a pool this customer may use, or -1.
int Heuristic::earliest_capacity(const Route& it, int s, CustomerId customer) const {
  int earliest = -1;
  if (s < 0) return earliest;
  if (!it.line.valid()) return 0;
  for (int p : line_pools_[it.line])
    if (may_use(p, customer) && prefix(p, s) > 0) {
      const int e = lower_bound(p, 1);
      earliest = earliest < 0 ? e : std::min(earliest, e);
    }
  return earliest;
}

void Heuristic::cause(Constraint c, int period, int64_t short_qty, AgreementId agreement) {
  if (!causes_ || short_qty <= 0) return;
  ++causes_recorded_;
  for (auto& x : *causes_) {
    if (x.constraint == c) {
      x.first = std::min(x.first, period);
      x.last = std::max(x.last, period);
      x.short_qty = std::max(x.short_qty, short_qty);
      if (!x.agreement.valid()) x.agreement = agreement;
      x.reserved_elsewhere = x.agreement.valid();
      return;
    }
  }
  causes_->push_back({c, period, period, short_qty, agreement.valid(), agreement});
}

// A bought item came short by t: its lead time when no supplier ships that early (nothing more
// could have come, however much was bought), else its supply.
void Heuristic::supply_cause(ItemId item, int t, int64_t short_qty, CustomerId customer) {
  int earliest = T_;
  for (const SupplierId s : m_.items[item].suppliers) earliest = std::min(earliest, m_.suppliers[s].lead_time);
  if (t < earliest && !m_.items[item].suppliers.empty())
    cause({Constraint::Kind::kLeadTime, item}, t, short_qty, {});
  else
    cause({Constraint::Kind::kSupply, item}, t, short_qty, supplier_reserved_by_other(item, t, customer));
}

// An agreement of another holder with something left by t among `pools`, or none.
AgreementId Heuristic::reserved_by_other(const std::vector<int>& pools, int t, CustomerId customer) const {
  for (int p : pools) {
    const Pool& pool = pools_[static_cast<size_t>(p)];
    if (pool.holder.valid() && pool.holder != customer && prefix(p, t) > 0) return pool.agreement;
  }
  return {};
}

AgreementId Heuristic::supplier_reserved_by_other(ItemId item, int t, CustomerId customer) const {
  for (const SupplierId s : m_.items[item].suppliers)
    if (const AgreementId a = reserved_by_other(supplier_pools_[s], t, customer); a.valid()) return a;
  return {};
}

// How much of a bought item (stock and suppliers) this customer could take by period t.
int64_t Heuristic::available_by(ItemId item, int t, CustomerId customer) const {
  int64_t a = prefix(stock_pool_[item], t);
  for (const SupplierId s : m_.items[item].suppliers)
    for (int p : supplier_pools_[s])
      if (may_use(p, customer)) a += prefix(p, t);
  return a;
}

// Whether every part of one unit of `item` could be had by period s (a made part as may_have()
// allows).
bool Heuristic::parts_by(const Item& it, int s, CustomerId customer) const {
  for (const auto& b : it.bom) {
    bool active = false, some = false;
    for (const auto& p : b.parts) {
      if (!p.valid_at(s)) continue;
      active = true;
      if (!p.usable_by(customer)) continue;
      const bool bought = !m_.items[p.item].made();
      some = bought ? floor_units(static_cast<double>(available_by(p.item, s, customer)) / p.qty) > 0
                    : may_have(p.item, s, customer);
      if (some) break;
    }
    if (active && !some) return false;
  }
  return true;
}

void Heuristic::find_bom_windows() {
  windows_.assign(m_.items.size(), {});
  shared_.assign(m_.items.size(), 0);
  for (const ItemId i : m_.items.ids()) {
    auto& w = windows_[i.v];
    const auto& bom = m_.items[i].bom;
    for (size_t l = 0; l < bom.size(); ++l)
      for (size_t j = 0; j < l && bom[l].plain(); ++j)
        for (const auto& p : bom[j].parts) shared_[i.v] = shared_[i.v] || p.item == bom[l].first().item;
    for (const auto& b : bom) {
      choices_in_bom_ = choices_in_bom_ || b.parts.size() > 1;
      for (const auto& p : b.parts) {
        restricted_parts_ = restricted_parts_ || !p.qualified.empty();
        if (p.from > 0 && p.from < T_) w.push_back(p.from);
        if (p.to >= 0 && p.to + 1 < T_) w.push_back(p.to + 1);
      }
    }
    for (const auto& r : m_.items[i].routes) restricted_parts_ = restricted_parts_ || !r.qualified.empty();
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
  }
}

int Heuristic::segment_start(ItemId item, int s) const {
  const auto& w = windows_[item.v];
  const auto it = std::upper_bound(w.begin(), w.end(), s);
  return it == w.begin() ? std::numeric_limits<int>::min() / 2 : *(it - 1);
}

int Heuristic::segment_end(ItemId item, int s) const {
  const auto& w = windows_[item.v];
  const auto it = std::upper_bound(w.begin(), w.end(), s);
  return it == w.end() ? T_ : *it;
}

int64_t Heuristic::bought_units(const BomLine& b, int s, CustomerId customer) const {
  int64_t units = 0;
  for (const auto& p : b.parts) {
    if (!p.valid_at(s) || !p.usable_by(customer)) continue;
    if (m_.items[p.item].made()) return -1;
    units += floor_units(static_cast<double>(available_by(p.item, s, customer)) / p.qty);
  }
  return units;
}

int64_t Heuristic::bought_limit(const std::vector<BomLine>& bom, int s, int64_t x, CustomerId customer) const {
  for (const auto& b : bom)
    if (b.plain()) {
      if (!m_.items[b.first().item].made())
        x = std::min(x, floor_units(static_cast<double>(available_by(b.first().item, s, customer)) /
                                    plain_qty(bom, b.first().item)));
    } else if (const int64_t units = bought_units(b, s, customer); units >= 0) {
      if (std::any_of(b.parts.begin(), b.parts.end(), [&](const BomPart& p) { return p.valid_at(s); }))
        x = std::min(x, units);
    }
  return x;
}

void Heuristic::bought_causes(const std::vector<BomLine>& bom, const Route& r, int s, int64_t wanted,
                              CustomerId customer) {
  for (const auto& b : bom) {
    if (b.plain()) {
      if (m_.items[b.first().item].made()) continue;
      const int64_t have = available_by(b.first().item, s, customer);
      if (makes_a_unit(r, lot_starts(r, floor_units(static_cast<double>(have) / plain_qty(bom, b.first().item)))))
        continue;
      const int64_t need = ceil_units(static_cast<double>(wanted) * plain_qty(bom, b.first().item));
      supply_cause(b.first().item, s, need - have, customer);
    } else if (const int64_t units = bought_units(b, s, customer);
               units >= 0 && !makes_a_unit(r, lot_starts(r, units)) &&
               std::any_of(b.parts.begin(), b.parts.end(), [&](const BomPart& p) { return p.valid_at(s); })) {
      line_causes(b, s, wanted, customer);
    }
  }
}

int64_t Heuristic::cover_line(ItemId item, size_t l, int s, int64_t x, CustomerId customer, std::vector<Taken>& mix,
                              bool& active) {
  const BomLine& b = m_.items[item].bom[l];
  int64_t covered = 0;
  active = false;
  // Look-ahead (unqualified_): parts only some buyers have qualified first, while buyers who have
  // not are still to be served.
  const bool restricted_first = !unqualified_.empty() && unqualified_[item] > 0;
  const size_t rot = rotation(item);
  for (size_t n = 0; n < (restricted_first ? 2 : 1) * b.parts.size() && covered < x; ++n) {
    const size_t k = (n + rot) % b.parts.size();
    if (restricted_first && (n < b.parts.size()) == b.parts[k].qualified.empty()) continue;
    const BomPart& p = b.parts[k];
    if (!p.valid_at(s)) continue;
    active = true;
    if (!p.usable_by(customer)) continue;
    // A part that covers only some units gives back what a whole unit of it could not use.
    const Mark part_mark = mark();
    const int64_t need = ceil_units(static_cast<double>(x - covered) * p.qty);
    const int64_t g = secure(p.item, s, need, customer);
    int64_t units = g >= need ? x - covered : floor_units(static_cast<double>(g) / p.qty);
    if (g < need && ceil_units(static_cast<double>(units) * p.qty) < g) {
      rollback(part_mark);
      const int64_t exact = ceil_units(static_cast<double>(units) * p.qty);
      if (exact > 0 && secure(p.item, s, exact, customer) < exact) units = 0;  // cannot happen: less than before
    }
    if (units > 0) mix.push_back({l, k, units});
    covered += units;
  }
  return covered;
}

void Heuristic::probe_parts(const std::vector<BomLine>& bom, const BomLine& scarcest, int s, int64_t more,
                            CustomerId customer) {
  const Mark probe = mark();
  probing_ = true;
  const uint64_t before = causes_recorded_;
  // Each usable part of the line alone (alternates: every one ran short); a valid part the
  // customer has not qualified that had some is a cause too.
  for (const auto& p : scarcest.parts) {
    if (!p.valid_at(s)) continue;
    if (!p.usable_by(customer)) {
      if (const int64_t have = available_by(p.item, s, customer); have > 0)
        cause({Constraint::Kind::kQualification, p.item}, s, have, {});
      continue;
    }
    // A part plain lines share is asked for all of them (plain_qty()).
    const double per = scarcest.plain() ? plain_qty(bom, p.item) : p.qty;
    secure(p.item, s, ceil_units(static_cast<double>(more) * per), customer);
    rollback(probe);
  }
  // Alone it had enough: the parts ran short of something they share. Ask for them all, in turn.
  if (causes_recorded_ == before) {
    for (const auto& b : bom)
      for (const auto& p : b.parts)
        if (p.valid_at(s) && p.usable_by(customer)) {
          secure(p.item, s, ceil_units(static_cast<double>(more) * p.qty), customer);
          break;  // the preferred part stands for its line
        }
    rollback(probe);
  }
  probing_ = false;
}

void Heuristic::line_causes(const BomLine& b, int s, int64_t units, CustomerId customer) {
  for (const auto& p : b.parts) {
    if (!p.valid_at(s)) continue;
    const int64_t have = available_by(p.item, s, customer);
    if (!p.usable_by(customer)) {
      if (have > 0) cause({Constraint::Kind::kQualification, p.item}, s, have, {});
      continue;
    }
    const int64_t need = ceil_units(static_cast<double>(units) * p.qty);
    if (need > have) supply_cause(p.item, s, need - have, customer);
  }
}

// Whether secure(item, t) could find anything at all on this state. A start needs capacity for a
// good unit and parts: parts only accumulate over time, so if they do not suffice by the latest
// period with such capacity, they suffice by none. True means perhaps, false means nothing.
bool Heuristic::may_have(ItemId item, int t, CustomerId customer) const {
  if (t < 0) return false;
  if (available_by(item, t, customer) > 0) return true;
  const Item& it = m_.items[item];
  ++steps_;
  // On each route, the latest start with room in each segment of the BOM's effectivity (one
  // segment for most).
  for (size_t k = routes_begin(item); k < routes_end(item); ++k) {
    const Route& r = *routes_[k].route;
    if (!r.usable_by(customer)) continue;
    for (int s = latest_unit(k, t - r.lead_time, customer); s >= 0;
         s = latest_unit(k, segment_start(item, s) - 1, customer)) {
      if (parts_by(it, s, customer)) return true;
      if (windows_[item.v].empty()) break;
    }
  }
  return false;
}

// The line capacity for `item` this customer may use in period s.
int64_t Heuristic::capacity_at(const Route& it, int s, CustomerId customer) const {
  if (!it.line.valid()) return kUnlimited;  // a dispatch step
  int64_t capacity = 0;
  for (int p : line_pools_[it.line])
    if (may_use(p, customer)) capacity += rem(p, s);
  return capacity;
}

// Whether secure(item, t) may find something when secure(item, t - 1) came short on this state
// (and nothing was given back since): only what arrives in period t, or what a start in period
// t - lead time can make, is new. A necessary condition, cheap to test: false means nothing.
bool Heuristic::may_have_new(ItemId item, int t, CustomerId customer) const {
  const Item& it = m_.items[item];
  if (rem(stock_pool_[item], t) > 0) return true;
  for (const SupplierId s : it.suppliers)
    for (int p : supplier_pools_[s])
      if (may_use(p, customer) && rem(p, t) > 0) return true;
  for (size_t k = routes_begin(item); k < routes_end(item); ++k) {
    const Route& r = *routes_[k].route;
    const int start = t - r.lead_time;
    if (start < 0 || !r.valid_at(start) || !r.usable_by(customer)) continue;
    if (makes_a_unit(r, starts_at(k, start, customer)) && parts_by(it, start, customer)) return true;
  }
  return false;
}

// The first period in t..limit-1 where may_have_new(item, ·) holds, or limit: where a search that
// came short in the period before t may find something again (state unchanged). Stock and supply
// arrive in the next nonempty period of a pool; production needs a start with room for a good
// unit and parts by then. Parts only accumulate over time, so when they are short at such a
// start, the first start where they suffice is found by bisection, not by trying each in turn.
int Heuristic::next_new(ItemId item, int t, CustomerId customer, int limit) {
  const Item& it = m_.items[item];
  int best = std::min(limit, next_nonempty(stock_pool_[item], t));
  for (const SupplierId s : it.suppliers)
    for (int p : supplier_pools_[s])
      if (may_use(p, customer)) best = std::min(best, next_nonempty(p, t));
  for (size_t k = routes_begin(item); k < routes_end(item); ++k) {  // the earliest over the routes
    const Route& r = *routes_[k].route;
    if (!r.usable_by(customer)) continue;
    const int lead = r.lead_time;
    for (int s = std::max(t - lead, 0); s + lead < best;) {
      ++steps_;
      s = earliest_unit(k, s, customer);
      if (s >= T_ || s + lead >= best) break;
      if (parts_by(it, s, customer)) {
        best = s + lead;
        break;
      }
      // Parts only accumulate within one segment of the BOM's effectivity: bisect up to its end.
      const int end = std::min(best - lead, segment_end(item, s));
      int lo = s + 1, hi = end;  // parts suffice from hi on, or nowhere before it
      ++steps_;
      if (lo >= hi || !parts_by(it, hi - 1, customer)) {  // not even by the segment's last start
        if (end >= best - lead) break;                    // ran out
        s = end;
        continue;
      }
      while (lo < hi) {
        ++steps_;
        const int mid = lo + (hi - lo) / 2;
        if (parts_by(it, mid, customer))
          hi = mid;
        else
          lo = mid + 1;
      }
      s = lo;
    }
  }
  return best;
}

// Up to q units of `item` available by period t for `customer`; everything taken is journaled.
int64_t Heuristic::secure(ItemId item, int t, int64_t q, CustomerId customer) {
  if (q <= 0 || t < 0) return 0;
  t = std::min(t, T_ - 1);
  const Item& it = m_.items[item];
  // Stock that earlier orders need, which no purchase reaches in time, is taken last (see early_need_).
  int64_t kept = 0;
  if (!early_need_.empty() && early_need_[item] > 0 && t >= first_arrival_[item])
    kept = std::min(early_need_[item], prefix(stock_pool_[item], first_arrival_[item] - 1));
  int64_t got = take_by(stock_pool_[item], t, std::min(q, std::max<int64_t>(0, prefix(stock_pool_[item], t) - kept)));
  for (const SupplierId s : it.suppliers) {
    for (int p : supplier_pools_[s]) {
      if (got == q) break;
      if (!may_use(p, customer)) continue;
      got += take_by(p, t, q - got);
    }
  }
  if (got < q && kept > 0) got += take_by(stock_pool_[item], t, q - got);
  if (got < q && it.made()) got += make(item, t, q - got, customer);
  if (got < q && !it.made()) supply_cause(item, t, q - got, customer);
  return got;
}

// The first period any supplier of `item` delivers in (T: none), as the pools stand.
int Heuristic::first_purchase(ItemId item) const {
  int first = T_;
  for (const SupplierId s : m_.items[item].suppliers)
    for (const int p : supplier_pools_[s]) first = std::min(first, next_nonempty(p, 0));
  return first;
}

void Heuristic::find_early_needs() {
  bool any = false;
  first_arrival_.assign(m_.items.size(), T_);
  for (const ItemId i : m_.items.ids()) {
    first_arrival_[i] = first_purchase(i);
    any = any || (!m_.items[i].suppliers.empty() && first_arrival_[i] > 0 &&
                  prefix(stock_pool_[i], std::min(first_arrival_[i], T_) - 1) > 0);
  }
  if (any) early_need_.assign(m_.items.size(), 0);
}

// What an order of `qty` units of `item` due by period t needs of bought items before their first
// arrival, through the preferred route and parts of each bill of materials.
void Heuristic::explode_early(ItemId item, double qty, int t, int depth, int64_t sign) {
  if (t < 0 || depth > 8) return;
  const Item& it = m_.items[item];
  if (!it.suppliers.empty()) {
    if (t < first_arrival_[item]) early_need_[item] += sign * static_cast<int64_t>(std::ceil(qty));
    return;
  }
  if (!it.made()) return;
  const Route& r = it.routes.front();
  const double starts = qty / (r.yield > 0 ? r.yield : 1);
  for (const auto& b : it.bom) explode_early(b.first().item, starts * b.first().qty, t - r.lead_time, depth + 1, sign);
}

// Up to q good units of `item` completed by period t, on its routes in order of preference (those
// the customer may have units of): the next route makes what the one before could not.
int64_t Heuristic::make(ItemId item, int t, int64_t q, CustomerId customer) {
  int64_t got = 0;
  // Look-ahead (unqualified_): routes only some buyers have qualified first, while buyers who have
  // not are still to be served.
  const bool restricted_first = !unqualified_.empty() && unqualified_[item] > 0;
  const size_t b = routes_begin(item), n = routes_end(item) - b;
  const size_t rot = rotation(item);
  for (size_t j = 0; j < (restricted_first ? 2 : 1) * n && got < q; ++j) {
    const size_t k = b + (j + rot) % n;
    const Route& r = *routes_[k].route;
    if (restricted_first && (j < n) == r.qualified.empty()) continue;
    if (r.usable_by(customer)) got += make_on(k, t, q - got, customer);
  }
  return got;
}

// Up to q good units of the route's item completed by period t on that route: first in the
// periods of its line only it can use (find_own_periods()), then as late as possible.
int64_t Heuristic::make_on(size_t route, int t, int64_t q, CustomerId customer) {
  int64_t got = 0;
  // Own periods that reach the latest start are where the walk from it begins anyway.
  const int latest = t - routes_[route].route->lead_time;
  const int own_top = std::min(own_to_[route], latest);
  if (own_from_[route] <= own_top && own_top < latest) {
    // No causes from this walk: whatever it could not make, the walk after it asks for again.
    std::vector<Cause>* const record = causes_;
    causes_ = nullptr;
    got = walk_on(route, t, q, customer, own_top, own_from_[route]);
    causes_ = record;
  }
  return got + walk_on(route, t, q - got, customer, T_ - 1, 0);
}

// One round of a start's parts: every line of the item's BOM secured for x starts at s (plain
// lines as they are, lines with alternates by cover_line(), their parts in `mix`); how many starts
// the parts secured allow, and the line that allowed fewest (`scarcest`, when fewer than x).
int64_t Heuristic::secure_parts(ItemId item, int s, int64_t x, CustomerId customer, std::vector<Taken>& mix,
                                const BomLine*& scarcest) {
  const std::vector<BomLine>& bom = m_.items[item].bom;
  int64_t feasible = x;
  for (size_t l = 0; l < bom.size(); ++l) {
    const BomLine& b = bom[l];
    if (!b.plain()) {
      bool active = false;
      const int64_t covered = cover_line(item, l, s, x, customer, mix, active);
      if (active && covered < feasible) {
        feasible = covered;
        scarcest = &b;
      }
      continue;
    }
    const double per = b.first().qty;
    const int64_t need = ceil_units(static_cast<double>(x) * per);
    const int64_t g = secure(b.first().item, s, need, customer);
    // A part that lines before this one name too is shared with them: x' starts take x' x (this
    // line's rate plus theirs per start) of what they took and this line got.
    const int64_t before = shared_[item.v] ? taken_of(bom, mix, b.first().item) : 0;
    if (shared_[item.v]) mix.push_back({l, 0, g >= need ? x : floor_units(static_cast<double>(g) / per)});
    if (g >= need) continue;
    const double rate = per + static_cast<double>(before) / static_cast<double>(x);
    if (const int64_t can = floor_units(static_cast<double>(g + before) / rate); can < feasible) {
      feasible = can;
      scarcest = &b;
    }
  }
  return feasible;
}

int64_t Heuristic::walk_on(size_t route, int t, int64_t q, CustomerId customer, int latest_start, int earliest_start) {
  if (q <= 0) return 0;
  const ItemId item = routes_[route].item;
  const std::vector<BomLine>& bom = m_.items[item].bom;
  const Route& it = *routes_[route].route;
  static const std::vector<int> kNoPools;  // a dispatch step has no line
  const auto& lpools = it.line.valid() ? line_pools_[it.line] : kNoPools;
  std::vector<Taken> mix;  // empty (no allocation) unless the BOM has such a line or shares a part
  int64_t got = 0;
  int s = std::min(latest_start, t - it.lead_time);
  if (s < 0) cause({Constraint::Kind::kLeadTime, item}, t, q, {});  // nothing started is ready by t
  while (got < q && s >= earliest_start) {
    ++steps_;
    // Periods with capacity left but too little for a good unit are passed over at once; the
    // cause is then asked where a walk through them, one by one, would have stopped.
    const int latest = latest_unit(route, s, customer);
    if (latest < 0) {
      const int earliest = earliest_capacity(it, s, customer);
      if (earliest == 0 || (earliest > 0 && earliest <= it.from)) {  // the walk would have run off the
                                                                     // calendar's start or the route's window
        s = -1;
        break;
      }
      if (earliest > 0) s = earliest - 1;
      line_full(route, t - it.lead_time, t - it.lead_time, q - got, customer);
      break;
    }
    if (latest < earliest_start) break;  // the rest of the walk is another's (make_on())
    // The periods passed over were full: the line held the order back there too (whatever stops
    // the walk earlier is named as well).
    if (const int top = std::min({s, it.to, T_ - 1}); causes_ && latest < top)
      line_passed_over(route, latest + 1, top, q - got, customer);
    s = latest;
    // A production order of a route with lot sizes is a whole lot; what it makes beyond q goes to stock.
    const int64_t starts_needed = it.moq > 0 || it.multiple > 0 ? starts_for(it, lot_size(q - got, it.moq, it.multiple))
                                                                : ceil_units(static_cast<double>(q - got) / it.yield);
    const int64_t by_capacity = starts_at(route, s, customer);
    int64_t x = lot_starts(it, std::min(starts_needed, by_capacity));
    if (!makes_a_unit(it, x)) {  // less capacity left than one good unit needs
      --s;
      continue;
    }
    // Where the parts a start needs run out by s, they have run out for every earlier start of
    // the same segment of the BOM's effectivity too: the walk goes on in the segment before (for
    // most items there is none, and it stops).
    const int before_segment = segment_start(item, s) - 1;
    const int64_t wanted_units = x;
    x = lot_starts(it, bought_limit(bom, s, x, customer));
    if (!makes_a_unit(it, x)) {
      bought_causes(bom, it, s, wanted_units, customer);  // then stop: nothing earlier in the segment remains either
      if (before_segment < 0) break;
      s = before_segment;
      continue;
    }
    // Parts by the start period; shrink to the scarcest made part, then take them again for that many.
    // The rounds ask for quantities they may give back, so they record no causes: a part short of
    // a first, larger ask may not be what limits the start. The part that did is asked again after.
    const Mark mk = mark();
    std::vector<Cause>* const record = causes_;
    // Inside that second question (probing_), the first round records as it goes: asking again at
    // every level of the bill of materials would multiply the questions.
    const bool direct = probing_;
    const int64_t wanted = x;
    bool short_of_parts = false, converged = false;
    const BomLine* scarcest = nullptr;
    mix.clear();  // per part taken in the last round: {line, part, units}
    for (int round = 0; round < 8 && makes_a_unit(it, x); ++round) {
      causes_ = direct && round == 0 ? record : nullptr;
      mix.clear();
      const int64_t feasible = secure_parts(item, s, x, customer, mix, scarcest);
      if (feasible == x) {
        converged = true;
        break;
      }
      short_of_parts = true;
      rollback(mk);
      x = lot_starts(it, feasible);
    }
    causes_ = record;
    const bool made = converged && makes_a_unit(it, x);
    if (!made) rollback(mk);
    if (causes_ && scarcest && !direct)  // why the scarcest line could not give more, as things are
      probe_parts(bom, *scarcest, s, wanted - (made ? x : 0), customer);
    if (!made) {  // a part has run out by s, so it has run out for every earlier start of the segment
      if (before_segment < 0) break;
      s = before_segment;
      continue;
    }
    bool restricted = !it.qualified.empty();  // a part or route only some buyers have qualified made these units
    for (const auto& b : bom)
      if (b.plain())
        consumes_.push_back({b.first().item, s, ceil_units(static_cast<double>(x) * b.first().qty), false});
    for (const auto& [l, k, units] : mix) {
      const BomLine& b = bom[l];
      if (b.plain()) continue;  // taken above (in mix only for taken_of())
      const BomPart& p = b.parts[k];
      restricted = restricted || !p.qualified.empty();
      consumes_.push_back({p.item, s, ceil_units(static_cast<double>(units) * p.qty), b.parts.size() > 1});
    }
    // Capacity: the holder's reserved pools first, then the free one (the last pool).
    int64_t use = ceil_units(static_cast<double>(x) * it.usage + setup_at(route, s));
    const int64_t used = use;
    for (int p : lpools) {
      if (use == 0) break;
      if (!may_use(p, customer)) continue;
      const int64_t d = std::min(use, rem(p, s));
      if (d > 0) take(p, s, d);
      use -= d;
    }
    const int64_t good = floor_units(static_cast<double>(x) * it.yield);
    const int64_t useful = std::min(good, q - got);
    starts_.push_back({item, static_cast<uint32_t>(route), s, x, good, used, useful});
    count_run(starts_.back(), +1);
    got += useful;
    // Yield rounding: the surplus goes to stock (not when it holds a part only some buyers have
    // qualified: stock is anyone's, so that surplus is scrapped).
    if (good > useful && s + it.lead_time < T_ && !restricted) {
      ++surpluses_;
      raw_add(stock_pool_[item], s + it.lead_time, good - useful);
      changes_.push_back({stock_pool_[item], s + it.lead_time, -(good - useful)});
    }
    if (short_of_parts) {
      if (before_segment < 0) break;
      s = before_segment;
      continue;
    }
    if (got < q) --s;  // this period's capacity is used up
  }
  if (got < q && s < 0 && t - it.lead_time >= 0)
    line_full(route, t - it.lead_time, t - it.lead_time, q - got, customer);
  return got;
}

void Heuristic::line_passed_over(size_t route, int first, int last, int64_t good, CustomerId customer) {
  const Route& it = *routes_[route].route;
  const std::vector<BomLine>& bom = m_.items[routes_[route].item].bom;
  const int64_t one = starts_for(it, 1);
  const auto parts_there = [&](int s) { return makes_a_unit(it, bought_limit(bom, s, one, customer)); };
  // What is left of a part by a period only grows with it: where the last has none, none has, and
  // the first that has is found by halving (a part of a BOM line valid only earlier may break that;
  // the line is then named over fewer of the full periods, or not at all, never where it had room).
  if (!parts_there(last)) return;
  for (int hi = last; first < hi;) {
    const int mid = first + (hi - first) / 2;
    parts_there(mid) ? hi = mid : first = mid + 1;
  }
  line_full(route, first, last, good, customer);
}

void Heuristic::line_full(size_t route, int first, int last, int64_t good, CustomerId customer) {
  const Route& it = *routes_[route].route;
  if (!causes_ || !it.line.valid()) return;
  const int64_t missing = capacity_for(route, last, good);
  const AgreementId other = reserved_by_other(line_pools_[it.line], last, customer);
  cause({Constraint::Kind::kLine, it.line}, first, missing, other);
  cause({Constraint::Kind::kLine, it.line}, last, missing, other);
}

// Plans up to `want` more units of the order, arriving in periods from..to (the first period
// takes whatever has arrived by then). Returns the period it stopped in: the next call may start
// there, since nothing is left for the order before it; to + 1 when the window is exhausted.
//
// An alternate that came short in one period is asked again only where something new may have
// come (may_have_new()); once every alternate came short, the search goes straight to the first
// such period (next_new()), so a late or unservable order costs a few O(log T) questions, not one
// per period to the end of its window. The search records no causes: explain() asks for them once
// it is done.
int Heuristic::fill(const Order& o, int from, int to, int64_t want, OrderPlan& op) {
  int64_t rest = std::min(want, o.qty - op.delivered);
  int t = std::max(from, 0);
  // Look-ahead on substitution: an order that may take one of several alternates takes first
  // those that no order still to be planned depends on (in its order of preference), then the
  // others: it can use what they cannot.
  alternates_ = o.alternates;
  if (const Order* base = m_.orders.raw().data(); choices_ && &o >= base && &o < base + m_.orders.size())
    if (const auto& own = choices_->orders[static_cast<size_t>(&o - base)].alternates; !own.empty()) alternates_ = own;
  if (alternates_.size() > 1 && !waiting_.empty())
    std::stable_partition(alternates_.begin(), alternates_.end(), [&](ItemId a) { return waiting_[a] == 0; });
  uint64_t dry = 0;  // bit k: alternate k came short in the previous period
  uint64_t dry_since = surpluses_;
  const uint64_t all_dry = alternates_.size() < 64 ? (uint64_t{1} << alternates_.size()) - 1 : 0;
  for (; t <= to && rest > 0; ++t) {
    ++steps_;
    if (surpluses_ != dry_since) dry = 0;  // stock came back: anything may be there again
    if (all_dry && dry == all_dry) {
      // Every alternate came short and nothing was taken since: go straight to the first period
      // where one may find something new (the periods between would all be skipped).
      int next = to + 1;
      for (const ItemId a : alternates_) next = std::min(next, next_new(a, t, o.customer, next));
      t = next;
      if (t > to) break;
    }
    for (size_t k = 0; k < alternates_.size(); ++k) {
      const ItemId a = alternates_[k];
      if (rest == 0) break;
      const uint64_t bit = k < 64 ? uint64_t{1} << k : 0;
      if ((dry & bit) && !may_have_new(a, t, o.customer)) continue;
      const size_t consumed_before = consumes_.size(), started_before = starts_.size();
      const Mark before = mark();
      int64_t g = secure(a, t, rest, o.customer);
      if (g > 0 && g < rest && g < o.min_shipment) {  // held back: below the minimum shipment
        rollback(before);
        held_.push_back({{Constraint::Kind::kMinShipment, a}, t, t, std::min(o.min_shipment, rest) - g, false, {}});
        g = 0;
      }
      if (choices_in_bom_)  // pegging: the alternate parts these units were made from
        for (size_t c = consumed_before; c < consumes_.size(); ++c)
          if (consumes_[c].chosen) add_part(op.parts, consumes_[c].item, consumes_[c].qty);
      if (alternate_routes_)  // and the routes of items that have several
        for (size_t j = started_before; j < starts_.size(); ++j)
          if (const Start& st = starts_[j]; routes_end(st.item) - routes_begin(st.item) > 1)
            add_route(op.routes, st.item, routes_[st.route].route->line, st.useful);
      dry = g < rest ? dry | bit : dry & ~bit;
      dry_since = surpluses_;
      if (g > 0) {
        op.deliveries.push_back({t, a, g});
        op.delivered += g;
        if (t <= o.due) op.on_time += g;
        rest -= g;
      }
    }
    if (rest == 0) return t;
  }
  return t;
}

// Plans one order whole, then asks why it is not all on time (explain()). The causes are asked
// after the search, not during it: the search may skip periods where nothing new came, and a
// question asked for what is still missing names the latest period a fix would have to arrive by.
void Heuristic::plan_order(const Order& o, OrderPlan& op) {
  const Mark mk = mark();
  const OrderPlan before = op;
  held_.clear();
  fill(o, o.due, last_period(o), o.qty, op);
  if (!o.partial && op.delivered < o.qty) {  // all or nothing: give back what was found
    rollback(mk);
    op = before;
  }
  causes_ = &op.causes;  // what the search held back below the minimum shipment
  for (const Cause& c : held_) cause(c.constraint, c.first, c.short_qty, {});
  causes_ = nullptr;
  explain(o, op);
}

void Heuristic::release_unused() {
  for (size_t p = 0; p < pools_.size(); ++p) {
    const Pool& pool = pools_[p];
    if (!pool.agreement.valid() || m_.agreements[pool.agreement].release != Release::kUnused) continue;
    const Agreement& ag = m_.agreements[pool.agreement];
    const int free_pool = ag.supplier.valid() ? supplier_pools_[ag.supplier].back() : line_pools_[ag.line].back();
    for (int t = 0; t < T_; ++t) {
      const int64_t left = rem(static_cast<int>(p), t);
      if (left <= 0) continue;
      take(static_cast<int>(p), t, left);
      int64_t freed = left;
      if (lot_sized(free_pool)) {  // whole lots only
        int64_t& cap = lot_cap_[static_cast<size_t>(free_pool)][static_cast<size_t>(t)];
        const Supplier& sup = m_.suppliers[ag.supplier];
        freed = lot_floor(cap + left, sup.moq, sup.multiple) - cap;
        cap += freed;
      }
      take(free_pool, t, -freed);
    }
  }
}

// The orders in the order they are planned, in batches that compete on equal terms: priority 1
// first, firm orders before forecasts, then by due period. Within a batch, orders that may not be
// split or have a minimum shipment come first (planned one by one: they cannot share in rounds),
// then the others; each part in first-come order (the period placed, then id) for kFirstCome, by
// id for kFairShare (whose rounds make the order within a batch matter only for the last units of
// a round).
// First-come batches hold one priority and kind whatever the due period: an order placed earlier
// is served first even when it is due later.
std::vector<std::vector<OrderId>> Heuristic::batches() const {
  const bool first_come = m_.allocation == Allocation::kFirstCome;
  const auto ids = m_.orders.ids();
  std::vector<OrderId> sequence(ids.begin(), ids.end());
  // The improvement pass may defer an order: planned with the orders due that many periods later.
  const auto due = [&](OrderId i) { return m_.orders[i].due + (choices_ ? choices_->orders[i.v].defer : 0); };
  const auto key = [&](OrderId i) {
    const Order& o = m_.orders[i];
    return std::make_tuple(o.priority, o.forecast, first_come ? 0 : due(i), divisible(o), first_come ? o.placed : 0,
                           first_come ? due(i) : 0, i);  // i: the order's place in id order (canonical.h)
  };
  std::sort(sequence.begin(), sequence.end(), [&](OrderId a, OrderId b) { return key(a) < key(b); });
  std::vector<std::vector<OrderId>> out;
  for (size_t k = 0; k < sequence.size(); ++k) {
    const Order& o = m_.orders[sequence[k]];
    const Order* prev = k ? &m_.orders[sequence[k - 1]] : nullptr;
    if (!prev || prev->priority != o.priority || prev->forecast != o.forecast ||
        (!first_come && due(sequence[k - 1]) != due(sequence[k])))
      out.emplace_back();
    out.back().push_back(sequence[k]);
  }
  return out;
}

void Heuristic::plan_batch(const std::vector<OrderId>& batch, Plan& plan) {
  std::vector<OrderId> shared;
  for (const OrderId o : batch) {
    const Order& order = m_.orders[o];
    if (divisible(order) && m_.allocation == Allocation::kFairShare)
      shared.push_back(o);
    else
      plan_order(order, plan.orders[o]);
  }
  if (!shared.empty()) share(shared, plan);
}

// Fair share of one batch (orders of one priority and kind due in the same period) when its orders
// cannot all be served in full on time. Two rules decide who gets what:
//  - On time before late: every order asks for what there is by the due period before any order
//    asks for later supply, so no order is served late with what another could have had on time.
//  - One choice before several: in each of those two passes, orders that can take only one item
//    ask first; orders that may take one of several alternates then take what is left of any of
//    them. Their flexibility is what lets the batch be served: taking the only item another
//    order can use, while an alternate is free, would make that order late for nothing.
// Within a pass the customers share in proportion to what they ask (rounds()).
void Heuristic::share(const std::vector<OrderId>& batch, Plan& plan) {
  // Most batches are not short: then every order simply takes its quantity on time.
  const Mark mk = mark();
  std::vector<OrderPlan> before;  // the release pass finds orders part planned
  before.reserve(batch.size());
  for (const OrderId o : batch) before.push_back(plan.orders[o]);
  bool enough = true;
  for (const OrderId o : batch) {
    const Order& order = m_.orders[o];
    OrderPlan& op = plan.orders[o];
    fill(order, order.due, order.due, order.qty, op);
    if (op.delivered < order.qty) {
      enough = false;
      break;
    }
  }
  if (enough) return;
  rollback(mk);
  for (size_t k = 0; k < batch.size(); ++k) plan.orders[batch[k]] = std::move(before[k]);
  std::vector<OrderId> single, flexible;
  for (const OrderId o : batch) (m_.orders[o].alternates.size() == 1 ? single : flexible).push_back(o);
  for (const bool on_time : {true, false}) {
    rounds(single, plan, on_time);
    rounds(flexible, plan, on_time);
  }
  for (const OrderId o : batch) explain(m_.orders[o], plan.orders[o]);
}

// One pass of fair share: the orders' customers share what there is in proportion to what they
// still ask, in R rounds (20; 1 when one customer asks). In round r each takes what brings it to r/R of that,
// on time if it can (or, when late is allowed, at the earliest period after), for its own orders
// one after the other (in id order: sharing is between buyers; splitting one buyer's supply over all
// of its orders would only make each of them late). A customer that finds nothing more drops out;
// the others go on sharing what is left. The rounds record no causes: explain() asks for them.
void Heuristic::rounds(const std::vector<OrderId>& orders, Plan& plan, bool on_time) {
  struct Buyer {
    CustomerId customer;
    std::vector<OrderId> orders;  // in batch (id) order
    int64_t qty = 0, got = 0;
    size_t next = 0;  // the order being served
    int cursor = 0;   // the period that order's search goes on from
  };
  const auto end = [&](const Order& o) { return on_time ? o.due : last_period(o); };
  const auto start = [&](const Order& o) { return on_time ? o.due : o.due + 1; };
  std::vector<Buyer> buyers;
  for (const OrderId o : orders) {
    const Order& order = m_.orders[o];
    const int64_t open = order.qty - plan.orders[o].delivered;
    if (open <= 0) continue;
    auto it = std::find_if(buyers.begin(), buyers.end(), [&](const Buyer& b) { return b.customer == order.customer; });
    if (it == buyers.end()) {
      buyers.push_back({order.customer, {}, 0, 0, 0, start(order)});
      it = buyers.end() - 1;
    }
    it->orders.push_back(o);
    it->qty += open;
  }
  std::sort(buyers.begin(), buyers.end(), [](const Buyer& a, const Buyer& b) { return a.customer < b.customer; });
  const int n_rounds = buyers.size() > 1 ? 20 : 1;  // one buyer shares with nobody
  for (int r = 1; r <= n_rounds; ++r) {
    bool any = false;  // a buyer still asks: its share of a round may round to nothing
    for (Buyer& b : buyers) {
      any = any || b.next < b.orders.size();
      int64_t want = (b.qty * r + n_rounds - 1) / n_rounds - b.got;
      while (want > 0 && b.next < b.orders.size()) {
        const Order& order = m_.orders[b.orders[b.next]];
        OrderPlan& op = plan.orders[b.orders[b.next]];
        const int64_t had = op.delivered;
        b.cursor = fill(order, b.cursor, end(order), want, op);
        want -= op.delivered - had;
        b.got += op.delivered - had;
        if (op.delivered >= order.qty || b.cursor > end(order)) {
          if (++b.next < b.orders.size()) b.cursor = start(m_.orders[b.orders[b.next]]);
        }
      }
    }
    if (!any) break;
  }
}

// The causes of an order once it is planned (alone or in shares): in each period from its due
// period to its last delivery (or the end of its window when short), it asks for what it still
// misses after that period's deliveries; whatever ran out is a cause, short by the rest.
// Everything it takes is given back after each question.
void Heuristic::explain(const Order& o, OrderPlan& op) {
  if (op.on_time >= o.qty) return;
  // Delivered by each period, summed over the deliveries in period order as the probes advance
  // (not a table over the calendar: a late order costs what its deliveries and probes do).
  std::vector<std::pair<int, int64_t>> by;
  by.reserve(op.deliveries.size());
  int end = o.due;
  for (const auto& d : op.deliveries) {
    by.emplace_back(d.period, d.qty);
    end = std::max(end, d.period);
  }
  std::sort(by.begin(), by.end());
  if (op.delivered < o.qty) end = last_period(o);
  // What is missing only changes where supply arrived, so it is asked in the due period, the last
  // one, and on both sides of every delivery: a cause's first and last periods and its largest
  // shortfall come out as a probe of every period would give them, at a fraction of the cost.
  std::vector<int> probes = {std::max(o.due, 0), std::min(end, T_ - 1)};
  for (const auto& d : op.deliveries)
    if (d.period >= o.due) probes.insert(probes.end(), {d.period - 1, d.period});
  std::sort(probes.begin(), probes.end());
  probes.erase(std::unique(probes.begin(), probes.end()), probes.end());
  const Mark mk = mark();
  causes_ = &op.causes;
  size_t next = 0;
  int64_t delivered = 0;
  for (int t : probes) {
    if (t < o.due || t > end || t >= T_) continue;
    for (; next < by.size() && by[next].first <= t; ++next) delivered += by[next].second;
    int64_t rest = o.qty - delivered;
    for (const ItemId a : o.alternates) {
      if (rest <= 0) break;
      rest -= secure(a, t, rest, o.customer);
    }
    rollback(mk);  // each period is asked on the plan as it is
  }
  causes_ = nullptr;
  qualification_causes(o, op);
}

void Heuristic::find_unqualified() {
  for (const RequirementId r : m_.requirements.ids()) requirement_index_.emplace(m_.requirements[r].id, r);
}

// An order not fully on time whose requirement has a design its customer has not qualified: when
// that design had some by the due period, the missing qualification is a cause (asked, given back).
void Heuristic::qualification_causes(const Order& o, OrderPlan& op) {
  if (o.requirement.empty() || op.on_time >= o.qty || o.due < 0 || o.due >= T_) return;
  const auto r = requirement_index_.find(o.requirement);
  if (r == requirement_index_.end()) return;
  const Mark mk = mark();
  for (const ItemId a : m_.requirements[r->second].alternates) {
    if (std::find(o.alternates.begin(), o.alternates.end(), a) != o.alternates.end()) continue;  // qualified
    const int64_t had = secure(a, o.due, o.qty - op.on_time, o.customer);
    rollback(mk);
    if (had <= 0) continue;
    std::vector<Cause>* const keep = causes_;
    causes_ = &op.causes;
    cause({Constraint::Kind::kQualification, a}, o.due, had, {});
    causes_ = keep;
  }
}

// The look-ahead counts (waiting_, unqualified_, early_need_) as they are before any batch is
// planned: every order is still to come.
void Heuristic::count_from_start() {
  waiting_.assign(m_.items.size(), 0);
  for (const auto& o : m_.orders)
    if (o.alternates.size() == 1) ++waiting_[o.alternates.front()];
  if (!unqualified_.empty()) unqualified_.assign(m_.items.size(), 0);
  count_unqualified(+1, m_.orders.ids());
  if (!early_need_.empty()) early_need_.assign(m_.items.size(), 0);
  count_early(+1, m_.orders.ids());
}

void Heuristic::count_planned(const std::vector<OrderId>& batch) {
  for (const OrderId o : batch)
    if (m_.orders[o].alternates.size() == 1) --waiting_[m_.orders[o].alternates.front()];
  count_unqualified(-1, batch);
  count_early(-1, batch);
}

Plan Heuristic::run() {
  Plan plan;
  plan.planner = "heuristic";
  sequence_ = batches();
  find_early_needs();
  prebuild();
  count_from_start();
  plan.orders.resize(m_.orders.size());
  for (const OrderId o : m_.orders.ids()) plan.orders[o].order = o;
  plan_batches(0, plan);
  return end_run(plan);
}

void Heuristic::plan_batches(size_t from, Plan& plan) {
  batch_starts_.resize(from);
  size_t planned = m_.orders.size() - orders_from(from);
  for (size_t k = from; k < sequence_.size(); ++k) {
    if (cancelled()) break;
    if (resumable_) batch_starts_.push_back({changes_.size(), starts_.size(), consumes_.size(), steps_});
    plan_batch(sequence_[k], plan);
    count_planned(sequence_[k]);
    planned += sequence_[k].size();
    if (progress_ != nullptr && *progress_)
      (*progress_)(static_cast<double>(planned) / static_cast<double>(std::max<size_t>(1, m_.orders.size())));
  }
}

size_t Heuristic::orders_from(size_t batch) const {
  size_t n = 0;
  for (size_t k = batch; k < sequence_.size(); ++k) n += sequence_[k].size();
  return n;
}

// The first batch that the choices now (choices_) plan differently from `before`: one whose
// orders changed, or holds an order whose choice changed. A rotation of an item's sources may
// change any order's plan: the first batch then.
size_t Heuristic::first_changed(const Choices& before) const {
  if (choices_ == nullptr || before.rotate != choices_->rotate || before.prebuild != choices_->prebuild) return 0;
  const std::vector<std::vector<OrderId>> now = batches();
  const auto same = [&](OrderId o) {
    const Choice& a = before.orders[o.v];
    const Choice& b = choices_->orders[o.v];
    return a.defer == b.defer && a.alternates == b.alternates;
  };
  for (size_t k = 0; k < now.size() && k < sequence_.size(); ++k)
    if (now[k] != sequence_[k] || !std::all_of(now[k].begin(), now[k].end(), same)) return k;
  return std::min(now.size(), sequence_.size());
}

// The choices' starts before any order (Choices::prebuild), each as late as its period allows,
// for no buyer in particular (no reserved capacity, no part only some buyers have qualified),
// into stock.
void Heuristic::prebuild() {
  prebuilt_.clear();
  if (choices_ == nullptr) return;
  for (const auto& p : choices_->prebuild) {
    const Route& r = *routes_[p.route].route;
    const int t = p.period + r.lead_time;
    if (t >= T_) continue;
    const int64_t got = make_on(p.route, t, p.qty, CustomerId{});
    if (got <= 0) continue;
    raw_add(stock_pool_[p.item], t, got);
    changes_.push_back({stock_pool_[p.item], t, -got});
  }
  prebuilt_ = choices_->prebuild;
}

Plan Heuristic::resume(size_t from) {
  if (choices_ != nullptr && choices_->prebuild != prebuilt_) {  // the starts before every order changed
    if (!lot_cap_kept_.empty()) lot_cap_ = lot_cap_kept_;
    rollback({0, 0, 0});
    steps_ = 0;
    prebuild();
    batch_starts_.clear();
    from = 0;
  }
  from = std::min(from, batch_starts_.size());
  const std::vector<std::vector<OrderId>> kept(sequence_.begin(),
                                               sequence_.begin() + static_cast<std::ptrdiff_t>(from));
  if (from < batch_starts_.size()) {
    const BatchStart& b = batch_starts_[from];
    if (!lot_cap_kept_.empty()) lot_cap_ = lot_cap_kept_;
    rollback({b.changes, b.starts, b.consumes});
    steps_ = b.steps;
  }
  sequence_ = batches();
  Plan plan;
  plan.planner = "heuristic";
  plan.orders.resize(m_.orders.size());
  for (const OrderId o : m_.orders.ids()) plan.orders[o].order = o;
  for (const auto& batch : kept)
    for (const OrderId o : batch) plan.orders[o] = (*first_pass_)[o];
  count_from_start();
  for (const auto& batch : kept) count_planned(batch);
  plan_batches(from, plan);
  return end_run(plan);
}

Plan Heuristic::end_run(Plan& plan) {
  if (cancelled()) return plan;  // partial, for the caller to discard
  if (resumable_) first_pass_ = std::make_shared<const IdVec<OrderTag, OrderPlan>>(plan.orders);
  // What each holder left of its reservation, before any is released.
  plan.agreements.resize(m_.agreements.size());
  for (size_t p = 0; p < pools_.size(); ++p) {
    const AgreementId a = pools_[p].agreement;
    if (!a.valid()) continue;
    const Agreement& ag = m_.agreements[a];
    AgreementUse& u = plan.agreements[a];
    u.agreement = a;
    const bool lots = lot_sized(static_cast<int>(p));  // what is bought: whole lots
    for (int t = 0; t < T_; ++t) {
      u.reserved += ag.reserved[static_cast<size_t>(t)];
      u.used += (lots ? lot_cap_[p][static_cast<size_t>(t)] : ag.reserved[static_cast<size_t>(t)]) -
                rem(static_cast<int>(p), t);
    }
    u.unused = u.reserved - u.used;
    u.released = ag.release == Release::kUnused ? u.unused : 0;
    const double price = ag.price > 0 ? ag.price : ag.supplier.valid() ? m_.suppliers[ag.supplier].price : 0;
    u.charge = ag.take_or_pay ? static_cast<double>(u.unused) * price : 0;
  }
  if (std::any_of(m_.agreements.begin(), m_.agreements.end(),
                  [](const Agreement& a) { return a.release == Release::kUnused; })) {
    if (resumable_ && !lot_cap_.empty()) lot_cap_kept_ = lot_cap_;
    release_unused();
    for (const auto& batch : sequence_) {
      std::vector<OrderId> still_short;
      for (const OrderId o : batch)
        if (plan.orders[o].delivered < m_.orders[o].qty) still_short.push_back(o);
      plan_batch(still_short, plan);
    }
  }
  finish(plan);
  plan.search_steps = steps_;
  return plan;
}

void Heuristic::finish(Plan& plan) {
  summarize(m_, plan);  // first: whole orders' deliveries move to their last period
  start_flows(m_, plan);
  // Purchases, production and consumption from the journal.
  for (const auto& c : changes_) {
    const SupplierId s = pool_supplier_[static_cast<size_t>(c.pool)];
    if (!s.valid()) continue;
    plan.suppliers[s].used[static_cast<size_t>(c.period)] += c.qty;
    plan.items[m_.suppliers[s].item].arrivals[static_cast<size_t>(c.period)] += c.qty;
  }
  for (const auto& st : starts_) {
    const Route& it = *routes_[st.route].route;
    if (it.line.valid()) plan.lines[it.line].used[static_cast<size_t>(st.period)] += st.capacity;
    const int done = st.period + it.lead_time;
    if (done < T_) plan.items[st.item].produced[static_cast<size_t>(done)] += st.good;
  }
  for (const auto& c : consumes_) plan.items[c.item].consumed[static_cast<size_t>(c.period)] += c.qty;
  finish_flows(m_, plan);
}

// The improvement pass: the first plan follows each order's preference among its alternates,
// with a look-ahead for orders still to come; the optimum instead picks, for an order that may
// take several designs, the one whose parts and lines others need least; and it leaves an order a
// period late when the supply it took puts more units on time elsewhere. This pass tries, for each
// order with alternates in the order it is planned, each other alternate first; then, for each
// firm order, planning it with the orders due a period later (defer +1: it gives way), or else a
// period earlier (defer -1: it goes first), or else two periods later; re-plans, and keeps a change when the plan
// scores better under the objective (objective.h): a plan is only ever replaced by a better one, so the pass can never
// make it worse. An order's due period never changes, only when it is planned. A try plans again the batches from the
// first one it changes (Heuristic::resume()), and the tries are bounded by a work budget in orders planned (none at
// 100,000 orders). When that budget cannot afford a whole re-plan per order, whole groups (firm orders of one priority,
// due period and item) are deferred first, one try per group. Under weighted tiers the pass runs twice: first accepting
// only what is better tier by tier, then by the weighted sum (each on the full budget).
struct Improved {
  std::unique_ptr<Heuristic> planner;  // holds the kept plan's state, for quotes
  Plan plan;
};

// The firm orders in groups that one move of the improvement pass changes together: those of one
// priority and due period that ask for the same item or requirement (in id order within a group).
std::vector<std::vector<OrderId>> firm_groups(const Model& m) {
  std::vector<OrderId> firm;
  for (OrderId o : m.orders.ids())
    if (!m.orders[o].forecast) firm.push_back(o);
  const auto key = [&](OrderId i) {
    const Order& o = m.orders[i];
    return std::tie(o.priority, o.due, o.alternates);
  };
  std::sort(firm.begin(), firm.end(),
            [&](OrderId a, OrderId b) { return std::make_tuple(key(a), a) < std::make_tuple(key(b), b); });
  std::vector<std::vector<OrderId>> groups;
  for (size_t k = 0; k < firm.size(); ++k) {
    if (k == 0 || key(firm[k - 1]) != key(firm[k])) groups.emplace_back();
    groups.back().push_back(firm[k]);
  }
  return groups;
}

// Per group: whether an order of its priority due in its period is not all on time in `plan`.
std::vector<bool> late_groups(const Model& m, const Plan& plan, const std::vector<std::vector<OrderId>>& groups) {
  std::set<std::pair<int, int>> late;  // {priority, due}
  for (OrderId o : m.orders.ids())
    if (const Order& x = m.orders[o]; !x.forecast && plan.orders[o].on_time < x.qty) late.insert({x.priority, x.due});
  std::vector<bool> out;
  out.reserve(groups.size());
  for (const auto& g : groups) out.push_back(late.count({m.orders[g.front()].priority, m.orders[g.front()].due}) > 0);
  return out;
}

// Items whose routes or BOM lines offer a choice: their preference may be rotated.
std::vector<ItemId> choosy_items(const Model& m) {
  std::vector<ItemId> out;
  for (const ItemId i : m.items.ids()) {
    const Item& it = m.items[i];
    if (it.routes.size() > 1 ||
        std::any_of(it.bom.begin(), it.bom.end(), [](const BomLine& b) { return b.parts.size() > 1; }))
      out.push_back(i);
  }
  return out;
}

// The orders that pass `keep`, in the order they are planned: a change to an early order shapes
// what every later one finds.
template <typename Keep>
std::vector<OrderId> orders_in_plan_order(const Model& m, Keep keep) {
  std::vector<OrderId> out;
  for (OrderId o : m.orders.ids())
    if (keep(m.orders[o])) out.push_back(o);
  const auto key = [&](OrderId i) {
    const Order& o = m.orders[i];
    return std::make_tuple(o.priority, o.forecast, o.due, o.partial, i);
  };
  std::sort(out.begin(), out.end(), [&](OrderId a, OrderId b) { return key(a) < key(b); });
  return out;
}

// Early starts to try (the improvement pass): a line idle in a period before one it is full in
// loses that capacity for good, where the optimum starts engines ahead of the orders (the fast
// planner starts each order's units as late as possible, docs/performance.md, session 32). An item
// made on it (its preferred route, open to every buyer) whose units are late, or go into late
// units, may start some there, into stock that any later order takes. One per line and item, at
// the line's first idle period from the route's `first_start` (Heuristic::first_starts(): before
// it none of a part has arrived, so a start there makes nothing, and a try there was spent for
// nothing: eight-seed averages of bench/gaps 9.29%, 13.71%, 8.02% to 4.04%, 8.31%, 6.77%), for at
// most those late units and what the idle capacity makes; the items with the most units late first.
std::vector<Choices::Prebuild> idle_starts(const Model& m, const Plan& plan, const std::vector<int>& first_start) {
  // Late-unit counts are clamped here: a count of units, never near it, so the casts stay defined.
  constexpr int64_t kMostUnits = 1'000'000'000'000'000;
  const int T = m.periods();
  IdVec<ItemTag, int64_t> late(m.items.size(), 0);
  for (const OrderId o : m.orders.ids()) {
    const Order& ord = m.orders[o];
    int64_t got = 0;
    for (const auto& d : plan.orders[o].deliveries) {
      got += d.qty;
      if (d.period > ord.due) late[d.item] += d.qty;
    }
    if (!ord.alternates.empty()) late[ord.alternates.front()] += ord.qty - got;
  }
  // The made parts of late units are late too (through the preferred parts, a few levels down).
  IdVec<ItemTag, int64_t> own = late;
  const std::function<void(ItemId, double, int)> down = [&](ItemId i, double q, int depth) {
    if (depth > 8 || m.items[i].routes.empty()) return;
    for (const auto& b : m.items[i].bom) {
      const ItemId part = b.first().item;
      if (m.items[part].routes.empty()) continue;
      const double need = std::min(static_cast<double>(kMostUnits),
                                   q * b.first().qty / std::max(1e-9, m.items[part].routes.front().yield));
      late[part] = std::min(late[part] + static_cast<int64_t>(need), kMostUnits);
      down(part, need, depth + 1);
    }
  };
  for (const ItemId i : m.items.ids())
    if (own[i] > 0) down(i, static_cast<double>(own[i]), 0);
  IdVec<LineTag, int> full(m.lines.size(), -1);  // per line, the last period it is full in
  for (const LineId l : m.lines.ids())
    for (int t = 0; t < T; ++t)
      if (plan.lines[l].used[static_cast<size_t>(t)] >= plan.lines[l].capacity[static_cast<size_t>(t)]) full[l] = t;
  std::vector<std::pair<int64_t, Choices::Prebuild>> found;
  size_t route = 0;
  for (const ItemId i : m.items.ids()) {
    const Item& it = m.items[i];
    const size_t first_route = route;
    route += it.routes.size();
    if (it.routes.empty() || late[i] <= 0) continue;
    const Route& r = it.routes.front();
    if (!r.line.valid() || !r.qualified.empty() || r.usage <= 0) continue;
    const LineLoad& load = plan.lines[r.line];
    for (int t = first_start[first_route]; t < full[r.line] && t + r.lead_time < T; ++t) {
      const int64_t idle = load.capacity[static_cast<size_t>(t)] - load.used[static_cast<size_t>(t)];
      if (!r.valid_at(t) || idle <= 0) continue;
      const auto qty =
          std::min(late[i], static_cast<int64_t>(std::floor(static_cast<double>(idle) / r.usage * r.yield)));
      if (qty > 0) found.push_back({late[i], {i, static_cast<uint32_t>(first_route), t, qty}});
      break;
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Choices::Prebuild> out;
  out.reserve(found.size());
  for (const auto& [units, p] : found) out.push_back(p);
  return out;
}

// Tries each of idle_starts() in turn (`better` plans the choices and keeps a better plan); true
// when one was kept.
bool try_early_starts(const Model& m, const Improved& best, std::vector<Choices::Prebuild>& prebuild,
                      const int64_t& work, const std::function<bool()>& better) {
  bool improved = false;
  for (const auto& p : idle_starts(m, best.plan, best.planner->first_starts())) {
    if (work <= 0) break;
    prebuild.push_back(p);
    if (better())
      improved = true;
    else
      prebuild.pop_back();
  }
  return improved;
}

Improved plan_improved(const Model& m, const HeuristicOptions& options, Choices& choices) {
  const size_t n = m.orders.size();
  // A try plans again the orders of the batches from the first one it changes, on a copy of the
  // kept plan's planner (a copy of the supply pools: items x periods, cheap per cell); a whole
  // re-plan costs every order. The pass runs only when the budget affords one of those.
  const int64_t copy_cost = static_cast<int64_t>(m.items.size()) * m.periods() / 8;
  const int64_t per_try = static_cast<int64_t>(n) + copy_cost;
  const bool improve = per_try > 0 && options.improve_work >= 2 * per_try;
  choices.orders.assign(n, {});
  const std::vector<ItemId> choosy = choosy_items(m);
  if (!choosy.empty()) choices.rotate.assign(m.items.size(), 0);
  Improved best{std::make_unique<Heuristic>(m, &choices), {}};
  best.planner->stop_when(options.cancel);
  best.planner->report_to(&options.progress);
  if (improve) best.planner->keep_for_resume();
  best.plan = best.planner->run();
  best.planner->report_to(nullptr);
  if (best.planner->cancelled() || !improve) return best;
  int64_t work = options.improve_work;
  const std::vector<OrderId> flexible =
      orders_in_plan_order(m, [&](const Order& o) { return o.alternates.size() > 1; });
  const std::vector<OrderId> deferrable = orders_in_plan_order(m, [](const Order& o) { return !o.forecast; });
  // Weighted tiers: the pass first accepts a change only when it is better tier by tier (strict),
  // then by the weighted sum. Accepting by the sum from the start trades a tier for the next too
  // early and ends at a worse local optimum (PlanGap.WeightedTiers: 6.6% against 4.6% on average).
  Tiers accept = m.tiers == Tiers::kWeighted ? Tiers::kStrict : m.tiers;
  Score best_score = score(m, best.plan, options.objective, accept);
  Choices kept_choices = choices;  // the kept plan's
  // Plans again with the choices as they now are, and keeps that plan when it scores better.
  const auto better = [&] {
    if (best.planner->cancelled()) {
      work = 0;
      return false;
    }
    const size_t from = best.planner->first_changed(kept_choices);
    const int64_t cost = static_cast<int64_t>(best.planner->orders_from(from)) + copy_cost;
    if (cost > work) {  // the budget cannot afford it: the pass ends
      work = 0;
      return false;
    }
    work -= cost;
    std::unique_ptr<Heuristic> trial;
    Plan plan;
    if (options.resume_tries) {
      trial = std::make_unique<Heuristic>(*best.planner);
      plan = trial->resume(from);
    } else {
      trial = std::make_unique<Heuristic>(m, &choices);
      trial->stop_when(options.cancel);
      trial->keep_for_resume();
      plan = trial->run();
    }
    if (trial->cancelled()) return false;
    Score s = score(m, plan, options.objective, accept);
    if (!s.better_than(best_score)) return false;
    best = {std::move(trial), std::move(plan)};
    best_score = std::move(s);
    kept_choices = choices;
    return true;
  };
  // When the budget cannot afford a try per order, moves of whole groups come first.
  const bool coarse_first = options.improve_work / per_try < static_cast<int64_t>(flexible.size() + deferrable.size());
  const std::vector<std::vector<OrderId>> groups = coarse_first ? firm_groups(m) : std::vector<std::vector<OrderId>>{};
  // Up to three passes of every move, until one improves nothing or the budget is spent.
  const auto run_passes = [&] {
    for (int pass = 0; pass < 3 && work > 0; ++pass) {
      bool improved = false;
      // Groups: a group of firm orders due in a period where something of their priority is late
      // gives way as a whole, planned with the orders due a period later.
      const std::vector<bool> late = late_groups(m, best.plan, groups);
      for (size_t k = 0; k < groups.size() && work > 0; ++k) {
        const auto& g = groups[k];
        if (!late[k]) continue;
        for (OrderId o : g) choices.orders[o.v].defer += 1;
        if (better()) {
          improved = true;
          continue;
        }
        for (OrderId o : g) choices.orders[o.v].defer -= 1;
      }
      for (OrderId o : flexible) {
        auto& mine = choices.orders[o.v].alternates;
        if (mine.empty()) mine = m.orders[o].alternates;
        for (size_t k = 1; k < mine.size() && work > 0; ++k) {
          std::vector<ItemId> kept = mine;
          std::rotate(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(k),
                      mine.begin() + static_cast<std::ptrdiff_t>(k) + 1);
          if (better())
            improved = true;
          else
            mine = std::move(kept);
        }
      }
      // Sources: an item's second route or second-source parts first (the optimum may keep the
      // preferred source for the buyers only it can serve).
      for (const ItemId i : choosy) {
        size_t most = m.items[i].routes.size();
        for (const auto& b : m.items[i].bom) most = std::max(most, b.parts.size());
        for (size_t r = 1; r < most && work > 0; ++r) {
          const uint8_t kept = choices.rotate[i.v];
          choices.rotate[i.v] = static_cast<uint8_t>((kept + 1) % most);
          if (better()) {
            improved = true;
            break;
          }
          choices.rotate[i.v] = kept;
        }
      }
      // Deferral: an order served on time with supply others due in the same period needed may be
      // better planned after them (the optimum leaves such an order a period late when that puts
      // more units on time in all), or two periods after them (PlanGap: 1.31% to 0.90% on average).
      for (OrderId o : deferrable) {
        for (const int step : {1, -1, 2}) {
          if (work <= 0) break;
          const OrderPlan& op = best.plan.orders[o];
          if (step > 0 && op.delivered == 0) continue;              // nothing to give up
          if (step < 0 && op.on_time == m.orders[o].qty) continue;  // nothing to gain
          choices.orders[o.v].defer += step;
          if (better()) {
            improved = true;
            break;
          }
          choices.orders[o.v].defer -= step;
        }
      }
      // Early starts into capacity the plan leaves idle (PlanGap, weighted tiers: 4.58% to 4.23%).
      improved = try_early_starts(m, best, choices.prebuild, work, better) || improved;
      if (!improved) break;
    }
  };
  // The first plan, kept while the strict phase of weighted tiers runs: that phase may end worse
  // by the weighted sum, and the pass never returns a plan worse than the first.
  const bool two_phases = accept != m.tiers;
  const std::optional<Choices> first_choices = two_phases ? std::optional<Choices>(choices) : std::nullopt;
  std::optional<Improved> first;
  if (two_phases) first = Improved{std::make_unique<Heuristic>(*best.planner), best.plan};
  run_passes();
  if (two_phases && !best.planner->cancelled()) {
    accept = m.tiers;
    work = options.improve_work;
    best_score = score(m, best.plan, options.objective, accept);
    if (Score s = score(m, first->plan, options.objective, accept); s.better_than(best_score)) {
      best = std::move(*first);
      best_score = std::move(s);
      choices = *first_choices;
      kept_choices = choices;
    }
    run_passes();
  }
  return best;
}

}  // namespace

struct FastPlanner::Impl {
  Choices choices;  // the kept plan's, which its planner points to
  std::unique_ptr<Heuristic> h;
};

FastPlanner::FastPlanner(const Model& model, const HeuristicOptions& options) : model_(&model), options_(options) {
  if (model.periods() > 0) impl_ = std::make_unique<Impl>();
}
FastPlanner::~FastPlanner() = default;

Plan FastPlanner::plan() {
  if (!impl_) {
    Plan p;
    p.planner = "heuristic";
    return p;
  }
  Improved best = plan_improved(*model_, options_, impl_->choices);
  impl_->h = std::move(best.planner);
  return std::move(best.plan);
}

OrderPlan FastPlanner::quote(const Order& order) {
  return impl_ && impl_->h ? impl_->h->promise(order, false) : OrderPlan{};
}
OrderPlan FastPlanner::commit(const Order& order) {
  return impl_ && impl_->h ? impl_->h->promise(order, true) : OrderPlan{};
}

Plan plan_heuristic(const Model& model, const HeuristicOptions& options) {
  FastPlanner planner(model, options);
  Plan fast = planner.plan();
  const bool cancelled = options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed);
  // More orders than the LP may have columns: skipped without building it. Orders that share the
  // LP's columns might still fit, but only building it tells, which costs about 0.1 s at 100,000.
  if (!options.polish || options.improve_work <= 0 || model.periods() == 0 || cancelled ||
      model.orders.size() > kPolishColumns)
    return fast;
  // An error of the LP (or a cancel, when the caller discards the plan anyway) keeps the fast plan,
  // which keeps every rule.
  auto polished = plan_lp_rounded(model, options.objective, options.cancel, fast, kPolishColumns);
  if (!polished || !*polished) return fast;
  if (!score(model, **polished, options.objective).better_than(score(model, fast, options.objective))) return fast;
  Plan out = std::move(**polished);
  out.planner = "heuristic+lp";
  return out;
}

}  // namespace opticplan::supply
