#include "opticplan/market/distribution.h"

#include <algorithm>
#include <cmath>

#include "opticplan/core/units.h"

namespace opticplan::market {

double normal_quantile(double p) {
  // Acklam's rational approximation (relative error 1.2e-9), then one Halley step on erfc, which
  // brings it to double precision.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  p = std::clamp(p, 1e-300, 1 - 1e-16);
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
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

}  // namespace opticplan::market
