#include "opticplan/supply/lp_planner.h"

#include "lp_causes.h"
#include "lp_pegging.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/planner.h"

#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CglClique.hpp>
#include <CglFlowCover.hpp>
#include <CglGomory.hpp>
#include <CglKnapsackCover.hpp>
#include <CglMixedIntegerRounding2.hpp>
#include <CglProbing.hpp>
#include <ClpEventHandler.hpp>
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

namespace opticplan::supply {

namespace {

constexpr double kInf = 1e30;

// Whether an agreement reserves anything, in any period.
bool reserves(const Agreement& a) {
  return std::any_of(a.reserved.begin(), a.reserved.end(), [](int64_t q) { return q > 0; });
}

// The shadow-price probes' simplex iterations per step, beyond the step's own: 1,894 were needed
// on the 3,000-order generated problem (30 items, 26 weeks); on the 10,000-order one, unbounded,
// they took 247 s in priority 3's step, whose own solve took 0.9 s.
constexpr int kProbeIterations = 2'500;
// The tidying step's warm start, in simplex iterations, before it starts again through presolve.
constexpr int kTidyIterations = 5'000;
// A step's warm start from another solve's basis (warm_start()), in simplex iterations of each
// algorithm, before the step starts again through presolve.
constexpr int kWarmIterations = 20'000;
// Orders that must arrive whole are binaries, one per period of their window; branch and bound
// (CBC) decides them up to this many, a rounding of the relaxation above (lp_planner.h).
constexpr size_t kMipColumns = 1000;
// The polish's repair of whole orders (LpModel::earlier_wholes()): probes x the LP's columns.
constexpr size_t kRepairWork = 1'000'000;
constexpr int kRepairIterations = 2'000;  // of the dual simplex, per probe of the repair

struct Lp {
  std::vector<double> collb, colub, obj, rowlb, rowub;
  std::vector<int> rows, cols;
  std::vector<double> vals;

  int column(double cost, double ub = kInf) {
    collb.push_back(0);
    colub.push_back(ub);
    obj.push_back(cost);
    return static_cast<int>(obj.size()) - 1;
  }
  int row(double lb, double ub) {
    rowlb.push_back(lb);
    rowub.push_back(ub);
    return static_cast<int>(rowlb.size()) - 1;
  }
  void add(int r, int c, double v) {
    if (c < 0 || v == 0) return;
    rows.push_back(r);
    cols.push_back(c);
    vals.push_back(v);
  }
};

// The row that holds a step's tier at (or within rounding of) the best it reached, for the steps after it.
struct HoldRow {
  std::vector<int> cols;
  std::vector<double> costs;
  double value, limit;  // the step's optimum, and that plus the solver's tolerances
};

// Stop a solve within an iteration (CLP) or a node (CBC) once the caller cancels.
class ClpCancel final : public ClpEventHandler {
 public:
  explicit ClpCancel(const std::atomic<bool>* cancel) : cancel_(cancel) {}
  int event(Event e) override { return e == endOfIteration && cancel_ && cancel_->load() ? 0 : -1; }
  ClpEventHandler* clone() const override { return new ClpCancel(*this); }

 private:
  const std::atomic<bool>* cancel_;
};
class CbcCancel final : public CbcEventHandler {
 public:
  explicit CbcCancel(const std::atomic<bool>* cancel) : cancel_(cancel) {}
  CbcAction event(CbcEvent) override { return cancel_ && cancel_->load() ? stop : noAction; }
  CbcEventHandler* clone() const override { return new CbcCancel(*this); }

 private:
  const std::atomic<bool>* cancel_;
};

// Solves `solver` from `basis`, the optimal basis of the same step in another solve of its LP that
// differs in bounds and right-hand sides: still dual feasible, so the dual simplex first, and the
// primal simplex should it stop. Whether it reached an optimum within kWarmIterations each.
bool warm_start(ClpSimplex& solver, const std::vector<unsigned char>& basis) {
  const int most = solver.maximumIterations();
  solver.copyinStatus(basis.data());
  solver.setMaximumIterations(kWarmIterations);
  solver.dual();
  if (!solver.isProvenOptimal()) solver.primal(1);
  solver.setMaximumIterations(most);
  return solver.isProvenOptimal();
}

// Gives branch and bound CBC's usual cut generators (settings as in CBC's own examples; the model
// keeps copies). A bare CbcModel has none: on the generated 180-order problem (30 items, 26 weeks)
// they take priority 2's step from 788 nodes in 27-30 s to 411 in 10 s.
void add_cuts(CbcModel& mip) {
  CglProbing probing;
  probing.setUsingObjective(1);
  probing.setMaxPass(1);
  probing.setMaxPassRoot(5);
  probing.setMaxProbe(10);
  probing.setMaxProbeRoot(1000);
  probing.setMaxLook(50);
  probing.setMaxLookRoot(500);
  probing.setMaxElements(200);
  probing.setRowCuts(3);
  CglGomory gomory;
  gomory.setLimit(300);
  mip.addCutGenerator(&probing, -1, "Probing");
  mip.addCutGenerator(&gomory, -1, "Gomory");
  CglKnapsackCover knapsack;
  mip.addCutGenerator(&knapsack, -1, "Knapsack");
  CglMixedIntegerRounding2 mir;
  mip.addCutGenerator(&mir, -1, "MixedIntegerRounding2");
  CglFlowCover flow;
  mip.addCutGenerator(&flow, -1, "FlowCover");
  CglClique clique;
  clique.setStarCliqueReport(false);  // else it prints to stdout
  clique.setRowCliqueReport(false);
  mip.addCutGenerator(&clique, -1, "Clique");
}

// The LP of one supply model: its columns and rows, what each means, and the way back to a Plan.
// Commodities: one per holder of a never-released agreement or buyer named in a BOM part's
// qualification (index h < H), then the free one (H).
// Aggregate (bound_lp()): a relaxation whose size follows the items, periods and kinds of demand,
// not the orders or buyers. Orders of one priority and alternates share columns whatever their
// customer and due period; agreements, qualifications of parts and routes, windows, whole orders,
// minimum shipments and lot sizes are left out; only the bound is solved.
class LpModel {
 public:
  LpModel(const Model& m, Objective objective, const std::atomic<bool>* cancel, bool aggregate = false)
      : m_(m),
        objective_(objective),
        cancel_(cancel),
        T_(m.periods()),
        priorities_(priority_tiers(m)),
        weights_(tier_weights(priorities_)),
        aggregate_(aggregate) {
    constant_.assign(priorities_.size(), 0);
    commodity_.assign(m.customers.size(), 0);
    route_begin_.push_back(0);
    for (const ItemId i : m.items.ids()) {
      for (size_t k = 0; k < m.items[i].routes.size(); ++k) routes_.push_back({i, &m.items[i].routes[k], k});
      route_begin_.push_back(routes_.size());
    }
    if (aggregate_) return;  // one commodity: everyone may use everything
    for (const auto& a : m.agreements)
      if (a.release == Release::kUnused && reserves(a)) releasing_.push_back(a.holder);
    std::sort(releasing_.begin(), releasing_.end());
    for (const auto& a : m.agreements)
      if (a.release == Release::kNever) holders_.push_back(a.holder);
    // A buyer qualified with a BOM part some buyers have not qualified keeps a commodity of its own
    // too: what is made from that part may only reach the buyers qualified with it.
    for (const auto& it : m.items) {
      for (const auto& b : it.bom)
        for (const auto& p : b.parts) holders_.insert(holders_.end(), p.qualified.begin(), p.qualified.end());
      for (const auto& r : it.routes) holders_.insert(holders_.end(), r.qualified.begin(), r.qualified.end());
    }
    std::sort(holders_.begin(), holders_.end());
    holders_.erase(std::unique(holders_.begin(), holders_.end()), holders_.end());
    H_ = static_cast<int>(holders_.size());
    C_ = H_ + 1;
    commodity_.assign(m.customers.size(), H_);
    for (int h = 0; h < H_; ++h) commodity_[holders_[static_cast<size_t>(h)]] = h;
  }

  void build() {
    if (aggregate_) {
      add_demands();
      add_flow_columns();
      add_deliveries();
      add_balance();
      add_backlog();
      add_supplier_capacity();
      add_line_capacity();
      return;
    }
    (void)build_within(std::numeric_limits<size_t>::max());
  }
  // build(), unless the LP has more than `most` columns: then false, as soon as the flows and a
  // column per kind of demand are more (before the deliveries' columns, the most of them).
  bool build_within(size_t most) {
    if (m_.items.size() * TT() * CC() > most) return false;  // the inventory columns alone
    group_wholes_ = whole_binaries() > kMipColumns;
    add_demands();
    add_flow_columns();
    if (lp_.obj.size() + demands_.size() > most) return false;
    add_deliveries();
    if (lp_.obj.size() > most) return false;
    add_fairness();
    add_balance();
    add_order_limits();
    add_whole_orders();
    add_min_shipments();
    add_supplier_capacity();
    add_line_capacity();
    add_lot_sizes();
    return lp_.obj.size() <= most;
  }
  // Solves the relaxation and, with whole orders, the MIP; the columns' values. With `priced`, the
  // bound and the shadow prices go to `plan` too.
  Result<std::vector<double>> solve(Plan& plan, bool priced = true);
  // The relaxation's optimum per tier, tier by tier (strict; against a plan's score, down to the
  // deciding tier), or the tiers' values at the one optimum (weighted): bound_lp()'s levels. No
  // shadow prices, no plan.
  Result<std::vector<double>> bound(const Score* against);
  // The columns and rows as CLP takes them (empty trailing rows and columns included).
  CoinPackedMatrix packed() const {
    CoinPackedMatrix m(true, lp_.rows.data(), lp_.cols.data(), lp_.vals.data(),
                       static_cast<CoinBigIndex>(lp_.vals.size()));
    m.setDimensions(static_cast<int>(lp_.rowlb.size()), static_cast<int>(lp_.obj.size()));
    return m;
  }
  // Whether solve() rounds the relaxation (too many integer columns for branch and bound).
  bool rounds() const { return round_always_ || integer_cols_.size() > kMipColumns || !grouped_.empty(); }
  // solve() rounds whatever the count of integer columns (the fast planner's polish, plan_lp_rounded()).
  void round_always() { round_always_ = true; }
  // Another rounding for solve() to try: the whole orders where a plan (the fast planner's) has
  // them, tried when that plan scores better than the relaxation's rounding.
  void hint(const Plan& other);
  void read_plan(const std::vector<double>& x, Plan& plan) const;
  // Per customer, per tier: what its deliveries score in solution x (the tier's own cost, lower is
  // better, constants left out), and rows that hold each of `holders` at no worse than `limits`.
  std::vector<std::vector<double>> customer_costs(const std::vector<double>& x) const;
  void hold_customers(const std::vector<CustomerId>& holders, const std::vector<std::vector<double>>& limits);
  // The solution's flows, for pegging (lp_pegging.h): empty when no item has a choice of parts
  // or routes to peg.
  std::optional<PegFlows> peg_flows(const double* x) const;

