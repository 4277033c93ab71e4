// Catalog consistency checks beyond what reading enforces: numbers that must agree with each other
// (lanes x lane rate = speed, breakouts that add up, switch ports within the ASIC's bandwidth), a
// bill of materials and a price for every module, a compute NIC in every server. Run by
// `opticplan catalog validate` and by every command that loads a catalog.
#pragma once

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/diagnostics.h"

namespace opticplan::catalog {

void lint_catalog(const Catalog& cat, Diagnostics& diag);

}  // namespace opticplan::catalog
