#include "opticplan/supply/canonical.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace opticplan::supply {

bool natural_less(std::string_view a, std::string_view b) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t ie = i, je = j;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      size_t is = i, js = j;  // leading zeros do not change a value
      while (is + 1 < ie && a[is] == '0') ++is;
      while (js + 1 < je && b[js] == '0') ++js;
      if (ie - is != je - js) return ie - is < je - js;
      if (const int c = a.substr(is, ie - is).compare(b.substr(js, je - js)); c != 0) return c < 0;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
      ++i;
      ++j;
    }
  }
  if (i < a.size() || j < b.size()) return j < b.size();  // a prefix first
  return a < b;  // equal in value ("o-01", "o-1"): bytewise, so the order is total
}

namespace {

// Sorts `table` by id and returns where each old id went.
template <class Tag, class T>
IdVec<Tag, Id<Tag>> sort_by_id(IdVec<Tag, T>& table) {
  std::vector<T>& list = table.raw();
  std::vector<size_t> order(list.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return natural_less(list[x].id, list[y].id); });
  std::vector<T> sorted;
  sorted.reserve(list.size());
  IdVec<Tag, Id<Tag>> new_id(list.size());
  for (size_t k = 0; k < order.size(); ++k) {
    new_id[Id<Tag>::from(order[k])] = Id<Tag>::from(k);
    sorted.push_back(std::move(list[order[k]]));
  }
  list = std::move(sorted);
  return new_id;
}

template <class Tag>
void remap(Id<Tag>& id, const IdVec<Tag, Id<Tag>>& new_id) {
  if (id.valid()) id = new_id[id];
}
template <class Tag>
void remap(std::vector<Id<Tag>>& ids, const IdVec<Tag, Id<Tag>>& new_id) {
  for (Id<Tag>& i : ids) remap(i, new_id);
}

}  // namespace

void canonicalize(Model& m) {
  const auto items = sort_by_id(m.items);
  const auto lines = sort_by_id(m.lines);
  const auto suppliers = sort_by_id(m.suppliers);
  const auto customers = sort_by_id(m.customers);
  const auto groups = sort_by_id(m.groups);
  sort_by_id(m.agreements);
  sort_by_id(m.requirements);
  sort_by_id(m.orders);
  for (auto& it : m.items) {
    for (auto& r : it.routes) {  // routes keep their order: it is the preference
      remap(r.line, lines);
      remap(r.qualified, customers);
      std::sort(r.qualified.begin(), r.qualified.end());
    }
    remap(it.suppliers, suppliers);
    for (auto& b : it.bom)  // a line's parts keep their order: it is the preference
      for (auto& part : b.parts) {
        remap(part.item, items);
        remap(part.qualified, customers);
        std::sort(part.qualified.begin(), part.qualified.end());
      }
    std::sort(it.bom.begin(), it.bom.end(), [](const BomLine& x, const BomLine& y) {
      const auto key = [](const BomLine& l) {
        const BomPart& p = l.first();
        return std::make_tuple(p.item, p.from, p.to, l.parts.size());
      };
      return key(x) < key(y);
    });
  }
  for (auto& s : m.suppliers) remap(s.item, items);
  for (auto& it : m.items)
    std::sort(it.suppliers.begin(), it.suppliers.end(), [&](SupplierId x, SupplierId y) {
      const Supplier& a = m.suppliers[x];
      const Supplier& b = m.suppliers[y];
      const auto key = [](const Supplier& s) {
        return std::make_tuple(s.preference, s.price > 0 ? 0 : 1, s.price, s.lead_time);
      };
      if (key(a) != key(b)) return key(a) < key(b);
      return x < y;  // positions follow the ids now
    });
  for (auto& a : m.agreements) {
    remap(a.holder, customers);
    remap(a.supplier, suppliers);
    remap(a.line, lines);
  }
  for (auto& r : m.receipts) remap(r.item, items);
  std::sort(m.receipts.begin(), m.receipts.end(), [](const Receipt& a, const Receipt& b) {
    return std::tie(a.item, a.period, a.qty) < std::tie(b.item, b.period, b.qty);
  });
  for (auto& c : m.customers) {
    remap(c.qualified, items);
    std::sort(c.qualified.begin(), c.qualified.end());
  }
  for (auto& r : m.requirements) remap(r.alternates, items);
  for (auto& o : m.orders) {
    remap(o.customer, customers);
    remap(o.alternates, items);
    remap(o.group, groups);
  }
  std::stable_sort(m.sources.begin(), m.sources.end(), [](const SourceNote& a, const SourceNote& b) {
    return a.what != b.what ? natural_less(a.what, b.what) : a.text < b.text;
  });
}

}  // namespace opticplan::supply
