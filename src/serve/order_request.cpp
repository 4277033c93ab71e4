#include "opticplan/serve/order_request.h"

#include <algorithm>
#include <cctype>

#include "opticplan/doc/document.h"
#include "opticplan/doc/reader.h"
#include "opticplan/scenario/read_supply.h"

namespace opticplan::serve {

using nlohmann::ordered_json;

namespace {

Node scalar_at(const Node& where, std::string text) {
  Node n;
  n.kind = Node::Kind::kScalar;
  n.text = std::move(text);
  n.file = where.file;
  n.line = where.line;
  n.column = where.column;
  return n;
}

}  // namespace

std::optional<OrderRequest> parse_order_request(const std::string& text, const std::string& display, const Scenario& sc,
                                                Diagnostics& diag) {
  const Node root = parse_document(text, display, diag);
  if (!diag.ok()) return std::nullopt;
  if (!root.is_mapping()) {
    diag.error(root.where(), "", "expected a JSON object with the order's fields, got " + root.describe());
    return std::nullopt;
  }
  const supply::Model& m = *sc.supply;
  OrderRequest req;
  Node order = root;
  order.members.clear();
  const Node* promise = nullptr;
  for (const auto& mem : root.members) {
    if (mem.key == "promise") {
      promise = &mem.value;
    } else if (mem.key == "whole") {
      auto whole = read_bool(mem.value, "whole", diag);
      if (whole)
        order.members.push_back(
            Member{"partial", mem.key_line, mem.key_column, scalar_at(mem.value, *whole ? "false" : "true")});
    } else if (mem.key == "partial") {
      diag.error(Location{display, mem.key_line, mem.key_column}, "partial",
                 "use \"whole\": true for an order that may not be split");
    } else {
      if (mem.key == "id") {
        req.has_id = true;
        // The id is a path segment of /api/scenarios/{id}/orders/{order}/release: an id with a
        // slash or a dot-dot could be committed but never released, its capacity taken for good.
        const std::string& id = mem.value.text;
        const bool plain =
            mem.value.is_scalar() && !id.empty() && id.size() <= 128 && id != "." && id != ".." &&
            std::all_of(id.begin(), id.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
            });
        if (!plain) {
          diag.error(mem.value.where(), "id",
                     "expected an order id of 1-128 letters, digits, '-', '_', '.' or ':' (it is part of the "
                     "release URL), got " +
                         mem.value.describe());
          continue;
        }
      }
      order.members.push_back(mem);
    }
  }
  if (!req.has_id) order.members.push_back(Member{"id", root.line, root.column, scalar_at(root, "quote")});
  std::optional<supply::Order> o;
  {
    MapReader r(order, "", diag);
    o = supply::read_order(r, m, sc.catalog);
  }
  if (promise) {
    for_each_item(*promise, "promise", diag, [&](const Node& item, const std::string& p) {
      MapReader r(item, p, diag);
      const Node* period = r.require("period");
      r.get("item");
      auto qty = r.integer("quantity", true, 0, int64_t{1} << 50);
      r.finish();
      if (!period || !qty) return;
      auto per = read_string(*period, r.path_of("period"), diag);
      if (!per) return;
      auto parsed = parse_period(*per);
      int index = -1;
      if (parsed) index = m.grid.index(parsed->start);
      if (!parsed || index < 0 || index >= m.grid.count() || m.grid.label(index) != *per) {
        error_at(diag, *period, r.path_of("period"),
                 "expected a period of the plan's calendar (" + m.grid.label(0) + " to " +
                     m.grid.label(m.grid.count() - 1) + "), got \"" + *per + "\"");
        return;
      }
      req.promise.emplace_back(index, *qty);
    });
  }
  if (!diag.ok() || !o) return std::nullopt;
  req.order = std::move(*o);
  req.normalized = ordered_json::parse(text, nullptr, false);
  if (req.normalized.is_discarded() || !req.normalized.is_object()) req.normalized = ordered_json::object();
  req.normalized.erase("promise");
  return req;
}

}  // namespace opticplan::serve
