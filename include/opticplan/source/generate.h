// Generated sourcing problems for benchmarks and tests: `suppliers` module makers offering about
// half of `items` each (every item from at least two), over `periods` quarters, each offer
// depending on one laser vendor (EML or CW) and one DSP vendor of a shared pool, with disruption
// risks, needs that ramp, spot premiums, some offers still to qualify and a few agreements. The
// same arguments give the same problem on every machine.
#pragma once

#include <cstdint>

#include "opticplan/source/sourcing.h"

namespace opticplan::source {

Problem generate_sourcing(int suppliers, int items, int periods, uint64_t seed);

}  // namespace opticplan::source
