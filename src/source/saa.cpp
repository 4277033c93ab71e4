#include "saa.h"

#include "second_stage.h"
#include "side_by_side.h"

#include <ClpEventHandler.hpp>
#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>

namespace opticplan::source::detail {

namespace {
constexpr double kInf = 1e30;
constexpr int kCvarRow = -2;     // add(): an entry of the current future's CVaR row, kept aside
constexpr int kMaxRounds = 500;  // of cuts at one weight: a bound on the time, never reached in tests

std::vector<std::vector<size_t>> agreements_by_offer(const Problem& p) {
  std::vector<std::vector<size_t>> out(p.offers.size());
  for (size_t g = 0; g < p.agreements.size(); ++g) out[static_cast<size_t>(p.agreements[g].offer)].push_back(g);
  return out;
}

// Stops CLP at the end of an iteration once the caller cancels.
class Cancel final : public ClpEventHandler {
 public:
  explicit Cancel(const std::atomic<bool>* cancel) : cancel_(cancel) {}
  int event(Event e) override { return e == endOfIteration && cancel_->load() ? 0 : -1; }
  ClpEventHandler* clone() const override { return new Cancel(*this); }

 private:
  const std::atomic<bool>* cancel_;
};
}  // namespace

using Futures = std::vector<std::vector<std::vector<double>>>;  // [future][offer][period]

// One LP: the whole SAA with its CVaR rows (coupled); for weight 0 without a cluster, the part of
// one item (its offers, their agreements and qualifications, its second stages), which is then
// independent of every other item's; or the master of the cuts (the first stage, the CVaR rows and
// a column per future and item for its second stage). Columns and rows of offers, agreements and binaries outside
// the part are -1.
struct Saa::Model {
  const Problem& p;
  const Futures& avail;
  std::vector<char> holds;  // [item]
  bool coupled;
  std::vector<double> collb, colub, expected, rowlb, rowub;  // expected: the weight-0 objective
  std::vector<int> rows, cols;
  std::vector<double> vals;
  std::vector<std::vector<int>> reserve, agreed;  // [offer | agreement][period]
  std::vector<int> qualify;                       // [offer] column or -1
  std::vector<int> sign;                          // [agreement] column or -1
  std::vector<int> binary;                        // [binary] column or -1
  std::vector<std::optional<bool>> applied;       // [binary] the pin its bounds hold
  int var = -1;                                   // value at risk (coupled)
  std::vector<int> excess;                        // [future] (coupled)
  // The CVaR rows (coupled), excess_k + var - cost_k >= constant, kept aside and added to the LP
  // only once the solution breaks them: a future's row is dense (every reservation, priced by its
  // arrivals) and most futures never reach the tail. [future] its entries from cvar_start.
  std::vector<size_t> cvar_start;
  std::vector<int> cvar_cols;
  std::vector<double> cvar_vals;
  std::vector<char> cvar_in;  // [future] its row is in the LP
  // [column] the item it belongs to (-1: the value at risk, an excess, a cluster's): build() makes
  // an item's first-stage columns in the same order in its part and in the master, so the k-th of
  // item i in one is the k-th in the other.
  std::vector<int> col_item;
  int item = -1;         // what column() records
  double constant = 0;   // what every future's cost starts from (the cluster's idle time)
  bool at_risk = false;  // a positive CVaR weight: the rows bind
  ClpSimplex lp;
  bool solved = false;
  bool changed = true;             // bounds changed since the last solve: dual warm start
  bool objective_changed = false;  // since the last solve: primal warm start

  // master: the first stage, with one column per future and item standing for that item's second
  // stage in that future (bounded from below by cuts: Saa::solve_decomposed()).
  bool master = false;
  std::vector<std::vector<int>> theta;      // [future][item] (master)
  std::vector<int> col_future, row_future;  // [column | row] its future, -1: the first stage
  int future = -1;

  Model(const Problem& problem, const Futures& futures, std::vector<char> items, bool whole, bool first_stage = false)
      : p(problem), avail(futures), holds(std::move(items)), coupled(whole), master(first_stage) {}

