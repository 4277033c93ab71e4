// Report sections for a market simulation (opticplan.market): shipments by speed class, market
// value and the 800G-and-above share by year, the binding constraint, backlog and wait per period
// (each a P10–P90 band over the runs with the median and the run without variation), the tornado
// of sensitivities, and the simulation's inputs. Schema v1 (`per_period`, `value_usd`,
// `high_speed_share`) and v2 (`quarters`, `market_value_usd`, `share_800g_plus`) are both read.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

struct Band {
  double p10 = 0, p50 = 0, p90 = 0, base = 0;
};
Band band(const J& j) { return Band{num(at(j, "p10")), num(at(j, "p50")), num(at(j, "p90")), num(at(j, "base"))}; }

J band_chart(const std::vector<std::string>& x, const std::vector<Band>& v, const std::string& axis,
             const std::string& color) {
  std::vector<double> p10, p90;
  J p50 = J::array(), base = J::array();
  for (const auto& b : v) {
    p10.push_back(b.p10);
    p90.push_back(b.p90);
    p50.push_back(round6(b.p50));
    base.push_back(round6(b.base));
  }
  J o = base_option();
  o["xAxis"] = category_axis(x);
  o["xAxis"]["boundaryGap"] = false;
  o["yAxis"] = value_axis(axis);
  o["series"] = J::array();
  add_band(o["series"], "band", p10, p90, color);
  J m = line("P50", std::move(p50));
  m["itemStyle"] = {{"color", color}};
  m["showSymbol"] = true;
  J bs = line("base run", std::move(base));
  bs["lineStyle"] = {{"type", "dashed"}};
  bs["itemStyle"] = {{"color", "#555"}};
  o["series"].push_back(std::move(m));
  o["series"].push_back(std::move(bs));
  o["legend"]["data"] = J::array({"P10–P90", "P50", "base run"});
  return o;
}

std::string display_year(const J& y) { return y.is_number() ? std::to_string(y.get<int64_t>()) : text(y); }

// One tornado bar: the output at the input's low and at its high value.
struct TornadoBar {
  std::string name;
  double low, high;
};

// The tornado's bars from an array of {name|parameter|input|id, low, high} (numbers, or bands
// whose p50 is used); `base` is set from a bar's `base` when still unknown. False when an entry
// is not that shape.
bool tornado_bars(const J& items, double& base, std::vector<TornadoBar>& bars) {
  auto value = [](const J& v) { return v.is_number() ? num(v) : num(at(v, "p50"), NAN); };
  for (const auto& it : items) {
    std::string name;
    for (const char* k : {"name", "parameter", "input", "id", "factor", "label"})
      if (at(it, k).is_string()) {
        name = text(at(it, k));
        break;
      }
    // The output at the low and high input: `low`/`high`, else keys like `low_usd`/`value_low`
    // (never `low_input`, which is the input's own value).
    double lo = value(at(it, "low")), hi = value(at(it, "high"));
    for (const auto& [k, v] : it.items()) {
      if (k.ends_with("_input")) continue;
      if (std::isnan(lo) && (k.starts_with("low_") || k.ends_with("_low"))) lo = value(v);
      if (std::isnan(hi) && (k.starts_with("high_") || k.ends_with("_high"))) hi = value(v);
      if (k == "base" && std::isnan(base)) base = value(v);
    }
    if (name.empty() || std::isnan(lo) || std::isnan(hi)) return false;
    bars.push_back({name, lo, hi});
  }
  return true;
}

// A tornado: bars per input from the output's low to high value around the base. Accepts an
// array of bars (tornado_bars), or an object holding such an array and optionally `base`.
// Returns false when it is not that shape.
bool tornado_section(Builder& b, const J& t) {
  const J* items = &t;
  double base = NAN;
  std::string metric;
  if (t.is_object()) {
    items = nullptr;
    for (const auto& [k, v] : t.items()) {
      if (v.is_array() && !items) items = &v;
      if (k == "base" && v.is_number()) base = num(v);
      if (k == "base" && v.is_object()) base = num(at(v, "p50"), NAN);
      if ((k == "metric" || k == "output") && v.is_string() && metric.empty()) metric = text(v);
    }
    if (!items) return false;
  }
  if (!items->is_array() || items->empty()) return false;
  if (t.is_object() && at(t, "year").is_number()) metric += (metric.empty() ? "" : " ") + display_year(at(t, "year"));
  std::vector<TornadoBar> bars;
  if (!tornado_bars(*items, base, bars)) return false;
  if (std::isnan(base)) base = 0;
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& c) {
    return std::abs(a.high - a.low) < std::abs(c.high - c.low);
  });
  std::vector<std::string> names;
  J low = J::array(), high = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& x : bars) {
    names.push_back(x.name);
    low.push_back(round6(x.low - base));
    high.push_back(round6(x.high - base));
    rows.push_back({x.name, round6(x.low), round6(x.high), round6(base), round6(std::abs(x.high - x.low))});
  }
  std::reverse(rows.begin(), rows.end());
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = value_axis(metric.empty() ? "change from base" : metric + ", change from base");
  o["yAxis"] = category_axis(names);
  o["series"] = J::array({bar("low input", std::move(low), "t"), bar("high input", std::move(high), "t")});
  b.section("Sensitivities (tornado)",
            "How far the output moves when each input is set to its low and its high value, widest first.",
            std::move(o), {b.table("tornado", {"input", "low", "high", "base", "swing"}, std::move(rows))});
  return true;
}

