// `opticplan run FILE`: everything the scenario asks for (selections, link checks, cluster, plan).
#include <iostream>
#include <memory>

#include "../commands.h"
#include "opticplan/run/run.h"

namespace opticplan::app {
namespace {

int run_file(const std::string& file, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  Scenario sc = load(file, flags, diag);
  if (int rc = report_problems(diag)) return rc;
  // All or nothing: a cluster that cannot be built prints "error: cluster: MESSAGE" and nothing of
  // the sections before it.
  auto all = run::run_scenario(sc);
  if (!all) return report_error(all.status(), true);
  // The text comes before the reports (it is printed unless --json); the JSON is built when
  // printed or reported.
  if (!out.json) std::cout << all->text();
  const Once json([&] { return all->json(); });
  if (int rc = out.write_reports(std::ref(json))) return rc;
  if (out.json) print_json(json());
  return kExitOk;
}

}  // namespace

void add_run(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("run", "Run everything a scenario file asks for");
  auto file = std::make_shared<std::string>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  cmd->add_option("scenario", *file, "Scenario file (YAML or JSON)")->required()->type_name("FILE");
  flags->add(cmd);
  out->add_flags(cmd, false);
  out->add_report_flags(cmd);
  cmd->callback([&chosen, file, flags, out] { chosen = [file, flags, out] { return run_file(*file, *flags, *out); }; });
}

}  // namespace opticplan::app
