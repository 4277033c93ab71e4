#include "opticplan/fabric/tco.h"

#include <cmath>
#include <map>

namespace opticplan::fabric {

using namespace catalog;

namespace {

constexpr double kHoursPerYear = 8766;  // 365.25 days
constexpr double kWeeksPerYear = 365.25 / 7;

double bill_fit(const Catalog& cat, const std::vector<BomLine>& bom) {
  double fit = 0;
  for (const auto& line : bom) fit += line.qty * cat.components[line.component].fit;
  return fit;
}
double bill_emitters(const Catalog& cat, const std::vector<BomLine>& bom) {
  double n = 0;
  for (const auto& line : bom) n += line.qty * cat.components[line.component].emitters;
  return n;
}
double per_year(double fit) { return fit * kHoursPerYear / 1e9; }

// Parts by id and kind, filled tier end by tier end; the link hours are added as found, since one
// module may sit at ends that carry different numbers of links.
class Parts {
 public:
  TcoPart& at(const std::string& id, TcoPartKind kind) {
    const auto key = std::make_pair(static_cast<int>(kind), id);
    auto it = index_.find(key);
    if (it != index_.end()) return parts_[it->second];
    index_.emplace(key, parts_.size());
    parts_.push_back(TcoPart{});
    parts_.back().id = id;
    parts_.back().kind = kind;
    return parts_.back();
  }
  // `count` more parts of `p`, each failure taking `links` links down for `hours`.
  static void add(TcoPart& p, double count, double links, double hours) {
    p.installed += count;
    p.failures_per_year += count * p.afr;
    p.link_down_hours_per_year += count * p.afr * links * hours;
  }
  std::vector<TcoPart> take() { return std::move(parts_); }

 private:
  std::map<std::pair<int, std::string>, size_t> index_;
  std::vector<TcoPart> parts_;
};

}  // namespace

int64_t spares_for(double mean, double availability) {
  if (mean <= 0) return 0;
  double term = std::exp(-mean), cdf = term;  // P(N = 0)
  int64_t s = 0;
  while (cdf < availability && s < 1000000) {
    ++s;
    term *= mean / static_cast<double>(s);
    cdf += term;
  }
  return s;
}

Result<Tco> total_cost_of_ownership(const Catalog& cat, const Fabric& f, const TcoOptions& o) {
  if (!f.bom) return fail("the total cost of ownership needs the fabric's bill of materials: " + f.bom_note);
  if (o.years < 1) return fail("tco years must be at least 1");
  const Bom& bom = *f.bom;
  const int year = f.input.media.year;
  Tco t;
  t.options = o;
  Parts parts;
  for (const TierMedia& tm : bom.tiers) {
    if (tm.cable.valid()) {
      const Cable& c = cat.cables[tm.cable];
      TcoPart& p = parts.at(c.id, TcoPartKind::kCable);
      p.fit = bill_fit(cat, c.bom);
      p.afr = per_year(p.fit);
      p.emitters = bill_emitters(cat, c.bom);
      p.unit_price = c.price.at(year).value_or(Money(0));
      const double n = static_cast<double>(tm.b_modules);
      Parts::add(p, n, n > 0 ? static_cast<double>(tm.links) / n : 0, o.swap_hours);
      continue;
    }
    for (const bool lower : {true, false}) {
      const TransceiverId id = lower ? tm.a : tm.b;
      const CpoId cpo = lower ? tm.a_cpo : tm.b_cpo;
      const double n = static_cast<double>(lower ? tm.a_modules : tm.b_modules);
      if (n <= 0) continue;
      const double links_each = static_cast<double>(tm.links) / n;  // per module, or per CPO port
      if (id.valid()) {
        const Transceiver& x = cat.transceivers[id];
        TcoPart& p = parts.at(x.id, TcoPartKind::kModule);
        p.fit = bill_fit(cat, x.bom);
        p.afr = per_year(p.fit);
        p.emitters = bill_emitters(cat, x.bom);
        p.unit_price = x.price.at(year).value_or(Money(0));
        Parts::add(p, n, links_each, o.swap_hours);
      } else if (cpo.valid()) {
        const Cpo& c = cat.cpos[cpo];
        const double ports = static_cast<double>(o.cpo_ports_per_engine);
        TcoPart& e = parts.at(c.id, TcoPartKind::kCpoEngine);
        e.fit = bill_fit(cat, c.bom) * ports;
        e.afr = per_year(e.fit);
        e.unit_price = c.price_per_port.at(year).value_or(Money(0)) * ports;
        Parts::add(e, n / ports, ports * links_each, o.switch_repair_hours);
        if (c.laser_component.valid() && c.lasers_per_port > 0) {  // the ELS modules feeding the ports
          const Component& els = cat.components[c.laser_component];
          TcoPart& l = parts.at(els.id, TcoPartKind::kEls);
          l.fit = els.fit;
          l.afr = per_year(l.fit);
          l.emitters = els.emitters;
          l.unit_price = els.price.at(year).value_or(Money(0));
          Parts::add(l, n * c.lasers_per_port, links_each / c.lasers_per_port, o.swap_hours);
        }
      }
    }
  }
  t.parts = parts.take();
  const auto years = static_cast<double>(o.years);
  for (TcoPart& p : t.parts) {
    p.down_hours = p.kind == TcoPartKind::kCpoEngine ? o.switch_repair_hours : o.swap_hours;
    p.links_down_per_failure =
        p.failures_per_year > 0 ? p.link_down_hours_per_year / (p.failures_per_year * p.down_hours) : 0;
    if (p.kind != TcoPartKind::kCpoEngine)
      p.spares = spares_for(p.failures_per_year * o.lead_time_weeks / kWeeksPerYear, o.availability);
    t.spares_capex += p.unit_price * static_cast<double>(p.spares);
    t.replacements += p.unit_price * (p.failures_per_year * years);
    t.failures_per_year += p.failures_per_year;
    t.link_down_hours_per_year += p.link_down_hours_per_year;
    t.lasers_replaced += p.failures_per_year * years * p.emitters;
    if (p.fit <= 0) t.parts_without_fit += static_cast<int64_t>(std::llround(p.installed));
  }
  for (const auto& [id, qty] : bom.components)
    t.lasers_installed += qty * cat.components[*cat.find_component(id)].emitters;
  t.lasers_per_gpu =
      f.topology.gpus > 0 ? (t.lasers_installed + t.lasers_replaced) / static_cast<double>(f.topology.gpus) : 0;
  t.switches_capex = bom.switch_cost;
  t.optics_capex = bom.optics_cost;
  t.optics_kwh_per_year = bom.optics_power.value() * kHoursPerYear / 1000 * o.pue;
  t.switch_kwh_per_year = bom.switch_power.value() * kHoursPerYear / 1000 * o.pue;
  t.optics_power_cost = Money(t.optics_kwh_per_year * years * o.usd_per_kwh);
  t.switch_power_cost = Money(t.switch_kwh_per_year * years * o.usd_per_kwh);
  t.total =
      t.switches_capex + t.optics_capex + t.spares_capex + t.replacements + t.optics_power_cost + t.switch_power_cost;
  return t;
}

}  // namespace opticplan::fabric
