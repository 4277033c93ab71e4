#include "commands.h"

#ifdef OPTICPLAN_HAVE_SERVE
#include "serve_commands.h"
#endif

namespace opticplan::app {

// The order here is the order of `opticplan --help` and of the unknown-command hint.
void Commands::add_to(CLI::App& app) {
  add_validate(app, chosen_);
  add_catalog(app, chosen_);
  add_select(app, chosen_);
  add_link(app, chosen_);
  add_fabric(app, chosen_);
  add_plan(app, chosen_);
  add_compare(app, chosen_);
  add_market(app, chosen_);
  add_source(app, chosen_);
  add_gen(app, chosen_);
  add_quote(app, chosen_);
  add_run(app, chosen_);
#ifdef OPTICPLAN_HAVE_HTML_REPORT
  add_report(app, chosen_);
#endif
#ifdef OPTICPLAN_HAVE_SERVE
  add_serve_commands(app, chosen_);
#endif
}

int Commands::run() { return chosen_ ? chosen_() : kExitBadInput; }

}  // namespace opticplan::app
