// Writers for a fabric (fabric/fabric.h), its topology and bill of materials: a text summary and
// JSON with the stable schema "opticplan.fabric" version 1 (docs/schemas/fabric.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/catalog/catalog.h"
#include "opticplan/fabric/fabric.h"

namespace opticplan::report {

std::string fabric_text(const catalog::Catalog& cat, const fabric::Fabric& f);
nlohmann::ordered_json fabric_json(const catalog::Catalog& cat, const fabric::Fabric& f);

}  // namespace opticplan::report
