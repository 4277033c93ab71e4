// Writers for a market simulation (market/market.h): a text report (headline figures per year,
// shipments, backlog, waits and binding constraint per period, events, tornado, inputs) and JSON
// with the stable schema "opticplan.market" version 2 (docs/schemas/market.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/market/market.h"

namespace opticplan::results {

std::string market_text(const market::MarketResult& r, const market::MarketSpec& spec, const supply::Model& model);
// A what-if against its base, run with the same runs and seed: per year the P50 of each headline
// figure before and after, and how the events' probabilities moved.
std::string market_compare_text(const market::MarketResult& base, const market::MarketSpec& base_spec,
                                const market::MarketResult& what_if, const market::MarketSpec& what_if_spec);
nlohmann::ordered_json market_json(const market::MarketResult& r, const market::MarketSpec& spec,
                                   const supply::Model& model);

}  // namespace opticplan::results
