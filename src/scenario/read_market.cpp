// Reads the market: section (market/market.h) against the supply model it simulates.
#include "opticplan/scenario/read_market.h"

#include <algorithm>
#include <map>

#include "opticplan/core/units.h"
#include "opticplan/scenario/read_distribution.h"

namespace opticplan::market {
namespace {

struct Ctx {
  MapReader& top;
  const supply::Model& m;
  Diagnostics& diag;
  MarketSpec& spec;
  int first_year = 0, last_year = 0;
};

// The id of the entry of `table` (the supply model's or the spec's) whose id `n` names, or an
// "unknown" error with a suggestion.
template <class Tag, class T>
std::optional<Id<Tag>> find_id(Ctx& c, const IdVec<Tag, T>& table, const Node& n, const std::string& path,
                               const char* what) {
  auto id = read_id(n, path, c.diag);
  if (!id) return std::nullopt;
  std::vector<std::string> names;
  for (const Id<Tag> k : table.ids()) {
    if (table[k].id == *id) return k;
    names.push_back(table[k].id);
  }
  error_at(c.diag, n, path, "unknown " + std::string(what) + " \"" + *id + "\"" + did_you_mean(*id, names));
  return std::nullopt;
}

std::optional<ClassId> find_class(Ctx& c, const Node& n, const std::string& path) {
  return find_id(c, c.spec.classes, n, path, "class");
}

std::optional<int> read_calendar_year(Ctx& c, const Node& n, const std::string& path) {
  auto v = read_int(n, path, c.diag, 2000, 2100);
  if (!v) return std::nullopt;
  if (*v < c.first_year || *v > c.last_year) {
    error_at(c.diag, n, path,
             "year " + std::to_string(*v) + " is outside the calendar (" + std::to_string(c.first_year) + " to " +
                 std::to_string(c.last_year) + ")");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

void read_classes(Ctx& c, const Node& list, const std::string& path) {
  std::map<std::string, supply::ItemId, std::less<>> items;
  for (const supply::ItemId i : c.m.items.ids()) items.emplace(c.m.items[i].id, i);
  std::vector<std::string> item_ids;
  item_ids.reserve(items.size());
  for (const auto& [id, _] : items) item_ids.push_back(id);
  IdVec<supply::ItemTag, ClassId> owner(c.m.items.size());  // [item] its class, or none
  for_each_item(list, path, c.diag, [&](const Node& node, const std::string& p) {
    MapReader cr(node, p, c.diag);
    PriceClass pc;
    auto id = cr.id("id", true);
    if (auto v = cr.boolean("high_speed", false)) pc.high_speed = *v;
    if (auto v = cr.number("ai_fraction", false, 0, 1)) pc.ai_fraction = *v;
    if (auto v = cr.str("source", false); v && id) c.spec.sources.push_back({"market class " + *id, *v});
    if (const Node* its = cr.require("items")) {
      for_each_item(*its, cr.path_of("items"), c.diag, [&](const Node& item, const std::string& ip) {
        auto iid = read_id(item, ip, c.diag);
        if (!iid) return;
        auto it = items.find(*iid);
        if (it == items.end()) {
          error_at(c.diag, item, ip,
                   "unknown item \"" + *iid + "\"" + did_you_mean(*iid, item_ids) + " in the supply section");
          return;
        }
        if (owner[it->second].valid()) {
          error_at(c.diag, item, ip, "item \"" + *iid + "\" is already in another class");
          return;
        }
        owner[it->second] = ClassId::from(c.spec.classes.size());
        pc.items.push_back(it->second);
      });
    }
    if (const Node* pr = cr.require("prices")) {
      if (!pr->is_mapping() || pr->members.empty()) {
        error_at(c.diag, *pr, cr.path_of("prices"),
                 "expected a mapping of year to price, e.g. {2025: $545}, got " + pr->describe());
      } else {
        for (const auto& m : pr->members) {
          const std::string yp = cr.path_of("prices") + "." + m.key;
          const auto year = parse_year(m.key);
          if (!year) {
            c.diag.error(Location{node.file ? *node.file : std::string(), m.key_line, m.key_column}, yp, year.error());
            continue;
          }
          if (auto v = read_quantity(m.value, yp, c.diag, parse_money)) pc.prices.emplace_back(*year, v->value());
        }
        std::sort(pc.prices.begin(), pc.prices.end());
      }
    }
    cr.finish();
    if (id) {
      for (const auto& other : c.spec.classes)
        if (other.id == *id) error_at(c.diag, node, p, "duplicate class id \"" + *id + "\"");
      pc.id = *id;
      c.spec.classes.push_back(std::move(pc));
    }
  });
}

// scale: {customer|requirement|item|demand|supplier|line|price: ID}; set: ai_fraction|erosion_loose|erosion_tight.
std::optional<Target> read_target(Ctx& c, MapReader& r) {
  Target t;
  t.last = c.m.periods() - 1;
  const Node* scale = r.get("scale");
  auto set = r.str("set", false);
  if (!scale && !set) {
    error_at(c.diag, r.node(), r.path(),
             "an input needs scale: {customer|requirement|item|demand|supplier|line|price: ID} or set: "
             "ai_fraction|erosion_loose|erosion_tight");
    return std::nullopt;
  }
  if (scale && set) {
    error_at(c.diag, *scale, r.path_of("scale"), "give scale: or set:, not both");
    return std::nullopt;
  }
  if (scale) {
    const std::string sp = r.path_of("scale");
    static const std::vector<std::string> kinds = {"customer", "requirement", "item", "demand",
                                                   "supplier", "line",        "price"};
    if (!scale->is_mapping() || scale->members.size() != 1) {
      error_at(c.diag, *scale, sp,
               "expected one of {customer: ID}, {requirement: ID}, {item: ID}, {demand: CLASS}, {supplier: ID}, {line: "
               "ID}, {price: CLASS}; got " +
                   scale->describe());
      return std::nullopt;
    }
    const Member& m = scale->members.front();
    const std::string p = sp + "." + m.key;
    // Sets the kind and, when found, what it acts on; whether it was found.
    const auto aim = [&](Target::Kind kind, const auto& id) {
      t.kind = kind;
      if (id) t.of = *id;
      return id.has_value();
    };
    bool found = false;
    if (m.key == "customer")
      found = aim(Target::Kind::kCustomerDemand, find_id(c, c.m.customers, m.value, p, "customer"));
    else if (m.key == "requirement")
      found = aim(Target::Kind::kRequirementDemand, find_id(c, c.m.requirements, m.value, p, "requirement"));
    else if (m.key == "item")
      found = aim(Target::Kind::kItemDemand, find_id(c, c.m.items, m.value, p, "item"));
    else if (m.key == "demand")
      found = aim(Target::Kind::kClassDemand, find_class(c, m.value, p));
    else if (m.key == "supplier")
      found = aim(Target::Kind::kSupplier, find_id(c, c.m.suppliers, m.value, p, "supplier"));
    else if (m.key == "line")
      found = aim(Target::Kind::kLine, find_id(c, c.m.lines, m.value, p, "line"));
    else if (m.key == "price")
      found = aim(Target::Kind::kPrice, find_class(c, m.value, p));
    else {
      error_at(c.diag, *scale, p,
               "unknown scale target \"" + m.key + "\"" + did_you_mean(m.key, kinds) +
                   "; expected customer, requirement, item, demand, supplier, line or price");
      return std::nullopt;
    }
    if (!found) return std::nullopt;
    if (const Node* f = r.get("from")) {
      auto i = read_grid_period(*f, r.path_of("from"), c.m.grid, c.diag);
      if (!i) return std::nullopt;
      t.first = *i;
    }
    if (const Node* f = r.get("to")) {
      auto i = read_grid_period(*f, r.path_of("to"), c.m.grid, c.diag);
      if (!i) return std::nullopt;
      t.last = *i;
    }
    if (t.first > t.last) {
      error_at(c.diag, r.node(), r.path(),
               "from: " + c.m.grid.label(t.first) + " is after to: " + c.m.grid.label(t.last));
      return std::nullopt;
    }
    return t;
  }
  static const std::vector<std::string> sets = {"ai_fraction", "erosion_loose", "erosion_tight"};
  if (*set == "ai_fraction") {
    t.kind = Target::Kind::kAiFraction;
    const Node* cls = r.require("class");
    if (!cls) return std::nullopt;
    auto idx = find_class(c, *cls, r.path_of("class"));
    if (!idx) return std::nullopt;
    t.of = *idx;
  } else if (*set == "erosion_loose") {
    t.kind = Target::Kind::kErosionLoose;
  } else if (*set == "erosion_tight") {
    t.kind = Target::Kind::kErosionTight;
  } else {
    error_at(c.diag, *r.get("set"), r.path_of("set"),
             "unknown parameter \"" + *set + "\"" + did_you_mean(*set, sets) +
                 "; expected ai_fraction, erosion_loose or erosion_tight");
    return std::nullopt;
  }
  return t;
}

void read_inputs(Ctx& c, const Node& list, const std::string& path) {
  for_each_item(list, path, c.diag, [&](const Node& node, const std::string& p) {
    MapReader r(node, p, c.diag);
    Input in;
    auto id = r.id("id", true);
    if (auto v = r.str("name", false)) in.name = *v;
    if (auto v = r.str("source", false)) in.source = *v;
    auto target = read_target(c, r);
    std::optional<Distribution> dist;
    if (const Node* d = r.require("distribution")) dist = read_distribution(*d, r.path_of("distribution"), c.diag);
    r.finish();
    if (!id || !target || !dist) return;
    const Node& at = *r.node().find("distribution");
    const double lo = dist->quantile(1e-9), hi = dist->quantile(1 - 1e-9);
    if (target->scales() && dist->min_value() < 0)
      error_at(c.diag, at, p + ".distribution",
               "a scale factor cannot be negative, and " + dist->describe() +
                   " can be (below 0 within 4 sd); use a lognormal or narrow it");
    else if (target->kind == Target::Kind::kAiFraction && (lo < 0 || hi > 1))
      error_at(c.diag, at, p + ".distribution",
               "an AI fraction lies in [0, 1], and " + dist->describe() + " leaves it");
    else if (!target->scales() && target->kind != Target::Kind::kAiFraction && (lo < -1 || hi > 1))
      error_at(c.diag, at, p + ".distribution",
               "an erosion rate per year lies in [-1, 1], and " + dist->describe() + " leaves it");
    for (const auto& other : c.spec.inputs)
      if (other.id == *id) error_at(c.diag, node, p, "duplicate input id \"" + *id + "\"");
    in.id = *id;
    if (in.name.empty()) in.name = in.id;
    in.target = *target;
    in.dist = *dist;
    c.spec.inputs.push_back(std::move(in));
  });
}

// One of: short: [ITEMS] with after: PERIOD; shipments: CLASS with year: YEAR; value: YEAR; share: YEAR;
// the last three with below: or above:.
void read_events(Ctx& c, const Node& list, const std::string& path) {
  for_each_item(list, path, c.diag, [&](const Node& node, const std::string& p) {
    MapReader r(node, p, c.diag);
    Event e;
    auto id = r.id("id", true);
    if (auto v = r.str("name", false)) e.name = *v;
    bool ok = id.has_value();
    if (const Node* s = r.get("short")) {
      e.kind = Event::Kind::kShort;
      for_each_item(*s, r.path_of("short"), c.diag, [&](const Node& item, const std::string& ip) {
        if (auto i = find_id(c, c.m.items, item, ip, "item"))
          e.items.push_back(*i);
        else
          ok = false;
      });
      if (const Node* a = r.require("after")) {
        auto i = read_grid_period(*a, r.path_of("after"), c.m.grid, c.diag);
        if (i)
          e.after = *i;
        else
          ok = false;
      } else {
        ok = false;
      }
    } else {
      const Node* sh = r.get("shipments");
      const bool value = r.get("value") != nullptr, share = r.get("share") != nullptr;
      if (sh) {
        e.kind = Event::Kind::kShipments;
        if (auto i = find_class(c, *sh, r.path_of("shipments")))
          e.cls = *i;
        else
          ok = false;
      } else if (value) {
        e.kind = Event::Kind::kValue;
      } else if (share) {
        e.kind = Event::Kind::kShare;
      } else {
        error_at(c.diag, node, p,
                 "an event needs one of short: [ITEMS] (with after: PERIOD), shipments: CLASS (with year: YEAR), "
                 "value: YEAR or share: YEAR (the last three with below: or above:)");
        r.finish();
        return;
      }
      // value: YEAR and share: YEAR name their year; shipments: CLASS takes year:.
      const char* year_key = sh ? "year" : value ? "value" : "share";
      if (const Node* y = r.require(year_key)) {
        if (auto v = read_calendar_year(c, *y, r.path_of(year_key)))
          e.year = *v;
        else
          ok = false;
      } else {
        ok = false;
      }
      const Node* below = r.get("below");
      const Node* above = r.get("above");
      if (!below == !above) {
        error_at(c.diag, node, p, "an event needs exactly one of below: or above:");
        ok = false;
      } else {
        const Node& n = below ? *below : *above;
        const std::string tp = r.path_of(below ? "below" : "above");
        e.below = below != nullptr;
        std::optional<double> v;
        if (e.kind == Event::Kind::kValue) {
          if (auto q = read_quantity(n, tp, c.diag, parse_money)) v = q->value();
        } else {
          v = read_number(n, tp, c.diag, 0, e.kind == Event::Kind::kShare ? 1 : 1e15);
        }
        if (v)
          e.threshold = *v;
        else
          ok = false;
      }
    }
    r.finish();
    if (!ok) return;
    e.id = *id;
    if (e.name.empty()) e.name = e.id;
    c.spec.events.push_back(std::move(e));
  });
}

}  // namespace

std::optional<MarketSpec> read_market(MapReader& r, const supply::Model& model) {
  Diagnostics& diag = r.diag();
  const size_t before = diag.size();
  MarketSpec spec;
  Ctx c{r, model, diag, spec};
  if (model.periods() > 0) {
    c.first_year = model.grid.year(0);
    c.last_year = model.grid.year(model.periods() - 1);
  }
  spec.focus_year = c.last_year;
  if (auto v = r.str("source", false)) spec.sources.push_back({"market", *v});
  if (auto v = r.integer("runs", false, 1, 1000000)) spec.runs = static_cast<int>(*v);
  if (auto v = r.integer("seed", false, 0, INT64_MAX)) spec.seed = static_cast<uint64_t>(*v);
  if (auto v = r.number("scarcity_premium", false, 0, 10)) spec.premium = *v;
  if (const Node* y = r.get("focus_year"))
    if (auto v = read_calendar_year(c, *y, r.path_of("focus_year"))) spec.focus_year = *v;
  if (const Node* u = r.get("uncertainty")) {
    MapReader ur(*u, r.path_of("uncertainty"), diag);
    if (auto v = ur.number("demand", false, 0, 3)) spec.demand_sd = *v;
    if (auto v = ur.number("supply", false, 0, 3)) spec.supply_sd = *v;
    if (auto v = ur.str("source", false)) spec.sources.push_back({"market uncertainty", *v});
    ur.finish();
  }
  if (const Node* e = r.get("erosion")) {
    MapReader er(*e, r.path_of("erosion"), diag);
    if (auto v = er.number("loose", true, -1, 1)) spec.erosion_loose = *v;
    if (auto v = er.number("tight", true, -1, 1)) spec.erosion_tight = *v;
    if (auto v = er.number("full_at", false, 1e-6, 100)) spec.erosion_full_at = *v;
    if (auto v = er.str("source", false)) spec.sources.push_back({"market erosion", *v});
    er.finish();
  }
  const size_t before_classes = diag.size();
  if (const Node* cl = r.require("classes")) read_classes(c, *cl, r.path_of("classes"));
  if (diag.size() == before_classes) {  // inputs and events name classes
    if (const Node* in = r.get("inputs")) read_inputs(c, *in, r.path_of("inputs"));
    if (const Node* ev = r.get("events")) read_events(c, *ev, r.path_of("events"));
  } else {
    (void)r.get("inputs"), (void)r.get("events");
  }
  r.finish();
  if (diag.size() != before) return std::nullopt;
  return spec;
}

}  // namespace opticplan::market