  int column(double cost, double lb, double ub) {
    collb.push_back(lb);
    colub.push_back(ub);
    expected.push_back(cost);
    col_item.push_back(item);
    col_future.push_back(future);
    return static_cast<int>(expected.size()) - 1;
  }
  int row(double lb, double ub) {
    rowlb.push_back(lb);
    rowub.push_back(ub);
    row_future.push_back(future);
    return static_cast<int>(rowlb.size()) - 1;
  }
  void add(int r, int c, double v) {
    if (v == 0 || r == -1) return;  // -1: a CVaR row of a part, which has none
    if (r == kCvarRow) {
      cvar_cols.push_back(c);
      cvar_vals.push_back(v);
      return;
    }
    rows.push_back(r);
    cols.push_back(c);
    vals.push_back(v);
  }
  void build(const std::atomic<bool>* cancel);
  // The master's part of future k: a column per item for its second stage's cost, in the CVaR
  // row with the reservations' payments.
  void add_estimates(int k, const std::vector<std::vector<size_t>>& agreements_of);
  void load(const std::atomic<bool>* cancel);
  bool solve();
  void seed_cvar_rows(double level);
  std::vector<int> violated() const;                    // futures whose CVaR row is out and broken by the solution
  double future_cost(size_t k, const double* x) const;  // what its CVaR row charges
  // The mean of the costliest (1 - level) share of the futures' costs under x (the last in part).
  double cvar(const double* x, double level) const {
    std::vector<double> cost;
    for (size_t k = 0; k < excess.size(); ++k) cost.push_back(constant + future_cost(k, x));
    std::sort(cost.begin(), cost.end(), std::greater<>());
    double mass = (1 - level) * static_cast<double>(cost.size()), sum = 0;
    const double tail = mass;
    for (size_t k = 0; k < cost.size() && mass > 0; ++k) {
      sum += cost[k] * std::min(1.0, mass);
      mass -= 1;
    }
    return sum / tail;
  }
  void add_cvar_rows(const std::vector<int>& futures);
  double expected_cost() const {
    const double* x = lp.primalColumnSolution();
    double cost = 0;
    for (size_t c = 0; c < expected.size(); ++c) cost += expected[c] * x[c];
    return cost;
  }
};

void Saa::Model::build(const std::atomic<bool>* cancel) {
  const size_t periods = p.periods.size();
  const int futures = static_cast<int>(avail.size());
  const double share = 1.0 / futures;
  const auto held = [&](size_t o) { return holds[static_cast<size_t>(p.offers[o].item)] != 0; };
  const std::vector<std::vector<size_t>> agreements_of = agreements_by_offer(p);

  // First stage; binaries in the order Saa numbers them: qualifications, then signatures.
  qualify.assign(p.offers.size(), -1);
  sign.assign(p.agreements.size(), -1);
  for (size_t o = 0; o < p.offers.size(); ++o) {
    if (p.offers[o].qualified) continue;
    item = p.offers[o].item;
    binary.push_back(held(o) ? (qualify[o] = column(p.offers[o].qualify_cost, 0, 1)) : -1);
  }
  for (size_t g = 0; g < p.agreements.size(); ++g) {
    const bool mine = held(static_cast<size_t>(p.agreements[g].offer));
    item = p.offers[static_cast<size_t>(p.agreements[g].offer)].item;
    binary.push_back(mine ? (sign[g] = column(0, 0, 1)) : -1);
  }
  applied.assign(binary.size(), std::nullopt);
  const auto ready = [&](size_t o, size_t t) {
    return p.offers[o].qualified || static_cast<int>(t) >= p.offers[o].qualify_periods;
  };
  std::vector<std::vector<int>> penalty_cols(p.agreements.size(), std::vector<int>(periods, -1));
  reserve.assign(p.offers.size(), std::vector<int>(periods, -1));
  agreed.assign(p.agreements.size(), std::vector<int>(periods, -1));
  for (size_t o = 0; o < p.offers.size(); ++o) {
    if (!held(o)) continue;
    const Offer& of = p.offers[o];
    item = of.item;
    for (size_t t = 0; t < periods; ++t) {
      double mean_price = 0;
      for (int k = 0; k < futures; ++k) mean_price += of.price[t] * avail[static_cast<size_t>(k)][o][t] * share;
      const bool shared = !of.qualified || !agreements_of[o].empty();
      reserve[o][t] = column(mean_price, 0, ready(o, t) ? (shared ? kInf : of.capacity[t]) : 0);
      if (!shared) continue;
      // reserved + agreed <= capacity (x qualification)
      const int r = row(-kInf, of.qualified ? of.capacity[t] : 0);
      add(r, reserve[o][t], 1);
      if (!of.qualified) add(r, qualify[o], -of.capacity[t]);
      for (size_t g : agreements_of[o]) {
        const Agreement& a = p.agreements[g];
        double mean = 0;
        for (int k = 0; k < futures; ++k) mean += a.price * avail[static_cast<size_t>(k)][o][t] * share;
        agreed[g][t] = column(mean, 0, ready(o, t) && a.in_term(static_cast<int>(t)) ? a.volume : 0);
        add(r, agreed[g][t], 1);
        const int cap = row(-kInf, 0);  // agreed <= volume x signed
        add(cap, agreed[g][t], 1);
        add(cap, sign[g], -a.volume);
        if (!ready(o, t) || !a.in_term(static_cast<int>(t)) || a.min_take <= 0 || a.penalty <= 0) continue;
        penalty_cols[g][t] = column(a.penalty, 0, kInf);  // shortfall >= min take x volume x signed - agreed
        const int floor = row(0, kInf);
        add(floor, penalty_cols[g][t], 1);
        add(floor, agreed[g][t], 1);
        add(floor, sign[g], -a.min_take * a.volume);
      }
    }
  }
  item = -1;
  if (coupled) var = column(0, -kInf, kInf);
  constant = idle_constant(p);

  // Second stage, per future; and its CVaR row: excess_k + var - cost_k >= constant.
  for (int k = 0; k < futures; ++k) {
    const auto& av = avail[static_cast<size_t>(k)];
    int cvar = -1;  // the future's CVaR row, recorded aside by add()
    item = -1;
    future = k;
    if (coupled) {
      cvar = kCvarRow;
      cvar_start.push_back(cvar_cols.size());
      excess.push_back(column(0, 0, kInf));
      add(cvar, excess.back(), 1);
      add(cvar, var, 1);
    }
    for (int q : qualify)
      if (q >= 0) add(cvar, q, -expected[static_cast<size_t>(q)]);
    for (const auto& g : penalty_cols)
      for (int c : g)
        if (c >= 0) add(cvar, c, -expected[static_cast<size_t>(c)]);
    if (master) {
      add_estimates(k, agreements_of);
      continue;
    }
    std::vector<std::vector<int>> balance(p.items.size()), back(p.items.size());
    for (size_t i = 0; i < p.items.size(); ++i) {
      if (!holds[i]) continue;
      item = static_cast<int>(i);
      int prev_inv = -1, prev_back = -1;
      for (size_t t = 0; t < periods; ++t) {
        const int r = row(p.need[i][t], p.need[i][t]);
        const int inv = column(0, 0, kInf);
        const double cost = p.lateness_cost[i] + (t + 1 == periods ? p.shortage_cost[i] : 0);
        const int bk = column(cost * share, 0, kInf);
        add(r, inv, -1);
        add(r, bk, 1);
        add(cvar, bk, -cost);
        if (prev_inv >= 0) {
          add(r, prev_inv, 1);
          add(r, prev_back, -1);
        }
        prev_inv = inv;
        prev_back = bk;
        balance[i].push_back(r);
        back[i].push_back(bk);
      }
    }
    for (size_t o = 0; o < p.offers.size(); ++o) {
      if (!held(o)) continue;
      const Offer& of = p.offers[o];
      const auto i = static_cast<size_t>(of.item);
      item = of.item;
      for (size_t t = 0; t < periods; ++t) {
        add(balance[i][t], reserve[o][t], av[o][t]);
        add(cvar, reserve[o][t], -of.price[t] * av[o][t]);
        for (size_t g : agreements_of[o]) {
          add(balance[i][t], agreed[g][t], av[o][t]);
          add(cvar, agreed[g][t], -p.agreements[g].price * av[o][t]);
        }
        if (of.spot_capacity[t] <= 0 || !ready(o, t) || av[o][t] <= 0) continue;
        const double cap = of.spot_capacity[t] * av[o][t];
        const int z = column(of.spot_price[t] * share, 0, of.qualified ? cap : kInf);
        add(balance[i][t], z, 1);
        add(cvar, z, -of.spot_price[t]);
        if (of.qualified) continue;
        const int r = row(-kInf, 0);  // spot only from a qualified source
        add(r, z, 1);
        add(r, qualify[o], -cap);
      }
    }
    if (p.cluster) {  // always coupled: the cluster goes live on its last item
      item = -1;
      for (size_t t = static_cast<size_t>(p.cluster->go_live); t < periods; ++t) {
        const double idle = p.cluster->idle_cost * (t + 1 == periods ? 1.0 + static_cast<double>(periods) : 1.0);
        const int live = column(-idle * share, 0, 1);
        add(cvar, live, idle);
        for (size_t i = 0; i < p.items.size(); ++i) {
          const double units = p.cluster->units[i];
          if (units <= 0) continue;  // an item with needs of its own does not hold the cluster back
          const int r = row(-kInf, 1);
          add(r, live, 1);
          add(r, back[i][t], 1 / units);
        }
      }
    }
  }
  cvar_start.push_back(cvar_cols.size());
  cvar_in.assign(excess.size(), 0);
  load(cancel);
}

void Saa::Model::add_estimates(int k, const std::vector<std::vector<size_t>>& agreements_of) {
  const auto& av = avail[static_cast<size_t>(k)];
  theta.emplace_back(p.items.size(), -1);
  for (size_t i = 0; i < p.items.size(); ++i) {
    item = static_cast<int>(i);
    theta.back()[i] = column(1.0 / static_cast<double>(avail.size()), 0, kInf);
    add(kCvarRow, theta.back()[i], -1);
  }
  for (size_t o = 0; o < p.offers.size(); ++o) {
    item = p.offers[o].item;
    for (size_t t = 0; t < p.periods.size(); ++t) {
      add(kCvarRow, reserve[o][t], -p.offers[o].price[t] * av[o][t]);
      for (size_t g : agreements_of[o]) add(kCvarRow, agreed[g][t], -p.agreements[g].price * av[o][t]);
    }
  }
}

// Hands the rows and columns built to CLP, and frees them.
void Saa::Model::load(const std::atomic<bool>* cancel) {
  CoinPackedMatrix m(true, rows.data(), cols.data(), vals.data(), static_cast<CoinBigIndex>(vals.size()));
  m.setDimensions(static_cast<int>(rowlb.size()), static_cast<int>(expected.size()));
  lp.setLogLevel(0);
  if (cancel != nullptr) {
    Cancel events(cancel);
    lp.passInEventHandler(&events);  // a copy
  }
  lp.loadProblem(m, collb.data(), colub.data(), expected.data(), rowlb.data(), rowub.data());
  rows = {};
  cols = {};
  vals = {};
  collb = {};
  colub = {};
  rowlb = {};
  rowub = {};
}

bool Saa::Model::solve() {
  // Warm: a pinned binary keeps the basis dual feasible (dual simplex). A new weight goes through
  // CLP's presolve with the basis it has: on the whole LP the simplex without presolve takes ten
  // times longer an iteration (2-3 ms against 0.2-0.5 ms at the benchmark size), which
  // cost more than the warm start saved (30 s a weight against 12 s).
  if (solved && !objective_changed) lp.dual(0);
  if (!solved || objective_changed || !lp.isProvenOptimal()) lp.initialSolve();
  solved = true;
  changed = objective_changed = false;
  // Rows added with their slacks basic keep the basis dual feasible: the dual simplex goes on. An
  // optimum that breaks no row left out is the optimum of the LP with every row.
  while (at_risk && lp.isProvenOptimal()) {
    const std::vector<int> add = violated();
    if (add.empty()) break;
    add_cvar_rows(add);
    lp.dual(0);
    if (!lp.isProvenOptimal()) lp.initialSolve();
  }
  return lp.isProvenOptimal();
}

double Saa::Model::future_cost(size_t k, const double* x) const {
  double cost = 0;
  for (size_t e = cvar_start[k]; e < cvar_start[k + 1]; ++e)
    if (cvar_cols[e] != var && cvar_cols[e] != excess[k]) cost -= cvar_vals[e] * x[cvar_cols[e]];
  return cost;
}

std::vector<int> Saa::Model::violated() const {
  const double* x = lp.primalColumnSolution();
  std::vector<int> out;
  for (size_t k = 0; k < cvar_in.size(); ++k) {
    if (cvar_in[k] != 0) continue;
    const double activity = x[excess[k]] + x[var] - future_cost(k, x);
    if (activity < constant - 1e-7 * std::max(1.0, std::abs(constant))) out.push_back(static_cast<int>(k));
  }
  return out;
}

void Saa::Model::add_cvar_rows(const std::vector<int>& futures) {
  std::vector<CoinBigIndex> starts{0};
  std::vector<double> lower(futures.size(), constant), upper(futures.size(), kInf);
  std::vector<int> columns;
  std::vector<double> elements;
  for (int k : futures) {
    const auto f = static_cast<size_t>(k);
    const auto from = static_cast<std::ptrdiff_t>(cvar_start[f]), to = static_cast<std::ptrdiff_t>(cvar_start[f + 1]);
    columns.insert(columns.end(), cvar_cols.begin() + from, cvar_cols.begin() + to);
    elements.insert(elements.end(), cvar_vals.begin() + from, cvar_vals.begin() + to);
    starts.push_back(static_cast<CoinBigIndex>(columns.size()));
    cvar_in[f] = 1;
  }
  const int first = lp.numberRows();
  lp.addRows(static_cast<int>(futures.size()), lower.data(), upper.data(), starts.data(), columns.data(),
             elements.data());
  for (int r = first; r < lp.numberRows(); ++r) lp.setRowStatus(r, ClpSimplex::basic);
}

// A positive weight needs at least (1 - level) x futures rows, or the value at risk falls without
// bound. The rows in the LP include the costliest twice that: under the current solution (the
// previous weight's optimum, or the parts' one), or, before there is one, the futures that lose
// most supply, priced at their items' lateness. At each new weight, the rows of futures that
// became costly under the previous optimum are added before the solve: the tail moves toward them
// as the weight grows, and a row added after the optimum breaks it cost a round of the dual
// simplex (measured at the benchmark size: 10,800 iterations, 7 s, for two rows).
void Saa::Model::seed_cvar_rows(double level) {
  const size_t futures = cvar_in.size();
  const auto tail = static_cast<size_t>(std::ceil((1 - level) * static_cast<double>(futures)));
  const size_t want = std::min(futures, 2 * tail);
  std::vector<double> score(futures, 0.0);
  for (size_t k = 0; k < futures; ++k) {
    if (solved) {
      score[k] = future_cost(k, lp.primalColumnSolution());
      continue;
    }
    for (size_t o = 0; o < p.offers.size(); ++o) {
      const Offer& of = p.offers[o];
      if (holds[static_cast<size_t>(of.item)] == 0) continue;
      for (size_t t = 0; t < p.periods.size(); ++t)
        score[k] += p.lateness_cost[static_cast<size_t>(of.item)] * of.capacity[t] * (of.yield - avail[k][o][t]);
    }
  }
  std::vector<int> order(futures);
  for (size_t k = 0; k < futures; ++k) order[k] = static_cast<int>(k);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return score[static_cast<size_t>(a)] > score[static_cast<size_t>(b)]; });
  order.resize(want);
  order.erase(std::remove_if(order.begin(), order.end(), [&](int k) { return cvar_in[static_cast<size_t>(k)] != 0; }),
              order.end());
  if (order.empty()) return;
  std::sort(order.begin(), order.end());
  add_cvar_rows(order);
}

