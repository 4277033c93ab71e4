// Writers for link checks (link/spec.h): a text report and JSON with the stable schema
// "opticplan.link" version 1 (docs/schemas/link.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/link/spec.h"

namespace opticplan::report {

struct LinkReport {
  std::vector<link::LinkSpec> specs;
  std::vector<link::LinkResult> links;
  std::vector<link::DciSpec> dci_specs;
  std::vector<link::DciCheck> dci;
};

LinkReport run_link_checks(const catalog::Catalog& cat, std::vector<link::LinkSpec> links,
                           std::vector<link::DciSpec> dci);
std::string link_text(const catalog::Catalog& cat, const LinkReport& r);
std::string link_csv(const catalog::Catalog& cat, const LinkReport& r);
nlohmann::ordered_json link_json(const catalog::Catalog& cat, const LinkReport& r);

}  // namespace opticplan::report
