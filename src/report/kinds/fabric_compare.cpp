// Report sections for fabric designs compared (opticplan.fabric-compare): power, cost, lasers and
// DSPs, and modules per GPU across the designs, then the base design's fabric in full.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

// A bar chart with one category per design (labels tilted when there are many).
J per_design_option(const std::vector<std::string>& names, const std::string& axis) {
  J o = base_option();
  o["xAxis"] = category_axis(names);
  o["xAxis"]["axisLabel"] = {{"interval", 0}, {"rotate", names.size() > 4 ? 20 : 0}};
  o["yAxis"] = value_axis(axis);
  return o;
}

void modules_section(Builder& b, const std::vector<std::string>& names, const std::vector<std::string>& modules,
                     std::map<std::string, std::map<std::string, double>>& count) {
  J o = per_design_option(names, "modules");
  o["series"] = J::array();
  std::vector<std::vector<J>> mrows;
  for (const auto& id : modules) {
    J data = J::array();
    for (const auto& n : names) {
      data.push_back(count[id][n]);
      if (count[id][n] > 0) mrows.push_back({n, id, count[id][n]});
    }
    o["series"].push_back(bar(id, std::move(data), "modules"));
  }
  b.section("Modules by design and type", "Transceivers per design, stacked by catalog id.", std::move(o),
            {b.table("design_modules", {"design", "module", "count"}, std::move(mrows))});
}

// The total cost of ownership per GPU across the designs (fabric compare --tco), stacked by cost.
void tco_section(Builder& b, const J& designs) {
  static const char* kCosts[] = {"switches", "optics", "spares", "replacements", "optics_power", "switch_power"};
  std::vector<std::string> names;
  std::map<std::string, J> data;
  std::vector<std::vector<J>> rows;
  std::string years;
  for (const auto& d : designs) {
    const J& f = at(d, "fabric");
    const J& t = at(f, "tco");
    if (!t.is_object()) continue;
    years = text(at(t, "years"));
    const double gpus = num(at(at(f, "cluster"), "gpus"));
    names.push_back(text(at(d, "name")));
    for (const char* k : kCosts) data[k].push_back(gpus > 0 ? ratio(num(at(at(t, "cost_usd"), k)), gpus) : J());
    rows.push_back({at(d, "name"), at(at(t, "cost_usd"), "total"),
                    gpus > 0 ? ratio(num(at(at(t, "cost_usd"), "total")), gpus) : J(), at(t, "failures_per_year"),
                    at(t, "link_down_hours_per_year"), at(at(t, "lasers"), "per_gpu")});
  }
  if (names.empty()) return;
  J o = per_design_option(names, "USD per GPU");
  o["series"] = J::array();
  for (const char* k : kCosts) o["series"].push_back(bar(k, data[k], "total"));
  b.section("Total cost of ownership across designs",
            "Per GPU over " + years +
                " years, stacked: switches and optics as bought, the spares pool, replacements of what fails, and "
                "power; with the failures a year, the link-hours they take down and the lasers per GPU.",
            std::move(o),
            {b.table("design_tco",
                     {"design", "total_usd", "usd_per_gpu", "failures_per_year", "link_down_hours_per_year",
                      "lasers_per_gpu"},
                     std::move(rows))});
}

}  // namespace

void fabric_compare_sections(Builder& b, const J& r) {
  const J& designs = need(r, "designs", J::value_t::array, "");
  std::vector<std::string> names, modules;
  std::vector<std::vector<J>> rows;
  J opw = J::array(), spw = J::array(), ocost = J::array(), scost = J::array(), lasers = J::array(), dsps = J::array();
  std::map<std::string, std::map<std::string, double>> count;  // module -> design -> count
  for (const auto& d : designs) {
    const std::string name = text(at(d, "name"));
    const J& f = at(d, "fabric");
    const J& bom = at(f, "bom");
    const J& pg = at(bom, "per_gpu");
    const double gpus = num(at(at(f, "cluster"), "gpus"));
    rows.push_back({name, at(d, "error"), at(at(f, "cluster"), "gpus"), at(f, "tiers"), at(bom, "modules"),
                    at(bom, "fibres"), at(pg, "optics_power_w"), at(pg, "switch_power_w"), at(pg, "optics_cost_usd"),
                    at(pg, "switch_cost_usd"), at(d, "lasers"), at(d, "dsps"),
                    gpus > 0 && at(d, "lasers").is_number() ? ratio(num(at(d, "lasers")), gpus) : J(),
                    gpus > 0 && at(d, "dsps").is_number() ? ratio(num(at(d, "dsps")), gpus) : J()});
    if (!at(d, "error").is_null() || !f.is_object()) continue;
    names.push_back(name);
    opw.push_back(num_or_null(at(pg, "optics_power_w")));
    spw.push_back(num_or_null(at(pg, "switch_power_w")));
    ocost.push_back(num_or_null(at(pg, "optics_cost_usd")));
    scost.push_back(num_or_null(at(pg, "switch_cost_usd")));
    lasers.push_back(gpus > 0 ? ratio(num(at(d, "lasers")), gpus) : J());
    dsps.push_back(gpus > 0 ? ratio(num(at(d, "dsps")), gpus) : J());
    for (const auto& [id, n] : at(f, "transceivers").items()) {
      if (std::find(modules.begin(), modules.end(), id) == modules.end()) modules.push_back(id);
      count[id][name] += num(n);
    }
  }
  const size_t t =
      b.table("designs",
              {"design", "error", "gpus", "tiers", "modules", "fibres", "optics_w_per_gpu", "switch_w_per_gpu",
               "optics_usd_per_gpu", "switch_usd_per_gpu", "lasers", "dsps", "lasers_per_gpu", "dsps_per_gpu"},
              std::move(rows));
  auto stacked = [&](const std::string& axis, J a, J c) {
    J o = per_design_option(names, axis);
    o["series"] = J::array({bar("optics", std::move(a), "total"), bar("switches", std::move(c), "total")});
    return o;
  };
  b.section("Power per GPU across designs", "Optics and switch power per GPU, each design that could be built.",
            stacked("W per GPU", opw, spw), {t});
  b.section("Cost per GPU across designs", "Optics and switch cost per GPU (prices of the design's year).",
            stacked("USD per GPU", ocost, scost));
  J o = per_design_option(names, "per GPU");
  o["series"] = J::array({bar("lasers per GPU", lasers), bar("DSPs per GPU", dsps)});
  b.section("Lasers and DSPs per GPU", "The scarce parts inside the optics: EMLs, CW lasers, VCSEL arrays, DMLs; DSPs.",
            std::move(o));
  modules_section(b, names, modules, count);
  tco_section(b, designs);
  // The base design in full.
  if (!designs.empty() && at(designs[0], "fabric").is_object()) {
    b.set_prefix("base_", text(at(designs[0], "name")) + ": ");
    fabric_sections(b, at(designs[0], "fabric"));
    b.set_prefix("", "");
  }
}

}  // namespace opticplan::report::detail
