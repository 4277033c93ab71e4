// Writers for a sourcing decision (source/sourcing.h): text for a terminal, CSV of the
// recommended reservations, and JSON with the stable schema "opticplan.source" version 1
// (docs/json-schemas.md). Money is rounded to cents, probabilities to 4 decimals, units to whole.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/source/sourcing.h"

namespace opticplan::results {

std::string source_text(const source::Problem& p, const source::Sourcing& s);
std::string source_csv(const source::Problem& p, const source::Sourcing& s);
nlohmann::ordered_json source_json(const source::Problem& p, const source::Sourcing& s);

}  // namespace opticplan::results
