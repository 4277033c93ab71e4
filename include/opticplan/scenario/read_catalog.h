// CatalogBuilder: turns the catalog sections of scenario documents into a Catalog.
//
// The scenario loader hands every catalog section it meets (sources, components, pmds, ...) to
// collect(), file by file in load order. Entries are keyed by id: an id defined again in a later
// file replaces the earlier entry whole (that is how a user's price list overrides the shipped
// catalog); an id defined twice in one file is an error. build() reads every entry with a
// MapReader (so all problems are reported, overridden entries included), resolves references to
// dense ids with a "did you mean" for unknown ones, and checks that every number has a source.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/doc/document.h"

namespace opticplan::catalog {

class CatalogBuilder {
 public:
  // The top-level keys this builder reads.
  static const std::vector<std::string>& sections();
  static bool is_section(std::string_view key);

  // `value` is the section's node (its file is in each node's location). The node must outlive build().
  void collect(std::string_view section, const Node& value, const std::string& section_path, Diagnostics& diag);

  Catalog build(Diagnostics& diag) const;

 private:
  struct Raw {
    std::string id;
    const Node* node = nullptr;
    std::string path;
    std::string file;
    bool overridden = false;
  };
  static constexpr size_t kKinds = 9;  // sources + 8 entry kinds
  std::array<std::vector<Raw>, kKinds> raw_;
};

}  // namespace opticplan::catalog
