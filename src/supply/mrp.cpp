#include "opticplan/supply/mrp.h"

#include <algorithm>
#include <cmath>

namespace opticplan::supply {

namespace {

// Items parents first: an item comes after every item whose bill of materials holds it, so its
// gross requirement is complete when it is netted. (The reader refuses cycles.)
std::vector<ItemId> parents_first(const Model& m) {
  IdVec<ItemTag, int> level(m.items.size(), 0);
  // Longest path from any root: relax depth-first, bounded by the item count.
  for (bool changed = true; changed;) {
    changed = false;
    for (const ItemId i : m.items.ids())
      for (const auto& b : m.items[i].bom)
        if (level[b.item] < level[i] + 1 && level[i] + 1 <= static_cast<int>(m.items.size())) {
          level[b.item] = level[i] + 1;
          changed = true;
        }
  }
  std::vector<ItemId> order;
  order.reserve(m.items.size());
  for (const ItemId i : m.items.ids()) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](ItemId a, ItemId b) { return level[a] < level[b]; });
  return order;
}

// The first period where a cumulative need exceeds a cumulative offer, and by how much at most.
void shortfall(const std::vector<int64_t>& need, const std::vector<int64_t>& offer, MrpShortfall& s) {
  int64_t cn = 0, co = 0;
  s.first = -1;
  for (size_t t = 0; t < need.size(); ++t) {
    cn += need[t];
    co += offer[t];
    if (cn > co) {
      if (s.first < 0) s.first = static_cast<int>(t);
      s.most = std::max(s.most, cn - co);
    }
  }
  s.needed = cn;
  s.offered = co;
}

}  // namespace

MrpPlan plan_mrp(const Model& m) {
  const int T = m.periods();
  const size_t TT = static_cast<size_t>(T);
  MrpPlan out;
  out.items.resize(m.items.size());
  for (auto& r : out.items) r.gross = r.scheduled = r.on_hand = r.planned = std::vector<int64_t>(TT, 0);
  if (T == 0) return out;
  for (const auto& o : m.orders)
    if (!o.alternates.empty())
      out.items[o.alternates.front()].gross[static_cast<size_t>(std::clamp(o.due, 0, T - 1))] += o.qty;
  for (const auto& r : m.receipts) out.items[r.item].scheduled[static_cast<size_t>(r.period)] += r.qty;

  IdVec<LineTag, std::vector<int64_t>> load(m.lines.size(), std::vector<int64_t>(TT, 0));
  for (const ItemId i : parents_first(m)) {
    MrpRecord& rec = out.items[i];
    const Item& it = m.items[i];
    int64_t stock = 0;
    for (int t = 0; t < T; ++t) {
      const size_t k = static_cast<size_t>(t);
      stock += rec.scheduled[k];
      const int64_t missing = rec.gross[k] - stock;
      if (missing > 0) {
        rec.planned[k] = missing;
        stock = 0;
        PlannedOrder po;
        po.item = i;
        po.receipt = t;
        po.qty = missing;
        if (it.line.valid()) {
          po.line = it.line;
          po.release = t - it.lead_time;
          po.starts = static_cast<int64_t>(std::ceil(static_cast<double>(missing) / it.yield - 1e-9));
          const size_t start = static_cast<size_t>(std::max(po.release, 0));
          load[it.line][start] += static_cast<int64_t>(std::ceil(static_cast<double>(po.starts) * it.usage - 1e-9));
          for (const auto& b : it.bom)
            out.items[b.item].gross[start] +=
                static_cast<int64_t>(std::ceil(static_cast<double>(po.starts) * b.qty - 1e-9));
        } else if (!it.suppliers.empty()) {
          po.supplier = it.suppliers.front();
          po.release = t - m.suppliers[po.supplier].lead_time;
        } else {
          po.release = t;
        }
        if (po.release < 0) ++out.overdue;
        out.orders.push_back(po);
      } else {
        stock = -missing;
      }
      rec.on_hand[k] = stock;
    }
  }
  std::stable_sort(out.orders.begin(), out.orders.end(), [](const PlannedOrder& a, const PlannedOrder& b) {
    return a.release != b.release ? a.release < b.release : a.item.v < b.item.v;
  });

  for (const ItemId i : m.items.ids()) {
    const Item& it = m.items[i];
    if (it.line.valid() || it.suppliers.empty()) continue;
    std::vector<int64_t> offer(TT, 0);
    for (const SupplierId s : it.suppliers)
      for (size_t t = 0; t < TT; ++t) offer[t] += m.suppliers[s].capacity[t];
    MrpShortfall s;
    s.item = i;
    shortfall(out.items[i].planned, offer, s);
    if (s.first >= 0) out.shortfalls.push_back(s);
  }
  for (const LineId l : m.lines.ids()) {
    MrpShortfall s;
    s.line = l;
    shortfall(load[l], m.lines[l].capacity, s);
    if (s.first >= 0) out.shortfalls.push_back(s);
  }
  return out;
}

}  // namespace opticplan::supply
