// Writers for a fabric (fabric/fabric.h), its topology and bill of materials: a text summary and
// JSON with the stable schema "opticplan.fabric" version 1 (docs/schemas/fabric.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/result.h"
#include "opticplan/fabric/fabric.h"
#include "opticplan/fabric/tco.h"

namespace opticplan::results {

std::string fabric_text(const catalog::Catalog& cat, const fabric::Fabric& f);
nlohmann::ordered_json fabric_json(const catalog::Catalog& cat, const fabric::Fabric& f);

// Whole dollars with thousands separators ("$1,234,567"), as the fabric's text writes money.
std::string money_text(Money m);

// The total cost of ownership (fabric/tco.h): a text section and the JSON `tco` object.
std::string tco_text(const fabric::Tco& t);
nlohmann::ordered_json tco_json(const fabric::Tco& t);

// Several designs of one cluster side by side (`opticplan fabric compare`): schema
// "opticplan.fabric-compare" version 1. A design that cannot be built keeps its row with the reason.
struct FabricVariant {
  std::string name;
  Result<fabric::Fabric> fabric;
  std::optional<fabric::Tco> tco = std::nullopt;  // when asked for (`--tco`)
};
std::string fabric_compare_text(const catalog::Catalog& cat, const std::vector<FabricVariant>& v);
nlohmann::ordered_json fabric_compare_json(const catalog::Catalog& cat, const std::vector<FabricVariant>& v);

// The link list as CSV: tier, both endpoints and ports, length, medium and modules (`--links FILE`).
void write_link_list(std::ostream& out, const catalog::Catalog& cat, const fabric::Fabric& f);

}  // namespace opticplan::results
