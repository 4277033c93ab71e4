// Report sections for a fabric (opticplan.fabric): the summary, optical modules by tier, power and
// cost per GPU, link lengths per tier, and the cluster's inputs. A fabric compare and a run show a
// fabric with these sections too.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

std::string tier_medium(const J& fabric, const std::string& tier) {
  for (const auto& t : at(at(fabric, "bom"), "tiers"))
    if (text(at(t, "tier")) == tier) return text(at(t, "medium"));
  return "";
}

void summary_section(Builder& b, const J& f) {
  const J& bom = at(f, "bom");
  std::vector<std::vector<J>> rows;
  const J& cl = at(f, "cluster");
  rows.push_back({"GPUs", at(cl, "gpus")});
  rows.push_back({"servers", at(cl, "servers")});
  rows.push_back({"tiers", at(f, "tiers")});
  for (const auto& [k, v] : at(f, "switches").items()) rows.push_back({k + " switches", v});
  for (const auto& [k, v] : at(f, "links").items())  // logical links; a breakout's legs each count
    rows.push_back({k == "nic_leaf_ports" ? std::string("leaf ports for nic_leaf links") : k + " links", v});
  rows.push_back({"bisection (Gb/s)", at(f, "bisection_gbps")});
  rows.push_back({"optics per GPU", at(f, "optics_per_gpu")});
  rows.push_back({"power (W)", at(f, "power_w")});
  rows.push_back({"cost (USD)", at(f, "cost_usd")});
  if (bom.is_object()) {
    rows.push_back({"modules", at(bom, "modules")});
    rows.push_back({"links", at(bom, "links")});
    rows.push_back({"fibre cables", at(bom, "fibres")});
  } else {
    rows.push_back({"bill of materials", at(f, "bom_note")});
  }
  b.section("Summary", "What the fabric is: size, switches and links per tier, totals.", J(),
            {b.table("summary", {"quantity", "value"}, std::move(rows))});
}

// Transceivers and cables of the bill of materials, each with its cost (count × unit price).
std::vector<std::vector<J>> module_rows(const J& bom) {
  std::vector<std::vector<J>> tx;
  for (const auto& t : at(bom, "transceivers")) {
    const J price = at(t, "unit_price_usd");
    tx.push_back({at(t, "id"), "transceiver", at(t, "count"), at(t, "power_w"), price,
                  price.is_number() ? round6(num(price) * num(at(t, "count"))) : J()});
  }
  for (const auto& t : at(bom, "cables")) {
    const J price = at(t, "unit_price_usd");
    tx.push_back({at(t, "id"), "cable", at(t, "count"), at(t, "power_w"), price,
                  price.is_number() ? round6(num(price) * num(at(t, "count"))) : J()});
  }
  return tx;
}

void modules_section(Builder& b, const J& bom) {
  const J& tiers = need(bom, "tiers", J::value_t::array, "bom");
  std::vector<std::string> tier_names, modules;
  std::map<std::string, std::map<std::string, double>> count;  // module -> tier -> modules
  std::vector<std::vector<J>> rows;
  for (const auto& t : tiers) {
    const std::string tier = text(at(t, "tier"));
    tier_names.push_back(tier);
    for (const auto& [id_key, n_key] :
         {std::pair{"lower_module", "lower_modules"}, std::pair{"upper_module", "upper_modules"}}) {
      const std::string id = text(at(t, id_key));
      if (id.empty()) continue;
      if (std::find(modules.begin(), modules.end(), id) == modules.end()) modules.push_back(id);
      count[id][tier] += num(at(t, n_key));
    }
    rows.push_back({tier, at(t, "links"), at(t, "cables"), at(t, "length_m"), at(t, "pmd"), at(t, "medium"),
                    at(t, "lower_module"), at(t, "lower_modules"), at(t, "upper_module"), at(t, "upper_modules"),
                    at(t, "reach_m"), at(t, "loss_db"), at(t, "loss_margin_db")});
  }
  J o = base_option();
  o["xAxis"] = category_axis(tier_names, "tier");
  o["yAxis"] = value_axis("modules");
  o["series"] = J::array();
  for (const auto& id : modules) {
    J data = J::array();
    for (const auto& tier : tier_names) data.push_back(count[id][tier]);
    o["series"].push_back(bar(id, std::move(data), "modules"));
  }
  const size_t t1 = b.table("bom_tiers",
                            {"tier", "links", "cables", "length_m", "pmd", "medium", "lower_module", "lower_modules",
                             "upper_module", "upper_modules", "reach_m", "loss_db", "loss_margin_db"},
                            std::move(rows));
  const size_t t2 =
      b.table("bom_modules", {"id", "kind", "count", "power_w", "unit_price_usd", "cost_usd"}, module_rows(bom));
  std::vector<std::vector<J>> comps;
  for (const auto& c : at(bom, "components")) comps.push_back({at(c, "id"), at(c, "quantity")});
  const size_t t3 = b.table("bom_components", {"component", "quantity"}, std::move(comps));
  b.section("Modules by tier and type",
            "Optical modules and cable assemblies per tier, stacked by catalog id (both ends).", std::move(o),
            {t1, t2, t3});
}

