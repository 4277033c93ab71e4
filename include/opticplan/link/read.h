// Reading link descriptions from scenario files: the cabling plant of a channel (shared by
// `select:` requirements and `links:` entries) and, in link/spec.h, whole link specifications.
#pragma once

#include "opticplan/link/budget.h"
#include "opticplan/scenario/reader.h"

namespace opticplan::link {

// Reads length (required), fiber (required: smf, mmf = OM4, OM3, OM4, OM5), connectors, splices,
// connector_loss, splice_loss, margin and attenuation from `r` into `ch`.
void read_channel(MapReader& r, Channel& ch);

}  // namespace opticplan::link
