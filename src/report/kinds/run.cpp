// Report sections for a scenario run (opticplan.run): each result the scenario asked for, with the
// sections of its own kind, one after the other (selections, links, fabric, plan, market); tables
// and titles are prefixed so that names stay unique. The run's inputs and sources follow once.
#include <string>

#include "kinds.h"

namespace opticplan::report::detail {

void run_sections(Builder& b, const J& r) {
  int n = 0;
  for (const auto& sel : at(r, "selections")) {
    const std::string name = text(at(at(sel, "requirement"), "name"));
    ++n;
    b.set_prefix("select" + std::to_string(n) + "_", "Select " + (name.empty() ? std::to_string(n) : name) + ": ");
    select_sections(b, sel);
  }
  if (at(r, "links").is_object()) {
    b.set_prefix("link_", "Links: ");
    link_sections(b, at(r, "links"));
  }
  if (at(r, "fabric").is_object()) {
    b.set_prefix("fabric_", "Fabric: ");
    fabric_sections(b, at(r, "fabric"));
  }
  if (at(r, "plan").is_object()) {
    b.set_prefix("plan_", "Plan: ");
    plan_sections(b, at(r, "plan"));
  }
  if (at(r, "market").is_object()) {
    b.set_prefix("market_", "Market: ");
    market_sections(b, at(r, "market"));
  }
  b.set_prefix("", "");
  if (b.section_count() == 0)
    throw NothingToReport{"the run result holds no selections, links, fabric, plan or market to report"};
}

}  // namespace opticplan::report::detail
