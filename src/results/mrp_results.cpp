#include "opticplan/results/mrp_results.h"

#include "opticplan/core/table.h"

namespace opticplan::results {

using nlohmann::ordered_json;

namespace {

// A period label, also before the calendar (an overdue release): the grid counts back from its start.
std::string period(const supply::Model& m, int t) { return m.grid.label(t); }

std::string source(const supply::Model& m, const supply::PlannedOrder& po) {
  if (po.line.valid()) return "line " + m.lines[po.line].id;
  if (po.made) return "dispatch";
  if (po.supplier.valid()) return "supplier " + m.suppliers[po.supplier].id;
  return "none";
}

std::string unit_name(int n) { return n == 1 ? "" : "s"; }

std::string grain(const supply::Model& m) {
  switch (m.grid.grain()) {
    case Granularity::kDay: return "day";
    case Granularity::kWeek: return "week";
    case Granularity::kQuarter: return "quarter";
  }
  return "period";
}

Table planned_orders(const supply::Model& m, const supply::MrpPlan& p) {
  Table t;
  t.column("item");
  t.column("kind");
  t.column("source");
  t.column("release");
  t.column("receipt");
  t.column("quantity", Table::Align::kRight);
  t.column("note");
  for (const auto& po : p.orders) {
    std::string note;
    if (po.release < 0)
      note = "release overdue by " + std::to_string(-po.release) + " " + grain(m) + unit_name(-po.release);
    if (po.made && po.starts != po.qty) note += (note.empty() ? "" : "; ") + grouped(po.starts) + " started (yield)";
    if (!po.made && !po.supplier.valid()) note = "nobody makes or buys it";
    t.row({m.items[po.item].id,
           po.made               ? "make"
           : po.supplier.valid() ? "buy"
                                 : "-",
           source(m, po), period(m, po.release), period(m, po.receipt), grouped(po.qty), note});
  }
  return t;
}

}  // namespace

std::string mrp_text(const supply::Model& m, const supply::MrpPlan& p) {
  size_t buys = 0, makes = 0, none = 0;
  for (const auto& po : p.orders) (po.made ? makes : po.supplier.valid() ? buys : none) += 1;
  std::string out =
      "MRP (unconstrained: every supplier and line delivers what is asked): " +
      grouped(static_cast<int64_t>(m.orders.size())) + (m.orders.size() == 1 ? " order over " : " orders over ") +
      std::to_string(m.periods()) + " " + grain(m) + "s (" + m.grid.label(0) + ".." + m.grid.label(m.periods() - 1) +
      ")\n  " + grouped(static_cast<int64_t>(p.orders.size())) +
      " planned orders: " + grouped(static_cast<int64_t>(buys)) + " to buy, " + grouped(static_cast<int64_t>(makes)) +
      " to make" + (none ? ", " + grouped(static_cast<int64_t>(none)) + " with no source" : std::string()) + "; " +
      grouped(p.overdue) + " overdue release" + unit_name(p.overdue) + "; " +
      grouped(static_cast<int64_t>(p.shortfalls.size())) + " shortfall" +
      unit_name(static_cast<int>(p.shortfalls.size())) + " against what is offered\n";
  if (!p.orders.empty()) out += "\nPlanned orders (by release):\n" + planned_orders(m, p).text(2);
  if (!p.shortfalls.empty()) {
    Table t;
    t.column("constraint");
    t.column("first short");
    t.column("short at most", Table::Align::kRight);
    t.column("needed", Table::Align::kRight);
    t.column("offered", Table::Align::kRight);
    for (const auto& s : p.shortfalls)
      t.row({s.line.valid() ? "line " + m.lines[s.line].id : m.items[s.item].id + " suppliers", period(m, s.first),
             grouped(s.most), grouped(s.needed), grouped(s.offered)});
    out += "\nShortfall against what is offered (cumulative need over cumulative offer; lines in capacity units):\n" +
           t.text(2);
  }
  return out;
}

std::string mrp_csv(const supply::Model& m, const supply::MrpPlan& p) { return planned_orders(m, p).csv(); }

ordered_json mrp_json(const supply::Model& m, const supply::MrpPlan& p) {
  ordered_json periods = ordered_json::array();
  for (int t = 0; t < m.periods(); ++t) periods.push_back(m.grid.label(t));
  ordered_json orders = ordered_json::array();
  for (const auto& po : p.orders) {
    ordered_json o = {
        {"item", m.items[po.item].id},
        {"kind", po.made               ? "make"
                 : po.supplier.valid() ? "buy"
                                       : "none"},
        {"line", po.line.valid() ? ordered_json(m.lines[po.line].id) : ordered_json(nullptr)},
        {"supplier", po.supplier.valid() ? ordered_json(m.suppliers[po.supplier].id) : ordered_json(nullptr)},
        {"release", period(m, po.release)},
        {"receipt", period(m, po.receipt)},
        {"overdue_periods", po.release < 0 ? -po.release : 0},
        {"quantity", po.qty},
        {"starts", po.made ? ordered_json(po.starts) : ordered_json(nullptr)}};
    orders.push_back(std::move(o));
  }
  ordered_json items = ordered_json::array();
  for (const supply::ItemId i : m.items.ids()) {
    const auto& r = p.items[i];
    bool active = false;
    for (size_t t = 0; t < r.gross.size(); ++t) active = active || r.gross[t] || r.scheduled[t] || r.planned[t];
    if (!active) continue;
    items.push_back({{"id", m.items[i].id},
                     {"gross", r.gross},
                     {"scheduled", r.scheduled},
                     {"on_hand", r.on_hand},
                     {"planned_receipts", r.planned}});
  }
  ordered_json shortfalls = ordered_json::array();
  for (const auto& s : p.shortfalls)
    shortfalls.push_back({{"kind", s.line.valid() ? "line" : "supply"},
                          {"id", s.line.valid() ? m.lines[s.line].id : m.items[s.item].id},
                          {"first", period(m, s.first)},
                          {"most", s.most},
                          {"needed", s.needed},
                          {"offered", s.offered}});
  return {{"schema", "opticplan.mrp"},
          {"version", 1},
          {"periods", std::move(periods)},
          {"overdue", p.overdue},
          {"planned_orders", std::move(orders)},
          {"shortfalls", std::move(shortfalls)},
          {"items", std::move(items)}};
}

}  // namespace opticplan::results
