// Clusters: the optics bill of materials of a fabric (built by the fabric engine) becomes one group
// of orders due at go-live.
#include "opticplan/scenario/read_fabric.h"
#include "supply_reader.h"

namespace opticplan::supply::detail {

void SupplyReader::read_clusters(MapReader& top, const fabric::ClusterInput* scenario_cluster) {
  const Node* n = top.get("clusters");
  if (!n) return;
  for_each_item(*n, top.path_of("clusters"), diag_,
                [&](const Node& node, const std::string& p) { read_cluster(node, p, scenario_cluster); });
}

void SupplyReader::read_cluster(const Node& node, const std::string& p, const fabric::ClusterInput* scenario_cluster) {
  MapReader r(node, p, diag_);
  Finish fin{r};
  auto id = r.id("id", true);
  const std::optional<CustomerId> cust = required_customer(r, "customer");
  const Node* gl = r.require("go_live");
  std::optional<int> due;
  if (gl) due = read_period(*gl, r.path_of("go_live"));
  Order base;
  if (auto v = r.integer("priority", false, 1, 1000)) base.priority = static_cast<int>(*v);
  Group g;
  g.together = true;
  if (const Node* sh = r.get("ship")) {
    static const std::pair<std::string_view, int> kShip[] = {{"together", 1}, {"ratio", 2}};
    if (auto v = read_choice(*sh, r.path_of("ship"), diag_, Choices<int>(kShip, 2))) {
      g.together = *v == 1;
      g.ratio = *v == 2;
    }
  }
  if (auto v = r.quantity("gpu_hour_cost", false, parse_money)) g.gpu_hour_cost = v->value();
  std::optional<fabric::ClusterInput> input;
  if (const Node* spec = r.get("cluster")) {
    MapReader cr(*spec, r.path_of("cluster"), diag_);
    input = fabric::read_cluster(cr, cat_);
  } else if (scenario_cluster) {
    input = *scenario_cluster;
  } else {
    error_at(diag_, node, p, "give the cluster: to supply (or a top-level cluster: section)");
    return;
  }
  if (!id || !cust || !due || !input) return;
  if (groups_.is_duplicate(r, *id, "group")) return;
  auto f = fabric::build_fabric(cat_, *input);
  if (!f || !f->bom) {
    error_at(diag_, node, p, "its cluster has no optics bill of materials: " + (f ? f->bom_note : f.error()));
    return;
  }
  g.id = *id;
  g.gpus = f->topology.gpus;
  const GroupId gi = m_.groups.push_back(std::move(g));
  groups_.add(*id, gi);
  base.id = *id;
  base.customer = *cust;
  base.due = *due;
  base.group = gi;
  base.where = node.where();
  add_cluster_orders(node, p, *f, base);
}

// One order per transceiver of the cluster's bill of materials, `base` giving the shared fields.
void SupplyReader::add_cluster_orders(const Node& node, const std::string& p, const fabric::Fabric& fabric,
                                      const Order& base) {
  for (const auto& [module, count] : fabric.bom->transceivers) {
    Node ref;
    ref.kind = Node::Kind::kScalar;
    ref.text = module;
    ref.file = node.file;
    ref.line = node.line;
    ref.column = node.column;
    auto item = item_ref(ref, p);
    if (!item) continue;
    if (check_obtainable_ && !obtainable(*item))  // planned short: the cluster cannot go live
      diag_.warning(node.where(), p,
                    "nobody can make or buy \"" + module + "\", which the cluster needs " + std::to_string(count) +
                        " of: give it a line or a supplier; its order is planned short");
    Order o = base;
    o.id = base.id + "/" + module;
    o.alternates = {*item};
    o.qty = count;
    m_.orders.push_back(std::move(o));
  }
}

}  // namespace opticplan::supply::detail
