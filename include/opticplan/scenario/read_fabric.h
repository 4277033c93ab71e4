// Reading a cluster specification (`cluster:` in a scenario, or the flags of `opticplan fabric`).
#pragma once

#include <optional>

#include "opticplan/catalog/catalog.h"
#include "opticplan/doc/reader.h"
#include "opticplan/fabric/fabric.h"

namespace opticplan::fabric {

// Fields: server, switch (the leaf model), spine_switch, core_switch; exactly one of gpus, servers
// or scalable_units; nodes_per_su, nodes_per_leaf, reserved_slots, management_links, planes,
// tiers (2, 3 or auto), oversubscription (leaf), spine_oversubscription, spine_grouping; media:
// policy (cost or power), allow, deny, nic_leaf_length, leaf_spine_length, spine_core_length,
// the *_connectors (mated pairs per channel) of each tier, year (of prices).
std::optional<ClusterInput> read_cluster(MapReader& r, const catalog::Catalog& cat);

}  // namespace opticplan::fabric
