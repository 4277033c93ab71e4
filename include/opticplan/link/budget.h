// Intra-data-centre link budget: will this fibre run carry this PMD?
//
// A channel's insertion loss is fibre attenuation x length + mated connector pairs + splices + a
// design margin; the link closes when the PMD's reach (on the fibre grade, for multimode) covers
// the length and its maximum channel insertion loss covers the loss. check_budget() is the one
// implementation of that rule: the product selector, the link checker and the fabric builder all
// call it. It is a pure function of flat inputs, cheap enough for millions of links a second.
#pragma once

#include <optional>

#include "opticplan/catalog/catalog.h"

namespace opticplan::link {

// Connection allowances (TIA-568: 0.75 dB per mated pair; ~0.3 dB per fusion splice).
constexpr Decibel kDefaultConnectorLoss = db(0.75);
constexpr Decibel kDefaultSpliceLoss = db(0.3);
// Cabled fibre attenuation when none is given (G.652 at 1310 nm and 1550 nm; OM3/OM4 at 850 nm).
constexpr Attenuation kSmfOBandAttenuation = db_per_km(0.4);
constexpr Attenuation kSmfCBandAttenuation = db_per_km(0.3);
constexpr Attenuation kMmfAttenuation = db_per_km(3.0);

// The cabling plant of one channel.
struct Channel {
  Length length;
  catalog::Fiber fiber = catalog::Fiber::kSmf;
  catalog::FiberGrade grade = catalog::FiberGrade::kOM4;  // multimode only
  int connectors = 2;
  int splices = 0;
  Decibel connector_loss = kDefaultConnectorLoss;
  Decibel splice_loss = kDefaultSpliceLoss;
  Decibel margin = db(0);
  std::optional<Attenuation> attenuation;  // overrides the default for the PMD's band
};

enum class Limit : unsigned char { kNone, kFiberType, kGrade, kReach, kLoss };
const char* limit_name(Limit l);  // "none", "fiber", "grade", "reach", "loss"

struct Budget {
  bool pass = false;
  Limit limit = Limit::kNone;    // the first failing check, or kNone
  Limit binding = Limit::kNone;  // when passing: reach or loss, whichever has less headroom
  Length reach;                  // the PMD's reach on this fibre
  Attenuation attenuation;       // used
  Decibel loss;                  // channel insertion loss
  Decibel max_loss;              // allowed by the PMD (zero when it states none)
  Decibel loss_margin;           // max_loss - loss (zero when not loss-checked)
  bool loss_checked = false;     // false for coherent modes and PMDs without a loss budget
};

// Default attenuation for a PMD's band on this channel.
Attenuation attenuation_for(const catalog::Pmd& pmd, const Channel& ch);

Budget check_budget(const catalog::Pmd& pmd, const Channel& ch);

}  // namespace opticplan::link
