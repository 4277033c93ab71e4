// Orders: one order's fields, and the `orders:` list with the rows of any order tables.
#include <algorithm>
#include <deque>

#include "order_tables.h"
#include "supply_reader.h"

namespace opticplan::supply::detail {

// The period an order was placed: any before the calendar's end (orders are placed before they
// are planned), so unlike a due date it may lie before the calendar's start.
std::optional<int> SupplyReader::read_placed(const Node& n, const std::string& path) {
  const auto i = read_offset(n, path);  // signed: 2025-W40 is placed before 2025-W50
  if (!i) return std::nullopt;
  if (*i >= m_.grid.count()) {
    error_at(diag_, n, path,
             "\"" + n.text + "\" is after the calendar's end (" + m_.grid.label(m_.grid.count() - 1) + ")");
    return std::nullopt;
  }
  return i;
}

// The order's `customer:`; without one, the customer "unassigned" (declared by the file or made on
// first use; a finished model, read for quotes, must have it already).
std::optional<CustomerId> SupplyReader::order_customer(MapReader& r) {
  if (r.has("customer")) return required_customer(r, "customer");
  if (auto c = customers_.find(kUnassigned)) return c;
  if (frozen_) return required_customer(r, "customer");  // reports it missing
  const CustomerId c = CustomerId::from(m_.customers.size());
  customers_.add(kUnassigned, c);
  m_.customers.push_back({kUnassigned, {}});
  return c;
}

std::optional<Order> SupplyReader::read_order(MapReader& r, const Node& node, const std::string& p,
                                              bool check_obtainable) {
  Order o;
  o.where = node.where();
  auto id = r.id("id", true);
  const std::optional<CustomerId> cust = order_customer(r);
  const Node* in = r.get("item");
  const Node* rn = r.get("requirement");
  auto qty = r.integer("quantity", true, 1, kMaxQty);
  const Node* due = r.require("due");
  std::optional<int> due_at;
  if (due) due_at = read_period(*due, r.path_of("due"));
  if (const Node* pr = r.get("priority"); pr && pr->is_scalar() && !pr->quoted && pr->text == "0")
    error_at(diag_, *pr, r.path_of("priority"),
             "priority 0 is not a priority: 1 is the highest (served first), larger numbers come later; write 1");
  else if (auto v = r.integer("priority", false, 1, 1000))
    o.priority = static_cast<int>(*v);
  if (auto v = r.boolean("partial", false)) o.partial = *v;
  if (auto v = r.integer("min_shipment", false, 1, kMaxQty)) o.min_shipment = *v;
  if (auto v = r.integer("max_lateness", false, 0, 10000)) o.max_lateness = static_cast<int>(*v);
  if (auto v = r.quantity("price", false, parse_money)) o.price = v->value();
  if (const Node* k = r.get("kind")) {
    static const std::pair<std::string_view, bool> kKinds[] = {{"order", false}, {"forecast", true}};
    if (auto v = read_choice(*k, r.path_of("kind"), diag_, Choices<bool>(kKinds, 2))) o.forecast = *v;
  }
  if (const Node* pl = r.get("placed")) o.placed = read_placed(*pl, r.path_of("placed")).value_or(kNotPlaced);
  if (const Node* g = r.get("group")) {
    if (auto gi = lookup(groups_, *g, r.path_of("group"), "group")) o.group = *gi;
  }
  if (!in == !rn) {
    error_at(diag_, node, p, "give exactly one of item and requirement");
    return std::nullopt;
  }
  std::optional<ItemId> item;
  if (in) item = item_ref(*in, r.path_of("item"));
  if (!id || !cust || !qty || !due_at) return std::nullopt;
  if (!read_alternates(r, o, in, item, rn, m_.customers[*cust])) return std::nullopt;
  // An order nobody can serve is planned short (the rest of the file is worth planning); it is
  // said once per item, at the first such order.
  if (check_obtainable &&
      std::none_of(o.alternates.begin(), o.alternates.end(), [&](ItemId a) { return obtainable(a); }) &&
      unobtainable_warned_.insert(o.alternates.front()).second)
    diag_.warning(node.where(), p,
                  "nobody can make or buy \"" + m_.items[o.alternates.front()].id +
                      "\": it has no supplier, no stock and no line (or a part of it has none); its orders are planned "
                      "short");
  o.id = *id;
  o.customer = *cust;
  o.qty = *qty;
  o.due = *due_at;
  return o;
}

// The items an order accepts: its item, or the alternates of its requirement, as far as the
// customer qualified them.
bool SupplyReader::read_alternates(MapReader& r, Order& o, const Node* item_node, std::optional<ItemId> item,
                                   const Node* requirement_node, const Customer& customer) {
  const auto qualified = [&](ItemId i) {
    return customer.qualified.empty() ||
           std::find(customer.qualified.begin(), customer.qualified.end(), i) != customer.qualified.end();
  };
  if (item_node) {
    if (!item) return false;
    if (!qualified(*item)) {
      error_at(diag_, *item_node, r.path_of("item"),
               "customer \"" + customer.id + "\" has not qualified \"" + m_.items[*item].id + "\"");
      return false;
    }
    o.alternates.push_back(*item);
    return true;
  }
  auto req_id = read_id(*requirement_node, r.path_of("requirement"), diag_);
  if (!req_id) return false;
  const auto req = requirements_.find(*req_id);
  if (!req) {
    error_at(diag_, *requirement_node, r.path_of("requirement"),
             "unknown requirement \"" + *req_id + "\"" + did_you_mean(*req_id, requirements_.ids()));
    return false;
  }
  for (const ItemId a : m_.requirements[*req].alternates)
    if (qualified(a)) o.alternates.push_back(a);
  if (o.alternates.empty()) {
    error_at(diag_, *requirement_node, r.path_of("requirement"),
             "customer \"" + customer.id + "\" has qualified none of the alternates of \"" + *req_id + "\"");
    return false;
  }
  o.requirement = *req_id;
  return true;
}

// Orders: the YAML list, then the rows of any CSV and XLSX files (docs/supply-format.md has the
// columns). The YAML list is read where it is (a copy would cost as much as parsing it); tables own
// their rows.
void SupplyReader::read_orders(MapReader& top) {
  std::deque<Node> tables;
  std::vector<std::pair<const Node*, std::string>> order_lists;
  if (const Node* n = top.get("orders")) order_lists.emplace_back(n, top.path_of("orders"));
  const auto add_table = [&](const Node& f, const std::string& p, bool xlsx) {
    if (auto table = load_order_table(f, p, xlsx, files_, diag_))
      order_lists.emplace_back(&tables.emplace_back(std::move(table->rows)), std::move(table->file));
  };
  for (const bool xlsx : {false, true}) {
    const char* key = xlsx ? "orders_xlsx" : "orders_csv";
    if (const Node* n = top.get(key)) {
      if (n->is_sequence())
        for_each_item(*n, top.path_of(key), diag_, [&](const Node& f, const std::string& p) { add_table(f, p, xlsx); });
      else
        add_table(*n, top.path_of(key), xlsx);
    }
  }
  for (const auto& [list, list_path] : order_lists) {
    for_each_item(*list, list_path, diag_, [&](const Node& node, const std::string& p) {
      MapReader r(node, p, diag_);
      Finish fin{r};
      auto o = read_order(r, node, p, check_obtainable_);
      if (!o || !order_ids_.add_unique(r, o->id, OrderId::from(m_.orders.size()), "order")) return;
      m_.orders.push_back(std::move(*o));
    });
  }
}

}  // namespace opticplan::supply::detail
