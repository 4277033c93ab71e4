#include "opticplan/results/provenance.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <ostream>
#include <string>
#include <tuple>

#include "opticplan/core/units.h"
#include "opticplan/results/plan_results.h"

namespace opticplan::results {
namespace {

using J = nlohmann::ordered_json;

double round6(double v) { return std::round(v * 1e6) / 1e6; }
J str_or_null(const std::string& s) { return s.empty() ? J() : J(s); }
int64_t total(const std::vector<int64_t>& v) { return std::accumulate(v.begin(), v.end(), int64_t{0}); }
int64_t peak(const std::vector<int64_t>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

J supply_json(const supply::Model& m, const market::MarketSpec* market) {
  const auto item_id = [&](supply::ItemId i) { return i.valid() ? J(m.items[i].id) : J(); };
  J s;
  s["calendar"] = {{"start", m.periods() > 0 ? J(m.grid.label(0)) : J()},
                   {"end", m.periods() > 0 ? J(m.grid.label(m.periods() - 1)) : J()},
                   {"periods", m.periods()}};
  J items = J::array();
  for (const auto& it : m.items) {
    std::string bom, suppliers, routes;  // routes: their lines in order of preference, "; "-separated
    for (const auto& r : it.routes)
      routes += (routes.empty() ? "" : "; ") + (r.line.valid() ? m.lines[r.line].id : std::string("(dispatch)"));
    for (const auto& b : it.bom) {
      std::string line;  // alternates as "a × 4 | b × 4"
      for (const auto& p : b.parts)
        line += (line.empty() ? "" : " | ") + m.items[p.item].id + " × " + format_number(p.qty, 6);
      bom += (bom.empty() ? "" : "; ") + line;
    }
    for (const supply::SupplierId k : it.suppliers) suppliers += (suppliers.empty() ? "" : "; ") + m.suppliers[k].id;
    items.push_back({{"id", it.id},
                     {"line", str_or_null(routes)},
                     {"lead_time", it.made() ? it.routes[0].lead_time : 0},
                     {"yield", round6(it.made() ? it.routes[0].yield : 1)},
                     {"bom", str_or_null(bom)},
                     {"suppliers", str_or_null(suppliers)},
                     {"price_usd", it.price > 0 ? J(round6(it.price)) : J()}});
  }
  s["items"] = std::move(items);
  J lines = J::array();
  for (const auto& l : m.lines)
    lines.push_back({{"id", l.id}, {"capacity_total", total(l.capacity)}, {"capacity_peak", peak(l.capacity)}});
  s["lines"] = std::move(lines);
  J suppliers = J::array();
  for (const auto& p : m.suppliers)
    suppliers.push_back({{"id", p.id},
                         {"item", item_id(p.item)},
                         {"lead_time", p.lead_time},
                         {"capacity_total", total(p.capacity)},
                         {"capacity_peak", peak(p.capacity)},
                         {"price_usd", p.price > 0 ? J(round6(p.price)) : J()}});
  s["suppliers"] = std::move(suppliers);
  J agreements = J::array();
  for (const auto& a : m.agreements)
    agreements.push_back(
        {{"id", a.id},
         {"holder", m.customers[a.holder].id},
         {"on", a.supplier.valid() ? "supplier " + m.suppliers[a.supplier].id : "line " + m.lines[a.line].id},
         {"reserved_total", total(a.reserved)},
         {"take_or_pay", a.take_or_pay},
         {"release", a.release == supply::Release::kUnused ? "unused" : "never"}});
  s["agreements"] = std::move(agreements);
  IdVec<supply::CustomerTag, int64_t> orders(m.customers.size(), 0), units(m.customers.size(), 0);
  for (const auto& o : m.orders) {
    if (!o.customer.valid()) continue;
    ++orders[o.customer];
    units[o.customer] += o.qty;
  }
  J customers = J::array();
  for (const supply::CustomerId c : m.customers.ids()) {
    std::string q;
    for (const supply::ItemId i : m.customers[c].qualified) q += (q.empty() ? "" : "; ") + m.items[i].id;
    customers.push_back({{"id", m.customers[c].id},
                         {"orders", orders[c]},
                         {"units", units[c]},
                         {"qualified", q.empty() ? J("any") : J(q)}});
  }
  s["customers"] = std::move(customers);
  J notes = J::array();
  for (const auto& n : m.sources) notes.push_back({{"input", n.what}, {"source", n.text}});
  if (market) {
    for (const auto& n : market->sources) notes.push_back({{"input", n.what}, {"source", n.text}});
    for (const auto& in : market->inputs)
      if (!in.source.empty()) notes.push_back({{"input", "market input " + in.id}, {"source", in.source}});
  }
  s["source_notes"] = std::move(notes);
  return s;
}

J market_json(const market::MarketSpec& spec, const supply::Model& m) {
  J classes = J::array();
  for (const auto& c : spec.classes) {
    std::string items, prices;
    for (const supply::ItemId i : c.items) items += (items.empty() ? "" : "; ") + m.items[i].id;
    for (const auto& [year, usd] : c.prices)
      prices += (prices.empty() ? "" : "; ") + std::to_string(year) + ": $" + format_number(usd, 2);
    classes.push_back({{"id", c.id},
                       {"items", items},
                       {"high_speed", c.high_speed},
                       {"ai_fraction", round6(c.ai_fraction)},
                       {"prices_usd", str_or_null(prices)}});
  }
  return {{"runs", spec.runs},
          {"seed", spec.seed},
          {"focus_year", spec.focus_year},
          {"classes", std::move(classes)},
          {"demand_noise_sd", round6(spec.demand_sd)},
          {"supply_noise_sd", round6(spec.supply_sd)},
          {"scarcity_premium", round6(spec.premium)},
          {"erosion_loose", round6(spec.erosion_loose)},
          {"erosion_tight", round6(spec.erosion_tight)},
          {"erosion_full_at", round6(spec.erosion_full_at)},
          {"uncertain_inputs", spec.inputs.size()}};
}

// The words of a free `source:` text that may be source ids: runs of letters, digits and -_.+ .
std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  const auto flush = [&] {
    while (!w.empty() && (w.back() == '.' || w.back() == '-')) w.pop_back();
    if (!w.empty()) out.push_back(w);
    w.clear();
  };
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || ch == '-' || ch == '_' || ch == '.' || ch == '+')
      w += ch;
    else
      flush();
  }
  flush();
  return out;
}