Saa::Saa(const Problem& p, int futures, const std::atomic<bool>* cancel) : p_(p), cancel_(cancel) {
  avail_.reserve(static_cast<size_t>(futures));
  for (int k = 0; k < futures; ++k) avail_.push_back(sample_future(p, static_cast<uint64_t>(k)));
  const size_t unqualified =
      static_cast<size_t>(std::count_if(p.offers.begin(), p.offers.end(), [](const Offer& o) { return !o.qualified; }));
  pins_.assign(unqualified + p.agreements.size(), std::nullopt);
  if (p.cluster) {
    whole();
    rows_ = whole_->lp.numberRows() + futures;  // every CVaR row counted, though few are ever added
    columns_ = whole_->lp.numberColumns();
    return;
  }
  // The whole LP is the parts and, per future, one CVaR row and one excess column, and the VaR.
  rows_ = futures;
  columns_ = futures + 1;
  for (size_t i = 0; i < p.items.size(); ++i) {
    std::vector<char> one(p.items.size(), 0);
    one[i] = 1;
    parts_.push_back(std::make_unique<Model>(p, avail_, std::move(one), false));
    parts_.back()->build(cancel_);
    rows_ += parts_.back()->lp.numberRows();
    columns_ += parts_.back()->lp.numberColumns();
  }
}
Saa::~Saa() = default;

