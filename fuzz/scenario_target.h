// The body of the two scenario-loader targets (scenario_yaml.cpp, scenario_json.cpp): the input is
// a whole scenario file, written to scratch()/`name` and loaded by load_scenario() exactly as
// `opticplan validate --no-shipped-catalog FILE` does: includes, every section reader (catalog,
// select, links, dci, cluster, variants, supply, market, orders_csv), then the catalog lint.
// Without the shipped catalog an exec takes ~1 ms instead of ~50; seeds that need it include it
// (`include: [catalog/catalog.yaml]`, as data/scenarios/default.yaml does).
#pragma once

#include "opticplan/catalog/lint.h"
#include "opticplan/scenario/scenario.h"
#include "support.h"

namespace opticplan::fuzz {

inline int load_scenario_text(const uint8_t* data, size_t size, const char* name) {
  const std::string path = write_file(name, std::string_view(reinterpret_cast<const char*>(data), size));
  Diagnostics diag;
  Scenario sc = load_scenario(path, LoadOptions{false, {}}, diag);
  if (diag.ok()) catalog::lint_catalog(sc.catalog, diag);
  check_located(diag);
  return 0;
}

}  // namespace opticplan::fuzz