// "E12" or "E12-E15": an opticplan estimate numbered in the scenario's research notes.
bool estimate_mark(const std::string& w) {
  if (w == "estimate") return true;
  // E-S<n>: an estimate of the sourcing scenario's research note (docs/research/sourcing-scenario.md)
  if (w.size() > 3 && w.compare(0, 3, "E-S") == 0)
    return std::all_of(w.begin() + 3, w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (w.size() < 2 || w[0] != 'E' || !std::isdigit(static_cast<unsigned char>(w[1]))) return false;
  for (size_t i = 1; i < w.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(w[i])) && w[i] != '-' && w[i] != 'E') return false;
  return true;
}

class Citations {
 public:
  explicit Citations(const catalog::Catalog& c) : cat_(c) {}
  void cite(catalog::SourceId s, const std::string& what) {
    if (!s.valid()) return;
    auto& list = cited_[s.v];
    if (std::find(list.begin(), list.end(), what) == list.end()) list.push_back(what);
  }
  void cite_entry(const catalog::Entry& e) {
    // Group the fields each source backs: "osfp-800g-dr8-eml: power, price".
    std::map<uint32_t, std::string> fields;
    std::vector<uint32_t> order;
    const auto add = [&](catalog::SourceId s, const std::string& field) {
      if (!s.valid()) return;
      if (!fields.count(s.v)) order.push_back(s.v);
      std::string& f = fields[s.v];
      f += (f.empty() ? "" : ", ") + field;
    };
    for (const auto& [field, s] : e.source.by_field) add(s, field);
    if (e.source.fallback.valid()) add(e.source.fallback, e.source.by_field.empty() ? "all fields" : "other fields");
    for (uint32_t v : order) cite(catalog::SourceId(v), e.id + ": " + fields[v]);
  }
  void cite_text(const std::string& what, const std::string& text) {
    const auto estimate = cat_.find_source("estimate");
    for (const auto& w : words(text)) {
      if (estimate_mark(w)) {
        if (estimate) cite(*estimate, what);
      } else if (auto s = cat_.find_source(w)) {
        cite(*s, what);
      }
    }
  }
  J json() const {
    constexpr size_t kMaxCited = 60;  // the estimate may back hundreds of numbers
    std::vector<uint32_t> ids;
    for (const auto& [v, _] : cited_) ids.push_back(v);
    std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
      const auto& sa = cat_.sources[catalog::SourceId(a)];
      const auto& sb = cat_.sources[catalog::SourceId(b)];
      return std::tuple(sa.estimate, sa.id) < std::tuple(sb.estimate, sb.id);
    });
    J out = J::array();
    for (uint32_t v : ids) {
      const catalog::Source& s = cat_.sources[catalog::SourceId(v)];
      // In text order, not the order the scenario's entries were met in: the file's order must not
      // show, and the first 60 shown are the same whatever it is.
      std::vector<std::string> list = cited_.at(v);
      std::sort(list.begin(), list.end());
      J cited = J::array();
      for (size_t i = 0; i < list.size() && i < kMaxCited; ++i) cited.push_back(list[i]);
      if (list.size() > kMaxCited) cited.push_back("and " + std::to_string(list.size() - kMaxCited) + " more");
      out.push_back({{"id", s.id},
                     {"title", str_or_null(s.title)},
                     {"publisher", str_or_null(s.publisher)},
                     {"year", s.year ? J(s.year) : J()},
                     {"url", str_or_null(s.url)},
                     {"note", str_or_null(s.note)},
                     {"cited_for", std::move(cited)}});
    }
    return out;
  }

 private:
  const catalog::Catalog& cat_;
  std::map<uint32_t, std::vector<std::string>> cited_;
};

