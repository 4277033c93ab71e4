// Canonical order: a supply model whose lists do not remember the order of the file they came from.
//
// A plan must not depend on where an entry stood in its file: moving a buyer's orders to the end of
// a scenario, or listing 1.6T before 800G, must give the same plan byte for byte. canonicalize()
// sorts every list of the model by id (customers, lines, items, suppliers, agreements,
// requirements, groups, orders; receipts by item, period and quantity; sources by what they
// describe) and remaps every index that points into them, so what the planners see, and the order
// results are listed in, follow the ids alone. Ids compare in natural order ("o-2" before
// "o-10"; ties broken bytewise, so the order is total).
//
// Lists that are preferences stay as written: a requirement's alternates and an order's
// alternates are the buyer's order of preference. An item's suppliers are ranked by an explicit
// rule instead of file order: the supplier's `preference` (lower first), then the lowest price
// (an unknown price, 0, after every known one), then the shortest lead time, then the id.
#pragma once

#include <string_view>

#include "opticplan/supply/model.h"

namespace opticplan::supply {

// Natural order of ids: runs of digits compare by value, everything else bytewise.
bool natural_less(std::string_view a, std::string_view b);

void canonicalize(Model& model);

}  // namespace opticplan::supply
