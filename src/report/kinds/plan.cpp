// Report sections for a supply plan (opticplan.plan): key figures, demand against deliveries,
// shipments per customer, deliveries per order (a Gantt-like heat map), shortages per constraint and
// period, lateness, bottlenecks and capacity use; groups, agreements and shadow prices as tables.
// One pass over the orders (tally_orders) gathers what the demand, customer, shortage, lateness and
// bottleneck sections draw.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

// The plan's periods in order, and each label's position.
struct Periods {
  std::vector<std::string> labels;
  std::map<std::string, size_t> index;
};

Periods periods_of(const J& periods_j) {
  Periods p;
  for (const auto& label : periods_j) {
    p.index[text(label)] = p.labels.size();
    p.labels.push_back(text(label));
  }
  return p;
}

// What the sections draw from the orders, gathered in one pass.
struct OrderTally {
  std::vector<double> due, delivered;                      // units per period
  std::vector<std::string> customers;                      // in the order first seen
  std::map<std::string, std::vector<double>> by_customer;  // customer -> units delivered per period
  std::vector<std::vector<J>> order_rows;                  // the orders table
  std::map<long, std::pair<double, double>> lateness;      // lateness -> orders, units (-1: never arrives in full)
  std::vector<std::string> constraints;                    // in the order first seen
  std::map<std::string, std::vector<double>> shortage;     // constraint -> most short per period
  std::map<std::string, std::string> explanation;          // constraint -> the first cause's sentence
};

void tally_causes(OrderTally& tally, const J& o, const Periods& p) {
  const size_t T = p.labels.size();
  for (const auto& c : at(o, "causes")) {
    const std::string name = constraint_name(at(c, "constraint"));
    if (!tally.shortage.count(name)) {
      tally.constraints.push_back(name);
      tally.shortage[name].assign(T, 0);
      tally.explanation[name] = text(at(c, "explanation"));
    }
    auto a = p.index.find(text(at(c, "first"))), z = p.index.find(text(at(c, "last")));
    if (a == p.index.end() || z == p.index.end()) continue;
    for (size_t t = a->second; t <= z->second && t < T; ++t)
      tally.shortage[name][t] = std::max(tally.shortage[name][t], num(at(c, "short")));
  }
}

void tally_order(OrderTally& tally, const J& o, const Periods& p) {
  const std::string customer = text(at(o, "customer"));
  if (!tally.by_customer.count(customer)) {
    tally.customers.push_back(customer);
    tally.by_customer[customer].assign(p.labels.size(), 0);
  }
  if (auto it = p.index.find(text(at(o, "due"))); it != p.index.end()) tally.due[it->second] += num(at(o, "quantity"));
  std::string first, last;
  for (const auto& d : at(o, "deliveries")) {
    auto it = p.index.find(text(at(d, "period")));
    if (it == p.index.end()) continue;
    tally.delivered[it->second] += num(at(d, "quantity"));
    tally.by_customer[customer][it->second] += num(at(d, "quantity"));
    if (first.empty()) first = text(at(d, "period"));
    last = text(at(d, "period"));
  }
  const std::string status = text(at(o, "status"));
  const bool never = status == "short" || status == "unmet";
  auto& l = tally.lateness[never ? -1 : static_cast<long>(num(at(o, "lateness")))];
  l.first += 1;
  l.second += num(at(o, "quantity"));
  tally_causes(tally, o, p);
  J explanations = J::array();
  for (const auto& c : at(o, "causes")) explanations.push_back(at(c, "explanation"));
  tally.order_rows.push_back({at(o, "id"), at(o, "customer"), at(o, "item"), at(o, "requirement"), at(o, "priority"),
                              at(o, "quantity"), at(o, "due"), at(o, "delivered"), at(o, "on_time"), at(o, "lateness"),
                              at(o, "status"), first.empty() ? J() : J(first), last.empty() ? J() : J(last),
                              strings_joined(explanations)});
}

OrderTally tally_orders(const J& orders, const Periods& p) {
  OrderTally tally;
  tally.due.assign(p.labels.size(), 0);
  tally.delivered.assign(p.labels.size(), 0);
  for (const auto& o : orders) tally_order(tally, o, p);
  return tally;
}