Saa::Model& Saa::whole() {
  if (!whole_) {
    whole_ = std::make_unique<Model>(p_, avail_, std::vector<char>(p_.items.size(), 1), true);
    whole_->build(cancel_);
  }
  return *whole_;
}

// The master holds the first stage in the parts' order (build() makes an item's first-stage columns
// in the same order whichever items a model holds), so the j-th first-stage column of item i in
// the master is the j-th of part i. The parts are copied, solved, to evaluate the master's
// solutions in: the copies start from the parts' optimum, where the first cuts are taken.
Saa::Model& Saa::master() {
  if (master_) return *master_;
  for (auto& part : parts_) {
    apply_pins(*part);
    if (!part->solved || part->changed) part->solve();
  }
  master_ = std::make_unique<Model>(p_, avail_, std::vector<char>(p_.items.size(), 1), true, true);
  master_->build(cancel_);
  master_first_.assign(p_.items.size(), {});
  part_first_.assign(p_.items.size(), {});
  for (size_t c = 0; c < master_->col_item.size(); ++c)
    if (master_->col_future[c] < 0 && master_->col_item[c] >= 0)
      master_first_[static_cast<size_t>(master_->col_item[c])].push_back(static_cast<int>(c));
  for (size_t i = 0; i < parts_.size(); ++i) {
    for (size_t c = 0; c < parts_[i]->col_item.size(); ++c)
      if (parts_[i]->col_future[c] < 0) part_first_[i].push_back(static_cast<int>(c));
    evals_.push_back(std::make_unique<Model>(*parts_[i]));
  }
  return *master_;
}

