#include "opticplan/fabric/storage.h"

#include <cmath>

namespace opticplan::fabric {
using namespace catalog;

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

Result<StorageFabric> build_storage(const Catalog& cat, const ClusterSpec& cluster, const Topology& topo,
                                    const StorageSpec& spec, const MediaOptions& media) {
  StorageFabric f;
  const Server& server = cat.servers[cluster.server];
  const Switch& sw = cat.switches[spec.sw];
  const Nic* nic = nullptr;
  int ports = 0;
  for (const auto& sn : server.nics) {
    if (sn.role != spec.role) continue;
    const Nic& n = cat.nics[sn.nic];
    if (nic && n.speed != nic->speed) return fail(server.id + " has " + spec.role + " NICs of different speeds");
    nic = &n;
    ports += sn.count * n.ports;
  }
  if (!nic) return fail(server.id + " has no NIC with the role \"" + spec.role + "\"");
  if (nic->speed > sw.port_speed)
    return fail("a " + format(nic->speed) + " " + spec.role + " NIC is faster than " + sw.id + "'s " +
                format(sw.port_speed) + " ports");
  f.split = static_cast<int>(std::lround(sw.port_speed / nic->speed));
  if (f.split > 1) {
    bool ok = false;
    for (const auto& b : sw.breakout) ok |= b.speed == nic->speed && b.count == f.split;
    if (!ok)
      return fail(sw.id + " does not break a " + format(sw.port_speed) + " port into " + std::to_string(f.split) +
                  " x " + format(nic->speed));
  }
  const int radix = sw.ports();
  const double o = spec.oversubscription;
  f.endpoints = topo.servers * ports;
  const int64_t attachments = ceil_div(f.endpoints, f.split);  // switch ports the endpoints need
  f.down = static_cast<int>(std::floor(radix * o / (o + 1) + 1e-9));
  if (attachments <= radix) {  // one leaf, no spines
    f.leaves = 1;
    f.down = static_cast<int>(attachments);
    f.up = 0;
  } else {
    f.up = static_cast<int>(std::ceil(f.down / o - 1e-9));
    if (f.down + f.up > radix) f.up = radix - f.down;
    f.leaves = ceil_div(attachments, f.down);
    f.spines = ceil_div(f.leaves * f.up, radix);
  }
  f.nic_leaf_links = f.endpoints;  // logical links; `split` of them share a switch port
  f.leaf_spine_links = f.leaves * f.up;
  // Media: the storage NICs sit beside the compute NICs; the leaves in the same rooms.
  auto t1 = choose_media(cat, "storage nic-leaf", nic->speed, f.split,
                         TierEnd{nic->cage, nic->ports_per_cage, nic->id, {}}, end_of(sw), media.nic_leaf, media);
  if (!t1) return fail(t1.error());
  t1.value().links = f.endpoints;
  t1.value().a_modules = topo.servers * ceil_div(ports, nic->ports_per_cage);
  t1.value().b_modules = ceil_div(attachments, sw.ports_per_cage);
  f.media.push_back(*t1);
  if (f.spines > 0) {
    auto t2 =
        choose_media(cat, "storage leaf-spine", sw.port_speed, 1, end_of(sw), end_of(sw), media.leaf_spine, media);
    if (!t2) return fail(t2.error());
    t2.value().links = f.leaf_spine_links;
    t2.value().a_modules = f.leaves * ceil_div(f.up, sw.ports_per_cage);
    t2.value().b_modules = ceil_div(f.leaf_spine_links, sw.ports_per_cage);
    f.media.push_back(*t2);
  }
  Bom totals;
  totals.tiers = std::move(f.media);
  roll_up(cat, totals, media.year);
  f.media = std::move(totals.tiers);
  f.transceivers = std::move(totals.transceivers);
  f.cables = std::move(totals.cables);
  f.modules = totals.modules;
  f.optics_power = totals.optics_power;
  f.optics_cost = totals.optics_cost;
  f.switch_power = sw.power * static_cast<double>(f.leaves + f.spines);
  if (auto p = sw.price.at(media.year)) f.switch_cost = *p * static_cast<double>(f.leaves + f.spines);
  return f;
}

ManagementFabric build_management(const Topology& topo, int64_t other_switches, const ManagementSpec& spec) {
  ManagementFabric m;
  m.ports = topo.servers + topo.leaves + topo.spines + topo.cores + other_switches;
  const int64_t usable = spec.switch_ports - 1;  // one port up
  m.switches = ceil_div(m.ports, usable);
  m.cables = m.ports + m.switches;  // every port, plus each switch's uplink
  return m;
}

}  // namespace opticplan::fabric
