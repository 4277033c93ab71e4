// Checking a set of links: every intra-DC link specification (link/spec.h check_link) and every
// coherent route (check_dci) of a scenario or of the flags, each result beside the spec it checks.
// Pure: the same catalog and specs give the same checks.
#pragma once

#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/link/spec.h"

namespace opticplan::link {

// specs[i] is checked by links[i]; dci_specs[i] by dci[i].
struct LinkChecks {
  std::vector<LinkSpec> specs;
  std::vector<LinkResult> links;
  std::vector<DciSpec> dci_specs;
  std::vector<DciCheck> dci;
};

LinkChecks check_links(const catalog::Catalog& cat, std::vector<LinkSpec> links, std::vector<DciSpec> dci);

// How many checks fail: intra-DC links over budget or reach, and coherent routes no mode closes.
size_t failing(const LinkChecks& checks);

}  // namespace opticplan::link