void per_gpu_section(Builder& b, const J& bom) {
  const J& pg = at(bom, "per_gpu");
  J p = base_option();
  p["xAxis"] = category_axis({"optics", "switches"});
  p["yAxis"] = J::array({value_axis("W per GPU"), value_axis("USD per GPU", true)});
  p["series"] =
      J::array({bar("power (W per GPU)",
                    J::array({num_or_null(at(pg, "optics_power_w")), num_or_null(at(pg, "switch_power_w"))})),
                bar("cost (USD per GPU)",
                    J::array({num_or_null(at(pg, "optics_cost_usd")), num_or_null(at(pg, "switch_cost_usd"))}))});
  p["series"][1]["yAxisIndex"] = 1;
  b.section("Power and cost per GPU", "Optics and switches, per GPU: power on the left axis, cost on the right.",
            std::move(p),
            {b.table("per_gpu", {"part", "power_w_per_gpu", "cost_usd_per_gpu"},
                     {{"optics", at(pg, "optics_power_w"), at(pg, "optics_cost_usd")},
                      {"switches", at(pg, "switch_power_w"), at(pg, "switch_cost_usd")}})});
}

void lengths_section(Builder& b, const J& f, const J& lengths) {
  std::set<double> bounds;
  bool open_bin = false;
  for (const auto& t : lengths)
    for (const auto& bin : at(t, "bins")) {
      if (at(bin, "up_to_m").is_number())
        bounds.insert(num(at(bin, "up_to_m")));
      else
        open_bin = true;
    }
  std::vector<std::string> cats;
  cats.reserve(bounds.size() + 1);
  for (double v : bounds) cats.push_back("≤ " + format_number(v, 3) + " m");
  if (open_bin) cats.push_back("longer");
  J o = base_option();
  o["xAxis"] = category_axis(cats, "length");
  o["yAxis"] = value_axis("links");
  o["series"] = J::array();
  std::vector<std::vector<J>> rows, bins;
  for (const auto& t : lengths) {
    const std::string tier = text(at(t, "tier"));
    const std::string medium = tier_medium(f, tier);
    J data = J::array();
    for (size_t i = 0; i < cats.size(); ++i) data.push_back(0);
    for (const auto& bin : at(t, "bins")) {
      const J& up = at(bin, "up_to_m");
      const size_t i =
          up.is_number() ? static_cast<size_t>(std::distance(bounds.begin(), bounds.find(num(up)))) : cats.size() - 1;
      data[i] = num(data[i]) + num(at(bin, "links"));
      bins.push_back({tier, up, at(bin, "links")});
    }
    std::string series = tier;
    if (!medium.empty()) series.append(" (").append(medium).append(")");
    o["series"].push_back(bar(series, std::move(data)));
    rows.push_back({tier, medium.empty() ? J() : J(medium), at(t, "links"), at(t, "shortest_m"), at(t, "mean_m"),
                    at(t, "longest_m"), at(t, "failing"), at(t, "least_margin_db")});
  }
  const size_t t1 =
      b.table("lengths", {"tier", "medium", "links", "shortest_m", "mean_m", "longest_m", "failing", "least_margin_db"},
              std::move(rows));
  const size_t t2 = b.table("length_bins", {"tier", "up_to_m", "links"}, std::move(bins));
  b.section("Link lengths per tier",
            "How many links of each length the layout gives, per tier, with the medium chosen.", std::move(o),
            {t1, t2});
}

