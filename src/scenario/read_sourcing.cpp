#include "opticplan/scenario/read_sourcing.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "lead_time.h"
#include "opticplan/scenario/read_distribution.h"
#include "read_supply/order_tables.h"

namespace opticplan::source {

namespace {

// Names sorted, so that dense ids follow the names and not the file.
struct Names {
  std::vector<std::string> sorted;
  std::map<std::string, int> index;
  void add(const std::string& name) { index.emplace(name, 0); }
  void seal() {
    for (auto& [name, i] : index) {
      i = static_cast<int>(sorted.size());
      sorted.push_back(name);
    }
  }
  std::optional<int> find(const std::string& name) const {
    auto it = index.find(name);
    return it == index.end() ? std::nullopt : std::optional<int>(it->second);
  }
};

class SourcingReader {
 public:
  SourcingReader(const catalog::Catalog& cat, const fabric::ClusterInput* cluster, const LoadedFiles* files,
                 Diagnostics& diag)
      : cat_(cat), scenario_cluster_(cluster), files_(files), diag_(diag) {}

  std::optional<Problem> read(MapReader& top);

 private:
  std::optional<int> period(const Node& n, const std::string& path);
  std::optional<double> money(const Node& n, const std::string& path);
  std::optional<std::vector<double>> per_period(MapReader& r, std::string_view key, bool required, bool is_money);
  std::optional<Disruption> disruption(const Node& n, const std::string& path);
  std::optional<int> ref(const Node& n, const std::string& path, const Names& names, const char* what);
  void collect_ids(MapReader& top);
  void read_items(MapReader& top);
  void read_cluster(MapReader& top);
  void read_upstream(MapReader& top);
  void read_suppliers(MapReader& top);
  void read_offer(const Node& node, const std::string& path, int supplier);
  void read_agreements(MapReader& top);
  void read_history(MapReader& top);
  void read_risk(MapReader& top);
  std::optional<int> offer_of(int supplier, int item) const;
  void note_source(MapReader& r, const std::string& what);

