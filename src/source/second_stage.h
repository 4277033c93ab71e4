// The second stage of a sourcing decision: once a future is known, the spot buys and the lateness
// that cost least given what the reservations deliver. One small LP per block of coupled items
// (an item alone, or every item of a cluster, which goes live on the last of them), warm-started
// from the previous future, and a cache of the blocks whose futures were seen before (most
// futures leave most items undisturbed). Internal to the sourcing engine.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "opticplan/source/sourcing.h"

class ClpSimplex;

namespace opticplan::source::detail {

struct FutureCost {
  double cost = 0;  // reservation payments, spot, lateness or idle time, first-stage costs
  double late = 0;  // unit-periods late, or idle periods of the cluster
  bool on_time = true;
};

// True when an offer can ship in period t under decision d (qualified, or qualification chosen
// and complete).
bool can_ship(const Offer& o, size_t offer, const Decision& d, int t);

// The cost of a cluster idle from go-live through the horizon and a horizon more: what every
// future starts with, before the live share of each period earns its part back.
double idle_constant(const Problem& p);

// Costs that do not depend on the future: qualifications and agreement shortfall penalties.
double first_stage_cost(const Problem& p, const Decision& d);

class SecondStage {
 public:
  SecondStage(const Problem& p, const Decision& d);
  ~SecondStage();
  SecondStage(const SecondStage&) = delete;
  SecondStage& operator=(const SecondStage&) = delete;

  FutureCost solve(const std::vector<std::vector<double>>& avail);

 private:
  struct Block;
  FutureCost solve_block(Block& b, const std::vector<std::vector<double>>& avail);
  const Problem& p_;
  double fixed_cost_ = 0;
  std::vector<std::unique_ptr<Block>> blocks_;
};

}  // namespace opticplan::source::detail
