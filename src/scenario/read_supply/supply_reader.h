// The reader of one `supply:` section (scenario/read_supply.h), private to the scenario layer.
//
// SupplyReader holds what reading a section shares (the model being built, an id table per kind)
// and reads one section a method. read() calls them in dependency order: a later section refers to
// ids an earlier one declared (orders to customers and items, agreements to suppliers and lines).
// Every problem is reported to the Diagnostics, located; nothing throws.
#pragma once

#include "opticplan/doc/files.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/doc/reader.h"
#include "opticplan/fabric/fabric.h"
#include "opticplan/supply/model.h"

namespace opticplan::supply::detail {

inline constexpr int64_t kMaxQty = 1'000'000'000'000;     // a trillion units: beyond any real plan
inline constexpr const char* kUnassigned = "unassigned";  // the customer of orders that name none

// Calls finish() on every way out of a reader's scope, so unknown keys are always reported.
struct Finish {
  MapReader& r;
  ~Finish() { r.finish(); }
};

// Reports `duplicate WHAT id "ID"` at the reader's `id:` (IdTable::is_duplicate).
void report_duplicate(MapReader& r, const std::string& id, const char* what);

// The ids users write for one kind (customers, lines, ...) to their typed ids in the model
// (IdT: ItemId, LineId, ...).
template <class IdT>
class IdTable {
 public:
  std::optional<IdT> find(std::string_view id) const {
    if (auto it = ids_.find(id); it != ids_.end()) return it->second;
    return std::nullopt;
  }
  bool contains(std::string_view id) const { return ids_.find(id) != ids_.end(); }
  // Whether `id` is taken; then reports `duplicate WHAT id "ID"` at the reader's `id:`.
  bool is_duplicate(MapReader& r, const std::string& id, const char* what) const {
    if (!contains(id)) return false;
    report_duplicate(r, id, what);
    return true;
  }
  // Adds `id` for `index` unless it is a duplicate (reported; returns false).
  bool add_unique(MapReader& r, const std::string& id, IdT index, const char* what) {
    if (is_duplicate(r, id, what)) return false;
    ids_.emplace(id, index);
    return true;
  }
  void add(const std::string& id, IdT index) { ids_.emplace(id, index); }
  std::vector<std::string> ids() const {  // sorted, for "did you mean"
    std::vector<std::string> out;
    out.reserve(ids_.size());
    for (const auto& [id, _] : ids_) out.push_back(id);
    return out;
  }

 private:
  std::map<std::string, IdT, std::less<>> ids_;
};

struct DemandEntry;  // demand.cpp

// The periods of the calendar that count in `year` (capacity and demand per year spread over them).
std::vector<int> periods_of_year(const PeriodGrid& grid, int year);

class SupplyReader {
 public:
  SupplyReader(const catalog::Catalog& cat, Diagnostics& diag, Model& model);
  // A reader of single orders against a finished model (quotes): no item may be added to it.
  static SupplyReader for_finished(const catalog::Catalog& cat, Diagnostics& diag, const Model& model);

  // Where orders_csv and orders_xlsx are read; without it (the default) they are errors.
  void set_files(const LoadedFiles* files) { files_ = files; }

  // The whole section; `scenario_cluster` serves clusters: entries without a cluster of their own.
  void read(MapReader& top, const fabric::ClusterInput* scenario_cluster);

  // One order, read against the items, customers and requirements known so far. With
  // `check_obtainable`, an order for an item nobody can make or buy is an error.
  std::optional<Order> read_order(MapReader& r, const Node& node, const std::string& path, bool check_obtainable);

