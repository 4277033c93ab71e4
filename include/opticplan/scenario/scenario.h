// Scenario: one validated model loaded from a scenario file and everything it includes.
//
// load_scenario() reads the root file (YAML, or JSON with the same structure), follows `include:`
// depth first (an included file's content comes before the including file's, so the includer can
// override), and dispatches each top-level key to its section reader. Unknown keys, unknown ids,
// include cycles and bad values are all collected as located diagnostics; the returned scenario is
// only valid when the diagnostics are empty. Every file (the root, includes, orders_csv,
// orders_xlsx) is read through the FileSource of LoadOptions (doc/files.h): by default the disk,
// where included paths resolve against the including file's folder first, then against the shipped
// data folder (so `include: [catalog/catalog.yaml]` finds the shipped catalog from anywhere);
// ShippedOnly confines a load to the shipped folder. Shipped files are named "data/..." in messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"
#include "opticplan/doc/files.h"
#include "opticplan/fabric/fabric.h"
#include "opticplan/link/spec.h"
#include "opticplan/market/market.h"
#include "opticplan/select/select.h"
#include "opticplan/source/sourcing.h"
#include "opticplan/supply/model.h"

namespace opticplan {

// Thread safety: a plain value; once loaded it is only read (the run facade takes it const), so it
// may be shared between threads. The service loads one per run, since a plan run adds orders.
struct Scenario {
  std::string name;
  std::string description;
  std::vector<std::string> files;  // every file loaded, in load order, as shown in messages
  catalog::Catalog catalog;
  std::vector<catalog::Requirement> selections;                        // `select:` items
  std::vector<link::LinkSpec> links;                                   // `links:` intra-DC links to check
  std::vector<link::DciSpec> dci;                                      // `dci:` coherent routes to check
  std::vector<fabric::ClusterInput> clusters;                          // `cluster:` the GPU cluster to size
  std::vector<std::pair<std::string, fabric::ClusterInput>> variants;  // `variants:` the cluster, varied
  std::optional<supply::Model> supply;                                 // `supply:` the supply network and its orders
  std::optional<market::MarketSpec> market;  // `market:` how to read and vary the supply as a market
  std::optional<source::Problem> sourcing;   // `sourcing:` a buyer's choice of suppliers under risk
};

struct LoadOptions {
  bool shipped_catalog = false;          // load data/catalog/catalog.yaml before the files
  std::vector<std::string> extra_files;  // loaded after the root file (e.g. --catalog price lists)
  const FileSource* files = nullptr;     // where every file is read; null: DiskFiles(data_dir())
  // A scenario given as text: the folder its relative paths resolve in, as if it were a file there
  // (empty: it has none; its includes resolve in the shipped data folder, data files nowhere).
  std::string text_folder = {};
};

// The shipped data folder: $OPTICPLAN_DATA, else the source tree's data/ this build was made from
// while it exists, else the installed copy (share/opticplan).
std::string data_dir();

// Loads `path` (may be empty when only options' files are wanted). Problems go to `diag`.
Scenario load_scenario(const std::string& path, const LoadOptions& options, Diagnostics& diag);

// Loads a scenario given as text (YAML, or JSON when display_name ends in .json), named
// display_name in messages. Its folder is options.text_folder.
Scenario load_scenario_text(std::string_view text, const std::string& display_name, const LoadOptions& options,
                            Diagnostics& diag);
// The top-level keys a scenario file may hold.
const std::vector<std::string>& scenario_sections();

}  // namespace opticplan
