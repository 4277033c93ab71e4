// Writers for a fabric (fabric/fabric.h), its topology and bill of materials: a text summary and
// JSON with the stable schema "opticplan.fabric" version 1 (docs/schemas/fabric.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/result.h"
#include "opticplan/fabric/fabric.h"

namespace opticplan::results {

std::string fabric_text(const catalog::Catalog& cat, const fabric::Fabric& f);
nlohmann::ordered_json fabric_json(const catalog::Catalog& cat, const fabric::Fabric& f);

// Several designs of one cluster side by side (`opticplan fabric compare`): schema
// "opticplan.fabric-compare" version 1. A design that cannot be built keeps its row with the reason.
struct FabricVariant {
  std::string name;
  Result<fabric::Fabric> fabric;
};
std::string fabric_compare_text(const catalog::Catalog& cat, const std::vector<FabricVariant>& v);
nlohmann::ordered_json fabric_compare_json(const catalog::Catalog& cat, const std::vector<FabricVariant>& v);

// The link list as CSV: tier, both endpoints and ports, length, medium and modules (`--links FILE`).
void write_link_list(std::ostream& out, const catalog::Catalog& cat, const fabric::Fabric& f);

}  // namespace opticplan::results
