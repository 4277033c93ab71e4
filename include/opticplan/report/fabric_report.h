// Writers for a fabric topology (fabric/topology.h): a text summary and JSON with the stable schema
// "opticplan.fabric" version 1 (docs/schemas/fabric.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/catalog/catalog.h"
#include "opticplan/fabric/topology.h"

namespace opticplan::report {

std::string fabric_text(const catalog::Catalog& cat, const fabric::ClusterSpec& spec, const fabric::Topology& t);
nlohmann::ordered_json fabric_json(const catalog::Catalog& cat, const fabric::ClusterSpec& spec, const fabric::Topology& t);

}  // namespace opticplan::report
