// Sampled futures: each disruption process draws from its own stream, seeded by the problem's
// seed, the future's index and the process's name, so that removing one process (to price it, as
// the drivers do) leaves every other draw unchanged and the futures follow no file order.
#include <algorithm>
#include <cmath>
#include <random>
#include <string_view>

#include "futures.h"

namespace opticplan::source {

namespace {

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

uint64_t mix(uint64_t a, uint64_t b) {  // splitmix64 of the pair
  uint64_t z = a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double uniform01(std::mt19937_64& g) { return (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53; }

// The share of output left in each period by one process.
std::vector<double> remaining(const Disruption& d, uint64_t seed, int periods) {
  std::vector<double> f(static_cast<size_t>(periods), 1.0);
  if (!d.any()) return f;
  std::mt19937_64 g(seed);
  for (int t = 0; t < periods;) {
    if (uniform01(g) >= d.probability) {
      ++t;
      continue;
    }
    const double depth = std::clamp(d.depth.quantile(uniform01(g)), 0.0, 1.0);
    const int length = std::max(1, static_cast<int>(std::lround(d.duration.quantile(uniform01(g)))));
    for (int k = t; k < std::min(periods, t + length); ++k) f[static_cast<size_t>(k)] *= 1 - depth;
    t += length;
  }
  return f;
}

}  // namespace

namespace detail {

Draws draw_future(const Problem& p, uint64_t index) {
  const int periods = static_cast<int>(p.periods.size());
  const uint64_t base = mix(p.risk.seed, index);
  Draws d;
  d.upstream.reserve(p.upstream.size());
  for (const auto& u : p.upstream)
    d.upstream.push_back(remaining(u.disruption, mix(base, fnv1a("upstream:" + u.id)), periods));
  d.suppliers.reserve(p.suppliers.size());
  for (const auto& s : p.suppliers)
    d.suppliers.push_back(remaining(s.disruption, mix(base, fnv1a("supplier:" + s.id)), periods));
  return d;
}

std::vector<std::vector<double>> arrivals(const Problem& p, const Draws& d) {
  std::vector<std::vector<double>> avail;
  avail.reserve(p.offers.size());
  for (const auto& o : p.offers) {
    std::vector<double> a = d.suppliers[static_cast<size_t>(o.supplier)];
    for (int u : o.upstream)
      for (size_t t = 0; t < a.size(); ++t) a[t] *= d.upstream[static_cast<size_t>(u)][t];
    for (double& x : a) x *= o.yield;
    avail.push_back(std::move(a));
  }
  return avail;
}

bool struck(const std::vector<double>& left) {
  return std::any_of(left.begin(), left.end(), [](double x) { return x != 1.0; });
}

}  // namespace detail

std::vector<std::vector<double>> sample_future(const Problem& p, uint64_t index) {
  return detail::arrivals(p, detail::draw_future(p, index));
}

}  // namespace opticplan::source
