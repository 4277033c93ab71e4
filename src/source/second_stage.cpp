#include "second_stage.h"

#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace opticplan::source::detail {

namespace {
constexpr double kInf = 1e30;
constexpr double kLateUnits = 0.5;  // a backlog below half a unit is rounding, not lateness

// A hash of a future's arrivals for a block, by their bits (FNV-1a): a hit returns the result
// solved for the equal key, so the hash changes only the speed.
struct Bits {
  size_t operator()(const std::vector<double>& key) const {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const double x : key) {
      uint64_t bits = 0;
      std::memcpy(&bits, &x, sizeof bits);
      h = (h ^ bits) * 0x100000001b3ULL;
    }
    return static_cast<size_t>(h ^ (h >> 32));
  }
};
}  // namespace

bool can_ship(const Offer& o, size_t offer, const Decision& d, int t) {
  if (o.qualified) return true;
  return offer < d.qualify.size() && d.qualify[offer] && t >= o.qualify_periods;
}

double idle_constant(const Problem& p) {
  if (!p.cluster) return 0;
  const auto periods = static_cast<double>(p.periods.size());
  return p.cluster->idle_cost * (periods - p.cluster->go_live + periods);
}

double first_stage_cost(const Problem& p, const Decision& d) {
  double cost = 0;
  for (size_t o = 0; o < p.offers.size(); ++o)
    if (!p.offers[o].qualified && o < d.qualify.size() && d.qualify[o]) cost += p.offers[o].qualify_cost;
  for (size_t g = 0; g < p.agreements.size(); ++g) {
    const Agreement& a = p.agreements[g];
    if (g >= d.signed_agreement.size() || !d.signed_agreement[g]) continue;
    const auto offer = static_cast<size_t>(a.offer);
    for (size_t t = 0; t < p.periods.size(); ++t)
      if (can_ship(p.offers[offer], offer, d, static_cast<int>(t)) && a.in_term(static_cast<int>(t)))
        cost += a.penalty * std::max(0.0, a.min_take * a.volume - d.agreed[g][t]);
  }
  return cost;
}

struct SecondStage::Block {
  std::vector<size_t> items, offers;
  std::vector<std::vector<int>> spot;          // [offer in block][period] column or -1
  std::vector<std::vector<int>> back;          // [item in block][period] column
  std::vector<std::vector<int>> balance;       // [item in block][period] row
  std::vector<std::vector<double>> delivered;  // [offer in block][period] reserved + agreed units
  std::vector<int> live;                       // [period from go-live] column (a cluster)
  std::vector<size_t> item_of;                 // [offer in block] its item's index in the block
  std::vector<std::vector<double>> paid;       // [offer in block][period] price x units reserved
  std::vector<std::vector<size_t>> by_price;   // [period] offers in block by spot price (then by order)

  // What the arrivals cost in this future.
  double payment(size_t j, const std::vector<std::vector<double>>& avail) const {
    double c = 0;
    for (size_t t = 0; t < paid[j].size(); ++t) c += paid[j][t] * avail[offers[j]][t];
    return c;
  }
  // Whether reserved arrivals alone meet every need in time (stock carried forward).
  bool covered(const Problem& p, const std::vector<std::vector<double>>& avail) const {
    std::vector<double> ahead(items.size(), 0.0);  // arrivals minus needs so far
    for (size_t t = 0; t < p.periods.size(); ++t) {
      for (size_t j = 0; j < offers.size(); ++j) ahead[item_of[j]] += delivered[j][t] * avail[offers[j]][t];
      for (size_t k = 0; k < items.size(); ++k) {
        ahead[k] -= p.need[items[k]][t];
        if (ahead[k] < -1e-9) return false;
      }
    }
    return true;
  }
  int go_live = -1;
  ClpSimplex lp;
  bool solved = false;
  std::unordered_map<std::vector<double>, FutureCost, Bits> seen;
};

