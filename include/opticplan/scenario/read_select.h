// Reading one link requirement (a `select:` item of a scenario, or the flags of `opticplan select`)
// into a selection Requirement (select/select.h); problems go to the reader's diagnostics.
#pragma once

#include <optional>

#include "opticplan/doc/reader.h"
#include "opticplan/select/select.h"

namespace opticplan::catalog {

std::optional<Requirement> read_requirement(MapReader& r);

}  // namespace opticplan::catalog
