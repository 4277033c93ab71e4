#include "opticplan/fabric/bom.h"

#include "opticplan/fabric/fabric.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace opticplan::fabric {
using namespace catalog;

MediaOptions::MediaOptions() {
  // Typical AI-hall runs (estimate): leaves at the end of the row, spines in a central network
  // room, cores in another hall of the campus. Each channel is an interconnect through one patch
  // panel at each end (two mated pairs at the TIA worst case of 0.75 dB); a cross-connect adds two.
  nic_leaf.length = meters(30);
  leaf_spine.length = meters(150);
  spine_core.length = meters(500);
  for (auto* ch : {&nic_leaf, &leaf_spine, &spine_core}) ch->connectors = 2;
}

namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

bool denied(const MediaOptions& o, std::string_view token) {
  return std::find(o.deny.begin(), o.deny.end(), token) != o.deny.end();
}

// The preferred module with this PMD, form factor and port count, or invalid.
TransceiverId pick_module(const Catalog& cat, PmdId pmd, FormFactor ff, int ports, const MediaOptions& o,
                          double& score) {
  TransceiverId best;
  double best_score = 0;
  for (uint32_t i = 0; i < cat.transceivers.size(); ++i) {
    const Transceiver& t = cat.transceivers.raw()[i];
    if (t.pmd != pmd || t.form_factor != ff || t.ports != ports) continue;
    if (denied(o, name_of(t.optics)) || denied(o, name_of(t.electrical))) continue;
    const auto price = t.price.at(o.year);
    if (o.policy == Policy::kCost && !price) continue;
    const double s = o.policy == Policy::kCost ? price->value() : t.power.value();
    if (!best.valid() || s < best_score || (s == best_score && t.id < cat.transceivers[best].id)) {
      best = TransceiverId(i);
      best_score = s;
    }
  }
  score = best_score;
  return best;
}

using End = TierEnd;

double cpo_score(const Catalog& cat, CpoId id, const MediaOptions& o) {
  const Cpo& c = cat.cpos[id];
  if (o.policy == Policy::kPower) return c.power_per_port.value();
  const auto p = c.price_per_port.at(o.year);
  return p ? p->value() : 0;
}

// Why a co-packaged end and a pluggable one cannot meet at this speed, when it is the lane rate:
// the engines' lanes against those of every module the pluggable end's cages take at that speed
// (a 400G NIC with 100G lanes against 200G-lane engines). Empty when some allowed module matches,
// or none exists at all (the caller's list says that). A refused implementation does not count: a
// gearbox module the design denies (deny: dsp) leaves the lane rates apart.
std::string lane_mismatch(const Catalog& cat, DataRate link_speed, const End& pluggable, const End& packaged,
                          const MediaOptions& o) {
  const Pmd& engine = cat.pmds[cat.cpos[packaged.cpo].pmd];
  std::set<double> rates;  // of the allowed modules
  bool gearbox_denied = false;
  for (const auto& t : cat.transceivers) {
    const Pmd& p = cat.pmds[t.pmd];
    if (t.form_factor != pluggable.cage || p.kind != PmdKind::kIntensity || p.speed != link_speed) continue;
    if (denied(o, name_of(t.optics)) || denied(o, name_of(t.electrical))) {
      gearbox_denied = gearbox_denied || p.lane_rate == engine.lane_rate;
      continue;
    }
    rates.insert(p.lane_rate.value());
  }
  if (rates.count(engine.lane_rate.value()) > 0 || (rates.empty() && !gearbox_denied)) return {};
  std::vector<std::string> theirs;
  theirs.reserve(rates.size());
  for (double r : rates) theirs.push_back(format(DataRate(r)));
  const std::string modules = "the " + format(link_speed) + " modules for " + pluggable.name + "'s " +
                              std::string(name_of(pluggable.cage)) + " cages";
  return ". " + packaged.name + "'s co-packaged engines run " + engine.id + " at " + format(engine.lane_rate) +
         " a lane; " +
         (theirs.empty() ? "every one of " + modules + " is refused by this design's deny:"
                         : modules + " run " + join(theirs, " or ") + " lanes") +
         ", so the two ends cannot meet without a gearbox (a NIC or module with " + format(engine.lane_rate) +
         " lanes" + (gearbox_denied ? "; the catalog's gearbox modules are refused by this design's deny:" : "") + ")";
}

}  // namespace