// The first of `keys` that `j` has (market schema v1 and v2 name some figures differently).
const J& first_of(const J& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (!at(j, k).is_null()) return at(j, k);
  return null_json();
}

// Per-period figures: `per_period` (schema v1), else `quarters`, else `periods` when it holds
// objects (v2; in v1 `periods` is the list of labels).
const J& per_period_of(const J& r) {
  const J* per = &at(r, "per_period");
  if (!per->is_array()) per = &at(r, "quarters");
  if (!per->is_array() && at(r, "periods").is_array() && !at(r, "periods").empty() && at(r, "periods")[0].is_object())
    per = &at(r, "periods");
  if (!per->is_array()) throw Malformed{"per_period (or quarters): missing or not an array (expected an array)"};
  return *per;
}

// Shipments by class (speed), stacked.
void shipments_section(Builder& b, const J& per_period, const std::vector<std::string>& periods,
                       const std::vector<std::string>& classes) {
  J o = base_option();
  o["xAxis"] = category_axis(periods);
  o["yAxis"] = value_axis("units shipped (P50)");
  o["series"] = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& c : classes) {
    J data = J::array();
    for (const auto& p : per_period) data.push_back(num_or_null(at(at(at(p, "shipments"), c.c_str()), "p50")));
    o["series"].push_back(bar(c, std::move(data), "shipments"));
  }
  for (const auto& p : per_period)
    for (const auto& c : classes) {
      const J& s = at(at(p, "shipments"), c.c_str());
      rows.push_back({at(p, "period"), c, at(s, "p10"), at(s, "p50"), at(s, "p90"), at(s, "base")});
    }
  b.section("Shipments by speed",
            "Units shipped per period and class, stacked (median over the runs; the bands are in the table).",
            std::move(o), {b.table("shipments", {"period", "class", "p10", "p50", "p90", "base"}, std::move(rows))});
}

void value_section(Builder& b, const J& years, const std::vector<std::string>& year_names,
                   const std::vector<std::string>& classes) {
  std::vector<Band> v;
  std::vector<std::vector<J>> rows;
  std::vector<std::string> cols = {"year", "value_p10_usd", "value_p50_usd", "value_p90_usd", "value_base_usd"};
  for (const auto& c : classes) cols.push_back(c + "_p50_usd");
  for (const auto& y : years) {
    const J& value = first_of(y, {"value_usd", "market_value_usd"});
    v.push_back(band(value));
    std::vector<J> row = {at(y, "year"), at(value, "p10"), at(value, "p50"), at(value, "p90"), at(value, "base")};
    for (const auto& c : classes) row.push_back(at(at(at(y, "value_by_class_usd"), c.c_str()), "p50"));
    rows.push_back(std::move(row));
  }
  b.section("Market value by year",
            "Value of the units shipped in each year: median, P10–P90 band over the runs, and the run without "
            "variation.",
            band_chart(year_names, v, "USD", "#1f5fa8"), {b.table("value", cols, std::move(rows))});
}

void share_section(Builder& b, const J& years, const std::vector<std::string>& year_names) {
  std::vector<Band> v;
  std::vector<std::vector<J>> rows;
  for (const auto& y : years) {
    const J& s = first_of(y, {"high_speed_share", "share_800g_plus"});
    v.push_back(band(s));
    rows.push_back({at(y, "year"), at(s, "p10"), at(s, "p50"), at(s, "p90"), at(s, "base")});
  }
  J o = band_chart(year_names, v, "share of units", "#2e7d4f");
  o["yAxis"]["max"] = 1;
  b.section("800G-and-above share", "Share of units in the high-speed classes per year, with its P10–P90 band.",
            std::move(o), {b.table("high_speed_share", {"year", "p10", "p50", "p90", "base"}, std::move(rows))});
}

