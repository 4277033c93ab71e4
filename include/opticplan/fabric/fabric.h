// A fabric: the cluster as given, its topology (topology.h) and its bill of materials (bom.h).
//
// build_fabric() is what the CLI, the scenario runner and the service call: it sizes the topology
// and chooses media. A design that cannot be built, or whose links no catalog module pair carries,
// is an error; a design whose media are not modelled yet (multi-plane NIC splitting, co-packaged
// switches) keeps its topology and says why it has no bill of materials in `bom_note`.
#pragma once

#include <optional>
#include <string>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/result.h"
#include "opticplan/fabric/bom.h"
#include "opticplan/fabric/topology.h"

namespace opticplan::fabric {

struct ClusterInput {
  ClusterSpec spec;
  MediaOptions media;
};

struct Fabric {
  ClusterInput input;
  Topology topology;
  std::optional<Bom> bom;
  std::string bom_note;  // why there is no bom, when there is none
};

Result<Fabric> build_fabric(const catalog::Catalog& cat, const ClusterInput& input);

}  // namespace opticplan::fabric
