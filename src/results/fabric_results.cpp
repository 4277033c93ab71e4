#include "opticplan/results/fabric_results.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "opticplan/core/table.h"

namespace opticplan::results {
using namespace catalog;
using nlohmann::ordered_json;

namespace {

const char* grouping_name(fabric::SpineGrouping g) {
  switch (g) {
    case fabric::SpineGrouping::kRail: return "rail";
    case fabric::SpineGrouping::kPlane: return "plane";
  }
  return "plane";
}

const Switch& spine_of(const Catalog& cat, const fabric::ClusterSpec& s) {
  return cat.switches[s.spine.valid() ? s.spine : s.leaf];
}
const Switch& core_of(const Catalog& cat, const fabric::ClusterSpec& s) {
  return cat.switches[s.core.valid() ? s.core : (s.spine.valid() ? s.spine : s.leaf)];
}

std::string end_module(const Catalog& cat, TransceiverId t, CpoId c) {
  return c.valid() ? cat.cpos[c].id + " (CPO)" : t.valid() ? cat.transceivers[t].id : "-";
}

// The tier's medium: its PMD, or the cable's kind.
std::string medium_name(const Catalog& cat, const fabric::TierMedia& tm) {
  return tm.cable.valid() ? std::string(name_of(cat.cables[tm.cable].kind)) + " cable" : cat.pmds[tm.pmd].id;
}

// What sits at one end: a module, a CPO engine port, or (upper end) the cable assembly.
std::string end_id(const Catalog& cat, const fabric::TierMedia& tm, bool lower) {
  if (tm.cable.valid()) return lower ? std::string() : cat.cables[tm.cable].id;
  const CpoId c = lower ? tm.a_cpo : tm.b_cpo;
  return c.valid() ? cat.cpos[c].id : cat.transceivers[lower ? tm.a : tm.b].id;
}

const char* end_kind(const fabric::TierMedia& tm, bool lower) {
  if (tm.cable.valid()) return lower ? "none" : "cable";
  return (lower ? tm.a_cpo : tm.b_cpo).valid() ? "cpo" : "transceiver";
}

int servers_per_rack(const Catalog& cat, const fabric::Fabric& f) {
  if (f.input.layout.servers_per_rack > 0) return f.input.layout.servers_per_rack;
  const Server& s = cat.servers[f.input.spec.server];
  return s.trays > 1 ? s.trays : 4;
}

const char* policy_name(fabric::Policy p) { return p == fabric::Policy::kPower ? "power" : "cost"; }

double per_gpu(double v, int64_t gpus) { return gpus ? v / static_cast<double>(gpus) : 0; }

std::string bom_text(const Catalog& cat, const fabric::Fabric& f) {
  const fabric::Bom& bom = *f.bom;
  const fabric::MediaOptions& m = f.input.media;
  const int64_t gpus = f.topology.gpus;
  std::string out =
      "\nMedia (lowest " + std::string(policy_name(m.policy)) + " per link, " + std::to_string(m.year) + " prices):\n";
  Table media;
  using A = Table::Align;
  media.column("links");
  media.column("count", A::kRight);
  media.column("cables", A::kRight);
  media.column("length", A::kRight);
  media.column("pmd");
  media.column("lower end");
  media.column("count", A::kRight);
  media.column("upper end");
  media.column("count", A::kRight);
  media.column("margin", A::kRight);
  media.column("every link", A::kRight);
  const link::Channel* channels[] = {&m.nic_leaf, &m.leaf_spine, &m.spine_core};
  for (size_t i = 0; i < bom.tiers.size(); ++i) {
    const auto& tm = bom.tiers[i];
    media.row({tm.tier, grouped(tm.links), grouped(tm.cables), format(channels[i]->length), medium_name(cat, tm),
               end_module(cat, tm.a, tm.a_cpo), tm.cable.valid() ? "-" : grouped(tm.a_modules),
               tm.cable.valid() ? cat.cables[tm.cable].id : end_module(cat, tm.b, tm.b_cpo), grouped(tm.b_modules),
               tm.budget.loss_checked ? format_number(tm.budget.loss_margin.value(), 2) + " dB" : "-",
               f.lengths[i].failing ? grouped(f.lengths[i].failing) + " fail" : "pass"});
  }
  out += media.text(2);
  out += "\nTransceivers:\n";
  Table mods;
  mods.column("module");
  mods.column("count", A::kRight);
  mods.column("power", A::kRight);
  mods.column("unit price", A::kRight);
  mods.column("cost", A::kRight);
  for (const auto& [id, count] : bom.transceivers) {
    const Transceiver& x = cat.transceivers[*cat.find_transceiver(id)];
    const auto price = x.price.at(m.year);
    mods.row({id, grouped(count), format_number(x.power.value() * static_cast<double>(count) / 1000, 4) + " kW",
              price ? format(*price) : "-", price ? money_text(*price * static_cast<double>(count)) : "-"});
  }
  out += mods.text(2);
  if (!bom.cables.empty()) {
    out += "\nCables (one assembly per link group, both ends):\n";
    Table cb;
    cb.column("cable");
    cb.column("count", A::kRight);
    cb.column("power", A::kRight);
    cb.column("unit price", A::kRight);
    cb.column("cost", A::kRight);
    for (const auto& [id, count] : bom.cables) {
      const Cable& c = cat.cables[*cat.find_cable(id)];
      const auto price = c.price.at(m.year);
      cb.row({id, grouped(count), format_number(c.power.value() * static_cast<double>(count) / 1000, 4) + " kW",
              price ? format(*price) : "-", price ? money_text(*price * static_cast<double>(count)) : "-"});
    }
    out += cb.text(2);
  }
  if (!bom.cpo_ports.empty()) {
    out += "\nCo-packaged optics (engine ports on the switches):\n";
    Table cp;
    cp.column("engine");
    cp.column("ports", A::kRight);
    cp.column("power", A::kRight);
    cp.column("price a port", A::kRight);
    cp.column("cost", A::kRight);
    for (const auto& [id, count] : bom.cpo_ports) {
      const Cpo& c = cat.cpos[*cat.find_cpo(id)];
      const auto price = c.price_per_port.at(m.year);
      cp.row({id, grouped(count),
              format_number(c.power_per_port.value() * static_cast<double>(count) / 1000, 4) + " kW",
              price ? format(*price) : "-", price ? money_text(*price * static_cast<double>(count)) : "-"});
    }
    out += cp.text(2);
  }
  out += "\nTotals: " + grouped(bom.modules) + " modules; " + grouped(bom.links) + " links " +
         (bom.copper_links ? "(" + grouped(bom.links - bom.copper_links) + " on " + grouped(bom.fibres) +
                                 " fibre cables, " + grouped(bom.copper_links) + " on copper); "
                           : "on " + grouped(bom.fibres) + " fibre cables; ") +
         format_number(bom.optics_per_gpu, 4) + " modules per GPU\n";
  out += "  optics   " + format_number(bom.optics_power.value() / 1000, 4) + " kW (" +
         format_number(per_gpu(bom.optics_power.value(), gpus), 4) + " W per GPU), " + money_text(bom.optics_cost) +
         " (" + money_text(Money(per_gpu(bom.optics_cost.value(), gpus))) + " per GPU)\n";
  out += "  switches " + format_number(bom.switch_power.value() / 1000, 4) + " kW (" +
         format_number(per_gpu(bom.switch_power.value(), gpus), 4) + " W per GPU), " + money_text(bom.switch_cost) +
         " (" + money_text(Money(per_gpu(bom.switch_cost.value(), gpus))) + " per GPU)\n";
  if (!bom.components.empty()) {
    out += "\nComponents in the optics:\n";
    Table comps;
    comps.column("component");
    comps.column("quantity", A::kRight);
    for (const auto& [id, qty] : bom.components) comps.row({id, grouped(static_cast<int64_t>(std::llround(qty)))});
    out += comps.text(2);
  }
  return out;
}

ordered_json bom_json(const Catalog& cat, const fabric::Fabric& f) {
  const fabric::Bom& bom = *f.bom;
  const fabric::MediaOptions& m = f.input.media;
  const int64_t gpus = f.topology.gpus;
  ordered_json b;
  b["policy"] = policy_name(m.policy);
  b["year"] = m.year;
  b["deny"] = m.deny;
  const link::Channel* channels[] = {&m.nic_leaf, &m.leaf_spine, &m.spine_core};
  b["tiers"] = ordered_json::array();
  for (size_t i = 0; i < bom.tiers.size(); ++i) {
    const auto& tm = bom.tiers[i];
    ordered_json t;
    t["tier"] = tm.tier;
    t["links"] = tm.links;
    t["cables"] = tm.cables;
    t["length_m"] = channels[i]->length.value();
    t["pmd"] = tm.cable.valid() ? ordered_json(nullptr) : ordered_json(cat.pmds[tm.pmd].id);
    t["medium"] = medium_name(cat, tm);
    t["lower_module"] = tm.cable.valid() ? ordered_json(nullptr) : ordered_json(end_id(cat, tm, true));
    t["lower_kind"] = end_kind(tm, true);
    t["lower_modules"] = tm.a_modules;
    t["upper_module"] = end_id(cat, tm, false);
    t["upper_kind"] = end_kind(tm, false);
    t["upper_modules"] = tm.b_modules;
    t["reach_m"] = tm.budget.reach.value();
    t["loss_db"] = tm.budget.loss.value();
    t["loss_margin_db"] = tm.budget.loss_checked ? ordered_json(tm.budget.loss_margin.value()) : ordered_json(nullptr);
    b["tiers"].push_back(std::move(t));
  }
  b["transceivers"] = ordered_json::array();
  for (const auto& [id, count] : bom.transceivers) {
    const Transceiver& x = cat.transceivers[*cat.find_transceiver(id)];
    const auto price = x.price.at(m.year);
    b["transceivers"].push_back({{"id", id},
                                 {"count", count},
                                 {"power_w", x.power.value() * static_cast<double>(count)},
                                 {"unit_price_usd", price ? ordered_json(price->value()) : ordered_json(nullptr)}});
  }
  b["cables"] = ordered_json::array();
  for (const auto& [id, count] : bom.cables) {
    const Cable& c = cat.cables[*cat.find_cable(id)];
    const auto price = c.price.at(m.year);
    b["cables"].push_back({{"id", id},
                           {"count", count},
                           {"power_w", c.power.value() * static_cast<double>(count)},
                           {"unit_price_usd", price ? ordered_json(price->value()) : ordered_json(nullptr)}});
  }
  b["copper_links"] = bom.copper_links;
  b["cpo"] = ordered_json::array();
  for (const auto& [id, count] : bom.cpo_ports) {
    const Cpo& c = cat.cpos[*cat.find_cpo(id)];
    const auto price = c.price_per_port.at(m.year);
    b["cpo"].push_back({{"id", id},
                        {"ports", count},
                        {"power_w", c.power_per_port.value() * static_cast<double>(count)},
                        {"unit_price_usd", price ? ordered_json(price->value()) : ordered_json(nullptr)}});
  }
  b["components"] = ordered_json::array();
  for (const auto& [id, qty] : bom.components) b["components"].push_back({{"id", id}, {"quantity", qty}});
  // Modules (and CPO engine ports) by where they sit.
  ordered_json where = {{"nic", 0}, {"leaf", 0}, {"spine", 0}, {"core", 0}};
  static const char* kEnds[3][2] = {{"nic", "leaf"}, {"leaf", "spine"}, {"spine", "core"}};
  for (size_t i = 0; i < bom.tiers.size() && i < 3; ++i) {
    const auto& tm = bom.tiers[i];
    if (tm.cable.valid()) continue;
    where[kEnds[i][0]] = where[kEnds[i][0]].get<int64_t>() + tm.a_modules;
    where[kEnds[i][1]] = where[kEnds[i][1]].get<int64_t>() + tm.b_modules;
  }
  b["modules_by_location"] = std::move(where);
  b["modules"] = bom.modules;
  b["links"] = bom.links;
  b["fibres"] = bom.fibres;
  b["modules_per_gpu"] = bom.optics_per_gpu;
  b["optics_power_w"] = bom.optics_power.value();
  b["optics_cost_usd"] = bom.optics_cost.value();
  b["switch_power_w"] = bom.switch_power.value();
  b["switch_cost_usd"] = bom.switch_cost.value();
  b["per_gpu"] = {{"optics_power_w", per_gpu(bom.optics_power.value(), gpus)},
                  {"optics_cost_usd", per_gpu(bom.optics_cost.value(), gpus)},
                  {"switch_power_w", per_gpu(bom.switch_power.value(), gpus)},
                  {"switch_cost_usd", per_gpu(bom.switch_cost.value(), gpus)}};
  return b;
}

}  // namespace

// The SU size as a choice (leaf_sizing.h): what the default leaves idle, and the full-SU design.
std::string leaf_sizing_text(const Catalog& cat, const fabric::Fabric& f) {
  if (!f.leaf_sizing) return {};
  const fabric::LeafSizing& ls = *f.leaf_sizing;
  const auto& a = ls.as_built;
  const std::string leaf = cat.switches[f.input.spec.leaf].id;
  std::string out = "\nLeaf sizing: the default SU of " + std::to_string(a.nodes_per_su) + " nodes uses " +
                    std::to_string(a.leaf_ports_used) + " of " + leaf + "'s " + std::to_string(ls.leaf_ports) +
                    " ports per leaf (" +
                    format_number(100.0 * (ls.leaf_ports - a.leaf_ports_used) / ls.leaf_ports, 3) + "% idle).\n";
  if (!ls.full) {
    return out + "  an SU as large as a leaf's ports take cannot be built: " + ls.full_error + "\n";
  }
  const auto& b = *ls.full;
  const auto delta = [](Money x, Money y) {
    const double d = y.value() - x.value();
    if (std::abs(d) < 0.5) return std::string("the same");
    return (d < 0 ? "-" : "+") + money_text(Money(std::abs(d)));
  };
  out += "  with an SU of " + std::to_string(b.nodes_per_su) +
         " nodes (nodes_per_su: " + std::to_string(b.nodes_per_su) +
         ", as large as a leaf's ports take): " + grouped(b.leaves) + " leaves, " + grouped(b.spines) + " spines" +
         (b.tiers == 3 ? ", " + grouped(b.cores) + " cores" : std::string()) + " in " + std::to_string(b.tiers) +
         " tiers against " + grouped(a.leaves) + ", " + grouped(a.spines) +
         (a.tiers == 3 ? ", " + grouped(a.cores) : std::string()) + "; switches " + money_text(b.switch_cost) + " (" +
         delta(a.switch_cost, b.switch_cost) + "), optics " + money_text(b.optics_cost) + " (" +
         delta(a.optics_cost, b.optics_cost) + ")\n";
  out += "  set nodes_per_su to choose (fabric compare shows both when the file lists variants)\n";
  return out;
}

std::string fabric_text(const Catalog& cat, const fabric::Fabric& f) {
  const fabric::ClusterSpec& spec = f.input.spec;
  const fabric::Topology& t = f.topology;
  const Server& server = cat.servers[spec.server];
  const std::string nodes = t.trays > 1
                                ? grouped(t.servers / t.trays) + " x " + server.id + " = " + grouped(t.servers) +
                                      " trays (" + grouped(t.gpus) + " GPUs; NVLink copper inside each rack, no optics)"
                                : grouped(t.servers) + " x " + server.id + " (" + grouped(t.gpus) + " GPUs)";
  std::string out = "Cluster: " + nodes + " in " + grouped(t.scalable_units) + " SU of " +
                    std::to_string(spec.nodes_per_su) + " node slots; " + std::to_string(t.rails) + " rails x " +
                    std::to_string(t.planes) + " plane" + (t.planes == 1 ? "" : "s") + ", " + format(t.link_speed) +
                    " links";
  if (t.split > 1) out += " (" + std::to_string(t.split) + " per " + format(t.leaf_port_speed) + " leaf port)";
  out += "\n";
  out +=
      "Fabric: " +
      std::string(t.rail_optimized ? "" : "plain fat tree (" + std::to_string(t.nodes_per_leaf) + " nodes a leaf), ") +
      std::to_string(t.tiers) + " tiers; leaf " + cat.switches[spec.leaf].id +
      (spec.port_speed ? " in " + std::to_string(t.leaf_ports) + " x " + format(t.leaf_port_speed) + " port mode"
                       : std::string()) +
      " (" + std::to_string(t.leaf_down_ports) + " ports down, " + std::to_string(t.leaf_up_ports) + " up)";
  if (t.tiers == 2) {
    out += "; spines in " + grouped(t.spine_groups) + " " + grouping_name(t.grouping) + " group" +
           (t.spine_groups == 1 ? "" : "s") + "\n";
  } else {
    out += "; " + grouped(t.spine_groups) + " pods; spine " + std::to_string(t.spine_down_ports) + " down, " +
           std::to_string(t.spine_up_ports) + " up\n";
  }
  Table table;
  using A = Table::Align;
  table.column("tier");
  table.column("switch");
  table.column("count", A::kRight);
  table.column("links");
  table.column("count", A::kRight);
  table.row({"leaf", cat.switches[spec.leaf].id, grouped(t.leaves), "nic-leaf", grouped(t.nic_leaf_links)});
  table.row({"spine", spine_of(cat, spec).id, grouped(t.spines), "leaf-spine", grouped(t.leaf_spine_links)});
  table.row({"core", t.tiers == 3 ? core_of(cat, spec).id : "-", grouped(t.cores), "spine-core",
             grouped(t.spine_core_links)});
  if (t.management_links) table.row({"", "", "", "management-leaf", grouped(t.management_links)});
  out += table.text(2);
  if (t.split > 1)
    out += "  links are logical, at each tier's rate: " + std::to_string(t.split) + " nic-leaf links share each of " +
           grouped(t.nic_leaf_ports) + " leaf ports, one breakout cable a port\n";
  out += "  these switches reach " + grouped(t.max_gpus) + " GPUs in " + std::to_string(t.tiers) +
         " tiers; bisection " + format(DataRate(f.bisection_gbps)) + "\n";
  out += leaf_sizing_text(cat, f);
  out += "\nCable lengths (layout: " + std::to_string(servers_per_rack(cat, f)) + " nodes a rack, " +
         std::to_string(f.input.layout.racks_per_row) + " racks a row, spines " +
         format(f.input.layout.spine_distance) + " from the rows):\n";
  Table lens;
  lens.column("links");
  lens.column("count", Table::Align::kRight);
  lens.column("shortest", Table::Align::kRight);
  lens.column("mean", Table::Align::kRight);
  lens.column("longest", Table::Align::kRight);
  lens.column("by length");
  for (int k = 0; k < t.tiers; ++k) {
    const fabric::TierLengths& tl = f.lengths[k];
    if (!tl.links) continue;
    std::string hist;
    const auto& bins = fabric::length_bins();
    for (size_t b = 0; b < tl.bins.size(); ++b) {
      if (!tl.bins[b]) continue;
      hist += (hist.empty() ? "" : ", ") +
              std::string(b < bins.size() ? "<=" + format_number(bins[b], 5) + " m: " : "longer: ") +
              grouped(tl.bins[b]);
    }
    lens.row({fabric::tier_name(static_cast<fabric::Tier>(k)), grouped(tl.links),
              format_number(tl.shortest_m, 3) + " m", format_number(tl.mean_m, 3) + " m",
              format_number(tl.longest_m, 3) + " m", hist});
  }
  out += lens.text(2);
  if (!f.bom)
    out += "\nMedia: " + f.bom_note + "\n";
  else
    out += bom_text(cat, f);
  if (f.storage) {
    const fabric::StorageFabric& st = *f.storage;
    out += "\nStorage and in-band fabric (" + cat.switches[f.input.storage->sw].id + ", " + f.input.storage->role +
           " NICs): " + grouped(st.endpoints) + " ports on " + grouped(st.leaves) + " leaves" +
           (st.spines ? " and " + grouped(st.spines) + " spines" : "") + "\n";
    Table sm;
    sm.column("links");
    sm.column("count", A::kRight);
    sm.column("cables", A::kRight);
    sm.column("pmd");
    sm.column("lower end");
    sm.column("count", A::kRight);
    sm.column("upper end");
    sm.column("count", A::kRight);
    for (const auto& tm : st.media)
      sm.row({tm.tier, grouped(tm.links), grouped(tm.cables), medium_name(cat, tm), end_module(cat, tm.a, tm.a_cpo),
              grouped(tm.a_modules), tm.cable.valid() ? cat.cables[tm.cable].id : end_module(cat, tm.b, tm.b_cpo),
              grouped(tm.b_modules)});
    out += sm.text(2);
    out += "  " + grouped(st.modules) + " modules, optics " + format_number(st.optics_power.value() / 1000, 4) +
           " kW, " + money_text(st.optics_cost) + "; switches " + format_number(st.switch_power.value() / 1000, 4) +
           " kW, " + money_text(st.switch_cost) + "\n";
  }
  if (f.management) {
    const fabric::ManagementFabric& mg = *f.management;
    out += "\nManagement (out of band, copper): " + grouped(mg.ports) + " ports on " + grouped(mg.switches) + " " +
           std::to_string(f.input.management->switch_ports) + "-port switches, " + grouped(mg.cables) + " cables\n";
  }
  return out;
}

ordered_json leaf_sizing_json(const fabric::Fabric& f) {
  if (!f.leaf_sizing) return nullptr;
  const auto design = [](const fabric::LeafSizing::Design& d) {
    return ordered_json{{"nodes_per_su", d.nodes_per_su},
                        {"tiers", d.tiers},
                        {"leaf_ports_used", d.leaf_ports_used},
                        {"scalable_units", d.scalable_units},
                        {"leaves", d.leaves},
                        {"spines", d.spines},
                        {"cores", d.cores},
                        {"switch_cost_usd", d.switch_cost.value()},
                        {"optics_cost_usd", d.optics_cost.value()},
                        {"switch_power_w", d.switch_power.value()},
                        {"optics_power_w", d.optics_power.value()}};
  };
  const fabric::LeafSizing& ls = *f.leaf_sizing;
  return ordered_json{{"leaf_ports", ls.leaf_ports},
                      {"as_built", design(ls.as_built)},
                      {"full_su", ls.full ? design(*ls.full) : ordered_json(nullptr)},
                      {"full_su_error", ls.full ? ordered_json(nullptr) : ordered_json(ls.full_error)}};
}

ordered_json fabric_json(const Catalog& cat, const fabric::Fabric& f) {
  const fabric::ClusterSpec& spec = f.input.spec;
  const fabric::Topology& t = f.topology;
  ordered_json j;
  j["schema"] = "opticplan.fabric";
  j["version"] = 1;
  ordered_json c;
  c["server"] = cat.servers[spec.server].id;
  c["servers"] = t.servers;
  c["gpus"] = t.gpus;
  c["scalable_units"] = t.scalable_units;
  c["nodes_per_su"] = spec.nodes_per_su;
  c["node_slots"] = t.node_slots;
  c["rails"] = t.rails;
  c["rail_optimized"] = t.rail_optimized;
  c["nodes_per_leaf"] = t.nodes_per_leaf;
  c["planes"] = t.planes;
  c["nic_speed_gbps"] = t.nic_speed.value();
  c["link_speed_gbps"] = t.link_speed.value();
  c["port_speed_gbps"] = t.leaf_port_speed.value();  // the switches' port mode (native unless port_speed given)
  c["port_mode"] = spec.port_speed ? "given" : "native";
  c["links_per_leaf_port"] = t.split;
  c["leaf_switch"] = cat.switches[spec.leaf].id;
  c["spine_switch"] = spine_of(cat, spec).id;
  c["core_switch"] = t.tiers == 3 ? ordered_json(core_of(cat, spec).id) : ordered_json(nullptr);
  c["leaf_oversubscription"] = spec.leaf_oversubscription;
  c["spine_oversubscription"] = t.tiers == 3 ? ordered_json(spec.spine_oversubscription) : ordered_json(nullptr);
  j["cluster"] = std::move(c);
  j["tiers"] = t.tiers;
  j["spine_grouping"] = t.tiers == 2 ? ordered_json(grouping_name(t.grouping)) : ordered_json(nullptr);
  j["spine_groups"] = t.spine_groups;
  j["leaf_ports"] = {{"down", t.leaf_down_ports}, {"up", t.leaf_up_ports}, {"total", t.leaf_ports}};
  j["spine_ports"] = t.tiers == 3 ? ordered_json({{"down", t.spine_down_ports}, {"up", t.spine_up_ports}})
                                  : ordered_json({{"down", t.spine_down_ports}, {"up", 0}});
  j["switches"] = {{"leaf", t.leaves}, {"spine", t.spines}, {"core", t.cores}};
  j["links"] = {{"nic_leaf", t.nic_leaf_links},
                {"nic_leaf_ports", t.nic_leaf_ports},
                {"management_leaf", t.management_links},
                {"leaf_spine", t.leaf_spine_links},
                {"spine_core", t.spine_core_links}};
  j["max_gpus"] = t.max_gpus;
  j["bisection_gbps"] = f.bisection_gbps;
  j["oversubscription"] = {
      {"leaf", static_cast<double>(t.leaf_down_ports) / t.leaf_up_ports},
      {"spine", t.tiers == 3 ? ordered_json(static_cast<double>(t.spine_down_ports) / t.spine_up_ports)
                             : ordered_json(nullptr)}};
  const fabric::LayoutOptions& lo = f.input.layout;
  j["layout"] = {{"servers_per_rack", servers_per_rack(cat, f)},
                 {"racks_per_row", lo.racks_per_row},
                 {"rack_width_m", lo.rack_width.value()},
                 {"row_pitch_m", lo.row_pitch.value()},
                 {"leaf_placement", lo.leaf_placement == fabric::LeafPlacement::kEndOfRow      ? "end_of_row"
                                    : lo.leaf_placement == fabric::LeafPlacement::kMiddleOfRow ? "middle_of_row"
                                                                                               : "in_rack"},
                 {"spine_distance_m", lo.spine_distance.value()},
                 {"core_distance_m", lo.core_distance.value()},
                 {"rise_m", lo.rise.value()},
                 {"slack_m", lo.slack.value()},
                 {"slack_share", lo.slack_share}};
  ordered_json lengths = ordered_json::array();
  for (int k = 0; k < t.tiers; ++k) {
    const fabric::TierLengths& tl = f.lengths[k];
    ordered_json bins = ordered_json::array();
    const auto& bounds = fabric::length_bins();
    for (size_t b = 0; b < tl.bins.size(); ++b)
      if (tl.bins[b])
        bins.push_back(
            {{"up_to_m", b < bounds.size() ? ordered_json(bounds[b]) : ordered_json(nullptr)}, {"links", tl.bins[b]}});
    const auto r3 = [](double v) { return std::round(v * 1000) / 1000; };
    lengths.push_back({{"tier", fabric::tier_name(static_cast<fabric::Tier>(k))},
                       {"links", tl.links},
                       {"shortest_m", r3(tl.shortest_m)},
                       {"mean_m", r3(tl.mean_m)},
                       {"longest_m", r3(tl.longest_m)},
                       {"bins", std::move(bins)},
                       {"failing", f.bom ? ordered_json(tl.failing) : ordered_json(nullptr)},
                       {"least_margin_db",
                        f.bom ? ordered_json(std::round(tl.least_margin_db * 1e6) / 1e6) : ordered_json(nullptr)}});
  }
  j["lengths"] = std::move(lengths);
  // The interface other tools rely on (issue 3): totals at the top level.
  ordered_json tx = ordered_json::object();
  if (f.bom)
    for (const auto& [id, count] : f.bom->transceivers) tx[id] = count;
  j["transceivers"] = std::move(tx);
  double storage_power = 0, storage_cost = 0;
  if (f.storage) {
    storage_power = f.storage->optics_power.value() + f.storage->switch_power.value();
    storage_cost = f.storage->optics_cost.value() + f.storage->switch_cost.value();
    for (const auto& [id, count] : f.storage->transceivers)
      j["transceivers"][id] = j["transceivers"].value(id, int64_t{0}) + count;
  }
  j["power_w"] = f.bom ? ordered_json(f.bom->optics_power.value() + f.bom->switch_power.value() + storage_power)
                       : ordered_json(nullptr);
  j["cost_usd"] = f.bom ? ordered_json(f.bom->optics_cost.value() + f.bom->switch_cost.value() + storage_cost)
                        : ordered_json(nullptr);
  j["optics_per_gpu"] = f.bom ? ordered_json(f.bom->optics_per_gpu) : ordered_json(nullptr);
  if (f.storage) {
    const fabric::StorageFabric& st = *f.storage;
    ordered_json sj;
    sj["switch"] = cat.switches[f.input.storage->sw].id;
    sj["role"] = f.input.storage->role;
    sj["oversubscription"] = f.input.storage->oversubscription;
    sj["endpoints"] = st.endpoints;
    sj["leaves"] = st.leaves;
    sj["spines"] = st.spines;
    sj["links"] = {{"nic_leaf", st.nic_leaf_links}, {"leaf_spine", st.leaf_spine_links}};
    sj["tiers"] = ordered_json::array();
    for (const auto& tm : st.media)
      sj["tiers"].push_back(
          {{"tier", tm.tier},
           {"links", tm.links},
           {"cables", tm.cables},
           {"medium", medium_name(cat, tm)},
           {"lower_module", tm.cable.valid() ? ordered_json(nullptr) : ordered_json(end_id(cat, tm, true))},
           {"lower_modules", tm.a_modules},
           {"upper_module", end_id(cat, tm, false)},
           {"upper_modules", tm.b_modules}});
    sj["transceivers"] = st.transceivers;
    sj["modules"] = st.modules;
    sj["optics_power_w"] = st.optics_power.value();
    sj["optics_cost_usd"] = st.optics_cost.value();
    sj["switch_power_w"] = st.switch_power.value();
    sj["switch_cost_usd"] = st.switch_cost.value();
    j["storage"] = std::move(sj);
  } else {
    j["storage"] = nullptr;
  }
  j["management"] = f.management ? ordered_json({{"switch_ports", f.input.management->switch_ports},
                                                 {"ports", f.management->ports},
                                                 {"switches", f.management->switches},
                                                 {"cables", f.management->cables}})
                                 : ordered_json(nullptr);
  j["bom"] = f.bom ? bom_json(cat, f) : ordered_json(nullptr);
  j["bom_note"] = f.bom ? ordered_json(nullptr) : ordered_json(f.bom_note);
  j["leaf_sizing"] = leaf_sizing_json(f);
  return j;
}

}  // namespace opticplan::results

