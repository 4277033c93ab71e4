// Writers for the unconstrained plan (supply/mrp.h): a text report (planned purchase and
// production orders with their release and receipt periods, overdue releases, shortfall against
// what suppliers and lines offer) and JSON with the schema "opticplan.mrp" version 1
// (docs/schemas/mrp.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/supply/model.h"
#include "opticplan/supply/mrp.h"

namespace opticplan::results {

std::string mrp_text(const supply::Model& m, const supply::MrpPlan& p);
std::string mrp_csv(const supply::Model& m, const supply::MrpPlan& p);  // the planned orders
nlohmann::ordered_json mrp_json(const supply::Model& m, const supply::MrpPlan& p);

}  // namespace opticplan::results
