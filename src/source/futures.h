// A sampled future before its draws combine: each disruption process's share of output left per
// period. A process that did not strike leaves all ones, and the future is then the same with that
// process calm (its probability 0): the drivers reuse the sampled future's results there.
// Internal to the sourcing engine.
#pragma once

#include <cstdint>
#include <vector>

#include "opticplan/source/sourcing.h"

namespace opticplan::source::detail {

struct Draws {
  std::vector<std::vector<double>> upstream, suppliers;  // [process][period]
};

// Future `index`'s draws; sample_future(p, index) is arrivals(p, draw_future(p, index)).
Draws draw_future(const Problem& p, uint64_t index);
// [offer][period] the share of reserved and spot volume that arrives good.
std::vector<std::vector<double>> arrivals(const Problem& p, const Draws& d);
bool struck(const std::vector<double>& left);  // the process took any output away

}  // namespace opticplan::source::detail