// Per buyer: what it was due and what it was shipped in each year, by class (the JSON's
// years[].buyers), so a buyer can see its own fill under the market's shortage.
void buyers_section(Builder& b, const J& years) {
  std::vector<std::vector<J>> rows;
  for (const auto& y : years) {
    if (!y.is_object() || !y.contains("buyers") || !at(y, "buyers").is_object()) continue;
    for (const auto& [buyer, v] : at(y, "buyers").items()) {
      if (!v.is_object() || !v.contains("demand") || !v.contains("shipments")) continue;
      for (const auto& [cls, due] : at(v, "demand").items()) {
        const J& shipped = at(at(v, "shipments"), cls.c_str());
        const double d = num(at(due, "p50")), s = num(at(shipped, "p50"));
        rows.push_back({at(y, "year"), J(buyer), J(cls), at(due, "p50"), at(shipped, "p50"),
                        d > 0 ? J(std::round(s / d * 1e4) / 1e4) : J()});
      }
    }
  }
  if (rows.empty()) return;
  // The chart: each buyer's fill (all classes) per year, a bar per year.
  std::vector<std::string> buyers, year_names;
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> totals;  // (year, buyer) -> (due, shipped)
  for (const auto& row : rows) {
    const std::string year = display(row[0], true), buyer = text(row[1]);
    if (std::find(buyers.begin(), buyers.end(), buyer) == buyers.end()) buyers.push_back(buyer);
    if (std::find(year_names.begin(), year_names.end(), year) == year_names.end()) year_names.push_back(year);
    auto& [due, shipped] = totals[{year, buyer}];
    due += num(row[3]);
    shipped += num(row[4]);
  }
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = category_axis(buyers);
  o["yAxis"] = value_axis("shipped / due (P50)");
  o["series"] = J::array();
  for (const auto& year : year_names) {
    J data = J::array();
    for (const auto& buyer : buyers) {
      const auto it = totals.find({year, buyer});
      data.push_back(it != totals.end() && it->second.first > 0 ? J(round6(it->second.second / it->second.first))
                                                                : J());
    }
    o["series"].push_back(bar(year, std::move(data)));
  }
  b.section("Per buyer: what each was shipped of what it was due",
            "Units each buyer was due and was shipped in each year at P50, all classes (chart) and by class (table); "
            "fill is shipped over due in the year (late units of earlier years count when they ship, so it can pass "
            "1).",
            std::move(o),
            {b.table("buyers", {"year", "buyer", "class", "due_p50", "shipped_p50", "fill"}, std::move(rows))});
}

// The events the scenario names (e.g. "EML shortage persists past 2026Q4"): the share of runs in
// which each happened, and whether the base run has it.
void events_section(Builder& b, const J& events) {
  if (!events.is_array() || events.empty()) return;
  // Events of another shape (older results) keep their own table.
  if (!std::all_of(events.begin(), events.end(), [](const J& e) { return at(e, "probability").is_number(); })) {
    generic_table(b, "events", events);
    return;
  }
  std::vector<std::string> names;
  J p = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& e : events) {
    names.push_back(text(at(e, "name")));
    p.push_back(num_or_null(at(e, "probability")));
    rows.push_back({at(e, "id"), at(e, "name"), at(e, "probability"), at(e, "base")});
  }
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = value_axis("share of runs");
  o["xAxis"]["max"] = 1;
  o["yAxis"] = category_axis(names);
  o["yAxis"]["inverse"] = true;
  o["series"] = J::array({bar("probability", std::move(p))});
  auto& s = b.section("Events: how likely each one is",
                      "The share of the runs in which each event the scenario names happened; the table says whether "
                      "the base run (every input at its median) has it.",
                      std::move(o), {b.table("events", {"event", "name", "probability", "base_run"}, std::move(rows))});
  s.height = std::max(220, 60 + 36 * static_cast<int>(names.size()));
}

// Long-term agreements: what each reserved, what its holder used and what it released, as bands.
void agreements_section(Builder& b, const J& agreements) {
  if (!agreements.is_array() || agreements.empty()) return;
  if (!std::all_of(agreements.begin(), agreements.end(), [](const J& a) { return at(a, "reserved").is_object(); })) {
    generic_table(b, "agreements", agreements);
    return;
  }
  std::vector<std::vector<J>> rows;
  for (const auto& a : agreements)
    rows.push_back({at(a, "id"), at(a, "holder"), at(at(a, "reserved"), "p50"), at(at(a, "used"), "p50"),
                    at(at(a, "released"), "p50"), at(at(a, "used"), "p10"), at(at(a, "used"), "p90")});
  b.section("Long-term agreements: capacity reserved, used and released",
            "Per agreement over the whole horizon, units at P50 (used also at P10 and P90): what its holder reserved, "
            "what it took, and what it released to others.",
            J(),
            {b.table("agreements",
                     {"agreement", "holder", "reserved_p50", "used_p50", "released_p50", "used_p10", "used_p90"},
                     std::move(rows))});
}