// Chooses the PMD and both ends' modules for one tier; `split` NIC links share one upper port.
Result<TierMedia> choose_media(const Catalog& cat, const std::string& tier, DataRate link_speed, int split,
                               const End& lower, const End& upper, const link::Channel& ch, const MediaOptions& o) {
  TierMedia best;
  double best_score = 0;
  bool found = false;
  std::vector<std::string> tried;
  for (uint32_t p = 0; p < cat.pmds.size(); ++p) {
    const Pmd& pmd = cat.pmds.raw()[p];
    if (pmd.kind != PmdKind::kIntensity || pmd.speed != link_speed) continue;
    // The cabling is installed for the medium chosen: single-mode or multimode (OM4 unless given).
    link::Channel cabling = ch;
    cabling.fiber = pmd.fiber;
    const link::Budget b = link::check_budget(pmd, cabling);
    if (!b.pass) {
      tried.push_back(pmd.id + " " +
                      (b.limit == link::Limit::kLoss ? "loses " + format(b.loss) + " > " + format(b.max_loss)
                                                     : "reaches " + format(b.reach)));
      continue;
    }
    double sa = 0, sb = 0;
    TransceiverId a, up;
    // A co-packaged end carries only its engine's PMD (the upper one: or what it breaks out into).
    if (lower.cpo.valid() && cat.cpos[lower.cpo].pmd != PmdId(p)) continue;
    if (upper.cpo.valid()) {
      const PmdId own = cat.cpos[upper.cpo].pmd;
      bool fits = own == PmdId(p) && split == 1;
      for (const auto& x : cat.pmds[own].breakout) fits |= split > 1 && x.pmd == PmdId(p) && x.count == split;
      if (!fits) continue;
      sb = cpo_score(cat, upper.cpo, o);
    }
    if (lower.cpo.valid())
      sa = cpo_score(cat, lower.cpo, o);
    else if (lower.planes == 1)
      a = pick_module(cat, PmdId(p), lower.cage, lower.ports_per_cage, o, sa);
    else {
      // A NIC port split over planes: a module with a port per plane, or one that breaks out.
      a = pick_module(cat, PmdId(p), lower.cage, lower.ports_per_cage * lower.planes, o, sa);
      for (uint32_t q = 0; q < cat.pmds.size() && !a.valid(); ++q)
        for (const auto& x : cat.pmds.raw()[q].breakout)
          if (x.pmd == PmdId(p) && x.count == lower.planes && !a.valid())
            a = pick_module(cat, PmdId(q), lower.cage, lower.ports_per_cage, o, sa);
    }
    if (upper.cpo.valid()) {
      // nothing to pick
    } else if (split == 1) {
      up = pick_module(cat, PmdId(p), upper.cage, upper.ports_per_cage, o, sb);
    } else {
      // The upper port's PMD must break out into `split` of this PMD.
      for (uint32_t q = 0; q < cat.pmds.size() && !up.valid(); ++q)
        for (const auto& x : cat.pmds.raw()[q].breakout)
          if (x.pmd == PmdId(p) && x.count == split) {
            double s = 0;
            const TransceiverId cand = pick_module(cat, PmdId(q), upper.cage, upper.ports_per_cage, o, s);
            if (cand.valid() && (!up.valid() || s < sb)) {
              up = cand;
              sb = s;
            }
          }
    }
    const bool a_ok = a.valid() || lower.cpo.valid(), b_ok = up.valid() || upper.cpo.valid();
    if (!a_ok || !b_ok) {
      tried.push_back(pmd.id + " has no module for the " + (a_ok ? upper.name : lower.name));
      continue;
    }
    // Per link: each module serves ports (x split at the upper end) links.
    const double score = sa / (lower.ports_per_cage * lower.planes) + sb / (upper.ports_per_cage * split);
    if (!found || score < best_score || (score == best_score && pmd.id < cat.pmds[best.pmd].id)) {
      found = true;
      best_score = score;
      best.pmd = PmdId(p);
      best.a = a;
      best.b = up;
      best.a_cpo = lower.cpo;
      best.b_cpo = upper.cpo;
      best.budget = b;
    }
  }
  // Copper and active optical cables: one assembly from an upper cage to its far ends.
  if (!lower.cpo.valid() && !upper.cpo.valid()) {
    const double upper_cage = link_speed.value() * split * upper.ports_per_cage;
    const double lower_cage = link_speed.value() * lower.ports_per_cage * lower.planes;
    for (uint32_t i = 0; i < cat.cables.size(); ++i) {
      const Cable& c = cat.cables.raw()[i];
      if (c.reach < ch.length || denied(o, name_of(c.kind))) continue;
      if (c.form_factor != upper.cage || std::abs(c.speed.value() - upper_cage) > 1e-9) continue;
      if (c.far_form_factor != lower.cage || std::abs(c.speed.value() / c.breakout - lower_cage) > 1e-9) continue;
      const auto price = c.price.at(o.year);
      if (o.policy == Policy::kCost && !price) continue;
      const double per = c.speed.value() / link_speed.value();  // links per assembly
      const double score = (o.policy == Policy::kCost ? price->value() : c.power.value()) / per;
      if (!found || score < best_score) {
        found = true;
        best_score = score;
        best = TierMedia{};
        best.cable = CableId(i);
        best.links_per_cable = static_cast<int>(std::lround(per));
        best.budget.pass = true;
        best.budget.reach = c.reach;
      }
    }
  }
  if (!found)
    return fail(
        "no catalog module pair carries the " + tier + " links (" + format(link_speed) + " over " + format(ch.length) +
        "; " + lower.name + " " + (lower.cpo.valid() ? std::string("CPO") : std::string(name_of(lower.cage))) + " x" +
        std::to_string(lower.ports_per_cage) + " to " + upper.name + " " +
        (upper.cpo.valid() ? std::string("CPO") : std::string(name_of(upper.cage))) + " x" +
        std::to_string(upper.ports_per_cage) + ")" + (tried.empty() ? std::string() : ": ") + join(tried, "; ") +
        (upper.cpo.valid() && !lower.cpo.valid()   ? lane_mismatch(cat, link_speed, lower, upper, o)
         : lower.cpo.valid() && !upper.cpo.valid() ? lane_mismatch(cat, link_speed, upper, lower, o)
                                                   : std::string()));
  best.tier = tier;
  return best;
}

