// Transitional: the report's public header is split by concept into report_model.h (ReportModel,
// build_report), html.h (html_report), spreadsheet.h (write_xlsx, write_csv_dir) and outputs.h
// (read_result_json, write_report_outputs). Include those; this header goes once no file includes it.
#pragma once

#include "opticplan/report/html.h"
#include "opticplan/report/outputs.h"
#include "opticplan/report/report_model.h"
#include "opticplan/report/spreadsheet.h"
