#include "opticplan/scenario/read_supply.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>

#include "opticplan/core/units.h"
#include "opticplan/doc/csv.h"
#include "opticplan/doc/xlsx.h"
#include "opticplan/scenario/read_fabric.h"

namespace opticplan::supply {

namespace {

constexpr int64_t kMaxQty = 1'000'000'000'000;  // a trillion units: beyond any real plan

// Calls finish() on every way out of a reader's scope, so unknown keys are always reported.
struct Finish {
  MapReader& r;
  ~Finish() { r.finish(); }
};

// Shared state while reading one supply section.
struct Ctx {
  const catalog::Catalog& cat;
  Diagnostics& diag;
  Model& m;
  std::map<std::string, int, std::less<>> items, lines, suppliers, customers, groups;
  struct Requirement {
    std::vector<int> alternates;
    Location where;
  };
  std::map<std::string, Requirement, std::less<>> requirements;
  std::vector<const Node*> item_nodes;                               // declared items, for located BOM errors
  std::vector<std::pair<const Node*, std::string>> agreement_nodes;  // with their paths
  bool grid_ok = false;
  bool frozen = false;  // reading against a finished model: no new items
};

std::vector<std::string> keys_of(const std::map<std::string, int, std::less<>>& m) {
  std::vector<std::string> k;
  for (const auto& [name, _] : m) k.push_back(name);
  return k;
}

// The period index a field names, within the calendar.
std::optional<int> read_period(Ctx& c, const Node& n, const std::string& path) {
  if (!c.grid_ok) {  // the calendar's own error is reported; the text may still be malformed
    if (auto text = read_string(n, path, c.diag))
      if (auto p = parse_period(*text); !p) error_at(c.diag, n, path, p.error());
    return std::nullopt;
  }
  return read_grid_period(n, path, c.m.grid, c.diag);
}

std::optional<int> lookup(Ctx& c, const std::map<std::string, int, std::less<>>& m, const Node& n,
                          const std::string& path, const char* what) {
  auto id = read_id(n, path, c.diag);
  if (!id) return std::nullopt;
  if (auto it = m.find(*id); it != m.end()) return it->second;
  error_at(c.diag, n, path, std::string("unknown ") + what + " \"" + *id + "\"" + did_you_mean(*id, keys_of(m)));
  return std::nullopt;
}

int add_item(Ctx& c, const std::string& id) {
  const int index = static_cast<int>(c.m.items.size());
  Item it;
  it.id = id;
  c.m.items.push_back(std::move(it));
  c.items.emplace(id, index);
  return index;
}

// An item by id: declared, or a catalog transceiver or component (created on first use).
std::optional<int> item_ref(Ctx& c, const Node& n, const std::string& path) {
  auto id = read_id(n, path, c.diag);
  if (!id) return std::nullopt;
  if (auto it = c.items.find(*id); it != c.items.end()) return it->second;
  if (c.frozen) {
    error_at(c.diag, n, path,
             "item \"" + *id + "\" is not in the supply network" + did_you_mean(*id, keys_of(c.items)));
    return std::nullopt;
  }
  if (auto t = c.cat.find_transceiver(*id)) {
    const int index = add_item(c, *id);
    for (const auto& line : c.cat.transceivers[*t].bom) {
      const std::string& comp = c.cat.components[line.component].id;
      auto child = c.items.find(comp);
      const int ci = child != c.items.end() ? child->second : add_item(c, comp);
      c.m.items[static_cast<size_t>(index)].bom.push_back({ci, line.qty});
    }
    if (auto p = c.cat.transceivers[*t].price.at(2026)) c.m.items[static_cast<size_t>(index)].price = p->value();
    return index;
  }
  if (c.cat.find_component(*id)) return add_item(c, *id);
  std::vector<std::string> known = keys_of(c.items);
  for (const auto& t : c.cat.transceivers) known.push_back(t.id);
  for (const auto& x : c.cat.components) known.push_back(x.id);
  error_at(c.diag, n, path,
           "unknown item \"" + *id + "\"" + did_you_mean(*id, known) +
               "; expected an item declared under supply.items or a catalog transceiver or component");
  return std::nullopt;
}

// The periods of the calendar that count in `year` (capacity and demand per year spread over them).
std::vector<int> periods_of_year(const PeriodGrid& grid, int year) {
  std::vector<int> out;
  for (int t = 0; t < grid.count(); ++t)
    if (grid.year(t) == year) out.push_back(t);
  return out;
}

// per_year: {YEAR: N, ...}: every year of the calendar named, each year's N spread evenly over
// its periods in whole units.
std::optional<std::vector<int64_t>> read_capacity_per_year(Ctx& c, MapReader& r, const Node& py) {
  const std::string path = r.path_of("per_year");
  if (!py.is_mapping()) {
    error_at(c.diag, py, path, "expected a mapping of year to units, e.g. {2026: 25000000}, got " + py.describe());
    return std::nullopt;
  }
  if (!c.grid_ok) return std::nullopt;
  const int T = c.m.periods();
  std::vector<int64_t> cap(static_cast<size_t>(T), 0);
  std::vector<bool> named(static_cast<size_t>(T), false);
  bool ok = true;
  for (const auto& ym : py.members) {
    const Location where{py.file ? *py.file : std::string(), ym.key_line, ym.key_column};
    const auto year = parse_year(ym.key);
    if (!year) {
      c.diag.error(where, path + "." + ym.key, year.error());
      ok = false;
      continue;
    }
    auto units = read_int(ym.value, path + "." + ym.key, c.diag, 0, kMaxQty);
    if (!units) {
      ok = false;
      continue;
    }
    const std::vector<int> periods = periods_of_year(c.m.grid, *year);
    if (periods.empty()) {
      c.diag.error(
          where, path + "." + ym.key,
          "year " + ym.key + " is outside the calendar (" + c.m.grid.label(0) + " to " + c.m.grid.label(T - 1) + ")");
      ok = false;
      continue;
    }
    int64_t given = 0;
    for (size_t i = 0; i < periods.size(); ++i) {
      const int64_t upto =
          std::llround(static_cast<double>(*units) * static_cast<double>(i + 1) / static_cast<double>(periods.size()));
      cap[static_cast<size_t>(periods[i])] = upto - given;
      named[static_cast<size_t>(periods[i])] = true;
      given = upto;
    }
  }
  for (int t = 0; ok && t < T; ++t)
    if (!named[static_cast<size_t>(t)]) {
      error_at(c.diag, py, path,
               "names no capacity for " + std::to_string(c.m.grid.year(t)) + "; expected every year of the calendar (" +
                   std::to_string(c.m.grid.year(0)) + " to " + std::to_string(c.m.grid.year(T - 1)) + ")");
      ok = false;
    }
  if (!ok) return std::nullopt;
  return cap;
}

// capacity: N per period, with optional ramp: [{from: PERIOD, capacity: N}, ...] steps; or
// per_year: {YEAR: N, ...}.
std::optional<std::vector<int64_t>> read_capacity(Ctx& c, MapReader& r) {
  if (const Node* py = r.get("per_year")) {
    if (r.has("capacity") || r.has("ramp")) {
      error_at(c.diag, *py, r.path_of("per_year"), "give per_year: or capacity: (with ramp:), not both");
      (void)r.get("capacity"), (void)r.get("ramp");
      return std::nullopt;
    }
    return read_capacity_per_year(c, r, *py);
  }
  auto base = r.integer("capacity", true, 0, kMaxQty);
  std::vector<int64_t> cap(static_cast<size_t>(std::max(0, c.m.periods())), base.value_or(0));
  bool ok = base.has_value();
  if (const Node* ramp = r.get("ramp")) {
    int last = -1;
    for_each_item(*ramp, r.path_of("ramp"), c.diag, [&](const Node& step, const std::string& p) {
      MapReader s(step, p, c.diag);
      Finish fin_s{s};
      const Node* from = s.require("from");
      std::optional<int> at;
      if (from) at = read_period(c, *from, s.path_of("from"));
      auto v = s.integer("capacity", true, 0, kMaxQty);
      if (!at || !v) {
        ok = false;
        return;
      }
      if (*at <= last) {
        error_at(c.diag, *from, s.path_of("from"), "ramp steps must be in increasing period order");
        ok = false;
        return;
      }
      last = *at;
      std::fill(cap.begin() + *at, cap.end(), *v);
    });
  }
  if (!ok) return std::nullopt;
  return cap;
}

void read_calendar(Ctx& c, MapReader& r) {
  const Node* start = r.require("start");
  auto count = r.integer("periods", true, 1, 3660);
  if (!start || !count) return;
  auto text = read_string(*start, r.path_of("start"), c.diag);
  if (!text) return;
  auto p = parse_period(*text);
  if (!p) {
    error_at(c.diag, *start, r.path_of("start"), p.error());
    return;
  }
  c.m.grid = PeriodGrid(p->grain, p->start, static_cast<int>(*count));
  c.grid_ok = true;
}

// Depth-first search for a cycle in the bill of materials; reports it with its chain.
void check_bom_cycles(Ctx& c) {
  const size_t n = c.m.items.size();
  std::vector<unsigned char> state(n, 0);  // 0 new, 1 on the path, 2 done
  std::vector<int> path;
  std::function<bool(int)> visit = [&](int i) {
    state[static_cast<size_t>(i)] = 1;
    path.push_back(i);
    for (const auto& b : c.m.items[static_cast<size_t>(i)].bom) {
      if (state[static_cast<size_t>(b.item)] == 1) {
        std::string chain;
        auto from = std::find(path.begin(), path.end(), b.item);
        for (auto it = from; it != path.end(); ++it) chain += c.m.items[static_cast<size_t>(*it)].id + " -> ";
        chain += c.m.items[static_cast<size_t>(b.item)].id;
        const Node* at =
            static_cast<size_t>(b.item) < c.item_nodes.size() ? c.item_nodes[static_cast<size_t>(b.item)] : nullptr;
        const Location where = at ? at->where() : Location{};
        c.diag.error(where, "supply.items", "bill of materials has a cycle: " + chain);
        return true;
      }
      if (state[static_cast<size_t>(b.item)] == 0 && visit(b.item)) return true;
    }
    path.pop_back();
    state[static_cast<size_t>(i)] = 2;
    return false;
  };
  for (size_t i = 0; i < n; ++i)
    if (state[i] == 0 && visit(static_cast<int>(i))) return;
}

// One order, read against the items, customers and requirements known so far.
std::optional<Order> read_order_in(Ctx& c, MapReader& r, const Node& node, const std::string& p,
                                   const std::function<bool(int, int)>* can_get) {
  Order o;
  o.where = node.where();
  auto id = r.id("id", true);
  const Node* cn = r.require("customer");
  std::optional<int> cust;
  if (cn) cust = lookup(c, c.customers, *cn, r.path_of("customer"), "customer");
  const Node* in = r.get("item");
  const Node* rn = r.get("requirement");
  auto qty = r.integer("quantity", true, 1, kMaxQty);
  const Node* due = r.require("due");
  std::optional<int> due_at;
  if (due) due_at = read_period(c, *due, r.path_of("due"));
  if (auto v = r.integer("priority", false, 1, 1000)) o.priority = static_cast<int>(*v);
  if (auto v = r.boolean("partial", false)) o.partial = *v;
  if (auto v = r.integer("max_lateness", false, 0, 10000)) o.max_lateness = static_cast<int>(*v);
  if (auto v = r.quantity("price", false, parse_money)) o.price = v->value();
  if (const Node* k = r.get("kind")) {
    static const std::pair<std::string_view, bool> kKinds[] = {{"order", false}, {"forecast", true}};
    if (auto v = read_choice(*k, r.path_of("kind"), c.diag, Choices<bool>(kKinds, 2))) o.forecast = *v;
  }
  if (const Node* g = r.get("group")) {
    if (auto gi = lookup(c, c.groups, *g, r.path_of("group"), "group")) o.group = *gi;
  }
  if (!in == !rn) {
    error_at(c.diag, node, p, "give exactly one of item and requirement");
    return std::nullopt;
  }
  std::optional<int> item;
  if (in) item = item_ref(c, *in, r.path_of("item"));
  if (!id || !cust || !qty || !due_at) return std::nullopt;
  const Customer& customer = c.m.customers[static_cast<size_t>(*cust)];
  const auto qualified = [&](int i) {
    return customer.qualified.empty() ||
           std::find(customer.qualified.begin(), customer.qualified.end(), i) != customer.qualified.end();
  };
  if (in) {
    if (!item) return std::nullopt;
    if (!qualified(*item)) {
      error_at(
          c.diag, *in, r.path_of("item"),
          "customer \"" + customer.id + "\" has not qualified \"" + c.m.items[static_cast<size_t>(*item)].id + "\"");
      return std::nullopt;
    }
    o.alternates.push_back(*item);
  } else {
    auto req_id = read_id(*rn, r.path_of("requirement"), c.diag);
    if (!req_id) return std::nullopt;
    auto it = c.requirements.find(*req_id);
    if (it == c.requirements.end()) {
      std::vector<std::string> known;
      for (const auto& [k, _] : c.requirements) known.push_back(k);
      error_at(c.diag, *rn, r.path_of("requirement"),
               "unknown requirement \"" + *req_id + "\"" + did_you_mean(*req_id, known));
      return std::nullopt;
    }
    for (int a : it->second.alternates)
      if (qualified(a)) o.alternates.push_back(a);
    if (o.alternates.empty()) {
      error_at(c.diag, *rn, r.path_of("requirement"),
               "customer \"" + customer.id + "\" has qualified none of the alternates of \"" + *req_id + "\"");
      return std::nullopt;
    }
    o.requirement = *req_id;
  }
  if (can_get && std::none_of(o.alternates.begin(), o.alternates.end(), [&](int a) { return (*can_get)(a, 0); })) {
    error_at(c.diag, node, p,
             "nobody can make or buy \"" + c.m.items[static_cast<size_t>(o.alternates.front())].id +
                 "\": it has no supplier, no stock and no line (or a part of it has none)");
    return std::nullopt;
  }
  o.id = *id;
  o.customer = *cust;
  o.qty = *qty;
  o.due = *due_at;
  return o;
}

}  // namespace

std::optional<Model> read_supply(const Node& section, const std::string& path, const catalog::Catalog& cat,
                                 Diagnostics& diag, const fabric::ClusterInput* scenario_cluster,
                                 const LoadedFiles* files) {
  const size_t before = diag.size();
  Model model;
  Ctx c{cat, diag, model, {}, {}, {}, {}, {}, {}, {}, {}, false};
  MapReader top(section, path, diag);
  if (!top.ok()) return std::nullopt;
  // Keeps a row's `source:` for the reports (what it is, e.g. "supplier laser-vendor").
  const auto note_source = [&](MapReader& r, const std::string& what) {
    if (const Node* s = r.get("source"); s && s->is_scalar()) c.m.sources.push_back({what, s->text});
  };
  if (const Node* n = top.require("calendar")) {
    MapReader r(*n, top.path_of("calendar"), diag);
    Finish fin_r{r};
    read_calendar(c, r);
  }
  const int T = c.m.periods();

  if (const Node* n = top.get("customers")) {
    for_each_item(*n, top.path_of("customers"), diag, [&](const Node& item, const std::string& p) {
      MapReader r(item, p, diag);
      Finish fin_r{r};
      auto id = r.id("id", true);
      (void)r.get("qualified");
      if (id) note_source(r, "customer " + *id);
      if (!id) return;
      if (c.customers.count(*id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate customer id \"" + *id + "\"");
        return;
      }
      c.customers.emplace(*id, static_cast<int>(c.m.customers.size()));
      c.m.customers.push_back({*id, {}});
      (void)r.get("qualified");  // read once every item is known, below
    });
  }
  if (const Node* n = top.get("lines")) {
    for_each_item(*n, top.path_of("lines"), diag, [&](const Node& item, const std::string& p) {
      MapReader r(item, p, diag);
      Finish fin_r{r};
      auto id = r.id("id", true);
      auto cap = read_capacity(c, r);
      if (id) note_source(r, "line " + *id);
      if (!id || !cap) return;
      if (c.lines.count(*id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate line id \"" + *id + "\"");
        return;
      }
      c.lines.emplace(*id, static_cast<int>(c.m.lines.size()));
      c.m.lines.push_back({*id, std::move(*cap)});
    });
  }
  // Items: ids first, so that bills of materials may refer to items declared later.
  const Node* item_list = top.get("items");
  if (item_list && item_list->is_sequence()) {
    for (const Node& item : item_list->items) {
      const Node* idn = item.is_mapping() ? item.find("id") : nullptr;
      if (!idn || !idn->is_scalar() || c.items.count(idn->text)) continue;
      const int index = add_item(c, idn->text);
      c.item_nodes.resize(static_cast<size_t>(index) + 1, nullptr);
      c.item_nodes[static_cast<size_t>(index)] = &item;
    }
  }
  if (item_list) {
    std::map<std::string, int, std::less<>> seen;
    for_each_item(*item_list, top.path_of("items"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      auto id = r.id("id", true);
      if (!id) return;
      if (seen.count(*id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate item id \"" + *id + "\"");
        return;
      }
      seen.emplace(*id, 0);
      Item& it = c.m.items[static_cast<size_t>(c.items.at(*id))];
      const auto t = cat.find_transceiver(*id);
      if (t) {  // a catalog module: its bill of materials and price unless overridden
        if (auto pr = cat.transceivers[*t].price.at(2026)) it.price = pr->value();
      }
      if (const Node* l = r.get("line")) {
        if (auto li = lookup(c, c.lines, *l, r.path_of("line"), "line")) it.line = *li;
      }
      if (auto v = r.number("usage", false, 1e-9, 1e9)) it.usage = *v;
      if (auto v = r.integer("lead_time", false, 0, 520)) it.lead_time = static_cast<int>(*v);
      if (auto v = r.number("yield", false, 1e-6, 1)) it.yield = *v;
      if (auto v = r.quantity("price", false, parse_money)) it.price = v->value();
      note_source(r, "item " + *id);
      std::vector<BomLine> bom;
      bool has_bom = false;
      if (const Node* b = r.get("bom")) {
        has_bom = true;
        for_each_item(*b, r.path_of("bom"), diag, [&](const Node& line, const std::string& lp) {
          MapReader lr(line, lp, diag);
          Finish fin_lr{lr};
          const Node* in = lr.require("item");
          std::optional<int> child;
          if (in) child = item_ref(c, *in, lr.path_of("item"));
          auto qty = lr.number("qty", true, 1e-9, 1e6);
          if (child && qty) bom.push_back({*child, *qty});
        });
      } else if (t) {
        has_bom = true;
        for (const auto& line : cat.transceivers[*t].bom) {
          const std::string& comp = cat.components[line.component].id;
          auto ci = c.items.find(comp);
          bom.push_back({ci != c.items.end() ? ci->second : add_item(c, comp), line.qty});
        }
      }
      // c.m.items may have grown: take the reference again.
      Item& item = c.m.items[static_cast<size_t>(c.items.at(*id))];
      if (has_bom) item.bom = std::move(bom);
      if (item.line == kNone && !item.bom.empty() && r.get("bom"))
        error_at(diag, node, p, "item \"" + *id + "\" has a bill of materials but no line to make it on");
    });
  }
  if (const Node* n = top.get("suppliers")) {
    for_each_item(*n, top.path_of("suppliers"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      auto id = r.id("id", true);
      const Node* in = r.require("item");
      std::optional<int> item;
      if (in) item = item_ref(c, *in, r.path_of("item"));
      auto cap = read_capacity(c, r);
      auto lead = r.integer("lead_time", false, 0, 520);
      auto price = r.quantity("price", false, parse_money);
      if (id) note_source(r, "supplier " + *id);
      if (!id || !item || !cap) return;
      if (c.suppliers.count(*id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate supplier id \"" + *id + "\"");
        return;
      }
      Supplier s{*id, *item, std::move(*cap), static_cast<int>(lead.value_or(0)), price ? price->value() : 0};
      for (int t = 0; t < std::min(T, s.lead_time); ++t) s.capacity[static_cast<size_t>(t)] = 0;
      const int index = static_cast<int>(c.m.suppliers.size());
      c.suppliers.emplace(*id, index);
      c.m.items[static_cast<size_t>(*item)].suppliers.push_back(index);
      c.m.suppliers.push_back(std::move(s));
    });
  }
  if (const Node* n = top.get("agreements")) {
    for_each_item(*n, top.path_of("agreements"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      Agreement a;
      auto id = r.id("id", true);
      const Node* holder = r.require("holder");
      std::optional<int> h;
      if (holder) h = lookup(c, c.customers, *holder, r.path_of("holder"), "customer");
      const Node* sup = r.get("supplier");
      const Node* line = r.get("line");
      if (!sup == !line) {
        error_at(diag, node, p, "give exactly one of supplier and line");
        return;
      }
      std::optional<int> target = sup ? lookup(c, c.suppliers, *sup, r.path_of("supplier"), "supplier")
                                      : lookup(c, c.lines, *line, r.path_of("line"), "line");
      auto qty = r.integer("quantity", false, 0, kMaxQty);
      auto share = r.number("share", false, 0, 1);
      if (qty.has_value() == share.has_value()) {
        error_at(diag, node, p, "give exactly one of quantity (per period) and share (of the capacity)");
        return;
      }
      int from = 0, to = T - 1;
      if (const Node* f = r.get("from")) {
        if (auto v = read_period(c, *f, r.path_of("from"))) from = *v;
      }
      if (const Node* f = r.get("to")) {
        if (auto v = read_period(c, *f, r.path_of("to"))) to = *v;
      }
      if (auto v = r.boolean("take_or_pay", false)) a.take_or_pay = *v;
      static const std::pair<std::string_view, Release> kRelease[] = {{"never", Release::kNever},
                                                                      {"unused", Release::kUnused}};
      if (auto v = r.choice("release", false, Choices<Release>(kRelease, 2))) a.release = *v;
      if (auto v = r.quantity("price", false, parse_money)) a.price = v->value();
      if (id) note_source(r, "agreement " + *id);
      if (!id || !h || !target || T == 0) return;
      a.id = *id;
      a.holder = *h;
      const std::vector<int64_t>& cap =
          sup ? c.m.suppliers[static_cast<size_t>(*target)].capacity : c.m.lines[static_cast<size_t>(*target)].capacity;
      (sup ? a.supplier : a.line) = *target;
      a.reserved.assign(static_cast<size_t>(T), 0);
      for (int t = from; t <= to; ++t) {
        const int64_t c_t = cap[static_cast<size_t>(t)];
        a.reserved[static_cast<size_t>(t)] =
            qty ? *qty : static_cast<int64_t>(std::floor(*share * static_cast<double>(c_t)));
      }
      c.m.agreements.push_back(std::move(a));
      c.agreement_nodes.emplace_back(&node, p);
    });
  }
  // A reservation larger than what it reserves (together with the others on the same capacity).
  if (T > 0) {
    for (size_t i = 0; i < c.m.agreements.size(); ++i) {
      const Agreement& a = c.m.agreements[i];
      bool first_of_group = true;  // report a group once, at its first agreement
      for (size_t j = 0; j < i; ++j)
        if (c.m.agreements[j].supplier == a.supplier && c.m.agreements[j].line == a.line) first_of_group = false;
      if (!first_of_group) continue;
      const std::vector<int64_t>& cap = a.supplier != kNone ? c.m.suppliers[static_cast<size_t>(a.supplier)].capacity
                                                            : c.m.lines[static_cast<size_t>(a.line)].capacity;
      for (int t = 0; t < T; ++t) {
        int64_t sum = 0;
        for (const auto& b : c.m.agreements)
          if (b.supplier == a.supplier && b.line == a.line) sum += b.reserved[static_cast<size_t>(t)];
        if (sum > cap[static_cast<size_t>(t)]) {
          error_at(diag, *c.agreement_nodes[i].first, c.agreement_nodes[i].second,
                   "agreement \"" + a.id + "\" reserves " + std::to_string(sum) + " in " + c.m.grid.label(t) +
                       " (with the other agreements on it), more than the capacity of " +
                       std::to_string(cap[static_cast<size_t>(t)]));
          break;
        }
      }
    }
  }
  if (const Node* n = top.get("inventory")) {
    for_each_item(*n, top.path_of("inventory"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      const Node* in = r.require("item");
      std::optional<int> item;
      if (in) item = item_ref(c, *in, r.path_of("item"));
      auto qty = r.integer("quantity", true, 0, kMaxQty);
      int at = 0;
      if (const Node* a = r.get("at")) {
        auto v = read_period(c, *a, r.path_of("at"));
        if (!v) return;
        at = *v;
      }
      if (in && in->is_scalar()) note_source(r, "inventory of " + in->text);
      if (item && qty) c.m.receipts.push_back({*item, at, *qty});
    });
  }
  // Customer qualifications (after items exist).
  if (const Node* n = top.get("customers")) {
    if (n->is_sequence()) {
      for (size_t i = 0; i < n->items.size(); ++i) {
        const Node& node = n->items[i];
        const Node* q = node.is_mapping() ? node.find("qualified") : nullptr;
        const Node* idn = node.is_mapping() ? node.find("id") : nullptr;
        if (!q || !idn || !c.customers.count(idn->text)) continue;
        const std::string p = top.path_of("customers") + "[" + std::to_string(i) + "].qualified";
        Customer& cust = c.m.customers[static_cast<size_t>(c.customers.at(idn->text))];
        for_each_item(*q, p, diag, [&](const Node& item, const std::string& ip) {
          if (auto it = item_ref(c, item, ip)) cust.qualified.push_back(*it);
        });
      }
    }
  }
  if (const Node* n = top.get("requirements")) {
    for_each_item(*n, top.path_of("requirements"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      auto id = r.id("id", true);
      Ctx::Requirement req;
      req.where = node.where();
      if (const Node* alts = r.require("alternates")) {
        for_each_item(*alts, r.path_of("alternates"), diag, [&](const Node& item, const std::string& ip) {
          if (auto it = item_ref(c, item, ip)) req.alternates.push_back(*it);
        });
      }
      if (!id) return;
      if (c.requirements.count(*id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate requirement id \"" + *id + "\"");
        return;
      }
      c.m.requirements.push_back({*id, req.alternates});
      c.requirements.emplace(*id, std::move(req));
    });
  }
  // What can be obtained at all: bought, in stock, or made from obtainable parts. Orders and
  // clusters below may still add catalog items (with neither line nor supplier), so the memo grows
  // with the item list; nothing adds items during one call, so `o` stays valid through recursion.
  std::vector<signed char> obtainable(c.m.items.size(), -1);
  check_bom_cycles(c);
  std::function<bool(int, int)> can_get = [&](int i, int depth) -> bool {
    if (obtainable.size() < c.m.items.size()) obtainable.resize(c.m.items.size(), -1);
    signed char& o = obtainable[static_cast<size_t>(i)];
    if (o >= 0) return o == 1;
    if (depth > 64) return false;  // a cycle, reported above
    const Item& it = c.m.items[static_cast<size_t>(i)];
    bool ok = !it.suppliers.empty();
    for (const auto& rc : c.m.receipts)
      if (rc.item == i && rc.qty > 0) ok = true;
    if (!ok && it.line != kNone) {
      ok = true;
      for (const auto& b : it.bom)
        if (!can_get(b.item, depth + 1)) ok = false;
    }
    o = ok ? 1 : 0;
    return ok;
  };
  if (const Node* n = top.get("groups")) {
    for_each_item(*n, top.path_of("groups"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      Group g;
      auto id = r.id("id", true);
      if (const Node* sh = r.get("ship")) {
        static const std::pair<std::string_view, int> kShip[] = {{"as_ready", 0}, {"together", 1}, {"ratio", 2}};
        if (auto v = read_choice(*sh, r.path_of("ship"), diag, Choices<int>(kShip, 3))) {
          g.together = *v == 1;
          g.ratio = *v == 2;
        }
      }
      if (auto v = r.integer("gpus", false, 0, 100000000)) g.gpus = *v;
      if (auto v = r.quantity("gpu_hour_cost", false, parse_money)) g.gpu_hour_cost = v->value();
      if (!id) return;
      if (c.groups.count(*id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate group id \"" + *id + "\"");
        return;
      }
      g.id = *id;
      c.groups.emplace(*id, static_cast<int>(c.m.groups.size()));
      c.m.groups.push_back(std::move(g));
    });
  }
  // Only a model without errors so far can say truthfully that nobody can make an item.
  const bool check_obtainable = diag.size() == before;
  // Orders: the YAML list, then the rows of any CSV files (docs/supply-format.md has the columns).
  // The YAML list is read where it is (a copy would cost as much as parsing it); tables own their rows.
  std::deque<Node> tables;
  std::vector<std::pair<const Node*, std::string>> order_lists;
  if (const Node* n = top.get("orders")) order_lists.emplace_back(n, top.path_of("orders"));
  // A table of orders: a file name, or {file, sheet (XLSX), columns: {FIELD: "Header in the file"}}.
  const auto add_table = [&](const Node& f, const std::string& p, bool xlsx) {
    const Node* file_node = &f;
    std::string sheet;
    std::map<std::string, std::string> rename;  // header in the file -> order field
    if (f.is_mapping()) {
      MapReader tr(f, p, diag);
      Finish fin_t{tr};
      file_node = tr.require("file");
      if (!file_node) return;
      if (auto v = tr.str("sheet", false)) {
        if (!xlsx) error_at(diag, *tr.get("sheet"), tr.path_of("sheet"), "sheet: applies to orders_xlsx only");
        sheet = *v;
      }
      if (const Node* cols = tr.get("columns")) {
        if (!cols->is_mapping()) {
          error_at(
              diag, *cols, tr.path_of("columns"),
              "expected a mapping of order field to the file's header, e.g. {quantity: Qty}, got " + cols->describe());
          return;
        }
        for (const auto& m : cols->members)
          if (auto h = read_string(m.value, tr.path_of("columns") + "." + m.key, diag)) rename[*h] = m.key;
      }
    }
    auto rel = read_string(*file_node, p, diag);
    if (!rel) return;
    if (!files) {
      error_at(diag, *file_node, p, "no files can be read here: give the orders in orders: instead");
      return;
    }
    const auto file = files->source.resolve(
        *rel, files->file_shown_as(file_node->file ? *file_node->file : std::string()), Lookup::kBeside);
    if (!file) {
      error_at(diag, *file_node, p, file.error());
      return;
    }
    const std::string& shown = file->shown;
    const auto bytes = files->source.read(*file, xlsx ? "XLSX file" : "CSV file");
    if (!bytes) {
      error_at(diag, *file_node, p, bytes.error());
      return;
    }
    Diagnostics table_diag;
    Node rows = xlsx ? parse_xlsx(*bytes, shown, sheet, table_diag) : parse_csv(*bytes, shown, table_diag);
    if (!table_diag.ok()) {
      for (const auto& d : table_diag.items()) {
        if (d.where.line == 0)
          error_at(diag, *file_node, p, d.message);
        else
          diag.add(d);
      }
      return;
    }
    for (Node& row : rows.items)
      for (Member& m : row.members)
        if (auto it = rename.find(m.key); it != rename.end()) m.key = it->second;
    // Columns are checked once, at the header, not on every row.
    static const std::vector<std::string> kColumns = {"id",       "customer", "item",     "requirement",
                                                      "quantity", "due",      "priority", "max_lateness",
                                                      "price",    "partial",  "group",    "kind"};
    std::vector<std::string> present;
    for (const Node& row : rows.items)
      for (const Member& m : row.members)
        if (std::find(present.begin(), present.end(), m.key) == present.end()) present.push_back(m.key);
    bool usable = true;
    for (const auto& col : present) {
      if (std::find(kColumns.begin(), kColumns.end(), col) != kColumns.end()) continue;
      diag.error(Location{shown, 1, 0}, shown,
                 "unknown column \"" + col + "\"" + did_you_mean(col, kColumns) +
                     "; columns: id, customer, item or requirement, quantity, due, priority, partial, max_lateness, "
                     "price, group, kind (or map yours with columns: {FIELD: \"Header\"})");
      usable = false;
    }
    for (const char* col : {"id", "customer", "quantity", "due"}) {
      if (rows.items.empty() || std::find(present.begin(), present.end(), col) != present.end()) continue;
      diag.error(Location{shown, 1, 0}, shown, std::string("missing column \"") + col + "\"");
      usable = false;
    }
    if (usable) order_lists.emplace_back(&tables.emplace_back(std::move(rows)), shown);
  };
  for (const bool xlsx : {false, true}) {
    const char* key = xlsx ? "orders_xlsx" : "orders_csv";
    if (const Node* n = top.get(key)) {
      if (n->is_sequence())
        for_each_item(*n, top.path_of(key), diag, [&](const Node& f, const std::string& p) { add_table(f, p, xlsx); });
      else
        add_table(*n, top.path_of(key), xlsx);
    }
  }
  std::map<std::string, int, std::less<>> seen;
  for (const auto& [list, list_path] : order_lists) {
    const Node* n = list;
    const auto& orders_path = list_path;
    for_each_item(*n, orders_path, diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      auto o = read_order_in(c, r, node, p, check_obtainable ? &can_get : nullptr);
      if (!o) return;
      if (seen.count(o->id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate order id \"" + o->id + "\"");
        return;
      }
      seen.emplace(o->id, 0);
      c.m.orders.push_back(std::move(*o));
    });
  }
  // Demand per year, spread over the year's periods (evenly, or by weights), one order a period.
  if (const Node* n = top.get("demand")) {
    for_each_item(*n, top.path_of("demand"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      // The order fields every period's order shares; quantity and due come from per_year.
      Node proto;
      proto.kind = Node::Kind::kMapping;
      proto.file = node.file;
      proto.line = node.line;
      proto.column = node.column;
      for (const auto& m : node.members)
        if (m.key != "per_year" && m.key != "weights" && m.key != "split" && m.key != "source")
          proto.members.push_back(m);
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
      // split: {REQUIREMENT-or-ITEM: share, ...}: one entry's demand over several requirements or
      // items (a buyer's 800G by reach class), shares adding up to 1.
      struct Part {
        std::string key, value;
        double share = 1;
      };
      std::vector<Part> parts;
      if (const Node* sp = r.get("split")) {
        if (r.has("item") || r.has("requirement")) {
          error_at(diag, *sp, r.path_of("split"), "give split: or item:/requirement:, not both");
          return;
        }
        if (!sp->is_mapping() || sp->members.empty()) {
          error_at(diag, *sp, r.path_of("split"),
                   "expected a mapping of requirement or item to share, e.g. {800G-DR: 0.7, 800G-SR: 0.3}, got " +
                       sp->describe());
          return;
        }
        double total = 0;
        for (const auto& m : sp->members) {
          auto v = read_number(m.value, r.path_of("split") + "." + m.key, diag, 0, 1);
          if (!v) return;
          total += *v;
          parts.push_back({c.requirements.count(m.key) ? "requirement" : "item", m.key, *v});
        }
        if (std::abs(total - 1) > 1e-9) {
          error_at(diag, *sp, r.path_of("split"), "the shares add up to " + format_number(total, 6) + "; expected 1");
          return;
        }
      } else {
        parts.push_back({});
      }
      if (!py || !c.grid_ok) return;
      if (!py->is_mapping()) {
        error_at(diag, *py, r.path_of("per_year"),
                 "expected a mapping of year to units, e.g. {2026: 10500000}, got " + py->describe());
        return;
      }
      std::string entry_label = "demand";
      for (const auto& m : node.members)
        if ((m.key == "item" || m.key == "requirement") && m.value.is_scalar()) entry_label = m.value.text;
      for (const auto& ym : py->members) {
        const std::string yp = r.path_of("per_year") + "." + ym.key;
        const Location where{node.file ? *node.file : std::string(), ym.key_line, ym.key_column};
        const auto year = parse_year(ym.key);
        if (!year) {
          diag.error(where, yp, year.error());
          continue;
        }
        auto year_units = read_int(ym.value, yp, diag, 0, kMaxQty);
        if (!year_units) continue;
        const std::vector<int> periods = periods_of_year(c.m.grid, *year);
        if (periods.empty()) {
          diag.error(where, yp,
                     "year " + ym.key + " is outside the calendar (" + c.m.grid.label(0) + " to " +
                         c.m.grid.label(T - 1) + ")");
          continue;
        }
        std::vector<double> w(periods.size(), 1.0);
        if (weights) {
          const Node* wy = weights->is_mapping() ? weights->find(ym.key) : nullptr;
          if (wy) {
            const std::string wp = r.path_of("weights") + "." + ym.key;
            if (!wy->is_sequence() || wy->items.size() != periods.size()) {
              error_at(
                  diag, *wy, wp,
                  "expected a list of " + std::to_string(periods.size()) + " weights, one per period of " + ym.key);
              continue;
            }
            for (size_t i = 0; i < periods.size(); ++i)
              if (auto v = read_number(wy->items[i], wp + "[" + std::to_string(i) + "]", diag, 0, 1e9)) w[i] = *v;
          }
        }
        double total_w = 0;
        for (double x : w) total_w += x;
        if (total_w <= 0) {
          error_at(diag, *weights, r.path_of("weights"), "weights must not all be zero");
          continue;
        }
        double split_cum = 0;
        int64_t split_given = 0;
        for (const Part& part : parts) {
          // Whole units that add up to the year's total (cumulative rounding), over parts and periods.
          split_cum += part.share;
          const int64_t part_upto = std::llround(static_cast<double>(*year_units) * split_cum);
          const int64_t units = part_upto - split_given;
          split_given = part_upto;
          const std::string label = part.key.empty() ? entry_label : part.value;
          double cum = 0;
          int64_t given = 0;
          for (size_t i = 0; i < periods.size(); ++i) {
            cum += w[i];
            const int64_t upto = std::llround(static_cast<double>(units) * cum / total_w);
            const int64_t qty = upto - given;
            given = upto;
            if (qty <= 0) continue;
            Node one = proto;
            const auto scalar = [&](const std::string& key, const std::string& text) {
              Member mm;
              mm.key = key;
              mm.key_line = ym.key_line;
              mm.key_column = ym.key_column;
              mm.value.kind = Node::Kind::kScalar;
              mm.value.text = text;
              mm.value.file = node.file;
              mm.value.line = ym.key_line;
              mm.value.column = ym.key_column;
              one.members.push_back(std::move(mm));
            };
            const int t = periods[i];
            std::string cust;
            for (const auto& m : node.members)
              if (m.key == "customer" && m.value.is_scalar()) cust = m.value.text;
            scalar("id", cust + "/" + label + "/" + c.m.grid.label(t));
            scalar("quantity", std::to_string(qty));
            scalar("due", c.m.grid.label(t));
            if (!part.key.empty()) scalar(part.key, part.value);
            MapReader orr(one, p, diag);
            auto o = read_order_in(c, orr, one, p, check_obtainable ? &can_get : nullptr);
            orr.finish();
            if (!o) return;  // the entry's own problem, reported once
            if (seen.count(o->id)) {
              error_at(diag, node, p, "demand makes order id \"" + o->id + "\" twice");
              return;
            }
            seen.emplace(o->id, 0);
            c.m.orders.push_back(std::move(*o));
          }
        }
      }
    });
  }
  // Clusters: the optics bill of materials of a fabric becomes one group of orders due at go-live.
  if (const Node* n = top.get("clusters")) {
    for_each_item(*n, top.path_of("clusters"), diag, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag);
      Finish fin_r{r};
      auto id = r.id("id", true);
      const Node* cn = r.require("customer");
      std::optional<int> cust;
      if (cn) cust = lookup(c, c.customers, *cn, r.path_of("customer"), "customer");
      const Node* gl = r.require("go_live");
      std::optional<int> due;
      if (gl) due = read_period(c, *gl, r.path_of("go_live"));
      Order base;
      if (auto v = r.integer("priority", false, 1, 1000)) base.priority = static_cast<int>(*v);
      Group g;
      g.together = true;
      if (const Node* sh = r.get("ship")) {
        static const std::pair<std::string_view, int> kShip[] = {{"together", 1}, {"ratio", 2}};
        if (auto v = read_choice(*sh, r.path_of("ship"), diag, Choices<int>(kShip, 2))) {
          g.together = *v == 1;
          g.ratio = *v == 2;
        }
      }
      if (auto v = r.quantity("gpu_hour_cost", false, parse_money)) g.gpu_hour_cost = v->value();
      std::optional<fabric::ClusterInput> input;
      if (const Node* spec = r.get("cluster")) {
        MapReader cr(*spec, r.path_of("cluster"), diag);
        input = fabric::read_cluster(cr, cat);
      } else if (scenario_cluster) {
        input = *scenario_cluster;
      } else {
        error_at(diag, node, p, "give the cluster: to supply (or a top-level cluster: section)");
        return;
      }
      if (!id || !cust || !due || !input) return;
      if (c.groups.count(*id)) {
        error_at(diag, *r.get("id"), r.path_of("id"), "duplicate group id \"" + *id + "\"");
        return;
      }
      auto f = fabric::build_fabric(cat, *input);
      if (!f || !f->bom) {
        error_at(diag, node, p, "its cluster has no optics bill of materials: " + (f ? f->bom_note : f.error()));
        return;
      }
      g.id = *id;
      g.gpus = f->topology.gpus;
      const int gi = static_cast<int>(c.m.groups.size());
      c.groups.emplace(*id, gi);
      c.m.groups.push_back(std::move(g));
      for (const auto& [module, count] : f->bom->transceivers) {
        Node ref;
        ref.kind = Node::Kind::kScalar;
        ref.text = module;
        ref.file = node.file;
        ref.line = node.line;
        ref.column = node.column;
        auto item = item_ref(c, ref, p);
        if (!item) continue;
        if (check_obtainable && !can_get(*item, 0)) {
          error_at(diag, node, p,
                   "nobody can make or buy \"" + module + "\", which the cluster needs " + std::to_string(count) +
                       " of: give it a line or a supplier");
          continue;
        }
        Order o = base;
        o.id = *id + "/" + module;
        o.customer = *cust;
        o.alternates = {*item};
        o.qty = count;
        o.due = *due;
        o.group = gi;
        o.where = node.where();
        c.m.orders.push_back(std::move(o));
      }
    });
  }
  top.finish();
  if (diag.size() != before) return std::nullopt;
  return std::move(c.m);
}

}  // namespace opticplan::supply

namespace opticplan::supply {

std::optional<Order> read_order(MapReader& r, const Model& m, const catalog::Catalog& cat) {
  // Frozen: nothing below adds to the model, so reading through a non-const reference is safe.
  Ctx c{cat, r.diag(), const_cast<Model&>(m), {}, {}, {}, {}, {}, {}, {}, {}, true};
  c.frozen = true;
  c.grid_ok = m.periods() > 0;
  for (size_t i = 0; i < m.items.size(); ++i) c.items.emplace(m.items[i].id, static_cast<int>(i));
  for (size_t i = 0; i < m.customers.size(); ++i) c.customers.emplace(m.customers[i].id, static_cast<int>(i));
  for (const auto& q : m.requirements) c.requirements.emplace(q.id, Ctx::Requirement{q.alternates, {}});
  auto o = read_order_in(c, r, r.node(), r.path(), nullptr);
  r.finish();
  return o;
}

}  // namespace opticplan::supply
