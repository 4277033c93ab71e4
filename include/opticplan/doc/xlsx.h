// XLSX worksheets as document nodes, so that a buyer's spreadsheet export is read by the same
// readers (and fails with the same located messages) as YAML entries and CSV rows.
//
// parse_xlsx() opens the workbook's bytes (read through a FileSource, doc/files.h) with libzip and its XML parts with
// pugixml: the named sheet (or the first), its shared strings and its cell styles. The first row names the columns;
// every other row becomes a mapping from column name to cell, located at the file, the sheet row and the column (1 =
// A). Empty cells are absent fields. Cells become text as a person reads them: numbers in their shortest exact form
// ("50000", not "50000.0"), cells formatted as dates as ISO dates
// ("2026-03-31", from the 1900 date system), booleans as true/false, strings as they are.
#pragma once

#include <string>
#include <string_view>

#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"

namespace opticplan {

// A sequence node of row mappings, or a null node (with the problem reported) when the bytes are
// not an XLSX workbook or it has no such sheet. `display` names the file in locations.
Node parse_xlsx(std::string_view bytes, const std::string& display, const std::string& sheet, Diagnostics& diag);

}  // namespace opticplan