 private:
  // Orders the LP need not tell apart share one set of columns (add_demands()): same alternates, priority, due and
  // last period and price, the same buyer only where buyers must be told apart, all splittable or whole beyond branch
  // and bound's reach (GroupedWholes). So the LP's size follows the structure of the demand, not its order or buyer
  // count. read_plan() shares their deliveries back out (share_out()).
  struct Demand {
    std::vector<OrderId> orders;  // in id order
    int64_t qty = 0;
    int limit = -1;  // its row: deliveries at most qty
    const Order& first(const Model& m) const { return m.orders[orders.front()]; }
  };
  struct Delivery {
    size_t demand;
    ItemId item;
    int period, col, tier;
    double cost;  // per unit, within its tier, without weight or tie-breaking terms
    double tie;   // the tie-break: preferred alternates, then earlier deliveries
  };
  // A capacity in one period (`price`: which one, the value left to fill): its row, and the rows
  // that cap what everyone but an agreement's holder may use of it (cap - reserved), which one more
  // unit of capacity raises too.
  struct CapRow {
    ShadowPrice price;
    int row;
    std::vector<int> others;
  };
  // One optimization step: strict tiers take one per tier, weighted tiers one in all.
  size_t steps() const { return m_.tiers == Tiers::kStrict ? priorities_.size() : 1; }
  std::vector<double> step_objective(size_t step) const;
  bool cancelled() const { return cancel_ && cancel_->load(); }
  size_t TT() const { return static_cast<size_t>(T_); }
  size_t CC() const { return static_cast<size_t>(C_); }
  // Positions in the flat per-(entity, period, commodity) column and row tables.
  size_t at(ItemId i, int t, int c) const {
    return (size_t{i.v} * TT() + static_cast<size_t>(t)) * CC() + static_cast<size_t>(c);
  }
  size_t start_at(size_t route, int t, int c) const {
    return (route * TT() + static_cast<size_t>(t)) * CC() + static_cast<size_t>(c);
  }
  // Whether commodity c may start on a route: its buyer is qualified with it (the free commodity:
  // every buyer is).
  bool route_usable(const Route& r, int c) const {
    return aggregate_ || (c < H_ ? r.usable_by(holders_[static_cast<size_t>(c)]) : r.qualified.empty());
  }
  size_t buy_at(SupplierId s, int t, int c) const {
    return (size_t{s.v} * TT() + static_cast<size_t>(t)) * CC() + static_cast<size_t>(c);
  }
  size_t xfer_at(ItemId i, int t, int h) const {
    return (size_t{i.v} * TT() + static_cast<size_t>(t)) * static_cast<size_t>(H_) + static_cast<size_t>(h);
  }
  int last_period(const Order& o) const {
    return o.max_lateness < 0 ? T_ - 1 : std::min(T_ - 1, o.due + o.max_lateness);
  }
  // The value of a solution in each tier, in the objective's own sense (higher is better for fill).
  std::vector<double> levels(const double* sol) const {
    std::vector<double> v = constant_;
    for (const auto& d : deliveries_) v[static_cast<size_t>(d.tier)] += d.cost * sol[d.col];
    for (size_t k = 0; k < fair_col_.size(); ++k)
      if (fair_col_[k] >= 0) v[k] += fair_cost_[k] * sol[fair_col_[k]];
    if (!minimized(objective_))
      for (auto& x : v) x = -x;
    return v;
  }
  double weighted(const std::vector<double>& levels) const {
    double v = 0;
    for (size_t k = 0; k < levels.size(); ++k) v += weights_[k] * levels[k];
    return v;
  }
  // The minimized cost of a step in a solution (the objective's sense folded in, constants left out).
  double step_cost(size_t step, const double* sol) const {
    double v = 0;
    for (const auto& d : deliveries_) {
      if (m_.tiers == Tiers::kWeighted)
        v += weights_[static_cast<size_t>(d.tier)] * d.cost * sol[d.col];
      else if (static_cast<size_t>(d.tier) == step)
        v += d.cost * sol[d.col];
    }
    for (size_t k = 0; k < fair_col_.size(); ++k)
      if (fair_col_[k] >= 0 && (m_.tiers == Tiers::kWeighted || k == step))
        v += (m_.tiers == Tiers::kWeighted ? weights_[k] : 1) * fair_cost_[k] * sol[fair_col_[k]];
    return v;
  }

  // Whole units of one delivery column.
  struct Chunk {
    const Delivery* d;
    int64_t q;
  };
  std::vector<std::vector<Chunk>> share_out(const Demand& demand, const std::vector<Chunk>& chunks) const;
  void add_demands();
  // The binaries whole orders would bring, one per period of each one's window.
  size_t whole_binaries() const;
  // Each step's basis (CLP's status array: columns, then rows), recorded by one relax() to start
  // another's steps from.
  using Bases = std::vector<std::vector<unsigned char>>;
  Result<void> relax(ClpSimplex& solver, Plan* plan, Bases* record, const Bases* start);
  using Held = std::vector<std::pair<int, HoldRow>>;  // the rows holding the steps solved, and what they hold
  Result<void> settle(ClpSimplex& solver, ClpSolve& options, const Held& held) const;
  void leave_lower_tiers_out(ClpSimplex& solver, size_t step) const;
  void price_capacities(const ClpSimplex& solver, int priority);
  HoldRow hold_row(size_t step, const double* x) const;
  void add_flow_columns();
  void add_deliveries();
  void add_fairness();
  void add_balance();
  void add_alternate_parts(const BomLine& b, int t, int c, int start);
  void add_order_limits();
  void add_backlog();
  void add_whole_orders();
  void add_supplier_capacity();
  void add_line_capacity();
  void add_lot_sizes();
  void add_min_shipments();
  void round_min_shipments(ClpSimplex& fixed, const std::vector<double>& relaxed) const;
  void round_lots(ClpSimplex& fixed, const std::vector<double>& relaxed, bool made_up) const;
  // Per order: the period a whole order arrives in, or -1 (left out, or not a whole order).
  using WholePeriods = IdVec<OrderTag, int>;
  struct Rounded {
    std::vector<double> x;
    WholePeriods periods;  // of the whole orders
    bool made_up = true;   // production lots rounded up (else down)
  };
  Result<Rounded> round(const CoinPackedMatrix& matrix, const std::vector<double>& relaxed, const Bases& bases,
                        const WholePeriods* hint);
  void earlier_wholes(const CoinPackedMatrix& matrix, const std::vector<double>& relaxed, const Bases& bases,
                      Rounded& best);
  void round_wholes(ClpSimplex& fixed, const std::vector<double>& relaxed, const WholePeriods* hint,
                    WholePeriods& periods) const;
  Score score_of(const std::vector<double>& x) const {
    return Score{objective_, m_.tiers, priorities_, levels(x.data()), weights_};
  }
  // A demand's chunks with its grouped whole orders served first, each in the period the rounding
  // gave it; the rest shared out among its other orders.
  std::vector<std::vector<Chunk>> share_out_wholes(const Demand& demand, std::vector<Chunk> chunks) const;
  // The first period by which the deliveries_ [first, end) of one demand reach its quantity in x,
  // or -1.
  int completed_by(size_t first, size_t end, const std::vector<double>& x) const;

