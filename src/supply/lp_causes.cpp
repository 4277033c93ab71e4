#include "lp_causes.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace opticplan::supply {

namespace {

// What one good unit of an item needs of each capacity: a line's capacity, or a bought item's
// supply (ShadowPrice kinds: a supplier prices its item's supply).
struct Need {
  std::map<Constraint, double> per_unit;
};

class Explainer {
 public:
  explicit Explainer(const Model& m)
      : m_(m), earliest_(m.items.size(), -2), first_receipt_(m.items.size(), m.periods()) {
    for (const auto& r : m.receipts)
      if (r.qty > 0) first_receipt_[r.item.v] = std::min(first_receipt_[r.item.v], r.period);
    for (const auto& it : m.items)
      for (const auto& b : it.bom)
        for (const auto& p : b.parts) per_buyer_ = per_buyer_ || !p.qualified.empty();
  }

  // What a unit needs for one buyer: every alternate part of a BOM line the buyer has qualified
  // counts (any of them may be what ran short), each at its own quantity per unit.
  const Need& need(ItemId item, CustomerId buyer) {
    const auto key = std::make_pair(item.v, per_buyer_ && buyer.valid() ? buyer.v : UINT32_MAX);
    if (auto found = needs_.find(key); found != needs_.end()) return found->second;
    const Item& it = m_.items[item];  // a bill of materials is acyclic (the reader checks it)
    Need n;
    // Routes: each usable one's line may be what bound (at its own use per good unit); parts
    // per good unit at the preferred usable route's yield.
    const Route* first = nullptr;
    for (const auto& r : it.routes) {
      if (!r.usable_by(buyer)) continue;
      if (!first) first = &r;
      if (!r.line.valid()) continue;  // a dispatch step: no capacity
      double& per = n.per_unit[Constraint(Constraint::Kind::kLine, r.line)];
      per = std::max(per, r.usage / r.yield);
    }
    if (!first) {
      n.per_unit[Constraint(Constraint::Kind::kSupply, item)] = 1;
    } else {
      const double starts = 1 / first->yield;
      for (const auto& b : it.bom)
        for (const auto& p : b.parts)
          if (p.usable_by(buyer))
            for (const auto& [c, q] : need(p.item, buyer).per_unit) n.per_unit[c] += starts * p.qty * q;
    }
    return needs_[key] = std::move(n);
  }

  // The earliest period a unit of `item` can arrive from nothing (stock aside): its suppliers'
  // first period with capacity, or its line's lead time after its parts' earliest. T: never.
  int earliest(ItemId item) {
    const size_t i = item.v;
    if (earliest_[i] != -2) return earliest_[i];
    earliest_[i] = m_.periods();  // while the bill of materials is explored
    const Item& it = m_.items[item];
    int e = m_.periods();
    for (SupplierId s : it.suppliers) {
      const auto& cap = m_.suppliers[s].capacity;
      const auto first = std::find_if(cap.begin(), cap.end(), [](int64_t c) { return c > 0; });
      e = std::min(e, static_cast<int>(first - cap.begin()));
    }
    if (it.made()) {
      int lead = m_.periods();
      for (const auto& r : it.routes) lead = std::min(lead, r.lead_time);
      int parts = 0;
      for (const auto& b : it.bom) {  // a line is there when its earliest alternate is
        int line = m_.periods();
        for (const auto& p : b.parts) line = std::min(line, earliest(p.item));
        parts = std::max(parts, line);
      }
      e = std::min(e, parts + lead);
    }
    earliest_[i] = e;
    return e;
  }

  // Whether some of an item is on hand or on order by period t.
  bool stock_by(ItemId item, int t) const { return first_receipt_[item.v] <= t; }

 private:
  const Model& m_;
  bool per_buyer_ = false;  // some part is qualified with some buyers only: needs differ per buyer
  std::map<std::pair<uint32_t, uint32_t>, Need> needs_;  // per item and buyer (or every buyer)
  std::vector<int> earliest_;
  std::vector<int> first_receipt_;  // per item: the first period with a receipt, or T
};

// Whether the plan left some of a priced capacity unused: a tier's price comes from its step's
// solution, and the plan is the last step's, which may use another optimum of the tiers above. A
// capacity with more left than rounding to whole units explains is not named.
bool has_slack(const Plan& plan, const ShadowPrice& sp) {
  const auto t = static_cast<size_t>(sp.period);
  const bool line = sp.kind == ShadowPrice::Kind::kLine;
  const auto& load = line ? plan.lines[sp.line].capacity : plan.suppliers[sp.supplier].capacity;
  const auto& used = line ? plan.lines[sp.line].used : plan.suppliers[sp.supplier].used;
  return static_cast<double>(load[t] - used[t]) > 1 + 1e-3 * static_cast<double>(load[t]);
}

// An agreement of another holder that reserves some of a priced capacity in its period, or none.
AgreementId reserved_by_other(const Model& m, const ShadowPrice& sp, CustomerId customer) {
  for (AgreementId a : m.agreements.ids()) {
    const Agreement& ag = m.agreements[a];
    const bool on = sp.kind == ShadowPrice::Kind::kLine ? ag.line.valid() && ag.line == sp.line
                                                        : ag.supplier.valid() && ag.supplier == sp.supplier;
    if (on && ag.holder != customer && ag.reserved[static_cast<size_t>(sp.period)] > 0) return a;
  }
  return {};
}

}  // namespace

