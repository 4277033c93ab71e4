#include "opticplan/results/plan_results.h"

#include <algorithm>
#include <cmath>

#include "opticplan/core/table.h"
#include "opticplan/core/units.h"

namespace opticplan::results {
using namespace supply;
using nlohmann::ordered_json;

namespace {

// A relaxation's bound carries the solver's tolerances (99.99998 for 100): shown to a thousandth.
double r3(double v) { return std::round(v * 1e3) / 1e3; }

}  // namespace

namespace {

std::string percent(double v) { return format_number(v * 100, 4) + "%"; }

std::string periods_text(const Model& m, int first, int last) {
  return first == last ? m.grid.label(first) : m.grid.label(first) + ".." + m.grid.label(last);
}

std::string items_of(const Model& m, const OrderPlan& op) {
  const Order& o = m.orders[op.order];
  if (!o.requirement.empty()) return o.requirement;
  return m.items[o.alternates.front()].id;
}

std::string grain_word(const Model& m, int n) {
  const char* w = m.grid.grain() == Granularity::kWeek  ? "week"
                  : m.grid.grain() == Granularity::kDay ? "day"
                                                        : "quarter";
  return std::to_string(n) + " " + w + (n == 1 ? "" : "s");
}

// The earliest period anything of a bought item can arrive: its suppliers' shortest lead time.
int earliest_supply(const Model& m, ItemId item) {
  int earliest = m.periods();
  for (const SupplierId s : m.items[item].suppliers) earliest = std::min(earliest, m.suppliers[s].lead_time);
  return earliest;
}

// Why an item cannot arrive that early, and what would change it.
std::string lead_time_text(const Model& m, const Cause& c) {
  const Item& it = m.items[c.constraint.item()];
  const std::string when = c.first == c.last ? "in " + m.grid.label(c.first) : "in " + periods_text(m, c.first, c.last);
  std::string out;
  if (it.made()) {  // every route takes longer (the shortest is named)
    const Route* fastest = &it.routes.front();
    for (const auto& r : it.routes)
      if (r.lead_time < fastest->lead_time) fastest = &r;
    out = it.id + " takes " + grain_word(m, fastest->lead_time) + " from start " +
          (fastest->line.valid() ? "on line " + m.lines[fastest->line].id : std::string("(dispatch)")) +
          ", so nothing started in the calendar is ready " + when;
  } else {
    const int earliest = earliest_supply(m, c.constraint.item());
    out = it.id + "'s suppliers ship from " + (earliest < m.periods() ? m.grid.label(earliest) : "after the calendar") +
          " at the earliest (lead time), so none can arrive " + when;
  }
  return out + ": short " + grouped(c.short_qty) + "; fix: " + grouped(c.short_qty) + " " + it.id +
         " on hand or on an open order by " + m.grid.label(c.first) + ", a " + (it.made() ? "line" : "supplier") +
         " with a shorter lead time, or a later due date";
}

// What a cause means, and what would have fixed it.
std::string cause_text(const Model& m, const Cause& c) {
  if (c.constraint.kind == Constraint::Kind::kLeadTime) return lead_time_text(m, c);
  if (c.constraint.kind == Constraint::Kind::kQualification) {
    const std::string& item = m.items[c.constraint.item()].id;
    const bool design = std::any_of(m.requirements.begin(), m.requirements.end(), [&](const Requirement& r) {
      return std::find(r.alternates.begin(), r.alternates.end(), c.constraint.item()) != r.alternates.end();
    });
    return item + (design ? ", another design of its requirement," : ", an alternate part of its bill of materials,") +
           " had " + grouped(c.short_qty) + " by " + m.grid.label(c.first) +
           ", but the customer has not qualified it; fix: qualify " + item;
  }
  if (c.constraint.kind == Constraint::Kind::kMinShipment) {
    const std::string& item = m.items[c.constraint.item()].id;
    return item + " ready in " + (c.first == c.last ? m.grid.label(c.first) : periods_text(m, c.first, c.last)) +
           " was held back, fewer than the order's minimum shipment: short " + grouped(c.short_qty) +
           " of a shipment; fix: +" + grouped(c.short_qty) + " " + item + " by " + m.grid.label(c.first) +
           ", or a smaller minimum shipment";
  }
  if (c.constraint.kind == Constraint::Kind::kGroup)
    return "ready by " + m.grid.label(c.first) + ", waits for " + constraint_name(m, c.constraint) +
           " of its group, which completes in " + m.grid.label(c.last) + ": " + grouped(c.short_qty) +
           " units held back; fix: supply for that order";
  std::string out = constraint_name(m, c.constraint) + " ran out ";
  out += c.first == c.last ? "in " + m.grid.label(c.first) : "in " + periods_text(m, c.first, c.last);
  out += ": short " + grouped(c.short_qty) + (c.constraint.kind == Constraint::Kind::kLine ? " of capacity" : "");
  if (c.agreement.valid()) {
    const Agreement& a = m.agreements[c.agreement];
    out += " (some was left, reserved by agreement " + a.id + " for " + m.customers[a.holder].id + ")";
  }
  if (c.constraint.kind == Constraint::Kind::kSupply)
    out += "; fix: +" + grouped(c.short_qty) + " " + m.items[c.constraint.item()].id + " by " + m.grid.label(c.first);
  else
    out += "; fix: +" + grouped(c.short_qty) + " capacity by " + m.grid.label(c.first);
  return out;
}

const char* constraint_kind(Constraint c) {
  switch (c.kind) {
    case Constraint::Kind::kSupply: return "supply";
    case Constraint::Kind::kLine: return "line";
    case Constraint::Kind::kLeadTime: return "lead_time";
    case Constraint::Kind::kGroup: return "group";
    case Constraint::Kind::kQualification: return "qualification";
    case Constraint::Kind::kMinShipment: return "min_shipment";
  }
  return "?";
}

const std::string& constraint_id(const Model& m, Constraint c) {
  switch (c.kind) {
    case Constraint::Kind::kLine: return m.lines[c.line()].id;
    case Constraint::Kind::kGroup: return m.orders[c.order()].id;
    default: return m.items[c.item()].id;
  }
}

ordered_json series(const std::vector<int64_t>& v) { return ordered_json(v); }

ordered_json constraint_json(const Model& m, Constraint c) {
  return ordered_json{{"kind", constraint_kind(c)}, {"id", constraint_id(m, c)}};
}

// Builds an ordered_json through JsonWriter's calls, so that one function can write an order to a
// stream (write_plan_json) or into a result held in memory (plan_json, quote_json).
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's own noexcept members, not this type's
class DomSink {
 public:
  void begin_object() { open(ordered_json::object()); }
  void begin_array() { open(ordered_json::array()); }
  void end_object() { stack_.pop_back(); }
  void end_array() { stack_.pop_back(); }
  void key(std::string_view k) { key_ = k; }
  void string(std::string_view s) { put(ordered_json(s)); }
  void integer(int64_t v) { put(ordered_json(v)); }
  void boolean(bool v) { put(ordered_json(v)); }
  void null() { put(ordered_json(nullptr)); }
  void field(std::string_view k, std::string_view s) { key(k), string(s); }
  void field(std::string_view k, int64_t v) { key(k), integer(v); }
  ordered_json take() { return std::move(root_); }