std::string bom_unsupported(const Catalog& cat, const ClusterSpec& spec, const Topology& topo) {
  (void)cat;
  (void)spec;
  (void)topo;
  return {};
}

namespace {
// Links one optical port carries at an end: its links over the ports of its modules (or engines).
int64_t links_per_port(const Catalog& cat, const TierMedia& t, bool lower) {
  const int64_t modules = lower ? t.a_modules : t.b_modules;
  const TransceiverId id = lower ? t.a : t.b;
  const int64_t ports = modules * (id.valid() ? cat.transceivers[id].ports : 1);
  return ports > 0 ? std::max<int64_t>(1, t.links / ports) : 1;
}
}  // namespace

void roll_up(const Catalog& cat, Bom& bom, int year) {
  for (auto& t : bom.tiers) {
    bom.links += t.links;
    if (t.cable.valid()) {  // one assembly per upper cage used; no modules
      const Cable& c = cat.cables[t.cable];
      t.a_modules = 0;
      bom.cables[c.id] += t.b_modules;
      bom.optics_power += c.power * static_cast<double>(t.b_modules);
      if (auto p = c.price.at(year)) bom.optics_cost += *p * static_cast<double>(t.b_modules);
      for (const auto& line : c.bom)
        bom.components[cat.components[line.component].id] += line.qty * static_cast<double>(t.b_modules);
      t.cables = t.b_modules;
      bom.copper_links += c.kind == CableKind::kAoc ? 0 : t.links;
      if (c.kind == CableKind::kAoc) bom.fibres += t.cables;
      continue;
    }
    for (const auto& [cpo, count] : {std::pair{t.a_cpo, t.a_modules}, std::pair{t.b_cpo, t.b_modules}}) {
      if (!cpo.valid()) continue;
      const Cpo& c = cat.cpos[cpo];
      bom.cpo_ports[c.id] += count;
      const double n = static_cast<double>(count);
      bom.optics_power += c.power_per_port * n;
      if (auto p = c.price_per_port.at(year)) bom.optics_cost += *p * n;
      for (const auto& line : c.bom) bom.components[cat.components[line.component].id] += line.qty * n;
      if (c.laser_component.valid()) bom.components[cat.components[c.laser_component].id] += c.lasers_per_port * n;
    }
    for (const auto& [id, count] : {std::pair{t.a, t.a_modules}, std::pair{t.b, t.b_modules}}) {
      if (!id.valid()) continue;
      const Transceiver& x = cat.transceivers[id];
      bom.transceivers[x.id] += count;
      bom.modules += count;
      bom.optics_power += x.power * static_cast<double>(count);
      if (auto p = x.price.at(year)) bom.optics_cost += *p * static_cast<double>(count);
      for (const auto& line : x.bom)
        bom.components[cat.components[line.component].id] += line.qty * static_cast<double>(count);
    }
    t.cables = ceil_div(t.links, std::max(links_per_port(cat, t, true), links_per_port(cat, t, false)));
    bom.fibres += t.cables;
  }
}

