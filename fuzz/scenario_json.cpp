// Fuzz target: the scenario loader fed JSON (nlohmann::json's strict syntax check first, then the
// same tree and readers as YAML). Seeds: the JSON inputs of tests/cases and every YAML seed
// converted by yaml_to_json.cpp. See scenario_target.h.
#include "scenario_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return opticplan::fuzz::load_scenario_text(data, size, "scenario.json");
}
