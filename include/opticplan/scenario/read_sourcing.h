// Reading a `sourcing:` section (docs/sourcing-format.md) into a sourcing Problem
// (source/sourcing.h): its calendar, needs or cluster, upstream vendors, suppliers and their
// offers, agreements on offer, delivery and quality history (CSV or XLSX files beside the
// scenario), and risk settings. Ids are sorted by name, so the problem follows no file order.
// A cluster without `modules:` takes its bill of materials from the scenario's `cluster:` section
// (the fabric builder). Problems go to the reader's diagnostics.
#pragma once

#include <optional>

#include "opticplan/catalog/catalog.h"
#include "opticplan/doc/files.h"
#include "opticplan/doc/reader.h"
#include "opticplan/fabric/fabric.h"
#include "opticplan/source/sourcing.h"

namespace opticplan::source {

std::optional<Problem> read_sourcing(MapReader& r, const catalog::Catalog& cat,
                                     const fabric::ClusterInput* scenario_cluster, const LoadedFiles* files);

}  // namespace opticplan::source
