// Report files from a result: what `opticplan report` and every command's --report/--xlsx/--csv-dir do.
//
// read_result_json reads a saved --json result and locates what is wrong with it (file:line:column);
// write_report_outputs builds the model once (report_model.h) and writes whichever of the HTML page (html.h), the
// workbook and the CSV files (spreadsheet.h) is asked for. Reports read nothing but that JSON.
// Thread safety: no shared state; concurrent calls are safe when they read and write different paths.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "opticplan/core/diagnostics.h"
#include "opticplan/core/result.h"

namespace opticplan::report {

// A --json result read from a file. Not JSON (or not readable) is reported with file:line:column.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's own noexcept members, not this type's
struct ResultFile {
  nlohmann::ordered_json json;
  Location kind_at;  // where the "schema" (or "kind") key is, for messages about the kind; else 1:1
};
std::optional<ResultFile> read_result_json(const std::string& path, Diagnostics& diag);

// Writes whichever outputs are non-empty paths; used by `opticplan report` and every command's
// --report/--xlsx/--csv-dir. An error names the output that failed.
struct ReportOutputs {
  std::string html, xlsx, csv_dir;
  bool any() const { return !html.empty() || !xlsx.empty() || !csv_dir.empty(); }
};
Result<void> write_report_outputs(const nlohmann::ordered_json& result, const ReportOutputs& out);

}  // namespace opticplan::report
