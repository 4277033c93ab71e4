// The CLI's subcommands: each registers its flags on a CLI11 app and, when chosen, runs.
//
// One file per command under src/app/commands/, each parse -> load -> run:: (run/run.h) -> write,
// with what they share in cli_support.h; `serve` and `token` are in serve_commands.h.
#pragma once

#include <CLI/CLI.hpp>

#include "cli_support.h"

namespace opticplan::app {

// Each registers one command on `app`; its callback sets `chosen` to what the command runs.
void add_validate(CLI::App& app, Chosen& chosen);
void add_catalog(CLI::App& app, Chosen& chosen);
void add_select(CLI::App& app, Chosen& chosen);
void add_link(CLI::App& app, Chosen& chosen);
void add_fabric(CLI::App& app, Chosen& chosen);
void add_plan(CLI::App& app, Chosen& chosen);
void add_compare(CLI::App& app, Chosen& chosen);
void add_market(CLI::App& app, Chosen& chosen);
void add_source(CLI::App& app, Chosen& chosen);
void add_gen(CLI::App& app, Chosen& chosen);
void add_quote(CLI::App& app, Chosen& chosen);
void add_run(CLI::App& app, Chosen& chosen);
void add_report(CLI::App& app, Chosen& chosen);

class Commands {
 public:
  void add_to(CLI::App& app);
  int run();

 private:
  Chosen chosen_;
};

}  // namespace opticplan::app
