#include "opticplan/select/select.h"

#include <algorithm>
#include <map>

namespace opticplan::catalog {

const std::pair<std::string_view, Rank> kRankNames[3] = {
    {"cost", Rank::kCost}, {"power", Rank::kPower}, {"mix", Rank::kMix}};

const std::vector<std::string>& implementation_tokens() {
  static const std::vector<std::string> tokens = {"eml", "siph", "vcsel", "dml", "coherent", "dsp",
                                                  "lpo", "lro",  "dac",   "acc", "aec",      "aoc"};
  return tokens;
}

bool apply_allow(Requirement& req, const std::string& token) {
  const auto& t = implementation_tokens();
  if (std::find(t.begin(), t.end(), token) == t.end()) return false;
  std::erase(req.deny, token);
  return true;
}

bool apply_deny(Requirement& req, const std::string& token) {
  const auto& t = implementation_tokens();
  if (std::find(t.begin(), t.end(), token) == t.end()) return false;
  if (std::find(req.deny.begin(), req.deny.end(), token) == req.deny.end()) req.deny.push_back(token);
  return true;
}

namespace {

bool denied(const Requirement& req, std::string_view token) {
  return std::find(req.deny.begin(), req.deny.end(), token) != req.deny.end();
}

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return u;
}

std::string fiber_phrase(Fiber f) { return f == Fiber::kSmf ? "single-mode" : "multimode"; }

bool is_laser(ComponentKind k) {
  return k == ComponentKind::kEml || k == ComponentKind::kCwLaser || k == ComponentKind::kVcselArray ||
         k == ComponentKind::kDml;
}

double lasers_in(const Catalog& cat, const std::vector<BomLine>& bom) {
  double n = 0;
  for (const auto& line : bom)
    if (is_laser(cat.components[line.component].kind)) n += line.qty;
  return n;
}

}  // namespace

