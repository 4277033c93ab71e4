// The report model: what a report shows, whatever file it is written to.
//
// Data flows one way: the JSON a command writes with --json (opticplan.fabric, .fabric-compare, .link, .plan,
// .market, .market-compare, .select, .quote, .compare, or .run holding several of them; each ending with its
// scenario_inputs and sources, results/provenance.h) -> build_report() -> a ReportModel (sections, each with an
// ECharts option and typed tables), which the writers only write: html.h (one self-contained page) and
// spreadsheet.h (XLSX, CSV); outputs.h reads a result file and writes all three. The kind is detected from the
// `schema` (or `kind`) field, else from the keys. Keys that a kind does not know are skipped, except top-level
// arrays of flat objects, which become tables, so results that gain keys still render. The model holds no
// timestamps or random ids: the same result gives the same model, and so the same bytes from every writer.
// Thread safety: build_report is a pure function of its argument; call it from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's own noexcept members, not this type's
struct ReportSection {
  std::string title;
  std::string note;              // one sentence: what the chart shows
  nlohmann::ordered_json chart;  // an ECharts option, or null for a table-only section
  int series = 0;                // series the chart draws (checked by the browser test)
  int height = 0;                // chart height in pixels; 0: the default
  std::vector<size_t> tables;    // indices into ReportModel::tables, shown under the chart
};

// One of the (at most three) figures a report opens with: the number, and in words what it is.
struct Headline {
  std::string figure;  // e.g. "$26.2B", "54.3%", "2026-W27"
  std::string words;   // e.g. "market value in 2026 (P50; P10–P90 $24.9B–$27.5B)"
};

struct ReportModel {
  std::string kind;  // fabric, fabric-compare, link, plan, market, market-compare, run, select, quote, compare, source
  std::string title;
  std::string subtitle;
  std::vector<Headline> headline;  // the figures that matter most, shown first (HTML)
  std::vector<ReportSection> sections;
  std::vector<ReportTable> tables;
};

// Reads a result; fails (with a message naming the key) on an unknown kind or a malformed result.
Result<ReportModel> build_report(const nlohmann::ordered_json& result);

}  // namespace opticplan::report
