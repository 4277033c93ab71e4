#include "opticplan/supply/diff.h"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace opticplan::supply {

namespace {

int complete_of(const Order& o, const OrderPlan& op) {
  return op.delivered == o.qty && !op.deliveries.empty() ? op.deliveries.back().period : -1;
}

}  // namespace

PlanDiff diff_plans(const Model& bm, const Plan& b, const Model& om, const Plan& o) {
  PlanDiff d;
  d.base = b.kpis;
  d.other = o.kpis;
  std::map<std::string, OrderId> other_index;  // order id -> its plan in `o`
  for (const OrderId i : o.orders.ids()) other_index.emplace(om.orders[o.orders[i].order].id, i);
  std::map<std::string, bool> seen;
  for (const auto& op : b.orders) {
    const Order& ord = bm.orders[op.order];
    auto it = other_index.find(ord.id);
    if (it == other_index.end()) {
      d.only_base.push_back(ord.id);
      continue;
    }
    seen[ord.id] = true;
    const OrderPlan& oq = o.orders[it->second];
    const Order& oord = om.orders[oq.order];
    OrderChange c;
    c.id = ord.id;
    c.base_complete = complete_of(ord, op);
    c.other_complete = complete_of(oord, oq);
    c.base_on_time = op.on_time;
    c.other_on_time = oq.on_time;
    c.base_status = op.status;
    c.other_status = oq.status;
    c.customer = ord.customer.valid() ? bm.customers[ord.customer].id : "";
    c.qty = ord.qty;
    c.due = ord.due;
    c.base_lateness = op.lateness;
    c.other_lateness = oq.lateness;
    c.base_delivered = op.delivered;
    c.other_delivered = oq.delivered;
    if (c.base_complete != c.other_complete || c.base_on_time != c.other_on_time || c.base_status != c.other_status)
      d.moved.push_back(std::move(c));
  }
  for (const auto& oq : o.orders) {
    const std::string& id = om.orders[oq.order].id;
    if (!seen.count(id)) d.only_other.push_back(id);
  }
  // Most periods moved first; an order that no longer (or now) completes counts as the calendar.
  const auto shift = [&](const OrderChange& c) {
    const int never = std::max(bm.periods(), om.periods());
    return std::abs((c.base_complete < 0 ? never : c.base_complete) -
                    (c.other_complete < 0 ? never : c.other_complete));
  };
  std::stable_sort(d.moved.begin(), d.moved.end(), [&](const OrderChange& x, const OrderChange& y) {
    if (shift(x) != shift(y)) return shift(x) > shift(y);
    return x.id < y.id;
  });
  for (const auto& bg : b.groups) {
    const std::string& id = bm.groups[bg.group].id;
    for (const auto& og : o.groups)
      if (om.groups[og.group].id == id) d.groups.push_back({id, bg.complete, og.complete, bg.idle_cost, og.idle_cost});
  }
  return d;
}

}  // namespace opticplan::supply