SecondStage::SecondStage(const Problem& p, const Decision& d, bool exact_lines) : p_(p), exact_lines_(exact_lines) {
  const size_t periods = p.periods.size();
  fixed_cost_ = first_stage_cost(p, d);
  std::vector<std::vector<size_t>> groups;
  if (p.cluster) {
    groups.emplace_back();
    for (size_t i = 0; i < p.items.size(); ++i) groups.back().push_back(i);
  } else {
    for (size_t i = 0; i < p.items.size(); ++i) groups.push_back({i});
  }
  for (const auto& group : groups) {
    auto b = std::make_unique<Block>();
    b->items = group;
    for (size_t o = 0; o < p.offers.size(); ++o)
      if (std::find(group.begin(), group.end(), static_cast<size_t>(p.offers[o].item)) != group.end())
        b->offers.push_back(o);
    std::vector<double> collb, colub, obj, rowlb, rowub;
    std::vector<int> rows, cols;
    std::vector<double> vals;
    const auto column = [&](double cost, double ub) {
      collb.push_back(0);
      colub.push_back(ub);
      obj.push_back(cost);
      return static_cast<int>(obj.size()) - 1;
    };
    const auto row = [&](double lb, double ub) {
      rowlb.push_back(lb);
      rowub.push_back(ub);
      return static_cast<int>(rowlb.size()) - 1;
    };
    const auto add = [&](int r, int c, double v) {
      rows.push_back(r);
      cols.push_back(c);
      vals.push_back(v);
    };
    for (size_t k = 0; k < b->items.size(); ++k) {
      const size_t i = b->items[k];
      b->balance.emplace_back();
      b->back.emplace_back();
      int prev_inv = -1, prev_back = -1;
      for (size_t t = 0; t < periods; ++t) {
        const int r = row(p.need[i][t], p.need[i][t]);
        const double end = t + 1 == periods ? p.shortage_cost[i] : 0;
        const int inv = column(0, kInf), back = column(p.lateness_cost[i] + end, kInf);
        add(r, inv, -1);
        add(r, back, 1);
        if (prev_inv >= 0) {
          add(r, prev_inv, 1);
          add(r, prev_back, -1);
        }
        prev_inv = inv;
        prev_back = back;
        b->balance.back().push_back(r);
        b->back.back().push_back(back);
      }
    }
    for (size_t o : b->offers) {
      const Offer& of = p.offers[o];
      const auto k = static_cast<size_t>(std::find(b->items.begin(), b->items.end(), static_cast<size_t>(of.item)) -
                                         b->items.begin());
      b->spot.emplace_back(periods, -1);
      b->delivered.emplace_back(periods, 0.0);
      b->paid.emplace_back(periods, 0.0);
      b->item_of.push_back(k);
      for (size_t t = 0; t < periods; ++t) {
        double units = d.reserve[o][t], paid = d.reserve[o][t] * of.price[t];
        for (size_t g = 0; g < p.agreements.size(); ++g)
          if (static_cast<size_t>(p.agreements[g].offer) == o) {
            units += d.agreed[g][t];
            paid += d.agreed[g][t] * p.agreements[g].price;
          }
        b->delivered.back()[t] = units;
        b->paid.back()[t] = paid;
        if (of.spot_capacity[t] <= 0 || !can_ship(of, o, d, static_cast<int>(t))) continue;
        const int z = column(of.spot_price[t], of.spot_capacity[t]);
        add(b->balance[k][t], z, 1);
        b->spot.back()[t] = z;
      }
    }
    for (size_t t = 0; t < periods; ++t) {
      std::vector<size_t> order(b->offers.size());
      for (size_t j = 0; j < order.size(); ++j) order[j] = j;
      std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
        return p.offers[b->offers[x]].spot_price[t] < p.offers[b->offers[y]].spot_price[t];
      });
      b->by_price.push_back(std::move(order));
    }
    if (p.cluster) {
      // live_t <= 1 - back_it / units_i: the share of the cluster that can run.
      b->go_live = p.cluster->go_live;
      for (size_t t = static_cast<size_t>(b->go_live); t < periods; ++t) {
        const double end = t + 1 == periods ? p.cluster->idle_cost * static_cast<double>(periods) : 0;
        const int live = column(-p.cluster->idle_cost - end, 1);
        b->live.push_back(live);
        for (size_t k = 0; k < b->items.size(); ++k) {
          const double units = p.cluster->units[b->items[k]];
          if (units <= 0) continue;  // an item with needs of its own does not hold the cluster back
          const int r = row(-kInf, 1);
          add(r, live, 1);
          add(r, b->back[k][t], 1 / units);
        }
      }
    }
    if (!exact(*b)) {  // the LP only for the blocks line_second_stage does not solve
      CoinPackedMatrix m(true, rows.data(), cols.data(), vals.data(), static_cast<CoinBigIndex>(vals.size()));
      m.setDimensions(static_cast<int>(rowlb.size()), static_cast<int>(obj.size()));
      b->lp.setLogLevel(0);
      b->lp.loadProblem(m, collb.data(), colub.data(), obj.data(), rowlb.data(), rowub.data());
    }
    blocks_.push_back(std::move(b));
  }
}

