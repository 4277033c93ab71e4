// The second stage of a sourcing decision: once a future is known, the spot buys and the lateness
// that cost least given what the reservations deliver. One small LP per block of coupled items
// (an item alone, or every item of a cluster, which goes live on the last of them), warm-started
// from the previous future, and a cache of the blocks whose futures were seen before (most
// futures leave most items undisturbed). Internal to the sourcing engine.
#pragma once

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

// One item's second stage without an LP: buy spot where it saves more lateness than it costs.
// With stock free to hold, the cost is sum c_s y_s + sum_t w_t max(0, short_t - Y_t), Y_t the spot
// bought through t, w_t the lateness cost (plus the shortage cost in the last period): a laminar
// convex function of y, so steepest descent from y = 0 is exact. Each step buys from the option
// with the largest saving net of its price (the saving of a unit bought in s: the sum of w_t over
// the periods t >= s still short), as much as keeps that saving (until the option runs out or a
// period stops being short). At most (options + periods) steps.
struct SpotOption {
  int period = 0;
  double price = 0, units = 0;
};
struct LineCost {
  double spot = 0, lateness = 0;  // spot payments; lateness and shortage
  std::vector<double> backlog;    // [period] units short at its end
};
// short_by: [period] need minus arrivals, cumulative (negative: stock). weight: [period] w_t.
LineCost line_second_stage(std::vector<double> short_by, const std::vector<double>& weight,
                           std::vector<SpotOption> options);

class SecondStage {
 public:
  // exact_lines: an item alone (no cluster) by line_second_stage; false: by its LP (the reference
  // the tests hold the exact solution to).
  SecondStage(const Problem& p, const Decision& d, bool exact_lines = true);
  ~SecondStage();
  SecondStage(const SecondStage&) = delete;
  SecondStage& operator=(const SecondStage&) = delete;

  FutureCost solve(const std::vector<std::vector<double>>& avail);

 private:
  struct Block;
  FutureCost solve_block(Block& b, const std::vector<std::vector<double>>& avail);
  FutureCost solve_line(Block& b, const std::vector<std::vector<double>>& avail);
  bool exact(const Block& b) const;  // solved by line_second_stage, not by its LP
  const Problem& p_;
  bool exact_lines_;
  double fixed_cost_ = 0;
  std::vector<std::unique_ptr<Block>> blocks_;
};

}  // namespace opticplan::source::detail
