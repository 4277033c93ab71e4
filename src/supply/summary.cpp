#include "opticplan/supply/plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace opticplan::supply {

void add_part(std::vector<PartUse>& parts, ItemId item, int64_t qty) {
  if (qty <= 0) return;
  auto it = std::lower_bound(parts.begin(), parts.end(), item, [](const PartUse& p, ItemId i) { return p.item < i; });
  if (it != parts.end() && it->item == item)
    it->qty += qty;
  else
    parts.insert(it, {item, qty});
}

void add_route(std::vector<RouteUse>& routes, ItemId item, LineId line, int64_t qty) {
  if (qty <= 0) return;
  const auto key = [](const RouteUse& r) { return std::make_pair(r.item, r.line); };
  auto it = std::lower_bound(routes.begin(), routes.end(), std::make_pair(item, line),
                             [&](const RouteUse& r, const std::pair<ItemId, LineId>& k) { return key(r) < k; });
  if (it != routes.end() && key(*it) == std::make_pair(item, line))
    it->qty += qty;
  else
    routes.insert(it, {item, line, qty});
}

void summarize_order(const Order& o, OrderPlan& op) {
  auto& d = op.deliveries;
  std::sort(d.begin(), d.end(), [](const Delivery& a, const Delivery& b) {
    return a.period != b.period ? a.period < b.period : a.item < b.item;
  });
  std::vector<Delivery> merged;
  for (const auto& x : d) {
    if (!merged.empty() && merged.back().period == x.period && merged.back().item == x.item)
      merged.back().qty += x.qty;
    else
      merged.push_back(x);
  }
  if (!o.partial && !merged.empty()) {  // delivered whole, when the last part is ready
    const int at = merged.back().period;
    for (auto& x : merged) x.period = at;
    std::vector<Delivery> whole;
    for (const auto& x : merged) {
      auto it = std::find_if(whole.begin(), whole.end(), [&](const Delivery& w) { return w.item == x.item; });
      if (it != whole.end())
        it->qty += x.qty;
      else
        whole.push_back(x);
    }
    merged = std::move(whole);
  }
  d = std::move(merged);
  op.delivered = 0;
  op.on_time = 0;
  for (const auto& x : d) {
    op.delivered += x.qty;
    if (x.period <= o.due) op.on_time += x.qty;
  }
  op.lateness = d.empty() ? 0 : std::max(0, d.back().period - o.due);
  if (op.delivered == 0)
    op.status = Status::kUnmet;
  else if (op.delivered < o.qty)
    op.status = Status::kShort;
  else if (op.lateness > 0)
    op.status = Status::kLate;
  else
    op.status = Status::kOnTime;
  if (op.status == Status::kOnTime) op.causes.clear();
  std::stable_sort(op.causes.begin(), op.causes.end(),
                   [](const Cause& a, const Cause& b) { return a.short_qty > b.short_qty; });
}

