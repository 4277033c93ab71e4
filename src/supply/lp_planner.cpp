#include "opticplan/supply/lp_planner.h"

#include <CbcModel.hpp>
#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <cmath>

namespace opticplan::supply {

namespace {

constexpr double kInf = 1e30;

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

}  // namespace

Result<Plan> plan_lp(const Model& m, Objective objective) {
  Plan plan;
  plan.planner = "lp";
  const int T = m.periods();
  const size_t NI = m.items.size();
  plan.orders.resize(m.orders.size());
  for (size_t o = 0; o < m.orders.size(); ++o) plan.orders[o].order = static_cast<int>(o);
  if (T == 0) {
    summarize(m, plan);
    return plan;
  }
  // Commodities: one per holder of a never-released agreement, then the free one (index H).
  std::vector<int> holders;
  for (const auto& a : m.agreements)
    if (a.release == Release::kNever && std::find(holders.begin(), holders.end(), a.holder) == holders.end())
      holders.push_back(a.holder);
  std::sort(holders.begin(), holders.end());
  const int H = static_cast<int>(holders.size()), C = H + 1;
  std::vector<int> commodity(m.customers.size(), H);
  for (int h = 0; h < H; ++h) commodity[static_cast<size_t>(holders[static_cast<size_t>(h)])] = h;
  const auto at = [&](size_t i, int t, int c) { return (i * static_cast<size_t>(T) + static_cast<size_t>(t)) * static_cast<size_t>(C) + static_cast<size_t>(c); };

  Lp lp;
  std::vector<int> inv(NI * static_cast<size_t>(T) * static_cast<size_t>(C), -1), start(inv.size(), -1);
  std::vector<int> buy(m.suppliers.size() * static_cast<size_t>(T) * static_cast<size_t>(C), -1);
  std::vector<int> xfer(H ? NI * static_cast<size_t>(T) * static_cast<size_t>(H) : 0, -1);
  for (size_t i = 0; i < NI; ++i)
    for (int t = 0; t < T; ++t)
      for (int c = 0; c < C; ++c) {
        inv[at(i, t, c)] = lp.column(0);
        if (m.items[i].line != kNone && t + m.items[i].lead_time < T) start[at(i, t, c)] = lp.column(0);
      }
  for (size_t s = 0; s < m.suppliers.size(); ++s)
    for (int t = 0; t < T; ++t)
      if (m.suppliers[s].capacity[static_cast<size_t>(t)] > 0)
        for (int c = 0; c < C; ++c)
          buy[(s * static_cast<size_t>(T) + static_cast<size_t>(t)) * static_cast<size_t>(C) + static_cast<size_t>(c)] = lp.column(0);
  for (size_t i = 0; i < NI && H; ++i)
    for (int t = 0; t < T; ++t)
      for (int h = 0; h < H; ++h) xfer[(i * static_cast<size_t>(T) + static_cast<size_t>(t)) * static_cast<size_t>(H) + static_cast<size_t>(h)] = lp.column(0);
  // Deliveries and the objective.
  struct Deliv {
    int order, item, period, col;
    double cost;  // without the tie-breaking terms
  };
  std::vector<Deliv> deliveries;
  double constant = 0;
  for (size_t o = 0; o < m.orders.size(); ++o) {
    const Order& ord = m.orders[o];
    const int last = ord.max_lateness < 0 ? T - 1 : std::min(T - 1, ord.due + ord.max_lateness);
    const double w = priority_weight(m, ord);
    if (objective == Objective::kLateness) constant += w * static_cast<double>(ord.qty) * static_cast<double>(T - ord.due);
    for (size_t r = 0; r < ord.alternates.size(); ++r) {
      const int a = ord.alternates[r];
      const double price = ord.price > 0 ? ord.price : m.items[static_cast<size_t>(a)].price;
      for (int t = ord.due; t <= last; ++t) {
        // The true cost, and a tie-break: preferred alternates, then earlier deliveries.
        double cost = 0, tie = 1e-6 * static_cast<double>(r) + 1e-7 * static_cast<double>(t - ord.due);
        switch (objective) {
          case Objective::kLateness:
            cost = w * (static_cast<double>(t - ord.due) - static_cast<double>(T - ord.due));
            tie = w * 1e-4 * static_cast<double>(r);
            break;
          case Objective::kFill: cost = t == ord.due ? -1.0 : 0.0; break;
          case Objective::kRevenue: cost = -price; break;
        }
        deliveries.push_back({static_cast<int>(o), a, t, lp.column(cost + tie), cost});
      }
    }
  }
  // Flow balance per item, period and commodity.
  std::vector<int64_t> receipts(NI * static_cast<size_t>(T), 0);
  for (const auto& r : m.receipts) receipts[static_cast<size_t>(r.item) * static_cast<size_t>(T) + static_cast<size_t>(r.period)] += r.qty;
  std::vector<int> balance(inv.size());
  for (size_t i = 0; i < NI; ++i)
    for (int t = 0; t < T; ++t)
      for (int c = 0; c < C; ++c) {
        const double rhs = c == H ? -static_cast<double>(receipts[i * static_cast<size_t>(T) + static_cast<size_t>(t)]) : 0;
        const int row = lp.row(rhs, rhs);
        balance[at(i, t, c)] = row;
        if (t > 0) lp.add(row, inv[at(i, t - 1, c)], 1);
        lp.add(row, inv[at(i, t, c)], -1);
        const Item& it = m.items[i];
        if (it.line != kNone && t - it.lead_time >= 0) lp.add(row, start[at(i, t - it.lead_time, c)], it.yield);
        for (int s : it.suppliers)
          lp.add(row, buy[(static_cast<size_t>(s) * static_cast<size_t>(T) + static_cast<size_t>(t)) * static_cast<size_t>(C) + static_cast<size_t>(c)], 1);
        if (H) {
          if (c == H) {
            for (int h = 0; h < H; ++h) lp.add(row, xfer[(i * static_cast<size_t>(T) + static_cast<size_t>(t)) * static_cast<size_t>(H) + static_cast<size_t>(h)], -1);
          } else {
            lp.add(row, xfer[(i * static_cast<size_t>(T) + static_cast<size_t>(t)) * static_cast<size_t>(H) + static_cast<size_t>(c)], 1);
          }
        }
      }
  for (size_t j = 0; j < NI; ++j)  // parts consumed by starts
    for (const auto& b : m.items[j].bom)
      for (int t = 0; t < T; ++t)
        for (int c = 0; c < C; ++c) lp.add(balance[at(static_cast<size_t>(b.item), t, c)], start[at(j, t, c)], -b.qty);
  for (const auto& d : deliveries)
    lp.add(balance[at(static_cast<size_t>(d.item), d.period, commodity[static_cast<size_t>(m.orders[static_cast<size_t>(d.order)].customer)])],
           d.col, -1);
  // Orders: at most their quantity.
  {
    std::vector<int> order_row(m.orders.size());
    for (size_t o = 0; o < m.orders.size(); ++o) order_row[o] = lp.row(-kInf, static_cast<double>(m.orders[o].qty));
    for (const auto& d : deliveries) lp.add(order_row[static_cast<size_t>(d.order)], d.col, 1);
  }
  // Orders that may not be split arrive whole in one period: binaries y[o,t] (then a MIP).
  std::vector<int> integer_cols;
  for (size_t o = 0; o < m.orders.size(); ++o) {
    const Order& ord = m.orders[o];
    if (ord.partial) continue;
    const int one = lp.row(-kInf, 1);
    const int last = ord.max_lateness < 0 ? T - 1 : std::min(T - 1, ord.due + ord.max_lateness);
    for (int t = ord.due; t <= last; ++t) {
      const int y = lp.column(0, 1);
      integer_cols.push_back(y);
      lp.add(one, y, 1);
      const int whole = lp.row(0, 0);
      lp.add(whole, y, -static_cast<double>(ord.qty));
      for (const auto& d : deliveries)
        if (d.order == static_cast<int>(o) && d.period == t) lp.add(whole, d.col, 1);
    }
  }
  // Capacities, and what everyone but a holder may use.
  struct CapRow {
    ShadowPrice::Kind kind;
    int index, period, row;
  };
  std::vector<CapRow> cap_rows;
  for (size_t s = 0; s < m.suppliers.size(); ++s)
    for (int t = 0; t < T; ++t) {
      const double cap = static_cast<double>(m.suppliers[s].capacity[static_cast<size_t>(t)]);
      if (cap <= 0) continue;
      const auto col = [&](int c) { return buy[(s * static_cast<size_t>(T) + static_cast<size_t>(t)) * static_cast<size_t>(C) + static_cast<size_t>(c)]; };
      const int row = lp.row(-kInf, cap);
      cap_rows.push_back({ShadowPrice::Kind::kSupplier, static_cast<int>(s), t, row});
      for (int c = 0; c < C; ++c) lp.add(row, col(c), 1);
      for (const auto& a : m.agreements) {
        if (a.supplier != static_cast<int>(s) || a.release != Release::kNever || a.reserved[static_cast<size_t>(t)] == 0) continue;
        const int h = commodity[static_cast<size_t>(a.holder)];
        const int r = lp.row(-kInf, cap - static_cast<double>(a.reserved[static_cast<size_t>(t)]));
        for (int c = 0; c < C; ++c)
          if (c != h) lp.add(r, col(c), 1);
      }
    }
  for (size_t l = 0; l < m.lines.size(); ++l)
    for (int t = 0; t < T; ++t) {
      const double cap = static_cast<double>(m.lines[l].capacity[static_cast<size_t>(t)]);
      const int row = lp.row(-kInf, cap);
      cap_rows.push_back({ShadowPrice::Kind::kLine, static_cast<int>(l), t, row});
      std::vector<std::pair<int, int>> reserved_rows;  // (holder commodity, row)
      for (const auto& a : m.agreements)
        if (a.line == static_cast<int>(l) && a.release == Release::kNever && a.reserved[static_cast<size_t>(t)] > 0)
          reserved_rows.emplace_back(commodity[static_cast<size_t>(a.holder)],
                                     lp.row(-kInf, cap - static_cast<double>(a.reserved[static_cast<size_t>(t)])));
      for (size_t i = 0; i < NI; ++i) {
        if (m.items[i].line != static_cast<int>(l)) continue;
        for (int c = 0; c < C; ++c) {
          lp.add(row, start[at(i, t, c)], m.items[i].usage);
          for (const auto& [h, r] : reserved_rows)
            if (c != h) lp.add(r, start[at(i, t, c)], m.items[i].usage);
        }
      }
    }

  CoinPackedMatrix matrix(true, lp.rows.data(), lp.cols.data(), lp.vals.data(), static_cast<CoinBigIndex>(lp.vals.size()));
  const int ncols = static_cast<int>(lp.obj.size()), nrows = static_cast<int>(lp.rowlb.size());
  if (matrix.getNumCols() < ncols) matrix.setDimensions(nrows, ncols);
  if (matrix.getNumRows() < nrows) matrix.setDimensions(nrows, ncols);
  ClpSimplex solver;
  solver.setLogLevel(0);
  solver.loadProblem(matrix, lp.collb.data(), lp.colub.data(), lp.obj.data(), lp.rowlb.data(), lp.rowub.data());
  solver.dual();
  if (!solver.isProvenOptimal()) return fail("the LP planner found no optimum (CLP status " + std::to_string(solver.status()) + ")");
  const double* y = solver.dualRowSolution();  // shadow prices come from the relaxation
  const auto true_value = [&](const double* sol) {
    double v = constant;
    for (const auto& d : deliveries) v += d.cost * sol[d.col];
    return minimized(objective) ? v : -v;
  };
  plan.lp_bound = true_value(solver.primalColumnSolution());
  std::vector<double> solution(solver.primalColumnSolution(), solver.primalColumnSolution() + ncols);
  if (!integer_cols.empty()) {
    // Branch and bound (CBC, one thread, a node limit instead of a clock: deterministic).
    OsiClpSolverInterface osi;
    osi.loadProblem(matrix, lp.collb.data(), lp.colub.data(), lp.obj.data(), lp.rowlb.data(), lp.rowub.data());
    for (int c : integer_cols) osi.setInteger(c);
    CbcModel mip(osi);
    mip.setLogLevel(0);
    mip.messageHandler()->setLogLevel(0);
    mip.setMaximumNodes(20000);
    mip.branchAndBound();
    if (!mip.bestSolution()) return fail("the LP planner found no whole-order solution within its node limit");
    solution.assign(mip.bestSolution(), mip.bestSolution() + ncols);
    plan.lp_proven = mip.isProvenOptimal();
  }
  const double* x = solution.data();

  // Back into a Plan.
  const auto units = [](double v) { return static_cast<int64_t>(std::llround(v)); };
  for (const auto& d : deliveries) {
    const int64_t q = units(x[d.col]);
    if (q <= 0) continue;
    OrderPlan& op = plan.orders[static_cast<size_t>(d.order)];
    op.deliveries.push_back({d.period, d.item, q});
    op.delivered += q;
  }
  for (auto& op : plan.orders) op.delivered = std::min(op.delivered, m.orders[static_cast<size_t>(op.order)].qty);
  // Deliveries are dated first (whole orders and groups), then the flows follow from the solution.
  summarize(m, plan);
  start_flows(m, plan);
  const size_t TT = static_cast<size_t>(T);
  for (size_t s = 0; s < m.suppliers.size(); ++s)
    for (int t = 0; t < T; ++t) {
      double b = 0;
      for (int c = 0; c < C; ++c) {
        const int col = buy[(s * TT + static_cast<size_t>(t)) * static_cast<size_t>(C) + static_cast<size_t>(c)];
        if (col >= 0) b += x[col];
      }
      plan.suppliers[s].used[static_cast<size_t>(t)] = units(b);
      plan.items[static_cast<size_t>(m.suppliers[s].item)].arrivals[static_cast<size_t>(t)] += units(b);
    }
  for (size_t i = 0; i < NI; ++i) {
    const Item& it = m.items[i];
    for (int t = 0; t < T; ++t) {
      double starts = 0;
      for (int c = 0; c < C; ++c)
        if (start[at(i, t, c)] >= 0) starts += x[start[at(i, t, c)]];
      if (starts <= 1e-9) continue;
      plan.lines[static_cast<size_t>(it.line)].used[static_cast<size_t>(t)] += units(starts * it.usage);
      plan.items[i].produced[static_cast<size_t>(t + it.lead_time)] += units(starts * it.yield);
      for (const auto& b : it.bom) plan.items[static_cast<size_t>(b.item)].consumed[static_cast<size_t>(t)] += units(starts * b.qty);
    }
  }
  finish_flows(m, plan);
  for (const auto& cr : cap_rows) {
    const double v = -y[cr.row];
    if (std::abs(v) > 1e-7) plan.shadow_prices.push_back({cr.kind, cr.index, cr.period, v});
  }
  plan.lp_objective = true_value(x);
  return plan;
}

}  // namespace opticplan::supply