// The SU size as a choice (fabric/leaf_sizing.h): the design as built beside the full-SU one.
void leaf_sizing_section(Builder& b, const J& ls) {
  const J& built = at(ls, "as_built");
  const J& full = at(ls, "full_su");
  std::vector<std::vector<J>> rows;
  for (const char* k : {"nodes_per_su", "tiers", "leaf_ports_used", "scalable_units", "leaves", "spines", "cores",
                        "switch_cost_usd", "optics_cost_usd", "switch_power_w", "optics_power_w"})
    rows.push_back({k, at(built, k), full.is_object() ? at(full, k) : J()});
  const std::string why =
      full.is_object() ? "" : " The full-SU design cannot be built: " + text(at(ls, "full_su_error"));
  b.section("Leaf sizing",
            "The scalable-unit size was left at its default, and each leaf uses " + text(at(built, "leaf_ports_used")) +
                " of its " + text(at(ls, "leaf_ports")) +
                " ports: the same cluster with an SU as large as a leaf's ports take, side by side. Set nodes_per_su "
                "to choose." +
                why,
            J(), {b.table("leaf_sizing", {"quantity", "default SU", "full SU"}, std::move(rows))});
}

// The total cost of ownership (fabric --tco): its costs as a bar chart, and each part's failures.
void tco_section(Builder& b, const J& t) {
  const J& cost = at(t, "cost_usd");
  std::vector<std::string> names;
  J data = J::array();
  std::vector<std::vector<J>> costs;
  for (const char* k : {"switches", "optics", "spares", "replacements", "optics_power", "switch_power"}) {
    names.emplace_back(k);
    data.push_back(num_or_null(at(cost, k)));
    costs.push_back({k, at(cost, k)});
  }
  costs.push_back({"total", at(cost, "total")});
  J o = base_option();
  o["xAxis"] = category_axis(names);
  o["yAxis"] = value_axis("USD");
  o["series"] = J::array({bar("cost (USD)", std::move(data))});
  std::vector<std::vector<J>> parts;
  for (const auto& p : at(t, "parts"))
    parts.push_back({at(p, "id"), at(p, "kind"), at(p, "installed"), at(p, "fit"), at(p, "afr"),
                     at(p, "failures_per_year"), at(p, "links_down_per_failure"), at(p, "down_hours"), at(p, "spares"),
                     at(p, "link_down_hours_per_year")});
  const J& lasers = at(t, "lasers");
  b.section("Total cost of ownership over " + text(at(t, "years")) + " years",
            "Capital, spares, replacements and power (at $" + text(at(t, "usd_per_kwh")) + "/kWh, PUE " +
                text(at(t, "pue")) + "). Failure rates are each part's component FITs summed; " +
                text(at(t, "failures_per_year")) + " failures a year take " + text(at(t, "link_down_hours_per_year")) +
                " link-hours down; lasers per GPU over the years: " + text(at(lasers, "per_gpu")) + ".",
            std::move(o),
            {b.table("tco_costs", {"cost", "usd"}, std::move(costs)),
             b.table("tco_parts",
                     {"part", "kind", "installed", "fit", "afr", "failures_per_year", "links_down", "down_hours",
                      "spares", "link_down_hours_per_year"},
                     std::move(parts))});
}

}  // namespace

void fabric_sections(Builder& b, const J& f) {
  need(f, "cluster", J::value_t::object, "fabric");
  const J& bom = at(f, "bom");
  summary_section(b, f);
  if (bom.is_object()) {
    modules_section(b, bom);
    per_gpu_section(b, bom);
  } else {
    b.section("Bill of materials", text(at(f, "bom_note")).empty() ? "No bill of materials." : text(at(f, "bom_note")));
  }
  if (const J& ls = at(f, "leaf_sizing"); ls.is_object()) leaf_sizing_section(b, ls);
  if (const J& t = at(f, "tco"); t.is_object()) tco_section(b, t);
  const J& lengths = at(f, "lengths");
  if (lengths.is_array() && !lengths.empty()) lengths_section(b, f, lengths);
  b.section("Inputs", "The cluster as the fabric builder read it, every default filled in.", J(),
            {b.table("inputs", {"input", "value"}, key_values(at(f, "cluster")))});
}

}  // namespace opticplan::report::detail
