// The other fabrics of a cluster: storage and in-band (a plain leaf/spine over the servers'
// storage NICs) and out-of-band management (copper, counted in ports and cables).
//
// Storage: every port of the server's NICs of the given role (default "storage") is an endpoint.
// A leaf gives `floor(radix x o / (o + 1))` ports down (o: its oversubscription) and the rest, at
// most down / o, up; endpoints slower than the switch port share it (2 x 400G on an 800G port).
// Leaves = endpoints / down, rounded up; one leaf needs no spine; otherwise spines = leaf uplinks /
// radix, rounded up. Media are chosen per tier like the compute fabric's (bom.h), over design lengths
// given or estimated (the compute fabric's NIC-leaf length, and its leaf-spine length).
// Management: one copper port per server and per switch of the cluster, on 48-port management
// switches (an estimate: 1GbE switches such as the SN2201 have 48), each with one uplink.
#pragma once

#include <optional>
#include <string>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/result.h"
#include "opticplan/fabric/bom.h"
#include "opticplan/fabric/topology.h"

namespace opticplan::fabric {

struct StorageSpec {
  catalog::SwitchId sw;
  std::string role = "storage";
  double oversubscription = 1;
};

struct ManagementSpec {
  int switch_ports = 48;
};

struct StorageFabric {
  int64_t endpoints = 0, leaves = 0, spines = 0;
  int split = 1;
  int down = 0, up = 0;  // per leaf
  int64_t nic_leaf_links = 0, leaf_spine_links = 0;
  std::vector<TierMedia> media;  // nic-leaf, then leaf-spine when there are spines
  std::map<std::string, int64_t> transceivers;
  std::map<std::string, int64_t> cables;
  int64_t modules = 0;
  Power optics_power, switch_power;
  Money optics_cost, switch_cost;
};

struct ManagementFabric {
  int64_t ports = 0, switches = 0, cables = 0;
};

Result<StorageFabric> build_storage(const catalog::Catalog& cat, const ClusterSpec& cluster, const Topology& topo,
                                    const StorageSpec& spec, const MediaOptions& media);
ManagementFabric build_management(const Topology& topo, int64_t other_switches, const ManagementSpec& spec);

}  // namespace opticplan::fabric
