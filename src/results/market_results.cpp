#include "opticplan/results/market_results.h"

#include <algorithm>
#include <cmath>

#include "opticplan/core/table.h"
#include "opticplan/core/units.h"

namespace opticplan::results {
using nlohmann::ordered_json;

namespace {

std::string billions(double usd) { return "$" + format_number(usd / 1e9, 4) + "B"; }
std::string millions(double units) { return format_number(units / 1e6, 4) + "M"; }
std::string pct(double v) { return format_number(v * 100, 3) + "%"; }

double round6(double v) { return std::round(v * 1e6) / 1e6; }

ordered_json band_json(const market::Band& b) {
  return {{"p10", round6(b.p10)}, {"p50", round6(b.p50)}, {"p90", round6(b.p90)}, {"base", round6(b.base)}};
}

bool quarterly(const supply::Model& m) { return m.grid.grain() == Granularity::kQuarter; }

// Per buyer and class it asked for: units shipped in each year and the fill (shipped over due in
// that year, both at P50; late deliveries of earlier years' demand count in the year they ship, so
// a fill can pass 100%).
std::string buyers_text(const market::MarketResult& r) {
  using A = Table::Align;
  if (r.buyers.empty() || r.buyer_demand.empty()) return "";
  Table b;
  b.column("buyer");
  b.column("class");
  for (const int year : r.years) {
    b.column(std::to_string(year), A::kRight);
    b.column("fill", A::kRight);
  }
  const size_t C = r.classes.size();
  for (size_t k = 0; k < r.buyers.size(); ++k)
    for (size_t c = 0; c < C; ++c) {
      const auto& due = r.buyer_demand[k * C + c];
      const auto& shipped = r.buyer_units[k * C + c];
      bool asked = false;
      for (size_t i = 0; i < r.years.size(); ++i) asked = asked || due[i].p90 > 0 || shipped[i].p90 > 0;
      if (!asked) continue;
      std::vector<std::string> row = {r.buyers[k], r.classes[c]};
      for (size_t i = 0; i < r.years.size(); ++i) {
        row.push_back(millions(shipped[i].p50));
        row.push_back(due[i].p50 > 0 ? pct(shipped[i].p50 / due[i].p50) : "-");
      }
      b.row(std::move(row));
    }
  return "\nPer buyer (P50 units shipped in the year; fill: shipped over due in the year):\n" + b.text(2);
}

}  // namespace

std::string market_text(const market::MarketResult& r, const market::MarketSpec& spec, const supply::Model& model) {
  using A = Table::Align;
  std::string out = "Market: " + std::to_string(r.runs) + " runs (seed " + std::to_string(spec.seed) +
                    "); P10 / P50 / P90 over the runs, and the base run (every input at its median, no noise)\n\n";
  Table y;
  y.column("year");
  y.column("value P10", A::kRight);
  y.column("P50", A::kRight);
  y.column("P90", A::kRight);
  y.column("base", A::kRight);
  y.column("800G+ share", A::kRight);
  for (const auto& c : r.classes) y.column(c, A::kRight);
  y.column("backlog", A::kRight);
  for (size_t i = 0; i < r.years.size(); ++i) {
    std::vector<std::string> row = {std::to_string(r.years[i]), billions(r.value[i].p10),
                                    billions(r.value[i].p50),   billions(r.value[i].p90),
                                    billions(r.value[i].base),  pct(r.high_speed_share[i].p50)};
    for (size_t c = 0; c < r.classes.size(); ++c) row.push_back(millions(r.class_units[c][i].p50));
    row.push_back(millions(r.year_backlog[i].p50));
    y.row(std::move(row));
  }
  out += y.text(2);
  out +=
      "  (value: market value with each class's AI fraction; share: units of 800G-and-above classes over all\n"
      "  units; class columns: units shipped, P50; backlog: units due and not delivered at year end, P50)\n";
  out += "\nPer period (P50):\n";
  Table s;
  s.column("period");
  for (const auto& c : r.classes) s.column(c, A::kRight);
  s.column("value", A::kRight);
  s.column("backlog", A::kRight);
  s.column("wait", A::kRight);
  s.column("binding (+10% ships most)");
  for (size_t t = 0; t < r.periods.size(); ++t) {
    std::vector<std::string> row = {r.periods[t]};
    for (size_t c = 0; c < r.classes.size(); ++c) row.push_back(millions(r.shipments[c][t].p50));
    row.push_back(billions(r.period_value[t].p50));
    row.push_back(millions(r.backlog[t].p50));
    row.push_back(format_number(r.wait[t].p50, 3));
    row.push_back(r.binding[t].empty() ? "-"
                                       : r.binding[t] + " (+" + grouped(std::llround(r.binding_gain[t])) +
                                             " units; named in " + pct(r.binding_frequency[t]) + " of runs)");
    s.row(std::move(row));
  }
  out += s.text(2);
  out += "  (wait: periods late, on average, of the units delivered in the period)\n";
  out += buyers_text(r);
  if (!r.agreement_ids.empty()) {
    out += "\nLong-term agreements over the calendar (P50 units):\n";
    Table a;
    a.column("agreement");
    a.column("holder");
    a.column("reserved", A::kRight);
    a.column("used by holder", A::kRight);
    a.column("released", A::kRight);
    for (size_t i = 0; i < r.agreement_ids.size(); ++i) {
      const auto& ag = model.agreements[supply::AgreementId::from(i)];  // the result's rows are the model's
      a.row({r.agreement_ids[i], model.customers[ag.holder].id, millions(r.agreements[i][0].p50),
             millions(r.agreements[i][1].p50), millions(r.agreements[i][2].p50)});
    }
    out += a.text(2);
  }
  if (!spec.events.empty()) {
    out += "\nEvents:\n";
    Table e;
    e.column("event");
    e.column("probability", A::kRight);
    e.column("base run");
    for (const market::EventId i : spec.events.ids())
      e.row({spec.events[i].name, pct(r.event_probability[i.v]), r.event_base[i.v] ? "yes" : "no"});
    out += e.text(2);
  }
  if (!r.tornado.empty()) {
    const double base = r.value[static_cast<size_t>(r.focus_year - r.years.front())].base;
    out += "\nSensitivity of the " + std::to_string(r.focus_year) + " market value (base " + billions(base) +
           "): each input at its P10 and P90, the others at their medians\n";
    Table t;
    t.column("input");
    t.column("P10 input", A::kRight);
    t.column("value", A::kRight);
    t.column("P90 input", A::kRight);
    t.column("value", A::kRight);
    t.column("swing", A::kRight);
    for (const auto& b : r.tornado)
      t.row({spec.inputs[b.input].name, format_number(b.low_input, 4), billions(b.low), format_number(b.high_input, 4),
             billions(b.high), billions(b.swing())});
    out += t.text(2);
  }
  return out;
}

std::string market_compare_text(const market::MarketResult& a, const market::MarketSpec& as,
                                const market::MarketResult& b, const market::MarketSpec& bs) {
  using A = Table::Align;
  std::string out = "What-if against base: P50 over " + std::to_string(a.runs) + " runs each (seeds " +
                    std::to_string(as.seed) + " and " + std::to_string(bs.seed) + ")\n\n";
  const auto change = [](double x, double y) {
    return x != 0 ? format_number((y - x) / std::abs(x) * 100, 3) + "%" : (y != 0 ? "new" : "-");
  };
  Table t;
  t.column("year");
  t.column("figure");
  t.column("base", A::kRight);
  t.column("what-if", A::kRight);
  t.column("change", A::kRight);
  for (size_t i = 0; i < a.years.size(); ++i) {
    const auto j = std::find(b.years.begin(), b.years.end(), a.years[i]);
    if (j == b.years.end()) continue;
    const size_t k = static_cast<size_t>(j - b.years.begin());
    const std::string y = std::to_string(a.years[i]);
    t.row({y, "market value", billions(a.value[i].p50), billions(b.value[k].p50),
           change(a.value[i].p50, b.value[k].p50)});
    t.row({y, "800G+ share", pct(a.high_speed_share[i].p50), pct(b.high_speed_share[k].p50),
           format_number((b.high_speed_share[k].p50 - a.high_speed_share[i].p50) * 100, 3) + " pp"});
    for (size_t c = 0; c < a.classes.size(); ++c) {
      const auto cj = std::find(b.classes.begin(), b.classes.end(), a.classes[c]);
      if (cj == b.classes.end()) continue;
      const size_t d = static_cast<size_t>(cj - b.classes.begin());
      t.row({y, a.classes[c] + " units", millions(a.class_units[c][i].p50), millions(b.class_units[d][k].p50),
             change(a.class_units[c][i].p50, b.class_units[d][k].p50)});
    }
    t.row({y, "backlog at year end", millions(a.year_backlog[i].p50), millions(b.year_backlog[k].p50),
           change(a.year_backlog[i].p50, b.year_backlog[k].p50)});
  }
  out += t.text(2);
  if (!as.events.empty() || !bs.events.empty()) {
    out += "\nEvents (probability):\n";
    Table e;
    e.column("event");
    e.column("base", A::kRight);
    e.column("what-if", A::kRight);
    for (const market::EventId i : as.events.ids()) {
      std::string w = "-";
      for (const market::EventId k : bs.events.ids())
        if (bs.events[k].id == as.events[i].id) w = pct(b.event_probability[k.v]);
      e.row({as.events[i].name, pct(a.event_probability[i.v]), w});
    }
    out += e.text(2);
  }
  return out;
}

ordered_json market_json(const market::MarketResult& r, const market::MarketSpec& spec, const supply::Model& model) {
  ordered_json j;
  j["schema"] = "opticplan.market";
  j["version"] = 2;
  j["runs"] = r.runs;
  j["seed"] = spec.seed;
  j["classes"] = r.classes;
  ordered_json years = ordered_json::array();
  for (size_t i = 0; i < r.years.size(); ++i) {
    ordered_json ship = ordered_json::object(), by_class = ordered_json::object();
    for (size_t c = 0; c < r.classes.size(); ++c) {
      ship[r.classes[c]] = band_json(r.class_units[c][i]);
      by_class[r.classes[c]] = band_json(r.class_value[c][i]);
    }
    years.push_back({{"year", r.years[i]},
                     {"market_value_usd", band_json(r.value[i])},
                     {"share_800g_plus", band_json(r.high_speed_share[i])},
                     {"shipments", std::move(ship)},
                     {"value_by_class_usd", std::move(by_class)},
                     {"backlog", band_json(r.year_backlog[i])}});
  }
  // Per buyer: demand due and units delivered in each year, by class (classes it never asked for left out).
  for (size_t i = 0; i < r.years.size(); ++i) {
    ordered_json buyers = ordered_json::object();
    for (size_t k = 0; k < r.buyers.size(); ++k) {
      ordered_json demand = ordered_json::object(), shipped = ordered_json::object();
      for (size_t c = 0; c < r.classes.size(); ++c) {
        const size_t row = k * r.classes.size() + c;
        if (r.buyer_demand[row][i].p90 <= 0 && r.buyer_units[row][i].p90 <= 0) continue;
        demand[r.classes[c]] = band_json(r.buyer_demand[row][i]);
        shipped[r.classes[c]] = band_json(r.buyer_units[row][i]);
      }
      if (!demand.empty()) buyers[r.buyers[k]] = {{"demand", std::move(demand)}, {"shipments", std::move(shipped)}};
    }
    years[i]["buyers"] = std::move(buyers);
  }
  j["years"] = std::move(years);
  ordered_json periods = ordered_json::array();
  for (size_t t = 0; t < r.periods.size(); ++t) {
    ordered_json ship = ordered_json::object();
    for (size_t c = 0; c < r.classes.size(); ++c) ship[r.classes[c]] = band_json(r.shipments[c][t]);
    periods.push_back({{"period", r.periods[t]},
                       {"market_value_usd", band_json(r.period_value[t])},
                       {"shipments", std::move(ship)},
                       {"backlog", band_json(r.backlog[t])},
                       {"wait_periods", band_json(r.wait[t])},
                       {"binding", r.binding[t].empty() ? ordered_json(nullptr) : ordered_json(r.binding[t])},
                       {"binding_gain_units", round6(r.binding_gain[t])},
                       {"binding_share_of_runs", round6(r.binding_frequency[t])}});
  }
  j[quarterly(model) ? "quarters" : "periods"] = std::move(periods);
  ordered_json inputs = ordered_json::array();
  for (const market::InputId k : spec.inputs.ids()) {
    const auto& in = spec.inputs[k];
    ordered_json o = {{"id", in.id}, {"name", in.name}, {"distribution", in.dist.describe()}};
    if (!in.source.empty()) o["source"] = in.source;
    o["drawn"] = band_json(r.inputs[k.v]);
    inputs.push_back(std::move(o));
  }
  j["inputs"] = std::move(inputs);
  ordered_json agreements = ordered_json::array();
  for (size_t i = 0; i < r.agreement_ids.size(); ++i)
    agreements.push_back({{"id", r.agreement_ids[i]},
                          {"holder", model.customers[model.agreements[supply::AgreementId::from(i)].holder].id},
                          {"reserved", band_json(r.agreements[i][0])},
                          {"used", band_json(r.agreements[i][1])},
                          {"released", band_json(r.agreements[i][2])}});
  j["agreements"] = std::move(agreements);
  ordered_json events = ordered_json::array();
  for (const market::EventId e : spec.events.ids())
    events.push_back({{"id", spec.events[e].id},
                      {"name", spec.events[e].name},
                      {"probability", round6(r.event_probability[e.v])},
                      {"base", static_cast<bool>(r.event_base[e.v])}});
  j["events"] = std::move(events);
  ordered_json bars = ordered_json::array();
  for (const auto& b : r.tornado)
    bars.push_back({{"input", spec.inputs[b.input].id},
                    {"name", spec.inputs[b.input].name},
                    {"low_input", round6(b.low_input)},
                    {"high_input", round6(b.high_input)},
                    {"low", round6(b.low)},
                    {"high", round6(b.high)},
                    {"swing", round6(b.swing())}});
  j["tornado"] = {
      {"year", r.focus_year},
      {"output", "market_value_usd"},
      {"base", r.years.empty() ? 0.0 : round6(r.value[static_cast<size_t>(r.focus_year - r.years.front())].base)},
      {"bars", std::move(bars)}};
  return j;
}

}  // namespace opticplan::results
