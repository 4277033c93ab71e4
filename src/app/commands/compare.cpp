// `opticplan compare BASE WHATIF`: both planned, and what moved between them.
#include <memory>

#include "../commands.h"
#include "opticplan/run/run.h"

namespace opticplan::app {
namespace {

int compare(const std::vector<std::string>& files, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  Scenario base = load(files[0], flags, diag);
  Scenario what_if = load(files[1], flags, diag);
  if (int rc = report_problems(diag)) return rc;
  auto compared = run::compare(base, what_if);
  // The run does not say which of the two lacks a supply: section; the base is checked first.
  if (!compared) return report_failure(base.supply ? files[1] : files[0], compared.status());
  return write_run(out, *compared);
}

}  // namespace

void add_compare(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("compare", "Plan a base scenario and a what-if and show what changed");
  auto files = std::make_shared<std::vector<std::string>>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  cmd->add_option("scenarios", *files,
                  "BASE and WHAT-IF scenario files (a what-if may include the base and override it)")
      ->required()
      ->expected(2)
      ->type_name("FILE");
  flags->add(cmd);
  out->add_flags(cmd, false);
  out->add_report_flags(cmd);
  cmd->callback(
      [&chosen, files, flags, out] { chosen = [files, flags, out] { return compare(*files, *flags, *out); }; });
}

}  // namespace opticplan::app
