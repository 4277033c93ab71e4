// Writers for link checks (link/check.h): a text report and JSON with the stable schema
// "opticplan.link" version 1 (docs/schemas/link.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/link/check.h"

namespace opticplan::results {

std::string link_text(const catalog::Catalog& cat, const link::LinkChecks& r);
std::string link_csv(const catalog::Catalog& cat, const link::LinkChecks& r);
nlohmann::ordered_json link_json(const catalog::Catalog& cat, const link::LinkChecks& r);

}  // namespace opticplan::results
