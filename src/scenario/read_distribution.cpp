#include "opticplan/scenario/read_distribution.h"

#include <algorithm>
#include <cmath>

#include "opticplan/core/units.h"
#include "opticplan/doc/reader.h"

namespace opticplan::market {

std::optional<Distribution> read_distribution(const Node& n, const std::string& path, Diagnostics& diag) {
  Distribution d;
  if (n.is_scalar()) {
    auto v = read_number(n, path, diag, -1e18, 1e18);
    if (!v) return std::nullopt;
    d.a = *v;
    return d;
  }
  static const std::vector<std::string> kinds = {"normal", "lognormal", "triangular", "uniform", "discrete"};
  if (!n.is_mapping() || n.members.size() != 1) {
    error_at(diag, n, path,
             "expected a number or a distribution: {normal: {mean, sd}}, {lognormal: {median, sigma}}, "
             "{triangular: {min, mode, max}}, {uniform: {min, max}} or {discrete: [{value, p}, ...]}; got " +
                 n.describe());
    return std::nullopt;
  }
  const Member& m = n.members.front();
  const std::string p = path + "." + m.key;
  const size_t before = diag.size();
  const auto fail = [&](const std::string& message) {
    error_at(diag, m.value, p, message);
    return std::nullopt;
  };
  if (m.key == "discrete") {
    d.kind = Distribution::Kind::kDiscrete;
    double cum = 0;
    for_each_item(m.value, p, diag, [&](const Node& item, const std::string& ip) {
      MapReader r(item, ip, diag);
      auto v = r.number("value", true, -1e18, 1e18);
      auto pr = r.number("p", true, 0, 1);
      r.finish();
      if (v && pr) d.points.emplace_back(*v, cum += *pr);
    });
    if (diag.size() != before) return std::nullopt;
    if (d.points.empty()) return fail("a discrete distribution needs at least one {value, p}");
    if (std::abs(cum - 1) > 1e-9)
      return fail("the probabilities p add up to " + format_number(cum, 6) + "; expected 1");
    d.points.back().second = 1;
    return d;
  }
  if (std::find(kinds.begin(), kinds.end(), m.key) == kinds.end()) {
    error_at(diag, n, p,
             "unknown distribution \"" + m.key + "\"" + did_you_mean(m.key, kinds) +
                 "; expected normal, lognormal, triangular, uniform or discrete");
    return std::nullopt;
  }
  MapReader r(m.value, p, diag);
  if (m.key == "normal") {
    d.kind = Distribution::Kind::kNormal;
    auto mean = r.number("mean", true, -1e18, 1e18);
    auto sd = r.number("sd", true, 0, 1e18);
    r.finish();
    if (!mean || !sd) return std::nullopt;
    d.a = *mean, d.b = *sd;
  } else if (m.key == "lognormal") {
    d.kind = Distribution::Kind::kLognormal;
    auto median = r.number("median", true, 0, 1e18);
    auto sigma = r.number("sigma", true, 0, 5);
    r.finish();
    if (!median || !sigma) return std::nullopt;
    if (*median <= 0) return fail("a lognormal's median must be above 0, got " + format_number(*median, 6));
    d.a = *median, d.b = *sigma;
  } else if (m.key == "triangular") {
    d.kind = Distribution::Kind::kTriangular;
    auto lo = r.number("min", true, -1e18, 1e18);
    auto mode = r.number("mode", true, -1e18, 1e18);
    auto hi = r.number("max", true, -1e18, 1e18);
    r.finish();
    if (!lo || !mode || !hi) return std::nullopt;
    if (!(*lo <= *mode && *mode <= *hi && *lo < *hi))
      return fail("expected min <= mode <= max and min < max, got min " + format_number(*lo, 6) + ", mode " +
                  format_number(*mode, 6) + ", max " + format_number(*hi, 6));
    d.a = *lo, d.b = *mode, d.c = *hi;
  } else {  // uniform
    d.kind = Distribution::Kind::kUniform;
    auto lo = r.number("min", true, -1e18, 1e18);
    auto hi = r.number("max", true, -1e18, 1e18);
    r.finish();
    if (!lo || !hi) return std::nullopt;
    if (!(*lo < *hi))
      return fail("expected min < max, got min " + format_number(*lo, 6) + ", max " + format_number(*hi, 6));
    d.a = *lo, d.b = *hi;
  }
  return d;
}

}  // namespace opticplan::market
