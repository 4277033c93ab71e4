// `opticplan report RESULTS.json`: the HTML report (and XLSX, CSV tables) of a command's --json.
#include <memory>

#include "../commands.h"
#include "opticplan/report/outputs.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string file, html, xlsx, csv_dir;
};

int write_report(const Flags& f) {
  Diagnostics diag;
  const report::ReportOutputs outs{f.html, f.xlsx, f.csv_dir};
  if (!outs.any()) {
    diag.error(Location{"command line", 0, 0}, "-o", "missing: give -o FILE.html, --xlsx FILE or --csv DIR");
    return report_problems(diag);
  }
  auto result = report::read_result_json(f.file, diag);
  if (int rc = report_problems(diag)) return rc;
  if (const auto r = report::write_report_outputs(result->json, outs); !r) {
    diag.error(result->kind_at, "", r.error());
    return report_problems(diag);
  }
  return kExitOk;
}

}  // namespace

void add_report(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand(
      "report", "Make an HTML report with charts (and XLSX/CSV tables) from a command's --json output");
  auto f = std::make_shared<Flags>();
  cmd->add_option("results", f->file,
                  "JSON written by fabric, fabric compare, link check, plan, market or run with --json")
      ->required()
      ->type_name("FILE");
  cmd->add_option("-o,--output", f->html, "The HTML report to write")->type_name("FILE");
  cmd->add_option("--xlsx", f->xlsx, "Also write the report's tables as an XLSX workbook (a sheet per table)")
      ->type_name("FILE");
  cmd->add_option("--csv,--csv-dir", f->csv_dir, "Also write the report's tables as CSV files into this directory")
      ->type_name("DIR");
  cmd->callback([&chosen, f] { chosen = [f] { return write_report(*f); }; });
}

}  // namespace opticplan::app
