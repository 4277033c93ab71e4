// Product selection: which catalog modules can carry one link, ranked, and why the others cannot.
//
// A Requirement describes one link the way a buyer states it: speed, length, fibre, cage, power cap
// and implementation preferences. select() checks every transceiver and cable of that speed against
// it (fibre type and grade, reach, channel insertion loss with connectors and splices, form factor,
// power cap, allowed implementations, a price for the year) and returns the passing ones ranked by
// cost, power or a weighted mix per link, plus every rejected family (a PMD, or a cable kind) with
// the reasons. Deterministic: ties break by power, then id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/link/budget.h"

namespace opticplan::catalog {

enum class Rank : unsigned char { kCost, kPower, kMix };
extern const std::pair<std::string_view, Rank> kRankNames[3];

struct Requirement {
  std::string name;
  DataRate speed;
  link::Channel channel;  // length, fibre, connectors, splices, margin
  std::optional<FormFactor> form_factor;
  std::optional<Power> max_power;
  // Implementations refused: optics (eml, siph, vcsel, dml, coherent), electrical (dsp, lpo, lro),
  // cable kinds (dac, acc, aec, aoc). LPO and LRO need host support, so they are refused unless allowed.
  std::vector<std::string> deny = {"lpo", "lro"};
  Rank rank = Rank::kCost;
  double cost_weight = 0.5;  // for Rank::kMix; power gets 1 - cost_weight
  int year = 2026;
};

// The implementation tokens deny/allow accept.
const std::vector<std::string>& implementation_tokens();

struct Candidate {
  int rank = 0;
  bool is_cable = false;
  TransceiverId transceiver;
  CableId cable;
  std::string id, name, family;
  int ports = 1;
  Length reach;
  Decibel channel_loss, max_channel_loss, loss_margin;
  bool loss_checked = false;
  Power power, power_per_link;
  std::optional<Money> price, price_per_link;
  double lasers_per_link = 0;
  double score = 0;
};

struct Rejection {
  std::string id;
  std::vector<std::string> reasons;
};

struct RejectedFamily {
  std::string family;                // a PMD id, or e.g. "800G DAC"
  std::vector<std::string> reasons;  // distinct reasons across its modules, most common first
  std::vector<Rejection> modules;
};

struct Selection {
  Requirement requirement;
  Attenuation attenuation_used;  // for the families that were loss-checked (single-mode O-band default)
  std::vector<Candidate> candidates;
  std::vector<RejectedFamily> rejected;
};

Selection select(const Catalog& catalog, const Requirement& req);

// Adds or removes `token` from the deny list; false for an unknown token.
bool apply_allow(Requirement& req, const std::string& token);
bool apply_deny(Requirement& req, const std::string& token);

}  // namespace opticplan::catalog
