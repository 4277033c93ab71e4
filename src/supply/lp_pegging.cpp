#include "lp_pegging.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace opticplan::supply {
namespace {

constexpr double kEps = 1e-6;    // solver noise, far below a unit
constexpr double kRound = 1e-3;  // a unit less this much is a unit (as deliveries are read)

// Units of one flow that went to each order: (order, units).
using Pegs = std::vector<std::pair<uint32_t, double>>;

void merge(Pegs& p) {
  std::sort(p.begin(), p.end());
  size_t w = 0;
  for (size_t r = 0; r < p.size(); ++r) {
    if (w > 0 && p[w - 1].first == p[r].first)
      p[w - 1].second += p[r].second;
    else
      p[w++] = p[r];
  }
  p.resize(w);
}

struct Use {
  int period;
  Pegs pegs;
};

// Where the units entering one item's stock came from, for the FIFO match.
struct Supply {
  int period;
  int kind;  // 0 stock or purchase, 1 production (index into makes), 2 transfer (into transfers)
  size_t index;
  double qty;
};

// Items in an order where every item comes before the parts of its bills of materials.
std::vector<ItemId> parents_first(const Model& m) {
  std::vector<int> height(m.items.size(), -1);
  const auto measure = [&](auto&& self, ItemId i) -> int {
    int& h = height[i.v];
    if (h >= 0) return h;
    h = 0;  // the reader refuses cycles; this only guards the recursion
    int most = 0;
    for (const auto& b : m.items[i].bom)
      for (const auto& p : b.parts) most = std::max(most, self(self, p.item) + 1);
    height[i.v] = most;
    return most;
  };
  std::vector<ItemId> order;
  for (const ItemId i : m.items.ids()) {
    measure(measure, i);
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](ItemId a, ItemId b) { return height[a.v] > height[b.v]; });
  return order;
}

}  // namespace

void peg_lp(const Model& m, const PegFlows& flows, Plan& plan) {
  const size_t C = static_cast<size_t>(flows.commodities);
  const size_t free = C - 1;
  const auto slot = [&](ItemId i, size_t c) { return size_t{i.v} * C + c; };
  std::vector<std::vector<Supply>> supplies(m.items.size() * C);
  std::vector<std::vector<Use>> uses(supplies.size());
  for (size_t k = 0; k < flows.lots.size(); ++k) {
    const auto& l = flows.lots[k];
    supplies[slot(l.item, static_cast<size_t>(l.commodity))].push_back({l.period, 0, k, l.qty});
  }
  for (size_t k = 0; k < flows.makes.size(); ++k) {
    const auto& mk = flows.makes[k];
    supplies[slot(mk.item, static_cast<size_t>(mk.commodity))].push_back({mk.done, 1, k, mk.good});
  }
  for (size_t k = 0; k < flows.transfers.size(); ++k) {
    const auto& t = flows.transfers[k];
    supplies[slot(t.item, static_cast<size_t>(t.holder))].push_back({t.period, 2, k, t.qty});
  }
  for (const auto& op : plan.orders) {
    const size_t c = static_cast<size_t>(flows.order_commodity[op.order.v]);
    for (const auto& d : op.deliveries)
      uses[slot(d.item, c)].push_back({d.period, {{op.order.v, static_cast<double>(d.qty)}}});
  }
  std::vector<Pegs> made(flows.makes.size());
  std::vector<std::vector<size_t>> makes_of(m.items.size());
  for (size_t k = 0; k < flows.makes.size(); ++k) makes_of[flows.makes[k].item.v].push_back(k);
  // Per order: units of each chosen part, and good units of each (item, line) of several routes.
  std::vector<std::map<ItemId, double>> parts(plan.orders.size());
  std::vector<std::map<std::pair<ItemId, LineId>, double>> routes(plan.orders.size());
  for (const ItemId i : parents_first(m)) {
    for (size_t c = 0; c < C; ++c) {  // holders first: their transfers are uses of the free commodity
      std::vector<Supply>& in = supplies[slot(i, c)];
      std::vector<Use>& out = uses[slot(i, c)];
      if (in.empty() || out.empty()) continue;
      std::sort(in.begin(), in.end(), [](const Supply& a, const Supply& b) {
        return std::tie(a.period, a.kind, a.index) < std::tie(b.period, b.kind, b.index);
      });
      std::stable_sort(out.begin(), out.end(), [](const Use& a, const Use& b) { return a.period < b.period; });
      std::vector<Pegs> took(in.size());
      size_t j = 0;
      for (const Use& u : out)
        for (auto [order, q] : u.pegs) {
          while (q > kEps && j < in.size() && in[j].period <= u.period) {
            const double take = std::min(q, in[j].qty);
            took[j].push_back({order, take});
            q -= take;
            in[j].qty -= take;
            if (in[j].qty <= kEps) ++j;
          }
        }
      for (size_t s = 0; s < in.size(); ++s) {
        if (took[s].empty()) continue;
        merge(took[s]);
        if (in[s].kind == 1) {
          made[in[s].index] = std::move(took[s]);
        } else if (in[s].kind == 2) {
          uses[slot(i, free)].push_back({in[s].period, std::move(took[s])});
        }
      }
    }
    // The starts that made this item: their parts go to the orders their good units went to.
    for (const size_t k : makes_of[i.v]) {
      const auto& mk = flows.makes[k];
      if (made[k].empty() || mk.good <= kEps) continue;
      for (const auto& [order, g] : made[k])
        if (mk.alternate_route) routes[order][{mk.item, mk.line}] += g;
      for (const auto& p : mk.parts) {
        Pegs share;
        share.reserve(made[k].size());
        for (const auto& [order, g] : made[k]) {
          share.push_back({order, p.qty * g / mk.good});
          if (p.chosen) parts[order][p.item] += p.qty * g / mk.good;
        }
        uses[slot(p.item, static_cast<size_t>(mk.commodity))].push_back({mk.start, std::move(share)});
      }
    }
  }
  for (OrderPlan& op : plan.orders) {
    const size_t o = op.order.v;
    for (const auto& [item, q] : parts[o])
      if (const auto units = static_cast<int64_t>(std::floor(q + kRound)); units > 0) add_part(op.parts, item, units);
    for (const auto& [key, q] : routes[o])
      if (const auto units = static_cast<int64_t>(std::floor(q + kRound)); units > 0)
        add_route(op.routes, key.first, key.second, units);
  }
}

}  // namespace opticplan::supply
