// Reports people read: one self-contained HTML file with charts, and the same tables as XLSX or CSV.
//
// Data flows one way: the JSON a command writes with --json (opticplan.fabric, .fabric-compare,
// .link, .plan, .market, .market-compare, .select, .quote, .compare, or .run holding several of
// them; each ending with its scenario_inputs and sources, report/provenance.h) -> build_report() -> a ReportModel
// (sections, each with an ECharts option and a typed table) -> html_report() / write_xlsx() /
// write_csv_dir(). The kind is detected from the `schema` (or `kind`) field, else from the keys.
// Keys that a kind does not know are skipped, except top-level arrays of flat objects, which become
// tables, so results that gain keys still render. The HTML inlines the charting library (Apache
// ECharts, pinned in web/report/package-lock.json and embedded into the binary at build time) and
// fetches nothing; the same model gives byte-identical files (no timestamps).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "opticplan/core/diagnostics.h"
#include "opticplan/core/result.h"

namespace opticplan::report {

// A table with typed cells: each cell is a JSON number, string, bool or null, so that the XLSX
// writer can keep numbers as numbers.
// A column named `period` (an ISO week, quarter or day label) is followed by `period_start`, its
// first day as "YYYY-MM-DD", which the XLSX writer stores as a date.
struct ReportTable {
  std::string name;  // unique within a report; the sheet and CSV file name
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::ordered_json>> rows;
  std::vector<bool> date_columns;  // per column: holds "YYYY-MM-DD" dates (or null)
};

struct ReportSection {
  std::string title;
  std::string note;                // one sentence: what the chart shows
  nlohmann::ordered_json chart;    // an ECharts option, or null for a table-only section
  int series = 0;                  // series the chart draws (checked by the browser test)
  int height = 0;                  // chart height in pixels; 0: the default
  std::vector<size_t> tables;      // indices into ReportModel::tables, shown under the chart
};

struct ReportModel {
  std::string kind;   // fabric, fabric-compare, link, plan, market, market-compare, run, select, quote, compare
  std::string title;
  std::string subtitle;
  std::vector<ReportSection> sections;
  std::vector<ReportTable> tables;
};

// Reads a result; fails (with a message naming the key) on an unknown kind or a malformed result.
Result<ReportModel> build_report(const nlohmann::ordered_json& result);

// The self-contained HTML page.
std::string html_report(const ReportModel& model);

// One CSV file per table (name.csv) in `dir`, created if missing. Returns an error message or "".
std::string write_csv_dir(const ReportModel& model, const std::string& dir);

// One sheet per table: numbers as numbers, a bold frozen header row. Returns an error message or "".
std::string write_xlsx(const ReportModel& model, const std::string& path);

// A --json result read from a file. Not JSON (or not readable) is reported with file:line:column.
struct ResultFile {
  nlohmann::ordered_json json;
  Location kind_at;  // where the "schema" (or "kind") key is, for messages about the kind; else 1:1
};
std::optional<ResultFile> read_result_json(const std::string& path, Diagnostics& diag);

// Writes whichever outputs are non-empty paths; used by `opticplan report` and every command's
// --report/--xlsx/--csv-dir. Returns an error message or "".
struct ReportOutputs {
  std::string html, xlsx, csv_dir;
  bool any() const { return !html.empty() || !xlsx.empty() || !csv_dir.empty(); }
};
std::string write_report_outputs(const nlohmann::ordered_json& result, const ReportOutputs& out);

}  // namespace opticplan::report
