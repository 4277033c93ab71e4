// Reading a scenario's `supply:` section into a validated supply Model (supply/model.h).
//
// Ids resolve across the section and the catalog: an item is declared under `items:` or is a
// catalog transceiver or component (a transceiver brings its catalog bill of materials unless the
// item overrides it). Validation reports every problem at once, located: unknown ids with a "did
// you mean", periods outside the calendar, a bill-of-materials cycle (with the chain), an order for
// an item nobody can make or buy, a reservation larger than the capacity it reserves, a customer
// that qualified none of a requirement's alternates. docs/supply-format.md documents the fields.
#pragma once

#include <optional>

#include "opticplan/catalog/catalog.h"
#include "opticplan/doc/files.h"
#include "opticplan/doc/reader.h"
#include "opticplan/fabric/fabric.h"
#include "opticplan/supply/model.h"

namespace opticplan::supply {

// `scenario_cluster`: the scenario's own cluster: section, for supply.clusters entries without one.
// `files`: where orders_csv and orders_xlsx are read, beside the file that names them; without it a
// section can read no file (each such key is then an error).
std::optional<Model> read_supply(const Node& section, const std::string& path, const catalog::Catalog& cat,
                                 Diagnostics& diag, const fabric::ClusterInput* scenario_cluster = nullptr,
                                 const LoadedFiles* files = nullptr);

// One order (the fields of an `orders:` entry) read against a finished model, for quotes: its
// items must already be in the network.
std::optional<Order> read_order(MapReader& r, const Model& m, const catalog::Catalog& cat);

}  // namespace opticplan::supply