bool Saa::decomposed() const { return decompose_ && weight_ > 0 && !parts_.empty(); }

std::vector<Saa::Model*> Saa::active() const {
  if (decomposed()) return {master_.get()};
  // set_weight() builds the whole LP for a positive weight; the constructor, for a cluster.
  if (weight_ != 0 || parts_.empty()) return {whole_.get()};
  std::vector<Model*> out;
  for (const auto& m : parts_) out.push_back(m.get());
  return out;
}

void Saa::set_weight(double w) {
  weight_ = w;
  if (w == 0 && !parts_.empty()) return;  // the parts: an objective of expected cost alone
  Model& m = decomposed() ? master() : whole();
  m.at_risk = w > 0;
  if (m.at_risk) m.seed_cvar_rows(p_.risk.cvar_level);
  m.lp.setObjectiveCoefficient(m.var, w);
  const double per = w / ((1 - p_.risk.cvar_level) * static_cast<double>(avail_.size()));
  for (int c : m.excess) m.lp.setObjectiveCoefficient(c, per);
  m.objective_changed = true;
}

size_t Saa::binaries() const { return pins_.size(); }

double Saa::binary_value(size_t b) const {
  for (const Model* m : active())
    if (m->binary[b] >= 0) return m->lp.primalColumnSolution()[m->binary[b]];
  return 0;
}