Result<Bom> build_bom(const Catalog& cat, const ClusterSpec& spec, const Topology& topo, const MediaOptions& o) {
  if (auto why = bom_unsupported(cat, spec, topo); !why.empty()) return fail(why);
  Bom bom;
  const Server& server = cat.servers[spec.server];
  auto tiers = tier_switches(cat, spec);  // in the design's port mode
  if (!tiers) return fail(tiers.error());
  const Switch &leaf = tiers->leaf, &spine = tiers->spine, &core = tiers->core;
  const Nic* nic = nullptr;
  for (const auto& sn : server.nics)
    if (sn.role == "compute") nic = &cat.nics[sn.nic];
  if (!nic) return fail(server.id + " has no compute NIC");

  // Each tier: its medium, its links, and the cages used at each end (one module a used cage).
  const auto tier = [&](const char* name, DataRate speed, int split, const End& lower, const End& upper,
                        const link::Channel& ch, int64_t links, int64_t a_cages, int64_t b_cages) -> std::string {
    auto t = choose_media(cat, name, speed, split, lower, upper, ch, o);
    if (!t) return t.error();
    t.value().links = links;
    t.value().a_modules = a_cages;
    t.value().b_modules = b_cages;
    bom.tiers.push_back(*t);
    return {};
  };
  std::string error =
      tier("nic-leaf", topo.link_speed, topo.split, End{nic->cage, nic->ports_per_cage, nic->id, {}, topo.planes},
           end_of(leaf), o.nic_leaf, topo.nic_leaf_links, topo.servers * ceil_div(topo.rails, nic->ports_per_cage),
           topo.leaves * ceil_div(topo.leaf_down_ports, leaf.ports_per_cage));
  if (error.empty())
    error = tier("leaf-spine", topo.leaf_port_speed, 1, end_of(leaf), end_of(spine), o.leaf_spine,
                 topo.leaf_spine_links, topo.leaves * ceil_div(topo.leaf_up_ports, leaf.ports_per_cage),
                 topo.spines * ceil_div(ceil_div(topo.leaf_spine_links, topo.spines), spine.ports_per_cage));
  if (error.empty() && topo.tiers == 3)
    error = tier("spine-core", topo.leaf_port_speed, 1, end_of(spine), end_of(core), o.spine_core,
                 topo.spine_core_links, topo.spines * ceil_div(topo.spine_up_ports, spine.ports_per_cage),
                 topo.cores * ceil_div(ceil_div(topo.spine_core_links, topo.cores), core.ports_per_cage));
  if (!error.empty()) return fail(error);

  roll_up(cat, bom, o.year);
  const auto add_switches = [&](const Switch& s, int64_t count) {
    bom.switch_power += s.power * static_cast<double>(count);
    if (auto p = s.price.at(o.year)) bom.switch_cost += *p * static_cast<double>(count);
  };
  add_switches(leaf, topo.leaves);
  add_switches(spine, topo.spines);
  add_switches(core, topo.cores);
  bom.optics_per_gpu = topo.gpus ? static_cast<double>(bom.modules) / static_cast<double>(topo.gpus) : 0;
  return bom;
}

}  // namespace opticplan::fabric

