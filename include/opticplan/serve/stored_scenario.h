// Stored scenarios: a scenario's text as the API received it, loaded like a file but confined.
//
// A stored scenario has no folder, and it is read through ShippedOnly (doc/files.h): every file it
// names, by include:, orders_csv:, orders_xlsx: or any key a reader adds later, must be a shipped
// file (data/...), so an API user can never make the server read its own files; anything else is
// refused with a located message naming the path and why. Its text is read as if it were a file
// in data/scenarios/: a relative path resolves beside it there (then, for includes, in data/), so
// a shipped scenario stored by its text reads the files beside it as the CLI does. Messages name
// the document "<id>.yaml" (or .json), so problems are located as the CLI locates them:
// file:line:column, field, what was expected.
#pragma once

#include <string>
#include <vector>

#include "opticplan/scenario/scenario.h"

namespace opticplan::serve {

Scenario load_stored_scenario(const std::string& id, const std::string& format, const std::string& text,
                              Diagnostics& diag);

// The runs a scenario can start: fabric (cluster:), link (links: or dci:), plan (supply:),
// market (market:), source (sourcing:).
std::vector<std::string> run_kinds(const Scenario& sc);

// The top-level sections present, in the order scenario_sections() lists them.
std::vector<std::string> present_sections(const Scenario& sc);

// Hands the heap's free pages back to the system (glibc's malloc_trim; nothing elsewhere). Loading
// a 100,000-order scenario, or running it, frees a few hundred MB into the malloc arena of the
// thread that did it, which glibc keeps for that thread: without this, a store on an HTTP thread
// and a run on a worker each keep their own, and the server's RSS is their sum.
void return_free_memory();
// Declared first in a handler that loads a scenario, so that it runs once the scenario is freed.
struct ReturnFreeMemory {
  ReturnFreeMemory() = default;
  ReturnFreeMemory(const ReturnFreeMemory&) = delete;
  ReturnFreeMemory& operator=(const ReturnFreeMemory&) = delete;
  ~ReturnFreeMemory() { return_free_memory(); }
};

}  // namespace opticplan::serve
