#include "opticplan/market/market.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "opticplan/core/units.h"
#include "opticplan/supply/planner.h"

namespace opticplan::market {

double PriceClass::price_in(int year) const {
  if (prices.empty()) return 0;
  double p = prices.front().second;
  for (const auto& [y, v] : prices)
    if (y <= year) p = v;
  return p;
}

std::optional<MarketSpec> read_market(MapReader& r, const supply::Model& model) {
  Diagnostics& diag = r.diag();
  const size_t before = diag.size();
  MarketSpec spec;
  if (auto v = r.integer("runs", false, 1, 1000000)) spec.runs = static_cast<int>(*v);
  if (auto v = r.integer("seed", false, 0, INT64_MAX)) spec.seed = static_cast<uint64_t>(*v);
  if (auto v = r.number("scarcity_premium", false, 0, 10)) spec.premium = *v;
  if (const Node* u = r.get("uncertainty")) {
    MapReader ur(*u, r.path_of("uncertainty"), diag);
    if (auto v = ur.number("demand", false, 0, 3)) spec.demand_sd = *v;
    if (auto v = ur.number("supply", false, 0, 3)) spec.supply_sd = *v;
    ur.finish();
  }
  std::map<std::string, int, std::less<>> items;
  for (size_t i = 0; i < model.items.size(); ++i) items.emplace(model.items[i].id, static_cast<int>(i));
  std::vector<std::string> item_ids;
  for (const auto& [id, _] : items) item_ids.push_back(id);
  std::vector<int> owner(model.items.size(), -1);
  if (const Node* cl = r.require("classes")) {
    for_each_item(*cl, r.path_of("classes"), diag, [&](const Node& node, const std::string& p) {
      MapReader cr(node, p, diag);
      PriceClass c;
      auto id = cr.id("id", true);
      if (auto v = cr.boolean("high_speed", false)) c.high_speed = *v;
      if (const Node* its = cr.require("items")) {
        for_each_item(*its, cr.path_of("items"), diag, [&](const Node& item, const std::string& ip) {
          auto iid = read_id(item, ip, diag);
          if (!iid) return;
          auto it = items.find(*iid);
          if (it == items.end()) {
            error_at(diag, item, ip, "unknown item \"" + *iid + "\"" + did_you_mean(*iid, item_ids) + " in the supply section");
            return;
          }
          if (owner[static_cast<size_t>(it->second)] >= 0) {
            error_at(diag, item, ip, "item \"" + *iid + "\" is already in another class");
            return;
          }
          owner[static_cast<size_t>(it->second)] = static_cast<int>(spec.classes.size());
          c.items.push_back(it->second);
        });
      }
      if (const Node* pr = cr.require("prices")) {
        if (!pr->is_mapping()) {
          error_at(diag, *pr, cr.path_of("prices"), "expected a mapping of year to price, e.g. {2025: $545}, got " + pr->describe());
        } else {
          for (const auto& m : pr->members) {
            const std::string path = cr.path_of("prices") + "." + m.key;
            const auto year = parse_year(m.key);
            if (!year) {
              diag.error(Location{node.file ? *node.file : std::string(), m.key_line, m.key_column}, path, year.error());
              continue;
            }
            if (auto v = read_quantity(m.value, path, diag, parse_money)) c.prices.emplace_back(*year, v->value());
          }
          std::sort(c.prices.begin(), c.prices.end());
        }
      }
      cr.finish();
      if (id) {
        c.id = *id;
        spec.classes.push_back(std::move(c));
      }
    });
  }
  r.finish();
  if (diag.size() != before) return std::nullopt;
  return spec;
}

namespace {

// One run's figures, flat.
struct RunFigures {
  std::vector<double> shipments;    // [class * T + t]
  std::vector<double> value;        // [year index]
  std::vector<double> class_value;  // [class * Y + y]
  std::vector<double> share;        // [year index]
  std::vector<double> backlog;      // [t]
  std::vector<int> binding;         // [t] constraint key, or -1
};

double gaussian(std::mt19937_64& g) {
  // Box-Muller on the generator's raw output, so every platform draws the same numbers.
  const double u1 = (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53;
  const double u2 = static_cast<double>(g() >> 11) * 0x1.0p-53;
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.14159265358979323846 * u2);
}

double lognormal_factor(std::mt19937_64& g, double sd) {
  return sd > 0 ? std::exp(sd * gaussian(g) - sd * sd / 2) : 1;
}

RunFigures run_once(const supply::Model& base, const MarketSpec& spec, const std::vector<int>& item_class,
                    const std::vector<int>& period_year, int years, bool vary, uint64_t run) {
  supply::Model m = base;
  if (vary) {
    std::mt19937_64 g(spec.seed * 0x9E3779B97F4A7C15ULL + run);
    std::vector<double> demand(m.customers.size());
    for (auto& f : demand) f = lognormal_factor(g, spec.demand_sd);
    for (auto& o : m.orders)
      o.qty = std::max<int64_t>(1, std::llround(static_cast<double>(o.qty) * demand[static_cast<size_t>(o.customer)]));
    for (auto& s : m.suppliers) {
      const double f = lognormal_factor(g, spec.supply_sd);
      for (auto& c : s.capacity) c = std::llround(static_cast<double>(c) * f);
    }
    for (auto& l : m.lines) {
      const double f = lognormal_factor(g, spec.supply_sd);
      for (auto& c : l.capacity) c = std::llround(static_cast<double>(c) * f);
    }
    for (auto& a : m.agreements) {  // a reservation never exceeds the capacity it reserves
      const auto& cap = a.supplier != supply::kNone ? m.suppliers[static_cast<size_t>(a.supplier)].capacity
                                                    : m.lines[static_cast<size_t>(a.line)].capacity;
      for (size_t t = 0; t < a.reserved.size(); ++t) a.reserved[t] = std::min(a.reserved[t], cap[t]);
    }
  }
  const supply::Plan plan = supply::plan_heuristic(m);
  const int T = m.periods();
  const int C = static_cast<int>(spec.classes.size());
  RunFigures f;
  f.shipments.assign(static_cast<size_t>(C * T), 0);
  f.value.assign(static_cast<size_t>(years), 0);
  f.class_value.assign(static_cast<size_t>(C * years), 0);
  f.share.assign(static_cast<size_t>(years), 0);
  f.backlog.assign(static_cast<size_t>(T), 0);
  f.binding.assign(static_cast<size_t>(T), -1);
  // Demand and deliveries per class and period, for backlog and scarcity.
  std::vector<double> due(static_cast<size_t>(C * T), 0), all_due(static_cast<size_t>(T), 0), all_delivered(static_cast<size_t>(T), 0);
  for (const auto& o : m.orders) {
    const int c = item_class[static_cast<size_t>(o.alternates.front())];
    all_due[static_cast<size_t>(o.due)] += static_cast<double>(o.qty);
    if (c >= 0) due[static_cast<size_t>(c * T + o.due)] += static_cast<double>(o.qty);
  }
  for (const auto& op : plan.orders)
    for (const auto& d : op.deliveries) {
      all_delivered[static_cast<size_t>(d.period)] += static_cast<double>(d.qty);
      const int c = item_class[static_cast<size_t>(d.item)];
      if (c >= 0) f.shipments[static_cast<size_t>(c * T + d.period)] += static_cast<double>(d.qty);
    }
  double cum_due = 0, cum_del = 0;
  for (int t = 0; t < T; ++t) {
    cum_due += all_due[static_cast<size_t>(t)];
    cum_del += all_delivered[static_cast<size_t>(t)];
    f.backlog[static_cast<size_t>(t)] = std::max(0.0, cum_due - cum_del);
  }
  std::vector<double> units(static_cast<size_t>(years), 0), fast(static_cast<size_t>(years), 0);
  for (int c = 0; c < C; ++c) {
    double cd = 0, cs = 0;
    for (int t = 0; t < T; ++t) {
      cd += due[static_cast<size_t>(c * T + t)];
      const double shipped = f.shipments[static_cast<size_t>(c * T + t)];
      cs += shipped;
      const double tight = cd > 0 ? std::clamp((cd - cs) / cd, 0.0, 1.0) : 0;
      const int y = period_year[static_cast<size_t>(t)];
      const double price = spec.classes[static_cast<size_t>(c)].price_in(y) * (1 + spec.premium * tight);
      const int yi = y - period_year.front();
      f.value[static_cast<size_t>(yi)] += shipped * price;
      f.class_value[static_cast<size_t>(c * years + yi)] += shipped * price;
      units[static_cast<size_t>(yi)] += shipped;
      if (spec.classes[static_cast<size_t>(c)].high_speed) fast[static_cast<size_t>(yi)] += shipped;
    }
  }
  for (int y = 0; y < years; ++y) f.share[static_cast<size_t>(y)] = units[static_cast<size_t>(y)] > 0 ? fast[static_cast<size_t>(y)] / units[static_cast<size_t>(y)] : 0;
  // Binding constraint per period: the one most short across the orders whose causes cover it.
  // Key: item index for a supply, items + line index for a line.
  const int items = static_cast<int>(m.items.size());
  std::vector<double> weight;
  for (int t = 0; t < T; ++t) {
    weight.assign(static_cast<size_t>(items + static_cast<int>(m.lines.size())), 0);
    for (const auto& op : plan.orders)
      for (const auto& c : op.causes)
        if (c.first <= t && t <= c.last) {
          const int key = c.constraint.kind == supply::Constraint::Kind::kSupply ? c.constraint.index : items + c.constraint.index;
          weight[static_cast<size_t>(key)] += static_cast<double>(c.short_qty);
        }
    const auto best = std::max_element(weight.begin(), weight.end());
    if (best != weight.end() && *best > 0) f.binding[static_cast<size_t>(t)] = static_cast<int>(best - weight.begin());
  }
  return f;
}

Band band(std::vector<double> v, double base) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[static_cast<size_t>(std::floor(q * static_cast<double>(v.size() - 1) + 1e-9))]; };
  return {at(0.1), at(0.5), at(0.9), base};
}

}  // namespace

