// Whole units spread in proportion to weights, by cumulative rounding: share i gets
// round(total * (w0 + ... + wi) / weight_sum) minus what the shares before it got. Rounding the
// running sum, not each share, keeps the shares adding up to `total` (when the weights add up to
// `weight_sum`) and moves no unit further than one place. Used for capacity and demand per year
// spread over the year's periods, and for a demand split over requirements.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace opticplan::supply::detail {

inline std::vector<int64_t> spread(int64_t total, const std::vector<double>& weights, double weight_sum) {
  std::vector<int64_t> out;
  out.reserve(weights.size());
  double cum = 0;
  int64_t given = 0;
  for (double w : weights) {
    cum += w;
    const int64_t upto = std::llround(static_cast<double>(total) * cum / weight_sum);
    out.push_back(upto - given);
    given = upto;
  }
  return out;
}

}  // namespace opticplan::supply::detail
