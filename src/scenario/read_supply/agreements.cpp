// Long-term agreements: a holder's reservation on a supplier's or a line's capacity, and the check
// that the reservations on one capacity fit in it.
#include <algorithm>
#include <cmath>

#include "supply_reader.h"

namespace opticplan::supply::detail {

void SupplyReader::read_agreements(MapReader& top) {
  const Node* n = top.get("agreements");
  if (!n) return;
  const int T = m_.periods();
  IdTable<AgreementId> seen;  // ids must be unique: canonical order (supply/canonical.h) sorts by them
  for_each_item(*n, top.path_of("agreements"), diag_, [&](const Node& node, const std::string& p) {
    MapReader r(node, p, diag_);
    Finish fin{r};
    Agreement a;
    auto id = r.id("id", true);
    const std::optional<CustomerId> h = required_customer(r, "holder");
    const Node* sup = r.get("supplier");
    const Node* line = r.get("line");
    if (!sup == !line) {
      error_at(diag_, node, p, "give exactly one of supplier and line");
      return;
    }
    std::optional<SupplierId> supplier;
    std::optional<LineId> on_line;
    if (sup)
      supplier = lookup(suppliers_, *sup, r.path_of("supplier"), "supplier");
    else
      on_line = lookup(lines_, *line, r.path_of("line"), "line");
    auto qty = r.integer("quantity", false, 0, kMaxQty);
    auto share = r.number("share", false, 0, 1);
    if (qty.has_value() == share.has_value()) {
      error_at(diag_, node, p, "give exactly one of quantity (per period) and share (of the capacity)");
      return;
    }
    int from = 0, to = T - 1;
    if (const Node* f = r.get("from")) {
      if (auto v = read_period(*f, r.path_of("from"))) from = *v;
    }
    if (const Node* f = r.get("to")) {
      if (auto v = read_period(*f, r.path_of("to"))) to = *v;
    }
    if (auto v = r.boolean("take_or_pay", false)) a.take_or_pay = *v;
    static const std::pair<std::string_view, Release> kRelease[] = {{"never", Release::kNever},
                                                                    {"unused", Release::kUnused}};
    if (auto v = r.choice("release", false, Choices<Release>(kRelease, 2))) a.release = *v;
    if (auto v = r.quantity("price", false, parse_money)) a.price = v->value();
    if (id) note_source(r, "agreement " + *id);
    if (!id || !h || !(supplier || on_line) || T == 0) return;
    if (!seen.add_unique(r, *id, AgreementId::from(m_.agreements.size()), "agreement")) return;
    a.id = *id;
    a.holder = *h;
    a.supplier = supplier.value_or(SupplierId{});
    a.line = on_line.value_or(LineId{});
    const std::vector<int64_t>& cap = supplier ? m_.suppliers[*supplier].capacity : m_.lines[*on_line].capacity;
    a.reserved.assign(static_cast<size_t>(T), 0);
    for (int t = from; t <= to; ++t) {
      const int64_t c_t = cap[static_cast<size_t>(t)];
      a.reserved[static_cast<size_t>(t)] =
          qty ? *qty : static_cast<int64_t>(std::floor(*share * static_cast<double>(c_t)));
    }
    m_.agreements.push_back(std::move(a));
    agreement_nodes_.push_back({&node, p});
  });
}

// A reservation larger than what it reserves (together with the others on the same capacity),
// reported once per capacity, at its first agreement.
void SupplyReader::check_reservations() {
  const int T = m_.periods();
  if (T <= 0) return;
  const auto same_capacity = [](const Agreement& x, const Agreement& y) {
    return x.supplier == y.supplier && x.line == y.line;
  };
  for (const AgreementId i : m_.agreements.ids()) {
    const Agreement& a = m_.agreements[i];
    if (std::any_of(m_.agreements.begin(), m_.agreements.begin() + static_cast<std::ptrdiff_t>(i.v),  // earlier ones
                    [&](const Agreement& b) { return same_capacity(a, b); }))
      continue;
    const std::vector<int64_t>& cap =
        a.supplier.valid() ? m_.suppliers[a.supplier].capacity : m_.lines[a.line].capacity;
    for (int t = 0; t < T; ++t) {
      int64_t sum = 0;
      for (const auto& b : m_.agreements)
        if (same_capacity(a, b)) sum += b.reserved[static_cast<size_t>(t)];
      if (sum > cap[static_cast<size_t>(t)]) {
        error_at(diag_, *agreement_nodes_[i].first, agreement_nodes_[i].second,
                 "agreement \"" + a.id + "\" reserves " + std::to_string(sum) + " in " + m_.grid.label(t) +
                     " (with the other agreements on it), more than the capacity of " +
                     std::to_string(cap[static_cast<size_t>(t)]));
        break;
      }
    }
  }
}

}  // namespace opticplan::supply::detail
