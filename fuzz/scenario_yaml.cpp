// Fuzz target: the scenario loader fed YAML (document.cpp's own node tree over yaml-cpp events,
// includes, and every section reader). Seeds: data/scenarios, data/catalog and the YAML inputs of
// tests/cases. See scenario_target.h.
#include "scenario_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return opticplan::fuzz::load_scenario_text(data, size, "scenario.yaml");
}
