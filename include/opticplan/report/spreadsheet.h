// The report's tables as spreadsheets: one XLSX sheet or one CSV file per table of a ReportModel
// (report_model.h), in page order, named like the table.
//
// Cells keep their JSON type: numbers stay numbers (never text), booleans booleans, null an empty cell, and a
// `period_start` column holds dates. CSV holds the same cells, numbers as JSON writes them. The same model gives
// the same bytes (the workbook's creation time is fixed). Both return a status; an error names the
// path that could not be written (Code::kBadInput: the path given is not writable).
// Thread safety: no shared state; concurrent calls are safe when they write different paths.
#pragma once

#include <string>

#include "opticplan/core/result.h"
#include "opticplan/report/report_model.h"

namespace opticplan::report {

// One CSV file per table (name.csv) in `dir`, created if missing.
Result<void> write_csv_dir(const ReportModel& model, const std::string& dir);

// One sheet per table: numbers as numbers, a bold frozen header row.
Result<void> write_xlsx(const ReportModel& model, const std::string& path);

}  // namespace opticplan::report
