// Writers for the total cost of ownership of a fabric's optics (fabric/tco.h).
#include <cmath>

#include "opticplan/core/table.h"
#include "opticplan/core/units.h"
#include "opticplan/results/fabric_results.h"

namespace opticplan::results {

using nlohmann::ordered_json;

namespace {
const char* kind_name(fabric::TcoPartKind k) {
  switch (k) {
    case fabric::TcoPartKind::kModule: return "module";
    case fabric::TcoPartKind::kCable: return "cable";
    case fabric::TcoPartKind::kCpoEngine: return "cpo-engine";
    case fabric::TcoPartKind::kEls: return "els";
  }
  return "module";
}
}  // namespace

std::string tco_text(const fabric::Tco& t) {
  const fabric::TcoOptions& o = t.options;
  std::string out = "\nTotal cost of ownership over " + std::to_string(o.years) + " years ($" +
                    format_number(o.usd_per_kwh, 4) + "/kWh, PUE " + format_number(o.pue, 3) + "; spares for " +
                    format_number(o.availability * 100, 4) + "% over a " + format_number(o.lead_time_weeks, 3) +
                    "-week lead time):\n";
  Table money;
  money.column("cost");
  money.column("USD", Table::Align::kRight);
  for (const auto& [name, m] : {std::pair<const char*, Money>{"switches", t.switches_capex},
                                {"optics", t.optics_capex},
                                {"spares pool", t.spares_capex},
                                {"replacements", t.replacements},
                                {"optics power", t.optics_power_cost},
                                {"switch power", t.switch_power_cost},
                                {"total", t.total}})
    money.row({name, money_text(m)});
  out += money.text(2);
  Table parts;
  using A = Table::Align;
  for (const char* h :
       {"part", "kind", "installed", "FIT", "AFR", "failures/yr", "links down", "hours", "spares", "link-down h/yr"})
    parts.column(h, std::string(h) == "part" || std::string(h) == "kind" ? A::kLeft : A::kRight);
  for (const auto& p : t.parts)
    parts.row({p.id, kind_name(p.kind),
               p.installed == std::floor(p.installed) ? grouped(static_cast<int64_t>(p.installed))
                                                      : format_number(p.installed, 6),
               format_number(p.fit, 5), format_number(p.afr * 100, 3) + "%", format_number(p.failures_per_year, 4),
               format_number(p.links_down_per_failure, 3), format_number(p.down_hours, 3),
               p.kind == fabric::TcoPartKind::kCpoEngine ? "-" : grouped(p.spares),
               format_number(p.link_down_hours_per_year, 4)});
  out += parts.text(2);
  out += "  " + format_number(t.failures_per_year, 4) + " failures a year, " +
         format_number(t.link_down_hours_per_year, 4) + " link-hours down a year; lasers " +
         grouped(static_cast<int64_t>(std::llround(t.lasers_installed))) + " installed + " +
         grouped(static_cast<int64_t>(std::llround(t.lasers_replaced))) +
         " replaced = " + format_number(t.lasers_per_gpu, 4) + " per GPU\n";
  if (t.parts_without_fit > 0)
    out +=
        "  " + grouped(t.parts_without_fit) + " parts have no failure rate in the catalog (counted as never failing)\n";
  out += "  (a pluggable or cable is swapped from spares in " + format_number(o.swap_hours, 3) +
         " h; a co-packaged engine takes its " + std::to_string(o.cpo_ports_per_engine) + " ports down for " +
         format_number(o.switch_repair_hours, 3) + " h, until its switch is repaired)\n";
  return out;
}

ordered_json tco_json(const fabric::Tco& t) {
  const fabric::TcoOptions& o = t.options;
  ordered_json j;
  j["years"] = o.years;
  j["usd_per_kwh"] = o.usd_per_kwh;
  j["pue"] = o.pue;
  j["spares_availability"] = o.availability;
  j["lead_time_weeks"] = o.lead_time_weeks;
  j["swap_hours"] = o.swap_hours;
  j["switch_repair_hours"] = o.switch_repair_hours;
  j["cpo_ports_per_engine"] = o.cpo_ports_per_engine;
  j["cost_usd"] = {{"switches", t.switches_capex.value()},
                   {"optics", t.optics_capex.value()},
                   {"spares", t.spares_capex.value()},
                   {"replacements", t.replacements.value()},
                   {"optics_power", t.optics_power_cost.value()},
                   {"switch_power", t.switch_power_cost.value()},
                   {"total", t.total.value()}};
  j["kwh_per_year"] = {{"optics", t.optics_kwh_per_year}, {"switches", t.switch_kwh_per_year}};
  j["parts"] = ordered_json::array();
  for (const auto& p : t.parts)
    j["parts"].push_back(
        {{"id", p.id},
         {"kind", kind_name(p.kind)},
         {"installed", p.installed},
         {"fit", p.fit},
         {"afr", p.afr},
         {"failures_per_year", p.failures_per_year},
         {"links_down_per_failure", p.links_down_per_failure},
         {"down_hours", p.down_hours},
         {"spares", p.kind == fabric::TcoPartKind::kCpoEngine ? ordered_json(nullptr) : ordered_json(p.spares)},
         {"link_down_hours_per_year", p.link_down_hours_per_year},
         {"unit_price_usd", p.unit_price.value()},
         {"emitters", p.emitters}});
  j["failures_per_year"] = t.failures_per_year;
  j["link_down_hours_per_year"] = t.link_down_hours_per_year;
  j["lasers"] = {{"installed", t.lasers_installed}, {"replaced", t.lasers_replaced}, {"per_gpu", t.lasers_per_gpu}};
  j["parts_without_fit"] = t.parts_without_fit;
  return j;
}

}  // namespace opticplan::results
