#include "opticplan/supply/mrp.h"

#include <algorithm>
#include <cmath>

namespace opticplan::supply {

namespace {

// Items parents first: an item comes after every item whose bill of materials holds it (any
// alternate part), so its gross requirement is complete when it is netted. A topological sort
// (Kahn's), ties in id order, so O(items + BOM parts). (The reader refuses cycles.)
std::vector<ItemId> parents_first(const Model& m) {
  IdVec<ItemTag, int> parents(m.items.size(), 0);
  for (const auto& it : m.items)
    for (const auto& b : it.bom)
      for (const auto& p : b.parts) ++parents[p.item];
  std::vector<ItemId> order, ready;
  order.reserve(m.items.size());
  for (const ItemId i : m.items.ids())
    if (parents[i] == 0) ready.push_back(i);
  std::reverse(ready.begin(), ready.end());  // a stack: the lowest id on top
  while (!ready.empty()) {
    const ItemId i = ready.back();
    ready.pop_back();
    order.push_back(i);
    std::vector<ItemId> freed;
    for (const auto& b : m.items[i].bom)
      for (const auto& p : b.parts)
        if (--parents[p.item] == 0) freed.push_back(p.item);
    std::sort(freed.rbegin(), freed.rend());
    ready.insert(ready.end(), freed.begin(), freed.end());
  }
  return order;
}

// The route that makes a receipt due in period t: the first whose start (t - its lead time) it is
// valid in and that every buyer has qualified, else the first valid one, else the first route
// (the receipt cannot be made in time on any: its release shows when it would have had to start).
const Route* mrp_route(const Item& it, int t) {
  const Route* valid = nullptr;
  for (const auto& r : it.routes) {
    if (!r.valid_at(t - r.lead_time)) continue;
    if (r.qualified.empty()) return &r;
    if (!valid) valid = &r;
  }
  return valid ? valid : it.routes.empty() ? nullptr : &it.routes.front();
}

// The part a BOM line asks for in a start period: its first part valid then that every buyer has
// qualified, else its first part valid then; none when no part is valid (the line asks nothing).
const BomPart* mrp_part(const BomLine& line, int start) {
  const BomPart* first = nullptr;
  for (const auto& p : line.parts) {
    if (!p.valid_at(start)) continue;
    if (p.qualified.empty()) return &p;
    if (!first) first = &p;
  }
  return first;
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
        // The lot: at least the source's minimum and in its multiples; what it brings beyond
        // the need stays in projected stock for later periods.
        const Route* r = mrp_route(it, t);
        const int64_t lot = r                       ? lot_size(missing, r->moq, r->multiple)
                            : !it.suppliers.empty() ? lot_size(missing, m.suppliers[it.suppliers.front()].moq,
                                                               m.suppliers[it.suppliers.front()].multiple)
                                                    : missing;
        rec.planned[k] = lot;
        stock = lot - missing;
        PlannedOrder po;
        po.item = i;
        po.receipt = t;
        po.qty = lot;
        if (r) {
          po.line = r->line;
          po.made = true;
          po.release = t - r->lead_time;
          po.starts = static_cast<int64_t>(std::ceil(static_cast<double>(lot) / r->yield - 1e-9));
          const size_t start = static_cast<size_t>(std::max(po.release, 0));
          if (r->line.valid())  // a dispatch step has no capacity to load
            load[r->line][start] += static_cast<int64_t>(std::ceil(static_cast<double>(po.starts) * r->usage - 1e-9));
          for (const auto& b : it.bom)
            if (const BomPart* part = mrp_part(b, po.release))
              out.items[part->item].gross[start] +=
                  static_cast<int64_t>(std::ceil(static_cast<double>(po.starts) * part->qty - 1e-9));
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
    if (it.made() || it.suppliers.empty()) continue;
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
