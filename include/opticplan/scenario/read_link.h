// Reading link descriptions from scenario files: the cabling plant of a channel (shared by
// `select:` requirements and `links:` entries), intra-DC link specifications (`links:`) and
// coherent routes (`dci:`). Ids are resolved against the built catalog, so these sections are read
// after every catalog section of the scenario.
#pragma once

#include <optional>

#include "opticplan/catalog/catalog.h"
#include "opticplan/doc/reader.h"
#include "opticplan/link/budget.h"
#include "opticplan/link/spec.h"

namespace opticplan::link {

// Reads length (required), fiber (required: smf, mmf = OM4, OM3, OM4, OM5), connectors, splices,
// connector_loss, splice_loss, margin and attenuation from `r` into `ch`.
void read_channel(MapReader& r, Channel& ch);

std::optional<LinkSpec> read_link(MapReader& r, const catalog::Catalog& cat);
std::optional<DciSpec> read_dci(MapReader& r, const catalog::Catalog& cat);

}  // namespace opticplan::link
