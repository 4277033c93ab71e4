#include "opticplan/scenario/read_fabric.h"

#include <algorithm>

#include "opticplan/scenario/lookup.h"
#include "opticplan/select/select.h"

namespace opticplan::fabric {
using namespace catalog;
using catalog::implementation_tokens;

std::optional<ClusterInput> read_cluster(MapReader& r, const Catalog& cat) {
  ClusterInput input;
  ClusterSpec& spec = input.spec;
  MediaOptions& media = input.media;
  Diagnostics& diag = r.diag();
  const size_t before = diag.size();
  auto server = lookup<ServerId>(r, "server", cat.servers, "server", true);
  auto leaf = lookup<SwitchId>(r, "switch", cat.switches, "switch", true);
  if (auto v = lookup<SwitchId>(r, "spine_switch", cat.switches, "switch", false)) spec.spine = *v;
  if (auto v = lookup<SwitchId>(r, "core_switch", cat.switches, "switch", false)) spec.core = *v;
  if (auto v = r.integer("nodes_per_su", false, 1, 100000)) {
    spec.nodes_per_su = static_cast<int>(*v);
    spec.nodes_per_su_given = true;
  }
  if (auto v = r.integer("nodes_per_leaf", false, 1, 100000)) spec.nodes_per_leaf = static_cast<int>(*v);
  if (auto v = r.integer("reserved_slots", false, 0, 100000)) spec.reserved_slots = static_cast<int>(*v);
  if (auto v = r.integer("management_links", false, 0, 100000)) spec.management_links = static_cast<int>(*v);
  if (auto v = r.integer("planes", false, 1, 16)) spec.planes = static_cast<int>(*v);
  if (const Node* n = r.get("tiers")) {
    static const std::vector<std::string> names = {"2", "3", "auto"};
    if (auto i = read_choice_index(*n, r.path_of("tiers"), diag, names)) spec.tiers = *i == 2 ? 0 : *i + 2;
  }
  if (auto v = r.number("oversubscription", false, 1, 64)) spec.leaf_oversubscription = *v;
  if (auto v = r.number("spine_oversubscription", false, 1, 64)) spec.spine_oversubscription = *v;
  if (const Node* n = r.get("spine_grouping")) {
    static const std::pair<std::string_view, SpineGrouping> kNames[] = {{"plane", SpineGrouping::kPlane},
                                                                        {"rail", SpineGrouping::kRail}};
    if (auto v = read_choice(*n, r.path_of("spine_grouping"), diag, Choices<SpineGrouping>(kNames, 2)))
      spec.grouping = *v;
  }
  if (const Node* n = r.get("policy")) {
    static const std::pair<std::string_view, Policy> kNames[] = {{"cost", Policy::kCost}, {"power", Policy::kPower}};
    if (auto v = read_choice(*n, r.path_of("policy"), diag, Choices<Policy>(kNames, 2))) media.policy = *v;
  }
  for (const char* key : {"allow", "deny"}) {
    if (const Node* n = r.get(key)) {
      for_each_item(*n, r.path_of(key), diag, [&](const Node& item, const std::string& path) {
        if (auto i = read_choice_index(item, path, diag, implementation_tokens())) {
          const std::string& token = implementation_tokens()[static_cast<size_t>(*i)];
          if (std::string_view(key) == "allow")
            std::erase(media.deny, token);
          else if (std::find(media.deny.begin(), media.deny.end(), token) == media.deny.end())
            media.deny.push_back(token);
        }
      });
    }
  }
  if (auto v = r.quantity("nic_leaf_length", false, parse_length)) {
    media.nic_leaf.length = *v;
    media.length_given[0] = true;
  }
  if (auto v = r.quantity("leaf_spine_length", false, parse_length)) {
    media.leaf_spine.length = *v;
    media.length_given[1] = true;
  }
  if (auto v = r.quantity("spine_core_length", false, parse_length)) {
    media.spine_core.length = *v;
    media.length_given[2] = true;
  }
  // Physical layout (layout.h).
  LayoutOptions& lo = input.layout;
  if (auto v = r.integer("servers_per_rack", false, 1, 64)) lo.servers_per_rack = static_cast<int>(*v);
  if (auto v = r.integer("racks_per_row", false, 1, 1000)) lo.racks_per_row = static_cast<int>(*v);
  if (auto v = r.quantity("rack_width", false, parse_length)) lo.rack_width = *v;
  if (auto v = r.quantity("row_pitch", false, parse_length)) lo.row_pitch = *v;
  if (auto v = r.quantity("spine_distance", false, parse_length)) lo.spine_distance = *v;
  if (auto v = r.quantity("core_distance", false, parse_length)) lo.core_distance = *v;
  if (auto v = r.quantity("rise", false, parse_length)) lo.rise = *v;
  if (auto v = r.quantity("slack", false, parse_length)) lo.slack = *v;
  if (auto v = r.number("slack_share", false, 0, 1)) lo.slack_share = *v;
  if (auto v = r.quantity("in_rack", false, parse_length)) lo.in_rack = *v;
  if (const Node* n = r.get("leaf_placement")) {
    static const std::pair<std::string_view, LeafPlacement> kNames[] = {{"end_of_row", LeafPlacement::kEndOfRow},
                                                                        {"middle_of_row", LeafPlacement::kMiddleOfRow},
                                                                        {"in_rack", LeafPlacement::kInRack}};
    if (auto v = read_choice(*n, r.path_of("leaf_placement"), diag, Choices<LeafPlacement>(kNames, 3)))
      lo.leaf_placement = *v;
  }
  if (auto v = r.integer("nic_leaf_connectors", false, 0, 20)) media.nic_leaf.connectors = static_cast<int>(*v);
  if (auto v = r.integer("leaf_spine_connectors", false, 0, 20)) media.leaf_spine.connectors = static_cast<int>(*v);
  if (auto v = r.integer("spine_core_connectors", false, 0, 20)) media.spine_core.connectors = static_cast<int>(*v);
  if (auto v = r.integer("pod_leaves", false, 1, 100000)) spec.pod_leaves = static_cast<int>(*v);
  if (auto v = r.quantity("nic_speed", false, parse_data_rate)) spec.nic_speed = *v;
  if (auto v = r.quantity("port_speed", false, parse_data_rate)) spec.port_speed = *v;
  if (auto v = r.boolean("rail_optimized", false)) spec.rail_optimized = *v;
  if (auto v = r.integer("year", false, 2000, 2100)) media.year = static_cast<int>(*v);
  if (const Node* n = r.get("storage")) {
    MapReader sr(*n, r.path_of("storage"), diag);
    StorageSpec st;
    auto sw = lookup<SwitchId>(sr, "switch", cat.switches, "switch", true);
    if (auto v = sr.str("role", false)) st.role = *v;
    if (auto v = sr.number("oversubscription", false, 1, 64)) st.oversubscription = *v;
    sr.finish();
    if (sw) {
      st.sw = *sw;
      input.storage = st;
    }
  }
  if (const Node* n = r.get("management")) {
    MapReader mr(*n, r.path_of("management"), diag);
    ManagementSpec ms;
    if (auto v = mr.integer("switch_ports", false, 2, 1024)) ms.switch_ports = static_cast<int>(*v);
    mr.finish();
    input.management = ms;
  }
  // Size: exactly one of gpus, servers, scalable_units.
  const int given = int(r.has("gpus")) + int(r.has("servers")) + int(r.has("scalable_units"));
  auto gpus = r.integer("gpus", false, 1, 100000000);
  auto servers = r.integer("servers", false, 1, 100000000);
  auto sus = r.integer("scalable_units", false, 1, 1000000);
  if (given != 1) error_at(diag, r.node(), r.path(), "give the size as exactly one of gpus, servers or scalable_units");
  r.finish();
  if (server) {
    spec.server = *server;
    const int per = cat.servers[*server].gpus;
    const int trays = cat.servers[*server].trays;  // the fabric's nodes per server
    if (gpus) {
      if (*gpus % per != 0)
        error_at(diag, *r.get("gpus"), r.path_of("gpus"),
                 std::to_string(*gpus) + " GPUs is not a whole number of " + cat.servers[*server].id + " servers (" +
                     std::to_string(per) + " GPUs each)");
      spec.servers = *gpus / per * trays;
    }
    if (servers) spec.servers = *servers * trays;
  }
  if (sus) spec.servers = *sus * spec.nodes_per_su - spec.reserved_slots;
  if (leaf) spec.leaf = *leaf;
  if (diag.size() != before) return std::nullopt;
  return input;
}

}  // namespace opticplan::fabric
