#include "opticplan/serve/stored_scenario.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <filesystem>

#include "opticplan/doc/files.h"

namespace opticplan::serve {

Scenario load_stored_scenario(const std::string& id, const std::string& format, const std::string& text,
                              Diagnostics& diag) {
  const ShippedOnly shipped(data_dir());  // (a few stat calls: nothing beside a load)
  LoadOptions options;
  options.shipped_catalog = true;  // as the CLI does: the shipped catalog, then the scenario
  options.files = &shipped;
  // As if it were a shipped scenario: what a file in data/scenarios/ names beside itself (a
  // sourcing history's CSV files) resolves the same when its text is stored.
  options.text_folder = (std::filesystem::path(data_dir()) / "scenarios").string();
  return load_scenario_text(text, id + (format == "json" ? ".json" : ".yaml"), options, diag);
}

std::vector<std::string> run_kinds(const Scenario& sc) {
  std::vector<std::string> k;
  if (!sc.clusters.empty()) k.push_back("fabric");
  if (!sc.links.empty() || !sc.dci.empty()) k.push_back("link");
  if (sc.supply) k.push_back("plan");
  if (sc.market) k.push_back("market");
  if (sc.sourcing) k.push_back("source");
  return k;
}

std::vector<std::string> present_sections(const Scenario& sc) {
  std::vector<std::string> s;
  if (!sc.selections.empty()) s.push_back("select");
  if (!sc.links.empty()) s.push_back("links");
  if (!sc.dci.empty()) s.push_back("dci");
  if (!sc.clusters.empty()) s.push_back("cluster");
  if (!sc.variants.empty()) s.push_back("variants");
  if (sc.supply) s.push_back("supply");
  if (sc.market) s.push_back("market");
  if (sc.sourcing) s.push_back("sourcing");
  return s;
}

void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace opticplan::serve
