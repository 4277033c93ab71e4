#include "opticplan/scenario/write_supply.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

#include "opticplan/core/units.h"

namespace opticplan::supply {

namespace {

// capacity: the first period's value, then ramp steps where it changes.
void capacity(YAML::Emitter& out, const Model& m, const std::vector<int64_t>& cap, int from) {
  const int T = m.periods();
  const int64_t first = cap.empty() || from >= T ? 0 : cap[static_cast<size_t>(from)];
  out << YAML::Key << "capacity" << YAML::Value << first;
  std::vector<std::pair<int, int64_t>> steps;
  int64_t last = first;
  for (int t = from + 1; t < T; ++t)
    if (cap[static_cast<size_t>(t)] != last) {
      last = cap[static_cast<size_t>(t)];
      steps.emplace_back(t, last);
    }
  if (steps.empty()) return;
  out << YAML::Key << "ramp" << YAML::Value << YAML::BeginSeq;
  for (const auto& [t, c] : steps)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << m.grid.label(t) << YAML::Key
        << "capacity" << YAML::Value << c << YAML::EndMap;
  out << YAML::EndSeq;
}

// The items: each one's route(s), bill of materials (with alternate parts and their limits) and price.
void write_items(YAML::Emitter& out, const Model& m) {
  out << YAML::Key << "items" << YAML::Value << YAML::BeginSeq;
  for (const auto& it : m.items) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << it.id;
    const auto route_fields = [&](const Route& r) {
      if (r.line.valid()) out << YAML::Key << "line" << YAML::Value << m.lines[r.line].id;
      if (r.usage != 1) out << YAML::Key << "usage" << YAML::Value << r.usage;
      if (r.setup != 0) out << YAML::Key << "setup" << YAML::Value << r.setup;
      if (r.lead_time) out << YAML::Key << "lead_time" << YAML::Value << r.lead_time;
      if (r.yield != 1) out << YAML::Key << "yield" << YAML::Value << r.yield;
      if (r.moq) out << YAML::Key << "moq" << YAML::Value << r.moq;
      if (r.multiple) out << YAML::Key << "multiple" << YAML::Value << r.multiple;
    };
    const bool plain_route = it.routes.size() == 1 && it.routes[0].from == -BomPart::kOpen &&
                             it.routes[0].to == BomPart::kOpen && it.routes[0].qualified.empty();
    if (plain_route) route_fields(it.routes[0]);
    if (it.made() && !plain_route) {
      out << YAML::Key << "routes" << YAML::Value << YAML::BeginSeq;
      for (const auto& r : it.routes) {
        out << YAML::Flow << YAML::BeginMap;
        route_fields(r);
        if (r.from != -BomPart::kOpen) out << YAML::Key << "from" << YAML::Value << m.grid.label(r.from);
        if (r.to != BomPart::kOpen) out << YAML::Key << "to" << YAML::Value << m.grid.label(r.to);
        if (!r.qualified.empty()) {
          out << YAML::Key << "qualified" << YAML::Value << YAML::Flow << YAML::BeginSeq;
          for (const CustomerId c : r.qualified) out << m.customers[c].id;
          out << YAML::EndSeq;
        }
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    if (it.made()) {
      out << YAML::Key << "bom" << YAML::Value << YAML::BeginSeq;
      for (const auto& b : it.bom) {
        const auto limits = [&](const BomPart& p) {
          if (p.from != -BomPart::kOpen) out << YAML::Key << "from" << YAML::Value << m.grid.label(p.from);
          if (p.to != BomPart::kOpen) out << YAML::Key << "to" << YAML::Value << m.grid.label(p.to);
          if (!p.qualified.empty()) {
            out << YAML::Key << "qualified" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (const CustomerId c : p.qualified) out << m.customers[c].id;
            out << YAML::EndSeq;
          }
        };
        out << YAML::BeginMap;
        if (b.parts.size() == 1) {
          out << YAML::Key << "item" << YAML::Value << m.items[b.first().item].id << YAML::Key << "qty" << YAML::Value
              << b.first().qty;
          limits(b.first());
        } else {
          out << YAML::Key << "parts" << YAML::Value << YAML::BeginSeq;
          for (const auto& p : b.parts) {
            out << YAML::BeginMap << YAML::Key << "item" << YAML::Value << m.items[p.item].id << YAML::Key << "qty"
                << YAML::Value << p.qty;
            limits(p);
            out << YAML::EndMap;
          }
          out << YAML::EndSeq;
        }
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    if (it.price > 0) out << YAML::Key << "price" << YAML::Value << format(Money(it.price));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string write_supply_yaml(const Model& m) {
  YAML::Emitter out;
  out.SetDoublePrecision(17);  // yields and quantities read back exactly
  out << YAML::BeginMap << YAML::Key << "supply" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "calendar" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "start" << YAML::Value
      << m.grid.label(0) << YAML::Key << "periods" << YAML::Value << m.periods() << YAML::EndMap;
  if (m.allocation == Allocation::kFirstCome) out << YAML::Key << "allocation" << YAML::Value << "first_come";
  if (m.tiers == Tiers::kWeighted) out << YAML::Key << "tiers" << YAML::Value << "weighted";
  if (m.fairness > 0) out << YAML::Key << "fairness" << YAML::Value << m.fairness;
  out << YAML::Key << "customers" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : m.customers) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << c.id;
    if (!c.qualified.empty()) {
      out << YAML::Key << "qualified" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const ItemId i : c.qualified) out << m.items[i].id;
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (!m.lines.empty()) {
    out << YAML::Key << "lines" << YAML::Value << YAML::BeginSeq;
    for (const auto& l : m.lines) {
      out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << l.id;
      capacity(out, m, l.capacity, 0);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  write_items(out, m);
  if (!m.suppliers.empty()) {
    out << YAML::Key << "suppliers" << YAML::Value << YAML::BeginSeq;
    for (const auto& s : m.suppliers) {
      out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << s.id << YAML::Key << "item" << YAML::Value
          << m.items[s.item].id;
      if (s.unlimited) {  // ships from its lead time on, or within its window: from: and to: say which
        const auto first = std::find_if(s.capacity.begin(), s.capacity.end(), [](int64_t c) { return c > 0; });
        const auto last = std::find_if(s.capacity.rbegin(), s.capacity.rend(), [](int64_t c) { return c > 0; });
        out << YAML::Key << "capacity" << YAML::Value << "unlimited";
        if (first != s.capacity.end()) {
          const int f = static_cast<int>(first - s.capacity.begin());
          const int l = static_cast<int>(s.capacity.rend() - last) - 1;
          if (f > s.lead_time) out << YAML::Key << "from" << YAML::Value << m.grid.label(f);
          if (l < m.periods() - 1) out << YAML::Key << "to" << YAML::Value << m.grid.label(l);
        }
      } else {
        capacity(out, m, s.capacity, std::min(s.lead_time, std::max(0, m.periods() - 1)));
      }
      if (s.lead_time) out << YAML::Key << "lead_time" << YAML::Value << s.lead_time;
      if (s.price > 0) out << YAML::Key << "price" << YAML::Value << format(Money(s.price));
      if (s.preference != 1) out << YAML::Key << "preference" << YAML::Value << s.preference;
      if (s.moq) out << YAML::Key << "moq" << YAML::Value << s.moq;
      if (s.multiple) out << YAML::Key << "multiple" << YAML::Value << s.multiple;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!m.agreements.empty()) {
    out << YAML::Key << "agreements" << YAML::Value << YAML::BeginSeq;
    for (const auto& a : m.agreements) {
      out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << a.id << YAML::Key << "holder" << YAML::Value
          << m.customers[a.holder].id;
      if (a.supplier.valid())
        out << YAML::Key << "supplier" << YAML::Value << m.suppliers[a.supplier].id;
      else
        out << YAML::Key << "line" << YAML::Value << m.lines[a.line].id;
      // Written as a quantity when it is the same every period, else as the share it was made from.
      const auto& cap = a.supplier.valid() ? m.suppliers[a.supplier].capacity : m.lines[a.line].capacity;
      const std::set<int64_t> values(a.reserved.begin(), a.reserved.end());
      if (values.size() == 1) {
        out << YAML::Key << "quantity" << YAML::Value << *values.begin();
      } else {
        int64_t c = 0, r = 0;
        for (size_t t = 0; t < cap.size(); ++t)
          if (cap[t] > c) c = cap[t], r = a.reserved[t];
        out << YAML::Key << "share" << YAML::Value << (c ? static_cast<double>(r) / static_cast<double>(c) : 0.0);
      }
      if (a.take_or_pay) out << YAML::Key << "take_or_pay" << YAML::Value << true;
      out << YAML::Key << "release" << YAML::Value << (a.release == Release::kUnused ? "unused" : "never");
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!m.receipts.empty()) {
    out << YAML::Key << "inventory" << YAML::Value << YAML::BeginSeq;
    for (const auto& r : m.receipts)
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "item" << YAML::Value << m.items[r.item].id << YAML::Key
          << "quantity" << YAML::Value << r.qty << YAML::Key << "at" << YAML::Value << m.grid.label(r.period)
          << YAML::EndMap;
    out << YAML::EndSeq;
  }
  // Requirements: those the model names, and one per distinct set of alternates the orders use.
  std::map<std::string, std::vector<ItemId>> reqs;
  for (const auto& r : m.requirements) reqs[r.id] = r.alternates;
  for (const auto& o : m.orders)
    if (!o.requirement.empty() && !reqs.count(o.requirement)) reqs[o.requirement] = o.alternates;
  if (!reqs.empty()) {
    out << YAML::Key << "requirements" << YAML::Value << YAML::BeginSeq;
    for (const auto& [id, alts] : reqs) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << id << YAML::Key << "alternates"
          << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const ItemId a : alts) out << m.items[a].id;
      out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::Key << "orders" << YAML::Value << YAML::BeginSeq;
  for (const auto& o : m.orders) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << o.id << YAML::Key << "customer"
        << YAML::Value << m.customers[o.customer].id;
    if (o.requirement.empty())
      out << YAML::Key << "item" << YAML::Value << m.items[o.alternates.front()].id;
    else
      out << YAML::Key << "requirement" << YAML::Value << o.requirement;
    out << YAML::Key << "quantity" << YAML::Value << o.qty << YAML::Key << "due" << YAML::Value << m.grid.label(o.due);
    if (o.priority != 1) out << YAML::Key << "priority" << YAML::Value << o.priority;
    if (!o.partial) out << YAML::Key << "partial" << YAML::Value << false;
    if (o.min_shipment > 0) out << YAML::Key << "min_shipment" << YAML::Value << o.min_shipment;
    if (o.max_lateness >= 0) out << YAML::Key << "max_lateness" << YAML::Value << o.max_lateness;
    if (o.forecast) out << YAML::Key << "kind" << YAML::Value << "forecast";
    if (o.placed != kNotPlaced) out << YAML::Key << "placed" << YAML::Value << m.grid.label(o.placed);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace opticplan::supply