namespace {

// Lines of a group that ship as the group says: ratio groups in complete sets (each line,
// cumulatively, at most its share of the scarcest line), together groups all when the last is ready.
void ship_groups(const Model& m, Plan& plan) {
  const int T = m.periods();
  // Ratio groups ship complete sets: each line, cumulatively, at most its share of the scarcest line.
  for (const GroupId g : m.groups.ids()) {
    if (!m.groups[g].ratio) continue;
    std::vector<OrderPlan*> lines;
    for (auto& op : plan.orders)
      if (m.orders[op.order].group == g) lines.push_back(&op);
    if (lines.empty()) continue;
    std::vector<double> sets(static_cast<size_t>(T), 1.0);  // share of complete sets by period
    for (const OrderPlan* op : lines) {
      const double qty = static_cast<double>(m.orders[op->order].qty);
      int64_t cum = 0;
      size_t d = 0;
      for (int t = 0; t < T; ++t) {
        while (d < op->deliveries.size() && op->deliveries[d].period <= t) cum += op->deliveries[d++].qty;
        sets[static_cast<size_t>(t)] = std::min(sets[static_cast<size_t>(t)], static_cast<double>(cum) / qty);
      }
    }
    for (OrderPlan* op : lines) {
      const Order& o = m.orders[op->order];
      std::vector<Delivery> queue = op->deliveries, out;  // units in the order they became ready
      size_t q = 0;
      int64_t shipped = 0;
      for (int t = 0; t < T; ++t) {
        int64_t allowed =
            static_cast<int64_t>(std::floor(sets[static_cast<size_t>(t)] * static_cast<double>(o.qty) + 1e-9));
        allowed = std::min(allowed, op->delivered);
        while (shipped < allowed && q < queue.size()) {
          const int64_t take = std::min(allowed - shipped, queue[q].qty);
          if (!out.empty() && out.back().period == t && out.back().item == queue[q].item)
            out.back().qty += take;
          else
            out.push_back({t, queue[q].item, take});
          shipped += take;
          queue[q].qty -= take;
          if (queue[q].qty == 0) ++q;
        }
      }
      op->deliveries = std::move(out);
      summarize_order(o, *op);
    }
  }
  // The order that completes a group last (the first such in id order): the one the others wait for.
  IdVec<GroupTag, OrderId> last_line(m.groups.size());
  for (const auto& op : plan.orders) {
    const GroupId g = m.orders[op.order].group;
    if (!g.valid() || op.deliveries.empty()) continue;
    if (op.deliveries.back().period == plan.groups[g].complete && !last_line[g].valid()) last_line[g] = op.order;
  }
  for (auto& op : plan.orders) {
    const Order& o = m.orders[op.order];
    if (!o.group.valid() || !m.groups[o.group].together) continue;
    const int at = plan.groups[o.group].complete;
    if (at < 0) continue;
    const int ready = op.deliveries.empty() ? -1 : op.deliveries.back().period;  // its own last unit, before the move
    for (auto& d : op.deliveries) d.period = at;
    summarize_order(o, op);
    // Ready on time (or earlier than the group), late only because it ships with the group.
    const OrderId waited_for = last_line[o.group];
    if (ready < at && at > o.due && waited_for != op.order)
      op.causes.push_back(
          {{Constraint::Kind::kGroup, waited_for}, std::max(ready, o.due), at, op.delivered, false, {}});
  }
}

}  // namespace