void kpi_section(Builder& b, const J& r) {
  const J& k = at(r, "kpis");
  std::vector<std::vector<J>> rows;
  for (const auto& [key, v] : k.items())
    if (v.is_primitive()) rows.push_back({key, v});
  std::vector<std::vector<J>> groups;
  for (const char* by : {"by_customer", "by_priority", "by_kind"})
    for (const auto& g : at(k, by))
      groups.push_back(
          {std::string(by).substr(3), at(g, "key"), at(g, "ordered"), at(g, "on_time"), at(g, "fill_rate")});
  b.section("Key figures",
            "Units ordered, delivered, on time, late and short; on-time fill rates by customer, priority and kind.",
            J(),
            {b.table("kpis", {"kpi", "value"}, std::move(rows)),
             b.table("fill_rates", {"by", "key", "ordered", "on_time", "fill_rate"}, std::move(groups))});
}

// With --compare or --bound: the fast planner against the LP optimum, or against the aggregate
// bound (then the gap is at most the gap to the optimum), per priority tier.
void comparison_section(Builder& b, const J& c) {
  if (!c.is_object()) return;
  const bool bound = text(at(c, "against")) == "bound";
  std::vector<std::vector<J>> rows;
  bool unbounded = false;  // tiers below the deciding one, left unsolved (bound_lp())
  for (const auto& l : at(c, "levels")) {
    rows.push_back({at(l, "priority"), at(l, "heuristic"), at(l, "optimum"), at(l, "bound")});
    unbounded = unbounded || (bound && at(l, "bound").is_null() && at(c, "tiers") == "strict");
  }
  const J& tier = at(c, "priority");
  const double gap = num(at(c, "gap")) * 100;
  const std::string where = !tier.is_null() ? " in priority " + display(tier) + ", the first tier that differs"
                            : at(c, "tiers") == "weighted" ? std::string(" in the weighted sum")
                                                           : std::string(" (equal in every tier)");
  b.section(bound ? "Fast planner against the bound" : "Fast planner against the LP optimum",
            std::string(bound ? "The fast plan against the aggregate bound, which no plan beats: the gap is at most "
                              : "The fast plan against the LP optimum: the gap is ") +
                display(J(std::round(gap * 100) / 100)) + "%" + where + ". Objective: " + text(at(c, "objective")) +
                ", " + text(at(c, "tiers")) + " tiers)." +
                (unbounded ? " The tiers below the deciding one have no bound: none could change the comparison." : ""),
            J(), {b.table("comparison", {"priority", "fast_planner", "optimum", "bound"}, std::move(rows))});
}

void demand_section(Builder& b, const Periods& p, const OrderTally& tally) {
  J cd = J::array(), cv = J::array(), dd = J::array(), dv = J::array();
  std::vector<std::vector<J>> rows;
  double sd = 0, sv = 0;
  for (size_t t = 0; t < p.labels.size(); ++t) {
    sd += tally.due[t];
    sv += tally.delivered[t];
    dd.push_back(tally.due[t]);
    dv.push_back(tally.delivered[t]);
    cd.push_back(sd);
    cv.push_back(sv);
    rows.push_back({p.labels[t], tally.due[t], tally.delivered[t], sd, sv});
  }
  J o = base_option();
  o["xAxis"] = category_axis(p.labels);
  o["yAxis"] = J::array({value_axis("units per period"), value_axis("cumulative units", true)});
  J s =
      J::array({bar("due", dd), bar("delivered", dv), line("due, cumulative", cd), line("delivered, cumulative", cv)});
  s[2]["yAxisIndex"] = 1;
  s[3]["yAxisIndex"] = 1;
  s[2]["lineStyle"] = {{"type", "dashed"}};
  o["series"] = std::move(s);
  b.section("Demand vs deliveries by period",
            "Units due (by the orders' due periods) and units delivered, per period and cumulative.", std::move(o),
            {b.table("by_period", {"period", "due", "delivered", "due_cumulative", "delivered_cumulative"},
                     std::move(rows))});
}

