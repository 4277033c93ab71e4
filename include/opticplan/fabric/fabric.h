// A fabric: the cluster as given, its topology (topology.h) and its bill of materials (bom.h).
//
// build_fabric() is what the CLI, the scenario runner and the service call: it sizes the topology
// and chooses media. A design that cannot be built, or whose links no catalog module pair carries,
// is an error; a design whose media cannot be modelled keeps its topology and says why it has no
// bill of materials in `bom_note` (today every design the topology accepts gets one). The link list
// (layout.h) gives every link a length; a tier's medium is chosen for its longest link unless the
// tier's length is given, and every link is then checked on that medium.
#pragma once

#include <optional>
#include <string>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/result.h"
#include "opticplan/fabric/bom.h"
#include "opticplan/fabric/layout.h"
#include "opticplan/fabric/leaf_sizing.h"
#include "opticplan/fabric/storage.h"
#include "opticplan/fabric/topology.h"

namespace opticplan::fabric {

struct ClusterInput {
  ClusterSpec spec;
  MediaOptions media;
  LayoutOptions layout;
  std::optional<StorageSpec> storage;        // the storage and in-band fabric, when asked for
  std::optional<ManagementSpec> management;  // the out-of-band management fabric, when asked for
};

// Lengths of one tier's links, and how every link fares on the chosen medium.
struct TierLengths {
  int64_t links = 0;
  double shortest_m = 0, longest_m = 0, mean_m = 0;
  std::vector<int64_t> bins;   // counts per length_bins() bound
  int64_t failing = 0;         // links whose own budget does not close on the tier's medium
  double least_margin_db = 0;  // the smallest loss margin over the tier's links
};

struct Fabric {
  ClusterInput input;  // with each tier's design length filled in from the layout
  Topology topology;
  LinkList links;
  TierLengths lengths[3];
  std::optional<Bom> bom;
  std::string bom_note;  // why there is no bom, when there is none
  double bisection_gbps = 0;
  std::optional<StorageFabric> storage;
  std::optional<ManagementFabric> management;
  std::optional<LeafSizing> leaf_sizing;  // when the default SU size leaves half a leaf idle (leaf_sizing.h)
};

Result<Fabric> build_fabric(const catalog::Catalog& cat, const ClusterInput& input);

// The sizing note of a built fabric (leaf_sizing.h), or none; build_fabric() fills
// Fabric::leaf_sizing with it.
std::optional<LeafSizing> leaf_sizing(const catalog::Catalog& cat, const ClusterInput& input, const Fabric& built);

}  // namespace opticplan::fabric