void summarize(const Model& m, Plan& plan) {
  const int T = m.periods();
  for (auto& op : plan.orders) summarize_order(m.orders[op.order], op);
  // Groups: complete when the last unit of the last line arrives; lines shipped together move there.
  plan.groups.assign(m.groups.size(), {});
  for (const GroupId g : m.groups.ids()) {
    plan.groups[g].group = g;
    plan.groups[g].due = -1;
  }
  IdVec<GroupTag, char> incomplete(m.groups.size(), false);
  for (const auto& op : plan.orders) {
    const Order& o = m.orders[op.order];
    if (!o.group.valid()) continue;
    GroupPlan& gp = plan.groups[o.group];
    gp.lines += 1;
    gp.qty += o.qty;
    gp.delivered += op.delivered;
    gp.due = std::max(gp.due, o.due);
    if (op.delivered < o.qty)
      incomplete[o.group] = true;
    else
      gp.complete = std::max(gp.complete, op.deliveries.back().period);
  }
  const double hours = m.grid.grain() == Granularity::kDay ? 24 : m.grid.grain() == Granularity::kWeek ? 168 : 2184;
  for (const GroupId g : m.groups.ids()) {
    GroupPlan& gp = plan.groups[g];
    if (incomplete[g] || gp.lines == 0) gp.complete = -1;
    gp.lateness = gp.complete < 0 ? std::max(0, T - gp.due) : std::max(0, gp.complete - gp.due);
    gp.idle_gpu_hours = static_cast<double>(m.groups[g].gpus) * hours * gp.lateness;
    gp.idle_cost = gp.idle_gpu_hours * m.groups[g].gpu_hour_cost;
  }
  ship_groups(m, plan);
  // Bottlenecks and KPIs.
  Kpis& k = plan.kpis;
  int64_t late_unit_periods = 0;
  IdVec<CustomerTag, Kpis::Group> by_customer(m.customers.size());
  for (const CustomerId c : m.customers.ids()) by_customer[c].key = m.customers[c].id;
  std::map<int, Kpis::Group> by_priority;  // ordered by priority; named once at the end
  std::vector<Kpis::Group> by_kind = {{"orders", 0, 0, 0}, {"forecasts", 0, 0, 0}};
  for (const auto& op : plan.orders) {
    const Order& o = m.orders[op.order];
    const double price = o.price > 0 ? o.price : 0;
    k.ordered += o.qty;
    k.delivered += op.delivered;
    k.on_time += op.on_time;
    int64_t unit_periods = 0;
    for (const auto& d : op.deliveries) {
      const double unit_price = price > 0 ? price : m.items[d.item].price;
      k.revenue += unit_price * static_cast<double>(d.qty);
      if (d.period > o.due) {
        k.late_units += d.qty;
        unit_periods += d.qty * (d.period - o.due);
      }
    }
    late_unit_periods += unit_periods;
    const int64_t short_units = o.qty - op.delivered;
    k.short_units += short_units;
    k.max_lateness = std::max(k.max_lateness, op.lateness);
    by_kind[o.forecast ? 1 : 0].ordered += o.qty;
    by_kind[o.forecast ? 1 : 0].on_time += op.on_time;
    auto& g = by_customer[o.customer];
    g.ordered += o.qty;
    g.on_time += op.on_time;
    Kpis::Group& pg = by_priority[o.priority];
    pg.ordered += o.qty;
    pg.on_time += op.on_time;
    const int64_t weight = unit_periods + short_units * std::max(1, T - o.due);
    for (const auto& c : op.causes) {
      auto it = std::find_if(plan.bottlenecks.begin(), plan.bottlenecks.end(),
                             [&](const Bottleneck& b) { return b.constraint == c.constraint; });
      if (it == plan.bottlenecks.end()) {
        plan.bottlenecks.push_back({c.constraint, 0, 0, 0, c.first, c.last, 0});
        it = plan.bottlenecks.end() - 1;
      }
      it->orders += 1;
      it->units_late += o.qty - op.on_time;
      it->unit_periods_late += weight;
      it->first = std::min(it->first, c.first);
      it->last = std::max(it->last, c.last);
      it->short_qty = std::max(it->short_qty, c.short_qty);
    }
  }
  k.fill_rate = k.ordered ? static_cast<double>(k.on_time) / static_cast<double>(k.ordered) : 1;
  k.average_lateness = k.late_units ? static_cast<double>(late_unit_periods) / static_cast<double>(k.late_units) : 0;
  const auto rate = [](Kpis::Group& g) {
    g.fill_rate = g.ordered ? static_cast<double>(g.on_time) / static_cast<double>(g.ordered) : 1;
  };
  for (auto& g : by_customer) rate(g);
  for (auto& g : by_kind) rate(g);
  if (by_kind[1].ordered == 0) by_kind.pop_back();
  k.by_kind = std::move(by_kind);
  k.by_customer = std::move(by_customer.raw());
  k.by_priority.clear();
  for (auto& [priority, g] : by_priority) {
    g.key = "priority " + std::to_string(priority);
    rate(g);
    k.by_priority.push_back(g);
  }
  std::stable_sort(plan.bottlenecks.begin(), plan.bottlenecks.end(), [](const Bottleneck& a, const Bottleneck& b) {
    if (a.unit_periods_late != b.unit_periods_late) return a.unit_periods_late > b.unit_periods_late;
    return a.constraint < b.constraint;
  });
}

void start_flows(const Model& m, Plan& plan) {
  const size_t T = static_cast<size_t>(m.periods());
  plan.lines.resize(m.lines.size());
  for (const LineId l : m.lines.ids()) {
    plan.lines[l].capacity = m.lines[l].capacity;
    plan.lines[l].used.assign(T, 0);
  }
  plan.suppliers.resize(m.suppliers.size());
  for (const SupplierId s : m.suppliers.ids()) {
    plan.suppliers[s].capacity = m.suppliers[s].capacity;
    plan.suppliers[s].used.assign(T, 0);
  }
  plan.items.resize(m.items.size());
  for (auto& f : plan.items)
    for (auto* v : {&f.arrivals, &f.produced, &f.consumed, &f.delivered, &f.inventory}) v->assign(T, 0);
  for (const auto& r : m.receipts) plan.items[r.item].arrivals[static_cast<size_t>(r.period)] += r.qty;
}

void finish_flows(const Model& m, Plan& plan) {
  const size_t T = static_cast<size_t>(m.periods());
  for (const auto& op : plan.orders)
    for (const auto& d : op.deliveries) plan.items[d.item].delivered[static_cast<size_t>(d.period)] += d.qty;
  for (auto& f : plan.items) {
    int64_t level = 0;
    for (size_t t = 0; t < T; ++t) {
      level += f.arrivals[t] + f.produced[t] - f.consumed[t] - f.delivered[t];
      f.inventory[t] = level;
    }
  }
}

}  // namespace opticplan::supply
