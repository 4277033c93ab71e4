#include "opticplan/supply/generate.h"

#include <algorithm>
#include <random>
#include <string>

namespace opticplan::supply {

namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  int below(int n) { return static_cast<int>(g_() % static_cast<uint64_t>(n)); }  // 0..n-1
  double unit() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }           // [0, 1)

 private:
  std::mt19937_64 g_;
};

// The generator numbers its entries with ints (it does arithmetic on them); these name them.
ItemId item_at(int i) { return ItemId::from(static_cast<size_t>(i)); }
LineId line_at(int l) { return LineId::from(static_cast<size_t>(l)); }

}  // namespace

Model generate_supply(const GenOptions& o) {
  Rng rng(o.seed);
  Model m;
  const int T = std::max(1, o.periods);
  m.grid = PeriodGrid(Granularity::kWeek, monday_of(IsoWeek{2026, 1}), T);
  const int n_items = std::max(10, o.items);
  const int n_modules = n_items / 2, n_engines = n_items / 5, n_parts = n_items - n_modules - n_engines;
  const int n_lines = std::max(2, n_items / 20);
  // Lines: the first half assemble modules, the second align engines.
  for (int l = 0; l < n_lines; ++l)
    m.lines.push_back({(l < n_lines / 2 ? "assembly-" : "align-") + std::to_string(l), {}});
  // Parts, bought from one or two suppliers.
  const int parts0 = 0, engines0 = n_parts, modules0 = n_parts + n_engines;
  // A second source for a line (another part, same quantity), drawn only when asked for, so the
  // models without second sources keep their random sequence.
  const auto second_source = [&](BomLine& line) {
    if (o.second_sources <= 0 || rng.unit() >= o.second_sources) return;
    const int first = static_cast<int>(line.first().item.v) - parts0;
    BomPart second;
    second.item = item_at(parts0 + (first + 1 + rng.below(n_parts - 1)) % n_parts);
    second.qty = line.first().qty;
    line.parts.push_back(second);
  };
  // A route on a line, one period from start to finish (the draws in the order they always were).
  const auto route = [&](int line, double yield) {
    Route r;
    r.line = line_at(line);
    r.lead_time = 1;
    r.yield = yield;
    return r;
  };
  // A second route on another line of the same kind (a second site: a period slower, a lower
  // yield), drawn only when asked for.
  const auto second_route = [&](Item& it, int lines0, int n) {
    if (o.alternate_routes <= 0 || n < 2 || rng.unit() >= o.alternate_routes) return;
    const int first = static_cast<int>(it.routes.front().line.v) - lines0;
    Route r = route(lines0 + (first + 1 + rng.below(n - 1)) % n, it.routes.front().yield * 0.95);
    r.lead_time = 2;
    it.routes.push_back(r);
  };
  for (int i = 0; i < n_parts; ++i) {
    Item part;
    part.id = "part-" + std::to_string(i);
    m.items.push_back(std::move(part));
  }
  for (int i = 0; i < n_engines; ++i) {
    Item it;
    it.id = "engine-" + std::to_string(i);
    const int line = n_lines / 2 + rng.below(n_lines - n_lines / 2);
    it.routes.push_back(route(line, 0.9 + 0.1 * rng.unit()));
    it.bom.push_back({item_at(parts0 + rng.below(n_parts)), static_cast<double>(1 + rng.below(8))});  // lasers
    it.bom.push_back({item_at(parts0 + rng.below(n_parts)), 1});                                      // PIC
    second_source(it.bom[0]);
    second_route(it, n_lines / 2, n_lines - n_lines / 2);
    m.items.push_back(std::move(it));
  }
  for (int i = 0; i < n_modules; ++i) {
    Item it;
    it.id = "module-" + std::to_string(i);
    const int line = rng.below(std::max(1, n_lines / 2));
    it.routes.push_back(route(line, 0.95 + 0.05 * rng.unit()));
    it.price = 500;
    it.bom.push_back({item_at(engines0 + rng.below(n_engines)), 1});
    it.bom.push_back({item_at(parts0 + rng.below(n_parts)), 1});  // DSP
    it.bom.push_back({item_at(parts0 + rng.below(n_parts)), 1});  // housing
    second_source(it.bom[1]);
    second_route(it, 0, std::max(1, n_lines / 2));
    m.items.push_back(std::move(it));
  }
  for (int c = 0; c < o.customers; ++c) m.customers.push_back({"customer-" + std::to_string(c), {}});
  // Orders: 60% for a module, 40% for a requirement of two alternates; due dates cluster on every
  // fourth week so that many orders share one.
  IdVec<ItemTag, double> demand(m.items.size(), 0);
  for (int k = 0; k < o.orders; ++k) {
    Order ord;
    ord.id = "order-" + std::to_string(k);
    ord.customer = CustomerId::from(static_cast<size_t>(rng.below(o.customers)));
    const int a = modules0 + rng.below(n_modules);
    ord.alternates.push_back(item_at(a));
    if (rng.below(10) < 4) {
      const int b = modules0 + (a - modules0 + 1 + rng.below(n_modules - 1)) % n_modules;
      ord.alternates.push_back(item_at(b));
      ord.requirement = "req-" + m.items[item_at(a)].id + "-" + m.items[item_at(b)].id;
    }
    ord.qty = 10 + rng.below(991);
    ord.due = std::min(T - 1, 4 + 4 * rng.below(std::max(1, (T - 4) / 4)));
    ord.priority = 1 + rng.below(3);
    ord.partial = rng.below(10) < 8;
    demand[item_at(a)] += static_cast<double>(ord.qty);
    m.orders.push_back(std::move(ord));
  }
  // Propagate demand down the bill of materials (modules before engines before parts).
  for (int i = static_cast<int>(m.items.size()) - 1; i >= 0; --i)
    for (const auto& b : m.items[item_at(i)].bom)  // a second source is sized as if it took half
      for (const auto& p : b.parts) demand[p.item] += demand[item_at(i)] * p.qty / static_cast<double>(b.parts.size());
  // Supply and capacity: a share of the average demand per period, with a ramp.
  IdVec<LineTag, double> line_load(m.lines.size(), 0);
  for (const ItemId i : m.items.ids())
    for (const auto& r : m.items[i].routes)
      line_load[r.line] += demand[i] / static_cast<double>(m.items[i].routes.size());
  for (const LineId l : m.lines.ids()) {
    const double per = std::max(1.0, o.tightness * line_load[l] / T * 1.1);
    for (int t = 0; t < T; ++t) m.lines[l].capacity.push_back(static_cast<int64_t>(per * (t < T / 4 ? 0.7 : 1.0)));
  }
  for (int i = 0; i < n_parts; ++i) {
    const int n_sup = 1 + rng.below(2);
    for (int s = 0; s < n_sup; ++s) {
      Supplier sup;
      sup.id = "supplier-" + std::to_string(i) + "-" + std::to_string(s);
      sup.item = item_at(parts0 + i);
      sup.lead_time = rng.below(4);
      sup.price = 5 + rng.below(100);
      const double per = std::max(1.0, o.tightness * demand[item_at(i)] / T / n_sup * 1.1);
      for (int t = 0; t < T; ++t) sup.capacity.push_back(t < sup.lead_time ? 0 : static_cast<int64_t>(per));
      m.items[item_at(i)].suppliers.push_back(m.suppliers.push_back(std::move(sup)));
    }
  }
  // One agreement: the first customer reserves a fifth of the first part's first supplier.
  if (!m.suppliers.empty() && !m.customers.empty()) {
    Agreement a;
    a.id = "lta-0";
    a.holder = CustomerId(0);
    a.supplier = SupplierId(0);
    for (int64_t c : m.suppliers[a.supplier].capacity) a.reserved.push_back(c / 5);
    a.release = Release::kUnused;
    m.agreements.push_back(std::move(a));
  }
  return m;
}

}  // namespace opticplan::supply