void cite_scenario(Citations& c, const Scenario& sc, const NamedEntries& named, bool with_supply, bool with_market) {
  for (const catalog::Entry* e : named.entries()) c.cite_entry(*e);
  if (with_supply && sc.supply)
    for (const auto& n : sc.supply->sources) c.cite_text(n.what, n.text);
  if (with_market && sc.market) {
    for (const auto& n : sc.market->sources) c.cite_text(n.what, n.text);
    for (const auto& in : sc.market->inputs) c.cite_text("market input " + in.id, in.source);
  }
  // A sourcing result names its section's schema: its inputs' sources are cited.
  if (sc.sourcing && named.sourcing())
    for (const auto& [what, text] : sc.sourcing->sources) c.cite_text("sourcing " + what, text);
}

}  // namespace

NamedEntries::NamedEntries(const catalog::Catalog& c) {
  // Across every kind; where two kinds share an id, the first listed here is the one cited.
  const auto add = [&](const auto& vec) {
    for (const auto& e : vec) {
      by_id_.emplace(std::string_view(e.id), Named{&e, false});
      if (!e.id.empty()) sketches_.set(sketch(e.id));
    }
  };
  add(c.components);
  add(c.pmds);
  add(c.transceivers);
  add(c.cables);
  add(c.cpos);
  add(c.switches);
  add(c.nics);
  add(c.servers);
}

void NamedEntries::see(std::string_view s) {
  if (s.empty() || !sketches_.test(sketch(s))) return;
  const auto it = by_id_.find(s);
  if (it == by_id_.end() || it->second.named) return;
  it->second.named = true;
  entries_.push_back(it->second.entry);
}

void NamedEntries::see_all(const J& j) {
  if (j.is_object() && j.contains("schema") && j["schema"] == "opticplan.source") sourcing_ = true;
  if (j.is_string()) {
    see(j.get_ref<const std::string&>());
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      see(k);
      see_all(v);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) see_all(v);
  }
}