  const Model& m_;
  const Objective objective_;
  const std::atomic<bool>* cancel_;  // may be null
  const int T_;
  const std::vector<int> priorities_;
  const std::vector<double> weights_;
  const bool aggregate_;
  std::vector<CustomerId> releasing_;  // holders of agreements that release what is unused, in id order
  std::vector<CustomerId> holders_;    // of never-released agreements and qualified parts or routes, in id order
  // Every item's routes in one table (starts are per route): item i's are [route_begin_[i], route_begin_[i + 1]).
  struct RouteRef {
    ItemId item;
    const Route* route;
    size_t rank;  // its place in the item's order of preference
  };
  std::vector<RouteRef> routes_;
  std::vector<size_t> route_begin_;
  IdVec<CustomerTag, int> commodity_;  // per customer: its commodity (H_: the free one)
  int H_ = 0, C_ = 1;
  Lp lp_;
  std::vector<int> inv_, start_, buy_, xfer_, balance_, integer_cols_;
  std::vector<Demand> demands_;
  // An order that must arrive whole: its deliveries_ [first, end) and the binary of its due
  // period (one per period of its window follows).
  struct Whole {
    size_t first, end;
    int y;
  };
  std::vector<Whole> wholes_;
  // Beyond branch and bound's reach, whole orders need no binaries: the relaxation of "all of it in
  // one period" is "at most all of it", so they share the columns of the orders they cannot be told
  // apart from, as splittable ones do, and the rounding gives each a period (round_wholes()).
  // A demand holding whole orders has a row per period of its window, deliveries >= what the
  // rounding's whole orders take then (0 in the relaxation): its deliveries_ [first, end).
  struct GroupedWholes {
    size_t demand, first, end;
    std::vector<int> floor;  // [period - due]
  };
  bool group_wholes_ = false;
  bool round_always_ = false;
  std::vector<GroupedWholes> grouped_;
  WholePeriods whole_period_;  // of the grouped whole orders, as the rounding chose
  // The fast planner's plan as another rounding (hint()): its score and its whole orders' periods.
  struct Hint {
    Score score;
    WholePeriods periods;
  };
  std::optional<Hint> hint_;
  // The lot of one supplier's purchases or one route's good units in one period, over every
  // commodity: sum(terms) = multiple x k (k whole) and, with a minimum, moq x y <= sum <= most x y
  // (y binary). Lots of one supplier or route are contiguous, in period order.
  struct Lot {
    std::vector<std::pair<int, double>> terms;  // column, good units (or units bought) per unit of it
    int k = -1, y = -1;                         // integer columns (-1: no such rule)
    double most = 0;                            // the most the period can buy or make
    int64_t moq = 0, multiple = 0;
    bool bought = false;
    size_t source = 0;  // the supplier's or the route's index, to tell lots of one apart
  };
  std::vector<Lot> lots_;
  // An order with a minimum shipment (a demand of its own): its deliveries_ [first, end), per
  // delivery a binary y (it ships), per period of its window a binary z (complete by then).
  struct MinShipment {
    size_t first, end;
    int due;
    double least;  // the minimum, at most the order's quantity
    std::vector<int> y, z;
  };
  std::vector<MinShipment> min_shipments_;
  std::vector<Delivery> deliveries_;  // grouped by demand, in demand order
  std::vector<CapRow> cap_rows_;
  std::vector<size_t> line_rows_;  // per line and period (l x T + t): its row in cap_rows_
  std::vector<double> constant_;   // per tier
  std::vector<int> fair_col_;      // per tier: the worst buyer's measure per unit (fairness), or -1
  std::vector<double> fair_cost_;  // per tier: its cost, lambda x the tier's units
  std::vector<int> flow_cols_;     // purchases and starts: priced a little, so nothing is made unasked
  // Consumption of parts of BOM lines that are not plain: part, start period, column, per unit.
  struct PartCol {
    ItemId part;
    int period, col;
    double per;
    int start;    // the starts column whose parts these are
    bool chosen;  // of a BOM line with alternates (pegged to orders)
  };
  std::vector<PartCol> part_cols_;
  std::vector<std::pair<int, double>> preference_cols_;  // alternates after the first: column, rank
  std::vector<ShadowPrice> shadow_prices_;
};

size_t LpModel::whole_binaries() const {
  size_t n = 0;
  for (const Order& o : m_.orders)
    if (!o.partial && last_period(o) >= o.due) n += static_cast<size_t>(last_period(o) - o.due + 1);
  return n;
}

// Orders in id order (the model is canonical); each joins the first earlier one it cannot be told
// apart from. Orders that must arrive whole keep demands of their own (their binaries are theirs),
// unless there are too many binaries for branch and bound (GroupedWholes).
void LpModel::add_demands() {
  using Key = std::tuple<uint32_t, std::vector<ItemId>, int, int, int, double>;
  std::map<Key, size_t> seen;
  for (const OrderId o : m_.orders.ids()) {
    const Order& ord = m_.orders[o];
    size_t k = demands_.size();
    if (aggregate_) {
      // Lateness is linear in the period of delivery whatever the due period (add_deliveries()),
      // so only fill, which counts the due period alone, keeps it apart, and revenue the price;
      // the order of preference among alternates only breaks ties, which the bound does not.
      std::vector<ItemId> alternates = ord.alternates;
      std::sort(alternates.begin(), alternates.end());
      const Key key{0,
                    std::move(alternates),
                    ord.priority,
                    objective_ == Objective::kFill ? ord.due : 0,
                    0,
                    objective_ == Objective::kRevenue ? ord.price : 0};
      k = seen.emplace(key, demands_.size()).first->second;
    } else if (ord.partial ? ord.min_shipment == 0 : group_wholes_) {
      // Buyers share columns: the LP decides how much a kind of demand gets when, and the policy
      // who gets it (share_out()). A buyer keeps its own where the LP must tell it apart: a holder
      // of an agreement or of a qualification (its commodity), of an agreement that releases what
      // is unused (its hold rows, plan_lp()), or any buyer under a fairness term (its row).
      const bool own = !ord.customer.valid() || m_.fairness > 0 || commodity_[ord.customer] < H_ ||
                       std::binary_search(releasing_.begin(), releasing_.end(), ord.customer);
      const Key key{own ? (ord.customer.valid() ? ord.customer.v : UINT32_MAX) : UINT32_MAX - 1,
                    ord.alternates,
                    ord.priority,
                    ord.due,
                    last_period(ord),
                    ord.price};
      k = seen.emplace(key, demands_.size()).first->second;
    }
    if (k == demands_.size()) demands_.emplace_back();
    demands_[k].orders.push_back(o);
    demands_[k].qty += ord.qty;
  }
}

// Inventory and starts per item, period and commodity; purchases per supplier; transfers from the
// free commodity to each holder's.
void LpModel::add_flow_columns() {
  const size_t NI = m_.items.size();
  inv_.assign(NI * TT() * CC(), -1);
  start_.assign(routes_.size() * TT() * CC(), -1);
  buy_.assign(m_.suppliers.size() * TT() * CC(), -1);
  xfer_.assign(H_ ? NI * TT() * static_cast<size_t>(H_) : 0, -1);
  for (const ItemId i : m_.items.ids())
    for (int t = 0; t < T_; ++t)
      for (int c = 0; c < C_; ++c) {
        inv_[at(i, t, c)] = lp_.column(0);
        for (size_t k = route_begin_[i.v]; k < route_begin_[i.v + 1]; ++k) {
          const Route& r = *routes_[k].route;
          if (t + r.lead_time >= T_ || !r.valid_at(t) || !route_usable(r, c)) continue;
          const int col = lp_.column(0);
          start_[start_at(k, t, c)] = col;
          flow_cols_.push_back(col);
          if (routes_[k].rank > 0) preference_cols_.push_back({col, static_cast<double>(routes_[k].rank)});
        }
      }
  for (const SupplierId s : m_.suppliers.ids())
    for (int t = 0; t < T_; ++t)
      if (m_.suppliers[s].capacity[static_cast<size_t>(t)] > 0)
        for (int c = 0; c < C_; ++c) {
          buy_[buy_at(s, t, c)] = lp_.column(0);
          flow_cols_.push_back(buy_[buy_at(s, t, c)]);
        }
  if (H_)
    for (const ItemId i : m_.items.ids())
      for (int t = 0; t < T_; ++t)
        for (int h = 0; h < H_; ++h) xfer_[xfer_at(i, t, h)] = lp_.column(0);
}

// A column per order, alternate and period of its window; its cost within its tier is set per step.
// Lateness: a unit never delivered costs T - due, one delivered in t that less T - t, so the cost
// of a delivery does not depend on the due period. Aggregate: a column per demand, alternate and
// period from its first due period to the last of the calendar (its due period alone for fill).
void LpModel::add_deliveries() {
  for (size_t k = 0; k < demands_.size(); ++k) {
    const Order& ord = demands_[k].first(m_);
    const int tier =
        static_cast<int>(std::lower_bound(priorities_.begin(), priorities_.end(), ord.priority) - priorities_.begin());
    int from = ord.due, to = last_period(ord);
    for (const OrderId o : demands_[k].orders) {
      const Order& x = m_.orders[o];
      if (objective_ == Objective::kLateness)
        constant_[static_cast<size_t>(tier)] += static_cast<double>(x.qty) * static_cast<double>(T_ - x.due);
      from = std::min(from, x.due);
    }
    if (aggregate_) {  // units due before the calendar are due in its first period, and as late
      from = std::max(from, 0);
      to = objective_ == Objective::kFill ? std::min(ord.due, T_ - 1) : T_ - 1;
    }
    for (size_t r = 0; r < ord.alternates.size(); ++r) {
      const ItemId a = ord.alternates[r];
      const double price = ord.price > 0 ? ord.price : m_.items[a].price;
      for (int t = from; t <= to; ++t) {
        double cost = 0, tie = 1e-6 * static_cast<double>(r) + 1e-7 * static_cast<double>(t - ord.due);
        switch (objective_) {
          case Objective::kLateness:
            cost = static_cast<double>(t - ord.due) - static_cast<double>(T_ - ord.due);
            tie = 1e-4 * static_cast<double>(r);
            break;
          case Objective::kFill: cost = t == ord.due ? -1.0 : 0.0; break;
          case Objective::kRevenue: cost = -price; break;
        }
        deliveries_.push_back({k, a, t, lp_.column(0), tier, cost, tie});
      }
    }
  }
}

// The fairness term (model.h): per tier, a free column z no less than each buyer's minimized
// measure per unit ordered (its lateness, or minus its fill or revenue, over its units), at a cost
// of lambda x the tier's units: z is the worst buyer's, as score() computes it.
void LpModel::add_fairness() {
  fair_col_.assign(priorities_.size(), -1);
  fair_cost_.assign(priorities_.size(), 0);
  if (m_.fairness <= 0) return;
  const size_t NC = m_.customers.size();
  std::vector<double> units(priorities_.size() * NC, 0), constant(units.size(), 0);
  const auto tier_of = [&](const Order& o) {
    return static_cast<size_t>(std::lower_bound(priorities_.begin(), priorities_.end(), o.priority) -
                               priorities_.begin());
  };
  for (const auto& o : m_.orders) {
    if (!o.customer.valid()) continue;
    const size_t kc = tier_of(o) * NC + o.customer.v;
    units[kc] += static_cast<double>(o.qty);
    if (objective_ == Objective::kLateness)
      constant[kc] += static_cast<double>(o.qty) * static_cast<double>(T_ - o.due);
  }
  std::vector<int> row(units.size(), -1);
  for (size_t k = 0; k < priorities_.size(); ++k) {
    double tier_units = 0;
    for (size_t c = 0; c < NC; ++c) tier_units += units[k * NC + c];
    if (tier_units <= 0) continue;
    fair_col_[k] = lp_.column(0);
    lp_.collb.back() = -kInf;
    fair_cost_[k] = m_.fairness * tier_units;
    for (size_t c = 0; c < NC; ++c) {
      const size_t kc = k * NC + c;
      if (units[kc] <= 0) continue;
      row[kc] = lp_.row(-kInf, -constant[kc] / units[kc]);  // sum(cost x) / units - z <= -constant / units
      lp_.add(row[kc], fair_col_[k], -1);
    }
  }
  for (const auto& d : deliveries_) {
    const Order& o = demands_[d.demand].first(m_);
    if (!o.customer.valid()) continue;
    const size_t kc = static_cast<size_t>(d.tier) * NC + o.customer.v;
    lp_.add(row[kc], d.col, d.cost / units[kc]);
  }
}

// The costs of one step: the tier's deliveries (every tier, weighted, for weighted tiers) at their
// true cost, so that each step's optimum is a true bound and its duals true shadow prices. The last
// step (step == steps()), with every tier held, only tidies: preferred alternates and earlier
// deliveries win ties, and purchases and starts cost a little, so nothing is bought or made that no
// delivery needs.
std::vector<double> LpModel::step_objective(size_t step) const {
  std::vector<double> obj(lp_.obj.size(), 0);
  for (const auto& d : deliveries_) {
    const size_t col = static_cast<size_t>(d.col);
    if (step == steps())
      obj[col] = d.tie;
    else if (m_.tiers == Tiers::kWeighted)
      obj[col] = weights_[static_cast<size_t>(d.tier)] * d.cost;
    else if (static_cast<size_t>(d.tier) == step)
      obj[col] = d.cost;
  }
  for (size_t k = 0; k < fair_col_.size() && step < steps(); ++k)
    if (fair_col_[k] >= 0 && (m_.tiers == Tiers::kWeighted || k == step))
      obj[static_cast<size_t>(fair_col_[k])] = (m_.tiers == Tiers::kWeighted ? weights_[k] : 1) * fair_cost_[k];
  if (step == steps()) {
    for (int c : flow_cols_) obj[static_cast<size_t>(c)] = 1e-3;
    for (const auto& [c, rank] : preference_cols_) obj[static_cast<size_t>(c)] = 1e-4 * rank;
  }
  return obj;
}

// Flow balance per item, period and commodity: stock in + receipts + output + purchases + transfers
// = stock out + parts consumed + deliveries.
void LpModel::add_balance() {
  IdVec<ItemTag, std::vector<int64_t>> receipts(m_.items.size(), std::vector<int64_t>(TT(), 0));  // per period
  for (const auto& r : m_.receipts) receipts[r.item][static_cast<size_t>(r.period)] += r.qty;
  balance_.assign(inv_.size(), -1);
  for (const ItemId i : m_.items.ids())
    for (int t = 0; t < T_; ++t)
      for (int c = 0; c < C_; ++c) {
        const double rhs = c == H_ ? -static_cast<double>(receipts[i][static_cast<size_t>(t)]) : 0;
        const int row = lp_.row(rhs, rhs);
        balance_[at(i, t, c)] = row;
        if (t > 0) lp_.add(row, inv_[at(i, t - 1, c)], 1);
        lp_.add(row, inv_[at(i, t, c)], -1);
        const Item& it = m_.items[i];
        for (size_t k = route_begin_[i.v]; k < route_begin_[i.v + 1]; ++k) {
          const Route& r = *routes_[k].route;
          if (t - r.lead_time >= 0) lp_.add(row, start_[start_at(k, t - r.lead_time, c)], r.yield);
        }
        for (const SupplierId s : it.suppliers) lp_.add(row, buy_[buy_at(s, t, c)], 1);
        if (!H_) continue;
        if (c == H_) {
          for (int h = 0; h < H_; ++h) lp_.add(row, xfer_[xfer_at(i, t, h)], -1);
        } else {
          lp_.add(row, xfer_[xfer_at(i, t, c)], 1);
        }
      }
  for (size_t k = 0; k < routes_.size(); ++k)  // parts consumed by starts, on every route
    for (const auto& b : m_.items[routes_[k].item].bom) {
      if (b.plain()) {
        for (int t = 0; t < T_; ++t)
          for (int c = 0; c < C_; ++c)
            lp_.add(balance_[at(b.first().item, t, c)], start_[start_at(k, t, c)], -b.first().qty);
        continue;
      }
      for (int t = 0; t < T_; ++t)
        for (int c = 0; c < C_; ++c)
          if (const int start = start_[start_at(k, t, c)]; start >= 0) add_alternate_parts(b, t, c, start);
    }
  for (const auto& d : deliveries_) {
    const int c = commodity_[demands_[d.demand].first(m_).customer];
    lp_.add(balance_[at(d.item, d.period, c)], d.col, -1);
  }
}

// A BOM line with alternates (or an effectivity window, or parts only some buyers qualified) for
// the starts of one period and commodity: the parts valid then that the commodity's buyers may
// receive share the starts (one column per part: sum = starts); preferred parts cost a little less
// in the tidy step. A line none of whose parts is valid asks nothing; a line with valid parts but
// none usable in this commodity forbids the starts.
void LpModel::add_alternate_parts(const BomLine& b, int t, int c, int start) {
  const CustomerId buyer = c < H_ ? holders_[static_cast<size_t>(c)] : CustomerId{};
  std::vector<size_t> usable;
  bool active = false;
  for (size_t k = 0; k < b.parts.size(); ++k) {
    const BomPart& p = b.parts[k];
    if (!p.valid_at(t)) continue;
    active = true;
    if (aggregate_ || (c < H_ ? p.usable_by(buyer) : p.qualified.empty())) usable.push_back(k);
  }
  if (!active) return;
  if (usable.empty()) {
    lp_.colub[static_cast<size_t>(start)] = 0;
    return;
  }
  if (usable.size() == 1) {
    const BomPart& p = b.parts[usable.front()];
    lp_.add(balance_[at(p.item, t, c)], start, -p.qty);
    part_cols_.push_back({p.item, t, start, p.qty, start, b.parts.size() > 1});
    return;
  }
  const int row = lp_.row(0, 0);
  lp_.add(row, start, -1);
  for (size_t r = 0; r < usable.size(); ++r) {
    const BomPart& p = b.parts[usable[r]];
    const int u = lp_.column(0);
    lp_.add(row, u, 1);
    lp_.add(balance_[at(p.item, t, c)], u, -p.qty);
    part_cols_.push_back({p.item, t, u, p.qty, start, true});
    if (r > 0) preference_cols_.push_back({u, static_cast<double>(r)});
  }
}

// Aggregate demands: what is delivered by each period is at most what has come due by then (a
// backlog column carries what is due and not yet delivered), so every delivered unit has a unit
// due no later; fill's demands (one due period each) at most their quantity. What has come due
// changes only in a demand's due periods, and what is delivered only grows, so the limit needs
// holding only at the end of each stretch between due periods (one row per due period, not per
// period: a quarter of the rows where due dates fall every fourth week), the same bound exactly.
void LpModel::add_backlog() {
  if (objective_ == Objective::kFill) {
    add_order_limits();
    return;
  }
  std::vector<std::vector<int>> row(demands_.size());  // per demand, per period from its first
  std::vector<int> first(demands_.size(), T_);
  for (size_t k = 0; k < demands_.size(); ++k) {
    std::vector<double> due(TT(), 0);
    for (const OrderId o : demands_[k].orders) {
      const Order& x = m_.orders[o];
      const int d = std::max(x.due, 0);  // due before the calendar: due in its first period
      if (d < T_) due[static_cast<size_t>(d)] += static_cast<double>(x.qty);
      first[k] = std::min(first[k], d);
    }
    int carried = -1;  // the backlog column of the stretch before
    int r = -1;
    for (int t = first[k]; t < T_; ++t) {
      if (r < 0 || due[static_cast<size_t>(t)] > 0) {  // a stretch begins: deliveries + kept - carried = due
        r = lp_.row(due[static_cast<size_t>(t)], due[static_cast<size_t>(t)]);
        const int kept = lp_.column(0);
        lp_.add(r, kept, 1);
        if (carried >= 0) lp_.add(r, carried, -1);
        carried = kept;
      }
      row[k].push_back(r);
    }
  }
  for (const auto& d : deliveries_) lp_.add(row[d.demand][static_cast<size_t>(d.period - first[d.demand])], d.col, 1);
}

// Demands: at most their quantity.
void LpModel::add_order_limits() {
  std::vector<int> row(demands_.size());
  for (size_t k = 0; k < demands_.size(); ++k)
    row[k] = demands_[k].limit = lp_.row(-kInf, static_cast<double>(demands_[k].qty));
  for (const auto& d : deliveries_) lp_.add(row[d.demand], d.col, 1);
}

// Orders that may not be split arrive whole in one period: binaries y[o,t] (then a MIP).
// Each such order is a demand of its own, and its deliveries are contiguous in deliveries_.
void LpModel::add_whole_orders() {
  std::vector<int> whole_row;  // per period of the current demand's window
  for (size_t first = 0; first < deliveries_.size();) {
    const size_t k = deliveries_[first].demand;
    size_t end = first;
    while (end < deliveries_.size() && deliveries_[end].demand == k) ++end;
    const Order& ord = demands_[k].first(m_);
    const auto& orders = demands_[k].orders;
    if (group_wholes_ && std::any_of(orders.begin(), orders.end(), [&](OrderId o) { return !m_.orders[o].partial; })) {
      GroupedWholes g{k, first, end, {}};
      for (int t = ord.due; t <= last_period(ord); ++t) g.floor.push_back(lp_.row(0, kInf));
      for (size_t j = first; j < end; ++j)
        lp_.add(g.floor[static_cast<size_t>(deliveries_[j].period - ord.due)], deliveries_[j].col, 1);
      grouped_.push_back(std::move(g));
    } else if (!ord.partial) {
      const int one = lp_.row(-kInf, 1);
      wholes_.push_back({first, end, static_cast<int>(lp_.obj.size())});  // its binaries come next
      whole_row.assign(static_cast<size_t>(T_), -1);
      for (int t = ord.due; t <= last_period(ord); ++t) {
        const int y = lp_.column(0, 1);
        integer_cols_.push_back(y);
        lp_.add(one, y, 1);
        whole_row[static_cast<size_t>(t)] = lp_.row(0, 0);
        lp_.add(whole_row[static_cast<size_t>(t)], y, -static_cast<double>(ord.qty));
      }
      for (size_t j = first; j < end; ++j)
        lp_.add(whole_row[static_cast<size_t>(deliveries_[j].period)], deliveries_[j].col, 1);
    }
    first = end;
  }
}

// Minimum shipments: a delivery (one item, one period) of an order with a minimum is 0 or at
// least the minimum, unless the order is complete by its period (the last one may be smaller):
// d <= qty y, d >= least (y - z), and what is delivered by period t >= qty z_t. Orders that
// must arrive whole need none of this.
void LpModel::add_min_shipments() {
  for (size_t first = 0; first < deliveries_.size();) {
    const size_t k = deliveries_[first].demand;
    size_t end = first;
    while (end < deliveries_.size() && deliveries_[end].demand == k) ++end;
    const Order& ord = demands_[k].first(m_);
    if (ord.partial && ord.min_shipment > 0) {
      const double qty = static_cast<double>(ord.qty);
      MinShipment ms{first, end, ord.due, std::min(static_cast<double>(ord.min_shipment), qty), {}, {}};
      for (int t = ord.due; t <= last_period(ord); ++t) {
        const int z = lp_.column(0, 1);
        integer_cols_.push_back(z);
        ms.z.push_back(z);
        const int complete = lp_.row(0, kInf);
        lp_.add(complete, z, -qty);
        for (size_t j = first; j < end; ++j)
          if (deliveries_[j].period <= t) lp_.add(complete, deliveries_[j].col, 1);
      }
      for (size_t j = first; j < end; ++j) {
        const int y = lp_.column(0, 1);
        integer_cols_.push_back(y);
        ms.y.push_back(y);
        const int most = lp_.row(-kInf, 0);
        lp_.add(most, deliveries_[j].col, 1);
        lp_.add(most, y, -qty);
        const int least = lp_.row(0, kInf);
        lp_.add(least, deliveries_[j].col, 1);
        lp_.add(least, y, -ms.least);
        lp_.add(least, ms.z[static_cast<size_t>(deliveries_[j].period - ord.due)], ms.least);
      }
      min_shipments_.push_back(std::move(ms));
    }
    first = end;
  }
}

int LpModel::completed_by(size_t first, size_t end, const std::vector<double>& x) const {
  const Demand& dem = demands_[deliveries_[first].demand];
  std::vector<double> by_period(TT(), 0);
  for (size_t j = first; j < end; ++j)
    by_period[static_cast<size_t>(deliveries_[j].period)] += x[static_cast<size_t>(deliveries_[j].col)];
  double total = 0;
  for (int t = 0; t < T_; ++t)
    if ((total += by_period[static_cast<size_t>(t)]) >= static_cast<double>(dem.qty) - 1e-6) return t;
  return -1;
}

// Beyond branch and bound's reach, each whole order arrives in the period by which the relaxation
// had delivered all of it (what came earlier waits in stock: still feasible), and is left out if
// the relaxation never completed it; or, with a hint, where the hint has it.
//
// Whole orders that share a demand's columns (GroupedWholes) go in turn (by placing date under
// first-come, else by id): each arrives in the first period by which the relaxation had delivered
// to the demand all that the orders before it and it need, and is left out if it never had (an
// order after it may still fit). Its period's row then asks for it, and the demand's limit drops
// by what is left out; what came earlier waits in stock, so the relaxation's flows stay feasible.
void LpModel::round_wholes(ClpSimplex& fixed, const std::vector<double>& relaxed, const WholePeriods* hint,
                           WholePeriods& periods) const {
  periods.assign(m_.orders.size(), -1);
  for (const Whole& w : wholes_) {
    const Demand& dem = demands_[deliveries_[w.first].demand];
    const int due = dem.first(m_).due;
    const int t = hint ? (*hint)[dem.orders.front()] : completed_by(w.first, w.end, relaxed);
    if (t < due) continue;
    fixed.setColumnBounds(w.y + (t - due), 1, 1);
    periods[dem.orders.front()] = t;
  }
  for (const GroupedWholes& g : grouped_) {
    const Demand& dem = demands_[g.demand];
    const int due = dem.first(m_).due;
    std::vector<double> by(g.floor.size(), 0);  // delivered by each period of the window
    for (size_t j = g.first; j < g.end; ++j)
      by[static_cast<size_t>(deliveries_[j].period - due)] += relaxed[static_cast<size_t>(deliveries_[j].col)];
    for (size_t t = 1; t < by.size(); ++t) by[t] += by[t - 1];
    std::vector<OrderId> turn;
    for (const OrderId o : dem.orders)
      if (!m_.orders[o].partial) turn.push_back(o);
    if (m_.allocation == Allocation::kFirstCome)
      std::stable_sort(turn.begin(), turn.end(),
                       [&](OrderId a, OrderId b) { return m_.orders[a].placed < m_.orders[b].placed; });
    std::vector<double> asked(g.floor.size(), 0);
    double taken = 0, left_out = 0;
    for (const OrderId o : turn) {
      const auto qty = static_cast<double>(m_.orders[o].qty);
      const size_t k =
          hint
              ? ((*hint)[o] >= due ? static_cast<size_t>((*hint)[o] - due) : by.size())
              : static_cast<size_t>(
                    std::find_if(by.begin(), by.end(), [&](double v) { return v >= taken + qty - 1e-6; }) - by.begin());
      if (k >= by.size()) {
        left_out += qty;
        continue;
      }
      taken += qty;
      asked[k] += qty;
      periods[o] = due + static_cast<int>(k);
    }
    for (size_t k = 0; k < asked.size(); ++k) fixed.setRowLower(g.floor[k], asked[k]);
    fixed.setRowUpper(dem.limit, static_cast<double>(dem.qty) - left_out);
  }
}

void LpModel::hint(const Plan& other) {
  Hint h{score(m_, other, objective_), {}};
  h.periods.assign(m_.orders.size(), -1);
  for (const OrderId o : m_.orders.ids()) {
    const OrderPlan& op = other.orders[o];
    const Order& ord = m_.orders[o];
    if (!ord.partial && op.delivered == ord.qty && !op.deliveries.empty() &&
        op.deliveries.front().period <= last_period(ord))
      h.periods[o] = op.deliveries.front().period;
  }
  hint_ = std::move(h);
}

// Beyond branch and bound's reach, an order with a minimum shipment follows the relaxation: per
// item, what the relaxation delivered is held back until it reaches the minimum (or all that is
// left), and ships then; the order counts as complete from the period the relaxation completed it.
void LpModel::round_min_shipments(ClpSimplex& fixed, const std::vector<double>& relaxed) const {
  for (const MinShipment& ms : min_shipments_) {
    const double qty = static_cast<double>(demands_[deliveries_[ms.first].demand].qty);
    const int done = completed_by(ms.first, ms.end, relaxed);
    const size_t complete = done >= 0 ? static_cast<size_t>(done - ms.due) : ms.z.size();
    for (size_t t = 0; t < ms.z.size(); ++t)
      fixed.setColumnBounds(ms.z[t], t >= complete ? 1 : 0, t >= complete ? 1 : 0);
    double shipped = 0, held = 0;  // held: of the current item, not yet shipped
    for (size_t j = ms.first; j < ms.end; ++j) {
      if (j == ms.first || deliveries_[j].item != deliveries_[j - 1].item) held = 0;
      held += relaxed[static_cast<size_t>(deliveries_[j].col)];
      const size_t t = static_cast<size_t>(deliveries_[j].period - ms.due);
      const bool ships = held > 1e-6 && (t >= complete || held >= std::min(ms.least, qty - shipped) - 1e-6);
      const double v = ships ? 1 : 0;
      fixed.setColumnBounds(ms.y[j - ms.first], v, v);
      if (ships) {
        shipped += held;
        held = 0;
      }
    }
  }
}

// Supplier capacity, and what everyone but a holder may use of it.
void LpModel::add_supplier_capacity() {
  for (const SupplierId s : m_.suppliers.ids())
    for (int t = 0; t < T_; ++t) {
      const double cap = static_cast<double>(m_.suppliers[s].capacity[static_cast<size_t>(t)]);
      if (cap <= 0) continue;
      const int row = lp_.row(-kInf, cap);
      ShadowPrice price;
      price.kind = ShadowPrice::Kind::kSupplier;
      price.supplier = s;
      price.period = t;
      cap_rows_.push_back({price, row, {}});
      for (int c = 0; c < C_; ++c) lp_.add(row, buy_[buy_at(s, t, c)], 1);
      for (const auto& a : m_.agreements) {
        if (aggregate_ || a.supplier != s || a.release != Release::kNever || a.reserved[static_cast<size_t>(t)] == 0)
          continue;
        const int h = commodity_[a.holder];
        const int r = lp_.row(-kInf, cap - static_cast<double>(a.reserved[static_cast<size_t>(t)]));
        cap_rows_.back().others.push_back(r);
        for (int c = 0; c < C_; ++c)
          if (c != h) lp_.add(r, buy_[buy_at(s, t, c)], 1);
      }
    }
}

// Line capacity, and what everyone but a holder may use of it.
void LpModel::add_line_capacity() {
  for (const LineId l : m_.lines.ids())
    for (int t = 0; t < T_; ++t) {
      const double cap = static_cast<double>(m_.lines[l].capacity[static_cast<size_t>(t)]);
      const int row = lp_.row(-kInf, cap);
      ShadowPrice price;
      price.kind = ShadowPrice::Kind::kLine;
      price.line = l;
      price.period = t;
      line_rows_.push_back(cap_rows_.size());
      cap_rows_.push_back({price, row, {}});
      std::vector<std::pair<int, int>> reserved_rows;  // (holder commodity, row)
      for (const auto& a : m_.agreements)
        if (!aggregate_ && a.line == l && a.release == Release::kNever && a.reserved[static_cast<size_t>(t)] > 0)
          reserved_rows.emplace_back(commodity_[a.holder],
                                     lp_.row(-kInf, cap - static_cast<double>(a.reserved[static_cast<size_t>(t)])));
      for (const auto& rr : reserved_rows) cap_rows_.back().others.push_back(rr.second);
      for (size_t k = 0; k < routes_.size(); ++k) {
        const Route& route = *routes_[k].route;
        if (route.line != l) continue;
        for (int c = 0; c < C_; ++c) {
          lp_.add(row, start_[start_at(k, t, c)], route.usage);
          for (const auto& [h, r] : reserved_rows)
            if (c != h) lp_.add(r, start_[start_at(k, t, c)], route.usage);
        }
      }
    }
}

// Lot sizes of purchases and production (model.h: Supplier and Route moq, multiple), as integer
// columns over each period's purchases or good units. A route on a line can make at most its
// capacity (less its setup) over its usage, times its yield; a dispatch step (no line) at most what
// every order asks in all, times the largest quantity per unit of any BOM line, a bound no useful
// lot reaches. A route with a setup has a binary y per period (a run) even without a minimum: the
// setup is y's use of the line's capacity rows, and the good units are at most `most` x y.
void LpModel::add_lot_sizes() {
  double ordered = 0, per_unit = 1;
  for (const auto& o : m_.orders) ordered += static_cast<double>(o.qty);
  for (const auto& it : m_.items)
    for (const auto& b : it.bom)
      for (const auto& p : b.parts) per_unit = std::max(per_unit, p.qty);
  const auto add = [&](int64_t moq, int64_t multiple, bool bought, size_t source, double most,
                       std::vector<std::pair<int, double>> terms, double setup = 0, const CapRow* line_row = nullptr) {
    Lot lot;
    lot.terms = std::move(terms);
    lot.most = most;
    lot.moq = moq;
    lot.multiple = multiple;
    lot.bought = bought;
    lot.source = source;
    if (lot.terms.empty()) return;
    const auto sum_row = [&](double lb, double ub) {
      const int row = lp_.row(lb, ub);
      for (const auto& [col, v] : lot.terms) lp_.add(row, col, v);
      return row;
    };
    if (lot.most < 1) {
      if (setup > 0) sum_row(-kInf, 0);  // no room for a run: the capacity row alone would allow some
      return;
    }
    if (lot.multiple > 0) {
      const double m = static_cast<double>(lot.multiple);
      lot.k = lp_.column(0, std::floor(lot.most / m + 1e-9));
      integer_cols_.push_back(lot.k);
      lp_.add(sum_row(0, 0), lot.k, -m);
    }
    if (lot.moq > 0 || setup > 0) {
      lot.y = lp_.column(0, 1);
      integer_cols_.push_back(lot.y);
      if (lot.moq > 0) lp_.add(sum_row(0, kInf), lot.y, -static_cast<double>(lot.moq));
      lp_.add(sum_row(-kInf, 0), lot.y, -lot.most);
      if (line_row) {  // the run's setup, in every row its starts use
        lp_.add(line_row->row, lot.y, setup);
        for (const int r : line_row->others) lp_.add(r, lot.y, setup);
      }
    }
    lots_.push_back(std::move(lot));
  };
  for (const SupplierId s : m_.suppliers.ids()) {
    const Supplier& sup = m_.suppliers[s];
    if (sup.moq == 0 && sup.multiple == 0) continue;
    for (int t = 0; t < T_; ++t) {
      std::vector<std::pair<int, double>> terms;
      for (int c = 0; c < C_; ++c)
        if (const int col = buy_[buy_at(s, t, c)]; col >= 0) terms.emplace_back(col, 1.0);
      add(sup.moq, sup.multiple, true, s.v, static_cast<double>(sup.capacity[static_cast<size_t>(t)]),
          std::move(terms));
    }
  }
  for (size_t k = 0; k < routes_.size(); ++k) {
    const Route& r = *routes_[k].route;
    const double setup = r.line.valid() ? r.setup : 0;
    if (r.moq == 0 && r.multiple == 0 && setup == 0) continue;
    for (int t = 0; t < T_; ++t) {
      std::vector<std::pair<int, double>> terms;
      for (int c = 0; c < C_; ++c)
        if (const int col = start_[start_at(k, t, c)]; col >= 0) terms.emplace_back(col, r.yield);
      const double room =
          r.line.valid() ? static_cast<double>(m_.lines[r.line].capacity[static_cast<size_t>(t)]) - setup : 0;
      const double most = r.line.valid() ? std::floor(std::max(0.0, room) / r.usage * r.yield)
                                         : ordered * per_unit + static_cast<double>(r.moq);
      const CapRow* row =
          setup > 0
              ? &cap_rows_[line_rows_[static_cast<size_t>(r.line.v) * static_cast<size_t>(T_) + static_cast<size_t>(t)]]
              : nullptr;
      add(r.moq, r.multiple, false, k, most, std::move(terms), setup, row);
    }
  }
}

// Beyond branch and bound's reach, lots follow the relaxation: purchases are rounded up to whole
// lots (what a lot brings beyond the relaxation's purchase is carried to the next period's need;
// buying early is always possible), production up too when `made_up`, else down (never more parts
// or capacity than the relaxation used by any period; what a lot could not make is carried to the
// next). Each lot's integer columns are fixed to that choice.
void LpModel::round_lots(ClpSimplex& fixed, const std::vector<double>& relaxed, bool made_up) const {
  double carry = 0;  // bought: made beyond the relaxation so far; made: short of it
  for (size_t n = 0; n < lots_.size(); ++n) {
    const Lot& lot = lots_[n];
    if (n == 0 || lots_[n - 1].source != lot.source || lots_[n - 1].bought != lot.bought) carry = 0;
    double p = 0;
    for (const auto& [col, v] : lot.terms) p += v * relaxed[static_cast<size_t>(col)];
    const int64_t most = lot_floor(static_cast<int64_t>(std::floor(lot.most + 1e-9)), lot.moq, lot.multiple);
    int64_t q = 0;
    if (lot.bought || made_up) {
      const double need = p - carry;
      if (need > 1e-6)
        q = std::min(lot_size(static_cast<int64_t>(std::ceil(need - 1e-6)), lot.moq, lot.multiple), most);
      carry += static_cast<double>(q) - p;
    } else {
      const double need = p + carry;
      q = std::min(lot_floor(static_cast<int64_t>(std::floor(need + 1e-6)), lot.moq, lot.multiple), most);
      carry = std::max(0.0, need - static_cast<double>(q));
    }
    if (lot.k >= 0) {
      const int64_t k = q / lot.multiple;  // q is a whole lot: exact
      fixed.setColumnBounds(lot.k, static_cast<double>(k), static_cast<double>(k));
    }
    if (lot.y >= 0) fixed.setColumnBounds(lot.y, q > 0 ? 1 : 0, q > 0 ? 1 : 0);
  }
}

// The row that holds a step's tier at its best (within the solver's rounding) for the steps after it.
HoldRow LpModel::hold_row(size_t step, const double* x) const {
  HoldRow h;
  for (const auto& d : deliveries_)
    if (m_.tiers == Tiers::kWeighted || static_cast<size_t>(d.tier) == step) {
      h.cols.push_back(d.col);
      h.costs.push_back(m_.tiers == Tiers::kWeighted ? weights_[static_cast<size_t>(d.tier)] * d.cost : d.cost);
    }
  for (size_t k = 0; k < fair_col_.size(); ++k)
    if (fair_col_[k] >= 0 && (m_.tiers == Tiers::kWeighted || k == step)) {
      h.cols.push_back(fair_col_[k]);
      h.costs.push_back((m_.tiers == Tiers::kWeighted ? weights_[k] : 1) * fair_cost_[k]);
    }
  const double v = step_cost(step, x);
  // What the solver's tolerances may add, no more. Relative to v alone it would let a tier slip by
  // a fraction of a unit on big problems (v counts every unit delivered: 160,000 at 120 orders),
  // which rounding to whole units turns into a unit late.
  h.value = v;
  h.limit = v + 1e-6 + 1e-9 * std::abs(v);
  return h;
}

// The shadow price of each capacity in one step: what one more unit saves of the step's objective.
// A row's dual is that only while the optimal basis stays feasible for one more unit. At a
// degenerate optimum it is not (it then prices the last unit used, not the next one, and which of
// several duals the solver returns follows the order of the LP's columns):
// tests/cases/plan/lp-no-price-without-saving had EMLs priced at 0.125 in a tier whose optimum, 0,
// no capacity can lower, and not with its alternates the other way round. CLP's primal ranging says for how much more
// the basis holds; where it holds for less than a unit (or the capacity has several rows), the unit is added on a copy
// of the step and solved again (dual simplex, warm), and the saving is what it measures.
void LpModel::price_capacities(const ClpSimplex& solver, int priority) {
  const double* duals = solver.dualRowSolution();
  std::vector<size_t> priced;  // cap_rows_ with a nonzero dual
  std::vector<double> value;
  for (size_t i = 0; i < cap_rows_.size(); ++i) {
    const CapRow& cr = cap_rows_[i];
    double dual = duals[cr.row];
    for (int r : cr.others) dual += duals[r];
    if (std::abs(dual) <= 1e-6) continue;  // a dual is an upper bound on the saving (convexity)
    priced.push_back(i);
    value.push_back(-dual);
  }
  if (priced.empty()) return;
  ClpSimplex probe(solver);  // the solver keeps its optimum for the steps after
  probe.setLogLevel(0);
  const int ncols = probe.getNumCols();
  std::vector<int> which;
  which.reserve(priced.size());
  for (size_t i : priced) which.push_back(ncols + cap_rows_[i].row);
  const auto n = static_cast<int>(which.size());
  std::vector<double> up(which.size()), down(which.size());
  std::vector<int> up_seq(which.size()), down_seq(which.size());
  const bool ranged = probe.primalRanging(n, which.data(), up.data(), up_seq.data(), down.data(), down_seq.data()) == 0;
  const double base = solver.objectiveValue();
  // The probes' simplex iterations in all, bounded (deterministic, unlike a clock): beyond it the
  // dual stands, an upper bound on the saving (docs/supply-format.md, "Shadow prices").
  int budget = kProbeIterations + solver.numberIterations();
  for (size_t j = 0; j < priced.size() && budget > 0; ++j) {
    const CapRow& cr = cap_rows_[priced[j]];
    if (ranged && cr.others.empty() && up[j] >= 1) continue;  // the dual holds for the next unit
    std::vector<int> rows = cr.others;
    rows.push_back(cr.row);
    for (int r : rows) probe.setRowUpper(r, solver.getRowUpper()[r] + 1);
    probe.setMaximumIterations(budget);
    probe.dual(0, 7);  // 7: keeps and reuses its work areas and factorization, from probe to probe
    budget -= probe.numberIterations();
    // Below 1e-5 a unit, a measured saving is the slack of the rows holding the tiers above (1e-6).
    const double saved = base - probe.objectiveValue();
    if (probe.isProvenOptimal()) value[j] = std::min(value[j], saved < 1e-5 ? 0.0 : saved);
    // Back to the step's bounds: the next probe's dual simplex starts from this optimum, still
    // dual feasible (rather than from the step's basis again, which cost a factorization each:
    // 77 ms a probe on the 3,000-order generated problem, 20 ms now).
    for (int r : rows) probe.setRowUpper(r, solver.getRowUpper()[r]);
  }
  for (size_t j = 0; j < priced.size(); ++j) {
    const double v = std::round(value[j] * 1e6) / 1e6 + 0.0;  // + 0.0: no -0
    if (std::abs(v) <= 1e-6) continue;
    ShadowPrice& sp = shadow_prices_.emplace_back(cap_rows_[priced[j]].price);
    sp.value = v;
    sp.priority = priority;
  }
}

// Solves the relaxation step by step on `solver` (the model loaded, some bounds possibly fixed),
// each step's optimum held by a row for the steps after it. Each tier's step starts from scratch
// with CLP's presolve: on the generated problems that takes half the time of a warm start from the
// step before, whose basis suits the old objective. The tidying step, which moves little, starts
// warm (within kTidyIterations). (Holding a step by fixing its optimal face instead, every column with a nonzero
// reduced cost at its bound, is exact, but no faster on the 10,000-order generated problem's priority-2 step, and it
// fixes the columns a lower tier would use more capacity through, so that tier's shadow prices read zero where one more
// unit would help it.) With `plan`: the shadow prices of each step and the bound. With `record`, each step's optimal
// basis is recorded; with `start`, each step starts from the basis recorded there, warm (the rounding's solves: whole
// orders and lots fixed where the relaxation left them free; on the 10,000-order generated problem its priority-2 step
// took 611 dual iterations so, 13,345 through presolve).
Result<void> LpModel::relax(ClpSimplex& solver, Plan* plan, Bases* record, const Bases* start) {
  ClpSolve options;
  options.setSolveType(ClpSolve::usePrimal);
  options.setPresolveType(ClpSolve::presolveOn);
  ClpCancel events(cancel_);
  solver.passInEventHandler(&events);  // a copy
  std::vector<double> bound;           // per tier
  Held held;
  for (size_t k = 0; k <= steps(); ++k) {
    const std::vector<double> obj = step_objective(k);
    solver.chgObjCoefficients(obj.data());
    const bool warm = start && k < start->size() && warm_start(solver, (*start)[k]);
    if (!warm && k < steps()) {
      solver.initialSolve(options);
    } else if (!warm) {
      // Warm, bounded: on the 10,000-order generated problem with its whole orders fixed, the
      // warm primal simplex ran for minutes where a solve through presolve takes 2 s.
      const int most = solver.maximumIterations();
      solver.setMaximumIterations(kTidyIterations);
      solver.primal();
      solver.setMaximumIterations(most);
      if (!solver.isProvenOptimal()) solver.initialSolve(options);
    }
    if (auto st = settle(solver, options, held); !st.ok()) return st;
    if (record) {
      const unsigned char* status = solver.statusArray();
      record->emplace_back(status, status + solver.getNumRows() + solver.getNumCols());
    }
    if (k == steps()) break;
    if (plan) {
      price_capacities(solver, m_.tiers == Tiers::kStrict ? priorities_[k] : 0);
      // The bound of each tier is its own step's optimum (the tiers above held), not its value in
      // the last step, which the hold rows' tolerance lets slip.
      const std::vector<double> reached = levels(solver.primalColumnSolution());
      if (k == 0) bound = reached;
      if (m_.tiers == Tiers::kStrict) bound[k] = reached[k];
      if (k + 1 == steps()) {
        // To a hundredth: the solver's tolerances leave noise in the thousandths (2499.999 for 2500).
        for (auto& b : bound) b = std::round(b * 100) / 100 + 0.0;  // + 0.0: no -0
        plan->lp_bound = std::round(weighted(bound) * 100) / 100 + 0.0;
        plan->lp_bound_levels = m_.tiers == Tiers::kStrict ? bound : std::vector<double>{plan->lp_bound};
      }
    }
    HoldRow h = hold_row(k, solver.primalColumnSolution());
    solver.addRow(static_cast<int>(h.cols.size()), h.cols.data(), h.costs.data(), -kInf, h.limit);
    held.emplace_back(solver.getNumRows() - 1, std::move(h));
  }
  return {};
}

// One rounding of the relaxation `relaxed` and the solve on it, from the relaxation's bases: each
// production lot first rounded up like purchases, and when the parts or lines cannot carry that,
// down.
Result<LpModel::Rounded> LpModel::round(const CoinPackedMatrix& matrix, const std::vector<double>& relaxed,
                                        const Bases& bases, const WholePeriods* hint) {
  for (const bool made_up : {true, false}) {
    ClpSimplex fixed;
    fixed.setLogLevel(0);
    fixed.loadProblem(matrix, lp_.collb.data(), lp_.colub.data(), lp_.obj.data(), lp_.rowlb.data(), lp_.rowub.data());
    for (const int y : integer_cols_) fixed.setColumnBounds(y, 0, 0);
    round_lots(fixed, relaxed, made_up);
    round_min_shipments(fixed, relaxed);
    Rounded r;
    r.made_up = made_up;
    round_wholes(fixed, relaxed, hint, r.periods);
    auto st = relax(fixed, nullptr, nullptr, &bases);
    if (!st.ok() && made_up && st.code() == Code::kInternal) continue;  // then down
    if (!st.ok()) return st.status();
    r.x.assign(fixed.primalColumnSolution(), fixed.primalColumnSolution() + fixed.getNumCols());
    return r;
  }
  return fail(Code::kInternal, "the LP planner found no rounding");  // not reached: the loop returns
}

// The polish's repair of a rounding (solve()): each whole order that arrives late is tried a period
// earlier, one at a time, on the first step's LP with the rounding's choice fixed (a bound flip and
// a warm dual simplex, not a new solve), and kept there when that step's value improves; passes
// over the late whole orders until one moves none or the probes are spent. The rounding places
// each whole order in the period by which the relaxation had all of it, which can be later than
// needed (held-out second-sources seed 15: 118% above the optimum in priority 1, 3% after). The
// moves kept are then solved as a rounding (round(), every step), which stands if it scores better.
void LpModel::earlier_wholes(const CoinPackedMatrix& matrix, const std::vector<double>& relaxed, const Bases& bases,
                             Rounded& best) {
  if (wholes_.empty() || bases.empty()) return;
  // Probes cost about the LP's size each: 10-50 ms at 5,000 columns here. At most 200 there, 50 at
  // the polish's 20,000 (medium problems use 2-54).
  const size_t most = kRepairWork / std::max<size_t>(lp_.obj.size(), 1);
  ClpSimplex probe;
  probe.setLogLevel(0);
  probe.loadProblem(matrix, lp_.collb.data(), lp_.colub.data(), lp_.obj.data(), lp_.rowlb.data(), lp_.rowub.data());
  for (const int y : integer_cols_) probe.setColumnBounds(y, 0, 0);
  round_lots(probe, relaxed, best.made_up);
  round_min_shipments(probe, relaxed);
  std::vector<size_t> whole_of(m_.orders.size(), wholes_.size());  // per order: its Whole
  for (size_t k = 0; k < wholes_.size(); ++k) {
    const OrderId o = demands_[deliveries_[wholes_[k].first].demand].orders.front();
    whole_of[o.v] = k;
    if (const int t = best.periods[o]; t >= m_.orders[o].due)
      probe.setColumnBounds(wholes_[k].y + (t - m_.orders[o].due), 1, 1);
  }
  const std::vector<double> obj = step_objective(0);
  probe.chgObjCoefficients(obj.data());
  if (!warm_start(probe, bases[0])) probe.initialSolve();
  if (!probe.isProvenOptimal()) return;
  probe.setMaximumIterations(kRepairIterations);  // a probe that does not settle within it is refused
  double value = probe.objectiveValue();
  WholePeriods periods = best.periods;
  size_t probes = 0;
  bool kept = false;
  for (bool moved = true; moved && probes < most;) {
    moved = false;
    for (const OrderId o : m_.orders.ids()) {
      const int due = m_.orders[o].due, t = periods[o];
      if (probes >= most || cancelled() || whole_of[o.v] == wholes_.size() || t <= due) continue;
      const int y = wholes_[whole_of[o.v]].y;
      ++probes;
      const unsigned char* status = probe.statusArray();
      const std::vector<unsigned char> before(status, status + probe.getNumRows() + probe.getNumCols());
      probe.setColumnBounds(y + (t - due), 0, 0);
      probe.setColumnBounds(y + (t - 1 - due), 1, 1);
      probe.dual();
      if (probe.isProvenOptimal() && probe.objectiveValue() < value - 1e-6) {
        value = probe.objectiveValue();
        periods[o] = t - 1;
        moved = kept = true;
        continue;
      }
      probe.setColumnBounds(y + (t - 1 - due), 0, 0);
      probe.setColumnBounds(y + (t - due), 1, 1);
      probe.copyinStatus(before.data());  // back to the optimal basis it had
      probe.dual();
    }
  }
  if (!kept || cancelled()) return;
  auto r = round(matrix, relaxed, bases, &periods);
  if (r && score_of(r->x).better_than(score_of(best.x))) best = std::move(*r);
}

// A strict tier's step of the aggregate leaves the lower tiers' demand out (their deliveries held at
// 0, their own bounds otherwise): it only takes what the tiers above might use, and costs
// nothing in this step, so the step's optimum is the same, and presolve drops those columns and
// rows. (Not in the LP planner: there the rounding fixes lower tiers' whole orders and lots, and
// holds the holders of agreements that release, in every step; its first solve alone, measured so,
// took the 10,000-order generated problem from 18 s to 14 s, and moved its plans' tiers by a few
// units either way and one relaxation bound by 0.68, which the theory above does not explain.)
void LpModel::leave_lower_tiers_out(ClpSimplex& solver, size_t step) const {
  if (m_.tiers != Tiers::kStrict) return;
  for (const auto& d : deliveries_)
    solver.setColumnUpper(d.col, static_cast<size_t>(d.tier) > step ? 0.0 : lp_.colub[static_cast<size_t>(d.col)]);
}

// After a step's solve: the rows holding the steps above can read as infeasible by a hair on the
// scaled problem (seen on the tidying step), so they are loosened a hundredfold at a time, at most
// to 1e-2 x |v|; then the step has its optimum, or the solve failed or was cancelled.
Result<void> LpModel::settle(ClpSimplex& solver, ClpSolve& options, const Held& held) const {
  for (double slack = 100; !solver.isProvenOptimal() && !cancelled() && !held.empty() && slack <= 1e6; slack *= 100) {
    for (const auto& [row, h] : held) solver.setRowUpper(row, h.value + slack * (h.limit - h.value));
    solver.initialSolve(options);
  }
  if (cancelled()) return fail(Code::kCancelled, "the LP planner was cancelled");
  if (!solver.isProvenOptimal())
    return fail(Code::kInternal,
                "the LP planner found no optimum (CLP status " + std::to_string(solver.status()) + ")");
  return {};
}

// The aggregate's steps, as relax() solves them but for the bound alone, with two savings that
// leave every bound as it is:
//  - A step leaves the lower tiers' demand out (leave_lower_tiers_out()): priority 1's step is then
//    a third of the LP where demand spreads evenly over three tiers.
//  - Against a plan's score (strict tiers), the steps stop at the first tier whose bound the plan
//    does not reach (Score::deciding_tier): that tier decides the comparison, whatever the tiers
//    below it would bound. On the generated 1,000-order problem of the default shape (200 items,
//    104 weeks) the priority-2 step alone took 4 minutes.
Result<std::vector<double>> LpModel::bound(const Score* against) {
  const CoinPackedMatrix matrix = packed();
  ClpSimplex solver;
  solver.setLogLevel(0);
  solver.loadProblem(matrix, lp_.collb.data(), lp_.colub.data(), lp_.obj.data(), lp_.rowlb.data(), lp_.rowub.data());
  ClpSolve options;
  options.setSolveType(ClpSolve::usePrimal);
  options.setPresolveType(ClpSolve::presolveOn);
  ClpCancel events(cancel_);
  solver.passInEventHandler(&events);  // a copy
  // Per tier; rounded to a hundredth, as the solver's tolerances leave noise in the thousandths
  // (2499.999 for 2500). The fairness term adds at least lambda x the tier's own value: the
  // aggregate has no buyers.
  const auto rounded = [&](double v) { return std::round(v * (1 + std::max(0.0, m_.fairness)) * 100) / 100 + 0.0; };
  const bool strict = m_.tiers == Tiers::kStrict;
  Score reached;
  if (against) reached = *against;
  reached.levels.clear();
  Held held;
  for (size_t k = 0; k < steps(); ++k) {
    leave_lower_tiers_out(solver, k);
    solver.chgObjCoefficients(step_objective(k).data());
    solver.initialSolve(options);
    if (auto st = settle(solver, options, held); !st.ok()) return st.status();
    const std::vector<double> levels_now = levels(solver.primalColumnSolution());
    if (!strict) {
      for (const double v : levels_now) reached.levels.push_back(rounded(v));
      break;
    }
    reached.levels.push_back(rounded(levels_now[k]));
    if (against && against->deciding_tier(reached) >= 0) break;
    if (k + 1 == steps()) break;
    HoldRow h = hold_row(k, solver.primalColumnSolution());
    solver.addRow(static_cast<int>(h.cols.size()), h.cols.data(), h.costs.data(), -kInf, h.limit);
    held.emplace_back(solver.getNumRows() - 1, std::move(h));
  }
  return reached.levels;
}

Result<std::vector<double>> LpModel::solve(Plan& plan, bool priced) {
  const CoinPackedMatrix matrix = packed();
  const int ncols = static_cast<int>(lp_.obj.size());
  // The relaxation, one step per tier (strict) or one in all, then the tidying step: the bound, and
  // the shadow prices of each step's capacity rows (what one more unit saves of that step's tier,
  // the tiers above held).
  ClpSimplex solver;
  solver.setLogLevel(0);
  solver.loadProblem(matrix, lp_.collb.data(), lp_.colub.data(), lp_.obj.data(), lp_.rowlb.data(), lp_.rowub.data());
  Bases relaxed;  // each step's basis, for the rounding's solves below
  if (auto st = relax(solver, priced ? &plan : nullptr, &relaxed, nullptr); !st.ok()) return st.status();
  std::vector<double> solution(solver.primalColumnSolution(), solver.primalColumnSolution() + ncols);
  if (integer_cols_.empty() && grouped_.empty()) return solution;
  if (rounds()) {
    // Too many integer columns for branch and bound: whole orders, lots and minimum shipments
    // follow the relaxation (round_wholes(), round_lots(), round_min_shipments()), and the
    // relaxation is solved again on that choice, so what the choice frees goes to others.
    // Feasible, not proven optimal. Where the relaxation is a poor guide (every order whole, say)
    // the fast planner's plan can score better: its whole orders' periods are then tried as the
    // choice too (and when the relaxation's choice has no solution, as under a holder's hold), and
    // the better of the two solves stands.
    auto best = round(matrix, solution, relaxed, nullptr);
    if (!best && best.code() != Code::kInternal) return best.status();
    if (hint_ && (!best || hint_->score.better_than(score_of(best->x)))) {
      auto other = round(matrix, solution, relaxed, &hint_->periods);
      if (!other && other.code() != Code::kInternal) return other.status();
      if (other && (!best || score_of(other->x).better_than(score_of(best->x)))) best = std::move(other);
    }
    if (!best) return best.status();
    if (round_always_) earlier_wholes(matrix, solution, relaxed, *best);
    whole_period_ = std::move(best->periods);
    plan.lp_proven = false;
    return std::move(best->x);
  }
  std::vector<double> obj;
  // Branch and bound (CBC, one thread, a node limit instead of a clock: deterministic), step by
  // step as above; each step starts from the previous step's solution, which the new row allows.
  OsiClpSolverInterface osi;
  obj = step_objective(0);
  osi.loadProblem(matrix, lp_.collb.data(), lp_.colub.data(), obj.data(), lp_.rowlb.data(), lp_.rowub.data());
  osi.messageHandler()->setLogLevel(0);  // the tidying LP below would print to stdout
  for (int c : integer_cols_) osi.setInteger(c);
  std::vector<double> best;
  for (size_t k = 0; k < steps(); ++k) {
    if (k > 0) {
      obj = step_objective(k);
      osi.setObjective(obj.data());
    }
    CbcModel mip(osi);
    CbcCancel events(cancel_);
    mip.passInEventHandler(&events);  // a copy
    mip.setLogLevel(0);
    mip.messageHandler()->setLogLevel(0);
    mip.setMaximumNodes(20000);
    add_cuts(mip);
    if (!best.empty()) {
      double v = 0;
      for (size_t c = 0; c < best.size(); ++c) v += obj[c] * best[c];
      mip.setBestSolution(best.data(), ncols, v, true);
    }
    mip.branchAndBound();
    if (cancelled()) return fail(Code::kCancelled, "the LP planner was cancelled");
    if (!mip.bestSolution())
      return fail(Code::kInternal, "the LP planner found no whole-order solution within its node limit");
    best.assign(mip.bestSolution(), mip.bestSolution() + ncols);
    plan.lp_proven = plan.lp_proven && mip.isProvenOptimal();
    const HoldRow h = hold_row(k, best.data());
    osi.addRow(static_cast<int>(h.cols.size()), h.cols.data(), h.costs.data(), -kInf, h.limit);
  }
  // The tidying step on the whole orders' choice: an LP with the binaries fixed.
  for (int c : integer_cols_) {
    const double v = std::round(best[static_cast<size_t>(c)]);
    osi.setColBounds(c, v, v);
  }
  osi.setObjective(step_objective(steps()).data());
  osi.initialSolve();
  if (osi.isProvenOptimal()) best.assign(osi.getColSolution(), osi.getColSolution() + ncols);
  return best;
}

// A demand's whole-unit deliveries, in period order, shared among its orders so that what each
// has by any period follows the allocation policy: in proportion to their quantities (fair share:
// each order's running total is its share rounded down, the units left over going to the largest
// remainders, earlier orders first on ties) or one after the other by placing date, then id
// (first-come). Running totals never fall, so no order gives back what it was given.
std::vector<std::vector<LpModel::Chunk>> LpModel::share_out(const Demand& dem, const std::vector<Chunk>& chunks) const {
  const size_t n = dem.orders.size();
  std::vector<std::vector<Chunk>> out(n);
  if (n == 1) {
    out[0] = chunks;
    return out;
  }
  std::vector<size_t> turn(n);  // the order in which orders are served (first-come) or win ties
  for (size_t j = 0; j < n; ++j) turn[j] = j;
  if (m_.allocation == Allocation::kFirstCome)
    std::stable_sort(turn.begin(), turn.end(), [&](size_t a, size_t b) {
      return m_.orders[dem.orders[a]].placed < m_.orders[dem.orders[b]].placed;
    });
  std::vector<int64_t> had(n, 0), has(n, 0);
  int64_t total = 0;
  for (const Chunk& c : chunks) {
    total += c.q;
    if (m_.allocation == Allocation::kFirstCome) {
      int64_t left = total;
      for (size_t j : turn) {
        has[j] = std::min(left, m_.orders[dem.orders[j]].qty);
        left -= has[j];
      }
    } else {
      int64_t given = 0;
      std::vector<std::pair<double, size_t>> rest;  // (remainder, order)
      for (size_t j = 0; j < n; ++j) {
        const int64_t q = m_.orders[dem.orders[j]].qty;
        const double exact = static_cast<double>(total) * static_cast<double>(q) / static_cast<double>(dem.qty);
        has[j] = std::min(q, std::max(had[j], static_cast<int64_t>(std::floor(exact + 1e-9))));
        given += has[j];
        rest.emplace_back(exact - static_cast<double>(has[j]), j);
      }
      std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      // Largest remainders first, a unit each, round after round (an order at its quantity is
      // passed over); and, should keeping what orders had overshoot, back from the smallest.
      for (bool gave = true; given < total && gave;) {
        gave = false;
        for (size_t r = 0; given < total && r < rest.size(); ++r)
          if (const size_t j = rest[r].second; has[j] < m_.orders[dem.orders[j]].qty) {
            ++has[j];
            ++given;
            gave = true;
          }
      }
      for (size_t r = rest.size(); given > total && r-- > 0;)
        if (const size_t j = rest[r].second; has[j] > had[j]) {
          const int64_t less = std::min(given - total, has[j] - had[j]);
          has[j] -= less;
          given -= less;
        }
    }
    for (size_t j = 0; j < n; ++j) {
      if (has[j] > had[j]) out[j].push_back({c.d, has[j] - had[j]});
      had[j] = has[j];
    }
  }
  return out;
}

std::vector<std::vector<LpModel::Chunk>> LpModel::share_out_wholes(const Demand& dem, std::vector<Chunk> chunks) const {
  const auto whole = [&](OrderId o) { return !m_.orders[o].partial; };
  if (!group_wholes_ || std::none_of(dem.orders.begin(), dem.orders.end(), whole)) return share_out(dem, chunks);
  std::vector<std::vector<Chunk>> out(dem.orders.size());
  Demand rest;  // the splittable orders, and where each is in dem.orders
  std::vector<size_t> at;
  for (size_t j = 0; j < dem.orders.size(); ++j) {
    const OrderId o = dem.orders[j];
    if (!whole(o)) {
      rest.orders.push_back(o);
      rest.qty += m_.orders[o].qty;
      at.push_back(j);
      continue;
    }
    int64_t need = whole_period_[o] >= 0 ? m_.orders[o].qty : 0;  // left out: nothing
    for (Chunk& c : chunks) {
      if (need == 0) break;
      if (c.d->period != whole_period_[o] || c.q == 0) continue;
      const int64_t q = std::min(need, c.q);
      out[j].push_back({c.d, q});
      c.q -= q;
      need -= q;
    }
  }
  std::erase_if(chunks, [](const Chunk& c) { return c.q == 0; });
  if (rest.orders.empty()) return out;
  const std::vector<std::vector<Chunk>> shares = share_out(rest, chunks);
  for (size_t j = 0; j < shares.size(); ++j) out[at[j]] = shares[j];
  return out;
}

// Back into a Plan: deliveries are dated first (whole orders and groups), then the loads follow
// from the solution, then the causes from the binding capacity rows (lp_causes.h), then the rest.
void LpModel::read_plan(const std::vector<double>& solution, Plan& plan) const {
  const double* x = solution.data();
  const auto units = [](double v) { return static_cast<int64_t>(std::llround(v)); };
  // Flows into stock rounded up and out of it down (beyond solver noise), so that the whole-unit
  // inventory they add up to is never below the solution's, which is never negative. A purchase or
  // a line's load rounded up stays within its whole capacity.
  const auto in_units = [](double v) { return static_cast<int64_t>(std::ceil(v - 1e-6)); };
  const auto out_units = [](double v) { return static_cast<int64_t>(std::floor(v + 1e-6)); };
  // Whole units: an order's deliveries in period order are rounded down as a running total, so a
  // plan never delivers more than the solution had by any period (fractions come from yields and
  // bill-of-materials ratios) and an order split 333.3 + 333.3 + 333.4 still arrives as 1,000.
  std::vector<const Delivery*> of_demand;
  for (size_t k = 0; k < deliveries_.size();) {
    of_demand.clear();
    const size_t demand = deliveries_[k].demand;
    for (; k < deliveries_.size() && deliveries_[k].demand == demand; ++k) of_demand.push_back(&deliveries_[k]);
    std::stable_sort(of_demand.begin(), of_demand.end(),
                     [](const Delivery* a, const Delivery* b) { return a->period < b->period; });
    double total = 0;
    int64_t rounded = 0;
    std::vector<Chunk> kept;
    for (const Delivery* d : of_demand) {
      total += x[d->col];
      const int64_t q = static_cast<int64_t>(std::floor(total + 1e-3)) - rounded;  // + solver noise
      if (q <= 0) continue;
      kept.push_back({d, q});
      rounded += q;
    }
    const std::vector<std::vector<Chunk>> shares = share_out_wholes(demands_[demand], std::move(kept));
    for (size_t j = 0; j < shares.size(); ++j) {
      std::vector<Chunk> mine = shares[j];
      std::sort(mine.begin(), mine.end(), [](const Chunk& a, const Chunk& b) { return a.d < b.d; });  // by column
      OrderPlan& op = plan.orders[demands_[demand].orders[j]];
      for (const auto& c : mine) {
        op.deliveries.push_back({c.d->period, c.d->item, c.q});
        op.delivered += c.q;
      }
      op.delivered = std::min(op.delivered, m_.orders[op.order].qty);
    }
  }
  start_flows(m_, plan);
  for (const SupplierId s : m_.suppliers.ids())
    for (int t = 0; t < T_; ++t) {
      double b = 0;
      for (int c = 0; c < C_; ++c)
        if (const int col = buy_[buy_at(s, t, c)]; col >= 0) b += x[col];
      plan.suppliers[s].used[static_cast<size_t>(t)] = in_units(b);
      plan.items[m_.suppliers[s].item].arrivals[static_cast<size_t>(t)] += in_units(b);
    }
  {  // starts on every route, summed per line, item and period before rounding
    std::map<std::pair<LineId, int>, double> load;
    std::map<std::pair<ItemId, int>, double> produced, consumed;
    for (size_t k = 0; k < routes_.size(); ++k) {
      const ItemId i = routes_[k].item;
      const Route& r = *routes_[k].route;
      for (int t = 0; t < T_; ++t) {
        double starts = 0;
        for (int c = 0; c < C_; ++c)
          if (const int col = start_[start_at(k, t, c)]; col >= 0) starts += x[col];
        if (starts <= 1e-9) continue;
        load[{r.line, t}] += starts * r.usage + r.setup;  // a run: y = 1 (add_lot_sizes())
        produced[{i, t + r.lead_time}] += starts * r.yield;
        for (const auto& b : m_.items[i].bom)
          if (b.plain()) consumed[{b.first().item, t}] += starts * b.first().qty;
      }
    }
    for (const auto& [key, q] : load)
      if (key.first.valid()) plan.lines[key.first].used[static_cast<size_t>(key.second)] += units(q);
    for (const auto& [key, q] : produced)
      plan.items[key.first].produced[static_cast<size_t>(key.second)] += in_units(q);
    for (const auto& [key, q] : consumed)
      plan.items[key.first].consumed[static_cast<size_t>(key.second)] += out_units(q);
  }
  {  // parts of lines with alternates, summed per part and period before rounding
    std::map<std::pair<ItemId, int>, double> used;
    for (const auto& pc : part_cols_) used[{pc.part, pc.period}] += x[pc.col] * pc.per;
    for (const auto& [key, q] : used) plan.items[key.first].consumed[static_cast<size_t>(key.second)] += out_units(q);
  }
  if (const auto flows = peg_flows(x)) peg_lp(m_, *flows, plan);
  plan.shadow_prices = shadow_prices_;
  lp_causes(m_, plan);
  summarize(m_, plan);
  finish_flows(m_, plan);
  // The plan's value as delivered (whole units), as any plan is scored (objective.h).
  plan.lp_levels = score(m_, plan, objective_).levels;
  plan.lp_objective = weighted(plan.lp_levels);
}

std::optional<PegFlows> LpModel::peg_flows(const double* x) const {
  const bool choices = std::any_of(m_.items.begin(), m_.items.end(), [](const Item& it) {
    return it.routes.size() > 1 ||
           std::any_of(it.bom.begin(), it.bom.end(), [](const BomLine& b) { return b.parts.size() > 1; });
  });
  if (!choices) return std::nullopt;
  constexpr double kNoise = 1e-9;
  PegFlows f;
  f.commodities = C_;
  for (const auto& r : m_.receipts) f.lots.push_back({r.item, H_, r.period, static_cast<double>(r.qty)});
  for (const SupplierId s : m_.suppliers.ids())
    for (int t = 0; t < T_; ++t)
      for (int c = 0; c < C_; ++c)
        if (const int col = buy_[buy_at(s, t, c)]; col >= 0 && x[col] > kNoise)
          f.lots.push_back({m_.suppliers[s].item, c, t, x[col]});
  std::map<int, std::vector<const PartCol*>> parts_of;  // per starts column
  for (const auto& pc : part_cols_) parts_of[pc.start].push_back(&pc);
  for (size_t k = 0; k < routes_.size(); ++k) {
    const Item& it = m_.items[routes_[k].item];
    const Route& r = *routes_[k].route;
    for (int t = 0; t < T_; ++t)
      for (int c = 0; c < C_; ++c) {
        const int col = start_[start_at(k, t, c)];
        if (col < 0 || x[col] <= kNoise) continue;
        PegFlows::Make mk{routes_[k].item, r.line, c, t, t + r.lead_time, x[col] * r.yield, it.routes.size() > 1, {}};
        for (const auto& b : it.bom)
          if (b.plain()) mk.parts.push_back({b.first().item, x[col] * b.first().qty, false});
        if (const auto p = parts_of.find(col); p != parts_of.end())
          for (const PartCol* pc : p->second) mk.parts.push_back({pc->part, x[pc->col] * pc->per, pc->chosen});
        f.makes.push_back(std::move(mk));
      }
  }
  for (const ItemId i : m_.items.ids())
    for (int t = 0; t < T_ && H_ > 0; ++t)
      for (int h = 0; h < H_; ++h)
        if (const int col = xfer_[xfer_at(i, t, h)]; col >= 0 && x[col] > kNoise)
          f.transfers.push_back({i, h, t, x[col]});
  for (const auto& o : m_.orders) f.order_commodity.push_back(commodity_[o.customer]);
  return f;
}

}  // namespace

std::vector<std::vector<double>> LpModel::customer_costs(const std::vector<double>& x) const {
  std::vector<std::vector<double>> cost(m_.customers.size(), std::vector<double>(priorities_.size(), 0.0));
  for (const auto& d : deliveries_)
    cost[demands_[d.demand].first(m_).customer.v][static_cast<size_t>(d.tier)] +=
        d.cost * x[static_cast<size_t>(d.col)];
  return cost;
}

void LpModel::hold_customers(const std::vector<CustomerId>& holders, const std::vector<std::vector<double>>& limits) {
  std::vector<char> held(m_.customers.size(), 0);
  for (const CustomerId h : holders) held[h.v] = 1;
  // One pass over the deliveries: a row per held customer and tier, made at its first delivery.
  std::vector<std::vector<int>> row(m_.customers.size(), std::vector<int>(priorities_.size(), -1));
  for (const auto& d : deliveries_) {
    const CustomerId c = demands_[d.demand].first(m_).customer;
    if (held[c.v] == 0) continue;
    int& r = row[c.v][static_cast<size_t>(d.tier)];
    const double v = limits[c.v][static_cast<size_t>(d.tier)];
    if (r < 0) r = lp_.row(-kInf, v + 1e-6 + 1e-9 * std::abs(v));  // the solver's tolerance, no more
    lp_.add(r, d.col, d.cost);
  }
}

namespace {

// The holders of agreements that reserve something and release what the holder leaves unused.
std::vector<CustomerId> releasing_holders(const Model& m) {
  std::vector<CustomerId> out;
  for (const auto& a : m.agreements) {
    if (a.release != Release::kUnused || !reserves(a)) continue;
    out.push_back(a.holder);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

// The aggregate LP's bound (LpModel, aggregate): a relaxation of every plan's rules, so no plan
// scores better. The fairness term adds lambda x the tier's units x its worst buyer's measure per
// unit ordered, at least (lateness; at most for fill and revenue) the tier's own measure per unit,
// so the tier's bound without the term, times 1 + lambda, bounds the tier with it.
Result<std::vector<double>> bound_lp(const Model& m, Objective objective, const std::atomic<bool>* cancel,
                                     const Score* against) {
  if (m.periods() == 0 || m.orders.empty()) return std::vector<double>(priority_tiers(m).size(), 0.0);
  LpModel lp(m, objective, cancel, true);
  lp.build();
  return lp.bound(against);
}

// An agreement that releases what its holder leaves unused still gives its holder the first claim
// (as the fast planner does, which keeps the reservation for its holder through its first pass).
// The LP holds that in two solves: first with every such reservation kept for its holder (released
// never), which says what each holder gets with its reservation to itself; then with the
// reservations open to all, each holder held, tier by tier, at no worse than that. So the holder
// loses nothing by the release and the others use what it leaves. Should the second solve find no
// plan within the first one's value (only by the solver's rounding), the first plan stands: it
// keeps every rule, it just leaves the unused reservation unused.
namespace {

// plan_lp(), or with `polish` (the most columns it may have) plan_lp_rounded(): nullopt when the LP
// has more.
Result<std::optional<Plan>> plan_lp_as(const Model& m, Objective objective, const std::atomic<bool>* cancel,
                                       const Plan* fast, size_t polish) {
  Plan plan;
  plan.planner = "lp";
  plan.orders.resize(m.orders.size());
  for (const OrderId o : m.orders.ids()) plan.orders[o].order = o;
  if (m.periods() == 0) {
    summarize(m, plan);
    return std::optional<Plan>(std::move(plan));
  }
  const std::vector<CustomerId> holders = releasing_holders(m);
  // Where the LP will round, the fast planner's plan is another rounding to try (solve()); the
  // fast planner asked here does not polish (it is what the polish starts from).
  const auto hinted = [&](LpModel& lp, const Model& model) {
    if (!lp.rounds()) return;
    if (fast != nullptr && &model == &m)
      lp.hint(*fast);
    else
      lp.hint(plan_heuristic(model, {.objective = objective, .polish = false, .cancel = cancel}));
  };
  const auto made = [&](LpModel& lp) {
    if (polish == 0) {
      lp.build();
      return true;
    }
    lp.round_always();
    return lp.build_within(polish);
  };
  if (holders.empty()) {
    LpModel lp(m, objective, cancel);
    if (!made(lp)) return std::optional<Plan>();
    hinted(lp, m);
    auto solution = lp.solve(plan);
    if (!solution) return solution.status();
    lp.read_plan(*solution, plan);
    return std::optional<Plan>(std::move(plan));
  }
  Model kept = m;
  for (auto& a : kept.agreements)
    if (a.release == Release::kUnused) a.release = Release::kNever;
  Plan first = plan;
  LpModel own(kept, objective, cancel);
  if (!made(own)) return std::optional<Plan>();
  auto alone = own.solve(first, false);  // its bound and prices would only matter should its plan stand (below)
  if (!alone) return alone.status();
  LpModel lp(m, objective, cancel);
  if (!made(lp)) return std::optional<Plan>();
  hinted(lp, m);
  lp.hold_customers(holders, own.customer_costs(*alone));
  auto solution = lp.solve(plan);
  if (!solution && solution.code() == Code::kInternal) {
    hinted(own, kept);
    alone = own.solve(first);  // again, priced
    if (!alone) return alone.status();
    own.read_plan(*alone, first);
    return std::optional<Plan>(std::move(first));
  }
  if (!solution) return solution.status();
  lp.read_plan(*solution, plan);
  return std::optional<Plan>(std::move(plan));
}

}  // namespace

Result<Plan> plan_lp(const Model& m, Objective objective, const std::atomic<bool>* cancel, const Plan* fast) {
  auto plan = plan_lp_as(m, objective, cancel, fast, 0);
  if (!plan) return plan.status();
  return std::move(**plan);
}

Result<std::optional<Plan>> plan_lp_rounded(const Model& m, Objective objective, const std::atomic<bool>* cancel,
                                            const Plan& fast, size_t max_columns) {
  return plan_lp_as(m, objective, cancel, &fast, std::max<size_t>(max_columns, 1));
}

}  // namespace opticplan::supply