SecondStage::~SecondStage() = default;

bool SecondStage::exact(const Block& b) const { return exact_lines_ && b.go_live < 0 && b.items.size() == 1; }

FutureCost SecondStage::solve(const std::vector<std::vector<double>>& avail) {
  const size_t periods = p_.periods.size();
  FutureCost total;
  total.cost = fixed_cost_;
  if (p_.cluster) total.cost += idle_constant(p_);
  for (auto& bp : blocks_) {
    Block& b = *bp;
    std::vector<double> key;
    key.reserve(b.offers.size() * periods);
    for (size_t o : b.offers) key.insert(key.end(), avail[o].begin(), avail[o].end());
    auto hit = b.seen.find(key);
    if (hit == b.seen.end()) hit = b.seen.emplace(std::move(key), solve_block(b, avail)).first;
    total.cost += hit->second.cost;
    total.late += hit->second.late;
    total.on_time = total.on_time && hit->second.on_time;
  }
  return total;
}

LineCost line_second_stage(std::vector<double> short_by, const std::vector<double>& weight,
                           std::vector<SpotOption> options) {
  constexpr double kNone = 1e-9;  // a shortfall or saving below this is none
  const size_t periods = short_by.size();
  // Per period its options, cheapest first (then as given: the result does not depend on ties).
  const auto before = [](const SpotOption& a, const SpotOption& b) {
    return a.period != b.period ? a.period < b.period : a.price < b.price;
  };
  if (!std::is_sorted(options.begin(), options.end(), before)) std::stable_sort(options.begin(), options.end(), before);
  std::vector<size_t> next(periods + 1, options.size());  // [period] its cheapest option left
  for (size_t k = options.size(); k-- > 0;) next[static_cast<size_t>(options[k].period)] = k;
  std::vector<size_t> end(periods, options.size());  // [period] one past its last option
  for (size_t k = 0; k < options.size(); ++k) end[static_cast<size_t>(options[k].period)] = k + 1;
  LineCost out;
  std::vector<double> saving(periods + 1, 0.0);
  for (;;) {
    // saving[s]: the lateness one more unit bought in s saves.
    for (size_t s = periods; s-- > 0;) saving[s] = saving[s + 1] + (short_by[s] > kNone ? weight[s] : 0);
    size_t best = periods;
    double gain = kNone;
    for (size_t s = 0; s < periods; ++s) {
      if (next[s] >= end[s]) continue;
      const double g = saving[s] - options[next[s]].price;
      if (g > gain * (1 + 1e-12)) {
        gain = g;
        best = s;
      }
    }
    if (best == periods) break;
    SpotOption& o = options[next[best]];
    double step = o.units;
    for (size_t t = best; t < periods; ++t)
      if (short_by[t] > kNone) step = std::min(step, short_by[t]);
    out.spot += step * o.price;
    for (size_t t = best; t < periods; ++t) short_by[t] -= step;
    o.units -= step;
    if (o.units <= kNone) ++next[best];
  }
  out.backlog.assign(periods, 0.0);
  for (size_t t = 0; t < periods; ++t) {
    out.backlog[t] = std::max(0.0, short_by[t]);
    out.lateness += weight[t] * out.backlog[t];
  }
  return out;
}

