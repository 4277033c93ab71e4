#include "opticplan/link/spec.h"

#include <algorithm>
#include <cmath>

namespace opticplan::link {
using namespace catalog;

bool ends_compatible(const Catalog& cat, PmdId a, PmdId b, bool& breakout) {
  breakout = false;
  if (a == b) return true;
  for (const auto& x : cat.pmds[a].breakout)
    if (x.pmd == b) return breakout = true;
  for (const auto& x : cat.pmds[b].breakout)
    if (x.pmd == a) return breakout = true;
  return false;
}

namespace {

// The port's cage and the bandwidth one cage carries; empty when the end names no port.
void check_port(const Catalog& cat, const End& end, LinkResult& r) {
  if (!end.module.valid()) return;
  const Transceiver& t = cat.transceivers[end.module];
  const DataRate module_speed = cat.pmds[t.pmd].speed * t.ports;
  std::string port_name;
  FormFactor cage{};
  DataRate cage_speed;
  std::vector<DataRate> allowed;
  if (end.switch_port) {
    const Switch& s = cat.switches[*end.switch_port];
    port_name = s.id;
    if (s.cpo.valid()) {
      r.reasons.push_back(t.id + " cannot plug into " + s.id + ": its ports are co-packaged optics");
      r.limit = "cage";
      return;
    }
    cage = s.cage;
    cage_speed = s.port_speed * s.ports_per_cage;
    allowed.push_back(cage_speed);
  } else if (end.nic_port) {
    const Nic& n = cat.nics[*end.nic_port];
    port_name = n.id;
    cage = n.cage;
    cage_speed = n.speed * n.ports_per_cage;
    allowed.push_back(cage_speed);
  } else {
    return;
  }
  if (t.form_factor != cage) {
    r.reasons.push_back(t.id + " is " + std::string(name_of(t.form_factor)) + " but " + port_name + " has " +
                        std::string(name_of(cage)) + " cages");
    if (r.limit == "none") r.limit = "cage";
  }
  if (std::find(allowed.begin(), allowed.end(), module_speed) == allowed.end()) {
    r.reasons.push_back(t.id + " carries " + format(module_speed) + " but a " + port_name + " cage carries " +
                        format(cage_speed));
    if (r.limit == "none") r.limit = "port speed";
  }
}

}  // namespace

LinkResult check_link(const Catalog& cat, const LinkSpec& spec) {
  LinkResult r;
  r.id = spec.id;
  r.near_pmd = spec.near.pmd;
  r.far_pmd = spec.far.pmd;
  ends_compatible(cat, spec.near.pmd, spec.far.pmd, r.breakout);
  const Budget a = check_budget(cat.pmds[spec.near.pmd], spec.channel);
  const Budget b = r.breakout ? check_budget(cat.pmds[spec.far.pmd], spec.channel) : a;
  // The stricter end decides: a failing one, else the one with less loss margin (then reach).
  bool far_decides = false;
  if (a.pass && !b.pass) far_decides = true;
  if (a.pass && b.pass)
    far_decides = b.loss_margin < a.loss_margin || (b.loss_margin == a.loss_margin && b.reach < a.reach);
  r.budget = far_decides ? b : a;
  r.limit = limit_name(r.budget.limit);
  const Pmd& p = cat.pmds[far_decides ? spec.far.pmd : spec.near.pmd];
  switch (r.budget.limit) {
    case Limit::kFiberType:
      r.reasons.push_back(p.id + " needs " + std::string(p.fiber == Fiber::kSmf ? "single-mode" : "multimode") +
                          " fibre");
      break;
    case Limit::kGrade:
      r.reasons.push_back(p.id + " is not specified on " + std::string(name_of(spec.channel.grade)));
      break;
    case Limit::kReach:
      r.reasons.push_back("length " + format(spec.channel.length) + " exceeds " + p.id + " reach " +
                          format(r.budget.reach));
      break;
    case Limit::kLoss:
      r.reasons.push_back("channel loss " + format(Decibel(round_to(r.budget.loss.value(), 2))) + " exceeds " + p.id +
                          " maximum " + format(r.budget.max_loss));
      break;
    case Limit::kNone: break;
  }
  // Installed cabling: the connector at each end must be the PMD's (MPO-16 does not mate MPO-12,
  // and an angled APC polish against a flat UPC one damages both and loses light).
  const auto check_connector = [&](const std::string& cabling, PmdId pmd, const char* end) {
    if (cabling.empty()) return;
    const std::string& need = cat.pmds[pmd].connector;
    if (cabling == need) return;
    std::string why = std::string(end) + " cabling is " + cabling + " but " + cat.pmds[pmd].id + " needs " + need;
    const bool apc = cabling.find("APC") != std::string::npos, need_apc = need.find("APC") != std::string::npos;
    if (apc != need_apc && cabling.substr(0, cabling.find(' ')) == need.substr(0, need.find(' ')))
      why += " (APC and UPC polishes must not be mated)";
    r.reasons.push_back(why);
    if (r.limit == "none") r.limit = "connector";
  };
  check_connector(spec.connector, spec.near.pmd, "near-end");
  check_connector(spec.far_connector, spec.far.pmd, "far-end");
  check_port(cat, spec.near, r);
  check_port(cat, spec.far, r);
  r.pass = r.reasons.empty();
  r.binding = r.pass ? limit_name(r.budget.binding) : "";
  return r;
}

DciCheck check_dci(const Catalog& cat, const DciSpec& spec, const SweepOptions& sweep) {
  DciCheck out;
  out.id = spec.id;
  std::vector<PmdId> modes = spec.modes;
  // Mode selection: try the highest capacity first; ties by lower symbol rate, then id.
  std::stable_sort(modes.begin(), modes.end(), [&](PmdId a, PmdId b) {
    const Pmd &x = cat.pmds[a], &y = cat.pmds[b];
    if (x.speed != y.speed) return x.speed > y.speed;
    if (x.symbol_rate != y.symbol_rate) return x.symbol_rate < y.symbol_rate;
    return x.id < y.id;
  });
  for (PmdId id : modes) {
    const Pmd& m = cat.pmds[id];
    const SymbolRate baud = spec.symbol_rate.value_or(m.symbol_rate);
    ModeResult mr;
    mr.mode = id;
    mr.plan.symbol_rate = baud;
    // The mode's grid, unless its symbol rate was overridden past it: then the next 12.5 GHz step.
    const bool fits = m.channel_spacing.value() > 0 && baud.value() <= m.channel_spacing.value();
    mr.plan.spacing =
        spec.spacing ? *spec.spacing : (fits ? m.channel_spacing : ghz(std::ceil(baud.value() / 12.5) * 12.5));
    mr.plan.count = spec.channels
                        ? *spec.channels
                        : std::max(1, static_cast<int>(std::floor(kCBandGHz / mr.plan.spacing.value() + 1e-9)));
    mr.plan.center = spec.center;
    const CoherentMode mode{m.id, m.speed, baud, m.required_osnr, spec.tx_osnr.value_or(m.tx_osnr)};
    if (spec.launch_power) {
      mr.plan.launch_power = *spec.launch_power;
      mr.line = evaluate(spec.route, mr.plan, mode, sweep);
    } else {
      // The sweep finds the optimum launch; the channels are then propagated there once more (the
      // sweep itself keeps only each point's worst channel).
      DciResult probe = evaluate(spec.route, mr.plan, mode, sweep);
      mr.plan.launch_power = dbm(probe.optimum_launch_dbm);
      SweepOptions once = sweep;
      once.enabled = false;
      mr.line = evaluate(spec.route, mr.plan, mode, once);
      mr.line.sweep = std::move(probe.sweep);
      mr.line.optimum_launch_dbm = probe.optimum_launch_dbm;
      mr.line.gsnr_at_optimum_01nm_db = probe.gsnr_at_optimum_01nm_db;
    }
    mr.cd_ok = !m.cd_tolerance || std::fabs(mr.line.accumulated_cd_ps_nm) <= m.cd_tolerance->value() + 1e-9;
    mr.closes = mr.cd_ok && mr.line.worst_margin_db >= spec.required_margin.value() - 1e-9;
    if (mr.closes && out.chosen < 0) out.chosen = static_cast<int>(out.modes.size());
    out.modes.push_back(std::move(mr));
  }
  if (out.chosen >= 0 && spec.target_capacity) {
    const ModeResult& c = out.modes[static_cast<size_t>(out.chosen)];
    out.wavelengths_needed = static_cast<int>(std::ceil(*spec.target_capacity / cat.pmds[c.mode].speed - 1e-9));
    out.modules_needed = 2 * out.wavelengths_needed;
    out.capacity_fits = out.wavelengths_needed <= c.plan.count;
    out.fiber_pairs_needed = (out.wavelengths_needed + c.plan.count - 1) / c.plan.count;
  }
  return out;
}

}  // namespace opticplan::link