void Saa::fix(size_t b, std::optional<bool> value) { pins_[b] = value; }

void Saa::set_threads(int threads) { threads_ = std::max(1, threads); }
void Saa::set_decomposed(bool on) { decompose_ = on; }

void Saa::apply_pins(Model& m) const {
  for (size_t b = 0; b < pins_.size(); ++b) {
    const int c = m.binary[b];
    if (c < 0 || m.applied[b] == pins_[b]) continue;
    m.lp.setColumnLower(c, pins_[b] ? (*pins_[b] ? 1 : 0) : 0);
    m.lp.setColumnUpper(c, pins_[b] ? (*pins_[b] ? 1 : 0) : 1);
    m.applied[b] = pins_[b];
    m.changed = true;
  }
}

int Saa::evaluate(const double* x) {
  const size_t futures = avail_.size(), items = p_.items.size();
  const double share = 1.0 / static_cast<double>(futures);
  std::vector<std::vector<double>>& q = q_;
  q.assign(futures, std::vector<double>(items, 0.0));
  Model& m = *master_;
  const double* theta = m.solved ? m.lp.primalColumnSolution() : nullptr;
  struct Cut {
    int future;
    double rhs;
    std::vector<double> g;
  };
  std::vector<std::vector<Cut>> cuts(items);
  std::vector<char> ok(items, 1);
  side_by_side(items, threads_, [&](size_t i) {
    Model& e = *evals_[i];
    const auto& mf = master_first_[i];
    const auto& pf = part_first_[i];
    for (size_t j = 0; j < pf.size(); ++j) {
      e.lp.setColumnLower(pf[j], x[mf[j]]);
      e.lp.setColumnUpper(pf[j], x[mf[j]]);
    }
    e.lp.dual(0);
    if (!e.lp.isProvenOptimal()) e.lp.initialSolve();
    if (!e.lp.isProvenOptimal()) {
      ok[i] = 0;
      return;
    }
    const double* xe = e.lp.primalColumnSolution();
    const double* pi = e.lp.dualRowSolution();
    for (size_t c = 0; c < e.col_future.size(); ++c)
      if (e.col_future[c] >= 0) q[static_cast<size_t>(e.col_future[c])][i] += e.expected[c] * xe[c] / share;
    std::vector<std::vector<double>> g(futures, std::vector<double>(pf.size(), 0.0));
    const CoinPackedMatrix* a = e.lp.matrix();
    const CoinBigIndex* starts = a->getVectorStarts();
    const int* lengths = a->getVectorLengths();
    const int* index = a->getIndices();
    const double* value = a->getElements();
    for (size_t j = 0; j < pf.size(); ++j)
      for (CoinBigIndex n = starts[pf[j]]; n < starts[pf[j]] + lengths[pf[j]]; ++n) {
        const int f = e.row_future[static_cast<size_t>(index[n])];
        if (f >= 0) g[static_cast<size_t>(f)][j] -= pi[index[n]] * value[n] / share;
      }
    for (size_t f = 0; f < futures; ++f) {
      // A cut goes in where the master's estimate falls short of the cost beyond CLP's tolerance.
      const double now = theta != nullptr ? theta[m.theta[f][i]] : -kInf;
      if (now >= q[f][i] - 1e-7 * std::max(1.0, q[f][i])) continue;
      double rhs = q[f][i];
      for (size_t j = 0; j < pf.size(); ++j) rhs -= g[f][j] * x[mf[j]];
      cuts[i].push_back({static_cast<int>(f), rhs, std::move(g[f])});
    }
  });
  if (std::find(ok.begin(), ok.end(), 0) != ok.end()) return -1;
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> columns;
  std::vector<double> elements, lower, upper;
  for (size_t i = 0; i < items; ++i)
    for (const Cut& c : cuts[i]) {  // theta - g x >= q - g x^
      columns.push_back(m.theta[static_cast<size_t>(c.future)][i]);
      elements.push_back(1);
      for (size_t j = 0; j < c.g.size(); ++j) {
        if (c.g[j] == 0) continue;
        columns.push_back(master_first_[i][j]);
        elements.push_back(-c.g[j]);
      }
      starts.push_back(static_cast<CoinBigIndex>(columns.size()));
      lower.push_back(c.rhs);
      upper.push_back(kInf);
    }
  const int first = m.lp.numberRows();
  const int added = static_cast<int>(lower.size());
  m.lp.addRows(added, lower.data(), upper.data(), starts.data(), columns.data(), elements.data());
  for (int r = first; r < m.lp.numberRows(); ++r) m.lp.setRowStatus(r, ClpSimplex::basic);
  return added;
}

