#include "opticplan/report/market_report.h"

#include <cmath>

#include "opticplan/core/units.h"
#include "opticplan/report/table.h"

namespace opticplan::report {
using nlohmann::ordered_json;

namespace {

std::string billions(double usd) { return "$" + format_number(usd / 1e9, 4) + "B"; }
std::string millions(double units) { return format_number(units / 1e6, 4) + "M"; }
std::string pct(double v) { return format_number(v * 100, 3) + "%"; }

ordered_json band_json(const market::Band& b, double scale = 1) {
  const auto r = [&](double v) { return std::round(v * scale * 1e6) / 1e6; };
  return {{"p10", r(b.p10)}, {"p50", r(b.p50)}, {"p90", r(b.p90)}, {"base", r(b.base)}};
}

}  // namespace

std::string market_text(const market::MarketResult& r) {
  using A = Table::Align;
  std::string out = "Market: " + std::to_string(r.runs) + " runs; P10 / P50 / P90 over the runs, and the base run (no variation)\n\n";
  Table y;
  y.column("year");
  y.column("value P10", A::kRight);
  y.column("P50", A::kRight);
  y.column("P90", A::kRight);
  y.column("base", A::kRight);
  y.column("800G+ share P50", A::kRight);
  y.column("base", A::kRight);
  for (size_t i = 0; i < r.years.size(); ++i)
    y.row({std::to_string(r.years[i]), billions(r.value[i].p10), billions(r.value[i].p50), billions(r.value[i].p90),
           billions(r.value[i].base), pct(r.high_speed_share[i].p50), pct(r.high_speed_share[i].base)});
  out += y.text(2);
  out += "\nShipments per period (P50 units):\n";
  Table s;
  s.column("period");
  for (const auto& c : r.classes) s.column(c, A::kRight);
  s.column("backlog", A::kRight);
  s.column("binding most often");
  for (size_t t = 0; t < r.periods.size(); ++t) {
    std::vector<std::string> row = {r.periods[t]};
    for (size_t c = 0; c < r.classes.size(); ++c) row.push_back(millions(r.shipments[c][t].p50));
    row.push_back(millions(r.backlog[t].p50));
    row.push_back(r.binding[t].empty() ? "-" : r.binding[t] + " (" + pct(r.binding_frequency[t]) + " of runs)");
    s.row(std::move(row));
  }
  out += s.text(2);
  return out;
}

ordered_json market_json(const market::MarketResult& r) {
  ordered_json j;
  j["schema"] = "opticplan.market";
  j["version"] = 1;
  j["runs"] = r.runs;
  j["periods"] = r.periods;
  j["classes"] = r.classes;
  ordered_json years = ordered_json::array();
  for (size_t i = 0; i < r.years.size(); ++i) {
    ordered_json by_class = ordered_json::object();
    for (size_t c = 0; c < r.classes.size(); ++c) by_class[r.classes[c]] = band_json(r.class_value[c][i]);
    years.push_back({{"year", r.years[i]},
                     {"value_usd", band_json(r.value[i])},
                     {"value_by_class_usd", std::move(by_class)},
                     {"high_speed_share", band_json(r.high_speed_share[i])}});
  }
  j["years"] = std::move(years);
  ordered_json periods = ordered_json::array();
  for (size_t t = 0; t < r.periods.size(); ++t) {
    ordered_json ship = ordered_json::object();
    for (size_t c = 0; c < r.classes.size(); ++c) ship[r.classes[c]] = band_json(r.shipments[c][t]);
    periods.push_back({{"period", r.periods[t]},
                       {"shipments", std::move(ship)},
                       {"backlog", band_json(r.backlog[t])},
                       {"binding", r.binding[t].empty() ? ordered_json(nullptr) : ordered_json(r.binding[t])},
                       {"binding_share_of_runs", std::round(r.binding_frequency[t] * 1e6) / 1e6}});
  }
  j["per_period"] = std::move(periods);
  return j;
}

}  // namespace opticplan::report