// Takes the tally's order rows: they become the orders table under this section.
void customers_section(Builder& b, const Periods& p, OrderTally& tally) {
  J o = base_option();
  o["xAxis"] = category_axis(p.labels);
  o["yAxis"] = value_axis("units delivered");
  o["series"] = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& c : tally.customers) {
    const std::vector<double>& units = tally.by_customer.at(c);
    J data = J::array();
    for (size_t t = 0; t < p.labels.size(); ++t) {
      data.push_back(units[t]);
      if (units[t] > 0) rows.push_back({c, p.labels[t], units[t]});
    }
    o["series"].push_back(bar(c, std::move(data), "customers"));
  }
  const size_t t1 = b.table("orders",
                            {"order", "customer", "item", "requirement", "priority", "quantity", "due", "delivered",
                             "on_time", "lateness", "status", "first_delivery", "last_delivery", "causes"},
                            std::move(tally.order_rows));
  b.section("Shipments per customer over time",
            "Units delivered per period, stacked by customer; the orders with their first and last delivery below.",
            std::move(o), {t1, b.table("deliveries", {"customer", "period", "units"}, std::move(rows))});
}

// Deliveries per order over time: a Gantt-like heat map, order × period, the due period marked.
void gantt_section(Builder& b, const J& orders, const Periods& p) {
  constexpr size_t kMaxOrders = 60;
  std::vector<std::string> ids;
  J data = J::array(), due_marks = J::array();
  double peak = 0;
  for (const auto& o : orders) {
    if (ids.size() == kMaxOrders) break;
    const size_t y = ids.size();
    ids.push_back(text(at(o, "id")));
    std::map<size_t, double> q;
    for (const auto& d : at(o, "deliveries"))
      if (auto it = p.index.find(text(at(d, "period"))); it != p.index.end()) q[it->second] += num(at(d, "quantity"));
    for (const auto& [t, n] : q) {
      data.push_back(J::array({t, y, n}));
      peak = std::max(peak, n);
    }
    if (auto it = p.index.find(text(at(o, "due"))); it != p.index.end()) due_marks.push_back(J::array({it->second, y}));
  }
  if (ids.empty()) return;
  std::reverse(ids.begin(), ids.end());  // the first order at the top
  for (auto& d : data) d[1] = ids.size() - 1 - d[1].get<size_t>();
  for (auto& d : due_marks) d[1] = ids.size() - 1 - d[1].get<size_t>();
  J o;
  o["animation"] = false;
  o["tooltip"] = {{"position", "top"}};
  o["legend"] = {{"top", 0}, {"data", J::array({"due"})}};
  o["grid"] = {{"left", 16}, {"right", 24}, {"top", 32}, {"bottom", 64}, {"containLabel", true}};
  o["xAxis"] = category_axis(p.labels);
  o["yAxis"] = category_axis(ids);
  o["visualMap"] = {{"min", 0},           {"max", peak > 0 ? peak : 1},
                    {"calculable", true}, {"orient", "horizontal"},
                    {"left", "center"},   {"bottom", 0},
                    {"seriesIndex", 0},   {"text", J::array({"units", "0"})}};
  J heat = {{"type", "heatmap"}, {"name", "units delivered"}, {"data", std::move(data)}};
  J due_line = {{"type", "line"},
                {"name", "due"},
                {"data", std::move(due_marks)},
                {"showSymbol", true},
                {"symbol", "rect"},
                {"symbolSize", J::array({3, 12})},
                {"lineStyle", {{"width", 0}}},
                {"itemStyle", {{"color", "#b3261e"}}},
                {"z", 5}};
  o["series"] = J::array({std::move(heat), std::move(due_line)});
  ReportSection& s = b.section(
      "Deliveries per order over time",
      "Units each order receives per period (a Gantt-like view; the red mark is its due period)" +
          std::string(orders.size() > kMaxOrders ? "; the first 60 orders, all are in the orders table." : "."),
      std::move(o));
  s.height = std::clamp<int>(static_cast<int>(ids.size()) * 18 + 120, 240, 1200);
}

