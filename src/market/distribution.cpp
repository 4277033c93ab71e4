#include "opticplan/market/distribution.h"

#include <algorithm>
#include <cmath>

#include "opticplan/core/units.h"
#include "opticplan/scenario/reader.h"

namespace opticplan::market {

double normal_quantile(double p) {
  // Acklam's rational approximation (relative error 1.2e-9), then one Halley step on erfc, which
  // brings it to double precision.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  p = std::clamp(p, 1e-300, 1 - 1e-16);
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * 3.14159265358979323846) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double Distribution::quantile(double p) const {
  switch (kind) {
    case Kind::kFixed: return a;
    case Kind::kNormal: return a + b * normal_quantile(p);
    case Kind::kLognormal: return a * std::exp(b * normal_quantile(p));
    case Kind::kUniform: return a + (b - a) * p;
    case Kind::kTriangular: {
      if (c <= a) return a;
      const double f = (b - a) / (c - a);
      return p < f ? a + std::sqrt(p * (c - a) * (b - a)) : c - std::sqrt((1 - p) * (c - a) * (c - b));
    }
    case Kind::kDiscrete:
      for (const auto& [v, cum] : points)
        if (p < cum) return v;
      return points.back().first;
  }
  return a;
}

double Distribution::min_value() const {
  switch (kind) {
    case Kind::kNormal: return a - 4 * b;
    case Kind::kLognormal: return 0;
    case Kind::kDiscrete: {
      double m = points.front().first;
      for (const auto& pt : points) m = std::min(m, pt.first);
      return m;
    }
    default: return a;
  }
}

std::string Distribution::describe() const {
  const auto n = [](double v) { return format_number(v, 6); };
  switch (kind) {
    case Kind::kFixed: return n(a);
    case Kind::kNormal: return "normal(" + n(a) + ", " + n(b) + ")";
    case Kind::kLognormal: return "lognormal(" + n(a) + ", " + n(b) + ")";
    case Kind::kTriangular: return "triangular(" + n(a) + ", " + n(b) + ", " + n(c) + ")";
    case Kind::kUniform: return "uniform(" + n(a) + ", " + n(b) + ")";
    case Kind::kDiscrete: {
      std::string s = "discrete(";
      double prev = 0;
      for (size_t i = 0; i < points.size(); ++i) {
        s += (i ? ", " : "") + n(points[i].first) + " p " + n(points[i].second - prev);
        prev = points[i].second;
      }
      return s + ")";
    }
  }
  return {};
}

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
             "{triangular: {min, mode, max}}, {uniform: {min, max}} or {discrete: [{value, p}, ...]}; got " + n.describe());
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
    if (std::abs(cum - 1) > 1e-9) return fail("the probabilities p add up to " + format_number(cum, 6) + "; expected 1");
    d.points.back().second = 1;
    return d;
  }
  if (std::find(kinds.begin(), kinds.end(), m.key) == kinds.end()) {
    error_at(diag, n, p, "unknown distribution \"" + m.key + "\"" + did_you_mean(m.key, kinds) +
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
    if (!(*lo < *hi)) return fail("expected min < max, got min " + format_number(*lo, 6) + ", max " + format_number(*hi, 6));
    d.a = *lo, d.b = *hi;
  }
  return d;
}

}  // namespace opticplan::market
