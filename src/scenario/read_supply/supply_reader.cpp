// SupplyReader's shared lookups and the order in which it reads the sections.
#include "supply_reader.h"

namespace opticplan::supply::detail {

void report_duplicate(MapReader& r, const std::string& id, const char* what) {
  error_at(r.diag(), *r.get("id"), r.path_of("id"), std::string("duplicate ") + what + " id \"" + id + "\"");
}

std::vector<int> periods_of_year(const PeriodGrid& grid, int year) {
  std::vector<int> out;
  for (int t = 0; t < grid.count(); ++t)
    if (grid.year(t) == year) out.push_back(t);
  return out;
}

SupplyReader::SupplyReader(const catalog::Catalog& cat, Diagnostics& diag, Model& model)
    : cat_(cat), diag_(diag), m_(model) {}

SupplyReader SupplyReader::for_finished(const catalog::Catalog& cat, Diagnostics& diag, const Model& model) {
  // Frozen: nothing adds to the model, so holding it through a non-const reference is safe.
  SupplyReader s(cat, diag, const_cast<Model&>(model));
  s.frozen_ = true;
  s.grid_ok_ = model.periods() > 0;
  for (const ItemId i : model.items.ids()) s.items_.add(model.items[i].id, i);
  for (const CustomerId c : model.customers.ids()) s.customers_.add(model.customers[c].id, c);
  for (const RequirementId r : model.requirements.ids()) s.requirements_.add(model.requirements[r].id, r);
  return s;
}

void SupplyReader::read(MapReader& top, const fabric::ClusterInput* scenario_cluster) {
  const size_t before = diag_.size();
  if (const Node* n = top.require("calendar")) {
    MapReader r(*n, top.path_of("calendar"), diag_);
    Finish fin{r};
    read_calendar(r);
  }
  if (const Node* a = top.get("allocation")) {
    static const std::pair<std::string_view, Allocation> kPolicies[] = {{"fair_share", Allocation::kFairShare},
                                                                        {"first_come", Allocation::kFirstCome}};
    if (auto v = read_choice(*a, top.path_of("allocation"), diag_, Choices<Allocation>(kPolicies, 2)))
      m_.allocation = *v;
  }
  if (const Node* a = top.get("tiers")) {
    static const std::pair<std::string_view, Tiers> kTiers[] = {{"strict", Tiers::kStrict},
                                                                {"weighted", Tiers::kWeighted}};
    if (auto v = read_choice(*a, top.path_of("tiers"), diag_, Choices<Tiers>(kTiers, 2))) m_.tiers = *v;
  }
  if (auto v = top.number("fairness", false, 0, 10)) m_.fairness = *v;
  read_customers(top);
  read_lines(top);
  read_items(top);
  read_suppliers(top);
  read_agreements(top);
  check_reservations();
  read_inventory(top);
  read_qualifications(top);  // after the items exist
  read_requirements(top);
  check_bom_cycles();
  read_groups(top);
  // Only a model without errors so far can say truthfully that nobody can make an item.
  check_obtainable_ = diag_.size() == before;
  read_orders(top);
  read_demand(top);
  read_clusters(top, scenario_cluster);
  top.finish();
}

void SupplyReader::read_calendar(MapReader& r) {
  const Node* start = r.require("start");
  auto count = r.integer("periods", true, 1, 3660);
  if (!start || !count) return;
  auto text = read_string(*start, r.path_of("start"), diag_);
  if (!text) return;
  auto p = parse_period(*text);
  if (!p) {
    error_at(diag_, *start, r.path_of("start"), p.error());
    return;
  }
  m_.grid = PeriodGrid(p->grain, p->start, static_cast<int>(*count));
  grid_ok_ = true;
}

// The period index a field names, within the calendar.
std::optional<int> SupplyReader::read_period(const Node& n, const std::string& path) {
  if (!grid_ok_) {  // the calendar's own error is reported; the text may still be malformed
    if (auto text = read_string(n, path, diag_))
      if (auto p = parse_period(*text); !p) error_at(diag_, n, path, p.error());
    return std::nullopt;
  }
  return read_grid_period(n, path, m_.grid, diag_);
}

std::optional<int> SupplyReader::read_offset(const Node& n, const std::string& path) {
  auto text = read_string(n, path, diag_);
  if (!text) return std::nullopt;
  auto p = parse_period(*text);
  if (!p) {
    error_at(diag_, n, path, p.error());
    return std::nullopt;
  }
  if (!grid_ok_) return std::nullopt;
  return m_.grid.offset(p->start);
}

void SupplyReader::report_unknown(const Node& n, const std::string& path, const char* what, const std::string& id,
                                  const std::vector<std::string>& known) {
  error_at(diag_, n, path, std::string("unknown ") + what + " \"" + id + "\"" + did_you_mean(id, known));
}

ItemId SupplyReader::add_item(const std::string& id) {
  Item it;
  it.id = id;
  const ItemId index = m_.items.push_back(std::move(it));
  items_.add(id, index);
  return index;
}

std::optional<CustomerId> SupplyReader::required_customer(MapReader& r, const char* key) {
  const Node* n = r.require(key);
  return n ? lookup(customers_, *n, r.path_of(key), "customer") : std::nullopt;
}

std::optional<ItemId> SupplyReader::required_item(MapReader& r) {
  const Node* n = r.require("item");
  return n ? item_ref(*n, r.path_of("item")) : std::nullopt;
}

// An item by id: declared, or a catalog transceiver or component (created on first use).
std::optional<ItemId> SupplyReader::item_ref(const Node& n, const std::string& path) {
  auto id = read_id(n, path, diag_);
  if (!id) return std::nullopt;
  if (auto index = items_.find(*id)) return index;
  if (frozen_) {
    error_at(diag_, n, path, "item \"" + *id + "\" is not in the supply network" + did_you_mean(*id, items_.ids()));
    return std::nullopt;
  }
  if (auto t = cat_.find_transceiver(*id)) {
    const ItemId index = add_item(*id);
    for (const auto& line : cat_.transceivers[*t].bom) {
      const std::string& comp = cat_.components[line.component].id;
      const auto child = items_.find(comp);
      const ItemId ci = child ? *child : add_item(comp);
      m_.items[index].bom.push_back({ci, line.qty});
    }
    if (auto p = cat_.transceivers[*t].price.at(2026)) m_.items[index].price = p->value();
    return index;
  }
  if (cat_.find_component(*id)) return add_item(*id);
  std::vector<std::string> known = items_.ids();
  known.reserve(known.size() + cat_.transceivers.size() + cat_.components.size());
  for (const auto& t : cat_.transceivers) known.push_back(t.id);
  for (const auto& x : cat_.components) known.push_back(x.id);
  error_at(diag_, n, path,
           "unknown item \"" + *id + "\"" + did_you_mean(*id, known) +
               "; expected an item declared under supply.items or a catalog transceiver or component");
  return std::nullopt;
}

// Keeps a row's `source:` for the reports (what it is, e.g. "supplier laser-vendor").
void SupplyReader::note_source(MapReader& r, const std::string& what) {
  if (const Node* s = r.get("source"); s && s->is_scalar()) m_.sources.push_back({what, s->text});
}

// Orders and clusters may still add catalog items (with neither line nor supplier), so the memo
// grows with the item list; nothing adds items during one call, so `o` stays valid through recursion.
bool SupplyReader::obtainable(ItemId item, int depth) {
  if (obtainable_.size() < m_.items.size()) obtainable_.resize(m_.items.size(), -1);
  signed char& o = obtainable_[item];
  if (o >= 0) return o == 1;
  if (depth > 64) return false;  // a cycle, reported by check_bom_cycles
  const Item& it = m_.items[item];
  bool ok = !it.suppliers.empty();
  for (const auto& rc : m_.receipts)
    if (rc.item == item && rc.qty > 0) ok = true;
  if (!ok && it.made()) {
    ok = true;
    for (const auto& b : it.bom)  // a line is obtainable when any of its alternate parts is
      if (std::none_of(b.parts.begin(), b.parts.end(), [&](const BomPart& p) { return obtainable(p.item, depth + 1); }))
        ok = false;
  }
  o = ok ? 1 : 0;
  return ok;
}

}  // namespace opticplan::supply::detail
