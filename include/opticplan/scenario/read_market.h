// Reading a scenario's `market:` section (docs/market-format.md) into a MarketSpec
// (market/market.h), against the supply model it simulates: targets, price classes, uncertain
// inputs (scenario/read_distribution.h) and events resolve their ids in that model.
#pragma once

#include <optional>

#include "opticplan/doc/reader.h"
#include "opticplan/market/market.h"
#include "opticplan/supply/model.h"

namespace opticplan::market {

std::optional<MarketSpec> read_market(MapReader& r, const supply::Model& model);

}  // namespace opticplan::market
