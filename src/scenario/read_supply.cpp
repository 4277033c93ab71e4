// The entry points of scenario/read_supply.h; the reading itself is read_supply/SupplyReader.
#include "opticplan/scenario/read_supply.h"

#include "read_supply/supply_reader.h"

namespace opticplan::supply {

std::optional<Model> read_supply(const Node& section, const std::string& path, const catalog::Catalog& cat,
                                 Diagnostics& diag, const fabric::ClusterInput* scenario_cluster,
                                 const LoadedFiles* files) {
  const size_t before = diag.size();
  Model model;
  MapReader top(section, path, diag);
  if (!top.ok()) return std::nullopt;
  detail::SupplyReader reader(cat, diag, model);
  reader.set_files(files);
  reader.read(top, scenario_cluster);
  if (diag.size() != before) return std::nullopt;
  return model;
}

std::optional<Order> read_order(MapReader& r, const Model& m, const catalog::Catalog& cat) {
  auto o = detail::SupplyReader::for_finished(cat, r.diag(), m).read_order(r, r.node(), r.path(), false);
  r.finish();
  return o;
}

}  // namespace opticplan::supply