bool Saa::solve_decomposed() {
  Model& m = *master_;
  apply_pins(m);
  if (q_.empty()) {  // the first cuts: at the parts' optimum
    std::vector<double> x0(m.expected.size(), 0.0);
    for (size_t i = 0; i < parts_.size(); ++i)
      for (size_t j = 0; j < part_first_[i].size(); ++j)
        x0[static_cast<size_t>(master_first_[i][j])] = parts_[i]->lp.primalColumnSolution()[part_first_[i][j]];
    if (evaluate(x0.data()) < 0) return false;
  }
  for (int round = 0;; ++round) {
    if ((cancel_ != nullptr && cancel_->load()) || !m.solve()) return false;
    const std::vector<double> x(m.lp.primalColumnSolution(), m.lp.primalColumnSolution() + m.lp.numberColumns());
    const int added = evaluate(x.data());
    if (added < 0) return false;
    // The objective at x with each future's second stage at its cost: an upper bound.
    std::vector<double> xq = x;
    for (size_t f = 0; f < q_.size(); ++f)
      for (size_t i = 0; i < q_[f].size(); ++i) xq[static_cast<size_t>(m.theta[f][i])] = q_[f][i];
    double upper = 0;
    for (size_t c = 0; c < m.expected.size(); ++c) upper += m.expected[c] * xq[c];
    upper += weight_ * m.cvar(xq.data(), p_.risk.cvar_level);
    // Exact in theory once no cut is broken; the gap guards against cuts that CLP's tolerances
    // leave broken by a hair. Measured at the benchmark size: 6 rounds a weight.
    const double gap = upper - m.lp.objectiveValue();
    if (added == 0 || gap <= 1e-9 * std::max(1.0, std::abs(upper)) || round >= kMaxRounds) return true;
  }
}

