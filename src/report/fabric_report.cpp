#include "opticplan/report/fabric_report.h"

#include "opticplan/report/table.h"

namespace opticplan::report {
using namespace catalog;
using nlohmann::ordered_json;

namespace {

std::string grouped(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return (v < 0 ? "-" : "") + s;
}

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

}  // namespace

std::string fabric_text(const Catalog& cat, const fabric::ClusterSpec& spec, const fabric::Topology& t) {
  const Server& server = cat.servers[spec.server];
  std::string out = "Cluster: " + grouped(t.servers) + " x " + server.id + " (" + grouped(t.gpus) + " GPUs) in " +
                    grouped(t.scalable_units) + " SU of " + std::to_string(spec.nodes_per_su) + " node slots; " +
                    std::to_string(t.rails) + " rails x " + std::to_string(t.planes) + " plane" +
                    (t.planes == 1 ? "" : "s") + ", " + format(t.link_speed) + " links";
  if (t.split > 1) out += " (" + std::to_string(t.split) + " per " + format(t.leaf_port_speed) + " leaf port)";
  out += "\n";
  out += "Fabric: " + std::to_string(t.tiers) + " tiers; leaf " + cat.switches[spec.leaf].id + " (" +
         std::to_string(t.leaf_down_ports) + " ports down, " + std::to_string(t.leaf_up_ports) + " up)";
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
  table.row({"core", t.tiers == 3 ? core_of(cat, spec).id : "-", grouped(t.cores), "spine-core", grouped(t.spine_core_links)});
  if (t.management_links) table.row({"", "", "", "management-leaf", grouped(t.management_links)});
  out += table.text(2);
  out += "  these switches reach " + grouped(t.max_gpus) + " GPUs in " + std::to_string(t.tiers) + " tiers\n";
  return out;
}

ordered_json fabric_json(const Catalog& cat, const fabric::ClusterSpec& spec, const fabric::Topology& t) {
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
  c["planes"] = t.planes;
  c["nic_speed_gbps"] = t.nic_speed.value();
  c["link_speed_gbps"] = t.link_speed.value();
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
                {"management_leaf", t.management_links},
                {"leaf_spine", t.leaf_spine_links},
                {"spine_core", t.spine_core_links}};
  j["max_gpus"] = t.max_gpus;
  return j;
}

}  // namespace opticplan::report