// The most units missing at once, per constraint that ran out and period.
void shortages_section(Builder& b, const Periods& p, const OrderTally& tally) {
  if (tally.constraints.empty()) {
    b.section("Shortages: constraint × period", "No constraint ran out: no order was delayed by supply or lines.");
    return;
  }
  J data = J::array();
  std::vector<std::vector<J>> rows;
  double peak = 0;
  for (size_t y = 0; y < tally.constraints.size(); ++y)
    for (size_t t = 0; t < p.labels.size(); ++t) {
      const double v = tally.shortage.at(tally.constraints[y])[t];
      if (v <= 0) continue;
      peak = std::max(peak, v);
      data.push_back(J::array({t, y, v}));
      rows.push_back({tally.constraints[y], p.labels[t], v});
    }
  J o;
  o["animation"] = false;
  o["tooltip"] = {{"position", "top"}};
  o["grid"] = {{"left", 16}, {"right", 24}, {"top", 16}, {"bottom", 64}, {"containLabel", true}};
  o["xAxis"] = category_axis(p.labels);
  o["xAxis"]["splitArea"] = {{"show", true}};
  o["yAxis"] = category_axis(tally.constraints);
  o["visualMap"] = {{"min", 0},
                    {"max", peak > 0 ? peak : 1},
                    {"calculable", true},
                    {"orient", "horizontal"},
                    {"left", "center"},
                    {"bottom", 0},
                    {"text", J::array({"short", "0"})}};
  J s = {{"type", "heatmap"}, {"name", "most short"}, {"data", std::move(data)}};
  o["series"] = J::array({std::move(s)});
  ReportSection& sec =
      b.section("Shortages: constraint × period",
                "The most units missing at once when orders were planned, per constraint that ran out and period.",
                std::move(o), {b.table("shortages", {"constraint", "period", "most_short"}, std::move(rows))});
  sec.height = std::clamp<int>(static_cast<int>(tally.constraints.size()) * 36 + 130, 200, 900);
}

// Orders and units by how many periods late their last delivery is.
void lateness_section(Builder& b, const std::map<long, std::pair<double, double>>& lateness) {
  std::vector<std::string> cats;
  J orders_n = J::array(), units = J::array();
  std::vector<std::vector<J>> rows;
  const long max_late = lateness.empty() ? 0 : std::max(0L, lateness.rbegin()->first);
  for (long l = 0; l <= max_late; ++l) {
    cats.push_back(l == 0 ? "on time" : std::to_string(l));
    const auto it = lateness.find(l);
    orders_n.push_back(it == lateness.end() ? 0.0 : it->second.first);
    units.push_back(it == lateness.end() ? 0.0 : it->second.second);
    rows.push_back({l == 0 ? "on time" : "late", l, orders_n.back(), units.back()});
  }
  if (lateness.count(-1)) {
    cats.push_back("short / unmet");
    orders_n.push_back(lateness.at(-1).first);
    units.push_back(lateness.at(-1).second);
    rows.push_back({cats.back(), J(), orders_n.back(), units.back()});
  }
  J o = base_option();
  o["xAxis"] = category_axis(cats, "periods late");
  o["yAxis"] = J::array({value_axis("orders"), value_axis("units ordered", true)});
  J s = J::array({bar("orders", orders_n), bar("units ordered", units)});
  s[1]["yAxisIndex"] = 1;
  o["series"] = std::move(s);
  b.section("Lateness", "Orders (left) and their units (right) by how many periods late their last delivery is.",
            std::move(o), {b.table("lateness", {"lateness", "periods_late", "orders", "units"}, std::move(rows))});
}

// Constraints ranked by the lateness they caused, each with the first explanation the orders recorded.
void bottlenecks_section(Builder& b, const J& r, const std::map<std::string, std::string>& explanation) {
  const J& bottlenecks = at(r, "bottlenecks");
  if (!bottlenecks.is_array() || bottlenecks.empty()) {
    b.section("Bottlenecks", "No bottleneck: nothing was late for lack of supply or capacity.");
    return;
  }
  std::vector<std::string> names;
  J data = J::array();
  std::vector<std::vector<J>> rows;
  int rank = 0;
  for (const auto& bn : bottlenecks) {
    const std::string name = constraint_name(at(bn, "constraint"));
    names.push_back(name);
    data.push_back(at(bn, "unit_periods_late"));
    rows.push_back({++rank, at(at(bn, "constraint"), "kind"), at(at(bn, "constraint"), "id"), at(bn, "orders"),
                    at(bn, "units_late"), at(bn, "unit_periods_late"), at(bn, "first"), at(bn, "last"),
                    at(bn, "most_short"), explanation.count(name) ? J(explanation.at(name)) : J()});
  }
  std::reverse(names.begin(), names.end());  // the worst at the top
  std::reverse(data.begin(), data.end());
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = value_axis("unit-periods late");
  o["yAxis"] = category_axis(names);
  o["series"] = J::array({bar("unit-periods late", std::move(data))});
  o["legend"]["show"] = false;
  b.section("Bottlenecks",
            "Constraints ranked by the unit-periods of lateness they caused, with the first explanation recorded.",
            std::move(o),
            {b.table("bottlenecks",
                     {"rank", "kind", "constraint", "orders", "units_late", "unit_periods_late", "first", "last",
                      "most_short", "explanation"},
                     std::move(rows))});
}

