// The supply network's sections: customers, lines, items (with bills of materials), suppliers,
// inventory, qualifications, requirements and groups.
#include <algorithm>
#include <cctype>
#include <functional>

#include "../lead_time.h"
#include "supply_reader.h"

namespace opticplan::supply::detail {

void SupplyReader::read_customers(MapReader& top) {
  const Node* n = top.get("customers");
  if (!n) return;
  for_each_item(*n, top.path_of("customers"), diag_, [&](const Node& item, const std::string& p) {
    MapReader r(item, p, diag_);
    Finish fin{r};
    auto id = r.id("id", true);
    (void)r.get("qualified");  // read once every item is known (read_qualifications)
    if (!id) return;
    note_source(r, "customer " + *id);
    if (!customers_.add_unique(r, *id, CustomerId::from(m_.customers.size()), "customer")) return;
    m_.customers.push_back({*id, {}});
  });
}

void SupplyReader::read_lines(MapReader& top) {
  const Node* n = top.get("lines");
  if (!n) return;
  for_each_item(*n, top.path_of("lines"), diag_, [&](const Node& item, const std::string& p) {
    MapReader r(item, p, diag_);
    Finish fin{r};
    auto id = r.id("id", true);
    auto cap = read_capacity(r);
    if (id) note_source(r, "line " + *id);
    if (!id || !cap) return;
    if (!lines_.add_unique(r, *id, LineId::from(m_.lines.size()), "line")) return;
    m_.lines.push_back({*id, std::move(*cap)});
  });
}

// Item ids first, so that bills of materials may refer to items declared later.
void SupplyReader::declare_items(const Node& list) {
  if (!list.is_sequence()) return;
  for (const Node& item : list.items) {
    const Node* idn = item.is_mapping() ? item.find("id") : nullptr;
    if (!idn || !idn->is_scalar() || items_.contains(idn->text)) continue;
    const ItemId index = add_item(idn->text);
    item_nodes_.resize(m_.items.size(), nullptr);
    item_nodes_[index] = &item;
  }
}

void SupplyReader::read_items(MapReader& top) {
  const Node* list = top.get("items");
  if (!list) return;
  declare_items(*list);
  IdTable<ItemId> seen;
  for_each_item(*list, top.path_of("items"), diag_,
                [&](const Node& node, const std::string& p) { read_item(node, p, seen); });
}

std::optional<int> SupplyReader::read_lead_time(MapReader& r) {
  const Node* n = r.get("lead_time");
  if (!n) return std::nullopt;
  return read_lead_periods(*n, r.path_of("lead_time"), grid_ok_ ? &m_.grid : nullptr, diag_);
}

void SupplyReader::read_item(const Node& node, const std::string& p, IdTable<ItemId>& seen) {
  MapReader r(node, p, diag_);
  Finish fin{r};
  auto id = r.id("id", true);
  if (!id || !seen.add_unique(r, *id, {}, "item")) return;  // `seen`: the ids read so far (no ids needed)
  const ItemId index = *items_.find(*id);
  const auto t = cat_.find_transceiver(*id);
  {
    Item& it = m_.items[index];
    if (t) {  // a catalog module: its bill of materials and price unless overridden
      if (auto pr = cat_.transceivers[*t].price.at(2026)) it.price = pr->value();
    }
    if (auto v = r.quantity("price", false, parse_money)) it.price = v->value();
  }
  std::vector<Route> routes;
  if (const Node* rs = r.get("routes")) {
    for (const char* key : {"line", "usage", "lead_time", "yield"})
      if (const Node* n = r.get(key))
        error_at(diag_, *n, r.path_of(key),
                 std::string("an item with routes: gives ") + key + ": on each route, not beside them");
    if (rs->is_sequence() && rs->items.empty())
      error_at(diag_, *rs, r.path_of("routes"),
               "expected the routes that make this item, in order of preference, got an empty list");
    for_each_item(*rs, r.path_of("routes"), diag_, [&](const Node& rn, const std::string& rp) {
      MapReader rr(rn, rp, diag_);
      Finish fin_route{rr};
      if (auto route = read_route(rr, true)) {
        for (const auto& other : routes)
          if (other.line == route->line && other.from == route->from && other.to == route->to) {
            error_at(diag_, rn, rp, "line \"" + m_.lines[route->line].id + "\" is named by two routes of this item");
            return;
          }
        routes.push_back(std::move(*route));
      }
    });
  } else if (r.has("line") || r.has("usage") || r.has("lead_time") || r.has("yield") || r.has("bom")) {
    // Without a line, an item with its own bill of materials is a dispatch step (kitting,
    // packing, shipping): made from its parts in its lead time, with no capacity limit.
    if (auto route = read_route(r, false, r.has("bom"))) routes.push_back(std::move(*route));
  }
  m_.items[index].routes = std::move(routes);
  note_source(r, "item " + *id);
  std::vector<BomLine> bom;
  bool has_bom = false;
  if (const Node* b = r.get("bom")) {
    has_bom = true;
    for_each_item(*b, r.path_of("bom"), diag_, [&](const Node& line, const std::string& lp) {
      if (auto l = read_bom_line(line, lp)) bom.push_back(std::move(*l));
    });
  } else if (t) {
    has_bom = true;
    for (const auto& line : cat_.transceivers[*t].bom) {
      const std::string& comp = cat_.components[line.component].id;
      const auto child = items_.find(comp);
      bom.push_back({child ? *child : add_item(comp), line.qty});
    }
  }
  Item& item = m_.items[index];  // m_.items may have grown: not `it` above
  if (has_bom) item.bom = std::move(bom);
  if (!item.made() && !item.bom.empty() && r.get("bom"))  // its route had an error, reported
    item.bom.clear();
}

// A route: `line` (required when `line_required`; else an item's usage, lead time or yield
// without a line is read and refused below), `usage`, `lead_time`, `yield`, and on a route of a
// `routes:` list also `from`, `to` (effectivity) and `qualified` (buyers).
std::optional<Route> SupplyReader::read_route(MapReader& r, bool in_list, bool dispatch) {
  Route route;
  bool ok = true;
  const Node* l = in_list ? r.require("line") : r.get("line");
  if (l) {
    if (auto li = lookup(lines_, *l, r.path_of("line"), "line"))
      route.line = *li;
    else
      ok = false;
  }
  if (auto v = r.number("usage", false, 1e-9, 1e9)) route.usage = *v;
  if (auto v = r.number("setup", false, 0, 1e12)) route.setup = *v;
  if (auto v = read_lead_time(r)) route.lead_time = *v;
  if (auto v = r.number("yield", false, 1e-6, 1)) route.yield = *v;
  read_lot_sizes(r, route.moq, route.multiple);
  if (in_list) {
    BomPart limits;  // the same keys as a BOM part's
    if (!read_part_limits(r, limits)) ok = false;
    route.from = limits.from;
    route.to = limits.to;
    route.qualified = std::move(limits.qualified);
  }
  if (!l && route.setup > 0) {  // a dispatch step has no capacity to spend on a run
    diag_.error(r.get("setup")->where(), r.path_of("setup"),
                "a setup is line capacity a production run uses: give the route a `line:`, or drop `setup:`");
    ok = false;
  }
  if (route.line.valid() && route.setup > 0) {
    const auto& cap = m_.lines[route.line].capacity;
    if (std::none_of(cap.begin(), cap.end(),
                     [&](int64_t c) { return static_cast<double>(c) >= route.setup + route.usage; }))
      diag_.warning(
          r.get("setup")->where(), r.path_of("setup"),
          "no period's capacity of the line holds a run (setup plus one unit's usage): the route never makes a unit");
  }
  if (!l && !dispatch) return std::nullopt;  // usage, lead time or yield without a line or BOM: not made
  if (!ok) return std::nullopt;
  return route;
}

// `moq:` and `multiple:` of a purchase (supplier) or production order (route), whole units: every
// planner (fast, LP and --mrp) buys and makes whole lots.
void SupplyReader::read_lot_sizes(MapReader& r, int64_t& moq, int64_t& multiple) {
  if (auto v = r.integer("moq", false, 1, kMaxQty)) moq = *v;
  if (auto v = r.integer("multiple", false, 1, kMaxQty)) multiple = *v;
}

// What a part of a BOM line may restrict: its effectivity (`from`, `to`: start periods, any date,
// inside the calendar or not) and the buyers qualified with it. Reports and returns false on errors.
bool SupplyReader::read_part_limits(MapReader& r, BomPart& part) {
  bool ok = true;
  if (const Node* f = r.get("from")) {
    if (auto v = read_offset(*f, r.path_of("from")))
      part.from = *v;
    else
      ok = false;
  }
  if (const Node* f = r.get("to")) {
    if (auto v = read_offset(*f, r.path_of("to")))
      part.to = *v;
    else
      ok = false;
  }
  if (ok && part.from > part.to) {
    error_at(diag_, r.node(), r.path(), "from: is after to: (it would never be valid)");
    ok = false;
  }
  if (const Node* q = r.get("qualified")) {
    const std::string qp = r.path_of("qualified");
    if (q->is_sequence() && q->items.empty()) {
      error_at(diag_, *q, qp,
               "expected the buyers qualified with this part, got an empty list (leave it out: every buyer)");
      ok = false;
    }
    for_each_item(*q, qp, diag_, [&](const Node& c, const std::string& cp) {
      if (auto id = lookup(customers_, c, cp, "customer"))
        part.qualified.push_back(*id);
      else
        ok = false;
    });
    std::sort(part.qualified.begin(), part.qualified.end());
    part.qualified.erase(std::unique(part.qualified.begin(), part.qualified.end()), part.qualified.end());
  }
  return ok;
}

// One line of a bill of materials: `{item, qty}` with the part's limits (from, to, qualified), or
// `{parts: [...], qty}` whose parts are alternates in order of preference, each an item id or
// `{item, qty, from, to, qualified}` (qty: the line's unless given).
std::optional<BomLine> SupplyReader::read_bom_line(const Node& node, const std::string& path) {
  MapReader r(node, path, diag_);
  Finish fin{r};
  if (!r.ok()) return std::nullopt;
  if (!r.has("parts")) {
    BomPart part;
    const std::optional<ItemId> child = required_item(r);
    auto qty = r.number("qty", true, 1e-9, 1e6);
    const bool limits = read_part_limits(r, part);
    if (!child || !qty || !limits) return std::nullopt;
    part.item = *child;
    part.qty = *qty;
    BomLine line;
    line.parts.push_back(std::move(part));
    return line;
  }
  const Node* item = r.get("item");
  if (item)
    error_at(diag_, *item, r.path_of("item"),
             "a BOM line names its part with item: or its alternates with parts:, not both");
  const std::optional<double> line_qty = r.number("qty", false, 1e-9, 1e6);
  BomLine line;
  bool ok = item == nullptr;
  const Node* parts = r.get("parts");
  const std::string pp = r.path_of("parts");
  if (parts && parts->is_sequence() && parts->items.empty()) {
    error_at(diag_, *parts, pp, "expected the alternate parts of this line, in order of preference, got an empty list");
    ok = false;
  }
  if (parts)
    for_each_item(*parts, pp, diag_, [&](const Node& pn, const std::string& ppath) {
      BomPart part;
      if (pn.is_scalar()) {
        auto it = item_ref(pn, ppath);
        if (!it) {
          ok = false;
          return;
        }
        part.item = *it;
      } else {
        MapReader prd(pn, ppath, diag_);
        Finish fin_part{prd};
        const std::optional<ItemId> child = required_item(prd);
        const std::optional<double> qty = prd.number("qty", false, 1e-9, 1e6);
        if (!read_part_limits(prd, part) || !child) {
          ok = false;
          return;
        }
        part.item = *child;
        if (qty) part.qty = *qty;
      }
      if (part.qty == 0) {
        if (!line_qty) {
          error_at(diag_, pn, ppath, "missing qty: give it on the part or on its BOM line");
          ok = false;
          return;
        }
        part.qty = *line_qty;
      }
      for (const auto& other : line.parts)
        if (other.item == part.item && other.from == part.from && other.to == part.to) {
          error_at(diag_, pn, ppath, "part \"" + m_.items[part.item].id + "\" is named twice in this BOM line");
          ok = false;
          return;
        }
      line.parts.push_back(std::move(part));
    });
  if (!ok || line.parts.empty()) return std::nullopt;
  return line;
}

void SupplyReader::read_suppliers(MapReader& top) {
  const Node* n = top.get("suppliers");
  if (!n) return;
  const int T = m_.periods();
  for_each_item(*n, top.path_of("suppliers"), diag_, [&](const Node& node, const std::string& p) {
    MapReader r(node, p, diag_);
    Finish fin{r};
    auto id = r.id("id", true);
    const std::optional<ItemId> item = required_item(r);
    const Node* cap_node = r.get("capacity");
    const bool unlimited = cap_node && cap_node->is_scalar() && !cap_node->quoted && cap_node->text == "unlimited";
    std::optional<std::vector<int64_t>> cap;
    if (unlimited) {
      if (const Node* ramp = r.get("ramp"))
        error_at(diag_, *ramp, r.path_of("ramp"), "an unlimited supplier has no ramp");
      cap = std::vector<int64_t>(static_cast<size_t>(std::max(0, T)), kUnlimited);
    } else {
      cap = read_capacity(r);
    }
    // Effectivity of the offer: it ships only in periods from..to (periods of arrival).
    std::optional<int> from, to;
    if (const Node* f = r.get("from")) from = read_offset(*f, r.path_of("from"));
    if (const Node* f = r.get("to")) to = read_offset(*f, r.path_of("to"));
    if (from && to && *from > *to) error_at(diag_, node, p, "from: is after to: (it would never ship)");
    auto lead = read_lead_time(r);
    auto price = r.quantity("price", false, parse_money);
    auto preference = r.integer("preference", false, 1, 1000);
    int64_t moq = 0, multiple = 0;
    read_lot_sizes(r, moq, multiple);
    if (id) note_source(r, "supplier " + *id);
    if (!id || !item || !cap) return;
    const SupplierId index = SupplierId::from(m_.suppliers.size());
    if (!suppliers_.add_unique(r, *id, index, "supplier")) return;
    Supplier s{*id, *item, std::move(*cap), static_cast<int>(lead.value_or(0)), price ? price->value() : 0};
    s.preference = static_cast<int>(preference.value_or(1));
    s.unlimited = unlimited;
    s.moq = moq;
    s.multiple = multiple;
    for (int t = 0; t < std::min(T, s.lead_time); ++t) s.capacity[static_cast<size_t>(t)] = 0;
    for (int t = 0; t < T; ++t)
      if ((from && t < *from) || (to && t > *to)) s.capacity[static_cast<size_t>(t)] = 0;
    if ((moq > 0 || multiple > 0) && std::none_of(s.capacity.begin(), s.capacity.end(),
                                                  [&](int64_t c) { return lot_floor(c, moq, multiple) > 0; })) {
      const char* key = moq > 0 ? "moq" : "multiple";
      const Node* k = r.get(key);
      diag_.warning(k ? k->where() : node.where(), r.path_of(key),
                    "no period's capacity holds a whole lot of this supplier: it never ships (planned short)");
    }
    m_.items[*item].suppliers.push_back(index);
    m_.suppliers.push_back(std::move(s));
  });
}

void SupplyReader::read_inventory(MapReader& top) {
  const Node* n = top.get("inventory");
  if (!n) return;
  for_each_item(*n, top.path_of("inventory"), diag_, [&](const Node& node, const std::string& p) {
    MapReader r(node, p, diag_);
    Finish fin{r};
    const Node* in = r.require("item");
    std::optional<ItemId> item;
    if (in) item = item_ref(*in, r.path_of("item"));
    auto qty = r.integer("quantity", true, 0, kMaxQty);
    int at = 0;
    if (const Node* a = r.get("at")) {
      auto v = read_period(*a, r.path_of("at"));
      if (!v) return;
      at = *v;
    }
    if (in && in->is_scalar()) note_source(r, "inventory of " + in->text);
    if (item && qty) m_.receipts.push_back({*item, at, *qty});
  });
}

// customers[i].qualified, read once every item is known (the customers section is read first).
void SupplyReader::read_qualifications(MapReader& top) {
  const Node* n = top.get("customers");
  if (!n || !n->is_sequence()) return;
  for (size_t i = 0; i < n->items.size(); ++i) {
    const Node& node = n->items[i];
    const Node* q = node.is_mapping() ? node.find("qualified") : nullptr;
    const Node* idn = node.is_mapping() ? node.find("id") : nullptr;
    if (!q || !idn || !customers_.contains(idn->text)) continue;
    const std::string p = top.path_of("customers") + "[" + std::to_string(i) + "].qualified";
    Customer& cust = m_.customers[*customers_.find(idn->text)];
    for_each_item(*q, p, diag_, [&](const Node& item, const std::string& ip) {
      if (auto it = item_ref(item, ip)) cust.qualified.push_back(*it);
    });
  }
}

void SupplyReader::read_requirements(MapReader& top) {
  const Node* n = top.get("requirements");
  if (!n) return;
  for_each_item(*n, top.path_of("requirements"), diag_, [&](const Node& node, const std::string& p) {
    MapReader r(node, p, diag_);
    Finish fin{r};
    auto id = r.id("id", true);
    std::vector<ItemId> alternates;
    if (const Node* alts = r.require("alternates")) {
      for_each_item(*alts, r.path_of("alternates"), diag_, [&](const Node& item, const std::string& ip) {
        if (auto it = item_ref(item, ip)) alternates.push_back(*it);
      });
    }
    if (!id || !requirements_.add_unique(r, *id, RequirementId::from(m_.requirements.size()), "requirement")) return;
    m_.requirements.push_back({*id, std::move(alternates)});
  });
}

// Depth-first search for a cycle in the bill of materials; reports the first one with its chain.
void SupplyReader::check_bom_cycles() {
  IdVec<ItemTag, unsigned char> state(m_.items.size(), 0);  // 0 new, 1 on the path, 2 done
  std::vector<ItemId> path;
  const auto item_id = [&](ItemId i) -> const std::string& { return m_.items[i].id; };
  std::function<bool(ItemId)> visit = [&](ItemId i) {
    state[i] = 1;
    path.push_back(i);
    for (const auto& b : m_.items[i].bom)
      for (const auto& part : b.parts) {
        const ItemId child = part.item;
        if (state[child] == 1) {
          std::string chain;
          for (auto it = std::find(path.begin(), path.end(), child); it != path.end(); ++it)
            chain += item_id(*it) + " -> ";
          chain += item_id(child);
          const Location where =
              child.v < item_nodes_.size() && item_nodes_[child] ? item_nodes_[child]->where() : Location{};
          diag_.error(where, "supply.items", "bill of materials has a cycle: " + chain);
          return true;
        }
        if (state[child] == 0 && visit(child)) return true;
      }
    path.pop_back();
    state[i] = 2;
    return false;
  };
  for (const ItemId i : m_.items.ids())
    if (state[i] == 0 && visit(i)) return;
}

void SupplyReader::read_groups(MapReader& top) {
  const Node* n = top.get("groups");
  if (!n) return;
  for_each_item(*n, top.path_of("groups"), diag_, [&](const Node& node, const std::string& p) {
    MapReader r(node, p, diag_);
    Finish fin{r};
    Group g;
    auto id = r.id("id", true);
    if (const Node* sh = r.get("ship")) {
      static const std::pair<std::string_view, int> kShip[] = {{"as_ready", 0}, {"together", 1}, {"ratio", 2}};
      if (auto v = read_choice(*sh, r.path_of("ship"), diag_, Choices<int>(kShip, 3))) {
        g.together = *v == 1;
        g.ratio = *v == 2;
      }
    }
    if (auto v = r.integer("gpus", false, 0, 100000000)) g.gpus = *v;
    if (auto v = r.quantity("gpu_hour_cost", false, parse_money)) g.gpu_hour_cost = v->value();
    if (!id || !groups_.add_unique(r, *id, GroupId::from(m_.groups.size()), "group")) return;
    g.id = *id;
    m_.groups.push_back(std::move(g));
  });
}

}  // namespace opticplan::supply::detail