Selection select(const Catalog& cat, const Requirement& req) {
  Selection out;
  out.requirement = req;
  out.attenuation_used = req.channel.attenuation
                             ? *req.channel.attenuation
                             : (req.channel.fiber == Fiber::kMmf ? link::kMmfAttenuation : link::kSmfOBandAttenuation);
  std::map<std::string, RejectedFamily> rejected;  // family -> rejections (ordered by name: deterministic)
  std::map<std::string, bool> family_passes;

  const auto price_for = [&](const PriceCurve& p) { return p.at(req.year); };

  for (uint32_t i = 0; i < cat.transceivers.size(); ++i) {
    const Transceiver& t = cat.transceivers.raw()[i];
    const Pmd& pmd = cat.pmds[t.pmd];
    if (pmd.speed != req.speed) continue;
    std::vector<std::string> why;
    Candidate c;
    c.transceiver = TransceiverId(i);
    c.id = t.id;
    c.name = t.name;
    c.family = pmd.id;
    c.ports = t.ports;
    const link::Budget b = link::check_budget(pmd, req.channel);
    c.reach = b.reach;
    c.loss_checked = b.loss_checked;
    c.channel_loss = b.loss;
    c.max_channel_loss = b.max_loss;
    c.loss_margin = b.loss_margin;
    if (b.limit == link::Limit::kFiberType) {
      why.push_back(fiber_phrase(pmd.fiber) + " fibre (requirement: " + fiber_phrase(req.channel.fiber) + ")");
    } else {
      if (b.limit == link::Limit::kGrade)
        why.push_back("not specified on " + std::string(name_of(req.channel.grade)));
      else if (b.reach < req.channel.length)
        why.push_back("reach " + format(b.reach) + " < " + format(req.channel.length));
      if (b.loss_checked && b.loss_margin.value() < -1e-9)
        why.push_back("channel loss " + format(Decibel(round_to(b.loss.value(), 2))) + " > " + format(b.max_loss) +
                      " allowed");
    }
    if (req.form_factor && t.form_factor != *req.form_factor)
      why.push_back("form factor " + std::string(name_of(t.form_factor)) +
                    " (requirement: " + std::string(name_of(*req.form_factor)) + ")");
    if (req.max_power && t.power > *req.max_power)
      why.push_back("power " + format(t.power) + " > cap " + format(*req.max_power));
    if (denied(req, name_of(t.optics))) why.push_back(upper(name_of(t.optics)) + " optics denied");
    if (denied(req, name_of(t.electrical)))
      why.push_back(upper(name_of(t.electrical)) + " not allowed (allow it with --allow " +
                    std::string(name_of(t.electrical)) + ")");
    c.price = price_for(t.price);
    if (!c.price && req.rank != Rank::kPower) why.push_back("no price for " + std::to_string(req.year));
    c.power = t.power;
    c.power_per_link = t.power / t.ports;
    if (c.price) c.price_per_link = *c.price / t.ports;
    c.lasers_per_link = lasers_in(cat, t.bom) / t.ports;
    if (why.empty()) {
      out.candidates.push_back(std::move(c));
      family_passes[pmd.id] = true;
    } else {
      auto& fam = rejected[pmd.id];
      fam.family = pmd.id;
      fam.modules.push_back({t.id, std::move(why)});
    }
  }

  for (uint32_t i = 0; i < cat.cables.size(); ++i) {
    const Cable& cb = cat.cables.raw()[i];
    if (cb.speed != req.speed) continue;
    std::vector<std::string> why;
    Candidate c;
    c.is_cable = true;
    c.cable = CableId(i);
    c.id = cb.id;
    c.name = cb.name;
    c.family = format(cb.speed) + " " + upper(name_of(cb.kind));
    c.reach = cb.reach;
    if (cb.breakout > 1) continue;  // breakout assemblies serve links of the split speed
    if (cb.reach < req.channel.length) why.push_back("reach " + format(cb.reach) + " < " + format(req.channel.length));
    if (req.form_factor && cb.form_factor != *req.form_factor)
      why.push_back("form factor " + std::string(name_of(cb.form_factor)) +
                    " (requirement: " + std::string(name_of(*req.form_factor)) + ")");
    if (req.max_power && cb.power > *req.max_power)
      why.push_back("power " + format(cb.power) + " > cap " + format(*req.max_power));
    if (denied(req, name_of(cb.kind))) why.push_back(upper(name_of(cb.kind)) + " denied");
    c.price = price_for(cb.price);
    if (!c.price && req.rank != Rank::kPower) why.push_back("no price for " + std::to_string(req.year));
    c.power = cb.power;
    c.power_per_link = cb.power;
    c.price_per_link = c.price;
    c.lasers_per_link = lasers_in(cat, cb.bom);
    if (why.empty()) {
      family_passes[c.family] = true;
      out.candidates.push_back(std::move(c));
    } else {
      auto& fam = rejected[c.family];
      fam.family = c.family;
      fam.modules.push_back({cb.id, std::move(why)});
    }
  }

  // Score and rank.
  double min_cost = 0, min_power = 0;
  bool first = true;
  for (const auto& c : out.candidates) {
    const double cost = c.price_per_link ? c.price_per_link->value() : 0;
    if (first || cost < min_cost) min_cost = cost;
    if (first || c.power_per_link.value() < min_power) min_power = c.power_per_link.value();
    first = false;
  }
  for (auto& c : out.candidates) {
    const double cost = c.price_per_link ? c.price_per_link->value() : 0;
    switch (req.rank) {
      case Rank::kCost: c.score = cost; break;
      case Rank::kPower: c.score = c.power_per_link.value(); break;
      case Rank::kMix:
        c.score = req.cost_weight * (min_cost > 0 ? cost / min_cost : 1.0) +
                  (1 - req.cost_weight) * (min_power > 0 ? c.power_per_link.value() / min_power : 1.0);
        break;
    }
    c.score = round_to(c.score, 6);
  }
  std::sort(out.candidates.begin(), out.candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score < b.score;
    if (a.power_per_link != b.power_per_link) return a.power_per_link < b.power_per_link;
    return a.id < b.id;
  });
  for (size_t i = 0; i < out.candidates.size(); ++i) out.candidates[i].rank = static_cast<int>(i + 1);

  // A family is rejected when none of its modules passed. Its reasons are those every module shares
  // (the family-level cause, such as reach); when they share none, each distinct module reason.
  for (auto& [family, fam] : rejected) {
    if (family_passes.count(family)) continue;
    for (const auto& reason : fam.modules.front().reasons) {
      const bool shared = std::all_of(fam.modules.begin(), fam.modules.end(), [&](const Rejection& m) {
        return std::find(m.reasons.begin(), m.reasons.end(), reason) != m.reasons.end();
      });
      if (shared) fam.reasons.push_back(reason);
    }
    if (fam.reasons.empty())
      for (const auto& m : fam.modules)
        for (const auto& reason : m.reasons)
          if (std::find(fam.reasons.begin(), fam.reasons.end(), reason) == fam.reasons.end())
            fam.reasons.push_back(reason);
    out.rejected.push_back(std::move(fam));
  }
  return out;
}

}  // namespace opticplan::catalog