  const catalog::Catalog& cat_;
  const fabric::ClusterInput* scenario_cluster_;
  const LoadedFiles* files_;
  Diagnostics& diag_;
  std::optional<PeriodGrid> grid_;
  Names items_, suppliers_, upstream_;
  std::map<std::string, double> cluster_modules_;  // from the cluster's modules: or its fabric
  const Node* cluster_node_ = nullptr;
  Problem p_;
  std::set<std::pair<int, int>> offered_;
};

std::optional<int> SourcingReader::period(const Node& n, const std::string& path) {
  if (!grid_) {
    if (auto text = read_string(n, path, diag_))
      if (auto q = parse_period(*text); !q) error_at(diag_, n, path, q.error());
    return std::nullopt;
  }
  return read_grid_period(n, path, *grid_, diag_);
}

std::optional<double> SourcingReader::money(const Node& n, const std::string& path) {
  auto v = read_quantity(n, path, diag_, parse_money);
  if (!v) return std::nullopt;
  if (v->value() < 0 || !std::isfinite(v->value())) {
    error_at(diag_, n, path, "expected an amount of money of 0 or more, got \"" + n.text + "\"");
    return std::nullopt;
  }
  return v->value();
}

// One value for every period, or {PERIOD: value, ...}: each value holds from its period to the
// next one named. Before the first one named a price is an error and a capacity is 0.
std::optional<std::vector<double>> SourcingReader::per_period(MapReader& r, std::string_view key, bool required,
                                                              bool is_money) {
  const Node* n = required ? r.require(key) : r.get(key);
  if (!n) return std::nullopt;
  r.mark_numeric(key);
  const std::string path = r.path_of(key);
  const auto value = [&](const Node& v, const std::string& at) -> std::optional<double> {
    if (is_money) return money(v, at);
    return read_number(v, at, diag_, 0, 1e12);
  };
  const size_t periods = grid_ ? static_cast<size_t>(grid_->count()) : 0;
  if (!n->is_mapping()) {
    auto v = value(*n, path);
    if (!v) return std::nullopt;
    return std::vector<double>(periods, *v);
  }
  std::map<int, double> given;
  bool ok = true;
  for (const auto& m : n->members) {
    Node key_node = m.value;
    key_node.kind = Node::Kind::kScalar;
    key_node.text = m.key;
    key_node.quoted = true;
    auto t = period(key_node, path + "." + m.key);
    auto v = value(m.value, path + "." + m.key);
    if (!t || !v) {
      ok = false;
      continue;
    }
    given[*t] = *v;
  }
  if (!ok || !grid_) return std::nullopt;
  if (given.empty() || (is_money && given.begin()->first != 0)) {
    error_at(diag_, *n, path,
             "a price by period must start at the calendar's first period, " + grid_->label(0) +
                 " (or give one value for every period)");
    return std::nullopt;
  }
  std::vector<double> out(periods, 0.0);
  for (auto it = given.begin(); it != given.end(); ++it) {
    const auto next = std::next(it);
    const size_t end = next == given.end() ? periods : static_cast<size_t>(next->first);
    for (auto t = static_cast<size_t>(it->first); t < end; ++t) out[t] = it->second;
  }
  return out;
}

std::optional<Disruption> SourcingReader::disruption(const Node& n, const std::string& path) {
  MapReader r(n, path, diag_);
  Disruption d;
  bool ok = r.ok();
  if (auto v = r.number("probability", true, 0, 1))
    d.probability = *v;
  else
    ok = false;
  for (const char* key : {"depth", "duration"}) {
    const Node* v = r.get(key);
    if (!v) continue;
    r.mark_numeric(key);
    auto dist = market::read_distribution(*v, r.path_of(key), diag_);
    if (!dist) {
      ok = false;
      continue;
    }
    const bool depth = std::string_view(key) == "depth";
    if (depth && (dist->min_value() < 0 || dist->quantile(0.999) > 1)) {
      error_at(diag_, *v, r.path_of(key),
               "a depth is the share of output lost, between 0 and 1, got " + dist->describe());
      ok = false;
      continue;
    }
    if (!depth && dist->quantile(0.5) < 0.5) {
      error_at(diag_, *v, r.path_of(key), "a duration is in periods, at least 1, got " + dist->describe());
      ok = false;
      continue;
    }
    (depth ? d.depth : d.duration) = *dist;
  }
  r.get("source");
  r.finish();
  return ok ? std::optional<Disruption>(d) : std::nullopt;
}

std::optional<int> SourcingReader::ref(const Node& n, const std::string& path, const Names& names, const char* what) {
  auto id = read_id(n, path, diag_);
  if (!id) return std::nullopt;
  if (auto i = names.find(*id)) return i;
  error_at(diag_, n, path, std::string("unknown ") + what + " \"" + *id + "\"" + did_you_mean(*id, names.sorted));
  return std::nullopt;
}

// The ids of items, suppliers and upstream vendors, before anything refers to them.
void SourcingReader::collect_ids(MapReader& top) {
  const auto collect = [&](const char* key, Names& names, const char* what) {
    const Node* list = top.get(key);
    if (!list || !list->is_sequence()) return;
    for (size_t i = 0; i < list->items.size(); ++i) {
      const Node& e = list->items[i];
      const Node* id = e.is_mapping() ? e.find("id") : nullptr;
      if (!id || !id->is_scalar()) continue;
      if (names.index.count(id->text))
        error_at(diag_, *id, top.path_of(key) + "[" + std::to_string(i) + "].id",
                 std::string("duplicate ") + what + " \"" + id->text + "\"");
      names.add(id->text);
    }
  };
  collect("items", items_, "item");
  collect("suppliers", suppliers_, "supplier");
  collect("upstream", upstream_, "upstream vendor");
  if ((cluster_node_ = top.get("cluster")) && cluster_node_->is_mapping()) {
    if (const Node* mods = cluster_node_->find("modules"); mods && mods->is_mapping()) {
      for (const auto& m : mods->members) items_.add(m.key);
    } else if (!cluster_node_->find("modules") && scenario_cluster_) {
      auto f = fabric::build_fabric(cat_, *scenario_cluster_);
      if (f && f->bom)
        for (const auto& [module, count] : f->bom->transceivers) {
          items_.add(module);
          cluster_modules_[module] = static_cast<double>(count);
        }
    }
  }
  items_.seal();
  suppliers_.seal();
  upstream_.seal();
}

void SourcingReader::read_items(MapReader& top) {
  const size_t periods = grid_ ? static_cast<size_t>(grid_->count()) : 0;
  p_.items = items_.sorted;
  p_.need.assign(p_.items.size(), std::vector<double>(periods, 0.0));
  p_.lateness_cost.assign(p_.items.size(), 0.0);
  p_.shortage_cost.assign(p_.items.size(), -1.0);  // -1: not given (read() sets the default)
  const Node* list = top.get("items");
  if (!list) return;
  for_each_item(*list, top.path_of("items"), diag_, [&](const Node& node, const std::string& path) {
    MapReader r(node, path, diag_);
    auto id = r.id("id", true);
    const Node* needs = r.get("needs");
    const Node* late = needs ? r.require("lateness_cost") : r.get("lateness_cost");
    r.mark_numeric("lateness_cost");
    const Node* shortage = r.get("shortage_cost");
    r.mark_numeric("shortage_cost");
    if (id) note_source(r, "item " + *id);
    r.get("source");
    r.finish();
    if (!id) return;
    const auto i = static_cast<size_t>(*items_.find(*id));
    if (late)
      if (auto v = money(*late, r.path_of("lateness_cost"))) p_.lateness_cost[i] = *v;
    if (shortage)
      if (auto v = money(*shortage, r.path_of("shortage_cost"))) p_.shortage_cost[i] = *v;
    if (!needs) return;
    if (!needs->is_mapping()) {
      error_at(diag_, *needs, r.path_of("needs"),
               "expected units due by period, e.g. {2026Q3: 20000}, got " + needs->describe());
      return;
    }
    for (const auto& m : needs->members) {
      Node key_node = m.value;
      key_node.kind = Node::Kind::kScalar;
      key_node.text = m.key;
      key_node.quoted = true;
      const std::string at = r.path_of("needs") + "." + m.key;
      auto t = period(key_node, at);
      auto v = read_number(m.value, at, diag_, 0, 1e12);
      if (t && v) p_.need[i][static_cast<size_t>(*t)] += *v;
    }
  });
}

void SourcingReader::read_cluster(MapReader&) {
  if (!cluster_node_) return;
  MapReader r(*cluster_node_, "sourcing.cluster", diag_);
  Cluster c;
  if (auto v = r.str("name", false)) c.name = *v;
  const Node* gl = r.require("go_live");
  std::optional<int> go_live;
  if (gl) go_live = period(*gl, r.path_of("go_live"));
  const Node* idle = r.get("idle_cost");
  const Node* hour = r.get("gpu_hour_cost");
  const Node* gpus = r.get("gpus");
  r.mark_numeric("idle_cost");
  r.mark_numeric("gpu_hour_cost");
  r.mark_numeric("gpus");
  std::optional<double> gpu_count;
  if (gpus) gpu_count = read_number(*gpus, r.path_of("gpus"), diag_, 1, 1e9);
  const Node* mods = r.get("modules");
  if (mods) {
    if (!mods->is_mapping()) {
      error_at(
          diag_, *mods, r.path_of("modules"),
          "expected units of each module the cluster needs, e.g. {osfp-1.6t-dr8-siph: 65536}, got " + mods->describe());
    } else {
      for (const auto& m : mods->members)
        if (auto v = read_number(m.value, r.path_of("modules") + "." + m.key, diag_, 0, 1e12))
          cluster_modules_[m.key] = *v;
    }
  } else if (!scenario_cluster_) {
    error_at(diag_, *cluster_node_, "sourcing.cluster",
             "give the cluster's modules: (units of each module) or a top-level cluster: section to size it");
  } else {
    auto f = fabric::build_fabric(cat_, *scenario_cluster_);
    if (!f || !f->bom)
      error_at(diag_, *cluster_node_, "sourcing.cluster",
               "the scenario's cluster has no optics bill of materials: " + (f ? f->bom_note : f.error()));
    else if (!gpu_count)
      gpu_count = static_cast<double>(f->topology.gpus);
  }
  if (idle && hour) error_at(diag_, *hour, r.path_of("gpu_hour_cost"), "give idle_cost or gpu_hour_cost, not both");
  if (!idle && !hour)
    error_at(diag_, *cluster_node_, "sourcing.cluster",
             "missing the cost of an idle cluster: idle_cost (per period) or gpu_hour_cost (per GPU-hour, with gpus:)");
  if (hour && !gpu_count && mods)
    error_at(diag_, *hour, r.path_of("gpu_hour_cost"), "gpu_hour_cost needs the cluster's gpus:");
  note_source(r, "cluster");
  r.finish();
  if (!go_live || !grid_) return;
  c.go_live = *go_live;
  if (idle) {
    if (auto v = money(*idle, r.path_of("idle_cost"))) c.idle_cost = *v;
  } else if (hour && gpu_count) {
    const double hours = (grid_->start(c.go_live + 1).days - grid_->start(c.go_live).days) * 24.0;
    if (auto v = money(*hour, r.path_of("gpu_hour_cost"))) c.idle_cost = *v * *gpu_count * hours;
  }
  c.units.assign(p_.items.size(), 0.0);
  for (const auto& [module, units] : cluster_modules_)
    if (auto i = items_.find(module)) {
      p_.need[static_cast<size_t>(*i)][static_cast<size_t>(c.go_live)] += units;
      c.units[static_cast<size_t>(*i)] += units;
    }
  p_.cluster = c;
}

void SourcingReader::read_upstream(MapReader& top) {
  p_.upstream.resize(upstream_.sorted.size());
  const Node* list = top.get("upstream");
  if (!list) return;
  for_each_item(*list, top.path_of("upstream"), diag_, [&](const Node& node, const std::string& path) {
    MapReader r(node, path, diag_);
    auto id = r.id("id", true);
    Upstream u;
    if (auto v = r.str("kind", false)) u.kind = *v;
    if (const Node* d = r.get("disruption"))
      if (auto v = disruption(*d, r.path_of("disruption"))) u.disruption = *v;
    if (id) note_source(r, "upstream " + *id);
    r.finish();
    if (!id) return;
    u.id = *id;
    p_.upstream[static_cast<size_t>(*upstream_.find(*id))] = u;
  });
}

void SourcingReader::read_suppliers(MapReader& top) {
  p_.suppliers.resize(suppliers_.sorted.size());
  const Node* list = top.require("suppliers");
  if (!list) return;
  for_each_item(*list, top.path_of("suppliers"), diag_, [&](const Node& node, const std::string& path) {
    MapReader r(node, path, diag_);
    auto id = r.id("id", true);
    Supplier s;
    if (const Node* d = r.get("disruption")) {
      s.disruption_given = true;
      if (auto v = disruption(*d, r.path_of("disruption"))) s.disruption = *v;
    }
    const Node* offers = r.require("offers");
    if (id) note_source(r, "supplier " + *id);
    r.finish();
    if (!id) return;
    s.id = *id;
    const int index = *suppliers_.find(*id);
    p_.suppliers[static_cast<size_t>(index)] = s;
    if (offers)
      for_each_item(*offers, r.path_of("offers"), diag_,
                    [&](const Node& o, const std::string& at) { read_offer(o, at, index); });
  });
}

void SourcingReader::read_offer(const Node& node, const std::string& path, int supplier) {
  MapReader r(node, path, diag_);
  Offer o;
  o.supplier = supplier;
  const Node* item = r.require("item");
  std::optional<int> i;
  if (item) i = ref(*item, r.path_of("item"), items_, "item");
  auto price = per_period(r, "price", true, true);
  auto spot_price = per_period(r, "spot_price", false, true);
  auto capacity = per_period(r, "capacity", true, false);
  auto spot_capacity = per_period(r, "spot_capacity", false, false);
  if (r.has("spot_capacity") && !r.has("spot_price"))
    error_at(diag_, node, path, "spot_capacity needs the spot_price it sells at");
  bool ok = true;
  if (auto v = r.boolean("qualified", false)) o.qualified = *v;
  if (const Node* q = r.get("qualify")) {
    MapReader qr(*q, r.path_of("qualify"), diag_);
    if (const Node* lt = qr.require("lead_time")) {
      if (auto v = read_lead_periods(*lt, qr.path_of("lead_time"), grid_ ? &*grid_ : nullptr, diag_))
        o.qualify_periods = *v;
      else
        ok = false;
    }
    qr.mark_numeric("cost");
    if (const Node* c = qr.require("cost")) {
      if (auto v = money(*c, qr.path_of("cost")))
        o.qualify_cost = *v;
      else
        ok = false;
    }
    qr.finish();
    if (o.qualified && r.has("qualified"))
      error_at(diag_, *q, r.path_of("qualify"), "a qualified offer needs no qualify: (say qualified: false)");
    o.qualified = false;
  } else if (!o.qualified) {
    error_at(diag_, node, path, "an offer that is not qualified needs qualify: {lead_time, cost} to become so");
    ok = false;
  }
  if (const Node* ups = r.get("upstream"))
    for_each_item(*ups, r.path_of("upstream"), diag_, [&](const Node& u, const std::string& at) {
      if (auto k = ref(u, at, upstream_, "upstream vendor")) o.upstream.push_back(*k);
    });
  std::sort(o.upstream.begin(), o.upstream.end());
  o.upstream.erase(std::unique(o.upstream.begin(), o.upstream.end()), o.upstream.end());
  if (auto v = r.number("yield", false, 1e-6, 1)) {
    o.yield = *v;
    o.yield_given = true;
  }
  r.mark_numeric("yield");
  if (item && item->is_scalar())
    note_source(r, "offer " + suppliers_.sorted[static_cast<size_t>(supplier)] + " " + item->text);
  r.get("source");
  r.finish();
  if (!i || !price || !capacity || (r.has("spot_price") && !spot_price) || (r.has("spot_capacity") && !spot_capacity) ||
      !ok)
    return;
  if (!offered_.insert({supplier, *i}).second) {
    error_at(diag_, node, path,
             "a second offer of \"" + items_.sorted[static_cast<size_t>(*i)] + "\" by this supplier: give one");
    return;
  }
  const size_t periods = price->size();
  o.item = *i;
  o.price = *price;
  o.capacity = *capacity;
  o.spot_price = spot_price ? *spot_price : std::vector<double>(periods, 0.0);
  o.spot_capacity = spot_capacity ? *spot_capacity : std::vector<double>(periods, 0.0);
  p_.offers.push_back(std::move(o));
}

void SourcingReader::note_source(MapReader& r, const std::string& what) {
  if (const Node* n = r.get("source"); n && n->is_scalar()) p_.sources.emplace_back(what, n->text);
}

std::optional<int> SourcingReader::offer_of(int supplier, int item) const {
  for (size_t o = 0; o < p_.offers.size(); ++o)
    if (p_.offers[o].supplier == supplier && p_.offers[o].item == item) return static_cast<int>(o);
  return std::nullopt;
}

void SourcingReader::read_agreements(MapReader& top) {
  const Node* list = top.get("agreements");
  if (!list) return;
  std::set<std::string> seen;
  for_each_item(*list, top.path_of("agreements"), diag_, [&](const Node& node, const std::string& path) {
    MapReader r(node, path, diag_);
    Agreement a;
    auto id = r.id("id", true);
    std::optional<int> s, i;
    if (const Node* n = r.require("supplier")) s = ref(*n, r.path_of("supplier"), suppliers_, "supplier");
    if (const Node* n = r.require("item")) i = ref(*n, r.path_of("item"), items_, "item");
    auto volume = r.number("volume", true, 0, 1e12);
    r.mark_numeric("volume");
    std::optional<double> price, penalty;
    r.mark_numeric("price");
    r.mark_numeric("penalty");
    if (const Node* n = r.require("price")) price = money(*n, r.path_of("price"));
    if (auto v = r.number("min_take", false, 0, 1)) a.min_take = *v;
    r.mark_numeric("min_take");
    if (const Node* n = r.get("penalty")) penalty = money(*n, r.path_of("penalty"));
    if (a.min_take > 0 && !r.has("penalty"))
      error_at(diag_, node, path, "a min_take needs the penalty a unit short of it costs");
    if (const Node* n = r.get("from"))
      if (auto t = period(*n, r.path_of("from"))) a.first = *t;
    if (const Node* n = r.get("to"))
      if (auto t = period(*n, r.path_of("to"))) a.last = *t;
    if (a.first > a.last) error_at(diag_, node, path, "the agreement's term ends (to:) before it starts (from:)");
    if (id) note_source(r, "agreement " + *id);
    r.finish();
    if (!id || !s || !i || !volume || !price) return;
    if (!seen.insert(*id).second) {
      error_at(diag_, node, path, "duplicate agreement \"" + *id + "\"");
      return;
    }
    const auto offer = offer_of(*s, *i);
    if (!offer) {
      error_at(diag_, node, path,
               "supplier \"" + suppliers_.sorted[static_cast<size_t>(*s)] + "\" does not offer \"" +
                   items_.sorted[static_cast<size_t>(*i)] + "\": an agreement is on an offer");
      return;
    }
    a.id = *id;
    a.offer = *offer;
    a.volume = *volume;
    a.price = *price;
    a.penalty = penalty.value_or(0);
    p_.agreements.push_back(a);
  });
}

// deliveries: and quality: each a CSV or XLSX file (or a list of them) beside the scenario.
void SourcingReader::read_history(MapReader& top) {
  const Node* h = top.get("history");
  if (!h) return;
  MapReader r(*h, top.path_of("history"), diag_);
  static const supply::detail::TableColumns kDeliveries{
      {"supplier", "item", "quantity", "ordered", "promised", "delivered", "delivered_quantity"},
      {"supplier", "item", "quantity", "promised", "delivered", "delivered_quantity"},
      "supplier, item, quantity, ordered (optional), promised, delivered, delivered_quantity",
      "give no history where files cannot be read"};
  static const supply::detail::TableColumns kQuality{{"supplier", "item", "lot", "tested", "failed"},
                                                     {"supplier", "item", "tested", "failed"},
                                                     "supplier, item, lot (optional), tested, failed",
                                                     "give no history where files cannot be read"};
  const auto date = [&](const Node& row, MapReader& rr, const char* key, bool required) -> std::optional<int> {
    const Node* n = required ? rr.require(key) : rr.get(key);
    if (!n) return std::nullopt;
    auto text = read_string(*n, rr.path_of(key), diag_);
    if (!text) return std::nullopt;
    auto d = parse_date(*text);
    if (!d) {
      error_at(diag_, *n, rr.path_of(key), d.error());
      return std::nullopt;
    }
    (void)row;
    return d->days;
  };
  const auto tables = [&](const char* key, const supply::detail::TableColumns& cols, auto&& row_fn) {
    for (const char* suffix : {"_csv", "_xlsx"}) {
      const std::string k = std::string(key) + suffix;
      const Node* n = r.get(k);
      if (!n) continue;
      const bool xlsx = std::string_view(suffix) == "_xlsx";
      const auto one = [&](const Node& entry, const std::string& path) {
        auto table = supply::detail::load_table(entry, path, xlsx, files_, diag_, cols);
        if (!table) return;
        for (size_t i = 0; i < table->rows.items.size(); ++i)
          row_fn(table->rows.items[i], table->file + "[" + std::to_string(i) + "]");
      };
      if (n->is_sequence())
        for_each_item(*n, r.path_of(k), diag_, one);
      else
        one(*n, r.path_of(k));
    }
  };
  tables("deliveries", kDeliveries, [&](const Node& row, const std::string& at) {
    MapReader rr(row, at, diag_);
    DeliveryRecord d;
    std::optional<int> s, i;
    if (const Node* n = rr.require("supplier")) s = ref(*n, rr.path_of("supplier"), suppliers_, "supplier");
    if (const Node* n = rr.require("item")) i = ref(*n, rr.path_of("item"), items_, "item");
    auto q = rr.number("quantity", true, 0, 1e12);
    auto dq = rr.number("delivered_quantity", true, 0, 1e12);
    auto ordered = date(row, rr, "ordered", false);
    auto promised = date(row, rr, "promised", true);
    auto delivered = date(row, rr, "delivered", true);
    rr.finish();
    if (!s || !i || !q || !dq || !promised || !delivered) return;
    if (!offered_.count({*s, *i})) {
      error_at(diag_, row, at,
               "supplier \"" + suppliers_.sorted[static_cast<size_t>(*s)] + "\" does not offer \"" +
                   items_.sorted[static_cast<size_t>(*i)] + "\" (history is kept for the offers)");
      return;
    }
    if (ordered && (*promised < *ordered || *delivered < *ordered)) {
      error_at(
          diag_, row, at,
          "dates out of order: ordered " + format(Date{*ordered}) + " is after " +
              (*promised < *ordered ? "promised " + format(Date{*promised}) : "delivered " + format(Date{*delivered})));
      return;
    }
    d.supplier = *s;
    d.item = *i;
    d.quantity = *q;
    d.delivered = *dq;
    d.promised = *promised;
    d.delivered_on = *delivered;
    d.ordered = ordered;
    p_.deliveries.push_back(d);
  });
  tables("quality", kQuality, [&](const Node& row, const std::string& at) {
    MapReader rr(row, at, diag_);
    QualityRecord q;
    std::optional<int> s, i;
    if (const Node* n = rr.require("supplier")) s = ref(*n, rr.path_of("supplier"), suppliers_, "supplier");
    if (const Node* n = rr.require("item")) i = ref(*n, rr.path_of("item"), items_, "item");
    rr.get("lot");
    auto tested = rr.number("tested", true, 0, 1e12);
    auto failed = rr.number("failed", true, 0, 1e12);
    rr.finish();
    if (!s || !i || !tested || !failed) return;
    if (*failed > *tested) {
      error_at(diag_, row, at,
               "failed (" + format_number(*failed, 0) + ") is more than tested (" + format_number(*tested, 0) + ")");
      return;
    }
    if (!offered_.count({*s, *i})) {
      error_at(diag_, row, at,
               "supplier \"" + suppliers_.sorted[static_cast<size_t>(*s)] + "\" does not offer \"" +
                   items_.sorted[static_cast<size_t>(*i)] + "\" (history is kept for the offers)");
      return;
    }
    q.supplier = *s;
    q.item = *i;
    q.tested = *tested;
    q.failed = *failed;
    p_.quality.push_back(q);
  });
  r.finish();
}

void SourcingReader::read_risk(MapReader& top) {
  const Node* n = top.get("risk");
  if (!n) return;
  MapReader r(*n, top.path_of("risk"), diag_);
  Risk& k = p_.risk;
  if (auto v = r.integer("scenarios", false, 1, 5000)) k.scenarios = static_cast<int>(*v);
  if (auto v = r.integer("evaluation", false, 1, 1000000)) k.evaluation = static_cast<int>(*v);
  if (auto v = r.integer("seed", false, 0, INT64_MAX)) k.seed = static_cast<uint64_t>(*v);
  if (auto v = r.number("cvar_level", false, 0.5, 0.999)) k.cvar_level = *v;
  if (auto v = r.number("cvar_weight", false, 0, 100)) k.cvar_weight = *v;
  if (const Node* f = r.get("frontier")) {
    k.frontier.clear();
    for_each_item(*f, r.path_of("frontier"), diag_, [&](const Node& w, const std::string& at) {
      if (auto v = read_number(w, at, diag_, 0, 100)) k.frontier.push_back(*v);
    });
  }
  r.finish();
}

std::optional<Problem> SourcingReader::read(MapReader& top) {
  const size_t before = diag_.size();
  if (const Node* c = top.require("calendar")) {
    MapReader r(*c, top.path_of("calendar"), diag_);
    const Node* start = r.require("start");
    auto count = r.integer("periods", true, 1, 520);
    r.finish();
    if (start && count)
      if (auto text = read_string(*start, r.path_of("start"), diag_)) {
        if (auto q = parse_period(*text))
          grid_ = PeriodGrid(q->grain, q->start, static_cast<int>(*count));
        else
          error_at(diag_, *start, r.path_of("start"), q.error());
      }
  }
  collect_ids(top);
  if (grid_)
    for (int t = 0; t < grid_->count(); ++t) p_.periods.push_back(grid_->label(t));
  read_items(top);
  read_cluster(top);
  read_upstream(top);
  read_suppliers(top);
  std::sort(p_.offers.begin(), p_.offers.end(),
            [](const Offer& a, const Offer& b) { return std::tie(a.item, a.supplier) < std::tie(b.item, b.supplier); });
  read_agreements(top);
  std::sort(p_.agreements.begin(), p_.agreements.end(),
            [](const Agreement& a, const Agreement& b) { return a.id < b.id; });
  read_history(top);
  read_risk(top);
  top.get("source");
  top.finish();
  if (diag_.size() != before) return std::nullopt;
  for (size_t i = 0; i < p_.items.size(); ++i)
    if (p_.shortage_cost[i] < 0) p_.shortage_cost[i] = p_.lateness_cost[i] * static_cast<double>(p_.periods.size());
  // Every item with a need must be offered by someone: nothing else could meet it.
  for (size_t i = 0; i < p_.items.size(); ++i) {
    double need = 0;
    for (double x : p_.need[i]) need += x;
    bool offered = false;
    for (const auto& o : p_.offers) offered = offered || static_cast<size_t>(o.item) == i;
    if (need > 0 && !offered)
      error_at(diag_, top.node(), "sourcing",
               "no supplier offers \"" + p_.items[i] + "\", which needs " + format_number(need, 0) + " units");
  }
  if (diag_.size() != before) return std::nullopt;
  return std::move(p_);
}

}  // namespace

std::optional<Problem> read_sourcing(MapReader& r, const catalog::Catalog& cat,
                                     const fabric::ClusterInput* scenario_cluster, const LoadedFiles* files) {
  return SourcingReader(cat, scenario_cluster, files, r.diag()).read(r);
}

}  // namespace opticplan::source
