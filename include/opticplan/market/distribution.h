// Distribution: an uncertain input of a market scenario, drawn once per Monte Carlo run.
//
// A distribution is written in YAML as a number (fixed) or as a mapping with one key naming its
// family: {normal: {mean, sd}}, {lognormal: {median, sigma}}, {triangular: {min, mode, max}},
// {uniform: {min, max}} or {discrete: [{value, p}, ...]} (probabilities adding up to 1).
// Parameters that describe no distribution (a negative sd, min above max, probabilities that do not
// add up to 1) are located errors.
//
// Draws are by inversion: sample(u) = quantile(u) for u uniform in (0, 1). The same u gives the same
// value on every platform (the normal quantile is computed here, not by the standard library's
// distributions, whose algorithms differ between implementations), and quantile(0.1) and
// quantile(0.9) are the low and high ends of a tornado bar.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "opticplan/core/diagnostics.h"

namespace opticplan::market {

struct Distribution {
  enum class Kind : unsigned char { kFixed, kNormal, kLognormal, kTriangular, kUniform, kDiscrete };
  Kind kind = Kind::kFixed;
  // fixed: a; normal: mean a, sd b; lognormal: median a, sigma b; triangular: min a, mode b,
  // max c; uniform: min a, max b.
  double a = 1, b = 0, c = 0;
  std::vector<std::pair<double, double>> points;  // discrete: (value, cumulative probability)

  double quantile(double p) const;  // p in (0, 1)
  double median() const { return quantile(0.5); }
  double min_value() const;      // the lowest value it can take (normal: mean - 4 sd)
  std::string describe() const;  // "triangular(0.25, 0.34, 0.45)"
};

// The standard normal quantile (inverse CDF), to double precision.
double normal_quantile(double p);

}  // namespace opticplan::market
