#include "opticplan/catalog/lint.h"

#include <cmath>

namespace opticplan::catalog {
namespace {

bool near(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

void err(Diagnostics& diag, const Entry& e, const std::string& kind, const std::string& msg) {
  diag.error(e.where, kind + " " + e.id, msg);
}

}  // namespace

void lint_catalog(const Catalog& cat, Diagnostics& diag) {
  for (const auto& p : cat.pmds) {
    if (p.kind == PmdKind::kIntensity && !near(p.lanes * p.lane_rate.value(), p.speed.value()))
      err(diag, p, "pmd",
          std::to_string(p.lanes) + " lanes x " + format(p.lane_rate) + " is not its speed " + format(p.speed));
    for (const auto& b : p.breakout) {
      const Pmd& t = cat.pmds[b.pmd];
      if (!near(t.speed.value() * b.count, p.speed.value()))
        err(diag, p, "pmd",
            "breakout into " + std::to_string(b.count) + " x " + t.id + " (" + format(t.speed) +
                ") does not add up to " + format(p.speed));
      if (t.fiber != p.fiber || !near(t.lane_rate.value(), p.lane_rate.value()))
        err(diag, p, "pmd", "breakout into " + t.id + " needs the same fibre and lane rate");
    }
    if (p.kind == PmdKind::kIntensity && p.fiber == Fiber::kSmf && p.reach.value() <= 0)
      err(diag, p, "pmd", "has no reach");
  }
  for (const auto& t : cat.transceivers) {
    if (t.bom.empty()) err(diag, t, "transceiver", "has no bill of materials (bom)");
    if (t.price.empty()) err(diag, t, "transceiver", "has no price");
    for (auto m : t.alt_modes)
      if (cat.pmds[m].kind != PmdKind::kCoherent)
        err(diag, t, "transceiver", "alt_modes lists " + cat.pmds[m].id + ", which is not a coherent mode");
  }
  for (const auto& c : cat.cables)
    if (!near(c.lanes * c.lane_rate.value(), c.speed.value()))
      err(diag, c, "cable",
          std::to_string(c.lanes) + " lanes x " + format(c.lane_rate) + " is not its speed " + format(c.speed));
  for (const auto& c : cat.cpos)
    if (c.laser_component.valid()) {
      const auto k = cat.components[c.laser_component].kind;
      if (k != ComponentKind::kEls && k != ComponentKind::kCwLaser)
        err(diag, c, "cpo",
            "laser_component " + cat.components[c.laser_component].id + " is not an external laser source or CW laser");
    }
  for (const auto& s : cat.switches) {
    const double ports_bw = s.ports() * s.port_speed.value();
    if (ports_bw > s.asic_bandwidth.value() * (1 + 1e-9))
      err(diag, s, "switch",
          std::to_string(s.ports()) + " x " + format(s.port_speed) + " exceeds its ASIC bandwidth " +
              format(s.asic_bandwidth));
  }
  for (const auto& s : cat.servers) {
    bool compute = false;
    for (const auto& n : s.nics) compute |= n.role == "compute";
    if (!compute) err(diag, s, "server", "has no compute NIC");
  }
}

}  // namespace opticplan::catalog