 private:
  ordered_json& put(ordered_json v) {
    if (stack_.empty()) return root_ = std::move(v);
    ordered_json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return top.back();
    }
    return top[key_] = std::move(v);
  }
  void open(ordered_json v) { stack_.push_back(&put(std::move(v))); }

  ordered_json root_;
  std::vector<ordered_json*> stack_;  // open containers; only the innermost grows
  std::string key_;
};

// The labels of a grid's periods, each made once: a label costs a snprintf, and a large plan names
// the same hundred periods millions of times.
class PeriodLabels {
 public:
  explicit PeriodLabels(const PeriodGrid& grid) : grid_(grid), made_(static_cast<size_t>(std::max(grid.count(), 0))) {}
  const std::string& operator()(int t) {
    if (t < 0 || t >= grid_.count()) return other_ = grid_.label(t);  // a due date before the grid
    std::string& s = made_[static_cast<size_t>(t)];
    if (s.empty()) s = grid_.label(t);
    return s;
  }

 private:
  const PeriodGrid& grid_;
  std::vector<std::string> made_;
  std::string other_;
};

// One order of a plan: the "orders" items of opticplan.plan and the "order" of opticplan.quote.
template <class Out>
void write_order(Out& w, const Model& m, PeriodLabels& label, const Order& o, const OrderPlan& op) {
  const auto id_or_null = [&](const std::string* id) {
    if (id)
      w.string(*id);
    else
      w.null();
  };
  w.begin_object();
  w.field("id", o.id);
  w.field("customer", m.customers[o.customer].id);
  w.key("item");
  id_or_null(o.requirement.empty() ? &m.items[o.alternates.front()].id : nullptr);
  w.key("requirement");
  id_or_null(o.requirement.empty() ? nullptr : &o.requirement);
  w.field("priority", o.priority);
  w.field("quantity", o.qty);
  w.field("due", label(o.due));
  w.key("partial");
  w.boolean(o.partial);
  if (o.min_shipment > 0) w.field("min_shipment", o.min_shipment);
  w.key("group");
  id_or_null(o.group.valid() ? &m.groups[o.group].id : nullptr);
  w.field("kind", o.forecast ? "forecast" : "order");
  w.field("delivered", op.delivered);
  w.field("on_time", op.on_time);
  w.field("lateness", op.lateness);
  w.field("status", status_name(op.status));
  w.key("deliveries");
  w.begin_array();
  for (const auto& x : op.deliveries) {
    w.begin_object();
    w.field("period", label(x.period));
    w.field("item", m.items[x.item].id);
    w.field("quantity", x.qty);
    w.end_object();
  }
  w.end_array();
  if (!op.parts.empty()) {  // pegging of BOM alternates (fast planner; only when the order has some)
    w.key("parts");
    w.begin_array();
    for (const auto& u : op.parts) {
      w.begin_object();
      w.field("item", m.items[u.item].id);
      w.field("quantity", u.qty);
      w.end_object();
    }
    w.end_array();
  }
  if (!op.routes.empty()) {  // pegging of alternate routes (fast planner; only when the order has some)
    w.key("routes");
    w.begin_array();
    for (const auto& u : op.routes) {
      w.begin_object();
      w.field("item", m.items[u.item].id);
      w.field("line", m.lines[u.line].id);
      w.field("quantity", u.qty);
      w.end_object();
    }
    w.end_array();
  }
  w.key("causes");
  w.begin_array();
  for (const auto& c : op.causes) {
    w.begin_object();
    w.key("constraint");
    w.begin_object();
    w.field("kind", constraint_kind(c.constraint));
    w.field("id", constraint_id(m, c.constraint));
    w.end_object();
    w.field("first", label(c.first));
    w.field("last", label(c.last));
    w.field("short", c.short_qty);
    w.key("reserved_elsewhere");
    w.boolean(c.reserved_elsewhere);
    w.field("explanation", cause_text(m, c));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

ordered_json order_json(const Model& m, PeriodLabels& labels, const Order& o, const OrderPlan& op) {
  DomSink dom;
  write_order(dom, m, labels, o, op);
  return dom.take();
}

// The calendar's period labels: every per-period array of a result follows them.
ordered_json period_labels(const Model& m) {
  ordered_json periods = ordered_json::array();
  for (int t = 0; t < m.periods(); ++t) periods.push_back(m.grid.label(t));
  return periods;
}

}  // namespace

std::string constraint_name(const Model& m, Constraint c) {
  switch (c.kind) {
    case Constraint::Kind::kLine: return "line " + m.lines[c.line()].id;
    case Constraint::Kind::kLeadTime: return m.items[c.item()].id + " lead time";
    case Constraint::Kind::kGroup: return "order " + m.orders[c.order()].id;
    case Constraint::Kind::kQualification: return m.items[c.item()].id + " qualification";
    case Constraint::Kind::kMinShipment: return m.items[c.item()].id + " minimum shipment";
    case Constraint::Kind::kSupply: break;
  }
  return m.items[c.item()].id + " supply";
}

namespace {

// The headline: orders, periods and the KPIs.
std::string plan_summary(const Model& m, const Plan& p) {
  const Kpis& k = p.kpis;
  std::string out = "Plan (" + p.planner + "): " + grouped(static_cast<int64_t>(m.orders.size())) +
                    (m.orders.size() == 1 ? " order" : " orders") + " over " + grain_word(m, m.periods()) + " (" +
                    periods_text(m, 0, m.periods() - 1) + ")\n";
  out += "  on time " + grouped(k.on_time) + " of " + grouped(k.ordered) + " units (fill rate " + percent(k.fill_rate) +
         "); late " + grouped(k.late_units) + " units (average " + format_number(k.average_lateness, 3) + ", at most " +
         grain_word(m, k.max_lateness) + "); short " + grouped(k.short_units) + " units";
  if (k.revenue > 0) out += "; revenue " + format(Money(std::round(k.revenue)));
  return out;
}

std::string orders_table(const Model& m, const Plan& p) {
  using A = Table::Align;
  std::string out;
  out += "\n\nOrders:\n";
  Table t;
  t.column("order");
  t.column("customer");
  t.column("item");
  t.column("prio", A::kRight);
  t.column("qty", A::kRight);
  t.column("due");
  t.column("delivered", A::kRight);
  t.column("on time", A::kRight);
  t.column("complete");
  t.column("status");
  for (const auto& op : p.orders) {
    const Order& o = m.orders[op.order];
    const bool complete = op.delivered == o.qty && !op.deliveries.empty();
    std::string status = status_name(op.status);
    if (op.status == Status::kLate) status += " " + grain_word(m, op.lateness);
    t.row({o.id, m.customers[o.customer].id, items_of(m, op), std::to_string(o.priority), grouped(o.qty),
           m.grid.label(o.due), grouped(op.delivered), grouped(op.on_time),
           complete ? m.grid.label(op.deliveries.back().period) : "-", status});
  }
  out += t.text(2);
  return out;
}

// Groups (clusters): useful only complete.
std::string groups_table(const Model& m, const Plan& p) {
  if (p.groups.empty()) return {};
  std::string out;
  using A = Table::Align;
  out += "\nGroups (useful only complete):\n";
  Table g;
  g.column("group");
  g.column("lines", A::kRight);
  g.column("units", A::kRight);
  g.column("due");
  g.column("complete");
  g.column("late");
  g.column("idle GPU-hours", A::kRight);
  g.column("cost of delay", A::kRight);
  for (const auto& gp : p.groups) {
    const Group& grp = m.groups[gp.group];
    g.row({grp.id, std::to_string(gp.lines), grouped(gp.qty), gp.due >= 0 ? m.grid.label(gp.due) : "-",
           gp.complete >= 0 ? m.grid.label(gp.complete) : "never", gp.lateness ? grain_word(m, gp.lateness) : "-",
           grp.gpus ? grouped(static_cast<int64_t>(std::llround(gp.idle_gpu_hours))) : "-",
           grp.gpu_hour_cost > 0 ? format(Money(std::round(gp.idle_cost))) : "-"});
  }
  out += g.text(2);
  return out;
}

// Agreements that reserved something.
std::string agreements_table(const Model& m, const Plan& p) {
  if (std::none_of(p.agreements.begin(), p.agreements.end(), [](const AgreementUse& u) { return u.agreement.valid(); }))
    return {};
  std::string out;
  using A = Table::Align;
  out += "\nAgreements:\n";
  Table a;
  a.column("agreement");
  a.column("holder");
  a.column("reserved", A::kRight);
  a.column("used", A::kRight);
  a.column("unused", A::kRight);
  a.column("released", A::kRight);
  a.column("take-or-pay", A::kRight);
  for (const auto& u : p.agreements) {
    if (!u.agreement.valid()) continue;
    const Agreement& ag = m.agreements[u.agreement];
    a.row({ag.id, m.customers[ag.holder].id, grouped(u.reserved), grouped(u.used), grouped(u.unused),
           grouped(u.released), ag.take_or_pay ? format(Money(std::round(u.charge))) : "-"});
  }
  out += a.text(2);
  return out;
}

// Which alternate parts of a bill of materials went into each order (fast planner's pegging).
std::string parts_text(const Model& m, const Plan& p) {
  std::string out;
  for (const auto& op : p.orders) {
    if (op.parts.empty() && op.routes.empty()) continue;
    if (out.empty()) out += "\nSources (alternate parts and routes in each order's units):\n";
    std::string parts;
    for (const auto& u : op.parts) parts += (parts.empty() ? "" : ", ") + m.items[u.item].id + " " + grouped(u.qty);
    for (const auto& u : op.routes)
      parts += (parts.empty() ? "" : ", ") + m.items[u.item].id + " on " + m.lines[u.line].id + " " + grouped(u.qty);
    out += "  " + m.orders[op.order].id + ": " + parts + "\n";
  }
  return out;
}

// Why each late or short order is late or short (the causes the planner recorded).
std::string causes_text(const Model& m, const Plan& p) {
  std::string out;
  bool any = false;
  for (const auto& op : p.orders) {
    if (op.causes.empty()) continue;
    if (!any) out += "\nWhy late or short:\n";
    any = true;
    const Order& o = m.orders[op.order];
    out += "  " + o.id + " (" + status_name(op.status) + "):\n";
    for (const auto& c : op.causes) out += "    " + cause_text(m, c) + "\n";
  }
  return out;
}

// Bottlenecks ranked by unit-periods late.
std::string bottlenecks_table(const Model& m, const Plan& p) {
  if (p.bottlenecks.empty()) return {};
  std::string out;
  using A = Table::Align;
  out += "\nBottlenecks (by unit-periods late):\n";
  Table b;
  b.column("rank", A::kRight);
  b.column("constraint");
  b.column("orders", A::kRight);
  b.column("units late", A::kRight);
  b.column("unit-periods", A::kRight);
  b.column("periods");
  b.column("most short", A::kRight);
  int rank = 1;
  for (const auto& x : p.bottlenecks)
    b.row({std::to_string(rank++), constraint_name(m, x.constraint), std::to_string(x.orders), grouped(x.units_late),
           grouped(x.unit_periods_late), periods_text(m, x.first, x.last), grouped(x.short_qty)});
  out += b.text(2);
  return out;
}

// The LP's objective, bound and shadow prices.
std::string lp_text(const Model& m, const Plan& p) {
  if (p.planner != "lp") return {};
  std::string out;
  using A = Table::Align;
  const auto r6 = [](double v) { return std::round(v * 1e6) / 1e6; };
  if (m.tiers == Tiers::kStrict) {
    const std::vector<int> tiers = priority_tiers(m);
    out += std::string("\nLP optimum, tier by tier (strict tiers, ") +
           (p.lp_proven ? "proven" : "best found, not proven") + "):";
    for (size_t k = 0; k < tiers.size() && k < p.lp_levels.size(); ++k)
      out += std::string(k ? ";" : "") + " priority " + std::to_string(tiers[k]) + " " +
             format_number(r6(p.lp_levels[k]), 8) + " (bound " +
             format_number(k < p.lp_bound_levels.size() ? r3(p.lp_bound_levels[k]) : 0, 8) + ")";
    out += "\n";
  } else {
    out += "\nLP optimum (weighted tiers): " + format_number(r6(p.lp_objective), 8) +
           (p.lp_proven ? " (proven)" : " (best found, not proven)") + "; relaxation bound " +
           format_number(r3(p.lp_bound), 8) + "\n";
  }
  if (!p.shadow_prices.empty()) {
    out += "Shadow prices (objective gained per extra unit of capacity";
    out += m.tiers == Tiers::kStrict ? ", in the tier it prices, the tiers above held):\n" : "):\n";
    Table sp;
    sp.column("capacity");
    sp.column("period");
    if (m.tiers == Tiers::kStrict) sp.column("priority", A::kRight);
    sp.column("value", A::kRight);
    for (const auto& x : p.shadow_prices) {
      std::vector<std::string> row = {
          x.kind == ShadowPrice::Kind::kLine ? "line " + m.lines[x.line].id : "supplier " + m.suppliers[x.supplier].id,
          m.grid.label(x.period)};
      if (m.tiers == Tiers::kStrict) row.push_back(std::to_string(x.priority));
      row.push_back(format_number(x.value, 6));
      sp.row(row);
    }
    out += sp.text(2);
  }
  return out;
}

// Line capacity and use over the horizon.
std::string lines_table(const Model& m, const Plan& p) {
  if (m.lines.empty()) return {};
  std::string out;
  using A = Table::Align;
  out += "\nLines:\n";
  Table l;
  l.column("line");
  l.column("capacity", A::kRight);
  l.column("used", A::kRight);
  l.column("utilization", A::kRight);
  l.column("periods full", A::kRight);
  for (const LineId i : m.lines.ids()) {
    int64_t cap = 0, used = 0;
    int full = 0;
    for (int tt = 0; tt < m.periods(); ++tt) {
      cap += p.lines[i].capacity[static_cast<size_t>(tt)];
      used += p.lines[i].used[static_cast<size_t>(tt)];
      if (p.lines[i].capacity[static_cast<size_t>(tt)] > 0 &&
          p.lines[i].used[static_cast<size_t>(tt)] >= p.lines[i].capacity[static_cast<size_t>(tt)])
        ++full;
    }
    l.row({m.lines[i].id, grouped(cap), grouped(used),
           cap ? percent(static_cast<double>(used) / static_cast<double>(cap)) : "-", std::to_string(full)});
  }
  out += l.text(2);
  return out;
}

// Supplier capacity and purchases over the horizon.
std::string suppliers_table(const Model& m, const Plan& p) {
  if (m.suppliers.empty()) return {};
  std::string out;
  using A = Table::Align;
  out += "\nSuppliers:\n";
  Table s;
  s.column("supplier");
  s.column("item");
  s.column("capacity", A::kRight);
  s.column("bought", A::kRight);
  s.column("share", A::kRight);
  for (const SupplierId i : m.suppliers.ids()) {
    int64_t cap = 0, used = 0;
    for (int tt = 0; tt < m.periods(); ++tt) {
      cap += p.suppliers[i].capacity[static_cast<size_t>(tt)];
      used += p.suppliers[i].used[static_cast<size_t>(tt)];
    }
    const bool unlimited = m.suppliers[i].unlimited;
    s.row({m.suppliers[i].id, m.items[m.suppliers[i].item].id, unlimited ? "unlimited" : grouped(cap), grouped(used),
           cap && !unlimited ? percent(static_cast<double>(used) / static_cast<double>(cap)) : "-"});
  }
  out += s.text(2);
  return out;
}

}  // namespace

std::string plan_text(const Model& m, const Plan& p) {
  return plan_summary(m, p) + orders_table(m, p) + groups_table(m, p) + agreements_table(m, p) + parts_text(m, p) +
         causes_text(m, p) + bottlenecks_table(m, p) + lp_text(m, p) + lines_table(m, p) + suppliers_table(m, p);
}

std::string comparison_text(const PlanComparison& c) {
  // Against a bound the gap is an upper bound on the gap to the optimum, and a plan at the bound is optimal.
  const std::string other = c.against_bound ? "bound" : "optimum";
  std::string out =
      std::string(c.against_bound ? "Against the aggregate bound, which no plan beats" : "Against the LP optimum") +
      " (objective " + objective_name(c.objective) + ", " + tiers_name(c.tiers) + " tiers" +
      (minimized(c.objective) ? ", lower is better" : ", higher is better") + "): ";
  const std::string gap = c.against_bound ? "; gap at most " : "; gap ";
  if (c.tiers == Tiers::kStrict) {
    const Score& h = c.heuristic_score;
    for (size_t k = 0; k < h.levels.size(); ++k)
      out += std::string(k ? "; " : "") + "priority " + std::to_string(h.priorities[k]) + ": fast planner " +
             format_number(h.levels[k], 8) + ", " + other + " " +
             (k < c.optimum_score.levels.size() ? format_number(c.optimum_score.levels[k], c.against_bound ? 2 : 8)
                                                : std::string("not solved (below the deciding tier)"));
    out += std::string(c.proven || c.against_bound ? "" : " (best found, not proven)") + gap + percent(c.gap) +
           (c.tier >= 0 ? " in priority " + std::to_string(h.priorities[static_cast<size_t>(c.tier)]) +
                              ", the first tier that differs"
            : c.against_bound ? " (at the bound in every tier: optimal)"
                              : " (equal in every tier)");
    return out + "\n";
  }
  return out + "fast planner " + format_number(c.heuristic, 8) + ", " + other + " " +
         format_number(c.optimum, c.against_bound ? 2 : 8) +
         (c.proven || c.against_bound ? "" : " (best found, not proven)") +
         (c.against_bound ? ", gap at most " : ", gap ") + percent(c.gap) + "\n";
}

ordered_json comparison_json(const PlanComparison& c) {
  const auto r6 = [](double v) { return std::round(v * 1e6) / 1e6; };
  // Against a bound there is no optimum: its fields are null, and the gap is at most the gap to it.
  const auto optimum = [&](double v) { return c.against_bound ? ordered_json(nullptr) : ordered_json(r6(v)); };
  ordered_json levels = ordered_json::array();
  for (size_t k = 0; k < c.heuristic_score.levels.size(); ++k)
    levels.push_back(
        {{"priority", c.heuristic_score.priorities[k]},
         {"heuristic", r6(c.heuristic_score.levels[k])},
         {"optimum", k < c.optimum_score.levels.size() ? optimum(c.optimum_score.levels[k]) : ordered_json(nullptr)},
         {"bound", k < c.bound_levels.size() && c.tiers == Tiers::kStrict ? ordered_json(r3(c.bound_levels[k]))
                                                                          : ordered_json(nullptr)}});
  return {{"objective", objective_name(c.objective)},
          {"tiers", tiers_name(c.tiers)},
          {"against", c.against_bound ? "bound" : "optimum"},
          {"priority", c.tier >= 0 ? ordered_json(c.heuristic_score.priorities[static_cast<size_t>(c.tier)])
                                   : ordered_json(nullptr)},
          {"heuristic", r6(c.heuristic)},
          {"optimum", optimum(c.optimum)},
          {"proven", c.against_bound ? ordered_json(nullptr) : ordered_json(c.proven)},
          {"bound", r3(c.bound)},
          {"gap", r6(c.gap)},
          {"levels", std::move(levels)}};
}

std::string plan_csv(const Model& m, const Plan& p) {
  Table t;
  for (const char* h : {"order", "customer", "item", "priority", "quantity", "due", "delivered", "on_time", "complete",
                        "lateness", "status", "deliveries", "causes"})
    t.column(h);
  for (const auto& op : p.orders) {
    const Order& o = m.orders[op.order];
    std::string deliveries, causes;
    for (const auto& d : op.deliveries)
      deliveries += (deliveries.empty() ? "" : "; ") + m.grid.label(d.period) + " " + m.items[d.item].id + " " +
                    std::to_string(d.qty);
    for (const auto& c : op.causes) causes += (causes.empty() ? "" : "; ") + cause_text(m, c);
    const bool complete = op.delivered == o.qty && !op.deliveries.empty();
    t.row({o.id, m.customers[o.customer].id, items_of(m, op), std::to_string(o.priority), std::to_string(o.qty),
           m.grid.label(o.due), std::to_string(op.delivered), std::to_string(op.on_time),
           complete ? m.grid.label(op.deliveries.back().period) : "", std::to_string(op.lateness),
           status_name(op.status), deliveries, causes});
  }
  return t.csv();
}

namespace {

// plan_json, with the orders or (for write_plan_json) an empty array where they go.
ordered_json plan_json(const Model& m, const Plan& p, bool with_orders) {
  ordered_json j;
  j["schema"] = "opticplan.plan";
  j["version"] = 1;
  j["planner"] = p.planner;
  j["periods"] = period_labels(m);
  const Kpis& k = p.kpis;
  ordered_json kj;
  kj["ordered"] = k.ordered;
  kj["delivered"] = k.delivered;
  kj["on_time"] = k.on_time;
  kj["late_units"] = k.late_units;
  kj["short_units"] = k.short_units;
  kj["fill_rate"] = std::round(k.fill_rate * 1e6) / 1e6;
  kj["average_lateness"] = std::round(k.average_lateness * 1e6) / 1e6;
  kj["max_lateness"] = k.max_lateness;
  kj["revenue_usd"] = std::round(k.revenue * 100) / 100;
  for (const auto* groups : {&k.by_customer, &k.by_priority, &k.by_kind}) {
    ordered_json g = ordered_json::array();
    for (const auto& x : *groups)
      g.push_back({{"key", x.key},
                   {"ordered", x.ordered},
                   {"on_time", x.on_time},
                   {"fill_rate", std::round(x.fill_rate * 1e6) / 1e6}});
    kj[groups == &k.by_customer ? "by_customer" : groups == &k.by_priority ? "by_priority" : "by_kind"] = std::move(g);
  }
  j["kpis"] = std::move(kj);
  ordered_json orders = ordered_json::array();
  PeriodLabels labels(m.grid);
  if (with_orders)
    for (const auto& op : p.orders) orders.push_back(order_json(m, labels, m.orders[op.order], op));
  j["orders"] = std::move(orders);
  ordered_json bn = ordered_json::array();
  for (const auto& b : p.bottlenecks)
    bn.push_back({{"constraint", constraint_json(m, b.constraint)},
                  {"orders", b.orders},
                  {"units_late", b.units_late},
                  {"unit_periods_late", b.unit_periods_late},
                  {"first", m.grid.label(b.first)},
                  {"last", m.grid.label(b.last)},
                  {"most_short", b.short_qty}});
  j["bottlenecks"] = std::move(bn);
  ordered_json groups = ordered_json::array();
  for (const auto& gp : p.groups) {
    const Group& grp = m.groups[gp.group];
    groups.push_back({{"id", grp.id},
                      {"ship", grp.together ? "together"
                               : grp.ratio  ? "ratio"
                                            : "as_ready"},
                      {"lines", gp.lines},
                      {"quantity", gp.qty},
                      {"delivered", gp.delivered},
                      {"due", gp.due >= 0 ? ordered_json(m.grid.label(gp.due)) : ordered_json(nullptr)},
                      {"complete", gp.complete >= 0 ? ordered_json(m.grid.label(gp.complete)) : ordered_json(nullptr)},
                      {"lateness", gp.lateness},
                      {"gpus", grp.gpus},
                      {"idle_gpu_hours", std::round(gp.idle_gpu_hours * 1e6) / 1e6},
                      {"idle_cost_usd", std::round(gp.idle_cost * 100) / 100}});
  }
  j["groups"] = std::move(groups);
  ordered_json ags = ordered_json::array();
  for (const auto& u : p.agreements) {
    if (!u.agreement.valid()) continue;
    const Agreement& a = m.agreements[u.agreement];
    ags.push_back({{"id", a.id},
                   {"holder", m.customers[a.holder].id},
                   {"reserved", u.reserved},
                   {"used", u.used},
                   {"unused", u.unused},
                   {"released", u.released},
                   {"take_or_pay_usd", std::round(u.charge * 100) / 100}});
  }
  j["agreements"] = std::move(ags);
  j["lp_objective"] = p.planner == "lp" ? ordered_json(std::round(p.lp_objective * 1e6) / 1e6) : ordered_json(nullptr);
  j["lp_bound"] = p.planner == "lp" ? ordered_json(r3(p.lp_bound)) : ordered_json(nullptr);
  j["lp_proven"] = p.planner == "lp" ? ordered_json(p.lp_proven) : ordered_json(nullptr);
  if (p.planner == "lp" && m.tiers == Tiers::kStrict) {
    const std::vector<int> tiers = priority_tiers(m);
    ordered_json levels = ordered_json::array();
    for (size_t t = 0; t < tiers.size() && t < p.lp_levels.size(); ++t)
      levels.push_back({{"priority", tiers[t]},
                        {"value", std::round(p.lp_levels[t] * 1e6) / 1e6},
                        {"bound", r3(t < p.lp_bound_levels.size() ? p.lp_bound_levels[t] : 0)}});
    j["lp_levels"] = std::move(levels);
  } else {
    j["lp_levels"] = nullptr;
  }
  ordered_json sp = ordered_json::array();
  for (const auto& x : p.shadow_prices)
    sp.push_back({{"kind", x.kind == ShadowPrice::Kind::kLine ? "line" : "supplier"},
                  {"id", x.kind == ShadowPrice::Kind::kLine ? m.lines[x.line].id : m.suppliers[x.supplier].id},
                  {"period", m.grid.label(x.period)},
                  {"value", std::round(x.value * 1e6) / 1e6},
                  {"priority", x.priority > 0 ? ordered_json(x.priority) : ordered_json(nullptr)}});
  j["shadow_prices"] = std::move(sp);
  ordered_json lines = ordered_json::array();
  for (const LineId i : m.lines.ids())
    lines.push_back(
        {{"id", m.lines[i].id}, {"capacity", series(p.lines[i].capacity)}, {"used", series(p.lines[i].used)}});
  j["lines"] = std::move(lines);
  ordered_json sups = ordered_json::array();
  for (const SupplierId i : m.suppliers.ids())
    sups.push_back({{"id", m.suppliers[i].id},
                    {"item", m.items[m.suppliers[i].item].id},
                    {"capacity", series(p.suppliers[i].capacity)},
                    {"used", series(p.suppliers[i].used)}});
  j["suppliers"] = std::move(sups);
  ordered_json items = ordered_json::array();
  for (const ItemId i : m.items.ids()) {
    const ItemFlow& f = p.items[i];
    items.push_back({{"id", m.items[i].id},
                     {"arrivals", series(f.arrivals)},
                     {"produced", series(f.produced)},
                     {"consumed", series(f.consumed)},
                     {"delivered", series(f.delivered)},
                     {"inventory", series(f.inventory)}});
  }
  j["items"] = std::move(items);
  return j;
}

}  // namespace

ordered_json plan_json(const Model& m, const Plan& p) { return plan_json(m, p, true); }

void write_plan_json(JsonWriter& w, const Model& m, const Plan& p) {
  const ordered_json rest = plan_json(m, p, false);
  for (const auto& [key, value] : rest.items()) {
    if (key != "orders") {
      w.key(key);
      w.value(value);
      continue;
    }
    w.key(key);
    w.begin_array();
    PeriodLabels labels(m.grid);
    for (const auto& op : p.orders) write_order(w, m, labels, m.orders[op.order], op);
    w.end_array();
  }
}

}  // namespace opticplan::results

namespace opticplan::results {

std::string quote_text(const Model& m, const Order& o, const OrderPlan& op, bool committed) {
  const std::string what = o.requirement.empty() ? m.items[o.alternates.front()].id : o.requirement;
  std::string out = std::string(committed ? "Committed: " : "Quote: ") + grouped(o.qty) + " " + what + " for " +
                    m.customers[o.customer].id + ", due " + m.grid.label(o.due) + (o.partial ? "" : ", whole") + "\n";
  Table t;
  t.column("period");
  t.column("item");
  t.column("quantity", Table::Align::kRight);
  for (const auto& d : op.deliveries) t.row({m.grid.label(d.period), m.items[d.item].id, grouped(d.qty)});
  if (!op.deliveries.empty()) out += t.text(2);
  if (op.delivered == o.qty) {
    out += "  complete " + m.grid.label(op.deliveries.back().period) +
           (op.lateness > 0 ? " (" + grain_word(m, op.lateness) + " late)" : " (on time)") + "\n";
  } else {
    out += "  only " + grouped(op.delivered) + " of " + grouped(o.qty) + " can arrive " +
           (o.max_lateness < 0 ? "before the calendar ends"
                               : "within " + grain_word(m, o.max_lateness) + " of the due date") +
           (o.partial ? "" : " (a whole order: nothing is promised)") + "\n";
  }
  if (!op.causes.empty()) {
    out += "  why not earlier:\n";
    for (const auto& c : op.causes) out += "    " + cause_text(m, c) + "\n";
  }
  return out;
}

ordered_json quote_json(const Model& m, const Order& o, const OrderPlan& op, bool committed) {
  ordered_json j;
  j["schema"] = "opticplan.quote";
  j["version"] = 1;
  j["committed"] = committed;
  j["complete"] = op.delivered == o.qty && !op.deliveries.empty()
                      ? ordered_json(m.grid.label(op.deliveries.back().period))
                      : ordered_json(nullptr);
  j["periods"] = period_labels(m);
  PeriodLabels labels(m.grid);
  j["order"] = order_json(m, labels, o, op);
  return j;
}

}  // namespace opticplan::results

namespace opticplan::results {

namespace {

std::string period_or(const Model& m, int p, const char* none) { return p >= 0 ? m.grid.label(p) : none; }

std::string signed_text(double v, int digits) { return (v > 0 ? "+" : "") + format_number(v, digits); }

}  // namespace

std::string diff_text(const Model& bm, const Model& om, const PlanDiff& d) {
  std::string out = "KPIs (base -> what-if):\n";
  Table k;
  using A = Table::Align;
  k.column("measure");
  k.column("base", A::kRight);
  k.column("what-if", A::kRight);
  k.column("change", A::kRight);
  const auto row = [&](const std::string& name, double a, double b, int digits) {
    k.row({name, format_number(a, digits), format_number(b, digits), signed_text(b - a, digits)});
  };
  row("on-time fill rate %", d.base.fill_rate * 100, d.other.fill_rate * 100, 4);
  row("units on time", static_cast<double>(d.base.on_time), static_cast<double>(d.other.on_time), 12);
  row("units late", static_cast<double>(d.base.late_units), static_cast<double>(d.other.late_units), 12);
  row("units short", static_cast<double>(d.base.short_units), static_cast<double>(d.other.short_units), 12);
  row("average lateness", d.base.average_lateness, d.other.average_lateness, 4);
  row("maximum lateness", d.base.max_lateness, d.other.max_lateness, 4);
  row("revenue $", std::round(d.base.revenue), std::round(d.other.revenue), 12);
  out += k.text(2);
  if (!d.groups.empty()) {
    out += "\nGroups:\n";
    Table g;
    g.column("group");
    g.column("base complete");
    g.column("what-if complete");
    g.column("cost of delay change", A::kRight);
    for (const auto& x : d.groups)
      g.row({x.id, period_or(bm, x.base_complete, "never"), period_or(om, x.other_complete, "never"),
             signed_text(std::round(x.other_idle_cost - x.base_idle_cost), 12)});
    out += g.text(2);
  }
  out += "\nOrders that moved: " + std::to_string(d.moved.size()) + "\n";
  if (!d.moved.empty()) {
    Table t;
    t.column("order");
    t.column("base complete");
    t.column("what-if complete");
    t.column("on time", A::kRight);
    t.column("status");
    for (const auto& c : d.moved)
      t.row({c.id, period_or(bm, c.base_complete, "never"), period_or(om, c.other_complete, "never"),
             grouped(c.base_on_time) + " -> " + grouped(c.other_on_time),
             std::string(status_name(c.base_status)) + " -> " + status_name(c.other_status)});
    out += t.text(2);
  }
  if (!d.only_base.empty()) out += "Only in the base: " + std::to_string(d.only_base.size()) + " orders\n";
  if (!d.only_other.empty()) out += "Only in the what-if: " + std::to_string(d.only_other.size()) + " orders\n";
  return out;
}

ordered_json diff_json(const Model& bm, const Model& om, const PlanDiff& d) {
  const auto r6 = [](double v) { return std::round(v * 1e6) / 1e6; };
  const auto kpis = [&](const Kpis& k) {
    return ordered_json{{"fill_rate", r6(k.fill_rate)},
                        {"on_time", k.on_time},
                        {"late_units", k.late_units},
                        {"short_units", k.short_units},
                        {"average_lateness", r6(k.average_lateness)},
                        {"max_lateness", k.max_lateness},
                        {"revenue_usd", std::round(k.revenue * 100) / 100}};
  };
  ordered_json j;
  j["schema"] = "opticplan.compare";
  j["version"] = 1;
  j["periods"] = period_labels(bm);
  j["base"] = kpis(d.base);
  j["what_if"] = kpis(d.other);
  ordered_json moved = ordered_json::array();
  for (const auto& c : d.moved)
    moved.push_back(
        {{"id", c.id},
         {"customer", c.customer},
         {"quantity", c.qty},
         {"due", bm.grid.label(c.due)},
         {"base_delivered", c.base_delivered},
         {"what_if_delivered", c.other_delivered},
         {"base_lateness", c.base_lateness},
         {"what_if_lateness", c.other_lateness},
         {"base_complete", c.base_complete >= 0 ? ordered_json(bm.grid.label(c.base_complete)) : ordered_json(nullptr)},
         {"what_if_complete",
          c.other_complete >= 0 ? ordered_json(om.grid.label(c.other_complete)) : ordered_json(nullptr)},
         {"base_on_time", c.base_on_time},
         {"what_if_on_time", c.other_on_time},
         {"base_status", status_name(c.base_status)},
         {"what_if_status", status_name(c.other_status)}});
  j["moved"] = std::move(moved);
  j["only_base"] = d.only_base;
  j["only_what_if"] = d.only_other;
  ordered_json groups = ordered_json::array();
  for (const auto& x : d.groups)
    groups.push_back(
        {{"id", x.id},
         {"base_complete", x.base_complete >= 0 ? ordered_json(bm.grid.label(x.base_complete)) : ordered_json(nullptr)},
         {"what_if_complete",
          x.other_complete >= 0 ? ordered_json(om.grid.label(x.other_complete)) : ordered_json(nullptr)},
         {"base_idle_cost_usd", std::round(x.base_idle_cost * 100) / 100},
         {"what_if_idle_cost_usd", std::round(x.other_idle_cost * 100) / 100}});
  j["groups"] = std::move(groups);
  return j;
}

}  // namespace opticplan::results
