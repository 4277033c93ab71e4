#include "cli_support.h"

#include <spdlog/spdlog.h>

#include "opticplan/catalog/lint.h"
#ifdef OPTICPLAN_HAVE_HTML_REPORT
#include "opticplan/report/outputs.h"
#endif

namespace opticplan::app {

void Output::add_flags(CLI::App* cmd, bool csv_allowed) {
  auto* j = cmd->add_flag("--json", json, "Write JSON (stable schema, see docs/json-schemas.md)");
  if (csv_allowed) cmd->add_flag("--csv", csv, "Write CSV rows")->excludes(j);
}

// Built without reports (OPTICPLAN_HTML_REPORT=OFF), the commands have no report flags at all.
void Output::add_report_flags([[maybe_unused]] CLI::App* cmd) {
#ifdef OPTICPLAN_HAVE_HTML_REPORT
  cmd->add_option("--report", report, "Also write a self-contained HTML report with charts (docs/reports.md)")
      ->type_name("FILE");
  cmd->add_option("--xlsx", xlsx, "Also write the report's tables as an XLSX workbook")->type_name("FILE");
  cmd->add_option("--csv-dir", csv_dir, "Also write the report's tables as CSV files into this directory")
      ->type_name("DIR");
#endif
}

int Output::write_reports([[maybe_unused]] const std::function<nlohmann::ordered_json()>& make) const {
#ifndef OPTICPLAN_HAVE_HTML_REPORT
  return kExitOk;
#else
  const report::ReportOutputs outs{report, xlsx, csv_dir};
  if (!outs.any()) return kExitOk;
  if (const auto r = report::write_report_outputs(make(), outs); !r) {
    std::cerr << "error: " << r.error() << "\n";
    return exit_code(r.code());
  }
  return kExitOk;
#endif
}

void CatalogFlags::add(CLI::App* cmd) {
  cmd->add_option("--catalog", files, "Extra catalog file(s) that add or override entries (repeatable)")
      ->type_name("FILE");
  cmd->add_flag("--no-shipped-catalog", no_shipped, "Do not load the shipped catalog (data/catalog)");
}

Scenario load(const std::string& path, const CatalogFlags& flags, Diagnostics& diag) {
  Scenario sc = load_scenario(path, flags.options(), diag);
  if (diag.ok()) catalog::lint_catalog(sc.catalog, diag);
  std::cerr << diag.warnings_str();  // valid input the user likely did not mean: said, then planned
  spdlog::debug("loaded {} files: {} catalog entries", sc.files.size(), sc.catalog.entry_count());
  return sc;
}

int report_problems(const Diagnostics& diag) {
  if (diag.ok()) return kExitOk;
  std::cerr << diag.str();
  std::cerr << diag.size() << (diag.size() == 1 ? " problem" : " problems") << " found\n";
  return kExitBadInput;
}

void add_missing_section(Diagnostics& diag, const std::string& file, const Error& e, std::string_view subject) {
  diag.error(Location{file, 0, 0}, e.field, std::string(subject) + " " + e.message);
}

int report_error(const Error& e, bool with_field) {
  std::cerr << "error: " << (with_field && !e.field.empty() ? e.field + ": " : "") << e.message << "\n";
  return exit_code(e.code);
}

int report_failure(const std::string& file, const Error& e) {
  if (e.field.empty()) return report_error(e);
  Diagnostics diag;
  add_missing_section(diag, file, e);
  return report_problems(diag);
}

void print_json(const nlohmann::ordered_json& j) { std::cout << j.dump(2) << "\n"; }

}  // namespace opticplan::app