bool Saa::solve() {
  if (decomposed()) return solve_decomposed();
  bool ok = true;
  std::vector<Model*> todo;
  for (Model* m : active()) {
    apply_pins(*m);
    // A part whose pins did not change keeps its optimum.
    if (m->changed || m->objective_changed || !m->solved)
      todo.push_back(m);
    else
      ok = m->lp.isProvenOptimal() && ok;
  }
  std::vector<char> solved(todo.size(), 0);
  side_by_side(todo.size(), threads_, [&](size_t k) { solved[k] = todo[k]->solve() ? 1 : 0; });
  return ok && std::all_of(solved.begin(), solved.end(), [](char s) { return s != 0; });
}

std::vector<std::optional<Decision>> Saa::decisions_with(const std::vector<std::pair<size_t, bool>>& flips) {
  std::vector<std::optional<Decision>> out(flips.size());
  if (weight_ != 0 || parts_.empty()) {  // the whole LP: each solve puts the pin before back
    for (size_t k = 0; k < flips.size(); ++k) {
      const auto [b, value] = flips[k];
      const std::optional<bool> was = pins_[b];
      pins_[b] = value;
      if (solve()) out[k] = decision();
      pins_[b] = was;
    }
    if (!flips.empty()) solve();  // and the last one
    return out;
  }
  if (!solve()) return out;  // every part at the pins it has, before any is copied
  const std::vector<Model*> models = active();
  std::mutex copying;  // a part may be copied for two flips at once
  side_by_side(flips.size(), threads_, [&](size_t k) {
    const auto [b, value] = flips[k];
    const auto holder =
        std::find_if(parts_.begin(), parts_.end(), [b = b](const auto& m) { return m->binary[b] >= 0; });
    if (holder == parts_.end()) {  // a binary no part holds changes nothing
      out[k] = decision_of(models);
      return;
    }
    std::unique_lock lock(copying);
    Model copy(**holder);
    lock.unlock();
    copy.applied[b] = value;
    copy.lp.setColumnLower(copy.binary[b], value ? 1 : 0);
    copy.lp.setColumnUpper(copy.binary[b], value ? 1 : 0);
    copy.changed = true;
    if (!copy.solve()) return;
    std::vector<Model*> mine = models;
    mine[static_cast<size_t>(holder - parts_.begin())] = &copy;
    out[k] = decision_of(mine);
  });
  return out;
}

double Saa::objective() const {
  double v = idle_constant(p_);
  for (const Model* m : active()) v += m->lp.objectiveValue();
  return v;
}

double Saa::expected_cost() const {
  double cost = idle_constant(p_);
  for (const Model* m : active()) cost += m->expected_cost();
  return cost;
}

Decision Saa::decision() const { return decision_of(active()); }

Decision Saa::decision_of(const std::vector<Model*>& models) const {
  const Problem& p = p_;
  const size_t periods = p.periods.size();
  Decision d;
  d.reserve.assign(p.offers.size(), std::vector<double>(periods, 0.0));
  d.agreed.assign(p.agreements.size(), std::vector<double>(periods, 0.0));
  d.qualify.assign(p.offers.size(), false);
  d.signed_agreement.assign(p.agreements.size(), false);
  for (const Model* m : models) {
    const double* x = m->lp.primalColumnSolution();
    const auto units = [&](int c, double cap) { return c < 0 ? 0.0 : std::min(std::round(x[c]), std::floor(cap)); };
    for (size_t o = 0; o < p.offers.size(); ++o) {
      if (m->holds[static_cast<size_t>(p.offers[o].item)] == 0) continue;
      for (size_t t = 0; t < periods; ++t)
        d.reserve[o][t] = std::max(0.0, units(m->reserve[o][t], p.offers[o].capacity[t]));
      d.qualify[o] = m->qualify[o] >= 0 && x[m->qualify[o]] >= 0.5;
    }
    for (size_t g = 0; g < p.agreements.size(); ++g) {
      if (m->sign[g] < 0) continue;
      for (size_t t = 0; t < periods; ++t)
        d.agreed[g][t] = std::max(0.0, units(m->agreed[g][t], p.agreements[g].volume));
      d.signed_agreement[g] = x[m->sign[g]] >= 0.5;
    }
  }
  return d;
}

double Saa::cvar() const {
  const Model* m = decomposed() ? master_.get() : whole_.get();
  return m == nullptr || !m->solved ? 0 : m->cvar(m->lp.primalColumnSolution(), p_.risk.cvar_level);
}

int Saa::rows() const { return rows_; }
int Saa::columns() const { return columns_; }

}  // namespace opticplan::source::detail