namespace {

// Per item, what the plan holds in stock at the end of each period (receipts, arrivals and
// production in; consumption and every order's deliveries out), as summarize() will count it.
std::vector<int64_t> stock_of(const Model& m, const Plan& plan, ItemId item) {
  const ItemFlow& f = plan.items[item];
  std::vector<int64_t> out(static_cast<size_t>(m.periods()), 0);
  for (const auto& r : m.receipts)
    if (r.item == item) out[static_cast<size_t>(r.period)] += r.qty;
  for (const auto& op : plan.orders)
    for (const auto& d : op.deliveries)
      if (d.item == item) out[static_cast<size_t>(d.period)] -= d.qty;
  int64_t level = 0;
  for (size_t t = 0; t < out.size(); ++t) {
    level += out[t] + f.arrivals[t] + f.produced[t] - f.consumed[t];
    out[t] = level;
  }
  return out;
}

// An order with a minimum shipment that waited: in a period before its last delivery where the
// item of that delivery was in stock, but fewer than the minimum and than what was left of the
// order, those units were held back (Constraint::Kind::kMinShipment, as the fast planner says).
void held_back(const Model& m, const Plan& plan, const Order& ord, OrderPlan& op,
               std::map<ItemId, std::vector<int64_t>>& stock) {
  std::vector<Delivery> by_period = op.deliveries;
  std::stable_sort(by_period.begin(), by_period.end(),
                   [](const Delivery& a, const Delivery& b) { return a.period < b.period; });
  int64_t delivered = 0;
  size_t next = 0;
  for (int t = std::max(ord.due, 0); t < m.periods() && next < by_period.size(); ++t) {
    for (; next < by_period.size() && by_period[next].period <= t; ++next) delivered += by_period[next].qty;
    if (next == by_period.size()) break;  // nothing later: it did not wait
    const ItemId item = by_period[next].item;
    auto it = stock.find(item);
    if (it == stock.end()) it = stock.emplace(item, stock_of(m, plan, item)).first;
    const int64_t have = it->second[static_cast<size_t>(t)];
    const int64_t least = std::min(ord.min_shipment, ord.qty - delivered);
    if (have <= 0 || have >= least) continue;
    const Constraint c(Constraint::Kind::kMinShipment, item);
    auto found = std::find_if(op.causes.begin(), op.causes.end(), [&](const Cause& x) { return x.constraint == c; });
    if (found == op.causes.end()) {
      op.causes.push_back({c, t, t, least - have, false, {}});
    } else {
      found->last = t;
      found->short_qty = std::max(found->short_qty, least - have);
    }
  }
}

}  // namespace

void lp_causes(const Model& m, Plan& plan) {
  Explainer ex(m);
  std::map<ItemId, std::vector<int64_t>> stock;  // per item, as asked (held_back())
  const int T = m.periods();
  for (OrderId o : m.orders.ids()) {
    const Order& ord = m.orders[o];
    OrderPlan& op = plan.orders[o];
    int64_t on_time = 0, delivered = 0;
    int end = ord.due;
    for (const auto& d : op.deliveries) {
      delivered += d.qty;
      if (d.period <= ord.due) on_time += d.qty;
      end = std::max(end, d.period);
    }
    if (on_time >= ord.qty) continue;
    if (delivered < ord.qty) end = ord.max_lateness < 0 ? T - 1 : std::min(T - 1, ord.due + ord.max_lateness);
    const int64_t missing = ord.qty - on_time;
    // Only a lead time: no design can arrive by the due period, whatever the capacities.
    if (ord.due >= 0 && std::all_of(ord.alternates.begin(), ord.alternates.end(),
                                    [&](ItemId a) { return ex.earliest(a) > ord.due && !ex.stock_by(a, ord.due); })) {
      const ItemId a = ord.alternates.front();
      op.causes.push_back(
          {Constraint(Constraint::Kind::kLeadTime, a), ord.due, std::min(end, ex.earliest(a) - 1), missing, false, {}});
    }
    // Binding capacities of the order's tier that its designs use, by the end of its search.
    const int priority = m.tiers == Tiers::kStrict ? ord.priority : 0;
    std::map<Constraint, Cause> found;
    for (const auto& sp : plan.shadow_prices) {
      if (sp.priority != priority || sp.period > end) continue;
      // Left unused overall, it may still have been full for this buyer: reserved for another.
      const bool slack = has_slack(plan, sp);
      const AgreementId agreement = slack ? reserved_by_other(m, sp, ord.customer) : AgreementId{};
      if (slack && !agreement.valid()) continue;
      const Constraint c = sp.kind == ShadowPrice::Kind::kLine
                               ? Constraint(Constraint::Kind::kLine, sp.line)
                               : Constraint(Constraint::Kind::kSupply, m.suppliers[sp.supplier].item);
      double per_unit = 0;  // of the first design that uses it
      for (ItemId a : ord.alternates)
        if (const auto& need = ex.need(a, ord.customer).per_unit; need.count(c) > 0) {
          per_unit = need.at(c);
          break;
        }
      if (per_unit <= 0) continue;
      auto [it, fresh] = found.try_emplace(c, Cause{c, sp.period, sp.period, 0, false, {}});
      if (!it->second.agreement.valid() && agreement.valid()) {
        it->second.agreement = agreement;
        it->second.reserved_elsewhere = true;
      }
      it->second.first = std::min(it->second.first, sp.period);
      it->second.last = std::max(it->second.last, sp.period);
      it->second.short_qty = static_cast<int64_t>(std::ceil(static_cast<double>(missing) * per_unit - 1e-9));
    }
    for (auto& [c, cause] : found) op.causes.push_back(cause);
    if (ord.min_shipment > 0 && ord.partial) held_back(m, plan, ord, op, stock);
  }
}

}  // namespace opticplan::supply
