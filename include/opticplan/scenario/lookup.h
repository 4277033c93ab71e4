// Resolving a catalog id written in a scenario field: the entry's dense id, or a located
// "unknown <what>" error with a did-you-mean drawn from every entry of that kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "opticplan/doc/reader.h"

namespace opticplan::catalog {

template <class IdT, class Vec>
std::optional<IdT> lookup(MapReader& r, std::string_view key, const Vec& vec, const char* what, bool required) {
  const Node* n = required ? r.require(key) : r.get(key);
  if (!n) return std::nullopt;
  auto id = read_id(*n, r.path_of(key), r.diag());
  if (!id) return std::nullopt;
  for (uint32_t i = 0; i < vec.size(); ++i)
    if (vec.raw()[i].id == *id) return IdT(i);
  std::vector<std::string> ids;
  for (const auto& e : vec) ids.push_back(e.id);
  error_at(r.diag(), *n, r.path_of(key), std::string("unknown ") + what + " \"" + *id + "\"" + did_you_mean(*id, ids));
  return std::nullopt;
}

}  // namespace opticplan::catalog
