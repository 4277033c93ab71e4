// Writers for the catalog: a listing (text table, CSV, JSON) and one entry shown whole, with the
// source of each number. Kinds are named as in the catalog files: components, pmds, transceivers,
// cables, cpo, switches, nics, servers.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/table.h"

namespace opticplan::results {

struct CatalogFilter {
  std::string kind;  // empty: all kinds
  std::string text;  // substring of id or name (case-insensitive); empty: all
  std::optional<DataRate> speed;
};

Table catalog_table(const catalog::Catalog& cat, const CatalogFilter& filter);
nlohmann::ordered_json catalog_list_json(const catalog::Catalog& cat, const CatalogFilter& filter);

// One entry by id (searched across kinds); nullopt when no entry has that id.
std::optional<nlohmann::ordered_json> entry_json(const catalog::Catalog& cat, const std::string& id);
std::string entry_text(const nlohmann::ordered_json& entry);

}  // namespace opticplan::results
