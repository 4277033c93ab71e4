#include "opticplan/link/budget.h"

namespace opticplan::link {
using namespace catalog;

const char* limit_name(Limit l) {
  switch (l) {
    case Limit::kNone: return "none";
    case Limit::kFiberType: return "fiber";
    case Limit::kGrade: return "grade";
    case Limit::kReach: return "reach";
    case Limit::kLoss: return "loss";
  }
  return "none";
}

Attenuation attenuation_for(const Pmd& pmd, const Channel& ch) {
  if (ch.attenuation) return *ch.attenuation;
  if (pmd.fiber == Fiber::kMmf) return kMmfAttenuation;
  return pmd.wavelength.value() * 1e9 > 1500 ? kSmfCBandAttenuation : kSmfOBandAttenuation;
}

Budget check_budget(const Pmd& pmd, const Channel& ch) {
  Budget b;
  b.attenuation = attenuation_for(pmd, ch);
  if (pmd.fiber != ch.fiber) {
    b.limit = Limit::kFiberType;
    return b;
  }
  const auto g = static_cast<size_t>(ch.grade);
  b.reach = pmd.reach_on(ch.grade);
  b.max_loss = pmd.fiber == Fiber::kMmf ? pmd.loss_by_grade[g] : pmd.max_channel_loss;
  b.loss = b.attenuation * ch.length + ch.connector_loss * ch.connectors + ch.splice_loss * ch.splices + ch.margin;
  b.loss_checked = pmd.kind == PmdKind::kIntensity && pmd.has_max_channel_loss && b.max_loss.value() > 0;
  if (b.loss_checked) b.loss_margin = b.max_loss - b.loss;
  if (b.reach.value() <= 0) {
    b.limit = Limit::kGrade;
    return b;
  }
  if (b.reach < ch.length) {
    b.limit = Limit::kReach;
    return b;
  }
  if (b.loss_checked && b.loss_margin.value() < -1e-9) {
    b.limit = Limit::kLoss;
    return b;
  }
  b.pass = true;
  // Which limit is nearer: compare relative headroom of reach and loss.
  if (b.loss_checked) {
    const double reach_room = (b.reach - ch.length) / b.reach;
    const double loss_room = b.loss_margin.value() / b.max_loss.value();
    b.binding = loss_room <= reach_room ? Limit::kLoss : Limit::kReach;
  } else {
    b.binding = Limit::kReach;
  }
  return b;
}

}  // namespace opticplan::link
