// Writers for a product selection (catalog/select.h): text for a terminal, CSV rows, and JSON
// with the stable schema "opticplan.select" version 1 (docs/json-schemas.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/select/select.h"

namespace opticplan::results {

std::string select_text(const catalog::Selection& s);
std::string select_csv(const catalog::Selection& s);
nlohmann::ordered_json select_json(const catalog::Selection& s);

}  // namespace opticplan::results
