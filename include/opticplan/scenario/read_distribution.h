// Reading a distribution (market/distribution.h) from a scenario value: a number (fixed) or a
// mapping naming its family, {normal: {mean, sd}}, {lognormal: {median, sigma}},
// {triangular: {min, mode, max}}, {uniform: {min, max}} or {discrete: [{value, p}, ...]}.
// Parameters that describe no distribution are located errors.
#pragma once

#include <optional>
#include <string>

#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"
#include "opticplan/market/distribution.h"

namespace opticplan::market {

std::optional<Distribution> read_distribution(const Node& n, const std::string& path, Diagnostics& diag);

}  // namespace opticplan::market
