// CSV tables as document nodes, so that rows are read by the same readers (and fail with the same
// located messages) as YAML entries.
//
// load_csv() parses an RFC 4180 file with libcsv: the first row names the columns, every other
// row becomes a mapping from column name to cell, located at its file and line (column 0: the
// field is named by the path instead). Empty cells are absent fields; cells are read as the YAML
// reader reads plain scalars (so "12" is a number, and an id is text).
#pragma once

#include <string>

#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"

namespace opticplan {

// A sequence node of row mappings, or a null node (with the problem reported) when the file cannot
// be read or parsed.
Node load_csv(const std::string& path, const std::string& display, Diagnostics& diag);

}  // namespace opticplan