J scenario_inputs_json(const Scenario& sc, const supply::Model* supply, const market::MarketSpec* market) {
  J j;
  j["scenario"] = str_or_null(sc.name);
  // A folded YAML block (`description: >`) ends with a newline: not part of the text.
  std::string description = sc.description;
  while (!description.empty() && std::isspace(static_cast<unsigned char>(description.back()))) description.pop_back();
  j["description"] = str_or_null(description);
  j["files"] = sc.files;
  if (supply) j["supply"] = supply_json(*supply, market);
  if (market && supply) j["market"] = market_json(*market, *supply);
  return j;
}

J sources_json(const Scenario& sc, const NamedEntries& named, bool with_supply, bool with_market) {
  Citations c(sc.catalog);
  cite_scenario(c, sc, named, with_supply, with_market);
  return c.json();
}

J sources_json(const Scenario& sc, const J& result, bool with_supply, bool with_market) {
  NamedEntries named(sc.catalog);
  named.see_all(result);
  return sources_json(sc, named, with_supply, with_market);
}

void write_provenance(JsonWriter& w, const Scenario& sc, const NamedEntries& named, bool with_supply,
                      bool with_market) {
  const supply::Model* supply = with_supply && sc.supply ? &*sc.supply : nullptr;
  const market::MarketSpec* market = with_market && sc.market ? &*sc.market : nullptr;
  const J sources = sources_json(sc, named, supply != nullptr, market != nullptr);
  w.key("scenario_inputs");
  w.value(scenario_inputs_json(sc, supply, market));
  w.key("sources");
  w.value(sources);
}

void add_provenance(J& result, const Scenario& sc, bool with_supply, bool with_market) {
  const supply::Model* supply = with_supply && sc.supply ? &*sc.supply : nullptr;
  const market::MarketSpec* market = with_market && sc.market ? &*sc.market : nullptr;
  J sources = sources_json(sc, result, supply != nullptr, market != nullptr);
  result["scenario_inputs"] = scenario_inputs_json(sc, supply, market);
  result["sources"] = std::move(sources);
}

void write_plan_result(std::ostream& out, const Scenario& sc, const supply::Plan& p,
                       const supply::PlanComparison* comparison, JsonLayout layout) {
  JsonWriter w(out, layout);
  NamedEntries named(sc.catalog);
  w.observe([&](std::string_view s) { named.see(s); });
  w.begin_object();
  write_plan_json(w, *sc.supply, p);
  if (comparison) {
    w.key("comparison");
    w.value(comparison_json(*comparison));
  }
  w.observe({});
  write_provenance(w, sc, named, true, false);
  w.end_object();
  w.flush();
  if (layout == JsonLayout::kIndented) out << "\n";
}

void add_compare_provenance(J& result, const Scenario& base, const Scenario& what_if) {
  // One citation list over both scenarios: they share the catalog unless a --catalog differs,
  // and ids are resolved in each scenario's own catalog, so cite by id text and merge.
  J a = sources_json(base, result, true, false), b = sources_json(what_if, result, true, false);
  std::map<std::string, J> by_id;
  std::vector<std::string> order;
  for (J* list : {&a, &b})
    for (auto& s : *list) {
      const std::string id = s["id"];
      if (!by_id.count(id)) {
        order.push_back(id);
        by_id[id] = s;
        continue;
      }
      J& have = by_id[id]["cited_for"];
      for (const auto& w : s["cited_for"])
        if (std::find(have.begin(), have.end(), w) == have.end()) have.push_back(w);
      std::sort(have.begin(), have.end());
      // Each side's "and N more" (its list was cut at 60) after what is named.
      std::stable_partition(have.begin(), have.end(),
                            [](const J& w) { return w.get<std::string>().rfind("and ", 0) != 0; });
    }
  std::stable_sort(order.begin(), order.end(), [](const std::string& x, const std::string& y) {
    return std::tuple(x == "estimate", x) < std::tuple(y == "estimate", y);
  });
  J sources = J::array();
  for (const auto& id : order) sources.push_back(std::move(by_id[id]));
  result["scenario_inputs"] = {
      {"base", scenario_inputs_json(base, base.supply ? &*base.supply : nullptr, nullptr)},
      {"what_if", scenario_inputs_json(what_if, what_if.supply ? &*what_if.supply : nullptr, nullptr)}};
  result["sources"] = std::move(sources);
}

}  // namespace opticplan::results