namespace opticplan::results {

namespace {

std::string endpoint_name(const fabric::Endpoint& e, const fabric::Topology& t) {
  switch (e.role) {
    case fabric::Role::kServer: return "node" + std::to_string(e.index);
    case fabric::Role::kLeaf: return "leaf" + std::to_string(e.index);
    case fabric::Role::kSpine: return "spine" + std::to_string(e.index);
    case fabric::Role::kCore: return "core" + std::to_string(e.index);
  }
  (void)t;
  return "?";
}

std::string port_name(const fabric::Endpoint& e, int split) {
  if (e.role == fabric::Role::kServer) return "nic" + std::to_string(e.port);
  std::string p = "p" + std::to_string(e.port + 1);
  if (split > 1 && e.role == fabric::Role::kLeaf) p += "/" + std::to_string(e.lane + 1);
  return p;
}

}  // namespace

void write_link_list(std::ostream& out, const Catalog& cat, const fabric::Fabric& f) {
  out << "tier,endpoint_a,port_a,endpoint_b,port_b,length_m,pmd,module_a,module_b\r\n";
  const fabric::Topology& t = f.topology;
  std::string pmd[3], ma[3], mb[3];
  if (f.bom)
    for (size_t k = 0; k < f.bom->tiers.size(); ++k) {
      const auto& tm = f.bom->tiers[k];
      pmd[k] = medium_name(cat, tm);
      ma[k] = end_id(cat, tm, true);
      mb[k] = end_id(cat, tm, false);
    }
  char len[32];
  for (const auto& l : f.links.links) {
    const int k = static_cast<int>(l.tier);
    std::snprintf(len, sizeof len, "%.1f", static_cast<double>(l.length_m));
    out << fabric::tier_name(l.tier) << ',' << endpoint_name(l.a, t) << ',' << port_name(l.a, t.split) << ','
        << endpoint_name(l.b, t) << ',' << port_name(l.b, l.tier == fabric::Tier::kNicLeaf ? t.split : 1) << ',' << len
        << ',' << pmd[k] << ',' << ma[k] << ',' << mb[k] << "\r\n";
  }
}

}  // namespace opticplan::results