// Share of each line's and supplier's capacity used per period; no section when the plan has neither.
void capacity_section(Builder& b, const J& r, const Periods& p) {
  std::vector<std::vector<J>> rows;
  J o = base_option();
  o["xAxis"] = category_axis(p.labels);
  o["yAxis"] = value_axis("used / capacity");
  o["series"] = J::array();
  for (const char* what : {"lines", "suppliers"})
    for (const auto& l : at(r, what)) {
      const J& cap = at(l, "capacity");
      const J& used = at(l, "used");
      J data = J::array();
      for (size_t t = 0; t < p.labels.size(); ++t) {
        const double c = t < cap.size() ? num(cap[t]) : 0, u = t < used.size() ? num(used[t]) : 0;
        data.push_back(ratio(u, c));
        rows.push_back(
            {std::string(what) == "lines" ? "line" : "supplier", at(l, "id"), p.labels[t], c, u, ratio(u, c)});
      }
      o["series"].push_back(line(text(at(l, "id")), std::move(data)));
    }
  if (!o["series"].empty())
    b.section("Capacity use", "Share of each line's and supplier's capacity used per period (1 = saturated).",
              std::move(o),
              {b.table("capacity", {"kind", "id", "period", "capacity", "used", "utilization"}, std::move(rows))});
}

// Which second-source parts and alternate routes fed each order (the fast planner's pegging), with
// the units per source in a bar chart; no section when no order has any.
void sources_section(Builder& b, const J& orders) {
  std::vector<std::vector<J>> rows;
  std::map<std::string, double> per_source;  // "part eml-b", "mod-a on cm-b": units
  for (const auto& o : orders) {
    for (const auto& u : at(o, "parts")) {
      rows.push_back({at(o, "id"), at(o, "customer"), "part", at(u, "item"), J(), at(u, "quantity")});
      per_source["part " + text(at(u, "item"))] += num(at(u, "quantity"));
    }
    for (const auto& u : at(o, "routes")) {
      rows.push_back({at(o, "id"), at(o, "customer"), "route", at(u, "item"), at(u, "line"), at(u, "quantity")});
      per_source[text(at(u, "item")) + " on " + text(at(u, "line"))] += num(at(u, "quantity"));
    }
  }
  if (rows.empty()) return;
  std::vector<std::string> names;
  J data = J::array();
  for (const auto& [name, units] : per_source) {
    names.push_back(name);
    data.push_back(units);
  }
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = value_axis("units in orders");
  o["yAxis"] = category_axis(names);
  o["series"] = J::array({bar("units", std::move(data))});
  o["legend"]["show"] = false;
  b.section("Sources: second-source parts and alternate routes per order",
            "Which alternate part of a bill of materials, and which route (line) of an item with several, went "
            "into each order's units (parts: units of the part; routes: good units of the item made there).",
            std::move(o),
            {b.table("sources", {"order", "customer", "kind", "item", "line", "quantity"}, std::move(rows))});
}

}  // namespace

void plan_sections(Builder& b, const J& r) {
  const Periods p = periods_of(need(r, "periods", J::value_t::array, ""));
  const J& orders = need(r, "orders", J::value_t::array, "");
  kpi_section(b, r);
  comparison_section(b, at(r, "comparison"));
  OrderTally tally = tally_orders(orders, p);
  demand_section(b, p, tally);
  customers_section(b, p, tally);
  gantt_section(b, orders, p);
  shortages_section(b, p, tally);
  lateness_section(b, tally.lateness);
  bottlenecks_section(b, r, tally.explanation);
  sources_section(b, orders);
  capacity_section(b, r, p);
  for (const char* key : {"groups", "agreements", "shadow_prices"}) generic_table(b, key, at(r, key));
}

}  // namespace opticplan::report::detail
