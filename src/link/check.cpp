#include "opticplan/link/check.h"

#include <utility>

namespace opticplan::link {

LinkChecks check_links(const catalog::Catalog& cat, std::vector<LinkSpec> links, std::vector<DciSpec> dci) {
  LinkChecks r;
  r.links.reserve(links.size());
  for (const auto& s : links) r.links.push_back(check_link(cat, s));
  for (const auto& s : dci) r.dci.push_back(check_dci(cat, s));
  r.specs = std::move(links);
  r.dci_specs = std::move(dci);
  return r;
}

size_t failing(const LinkChecks& checks) {
  size_t n = 0;
  for (const auto& l : checks.links) n += l.pass ? 0U : 1U;
  for (const auto& d : checks.dci) n += d.chosen < 0 ? 1U : 0U;
  return n;
}

}  // namespace opticplan::link