namespace opticplan::results {

namespace {

struct Figures {
  int64_t lasers = 0, dsps = 0;
};

Figures figures(const Catalog& cat, const fabric::Bom& bom) {
  Figures f;
  for (const auto& [id, qty] : bom.components) {
    const auto c = cat.find_component(id);
    if (!c) continue;
    const ComponentKind k = cat.components[*c].kind;
    const auto n = static_cast<int64_t>(std::llround(qty));
    if (k == ComponentKind::kEml || k == ComponentKind::kCwLaser || k == ComponentKind::kVcselArray ||
        k == ComponentKind::kDml)
      f.lasers += n;
    if (k == ComponentKind::kDsp) f.dsps += n;
  }
  return f;
}

}  // namespace

std::string money_text(Money m) { return "$" + grouped(static_cast<int64_t>(std::llround(m.value()))); }

std::string fabric_compare_text(const Catalog& cat, const std::vector<FabricVariant>& v) {
  Table t;
  using A = Table::Align;
  for (const char* h : {"design", "GPUs", "tiers", "switches", "modules", "CPO ports", "per GPU", "optics kW", "W/GPU",
                        "optics $", "$/GPU", "lasers", "DSPs"})
    t.column(h, std::string(h) == "design" ? A::kLeft : A::kRight);
  std::string notes;
  for (const auto& x : v) {
    if (!x.fabric) {
      t.row({x.name, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"});
      notes += "  " + x.name + ": " + x.fabric.error() + "\n";
      continue;
    }
    const fabric::Fabric& f = *x.fabric;
    const fabric::Topology& tp = f.topology;
    const std::string sw = grouped(tp.leaves + tp.spines + tp.cores);
    if (!f.bom) {
      t.row({x.name, grouped(tp.gpus), std::to_string(tp.tiers), sw, "-", "-", "-", "-", "-", "-", "-", "-", "-"});
      notes += "  " + x.name + ": " + f.bom_note + "\n";
      continue;
    }
    const fabric::Bom& b = *f.bom;
    const Figures fg = figures(cat, b);
    const double g = static_cast<double>(tp.gpus);
    int64_t cpo = 0;
    for (const auto& [id, n] : b.cpo_ports) cpo += n;
    t.row({x.name, grouped(tp.gpus), std::to_string(tp.tiers), sw, grouped(b.modules), cpo ? grouped(cpo) : "-",
           format_number(b.optics_per_gpu, 3), format_number(b.optics_power.value() / 1000, 4),
           format_number(b.optics_power.value() / g, 3), money_text(b.optics_cost),
           money_text(Money(b.optics_cost.value() / g)), grouped(fg.lasers), grouped(fg.dsps)});
  }
  std::string out = t.text();
  // The total cost of ownership side by side, when asked for.
  const auto asked = std::find_if(v.begin(), v.end(), [](const FabricVariant& x) { return x.tco.has_value(); });
  if (asked != v.end()) {
    out += "\nTotal cost of ownership over " + std::to_string(asked->tco->options.years) + " years:\n";
    Table c;
    for (const char* h : {"design", "switches $", "optics $", "spares $", "replacements $", "power $", "total $",
                          "$/GPU", "failures/yr", "link-down h/yr", "lasers/GPU"})
      c.column(h, std::string(h) == "design" ? A::kLeft : A::kRight);
    for (const auto& x : v) {
      if (!x.tco) continue;
      const fabric::Tco& tc = *x.tco;
      const double g = static_cast<double>(x.fabric->topology.gpus);
      c.row({x.name, money_text(tc.switches_capex), money_text(tc.optics_capex), money_text(tc.spares_capex),
             money_text(tc.replacements), money_text(tc.optics_power_cost + tc.switch_power_cost), money_text(tc.total),
             money_text(Money(tc.total.value() / g)), format_number(tc.failures_per_year, 4),
             format_number(tc.link_down_hours_per_year, 4), format_number(tc.lasers_per_gpu, 4)});
    }
    out += c.text();
  }
  if (!notes.empty()) out += "\nNotes:\n" + notes;
  return out;
}

ordered_json fabric_compare_json(const Catalog& cat, const std::vector<FabricVariant>& v) {
  ordered_json j;
  j["schema"] = "opticplan.fabric-compare";
  j["version"] = 1;
  j["designs"] = ordered_json::array();
  for (const auto& x : v) {
    ordered_json d;
    d["name"] = x.name;
    if (!x.fabric) {
      d["error"] = x.fabric.error();
      d["fabric"] = nullptr;
      d["lasers"] = nullptr;
      d["dsps"] = nullptr;
    } else {
      d["error"] = nullptr;
      d["fabric"] = fabric_json(cat, *x.fabric);
      if (x.tco) d["fabric"]["tco"] = tco_json(*x.tco);
      if (x.fabric->bom) {
        const Figures fg = figures(cat, *x.fabric->bom);
        d["lasers"] = fg.lasers;
        d["dsps"] = fg.dsps;
      } else {
        d["lasers"] = nullptr;
        d["dsps"] = nullptr;
      }
    }
    j["designs"].push_back(std::move(d));
  }
  return j;
}

}  // namespace opticplan::results