 private:
  // Sections, in the order read() calls them.
  void read_calendar(MapReader& top);
  void read_customers(MapReader& top);
  void read_lines(MapReader& top);
  void declare_items(const Node& list);
  void read_items(MapReader& top);
  void read_item(const Node& node, const std::string& path, IdTable<ItemId>& seen);
  std::optional<BomLine> read_bom_line(const Node& node, const std::string& path);
  std::optional<Route> read_route(MapReader& r, bool in_list, bool dispatch = false);
  void read_lot_sizes(MapReader& r, int64_t& moq, int64_t& multiple);
  bool read_part_limits(MapReader& r, BomPart& part);
  void read_suppliers(MapReader& top);
  void read_agreements(MapReader& top);
  void check_reservations();
  void read_inventory(MapReader& top);
  void read_qualifications(MapReader& top);
  void read_requirements(MapReader& top);
  void check_bom_cycles();
  void read_groups(MapReader& top);
  void read_orders(MapReader& top);
  void read_demand(MapReader& top);
  void read_demand_entry(const Node& node, const std::string& path);
  bool read_demand_year(const DemandEntry& entry, const Member& year);
  void read_clusters(MapReader& top, const fabric::ClusterInput* scenario_cluster);
  void read_cluster(const Node& node, const std::string& path, const fabric::ClusterInput* scenario_cluster);
  void add_cluster_orders(const Node& node, const std::string& path, const fabric::Fabric& fabric, const Order& base);

  // Shared lookups (supply_reader.cpp).
  std::optional<int> read_placed(const Node& n, const std::string& path);
  // `lead_time:` in periods (an integer) or with a unit ("14d", "2w", "1q", "3 weeks"), rounded up
  // to whole periods of the calendar; absent: nullopt, without a problem.
  std::optional<int> read_lead_time(MapReader& r);
  std::optional<int> read_period(const Node& n, const std::string& path);
  // A period as a signed offset from the calendar's start, inside the calendar or not (effectivity).
  std::optional<int> read_offset(const Node& n, const std::string& path);
  // The id `n` names in `table`; an unknown one is reported as `unknown WHAT "ID"` (did you mean).
  template <class IdT>
  std::optional<IdT> lookup(const IdTable<IdT>& table, const Node& n, const std::string& path, const char* what) {
    auto id = read_id(n, path, diag_);
    if (!id) return std::nullopt;
    if (auto index = table.find(*id)) return index;
    report_unknown(n, path, what, *id, table.ids());
    return std::nullopt;
  }
  void report_unknown(const Node& n, const std::string& path, const char* what, const std::string& id,
                      const std::vector<std::string>& known);
  std::optional<ItemId> item_ref(const Node& n, const std::string& path);
  // The customer or item a required key of `r` names (its absence is reported by require()).
  std::optional<CustomerId> required_customer(MapReader& r, const char* key);
  std::optional<CustomerId> order_customer(MapReader& r);
  std::optional<ItemId> required_item(MapReader& r);
  ItemId add_item(const std::string& id);
  void note_source(MapReader& r, const std::string& what);
  // Whether an item can be obtained at all: bought, in stock, or made from obtainable parts.
  bool obtainable(ItemId item, int depth = 0);

  // Capacity of a line or supplier per period (capacity.cpp).
  std::optional<std::vector<int64_t>> read_capacity(MapReader& r);
  std::optional<std::vector<int64_t>> read_capacity_per_year(MapReader& r, const Node& per_year);
  bool read_ramp(const Node& ramp, const std::string& path, std::vector<int64_t>& cap);

  // Pieces of an order (orders.cpp).
  bool read_alternates(MapReader& r, Order& o, const Node* item_node, std::optional<ItemId> item,
                       const Node* requirement_node, const Customer& customer);

  const catalog::Catalog& cat_;
  Diagnostics& diag_;
  Model& m_;
  IdTable<ItemId> items_;
  IdTable<LineId> lines_;
  IdTable<SupplierId> suppliers_;
  IdTable<CustomerId> customers_;
  IdTable<GroupId> groups_;
  IdTable<RequirementId> requirements_;
  IdTable<OrderId> order_ids_;
  IdVec<ItemTag, const Node*> item_nodes_;                                    // declared items, for located BOM errors
  IdVec<AgreementTag, std::pair<const Node*, std::string>> agreement_nodes_;  // with their paths
  IdVec<ItemTag, signed char> obtainable_;                                    // memo of obtainable(): -1 unknown
  bool grid_ok_ = false;
  bool frozen_ = false;  // reading against a finished model: no new items
  bool check_obtainable_ = false;
  std::set<ItemId> unobtainable_warned_;  // items an order was warned about (once each)
  const LoadedFiles* files_ = nullptr;
};

}  // namespace opticplan::supply::detail
