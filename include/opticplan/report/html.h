// The HTML report: one self-contained page with charts and tables, written from a ReportModel (report_model.h).
//
// The page inlines its style, the chart options (JSON), the charting library (Apache ECharts, pinned in
// web/report/package-lock.json and embedded into the binary at build time) and web/report/report.js, which draws
// them; a Content-Security-Policy meta tag forbids every fetch, so the file needs no network. Each table shows its
// first 400 rows (the spreadsheets, spreadsheet.h, hold them all). The same model gives the same bytes.
// Thread safety: html_report is a pure function of its argument; call it from any thread.
#pragma once

#include <string>

#include "opticplan/report/report_model.h"

namespace opticplan::report {

// The self-contained HTML page.
std::string html_report(const ReportModel& model);

}  // namespace opticplan::report