FutureCost SecondStage::solve_line(Block& b, const std::vector<std::vector<double>>& avail) {
  const size_t periods = p_.periods.size();
  const size_t i = b.items[0];
  FutureCost c;
  std::vector<double> short_by(periods, 0.0), weight(periods, p_.lateness_cost[i]);
  weight[periods - 1] += p_.shortage_cost[i];
  for (size_t j = 0; j < b.offers.size(); ++j) {
    const size_t o = b.offers[j];
    c.cost += b.payment(j, avail);
    for (size_t t = 0; t < periods; ++t) short_by[t] -= b.delivered[j][t] * avail[o][t];
  }
  // In the order line_second_stage wants them (by period, then price), which spares its sort.
  std::vector<SpotOption> options;
  options.reserve(b.offers.size() * periods);
  for (size_t t = 0; t < periods; ++t)
    for (size_t j : b.by_price[t]) {
      const size_t o = b.offers[j];
      const Offer& of = p_.offers[o];
      if (b.spot[j][t] >= 0 && of.spot_capacity[t] * avail[o][t] > 0)
        options.push_back({static_cast<int>(t), of.spot_price[t], of.spot_capacity[t] * avail[o][t]});
    }
  double run = 0;
  for (size_t t = 0; t < periods; ++t) {
    run += p_.need[i][t] + short_by[t];  // need minus arrivals, through t
    short_by[t] = run;
  }
  const LineCost line = line_second_stage(std::move(short_by), weight, std::move(options));
  c.cost += line.spot + line.lateness;
  for (double back : line.backlog) {
    if (back > kLateUnits) c.on_time = false;
    c.late += back;
  }
  return c;
}

FutureCost SecondStage::solve_block(Block& b, const std::vector<std::vector<double>>& avail) {
  const size_t periods = p_.periods.size();
  FutureCost c;
  // Reserved arrivals alone cover every need in time (cumulatively, stock being free): no spot,
  // no lateness, only the payments: the LP would find the same, at zero cost.
  if (b.covered(p_, avail)) {
    for (size_t j = 0; j < b.offers.size(); ++j) c.cost += b.payment(j, avail);
    if (b.go_live >= 0) c.cost -= idle_constant(p_);  // live from go-live: no idle time
    return c;
  }
  if (exact(b)) return solve_line(b, avail);
  std::vector<double> need_left(b.items.size() * periods);
  for (size_t k = 0; k < b.items.size(); ++k)
    for (size_t t = 0; t < periods; ++t) need_left[k * periods + t] = p_.need[b.items[k]][t];
  for (size_t j = 0; j < b.offers.size(); ++j) {
    const size_t o = b.offers[j];
    const Offer& of = p_.offers[o];
    c.cost += b.payment(j, avail);
    for (size_t t = 0; t < periods; ++t) {
      need_left[b.item_of[j] * periods + t] -= b.delivered[j][t] * avail[o][t];
      if (b.spot[j][t] >= 0) b.lp.setColumnUpper(b.spot[j][t], of.spot_capacity[t] * avail[o][t]);
    }
  }
  for (size_t k = 0; k < b.items.size(); ++k)
    for (size_t t = 0; t < periods; ++t) {
      b.lp.setRowLower(b.balance[k][t], need_left[k * periods + t]);
      b.lp.setRowUpper(b.balance[k][t], need_left[k * periods + t]);
    }
  if (b.solved) {
    b.lp.dual(0);
  } else {
    b.lp.initialSolve();
    b.solved = true;
  }
  if (!b.lp.isProvenOptimal()) b.lp.initialSolve();  // a warm start that stalled: once from scratch
  c.cost += b.lp.objectiveValue();
  const double* x = b.lp.primalColumnSolution();
  for (size_t k = 0; k < b.items.size(); ++k)
    for (size_t t = 0; t < periods; ++t) {
      const double back = x[b.back[k][t]];
      // A cluster's module counts at go-live; any other need in every period.
      const bool counts = b.go_live < 0 || p_.cluster->units[b.items[k]] <= 0 || static_cast<int>(t) == b.go_live;
      if (counts && back > kLateUnits) c.on_time = false;
      if (b.go_live < 0) c.late += back;
    }
  if (b.go_live >= 0) {
    c.late = static_cast<double>(b.live.size());  // idle periods
    for (int col : b.live) c.late -= x[col];
  }
  return c;
}

}  // namespace opticplan::source::detail
