#include "opticplan/source/generate.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace opticplan::source {

namespace {
double uniform(std::mt19937_64& g, double lo, double hi) {
  return lo + (hi - lo) * (static_cast<double>(g() >> 11) * 0x1.0p-53);
}
}  // namespace

Problem generate_sourcing(int suppliers, int items, int periods, uint64_t seed) {
  std::mt19937_64 g(seed);
  Problem p;
  for (int t = 0; t < periods; ++t) p.periods.push_back(std::to_string(2026 + t / 4) + "Q" + std::to_string(t % 4 + 1));
  const auto outage = [&](double lo, double hi) {
    Disruption d;
    d.probability = uniform(g, lo, hi);
    d.depth.a = uniform(g, 0.3, 0.8);
    d.duration.a = uniform(g, 1, 2.5);
    return d;
  };
  const char* kinds[] = {"eml", "eml", "eml", "eml", "cw-laser", "cw-laser", "cw-laser", "dsp", "dsp", "dsp"};
  for (int u = 0; u < 10; ++u)
    p.upstream.push_back({std::string(kinds[u]) + "-vendor-" + std::to_string(u), kinds[u], outage(0.01, 0.06)});
  for (int s = 0; s < suppliers; ++s) {
    char name[32];
    std::snprintf(name, sizeof name, "maker-%02d", s);
    p.suppliers.push_back({name, outage(0.01, 0.05), true});
  }
  for (int i = 0; i < items; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "item-%02d", i);
    p.items.push_back(name);
    const double base = std::round(uniform(g, 2000, 20000));
    const double price = std::round(uniform(g, 400, 1500));
    std::vector<double> need;
    need.reserve(static_cast<size_t>(periods));
    for (int t = 0; t < periods; ++t) need.push_back(std::round(base * (1 + 0.08 * t)));
    p.need.push_back(need);
    p.lateness_cost.push_back(std::round(price * uniform(g, 0.2, 0.6)));
    p.shortage_cost.push_back(p.lateness_cost.back() * periods);
    // Offers: each supplier with probability 1/2, and at least two.
    std::vector<int> makers;
    for (int s = 0; s < suppliers; ++s)
      if (g() % 2 == 0) makers.push_back(s);
    for (int s = 0; static_cast<int>(makers.size()) < std::min(2, suppliers); ++s)
      if (std::find(makers.begin(), makers.end(), s) == makers.end()) makers.push_back(s);
    std::sort(makers.begin(), makers.end());
    const double share = 1.4 / static_cast<double>(makers.size());
    for (int s : makers) {
      Offer o;
      o.supplier = s;
      o.item = i;
      const double mine = std::round(price * uniform(g, 0.9, 1.15));
      for (int t = 0; t < periods; ++t) {
        o.price.push_back(mine);
        o.spot_price.push_back(std::round(mine * 1.35));
        o.capacity.push_back(std::round(need[static_cast<size_t>(t)] * share * uniform(g, 0.7, 1.3)));
        o.spot_capacity.push_back(std::round(o.capacity.back() * 0.15));
      }
      o.upstream = {static_cast<int>(g() % 7), 7 + static_cast<int>(g() % 3)};
      if (g() % 10 == 0) {
        o.qualified = false;
        o.qualify_periods = 2;
        o.qualify_cost = std::round(uniform(g, 1e5, 5e5));
      }
      p.offers.push_back(o);
    }
  }
  for (size_t o = 0; o < p.offers.size() && p.agreements.size() < 3; o += 7)
    if (p.offers[o].qualified)
      p.agreements.push_back({"lta-" + std::to_string(p.agreements.size()), static_cast<int>(o),
                              std::round(p.offers[o].capacity[0] * 0.6), std::round(p.offers[o].price[0] * 0.92), 0.7,
                              std::round(p.offers[o].price[0] * 0.2)});
  p.risk.seed = seed;
  return p;
}

}  // namespace opticplan::source