namespace opticplan::fabric {

Result<Fabric> build_fabric(const Catalog& cat, const ClusterInput& input) {
  Fabric f;
  f.input = input;
  auto topo = build_topology(cat, input.spec);
  if (!topo) return fail(topo.error());
  f.topology = *topo;
  const Topology& t = f.topology;
  f.links = enumerate_links(cat, input.spec, t, input.layout);
  link::Channel* channels[] = {&f.input.media.nic_leaf, &f.input.media.leaf_spine, &f.input.media.spine_core};
  for (int k = 0; k < 3; ++k)
    if (!f.input.media.length_given[k]) channels[k]->length = meters(std::ceil(f.links.longest_m[k]));
  // Lengths per tier.
  const auto& bins = length_bins();
  for (auto& tl : f.lengths) tl.bins.assign(bins.size() + 1, 0);
  for (const auto& l : f.links.links) {
    TierLengths& tl = f.lengths[static_cast<int>(l.tier)];
    const double m = l.length_m;
    tl.shortest_m = tl.links ? std::min(tl.shortest_m, m) : m;
    tl.longest_m = std::max(tl.longest_m, m);
    tl.mean_m += m;
    ++tl.links;
    tl.bins[static_cast<size_t>(std::lower_bound(bins.begin(), bins.end(), m) - bins.begin())] += 1;
  }
  for (auto& tl : f.lengths)
    if (tl.links) tl.mean_m /= static_cast<double>(tl.links);
  // Bisection: half the least capacity of any cut between tiers.
  double cut = static_cast<double>(t.servers) * t.rails * t.planes * t.link_speed.value();
  cut = std::min(cut, static_cast<double>(t.leaf_spine_links) * t.leaf_port_speed.value());
  if (t.tiers == 3) cut = std::min(cut, static_cast<double>(t.spine_core_links) * t.leaf_port_speed.value() * 2);
  f.bisection_gbps = cut / 2;
  f.bom_note = bom_unsupported(cat, input.spec, t);
  if (f.bom_note.empty()) {
    auto bom = build_bom(cat, f.input.spec, t, f.input.media);
    if (!bom) return fail(bom.error());
    f.bom = std::move(*bom);
    // Every link on its tier's medium, at its own length.
    for (auto& tl : f.lengths) tl.least_margin_db = 1e9;
    for (const auto& l : f.links.links) {
      const int k = static_cast<int>(l.tier);
      if (static_cast<size_t>(k) >= f.bom->tiers.size()) continue;
      const TierMedia& tm = f.bom->tiers[static_cast<size_t>(k)];
      if (tm.cable.valid()) {
        if (l.length_m > cat.cables[tm.cable].reach.value() + 1e-6) ++f.lengths[k].failing;
        continue;
      }
      const Pmd& pmd = cat.pmds[tm.pmd];
      link::Channel ch = *channels[k];
      ch.fiber = pmd.fiber;
      ch.length = meters(l.length_m);
      const link::Budget b = link::check_budget(pmd, ch);
      if (!b.pass) ++f.lengths[k].failing;
      if (b.loss_checked) f.lengths[k].least_margin_db = std::min(f.lengths[k].least_margin_db, b.loss_margin.value());
    }
    for (auto& tl : f.lengths)
      if (tl.least_margin_db == 1e9) tl.least_margin_db = 0;
  }
  if (input.storage) {
    auto st = build_storage(cat, input.spec, t, *input.storage, f.input.media);
    if (!st) return fail("storage fabric: " + st.error());
    f.storage = std::move(*st);
  }
  if (input.management) {
    const int64_t others = f.storage ? f.storage->leaves + f.storage->spines : 0;
    f.management = build_management(t, others, *input.management);
  }
  f.leaf_sizing = leaf_sizing(cat, input, f);
  return f;
}

}  // namespace opticplan::fabric
