#include "saa.h"

#include "second_stage.h"

#include <ClpEventHandler.hpp>
#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <cmath>

namespace opticplan::source::detail {

namespace {
constexpr double kInf = 1e30;

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

struct Saa::Model {
  const Problem& p;
  int futures;
  const std::atomic<bool>* cancel;
  double weight = 0;
  std::vector<double> collb, colub, expected, rowlb, rowub;  // expected: the weight-0 objective
  std::vector<int> rows, cols;
  std::vector<double> vals;
  std::vector<std::vector<int>> reserve, agreed;  // [offer | agreement][period]
  std::vector<int> binary;                        // qualification, then signature columns
  std::vector<int> qualify;                       // [offer] column or -1
  std::vector<int> sign;                          // [agreement]
  int var = -1;                                   // value at risk
  std::vector<int> excess;                        // [future]
  double constant = 0;                            // idle periods every future starts with
  ClpSimplex lp;
  bool solved = false;
  bool objective_changed = false;  // since the last solve: primal warm start, else dual

  Model(const Problem& problem, int k, const std::atomic<bool>* c) : p(problem), futures(k), cancel(c) {}

  int column(double cost, double lb, double ub) {
    collb.push_back(lb);
    colub.push_back(ub);
    expected.push_back(cost);
    return static_cast<int>(expected.size()) - 1;
  }
  int row(double lb, double ub) {
    rowlb.push_back(lb);
    rowub.push_back(ub);
    return static_cast<int>(rowlb.size()) - 1;
  }
  void add(int r, int c, double v) {
    if (v == 0) return;
    rows.push_back(r);
    cols.push_back(c);
    vals.push_back(v);
  }
  void build();
};

void Saa::Model::build() {
  const size_t periods = p.periods.size();
  const double share = 1.0 / futures;
  std::vector<std::vector<std::vector<double>>> avail;  // [future][offer][period]
  avail.reserve(static_cast<size_t>(futures));
  for (int k = 0; k < futures; ++k) avail.push_back(sample_future(p, static_cast<uint64_t>(k)));
  std::vector<std::vector<size_t>> agreements_of(p.offers.size());
  for (size_t g = 0; g < p.agreements.size(); ++g)
    agreements_of[static_cast<size_t>(p.agreements[g].offer)].push_back(g);

  // First stage.
  qualify.assign(p.offers.size(), -1);
  for (size_t o = 0; o < p.offers.size(); ++o)
    if (!p.offers[o].qualified) binary.push_back(qualify[o] = column(p.offers[o].qualify_cost, 0, 1));
  for (size_t g = 0; g < p.agreements.size(); ++g) {
    sign.push_back(column(0, 0, 1));
    binary.push_back(sign.back());
  }
  const auto ready = [&](size_t o, size_t t) {
    return p.offers[o].qualified || static_cast<int>(t) >= p.offers[o].qualify_periods;
  };
  std::vector<std::vector<int>> penalty_cols(p.agreements.size(), std::vector<int>(periods, -1));
  for (size_t o = 0; o < p.offers.size(); ++o) {
    const Offer& of = p.offers[o];
    reserve.emplace_back(periods, -1);
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
        if (agreed.size() <= g) agreed.resize(p.agreements.size());
        if (agreed[g].empty()) agreed[g].assign(periods, -1);
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
  agreed.resize(p.agreements.size());
  var = column(0, -kInf, kInf);
  constant = idle_constant(p);

  // Second stage, per future; and its CVaR row: excess_k + var - cost_k >= constant.
  for (int k = 0; k < futures; ++k) {
    const auto& av = avail[static_cast<size_t>(k)];
    const int cvar = row(constant, kInf);
    excess.push_back(column(0, 0, kInf));
    add(cvar, excess.back(), 1);
    add(cvar, var, 1);
    for (int q : qualify)
      if (q >= 0) add(cvar, q, -expected[static_cast<size_t>(q)]);
    for (const auto& g : penalty_cols)
      for (int c : g)
        if (c >= 0) add(cvar, c, -expected[static_cast<size_t>(c)]);
    std::vector<std::vector<int>> balance(p.items.size()), back(p.items.size());
    for (size_t i = 0; i < p.items.size(); ++i) {
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
      const Offer& of = p.offers[o];
      const auto i = static_cast<size_t>(of.item);
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
    if (p.cluster) {
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
  CoinPackedMatrix m(true, rows.data(), cols.data(), vals.data(), static_cast<CoinBigIndex>(vals.size()));
  m.setDimensions(static_cast<int>(rowlb.size()), static_cast<int>(expected.size()));
  lp.setLogLevel(0);
  if (cancel != nullptr) {
    Cancel events(cancel);
    lp.passInEventHandler(&events);  // a copy
  }
  lp.loadProblem(m, collb.data(), colub.data(), expected.data(), rowlb.data(), rowub.data());
  rows.clear();
  cols.clear();
  vals.clear();
}

Saa::Saa(const Problem& p, int futures, const std::atomic<bool>* cancel)
    : m_(std::make_unique<Model>(p, futures, cancel)) {
  m_->build();
}
Saa::~Saa() = default;

void Saa::set_weight(double w) {
  m_->weight = w;
  m_->lp.setObjectiveCoefficient(m_->var, w);
  const double per = w / ((1 - m_->p.risk.cvar_level) * m_->futures);
  for (int c : m_->excess) m_->lp.setObjectiveCoefficient(c, per);
  m_->objective_changed = true;
}

size_t Saa::binaries() const { return m_->binary.size(); }
double Saa::binary_value(size_t b) const { return m_->lp.primalColumnSolution()[m_->binary[b]]; }

void Saa::fix(size_t b, std::optional<bool> value) {
  const int c = m_->binary[b];
  m_->lp.setColumnLower(c, value ? (*value ? 1 : 0) : 0);
  m_->lp.setColumnUpper(c, value ? (*value ? 1 : 0) : 1);
}

bool Saa::solve() {
  ClpSimplex& lp = m_->lp;
  // Warm: a new weight keeps the basis primal feasible (primal simplex); a pinned binary keeps it
  // dual feasible (dual simplex).
  if (m_->solved) m_->objective_changed ? static_cast<void>(lp.primal(1)) : static_cast<void>(lp.dual(0));
  m_->objective_changed = false;
  if (!m_->solved || !lp.isProvenOptimal()) lp.initialSolve();
  m_->solved = true;
  return lp.isProvenOptimal();
}

double Saa::objective() const { return m_->lp.objectiveValue() + m_->constant; }

double Saa::expected_cost() const {
  const double* x = m_->lp.primalColumnSolution();
  double cost = m_->constant;
  for (size_t c = 0; c < m_->expected.size(); ++c) cost += m_->expected[c] * x[c];
  return cost;
}

Decision Saa::decision() const {
  const Problem& p = m_->p;
  const double* x = m_->lp.primalColumnSolution();
  const auto units = [&](int c, double cap) { return c < 0 ? 0.0 : std::min(std::round(x[c]), std::floor(cap)); };
  Decision d;
  for (size_t o = 0; o < p.offers.size(); ++o) {
    d.reserve.emplace_back();
    for (size_t t = 0; t < p.periods.size(); ++t)
      d.reserve.back().push_back(std::max(0.0, units(m_->reserve[o][t], p.offers[o].capacity[t])));
    d.qualify.push_back(m_->qualify[o] >= 0 && x[m_->qualify[o]] >= 0.5);
  }
  for (size_t g = 0; g < p.agreements.size(); ++g) {
    d.agreed.emplace_back();
    for (size_t t = 0; t < p.periods.size(); ++t)
      d.agreed.back().push_back(std::max(0.0, units(m_->agreed[g][t], p.agreements[g].volume)));
    d.signed_agreement.push_back(x[m_->sign[g]] >= 0.5);
  }
  return d;
}

int Saa::rows() const { return m_->lp.numberRows(); }
int Saa::columns() const { return m_->lp.numberColumns(); }

}  // namespace opticplan::source::detail
