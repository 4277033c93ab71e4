// Writers for a market simulation (market/market.h): a text report (value and 800G+ share per
// year, shipments per class and period, backlog and binding constraint) and JSON with the stable
// schema "opticplan.market" version 1 (docs/schemas/market.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/market/market.h"

namespace opticplan::report {

std::string market_text(const market::MarketResult& r);
nlohmann::ordered_json market_json(const market::MarketResult& r);

}  // namespace opticplan::report
