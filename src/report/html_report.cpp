#include "opticplan/report/report_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "opticplan/core/calendar.h"
#include "opticplan/core/units.h"
#include "opticplan/core/table.h"
#include "report_builder.h"

namespace opticplan::report {
namespace {

using namespace detail;

// ---- fabric ----------------------------------------------------------------------------------

std::string tier_medium(const J& fabric, const std::string& tier) {
  for (const auto& t : at(at(fabric, "bom"), "tiers"))
    if (text(at(t, "tier")) == tier) return text(at(t, "medium"));
  return "";
}

void fabric_sections(Builder& b, const J& f, bool with_inputs) {
  need(f, "cluster", J::value_t::object, "fabric");
  const J& bom = at(f, "bom");
  // Summary.
  {
    std::vector<std::vector<J>> rows;
    const J& cl = at(f, "cluster");
    rows.push_back({"GPUs", at(cl, "gpus")});
    rows.push_back({"servers", at(cl, "servers")});
    rows.push_back({"tiers", at(f, "tiers")});
    for (const auto& [k, v] : at(f, "switches").items()) rows.push_back({k + " switches", v});
    for (const auto& [k, v] : at(f, "links").items()) rows.push_back({k + " links", v});
    rows.push_back({"bisection (Gb/s)", at(f, "bisection_gbps")});
    rows.push_back({"optics per GPU", at(f, "optics_per_gpu")});
    rows.push_back({"power (W)", at(f, "power_w")});
    rows.push_back({"cost (USD)", at(f, "cost_usd")});
    if (bom.is_object()) {
      rows.push_back({"modules", at(bom, "modules")});
      rows.push_back({"fibres", at(bom, "fibres")});
    } else {
      rows.push_back({"bill of materials", at(f, "bom_note")});
    }
    b.section("Summary", "What the fabric is: size, switches and links per tier, totals.", J(),
              {b.table("summary", {"quantity", "value"}, std::move(rows))});
  }
  // Modules by tier and type.
  if (bom.is_object()) {
    const J& tiers = need(bom, "tiers", J::value_t::array, "bom");
    std::vector<std::string> tier_names, modules;
    std::map<std::string, std::map<std::string, double>> count;  // module -> tier -> modules
    std::vector<std::vector<J>> rows;
    for (const auto& t : tiers) {
      const std::string tier = text(at(t, "tier"));
      tier_names.push_back(tier);
      for (const auto& [id_key, n_key] : {std::pair{"lower_module", "lower_modules"}, std::pair{"upper_module", "upper_modules"}}) {
        const std::string id = text(at(t, id_key));
        if (id.empty()) continue;
        if (std::find(modules.begin(), modules.end(), id) == modules.end()) modules.push_back(id);
        count[id][tier] += num(at(t, n_key));
      }
      rows.push_back({tier, at(t, "links"), at(t, "length_m"), at(t, "pmd"), at(t, "medium"), at(t, "lower_module"),
                      at(t, "lower_modules"), at(t, "upper_module"), at(t, "upper_modules"), at(t, "reach_m"),
                      at(t, "loss_db"), at(t, "loss_margin_db")});
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
    const size_t t1 = b.table("bom_tiers", {"tier", "links", "length_m", "pmd", "medium", "lower_module", "lower_modules",
                                            "upper_module", "upper_modules", "reach_m", "loss_db", "loss_margin_db"},
                              std::move(rows));
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
    const size_t t2 = b.table("bom_modules", {"id", "kind", "count", "power_w", "unit_price_usd", "cost_usd"}, std::move(tx));
    std::vector<std::vector<J>> comps;
    for (const auto& c : at(bom, "components")) comps.push_back({at(c, "id"), at(c, "quantity")});
    const size_t t3 = b.table("bom_components", {"component", "quantity"}, std::move(comps));
    b.section("Modules by tier and type", "Optical modules and cable assemblies per tier, stacked by catalog id (both ends).",
              std::move(o), {t1, t2, t3});
    // Power and cost per GPU.
    const J& pg = at(bom, "per_gpu");
    J p = base_option();
    p["xAxis"] = category_axis({"optics", "switches"});
    p["yAxis"] = J::array({value_axis("W per GPU"), value_axis("USD per GPU", true)});
    p["series"] = J::array({bar("power (W per GPU)", J::array({num_or_null(at(pg, "optics_power_w")),
                                                               num_or_null(at(pg, "switch_power_w"))})),
                            bar("cost (USD per GPU)", J::array({num_or_null(at(pg, "optics_cost_usd")),
                                                                num_or_null(at(pg, "switch_cost_usd"))}))});
    p["series"][1]["yAxisIndex"] = 1;
    b.section("Power and cost per GPU", "Optics and switches, per GPU: power on the left axis, cost on the right.",
              std::move(p),
              {b.table("per_gpu", {"part", "power_w_per_gpu", "cost_usd_per_gpu"},
                       {{"optics", at(pg, "optics_power_w"), at(pg, "optics_cost_usd")},
                        {"switches", at(pg, "switch_power_w"), at(pg, "switch_cost_usd")}})});
  } else {
    b.section("Bill of materials", text(at(f, "bom_note")).empty() ? "No bill of materials." : text(at(f, "bom_note")));
  }
  // Link lengths.
  const J& lengths = at(f, "lengths");
  if (lengths.is_array() && !lengths.empty()) {
    std::set<double> bounds;
    bool open_bin = false;
    for (const auto& t : lengths)
      for (const auto& bin : at(t, "bins")) {
        if (at(bin, "up_to_m").is_number()) bounds.insert(num(at(bin, "up_to_m")));
        else open_bin = true;
      }
    std::vector<std::string> cats;
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
        const size_t i = up.is_number() ? static_cast<size_t>(std::distance(bounds.begin(), bounds.find(num(up)))) : cats.size() - 1;
        data[i] = num(data[i]) + num(at(bin, "links"));
        bins.push_back({tier, up, at(bin, "links")});
      }
      o["series"].push_back(bar(medium.empty() ? tier : tier + " (" + medium + ")", std::move(data)));
      rows.push_back({tier, medium.empty() ? J() : J(medium), at(t, "links"), at(t, "shortest_m"), at(t, "mean_m"),
                      at(t, "longest_m"), at(t, "failing"), at(t, "least_margin_db")});
    }
    const size_t t1 = b.table("lengths", {"tier", "medium", "links", "shortest_m", "mean_m", "longest_m", "failing",
                                          "least_margin_db"},
                              std::move(rows));
    const size_t t2 = b.table("length_bins", {"tier", "up_to_m", "links"}, std::move(bins));
    b.section("Link lengths per tier", "How many links of each length the layout gives, per tier, with the medium chosen.",
              std::move(o), {t1, t2});
  }
  if (with_inputs)
    b.section("Inputs", "The cluster as the fabric builder read it, every default filled in.", J(),
              {b.table("inputs", {"input", "value"}, key_values(at(f, "cluster")))});
}

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
    rows.push_back({name, at(d, "error"), at(at(f, "cluster"), "gpus"), at(f, "tiers"), at(bom, "modules"), at(bom, "fibres"),
                    at(pg, "optics_power_w"), at(pg, "switch_power_w"), at(pg, "optics_cost_usd"), at(pg, "switch_cost_usd"),
                    at(d, "lasers"), at(d, "dsps"), gpus > 0 && at(d, "lasers").is_number() ? ratio(num(at(d, "lasers")), gpus) : J(),
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
  const size_t t = b.table("designs", {"design", "error", "gpus", "tiers", "modules", "fibres", "optics_w_per_gpu",
                                       "switch_w_per_gpu", "optics_usd_per_gpu", "switch_usd_per_gpu", "lasers", "dsps",
                                       "lasers_per_gpu", "dsps_per_gpu"},
                       std::move(rows));
  auto stacked = [&](const std::string& axis, J a, J c) {
    J o = base_option();
    o["xAxis"] = category_axis(names);
    o["xAxis"]["axisLabel"] = {{"interval", 0}, {"rotate", names.size() > 4 ? 20 : 0}};
    o["yAxis"] = value_axis(axis);
    o["series"] = J::array({bar("optics", std::move(a), "total"), bar("switches", std::move(c), "total")});
    return o;
  };
  b.section("Power per GPU across designs", "Optics and switch power per GPU, each design that could be built.",
            stacked("W per GPU", opw, spw), {t});
  b.section("Cost per GPU across designs", "Optics and switch cost per GPU (prices of the design's year).",
            stacked("USD per GPU", ocost, scost));
  {
    J o = base_option();
    o["xAxis"] = category_axis(names);
    o["xAxis"]["axisLabel"] = {{"interval", 0}, {"rotate", names.size() > 4 ? 20 : 0}};
    o["yAxis"] = value_axis("per GPU");
    o["series"] = J::array({bar("lasers per GPU", lasers), bar("DSPs per GPU", dsps)});
    b.section("Lasers and DSPs per GPU", "The scarce parts inside the optics: EMLs, CW lasers, VCSEL arrays, DMLs; DSPs.",
              std::move(o));
  }
  {
    J o = base_option();
    o["xAxis"] = category_axis(names);
    o["xAxis"]["axisLabel"] = {{"interval", 0}, {"rotate", names.size() > 4 ? 20 : 0}};
    o["yAxis"] = value_axis("modules");
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
  // The base design in full.
  if (!designs.empty() && at(designs[0], "fabric").is_object()) {
    b.set_prefix("base_", text(at(designs[0], "name")) + ": ");
    fabric_sections(b, at(designs[0], "fabric"), true);
    b.set_prefix("", "");
  }
}

// ---- link ------------------------------------------------------------------------------------

void link_sections(Builder& b, const J& r) {
  const J& links = at(r, "links");
  const J& dci = at(r, "dci");
  if (!links.is_array() && !dci.is_array()) need(r, "links", J::value_t::array, "");
  if (links.is_array() && !links.empty()) {
    std::vector<const J*> sorted;
    for (const auto& l : links) sorted.push_back(&l);
    std::stable_sort(sorted.begin(), sorted.end(), [](const J* a, const J* c) {
      const J& ma = at(*a, "margin_db");
      const J& mc = at(*c, "margin_db");
      if (ma.is_number() != mc.is_number()) return ma.is_number();
      return num(ma) < num(mc);
    });
    std::vector<std::string> ids;
    J pass = J::array(), fail = J::array();
    for (const J* l : sorted) {
      if (!at(*l, "margin_db").is_number()) continue;
      ids.push_back(text(at(*l, "id")));
      const bool ok = at(*l, "pass").is_boolean() && at(*l, "pass").get<bool>();
      pass.push_back(ok ? at(*l, "margin_db") : J("-"));
      fail.push_back(ok ? J("-") : at(*l, "margin_db"));
    }
    std::vector<std::vector<J>> rows;
    for (const J* l : sorted)
      rows.push_back({at(*l, "id"), at(*l, "pass"), at(*l, "limit"), at(*l, "binding"), at(*l, "pmd"), at(*l, "far_pmd"),
                      at(*l, "breakout"), at(*l, "length_m"), at(*l, "fiber"), at(*l, "connectors"), at(*l, "splices"),
                      at(*l, "reach_m"), at(*l, "channel_loss_db"), at(*l, "max_channel_loss_db"), at(*l, "margin_db"),
                      strings_joined(at(*l, "reasons"))});
    const size_t t = b.table("links", {"link", "pass", "limit", "binding", "pmd", "far_pmd", "breakout", "length_m", "fiber",
                                       "connectors", "splices", "reach_m", "channel_loss_db", "max_channel_loss_db",
                                       "margin_db", "reasons"},
                             std::move(rows));
    J o = base_option();
    o["xAxis"] = category_axis(ids);
    o["xAxis"]["axisLabel"] = {{"rotate", ids.size() > 6 ? 30 : 0}};
    o["yAxis"] = value_axis("loss margin (dB)");
    o["series"] = J::array({bar("passes", std::move(pass), "margin"), bar("fails", std::move(fail), "margin")});
    o["series"][0]["itemStyle"] = {{"color", "#2e7d4f"}};
    o["series"][1]["itemStyle"] = {{"color", "#b3261e"}};
    b.section("Loss margin per link", "Channel-loss margin of every intra-DC link, least first (links not loss-checked left out).",
              std::move(o), {t});
  }
  if (dci.is_array()) {
    std::vector<std::vector<J>> routes;
    for (const auto& d : dci)
      routes.push_back({at(d, "id"), at(d, "chosen_mode"), at(d, "required_margin_db"), at(d, "target_capacity_gbps"),
                        at(d, "wavelengths_needed"), at(d, "modules_needed"), at(d, "capacity_fits"),
                        at(d, "fiber_pairs_needed")});
    const size_t troutes = b.table("dci_routes", {"route", "chosen_mode", "required_margin_db", "target_capacity_gbps",
                                                  "wavelengths_needed", "modules_needed", "capacity_fits",
                                                  "fiber_pairs_needed"},
                                   std::move(routes));
    bool first = true;
    for (const auto& d : dci) {
      const std::string id = text(at(d, "id"));
      J o = base_option();
      o["tooltip"] = {{"trigger", "axis"}};
      o["xAxis"] = {{"type", "value"}, {"name", "launch power per channel (dBm)"}, {"nameLocation", "middle"},
                    {"nameGap", 28}, {"scale", true}, {"axisLine", {{"onZero", false}}}};
      o["yAxis"] = value_axis("worst-channel GSNR in 0.1 nm (dB)");
      o["yAxis"]["scale"] = true;
      o["yAxis"]["axisLine"] = {{"onZero", false}};
      o["grid"]["bottom"] = 36;
      o["series"] = J::array();
      std::vector<std::vector<J>> modes;
      for (const auto& m : at(d, "modes")) {
        J data = J::array();
        for (const auto& p : at(m, "sweep")) data.push_back(J::array({at(p, "launch_dbm"), at(p, "worst_gsnr_01nm_db")}));
        if (!data.empty()) o["series"].push_back(line(text(at(m, "mode")), std::move(data)));
        modes.push_back({at(m, "mode"), at(m, "capacity_gbps"), at(m, "channels"), at(m, "closes"), at(m, "margin_db"),
                         at(m, "gsnr_01nm_db"), at(m, "required_osnr_db"), at(m, "optimum_launch_dbm"),
                         at(m, "gsnr_at_optimum_01nm_db"), at(m, "rx_power_dbm"), at(m, "accumulated_cd_ps_nm"),
                         at(m, "cd_ok")});
      }
      const size_t tm = b.table("dci_" + id, {"mode", "capacity_gbps", "channels", "closes", "margin_db", "gsnr_01nm_db",
                                              "required_osnr_db", "optimum_launch_dbm", "gsnr_at_optimum_01nm_db",
                                              "rx_power_dbm", "accumulated_cd_ps_nm", "cd_ok"},
                                std::move(modes));
      std::vector<size_t> ts = {tm};
      if (first) ts.insert(ts.begin(), troutes);
      first = false;
      if (o["series"].empty()) b.section("DCI route " + id, "No launch-power sweep in the result.", J(), ts);
      else
        b.section("GSNR vs launch power: " + id,
                  "Worst channel's GSNR over the launch-power sweep, per coherent mode evaluated; the peak is the optimum launch.",
                  std::move(o), ts);
    }
  }
}

// ---- plan ------------------------------------------------------------------------------------

std::string constraint_name(const J& c) { return text(at(c, "kind")) + " " + text(at(c, "id")); }

void plan_sections(Builder& b, const J& r) {
  const J& periods_j = need(r, "periods", J::value_t::array, "");
  const J& orders = need(r, "orders", J::value_t::array, "");
  std::vector<std::string> periods;
  std::map<std::string, size_t> index;
  for (const auto& p : periods_j) {
    index[text(p)] = periods.size();
    periods.push_back(text(p));
  }
  const size_t T = periods.size();
  // KPIs.
  {
    const J& k = at(r, "kpis");
    std::vector<std::vector<J>> rows;
    for (const auto& [key, v] : k.items())
      if (v.is_primitive()) rows.push_back({key, v});
    std::vector<std::vector<J>> groups;
    for (const char* by : {"by_customer", "by_priority", "by_kind"})
      for (const auto& g : at(k, by)) groups.push_back({std::string(by).substr(3), at(g, "key"), at(g, "ordered"), at(g, "on_time"), at(g, "fill_rate")});
    b.section("Key figures", "Units ordered, delivered, on time, late and short; on-time fill rates by customer, priority and kind.",
              J(), {b.table("kpis", {"kpi", "value"}, std::move(rows)),
                    b.table("fill_rates", {"by", "key", "ordered", "on_time", "fill_rate"}, std::move(groups))});
  }
  // Demand vs deliveries by period; deliveries by customer.
  std::vector<double> due(T, 0), delivered(T, 0);
  std::vector<std::string> customers;
  std::map<std::string, std::vector<double>> by_customer;
  std::vector<std::vector<J>> order_rows;
  std::map<long, std::pair<double, double>> lateness;  // lateness -> orders, units (-1: never arrives in full)
  std::vector<std::string> constraints;
  std::map<std::string, std::vector<double>> shortage;  // constraint -> most short per period
  std::map<std::string, std::string> explanation;       // constraint -> the first cause's sentence
  for (const auto& o : orders) {
    const std::string customer = text(at(o, "customer"));
    if (!by_customer.count(customer)) {
      customers.push_back(customer);
      by_customer[customer].assign(T, 0);
    }
    if (auto it = index.find(text(at(o, "due"))); it != index.end()) due[it->second] += num(at(o, "quantity"));
    std::string first, last;
    for (const auto& d : at(o, "deliveries")) {
      auto it = index.find(text(at(d, "period")));
      if (it == index.end()) continue;
      delivered[it->second] += num(at(d, "quantity"));
      by_customer[customer][it->second] += num(at(d, "quantity"));
      if (first.empty()) first = text(at(d, "period"));
      last = text(at(d, "period"));
    }
    const std::string status = text(at(o, "status"));
    const bool never = status == "short" || status == "unmet";
    auto& l = lateness[never ? -1 : static_cast<long>(num(at(o, "lateness")))];
    l.first += 1;
    l.second += num(at(o, "quantity"));
    for (const auto& c : at(o, "causes")) {
      const std::string name = constraint_name(at(c, "constraint"));
      if (!shortage.count(name)) {
        constraints.push_back(name);
        shortage[name].assign(T, 0);
        explanation[name] = text(at(c, "explanation"));
      }
      auto a = index.find(text(at(c, "first"))), z = index.find(text(at(c, "last")));
      if (a == index.end() || z == index.end()) continue;
      for (size_t t = a->second; t <= z->second && t < T; ++t)
        shortage[name][t] = std::max(shortage[name][t], num(at(c, "short")));
    }
    order_rows.push_back({at(o, "id"), at(o, "customer"), at(o, "item"), at(o, "requirement"), at(o, "priority"),
                          at(o, "quantity"), at(o, "due"), at(o, "delivered"), at(o, "on_time"), at(o, "lateness"),
                          at(o, "status"), first.empty() ? J() : J(first), last.empty() ? J() : J(last),
                          strings_joined([&] {
                            J e = J::array();
                            for (const auto& c : at(o, "causes")) e.push_back(at(c, "explanation"));
                            return e;
                          }())});
  }
  {
    J cd = J::array(), cv = J::array(), dd = J::array(), dv = J::array();
    std::vector<std::vector<J>> rows;
    double sd = 0, sv = 0;
    for (size_t t = 0; t < T; ++t) {
      sd += due[t];
      sv += delivered[t];
      dd.push_back(due[t]);
      dv.push_back(delivered[t]);
      cd.push_back(sd);
      cv.push_back(sv);
      rows.push_back({periods[t], due[t], delivered[t], sd, sv});
    }
    J o = base_option();
    o["xAxis"] = category_axis(periods);
    o["yAxis"] = J::array({value_axis("units per period"), value_axis("cumulative units", true)});
    J s = J::array({bar("due", dd), bar("delivered", dv), line("due, cumulative", cd), line("delivered, cumulative", cv)});
    s[2]["yAxisIndex"] = 1;
    s[3]["yAxisIndex"] = 1;
    s[2]["lineStyle"] = {{"type", "dashed"}};
    o["series"] = std::move(s);
    b.section("Demand vs deliveries by period", "Units due (by the orders' due periods) and units delivered, per period and cumulative.",
              std::move(o), {b.table("by_period", {"period", "due", "delivered", "due_cumulative", "delivered_cumulative"},
                                     std::move(rows))});
  }
  {
    J o = base_option();
    o["xAxis"] = category_axis(periods);
    o["yAxis"] = value_axis("units delivered");
    o["series"] = J::array();
    std::vector<std::vector<J>> rows;
    for (const auto& c : customers) {
      J data = J::array();
      for (size_t t = 0; t < T; ++t) {
        data.push_back(by_customer[c][t]);
        if (by_customer[c][t] > 0) rows.push_back({c, periods[t], by_customer[c][t]});
      }
      o["series"].push_back(bar(c, std::move(data), "customers"));
    }
    const size_t t1 = b.table("orders", {"order", "customer", "item", "requirement", "priority", "quantity", "due",
                                         "delivered", "on_time", "lateness", "status", "first_delivery", "last_delivery",
                                         "causes"},
                              std::move(order_rows));
    b.section("Shipments per customer over time", "Units delivered per period, stacked by customer; the orders with their first and last delivery below.",
              std::move(o), {t1, b.table("deliveries", {"customer", "period", "units"}, std::move(rows))});
  }
  // Deliveries per order over time: a Gantt-like heat map, order x period, the due period marked.
  {
    constexpr size_t kMaxOrders = 60;
    std::vector<std::string> ids;
    J data = J::array(), due_marks = J::array();
    double peak = 0;
    for (const auto& o : orders) {
      if (ids.size() == kMaxOrders) break;
      const size_t y = ids.size();
      ids.push_back(text(at(o, "id")));
      std::map<size_t, double> q;
      for (const auto& d : at(o, "deliveries"))
        if (auto it = index.find(text(at(d, "period"))); it != index.end()) q[it->second] += num(at(d, "quantity"));
      for (const auto& [t, n] : q) {
        data.push_back(J::array({t, y, n}));
        peak = std::max(peak, n);
      }
      if (auto it = index.find(text(at(o, "due"))); it != index.end()) due_marks.push_back(J::array({it->second, y}));
    }
    if (!ids.empty()) {
      std::reverse(ids.begin(), ids.end());  // the first order at the top
      for (auto& d : data) d[1] = ids.size() - 1 - d[1].get<size_t>();
      for (auto& d : due_marks) d[1] = ids.size() - 1 - d[1].get<size_t>();
      J o;
      o["animation"] = false;
      o["tooltip"] = {{"position", "top"}};
      o["legend"] = {{"top", 0}, {"data", J::array({"due"})}};
      o["grid"] = {{"left", 16}, {"right", 24}, {"top", 32}, {"bottom", 64}, {"containLabel", true}};
      o["xAxis"] = category_axis(periods);
      o["yAxis"] = category_axis(ids);
      o["visualMap"] = {{"min", 0}, {"max", peak > 0 ? peak : 1}, {"calculable", true}, {"orient", "horizontal"},
                        {"left", "center"}, {"bottom", 0}, {"seriesIndex", 0}, {"text", J::array({"units", "0"})}};
      J heat = {{"type", "heatmap"}, {"name", "units delivered"}, {"data", std::move(data)}};
      J due_line = {{"type", "line"}, {"name", "due"}, {"data", std::move(due_marks)}, {"showSymbol", true}, {"symbol", "rect"},
               {"symbolSize", J::array({3, 12})}, {"lineStyle", {{"width", 0}}}, {"itemStyle", {{"color", "#b3261e"}}},
               {"z", 5}};
      o["series"] = J::array({std::move(heat), std::move(due_line)});
      ReportSection& s = b.section("Deliveries per order over time",
                                   "Units each order receives per period (a Gantt-like view; the red mark is its due period)" +
                                       std::string(orders.size() > kMaxOrders ? "; the first 60 orders, all are in the orders table." : "."),
                                   std::move(o));
      s.height = std::clamp<int>(static_cast<int>(ids.size()) * 18 + 120, 240, 1200);
    }
  }
  // Shortage heat map.
  if (!constraints.empty()) {
    J data = J::array();
    std::vector<std::vector<J>> rows;
    double peak = 0;
    for (size_t y = 0; y < constraints.size(); ++y)
      for (size_t t = 0; t < T; ++t) {
        const double v = shortage[constraints[y]][t];
        if (v <= 0) continue;
        peak = std::max(peak, v);
        data.push_back(J::array({t, y, v}));
        rows.push_back({constraints[y], periods[t], v});
      }
    J o;
    o["animation"] = false;
    o["tooltip"] = {{"position", "top"}};
    o["grid"] = {{"left", 16}, {"right", 24}, {"top", 16}, {"bottom", 64}, {"containLabel", true}};
    o["xAxis"] = category_axis(periods);
    o["xAxis"]["splitArea"] = {{"show", true}};
    o["yAxis"] = category_axis(constraints);
    o["visualMap"] = {{"min", 0}, {"max", peak > 0 ? peak : 1}, {"calculable", true}, {"orient", "horizontal"},
                      {"left", "center"}, {"bottom", 0}, {"text", J::array({"short", "0"})}};
    J s = {{"type", "heatmap"}, {"name", "most short"}, {"data", std::move(data)}};
    o["series"] = J::array({std::move(s)});
    ReportSection& sec =
        b.section("Shortages: constraint × period",
                  "The most units missing at once when orders were planned, per constraint that ran out and period.",
                  std::move(o), {b.table("shortages", {"constraint", "period", "most_short"}, std::move(rows))});
    sec.height = std::clamp<int>(static_cast<int>(constraints.size()) * 36 + 130, 200, 900);
  } else {
    b.section("Shortages: constraint × period", "No constraint ran out: no order was delayed by supply or lines.");
  }
  // Lateness histogram.
  {
    std::vector<std::string> cats;
    J orders_n = J::array(), units = J::array();
    std::vector<std::vector<J>> rows;
    const long max_late = lateness.empty() ? 0 : std::max(0L, lateness.rbegin()->first);
    for (long l = 0; l <= max_late; ++l) {
      cats.push_back(l == 0 ? "on time" : std::to_string(l));
      const auto it = lateness.find(l);
      orders_n.push_back(it == lateness.end() ? 0.0 : it->second.first);
      units.push_back(it == lateness.end() ? 0.0 : it->second.second);
      rows.push_back({l == 0 ? "on time" : "late", l, orders_n.back(), units.back()});
    }
    if (lateness.count(-1)) {
      cats.push_back("short / unmet");
      orders_n.push_back(lateness[-1].first);
      units.push_back(lateness[-1].second);
      rows.push_back({cats.back(), J(), orders_n.back(), units.back()});
    }
    J o = base_option();
    o["xAxis"] = category_axis(cats, "periods late");
    o["yAxis"] = J::array({value_axis("orders"), value_axis("units ordered", true)});
    J s = J::array({bar("orders", orders_n), bar("units ordered", units)});
    s[1]["yAxisIndex"] = 1;
    o["series"] = std::move(s);
    b.section("Lateness", "Orders (left) and their units (right) by how many periods late their last delivery is.",
              std::move(o), {b.table("lateness", {"lateness", "periods_late", "orders", "units"}, std::move(rows))});
  }
  // Bottlenecks.
  const J& bottlenecks = at(r, "bottlenecks");
  if (bottlenecks.is_array() && !bottlenecks.empty()) {
    std::vector<std::string> names;
    J data = J::array();
    std::vector<std::vector<J>> rows;
    int rank = 0;
    for (const auto& bn : bottlenecks) {
      const std::string name = constraint_name(at(bn, "constraint"));
      names.push_back(name);
      data.push_back(at(bn, "unit_periods_late"));
      rows.push_back({++rank, at(at(bn, "constraint"), "kind"), at(at(bn, "constraint"), "id"), at(bn, "orders"),
                      at(bn, "units_late"), at(bn, "unit_periods_late"), at(bn, "first"), at(bn, "last"),
                      at(bn, "most_short"), explanation.count(name) ? J(explanation[name]) : J()});
    }
    std::reverse(names.begin(), names.end());  // the worst at the top
    std::reverse(data.begin(), data.end());
    J o = base_option();
    o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
    o["xAxis"] = value_axis("unit-periods late");
    o["yAxis"] = category_axis(names);
    o["series"] = J::array({bar("unit-periods late", std::move(data))});
    o["legend"]["show"] = false;
    b.section("Bottlenecks", "Constraints ranked by the unit-periods of lateness they caused, with the first explanation recorded.",
              std::move(o),
              {b.table("bottlenecks", {"rank", "kind", "constraint", "orders", "units_late", "unit_periods_late", "first",
                                       "last", "most_short", "explanation"},
                       std::move(rows))});
  } else {
    b.section("Bottlenecks", "No bottleneck: nothing was late for lack of supply or capacity.");
  }
  // Capacity use of lines and suppliers.
  {
    std::vector<std::vector<J>> rows;
    J o = base_option();
    o["xAxis"] = category_axis(periods);
    o["yAxis"] = value_axis("used / capacity");
    o["series"] = J::array();
    for (const char* what : {"lines", "suppliers"})
      for (const auto& l : at(r, what)) {
        const J& cap = at(l, "capacity");
        const J& used = at(l, "used");
        J data = J::array();
        for (size_t t = 0; t < T; ++t) {
          const double c = t < cap.size() ? num(cap[t]) : 0, u = t < used.size() ? num(used[t]) : 0;
          data.push_back(ratio(u, c));
          rows.push_back({std::string(what) == "lines" ? "line" : "supplier", at(l, "id"), periods[t], c, u, ratio(u, c)});
        }
        o["series"].push_back(line(text(at(l, "id")), std::move(data)));
      }
    if (!o["series"].empty())
      b.section("Capacity use", "Share of each line's and supplier's capacity used per period (1 = saturated).", std::move(o),
                {b.table("capacity", {"kind", "id", "period", "capacity", "used", "utilization"}, std::move(rows))});
  }
  for (const char* key : {"groups", "agreements", "shadow_prices"}) generic_table(b, key, at(r, key));
}

// ---- market ----------------------------------------------------------------------------------

struct Band {
  double p10 = 0, p50 = 0, p90 = 0, base = 0;
};
Band band(const J& j) { return Band{num(at(j, "p10")), num(at(j, "p50")), num(at(j, "p90")), num(at(j, "base"))}; }

J band_chart(const std::vector<std::string>& x, const std::vector<Band>& v, const std::string& axis, const std::string& color) {
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

// A tornado: bars per input from the output's low to high value around the base. Accepts an
// array of {name|parameter|input|id, low, high} (numbers, or bands whose p50 is used), or an
// object holding such an array and optionally `base`. Returns false when it is not that shape.
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
  auto value = [](const J& v) { return v.is_number() ? num(v) : num(at(v, "p50"), NAN); };
  if (t.is_object() && at(t, "year").is_number()) metric += (metric.empty() ? "" : " ") + display_year(at(t, "year"));
  struct Bar {
    std::string name;
    double low, high;
  };
  std::vector<Bar> bars;
  for (const auto& it : *items) {
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
  if (std::isnan(base)) base = 0;
  std::stable_sort(bars.begin(), bars.end(),
                   [](const Bar& a, const Bar& c) { return std::abs(a.high - a.low) < std::abs(c.high - c.low); });
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
  b.section("Sensitivities (tornado)", "How far the output moves when each input is set to its low and its high value, widest first.",
            std::move(o), {b.table("tornado", {"input", "low", "high", "base", "swing"}, std::move(rows))});
  return true;
}

// The first of `keys` that `j` has (market schema v1 and v2 name some figures differently).
const J& first_of(const J& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (!at(j, k).is_null()) return at(j, k);
  return null_json();
}

void market_sections(Builder& b, const J& r) {
  const J& years = need(r, "years", J::value_t::array, "");
  // Per-period figures: `per_period` (schema v1), else `quarters`, else `periods` when it holds
  // objects (v2; in v1 `periods` is the list of labels).
  const J* per = &at(r, "per_period");
  if (!per->is_array()) per = &at(r, "quarters");
  if (!per->is_array() && at(r, "periods").is_array() && !at(r, "periods").empty() && at(r, "periods")[0].is_object())
    per = &at(r, "periods");
  if (!per->is_array()) throw Malformed{"per_period (or quarters): missing or not an array (expected an array)"};
  const J& per_period = *per;
  std::vector<std::string> classes;
  for (const auto& c : at(r, "classes")) classes.push_back(text(c));
  std::vector<std::string> periods;
  for (const auto& p : per_period) periods.push_back(text(at(p, "period")));
  // Shipments by class (speed), stacked.
  {
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
    b.section("Shipments by speed", "Units shipped per period and class, stacked (median over the runs; the bands are in the table).",
              std::move(o), {b.table("shipments", {"period", "class", "p10", "p50", "p90", "base"}, std::move(rows))});
  }
  std::vector<std::string> year_names;
  for (const auto& y : years) year_names.push_back(text(at(y, "year")));
  // Market value by year.
  {
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
    b.section("Market value by year", "Value of the units shipped in each year: median, P10–P90 band over the runs, and the run without variation.",
              band_chart(year_names, v, "USD", "#1f5fa8"), {b.table("value", cols, std::move(rows))});
  }
  // 800G+ share.
  {
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
  // Binding constraint per period.
  {
    std::vector<std::string> bindings;
    for (const auto& p : per_period)
      if (at(p, "binding").is_string() &&
          std::find(bindings.begin(), bindings.end(), text(at(p, "binding"))) == bindings.end())
        bindings.push_back(text(at(p, "binding")));
    std::vector<std::vector<J>> rows;
    for (const auto& p : per_period) rows.push_back({at(p, "period"), at(p, "binding"), at(p, "binding_share_of_runs")});
    const size_t t = b.table("binding", {"period", "binding", "share_of_runs"}, std::move(rows));
    if (bindings.empty()) {
      b.section("Binding constraint per period", "No constraint bound in any period.", J(), {t});
    } else {
      J o = base_option();
      o["xAxis"] = category_axis(periods);
      o["yAxis"] = value_axis("share of runs it bound");
      o["yAxis"]["max"] = 1;
      o["series"] = J::array();
      for (const auto& name : bindings) {
        J data = J::array();
        for (const auto& p : per_period)
          data.push_back(text(at(p, "binding")) == name ? num_or_null(at(p, "binding_share_of_runs")) : J("-"));
        o["series"].push_back(bar(name, std::move(data), "binding"));
      }
      b.section("Binding constraint per period", "The constraint that bound most often in each period, and in what share of the runs.",
                std::move(o), {t});
    }
  }
  // Backlog.
  {
    std::vector<Band> v;
    std::vector<std::vector<J>> rows;
    for (const auto& p : per_period) {
      const J& s = at(p, "backlog");
      v.push_back(band(s));
      rows.push_back({at(p, "period"), at(s, "p10"), at(s, "p50"), at(s, "p90"), at(s, "base")});
    }
    b.section("Backlog", "Units due by each period and not yet delivered, with its P10–P90 band.",
              band_chart(periods, v, "units", "#b3261e"), {b.table("backlog", {"period", "p10", "p50", "p90", "base"}, std::move(rows))});
  }
  if (!per_period.empty() && at(per_period[0], "wait_periods").is_object()) {
    std::vector<Band> v;
    std::vector<std::vector<J>> rows;
    for (const auto& p : per_period) {
      const J& s = at(p, "wait_periods");
      v.push_back(band(s));
      rows.push_back({at(p, "period"), at(s, "p10"), at(s, "p50"), at(s, "p90"), at(s, "base")});
    }
    b.section("Wait", "Periods late, on average, of the units delivered in each period, with its P10–P90 band.",
              band_chart(periods, v, "periods late", "#8a5a00"),
              {b.table("wait", {"period", "p10", "p50", "p90", "base"}, std::move(rows))});
  }
  // A market without uncertain inputs has a tornado with no bars: nothing to show.
  const bool no_bars = r.contains("tornado") && at(r, "tornado").is_object() && at(r, "tornado").contains("bars") &&
                       at(at(r, "tornado"), "bars").is_array() && at(at(r, "tornado"), "bars").empty();
  if (r.contains("tornado") && !no_bars && !tornado_section(b, at(r, "tornado"))) generic_table(b, "tornado", at(r, "tornado"));
  {
    std::vector<std::vector<J>> rows = {{"runs", at(r, "runs")}, {"classes", strings_joined(at(r, "classes"))},
                                        {"periods", J(std::to_string(periods.size()) + (periods.empty() ? "" : ": " + periods.front() + " to " + periods.back()))}};
    b.section("Inputs", "The simulation as run.", J(), {b.table("inputs", {"input", "value"}, std::move(rows))});
  }
}

std::string kind_of(const J& r) {
  std::string schema = text(at(r, "schema"));
  if (schema.empty()) schema = text(at(r, "kind"));
  if (schema.starts_with("opticplan.")) schema = schema.substr(10);
  if (!schema.empty()) return schema;
  if (r.contains("designs")) return "fabric-compare";
  if (r.contains("cluster") && r.contains("tiers")) return "fabric";
  if (r.contains("years") && (r.contains("per_period") || r.contains("quarters"))) return "market";
  if (r.contains("moved") && r.contains("base")) return "compare";
  if (r.contains("base") && r.contains("what_if")) return "market-compare";
  if (r.contains("candidates") && r.contains("rejected")) return "select";
  if (r.contains("order") && r.contains("complete")) return "quote";
  if (r.contains("orders") && r.contains("periods")) return "plan";
  if (r.contains("selections")) return "run";
  if (r.contains("links") || r.contains("dci")) return "link";
  return "";
}

}  // namespace

Result<ReportModel> build_report(const nlohmann::ordered_json& result) {
  if (!result.is_object()) return fail("a result is a JSON object (the output of a command's --json); got " +
                                       std::string(result.type_name()));
  ReportModel m;
  m.kind = kind_of(result);
  Builder b(m);
  try {
    if (m.kind == "fabric") {
      m.title = "Fabric: " + text(at(at(result, "cluster"), "server")) + ", " + display(at(at(result, "cluster"), "gpus")) + " GPUs";
      m.subtitle = "opticplan fabric: switches, links, optics bill of materials and link lengths.";
      fabric_sections(b, result, true);
      extra_keys(b, result, {"schema", "version", "cluster", "lengths", "bom", "storage", "management", "transceivers",
                             "scenario_inputs", "sources"});
    } else if (m.kind == "fabric-compare") {
      m.title = "Fabric designs compared";
      m.subtitle = "opticplan fabric compare: the same cluster under several designs, side by side.";
      fabric_compare_sections(b, result);
      extra_keys(b, result, {"schema", "version", "designs", "scenario_inputs", "sources"});
    } else if (m.kind == "link") {
      m.title = "Link check";
      m.subtitle = "opticplan link check: intra-DC loss budgets and coherent DCI routes.";
      link_sections(b, result);
      extra_keys(b, result, {"schema", "version", "links", "dci", "scenario_inputs", "sources"});
    } else if (m.kind == "plan") {
      m.title = "Supply plan";
      m.subtitle = "opticplan plan (" + text(at(result, "planner")) + " planner): who gets which modules when, and why.";
      plan_sections(b, result);
      extra_keys(b, result, {"schema", "version", "planner", "periods", "kpis", "orders", "bottlenecks", "groups",
                             "agreements", "shadow_prices", "lines", "suppliers", "items", "comparison",
                             "scenario_inputs", "sources"});
    } else if (m.kind == "market") {
      m.title = "Market simulation";
      m.subtitle = "opticplan market: " + display(at(result, "runs")) + " runs under demand and capacity uncertainty; bands are P10–P90.";
      market_sections(b, result);
      extra_keys(b, result, {"schema", "version", "runs", "seed", "periods", "quarters", "classes", "years", "per_period",
                             "tornado", "inputs", "scenario_inputs", "sources"});
    } else if (m.kind == "market-compare") {
      m.title = "Market simulation: base and what-if";
      m.subtitle = "opticplan market --what-if: the base market, then the what-if, each under uncertainty; bands are P10–P90.";
      for (const auto& [key, prefix, title] : {std::tuple{"base", "base_", "Base: "}, std::tuple{"what_if", "whatif_", "What-if: "}}) {
        need(result, key, J::value_t::object, "");
        b.set_prefix(prefix, title);
        market_sections(b, at(result, key));
        extra_keys(b, at(result, key), {"schema", "version", "runs", "seed", "periods", "quarters", "classes", "years",
                                        "per_period", "tornado", "inputs", "scenario_inputs", "sources"});
        provenance_sections(b, at(result, key));
      }
      b.set_prefix("", "");
    } else if (m.kind == "run") {
      m.title = text(at(result, "scenario")).empty() ? "Scenario run" : text(at(result, "scenario"));
      m.subtitle = "opticplan run: every result the scenario asks for.";
      int n = 0;
      for (const auto& sel : at(result, "selections")) {
        const std::string name = text(at(at(sel, "requirement"), "name"));
        ++n;
        b.set_prefix("select" + std::to_string(n) + "_", "Select " + (name.empty() ? std::to_string(n) : name) + ": ");
        select_sections(b, sel);
      }
      if (at(result, "links").is_object()) {
        b.set_prefix("link_", "Links: ");
        link_sections(b, at(result, "links"));
      }
      if (at(result, "fabric").is_object()) {
        b.set_prefix("fabric_", "Fabric: ");
        fabric_sections(b, at(result, "fabric"), true);
      }
      if (at(result, "plan").is_object()) {
        b.set_prefix("plan_", "Plan: ");
        plan_sections(b, at(result, "plan"));
      }
      if (at(result, "market").is_object()) {
        b.set_prefix("market_", "Market: ");
        market_sections(b, at(result, "market"));
      }
      b.set_prefix("", "");
      if (m.sections.empty()) return fail("the run result holds no selections, links, fabric, plan or market to report");
    } else if (m.kind == "select") {
      const std::string name = text(at(at(result, "requirement"), "name"));
      m.title = "Module selection" + (name.empty() ? "" : ": " + name);
      m.subtitle = "opticplan select: the modules that can carry one link, ranked, and why every other family is refused.";
      select_sections(b, result);
      extra_keys(b, result, {"schema", "version", "requirement", "candidates", "rejected", "scenario_inputs", "sources"});
    } else if (m.kind == "quote") {
      const J& o = at(result, "order");
      m.title = "Quote: " + display(at(o, "quantity")) + " × " +
                (at(o, "item").is_string() ? text(at(o, "item")) : text(at(o, "requirement"))) + " for " + text(at(o, "customer"));
      m.subtitle = "opticplan quote: the earliest schedule the committed plan can promise, and why not earlier.";
      quote_sections(b, result);
      extra_keys(b, result, {"schema", "version", "committed", "complete", "periods", "order", "scenario_inputs", "sources"});
    } else if (m.kind == "compare") {
      m.title = "Plans compared: base and what-if";
      m.subtitle = "opticplan compare: the base scenario's plan against the what-if's, KPIs and the orders that moved.";
      compare_sections(b, result);
      extra_keys(b, result, {"schema", "version", "periods", "base", "what_if", "moved", "only_base", "only_what_if",
                             "groups", "scenario_inputs", "sources"});
    } else if (m.kind.empty()) {
      return fail("cannot tell what kind of result this is: no \"schema\" or \"kind\" field and none of the keys of a "
                  "fabric, fabric-compare, link, plan, market, run, select, quote or compare result");
    } else {
      return fail("schema \"" + text(at(result, "schema")) + (at(result, "schema").is_null() ? text(at(result, "kind")) : "") +
                  "\" has no report; reports exist for opticplan.fabric, opticplan.fabric-compare, opticplan.link, "
                  "opticplan.plan, opticplan.market, opticplan.market-compare, opticplan.run, opticplan.select, "
                  "opticplan.quote and opticplan.compare");
    }
    // Every report ends with what it was computed from (a market compare has one per side, above).
    if (m.kind != "market-compare") provenance_sections(b, result);
  } catch (const Malformed& e) {
    return fail("not a valid " + m.kind + " result: " + e.message);
  } catch (const nlohmann::json::exception& e) {
    return fail("not a valid " + m.kind + " result: " + e.what());
  }
  return m;
}

}  // namespace opticplan::report