void binding_section(Builder& b, const J& per_period, const std::vector<std::string>& periods) {
  std::vector<std::string> bindings;
  for (const auto& p : per_period)
    if (at(p, "binding").is_string() &&
        std::find(bindings.begin(), bindings.end(), text(at(p, "binding"))) == bindings.end())
      bindings.push_back(text(at(p, "binding")));
  std::vector<std::vector<J>> rows;
  for (const auto& p : per_period)
    rows.push_back({at(p, "period"), at(p, "binding"), at(p, "binding_gain_units"), at(p, "binding_share_of_runs")});
  const size_t t = b.table("binding", {"period", "binding", "gain_units", "share_of_runs"}, std::move(rows));
  if (bindings.empty()) {
    b.section("Binding constraint per period", "No constraint bound in any period.", J(), {t});
    return;
  }
  J o = base_option();
  o["xAxis"] = category_axis(periods);
  o["yAxis"] = value_axis("units more shipped with +10%");
  o["series"] = J::array();
  for (const auto& name : bindings) {
    J data = J::array();
    for (const auto& p : per_period)
      data.push_back(text(at(p, "binding")) == name ? num_or_null(at(p, "binding_gain_units")) : J("-"));
    o["series"].push_back(bar(name, std::move(data), "binding"));
  }
  b.section(
      "Binding constraint per period",
      "In each period, the constraint whose relief (+10% capacity, the base run otherwise) ships the most more units, "
      "among those the runs name as causes, and the share of runs that name it.",
      std::move(o), {t});
}

// A per-period band (backlog, wait): its chart and a table named `table`.
void period_band_section(Builder& b, const J& per_period, const std::vector<std::string>& periods, const char* key,
                         const std::string& title, const std::string& note, const std::string& axis,
                         const std::string& color, const std::string& table) {
  std::vector<Band> v;
  std::vector<std::vector<J>> rows;
  for (const auto& p : per_period) {
    const J& s = at(p, key);
    v.push_back(band(s));
    rows.push_back({at(p, "period"), at(s, "p10"), at(s, "p50"), at(s, "p90"), at(s, "base")});
  }
  b.section(title, note, band_chart(periods, v, axis, color),
            {b.table(table, {"period", "p10", "p50", "p90", "base"}, std::move(rows))});
}

}  // namespace

void market_sections(Builder& b, const J& r) {
  const J& years = need(r, "years", J::value_t::array, "");
  const J& per_period = per_period_of(r);
  std::vector<std::string> classes;
  for (const auto& c : at(r, "classes")) classes.push_back(text(c));
  std::vector<std::string> periods;
  for (const auto& p : per_period) periods.push_back(text(at(p, "period")));
  shipments_section(b, per_period, periods, classes);
  std::vector<std::string> year_names;
  for (const auto& y : years) year_names.push_back(text(at(y, "year")));
  value_section(b, years, year_names, classes);
  share_section(b, years, year_names);
  buyers_section(b, years);
  events_section(b, at(r, "events"));
  agreements_section(b, at(r, "agreements"));
  binding_section(b, per_period, periods);
  period_band_section(b, per_period, periods, "backlog", "Backlog",
                      "Units due by each period and not yet delivered, with its P10–P90 band.", "units", "#b3261e",
                      "backlog");
  if (!per_period.empty() && at(per_period[0], "wait_periods").is_object())
    period_band_section(b, per_period, periods, "wait_periods", "Wait",
                        "Periods late, on average, of the units delivered in each period, with its P10–P90 band.",
                        "periods late", "#8a5a00", "wait");
  // A market without uncertain inputs has a tornado with no bars: nothing to show.
  const bool no_bars = r.contains("tornado") && at(r, "tornado").is_object() && at(r, "tornado").contains("bars") &&
                       at(at(r, "tornado"), "bars").is_array() && at(at(r, "tornado"), "bars").empty();
  if (r.contains("tornado") && !no_bars && !tornado_section(b, at(r, "tornado")))
    generic_table(b, "tornado", at(r, "tornado"));
  std::vector<std::vector<J>> rows = {
      {"runs", at(r, "runs")},
      {"classes", strings_joined(at(r, "classes"))},
      {"periods",
       J(std::to_string(periods.size()) + (periods.empty() ? "" : ": " + periods.front() + " to " + periods.back()))}};
  b.section("Inputs", "The simulation as run.", J(), {b.table("inputs", {"input", "value"}, std::move(rows))});
}

}  // namespace opticplan::report::detail
