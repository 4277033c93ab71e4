// Writing a supply Model back as a scenario (the YAML `supply:` section docs/supply-format.md
// describes), so that generated problems can be saved, read back and planned by the CLI.
// Reading the text with read_supply() gives the same model (tests/unit/plan_test.cpp checks it).
#pragma once

#include <string>

#include "opticplan/supply/model.h"

namespace opticplan::supply {

std::string write_supply_yaml(const Model& m);

}  // namespace opticplan::supply