MarketResult simulate_market(const supply::Model& model, const MarketSpec& spec, int threads) {
  MarketResult out;
  const int T = model.periods();
  const int C = static_cast<int>(spec.classes.size());
  out.runs = spec.runs;
  std::vector<int> period_year(static_cast<size_t>(T));
  for (int t = 0; t < T; ++t) {
    period_year[static_cast<size_t>(t)] = model.grid.year(t);
    out.periods.push_back(model.grid.label(t));
  }
  const int first_year = T ? period_year.front() : 0;
  const int years = T ? period_year.back() - first_year + 1 : 0;
  for (int y = 0; y < years; ++y) out.years.push_back(first_year + y);
  for (const auto& c : spec.classes) out.classes.push_back(c.id);
  std::vector<int> item_class(model.items.size(), -1);
  for (int c = 0; c < C; ++c)
    for (int i : spec.classes[static_cast<size_t>(c)].items) item_class[static_cast<size_t>(i)] = c;

  const RunFigures base = run_once(model, spec, item_class, period_year, years, false, 0);
  std::vector<RunFigures> runs(static_cast<size_t>(spec.runs));
  const int workers = std::max(1, std::min(threads, spec.runs));
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      for (int r = w; r < spec.runs; r += workers)
        runs[static_cast<size_t>(r)] = run_once(model, spec, item_class, period_year, years, true, static_cast<uint64_t>(r));
    });
  for (auto& t : pool) t.join();

  const auto collect = [&](auto get, double base_value) {
    std::vector<double> v;
    v.reserve(runs.size());
    for (const auto& r : runs) v.push_back(get(r));
    return band(std::move(v), base_value);
  };
  out.shipments.assign(static_cast<size_t>(C), std::vector<Band>(static_cast<size_t>(T)));
  for (int c = 0; c < C; ++c)
    for (int t = 0; t < T; ++t) {
      const size_t k = static_cast<size_t>(c * T + t);
      out.shipments[static_cast<size_t>(c)][static_cast<size_t>(t)] = collect([&](const RunFigures& r) { return r.shipments[k]; }, base.shipments[k]);
    }
  out.class_value.assign(static_cast<size_t>(C), std::vector<Band>(static_cast<size_t>(years)));
  for (int y = 0; y < years; ++y) {
    const size_t k = static_cast<size_t>(y);
    out.value.push_back(collect([&](const RunFigures& r) { return r.value[k]; }, base.value[k]));
    out.high_speed_share.push_back(collect([&](const RunFigures& r) { return r.share[k]; }, base.share[k]));
    for (int c = 0; c < C; ++c) {
      const size_t kc = static_cast<size_t>(c * years + y);
      out.class_value[static_cast<size_t>(c)][k] = collect([&](const RunFigures& r) { return r.class_value[kc]; }, base.class_value[kc]);
    }
  }
  const int items = static_cast<int>(model.items.size());
  for (int t = 0; t < T; ++t) {
    const size_t k = static_cast<size_t>(t);
    out.backlog.push_back(collect([&](const RunFigures& r) { return r.backlog[k]; }, base.backlog[k]));
    std::map<int, int> votes;
    for (const auto& r : runs)
      if (r.binding[k] >= 0) ++votes[r.binding[k]];
    int best = -1, count = 0;
    for (const auto& [key, n] : votes)
      if (n > count) {
        best = key;
        count = n;
      }
    if (best < 0) {
      out.binding.emplace_back();
      out.binding_frequency.push_back(0);
    } else {
      out.binding.push_back(best < items ? model.items[static_cast<size_t>(best)].id + " supply"
                                         : "line " + model.lines[static_cast<size_t>(best - items)].id);
      out.binding_frequency.push_back(static_cast<double>(count) / static_cast<double>(runs.size()));
    }
  }
  return out;
}

}  // namespace opticplan::market
