// Demand per year: `demand:` entries become one order a period, each year's units spread over its
// periods (evenly, or by weights), and over several requirements or items by `split:`.
#include <algorithm>
#include <cmath>

#include "spread.h"
#include "supply_reader.h"

namespace opticplan::supply::detail {

// One requirement or item of a split entry (or the entry itself: an empty key).
struct DemandPart {
  std::string key, value;
  double share = 1;
};

namespace {

// The order fields every period's order shares; quantity and due come from per_year.
Node demand_proto(const Node& node) {
  Node proto;
  proto.kind = Node::Kind::kMapping;
  proto.file = node.file;
  proto.line = node.line;
  proto.column = node.column;
  for (const auto& m : node.members)
    if (m.key != "per_year" && m.key != "weights" && m.key != "split" && m.key != "source") proto.members.push_back(m);
  return proto;
}

// The last scalar of `keys` among the entry's fields, in the order the entry gives them.
std::string last_scalar(const Node& node, std::initializer_list<std::string_view> keys, std::string fallback) {
  for (const auto& m : node.members)
    if (std::find(keys.begin(), keys.end(), m.key) != keys.end() && m.value.is_scalar()) fallback = m.value.text;
  return fallback;
}

// split: {REQUIREMENT-or-ITEM: share, ...}: one entry's demand over several requirements or items
// (a buyer's 800G by reach class), shares adding up to 1.
std::optional<std::vector<DemandPart>> read_split(MapReader& r, const IdTable<RequirementId>& requirements,
                                                  Diagnostics& diag) {
  const Node* sp = r.get("split");
  if (!sp) return std::vector<DemandPart>{DemandPart{}};
  if (r.has("item") || r.has("requirement")) {
    error_at(diag, *sp, r.path_of("split"), "give split: or item:/requirement:, not both");
    return std::nullopt;
  }
  if (!sp->is_mapping() || sp->members.empty()) {
    error_at(
        diag, *sp, r.path_of("split"),
        "expected a mapping of requirement or item to share, e.g. {800G-DR: 0.7, 800G-SR: 0.3}, got " + sp->describe());
    return std::nullopt;
  }
  std::vector<DemandPart> parts;
  parts.reserve(sp->members.size());
  double total = 0;
  for (const auto& m : sp->members) {
    auto v = read_number(m.value, r.path_of("split") + "." + m.key, diag, 0, 1);
    if (!v) return std::nullopt;
    total += *v;
    parts.push_back({requirements.contains(m.key) ? "requirement" : "item", m.key, *v});
  }
  if (std::abs(total - 1) > 1e-9) {
    error_at(diag, *sp, r.path_of("split"), "the shares add up to " + format_number(total, 6) + "; expected 1");
    return std::nullopt;
  }
  return parts;
}

// weights: {YEAR: [w, ...]}: one weight per period of the year (1 each when the year has none).
std::optional<std::vector<double>> period_weights(MapReader& r, const Node* weights, const std::string& year,
                                                  size_t periods, Diagnostics& diag) {
  std::vector<double> w(periods, 1.0);
  const Node* wy = weights && weights->is_mapping() ? weights->find(year) : nullptr;
  if (!wy) return w;
  const std::string wp = r.path_of("weights") + "." + year;
  if (!wy->is_sequence() || wy->items.size() != periods) {
    error_at(diag, *wy, wp, "expected a list of " + std::to_string(periods) + " weights, one per period of " + year);
    return std::nullopt;
  }
  for (size_t i = 0; i < periods; ++i)
    if (auto v = read_number(wy->items[i], wp + "[" + std::to_string(i) + "]", diag, 0, 1e9)) w[i] = *v;
  return w;
}

// A scalar field for a generated order, located at the per_year key it comes from.
void add_scalar(Node& order, const Node& entry, const Member& year, const std::string& key, const std::string& text) {
  Member mm;
  mm.key = key;
  mm.key_line = year.key_line;
  mm.key_column = year.key_column;
  mm.value.kind = Node::Kind::kScalar;
  mm.value.text = text;
  mm.value.file = entry.file;
  mm.value.line = year.key_line;
  mm.value.column = year.key_column;
  order.members.push_back(std::move(mm));
}

}  // namespace

// One demand entry as the orders it makes.
struct DemandEntry {
  const Node& node;
  const std::string& path;
  MapReader& r;
  Node proto;
  std::vector<DemandPart> parts;
  std::string label;     // an order id's middle: the item or requirement, or "demand"
  std::string customer;  // an order id's start
  const Node* weights;
};

void SupplyReader::read_demand(MapReader& top) {
  const Node* n = top.get("demand");
  if (!n) return;
  for_each_item(*n, top.path_of("demand"), diag_,
                [&](const Node& node, const std::string& p) { read_demand_entry(node, p); });
}

void SupplyReader::read_demand_entry(const Node& node, const std::string& p) {
  MapReader r(node, p, diag_);
  Finish fin{r};
  Node proto = demand_proto(node);
  {
    std::string what = "demand";
    for (const char* k : {"customer", "requirement", "item"})
      if (const Node* v = node.find(k); v && v->is_scalar()) what += " " + v->text;
    note_source(r, what);
  }
  for (const char* k :
       {"customer", "item", "requirement", "priority", "partial", "max_lateness", "price", "group", "kind"})
    (void)r.get(k);
  const Node* py = r.require("per_year");
  const Node* weights = r.get("weights");
  auto parts = read_split(r, requirements_, diag_);
  if (!parts || !py || !grid_ok_) return;
  if (!py->is_mapping()) {
    error_at(diag_, *py, r.path_of("per_year"),
             "expected a mapping of year to units, e.g. {2026: 10500000}, got " + py->describe());
    return;
  }
  const DemandEntry entry{node,
                          p,
                          r,
                          std::move(proto),
                          std::move(*parts),
                          last_scalar(node, {"item", "requirement"}, "demand"),
                          last_scalar(node, {"customer"}, ""),
                          weights};
  for (const auto& ym : py->members)
    if (!read_demand_year(entry, ym)) return;  // the entry's own problem, reported once
}

// The orders of one year of an entry; false when the entry should stop (its problem reported).
bool SupplyReader::read_demand_year(const DemandEntry& e, const Member& ym) {
  const std::string yp = e.r.path_of("per_year") + "." + ym.key;
  const Location where{e.node.file ? *e.node.file : std::string(), ym.key_line, ym.key_column};
  const auto year = parse_year(ym.key);
  if (!year) {
    diag_.error(where, yp, year.error());
    return true;
  }
  auto year_units = read_int(ym.value, yp, diag_, 0, kMaxQty);
  if (!year_units) return true;
  const std::vector<int> periods = periods_of_year(m_.grid, *year);
  if (periods.empty()) {
    diag_.error(where, yp,
                "year " + ym.key + " is outside the calendar (" + m_.grid.label(0) + " to " +
                    m_.grid.label(m_.periods() - 1) + ")");
    return true;
  }
  const auto w = period_weights(e.r, e.weights, ym.key, periods.size(), diag_);
  if (!w) return true;
  double total_w = 0;
  for (double x : *w) total_w += x;
  if (total_w <= 0) {
    error_at(diag_, *e.weights, e.r.path_of("weights"), "weights must not all be zero");
    return true;
  }
  // Whole units that add up to the year's total, over parts and then periods.
  std::vector<double> shares;
  shares.reserve(e.parts.size());
  for (const DemandPart& part : e.parts) shares.push_back(part.share);
  const std::vector<int64_t> part_units = spread(*year_units, shares, 1.0);
  for (size_t k = 0; k < e.parts.size(); ++k) {
    const DemandPart& part = e.parts[k];
    std::string id_prefix = e.customer;  // an order id: CUSTOMER/ITEM-OR-REQUIREMENT/PERIOD
    id_prefix.append("/").append(part.key.empty() ? e.label : part.value).append("/");
    const std::vector<int64_t> qty = spread(part_units[k], *w, total_w);
    for (size_t i = 0; i < periods.size(); ++i) {
      if (qty[i] <= 0) continue;
      const std::string due = m_.grid.label(periods[i]);
      Node one = e.proto;
      add_scalar(one, e.node, ym, "id", id_prefix + due);
      add_scalar(one, e.node, ym, "quantity", std::to_string(qty[i]));
      add_scalar(one, e.node, ym, "due", due);
      if (!part.key.empty()) add_scalar(one, e.node, ym, part.key, part.value);
      MapReader orr(one, e.path, diag_);
      auto o = read_order(orr, one, e.path, check_obtainable_);
      orr.finish();
      if (!o) return false;
      if (order_ids_.contains(o->id)) {
        error_at(diag_, e.node, e.path, "demand makes order id \"" + o->id + "\" twice");
        return false;
      }
      order_ids_.add(o->id, OrderId::from(m_.orders.size()));
      m_.orders.push_back(std::move(*o));
    }
  }
  return true;
}

}  // namespace opticplan::supply::detail
